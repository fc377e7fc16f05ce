"""Turn an import specifier into a file, the way bundlers do.

``Resolver.resolve(specifier, importer)`` handles, in this order: URLs (``https://``,
``http://``, ``data:``) that stay external; relative and absolute paths; ``#internal``
specifiers through the nearest package.json ``imports``; and bare package specifiers through
``node_modules``. Everything that reads package.json lives in ``package_json.py``.

Relative paths get the extension resolution users expect from bundlers (exact file, ``.js``,
``.mjs``, ``.ts``, ``.tsx``, ``.jsx``, ``.mts``, the same after ``/index``, and TypeScript's
``./util.js`` for ``util.ts``) even though Node's ESM loader does none; targets named by
``exports`` and ``imports`` are taken exactly, as Node and esbuild take them.

Every lookup goes through dict caches on the resolver, keyed by folder rather than by importing
file, because a three.js build resolves ~1,500 imports from a few dozen folders. The caches
never see files appear or disappear: call ``clear_cache()`` after the disk changes. Errors are
not cached; their hints name the importing file, and they are rare.

Paths are normalized but symlinks are not followed (Node follows them), so a pnpm layout, where
a package's own dependencies sit next to its real folder, is not supported yet.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nbbundle.resolve.filesystem import ASSET_KINDS, DiskFileSystem, FileSystem
from nbbundle.resolve.package_json import (
    PackageJson,
    PackageJsonCache,
    PackageJsonError,
    exported_subpaths,
    resolve_exports,
    resolve_imports,
)

__all__ = ["DiskFileSystem", "FileSystem", "ModuleKind", "Resolution", "ResolveError", "Resolver"]

ModuleKind = Literal["js", "cjs", "json", "css", "ts", "tsx", "jsx", "asset", "inline", "raw"]
"""How a module is loaded. ``"js"`` may still turn out to be CommonJS by its syntax; ``ts``,
``tsx`` and ``jsx`` go through the TypeScript/JSX pre-pass first. Any other file is an asset
(``compile/assets.py``): its URL (``"asset"``, also for ``?url``), a ``data:`` URL (``?inline``)
or its text (``?raw``), as in Vite."""

# An extensionless file that exists is taken as JavaScript, as Node's CommonJS loader does.
_KIND_BY_SUFFIX: dict[str, ModuleKind] = {
    ".js": "js", ".mjs": "js", ".cjs": "cjs", ".json": "json", ".css": "css", "": "js",
    ".ts": "ts", ".mts": "ts", ".tsx": "tsx", ".jsx": "jsx",
}
# Vite's import queries: what an import of the file gives instead of the module itself.
_KIND_BY_QUERY: dict[str, ModuleKind] = {"url": "asset", "inline": "inline", "raw": "raw"}
# Extensions tried for a path written without one, in this order (after the exact name).
_EXTENSIONS = (".js", ".mjs", ".ts", ".tsx", ".jsx", ".mts")
# TypeScript's rule: `./util.js` names `util.ts` when only that exists (the import is written as
# the compiled file's name); esbuild and Vite follow it.
_TYPESCRIPT_FOR = {".js": (".ts", ".tsx"), ".jsx": (".tsx",), ".mjs": (".mts",)}
_KIND_BY_MIME: dict[str, ModuleKind] = {"text/css": "css", "application/json": "json"}
_EXTERNAL_PREFIXES = ("https://", "http://", "data:")
# Node's `require("module").builtinModules` (v20), first path segment only: "fs/promises" is
# caught through its package name "fs". Packages in node_modules win over these names, so the
# browser polyfills named "buffer", "events" or "process" still resolve.
_NODE_BUILTINS = frozenset((
    "assert", "async_hooks", "buffer", "child_process", "cluster", "console", "constants",
    "crypto", "dgram", "diagnostics_channel", "dns", "domain", "events", "fs", "http", "http2",
    "https", "inspector", "module", "net", "os", "path", "perf_hooks", "process", "punycode",
    "querystring", "readline", "repl", "stream", "string_decoder", "sys", "timers", "tls",
    "trace_events", "tty", "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib",
))
# Hints list at most this many exported subpaths; big packages export hundreds.
_MAX_LISTED = 10


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where an import specifier leads."""

    path: Path | None
    """Absolute, normalized file path; ``None`` when external."""
    kind: ModuleKind
    external: str | None
    """The URL of an import that stays external and is loaded natively by the browser."""
    package_type: str | None
    """The module type Node gives the file: ``"module"`` for ``.mjs``; for ``.js`` (and
    extensionless) files the ``"type"`` of the nearest package.json; None when it says nothing,
    and Node decides from the syntax."""
    query: str = ""
    """``"?raw"``, ``"?url"`` or ``"?inline"`` when the specifier asked for one: part of the module
    id (``note.txt?raw`` is another module than ``note.txt``)."""


