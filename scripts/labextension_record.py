"""The record of what the committed JupyterLab extension was built from.

``scripts/build_labextension.sh`` builds ``labextension/`` into ``nbbundle/labextension/`` and
then runs ``python scripts/labextension_record.py write``: it stores the SHA-256 of every build
input (the sources, ``package.json`` and the npm lockfile) and of every output file in
``nbbundle/labextension/build-record.json``. The test command checks the record without Node
(``tests/python/labextension/test_labextension_build.py``): a source edited without a rebuild, or an
output edited by hand, fails it with the files named. ``write`` trusts what is on disk, so the
same test file also rebuilds the extension with Node and compares the files themselves.

Run ``python scripts/labextension_record.py check`` for the same check by hand.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
SOURCE_DIR = CHECKOUT / "labextension"
OUTPUT_DIR = CHECKOUT / "nbbundle" / "labextension"
RECORD = OUTPUT_DIR / "build-record.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path, patterns: list[str]) -> dict[str, str]:
    found = {p for pattern in patterns for p in folder.glob(pattern) if p.is_file()}
    return {p.relative_to(CHECKOUT).as_posix(): _digest(p) for p in sorted(found)}


def build_inputs() -> dict[str, str]:
    """Every file the build reads from this checkout: sources, manifest, lockfile."""
    return _files(SOURCE_DIR, ["src/**/*", "package.json", "package-lock.json"])


def build_outputs() -> dict[str, str]:
    """Every file of the built extension except the record itself."""
    return {path: digest for path, digest in _files(OUTPUT_DIR, ["**/*"]).items()
            if path != RECORD.relative_to(CHECKOUT).as_posix()}


def write() -> None:
    record = {"inputs": build_inputs(), "outputs": build_outputs()}
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")


def differences() -> list[str]:
    """What differs between the checkout and the record, one line each (empty: up to date)."""
    if not RECORD.exists():
        return [f"{RECORD.relative_to(CHECKOUT)} is missing: run bash scripts/build_labextension.sh"]
    record = json.loads(RECORD.read_text())
    problems = []
    for kind, now in (("inputs", build_inputs()), ("outputs", build_outputs())):
        then = record.get(kind, {})
        for path in sorted(set(then) | set(now)):
            if path not in now:
                problems.append(f"{kind[:-1]} {path} was removed since the build")
            elif path not in then:
                problems.append(f"{kind[:-1]} {path} is new since the build")
            elif then[path] != now[path]:
                problems.append(f"{kind[:-1]} {path} changed since the build")
    return problems


if __name__ == "__main__":
    if sys.argv[1:] == ["write"]:
        write()
    elif sys.argv[1:] == ["check"]:
        problems = differences()
        print("\n".join(problems) or "nbbundle/labextension is up to date with labextension/")
        sys.exit(1 if problems else 0)
    else:
        sys.exit("usage: python scripts/labextension_record.py write|check")
