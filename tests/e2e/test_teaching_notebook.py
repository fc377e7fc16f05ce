"""The teaching notebooks in JupyterLab 4, run top to bottom in headless Chromium.

Every code cell runs in order, as a reader would: after a cell that displays views, wait until
each view rendered its app; after a ``%%module`` cell that sent an update, wait until the views
applied it (its status line says "applied in …"). A few reader actions (clicks) and their
visible results are checked on the way. At the end: no error overlay, no page error, and every
view shows its app. ``04-python-data`` also leaves a screenshot of a live widget with the
notebook around it in the artifacts folder; ``NBB_UPDATE_SCREENSHOTS=1`` writes it to
docs/live-widget.png instead (the README's tour), so a test run never changes the checkout.

Run:  python -m pytest tests/e2e/test_teaching_notebook.py -v
Artifacts on failure (screenshot, panel HTML, console, server log): $NBB_E2E_ARTIFACTS.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest
from browser import requires_chromium
from jupyter_harness import ARTIFACTS, NotebookDriver, browser_page, jupyter_server
from npm_cache import REACT, npm_packages

pytestmark = [pytest.mark.e2e, requires_chromium]

CHECKOUT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((CHECKOUT / "notebooks").glob("*.ipynb"))
SCREENSHOT = (CHECKOUT / "docs" if os.environ.get("NBB_UPDATE_SCREENSHOTS") == "1" else ARTIFACTS) / "live-widget.png"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="module")
def server():
    packages = npm_packages("react", REACT)
    with jupyter_server("lab") as srv:
        # What `npm install` in notebooks/ puts there (06 imports React from node_modules).
        (srv["root"] / "node_modules").symlink_to(packages / "node_modules")
        yield srv
    if TIMINGS:
        print("\nteaching notebooks, seconds to run in JupyterLab:", json.dumps(TIMINGS, indent=1))


def cell(i: int, expr: str) -> str:
    """A JS condition on the node ``c`` of cell ``i`` (for ``run_cell_until``/``wait``)."""
    return (f"() => {{ const c = window.__nbbPanel.content.widgets[{i}].node;"
            f" try {{ return !!({expr}); }} catch {{ return false; }} }}")


class Reader:
    """Runs one notebook's cells in order, with hooks for what a reader does in between."""

    def __init__(self, nb: NotebookDriver, sources: list[str]) -> None:
        self.nb, self.sources, self.page = nb, sources, nb.page
        self.notes: dict[str, Any] = {}

    def index(self, text: str, nth: int = 0) -> int:
        """The index of the ``nth`` cell whose source contains ``text``."""
        return [i for i, s in enumerate(self.sources) if text in s][nth]

    def wait(self, i: int, expr: str, timeout_ms: int = 15_000) -> None:
        self.page.wait_for_function(cell(i, expr), timeout=timeout_ms)

    def node(self, i: int, selector: str) -> Any:
        return self.nb.cell(i).locator(selector).first

    def run(self, i: int) -> None:
        self.nb.run_cell(i, timeout_ms=60_000)
        errors = self.nb.cell_errors(i)
        assert not errors, (i, self.sources[i], errors)
        outputs = self.page.evaluate(
            "(i) => window.__nbbPanel.content.widgets[i].model.outputs.toJSON()", i)
        views = sum(1 for o in outputs if VIEW_MIME in o.get("data", {}))
        if views:  # every view mounted its app
            self.wait(i, f"""[...c.querySelectorAll('.nbbundle-root .nbbundle-app')]
                .filter(a => a.childElementCount > 0).length === {views}""", 30_000)
        text = self.nb.cell_output_text(i)
        status = self.page.evaluate("""(i) => [...window.__nbbPanel.content.widgets[i].node
            .querySelectorAll('.nbbundle-status')].map(s => s.innerText).join('\\n')""", i)
        assert not status.startswith("✗"), (i, status)
        if "sent to" in text and "sent to 0 live views" not in text:
            self.wait(i, "c.innerText.includes('applied in')")


def _app(reader: Reader, i: int) -> Any:
    return reader.node(i, ".nbbundle-root .nbbundle-app")


# -- what a reader does after some cells: (notebook, text of the cell, nth such cell) → action --

