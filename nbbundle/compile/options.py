"""How a module is compiled: the mode and defines, the JSX runtime and React Fast Refresh, and
the options of ``tsconfig.json`` that change the output (``resolve/tsconfig.py`` reads them).

The mode (``development`` in a notebook and ``build``, ``production`` for ``export``) decides
what ``process.env.NODE_ENV`` and ``import.meta.env`` say, as Vite and esbuild define them, and
whether branches behind constant conditions are removed (production). ``defines`` are esbuild's
``--define``: a global name or dotted path replaced by a JSON value or another name.

Options come from the host (``%%module app.tsx --jsx classic``, or the environment turning on
Fast Refresh when ``react-refresh`` is installed), and pragma comments in the module override
them, as in TypeScript, Babel and esbuild (``/** @jsxImportSource preact */``, ``/** @jsx h */``).
Frozen (``Record``s: treat them so) and hashable: they are part of the transform cache's key.
"""

from __future__ import annotations

from typing import Literal

from nbbundle.compile.record import Record

JsxRuntime = Literal["automatic", "classic"]
Mode = Literal["development", "production"]
MODES = ("development", "production")


class JsxOptions(Record):
    """esbuild's ``--jsx``, ``--jsx-import-source``, ``--jsx-factory`` and ``--jsx-fragment``."""

    __slots__ = _fields = ("runtime", "import_source", "factory", "fragment")

    def __init__(  # noqa: PLR0913 (the fields, as a dataclass takes them)
        self,
        runtime: JsxRuntime = "automatic",
        import_source: str = "react",
        factory: str = "React.createElement",
        fragment: str = "React.Fragment",
    ) -> None:
        self.runtime = runtime
        """``automatic``: calls ``jsx``/``jsxs`` of ``<import_source>/jsx-runtime``; ``classic``:
        calls ``factory`` (``React.createElement``), which must be in scope."""
        self.import_source = import_source
        self.factory = factory
        self.fragment = fragment


class CompileOptions(Record):
    """Per-module options of the TypeScript and JSX pre-pass."""

    __slots__ = _fields = ("jsx", "react_refresh", "mode", "defines", "use_define_for_class_fields",
                           "verbatim_module_syntax", "experimental_decorators", "jsx_given", "minify",
                           "asset_inline_limit")

    def __init__(  # noqa: PLR0913 (the fields, as a dataclass takes them)
        self,
        jsx: JsxOptions | None = None,
        react_refresh: bool = False,
        mode: Mode = "development",
        defines: tuple[tuple[str, str], ...] = (),
        use_define_for_class_fields: bool = True,
        verbatim_module_syntax: bool = False,
        experimental_decorators: bool = False,
        jsx_given: frozenset[str] = frozenset(),
        minify: bool = False,
        asset_inline_limit: int | None = None,
    ) -> None:
        self.jsx = JsxOptions() if jsx is None else jsx
        self.react_refresh = react_refresh
        """Register components and hook signatures with React's refresh runtime (notebook only)."""
        self.mode = mode
        self.defines = defines
        """(dotted global name, replacement text) pairs in the order given; checked by
        ``defines.parse_define`` (the replacement is a JSON value or a dotted name)."""
        self.use_define_for_class_fields = use_define_for_class_fields
        """``tsconfig.json``'s ``useDefineForClassFields``: false leaves a field declared without
        an initializer out (no own property), and a static one's initializer an assignment."""
        self.verbatim_module_syntax = verbatim_module_syntax
        """``verbatimModuleSyntax``: imports stay as written unless marked ``type``."""
        self.experimental_decorators = experimental_decorators
        """``experimentalDecorators``: TypeScript's legacy decorators (not compiled: a diagnostic)."""
        self.jsx_given = jsx_given
        """The ``jsx`` fields the host set (``%%module --jsx classic``): ``tsconfig.json`` keeps off them."""
        self.minify = minify
        """Minify the compiled body (``compile/minify/``): white space, comments, local names."""
        self.asset_inline_limit = asset_inline_limit
        """Assets of fewer bytes become ``data:`` URLs, larger ones files of the build (``build`` and
        ``export``: Vite's 4096); None inlines every asset (a live view: ``compile/assets.py``)."""

    def with_pragmas(self, pragmas: dict[str, str]) -> CompileOptions:
        """These options overridden by the module's ``@jsx…`` pragma comments."""
        jsx = self.jsx
        if "jsxImportSource" in pragmas:
            jsx = jsx.replace(runtime="automatic", import_source=pragmas["jsxImportSource"])
        if "jsx" in pragmas:  # a factory only means something to the classic runtime
            jsx = jsx.replace(runtime="classic", factory=pragmas["jsx"])
        if "jsxFrag" in pragmas:
            jsx = jsx.replace(fragment=pragmas["jsxFrag"])
        if pragmas.get("jsxRuntime") in ("automatic", "classic"):
            jsx = jsx.replace(runtime=pragmas["jsxRuntime"])  # type: ignore[arg-type]
        return self.replace(jsx=jsx) if jsx != self.jsx else self


DEFAULT_OPTIONS = CompileOptions()
