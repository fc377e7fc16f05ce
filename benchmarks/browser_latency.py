"""The browser half of ``hmr_latency.py``: cell → DOM in JupyterLab, against a bare message.

One JupyterLab, one notebook, one Chromium page. Two cells are run alternately:

* an HMR cell: ``%%module label.js`` with a new text each time; the view shows it when the
  update has been applied (kernel → websocket → widget → HMR client → DOM);
* a bare cell: ``bare.send({...})`` to a minimal anywidget that writes the message into its DOM
  (kernel → websocket → widget → DOM), the floor nbbundle is measured against.

Both timings run from the command that executes the cell to the first DOM mutation showing
the new text, with in-page ``performance.now()``. It reuses the end-to-end tests' harness.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook  # noqa: E402

BARE_WIDGET = '''\
import anywidget, traitlets

class Bare(anywidget.AnyWidget):
    _esm = """
    export default { render({ model, el }) {
      const span = document.createElement("span");
      span.className = "bare";
      span.textContent = "bare-0";
      model.on("msg:custom", (message) => { span.textContent = message.text; });
      el.append(span);
    } };
    """

bare = Bare()
bare'''

LABEL_JS = "%%module label.js\nexport const label = 'hmr-{n}';\n"
APP_JS = """%%module app.js
import { label } from "./label.js";
export function render({ el }) {
  const span = document.createElement("span");
  span.className = "hmr";
  const paint = (text) => { span.textContent = text; };
  paint(label);
  import.meta.hot?.accept("./label.js", (next) => paint(next.label));
  el.append(span);
}
"""


def browser_figures(runs: int) -> dict[str, float]:
    cells = ["%load_ext nbbundle\nimport nbbundle", LABEL_JS.format(n=0), APP_JS, "nbbundle.show('app.js')",
             BARE_WIDGET, "bare.send({'text': 'bare-0'})"]
    hmr: list[float] = []
    bare: list[float] = []
    with jupyter_server("lab") as server, browser_page() as page:
        name = write_notebook(server["root"], "latency.ipynb", cells)
        notebook = NotebookDriver(page, server)
        notebook.open(name)
        for index in range(len(cells)):
            notebook.run_cell(index)
            if index == 3:
                page.wait_for_selector(".nbbundle-app .hmr")
            if index == 4:
                page.wait_for_selector(".bare")
        for n in range(1, runs + 1):
            notebook.set_cell_source(1, LABEL_JS.format(n=n))
            shown = f"(node) => node.querySelector('.hmr')?.textContent === 'hmr-{n}'"
            hmr.append(notebook.run_cell_until(1, shown)["dom_ms"])
            notebook.set_cell_source(5, f"bare.send({{'text': 'bare-{n}'}})")
            shown = f"(node) => node.querySelector('.bare')?.textContent === 'bare-{n}'"
            bare.append(notebook.run_cell_until(5, shown)["dom_ms"])
    return {"hmr_median_ms": statistics.median(hmr), "bare_median_ms": statistics.median(bare),
            "hmr_min_ms": min(hmr), "bare_min_ms": min(bare), "runs": runs}
