"""A big cold build compiles in worker processes, with the same bundle and diagnostics.

Every test checks where each module was compiled (``compiled_where``): a build "with workers"
that quietly compiled everything in this process would compare the serial build with itself.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import TYPE_CHECKING

import pytest

from nbbundle.bundle import workers as worker_module
from nbbundle.bundle.build import build
from nbbundle.bundle.workers import POOL_THRESHOLD
from nbbundle.compile.errors import NbbundleError

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are forked (Linux only)")

COUNT = POOL_THRESHOLD + 8
LEAVES = [f"m{i}.js" for i in range(COUNT)]


def project(root: Path, broken: set[int] = frozenset()) -> Path:
    (root / "package.json").write_text('{"type": "module"}')
    lines = [f'import {{ v{i} }} from "./m{i}.js";' for i in range(COUNT)]
    lines.append(f"console.log({' + '.join(f'v{i}' for i in range(COUNT))});")
    (root / "main.js").write_text("\n".join(lines) + "\n")
    for i in range(COUNT):
        text = f"export const v{i} = {i};\n" if i not in broken else f"export const v{i} = ;\n"
        (root / f"m{i}.js").write_text(text)
    return root / "main.js"


@pytest.fixture
def compiled_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], dict[str, list[str]]]:
    """Log each file compiled, with the process that compiled it; the call reads and clears the log.

    It returns ``{"main": [module ids], "workers": [module ids]}`` (sorted) and the number of
    distinct worker processes under ``"worker processes"``. The workers are forked copies of this
    process, so the wrapper is theirs too; they append a line each to a file (small appends
    are atomic), which this process reads.
    """
    log = tmp_path.parent / f"{tmp_path.name}-compiled.log"
    main_pid = os.getpid()
    compile_file = worker_module.compile_file

    def logged(module_id: str, *args: object) -> object:
        compiled = compile_file(module_id, *args)
        with open(log, "a") as out:
            out.write(f"{os.getpid()} {module_id}\n")
        return compiled

    monkeypatch.setattr(worker_module, "compile_file", logged)

    def read() -> dict[str, list[str]]:
        lines = log.read_text().split() if log.exists() else []
        log.unlink(missing_ok=True)
        pairs = [(int(pid), module_id) for pid, module_id in zip(lines[::2], lines[1::2])]
        return {
            "main": sorted(m for pid, m in pairs if pid == main_pid),
            "workers": sorted(m for pid, m in pairs if pid != main_pid),
            "worker processes": len({pid for pid, _ in pairs if pid != main_pid}),
        }

    return read


def in_workers(processes: int = 2, main: list[str] = ["main.js"]) -> dict[str, object]:  # noqa: B006
    """Where a build with two workers compiles: the entry here, every leaf once in a worker."""
    return {"main": sorted(main), "workers": sorted(set(LEAVES) - set(main)), "worker processes": processes}


SERIAL = {"main": sorted(["main.js", *LEAVES]), "workers": [], "worker processes": 0}


def test_workers_build_the_same_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled_where) -> None:
    entry = project(tmp_path)
    # Workers first: they compile for real (this process only caches what it compiles itself).
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    shared = build(entry).code
    assert compiled_where() == in_workers()
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    assert build(entry).code == shared
    assert compiled_where() == SERIAL


def test_workers_compile_with_the_builds_options_and_each_files_tsconfig(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled_where) -> None:
    # The build's options reach a worker once, at its fork (jobs name them by a mark); a file
    # whose tsconfig.json changes them sends its own. Half the leaves read a --define, half are
    # TSX under a tsconfig of a classic JSX factory.
    from nbbundle.compile.options import CompileOptions

    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "ts").mkdir()
    (tmp_path / "ts" / "tsconfig.json").write_text('{"compilerOptions": {"jsx": "react", "jsxFactory": "h"}}')
    leaves = [f"m{i}.js" if i % 2 else f"ts/t{i}.tsx" for i in range(COUNT)]
    for i, leaf in enumerate(leaves):
        tsx = f"const h = (t: string) => t;\nexport const v{i} = <b/>;\n"
        (tmp_path / leaf).write_text(f"export const v{i} = LEAF;\n" if i % 2 else tsx)
    lines = [f'import {{ v{i} }} from "./{leaf}";' for i, leaf in enumerate(leaves)]
    lines.append(f"console.log({', '.join(f'v{i}' for i in range(COUNT))});")
    (tmp_path / "main.js").write_text("\n".join(lines))
    options = CompileOptions(defines=(("LEAF", '"defined"'),))
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    shared = build(tmp_path / "main.js", options=options).code
    assert compiled_where() == {"main": ["main.js"], "workers": sorted(leaves), "worker processes": 2}
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    assert build(tmp_path / "main.js", options=options).code == shared
    assert compiled_where()["workers"] == []
    assert shared.count('"defined"') == COUNT // 2 and shared.count('h("b", null)') == COUNT - COUNT // 2


def failed_builds_with_and_without_workers(entry: Path, monkeypatch: pytest.MonkeyPatch,
                                           compiled_where) -> list[list[str]]:
    """The formatted diagnostics of a failing build with two workers, then with none.

    Checks that the first build compiled its leaves in two worker processes, the second in this one.
    """
    reports = []
    for workers, where in (("2", in_workers()), ("0", SERIAL)):
        monkeypatch.setenv("NBBUNDLE_WORKERS", workers)
        with pytest.raises(NbbundleError) as caught:
            build(entry)
        assert compiled_where() == where
        reports.append([diagnostic.format() for diagnostic in caught.value.diagnostics])
    return reports


def test_workers_report_every_error_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      compiled_where) -> None:
    entry = project(tmp_path, broken={3, COUNT - 1})
    reports = failed_builds_with_and_without_workers(entry, monkeypatch, compiled_where)
    assert reports[0] == reports[1]
    assert [line.split("\n")[1] for line in reports[0]] == ["  --> m3.js:1:17", f"  --> m{COUNT - 1}.js:1:18"]


def test_workers_that_die_are_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled_where) -> None:
    """Once every worker has died, this process compiles the rest, however many files the
    scan still finds: a build forks its workers once (a worker that dies of the files it is
    given would die again in a replacement)."""
    entry = project(tmp_path)
    for i in range(COUNT):  # each leaf brings one more file, found after the workers died
        (tmp_path / f"m{i}.js").write_text(f'import {{ n }} from "./n{i}.js";\nexport const v{i} = n + {i};\n')
        (tmp_path / f"n{i}.js").write_text(f"export const n = {i};\n")
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    expected = build(entry).code
    compiled_where()
    main_pid = os.getpid()
    logged = worker_module.compile_file

    def dies_in_a_worker(module_id: str, *args: object) -> object:
        if os.getpid() != main_pid:
            os._exit(9)
        return logged(module_id, *args)

    forks = []
    fork = worker_module._Worker.fork

    def counted(siblings: list, *options: object) -> object:
        forks.append(len(siblings))
        return fork(siblings, *options)

    monkeypatch.setattr(worker_module, "compile_file", dies_in_a_worker)
    monkeypatch.setattr(worker_module._Worker, "fork", staticmethod(counted))
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    assert build(entry).code == expected
    assert len(forks) == 2, f"{len(forks)} workers forked for a pool of two"
    assert compiled_where()["workers"] == []


def test_a_worker_that_dies_costs_no_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled_where) -> None:
    """A worker killed mid-build (out of memory, a signal): its files are compiled elsewhere."""
    entry = project(tmp_path)
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    expected = build(entry).code
    compiled_where()
    main_pid = os.getpid()
    logged = worker_module.compile_file

    def dies_on_m5(module_id: str, *args: object) -> object:
        if module_id == "m5.js" and os.getpid() != main_pid:
            os._exit(9)  # every worker that gets m5.js dies; this process compiles it
        return logged(module_id, *args)

    monkeypatch.setattr(worker_module, "compile_file", dies_on_m5)
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    assert build(entry).code == expected
    where = compiled_where()
    # m5.js is compiled here, after both workers died on it; each worker compiled something
    # first (a file compiled in a batch with m5.js is lost with the worker, and compiled again).
    assert "m5.js" in where["main"]
    assert "m5.js" not in where["workers"]
    assert where["worker processes"] == 2
    assert set(where["main"] + where["workers"]) == {"main.js", *LEAVES}


def test_an_unresolved_import_in_a_worker_module_has_its_code_frame(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       compiled_where) -> None:
    """Workers do not send the text back; the frame is the same as without workers."""
    entry = project(tmp_path)
    (tmp_path / "m5.js").write_text('import { gone } from "./nope.js";\nexport const v5 = gone;\n')
    reports = failed_builds_with_and_without_workers(entry, monkeypatch, compiled_where)
    assert reports[0] == reports[1]
    assert 'import { gone } from "./nope.js";' in reports[0][0]


# The pieces each worker uses (found by scripts/mutation.sh nbbundle/bundle/workers.py)


@pytest.mark.parametrize(("cores", "expected"), [
    (4, 4),  # one per usable CPU
    (1, 0),  # one CPU: no worker
    (12, 8),  # at most eight
])
def test_worker_count_follows_the_usable_cpus_not_the_load(monkeypatch: pytest.MonkeyPatch, cores: int,
                                                           expected: int) -> None:
    monkeypatch.delenv("NBBUNDLE_WORKERS", raising=False)
    monkeypatch.setattr(worker_module, "usable_cpus", lambda: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (64.0, 64.0, 64.0))  # a busy neighbour changes nothing
    assert worker_module.worker_count() == expected


@pytest.mark.parametrize(("setting", "expected"), [("0", 0), (" 3 ", 3), ("100", 32), ("", 2), ("many", 2)])
def test_nbbundle_workers_overrides_the_count_up_to_32(monkeypatch: pytest.MonkeyPatch, setting: str,
                                                       expected: int) -> None:
    monkeypatch.setenv("NBBUNDLE_WORKERS", setting)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert worker_module.worker_count() == expected


def test_a_compiler_bug_becomes_a_diagnostic_naming_the_module(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise ValueError("boom")

    monkeypatch.setattr(worker_module, "transform", broken)
    [diagnostic] = worker_module.compile_module("a.js", "x", "js", None)
    assert (diagnostic.code, diagnostic.message, diagnostic.module_id, diagnostic.hint) == (
        "INTERNAL_ERROR", "nbbundle could not compile this module (ValueError: boom)", "a.js",
        "This is a bug in nbbundle; please report it with the module's text.")


def test_the_package_type_and_the_options_reach_the_compiler(tmp_path: Path) -> None:
    from nbbundle.compile.options import CompileOptions

    (tmp_path / "a.js").write_text("module.exports = process.env.NODE_ENV;\n")
    _, compiled = worker_module.compile_file("a.js", tmp_path / "a.js", "js", "module")
    assert [d.code for d in compiled] == ["COMMONJS_IN_MODULE"]
    _, development = worker_module.compile_file("a.js", tmp_path / "a.js", "js", "commonjs")
    _, production = worker_module.compile_file("a.js", tmp_path / "a.js", "js", "commonjs",
                                               CompileOptions(mode="production"))
    assert (development.body_parts, production.body_parts) == (
        ('module.exports = "development";\n',), ('module.exports = "production";\n',))


def test_a_file_that_cannot_be_read_is_none_with_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "gone.js"
    assert worker_module.compile_file("gone.js", missing, "js", None) == (
        None, f"[Errno 2] No such file or directory: '{missing}'")


def test_the_results_pipe_holds_a_mebibyte() -> None:
    import fcntl

    read, write = os.pipe()
    try:
        worker_module._widen(write)
        assert fcntl.fcntl(write, getattr(fcntl, "F_GETPIPE_SZ", 1032)) == 1 << 20
    finally:
        os.close(read)
        os.close(write)


@pytest.mark.parametrize("cache", ["on", "off"])
def test_a_worker_compiles_each_batch_it_reads_and_writes_the_results_back(tmp_path: Path, cache: str,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker's loop, run here (a forked worker's coverage is invisible to mutmut): every job
    of every batch is compiled with its own kind, package type and options, and the results come
    back, in order, through the pipe protocol the build reads (``_Worker.read``), whether the
    worker sends the pickle its disk cache wrote or, with the cache off, one of its own."""
    import gc

    from nbbundle.compile import disk_cache

    monkeypatch.setattr(disk_cache, "active", lambda: None if cache == "off" else disk_cache.DiskCache(tmp_path / "cache"))
    from nbbundle.compile.options import CompileOptions

    (tmp_path / "a.js").write_text("export const a = 1;\n")
    (tmp_path / "b.cjs").write_text("module.exports = process.env.NODE_ENV;\n")
    (tmp_path / "d.json").write_text('{"d": [1]}\n')
    production = CompileOptions(mode="production")
    batches = [
        [("a.js", str(tmp_path / "a.js"), "js", None, None),
         ("b.cjs", str(tmp_path / "b.cjs"), "js", "commonjs", production)],
        [("c.js", str(tmp_path / "b.cjs"), "js", "module", None),  # CommonJS where "type" says module
         ("gone.js", str(tmp_path / "gone.js"), "js", None, None),
         ("d.json", str(tmp_path / "d.json"), "json", None, None),
         # The build's own options travel as a mark: the worker has them since its fork.
         ("e.cjs", str(tmp_path / "b.cjs"), "js", "commonjs", worker_module._BUILD_OPTIONS),
         ("f.cjs", str(tmp_path / "b.cjs"), "js", "commonjs", None)],
    ]
    jobs_read, jobs_write = os.pipe()
    results_read, results_write = os.pipe()
    for batch in batches:
        worker_module._write_message(jobs_write, batch)
    os.close(jobs_write)
    try:
        worker_module._serve(jobs_read, results_write, production)  # returns at the end of the jobs
    finally:
        gc.enable()  # the worker turns the cyclic collector off for its own lifetime
        os.close(results_write)
    os.set_blocking(results_read, False)
    reader = worker_module._Worker(0, -1, results_read)
    try:
        results = reader.read()
        assert reader.read() is None  # the end of the pipe: the worker is gone
    finally:
        os.close(results_read)
    assert [module_id for module_id, _ in results] == ["a.js", "b.cjs", "c.js", "gone.js", "d.json", "e.cjs", "f.cjs"]
    assert all(text is None for _, (text, _) in results)  # the text stays in the worker
    a, b, c, gone, d, e, f = (outcome for _, (_, outcome) in results)
    assert d.kind == "json"  # each job's own kind
    assert (a.id, a.kind, b.kind, b.body_parts) == ("a.js", "esm", "cjs", ('module.exports = "production";\n',))
    assert (e.body_parts, f.body_parts) == (b.body_parts, ('module.exports = "development";\n',))
    assert [d.code for d in c] == ["COMMONJS_IN_MODULE"]
    assert gone == f"[Errno 2] No such file or directory: '{tmp_path / 'gone.js'}'"


