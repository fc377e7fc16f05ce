"""The browser half of ``hmr_latency.py``: cell → DOM in JupyterLab, against a bare message,
with nbbundle's server extension (``TCP_NODELAY`` on kernel websockets) and without it.

Two JupyterLabs, as installed (the extension on) and with ``--NbbundleServer.tcp_nodelay=False``,
each with one notebook in its own Chromium page. In each, three cells are run in turn:

* an HMR cell: ``%%module label.js`` with a new text each time; the view shows it when the
  update has been applied (kernel → websocket → widget → HMR client → DOM);
* a bare cell: ``bare.send({...})`` to a minimal anywidget that writes the message into its DOM
  (kernel → websocket → widget → DOM), the floor nbbundle is measured against;
* a bare cell with an output line: the same message, then a one-line HTML output as a
  ``%%module`` cell's status line is (``display`` with the request's id as display id). A cell
  with an output costs JupyterLab more at its next run (it clears the output before it sends the
  request, and repaints), whoever made the output: this is the floor for a cell that shows one.

Every timing runs from the command that executes the cell to the first DOM mutation showing
the new text, with in-page ``performance.now()``, in two paces:

* **after a pause** (half a second of quiet, as when a reader edits a cell and runs it);
* **back to back** (the next run at once, as when re-running quickly, dragging a slider that
  calls ``nbbundle.data``, or a loop in Python): the previous run's last messages (the views'
  "applied", the refreshed status line) are still on the wire, which is where Nagle's
  algorithm holds a small frame until the browser's delayed ACK, about 40 ms.

The servers and kinds take turns, each turn starting with another server and the kinds in the
other order, so noise on a shared machine (and whatever the previous measurement left running)
hits all of them alike. It
reuses the end-to-end tests' harness. With ``baseline``, a third JupyterLab (with the extension)
runs another checkout's nbbundle (``PYTHONPATH``), e.g. main before a change, in the same turns.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests" / "python")]  # as pytest's pythonpath

from browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from jupyter_harness import NotebookDriver, jupyter_server, write_notebook  # noqa: E402

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

#: A comment of this invocation's own: every text is new to the disk cache, as an edited cell's
#: is (without it, each run after the first would find the same texts compiled by an earlier one).
LABEL_JS = "%%module label.js\nexport const label = 'hmr-{n}';\n" + f"// run {os.urandom(4).hex()}\n"
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


SERVERS = {"nodelay": (), "nagle": ("--NbbundleServer.tcp_nodelay=False",)}
"""The server extension as installed, and turned off by its documented flag."""
#: The bare message, then a line like a status line (its HTML shape, under the request's id).
SHOWN_CELL = ("bare.send({{'text': 'shown-{n}'}})\n"
              "display({{'text/plain': 'sent shown-{n}', 'text/html': '<div style=\"font: 12px monospace\">sent shown-{n}</div>'}}, "
              "raw=True, display_id=get_ipython().display_pub.parent_header['msg_id'])")
CELLS = ["%load_ext nbbundle\nimport nbbundle", LABEL_JS.format(n=0), APP_JS, "nbbundle.show('app.js')",
         BARE_WIDGET, "bare.send({'text': 'bare-0'})", SHOWN_CELL.format(n=0)]
KINDS = ("hmr", "bare", "shown")


def _open_notebook(server: dict[str, Any], page: Any) -> NotebookDriver:
    name = write_notebook(server["root"], "latency.ipynb", CELLS)
    notebook = NotebookDriver(page, server)
    notebook.open(name)
    for index in range(len(CELLS)):
        notebook.run_cell(index)
        if index == 3:
            page.wait_for_selector(".nbbundle-app .hmr")
        if index == 4:
            page.wait_for_selector(".bare")
    return notebook


def _hmr_ms(notebook: NotebookDriver, n: int) -> float:
    notebook.set_cell_source(1, LABEL_JS.format(n=n))
    shown = f"(node) => node.querySelector('.hmr')?.textContent === 'hmr-{n}'"
    return notebook.run_cell_until(1, shown)["dom_ms"]


def _bare_ms(notebook: NotebookDriver, n: int) -> float:
    notebook.set_cell_source(5, f"bare.send({{'text': 'bare-{n}'}})")
    shown = f"(node) => node.querySelector('.bare')?.textContent === 'bare-{n}'"
    return notebook.run_cell_until(5, shown)["dom_ms"]


def _shown_ms(notebook: NotebookDriver, n: int) -> float:
    notebook.set_cell_source(6, SHOWN_CELL.format(n=n))
    shown = f"(node) => node.querySelector('.bare')?.textContent === 'shown-{n}'"
    return notebook.run_cell_until(6, shown)["dom_ms"]


PACES = ("paused", "burst")
SETTLE_S = 0.5


@contextlib.contextmanager
def _python_path(folder: Path | None) -> Iterator[None]:
    """``PYTHONPATH`` set to ``folder`` (when given) for a server started inside: its kernels
    import that folder's nbbundle."""
    if folder is None:
        yield
        return
    before = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = before


def browser_figures(runs: int, baseline: Path | None = None) -> dict[str, float]:
    """Medians (and minimums) of cell → DOM for each server, kind (HMR, bare) and pace; with
    ``baseline``, also for a server (TCP_NODELAY) whose kernel imports nbbundle from that folder."""
    from playwright.sync_api import sync_playwright

    servers = {**SERVERS, **({"baseline": ()} if baseline is not None else {})}
    timings: dict[str, list[float]] = {
        f"{server}_{kind}_{pace}": [] for server in servers for kind in KINDS for pace in PACES}
    with contextlib.ExitStack() as stack:
        playwright = stack.enter_context(sync_playwright())
        notebooks = {}
        for label, args in servers.items():  # a browser each: no page is a background tab
            with _python_path(baseline if label == "baseline" else None):
                server = stack.enter_context(jupyter_server("lab", extra_args=args))
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.callback(browser.close)
            notebooks[label] = _open_notebook(server, browser.new_page(viewport={"width": 1280, "height": 900}))
        texts = itertools.count(1)
        labels = list(notebooks)
        for turn in range(runs):
            # Each turn starts with another server and another kind: no server or kind always
            # follows the same neighbour (with a fixed order, the bare message on the server measured
            # first was 3-6 ms slower than on the third in four runs out of four).
            for label in labels[turn % len(labels):] + labels[:turn % len(labels)]:
                notebook = notebooks[label]
                kinds = [("hmr", _hmr_ms), ("bare", _bare_ms), ("shown", _shown_ms)]
                kinds = kinds[turn % 3:] + kinds[:turn % 3]
                for kind, measure in kinds if (turn // 3) % 2 == 0 else kinds[::-1]:
                    time.sleep(SETTLE_S)
                    timings[f"{label}_{kind}_paused"].append(measure(notebook, next(texts)))
                    timings[f"{label}_{kind}_burst"].append(measure(notebook, next(texts)))
    figures: dict[str, float] = {"runs": runs}
    for key, values in timings.items():
        figures[f"{key}_median_ms"] = statistics.median(values)
        figures[f"{key}_min_ms"] = min(values)
    return figures
