"""A notebook you can trust (issue 9), in JupyterLab 4 (and Notebook 7 for the kernel restart):
a learner's edits checked against the cell's status line *and* the widget, cells in any order,
a view that reports what failed where, messages from a real browser that do not fit the
protocol, and views that say they are disconnected after a kernel restart.

One JupyterLab server for the module (``lab``); each test opens its own notebook (one kernel).
Run:  python -m pytest tests/e2e/test_notebook_trust.py -v
Artifacts on failure (screenshot, panel HTML, console, server log): $NBB_E2E_ARTIFACTS.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from browser import requires_chromium
from hmr_cells import APP, APP_JS, BROKEN_LINE, CELLS, COUNTER, SHOW, VIEW, broken_counter_js, counter_js
from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook

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


def cell(i: int, expr: str) -> str:
    """A JS condition on cell ``i``: ``c`` its node, ``s`` its status text, ``v`` its first view."""
    return (f"() => {{ const c = window.__nbbPanel.content.widgets[{i}].node;"
            " const s = [...c.querySelectorAll('.nbbundle-status')].map(e => e.innerText).join('\\n');"
            " const v = c.querySelector('.nbbundle-root');"
            f" try {{ return !!({expr}); }} catch {{ return false; }} }}")


def wait(nb: NotebookDriver, i: int, expr: str, timeout_ms: int = 15_000) -> None:
    nb.page.wait_for_function(cell(i, expr), timeout=timeout_ms)


def status(nb: NotebookDriver, i: int) -> str:
    return nb.page.evaluate("""(i) => [...window.__nbbPanel.content.widgets[i].node
        .querySelectorAll('.nbbundle-status')].map(e => e.innerText).join('\\n')""", i)


def run(nb: NotebookDriver, i: int, text: str | None = None) -> None:
    if text is not None:
        nb.set_cell_source(i, text)
    nb.run_cell(i)


def test_a_learners_edits_against_the_status_line_and_the_widget(nb: NotebookDriver, lab: dict[str, Any]) -> None:
    nb.open(write_notebook(lab["root"], "learner.ipynb", CELLS))
    for i in range(VIEW):
        nb.run_cell(i)
    nb.run_cell_until(VIEW, "(n) => n.querySelectorAll('.jp-Cell')[%d].querySelector('.counter')" % VIEW, 30_000)
    view = nb.cell(VIEW).locator(".nbbundle-root").first
    counter, overlay = view.locator(".counter"), view.locator(".nbbundle-overlay")
    counter.click()
    counter.click()

    # A good edit: ✓ only once the view applied it.
    run(nb, COUNTER, counter_js("Clicked"))
    wait(nb, COUNTER, "s.startsWith('✓ counter.js updated') && s.includes('applied in 1 of 1 live view')")
    assert counter.inner_text() == "Clicked: 2"

    # 1. A typo (syntax error): ✗ with the frame under the cell, overlay in the widget, app alive.
    run(nb, COUNTER, broken_counter_js())
    wait(nb, COUNTER, "s.startsWith('✗ counter.js: 1 error')")
    wait(nb, VIEW, "v.querySelector('.nbbundle-overlay')?.innerText.includes('counter.js:')")
    assert BROKEN_LINE.strip() in nb.cell_output_text(COUNTER)
    counter.click()
    assert counter.inner_text() == "Clicked: 3"

    # 2. A top-level throw: the kernel compiled it, the view failed to run it. ✗ with where.
    throwing = counter_js("Clicked").replace("export function mount", 'throw new Error("boom in counter");\nexport function mount')
    run(nb, COUNTER, throwing)
    wait(nb, COUNTER, "s.startsWith('✗ counter.js failed in 1 of 1 live view')")
    line = 1 + throwing.split("\n", 1)[1].splitlines().index('throw new Error("boom in counter");')
    text = status(nb, COUNTER)
    assert f"counter.js:{line}:" in text and "Error: boom in counter" in text, text
    assert "it still shows what the previous version drew" in text, text
    assert f'> {line} | throw new Error("boom in counter");' in text, text
    wait(nb, VIEW, "v.querySelector('.nbbundle-overlay-frame')?.innerText.includes('boom in counter')")
    assert "still shows what the previous version drew" in overlay.inner_text()
    counter.click()
    assert counter.inner_text() == "Clicked: 4", "the app drawn before keeps working"

    # The fix: ✓ again, overlay gone.
    run(nb, COUNTER, counter_js("Fixed"))
    wait(nb, COUNTER, "s.startsWith('✓ counter.js updated')")
    wait(nb, VIEW, "!v.querySelector('.nbbundle-overlay') && v.querySelector('.counter')?.textContent === 'Fixed: 4'")

    # 3. A removed import that render uses: render throws, the previous render comes back.
    without_import = APP_JS.replace('import { mount } from "./counter.js";\n', "")
    run(nb, APP, without_import)
    wait(nb, APP, "s.startsWith('✗ app.js failed in 1 of 1 live view') && s.includes('ReferenceError: mount is not defined')")
    assert "it still shows what the previous version drew" in status(nb, APP)
    assert "render() of app.js threw." in status(nb, APP)
    wait(nb, VIEW, "v.querySelector('.nbbundle-overlay')?.innerText.includes('mount is not defined')")
    assert view.locator(".counter").count() == 1, "the previous version was rendered again"
    assert "previous version" in overlay.inner_text()
    run(nb, APP, APP_JS)
    wait(nb, APP, "s.startsWith('✓ app.js updated')")
    wait(nb, VIEW, "!v.querySelector('.nbbundle-overlay') && v.querySelector('.counter')")

    # 4. A renamed export: refused by the kernel, framed in the importing cell's text.
    run(nb, COUNTER, counter_js("Renamed").replace("export function mount", "export function mountIt"))
    wait(nb, COUNTER, "s.startsWith('✗ counter.js: 1 error')")
    out = nb.cell_output_text(COUNTER)
    assert '"mount" is not exported by "counter.js", imported by "app.js"' in out, out
    assert 'import { mount } from "./counter.js";' in out and 'Did you mean "mountIt"?' in out, out
    wait(nb, VIEW, "v.querySelector('.nbbundle-overlay')?.innerText.includes('app.js:')")
    run(nb, COUNTER, counter_js("Count"))
    wait(nb, COUNTER, "s.startsWith('✓ counter.js updated')")
    wait(nb, VIEW, "!v.querySelector('.nbbundle-overlay') && v.querySelector('.counter')?.textContent.startsWith('Count: ')")

    # Two views: the status counts both; clearing one's output stops counting it.
    second = nb.add_cell(SHOW)
    nb.run_cell_until(second, "(n) => n.querySelectorAll('.jp-Cell')[%d].querySelector('.counter')" % second, 30_000)
    run(nb, COUNTER, counter_js("Both"))
    wait(nb, COUNTER, "s.startsWith('✓') && s.includes('applied in 2 of 2 live views')")
    nb.page.evaluate("(i) => window.__nbbPanel.content.widgets[i].model.outputs.clear()", second)
    time.sleep(0.5)  # the view's `closed` reaches the kernel before the next cell runs
    run(nb, COUNTER, counter_js("One"))
    wait(nb, COUNTER, "s.startsWith('✓') && s.includes('applied in 1 of 1 live view')")
    assert nb.real_errors() == [], nb.errors


EVEN = '%%module even.js\nimport { isOdd } from "./odd.js";\nexport function isEven(n) { return n === 0 ? true : isOdd(n - 1); }\n'
ODD = '%%module odd.js\nimport { isEven } from "./even.js";\nexport function isOdd(n) { return n === 0 ? false : isEven(n - 1); }\n'
PARITY = ('%%module parity.js\nimport { isEven } from "./even.js";\nimport "./label.js";\n'
          'export function render({ el }) { el.innerHTML = `<p class="parity">isEven(4) = ${isEven(4)}</p>`; }\n')
LABEL = "%%module label.js\nexport const label = 'v1';\n"


def test_cells_in_any_order_run_all_and_an_entry_removed_and_back(nb: NotebookDriver, lab: dict[str, Any]) -> None:
    # parity.js is shown before the cells it imports are defined; label.js is edited after it.
    cells = ["%load_ext nbbundle", ODD, PARITY, EVEN, LABEL, 'import nbbundle\nnbbundle.show("parity.js")',
             LABEL.replace("v1", "v2"), "%nbbundle remove parity.js", PARITY.replace("isEven(4) =", "back:")]
    load, odd, parity, even, label, show, label2, remove, again = range(9)
    nb.open(write_notebook(lab["root"], "any-order.ipynb", cells[:label2 + 1]))
    nb.page.evaluate("""async () => { const app = window.jupyterapp, p = window.__nbbPanel;
        app.shell.activateById(p.id);
        await Promise.race([app.commands.execute('notebook:run-all-cells'),
                            new Promise((_, rej) => setTimeout(() => rej(new Error('run all timed out')), 60000))]); }""")
    wait(nb, show, "c.querySelector('.parity')?.textContent === 'isEven(4) = true'", 30_000)
    wait(nb, odd, "s.startsWith('✓ odd.js defined') && s.includes('linked')")
    wait(nb, parity, "s.startsWith('✓ parity.js defined')")
    assert nb.cell_errors(odd) == [] and nb.cell_errors(parity) == []
    # The update after Run All: the view was mounting when it was sent; it counts once mounted.
    wait(nb, label2, "s.startsWith('✓ label.js updated') && s.includes('applied in 1 of 1 live view')")
    assert "of 0" not in status(nb, label2)

    remove_at = nb.add_cell(cells[remove])
    nb.run_cell(remove_at)
    wait(nb, show, "v.querySelector('.nbbundle-overlay')?.innerText.includes('parity.js is not defined in the kernel any more')")
    again_at = nb.add_cell(cells[again])
    nb.run_cell(again_at)
    wait(nb, show, "!v.querySelector('.nbbundle-overlay') && v.querySelector('.parity')?.textContent === 'back: true'")
    assert nb.real_errors() == [], nb.errors


PROBE = ('%%module probe.js --show\nimport { label } from "./probe-label.js";\n'
         "export function render({ model, el }) {\n  globalThis.__nbbProbe = model;\n"
         '  el.innerHTML = `<b class="probe">${label}</b>`;\n}\n')
PROBE_LABEL = "%%module probe-label.js\nexport const label = 'probe v1';\n"
INJECTED = "export default { render({ el }) { el.textContent = 'INJECTED'; } }"

# Every message type with wrong shapes, huge payloads (kept under the websocket's 10 MiB
# frame limit: past it the browser loses the kernel, which is not the kernel's doing), and
# unknown types.
BAD_MESSAGES_JS = """(view) => {
  const big = "x".repeat(3_000_000);
  const ids = Array.from({ length: 20_000 }, (_, i) => `m${i}.js`);
  const types = ["hello", "ready", "alive", "closed", "executed", "applied", "runtime-error", "invalidate", "custom", "resync"];
  const out = [null, 42, "text", [1, 2], {}, { type: "unknown-type", view }, { type: big, view }];
  for (const type of types) {
    out.push({ type }, { type, view: 7 }, { type, view: big }, { type, view, extra: true },
             { type, view, version: "1", ms: -1, errors: "no", running: "sideways", ids: {}, hot: [], id: 5,
               event: big, error: [], message: 3 });
  }
  out.push({ type: "executed", view, ids, hot: {} },
           { type: "executed", view, ids: [], hot: { "app.js": { self: 1, deps: "x", exports: 2 } } },
           { type: "applied", view, version: 1, ms: 1, running: "current", executed: [], hot: {},
             errors: Array(100).fill({ phase: "init" }) },
           { type: "applied", view, version: 1, ms: 1, running: "current", executed: ids, hot: {},
             errors: [{ phase: "init", id: "probe.js", line: 1, column: 0, revision: 0, message: big }] },
           { type: "custom", view, event: "e", data: { nested: big.slice(0, 100), deep: ids } },
           { type: "invalidate", view, version: 0, id: "probe.js\\u2028x" },
           { type: "resync", view, version: 0 }, { type: "resync", view, version: 0 }, { type: "resync", view, version: 0 },
           { type: "resync", view, version: 0 }, { type: "resync", view, version: 0 });
  return out;
}"""
# Well-formed hellos of forged views, sent after the kernel handled the batch above: on a loaded
# machine the multi-megabyte messages can take the page's websocket down and up again, and
# messages in flight then are lost, which is the network's doing, not the kernel's.
FORGED_HELLOS_JS = """() => {
  for (const n of Array(80).keys()) globalThis.__nbbProbe.send({ type: "hello", view: `forged-view-${n}`, version: 0 });
  return 80;
}"""


def test_malformed_messages_from_a_real_browser_are_logged_and_ignored(nb: NotebookDriver, lab: dict[str, Any]) -> None:
    cells = ["%load_ext nbbundle", PROBE_LABEL, PROBE,
             'import nbbundle\nw = nbbundle.widget("probe.js")\nprint("views:", w.live_views, "rejected:", w.rejected)\n'
             'print("esm ok:", "INJECTED" not in w._esm, "bundle ok:", "INJECTED" not in json.dumps(w._bundle))',
             PROBE_LABEL.replace("v1", "v2")]
    load, label, probe, check, label2 = range(5)
    cells[check] = "import json\n" + cells[check]
    nb.open(write_notebook(lab["root"], "malformed.ipynb", cells))
    for i in (load, label):
        nb.run_cell(i)
    nb.run_cell_until(probe, "(n) => n.querySelectorAll('.jp-Cell')[%d].querySelector('.probe')" % probe, 30_000)
    log_before = Path(lab["log"]).read_text()
    assert nb.page.evaluate("() => document.querySelectorAll('.nbbundle-root').length") == 1
    sent = nb.page.evaluate(f"""() => {{
        const messages = ({BAD_MESSAGES_JS})("forged-view-id");
        for (const message of messages) globalThis.__nbbProbe.send(message);
        return messages.length;
    }}""")
    sent += nb.page.evaluate(FORGED_HELLOS_JS)
    # A widget message can reach the kernel after an execute request sent later (anywidget's
    # model proxy may send asynchronously), so run the check until the kernel has caught up.
    deadline = time.monotonic() + 30
    while True:
        nb.run_cell(check)
        out = nb.cell_output_text(check)
        views, rejected = map(int, re.search(r"views: (\d+) rejected: (\d+)", out).groups())
        if views >= 64 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert rejected >= sent - 80 - 10, out  # all but the well-formed ones (forged hellos, resyncs)
    assert views == 64, out  # forged views count by id, at most 64, until they close or go silent
    nb.page.evaluate("""() => { const model = globalThis.__nbbProbe;
        for (const n of Array(80).keys()) model.send({ type: 'closed', view: `forged-view-${n}` });
        model.send({ type: 'closed', view: 'forged-view-id' }); }""")
    # The kernel's log has one line per kind of problem, and no traceback.
    log = _log_since(lab, log_before, "ignored a message from a view of probe.js")
    lines = [line for line in log.splitlines() if "ignored a message from a view of probe.js" in line]
    assert 10 <= len(lines) < sent / 2, log[-3000:]
    assert len(lines) == len(set(lines))
    assert "Traceback" not in log, log[-3000:]
    # The app keeps working: an edit reaches the view, and the status says so.
    run(nb, label2)
    wait(nb, label2, "s.startsWith('✓ probe-label.js updated') && s.includes('applied in 1 of 1 live view')", 20_000)
    wait(nb, probe, "v.querySelector('.probe')?.textContent === 'probe v2'")
    # A state sync that tries to change the code every view runs: this page's own copy changes
    # (a front end can always break itself), the kernel's does not, so no other view runs it.
    nb.page.evaluate(f"""() => {{
        const model = globalThis.__nbbProbe;
        model.set("_esm", {json.dumps(INJECTED)});
        model.set("_bundle", {{ entry: "probe.js", version: 999, modules: {{ "probe.js": "INJECTED" }}, error: null }});
        model.save_changes();
    }}""")
    nb.run_cell(check)
    assert "esm ok: True bundle ok: True" in nb.cell_output_text(check)
    log = _log_since(lab, log_before, "ignored a front end's change of _bundle, _esm")
    assert "Traceback" not in log, log[-3000:]
    assert nb.real_errors() == [], nb.errors


def _log_since(server: dict[str, Any], before: str, expected: str) -> str:
    """The server log written since ``before``, once it has ``expected`` (5 s at most)."""
    deadline = time.monotonic() + 5
    log = Path(server["log"]).read_text()[len(before):]
    while expected not in log and time.monotonic() < deadline:
        time.sleep(0.2)
        log = Path(server["log"]).read_text()[len(before):]
    return log


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_after_a_kernel_restart_views_say_they_are_disconnected_and_how_to_reconnect(app: str, lab: dict[str, Any]) -> None:
    server_context = jupyter_server("notebook") if app == "notebook" else None
    with (server_context or _same(lab)) as server, browser_page() as page:
        nb = NotebookDriver(page, server)
        try:
            nb.open(write_notebook(server["root"], f"restart-{app}.ipynb", CELLS))
            for i in range(VIEW):
                nb.run_cell(i)
            nb.run_cell_until(VIEW, "(n) => n.querySelectorAll('.jp-Cell')[%d].querySelector('.counter')" % VIEW, 30_000)
            nb.page.evaluate("""async () => { const kernel = window.__nbbPanel.sessionContext.session.kernel;
                await Promise.race([kernel.restart(), new Promise((_, rej) => setTimeout(() => rej(new Error('restart')), 30000))]); }""")
            wait(nb, VIEW, "v.querySelector('.nbbundle-disconnected')?.innerText.includes('Disconnected from the kernel')", 30_000)
            banner = nb.cell(VIEW).locator(".nbbundle-disconnected").first.inner_text()
            assert "run the notebook's cells again" in banner, banner
            assert nb.cell(VIEW).locator(".counter").count() == 1, "what the view showed stays"
            nb.page.wait_for_function("() => window.__nbbPanel.sessionContext.session?.kernel?.status === 'idle'",
                                      timeout=30_000)
            for i in range(VIEW):  # reconnect as the banner says
                nb.run_cell(i)
            nb.run_cell_until(VIEW, "(n) => { const c = n.querySelectorAll('.jp-Cell')[%d];"
                                    " return c.querySelector('.counter') && !c.querySelector('.nbbundle-disconnected'); }" % VIEW,
                              30_000)
            assert nb.real_errors() == [], nb.errors
        except Exception:
            print("artifacts:", nb.dump(f"restart-{app}"))
            raise


class _same:
    """The module's server as a context manager (the restart test runs in either app)."""

    def __init__(self, server: dict[str, Any]) -> None:
        self.server = server

    def __enter__(self) -> dict[str, Any]:
        return self.server

    def __exit__(self, *_: object) -> None:
        return None