def test_the_pool_starts_at_its_threshold_and_not_for_a_smaller_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     compiled_where) -> None:
    from nbbundle.bundle.load import scan

    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    for leaves, where in ((POOL_THRESHOLD, "workers"), (POOL_THRESHOLD - 1, "main")):
        root = tmp_path / str(leaves)
        root.mkdir()
        (root / "main.js").write_text("".join(f'import "./m{i}.js";\n' for i in range(leaves)))
        for i in range(leaves):
            (root / f"m{i}.js").write_text(f"console.log({i});\n")
        scan(root / "main.js", parallel=True)
        names = sorted(f"m{i}.js" for i in range(leaves))
        assert compiled_where()[where] == (names if where == "workers" else sorted(["main.js", *names]))
    # The notebook's scans are not parallel: never a fork, however many files wait.
    scan(tmp_path / str(POOL_THRESHOLD) / "main.js", parallel=False)
    assert compiled_where() == {"main": sorted(["main.js", *(f"m{i}.js" for i in range(POOL_THRESHOLD))]),
                                "workers": [], "worker processes": 0}


def test_a_module_every_worker_module_imports_is_compiled_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                compiled_where) -> None:
    entry = project(tmp_path)
    (tmp_path / "shared.js").write_text("export const s = 0;\n")
    for i in range(COUNT):
        (tmp_path / f"m{i}.js").write_text(f'import {{ s }} from "./shared.js";\nexport const v{i} = s + {i};\n')
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    build(entry)
    where = compiled_where()
    assert sorted(where["main"] + where["workers"]) == sorted(["main.js", "shared.js", *LEAVES])


