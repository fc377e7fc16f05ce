"""IPython magics: ``%%module NAME`` and ``%nbbundle show|list|graph|code|remove``.

Thin adapters (anywidget's ``%%vfile`` shape): parse the line, hand the raw cell text to the
environment, show what happened. The cell text is used as written, never through
``shell.transform_cell``, which would rewrite JavaScript lines that start with ``!`` or ``%``.
"""

from __future__ import annotations

import logging
import shlex
import sys
from typing import TYPE_CHECKING

from IPython.core.error import UsageError
from IPython.core.magic import Magics, cell_magic, line_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.display import Code, display

from nbbundle.compile.options import CompileOptions, JsxOptions
from nbbundle.kernel import api, front_end
from nbbundle.kernel.views import KERNEL_CLOCK

if TYPE_CHECKING:
    from nbbundle.kernel.status import Status

_USAGE = """\
%nbbundle show NAME      display a live widget for the entry module NAME
%nbbundle list           list the modules defined in this kernel
%nbbundle graph [NAME]   draw the module graph of the entry NAME (default: the only entry)
%nbbundle code NAME      show the code nbbundle generated for NAME
%nbbundle remove NAME    forget the module NAME (views drop it)"""


@magics_class
class NbbundleMagics(Magics):
    @magic_arguments()
    @argument("name", help="the module's name, e.g. app.js, util.js, style.css or data.json")
    @argument("--show", action="store_true", help="display a live widget for this module below the cell")
    @argument("--jsx", choices=["automatic", "classic"], help="JSX runtime (default automatic)")
    @argument("--jsx-import-source", metavar="SOURCE", help="automatic runtime's package (default react)")
    @argument("--jsx-factory", metavar="EXPR", help="classic runtime's factory (default React.createElement)")
    @argument("--jsx-fragment", metavar="EXPR", help="classic runtime's fragment (default React.Fragment)")
    @cell_magic
    def module(self, line: str, cell: str) -> None:
        """Define or update the ES module NAME from the cell's text."""
        args = parse_argstring(NbbundleMagics.module, line)
        try:
            status = api.define(args.name, cell, compile_options(args))
        except ValueError as error:
            raise UsageError(str(error)) from None
        deliver_now()
        SHOWN.shown(status)  # until this cell runs again
        if args.show:
            status.result.entry = True  # shown below: an entry, not a module waiting for an importer
        if not front_end.in_dashboard():  # a dashboard's viewers see the app, not status lines
            status.handle = display(status, display_id=_status_display_id(self.shell))
        if args.show and status.result.status != "error":
            api.show(args.name)

    @line_magic
    def nbbundle(self, line: str) -> None:
        """%nbbundle show|list|graph|code|remove NAME"""
        try:
            words = shlex.split(line)
        except ValueError as error:  # an unbalanced quote
            raise UsageError(f"{error} in {line!r}\nusage:\n{_USAGE}") from None
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


_last_request: list[str] = [""]
"""The request whose id the last status took as its display id (each request's id is used once)."""


def _status_display_id(shell: object) -> str | bool:
    """The display id of a run's status: the id of the request that ran the cell (True: a new one).

    JupyterLab's kernel connection (4.x) files each display id under the request that showed it,
    to forget it when that request's future goes (the cell runs again), but files the request's
    id where the display id belongs (``_msgIdToDisplayIds``), so a display id of its own stays in
    ``_displayIdToParentIds`` for as long as the page lives: a map entry, an array and two strings
    per run. Under the request's own id, that clean-up finds it. A second status in the same
    request (``run_cell_magic`` twice in one cell) gets an id of its own: one id, one output.
    """
    parent = getattr(getattr(shell, "display_pub", None), "parent_header", None)
    request = parent.get("msg_id") if isinstance(parent, dict) else None
    if not isinstance(request, str) or not request or request == _last_request[0]:
        return True
    _last_request[0] = request
    return request


def compile_options(args: object) -> CompileOptions | None:
    """esbuild's JSX flags on ``%%module``; pragma comments in the module still win."""
    given = {field: getattr(args, attribute) for field, attribute in (
        ("runtime", "jsx"), ("import_source", "jsx_import_source"), ("factory", "jsx_factory"),
        ("fragment", "jsx_fragment")) if getattr(args, attribute) is not None}
    if not given:
        return None
    if given.keys() & {"factory", "fragment"} and "runtime" not in given:
        given["runtime"] = "classic"  # a factory only means something to the classic runtime
    return CompileOptions(jsx=JsxOptions(**given), jsx_given=frozenset(given))


def deliver_now() -> None:
    """Let the update just sent to views leave the kernel now, not after the rest of the cell.

    ipykernel sends iopub messages from a thread of its own, which needs the GIL: while this
    thread goes on (the status line, IPython's bookkeeping after the cell) the update waits in
    that thread's queue, and so do the ``busy`` and ``execute_input`` before it. Flushing
    ``sys.stdout`` (ipykernel's ``OutStream``) waits, without the GIL, until that thread has
    sent everything queued so far. Elsewhere (a terminal, marimo) it is an ordinary flush.
    """
    flush = getattr(sys.stdout, "flush", None)
    if callable(flush):
        flush()


class ShownStatuses:
    """The status lines each notebook cell shows, by the front end's cell id (``cellId`` in the
    execute request's metadata, which IPython passes to ``pre_run_cell`` as ``info.cell_id``).

    A front end clears a cell's outputs when it runs the cell again, so the status lines that
    cell showed are superseded: refreshing them would cost messages and show nothing. Without a
    cell id (a front end that sends none) nothing is superseded.
    """

    def __init__(self) -> None:
        self._cell: str | None = None
        self._by_cell: dict[str, list[Status]] = {}

    def cell_starts(self, info: object = None) -> None:
        cell_id = getattr(info, "cell_id", None)
        self._cell = cell_id if isinstance(cell_id, str) else None
        for status in self._by_cell.pop(self._cell, []) if self._cell is not None else []:
            status.supersede()

    def cell_ends(self, *_: object) -> None:
        self._cell = None

    def shown(self, status: Status) -> None:
        """``status`` is displayed in the output of the cell running now."""
        if self._cell is not None:
            self._by_cell.setdefault(self._cell, []).append(status)


SHOWN = ShownStatuses()


def load_ipython_extension(ipython: object) -> None:
    ipython.register_magics(NbbundleMagics)  # type: ignore[attr-defined]
    # Views count as gone after a silence measured while the kernel is idle: their heartbeats
    # wait in the kernel's queue while a cell runs (views.IdleClock).
    events = ipython.events  # type: ignore[attr-defined]
    # A cell run again supersedes the status lines it showed (ShownStatuses).
    for event, callback in (("pre_run_cell", KERNEL_CLOCK.pause), ("post_run_cell", KERNEL_CLOCK.resume),
                            ("pre_run_cell", SHOWN.cell_starts), ("post_run_cell", SHOWN.cell_ends)):
        if callback not in events.callbacks[event]:
            events.register(event, callback)
    _log_to_the_kernel_log()


def _log_to_the_kernel_log() -> None:
    """Send nbbundle's warnings (a view's bad message, say) to the kernel's own log, which the
    Jupyter server writes out, rather than into whichever cell output happens to be current."""
    logger = logging.getLogger("nbbundle")
    if logger.handlers:
        return
    try:
        from ipykernel.kernelapp import IPKernelApp
    except ImportError:
        return
    if not IPKernelApp.initialized():
        return
    handlers = IPKernelApp.instance().log.handlers
    if handlers:
        for handler in handlers:
            logger.addHandler(handler)
        logger.propagate = False
