"""HMR propagation: which accept callbacks an edit reaches, or why the view must remount.

Pure: reads the graph, changes nothing, does no I/O. The caller (``kernel/environment.py``
for an edit, ``kernel/view_host.py`` for a view's ``hot.invalidate()``) sends the decision to
the views.

Adapted from Vite's ``updateModules`` / ``propagateUpdate`` / ``isNodeWithinCircularImports``
(https://github.com/vitejs/vite/blob/a98c8d9/packages/vite/src/node/server/hmr.ts; notes in
HMR-RESEARCH A2, A3), with nbbundle's rules:

* the widget's entry is its own boundary (kind ``"entry"``: the host re-renders it) unless it
  accepts itself, so an edit under the entry never needs a page reload;
* a dependency-accept boundary counts only if a view executed the accepting module;
* ``chain`` lists every module that must be re-executed for the boundary to see the new code,
  not just the first path found (Vite gets those for free from its ``?t=`` import urls; an
  init-function runtime has to be told which cached instances to drop).

Decisions are computed against the graph as the views last executed it: propagate before
recording a changed module's new imports and accept calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from nbbundle.bundle.graph import by_id

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode

BoundaryKind = Literal["self", "dep", "entry"]


@dataclass(frozen=True, slots=True)
class Boundary:
    """Where an update is accepted, and what to re-execute to get there."""

    kind: BoundaryKind
    boundary: str
    """Id of the module whose accept callbacks run (or the entry the host re-renders)."""
    accepted_via: str
    """Id of the module re-executed and handed to the callbacks (the boundary itself unless
    ``kind == "dep"``)."""
    chain: tuple[str, ...]
    """Ids of the modules between the changed modules and ``accepted_via``, in the order the walk
    found them, ``accepted_via`` last: the cached instances to drop and re-execute."""
    is_within_circular_import: bool
    """The boundary sits inside an import loop and may not recover its execution order: the view
    tries the update and remounts if re-executing throws."""


@dataclass(frozen=True, slots=True)
class HotUpdate:
    boundaries: tuple[Boundary, ...]
    """Empty when nothing any view executed was reached: nothing to do, and no reload."""


@dataclass(frozen=True, slots=True)
class FullReload:
    reason: str
    """For the status line and the debug log, e.g. ``"no HMR boundary: x.js has no importers"``."""


def propagate_update(
    graph: ModuleGraph,
    changed: Iterable[ModuleNode],
    *,
    entries: Collection[str] = (),
    first_invalidated_by: str | None = None,
) -> HotUpdate | FullReload:
    """Find the boundaries that accept an edit of ``changed`` (all modules of one change event).

    ``entries`` are the ids the widgets render. ``first_invalidated_by`` is set when the update
    comes from a ``hot.invalidate()`` that an earlier update's callbacks triggered: reaching that
    module again as ``accepted_via`` would loop, so it is a reload instead (Vite PR #19870).
    """
    del graph  # the nodes carry their edges; kept for symmetry with the graph's own verbs
    walk = _Walk(frozenset(entries))
    for node in changed:
        dead_end = walk.propagate(node, [node])
        if dead_end is not None:
            return FullReload(dead_end)
        if first_invalidated_by is not None and any(
            via.id == first_invalidated_by for _, _, via in walk.found
        ):
            return FullReload("circular import invalidate")
    return HotUpdate(walk.boundaries())


def propagate_invalidate(
    graph: ModuleGraph,
    node: ModuleNode,
    *,
    entries: Collection[str] = (),
    first_invalidated_by: str | None = None,
) -> HotUpdate | FullReload:
    """``import.meta.hot.invalidate()`` in ``node``: it could not take the update after all.

    Propagation restarts from its importers (the module itself already runs its new code). A
    module nothing imports has nowhere to go: reload (Vite PR #16636). ``first_invalidated_by``
    defaults to ``node``, as the client sends it. Acting once on the same invalidate from several
    views is the caller's job (``BundleWidget``, per module and version): this keeps no state.
    """
    importers = [importer for importer in by_id(node.all_importers) if importer is not node]
    if not importers:
        return FullReload("invalidate on root")
    return propagate_update(
        graph, importers, entries=entries, first_invalidated_by=first_invalidated_by or node.id
    )


class _Walk:
    """One change event's depth-first walk up the importers; ``traversed`` is shared by all
    changed modules, so a module is entered once however many changed modules reach it."""

    def __init__(self, entries: frozenset[str]) -> None:
        self.entries = entries
        self.traversed: dict[ModuleNode, int] = {}
        """Module → discovery index (the order of ``chain``)."""
        self.flows_into: dict[ModuleNode, set[ModuleNode]] = {}
        """Importer → modules whose update propagated into it (the edges the walk followed)."""
        self.found: dict[tuple[BoundaryKind, ModuleNode, ModuleNode], bool] = {}
        """(kind, boundary, accepted_via) → within a circular import, in discovery order."""

    def propagate(self, node: ModuleNode, chain: list[ModuleNode]) -> str | None:
        """Vite's ``propagateUpdate``: the reason for a full reload on a dead end, else None."""
        if node in self.traversed:
            return None
        self.traversed[node] = len(self.traversed)
        if node.is_self_accepting is None:
            # Vite #7561: no view has executed it, so nothing holds the old version. Stop here,
            # without a reload (an edit to a lazily imported module nobody loaded yet).
            return None
        if node.is_self_accepting or node.type == "css":
            self._add("self", node, node, chain)
            return None
        if node.id in self.entries:
            self._add("entry", node, node, chain)
            return None
        importers = by_id(node.all_importers)
        if node.accepted_hmr_exports is not None:
            # Partly self-accepting: it re-runs itself first, then importers that use an export
            # it does not accept still need updating.
            self._add("self", node, node, chain)
        elif not importers:
            return f"no HMR boundary: {node.id} has no importers"
        for importer in importers:
            sub_chain = [*chain, importer]
            if node in importer.accepted_hmr_deps:
                if importer.executed:
                    self._add("dep", importer, node, sub_chain)
                continue
            accepted_exports = node.accepted_hmr_exports
            if accepted_exports is not None and _uses_only(importer, node, accepted_exports):
                continue
            self.flows_into.setdefault(importer, set()).add(node)
            if importer not in chain:
                dead_end = self.propagate(importer, sub_chain)
                if dead_end is not None:
                    return dead_end
        return None

    def _add(
        self, kind: BoundaryKind, boundary: ModuleNode, via: ModuleNode, chain: list[ModuleNode]
    ) -> None:
        key = (kind, boundary, via)
        self.found[key] = self.found.get(key, False) or _is_within_circular_imports(boundary, chain)

    def boundaries(self) -> tuple[Boundary, ...]:
        return tuple(
            Boundary(kind, boundary.id, via.id, self._chain_to(via), circular)
            for (kind, boundary, via), circular in self.found.items()
        )

    def _chain_to(self, via: ModuleNode) -> tuple[str, ...]:
        """Every module whose update flowed into ``via``, through any path the walk followed.

        The first path found is not enough: in ``a -> m1 -> x`` and ``a -> m2 -> x`` (``x``
        accepts itself) the walk stops at ``x`` the second time, yet ``m2`` holds the old ``a``
        and must re-run too. The same goes for a second changed module reaching ``x``, and for
        a module that only leads back into the chain through an import cycle.
        """
        reached = {via}
        pending = [via]
        while pending:
            for source in self.flows_into.get(pending.pop(), ()):
                if source not in reached:
                    reached.add(source)
                    pending.append(source)
        reached.discard(via)
        ordered = sorted(reached, key=self.traversed.__getitem__)
        return (*(node.id for node in ordered), via.id)


def _uses_only(importer: ModuleNode, node: ModuleNode, accepted: set[str]) -> bool:
    """``importer`` takes only accepted exports from ``node`` (a bare ``import "./x"`` takes none).

    Unknown bindings count as using everything.
    """
    if importer.imported_bindings is None:
        return False
    bindings = importer.imported_bindings.get(node.id)
    return bindings is not None and bindings <= accepted


def _is_within_circular_imports(
    node: ModuleNode,
    node_chain: list[ModuleNode],
    current_chain: list[ModuleNode] | None = None,
    traversed: set[ModuleNode] | None = None,
) -> bool:
    """Whether an importer of the boundary ``node`` (transitively) is on ``node_chain``.

    Picture the import graph (an arrow points from importer to imported):

        A -> B -> C -> ACCEPTED -> D -> E -> NODE
             ^--------------------------|

    NODE changed; ACCEPTED is the boundary (``node`` here); ``node_chain`` is
    [NODE, E, D, ACCEPTED], the path the update took; walking ACCEPTED's importers gives
    ``current_chain`` [ACCEPTED, C, B]. B is imported by E, which is on ``node_chain``: the
    boundary is inside an import loop, so re-executing it cannot restore the original
    execution order. Dynamic importers count, as in Vite (its ``importers`` holds both); CSS
    importers do not (a stylesheet's dependencies are a separate chain).
    """
    current_chain = [node] if current_chain is None else current_chain
    traversed = set() if traversed is None else traversed
    if node in traversed:
        return False
    traversed.add(node)
    for importer in by_id(node.all_importers):
        if importer is node or importer.type == "css":
            continue  # a module may import itself; that is safe
        if importer in node_chain:
            return True
        if importer not in current_chain and _is_within_circular_imports(
            importer, node_chain, [*current_chain, importer], traversed
        ):
            return True
    return False


@dataclass(frozen=True)
class LastUpdate:
    """The most recent update sent to a widget: which cell, what changed, what took it."""

    name: str
    changed: tuple[str, ...]
    decision: HotUpdate | FullReload
