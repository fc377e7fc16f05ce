"""Defines run on a thread of nbbundle's own, so that their memory comes from a malloc arena of
its own (allocator tuning, like ``free_memory.py``).

glibc's malloc gives each thread an arena (up to eight per core) and serves a thread from its
own. In the kernel's main thread, a compile's blocks (the tree's nodes, lists of captures and
edits, the texts of each stage, the update's JSON) are carved from the same heap as the blocks
IPython keeps for ever: three copies of every cell it ran. Some of a compile's blocks live on
for a few runs (the transform cache, the rendered module, the texts kept for error frames), so
each run leaves holes between them, which IPython's next copies, being another size, split into
remainders that nothing the next runs allocate fills: in ``benchmarks/soak.py`` the 100 KB
``.tsx`` cell left 1.3 new free chunks in the main heap a run, 4.8 KB a run of pages that
``malloc_trim`` cannot give back (each chunk's first and last page), where a plain cell leaves
none. On a thread of their own, the compile's blocks come from that thread's arena, which
reaches a steady size (what nbbundle keeps is bounded), and the main heap holds what a plain
cell's run leaves there. The module's text is copied on that thread for the same reason: the
cell's text is a constant of the code IPython compiled for the cell, in the main heap, and it
would live on there, as long as nbbundle keeps it, once that code is gone.

The caller waits for the define: it is as synchronous as before, one at a time, with the
caller's context (ipykernel's parent message, so output still goes to the cell that ran it).
A ``KeyboardInterrupt`` in the caller (the kernel's interrupt button) is passed on to the define,
which stops where it would have stopped on the caller's thread (a define still waiting for the
thread is withdrawn); the caller raises it once the define has stopped.
"""

from __future__ import annotations

import contextvars
import ctypes
import queue
import threading
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


def own_copy(text: str) -> str:
    """A new string equal to ``text``, allocated by the calling thread (``str(text)`` and
    ``text[:]`` return ``text`` itself)."""
    return text[:1] + text[1:]


class _Job(Generic[T]):
    """One call on the compile thread, and its outcome for the caller waiting on ``done``."""

    def __init__(self, function: Callable[[], T]) -> None:
        self.function = function
        self._claim = threading.Lock()
        self.finishing = threading.Lock()
        """Held to set ``done``, and to interrupt the call: an interrupt lands before ``done``."""
        self.done = threading.Event()
        self.result: T | None = None
        # What the caller gets when the call never ran or never returned: an interrupt landed
        # first (``CompileThread.call``), or the caller withdrew the job before it began.
        self.error: BaseException | None = KeyboardInterrupt()

    def claim(self) -> bool:
        """True for the first to claim the job (the thread, to run it; the caller, to withdraw it)."""
        return self._claim.acquire(blocking=False)

    def run(self) -> None:
        if self.claim():
            try:
                self.result, self.error = self.function(), None
            except BaseException as error:  # handed to the caller, who raises it
                self.error = error
        with self.finishing:
            self.done.set()


class CompileThread:
    """A daemon thread that runs the calls given to ``call``, one at a time."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def call(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` on the compile thread, in the caller's context; its result or
        its exception. From the compile thread itself (a define that defines), a plain call."""
        if threading.current_thread() is self._thread:
            return function(*args)
        context = contextvars.copy_context()
        job: _Job[T] = _Job(lambda: context.run(function, *args))
        try:  # an interrupt may come as soon as the job is queued: the thread may be running it
            self._jobs.put(job)
            self._start()
            job.done.wait()
        except KeyboardInterrupt:
            self._interrupt(job)
            raise
        if job.error is not None:
            raise job.error
        return job.result  # type: ignore[return-value]

    def _start(self) -> None:
        with self._start_lock:
            # Set before it starts, so that an interrupt that comes once it runs the job finds
            # it; one that came before it started (no ident yet) leaves it to the next call.
            # A thread that is gone (it cannot end but by a bug) is replaced: a define must never
            # wait on a queue nobody reads.
            if self._thread is None or self._thread.ident is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="nbbundle-compile", daemon=True)
                self._thread.start()

    def _serve(self) -> None:
        job: _Job | None = None
        while True:
            try:
                if job is None:
                    job = self._jobs.get()
                job.run()
                job = None
            except KeyboardInterrupt:
                # An interrupt forwarded to a job landed after its call had ended (it lands
                # before ``done``, see ``_interrupt``): the job reports on the next turn.
                if job is not None and job.done.is_set():
                    job = None

    def _interrupt(self, job: _Job) -> None:
        """Withdraw ``job`` if it has not begun, else raise ``KeyboardInterrupt`` in its call and
        wait until the call has ended (the interrupt stops it where it would have stopped on
        the caller's thread; a call that ended meanwhile stays done)."""
        if job.claim():
            return
        thread = self._thread  # it claimed the job, so it has started
        with job.finishing:
            if not job.done.is_set() and thread is not None and thread.ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident),
                                                           ctypes.py_object(KeyboardInterrupt))
        while True:
            try:
                job.done.wait()
                return
            except KeyboardInterrupt:  # pressed again: the first one is on its way
                continue


COMPILE_THREAD = CompileThread()
