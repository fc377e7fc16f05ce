"""Under CI (``CI=true``), a test skipped for a missing tool is an error: see missing_tools.py.

Here, above tests/python, tests/e2e and tests/binder, so the hooks hold for all three.
"""

from __future__ import annotations

from missing_tools import pytest_runtest_makereport, pytest_sessionstart

__all__ = ["pytest_runtest_makereport", "pytest_sessionstart"]
