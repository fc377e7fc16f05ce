"""A module's text → its ``TransformResult``, by kind, cached by content.

The one entry point of ``compile/``: JSON, CSS and assets become modules here (``data_modules``,
``stylesheets``, ``assets``);
TypeScript, TSX and JSX first go through the position-keeping pre-pass (``typescript/``), whose
JavaScript then takes the same road as any ``.js`` file (``javascript/compiler.py``). Results
are cached by (id, kind and options, etag), so re-running a cell or a build never compiles the
same text twice in one process, and on disk (``disk_cache``), so a restarted kernel or a second
build compiles nothing it compiled before.
"""

from __future__ import annotations

import gc
import hashlib
import pickle

from nbbundle.compile import disk_cache
from nbbundle.compile.cache import VersionedCache
from nbbundle.compile.data_modules import transform_json
from nbbundle.compile.kinds import TYPESCRIPT_KINDS
from nbbundle.compile.module import EXPORTS, MODULE, REQUIRE, TransformResult
from nbbundle.compile.options import CompileOptions
from nbbundle.compile.text.names import GeneratedNames

__all__ = ["EXPORTS", "MODULE", "REQUIRE", "alias", "etag_of", "minified", "sha1_hex", "transform"]


def alias(index: int) -> str:
    """The local name of the ``index``-th static dependency's namespace (default prefix)."""
    return GeneratedNames().alias(index)


def etag_of(text: str) -> str:
    """Content hash used as the module's etag and cache key."""
    return sha1_hex(text.encode())[:16]


def sha1_hex(data: bytes) -> str:
    """The SHA-1 of ``data`` in hex (content hashes: etags, resource names)."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


#: Results by (id, kind and options, the text's hash: the etag, or the disk cache's key when it is on),
#: a few versions per module (``cache.py``).
_cache: VersionedCache[TransformResult] = VersionedCache()


def transform(module_id: str, source: str, kind: str = "js", *, package_type: str | None = None,
              options: CompileOptions | None = None) -> TransformResult:
    """Analyze and rewrite one module. ``kind`` is the resolver's: js, cjs, json, css, ts,
    tsx and jsx, which a pre-pass turns into JavaScript first (``options``: JSX, Fast Refresh),
    or asset, inline and raw, whose ``source`` is the file's bytes in base64 (``assets.py``).

    ``package_type`` is the module type Node gives the file ("module" for ``.mjs`` and for
    ``.js`` under ``"type": "module"``, "commonjs" for ``.js`` under ``"type": "commonjs"``,
    None to decide from the syntax). The same arguments always give the same result; it is
    cached. Raises ``ParseError`` for text that is not a valid module or script.
    """
    if kind == "empty":
        # What a package.json "browser" map's `false` stands for: CommonJS whose exports are {}.
        source, kind, package_type = "", "cjs", None
    data = source.encode()
    variant = f"{kind}:{package_type}:{_options_text(options)}"
    disk = disk_cache.active()
    if disk is None:
        etag = sha1_hex(data)[:16]  # etag_of(source), encoding the text once for both
        key = (module_id, variant, etag)
        cached = _cache.get(key)
        if cached is not None:
            return cached
        result = _compile(module_id, source, data, kind, package_type, options, etag)
    else:
        # One pass over the text for both: its SHA-1 is the etag, and the disk's key (which
        # covers the id and the variant too, and is the memory's etag part) hashes that digest
        # rather than the text again.
        digest = hashlib.sha1(data, usedforsecurity=False).digest()
        disk_key = disk.key(module_id, digest, variant)
        key = (module_id, variant, disk_key)
        cached = _cache.get(key)
        if cached is not None:
            return cached
        result = disk.get(disk_key)
        if result is None:
            result = _compile(module_id, source, data, kind, package_type, options, digest.hex()[:16])
            disk.put(disk_key, result)
    _cache.put(key, result)
    return result


def minified(result: TransformResult) -> TransformResult:
    """``result`` minified (``minify.minify_result``), cached by content like a compile: a
    production build minifies each module after tree shaking, so the key is everything the
    minifier reads of the shaken result: the whole result, which the minified one copies)."""
    if result.kind not in ("esm", "cjs") or result.failure is not None:
        return result
    from nbbundle.compile.minify import minify_result  # only for minified builds

    data = pickle.dumps(result, protocol=5)
    disk = disk_cache.active()
    digest = sha1_hex(data)[:16] if disk is None else disk.key(result.id, data, _MINIFIED)
    key = (result.id, _MINIFIED, digest)
    cached = _cache.get(key)
    if cached is None:
        cached = disk.get(digest) if disk is not None else None
        if cached is None:
            collecting = gc.isenabled()
            gc.disable()  # as for a compile (``_compile``)
            try:
                cached = minify_result(result)
            finally:
                if collecting:
                    gc.enable()
            if disk is not None:
                disk.put(digest, cached)
        _cache.put(key, cached)
    return cached


_MINIFIED = "minified"


#: The last options seen and their text: a build passes one options record to every module,
#: and writing a dataclass out costs more than a small module's other bookkeeping.
_last_options: list[tuple[CompileOptions | None, str]] = [(None, "None")]


def _options_text(options: CompileOptions | None) -> str:
    """``str(options)``, remembered for the last record seen (by identity: it is immutable)."""
    last, text = _last_options[0]
    if last is not options:
        text = str(options)
        _last_options[0] = (options, text)
    return text


def _compile(module_id: str, source: str, data: bytes, kind: str, package_type: str | None,
             options: CompileOptions | None, etag: str) -> TransformResult:
    # A compile makes many objects that live until it ends: the cycle collector, which runs
    # every few hundred allocations and walks what is alive, made a big module cost more per
    # byte than a small one. It is off for the compile, and frees what it left afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = _compile_by_kind(module_id, source, data, kind, package_type, options, etag)
        # A production build minifies after tree shaking (``bundle/tree_shake.py``), only what
        # the program keeps; a development one with ``--minify`` minifies every module here.
        if options is not None and options.minify and options.mode != "production":
            from nbbundle.compile.minify import minify_result  # only for minified builds

            result = minify_result(result)
        return result
    finally:
        if collecting:
            gc.enable()


def _compile_by_kind(module_id: str, source: str, data: bytes, kind: str, package_type: str | None,
                     options: CompileOptions | None, etag: str) -> TransformResult:
    if kind == "json":
        return transform_json(module_id, source, etag)
    if kind == "css":
        from nbbundle.compile.stylesheets import transform_stylesheet  # tinycss2: only for CSS

        return transform_stylesheet(module_id, source, etag)
    if kind in ("asset", "inline", "raw"):
        from nbbundle.compile.assets import transform_asset

        return transform_asset(module_id, source, kind, etag, options)
    # Imported here: the grammars load only when a module is compiled (a build whose modules
    # all come from the disk cache never parses), TypeScript's only for TypeScript.
    from nbbundle.compile.javascript.compiler import compile_javascript

    if kind in TYPESCRIPT_KINDS:
        from nbbundle.compile.typescript.prepass import transform_typescript

        return transform_typescript(module_id, source, kind, options, lambda text, commonjs: compile_javascript(
            module_id, text, "cjs" if commonjs else "js", None if commonjs else "module", etag, options=options))
    return compile_javascript(module_id, source, kind, package_type, etag, data, options)

