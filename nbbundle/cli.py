"""The command line: ``python -m nbbundle build ENTRY -o OUT.js`` and
``python -m nbbundle export NOTEBOOK.ipynb -o DIR [--entry NAME] [--legacy] [--force]``.

Diagnostics go to stderr with a code frame; the exit status is 1 when the build failed (or a
module name was refused) and 2 for bad arguments: argparse's own, a notebook that cannot be
read, an entry that is missing or ambiguous (``export`` asks when stdin is a terminal), and an
``-o`` path that cannot or must not be written (one line saying why; nothing is written): a
file the build read (a module, a ``package.json``), a folder for ``build``'s file, a file in the way of a folder, no
permission, or an export folder holding files no earlier export wrote (``--force`` overrides
that one).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

from nbbundle._version import __version__
from nbbundle.compile.errors import NbbundleError

if TYPE_CHECKING:
    from collections.abc import Callable

T = TypeVar("T")


def run() -> NoReturn:
    """The command (``python -m nbbundle``, the ``nbbundle`` script): ``main()``, then exit at once.

    A build leaves every module's results in memory; freeing them one object at a time when the
    interpreter shuts down took about 8 ms of a three.js build, for nothing. Output files are
    closed by then, and the standard streams are flushed here.
    """
    # A command runs once and exits: what it builds stays alive until then anyway, and compiling
    # leaves no cyclic garbage (scopes are released), so the cyclic collector's passes over
    # every young object are pure cost (about 7 ms of a three.js build).
    gc.disable()
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        status = status or 120  # what Python's own exit gives when it cannot flush stdout
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nbbundle", description="Bundle ES modules for the browser.",
                                     formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version=f"nbbundle {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build", help="bundle an entry module into one classic script",
                                       formatter_class=_Formatter)
    build_parser.add_argument("entry", type=Path, help="the entry module, e.g. src/main.js")
    build_parser.add_argument("-o", "--outfile", type=Path, required=True, help="where to write the bundle")
    build_parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build_parser.add_argument("--format", choices=["iife", "esm"], default="iife",
                              help="iife: one classic script for a <script> or node (default); esm: an ES module "
                                   "exporting the entry's exports (e.g. an anywidget's _esm)")
    build_parser.add_argument("--sourcemap", nargs="?", const="external", choices=["external", "inline"],
                              help="write a source map: OUT.js.map beside the bundle (--sourcemap), or inside it "
                                   "(--sourcemap=inline); stack traces and devtools then show the modules as written")
    _add_mode_arguments(build_parser, default="development")
    _add_cache_arguments(build_parser)
    export_parser = commands.add_parser(
        "export", help="export a notebook's app as a static site (index.html + resources)", formatter_class=_Formatter,
        description="Read the notebook's %%module cells (no kernel) and write DIR/index.html, DIR/runtime.js "
                    "and the resource files. The entry is the module the notebook shows unless --entry says.",
    )
    export_parser.add_argument("notebook", type=Path, help="the notebook, e.g. app.ipynb")
    where = export_parser.add_mutually_exclusive_group(required=True)
    where.add_argument("-o", "--outdir", type=Path, help="the folder to write the site into")
    where.add_argument("--anywidget", type=Path, metavar="DIR",
                       help="instead of a site, write DIR/widget.js (an ES module, production) and DIR/widget.css "
                            "for the _esm and _css of an anywidget.AnyWidget, and print the Python that uses them")
    export_parser.add_argument("--entry", help="the entry module (default: the module the notebook shows)")
    export_parser.add_argument("--legacy", action="store_true",
                               help="classic scripts; async resources load by an injected <script> (default: ES modules)")
    export_parser.add_argument("--force", action="store_true",
                               help="write into DIR even if it holds files no earlier export wrote "
                                    "(files of the same name are replaced; others are left alone)")
    export_parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    _add_mode_arguments(export_parser, default="production")
    _add_cache_arguments(export_parser)
    args = parser.parse_args(argv)
    if args.no_cache or args.cache_dir is not None:
        from nbbundle.compile import disk_cache

        disk_cache.configure(args.cache_dir, enabled=not args.no_cache)
    defines = _defines(parser, args.define)
    minify = args.mode == "production" if args.minify is None else args.minify
    if args.command == "export" and args.anywidget is not None:
        return _export_anywidget(args.notebook, args.anywidget, entry=args.entry, force=args.force, quiet=args.quiet,
                                 defines=defines, minify=args.minify is not False)
    if args.command == "export":
        return _export(args.notebook, args.outdir, entry=args.entry, legacy=args.legacy, force=args.force,
                       quiet=args.quiet, mode=args.mode, defines=defines, asset_inline_limit=args.asset_inline_limit,
                       minify=minify)
    return _build(args.entry, args.outfile, quiet=args.quiet, mode=args.mode, defines=defines, format=args.format,
                  asset_inline_limit=args.asset_inline_limit, minify=minify, sourcemap=args.sourcemap)


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, given the terminal's width as ``shutil.get_terminal_size``
    finds it, without ``shutil``: ``add_argument`` makes a formatter every time, and importing
    ``shutil`` (``bz2``, ``lzma``) for it cost every build 2 ms."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns())


def _terminal_columns() -> int:
    """``$COLUMNS``, else the width of the terminal standard output is, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