def test_no_worker_is_left_behind_when_the_build_ends(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worker is reaped (no zombie), and its results pipe never makes the build wait."""
    forked: list[worker_module._Worker] = []
    fork = worker_module._Worker.fork

    def recorded(siblings: list, *options: object) -> object:
        worker = fork(siblings, *options)
        assert worker is not None and not os.get_blocking(worker.results)
        forked.append(worker)
        return worker

    monkeypatch.setattr(worker_module._Worker, "fork", staticmethod(recorded))
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    build(project(tmp_path))
    assert len(forked) == 2
    for worker in forked:
        with pytest.raises(ChildProcessError):  # already collected by the build
            os.waitpid(worker.pid, os.WNOHANG)
    # The scan alone leaves them exiting, not waited for (the build links and renders
    # meanwhile); the build, failing or not, waits for them before it returns.
    from nbbundle.bundle.load import scan

    forked.clear()
    (tmp_path / "again").mkdir()
    scan(project(tmp_path / "again"), parallel=True)
    assert sorted(w.pid for w in worker_module._finishing) == sorted(w.pid for w in forked)
    (tmp_path / "again" / "m0.js").write_text("export const v0 = ;\n")
    with pytest.raises(NbbundleError):
        build(tmp_path / "again" / "main.js")
    assert worker_module._finishing == []
    for worker in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(worker.pid, os.WNOHANG)


def test_a_worker_that_cannot_take_jobs_is_dropped_and_its_jobs_compiled_here(tmp_path: Path) -> None:
    import signal

    (tmp_path / "a.js").write_text("export const a = 1;\n")
    compiler = worker_module.FileCompiler(parallel=False)
    worker = worker_module._Worker.fork([])
    assert worker is not None and worker.pid not in (0, os.getpid())  # never signal this process group
    os.kill(worker.pid, signal.SIGKILL)
    os.waitpid(worker.pid, 0)  # dead: its jobs pipe has no reader
    compiler._pool.append(worker)
    with compiler:
        compiler.submit("a.js", tmp_path / "a.js", "js", None)  # the send fails: the worker is dropped
        text, compiled = compiler.result("a.js")
    assert (text, compiled.id) == ("export const a = 1;\n", "a.js")


def message_bytes(results: list[tuple[str, tuple[None, object]]]) -> bytes:
    """One message of ``results`` as a worker writes it: each outcome a pickle of its own (the
    bytes its disk cache wrote), inside the message's pickle."""
    value = [(module_id, pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)) for module_id, (_, outcome) in results]
    read, write = os.pipe()
    try:
        worker_module._write_message(write, value)
        os.close(write)
        with os.fdopen(read, "rb") as pipe:
            return pipe.read()
    except BaseException:
        os.close(read)
        raise


