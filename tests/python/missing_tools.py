"""Skips for a tool missing from the machine: fine on a laptop, an error in CI.

A test that needs node, npm, Chromium, marimo or Voilà skips when the tool is absent, with a
reason that starts with ``MISSING`` (``missing tool: node is not on PATH …``). Under ``CI=true``
the hooks at the end (used by ``tests/conftest.py``) stop the session at its start if a tool is
missing, with one line naming each, and turn any such skip into an error: a green CI run means
every test ran. Other skips (an opt-out such as NBB_SKIP_BINDER_TEST, another platform) stay
skips. A tool that is present but broken (npm that cannot install, a server that exits) is a
failure everywhere, never a skip. Locally scripts/test_summary.py counts the skipped tests by
reason.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

MISSING = "missing tool: "
CHROMIUM = os.environ.get("NBB_CHROMIUM", "/usr/bin/chromium")


def _present(tool: str) -> bool:
    if tool == "chromium":
        return Path(CHROMIUM).exists()
    if tool in ("marimo", "voila"):
        return importlib.util.find_spec(tool) is not None
    return shutil.which(tool) is not None


#: Each tool the suite needs, and how to get it (the line CI prints when it is missing).
TOOLS = {
    "node": "node is not on PATH (Node.js ≥ 20)",
    "npm": "npm is not on PATH (it comes with Node.js)",
    "chromium": f"{CHROMIUM} is not installed (apt-get install chromium, or set NBB_CHROMIUM)",
    "marimo": "marimo is not installed (pip install -e '.[test]')",
    "voila": "voila is not installed (pip install -e '.[test]')",
}


def present(tool: str) -> bool:
    """Whether ``tool`` (a key of ``TOOLS``) is on this machine."""
    return _present(tool)


def missing_tools() -> list[str]:
    """One line for each tool of ``TOOLS`` that is absent."""
    return [f"{tool}: {how}" for tool, how in TOOLS.items() if not _present(tool)]


def reason(tool: str, why: str = "") -> str:
    """The skip reason for ``tool`` being absent (what CI recognises)."""
    return f"{MISSING}{TOOLS[tool]}" + (f": {why}" if why else "")


def skip_without(tool: str, why: str = "") -> None:
    """Skip the running test if ``tool`` is absent."""
    if not _present(tool):
        skip_missing(tool, why)


def skip_missing(tool: str, why: str = "") -> NoReturn:
    pytest.skip(reason(tool, why))


def needs(*tools: str, why: str = "") -> pytest.MarkDecorator:
    """A ``skipif`` mark: skip when any of ``tools`` is absent (the first one absent is named)."""
    absent = [tool for tool in tools if not _present(tool)]
    return pytest.mark.skipif(bool(absent), reason=reason(absent[0], why) if absent else "")


# -- the CI policy (pytest hooks, imported by tests/conftest.py) ------------------------------


def under_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def pytest_sessionstart(session: pytest.Session) -> None:
    if under_ci() and (absent := missing_tools()):
        lines = "\n".join(f"  missing: {line}" for line in absent)
        pytest.exit(f"CI=true, and tests would be skipped for tools this machine lacks:\n{lines}", returncode=3)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report = yield
    if report.skipped and not hasattr(report, "wasxfail") and under_ci():
        why = _skip_reason(report)
        if why.startswith(MISSING):
            report.outcome = "failed"
            report.longrepr = f"CI=true: this test did not run, {why}"
    return report
