"""Stylesheets and JSON files as modules: the text becomes a small ES module init body.

* CSS (Vite's CSS-as-a-module): the style goes into one ``<style>`` per module, updated in place
  when the module runs again; the module accepts itself and its prune removes the style.
* JSON: a default export parsed with ``JSON.parse`` (not an object literal, where a
  ``"__proto__"`` key would set the prototype instead of becoming a property).
"""

from __future__ import annotations

import json

from nbbundle.compile.errors import ParseError, make_diagnostic
from nbbundle.compile.module import MODULE, REQUIRE, HotInfo, LocalExport, TransformResult


def transform_css(module_id: str, source: str, etag: str) -> TransformResult:
    # Vite's CSS-as-a-module: the style updates in place and accepts itself; prune removes it.
    key = json.dumps(module_id)
    body = (
        f"{REQUIRE}.css({key}, {json.dumps(source)});\n"
        f"if ({MODULE}.meta.hot) {{ {MODULE}.meta.hot.accept(); "
        f"{MODULE}.meta.hot.prune(function () {{ {REQUIRE}.css({key}, null); }}); }}"
    )
    return TransformResult(module_id, "css", etag, (body,), hot=HotInfo(self_accepting=True), size=len(source))


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