def test_a_message_split_across_reads_is_put_together() -> None:
    first, second = [("a.js", (None, "x" * 100))], [("b.js", (None, "y"))]
    data = message_bytes(first) + message_bytes(second)
    read, write = os.pipe()
    os.set_blocking(read, False)
    reader = worker_module._Worker(0, -1, read)
    try:
        os.write(write, data[:5])  # part of a header
        assert reader.read() == []
        os.write(write, data[5:60])  # the header and part of the first message
        assert reader.read() == []
        os.write(write, data[60:])
        assert reader.read() == [*first, *second]
        os.close(write)
        assert reader.read() is None
    finally:
        os.close(read)


def test_a_message_of_exactly_one_read_is_read_whole() -> None:
    """A pipe holding exactly one read's worth (64 KiB): the next read finds it empty, which is
    no end of file."""
    size = worker_module._READ_SIZE
    text = "x" * (size - 100)
    while len(data := message_bytes([("a.js", (None, text))])) != size:
        text += "x" * (size - len(data))
    read, write = os.pipe()
    worker_module._widen(write)
    os.set_blocking(read, False)
    reader = worker_module._Worker(0, -1, read)
    try:
        os.write(write, data)
        assert reader.read() == [("a.js", (None, text))]
    finally:
        os.close(read)
        os.close(write)


