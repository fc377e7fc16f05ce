"""Feedback that follows the truth, in JupyterLab 4 (issue 18): what a user sees under a cell
and in the app when a tab goes away silently, when a render throws in another module, when the
app saves its own state, and when the entry is re-rendered by hot updates.

One JupyterLab server for the module; each test opens its own notebook (one kernel).
Run:  python -m pytest tests/e2e/test_truthful_feedback.py -v
Artifacts on failure (screenshot, panel HTML, console, server log): $NBB_E2E_ARTIFACTS.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from browser import requires_chromium
from hmr_cells import CELLS, COUNTER, VIEW, counter_js
from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook

from nbbundle.kernel.views import EXPIRY_S

pytestmark = [pytest.mark.e2e, requires_chromium]


@pytest.fixture(scope="module")
def lab():
    with jupyter_server("lab") as srv:
        yield srv


@pytest.fixture
def nb(lab, request):
    with browser_page() as page:
        driver = NotebookDriver(page, lab)
        yield driver
        report = getattr(request.node, "rep_call", None)
        if report is None or report.failed:
            print("artifacts:", driver.dump(request.node.originalname))


def status(nb: NotebookDriver, i: int) -> str:
    return nb.page.evaluate("""(i) => [...window.__nbbPanel.content.widgets[i].node
        .querySelectorAll('.nbbundle-status')].map(e => e.innerText).join('\\n')""", i)


def wait_status(nb: NotebookDriver, i: int, expr: str, timeout_ms: int = 30_000) -> None:
    """Until cell ``i``'s status text ``s`` satisfies the JS expression ``expr``."""
    try:
        nb.page.wait_for_function(f"""(i) => {{
            const s = [...window.__nbbPanel.content.widgets[i].node.querySelectorAll('.nbbundle-status')]
                .map(e => e.innerText).join('\\n');
            return !!({expr}); }}""", arg=i, timeout=timeout_ms)
    except Exception as error:
        raise AssertionError(f"{expr} never held; the status says: {status(nb, i)!r}") from error


def shows(nb: NotebookDriver, i: int, selector: str, timeout_ms: int = 30_000) -> None:
    nb.page.wait_for_function(
        "([i, sel]) => !!window.__nbbPanel.content.widgets[i].node.querySelector(sel)",
        arg=[i, selector], timeout=timeout_ms)


def test_a_tab_that_crashed_stops_being_expected_and_the_status_line_changes_in_place(
        nb: NotebookDriver, lab: dict[str, Any]) -> None:
    name = write_notebook(lab["root"], "two-tabs.ipynb", CELLS)
    nb.open(name)
    for i in range(VIEW + 1):
        nb.run_cell(i)
    shows(nb, VIEW, ".counter")
    nb.page.evaluate("() => window.__nbbPanel.context.save()")  # the view's output, for the other window
    # A second window on the same notebook (and kernel): a second live view of the same widget.
    # Its kernel connection goes through a relay the test can cut: from then on nothing it sends
    # reaches the kernel, as with a tab that crashed (no `closed`, no heartbeat).
    second = NotebookDriver(nb.page.context.browser.new_page(), lab)  # another window
    cut: list[bool] = []

    def relay(ws: Any) -> None:
        server = ws.connect_to_server()
        ws.on_message(lambda message: None if cut else server.send(message))
        server.on_message(lambda message: None if cut else ws.send(message))

    second.page.route_web_socket(re.compile(r"/api/kernels/"), relay)
    second.page.goto(lab["url"] + f"/lab/tree/{name}")
    second.page.wait_for_selector(".nbbundle-root .counter", timeout=60_000)
    nb.set_cell_source(COUNTER, counter_js("Both"))
    nb.run_cell(COUNTER)
    wait_status(nb, COUNTER, "s.startsWith('✓') && s.includes('applied in 2 of 2 live views')")

    cut.append(True)  # the second window goes silent
    nb.set_cell_source(COUNTER, counter_js("One"))
    nb.run_cell(COUNTER)
    wait_status(nb, COUNTER, "s.includes('applied in 1 of 2 live views so far')")
    assert not status(nb, COUNTER).startswith("✓")
    # No other cell runs and no message names the crashed view: the kernel's own clock ends
    # the wait, and the line under the cell changes in place.
    started = time.monotonic()
    wait_status(nb, COUNTER, "s.startsWith('✓ counter.js updated') && s.includes('applied in 1 of 1 live view')",
                int((EXPIRY_S + 25) * 1000))
    assert time.monotonic() - started >= EXPIRY_S / 2, "it waited for the heartbeat silence"
    assert nb.real_errors() == [], nb.errors


LIST = "%%module list.js\nexport function items(n) {\n  return Array.from({ length: n }, (_, i) => `item ${i}`);\n}\n"
LIST_THROWS = "%%module list.js\nexport function items(n) {\n  throw new Error(`no items for ${n}`);\n}\n"
MAIN = ('%%module main.js --show\nimport { items } from "./list.js";\n'
        "export function render({ el }) {\n  el.innerHTML = `<ul class=\"list\">${items(3).map((i) => `<li>${i}</li>`).join('')}</ul>`;\n}\n")
BARE = "%%module bare.js --show\nexport const nothing = 1;\n"


