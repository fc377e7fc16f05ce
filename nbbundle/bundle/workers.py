"""Compiling files for the scan: in this process, or in worker processes for a big cold build.

Parsing and analysing JavaScript is nearly all of a cold build's time, and every module
compiles independently of the others, so a build with many modules spreads them over
processes (one per CPU core, forked once there are enough files waiting: a small build never
pays for a fork, and a machine whose cores are all busy is not made busier). Results come back in the order the files were asked for, so the graph, the
diagnostics and the bundle are the same whatever ran where. Only where ``fork`` exists (Linux):
forked workers start with everything this process already loaded (the parser, the compiled
query); elsewhere, and for the notebook, compiling stays in this process.

A worker reads the file and returns its text with the ``TransformResult`` (or the diagnostics
that say why there is none); resolving imports stays in the main process, which owns the
resolver's caches and the graph.
"""

from __future__ import annotations

import gc
import os
import sys
from collections import deque
from typing import TYPE_CHECKING

from nbbundle.compile.errors import Diagnostic, NbbundleError
from nbbundle.compile.transform import transform

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from concurrent.futures import Future, ProcessPoolExecutor
    from pathlib import Path
    from types import TracebackType

    from nbbundle.bundle.graph import ModuleNode
    from nbbundle.compile.module import TransformResult
    from nbbundle.compile.options import CompileOptions

#: Files waiting before the workers start: below this a build compiles in this process.
POOL_THRESHOLD = 16
_MAX_WORKERS = 8


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


def compile_file(module_id: str, path: Path, kind: str, package_type: str | None,
                 options: CompileOptions | None = None,
                 read_text: Callable[[Path], str] | None = None) -> tuple[str | None, TransformResult | list[Diagnostic] | str]:
    """Read and compile one file: (text, compiled), or (None, why it could not be read)."""
    try:
        source = read_text(path) if read_text is not None else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, str(error)
    return source, compile_module(module_id, source, kind, package_type, options)


def compile_files(jobs: list[tuple[str, Path, str, str | None]]) -> list[tuple[str | None, object]]:
    """``compile_file`` for a batch: one round trip to a worker for several files."""
    return [compile_file(*job) for job in jobs]


def worker_count() -> int:
    """How many worker processes a parallel build uses (0: compile in this process).

    One per core, at most eight, and none when the load average says the machine is
    oversubscribed already; ``NBBUNDLE_WORKERS`` overrides it (0 turns workers off).
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 0
    configured = os.environ.get("NBBUNDLE_WORKERS", "").strip()
    if configured.isdigit():
        return min(int(configured), _MAX_WORKERS * 4)
    try:
        cores = len(os.sched_getaffinity(0))
    except OSError:
        cores = os.cpu_count() or 1
    # Like `make -l`: on a machine with more runnable work than cores, more processes only
    # compete for them (and copy pages), so the build stays in one process.
    if cores < 2 or os.getloadavg()[0] > cores + 1:
        return 0
    return min(cores, _MAX_WORKERS)


def _fork_pool(workers: int) -> ProcessPoolExecutor:
    # Imported here: a build too small for workers never pays for these imports.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


class FileCompiler:
    """A queue of file modules to compile; iterating gives (node, text, compiled) in queue order."""

    def __init__(self, *, parallel: bool, options: CompileOptions | None = None,
                 read_text: Callable[[Path], str] | None = None) -> None:
        self._options = options
        self._read_text = read_text
        self._waiting: deque[ModuleNode] = deque()
        self._running: deque[tuple[list[ModuleNode], Future]] = deque()
        self._done: deque[tuple[ModuleNode, str | None, TransformResult | list[Diagnostic] | str]] = deque()
        self._workers = worker_count() if parallel else 0
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> FileCompiler:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def extend(self, nodes: Iterable[ModuleNode]) -> None:
        self._waiting.extend(nodes)

    def __iter__(self) -> Iterator[tuple[ModuleNode, str | None, TransformResult | list[Diagnostic] | str]]:
        while self._waiting or self._running or self._done:
            if self._done:
                yield self._done.popleft()
                continue
            if self._pool is None and self._workers and len(self._waiting) >= POOL_THRESHOLD:
                # Objects that exist now are the workers' too: freezing them keeps the workers'
                # garbage collector from touching (and so copying) every page they share.
                gc.freeze()
                self._pool = _fork_pool(self._workers)
            if self._pool is not None:
                self._submit_waiting()
                nodes, future = self._running.popleft()
                self._done.extend((node, *outcome) for node, outcome in zip(nodes, future.result()))
            else:
                node = self._waiting.popleft()
                kind, package_type = node.kind_hint
                yield (node, *compile_file(node.id, node.file, kind, package_type, self._options, self._read_text))

    def _submit_waiting(self) -> None:
        """Send the waiting files to the workers in batches (a few per worker, to balance)."""
        assert self._pool is not None
        size = max(1, min(16, len(self._waiting) // (self._workers * 4)))
        while self._waiting:
            nodes = [self._waiting.popleft() for _ in range(min(size, len(self._waiting)))]
            # Workers read the disk themselves: parallel builds are the CLI's, with no served files.
            jobs = [(node.id, node.file, *node.kind_hint, self._options) for node in nodes]
            self._running.append((nodes, self._pool.submit(compile_files, jobs)))
