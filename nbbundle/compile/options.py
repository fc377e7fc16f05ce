"""How a module is compiled: the mode and defines, the JSX runtime and React Fast Refresh, and
the options of ``tsconfig.json`` that change the output (``resolve/tsconfig.py`` reads them).

The mode (``development`` in a notebook and ``build``, ``production`` for ``export``) decides
what ``process.env.NODE_ENV`` and ``import.meta.env`` say, as Vite and esbuild define them, and
whether branches behind constant conditions are removed (production). ``defines`` are esbuild's
``--define``: a global name or dotted path replaced by a JSON value or another name.

Options come from the host (``%%module app.tsx --jsx classic``, or the environment turning on
Fast Refresh when ``react-refresh`` is installed), and pragma comments in the module override
them, as in TypeScript, Babel and esbuild (``/** @jsxImportSource preact */``, ``/** @jsx h */``).
Frozen and hashable: they are part of the transform cache's key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

JsxRuntime = Literal["automatic", "classic"]
Mode = Literal["development", "production"]
MODES = ("development", "production")


@dataclass(frozen=True, slots=True)
class JsxOptions:
    """esbuild's ``--jsx``, ``--jsx-import-source``, ``--jsx-factory`` and ``--jsx-fragment``."""

    runtime: JsxRuntime = "automatic"
    """``automatic``: calls ``jsx``/``jsxs`` of ``<import_source>/jsx-runtime``; ``classic``:
    calls ``factory`` (``React.createElement``), which must be in scope."""
    import_source: str = "react"
    factory: str = "React.createElement"
    fragment: str = "React.Fragment"


@dataclass(frozen=True, slots=True)
class CompileOptions:
    """Per-module options of the TypeScript and JSX pre-pass."""

    jsx: JsxOptions = field(default_factory=JsxOptions)
    react_refresh: bool = False
    """Register components and hook signatures with React's refresh runtime (notebook only)."""
    mode: Mode = "development"
    defines: tuple[tuple[str, str], ...] = ()
    """(dotted global name, replacement text) pairs in the order given; checked by
    ``defines.parse_define`` (the replacement is a JSON value or a dotted name)."""
    use_define_for_class_fields: bool = True
    """``tsconfig.json``'s ``useDefineForClassFields``: false leaves a field declared without
    an initializer out (no own property), and a static one's initializer an assignment."""
    verbatim_module_syntax: bool = False
    """``verbatimModuleSyntax``: imports stay as written unless marked ``type``."""
    experimental_decorators: bool = False
    """``experimentalDecorators``: TypeScript's legacy decorators (not compiled: a diagnostic)."""
    jsx_given: frozenset[str] = frozenset()
    """The ``jsx`` fields the host set (``%%module --jsx classic``): ``tsconfig.json`` keeps off them."""
    minify: bool = False
    """Minify the compiled body (``compile/minify/``): white space, comments, local names."""
    asset_inline_limit: int | None = None
    """Assets of fewer bytes become ``data:`` URLs, larger ones files of the build (``build`` and
    ``export``: Vite's 4096); None inlines every asset (a live view: ``compile/assets.py``)."""

    def with_pragmas(self, pragmas: dict[str, str]) -> CompileOptions:
        """These options overridden by the module's ``@jsx…`` pragma comments."""
        jsx = self.jsx
        if "jsxImportSource" in pragmas:
            jsx = replace(jsx, runtime="automatic", import_source=pragmas["jsxImportSource"])
        if "jsx" in pragmas:  # a factory only means something to the classic runtime
            jsx = replace(jsx, runtime="classic", factory=pragmas["jsx"])
        if "jsxFrag" in pragmas:
            jsx = replace(jsx, fragment=pragmas["jsxFrag"])
        if pragmas.get("jsxRuntime") in ("automatic", "classic"):
            jsx = replace(jsx, runtime=pragmas["jsxRuntime"])  # type: ignore[arg-type]
        return replace(self, jsx=jsx) if jsx != self.jsx else self


DEFAULT_OPTIONS = CompileOptions()