class ResolveError(Exception):
    """A specifier that leads nowhere: what failed (``message``) and how to fix it (``hint``)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class Resolver:
    """Resolves import specifiers to files, with caches shared across a build.

    Examples
    --------
    >>> resolver = Resolver(root=project)  # doctest: +SKIP
    >>> resolver.resolve("three", project / "app.js").path  # doctest: +SKIP
    PosixPath('/project/node_modules/three/build/three.module.js')
    """

    def __init__(
        self,
        *,
        conditions: tuple[str, ...] = ("browser", "import", "default"),
        fs: FileSystem | None = None,
        root: Path | None = None,
    ) -> None:
        self.conditions = conditions
        self._condition_set = frozenset(conditions)
        self._fs: FileSystem = fs if fs is not None else DiskFileSystem()
        # Paths in hints are shown relative to root, like esbuild's relative to the cwd.
        self._root = os.path.abspath(root if root is not None else os.getcwd())
        self._package_jsons = PackageJsonCache(self._fs)
        self._resolutions: dict[tuple[str, str], Resolution] = {}
        self._by_path: dict[str, Resolution] = {}
        self._importer_dirs: dict[str, str] = {}
        self._is_file: dict[str, bool] = {}
        self._is_dir: dict[str, bool] = {}
        self._scopes: dict[str, PackageJson | None] = {}
        self._package_dirs: dict[tuple[str, str], str | None] = {}

    def clear_cache(self) -> None:
        """Forget every lookup, after files were added, removed or edited."""
        for cache in (self._resolutions, self._by_path, self._is_file, self._is_dir, self._scopes):
            cache.clear()
        self._importer_dirs.clear()
        self._package_dirs.clear()
        self._package_jsons.clear()

    def read_text(self, path: Path | str) -> str:
        """The text of a file the resolver found, read through its file system (cells too)."""
        return self._fs.read_text(os.fspath(path))

    def read_source(self, path: Path | str, kind: str) -> str:
        """The module text of a file loaded as ``kind``: its text, or an asset's bytes in base64."""
        if kind in ASSET_KINDS:
            return self._fs.read_asset(os.fspath(path))
        return self._fs.read_text(os.fspath(path))

    def resolve(self, specifier: str, importer: Path) -> Resolution:
        """Resolve ``specifier`` as imported by the file ``importer``.

        Raises
        ------
        ResolveError
            With ``message`` ``Could not resolve "<specifier>"`` and a ``hint`` that says why.
        """
        importer_path = os.fspath(importer)
        directory = self._importer_dirs.get(importer_path)
        if directory is None:
            directory = os.path.dirname(os.path.abspath(importer_path))
            self._importer_dirs[importer_path] = directory
        key = (specifier, directory)
        cached = self._resolutions.get(key)
        if cached is not None:
            return cached
        try:
            resolution = self._resolve(specifier, directory, importer_path)
        except PackageJsonError as err:
            message = f'Could not resolve "{specifier}"'
            raise ResolveError(message, str(err)) from None
        self._resolutions[key] = resolution
        return resolution

    def expand_pattern(self, prefix: str, suffix: str, importer: Path) -> list[str]:
        """Relative specifiers ``prefix + * + suffix`` that name files (Vite's dynamic import vars).

        ``*`` stands for one path segment, so ``./locales/${lang}.js`` lists the ``.js`` files
        directly in ``locales``. Sorted, for a deterministic bundle.
        """
        folder, _, first = prefix.rpartition("/")
        directory = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(os.fspath(importer))), folder))
        if "/" in suffix or not self._dir_exists(directory):
            return []
        found = []
        for name in self._fs.list_dir(directory):
            if name.startswith(first) and name.endswith(suffix) and len(name) >= len(first) + len(suffix):
                if name.startswith(".") and not first.startswith("."):
                    continue
                if self._file_exists(os.path.join(directory, name)):
                    found.append(f"{folder}/{name}")
        return sorted(found)

    def _resolve(self, specifier: str, directory: str, importer: str) -> Resolution:
        if specifier.startswith(_EXTERNAL_PREFIXES):
            return Resolution(None, _external_kind(specifier), specifier, None)
        path_part, mark, query = specifier.rpartition("?")
        if mark and query in _KIND_BY_QUERY and path_part:
            try:
                found = self._resolve(path_part, directory, importer)
            except ResolveError as error:
                folder = os.path.normpath(os.path.join(directory, path_part))
                if path_part.startswith((".", "/")) and self._dir_exists(folder):
                    hint = f'"{path_part}" is a folder; an asset (url(), ?{query}) names a file in it'
                    raise ResolveError(error.message, hint) from None
                raise
            if found.path is None:
                return found
            # A stylesheet's ?inline is its processed text, not injected (Vite's): still CSS.
            kind = "css" if query == "inline" and found.kind == "css" else _KIND_BY_QUERY[query]
            return Resolution(found.path, kind, None, None, f"?{query}")
        if specifier in (".", "..") or specifier.startswith(("./", "../", "/")):
            base = os.path.normpath(os.path.join(directory, specifier))
            found = self._find_file(base)
            if found is not None:
                return self._resolution(found)
            # Absolute specifiers list absolute candidates; relative ones stay relative.
            absolute = os.path.isabs(specifier)
            tried = _tried([c if absolute else os.path.relpath(c, directory) for c in _candidates(base)])
            hint = f'No file "{specifier}" next to "{self._display(importer)}" (tried {tried})'
            raise self._not_found(specifier, hint, base)
        if specifier.startswith("#"):
            return self._resolve_internal(specifier, directory, importer)
        return self._resolve_bare(specifier, directory, importer)

    def _resolve_internal(self, specifier: str, directory: str, importer: str) -> Resolution:
        scope = self._package_scope(directory)
        message = f'Could not resolve "{specifier}"'
        if scope is None or scope.imports is None:
            hint = (f'There is no "imports" field in a package.json above '
                    f'"{self._display(importer)}" to define "{specifier}".')
            raise ResolveError(message, hint)
        package_json = self._display(os.path.join(scope.dir, "package.json"))
        target = resolve_imports(scope.imports, specifier, self._condition_set)
        if target is None:
            hint = f'"{specifier}" is not defined in the "imports" field of "{package_json}".'
            raise ResolveError(message, hint)
        if not target.startswith("./"):
            try:
                return self._resolve_bare(target, os.fspath(scope.dir), importer)
            except ResolveError as err:
                raise ResolveError(message, err.hint) from None
        path = os.path.normpath(os.path.join(scope.dir, target))
        if not self._file_exists(path):
            hint = (f'The "imports" field of "{package_json}" maps "{specifier}" to "{target}", '
                    f'but there is no file "{self._display(path)}".')
            raise ResolveError(message, hint)
        return self._resolution(path)

    def _resolve_bare(self, specifier: str, directory: str, importer: str) -> Resolution:
        message = f'Could not resolve "{specifier}"'
        builtin_hint = (f'The module "{specifier}" is a Node built-in, '
                        "which is not available in the browser.")
        if specifier.startswith("node:"):
            raise ResolveError(message, builtin_hint)
        name, subpath = _split_package(specifier)
        if not name or name.startswith(".") or (name.startswith("@") and "/" not in name):
            hint = 'A package path looks like "pkg", "pkg/sub/path" or "@scope/pkg".'
            raise ResolveError(message, hint)
        # A package may import itself by name through its own "exports" (PACKAGE_SELF_RESOLVE).
        scope = self._package_scope(directory)
        if scope is not None and scope.name == name and scope.exports is not None:
            return self._resolve_in_package(specifier, name, subpath, os.fspath(scope.dir), scope)
        package_dir = self._find_package_dir(name, directory)
        if package_dir is not None:
            package = self._package_jsons.get(package_dir)
            return self._resolve_in_package(specifier, name, subpath, package_dir, package)
        if name in _NODE_BUILTINS:
            raise ResolveError(message, builtin_hint)
        local = self._find_file(os.path.normpath(os.path.join(directory, specifier)))
        if local is not None:
            relative = _posix(os.path.relpath(local, directory))
            hint = (f'Use the relative path "./{relative}" to reference the file "{relative}". '
                    f'Without the leading "./", the path "{specifier}" is being interpreted '
                    "as a package path instead.")
            raise ResolveError(message, hint)
        hint = (f'The package "{name}" was not found in node_modules next to '
                f'"{self._display(importer)}" or any parent folder. '
                f"Is it installed? Run npm install {name} in the project folder.")
        raise ResolveError(message, hint)

    def _resolve_in_package(
        self, specifier: str, name: str, subpath: str, package_dir: str, package: PackageJson | None
    ) -> Resolution:
        message = f'Could not resolve "{specifier}"'
        if package is not None and package.exports is not None:
            target = resolve_exports(package.exports, subpath, self._condition_set)
            if target is None:
                raise ResolveError(message, self._not_exported_hint(name, subpath, package))
            path = os.path.normpath(os.path.join(package_dir, target))
            if not self._file_exists(path):
                hint = (f'The "exports" of package "{name}" map "{subpath}" to "{target}", '
                        f'but there is no file "{self._display(path)}"')
                raise self._not_found(specifier, hint, path)
            return self._resolution(path)
        if subpath != ".":
            base = os.path.normpath(os.path.join(package_dir, subpath))
            found = self._find_file(base)
            if found is not None:
                return self._resolution(found)
            tried = _tried([os.path.relpath(c, package_dir) for c in _candidates(base)])
            hint = (f'No file "{subpath[2:]}" in package "{name}" at '
                    f'"{self._display(package_dir)}" (tried {tried})')
            raise self._not_found(specifier, hint, base)
        fields: list[str] = []
        for field in ("module", "main"):
            value = getattr(package, field) if package is not None else None
            if value is not None:
                found = self._find_file(os.path.normpath(os.path.join(package_dir, value)))
                if found is not None:
                    return self._resolution(found)
                fields.append(f'"{field}": "{value}"')
        index = os.path.join(package_dir, "index.js")
        if self._file_exists(index):
            return self._resolution(index)
        hint = (f'The package "{name}" has no entry file in "{self._display(package_dir)}" '
                f"(tried {', '.join([*fields, 'index.js'])})")
        raise ResolveError(message, hint)

    def _not_exported_hint(self, name: str, subpath: str, package: PackageJson) -> str:
        subpaths = exported_subpaths(package.exports)
        if subpath in subpaths:
            conditions = ", ".join(f'"{c}"' for c in self.conditions)
            return (f'The path "{subpath}" of package "{name}" has no target '
                    f"for the conditions {conditions}.")
        listed = ", ".join(f'"{s}"' for s in subpaths[:_MAX_LISTED])
        if len(subpaths) > _MAX_LISTED:
            listed += f" and {len(subpaths) - _MAX_LISTED} more"
        return (f'The path "{subpath}" is not exported by package "{name}". '
                f"The package exports {listed or 'no paths'}.")

    def _not_found(self, specifier: str, hint: str, base: str) -> ResolveError:
        """Build the error for a missing file, with a close match from its folder if any."""
        last = specifier.rstrip("/").rsplit("/", 1)[-1]
        if last not in ("", ".", "..") and os.path.basename(base) == last:
            names = [n for n in self._fs.list_dir(os.path.dirname(base)) if n != last]
            keys = {n: n for n in names}
            if "." not in last:
                # "./utl" should find "util.js": compare stems too when no extension was given.
                for n in names:
                    stem, ext = os.path.splitext(n)
                    if ext in _EXTENSIONS:
                        keys.setdefault(stem, n)
            import difflib  # only for a hint, never on a successful build's path
            close = difflib.get_close_matches(last, list(keys), n=1)
            if close:
                suggestion = specifier.rstrip("/")[: -len(last)] + keys[close[0]]
                hint += f'. Did you mean "{suggestion}"?'
        return ResolveError(f'Could not resolve "{specifier}"', hint)

    def _resolution(self, path: str) -> Resolution:
        """Describe a found file; one object is shared by every specifier that leads to it."""
        resolution = self._by_path.get(path)
        if resolution is not None:
            return resolution
        suffix = os.path.splitext(path)[1]
        kind = _KIND_BY_SUFFIX.get(suffix, "asset")  # images, fonts, media, .wasm, .txt, .csv, ...
        package_type = None
        if suffix == ".mjs":
            package_type = "module"  # .mjs is an ES module wherever it is (Node's rule)
        elif suffix in (".js", ""):
            scope = self._package_scope(os.path.dirname(path))
            package_type = scope.type if scope is not None else None
        resolution = self._by_path[path] = Resolution(Path(path), kind, None, package_type)
        return resolution

    def _find_file(self, base: str) -> str | None:
        for candidate in _candidates(base):
            if self._file_exists(candidate):
                return candidate
        return None

    def _file_exists(self, path: str) -> bool:
        exists = self._is_file.get(path)
        if exists is None:
            exists = self._is_file[path] = self._fs.is_file(path)
        return exists

    def _dir_exists(self, path: str) -> bool:
        exists = self._is_dir.get(path)
        if exists is None:
            exists = self._is_dir[path] = self._fs.is_dir(path)
        return exists

    def _find_package_dir(self, name: str, directory: str) -> str | None:
        """Walk up from ``directory`` to the first ``node_modules/<name>`` folder."""
        key = (name, directory)
        if key not in self._package_dirs:
            found = None
            current = directory
            while found is None:
                # Never look in node_modules/node_modules: Node skips those folders too.
                if os.path.basename(current) != "node_modules":
                    candidate = os.path.join(current, "node_modules", name)
                    if self._dir_exists(candidate):
                        found = candidate
                parent = os.path.dirname(current)
                if parent == current:
                    break
                current = parent
            self._package_dirs[key] = found
        return self._package_dirs[key]

    def _package_scope(self, directory: str) -> PackageJson | None:
        """Find the nearest package.json at or above ``directory`` (LOOKUP_PACKAGE_SCOPE)."""
        try:
            return self._scopes[directory]
        except KeyError:
            pass
        scope = None
        # A package scope ends at a node_modules folder, so a package never inherits the
        # "type" of the project that installed it.
        if os.path.basename(directory) != "node_modules":
            scope = self._package_jsons.get(directory)
            parent = os.path.dirname(directory)
            if scope is None and parent != directory:
                scope = self._package_scope(parent)
        self._scopes[directory] = scope
        return scope

    def _display(self, path: str) -> str:
        relative = os.path.relpath(path, self._root)
        return _posix(path if relative.startswith("..") else relative)


