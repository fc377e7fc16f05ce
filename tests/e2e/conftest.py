"""Make each phase's report available to fixtures (``item.rep_call``): artifacts on failure."""

from __future__ import annotations

import pytest


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
