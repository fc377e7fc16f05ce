"""A module's text → its ``TransformResult``, by kind, cached by content.

The one entry point of ``compile/``: JSON and CSS become modules here (``data_modules``);
TypeScript, TSX and JSX first go through the position-keeping pre-pass (``typescript/``), whose
JavaScript then takes the same road as any ``.js`` file (``javascript/compiler.py``). Results
are cached by (id, kind and options, etag), so re-running a cell or a build never compiles the
same text twice in one process, and on disk (``disk_cache``), so a restarted kernel or a second
build compiles nothing it compiled before.
"""

from __future__ import annotations

import hashlib

from nbbundle.compile import disk_cache
from nbbundle.compile.data_modules import transform_css, transform_json
from nbbundle.compile.module import EXPORTS, MODULE, REQUIRE, TransformResult
from nbbundle.compile.options import TYPESCRIPT_KINDS, CompileOptions
from nbbundle.compile.text.names import GeneratedNames

__all__ = ["EXPORTS", "MODULE", "REQUIRE", "alias", "etag_of", "sha1_hex", "transform"]


def alias(index: int) -> str:
    """The local name of the ``index``-th static dependency's namespace (default prefix)."""
    return GeneratedNames().alias(index)


def etag_of(text: str) -> str:
    """Content hash used as the module's etag and cache key."""
    return sha1_hex(text.encode())[:16]


def sha1_hex(data: bytes) -> str:
    """The SHA-1 of ``data`` in hex (content hashes: etags, resource names)."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


#: Results by (id, kind, etag). Bounded twice: a notebook session adds one entry per edit of a
#: cell, of which only the last few are worth keeping (re-running an earlier version, undo), so
#: memory per cell run does not grow; and a build of many files keeps at most _CACHE_LIMIT.
_cache: dict[tuple[str, str, str], TransformResult] = {}
_CACHE_LIMIT = 4096
_VERSIONS_PER_MODULE = 4
_versions: dict[str, list[tuple[str, str, str]]] = {}


def transform(module_id: str, source: str, kind: str = "js", *, package_type: str | None = None,
              options: CompileOptions | None = None) -> TransformResult:
    """Analyze and rewrite one module. ``kind`` is the resolver's: js, cjs, json, css, or ts,
    tsx and jsx, which a pre-pass turns into JavaScript first (``options``: JSX, Fast Refresh).

    ``package_type`` is the module type Node gives the file ("module" for ``.mjs`` and for
    ``.js`` under ``"type": "module"``, "commonjs" for ``.js`` under ``"type": "commonjs"``,
    None to decide from the syntax). The same arguments always give the same result; it is
    cached. Raises ``ParseError`` for text that is not a valid module or script.
    """
    data = source.encode()
    etag = sha1_hex(data)[:16]  # etag_of(source), encoding the text once for both
    key = (module_id, f"{kind}:{package_type}:{options}", etag)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    disk = disk_cache.active()
    if disk is None:
        result = _compile(module_id, source, data, kind, package_type, options, etag)
    else:
        disk_key = disk.key(module_id, data, key[1])
        result = disk.get(disk_key)
        if result is None:
            result = _compile(module_id, source, data, kind, package_type, options, etag)
            disk.put(disk_key, result)
    _remember(key, result)
    return result


def _compile(module_id: str, source: str, data: bytes, kind: str, package_type: str | None,
             options: CompileOptions | None, etag: str) -> TransformResult:
    if kind == "json":
        return transform_json(module_id, source, etag)
    if kind == "css":
        return transform_css(module_id, source, etag)
    # Imported here: the grammars load only when a module is compiled (a build whose modules
    # all come from the disk cache never parses), TypeScript's only for TypeScript.
    from nbbundle.compile.javascript.compiler import compile_javascript

    if kind in TYPESCRIPT_KINDS:
        from nbbundle.compile.typescript.prepass import transform_typescript

        return transform_typescript(module_id, source, kind, options, lambda text, commonjs: compile_javascript(
            module_id, text, "cjs" if commonjs else "js", None if commonjs else "module", etag, options=options))
    return compile_javascript(module_id, source, kind, package_type, etag, data, options)


def _remember(key: tuple[str, str, str], result: TransformResult) -> None:
    versions = _versions.setdefault(key[0], [])
    versions.append(key)
    if len(versions) > _VERSIONS_PER_MODULE:
        _cache.pop(versions.pop(0), None)
    if len(_cache) >= _CACHE_LIMIT:
        oldest = next(iter(_cache))  # dicts keep insertion order
        del _cache[oldest]
        _versions[oldest[0]].remove(oldest)
        if not _versions[oldest[0]]:
            del _versions[oldest[0]]
    _cache[key] = result
