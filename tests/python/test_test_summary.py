"""The test command's last lines say how many tests did not run and why (scripts/test_summary.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "test_summary.py"

JUNIT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" time="1.5">
<testcase classname="a" name="ran"/>
<testcase classname="a" name="one"><skipped type="pytest.skip" message="missing tool: node is not on PATH">x</skipped></testcase>
<testcase classname="a" name="two"><skipped type="pytest.skip" message="missing tool: node is not on PATH">x</skipped></testcase>
<testcase classname="a" name="opted"><skipped type="pytest.skip" message="NBB_SKIP_BINDER_TEST=1">x</skipped></testcase>
<testcase classname="a" name="known"><skipped type="pytest.xfail" message="a known divergence">x</skipped></testcase>
</testsuite></testsuites>"""

TAP = """TAP version 13
ok 1 - runs
ok 2 - runtime prelude # SKIP cannot run python3 (ENOENT); set NBB_PYTHON
1..2
# pass 1
# fail 0
# skipped 0
# duration_ms 12.5
"""


def summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
            ci: str | None) -> tuple[int, list[str]]:
    for name, text in (("pytest.xml", JUNIT), ("node.tap", TAP), ("lint-imports.txt", "Contracts: 3 kept, 0 broken.")):
        (tmp_path / name).write_text(text)
    for name in ("pytest", "node", "lint-imports"):
        (tmp_path / f"{name}.rc").write_text("0\n")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    spec = importlib.util.spec_from_file_location("test_summary_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    status = module.main(["test_summary.py", str(tmp_path)])
    return status, capsys.readouterr().out.splitlines()


def test_the_summary_counts_the_tests_that_did_not_run_by_reason(tmp_path, monkeypatch, capsys) -> None:
    status, lines = summary(tmp_path, monkeypatch, capsys, ci=None)
    assert status == 0
    assert lines[-5:] == [
        "all: 5 passed, 0 failed, 4 skipped, 1 known divergence from node (tests/python/known_divergences.py)",
        "4 tests did not run:",
        "     2  pytest: missing tool: node is not on PATH",
        "     1  node --test: cannot run python3 (ENOENT); set NBB_PYTHON",
        "     1  pytest: NBB_SKIP_BINDER_TEST=1",
    ]


def test_under_ci_a_node_test_that_did_not_run_fails_the_run(tmp_path, monkeypatch, capsys) -> None:
    status, lines = summary(tmp_path, monkeypatch, capsys, ci="true")
    assert status == 1
    assert [line for line in lines if line.startswith("✗")] == [
        "✗ node --test   1 passed · 1 skipped · CI=true: every test must run     0.0 s"]
