"""A big cold build compiles in worker processes, with the same bundle and diagnostics.

Every test checks where each module was compiled (``compiled_where``): a build "with workers"
that quietly compiled everything in this process would compare the serial build with itself.
"""

from __future__ import annotations

import os
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
