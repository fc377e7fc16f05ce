"""Which files nbbundle loads, and as what: the one table from a name's extension to its kind.

The resolver (a file's kind), the cells (which names a ``%%module`` cell may define), the
static export (which cells may be an entry), the graph picture and the compiler (which kinds
go through the TypeScript/JSX pre-pass) all read this table; the editor extension's table of
cell languages (``labextension/src/module-cell.js``) is checked against it by a test.
"""

from __future__ import annotations

import posixpath
from typing import Literal

SourceKind = Literal["js", "cjs", "json", "css", "ts", "tsx", "jsx"]
"""How a file is loaded. ``"js"`` may still turn out to be CommonJS by its syntax; ``ts``,
``tsx`` and ``jsx`` go through the TypeScript/JSX pre-pass first."""

#: The kind of a file by its extension; an extension not here is not loaded.
KIND_BY_SUFFIX: dict[str, SourceKind] = {
    ".js": "js", ".mjs": "js", ".cjs": "cjs", ".ts": "ts", ".mts": "ts", ".tsx": "tsx", ".jsx": "jsx",
    ".json": "json", ".css": "css",
}
#: The kinds the pre-pass turns into JavaScript (``typescript/prepass.py``).
TYPESCRIPT_KINDS = frozenset({"ts", "tsx", "jsx"})
#: The kinds that are scripts (a page's entry is one); the others are data and styles.
SCRIPT_KINDS = frozenset({"js", "cjs", *TYPESCRIPT_KINDS})
#: The kind of a ``data:`` URL by its MIME type (anything else is JavaScript).
_KIND_BY_MIME: dict[str, SourceKind] = {"text/css": "css", "application/json": "json"}


def url_kind(url: str) -> SourceKind:
    """The kind of a URL import: by MIME type for ``data:``, else CSS or JSON by the extension of
    its path, and JavaScript otherwise (a server decides, not the name)."""
    if url.startswith("data:"):
        mime = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
        return _KIND_BY_MIME.get(mime, "js")
    suffix = posixpath.splitext(url.split("?", 1)[0].split("#", 1)[0])[1]
    return KIND_BY_SUFFIX.get(suffix, "js") if suffix in (".css", ".json") else "js"
