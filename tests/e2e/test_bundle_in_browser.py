"""The CLI's bundle in a real browser: a classic <script> that renders, styles and lazy-loads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from browser import chromium_page, requires_chromium, static_server

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hello"

pytestmark = requires_chromium


def build_example(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("dist"))
    subprocess.run(
        [sys.executable, "-m", "nbbundle", "build", str(site / "main.js"), "-o", str(site / "dist" / "hello.js")],
        check=True, capture_output=True,
    )
    return site


def test_example_renders_counts_styles_and_loads_the_chart_on_demand(tmp_path: Path) -> None:
    site = build_example(tmp_path)
    with static_server(site) as (base, _requested), chromium_page() as page:
        page.goto(f"{base}/index.html")
        counter = page.locator("button.counter")
        assert counter.text_content() == "clicks: 0"
        counter.click()
        counter.click()
        assert counter.text_content() == "clicks: 2"  # a live binding read after increment()
        background = counter.evaluate("el => getComputedStyle(el).backgroundColor")
        assert background == "rgb(47, 111, 223)"  # style.css was injected by its module
        state = "() => __acquire_farm_module_system__().getModuleState('chart.js')"
        assert page.evaluate(state) == "unregistered"  # its async resource has not run yet
        page.get_by_text("Show the chart").click()
        page.locator(".chart .bar").first.wait_for()
        assert page.locator(".chart .bar").count() == 4
        assert page.evaluate(state) == "initialized"


def test_import_meta_url_is_relative_to_the_script(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "main.js").write_text("document.title = import.meta.url;\n")
    (site / "index.html").write_text('<!doctype html><script src="out/app.js"></script>')
    subprocess.run([sys.executable, "-m", "nbbundle", "build", str(site / "main.js"), "-o", str(site / "out" / "app.js")],
                   check=True, capture_output=True)
    with static_server(site) as (base, _requested), chromium_page() as page:
        page.goto(f"{base}/index.html")
        assert page.title() == f"{base}/out/main.js"
