"""The command line: ``python -m nbbundle build ENTRY -o OUT.js``.

Diagnostics go to stderr with a code frame; the exit status is 1 when the build failed and 2
for bad arguments (argparse's own).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from nbbundle._version import __version__
from nbbundle.errors import NbbundleError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nbbundle", description="Bundle ES modules for the browser.")
    parser.add_argument("--version", action="version", version=f"nbbundle {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="bundle an entry module into one classic script")
    build_parser.add_argument("entry", type=Path, help="the entry module, e.g. src/main.js")
    build_parser.add_argument("-o", "--outfile", type=Path, required=True, help="where to write the bundle")
    build_parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    args = parser.parse_args(argv)
    return _build(args.entry, args.outfile, quiet=args.quiet)


def _build(entry: Path, outfile: Path, *, quiet: bool) -> int:
    from nbbundle.bundle import build

    started = time.perf_counter()
    try:
        result = build(entry)
    except NbbundleError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.format(), end="\n\n", file=sys.stderr)
        count = len(error.diagnostics)
        print(f"nbbundle: build failed with {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    if not quiet:
        for warning in result.warnings:
            print(warning.format(), end="\n\n", file=sys.stderr)
    outfile.parent.mkdir(parents=True, exist_ok=True)
    outfile.write_text(result.code, encoding="utf-8")
    if not quiet:
        elapsed = (time.perf_counter() - started) * 1000
        size = len(result.code.encode()) / 1024
        print(f"nbbundle: wrote {outfile} ({result.module_count} modules, {size:,.1f} KB) in {elapsed:.0f} ms",
              file=sys.stderr)
    return 0
