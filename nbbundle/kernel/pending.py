"""Cells in any order: a cell that imports modules nobody defines yet waits for them.

A cell whose only errors are relative imports of modules no cell or file provides is *pending*.
Its text stays visible to the resolver (``cells.VisibleCells``), so the run that defines what it
waits for prepares it too (``prepare_with_pending``) and links both at once: that is how two
cells that import each other, in either order, link like two files. Every successful run
retries what is pending (``retry_pending``); a pending cell's status line hears how its wait
ended (``when_pending_ends``).

A mixin of ``Environment``; it reads the environment's ``pending``, ``cells``, resolver and root.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nbbundle.bundle.load import PreparedModule, prepare_module
from nbbundle.kernel.cells import check_name
from nbbundle.kernel.define_result import DefineResult
from nbbundle.resolve.tsconfig import TsConfigError

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.compile.errors import Diagnostic
    from nbbundle.kernel.module_options import ModuleOptions
    from nbbundle.resolve.resolver import Resolver

UNRESOLVED_CELL_HINT = "Define it in a cell with %%module {name}, or put the file next to the notebook."


@dataclass
class Pending:
    text: str
    result: DefineResult
    notify: list[Callable[[DefineResult], None]] = field(default_factory=list)
    """Status lines of the cell, told when the wait ends (linked, or failed for another reason)."""


@dataclass
class Member:
    """One module of a run: the cell being defined, or a pending cell it completes."""

    name: str
    text: str
    kind: str
    package_type: str | None
    file: Path
    cell: bool
    prepared: PreparedModule | None = None


class PendingCells:
    root: Path
    cells: dict[str, str]
    pending: dict[str, Pending]
    resolver: Resolver
    options: ModuleOptions

    def when_pending_ends(self, name: str, callback: Callable[[DefineResult], None]) -> None:
        """Call ``callback(result)`` when the pending cell ``name`` is linked or fails; it
        replaces the callback of the cell's earlier runs (their outputs are gone)."""
        waiting = self.pending.get(name)
        if waiting is not None:
            waiting.notify = [callback]

    def retry_pending(self) -> None:
        """Define again every pending cell, while that makes progress (each run may free more)."""
        progress = True
        while progress and self.pending:
            progress = False
            for name in list(self.pending):
                waiting = self.pending.get(name)
                if waiting is None:
                    continue  # linked by an earlier retry of this loop
                result = self._define_cell(name, waiting.text, check_name(name), time.perf_counter())
                if result.status != "pending" or result.waiting_for != waiting.result.waiting_for:
                    progress = progress or result.status != "pending"
                    for callback in waiting.notify:
                        callback(result)

    def prepare_with_pending(self, members: list[Member]) -> DefineResult | None:
        """Prepare ``members``, adding the pending cells they import; None when all are ready.

        A module whose only errors are relative imports of modules nobody defines makes the
        whole run wait (a pending result); any other error fails it.
        """
        index = 0
        while index < len(members):
            member = members[index]
            try:
                options = self.options.for_module(member.name, self.resolver)
            except TsConfigError as error:  # the tsconfig.json above the notebook: its diagnostic
                member.prepared = PreparedModule(None, errors=list(error.diagnostics))
                index += 1
                continue
            member.prepared = prepare_module(
                member.name, member.file, member.text, member.kind, member.package_type, self.resolver, self.root,
                unresolved_hint=UNRESOLVED_CELL_HINT if member.cell else None, options=options)
            for module_id, _ in member.prepared.resolved.values():
                waiting = self.pending.get(module_id)
                if waiting is not None and module_id not in self.cells and all(m.name != module_id for m in members):
                    members.append(Member(module_id, waiting.text, check_name(module_id), "module",
                                           self.root / module_id, cell=True))
            index += 1
        errors = [d for m in members for d in (m.prepared.errors if m.prepared else [])]
        if not errors:
            return None
        main = members[0]
        waiting_for = sorted({specifier for m in members for specifier in _unresolved(m.prepared)})
        relative = all(specifier.startswith(("./", "../")) for specifier in waiting_for)
        if not main.cell or not relative or any(d.code != "UNRESOLVED_IMPORT" for d in errors):
            own = [d for d in errors if d.module_id == main.name] or errors
            return self._fail(main.name, own, time.perf_counter())
        return DefineResult(main.name, "pending", len(main.text.encode()), self.importers_of(main.name),
                            diagnostics=errors, waiting_for=waiting_for)

    def _define_cell(self, name: str, text: str, kind: str, started: float) -> DefineResult:
        raise NotImplementedError

    def _fail(self, name: str, diagnostics: list[Diagnostic], started: float) -> DefineResult:
        raise NotImplementedError

    def importers_of(self, name: str) -> list[str]:
        raise NotImplementedError


def _unresolved(prepared: PreparedModule | None) -> list[str]:
    """Specifiers of ``import``/``import()`` records that resolved to nothing (``require`` ones
    are warnings: CommonJS may guard them)."""
    if prepared is None or prepared.result is None:
        return []
    records = (*prepared.result.imports, *prepared.result.dynamic_imports)
    return [r.specifier for r in records
            if r.kind != "require" and r.specifier not in prepared.resolved and r.specifier not in prepared.externals]
