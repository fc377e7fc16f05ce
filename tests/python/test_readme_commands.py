"""Every shell command in README.md works as pasted into a fresh clone.

The commands are read from the README's ```bash blocks, one per line, and run with ``bash -c``
in a copy of the checkout's tracked files, from a shell that has not activated the virtual
environment (``PATH`` without it, no ``VIRTUAL_ENV``): the copy's ``.venv`` is a link to the
environment the tests run in, as ``scripts/test.sh`` or ``scripts/demo.sh`` would have made it.
Commands that start a server, install packages or are the test command itself are named below
with the reason they are not run; any other command in the README is run, so a new one is
never left unchecked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
README = CHECKOUT / "README.md"

NOT_RUN = {
    "bash scripts/test.sh": "the test command itself: this test runs inside it",
    "bash scripts/demo.sh": "starts JupyterLab and serves until stopped",
    ".venv/bin/marimo edit": "starts a marimo server (tests/e2e/test_marimo.py serves that notebook)",
    ".venv/bin/voila": "starts a Voilà server (tests/e2e/test_voila.py serves that notebook)",
    ".venv/bin/python -m pip install": "installs packages into the environment (the test extras have them)",
}


def readme_commands() -> list[str]:
    blocks = re.findall(r"^```bash\n(.*?)^```", README.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)
    lines = (line.strip() for block in blocks for line in block.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def reason_not_run(command: str) -> str | None:
    return next((why for prefix, why in NOT_RUN.items() if command.startswith(prefix)), None)


def fresh_copy(dest: Path) -> Path:
    """The checkout's tracked files (as a clone has them), plus ``.venv`` → this environment."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=CHECKOUT, capture_output=True, check=False)
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout, no list of tracked files: {listed.stderr.decode().strip()}")
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = CHECKOUT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    (dest / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    return dest


def unactivated_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME", "PYTHONPATH")}
    venv_bin = str(Path(sys.prefix) / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


def test_every_readme_command_runs_as_pasted(tmp_path: Path) -> None:
    commands = readme_commands()
    to_run = [c for c in commands if reason_not_run(c) is None]
    assert len(to_run) >= 3, commands  # the export and build commands at least
    clone = fresh_copy(tmp_path / "clone")
    env = unactivated_env()
    assert shutil.which("python", path=env["PATH"]) != str(Path(sys.prefix) / "bin" / "python")
    for command in to_run:
        result = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True,
                                text=True, timeout=300)
        assert result.returncode == 0, f"$ {command}\n{result.stdout}\n{result.stderr}"


def test_the_commands_not_run_are_only_those_named() -> None:
    skipped = [c for c in readme_commands() if reason_not_run(c) is not None]
    # Each exemption still matches a README command: none lingers after its command went away.
    assert {next(p for p in NOT_RUN if c.startswith(p)) for c in skipped} == set(NOT_RUN), skipped
