"""Read package.json files and resolve their ``exports`` and ``imports`` fields.

This is the half of resolution that knows about package.json; ``resolve.py`` is the half that
knows about the file system, the same split as esbuild's ``resolver.go`` / ``package_json.go``.
The functions follow Node's resolution algorithm
(https://nodejs.org/api/esm.html#resolution-algorithm-specification) step by step, and keep
its names in their docstrings so the two can be read side by side.

The spec has two "no result" values and so does this module. ``None`` is the spec's ``null``:
the package author blocked the path (a ``null`` target or an empty array), and the search stops.
``_NO_MATCH`` is the spec's ``undefined``: no condition matched here, so the caller tries its
next alternative. Mixing them up lets ``{"browser": null, "default": "./x.js"}`` leak
``./x.js`` into a browser build, which is exactly what the author wrote ``null`` to prevent.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from nbbundle.compile.record import Record

if TYPE_CHECKING:
    from collections.abc import Collection

    from nbbundle.resolve.filesystem import FileSystem

__all__ = [
    "Json",
    "PackageJson",
    "PackageJsonCache",
    "PackageJsonError",
    "exported_subpaths",
    "parse_package_json",
    "resolve_exports",
    "resolve_imports",
]

Json: TypeAlias = "str | int | float | bool | list[Json] | dict[str, Json] | None"
"""A parsed JSON value, as ``json.loads`` returns it."""


class PackageJsonError(ValueError):
    """A package.json that cannot be parsed, or whose ``exports``/``imports`` are invalid."""


class PackageJson(Record):
    """The fields of a package.json that resolution reads.

    Fields of the wrong JSON type are read as missing, as Node does for ``main``: a package
    with ``"module": 1`` should still load through ``main``, not fail.
    """

    __slots__ = _fields = ("dir", "name", "type", "exports", "imports", "module", "main", "browser", "browser_map")

    def __init__(self, dir: Path, name: str | None, type: str | None, exports: Json,  # noqa: A002, PLR0913
                 imports: dict[str, Json] | None, module: str | None, main: str | None, browser: str | None,
                 browser_map: dict[str, str | None] | None = None) -> None:
        self.dir = dir
        """The folder that holds the package.json (absolute)."""
        self.name = name
        self.type = type
        """``"module"`` or ``"commonjs"``; any other value reads as missing."""
        self.exports = exports
        """``None`` when absent or ``null``: both mean "no exports map" in Node."""
        self.imports = imports
        self.module = module
        self.main = main
        self.browser = browser
        """The string form (``"browser": "./dist/browser.js"``): the package's main for browsers."""
        self.browser_map = browser_map
        """The object form: a path or package name → its replacement, ``None`` for ``false`` (an
        empty module). Keys as written (``browser_map.py`` tries their spellings); ``true`` and
        values of other types are left out, as esbuild leaves them."""


def _string_field(data: dict[str, Json], key: str) -> str | None:
    value = data.get(key)
    # An empty "main" is common in generated package.json files and means "no main".
    return value if isinstance(value, str) and value else None


def parse_package_json(directory: Path, text: str) -> PackageJson:
    """Parse the text of ``directory/package.json``.

    Raises
    ------
    PackageJsonError
        When the text is not a JSON object.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        msg = f"{err.msg} at line {err.lineno}, column {err.colno}"
        raise PackageJsonError(msg) from err
    if not isinstance(data, dict):
        msg = "the top level is not a JSON object"
        raise PackageJsonError(msg)
    package_type = data.get("type")
    imports = data.get("imports")
    return PackageJson(
        dir=directory,
        name=_string_field(data, "name"),
        type=package_type if package_type in ("module", "commonjs") else None,
        exports=data.get("exports"),
        imports=imports if isinstance(imports, dict) else None,
        module=_string_field(data, "module"),
        main=_string_field(data, "main"),
        browser=_string_field(data, "browser"),
        browser_map=_browser_map(data.get("browser")),
    )


def _browser_map(value: Json) -> dict[str, str | None] | None:
    """The object form of ``browser``: string values replace, ``false`` disables."""
    if not isinstance(value, dict):
        return None
    remaps: dict[str, str | None] = {}
    for key, target in value.items():
        if isinstance(target, str):
            remaps[key] = target
        elif target is False:
            remaps[key] = None
    return remaps


class PackageJsonCache:
    """Reads each package.json once, keyed by its folder.

    A missing file is cached too (as ``None``): most folders on the way up to the project root
    have no package.json, and they are asked about for every import.
    """

    def __init__(self, fs: FileSystem) -> None:
        self._fs = fs
        self._by_dir: dict[str, PackageJson | None] = {}

    def get(self, directory: str) -> PackageJson | None:
        """Return the package.json in the absolute folder ``directory``, or ``None``."""
        try:
            return self._by_dir[directory]
        except KeyError:
            pass
        path = os.path.join(directory, "package.json")
        package = None
        if self._fs.is_file(path):
            try:
                package = parse_package_json(Path(directory), self._fs.read_text(path))
            except PackageJsonError as err:
                msg = f'Invalid "{Path(path).as_posix()}": {err}'
                raise PackageJsonError(msg) from err
        self._by_dir[directory] = package
        return package

    def clear(self) -> None:
        """Forget every file read so far (call after files change on disk)."""
        self._by_dir.clear()


class _NoMatch:
    """The spec's ``undefined``: nothing matched, try the next alternative."""


