"""Options for the Python tests (registered here, at the root of tests/python)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-long", action="store_true", default=False,
        help="differential fuzzer: thousands of random programs with a fresh seed, not the "
             "test command's fixed few hundred",
    )
    parser.addoption(
        "--fuzz-programs", type=int, default=None, metavar="N",
        help="with --fuzz-long: N programs per fuzz test instead of 3,000 (a loaded machine)",
    )
