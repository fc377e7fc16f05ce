"""The display id of a ``%%module`` run's status line: the id of the request that ran the cell.

JupyterLab's kernel connection forgets a display id when the request that showed it goes only if
the id is that request's own (``tests/e2e/test_page_memory.py`` counts what the page keeps); two
statuses of one request must still be two outputs, each refreshed on its own.
"""

from __future__ import annotations

from types import SimpleNamespace

from nbbundle.kernel import magics


def shell_running(msg_id: object) -> SimpleNamespace:
    return SimpleNamespace(display_pub=SimpleNamespace(parent_header={"msg_id": msg_id, "msg_type": "execute_request"}))


def test_a_status_takes_its_requests_id_once() -> None:
    assert magics._status_display_id(shell_running("request-1")) == "request-1"
    # `run_cell_magic` twice in one cell: the second status is another output, with an id of its own
    assert magics._status_display_id(shell_running("request-1")) is True
    assert magics._status_display_id(shell_running("request-2")) == "request-2"


def test_without_a_kernels_request_a_status_gets_a_new_id() -> None:
    assert magics._status_display_id(SimpleNamespace()) is True  # plain IPython: no display_pub header
    assert magics._status_display_id(shell_running(None)) is True
    assert magics._status_display_id(SimpleNamespace(display_pub=SimpleNamespace(parent_header={}))) is True