_NO_MATCH = _NoMatch()
_Resolved: TypeAlias = "str | _NoMatch | None"

# Node rejects these segments in targets and pattern matches so that a package can never point
# outside its own folder or into someone else's node_modules (PACKAGE_TARGET_RESOLVE step 1.2).
_INVALID_SEGMENTS = frozenset(("", ".", "..", "node_modules"))
_URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _has_invalid_segment(path: str) -> bool:
    return any(segment.lower() in _INVALID_SEGMENTS for segment in re.split(r"[/\\]", path))


def _has_subpath_keys(exports: dict[str, Json]) -> bool:
    """Whether ``exports`` maps subpaths (``"."``, ``"./x"``) rather than conditions."""
    keys = [key.startswith(".") for key in exports]
    if any(keys) and not all(keys):
        msg = (
            '"exports" cannot mix subpath keys (starting with ".") and condition keys '
            f"in one object: {', '.join(json.dumps(key) for key in exports)}"
        )
        raise PackageJsonError(msg)
    return bool(keys) and keys[0]


def resolve_exports(exports: Json, subpath: str, conditions: Collection[str]) -> str | None:
    """Map ``subpath`` through an ``exports`` field (PACKAGE_EXPORTS_RESOLVE).

    Parameters
    ----------
    exports
        The ``exports`` value of the package.json.
    subpath
        ``"."`` for the package itself, or ``"./x"`` for ``import "pkg/x"``.
    conditions
        Active conditions; ``"default"`` always matches.

    Returns
    -------
    str or None
        The target relative to the package folder (``"./dist/x.js"``), or ``None`` when the
        subpath is not exported or is blocked by a ``null`` target.

    Raises
    ------
    PackageJsonError
        When the exports map or the matched target is invalid.

    Examples
    --------
    >>> resolve_exports({".": {"browser": "./b.js", "default": "./n.js"}}, ".", {"browser"})
    './b.js'
    >>> resolve_exports({"./features/*": "./src/*.js"}, "./features/x", set())
    './src/x.js'
    """
    subpath_keyed = isinstance(exports, dict) and _has_subpath_keys(exports)
    if subpath == ".":
        main_export: Json | _NoMatch = _NO_MATCH
        if isinstance(exports, dict):
            if not subpath_keyed:
                main_export = exports
            elif "." in exports:
                main_export = exports["."]
        else:
            main_export = exports
        if isinstance(main_export, _NoMatch):
            return None
        resolved = _resolve_target(main_export, None, conditions, is_imports=False)
    elif isinstance(exports, dict) and subpath_keyed:
        resolved = _resolve_imports_exports(subpath, exports, conditions, is_imports=False)
    else:
        return None
    return resolved if isinstance(resolved, str) else None


def resolve_imports(
    imports: dict[str, Json], specifier: str, conditions: Collection[str]
) -> str | None:
    """Map a ``#internal`` specifier through an ``imports`` field (PACKAGE_IMPORTS_RESOLVE).

    Returns
    -------
    str or None
        A target relative to the package folder (``"./src/x.js"``), a bare package specifier
        (``"lodash-es"``; only ``imports`` may point at other packages), or ``None`` when the
        specifier is not defined or is blocked.
    """
    if specifier == "#" or specifier.startswith("#/"):
        return None
    resolved = _resolve_imports_exports(specifier, imports, conditions, is_imports=True)
    return resolved if isinstance(resolved, str) else None


