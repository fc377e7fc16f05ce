"""Assets as modules (Vite's asset handling): images, fonts, media, ``.wasm``, text and data files.

An asset module's text is the file's bytes in base64 (``resolve/filesystem.ASSET_KINDS``), so
it travels through the same caches, workers and cells as any module text. Its default export
is what the import asked for:

* ``"asset"`` (a plain import, or ``?url``): a URL that works where the module runs. Under
  ``CompileOptions.asset_inline_limit`` bytes (or always, when the limit is None: the live
  view), a ``data:`` URL; otherwise an emitted file named ``<stem>.<hash><ext>`` beside the
  bundle (``TransformResult.emitted``), whose URL the runtime resolves against the URL of the
  resource that registered the module (``__nbb_require__.u``), as Vite resolves
  ``/assets/logo-<hash>.png`` against its base.
* ``"inline"`` (``?inline``): always a ``data:`` URL.
* ``"raw"`` (``?raw``): the file's UTF-8 text.

What travels inline is bounded: past ``INLINE_WARNING_BYTES`` a warning says the asset bloats
every message and the saved notebook, past ``INLINE_LIMIT_BYTES`` it is an error (the last
good version keeps running). Media types come from a fixed table, not the system's
``mimetypes`` database, so the same file gives the same bytes on every machine.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import posixpath
import re

from nbbundle.compile.errors import Diagnostic, ParseError
from nbbundle.compile.module import REQUIRE, EmittedFile, LocalExport, TransformResult
from nbbundle.compile.options import CompileOptions

__all__ = ["INLINE_LIMIT_BYTES", "INLINE_WARNING_BYTES", "VITE_INLINE_LIMIT", "media_type", "transform_asset"]

#: Vite's ``build.assetsInlineLimit``: smaller assets of a build become ``data:`` URLs.
VITE_INLINE_LIMIT = 4096
#: An inline asset past this size is a warning (it travels in every view's state and message).
INLINE_WARNING_BYTES = 1 << 20
#: An inline asset past this size is refused.
INLINE_LIMIT_BYTES = 20 << 20
_LOCAL = "__nbb_asset__"

_MEDIA_TYPES = {
    ".apng": "image/apng", ".avif": "image/avif", ".bmp": "image/bmp", ".gif": "image/gif",
    ".ico": "image/x-icon", ".jpeg": "image/jpeg", ".jpg": "image/jpeg", ".png": "image/png",
    ".svg": "image/svg+xml", ".webp": "image/webp",
    ".otf": "font/otf", ".ttf": "font/ttf", ".woff": "font/woff", ".woff2": "font/woff2",
    ".aac": "audio/aac", ".flac": "audio/flac", ".mp3": "audio/mpeg", ".ogg": "audio/ogg",
    ".opus": "audio/ogg", ".wav": "audio/wav", ".m4a": "audio/mp4",
    ".mp4": "video/mp4", ".webm": "video/webm", ".mov": "video/quicktime",
    ".wasm": "application/wasm", ".pdf": "application/pdf",
    ".txt": "text/plain", ".csv": "text/csv", ".tsv": "text/tab-separated-values",
    ".html": "text/html", ".htm": "text/html", ".xml": "application/xml", ".md": "text/markdown",
    ".geojson": "application/geo+json", ".json": "application/json", ".css": "text/css",
    ".js": "text/javascript", ".mjs": "text/javascript",
}
# Names of emitted files keep only what is safe in any URL and file system.
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def media_type(module_id: str) -> str:
    """The media type of an asset by its extension; ``application/octet-stream`` when unknown."""
    path = module_id.split("?", 1)[0]
    return _MEDIA_TYPES.get(posixpath.splitext(path)[1].lower(), "application/octet-stream")


def transform_asset(module_id: str, source: str, kind: str, etag: str,
                    options: CompileOptions | None) -> TransformResult:
    """The module of an asset whose bytes are ``source`` (base64), loaded as ``kind``."""
    try:
        data = base64.b64decode(source, validate=True)
    except (binascii.Error, ValueError):
        raise ParseError([Diagnostic("ASSET_ERROR", "The asset's data is not valid base64", module_id)]) from None
    warnings: tuple[Diagnostic, ...] = ()
    emitted = None
    if kind == "raw":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            message = f"?raw imports the file as UTF-8 text, but byte {error.start} is not UTF-8"
            raise ParseError([Diagnostic("ASSET_ERROR", message, module_id,
                                         hint="Import it without ?raw for its URL, or with ?inline for a data: URL.")]) from None
        value = json.dumps(text)
    else:
        limit = None if options is None else options.asset_inline_limit
        if kind == "inline" or limit is None or len(data) < limit:
            warnings = _check_inline_size(module_id, len(data))
            value = json.dumps(f"data:{media_type(module_id)};base64,{source}")
        else:
            emitted = EmittedFile(emitted_name(module_id, data), source)
            value = f"{REQUIRE}.u({json.dumps(emitted.name)})"
    body = f"var {_LOCAL} = {value};"
    return TransformResult(module_id, "asset", etag, (body,), exports={"default": LocalExport(_LOCAL)},
                           size=len(data), warnings=warnings, emitted=emitted)


def emitted_name(module_id: str, data: bytes) -> str:
    """``<stem>.<first 8 hex of the SHA-1>.<ext>``: a new name whenever the bytes change."""
    stem, extension = posixpath.splitext(posixpath.basename(module_id.split("?", 1)[0]))
    stem = _UNSAFE_NAME.sub("_", stem).strip("_") or "asset"
    extension = _UNSAFE_NAME.sub("", extension[1:])
    return f"{stem}.{hashlib.sha1(data, usedforsecurity=False).hexdigest()[:8]}" + (f".{extension}" if extension else "")


def _check_inline_size(module_id: str, size: int) -> tuple[Diagnostic, ...]:
    if size > INLINE_LIMIT_BYTES:
        message = (f"The asset is {size / (1 << 20):.1f} MB; nbbundle inlines assets as data: URLs in a live view "
                   f"and refuses those over {INLINE_LIMIT_BYTES >> 20} MB")
        hint = "Serve a file this large from a URL (an https:// import, or fetch() it), or make it smaller."
        raise ParseError([Diagnostic("ASSET_TOO_LARGE", message, module_id, hint=hint)])
    if size > INLINE_WARNING_BYTES:
        message = (f"The asset is {size / (1 << 20):.1f} MB and travels as a data: URL in every view's state, "
                   "update message and the saved notebook")
        return (Diagnostic("LARGE_ASSET", message, module_id, severity="warning",
                           hint=f"Assets over {INLINE_LIMIT_BYTES >> 20} MB are refused."),)
    return ()
