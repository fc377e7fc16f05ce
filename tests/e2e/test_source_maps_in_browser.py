"""A live view's module in Chromium carries its source map: what DevTools reads (CDP's
``Debugger.scriptParsed``) names the cell as written, under one name for every version.

The kernel's code and maps come from a real ``Environment`` (a TSX cell, then an edit of it);
the page evaluates them with the view's own ``js/view-code.js``, as ``js/widget-view.js`` does.
"""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path
from typing import Any

from browser import chromium_page, requires_chromium, static_server

from nbbundle.kernel.environment import Environment

pytestmark = requires_chromium
REPO = Path(__file__).resolve().parents[2]

CELL = """/** @jsx h */
type Props = { title: string };
const h = (tag: string, props: object | null, ...children: unknown[]) => ({ tag, props, children });
export function render({ el }: { el: HTMLElement }, props?: Props) {
  el.textContent = JSON.stringify(<b title="x">{props?.title ?? "hi"}</b>);
}
"""
PAGE = """<!doctype html><script type="module">
import { evaluateModule } from "./js/view-code.js";
window.evaluateModule = evaluateModule;
document.title = "ready";
</script>"""


def _versions(tmp_path: Path) -> list[tuple[str, str]]:
    """(code, map) of the cell's first version and of its edit, as the kernel sends them."""
    environment = Environment(root=tmp_path)
    try:
        environment.define("widget.tsx", CELL)
        widget = environment.widget("widget.tsx")
        sent: list[dict[str, Any]] = []
        widget.send = sent.append  # type: ignore[method-assign]
        first = (widget._bundle["modules"]["widget.tsx"], widget._bundle["maps"]["widget.tsx"])
        environment.define("widget.tsx", CELL.replace('"hi"', '"hello"'))
        update = next(m for m in sent if m["type"] == "update")
        return [first, (update["modules"]["widget.tsx"], update["maps"]["widget.tsx"])]
    finally:
        environment.close()


def test_each_version_of_a_live_module_names_the_cell_as_written(tmp_path: Path) -> None:
    versions = _versions(tmp_path)
    site = tmp_path / "site"
    shutil.copytree(REPO / "js", site / "js")
    (site / "index.html").write_text(PAGE)
    with static_server(site) as (base, _), chromium_page() as page:
        parsed: list[dict[str, Any]] = []
        cdp = page.context.new_cdp_session(page)
        cdp.on("Debugger.scriptParsed", lambda event: parsed.append(event))
        cdp.send("Debugger.enable")
        page.goto(f"{base}/index.html")
        page.wait_for_function("document.title === 'ready'")
        for number, (code, source_map) in enumerate(versions, start=1):
            page.evaluate("([code, map, version]) => { window.evaluateModule('widget.tsx', code, version, map); }",
                          [code, source_map, number])
        scripts: dict[str, dict[str, Any]] = {}
        for _ in range(200):  # CDP's events arrive on their own: wait for both (at most 10 s)
            scripts = {event["url"]: event for event in parsed if event["url"].startswith("nbbundle:///")}
            if len(scripts) >= len(versions):
                break
            page.wait_for_timeout(50)
        assert sorted(scripts) == ["nbbundle:///widget.tsx?v=1", "nbbundle:///widget.tsx?v=2"]
        for number, text in ((1, CELL), (2, CELL.replace('"hi"', '"hello"'))):
            url = scripts[f"nbbundle:///widget.tsx?v={number}"]["sourceMapURL"]
            prefix = "data:application/json;charset=utf-8;base64,"
            assert url.startswith(prefix)
            source_map = json.loads(base64.b64decode(url[len(prefix):]))
            assert source_map["sources"] == ["nbbundle:///widget.tsx"]  # the same name for both versions
            assert source_map["sourcesContent"] == [text]  # TypeScript and JSX as written
