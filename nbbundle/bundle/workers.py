"""Compiling files for the scan: in this process, or in forked worker processes for a big cold build.

Parsing and analysing JavaScript is nearly all of a cold build's time, and every module
compiles independently of the others, so a build with many modules spreads them over
processes: one per CPU the process may use, forked once there are enough files waiting (a
small build never pays for a fork). Only where ``fork`` exists (Linux): forked workers start
with everything this process already loaded (the parser, the compiled query); elsewhere, and
for the notebook, compiling stays in this process.

The scan asks for modules by id (``submit``) and takes them back in its own order
(``result``). Results arrive in whatever order the workers finish them; each one is handed to
``on_result`` at once, so the scan resolves its imports and submits what they name while the
workers compile the rest (a dependency found late would leave the workers idle). The scan
commits in the order it asks, so the graph, the diagnostics and the bundle are the same
whatever ran where.

A worker is a forked copy of this process that reads jobs from a pipe, ``_BATCH`` files at a
time, and writes the batch's results back on another once they are compiled (length-prefixed
pickles): each file's ``TransformResult``, or the diagnostics that say why there is none (the
text stays behind: only a diagnostic the scan adds needs it, and then it is read again), as the
very bytes the worker's disk cache wrote for it, so a result is pickled once. Each
worker holds at most ``_DEPTH`` jobs, the next batch ready when one is done, so it never waits
for work, and the last files still go to whichever worker is free; batches of two halve this
process's wake-ups, which compete with the workers for the cores. Resolving imports stays in
this process, which owns the resolver's caches and the graph.

A little over 400 lines on purpose: the pool, the pipes' framing, the options mark and the
worker's loop are one protocol between two processes, read best in one file.
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import sys
from collections import deque
from typing import TYPE_CHECKING

from nbbundle.bundle.usable_cpus import usable_cpus
from nbbundle.compile import disk_cache
from nbbundle.compile.errors import Diagnostic, NbbundleError
from nbbundle.compile.transform import transform
from nbbundle.resolve.filesystem import read_source_file

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from types import TracebackType

    from nbbundle.compile.module import TransformResult
    from nbbundle.compile.options import CompileOptions

    Compiled = tuple[str | None, TransformResult | list[Diagnostic] | str]
    """(text, the transform or its diagnostics), or (None, why the file could not be read).
    From a worker the text is None: the main process reads it again if a diagnostic needs it."""
    Job = tuple[str, str, str, str | None, CompileOptions | None]
    """(module id, file path, kind, package type, compile options)."""

#: Files waiting before the workers start: below this a build compiles in this process.
POOL_THRESHOLD = 8
_MAX_WORKERS = 8
#: Jobs a worker holds at once: a batch it compiles, and the next one, ready for when it is done.
_DEPTH = 4
#: Jobs sent (and results sent back) at once: half as many wake-ups of this process as files.
_BATCH = 2
_HEADER = 8
#: A pipe this large holds a typical result whole, so a worker never waits for the reader.
_PIPE_SIZE = 1 << 20
#: Reads below the allocator's mmap threshold (a 1 MiB read maps and unmaps memory each time).
_READ_SIZE = 1 << 16
#: A job's options when they are the build's own, which a worker has had since its fork:
#: pickling a ``CompileOptions`` (a slotted dataclass: Python code per field) in every batch
#: and unpickling it in the worker cost a three.js build 3 ms of the processes' time.
_BUILD_OPTIONS = "build"


def compile_module(module_id: str, source: str, kind: str, package_type: str | None,
                   options: CompileOptions | None = None) -> TransformResult | list[Diagnostic]:
    """The transform of ``source``, or the diagnostics that say why there is none.

    Never raises: an internal error of the compiler becomes a diagnostic naming the module.
    """
    try:
        return transform(module_id, source, kind, package_type=package_type, options=options)
    except NbbundleError as error:
        return list(error.diagnostics)
    except Exception as error:  # noqa: BLE001 - a compiler bug must still name the module
        return [Diagnostic(
            "INTERNAL_ERROR", f"nbbundle could not compile this module ({type(error).__name__}: {error})", module_id,
            hint="This is a bug in nbbundle; please report it with the module's text.")]


def compile_file(module_id: str, path: Path | str, kind: str, package_type: str | None,
                 options: CompileOptions | None = None, read_source: Callable[[str, str], str] | None = None) -> Compiled:
    """Read and compile one file: (text, compiled), or (None, why it could not be read).

    ``read_source(path, kind)`` reads it (the resolver's, which serves the notebook's modules
    from memory); by default the disk. An asset's text is its bytes in base64.
    """
    if kind == "empty":
        return "", compile_module(module_id, "", kind, package_type, options)  # a "browser" map's false: not read
    try:
        source = (read_source or read_source_file)(os.fspath(path), kind)
    except (OSError, UnicodeDecodeError) as error:
        return None, str(error)
    return source, compile_module(module_id, source, kind, package_type, options)


def worker_count() -> int:
    """How many worker processes a parallel build uses (0: compile in this process).

    One per CPU the process may use (``usable_cpus``: its affinity and its cgroup's quota, not
    the load average, which in a container is the host's), at most eight, and none with a single
    CPU; ``NBBUNDLE_WORKERS`` overrides it (0 turns workers off).
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 0
    configured = os.environ.get("NBBUNDLE_WORKERS", "").strip()
    if configured.isdigit():
        return min(int(configured), _MAX_WORKERS * 4)
    cores = usable_cpus()
    return 0 if cores < 2 else min(cores, _MAX_WORKERS)


class FileCompiler:
    """File modules to compile, by id; ``result(id)`` waits for one, in any order the caller likes.

    ``on_result(module_id, text, compiled)`` is called once per module as soon as its result
    is known (before ``result`` returns it), which is where the caller submits what it imports.
    ``options`` go to every module's transform, through ``options_for(path, kind, options)``
    when given (the resolver's: what the file's ``tsconfig.json`` says; a broken one is the
    module's diagnostic, once per config file); ``read_source`` reads files (an asset's bytes as base64) in this process
    (workers read the disk: parallel builds are the command line's, with no served files).
    """

    def __init__(self, *, parallel: bool, on_result: Callable[[str, str | None, object], None] | None = None,
                 options: CompileOptions | None = None, read_source: Callable[[str, str], str] | None = None,
                 options_for: Callable[[str, str, CompileOptions | None], CompileOptions | None] | None = None) -> None:
        self.on_result = on_result
        self._options = options
        self._options_for = options_for
        self._reported: set[str] = set()
        self._read_source = read_source
        self._waiting: deque[Job] = deque()
        self._known: set[str] = set()
        self._done: dict[str, Compiled] = {}
        self._workers = worker_count() if parallel else 0
        self._pool: list[_Worker] = []

    def __enter__(self) -> FileCompiler:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        for worker in self._pool:
            worker.close()  # all first: they exit together
        if kind is None:
            # Waited for later (``reap_finished``): a worker's exit (the system freeing what it
            # compiled into) then overlaps the build's link and render instead of delaying them.
            _finishing.extend(self._pool)
        else:
            for worker in self._pool:
                worker.reap()
        self._pool = []

    def submit(self, module_id: str, path: Path, kind: str, package_type: str | None) -> None:
        """Ask for ``module_id`` (read from ``path``); asking again for a known id does nothing."""
        if module_id in self._known:
            return
        self._known.add(module_id)
        options = self._options
        if self._options_for is not None:
            try:
                options = self._options_for(str(path), kind, options)
            except NbbundleError as error:
                new = [d for d in error.diagnostics if d.module_id not in self._reported]
                self._reported.update(d.module_id for d in new)
                if new:  # the module fails with it; the next ones under the same config build on
                    self._finish(module_id, (None, new))
                    return
        self._waiting.append((module_id, str(path), kind, package_type, options))
        if self._pool:
            self._dispatch()
        elif self._workers and len(self._waiting) >= POOL_THRESHOLD:
            # At once, not when the scan next asks for a result: the workers compile the first
            # files while the scan resolves the rest of an entry's imports (three.js: 200).
            self._start_pool()

    def result(self, module_id: str) -> Compiled:
        """The text and compiled form of a submitted module (compiling or waiting for it)."""
        done = self._done
        while module_id not in done:
            if self._pool:
                self._receive()
            else:
                job = self._take(module_id)
                self._finish(job[0], compile_file(*job, self._read_source))
        return done.pop(module_id)

    def _take(self, module_id: str) -> Job:
        """The waiting job of ``module_id`` (the first one if it is not waiting: a caller's bug)."""
        waiting = self._waiting
        if waiting[0][0] != module_id:
            for index, job in enumerate(waiting):
                if job[0] == module_id:
                    del waiting[index]
                    return job
        return waiting.popleft()

    def _finish(self, module_id: str, compiled: Compiled) -> None:
        self._done[module_id] = compiled
        if self.on_result is not None:
            self.on_result(module_id, *compiled)

    # -- workers --------------------------------------------------------------------------

    def _start_pool(self) -> None:
        reap_finished()  # an earlier scan's, if its caller did not
        count, self._workers = self._workers, 0  # once: workers that die are not replaced
        # Objects that exist now are the workers' too: freezing them keeps the workers'
        # garbage collector from touching (and so copying) every page they share.
        gc.freeze()
        for _ in range(count):
            worker = _Worker.fork(self._pool, self._options)
            if worker is None:
                break
            self._pool.append(worker)
        self._dispatch()

    def _dispatch(self) -> None:
        """Give batches of waiting jobs to workers with room for one, the least busy first."""
        waiting = self._waiting
        while waiting and self._pool:
            worker = min(self._pool, key=_load)
            if len(worker.jobs) > _DEPTH - _BATCH:
                return
            jobs = [waiting.popleft() for _ in range(min(_BATCH, len(waiting)))]
            if not worker.send(jobs, self._options):
                waiting.extendleft(reversed(jobs))
                self._lose(worker)

    def _receive(self) -> None:
        """Wait for at least one result from the workers and hand over every one that arrived."""
        busy = {worker.results: worker for worker in self._pool if worker.jobs}
        if not busy:
            self._dispatch()
            busy = {worker.results: worker for worker in self._pool if worker.jobs}
            if not busy:  # every worker is gone: compile here
                return
        ready, _, _ = select.select(list(busy), [], [])
        for fd in ready:
            worker = busy[fd]
            results = worker.read()
            if results is None:
                self._lose(worker)
                continue
            for module_id, compiled in results:
                worker.jobs.popleft()
                self._finish(module_id, compiled)
        self._dispatch()

    def _lose(self, worker: _Worker) -> None:
        """A worker that died: its jobs go back to the front of the queue."""
        worker.close()
        worker.reap()
        self._pool.remove(worker)
        self._waiting.extendleft(reversed(worker.jobs))
        worker.jobs.clear()


def _load(worker: _Worker) -> int:
    return len(worker.jobs)


#: Workers of a finished scan, told to exit (their pipes closed) and not yet waited for.
_finishing: list[_Worker] = []


def reap_finished() -> None:
    """Wait for the workers of finished scans to exit (none stays a zombie): ``build`` calls it
    once the bundle is rendered, a later pool before it starts."""
    while _finishing:
        _finishing.pop().reap()


class _Worker:
    """One forked worker: a pipe of jobs to it, a pipe of results from it."""

    def __init__(self, pid: int, jobs_fd: int, results_fd: int) -> None:
        self.pid = pid
        self.jobs_fd = jobs_fd
        self.results = results_fd
        self.jobs: deque[Job] = deque()
        self._buffer = bytearray()

    @classmethod
    def fork(cls, siblings: list[_Worker], options: CompileOptions | None = None) -> _Worker | None:
        """Start a worker (None if the system refuses); ``options``: the build's, which jobs
        then name as ``_BUILD_OPTIONS``."""
        try:
            jobs_read, jobs_write = os.pipe()
            results_read, results_write = os.pipe()
            _widen(results_write)
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the worker: never returns
            status = 1
            try:
                os.close(jobs_write)
                os.close(results_read)
                for sibling in siblings:
                    os.close(sibling.jobs_fd)
                    os.close(sibling.results)
                _serve(jobs_read, results_write, options)
                status = 0
            finally:
                os._exit(status)
        os.close(jobs_read)
        os.close(results_write)
        os.set_blocking(results_read, False)
        return cls(pid, jobs_write, results_read)

    def send(self, jobs: list[Job], options: CompileOptions | None = None) -> bool:
        """Queue a batch of ``jobs`` on the worker (one message); False if it is gone.
        ``options``: the build's (the ones the worker was forked with), sent as a mark."""
        message = [job if job[4] is not options else (*job[:4], _BUILD_OPTIONS) for job in jobs]
        try:
            _write_message(self.jobs_fd, message)
        except OSError:
            return False
        self.jobs.extend(jobs)
        return True

    def read(self) -> list[tuple[str, Compiled]] | None:
        """The results complete so far (reading all the pipe holds); None at end of file."""
        buffer = self._buffer
        while True:
            try:
                chunk = os.read(self.results, _READ_SIZE)
            except BlockingIOError:
                break
            if not chunk:
                return None
            buffer += chunk
            if len(chunk) < _READ_SIZE:
                break
        results = []
        start = 0
        with memoryview(buffer) as view:
            while len(buffer) - start >= _HEADER:
                end = start + _HEADER + int.from_bytes(view[start:start + _HEADER], "little")
                if len(buffer) < end:
                    break
                # Each outcome is a pickle of its own inside the message (``_serve``).
                results.extend((module_id, (None, pickle.loads(outcome)))
                               for module_id, outcome in pickle.loads(view[start + _HEADER:end]))
                start = end
        del buffer[:start]
        return results

    def close(self) -> None:
        """Close both pipes: the worker exits when it reads the end of its jobs."""
        for fd in (self.jobs_fd, self.results):
            try:
                os.close(fd)
            except OSError:
                pass

    def reap(self) -> None:
        """Wait for the worker's exit (so no zombie stays behind, and its CPU time is counted)."""
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


def _serve(jobs_fd: int, results_fd: int, build_options: CompileOptions | None = None) -> None:
    """The worker's loop: compile each batch of jobs as it comes, and write its results back."""
    # Compiling leaves no cyclic garbage (``SymbolTable.release``), so the cyclic collector's
    # passes over every young object would only cost time; the worker exits when the build ends.
    gc.disable()
    disk = disk_cache.active()
    with os.fdopen(jobs_fd, "rb") as jobs:
        while True:
            header = jobs.read(_HEADER)
            if len(header) < _HEADER:
                return  # the build is over
            results = []
            for module_id, path, kind, package_type, options in pickle.loads(jobs.read(int.from_bytes(header, "little"))):
                if isinstance(options, str):  # _BUILD_OPTIONS
                    options = build_options
                _, outcome = compile_file(module_id, path, kind, package_type, options)
                # The pickle the disk cache just wrote is the one to send: one pickling a module.
                results.append((module_id, pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL) if disk is None
                                else disk.pickled(outcome)))
            _write_message(results_fd, results)


def _write_message(fd: int, value: object) -> None:
    payload = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    view = memoryview(len(payload).to_bytes(_HEADER, "little") + payload)
    while view:
        view = view[os.write(fd, view):]


def _widen(fd: int) -> None:
    """Make a pipe hold ``_PIPE_SIZE`` bytes where Linux allows it (the default is 64 KiB)."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_SIZE)
    except (OSError, ImportError):
        pass
