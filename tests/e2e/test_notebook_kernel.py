"""The HMR notebook run headless by nbclient (no browser, no server).

The saved widget state must hold the whole app (its modules' code): that is what lets a
notebook reopened without a kernel render the last version.
"""

from __future__ import annotations

import nbformat
from hmr_cells import CELLS, VIEW
from jupyter_harness import write_notebook
from nbclient import NotebookClient

VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STATE_MIME = "application/vnd.jupyter.widget-state+json"


def test_notebook_runs_and_saves_the_bundle_in_the_widget_state(tmp_path):
    nb = nbformat.read(tmp_path / write_notebook(tmp_path, "hmr.ipynb", CELLS), as_version=4)
    # raises CellExecutionError on the first failing cell
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    errors = [(i, o) for i, cell in enumerate(nb.cells) for o in cell.outputs
              if o.output_type == "error" or o.get("name") == "stderr"]
    assert errors == []
    views = [o["data"][VIEW_MIME] for o in nb.cells[VIEW].outputs if VIEW_MIME in o.get("data", {})]
    assert len(views) == 1, nb.cells[VIEW].outputs
    states = nb.metadata["widgets"][STATE_MIME]["state"]
    model_id = views[0]["model_id"]
    assert model_id in states, sorted(states)
    bundle = states[model_id]["state"]["_bundle"]
    ids = set(bundle["modules"])
    for name in ("app.js", "counter.js", "style.css"):
        assert any(i == name or i.endswith("/" + name) for i in ids), (name, sorted(ids))
    assert "Count: " in next(code for i, code in bundle["modules"].items() if i.endswith("counter.js"))
    assert not bundle.get("error"), bundle["error"]

    nbformat.write(nb, str(tmp_path / "executed.ipynb"))  # round-trips as a valid notebook
    nbformat.validate(nbformat.read(tmp_path / "executed.ipynb", as_version=4))
