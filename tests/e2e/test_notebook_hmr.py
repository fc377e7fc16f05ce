"""nbbundle's notebook HMR in JupyterLab 4 and Notebook 7, driven in headless Chromium.

Run:  python -m pytest tests/e2e/test_notebook_hmr.py -v      (-m e2e / -m "not e2e")
Artifacts (timings JSON; on failure a screenshot, the panel's HTML, console and server log):
$NBB_E2E_ARTIFACTS, default $TMPDIR/nbb-e2e. NBB_E2E_KEEP=1 keeps the server's temp dir.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from browser import requires_chromium
from hmr_cells import (APP, CELLS, COUNTER, SHOW, STYLE, VIEW, BROKEN_LINE, broken_counter_js,
                       broken_line_number, counter_js, style_css)
from jupyter_harness import ARTIFACTS, NotebookDriver, browser_page, jupyter_server, write_notebook

pytestmark = [pytest.mark.e2e, requires_chromium]

TIMINGS: dict[str, dict[str, object]] = {}
CHECKOUT = Path(__file__).resolve().parents[2]
STYLE_NODES = "[...document.querySelectorAll('style[data-nbbundle-id$=\"style.css\"]')]"


@pytest.fixture(scope="module", autouse=True)
def _write_timings():
    yield
    if TIMINGS:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "notebook-hmr-timings.json").write_text(json.dumps(TIMINGS, indent=2))
        print("\nnotebook HMR timings:", json.dumps(TIMINGS, indent=2))


@pytest.fixture(scope="module", params=["lab", "notebook"])
def server(request):
    with jupyter_server(request.param) as srv:
        TIMINGS.setdefault(srv["app"], {})["server_start_s"] = round(srv["start_s"], 2)
        yield srv


@pytest.fixture
def nb(server, request):
    with browser_page() as page:
        driver = NotebookDriver(page, server)
        yield driver
        report = getattr(request.node, "rep_call", None)
        if report is None or report.failed:
            print("artifacts:", driver.dump(request.node.originalname))


def in_cell(cell: int, expr: str) -> str:
    """A JS condition on the first ``.nbbundle-root`` (``v``) in cell ``cell`` of the panel."""
    return (f"(n) => {{ const c = n.querySelectorAll('.jp-Cell')[{cell}];"
            f" const v = c && c.querySelector('.nbbundle-root'); return !!v && !!({expr}); }}")


def counter_is(cell: int, text: str) -> str:
    return in_cell(cell, f"v.querySelector('.counter')?.textContent === {json.dumps(text)}")


def test_kernel_is_this_checkout_and_anywidget_renders(nb, server):
    """The harness itself: the kernel is this venv's python with this checkout's nbbundle."""
    widget = ("import anywidget\nclass W(anywidget.AnyWidget):\n"
              "    _esm = 'export default { render({ el }) { el.innerHTML = `<b class=\"hello\">hi</b>`; } }'\n"
              "W()")
    nb.open(write_notebook(server["root"], "harness.ipynb",
                           ["import sys, nbbundle\nprint(sys.executable)\nprint(nbbundle.__file__)",
                            widget]))
    nb.run_cell(0)
    executable, nbbundle_file = nb.cell_output_text(0).split()
    assert Path(executable).resolve() == Path(sys.executable).resolve(), executable
    assert Path(nbbundle_file).resolve() == CHECKOUT / "nbbundle" / "__init__.py"
    nb.run_cell_until(1, "(n) => n.querySelector('.hello')?.textContent === 'hi'")
    assert nb.real_errors() == []


def test_hot_module_replacement_in_the_notebook(nb, server):
    t = TIMINGS.setdefault(server["app"], {})
    t["notebook_open_s"] = round(nb.open(write_notebook(server["root"], "hmr.ipynb", CELLS)), 2)
    status = t.setdefault("status_lines", {})
    for i in range(VIEW):
        nb.run_cell(i)
        status[str(i)] = out = nb.cell_output_text(i)
        assert not nb.cell_errors(i), (i, nb.cell_errors(i))
        assert "Error" not in out and "not an IPython extension" not in out, (i, out)

    # The widget: wait for its DOM before anything else (custom messages are not buffered).
    t["show_ms"] = nb.run_cell_until(VIEW, counter_is(VIEW, "Count: 0"), timeout_ms=30_000)
    view = nb.cell(VIEW).locator(".nbbundle-root").first
    counter, stamp, overlay = view.locator(".counter"), view.locator(".stamp"), view.locator(".nbbundle-overlay")
    first_stamp = stamp.inner_text()
    for n in (1, 2, 3):
        counter.click()
        assert counter.inner_text() == f"Count: {n}"

    # 1. A child module changes: its importer's accept callback re-mounts it, state kept.
    nb.set_cell_source(COUNTER, counter_js("Clicked"))
    t["child_update"] = nb.run_cell_until(COUNTER, counter_is(VIEW, "Clicked: 3"))
    status["counter_update"] = nb.cell_output_text(COUNTER)
    assert stamp.inner_text() == first_stamp, "the entry was re-rendered (remount)"

    # 2. CSS: the same <style> node is updated in place.
    assert counter.evaluate("e => getComputedStyle(e).color") == "rgb(255, 0, 0)"
    tagged = nb.page.evaluate(f"() => {STYLE_NODES}.map(s => (s.__nbbTag = 'first', s.dataset.nbbundleId))")
    assert len(tagged) == 1, tagged
    nb.set_cell_source(STYLE, style_css("rgb(0, 128, 0)"))
    t["css_update"] = nb.run_cell_until(STYLE, in_cell(
        VIEW, "getComputedStyle(v.querySelector('.counter')).color === 'rgb(0, 128, 0)'"))
    assert nb.page.evaluate(f"() => {STYLE_NODES}.map(s => s.__nbbTag ?? null)") == ["first"]
    assert stamp.inner_text() == first_stamp

    # 3. A syntax error: overlay naming counter.js:line:column, code frame in the cell, app alive.
    nb.set_cell_source(COUNTER, broken_counter_js())
    t["error_overlay"] = nb.run_cell_until(COUNTER, in_cell(
        VIEW, "v.querySelector('.nbbundle-overlay')?.getClientRects().length"))
    text = overlay.inner_text()
    found = re.search(r"counter\.js:(\d+):(\d+)", text)
    assert found, text
    t["error_position"] = found.group(0)
    assert int(found.group(1)) == broken_line_number(), (found.group(0), broken_line_number(), text)
    out = status["counter_error"] = nb.cell_output_text(COUNTER)
    assert BROKEN_LINE.strip() in out and "counter.js" in out, out
    counter.click()
    assert counter.inner_text() == "Clicked: 4"

    # 4. Fixed: the overlay goes, the app was never remounted.
    nb.set_cell_source(COUNTER, counter_js("Clicked"))
    t["error_fixed"] = nb.run_cell_until(COUNTER, in_cell(
        VIEW, "!v.querySelector('.nbbundle-overlay') && v.querySelector('.counter')"))
    assert overlay.count() == 0
    assert counter.inner_text() == "Clicked: 4"
    assert stamp.inner_text() == first_stamp

    # 4b. A version that throws while initializing: reported with its place, app alive, and
    #     the next good run recovers without a remount.
    throwing = counter_js("Clicked").replace("export function mount", 'throw new Error("boom in counter");\nexport function mount')
    nb.set_cell_source(COUNTER, throwing)
    t["throw_overlay"] = nb.run_cell_until(COUNTER, in_cell(
        VIEW, "v.querySelector('.nbbundle-overlay')?.innerText.includes('boom in counter')"))
    assert re.search(r"counter\.js:\d+:\d+", overlay.inner_text()), overlay.inner_text()
    counter.click()
    assert counter.inner_text() == "Clicked: 5"
    nb.set_cell_source(COUNTER, counter_js("Clicked"))
    t["throw_fixed"] = nb.run_cell_until(COUNTER, in_cell(
        VIEW, "!v.querySelector('.nbbundle-overlay') && v.querySelector('.counter')?.textContent === 'Clicked: 5'"))
    assert stamp.inner_text() == first_stamp

    # 5. A second view: current code, its own module system (so its own hot.data).
    second = nb.add_cell(SHOW)
    t["second_view_ms"] = nb.run_cell_until(second, counter_is(second, "Clicked: 0"), timeout_ms=30_000)
    counter2 = nb.cell(second).locator(".nbbundle-root .counter").first
    counter2.click()
    assert counter2.inner_text() == "Clicked: 1"
    assert counter.inner_text() == "Clicked: 5"
    assert stamp.inner_text() == first_stamp
    nb.dump("hmr-final")  # a screenshot of the end state, also on success
    assert nb.real_errors() == [], nb.errors
