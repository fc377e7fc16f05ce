"""How a TypeScript or JSX module is compiled: the JSX runtime and React Fast Refresh.

Options come from the host (``%%module app.tsx --jsx classic``, or the environment turning on
Fast Refresh when ``react-refresh`` is installed), and pragma comments in the module override
them, as in TypeScript, Babel and esbuild (``/** @jsxImportSource preact */``, ``/** @jsx h */``).
Frozen and hashable: they are part of the transform cache's key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

JsxRuntime = Literal["automatic", "classic"]


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
