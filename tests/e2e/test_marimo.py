"""nbbundle in a real ``marimo edit`` server, driven in headless Chromium.

The notebook is the README's marimo example (``examples/marimo/counter.py``), copied into a
folder of its own and served by marimo started from another folder: its ``./theme.css`` import
resolves next to the notebook, not in marimo's working directory. A reader's actions: click the
counter, edit the ``counter.js`` cell and run it (Ctrl+Enter), type a syntax error, fix it,
edit ``theme.css`` on disk, reload the page, run the widget's cell again.

marimo draws anywidgets in a shadow root: Playwright's locators reach into it, and the CSS
checks prove that the app's styles do too.

Run:  python -m pytest tests/e2e/test_marimo.py -v
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from browser import requires_chromium
from host_servers import marimo_edit
from jupyter_harness import ARTIFACTS, browser_page
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, requires_chromium]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "marimo"
THEME_BLUE = "rgb(21, 87, 176)"


@pytest.fixture
def marimo(tmp_path: Path) -> Any:
    folder = tmp_path / "work" / "app"
    shutil.copytree(EXAMPLE, folder)
    with marimo_edit(folder / "counter.py", cwd=tmp_path, home=tmp_path / "home") as url:
        yield {"url": url, "folder": folder}


class MarimoPage:
    """One marimo notebook page: its cells by what they define, the app's button."""

    def __init__(self, page: Any, url: str) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(f"{url}/")
        self.button = page.locator("marimo-anywidget button.counter")
        self.overlay = page.locator("marimo-anywidget .nbbundle-overlay")

    def cell(self, text: str) -> Any:
        return self.page.locator(".marimo-cell").filter(has_text=text)

    def source(self, text: str) -> str:
        return self.cell(text).locator(".cm-content").inner_text()

    def run(self, text: str, new_source: str | None = None) -> None:
        """Replace the cell's code (select all, paste, as a reader does) and press Ctrl+Enter."""
        editor = self.cell(text).locator(".cm-content")
        editor.click()
        if new_source is not None:
            self.page.evaluate("(text) => navigator.clipboard.writeText(text)", new_source)
            self.page.keyboard.press("Control+a")
            self.page.keyboard.press("Control+v")
            expect(editor).to_contain_text(new_source.strip().splitlines()[-1].strip())
        self.page.keyboard.press("Control+Enter")

    def color(self) -> str:
        return self.button.evaluate("(b) => getComputedStyle(b).color")

    def dump(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"marimo-{name}.png"), full_page=True)


COUNTER_CELL = 'nbbundle.define("counter.js"'


@pytest.fixture
def notebook(marimo: dict[str, Any]) -> Any:
    with browser_page() as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        notebook = MarimoPage(page, marimo["url"])
        notebook.folder = marimo["folder"]
        expect(notebook.button).to_have_text("Count: 0", timeout=60_000)
        yield notebook
        notebook.dump("last")
        assert notebook.errors == []


def test_the_app_renders_hot_updates_with_state_kept_and_shows_errors(notebook: MarimoPage) -> None:
    # A define cell shows its status line as the one output, with no switcher between MIME
    # types (marimo offers one for every output with several).
    status = notebook.cell(COUNTER_CELL).locator(".nbbundle-status")
    expect(status).to_contain_text("counter.js defined")
    expect(notebook.cell(COUNTER_CELL).locator("[role=tablist]")).to_have_count(0)
    # theme.css comes from the notebook's folder (marimo runs elsewhere) into the shadow root.
    expect(notebook.button).to_have_css("color", THEME_BLUE)
    for _ in range(3):
        notebook.button.click()
    expect(notebook.button).to_have_text("Count: 3")

    counter = notebook.source(COUNTER_CELL)
    edited = counter.replace("Count: ${", "Clicks: ${")
    notebook.run(COUNTER_CELL, edited)
    expect(notebook.button).to_have_text("Clicks: 3")  # the new code, the count kept

    broken = edited.replace("  paint();\n", "  paint(;\n")
    assert broken != edited
    notebook.run(COUNTER_CELL, broken)
    expect(notebook.overlay).to_be_visible()
    expect(notebook.overlay).to_contain_text('Expected ")"')
    expect(notebook.overlay).to_contain_text("counter.js:")
    expect(notebook.overlay).to_contain_text("paint(;")
    notebook.dump("syntax-error")
    notebook.button.click()  # the last good version keeps running under the overlay
    expect(notebook.button).to_have_text("Clicks: 4")

    notebook.run(COUNTER_CELL, edited)
    expect(notebook.overlay).to_have_count(0)
    expect(notebook.button).to_have_text("Clicks: 4")

    theme = notebook.folder / "theme.css"
    theme.write_text(theme.read_text().replace(THEME_BLUE, "rgb(0, 128, 0)"))
    expect(notebook.button).to_have_css("color", "rgb(0, 128, 0)", timeout=15_000)
    expect(notebook.button).to_have_text("Clicks: 4")


def test_a_reloaded_page_and_a_rerun_widget_cell_show_the_current_version(notebook: MarimoPage) -> None:
    counter = notebook.source(COUNTER_CELL)
    notebook.run(COUNTER_CELL, counter.replace("Count: ${", "Taps: ${"))
    expect(notebook.button).to_have_text("Taps: 0")

    # marimo replays the widget's first state to a reloaded page: the view asks for the current.
    notebook.page.reload()
    expect(notebook.button).to_have_text("Taps: 0", timeout=60_000)
    expect(notebook.button).to_have_css("color", THEME_BLUE)

    # Running the widget's cell again closes its comm in marimo: the widget opens a new one.
    notebook.run("mo.ui.anywidget(")
    expect(notebook.button).to_have_count(1)
    expect(notebook.button).to_have_text("Taps: 0")
    notebook.button.click()
    notebook.run(COUNTER_CELL, counter)
    expect(notebook.button).to_have_text("Count: 1")
