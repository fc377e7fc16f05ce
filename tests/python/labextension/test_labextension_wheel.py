"""The wheel carries the prebuilt extension, and JupyterLab lists it as enabled, with no Node.

``pip wheel`` builds the wheel from this checkout (hatchling, no build isolation: offline) with
a PATH that has no ``node``; ``pip install`` puts it into a fresh virtual environment; then
JupyterLab's ``labextension list`` (the app behind ``jupyter labextension list``) runs there, with
Jupyter's data and config dirs pointed at empty folders. The fresh environment borrows the
installed dependencies (JupyterLab, IPython, ...) of the test environment through a ``.pth``
file instead of downloading them again: what is under test is the wheel's content and where pip
puts it, not the dependencies. About 4 s here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[3]
BUILT = CHECKOUT / "nbbundle" / "labextension"
SHARE = "share/jupyter/labextensions/nbbundle-labextension"


def _run(args: list[str], env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(args)}\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A wheel built from this checkout, installed into a fresh venv: (wheel, venv python, env)."""
    tmp = tmp_path_factory.mktemp("wheel")
    no_node = tmp / "bin"  # the only PATH entry besides the new venv's own bin: no node there
    no_node.mkdir()
    env = {"PATH": str(no_node), "HOME": str(tmp / "home"), "JUPYTER_PLATFORM_DIRS": "1",
           "JUPYTER_DATA_DIR": str(tmp / "data"), "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    assert shutil.which("node", path=env["PATH"]) is None
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
          "-w", str(tmp / "dist"), str(CHECKOUT)], env, tmp)
    [wheel] = (tmp / "dist").glob("nbbundle-*.whl")

    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], env, tmp)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
          "--no-index", str(wheel)], env, tmp)
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                   env, tmp).strip()
    Path(purelib, "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    env["PATH"] = os.pathsep.join([str(venv / "bin"), str(no_node)])
    return wheel, python, env, venv


def test_wheel_ships_the_committed_build_as_shared_data(fresh):
    wheel = fresh[0]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        data = next(n.split("/")[0] for n in names if n.endswith(".data/data/" + SHARE + "/package.json"))
        shipped = {n.removeprefix(f"{data}/data/{SHARE}/"): archive.read(n)
                   for n in names if n.startswith(f"{data}/data/{SHARE}/")}
    built = {p.relative_to(BUILT).as_posix(): p.read_bytes() for p in BUILT.rglob("*") if p.is_file()}
    assert {name: shipped.get(name) for name in built} == built  # byte for byte
    assert json.loads(shipped["install.json"])["packageName"] == "nbbundle"
    assert not [n for n in names if n.startswith("nbbundle/labextension/")]  # no second copy


def test_jupyterlab_in_a_fresh_venv_lists_the_extension_as_enabled(fresh):
    _, python, env, venv = fresh
    where = _run([str(python), "-c", "import nbbundle; print(nbbundle.__file__)"], env, venv)
    assert Path(where.strip()).is_relative_to(venv), where  # the wheel's nbbundle, not the checkout's
    listing = re.sub(r"\x1b\[[0-9;]*m", "", _run([str(python), "-m", "jupyterlab.labextensions", "list"],
                                                  env, venv))
    version = json.loads((BUILT / "package.json").read_text())["version"]
    assert re.search(rf"^\s*nbbundle-labextension v{re.escape(version)} enabled OK \(python, nbbundle\)$",
                     listing, re.MULTILINE), listing
    folder = next(line.strip() for line in listing.splitlines() if line.strip().endswith("labextensions"))
    assert Path(folder) == venv / "share" / "jupyter" / "labextensions", listing
