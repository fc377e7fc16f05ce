"""The one-line status of a module definition, shown under the cell that made it.

``✓ counter.js updated · 412 B · imported by app.js · applied in 2 of 2 live views (3 ms in
the browser) · 0.9 ms``. It updates itself as views report that they applied the change: the
kernel hears back only after the cell has finished, so the line is displayed with a display id
and refreshed then.
"""

from __future__ import annotations

import html
import sys
from typing import TYPE_CHECKING

from nbbundle.kernel.editor_diagnostics import DIAGNOSTICS_MIME, editor_diagnostics

if TYPE_CHECKING:
    from nbbundle.kernel.environment import DefineResult, Environment


class Status:
    """The one-line status a ``%%module`` run prints; it updates as views apply the change."""

    def __init__(self, result: DefineResult) -> None:
        self.result = result
        self.applied: list[float] = []
        self.handle: object | None = None
        """A display handle when shown with a display id, so the line can refresh."""

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

    def _repr_mimebundle_(self, include: object = None, exclude: object = None) -> dict[str, object]:
        """Adds the run's diagnostics for the cell's editor (IPython merges text/plain and html)."""
        r = self.result
        return {DIAGNOSTICS_MIME: editor_diagnostics(r.name, [*r.diagnostics, *r.warnings])}

    def on_applied(self, ms: float) -> None:
        self.applied.append(ms)
        if self.handle is not None:
            self.handle.update(self)  # type: ignore[attr-defined]


def _size(size: int) -> str:
    return f"{size} B" if size < 1024 else f"{size / 1024:.1f} KB"


def report(environment: Environment, result: DefineResult) -> Status:
    """Print ``result``'s diagnostics (code frames) to stderr; return its live status line."""
    for diagnostic in (*result.diagnostics, *result.warnings):
        print(diagnostic.format(), file=sys.stderr)
    status = Status(result)
    for widget in environment.widgets.values():
        version = result.sent.get(widget.model_id)
        if version is not None:
            widget.when_applied(version, status.on_applied)
    return status
