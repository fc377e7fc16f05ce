"""A big cold build compiles in worker processes, with the same bundle and diagnostics."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import pytest

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


def test_workers_report_every_error_in_the_same_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = project(tmp_path, broken={3, 17})
    reports = []
    for workers in ("2", "0"):
        monkeypatch.setenv("NBBUNDLE_WORKERS", workers)
        with pytest.raises(NbbundleError) as caught:
            build(entry)
        reports.append([diagnostic.format() for diagnostic in caught.value.diagnostics])
    assert reports[0] == reports[1]
    assert [line.split("\n")[1] for line in reports[0]] == ["  --> m3.js:1:17", "  --> m17.js:1:18"]
