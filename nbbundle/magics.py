"""IPython magics: ``%%module NAME`` and ``%nbbundle show|list|graph|code|remove``.

Thin adapters (anywidget's ``%%vfile`` shape): parse the line, hand the raw cell text to the
environment, show what happened. The cell text is used as written, never through
``shell.transform_cell``, which would rewrite JavaScript lines that start with ``!`` or ``%``.
"""

from __future__ import annotations

import html
import shlex
import sys
from typing import TYPE_CHECKING

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import Code, display

from nbbundle import api

if TYPE_CHECKING:
    from nbbundle.notebook import DefineResult

_USAGE = """\
%nbbundle show NAME      display a live widget for the entry module NAME
%nbbundle list           list the modules defined in this kernel
%nbbundle graph [NAME]   draw the module graph of the entry NAME (default: the only entry)
%nbbundle code NAME      show the code nbbundle generated for NAME
%nbbundle remove NAME    forget the module NAME (views drop it)"""


class Status:
    """The one-line status a ``%%module`` run prints; it updates as views apply the change."""

    def __init__(self, result: DefineResult) -> None:
        self.result = result
        self.applied: list[float] = []
        self.handle = None

    def text(self) -> str:
        r = self.result
        if r.status == "error":
            count = len(r.diagnostics)
            return f"✗ {r.name}: {count} error{'s' if count != 1 else ''}; the last good version keeps running"
        if r.status == "unchanged":
            return f"{r.name} unchanged · nothing sent"
        parts = [f"✓ {r.name} {r.status}", _size(r.size)]
        parts.append(f"imported by {', '.join(r.importers)}" if r.importers else "not imported yet")
        if r.sent:
            views = f"{r.views} live view{'s' if r.views != 1 else ''}"
            if self.applied:
                slowest = max(self.applied)
                took = "<1 ms" if slowest < 1 else f"{slowest:.0f} ms"
                parts.append(f"applied in {len(self.applied)} of {views} ({took} in the browser)")
            else:
                parts.append(f"sent to {views}")
        parts.append(f"{r.elapsed_ms:.1f} ms")
        return " · ".join(parts)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        color = "#cf1322" if self.result.status == "error" else "#389e0d" if self.result.status != "unchanged" else "#8c8c8c"
        return (f'<div class="nbbundle-status" style="font: 12px ui-monospace, monospace; color: {color}">'
                f"{html.escape(self.text())}</div>")

    def on_applied(self, ms: float) -> None:
        self.applied.append(ms)
        if self.handle is not None:
            self.handle.update(self)


def _size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} KB"


@magics_class
class NbbundleMagics(Magics):
    @magic_arguments()
    @argument("name", help="the module's name, e.g. app.js, util.js, style.css or data.json")
    @argument("--show", action="store_true", help="display a live widget for this module below the cell")
    @cell_magic
    def module(self, line: str, cell: str) -> None:
        """Define or update the ES module NAME from the cell's text."""
        args = parse_argstring(NbbundleMagics.module, line)
        environment = api.environment()
        try:
            result = environment.define(args.name, cell)
        except ValueError as error:
            raise UsageError(str(error)) from None
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        for warning in result.warnings:
            print(warning.format(), file=sys.stderr)
        status = Status(result)
        status.handle = display(status, display_id=True)
        for model_id, version in result.sent.items():
            for widget in environment.widgets.values():
                if widget.model_id == model_id:
                    widget.when_applied(version, status.on_applied)
        if args.show and result.status != "error":
            api.show(args.name)

    @line_magic
    def nbbundle(self, line: str) -> None:
        """%nbbundle show|list|graph|code|remove NAME"""
        words = shlex.split(line)
        command, names = (words[0], words[1:]) if words else ("", [])
        try:
            if command == "show" and len(names) == 1:
                api.show(names[0])
            elif command == "list" and not names:
                display(api.module_table())
            elif command == "graph" and len(names) <= 1:
                display(api.draw_module_graph(names[0] if names else None))
            elif command == "code" and len(names) == 1:
                display(Code(api.generated_code(names[0]), language="javascript"))
            elif command == "remove" and len(names) == 1:
                api.environment().remove(names[0])
                print(f"removed {names[0]}")
            else:
                raise UsageError(f"usage:\n{_USAGE}")
        except (KeyError, ValueError) as error:
            raise UsageError(error.args[0] if error.args else str(error)) from None


def load_ipython_extension(ipython: object) -> None:
    ipython.register_magics(NbbundleMagics)  # type: ignore[attr-defined]
