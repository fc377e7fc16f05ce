"""The status of a module definition, shown under the cell that made it, kept true as views report.

``✓ counter.js updated · 412 B · imported by app.js · applied in 2 of 2 live views (3 ms in the
browser) · 0.9 ms``. The kernel hears from views only after the cell has finished, so the status
is displayed with a display id and refreshed as each view's outcome lands in the update's
``UpdateReport``: ✓ only once every live view applied the change without an error; ✗ as soon
as one failed, with where (module, line, column, frame from the text that threw) and what that
view runs now; no mark while views are still applying. A pending cell (waiting for a module not
defined yet) refreshes when it is linked.

One place builds the output (``_repr_mimebundle_``), from ``diagnostics()`` and ``text()``: the
text line, its HTML, and the diagnostics as data for the cell's editor (``editor_diagnostics``),
so an error a view reports later is underlined in the cell too.

A refresh waits ``REFRESH_S`` (0.15 s) on the kernel's event loop and is one for every report that lands
meanwhile (the views of one run report within milliseconds of each other), and none once the
cell has run again (``supersede``): the front end cleared that output, and the refresh would
only be more messages through the kernel and the server while the next run is on its way.
"""

from __future__ import annotations

import html
import logging
import sys
from typing import TYPE_CHECKING, Any

from nbbundle.kernel import front_end
from nbbundle.kernel.editor_diagnostics import DIAGNOSTICS_MIME, SHOWN, editor_diagnostics
from nbbundle.kernel.views import kernel_call_later

if TYPE_CHECKING:
    from nbbundle.compile.errors import Diagnostic
    from nbbundle.kernel.define_result import DefineResult
    from nbbundle.kernel.reports import ViewOutcome
    from nbbundle.kernel.views import Schedule

logger = logging.getLogger("nbbundle")

REFRESH_S = 0.15
"""How long a status line waits to show what views reported: a mark a person reads a moment
later all the same, and time for a cell run again at once (a quick re-run, a loop) to supersede
it before it costs a message. On a loaded machine the next request reached the kernel up to
45 ms after the previous run's report; with 50 ms, 2–6 refreshes in 30 still landed on it."""

_RUNNING = {
    "previous": "it still shows what the previous version drew",
    "mixed": "a callback stopped part way: it may show parts of both versions",
    "none": "its app is not running",
}
_COLORS = {"✓": "#389e0d", "✗": "#cf1322", "": "#8c8c8c"}


