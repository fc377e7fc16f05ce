"""``python -m nbbundle export``'s site in Chromium, for both loading strategies.

A notebook written to disk (no kernel) with a counter app, a CSS module, a package from
node_modules, a lazily imported chart with its own CSS, and a module whose source holds
``</script>``, ``<!--``, both quote kinds and U+2028. The site is served from a static server
that records every request, so "loaded only when its import() runs" is checked on the wire.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from browser import chromium_page, requires_chromium, static_server
from site_files import hashed_file
from nbformat.v4 import new_code_cell, new_notebook

pytestmark = requires_chromium

TRICKY = "</script><!-- it's \"quoted\" \u2028 -->"

APP = """\
import "./style.css";
import { greet } from "greet";
import { tricky, raw } from "./text.js";

export default {
  render({ model, el }) {
    const counter = document.createElement("button");
    counter.className = "counter";
    const show = () => { counter.textContent = `clicks: ${model.get("count")}`; };
    model.on("change:count", show);
    show();
    counter.addEventListener("click", () => { model.set("count", model.get("count") + 1); model.save_changes(); });
    const text = document.createElement("p");
    text.className = "tricky";
    text.textContent = tricky;
    const rawText = document.createElement("p");
    rawText.className = "raw";
    rawText.textContent = raw;
    const hello = document.createElement("p");
    hello.className = "greeting";
    hello.textContent = greet(model.get("name"));
    const lazy = document.createElement("button");
    lazy.className = "lazy";
    lazy.textContent = "Show the chart";
    lazy.addEventListener("click", async () => {
      const { drawChart } = await import("./chart.js");
      drawChart(el, [3, 1, 4]);
    });
    el.append(counter, text, rawText, hello, lazy);
  },
};
"""

CHART = """\
import "./chart.css";
export function drawChart(el, values) {
  const chart = document.createElement("div");
  chart.className = "chart";
  for (const value of values) {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.style.width = `${value * 10}px`;
    chart.append(bar);
  }
  el.append(chart);
}
"""


def write_notebook(folder: Path) -> Path:
    package = folder / "node_modules" / "greet"
    package.mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "greet", "type": "module", "main": "index.js"}))
    (package / "index.js").write_text("export function greet(name) { return `hello, ${name}`; }\n")
    # json.dumps gives a JS string literal; the \u2028 escape is valid JS and becomes the character.
    text = (f"export const tricky = {json.dumps(TRICKY)};\n"
            f"export const raw = 'raw: \u2028 \"double\" and \\'single\\' </script>';\n")
    notebook = new_notebook()
    notebook.cells = [
        new_code_cell("%load_ext nbbundle"),
        new_code_cell("%%module style.css\n.counter { background: rgb(47, 111, 223); color: white; }\n"),
        new_code_cell(f"%%module text.js\n{text}"),
        new_code_cell("%%module chart.css\n.chart .bar { height: 8px; background: rgb(220, 20, 60); margin: 2px; }\n"),
        new_code_cell(f"%%module chart.js\n{CHART}"),
        new_code_cell(f"%%module app.js --show\n{APP}"),
        new_code_cell('import nbbundle\nnbbundle.show("app.js", count=3, name="site")'),
    ]
    path = folder / "app.ipynb"
    nbformat.write(notebook, path)
    return path


def export(notebook: Path, out: Path, *extra: str) -> None:
    result = subprocess.run([sys.executable, "-m", "nbbundle", "export", str(notebook), "-o", str(out), *extra],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("strategy", ["modern", "legacy"])
def test_exported_site_renders_styles_and_loads_async_resources_on_demand(tmp_path: Path, strategy: str) -> None:
    notebook = write_notebook(tmp_path)
    site = tmp_path / "site"
    export(notebook, site, *(["--legacy"] if strategy == "legacy" else []))
    async_files = sorted(p.name for p in site.glob("chart.*.js"))
    assert len(async_files) == 1
    chart_resource = f"/{async_files[0]}"
    chart_style = f"/{hashed_file(site, 'chart.css').name}"
    app_file = hashed_file(site, "app.js").name

    with static_server(site) as (base, requested), chromium_page() as page:
        console_errors: list[str] = []
        page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
        page.goto(f"{base}/index.html")
        counter = page.locator("button.counter")
        counter.wait_for()
        assert counter.text_content() == "clicks: 3"  # the widget state the notebook showed it with
        counter.click()
        counter.click()
        assert counter.text_content() == "clicks: 5"
        assert counter.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(47, 111, 223)"
        assert page.locator("p.tricky").text_content() == TRICKY
        assert page.locator("p.raw").text_content() == "raw: \u2028 \"double\" and 'single' </script>"
        assert page.locator("p.greeting").text_content() == "hello, site"
        assert page.evaluate("document.querySelectorAll('style[data-nbbundle-id]').length") == 0  # CSS is linked

        assert chart_resource not in requested
        assert chart_style not in requested
        state = "() => __acquire_farm_module_system__().getModuleState('chart.js')"
        assert page.evaluate(state) == "unregistered"

        page.locator("button.lazy").click()
        page.locator(".chart .bar").first.wait_for()
        assert page.locator(".chart .bar").count() == 3
        assert chart_resource in requested
        assert chart_style in requested
        assert page.evaluate(state) == "initialized"
        # The chart's style resource loaded together with its script: applied at first paint.
        bar = page.locator(".chart .bar").first
        assert bar.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(220, 20, 60)"
        kind = page.evaluate(f"document.querySelector('script[src=\"{app_file}\"]').type")
        assert kind == ("module" if strategy == "modern" else "")
        injected = page.evaluate(f"document.querySelectorAll('script[src$=\"{async_files[0]}\"]').length")
        assert injected == (1 if strategy == "legacy" else 0)  # legacy: an injected <script>
        assert console_errors == [], (console_errors, requested)
        assert requested.count(chart_resource) == 1


def test_a_failing_entry_shows_a_readable_error_on_the_page(tmp_path: Path) -> None:
    notebook = new_notebook()
    notebook.cells = [new_code_cell('%%module app.js --show\nexport default { render() { throw new Error("boom <b>"); } };\n')]
    nbformat.write(notebook, tmp_path / "broken.ipynb")
    export(tmp_path / "broken.ipynb", tmp_path / "site")
    with static_server(tmp_path / "site") as (base, _requested), chromium_page() as page:
        page.goto(f"{base}/index.html")
        alert = page.get_by_role("alert")
        alert.wait_for()
        assert "app.js could not start" in alert.text_content()
        assert "Error: boom <b>" in alert.text_content()


def test_a_site_opened_from_disk_says_how_to_serve_it(tmp_path: Path) -> None:
    notebook = new_notebook()
    notebook.cells = [new_code_cell('%%module app.js --show\nexport default { render({ el }) { el.textContent = "up"; } };\n')]
    nbformat.write(notebook, tmp_path / "app.ipynb")
    export(tmp_path / "app.ipynb", tmp_path / "site")
    with chromium_page() as page:
        page.goto((tmp_path / "site" / "index.html").as_uri())
        alert = page.get_by_role("alert")
        alert.wait_for()
        text = alert.text_content()
        assert "app.js could not start" in text
        assert "python -m http.server -d" in text and "--legacy" in text
    export(tmp_path / "app.ipynb", tmp_path / "legacy", "--legacy")
    with chromium_page() as page:  # the legacy page opens from disk as it is
        page.goto((tmp_path / "legacy" / "index.html").as_uri())
        page.wait_for_function("() => document.querySelector('.nbbundle-app')?.textContent === 'up'")
