"""The last lines of ``scripts/test.sh``: one summary of pytest, lint-imports and node --test.

Reads what test.sh left in a folder (pytest's JUnit XML, lint-imports' output, node's TAP and
each suite's exit code) and prints a line per suite, then one plain total line
(``all: N passed, N failed, N skipped, N known divergences``; lint-imports' contracts count
as checks; pytest's strict xfails are the known divergences from node, listed in
tests/python/known_divergences.py). Then, if any test did not run, how many and why: one line
per reason (``missing tool: node is not on PATH …``: see tests/python/missing_tools.py).
Exits 1 if any suite failed, so the test command's status is the truth for CI; under
``CI=true`` a node test that did not run is a failure too (pytest's own hooks see to its tests).
"""

from __future__ import annotations

import os
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Suite:
    name: str
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    xfailed: int = 0
    """Known failures (pytest's strict xfail), the known divergences from node."""
    seconds: float | None = None
    exit_code: int = 0
    unit: str = "passed"
    note: str = ""
    not_run: Counter[str] = field(default_factory=Counter)
    """Why the skipped tests did not run: reason (its first line) → how many."""

    def line(self) -> str:
        parts = [f"{self.passed} {self.unit}"]
        if self.failed:
            parts.insert(0, f"{self.failed} failed")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.xfailed:
            parts.append(f"{self.xfailed} xfailed")
        if self.note:
            parts.append(self.note)
        took = f"{self.seconds:8.1f} s" if self.seconds is not None else ""
        mark = "✗" if self.exit_code else "✓"
        return f"{mark} {self.name:<14}{' · '.join(parts):<48}{took}"


def _exit_code(results: Path, name: str) -> int:
    try:
        return int((results / f"{name}.rc").read_text().strip())
    except (OSError, ValueError):
        return 1  # the suite never got to write its status


def pytest_suite(results: Path) -> Suite:
    suite = Suite("pytest", exit_code=_exit_code(results, "pytest"))
    try:
        root = ET.parse(results / "pytest.xml").getroot()
    except (OSError, ET.ParseError):
        suite.failed, suite.note = max(suite.failed, 1), "no report: see pytest's output above"
        return suite
    for suite_element in root.iter("testsuite"):
        suite.seconds = (suite.seconds or 0.0) + float(suite_element.get("time", 0))
    for case in root.iter("testcase"):
        outcomes = {child.tag: child for child in case}
        if "failure" in outcomes or "error" in outcomes:
            suite.failed += 1
        elif "skipped" in outcomes:
            if outcomes["skipped"].get("type") == "pytest.xfail":
                suite.xfailed += 1
            else:
                suite.skipped += 1
                reason = outcomes["skipped"].get("message") or "no reason given"
                suite.not_run[f"pytest: {reason.splitlines()[0] if reason.strip() else 'no reason given'}"] += 1
        else:
            suite.passed += 1
    if suite.exit_code == 5:
        suite.note = "no tests ran"
    return suite


def lint_imports_suite(results: Path) -> Suite:
    suite = Suite("lint-imports", exit_code=_exit_code(results, "lint-imports"), unit="contracts kept")
    text = (results / "lint-imports.txt").read_text() if (results / "lint-imports.txt").exists() else ""
    match = re.search(r"Contracts: (\d+) kept, (\d+) broken", text)
    if match:
        suite.passed, suite.failed = int(match[1]), int(match[2])
    elif suite.exit_code:
        suite.failed, suite.note = 1, "did not run: see its output above"
    return suite


def node_suite(results: Path) -> Suite:
    suite = Suite("node --test", exit_code=_exit_code(results, "node"))
    text = (results / "node.tap").read_text() if (results / "node.tap").exists() else ""
    counts = dict(re.findall(r"^# (pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$", text, re.MULTILINE))
    if not counts:
        suite.failed, suite.note = 1, "no report: see node's output above"
        return suite
    suite.passed = int(counts.get("pass", 0))
    suite.failed = int(counts.get("fail", 0)) + int(counts.get("cancelled", 0))
    # A skipped describe() counts none of its tests in node's totals: its SKIP line is counted.
    skips = re.findall(r"^\s*ok \d+ - .*? # (SKIP|TODO)\b ?(.*)$", text, re.MULTILINE)
    suite.skipped = max(int(counts.get("skipped", 0)) + int(counts.get("todo", 0)), len(skips))
    for kind, reason in skips:
        suite.not_run[f"node --test: {reason.strip() or kind}"] += 1
    if suite.skipped and os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        suite.exit_code, suite.note = 1, "CI=true: every test must run"
    suite.seconds = float(counts.get("duration_ms", 0)) / 1000
    return suite


def main(argv: list[str]) -> int:
    results = Path(argv[1])
    suites = [pytest_suite(results), lint_imports_suite(results), node_suite(results)]
    print("\n" + "─" * 72)
    for suite in suites:
        print(suite.line())
    passed = sum(s.passed for s in suites)
    failed = sum(s.failed for s in suites)
    skipped = sum(s.skipped for s in suites)
    known = sum(s.xfailed for s in suites)
    total = f"all: {passed} passed, {failed} failed, {skipped} skipped"
    if known:
        total += f", {known} known divergence{'' if known == 1 else 's'} from node (tests/python/known_divergences.py)"
    print(total)
    not_run = sum((s.not_run for s in suites), Counter())
    if skipped:
        print(f"{skipped} test{'' if skipped == 1 else 's'} did not run:")
        for reason, count in sorted(not_run.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {count:>4}  {reason}")
    return 1 if failed or any(s.exit_code for s in suites) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