_SHOWN = 10
"""Diagnostics printed in full before "… and N more" (esbuild's default log limit)."""


def _report_failure(error: NbbundleError, what: str) -> int:
    """The first ``_SHOWN`` diagnostics with their code frames on stderr, how many more, then
    a count; the exit status is 1."""
    for diagnostic in error.diagnostics[:_SHOWN]:
        print(diagnostic.format(), end="\n\n", file=sys.stderr)
    count = len(error.diagnostics)
    if count > _SHOWN:
        more = count - _SHOWN
        print(f"… and {more:,} more error{'s' if more != 1 else ''} (the first {_SHOWN} are shown)\n",
              file=sys.stderr)
    print(f"nbbundle: {what} failed with {count} error{'s' if count != 1 else ''}", file=sys.stderr)
    return 1


def _add_mode_arguments(parser: argparse.ArgumentParser, *, default: str) -> None:
    parser.add_argument("--mode", choices=["development", "production"], default=default,
                        help="production: process.env.NODE_ENV and import.meta.env.MODE say so, and branches "
                             f"behind constant conditions are removed (default: {default})")
    parser.add_argument("--asset-inline-limit", type=int, default=4096, metavar="BYTES",
                        help="assets smaller than this become data: URLs, larger ones files beside the output "
                             "with a content hash in the name (default: 4096, Vite's; 0 emits every asset)")
    parser.add_argument("--minify", action=argparse.BooleanOptionalAction, default=None,
                        help="minify: white space, comments and local names (default: on in production mode, "
                             "off in development)")
    parser.add_argument("--define", action="append", default=[], metavar="KEY=VALUE",
                        help="replace a global name or dotted path by a JSON value or a name, as esbuild's "
                             "--define (e.g. --define DEBUG=false); repeatable")


def _defines(parser: argparse.ArgumentParser, given: list[str]) -> tuple[tuple[str, str], ...]:
    if not given:
        return ()  # the parser's module is not loaded for nothing (a recorded build needs none)
    from nbbundle.compile.javascript.defines import DefineError, parse_define

    try:
        return tuple(parse_define(text) for text in given)
    except DefineError as error:
        parser.error(str(error))


def _add_cache_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", type=Path, metavar="DIR",
                        help="where compiled modules are kept between runs (default: $NBBUNDLE_CACHE_DIR, "
                             "else the user cache folder, e.g. ~/.cache/nbbundle)")
    parser.add_argument("--no-cache", action="store_true",
                        help="compile every module, reading and writing no cache on disk")


def _build(entry: Path, outfile: Path, *, quiet: bool, mode: str = "development",
           defines: tuple[tuple[str, str], ...] = (), format: str = "iife",  # noqa: A002
           asset_inline_limit: int = 4096, minify: bool = False, sourcemap: str | None = None) -> int:
    from nbbundle.bundle.build import write_bundle
    from nbbundle.bundle.build_record import build_recorded
    from nbbundle.compile.options import CompileOptions
    from nbbundle.bundle.output import OutputError

    started = time.perf_counter()
    try:
        options = CompileOptions(mode=mode, defines=defines, asset_inline_limit=asset_inline_limit,  # type: ignore[arg-type]
                                 minify=minify)
        result = build_recorded(entry, options=options, format=format, sourcemap=sourcemap is not None)  # type: ignore[arg-type]
    except NbbundleError as error:
        return _report_failure(error, "build")
    if not quiet:
        for warning in result.warnings:  # a recorded build's are text already
            print(warning if isinstance(warning, str) else warning.format(), end="\n\n", file=sys.stderr)
    try:
        write_bundle(result, outfile, sourcemap)  # type: ignore[arg-type]
    except OutputError as error:
        print(f"nbbundle: {error}", file=sys.stderr)
        return 2
    if not quiet:
        elapsed = (time.perf_counter() - started) * 1000
        size = result.size / 1024
        with_map = {"external": f" and {outfile.name}.map", "inline": " with its map inline"}.get(sourcemap or "", "")
        scope = "scope-hoisted" if result.not_hoisted is None else f"not scope-hoisted: {result.not_hoisted}"
        print(f"nbbundle: wrote {outfile}{with_map} ({result.module_count} modules, {size:,.1f} KB, {mode}, {format}"
              f"{', minified' if minify else ''}, {scope}) in {elapsed:.0f} ms", file=sys.stderr)
    return 0


