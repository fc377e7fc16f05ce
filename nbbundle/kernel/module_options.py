"""How the notebook compiles each module: ``%%module`` options, and React Fast Refresh.

A cell may say how its JSX compiles (``%%module app.tsx --jsx classic``); files use the
defaults and their own pragma comments. Fast Refresh is on in a notebook whenever the user's
``react-refresh`` package resolves from the notebook's folder, as with @vitejs/plugin-react in
a dev server (builds and exported sites run without HMR, so they need none). Its runtime module
(``@nbbundle/react-refresh``) is served from memory through the cells' file system.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.bundle.assets import js_dir
from nbbundle.compile.kinds import KIND_BY_SUFFIX, TYPESCRIPT_KINDS
from nbbundle.compile.options import DEFAULT_OPTIONS, CompileOptions, Mode
from nbbundle.compile.typescript.react_refresh import RUNTIME_MODULE_ID
from nbbundle.resolve.resolver import ResolveError

if TYPE_CHECKING:
    from pathlib import Path

    from nbbundle.resolve.resolver import Resolver

REFRESH_PACKAGE = "react-refresh/runtime"


class ModuleOptions:
    """Per-cell compile options, and the modules served from memory (``served``)."""

    def __init__(self, root: Path, *, mode: Mode = "development", defines: tuple[tuple[str, str], ...] = ()) -> None:
        self.root = root
        self.mode: Mode = mode
        """Every module's mode: a notebook runs in development; an export builds in production."""
        self.defines = defines
        self.asset_inline_limit: int | None = None
        self.minify = False
        """Minify every module (an export in production); live views never do."""
        """Assets under this many bytes inline, larger ones files of an export; None (a live view)
        inlines every one (``compile/assets.py``)."""
        self.cells: dict[str, CompileOptions] = {}
        self.served: dict[str, str] = {}
        """Module path (relative to the root) → text, seen by the resolver as files."""

    def set(self, name: str, options: CompileOptions | None) -> bool:
        """Remember a cell's options; True when they changed."""
        options = options or DEFAULT_OPTIONS
        changed = self.cells.get(name, DEFAULT_OPTIONS) != options
        self.cells[name] = options
        return changed

    def for_module(self, name: str, resolver: Resolver) -> CompileOptions:
        """The options to compile module ``name`` with: the nearest ``tsconfig.json`` above the
        notebook (or above the file), the cell's ``%%module`` options over it, Fast Refresh
        decided now. Raises ``TsConfigError`` for a broken ``tsconfig.json``."""
        options = self.cells.get(name, DEFAULT_OPTIONS)
        kind = name.rsplit(".", 1)[-1] if "." in name else ""
        options = resolver.compile_options(self.root / name, "ts" if kind in ("mts", "cts") else kind, options) or options
        if (options.mode, options.defines, options.asset_inline_limit, options.minify) != (
                self.mode, self.defines, self.asset_inline_limit, self.minify):
            options = options.replace(mode=self.mode, defines=self.defines,
                                      asset_inline_limit=self.asset_inline_limit, minify=self.minify)
        if self.mode == "production" or not _may_register_components(name) or not self._refresh_available(resolver):
            return options  # production React has no refresh; only the pre-pass registers components
        if RUNTIME_MODULE_ID not in self.served:
            self.served[RUNTIME_MODULE_ID] = (js_dir() / "react-refresh-runtime.js").read_text(encoding="utf-8")
            resolver.clear_cache()  # a new "file" appeared
        return options.replace(react_refresh=True)

    def _refresh_available(self, resolver: Resolver) -> bool:
        try:
            resolver.resolve(REFRESH_PACKAGE, self.root / "notebook.js")
        except ResolveError:
            return False
        return True


def _may_register_components(name: str) -> bool:
    """Whether Fast Refresh could change how module ``name`` compiles: only the TypeScript/JSX
    pre-pass registers components. A plain ``.js`` cell then skips the lookup of
    ``react-refresh``, a walk up the notebook's folders on every run (the resolver forgets its
    lookups whenever a cell is defined), which was over a third of `define`'s CPU for a `.js` cell.
    ``""`` (the files a cell's imports bring in, of any kind) always may."""
    if not name:
        return True
    suffix = name[name.rfind("."):] if "." in name.rsplit("/", 1)[-1] else ""
    return KIND_BY_SUFFIX.get(suffix) in TYPESCRIPT_KINDS