def test_hints_name_the_module_whose_render_threw_and_the_entry_is_not_unimported(
        nb: NotebookDriver, lab: dict[str, Any]) -> None:
    cells = ["%load_ext nbbundle", LIST, MAIN, BARE]
    load, listing, main, bare = range(len(cells))
    nb.open(write_notebook(lab["root"], "hints.ipynb", cells))
    for i in (load, listing):
        nb.run_cell(i)
    nb.run_cell(main)
    shows(nb, main, ".list")
    wait_status(nb, main, "s.startsWith('✓ main.js defined')")
    assert "the widget's entry" in status(nb, main) and "not imported yet" not in status(nb, main)

    nb.set_cell_source(listing, LIST_THROWS)
    nb.run_cell(listing)
    wait_status(nb, listing, "s.startsWith('✗ list.js failed in 1 of 1 live view')")
    text = status(nb, listing)
    assert "hint: render() of main.js threw in list.js, which it called." in text, text
    assert "render() of list.js" not in text and "updated" not in text.splitlines()[0], text

    nb.run_cell(bare)  # its view says what is wrong, with the kernel's hint
    nb.page.wait_for_function("""(i) => window.__nbbPanel.content.widgets[i].node
        .querySelector('.nbbundle-overlay')?.innerText.includes('is the entry but exports no render')""", arg=bare,
                              timeout=30_000)
    overlay = nb.page.evaluate("(i) => window.__nbbPanel.content.widgets[i].node.querySelector('.nbbundle-overlay').innerText", bare)
    assert "bare.js is the entry but exports no render" in overlay and "threw" not in overlay, overlay
    assert nb.real_errors() == [], nb.errors


CLICKER = ("%%module clicker.js\n"
           "export default {\n"
           "  initialize({ model }) {\n"
           "    globalThis.__nbbInits = (globalThis.__nbbInits ?? 0) + 1;\n"
           "  },\n"
           "  render({ model, el }) {\n"
           "    const button = document.createElement('button');\n"
           "    button.className = 'clicker';\n"
           "    const paint = () => { button.textContent = `LABEL ${model.get('count')}`; };\n"
           "    model.on('change:count', () => { globalThis.__nbbChanges = (globalThis.__nbbChanges ?? 0) + 1; paint(); });\n"
           "    button.onclick = () => { model.set('count', model.get('count') + 1); model.save_changes(); };\n"
           "    paint();\n"
           "    el.append(button);\n"
           "  },\n"
           "};\n")


def clicker(label: str) -> str:
    return CLICKER.replace("LABEL", label)


def test_the_app_saves_only_its_state_initializes_once_and_its_listeners_do_not_pile_up(
        nb: NotebookDriver, lab: dict[str, Any]) -> None:
    cells = ["%load_ext nbbundle", clicker("v1"), 'import nbbundle\nw = nbbundle.widget("clicker.js", count=0)\nw',
             'print("kernel count:", w.count)', "w.count = 100"]
    load, app, show, check, from_python = range(len(cells))
    nb.open(write_notebook(lab["root"], "clicker.ipynb", cells))
    for i in (load, app):
        nb.run_cell(i)
    nb.run_cell(show)
    shows(nb, show, ".clicker")
    log_before = Path(lab["log"]).read_text()
    for label in ("v2", "v3", "v4"):  # the entry re-rendered by three hot updates
        nb.set_cell_source(app, clicker(label))
        nb.run_cell(app)
        wait_status(nb, app, "s.startsWith('✓ clicker.js updated')")
        shows(nb, show, "button.clicker", 10_000)
        nb.page.wait_for_function(f"() => document.querySelector('.clicker')?.textContent.startsWith('{label}')")
    nb.page.evaluate("() => { globalThis.__nbbChanges = 0; }")
    nb.page.locator(".clicker").click()
    nb.page.wait_for_function("() => document.querySelector('.clicker')?.textContent === 'v4 1'")
    deadline = time.monotonic() + 10
    while True:
        nb.run_cell(check)
        if "kernel count: 1" in nb.cell_output_text(check) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert "kernel count: 1" in nb.cell_output_text(check)
    nb.run_cell(from_python)
    nb.page.wait_for_function("() => document.querySelector('.clicker')?.textContent === 'v4 100'")
    time.sleep(0.3)
    # One listener of the last render (the click and the kernel's change each ran it once).
    assert nb.page.evaluate("() => globalThis.__nbbChanges") == 2
    assert nb.page.evaluate("() => globalThis.__nbbInits") == 1, "initialize ran once, not at every render"
    log = Path(lab["log"]).read_text()[len(log_before):]
    assert "ignored a front end's change" not in log, log[-2000:]
    assert nb.real_errors() == [], nb.errors


def test_thousands_of_errors_show_ten_frames_ten_marks_and_how_many_more(
        nb: NotebookDriver, lab: dict[str, Any]) -> None:
    many = "%%module many.js\n" + "".join(f"let a{i} = 1; let a{i} = 2;\n" for i in range(1_000))
    nb.open(write_notebook(lab["root"], "many-errors.ipynb", ["%load_ext nbbundle", many]))
    nb.run_cell(0)
    nb.run_cell(1)
    nb.page.wait_for_function("""() => window.__nbbPanel.content.widgets[1].editor.editor.dom
        .querySelectorAll('.cm-nbbundle-diagnostic').length === 10""", timeout=30_000)
    out = nb.cell_output_text(1)
    assert "… and 990 more errors (the first 10 are shown)" in out, out[-500:]
    assert out.count("--> many.js:") == 10, "ten code frames, not a thousand"
    saved = nb.page.evaluate("() => JSON.stringify(window.__nbbPanel.content.widgets[1].model.outputs.toJSON()).length")
    assert saved < 20_000, saved
