"""What a Binder launch would do, offline of Binder: proof that binder/ is enough.

A fresh virtual environment gets exactly ``pip install -r binder/requirements.txt``, run from
the repository root as repo2docker runs it, and ``binder/postBuild`` installs React with npm. Then, with that environment's python, every
notebook in notebooks/ runs top to bottom (nbclient, which the pinned JupyterLab brings), on the
``python3`` kernel, which is that environment's own python with the nbbundle wheel installed
(not this checkout). The JupyterLab extensions the views need must be installed there too.

Slow (a minute or two, it downloads and installs JupyterLab): NBB_SKIP_BINDER_TEST=1 skips it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
REQUIREMENTS = CHECKOUT / "binder" / "requirements.txt"

pytestmark = pytest.mark.skipif(os.environ.get("NBB_SKIP_BINDER_TEST") == "1",
                                reason="NBB_SKIP_BINDER_TEST=1")

# Runs inside the Binder environment: each notebook from a temp copy, like tests/python's
# test_notebooks.py, plus a probe cell that says which python and which nbbundle the kernel has.
RUN_NOTEBOOKS = r"""
import json, shutil, sys, tempfile, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

VIEW = "application/vnd.jupyter.widget-view+json"
report = {"notebooks": {}}
work = Path(tempfile.mkdtemp())
probe = new_notebook(cells=[new_code_cell(
    "import sys, nbbundle; print(sys.prefix); print(nbbundle.__file__); print(nbbundle.__version__)")])
NotebookClient(probe, timeout=120, kernel_name="python3").execute()
report["kernel"] = probe.cells[0].outputs[0]["text"].split()
(work / "node_modules").symlink_to(sys.argv[2])  # what binder/postBuild installed
shutil.copytree(Path(sys.argv[1]) / "assets", work / "assets")  # the image and font notebook 03 imports
for path in sorted(Path(sys.argv[1]).glob("*.ipynb")):
    copy = work / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    t0 = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(work)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    report["notebooks"][path.name] = {
        "seconds": round(time.perf_counter() - t0, 1),
        "errors": [o.get("ename") or o.get("text") for o in outputs
                   if o.output_type == "error" or o.get("name") == "stderr"],
        "views": sum(1 for o in outputs if VIEW in o.get("data", {})),
    }
print(json.dumps(report))
"""


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def test_a_fresh_environment_from_binder_requirements_runs_every_notebook(tmp_path: Path) -> None:
    timings: dict[str, float] = {}
    venv = tmp_path / "binder-env"
    python = venv / "bin" / "python"
    # Nothing from this machine's Jupyter setup may leak in: no user kernelspecs, no config.
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "PYTHON", "VIRTUAL_ENV", "IPYTHON", "PIP_REQUIRE"))}
    env.update(HOME=str(tmp_path / "home"), JUPYTER_PLATFORM_DIRS="1",
               JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"),
               JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "jupyter-runtime"),
               IPYTHONDIR=str(tmp_path / "ipython"), PYDEVD_DISABLE_FILE_VALIDATION="1",
               PATH=os.pathsep.join([str(venv / "bin"), env.get("PATH", "")]))
    if "PIP_CACHE_DIR" not in env:  # keep pip's download cache across runs (HOME is temporary)
        env["PIP_CACHE_DIR"] = str(Path.home() / ".cache" / "pip")

    t0 = time.perf_counter()
    run([sys.executable, "-m", "venv", str(venv)], env=env)
    run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], env=env)
    run([str(python), "-m", "pip", "install", "--quiet", "-r", "binder/requirements.txt"],
        env=env, cwd=CHECKOUT)
    timings["install_s"] = round(time.perf_counter() - t0, 1)

    # The pins hold, and nothing is broken.
    run([str(python), "-m", "pip", "check"], env=env)
    installed = {d["name"].lower().replace("_", "-"): d["version"] for d in json.loads(
        run([str(python), "-m", "pip", "list", "--format=json"], env=env).stdout)}
    for line in REQUIREMENTS.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            assert installed.get(name.strip().lower().replace("_", "-")) == version.strip(), line
    assert "nbbundle" in installed
    assert "nbclient" in installed, "nbclient should come with JupyterLab (jupyter_server → nbconvert)"

    # JupyterLab has the front ends the views need: widgets manager and anywidget.
    extensions = run([str(venv / "bin" / "jupyter"), "labextension", "list"], env=env)
    listing = extensions.stdout + extensions.stderr
    for name in ("@jupyter-widgets/jupyterlab-manager", "anywidget"):
        assert extension_line(listing, name) == "enabled OK", listing

    # binder/postBuild, from a repository root of its own (it installs into notebooks/).
    repo = tmp_path / "repo"
    (repo / "notebooks").mkdir(parents=True)
    shutil.copy(CHECKOUT / "notebooks" / "package.json", repo / "notebooks" / "package.json")
    run(["bash", str(CHECKOUT / "binder" / "postBuild")], env=env, cwd=repo, timeout=600)
    timings["post_build_s"] = round(time.perf_counter() - t0 - timings["install_s"], 1)

    t1 = time.perf_counter()
    result = run([str(python), "-c", RUN_NOTEBOOKS, str(CHECKOUT / "notebooks"),
                  str(repo / "notebooks" / "node_modules")], env=env, cwd=tmp_path, timeout=900)
    timings["notebooks_s"] = round(time.perf_counter() - t1, 1)
    report = json.loads(result.stdout.strip().splitlines()[-1])

    prefix, nbbundle_file, _version = report["kernel"]
    assert Path(prefix).resolve() == venv.resolve(), prefix
    assert Path(nbbundle_file).resolve().is_relative_to(venv.resolve()), nbbundle_file  # the wheel
    notebooks = report["notebooks"]
    assert sorted(notebooks) == sorted(p.name for p in (CHECKOUT / "notebooks").glob("*.ipynb"))
    for name, outcome in notebooks.items():
        assert outcome["errors"] == [], (name, outcome)
        assert outcome["views"] >= 1, (name, outcome)
    print("\nbinder environment:", json.dumps({**timings, "notebooks": notebooks}, indent=1))


def extension_line(listing: str, name: str) -> str:
    """The state of extension ``name`` in ``jupyter labextension list``, from its own line
    (colours taken out): "enabled OK", "disabled OK", …; "" when it is not listed once."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).split() for line in listing.splitlines()]
    found = [words for words in lines if words[:1] == [name] and len(words) >= 4 and words[1].startswith("v")]
    return " ".join(found[0][2:4]) if len(found) == 1 else ""
