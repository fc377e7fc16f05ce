"""Run one generated program natively and bundled; keep it when they differ."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from node_programs import REPO_ROOT, divergence_of_folder

#: Generated programs finish in milliseconds; a hang is a divergence worth reporting, not a wait.
TIMEOUT = 20
#: Where a divergent program is kept, to become a fixture (tests/fixtures/<case>/).
KEEP_DIR = REPO_ROOT / "test-results" / "differential"


def write_program(files: dict[str, str], folder: Path) -> None:
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def divergence(files: dict[str, str], mode: str = "development", *, minify: bool = False) -> str | None:
    """None when the bundle (built in ``mode``, minified or not) prints what native node prints;
    else a report naming a kept copy."""
    with tempfile.TemporaryDirectory(prefix="nbbundle-fuzz-") as tmp:
        folder = Path(tmp)
        write_program(files, folder)
        report = divergence_of_folder(folder, timeout=TIMEOUT, mode=mode, minify=minify)
    if report is None:
        return None
    kept = keep(files)
    return f"{report}\n--- program ({mode} build) kept in {kept} (make it a fixture: tests/fixtures/<case>/) ---\n{listing(files)}"


def keep(files: dict[str, str]) -> Path:
    """Copy a divergent program to test-results/differential/case-<n>/."""
    KEEP_DIR.mkdir(parents=True, exist_ok=True)
    folder = KEEP_DIR / f"case-{len(list(KEEP_DIR.iterdir()))}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    write_program(files, folder)
    return folder


def listing(files: dict[str, str]) -> str:
    """The program's modules; text with invisible characters is shown escaped."""
    parts = []
    for name, text in sorted(files.items()):
        if name == "package.json":
            continue
        visible = text if text.isascii() or "\u00a0" not in text else repr(text)
        parts.append(f"// ---- {name}\n{visible}")
    return "\n".join(parts)