class Status:
    """The status a ``%%module`` run displays; it refreshes as views report on the change."""

    def __init__(self, result: DefineResult, schedule: Schedule = kernel_call_later) -> None:
        self.handle: object | None = None
        """A display handle when shown with a display id, so the status can refresh."""
        self.result = result
        self.printed = False
        """Whether the run's own diagnostics went to stderr (else this output shows them)."""
        self.superseded = False
        """The cell that showed this status ran again: its output is gone, nothing refreshes."""
        self._schedule = schedule
        self._refresh_due = False
        self._follow(result)

    def _follow(self, result: DefineResult) -> None:
        self.result = result
        for report in result.reports:
            report.listeners.append(self.refresh)

    def on_result(self, result: DefineResult) -> None:
        """A later result of the same run (a pending cell was linked, or failed): show that.

        Its diagnostics go into this output, not to stderr: another cell is running now.
        """
        self.printed = False
        self._follow(result)
        self.refresh()

    # -- what it says ------------------------------------------------------------------------------

    def mark(self) -> str:
        r = self.result
        if r.status == "error" or self._failed():
            return "✗"
        if r.status in ("unchanged", "pending") or any(report.waiting for report in r.reports):
            return ""
        return "✓"

    def text(self) -> str:
        r = self.result
        if r.status == "error":
            count = len(r.diagnostics)
            return f"✗ {r.name}: {count} error{'s' if count != 1 else ''} · views keep running the version they have"
        if r.status == "unchanged":
            return f"{r.name} unchanged · nothing sent"
        if r.status == "pending":
            return (f"… {r.name} is waiting for {', '.join(r.waiting_for)} · it links as soon as a cell "
                    "defines that; views keep running the version they have")
        # A failed update puts the cross next to where it failed, not next to "updated".
        failed = bool(self._failed())
        head = f"✗ {r.name} {self._views()}" if failed else f"{self.mark()} {r.name} {r.status}".strip()
        parts = [head, _size(r.size)]
        if r.importers:
            parts.append(f"imported by {', '.join(r.importers)}")
        else:
            parts.append("the widget's entry" if r.entry else "not imported yet")
        if r.linked_with:
            parts.append(f"linked {', '.join(r.linked_with)} too")
        if r.reports and not failed:
            parts.append(self._views())
        parts.append(f"{r.elapsed_ms:.1f} ms")
        return " · ".join(parts)

    def _views(self) -> str:
        reports = self.result.reports
        total = sum(report.views for report in reports)
        if total == 0:
            return "no live view"
        applied = [o for report in reports for o in report.applied]
        failed = self._failed()
        views = f"{total} live view{'s' if total != 1 else ''}"
        if failed:
            first = failed[0]
            where = first.errors[0]
            running = "; ".join(sorted({_RUNNING[o.running] for o in failed if o.running in _RUNNING}))
            said = f"failed in {len(failed)} of {views}: {where.location} {where.message}"
            return said + (f" ({running})" if running else "") + (f" · applied in {len(applied)}" if applied else "")
        if any(report.waiting for report in reports):
            return f"applied in {len(applied)} of {views} so far" if applied else f"sent to {views}"
        slowest = max((o.ms for o in applied), default=0.0)
        took = "<1 ms" if slowest < 1 else f"{slowest:.0f} ms"
        return f"applied in {len(applied)} of {views} ({took} in the browser)"

    def _failed(self) -> list[ViewOutcome]:
        return [o for report in self.result.reports for o in report.failed]

    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic of this run, each with line, column and a frame from the text that
        caused it: the cell's own (compile, link, waiting) and those views reported."""
        seen: dict[tuple[Any, ...], Diagnostic] = {}
        for diagnostic in (*self.result.diagnostics, *(d for o in self._failed() for d in o.errors)):
            seen.setdefault((diagnostic.module_id, diagnostic.line, diagnostic.column, diagnostic.message), diagnostic)
        return list(seen.values())

    def _shown_diagnostics(self) -> list[Diagnostic]:
        """Diagnostics this output shows in full: those views found, and the run's own unless
        ``report`` printed them (a pending cell's are shown here: they go once it links)."""
        printed = set(map(id, self.result.diagnostics)) if self.printed else set()
        return [d for d in self.diagnostics() if id(d) not in printed]

    # -- output --------------------------------------------------------------------------------

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, Any]:
        if front_end.in_dashboard():
            return {"text/plain": ""}  # a dashboard's viewers see the app, not how cells ran
        text = self.text()
        shown = self._shown_diagnostics()
        details = [d.format() for d in shown[:SHOWN]]
        if len(shown) > SHOWN:
            details.append(_more(len(shown) - SHOWN))
        color = _COLORS.get(self.mark(), _COLORS[""]) if self.result.status not in ("unchanged", "pending") else _COLORS[""]
        frames = "".join(f'<pre class="nbbundle-status-diagnostic" style="margin: 4px 0 0; color: #5c0011">'
                         f"{html.escape(detail)}</pre>" for detail in details)
        bundle = {
            "text/plain": "\n".join([text, *details]),
            "text/html": (f'<div class="nbbundle-status" data-mark="{self.mark()}" '
                          f'style="font: 12px ui-monospace, monospace; color: {color}">'
                          f'<div class="nbbundle-status-line">{html.escape(text)}</div>{frames}</div>'),
        }
        if not front_end.in_marimo():  # marimo would offer it as another way to show the output
            bundle[DIAGNOSTICS_MIME] = editor_diagnostics(self.result.name, [*self.diagnostics(), *self.result.warnings])
        return bundle

    def __repr__(self) -> str:
        return str(self._repr_mimebundle_()["text/plain"])

    def refresh(self) -> None:
        """Show what the reports say now: after ``REFRESH_S`` on the kernel's event loop, once
        for every report until then (outside an ipykernel, at once)."""
        if self.handle is None or self.superseded or self._refresh_due:
            return
        self._refresh_due = self._schedule(REFRESH_S, self._refresh_now)
        if not self._refresh_due:
            self._refresh_now()

    def supersede(self) -> None:
        """The cell that showed this status ran again (its output was cleared): stop refreshing."""
        self.superseded = True

    def _refresh_now(self) -> None:
        self._refresh_due = False
        if self.handle is None or self.superseded:
            return
        try:
            self.handle.update(self)  # type: ignore[attr-defined]
        except Exception:  # from the event loop: a bug of ours must not stop the kernel's loop
            logger.exception("nbbundle: refreshing the status of %s failed", self.result.name)


def _size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} KB"


def report(result: DefineResult) -> Status:
    """Print a failed run's diagnostics (code frames) and any warnings to stderr; return its
    live status (which shows what views report, and a pending cell's missing imports)."""
    status = Status(result)
    if result.status == "error":
        for diagnostic in result.diagnostics[:SHOWN]:
            print(diagnostic.format(), file=sys.stderr)
        if len(result.diagnostics) > SHOWN:
            print(_more(len(result.diagnostics) - SHOWN), file=sys.stderr)
        status.printed = True
    for warning in result.warnings[:SHOWN]:
        print(warning.format(), file=sys.stderr)
    if len(result.warnings) > SHOWN:
        print(_more(len(result.warnings) - SHOWN, "warning"), file=sys.stderr)
    return status


def _more(count: int, what: str = "error") -> str:
    return f"… and {count:,} more {what}{'s' if count != 1 else ''} (the first {SHOWN} are shown)"
