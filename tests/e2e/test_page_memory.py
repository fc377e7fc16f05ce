"""What re-running a module cell leaves behind in the JupyterLab page (issue 18, item 15).

A user re-runs a ``%%module`` cell hundreds of times in a session; the page must not keep
something per run. Counted, not timed: after N runs of a module cell (each applied by the live
view, its status line refreshed in place to ✓), the page's kernel connection holds the display
ids of the outputs still shown, not one per run.

Run:  python -m pytest tests/e2e/test_page_memory.py -v
"""

from __future__ import annotations

from typing import Any

import pytest
from browser import requires_chromium
from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook

pytestmark = [pytest.mark.e2e, requires_chromium]

LABEL = "%%module label.js\nexport const label = 'run-{n}';\n"
APP = """%%module app.js --show
import { label } from "./label.js";
export function render({ el }) {
  const span = document.createElement("span");
  span.className = "label";
  span.textContent = label;
  import.meta.hot?.accept("./label.js", (next) => { span.textContent = next.label; });
  el.append(span);
}
"""
RUNS = 12

# The display ids JupyterLab's kernel connection keeps (a private field: if it goes, the test
# says so instead of passing).
_DISPLAY_IDS = """() => {
    const kernel = window.__nbbPanel.sessionContext.session.kernel;
    const ids = kernel._displayIdToParentIds;
    return ids instanceof Map ? ids.size : null;
}"""


@pytest.fixture(scope="module")
def lab():
    with jupyter_server("lab") as srv:
        yield srv


def test_re_running_a_module_cell_keeps_no_display_id_per_run(lab: dict[str, Any]) -> None:
    # Each run's status line has a display id (it refreshes as views report). JupyterLab 4
    # forgets a display id with its request only when the id is the request's own (its clean-up
    # looks the request's id up as a display id): one id per run, kept for the page's life, else.
    with browser_page() as page:
        nb = NotebookDriver(page, lab)
        nb.open(write_notebook(lab["root"], "memory.ipynb", ["%load_ext nbbundle", LABEL.format(n=0), APP]))
        for index in range(3):
            nb.run_cell(index)
        page.wait_for_function("() => window.__nbbPanel.node.querySelector('.nbbundle-app .label')"
                               "?.textContent === 'run-0'", timeout=60_000)
        before = page.evaluate(_DISPLAY_IDS)
        if before is None:
            pytest.fail("JupyterLab's kernel connection has no _displayIdToParentIds Map any more: "
                        "count what it keeps per display id another way")
        for n in range(1, RUNS + 1):
            nb.set_cell_source(1, LABEL.format(n=n))
            nb.run_cell(1)
            # The view applied it, and the status line under the cell was refreshed in place
            # (✓ comes in an update_display_data, after the view's report).
            page.wait_for_function(
                """(n) => window.__nbbPanel.node.querySelector('.nbbundle-app .label')?.textContent === `run-${n}`
                    && window.__nbbPanel.content.widgets[1].node.querySelector('.nbbundle-status')
                        ?.innerText.startsWith('✓ label.js updated')""", arg=n, timeout=30_000)
        after = page.evaluate(_DISPLAY_IDS)
        assert after <= before + 1, f"{after - before} display ids kept after {RUNS} runs of one cell"
        assert nb.real_errors() == [], nb.errors
