"""A newcomer's first hour: what the Quickstart promises, what the first ``scripts/demo.sh`` says
while it installs, and what notebook 01 says about the status line and the order of cells."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import nbformat

from nbbundle.kernel.environment import Environment
from nbbundle.kernel.status import _COLORS, Status

CHECKOUT = Path(__file__).resolve().parents[2]
README = (CHECKOUT / "README.md").read_text(encoding="utf-8")


def quickstart() -> str:
    return README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]


def test_the_quickstart_says_what_the_tests_and_a_rebuild_need() -> None:
    text = " ".join(quickstart().split())
    assert "Chromium" in text and "apt-get install chromium" in text
    assert "npm registry" in text, "the tests fetch reference packages from npm"
    assert "about ten minutes" in text
    needed = re.search(r"Needs Node\.js ≥ (\d+)", (CHECKOUT / "scripts" / "build_labextension.sh").read_text())
    assert needed, "build_labextension.sh says which Node it needs"
    assert f"Node.js ≥ {needed.group(1)}" in text and "bash scripts/build_labextension.sh" in text


# A stand-in `python3` for _venv.sh: `python3 -m venv .venv` makes a .venv whose python records
# the arguments pip got (no packages are installed: this is about what the script prints).
FAKE_PYTHON3 = textwrap.dedent("""\
    #!/usr/bin/env bash
    set -e
    [ "$1 $2 $3" = "-m venv .venv" ]
    mkdir -p .venv/bin
    printf '#!/usr/bin/env bash\\necho "$*" >> "$PIP_LOG"\\n' > .venv/bin/python
    chmod +x .venv/bin/python
    printf 'export PATH="%s/.venv/bin:$PATH"\n' "$PWD" > .venv/bin/activate
    """)


def test_the_first_setup_says_what_it_does_and_shows_pips_progress(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    (clone / "scripts").mkdir(parents=True)
    shutil.copy(CHECKOUT / "scripts" / "_venv.sh", clone / "scripts" / "_venv.sh")
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "python3").write_text(FAKE_PYTHON3)
    (tools / "python3").chmod(0o755)
    log = tmp_path / "pip.log"
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "PIP_LOG": str(log)}
    env.pop("VIRTUAL_ENV", None)
    first = subprocess.run(["bash", "-c", ". scripts/_venv.sh dev"], cwd=clone, env=env, capture_output=True,
                           text=True, check=True)
    said = first.stdout + first.stderr
    assert "first run" in said and "JupyterLab" in said, said
    first_pip = log.read_text().splitlines()
    assert first_pip and "--quiet" not in first_pip[-1], "pip's own progress shows on the first run"
    again = subprocess.run(["bash", "-c", ". scripts/_venv.sh dev"], cwd=clone, env=env, capture_output=True,
                           text=True, check=True)
    assert "first run" not in again.stdout + again.stderr
    assert "--quiet" in log.read_text().splitlines()[-1], "later runs only check, quietly"


def notebook_01_text() -> str:
    nb = nbformat.read(CHECKOUT / "notebooks" / "01-first-module.ipynb", as_version=4)
    return " ".join(" ".join(cell.source for cell in nb.cells if cell.cell_type == "markdown").split())


def test_notebook_01_describes_the_status_line_as_it_looks(tmp_path: Path) -> None:
    text = notebook_01_text()
    assert "grey line" not in text
    assert _COLORS["✓"] == "#389e0d" and _COLORS["✗"] == "#cf1322"  # what the text calls green and red
    assert "green with ✓" in text and "red with ✗" in text


def test_notebook_01_says_cells_come_in_any_order_and_they_do(tmp_path: Path) -> None:
    text = notebook_01_text()
    assert "Define a module before the modules that import it" not in text
    assert "Cells may come in any order" in text
    environment = Environment(root=tmp_path)
    try:
        waiting = Status(environment.define("app.js", 'import { greet } from "./greet.js";\nexport const x = greet();\n'))
        said = re.search(r"`(… is waiting for \./greet\.js)`", text)
        assert said and said.group(1).removeprefix("… ") in waiting.text().replace("app.js ", "", 1)
        assert environment.define("greet.js", "export const greet = () => 'hi';\n").status == "defined"
        assert "app.js" not in environment.pending
    finally:
        environment.close()
