"""A big cold build compiles in worker processes, with the same bundle and diagnostics."""

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
    from pathlib import Path

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="worker processes are forked (Linux only)")

COUNT = POOL_THRESHOLD + 8


def project(root: Path, broken: set[int] = frozenset()) -> Path:
    (root / "package.json").write_text('{"type": "module"}')
    lines = [f'import {{ v{i} }} from "./m{i}.js";' for i in range(COUNT)]
    lines.append(f"console.log({' + '.join(f'v{i}' for i in range(COUNT))});")
    (root / "main.js").write_text("\n".join(lines) + "\n")
    for i in range(COUNT):
        text = f"export const v{i} = {i};\n" if i not in broken else f"export const v{i} = ;\n"
        (root / f"m{i}.js").write_text(text)
    return root / "main.js"


def test_workers_build_the_same_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = project(tmp_path)
    # Workers first: they compile for real (this process only caches what it compiles itself).
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    shared = build(entry).code
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    assert build(entry).code == shared


def failed_builds_with_and_without_workers(entry: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The formatted diagnostics of a failing build with two workers, then with none."""
    reports = []
    for workers in ("2", "0"):
        monkeypatch.setenv("NBBUNDLE_WORKERS", workers)
        with pytest.raises(NbbundleError) as caught:
            build(entry)
        reports.append([diagnostic.format() for diagnostic in caught.value.diagnostics])
    return reports


def test_workers_report_every_error_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = project(tmp_path, broken={3, COUNT - 1})
    reports = failed_builds_with_and_without_workers(entry, monkeypatch)
    assert reports[0] == reports[1]
    assert [line.split("\n")[1] for line in reports[0]] == ["  --> m3.js:1:17", f"  --> m{COUNT - 1}.js:1:18"]


def test_a_worker_that_dies_costs_no_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed mid-build (out of memory, a signal): its files are compiled elsewhere."""
    entry = project(tmp_path)
    monkeypatch.setenv("NBBUNDLE_WORKERS", "0")
    expected = build(entry).code
    main_pid = os.getpid()
    compile_file = worker_module.compile_file

    def dies_on_m5(module_id: str, *args: object) -> object:
        if module_id == "m5.js" and os.getpid() != main_pid:
            os._exit(9)  # every worker that gets m5.js dies; this process compiles it
        return compile_file(module_id, *args)

    monkeypatch.setattr(worker_module, "compile_file", dies_on_m5)
    monkeypatch.setenv("NBBUNDLE_WORKERS", "2")
    assert build(entry).code == expected


def test_an_unresolved_import_in_a_worker_module_has_its_code_frame(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers do not send the text back; the frame is the same as without workers."""
    entry = project(tmp_path)
    (tmp_path / "m5.js").write_text('import { gone } from "./nope.js";\nexport const v5 = gone;\n')
    reports = failed_builds_with_and_without_workers(entry, monkeypatch)
    assert reports[0] == reports[1]
    assert 'import { gone } from "./nope.js";' in reports[0][0]
