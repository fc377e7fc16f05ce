"""Turn an import specifier into a file, the way bundlers do.

``Resolver.resolve(specifier, importer)`` handles, in this order: URLs (``https://``,
``http://``, ``data:``) that stay external; relative and absolute paths; ``#internal``
specifiers through the nearest package.json ``imports``; and bare package specifiers through
``node_modules``. Everything that reads package.json lives in ``package_json.py``.

The ``browser`` field of package.json is read as esbuild reads it for browsers: its string form
is the package's main, its object form (``browser_field.py``) replaces files and packages, and a
``false`` there resolves to an empty module (kind ``"empty"``: CommonJS whose exports are ``{}``).
Only for builds with the ``browser`` condition, as esbuild only for its browser platform.

Relative paths get the extension resolution users expect from bundlers (``candidates.py``: exact
file, ``.js``, ``.mjs``, ``.ts``, ``.tsx``, ``.jsx``, ``.mts``, TypeScript's ``./util.js`` for
``util.ts``, the same after ``/index``) even though Node's ESM loader does none; targets named by
``exports`` and ``imports`` are taken exactly, as Node and esbuild take them.

Every lookup goes through dict caches on the resolver, keyed by folder rather than by importing
file, because a three.js build resolves ~1,500 imports from a few dozen folders. The caches
never see files appear or disappear: call ``clear_cache()`` after the disk changes. Errors are
not cached; their hints name the importing file, and they are rare.

This file is longer than most (over 500 lines) because the algorithm reads best in one piece:
each step (paths, ``imports``, ``exports``, main fields, ``browser``, Vite's queries, ``tsconfig``
``paths``) shares the caches and the hints of the others.

Paths are normalized but symlinks are not followed (Node follows them), so a pnpm layout, where
a package's own dependencies sit next to its real folder, is not supported yet.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Literal

from nbbundle.compile.kinds import KIND_BY_SUFFIX, TYPESCRIPT_KINDS, SourceKind, url_kind
from nbbundle.compile.options import DEFAULT_OPTIONS, CompileOptions
from nbbundle.compile.record import Record
from nbbundle.resolve.browser_field import NOT_MAPPED, BrowserMapHit, BrowserScopes, is_package_path
from nbbundle.resolve.candidates import (
    TYPESCRIPT_SOURCES,
    closest_file,
    file_candidates,
    tried_hint,
)
from nbbundle.resolve.filesystem import ASSET_KINDS, DiskFileSystem, FileSystem
from nbbundle.resolve.package_json import (
    PackageJson,
    PackageJsonCache,
    PackageJsonError,
    exported_subpaths,
    resolve_exports,
    resolve_imports,
)
from nbbundle.resolve.tsconfig import TsConfigError, TsConfigs, match_paths

__all__ = ["DiskFileSystem", "FileSystem", "ModuleKind", "Resolution", "ResolveError", "Resolver"]

ModuleKind = SourceKind | Literal["empty", "asset", "inline", "raw"]
"""How a module is loaded: compile/kinds.py's kinds; ``"empty"``, a module a ``browser`` map
disabled (``false``), whose file is not read; or an asset (``compile/assets.py``, any other
file): its URL (``"asset"``, also for ``?url``), a ``data:`` URL (``?inline``) or its text
(``?raw``), as in Vite."""

# An extensionless file that exists is taken as JavaScript, as Node's CommonJS loader does.
_KIND_BY_SUFFIX: dict[str, ModuleKind] = {**KIND_BY_SUFFIX, "": "js"}
# Vite's import queries: what an import of the file gives instead of the module itself.
_KIND_BY_QUERY: dict[str, ModuleKind] = {"url": "asset", "inline": "inline", "raw": "raw"}
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


class Resolution(Record):
    """Where an import specifier leads."""

    __slots__ = _fields = ("path", "kind", "external", "package_type", "query")

    def __init__(self, path: Path | None, kind: ModuleKind, external: str | None, package_type: str | None,
                 query: str = "") -> None:
        self.path = path
        """Absolute, normalized file path; ``None`` when external."""
        self.kind = kind
        self.external = external
        """The URL of an import that stays external and is loaded natively by the browser."""
        self.package_type = package_type
        """The module type Node gives the file: ``"module"`` for ``.mjs``; for ``.js`` (and
        extensionless) files the ``"type"`` of the nearest package.json; None when it says nothing,
        and Node decides from the syntax."""
        self.query = query
        """``"?raw"``, ``"?url"`` or ``"?inline"`` when the specifier asked for one: part of the
        module id (``note.txt?raw`` is another module than ``note.txt``)."""


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
        self.tsconfigs = TsConfigs(self._fs, self._display)
        """``tsconfig.json`` by folder: options of TypeScript files, and ``paths``/``baseUrl``."""
        self._browser_scopes = BrowserScopes(self._package_jsons)
        self._browser = "browser" in self._condition_set
        self._for_require: Resolver | None = None

    def clear_cache(self) -> None:
        """Forget every lookup, after files were added, removed or edited."""
        self._browser_scopes.clear()
        if self._for_require is not None:
            self._for_require._resolutions.clear()
        for cache in (self._resolutions, self._by_path, self._is_file, self._is_dir, self._scopes):
            cache.clear()
        self._importer_dirs.clear()
        self._package_dirs.clear()
        self._package_jsons.clear()
        self.tsconfigs.clear()

    def compile_options(self, path: Path | str, kind: str, base: CompileOptions | None) -> CompileOptions | None:
        """The options to compile the file ``path`` with: ``base`` with what the nearest
        ``tsconfig.json`` says, for TypeScript, TSX and JSX. Raises ``TsConfigError``."""
        if kind not in TYPESCRIPT_KINDS:
            return base
        config = self.tsconfigs.for_file(os.fspath(path))
        return config.compile_options(base or DEFAULT_OPTIONS) if config is not None else base

    def read_text(self, path: Path | str) -> str:
        """The text of a file the resolver found, read through its file system (cells too)."""
        return self._fs.read_text(os.fspath(path))

    def read_source(self, path: Path | str, kind: str) -> str:
        """The module text of a file loaded as ``kind``: its text, or an asset's bytes in base64."""
        if kind in ASSET_KINDS:
            return self._fs.read_asset(os.fspath(path))
        return self._fs.read_text(os.fspath(path))

    def resolve(self, specifier: str, importer: Path, *, require: bool = False) -> Resolution:
        """Resolve ``specifier`` as imported by the file ``importer``.

        With ``require`` (a CommonJS ``require()`` call), ``exports`` and ``imports`` maps are
        read with the ``require`` condition where an import has ``import``, as Node and esbuild
        read them: a dual package's ``require`` gives its CommonJS build.

        Raises
        ------
        ResolveError
            With ``message`` ``Could not resolve "<specifier>"`` and a ``hint`` that says why.
        """
        if require and "import" in self._condition_set:
            return self._require_resolver().resolve(specifier, importer)
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

    def _require_resolver(self) -> Resolver:
        """This resolver with ``require`` for ``import``: its own resolutions, every other cache shared."""
        if self._for_require is None:
            sibling = copy.copy(self)
            sibling.conditions = tuple("require" if c == "import" else c for c in self.conditions)
            sibling._condition_set = frozenset(sibling.conditions)
            sibling._resolutions = {}
            sibling._for_require = None
            self._for_require = sibling
        return self._for_require

    def expand_pattern(self, prefix: str, suffix: str, importer: Path) -> list[str]:
        """Relative specifiers ``prefix + * + suffix`` that name files (Vite's dynamic import vars).

        ``*`` stands for one path segment, so ``./locales/${lang}.js`` lists the ``.js`` files
        directly in ``locales``, and by TypeScript's rule the ``.ts`` and ``.tsx`` ones, spelled
        ``.js`` as the import spells them (the runtime finds ``x.ts`` for ``./x.js`` as the
        resolver does). Sorted, for a deterministic bundle.
        """
        folder, _, first = prefix.rpartition("/")
        directory = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(os.fspath(importer))), folder))
        if "/" in suffix or not self._dir_exists(directory):
            return []
        stem, dot, extension = suffix.rpartition(".")  # the suffix may be just ".js"
        extension = dot + extension
        spellings = [(suffix, suffix)] + [(stem + source, suffix) for source in TYPESCRIPT_SOURCES.get(extension, ())]
        found = set()
        for name in self._fs.list_dir(directory):
            if name.startswith(".") and not first.startswith("."):
                continue
            for ending, written in spellings:
                if (name.startswith(first) and name.endswith(ending) and len(name) >= len(first) + len(ending)
                        and self._file_exists(os.path.join(directory, name))):
                    found.add(f"{folder}/{name[:len(name) - len(ending)]}{written}")
        return sorted(found)

    def _resolve(self, specifier: str, directory: str, importer: str) -> Resolution:
        if specifier.startswith(_EXTERNAL_PREFIXES):
            return Resolution(None, url_kind(specifier), specifier, None)
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
            remapped = self._browser_file(base)
            if remapped is not None:
                return remapped
            found = self._find_file(base)
            if found is not None:
                return self._resolution(found)
            # Absolute specifiers list absolute candidates; relative ones stay relative.
            absolute = os.path.isabs(specifier)
            tried = tried_hint([c if absolute else os.path.relpath(c, directory) for c in file_candidates(base)])
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

    def _resolve_bare(self, specifier: str, directory: str, importer: str, *, remap: bool = True) -> Resolution:
        if remap:
            remapped = self._browser_package(specifier, directory, importer)
            if remapped is not None:
                return remapped
        mapped = self._tsconfig_mapping(specifier, directory)
        if mapped is not None:
            return self._resolution(mapped)
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

    def _tsconfig_mapping(self, specifier: str, directory: str) -> str | None:
        """The file ``paths`` (then ``baseUrl``) of the nearest ``tsconfig.json`` map a bare
        specifier to, as esbuild checks them before ``node_modules``."""
        try:
            config = self.tsconfigs.for_directory(directory)
        except TsConfigError:
            return None  # reported where the files it configures are compiled
        if config is None:
            return None
        for target in match_paths(config.paths, specifier):
            found = self._find_file(os.path.normpath(os.path.join(config.paths_base, target)))
            if found is not None:
                return found
        if config.base_url is not None:
            return self._find_file(os.path.normpath(os.path.join(config.base_url, specifier)))
        return None

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
            remapped = self._browser_file(base)
            if remapped is not None:
                return remapped
            found = self._find_file(base)
            if found is not None:
                return self._resolution(found)
            tried = tried_hint([os.path.relpath(c, package_dir) for c in file_candidates(base)])
            hint = (f'No file "{subpath[2:]}" in package "{name}" at '
                    f'"{self._display(package_dir)}" (tried {tried})')
            raise self._not_found(specifier, hint, base)
        fields: list[str] = []
        # esbuild's main fields for browsers: "browser" (its string form), "module", "main". A
        # require() wants the CommonJS build, as in esbuild: "main", else index.js, and only
        # then "module".
        require = "require" in self._condition_set
        fields_read = ("browser", "main") if require else ("browser", "module", "main")
        for field in fields_read if self._browser else fields_read[1:]:
            value = getattr(package, field) if package is not None else None
            if value is not None:
                found = self._main_file(package_dir, value)
                if found is not None:
                    return found
                fields.append(f'"{field}": "{value}"')
        index = self._main_file(package_dir, "index", index=True)
        if index is not None:
            return index
        if require and package is not None and package.module is not None:
            found = self._main_file(package_dir, package.module)
            if found is not None:
                return found
            fields.append(f'"module": "{package.module}"')
        hint = (f'The package "{name}" has no entry file in "{self._display(package_dir)}" '
                f"(tried {', '.join([*fields, 'index.js'])})")
        raise ResolveError(message, hint)

    def _main_file(self, package_dir: str, value: str, *, index: bool = False) -> Resolution | None:
        """The file a main field (or the implicit ``index``) names, after the package's ``browser`` map."""
        path = os.path.normpath(os.path.join(package_dir, value))
        hit = self._browser_scopes.file_hit(path)[0] if self._browser else NOT_MAPPED
        if hit is None:
            return _empty(path)
        if isinstance(hit, str):
            path = os.path.normpath(os.path.join(package_dir, hit))
        elif index:
            path += ".js"  # only index.js, as Node's LOAD_INDEX for a package folder
            return self._resolution(path) if self._file_exists(path) else None
        found = self._find_file(path)
        return self._resolution(found) if found is not None else None

    def _browser_file(self, path: str) -> Resolution | None:
        """A file import (relative, or a package's subpath) the ``browser`` map replaces, if any."""
        if not self._browser:
            return None
        hit, scope_dir = self._browser_scopes.file_hit(path)
        if hit is NOT_MAPPED:
            return None
        if hit is None:
            return _empty(path)
        try:
            return self._resolve_remapped(hit, scope_dir, path)
        except ResolveError:
            return None  # a replacement that does not resolve: esbuild resolves the path as written

    def _browser_package(self, specifier: str, directory: str, importer: str) -> Resolution | None:
        """A bare import the ``browser`` map enclosing the importer replaces, if any."""
        if not self._browser:
            return None
        hit, scope_dir = self._browser_scopes.package_hit(specifier, directory)
        if hit is NOT_MAPPED:
            return None
        if hit is None:
            # Named after the package's own file where there is one, as esbuild does.
            try:
                path = self._resolve_bare(specifier, directory, importer, remap=False).path
            except ResolveError:
                path = None
            return _empty(os.fspath(path) if path is not None else os.path.join(scope_dir, specifier))
        return self._resolve_remapped(hit, scope_dir, importer)

    def _resolve_remapped(self, target: BrowserMapHit, scope_dir: str, importer: str) -> Resolution:
        """A ``browser`` map's replacement, from the folder of the package.json that maps it."""
        assert isinstance(target, str)
        if is_package_path(target):
            return self._resolve_bare(target, scope_dir, importer, remap=False)
        base = os.path.normpath(os.path.join(scope_dir, target))
        found = self._find_file(base)
        if found is None:
            package_json = self._display(os.path.join(scope_dir, "package.json"))
            raise self._not_found(target, f'The "browser" field of "{package_json}" maps to "{target}"', base)
        return self._resolution(found)

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
            close = closest_file(last, [n for n in self._fs.list_dir(os.path.dirname(base)) if n != last])
            if close is not None:
                hint += f'. Did you mean "{specifier.rstrip("/")[: -len(last)] + close}"?'
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
        for candidate in file_candidates(base):
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


def _empty(path: str) -> Resolution:
    """The empty module a ``browser`` map's ``false`` stands for (esbuild's disabled path)."""
    return Resolution(Path(path), "empty", None, None)


def _split_package(specifier: str) -> tuple[str, str]:
    """``"@scope/pkg/a/b"`` → ``("@scope/pkg", "./a/b")``; ``"pkg"`` → ``("pkg", ".")``."""
    parts = specifier.split("/")
    size = 2 if specifier.startswith("@") else 1
    rest = "/".join(parts[size:])
    return "/".join(parts[:size]), f"./{rest}" if rest else "."


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")
