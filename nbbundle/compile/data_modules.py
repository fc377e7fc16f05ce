"""JSON files as modules: a default export parsed with ``JSON.parse`` (not an object literal,
where a ``"__proto__"`` key would set the prototype instead of becoming a property).
Stylesheets are ``stylesheets.py``; other files ``assets.py``.
"""

from __future__ import annotations

import json

from nbbundle.compile.errors import ParseError, make_diagnostic
from nbbundle.compile.module import LocalExport, TransformResult


def transform_json(module_id: str, source: str, etag: str) -> TransformResult:
    try:
        json.loads(source)
    except json.JSONDecodeError as error:
        offset = len(source[: error.pos].encode())
        diagnostic = make_diagnostic(
            "PARSE_ERROR", f"Invalid JSON: {error.msg}", module_id, source, (offset, offset + 1)
        )
        raise ParseError([diagnostic]) from None
    # JSON.parse rather than an object literal: a "__proto__" key must stay an own property.
    body = f"var __nbb_json__ = JSON.parse({json.dumps(source)});"
    return TransformResult(
        module_id, "json", etag, (body,), exports={"default": LocalExport("__nbb_json__")}, size=len(source)
    )
