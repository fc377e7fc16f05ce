"""Every teaching notebook in ``notebooks/`` runs top to bottom with nbclient (no browser).

Each notebook is run from a temporary copy, so nothing is written back to ``notebooks/``. A
failing cell raises ``CellExecutionError``; stderr output (nbbundle's diagnostics go there) fails
the test too. The saved widget state must hold each view's whole app: that is what renders the
views when the executed notebook is opened without a kernel.
"""

from __future__ import annotations

import base64
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from npm_cache import REACT, npm_packages

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def test_there_are_six_teaching_notebooks() -> None:
    assert [p.name[:3] for p in PATHS] == ["01-", "02-", "03-", "04-", "05-", "06-"], PATHS


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_clean(path: Path) -> None:
    """Shipped as a newcomer opens it: python3 kernel, no outputs, no execution counts."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"] == KERNELSPEC
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(not cell.outputs and cell.execution_count is None for cell in code)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    for cell in code:  # no network at run time: no CDN imports
        assert not re.search(r"""from\s+["']https?:|import\(\s*["']https?:""", cell.source), cell.source


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_top_to_bottom(path: Path, tmp_path: Path) -> None:
    shutil.copy(path, tmp_path / path.name)
    shutil.copytree(NOTEBOOKS / "assets", tmp_path / "assets")  # the images and fonts 03 imports
    # What `npm install` in notebooks/ puts there (06 imports React from node_modules).
    (tmp_path / "node_modules").symlink_to(npm_packages("react", REACT) / "node_modules")
    nb = nbformat.read(tmp_path / path.name, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    problems = [(i, o) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
                for o in cell.outputs if o.output_type == "error" or o.get("name") == "stderr"]
    assert problems == []
    statuses = "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                         for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs)
    assert "✗" not in statuses, statuses  # a %%module status line that reports an error

    views = [o["data"][VIEW_MIME]["model_id"] for cell in nb.cells if cell.cell_type == "code"
             for o in cell.outputs if VIEW_MIME in o.get("data", {})]
    assert views, "the notebook shows no widget"
    states = nb.metadata["widgets"][STATE_MIME]["state"]
    for model_id in views:
        bundle = states[model_id]["state"]["_bundle"]
        assert bundle["entry"] in bundle["modules"], bundle["entry"]
        assert not bundle["error"], bundle["error"]
        assert all(code.lstrip().startswith("function") for code in bundle["modules"].values())
    # every module a cell defines is part of some view's app
    saved = {name for m in views for name in states[m]["state"]["_bundle"]["modules"]}
    defined = {cell.source.split()[1] for cell in nb.cells
               if cell.cell_type == "code" and cell.source.startswith("%%module ")}
    assert defined <= saved, sorted(defined - saved)
    if path.stem == "03-css-modules":
        # The image and the font travel in the saved state: a reopened notebook shows them, no kernel.
        code = "".join(c for m in views for c in states[m]["state"]["_bundle"]["modules"].values())
        for data in ((NOTEBOOKS / "assets" / "badge.svg").read_bytes(),
                     (NOTEBOOKS / "assets" / "source-code-pro-500.woff2").read_bytes()):
            assert base64.b64encode(data).decode() in code
    nbformat.validate(nb)
