"""Defines run on nbbundle's compile thread (``kernel/compile_thread.py``, for the C heap's sake)
and still behave as calls on the kernel's own thread: the interrupt button stops a define, and
a define sees the context of the cell that ran it (where ipykernel keeps the parent message that
routes its output)."""

from __future__ import annotations

import contextvars
import signal
import threading
from typing import TYPE_CHECKING, Any

import pytest

from nbbundle.kernel.compile_thread import COMPILE_THREAD
from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from pathlib import Path


def test_the_interrupt_button_stops_a_define_and_the_next_one_runs(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    env = Environment(root=tmp_path)
    started, seen = threading.Event(), []
    real_define = Environment._define

    def endless_compile(self: Environment, name: str, *args: Any, **kwargs: Any) -> Any:
        try:
            started.set()
            while True:  # a compile that takes for ever, in Python's bytecode
                pass
        except KeyboardInterrupt:
            seen.append(threading.current_thread().name)
            raise

    monkeypatch.setattr(Environment, "_define", endless_compile)
    # The kernel's interrupt button is SIGINT to the kernel's main thread, where the cell waits.
    main = threading.main_thread().ident
    assert main is not None and threading.current_thread() is threading.main_thread()
    presser = threading.Thread(target=lambda: started.wait() and signal.pthread_kill(main, signal.SIGINT))
    presser.start()
    with pytest.raises(KeyboardInterrupt):
        env.define("slow.js", "export const slow = 1;\n")
    presser.join()
    assert seen == ["nbbundle-compile"]  # the compile itself was stopped, on its own thread
    assert "slow.js" not in env.cells

    monkeypatch.setattr(Environment, "_define", real_define)
    assert env.define("slow.js", "export const slow = 2;\n").status == "defined"
    assert env.cells["slow.js"] == "export const slow = 2;\n"


def test_a_define_runs_in_the_context_of_the_cell_that_ran_it(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    parent = contextvars.ContextVar("parent_header")  # ipykernel's is a ContextVar like this one
    env, seen = Environment(root=tmp_path), []
    real_define = Environment._define

    def define(self: Environment, *args: Any, **kwargs: Any) -> Any:
        seen.append((parent.get(None), threading.current_thread().name))
        return real_define(self, *args, **kwargs)

    monkeypatch.setattr(Environment, "_define", define)
    for cell in ("cell-1", "cell-2"):
        parent.set({"msg_id": cell})
        assert env.define("a.js", f"export const a = {cell!r};\n").status in ("defined", "updated")
    assert seen == [({"msg_id": "cell-1"}, "nbbundle-compile"), ({"msg_id": "cell-2"}, "nbbundle-compile")]


def test_an_error_in_a_define_reaches_the_caller_and_the_thread_goes_on(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    with pytest.raises(ValueError, match="bad name"):
        COMPILE_THREAD.call(_raise, ValueError("bad name"))
    assert env.define("ok.js", "export const ok = 1;\n").status == "defined"


def _raise(error: Exception) -> None:
    raise error


def test_a_compile_thread_that_is_gone_is_replaced_and_the_define_runs() -> None:
    """Were the thread ever to end (a bug), the next define must still run, not wait for ever."""
    from nbbundle.kernel.compile_thread import CompileThread

    compile_thread = CompileThread()
    gone = threading.Thread(target=lambda: None)
    gone.start()
    gone.join()
    compile_thread._thread = gone
    answers: list[int] = []
    caller = threading.Thread(target=lambda: answers.append(compile_thread.call(lambda: 42)), daemon=True)
    caller.start()
    caller.join(timeout=10)
    assert answers == [42]