def first_module(r: Reader, i: int) -> None:
    src = r.sources[i]
    if 'nbbundle.show("app.js"' in src:
        button = _app(r, i).locator("button")
        button.click()
        button.click()
        r.wait(i, "c.querySelector('button').textContent === 'Clicked 2 times'")
    elif "clicks so far" in src:
        # ipywidgets holds a model's next state change until the kernel acknowledged the last
        # one, so on a loaded machine this cell can run before the second click's state lands.
        # A reader who sees "1" runs it again; the count must then be 2, never more.
        deadline = time.monotonic() + 10
        while "clicks so far: 2" not in r.nb.cell_output_text(i) and time.monotonic() < deadline:
            assert "clicks so far: 1" in r.nb.cell_output_text(i), r.nb.cell_output_text(i)
            time.sleep(0.2)
            r.run(i)
        assert "clicks so far: 2" in r.nb.cell_output_text(i)
        r.wait(r.index('nbbundle.show("app.js"'), "c.querySelector('h3').textContent.includes('Grace')")
    elif src.startswith("%%module greet.js") and "★" in src:
        show = r.index('nbbundle.show("app.js"')
        r.wait(show, "c.querySelector('h3').textContent === 'Hi there, Grace ★'")
        assert _app(r, show).locator("button").inner_text() == "Clicked 2 times"


def hot_updates(r: Reader, i: int) -> None:
    src = r.sources[i]
    show = r.index('nbbundle.show("app.js")')
    if i == show:
        for _ in range(3):
            _app(r, i).locator("button").click()
        r.wait(i, "c.querySelector('button').textContent === 'Clicks: 3'")
        r.notes["render_id"] = _app(r, i).locator("p").inner_text()
    elif 'const label = "Taps"' in src:
        r.wait(show, "c.querySelector('button').textContent === 'Taps: 3'")
        assert _app(r, show).locator("p").inner_text() == r.notes["render_id"]
    elif src.startswith("%%module clock.js"):
        r.wait(i, "c.querySelector('.nbbundle-app').textContent.includes('version 1')")
    elif src.startswith("%%module ticker.js") and "and counting" in src:
        clock = r.index("%%module clock.js")
        r.wait(clock, "c.querySelector('.nbbundle-app').textContent.includes('version 2')")
        time.sleep(1.2)  # one old timer left running would write "version 1" again
        assert "version 2" in _app(r, clock).inner_text()


def css_modules(r: Reader, i: int) -> None:
    src = r.sources[i]
    show = r.index('nbbundle.show("card.js"')
    if i == show:
        for _ in range(2):
            _app(r, i).locator("button").click()
        r.notes["style"] = r.page.evaluate(
            "() => [...document.querySelectorAll('style[data-nbbundle-id$=\":card.css\"]')]"
            ".map(s => (s.__nbbTag = 'first', s.dataset.nbbundleId))")
        assert len(r.notes["style"]) == 1, r.notes["style"]
    elif src.startswith("%%module card.css") and "#1f2430" in src:
        r.wait(show, "getComputedStyle(c.querySelector('.nbb-card')).backgroundColor === 'rgb(31, 36, 48)'")
        assert _app(r, show).locator("button").inner_text() == "♥ 2"   # not re-rendered
        assert r.page.evaluate(  # the same <style> element, new text
            "() => [...document.querySelectorAll('style[data-nbbundle-id$=\":card.css\"]')]"
            ".map(s => s.__nbbTag)") == ["first"]
    elif ".accent = " in src:
        r.wait(show, "getComputedStyle(c.querySelector('.nbb-card h3')).color === 'rgb(228, 87, 46)'")
    elif src.startswith('nbbundle.show("profile.js"'):
        # The image, the font and the CSS Module of the last section.
        r.wait(i, "c.querySelector('.nbbundle-app img')?.naturalWidth === 64")
        r.page.wait_for_function("async () => (await document.fonts.load('15px \"Profile Mono\"')).length > 0")
        handle = _app(r, i).locator("p").nth(1)
        assert len(handle.get_attribute("class").split()) == 2  # .handle composes .title
        assert handle.evaluate("el => getComputedStyle(el).color") == "rgb(91, 141, 239)"
        assert "Profile Mono" in handle.evaluate("el => getComputedStyle(el).fontFamily")


