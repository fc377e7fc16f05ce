"""nbbundle in Voilà: a notebook of ``%%module`` cells served as a dashboard, in headless Chromium.

The notebook is ``examples/voila/dashboard.ipynb`` (the README's Voilà example), served from a
copy. Voilà runs every cell before the page connects, so the view mounts from the widget's
synced state; then the reader moves an ipywidgets slider, whose Python callback redefines
``points.json`` with ``nbbundle.data``: the chart hot-updates and the click count (kept in
``import.meta.hot.data``) stays.

Run:  python -m pytest tests/e2e/test_voila.py -v
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from browser import requires_chromium
from host_servers import voila
from jupyter_harness import ARTIFACTS, browser_page
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, requires_chromium]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "voila" / "dashboard.ipynb"
# Voilà 0.5 bundles JupyterLab 4.2's core; extensions built for JupyterLab 4.6 in this venv
# (notebook's lab extension) fail to load there. Not nbbundle's, and anywidget still loads.
FOREIGN_EXTENSION_ERRORS = ("shared module is not a function",)


def test_a_voila_dashboard_renders_and_updates_from_python(tmp_path: Path) -> None:
    folder = tmp_path / "dashboard"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    with voila(folder / EXAMPLE.name, home=tmp_path / "home") as url, browser_page() as page:
        errors: list[str] = []
        console: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: console.append(f"[{message.type}] {message.text}"))
        page.goto(f"{url}/")
        app = page.locator(".nbbundle-app")
        clicks, caption, bars = app.locator("button.clicks"), app.locator(".caption"), app.locator(".bar")
        expect(caption).to_have_text("5 points", timeout=60_000)
        expect(bars).to_have_count(5)
        clicks.click()
        clicks.click()
        expect(clicks).to_have_text("Clicks: 2")

        slider = page.locator(".widget-slider [role=slider]").first
        slider.focus()
        slider.press("ArrowRight")
        slider.press("ArrowRight")
        expect(caption).to_have_text("7 points")  # nbbundle.data from the slider's callback
        expect(bars).to_have_count(7)
        expect(clicks).to_have_text("Clicks: 2")  # the app kept its state
        expect(page.locator(".nbbundle-overlay")).to_have_count(0)
        # A dashboard's viewers see the app, not how its cells ran: no status lines.
        expect(page.locator(".nbbundle-status")).to_have_count(0)
        assert "defined ·" not in page.inner_text("body") and "updated ·" not in page.inner_text("body")
        # nbbundle's lab extension (the cell editor's) does not fail where no cells are edited.
        assert [line for line in console if "nbbundle" in line.lower() and "[info]" not in line
                or "Shared module @codemirror" in line] == [], console

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "voila-dashboard.png"), full_page=True)
        assert [e for e in errors if not any(known in e for known in FOREIGN_EXTENSION_ERRORS)] == []
