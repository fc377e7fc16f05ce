"""What the live views did with one version of a widget: the truth behind a cell's status line.

An ``UpdateReport`` is made when the kernel sends a version (an update or an error). It expects
every view live at that moment, mounting ones included, and records each view's outcome as it
reports: applied in place, or mounted at that version or a later one (a view that mounts from
the synced state has the change too), with the errors it met (already framed by the kernel) and
what it runs afterwards. A view that closes or expires before reporting stops being expected; a
view that appears later and reports is counted. Listeners (status lines) hear of every change.

A widget keeps the reports of its last ``KEPT_REPORTS`` versions only, so memory per cell run is
bounded however long a session lasts.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from nbbundle.compile.errors import Diagnostic

KEPT_REPORTS = 16


@dataclass
class ViewOutcome:
    ok: bool
    how: Literal["applied", "mounted"]
    ms: float
    running: str
    """"current", "previous" (the new version failed before it replaced what was drawn) or
    "none" (the app is not running in that view)."""
    errors: list[Diagnostic] = field(default_factory=list)


@dataclass
class UpdateReport:
    version: int
    expected: set[str]
    outcomes: dict[str, ViewOutcome] = field(default_factory=dict)
    gone: set[str] = field(default_factory=set)
    listeners: list[Callable[[], None]] = field(default_factory=list)

    def record(self, view_id: str, outcome: ViewOutcome) -> None:
        """The first word of a view on this version counts (a later remount does not rewrite it)."""
        if view_id in self.outcomes:
            return
        self.outcomes[view_id] = outcome
        self._changed()

    def view_gone(self, view_id: str) -> None:
        if view_id in self.expected and view_id not in self.outcomes and view_id not in self.gone:
            self.gone.add(view_id)
            self._changed()

    @property
    def views(self) -> int:
        """Views this version went to: live at send time or reporting since, minus those gone."""
        return len((self.expected | self.outcomes.keys()) - self.gone)

    @property
    def waiting(self) -> int:
        return len(self.expected - self.outcomes.keys() - self.gone)

    @property
    def applied(self) -> list[ViewOutcome]:
        return [o for o in self.outcomes.values() if o.ok]

    @property
    def failed(self) -> list[ViewOutcome]:
        return [o for o in self.outcomes.values() if not o.ok]

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()


class Reports:
    """A widget's reports by version, the last ``KEPT_REPORTS`` only."""

    def __init__(self) -> None:
        self._by_version: OrderedDict[int, UpdateReport] = OrderedDict()

    def start(self, version: int, expected: list[str]) -> UpdateReport:
        report = self._by_version[version] = UpdateReport(version, set(expected))
        while len(self._by_version) > KEPT_REPORTS:
            self._by_version.popitem(last=False)
        return report

    def get(self, version: int) -> UpdateReport | None:
        return self._by_version.get(version)

    def up_to(self, version: int) -> list[UpdateReport]:
        """Reports of versions at or below ``version`` (what a view mounted at ``version`` has)."""
        return [report for v, report in self._by_version.items() if v <= version]

    def view_gone(self, view_id: str) -> None:
        for report in list(self._by_version.values()):
            report.view_gone(view_id)

    def __len__(self) -> int:
        return len(self._by_version)