def _candidates(base: str) -> tuple[str, ...]:
    """List the files tried for a path, in order: exact, extensions, the TypeScript source of a
    ``.js`` name, then index files."""
    stem, suffix = os.path.splitext(base)
    typescript = tuple(stem + ext for ext in _TYPESCRIPT_FOR.get(suffix, ()))
    index = os.path.join(base, "index")
    return (base, *(base + ext for ext in _EXTENSIONS), *typescript, *(index + ext for ext in _EXTENSIONS))


def _tried(paths: list[str]) -> str:
    """``util, util.{js,mjs,ts}, util/index.{js,mjs}``: candidates for a hint, grouped by stem."""
    groups: list[tuple[str, list[str]]] = []
    for path in map(_posix, paths):
        stem, suffix = posixpath.splitext(path)
        if suffix and groups and groups[-1][0] == stem and groups[-1][1]:
            groups[-1][1].append(suffix[1:])
        else:
            groups.append((stem, [suffix[1:]]) if suffix else (path, []))
    parts = []
    for stem, suffixes in groups:
        if len(suffixes) > 1:
            parts.append(f"{stem}.{{{','.join(suffixes)}}}")
        else:
            parts.append(f"{stem}.{suffixes[0]}" if suffixes else stem)
    return ", ".join(parts)


def _split_package(specifier: str) -> tuple[str, str]:
    """``"@scope/pkg/a/b"`` → ``("@scope/pkg", "./a/b")``; ``"pkg"`` → ``("pkg", ".")``."""
    parts = specifier.split("/")
    size = 2 if specifier.startswith("@") else 1
    rest = "/".join(parts[size:])
    return "/".join(parts[:size]), f"./{rest}" if rest else "."


def _external_kind(url: str) -> ModuleKind:
    """Tell a URL's kind: by MIME type for ``data:``, else by the extension of its path."""
    if url.startswith("data:"):
        mime = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
        return _KIND_BY_MIME.get(mime, "js")
    suffix = posixpath.splitext(url.split("?", 1)[0].split("#", 1)[0])[1]
    return _KIND_BY_SUFFIX.get(suffix, "js") if suffix in (".css", ".json") else "js"


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")