def test_an_empty_module_is_never_read(tmp_path: Path) -> None:
    """A ``browser`` map's ``false`` is an empty CommonJS module under its own id, whatever the path."""
    text, compiled = worker_module.compile_file("(disabled):x.js", tmp_path / "nowhere.js", "empty", None)
    assert (text, compiled.id, compiled.kind, compiled.body_parts) == ("", "(disabled):x.js", "cjs", ("",))


def test_a_compiler_reads_through_its_reader_and_asks_for_each_files_options(tmp_path: Path) -> None:
    """Served text (the notebook's modules), per-file options (tsconfig.json), and a broken
    config reported once, on the first module under it; modules are compiled only when asked for."""
    from nbbundle.compile.errors import Diagnostic, NbbundleError
    from nbbundle.compile.options import CompileOptions

    reads: list[tuple[str, str]] = []
    asked: list[tuple[str, str, object]] = []
    finished: list[tuple[str, object]] = []
    broken = Diagnostic("TSCONFIG", "broken", "bad/tsconfig.json")
    production = CompileOptions(mode="production")

    def read_source(path: str, kind: str) -> str:
        reads.append((path, kind))
        return "module.exports = process.env.NODE_ENV;\n"

    def options_for(path: str, kind: str, options: object) -> object:
        asked.append((path, kind, options))
        if path.startswith(str(tmp_path / "bad")):
            raise NbbundleError([broken])
        return production if path.endswith("prod.js") else options

    development = CompileOptions(mode="development")
    compiler = worker_module.FileCompiler(parallel=False, options=development, read_source=read_source,
                                          options_for=options_for,
                                          on_result=lambda module_id, text, compiled: finished.append((module_id, compiled)))
    with compiler:
        for name in ("dev.js", "prod.js", "bad/one.js", "bad/two.js", "dev.js"):
            compiler.submit(name, tmp_path / name, "js", "commonjs")
        assert compiler.result("bad/one.js") == (None, [broken])
        assert compiler.result("prod.js")[1].body_parts == ('module.exports = "production";\n',)
        assert [module_id for module_id, _ in finished] == ["bad/one.js", "prod.js"]  # dev.js not yet
        assert compiler.result("bad/two.js")[1].body_parts == ('module.exports = "development";\n',)
        assert compiler.result("dev.js")[1].body_parts == ('module.exports = "development";\n',)
    assert asked == [(str(tmp_path / name), "js", development) for name in ("dev.js", "prod.js", "bad/one.js", "bad/two.js")]
    assert reads == [(str(tmp_path / name), "js") for name in ("prod.js", "bad/two.js", "dev.js")]
    assert [module_id for module_id, _ in finished] == ["bad/one.js", "prod.js", "bad/two.js", "dev.js"]


