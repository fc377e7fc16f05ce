"""Semantic fixtures: each bundle must print exactly what Node's native ESM prints.

Every directory of tests/fixtures with a ``main.js`` is one case. The reference is computed on
each run by ``node main.js`` (native ESM); the case passes when ``node out.js`` of
``python -m nbbundle build main.js -o out.js`` prints the same lines.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
REPO_ROOT = FIXTURES_DIR.parent.parent
NODE = shutil.which("node")
TIMEOUT = 60

CASES = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "main.js").is_file())

needs_node = pytest.mark.skipif(NODE is None, reason="node is not on PATH")


def _run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT
    )


def test_fixture_count() -> None:
    assert len(CASES) >= 30, f"expected at least 30 fixtures in {FIXTURES_DIR}, found {CASES}"


@needs_node
@pytest.mark.parametrize("case", CASES)
def test_fixture_matches_native_node(case: str, tmp_path: Path) -> None:
    case_dir = FIXTURES_DIR / case

    native = _run([NODE, "main.js"], case_dir)
    assert native.returncode == 0, f"fixture {case} fails under native node:\n{native.stderr}"
    expected = native.stdout.splitlines()

    out = tmp_path / "out.js"
    # The case directory is the cwd, so put the checkout on the path for `-m nbbundle`.
    path = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    command = [sys.executable, "-m", "nbbundle", "build", "main.js", "-o", str(out)]
    build = _run(command, case_dir, env)
    assert build.returncode == 0, (
        f"nbbundle build failed for {case} (exit {build.returncode}):\n{build.stderr}{build.stdout}"
    )

    bundled = _run([NODE, str(out)], tmp_path)
    actual = bundled.stdout.splitlines()
    if actual != expected or bundled.returncode != 0:
        diff = "\n".join(
            difflib.unified_diff(expected, actual, "native node", "nbbundle", lineterm="")
        )
        pytest.fail(
            f"{case}: bundle output differs from native ESM (bundle exit {bundled.returncode})\n"
            f"{diff}\n--- bundle stderr ---\n{bundled.stderr}"
        )
    assert actual == expected