def python_data(r: Reader, i: int) -> None:
    src = r.sources[i]
    show = r.index('nbbundle.show("letters.js")')
    bars = "[...c.querySelectorAll('.nbb-bars .bar')]"
    if i == show:
        r.wait(i, f"{bars}.length === {len(set('thequickbrownfoxjumpsoverthelazydog'))}")
        r.page.evaluate(f"() => {{ window.__nbbPanel.content.widgets[{i}].node"
                        ".querySelector('.nbb-bars').__nbbTag = 'same'; }")
    elif src.startswith('nbbundle.data("letters.json", letter_counts("jupyter'):
        letters = set("jupyternotebooksmeetjavascriptmodules")
        r.wait(show, f"{bars}.length === {len(letters)} && "
                     f"c.querySelector('.nbb-bars').__nbbTag === 'same'")  # redrawn in place
    elif src.startswith("picked = []"):
        _app(r, show).locator(".bar[data-label='o']").click()
        _app(r, show).locator(".bar[data-label='s']").click()
    elif src.startswith('print("you clicked"'):
        # hot.send reaches the kernel between cells; run again until both clicks are in
        deadline = time.monotonic() + 10
        while "['o', 's']" not in r.nb.cell_output_text(i) and time.monotonic() < deadline:
            time.sleep(0.2)
            r.run(i)
        assert "you clicked: ['o', 's']" in r.nb.cell_output_text(i)
    elif src.startswith('nbbundle.send("highlight"'):
        r.wait(show, "c.querySelector('.bar.picked')?.dataset.label === 'o'")
    elif src.startswith('nbbundle.data("points.json", wave(frequency=3)'):
        plot = r.index("%%module plot.js")
        r.wait(plot, "c.querySelector('svg path').getAttribute('d').length > 100")
        r.notes["screenshot"] = show


def bundler(r: Reader, i: int) -> None:
    src = r.sources[i]
    show = r.index('nbbundle.show("app.js")')
    state = "(id) => [...c.querySelectorAll('tr')].find(t => t.cells[0].textContent === id)?.cells[1].textContent"
    render = "c.querySelector('.render').textContent"
    if i == show:
        r.wait(i, f"({state})('extra.js') === 'registered' && ({state})('store.js') === 'initialized'")
        app = _app(r, i)
        app.locator("button.inc").click()
        app.locator("button.load").click()
        app.locator("button.fail").click()
        r.wait(i, f"({state})('extra.js') === 'initialized' && ({state})('oops.js') === 'failed'")
        assert "count = 1" in app.locator("button.inc").inner_text()   # a live binding
        r.notes["render"] = app.locator(".render").inner_text()
        assert r.notes["render"].startswith("render #1 ")
    elif src.startswith("%%module badge.js") and "unusedHelper" in src:  # section 7: an unused export
        assert _app(r, show).locator(".render").inner_text().startswith("render #2 ")  # accepted, no re-render
    elif "contains unusedHelper" in src:
        out = r.nb.cell_output_text(i)
        assert "development  contains unusedHelper: True" in out and "production   contains unusedHelper: False" in out, out
    elif src.startswith("import json") and "decode(" in src:
        out = r.nb.cell_output_text(i)
        assert "came from badge.js, line 5:" in out and "version 2" in out, out
    elif src.startswith("%%module badge.js") and "version 2" in src:
        r.wait(show, "c.querySelector('.badge').textContent.includes('version 2')")
        assert _app(r, show).locator(".render").inner_text() == r.notes["render"]
        assert "count = 1" in _app(r, show).locator("button.inc").inner_text()
    elif src.startswith("%nbbundle graph") and "graphs" not in r.notes:
        r.notes["graphs"] = out = r.nb.cell_output_text(i)
        assert "accepts badge.js" in out and "last update (" not in out, out
    elif src.startswith("%%module store.js") and "step = 10" in src:
        r.wait(show, f"{render}.startsWith('render #2 ')")
        assert "count = 0 (+10)" in _app(r, show).locator("button.inc").inner_text()
    elif src.startswith("%nbbundle graph") and "badge.js changed" not in r.notes["graphs"]:
        r.notes["graphs"] = out = r.nb.cell_output_text(i)
        assert "last update (badge.js): badge.js changed → accepted by app.js (dep)" in out, out
    elif src.startswith("%nbbundle graph"):
        out = r.nb.cell_output_text(i)
        assert "last update (store.js): store.js changed → accepted by app.js (entry)" in out, out
    elif src.startswith("site = nbbundle.export_site("):
        assert "Exported app.js" in r.nb.cell_output_text(i)