def exported_subpaths(exports: Json) -> list[str]:
    """List the subpaths an ``exports`` field makes public, in file order, for error hints."""
    if exports is None:
        return []
    if isinstance(exports, dict) and exports and next(iter(exports)).startswith("."):
        return [key for key, value in exports.items() if value is not None]
    return ["."]


def _pattern_key(key: str) -> tuple[int, int]:
    # PATTERN_KEY_COMPARE: the longer prefix before "*" wins, then the longer key overall.
    return (-key.index("*"), -len(key))


def _resolve_imports_exports(
    match_key: str, match_obj: dict[str, Json], conditions: Collection[str], *, is_imports: bool
) -> _Resolved:
    """PACKAGE_IMPORTS_EXPORTS_RESOLVE: an exact key first, then the most specific pattern."""
    if match_key in match_obj and "*" not in match_key:
        return _resolve_target(match_obj[match_key], None, conditions, is_imports=is_imports)
    patterns = sorted((key for key in match_obj if key.count("*") == 1), key=_pattern_key)
    for key in patterns:
        base, _, trailer = key.partition("*")
        if not match_key.startswith(base) or match_key == base:
            continue
        if not trailer or (match_key.endswith(trailer) and len(match_key) >= len(key)):
            pattern_match = match_key[len(base) : len(match_key) - len(trailer)]
            return _resolve_target(match_obj[key], pattern_match, conditions, is_imports=is_imports)
    return None


def _resolve_target(
    target: Json, pattern_match: str | None, conditions: Collection[str], *, is_imports: bool
) -> _Resolved:
    """PACKAGE_TARGET_RESOLVE for one target: a string, a condition object or an array."""
    if isinstance(target, str):
        return _resolve_string_target(target, pattern_match, is_imports=is_imports)
    if isinstance(target, dict):
        # Object order is the package author's priority order, not the order of `conditions`.
        for key, value in target.items():
            if key == "default" or key in conditions:
                resolved = _resolve_target(value, pattern_match, conditions, is_imports=is_imports)
                if not isinstance(resolved, _NoMatch):
                    return resolved
        return _NO_MATCH
    if isinstance(target, list):
        return _resolve_array_target(target, pattern_match, conditions, is_imports=is_imports)
    if target is None:
        return None
    msg = f"Invalid target {json.dumps(target)}: a target must be a string, an object or an array"
    raise PackageJsonError(msg)


def _resolve_array_target(
    targets: list[Json], pattern_match: str | None, conditions: Collection[str], *, is_imports: bool
) -> _Resolved:
    """Return the first target of a fallback array that resolves.

    Node's implementation (not its spec text) also skips ``null`` entries, and returns or
    raises whatever the last entry gave when none resolved.
    """
    if not targets:
        return None
    last: _Resolved | PackageJsonError = _NO_MATCH
    for item in targets:
        try:
            resolved = _resolve_target(item, pattern_match, conditions, is_imports=is_imports)
        except PackageJsonError as err:
            last = err
            continue
        if isinstance(resolved, str):
            return resolved
        last = resolved
    if isinstance(last, PackageJsonError):
        raise last
    return last


def _resolve_string_target(target: str, pattern_match: str | None, *, is_imports: bool) -> str:
    if not target.startswith("./"):
        if is_imports and not target.startswith(("../", "/")) and not _URL_SCHEME.match(target):
            # An `imports` entry may name another package ("#dep": "lodash-es").
            return target if pattern_match is None else target.replace("*", pattern_match)
        msg = f'Invalid target "{target}": targets must start with "./"'
        raise PackageJsonError(msg)
    if _has_invalid_segment(target[2:]):
        msg = f'Invalid target "{target}": it must stay inside the package folder'
        raise PackageJsonError(msg)
    if pattern_match is None:
        return target
    if _has_invalid_segment(pattern_match):
        msg = f'The path "{pattern_match}" matched by "*" must stay inside the package folder'
        raise PackageJsonError(msg)
    return target.replace("*", pattern_match)
