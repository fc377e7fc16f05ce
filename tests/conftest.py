"""For every test folder (tests/python, tests/e2e, tests/binder).

The compile cache of a test run is its own (NBBUNDLE_CACHE_DIR): a run reads and writes a fresh
temporary cache, so builds, kernels and servers the tests start use the cache as a user's would,
without results from another checkout or an earlier run.

Under CI (``CI=true``), a test skipped for a missing tool is an error: the hooks are in
tests/python/missing_tools.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from missing_tools import pytest_runtest_makereport, pytest_sessionstart

__all__ = ["pytest_runtest_makereport", "pytest_sessionstart"]

_made: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    if "NBBUNDLE_CACHE_DIR" not in os.environ:
        _made.append(tempfile.mkdtemp(prefix="nbbundle-test-cache-"))
        os.environ["NBBUNDLE_CACHE_DIR"] = _made[-1]


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
