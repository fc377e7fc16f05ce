"""The object form of package.json's ``browser`` field, read as esbuild reads it for browsers.

A package maps its own files, and packages it imports, to replacements for browsers::

    "browser": {"./util.inspect.js": false, "./lib/node.js": "./lib/browser.js", "fs": false}

``false`` stands for an empty module (``require`` gives ``{}``). A key may be written with or
without an extension, and the path looked up may carry one or not: esbuild's rule, replicated
here, is that a key without an extension matches only a path without one (``"./no-ext"`` matches
``./no-ext`` but not ``./no-ext.js``), while a key with one matches both (``"./ext.js"`` matches
``./ext.js`` and ``./ext``), as does a directory's ``index`` file.

``lookup_browser_map`` is that lookup on a path already made relative to the package that holds
the map; ``BrowserScopes`` finds the map that speaks for a file or an importer. The resolver
asks for relative imports, bare ones, a package's subpaths, main fields and index files; never
for a path an ``exports`` map gave, as in esbuild.
"""

from __future__ import annotations

import os
import posixpath
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from nbbundle.resolve.package_json import PackageJson, PackageJsonCache

__all__ = ["NOT_MAPPED", "BrowserMapHit", "BrowserScopes", "is_package_path", "lookup_browser_map"]

#: The extensions a key may add to the path looked up: esbuild's default ``resolveExtensions``.
_IMPLICIT_EXTENSIONS = (".tsx", ".ts", ".jsx", ".js", ".css", ".json")


class _NotMapped:
    """The map says nothing about the path: resolve it as usual."""

    def __repr__(self) -> str:
        return "NOT_MAPPED"


NOT_MAPPED: Final = _NotMapped()

BrowserMapHit = str | None | _NotMapped
"""A replacement path or package name, ``None`` for an empty module, or ``NOT_MAPPED``."""


def is_package_path(path: str) -> bool:
    """Whether ``path`` names a package (``fs``, ``lib/x``) rather than a relative or absolute path."""
    return not (path.startswith(("/", "./", "../")) or path in (".", ".."))


def lookup_browser_map(
    browser_map: dict[str, str | None], path: str, *, absolute: bool, same_package_prefix: str | None = None,
) -> BrowserMapHit:
    """Look ``path`` up in a package's ``browser`` map (esbuild's ``checkBrowserMap``).

    Parameters
    ----------
    browser_map
        The package's map (``PackageJson.browser_map``).
    path
        For ``absolute``: a file's path relative to the package's folder, posix, without a
        leading ``./`` (``lib/x.js``). Otherwise the bare specifier as imported (``fs``).
    absolute
        Whether ``path`` is a file of the package, or a package name an importer asked for.
    same_package_prefix
        For a package name imported from inside the package: ``./`` plus the importer's folder
        relative to the package (``./lib/``). Browserify lets ``"./fs"`` replace ``require("fs")``
        there, without implicit extensions, and esbuild keeps that for compatibility.
    """
    if path in (".", ""):
        return NOT_MAPPED  # no bundler remaps the package folder itself
    hit = _check(browser_map, path, implicit_extensions=True)
    if hit is NOT_MAPPED and is_package_path(path):
        if absolute:
            hit = _check(browser_map, "./" + path, implicit_extensions=True)
        elif same_package_prefix is not None:
            hit = _check(browser_map, same_package_prefix + path, implicit_extensions=False)
    return hit


def _check(browser_map: dict[str, str | None], path: str, *, implicit_extensions: bool) -> BrowserMapHit:
    """The path itself, with each implicit extension, then its ``index`` the same two ways."""
    index = posixpath.join(path, "index")
    if is_package_path(index) and not is_package_path(path):
        index = "./" + index
    for base in (path, index):
        if base in browser_map:
            return browser_map[base]
        if implicit_extensions:
            for extension in _IMPLICIT_EXTENSIONS:
                if base + extension in browser_map:
                    return browser_map[base + extension]
    return NOT_MAPPED


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")


class BrowserScopes:
    """Which ``browser`` map speaks for a file or an importer, and what it says.

    The scope of a folder is the nearest package.json at or above it with a ``browser`` map
    (esbuild's enclosing browser scope, which does not stop at ``node_modules``); cached by
    folder, like the resolver's other look-ups.
    """

    def __init__(self, package_jsons: PackageJsonCache) -> None:
        self._package_jsons = package_jsons
        self._scopes: dict[str, PackageJson | None] = {}

    def clear(self) -> None:
        self._scopes.clear()

    def scope(self, directory: str) -> PackageJson | None:
        try:
            return self._scopes[directory]
        except KeyError:
            pass
        package = self._package_jsons.get(directory)
        if package is None or package.browser_map is None:
            parent = os.path.dirname(directory)
            package = self.scope(parent) if parent != directory else None
        self._scopes[directory] = package
        return package

    def file_hit(self, path: str) -> tuple[BrowserMapHit, str]:
        """What the map enclosing the file ``path`` says about it, and the folder of that map."""
        scope = self.scope(os.path.dirname(path))
        if scope is None or scope.browser_map is None:
            return NOT_MAPPED, ""
        relative = _posix(os.path.relpath(path, scope.dir))
        if relative.startswith("../"):
            return NOT_MAPPED, ""
        return lookup_browser_map(scope.browser_map, relative, absolute=True), os.fspath(scope.dir)

    def package_hit(self, specifier: str, directory: str) -> tuple[BrowserMapHit, str]:
        """What the map enclosing an importer in ``directory`` says about a bare ``specifier``."""
        scope = self.scope(directory)
        if scope is None or scope.browser_map is None:
            return NOT_MAPPED, ""
        scope_dir = os.fspath(scope.dir)
        relative = os.path.relpath(directory, scope_dir)
        prefix = None
        if "node_modules" not in relative.split(os.sep):
            prefix = "./" if relative == "." else f"./{_posix(relative)}/"
        return lookup_browser_map(scope.browser_map, specifier, absolute=False, same_package_prefix=prefix), scope_dir