def test_no_workers_without_linux_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBBUNDLE_WORKERS", "4")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert worker_module.worker_count() == 0


def test_scans_and_reloads_compile_here_unless_asked_and_never_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      compiled_where) -> None:
    """``scan`` and ``load_from_disk`` fork only when asked (the command line's build); a module
    only ``import.meta.hot.accept`` names is not compiled; a reload compiles only what is new."""
    from nbbundle.bundle.load import load_from_disk, scan
    from nbbundle.resolve.resolver import Resolver

    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    entry = project(tmp_path)
    (tmp_path / "hot.js").write_text("export const hot = 1;\n")
    with open(entry, "a") as main_js:
        main_js.write('if (import.meta.hot) import.meta.hot.accept("./hot.js", () => {});\n')
    resolver = Resolver(root=tmp_path)
    scanned = scan(entry, resolver=resolver)
    assert compiled_where() == SERIAL
    extras = [f"extra{i}.js" for i in range(POOL_THRESHOLD)]  # enough new files for a pool, if one were asked for
    (tmp_path / "m0.js").write_text('import { v1 } from "./m1.js";\n' + "".join(f'import "./{name}";\n' for name in extras)
                                    + "export const v0 = v1;\n")
    for name in extras:
        (tmp_path / name).write_text("export const extra = 0;\n")
    assert load_from_disk(scanned.graph, [scanned.graph.get_module_by_id("m0.js")], resolver, tmp_path) == ([], [])
    assert compiled_where() == {"main": sorted([*extras, "m0.js"]), "workers": [], "worker processes": 0}
