"""A host's server that exits before it answers fails the test (with its log); it is no skip."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import host_servers
import pytest

if TYPE_CHECKING:
    from pathlib import Path


def test_a_server_that_exits_at_start_is_a_failure_with_its_log(tmp_path: Path) -> None:
    cmd = [sys.executable, "-c", "import sys; print('no such notebook: app.py'); sys.exit(2)"]
    with pytest.raises(pytest.fail.Exception) as failed:  # noqa: PT012
        with host_servers._server("marimo edit", cmd, cwd=tmp_path, env={}, probe="http://127.0.0.1:9/",
                                  log_path=tmp_path / "server.log"):
            pytest.fail("the server never answered: the block must not run")
    assert str(failed.value).startswith("marimo edit did not start on 127.0.0.1 within 90 s (exit code 2):")
    assert str(failed.value).endswith("no such notebook: app.py\n")
