"""A skip for a missing tool is a skip on a laptop and an error under CI; other skips stay skips."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent

TESTS = textwrap.dedent("""
    import pytest
    from missing_tools import needs, skip_missing

    def test_needs_a_tool_that_is_gone():
        skip_missing("node", "to run the program")

    @needs("node", "npm")
    def test_needs_tools_that_are_here():
        pass

    @pytest.mark.skipif(True, reason="NBB_SKIP_SOMETHING=1")
    def test_opted_out():
        pass
""")


def run_pytest(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_tools.py").write_text(TESTS)
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NBB_CHROMIUM")}
    environment.update(env, PYTHONPATH=str(HERE))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "missing_tools", "-p", "no:cacheprovider",
                           "-q", "-rA", str(tmp_path / "test_tools.py")],
                          cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120, check=False)


def test_locally_a_missing_tool_is_a_skip(tmp_path: Path) -> None:
    done = run_pytest(tmp_path)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 2 skipped" in done.stdout
    assert "missing tool: node is not on PATH (Node.js ≥ 20): to run the program" in done.stdout


def test_under_ci_a_missing_tool_is_an_error_and_an_opt_out_is_not(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, CI="true")
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed, 1 skipped" in done.stdout
    assert "CI=true: this test did not run, missing tool: node is not on PATH" in done.stdout
    skipped = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert [line.split(": ", 1)[1] for line in skipped] == ["NBB_SKIP_SOMETHING=1"]


def test_under_ci_a_session_without_chromium_stops_at_once_naming_it(tmp_path: Path) -> None:
    done = run_pytest(tmp_path, CI="true", NBB_CHROMIUM=str(tmp_path / "no-chromium"))
    assert done.returncode == 3
    assert f"missing: chromium: {tmp_path / 'no-chromium'} is not installed" in done.stdout + done.stderr
    assert "passed" not in done.stdout
