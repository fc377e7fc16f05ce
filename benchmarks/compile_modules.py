"""Compile the modules an entry reaches, in this one process, as a build's worker does: for counting
the instructions of the per-module compile under callgrind (issue 21: three.js's cold build).

Each file is read, compiled (``workers.compile_file``) into a fresh disk cache of its own, and its
result pickled as a worker sends it (``DiskCache.pickled``). ``--empty`` does everything but the
loop (imports, the query's compilation, one small module compiled first): run both and subtract,
and what remains is what the modules' compiles cost.

    env -u PYTHONDONTWRITEBYTECODE .venv/bin/python -m compileall -q nbbundle
    PYTHONHASHSEED=0 valgrind --tool=callgrind --trace-children=no \\
        .venv/bin/python benchmarks/compile_modules.py [--empty] [--digests OUT] [ENTRY]

``--digests OUT`` writes each module's result pickle's SHA-1, one a line: two checkouts that write
the same file compile every module to the same result. ENTRY defaults to three.js's
``src/Three.js`` in ``benchmarks/.cache`` (``cold_build.py`` installs it).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cold_build import DEFAULT_CACHE, SPECIFIER_RE  # noqa: E402 - the benchmarks folder is no package


def reachable(entry: Path) -> list[Path]:
    """The files ``entry`` reaches through relative static imports, sorted (as ``cold_build.scan_graph``)."""
    seen: set[Path] = set()
    pending = [entry.resolve()]
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        for match in SPECIFIER_RE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            target = (path.parent / (match.group(1) or match.group(2))).resolve()
            for candidate in (target, target.with_name(target.name + ".js"), target / "index.js"):
                if candidate.is_file():
                    pending.append(candidate)
                    break
    return sorted(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("entry", nargs="?", type=Path,
                        default=DEFAULT_CACHE / "node_modules" / "three" / "src" / "Three.js")
    parser.add_argument("--empty", action="store_true", help="everything but the modules' compiles")
    parser.add_argument("--digests", type=Path, help="write each result's pickle's SHA-1 here")
    args = parser.parse_args()
    files = [str(path) for path in reachable(args.entry)]
    sources = {path: Path(path).read_text(encoding="utf-8") for path in files}
    folder = tempfile.mkdtemp(prefix="nbbundle-compile-modules-")
    try:
        from nbbundle.compile import disk_cache

        disk = disk_cache.configure(folder)
        from nbbundle.bundle.workers import compile_file

        compile_file("/first.js", "/first.js", "js", "module", None,
                     lambda path, kind: 'import { b } from "./b.js";\nexport const a = b + 1;\n')
        gc.disable()  # as in a worker (``workers._serve``)
        lines = []
        for path in [] if args.empty else files:
            _, outcome = compile_file(path, path, "js", "module", None, lambda path, kind: sources[path])
            lines.append(f"{hashlib.sha1(disk.pickled(outcome)).hexdigest()} {path}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if args.digests is not None:
        args.digests.write_text("".join(line + "\n" for line in lines))
    print(f"{0 if args.empty else len(files)} of {len(files)} modules compiled")


if __name__ == "__main__":
    main()
