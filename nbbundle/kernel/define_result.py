"""``DefineResult``: what one cell run (or one file change) did, for its status line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from nbbundle.compile.errors import Diagnostic
    from nbbundle.kernel.reports import UpdateReport


@dataclass
class DefineResult:
    """What one ``%%module`` run did, for its status line."""

    name: str
    status: Literal["defined", "updated", "unchanged", "error", "pending"]
    size: int = 0
    importers: list[str] = field(default_factory=list)
    reports: list[UpdateReport] = field(default_factory=list)
    """One per widget the change (or the error) was sent to: what its views did with it."""
    elapsed_ms: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    waiting_for: list[str] = field(default_factory=list)
    """Pending: the specifiers no cell or file provides yet."""
    entry: bool = False
    """The module is the entry of a widget (shown, or about to be by ``--show``): nothing imports it."""
    linked_with: list[str] = field(default_factory=list)
    held: bool = False
    """An error of a file just written, not reported: the watcher reads the file again."""
    """Pending cells that this run linked too (``even.js`` when ``odd.js`` completes the cycle)."""