def _export(notebook: Path, outdir: Path, *, entry: str | None, legacy: bool, force: bool, quiet: bool,
            mode: str = "production", defines: tuple[tuple[str, str], ...] = (), asset_inline_limit: int = 4096,
            minify: bool = True) -> int:
    from nbbundle.site.export import export_notebook

    started = time.perf_counter()
    result = _exporting(lambda ask: export_notebook(
        notebook, outdir, entry=entry, legacy=legacy, ask=ask, force=force, mode=mode,  # type: ignore[arg-type]
        defines=defines, asset_inline_limit=asset_inline_limit, minify=minify))
    if isinstance(result, int):
        return result
    if not quiet:
        elapsed = (time.perf_counter() - started) * 1000
        scripts = sum(1 for r in result.resources if r.kind == "script")
        styles = len(result.resources) - scripts
        print(f"nbbundle: exported {result.entry} ({result.strategy}, {mode}) to {outdir / 'index.html'} "
              f"({scripts} script and {styles} style resource{'s' if styles != 1 else ''}) in {elapsed:.0f} ms",
              file=sys.stderr)
        if result.removed:
            print(f"nbbundle: removed {len(result.removed)} file{'s' if len(result.removed) != 1 else ''} "
                  f"of the earlier export that this one no longer writes: {', '.join(result.removed)}", file=sys.stderr)
    return 0


def _export_anywidget(notebook: Path, outdir: Path, *, entry: str | None, force: bool, quiet: bool,
                      defines: tuple[tuple[str, str], ...], minify: bool = True) -> int:
    from nbbundle.site.anywidget_export import export_anywidget_notebook

    result = _exporting(lambda ask: export_anywidget_notebook(notebook, outdir, entry=entry, ask=ask, force=force,
                                                              defines=defines, minify=minify))
    if isinstance(result, int):
        return result
    if not quiet:
        print(f"nbbundle: wrote {', '.join(str(outdir / name) for name in result.files)} from {result.entry} "
              "(production); in your package:\n", file=sys.stderr)
        print("import pathlib\nimport anywidget\n\n" + result.python)
    return 0


def _exporting(export: Callable[[Callable[[list[str], str], str] | None], T]) -> T | int:
    """Run an export (asking for the entry on a terminal); a failure is its exit status: 1 for
    diagnostics and unsafe names, 2 for what the user can change (entry, folder)."""
    from nbbundle.bundle.output import OutputError
    from nbbundle.site.export import EntryChoiceError, UnsafeModuleName

    ask = _ask_entry if sys.stdin is not None and sys.stdin.isatty() else None
    try:
        return export(ask)
    except NbbundleError as error:
        return _report_failure(error, "export")
    except UnsafeModuleName as error:
        print(f"nbbundle: {error}", file=sys.stderr)
        return 1
    except (EntryChoiceError, OutputError, OSError, ValueError) as error:
        print(f"nbbundle: {error}", file=sys.stderr)
        return 2


def _ask_entry(choices: list[str], why: str) -> str:
    """Ask on the terminal which module is the entry."""
    print(why, file=sys.stderr)
    for number, name in enumerate(choices, start=1):
        print(f"  {number}. {name}", file=sys.stderr)
    while True:
        print(f"Which one is the entry? [1-{len(choices)}] ", end="", file=sys.stderr, flush=True)
        try:
            answer = input().strip()
        except EOFError:
            msg = "No entry chosen; pass --entry NAME."
            raise ValueError(msg) from None
        if answer in choices:
            return answer
        if answer.isdigit() and 1 <= int(answer) <= len(choices):
            return choices[int(answer) - 1]