def react_in_tsx(r: Reader, i: int) -> None:
    src = r.sources[i]
    show = r.index('nbbundle.show("app.tsx")')
    counter = "c.querySelector('button.counter')?.textContent"
    if i == show:
        for _ in range(3):
            _app(r, i).locator("button.counter").click()
        r.wait(i, f"{counter} === 'Clicks: 3 clicks · calm'")
    elif src.startswith("%%module Counter.tsx") and "★" in src and "setStep" not in src:
        # Fast Refresh: the new look, the same count
        r.wait(show, f"{counter} === '★ Clicks: 3 clicks · calm'")
    elif "setStep" in src:
        # a new hook: React remounts the component, the count starts over
        r.wait(show, f"{counter} === '★ Clicks: 0 clicks · calm'")
        _app(r, show).locator("button.counter").click()
        r.wait(show, f"{counter} === '★ Clicks: 2 clicks · calm'")
    elif src.startswith("%nbbundle code Counter.tsx"):
        out = r.nb.cell_output_text(i)
        # Registered as react-refresh/babel does: a handle that takes the value after the
        # declaration (`_c = Counter`), registered after the last line.
        assert "_c = Counter" in out and 'Counter.tsx Counter")' in out and "useState{[step, setStep](2)}" in out, out


ACTIONS = {"01-first-module": first_module, "02-hot-updates": hot_updates,
           "03-css-modules": css_modules, "04-python-data": python_data,
           "05-how-a-bundler-works": bundler, "06-react-in-tsx": react_in_tsx}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_teaching_notebook_runs_in_jupyterlab(server, path, request):
    shutil.copy(path, server["root"] / path.name)
    shutil.copytree(path.parent / "assets", server["root"] / "assets", dirs_exist_ok=True)  # 03: image, font
    # markdown cells count as "" so that lookups by text find code cells only
    sources = [c.source if c.cell_type == "code" else "" for c in nbformat.read(path, as_version=4).cells]
    with browser_page({"width": 1200, "height": 800}) as page:
        nb = NotebookDriver(page, server)
        try:
            t0 = time.perf_counter()
            nb.open(path.name)
            reader = Reader(nb, sources)
            for i, source in enumerate(sources):
                if not source:
                    continue
                reader.run(i)
                ACTIONS[path.stem](reader, i)
            TIMINGS[path.stem] = round(time.perf_counter() - t0, 1)

            assert page.locator(".nbbundle-overlay").count() == 0, page.locator(".nbbundle-overlay").first.inner_text()
            apps = page.locator(".nbbundle-root .nbbundle-app")
            assert apps.count() >= 1
            assert all(n > 0 for n in apps.evaluate_all("(as) => as.map(a => a.childElementCount)"))
            assert nb.real_errors() == [], nb.errors
            if "screenshot" in reader.notes:
                screenshot(nb, reader.notes["screenshot"])
        except BaseException:
            print("artifacts:", nb.dump(f"teaching-{path.stem}"))
            raise


def screenshot(nb: NotebookDriver, i: int) -> None:
    """The view of cell ``i`` with the cells around it, at 1200×800, in SCREENSHOT."""
    page = nb.page
    page.evaluate("""(i) => {
        const app = window.jupyterapp;
        app.shell.collapseLeft?.();                       // no file browser: more notebook
        const p = window.__nbbPanel;
        p.content.activeCellIndex = i;
        const node = p.content.widgets[i].node;
        node.scrollIntoView({block: 'start'});
        p.content.scrollbox?.scrollBy?.(0, -150);        // the end of the module cell above
        node.closest('.jp-WindowedPanel-outer')?.scrollBy(0, -150);
    }""", i)
    page.wait_for_timeout(400)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
