"""The notebook's bundler: cells and the files they import, one module graph, the live widgets.

A cell run goes through the same phases as a build, but only for what changed:

    define(name, text) ─► prepare (transform + resolve, nothing committed yet)
                       ─► commit to the graph, load new files from disk
                       ─► link the module and its importers (roll back on a bad import)
                       ─► render what changed ─► per widget: propagate_update ─► send

Cells may come in any order. A cell whose only problem is a relative import of a module no cell
defines yet is *pending* (``pending``: "waiting for ./odd.js"): its text is visible to the
resolver, so the cell that defines the missing module links both at once (cycles between cells
and self-imports work as they do for files), and every successful run retries what is pending.

Invariant: the graph, ``cells`` and ``rendered`` always describe the last good version. A cell
that fails or waits leaves them untouched, so every view keeps running what it ran; the failure
is remembered in ``failed`` until the cell runs clean.

Over 400 lines on purpose: one lock guards the graph, the cells and the widgets, and every
method here holds it for one step of a cell run; what views and pending cells need is in
``view_host.py`` and ``pending.py``.
"""

from __future__ import annotations

import threading
import time
from collections import ChainMap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbbundle.bundle.graph import ModuleGraph, ModuleNode
from nbbundle.bundle.link import LinkedModule, link
from nbbundle.bundle.load import commit_module, load_from_disk
from nbbundle.bundle.render import render_module
from nbbundle.kernel.view_maps import view_map
from nbbundle.compile.errors import Diagnostic, LinkError
from nbbundle.compile.transform import etag_of
from nbbundle.hmr.propagate import FullReload, LastUpdate, propagate_update
from nbbundle.kernel.cells import CellFileSystem, VisibleCells, check_name
from nbbundle.kernel.define_result import DefineResult
from nbbundle.kernel.file_watch import FileWatcher, is_young, read_unchanging
from nbbundle.kernel.compile_thread import COMPILE_THREAD, own_copy
from nbbundle.kernel.free_memory import after_large_module
from nbbundle.resolve.filesystem import ASSET_KINDS, read_source_file
from nbbundle.kernel.module_options import ModuleOptions
from nbbundle.kernel.pending import Member, Pending, PendingCells
from nbbundle.kernel.snapshot import Snapshot, same_shape
from nbbundle.kernel.view_host import ViewHost, hot_facts, restore_hot_facts

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from nbbundle.compile.options import CompileOptions
    from nbbundle.kernel.widget import BundleWidget

__all__ = ["DefineResult", "Environment"]

class Environment(PendingCells, ViewHost):
    """One per kernel (``nbbundle.environment()``): the cells, their graph and their widgets."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or Path.cwd()).resolve()
        self.cells: dict[str, str] = {}
        """Name → text of the last good run of each ``%%module`` cell."""
        self.failed: dict[str, list[Diagnostic]] = {}
        self.pending: dict[str, Pending] = {}
        """Name → the newest text of a cell that waits for modules not defined yet."""
        self.graph = ModuleGraph()
        self._defining: dict[str, str] = {}
        self.options = ModuleOptions(self.root)
        """``%%module`` options per cell, and modules served from memory (Fast Refresh's runtime)."""
        self._visible = VisibleCells(self.cells, self.pending, self._defining)
        self.fs = CellFileSystem(self.root, ChainMap(self._visible, self.options.served))
        from nbbundle.resolve.resolver import Resolver

        self.resolver = Resolver(root=self.root, fs=self.fs)
        self.linked: dict[str, LinkedModule] = {}
        self.rendered: dict[str, str] = {}
        """Module id → init function text: exactly what views run."""
        self.maps: dict[str, str] = {}
        """Module id → the source map views get with its text (``view_maps.py``), where it has one."""
        self.widgets: dict[str, BundleWidget] = {}
        self.listeners: dict[str, list[Callable[[Any], None]]] = {}
        self._closures: dict[str, list[str]] = {}
        self._sent_closures: dict[str, list[str]] = {}
        """Entry → the closure its widget last got: unchanged object, unchanged module set."""
        self.last_update: LastUpdate | None = None
        """What the last cell run changed and which boundaries took it (for the graph picture)."""
        self.watcher: FileWatcher | None = None
        """Re-reads files the cells import when they change on disk; started with the first widget."""
        # Cell runs come from the kernel's main thread, file changes from the watcher's.
        self._lock = threading.RLock()
        self._holding: set[str] = set()
        """Modules read from a file just written, whose errors are held (``refresh_files``)."""

    # -- defining modules --------------------------------------------------------------------

    def define(self, name: str, text: str, options: CompileOptions | None = None, *,
               asset: bool = False) -> DefineResult:
        """Define or update the module ``name`` from a cell's raw text (``options``: its JSX);
        with ``asset``, ``text`` is an asset's bytes in base64 (``nbbundle.asset``). It runs on
        nbbundle's compile thread, for the C heap's sake (``compile_thread.py``); the caller waits."""
        return COMPILE_THREAD.call(self._define_on_this_thread, name, text, options, asset)

    def _define_on_this_thread(self, name: str, text: str, options: CompileOptions | None, asset: bool) -> DefineResult:
        text = own_copy(text)  # what nbbundle keeps of it, in this thread's arena (compile_thread.py)
        result = self._define(name, text, options, asset=asset)
        if result.status != "unchanged":  # a compile ran: its freed megabytes back to the system
            after_large_module(text)
        return result

    def _define(self, name: str, text: str, options: CompileOptions | None, *, asset: bool) -> DefineResult:
        started = time.perf_counter()
        kind = check_name(name, asset=asset)
        with self._lock:
            changed_options = self.options.set(name, options)
            if not changed_options and self.cells.get(name) == text and name not in self.failed \
                    and name not in self.pending:
                return DefineResult(name, "unchanged", len(text.encode()), self.importers_of(name),
                                    entry=name in self.widgets)
            result = self._define_cell(name, text, kind, started)
            if result.status in ("defined", "updated"):
                self._refresh_variants(name)
                self.retry_pending()
                # A waiting cell this run let link imports this module now: say so.
                result.importers = self.importers_of(name)
            result.entry = name in self.widgets
            return result

    def _refresh_variants(self, name: str) -> None:
        """The same cell imported with a query (``base.css?inline`` by an ``@import``,
        ``logo.png?raw``) is another module of the same "file": it follows the cell's new text."""
        for node in [n for n in self.graph if n.id.startswith(name + "?") and n.file is not None]:
            kind, package_type = node.kind_hint
            text = self.resolver.read_source(node.file, kind)  # type: ignore[arg-type]
            if node.etag != etag_of(text) or node.id in self.failed:
                self._apply([Member(node.id, text, kind, package_type, node.file, cell=False)], time.perf_counter())

    def _define_cell(self, name: str, text: str, kind: str, started: float) -> DefineResult:
        previous = self.pending.pop(name, None)
        self._defining[name] = text
        self.resolver.clear_cache()  # the set of cell "files" may change: forget every lookup
        try:
            member = Member(name, text, kind, "module", self.root / name, cell=True)
            result = self._apply([member], started)
        finally:
            self._defining.clear()
        if result.status == "pending":
            self.pending[name] = Pending(text, result, previous.notify if previous else [])
        elif previous is not None:
            self.resolver.clear_cache()
        return result

    def refresh_files(self, paths: Collection[Path] | None = None, *, hold: set[Path] | None = None
                      ) -> list[DefineResult]:
        """Re-read modules that come from files (not cells) and whose text changed on disk.

        The file watcher calls this with the paths it saw change; ``None`` checks them all.
        A file that became unreadable keeps its last good version, and one that changed while
        it was read is left for the change's own event (``file_watch``: half-written files).
        With ``hold``, a file written in the last ``YOUNG_S`` whose new text fails is not
        reported: it is added to ``hold`` for the watcher to read again (a writer may be half way).
        """
        results = []
        with self._lock:
            files = [n for n in self.graph if n.file is not None and n.id not in self.cells]
            for node in files:
                assert node.file is not None
                if paths is not None and node.file not in paths:
                    continue
                kind, package_type = node.kind_hint
                try:
                    # An asset's text is its bytes in base64; any other file is read only
                    # when no write changed it meanwhile (None: its own event comes).
                    text = read_source_file(str(node.file), kind) if kind in ASSET_KINDS \
                        else read_unchanging(node.file)
                except (OSError, UnicodeDecodeError):
                    continue
                if text is None:  # written to while read: the write's own event brings it again
                    continue
                if node.etag == etag_of(text) and node.id not in self.failed:
                    continue
                member = Member(node.id, text, kind, package_type, node.file, cell=False)
                holding = hold is not None and is_young(node.file)
                if holding:
                    self._holding.add(node.id)
                try:
                    result = self._apply([member], time.perf_counter())
                finally:
                    self._holding.discard(node.id)
                if result.held:
                    hold.add(node.file)  # type: ignore[union-attr]
                else:
                    results.append(result)
        return results

    def _files_changed(self, paths: set[Path]) -> set[Path]:
        """The watcher's callback: refresh ``paths``; return those to read again later."""
        hold: set[Path] = set()
        self.refresh_files(paths, hold=hold)
        return hold

    def _apply(self, members: list[Member], started: float) -> DefineResult:
        """New texts for ``members[0]`` (and the pending cells it completes): prepare, commit,
        link, send; roll back on failure, or wait when only cells not defined yet are missing."""
        main = members[0]
        problem = self.prepare_with_pending(members)
        if problem is not None:
            return problem
        nodes = [self.graph.ensure_module(m.name, m.file) for m in members]
        snapshots = [Snapshot.of(node) for node in nodes]
        new_nodes: list[ModuleNode] = []
        for member, node in zip(members, nodes):
            assert member.prepared is not None
            new_nodes += commit_module(self.graph, node, member.prepared)
        new_nodes = [n for n in dict.fromkeys(new_nodes) if n not in nodes]
        if any(not s.existed or s.imports != n.import_order or s.dynamic != n.dynamic_imported_modules
               for s, n in zip(snapshots, nodes)):
            self._closures.clear()
        # Only new modules load from disk: an update of a cell whose imports did not change
        # skips the options lookup (and its walk up the folders) too.
        errors, warnings = load_from_disk(self.graph, new_nodes, self.resolver, self.root,
                                          options=self.options.for_module("", self.resolver)) if new_nodes else ([], [])
        try:
            if errors:
                raise LinkError(errors)
            same = all(same_shape(s.result, n) for s, n in zip(snapshots, nodes))
            link_warnings: list[Diagnostic] = []
            changed = self._relink(nodes, new_nodes, same_shape=same, warnings=link_warnings)
        except LinkError as error:
            for snapshot, node in reversed(list(zip(snapshots, nodes))):
                snapshot.restore(self.graph, node, new_nodes)
            return self._fail(main.name, error.diagnostics, started)
        waited: list[tuple[Pending, DefineResult]] = []
        for member, snapshot in zip(members, snapshots):
            if member.cell:
                self.cells[member.name] = member.text
            self.failed.pop(member.name, None)
            waiting = self.pending.pop(member.name, None)
            if waiting is not None and member is not main:
                status = "updated" if snapshot.existed else "defined"
                waited.append((waiting, DefineResult(member.name, status, len(member.text.encode()),
                                                     linked_with=[main.name])))
        result = DefineResult(main.name, "updated" if snapshots[0].existed else "defined", len(main.text.encode()),
                              self.importers_of(main.name),
                              warnings=[*main.prepared.warnings, *warnings,  # type: ignore[union-attr]
                                        *(w for w in link_warnings if w.module_id in {m.name for m in members})],
                              linked_with=[m.name for m in members[1:]])
        # Propagate against what the views run: the accept calls of the versions they executed.
        provisional = [hot_facts(node) for node in nodes]
        for snapshot, node in zip(snapshots, nodes):
            if snapshot.existed:
                restore_hot_facts(node, snapshot.hot)
        self._send_updates(changed, result, {m.name: m.text for m in members})
        for node, facts in zip(nodes, provisional):
            restore_hot_facts(node, facts)
            self.graph.predict_self_accepting(node)
        if new_nodes and self.watcher is not None:
            self.watcher.follow(self._watched_folders())
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        for waiting, linked in waited:  # the pending cells this run completed: their status lines
            linked.importers, linked.reports, linked.elapsed_ms = self.importers_of(linked.name), result.reports, result.elapsed_ms
            for callback in waiting.notify:
                callback(linked)
        return result

    def _relink(self, nodes: list[ModuleNode], new_nodes: list[ModuleNode], *, same_shape: bool,
                warnings: list[Diagnostic] | None = None) -> list[str]:
        """Link and render ``nodes``, their importers and new modules; return ids whose code changed.

        The link's warnings (a CommonJS name read at run time) are added to ``warnings``.

        Importers only need a look when a module's exports or async-ness may have changed
        (``same_shape`` false): a module imported by a hundred others is then still one render.
        """
        targets = {*nodes, *self.graph.reachable(new_nodes)}
        if not same_shape:
            targets.update(importer for node in nodes for importer in node.importers)
        while True:
            link_warnings: list[Diagnostic] = []
            linked = link(self.graph, list(targets), source_of=self._text_of, warnings=link_warnings)
            # A module that became (or stopped being) async changes every importer's prologue.
            flipped = [n for n in targets if n.id in self.linked and self.linked[n.id].is_async != linked[n.id].is_async]
            grown = targets | {importer for n in flipped for importer in n.importers}
            if grown == targets:
                break
            targets = grown
        if warnings is not None:
            warnings.extend(link_warnings)
        self.linked.update(linked)
        changed = []
        for target in targets:
            code = render_module(target, linked[target.id])
            if self.rendered.get(target.id) != code:
                self.rendered[target.id] = code
                changed.append(target.id)
                source_map = view_map(target, linked[target.id], code, self._text_of)
                if source_map is None:
                    self.maps.pop(target.id, None)
                else:
                    self.maps[target.id] = source_map
        return changed

    def _text_of(self, node: ModuleNode) -> str | None:
        """The text ``node`` is being built from: a cell's (the one being defined included)."""
        if node.id in self._visible:
            return self._visible[node.id]
        return self.source_text(node.id) or None

    def _fail(self, name: str, diagnostics: list[Diagnostic], started: float) -> DefineResult:
        if name in self._holding:  # a file just written: read again before anyone is told
            return DefineResult(name, "error", diagnostics=diagnostics, held=True)
        self.failed[name] = diagnostics
        result = DefineResult(name, "error", diagnostics=diagnostics, importers=self.importers_of(name))
        for widget in self.widgets.values():
            if name in widget.modules:
                result.reports.append(widget.send_error(diagnostics[0]))
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def remove(self, name: str) -> None:
        """Forget the cell module ``name``; views prune it. Refused while something imports it.

        Removing a shown entry empties its views (they say so); defining it again brings them back.
        """
        with self._lock:
            if name in self.pending and name not in self.cells:
                del self.pending[name]
                self.resolver.clear_cache()
                return
            node = self.graph.get_module_by_id(name)
            if node is None or name not in self.cells:
                msg = f"There is no module {name!r}. Defined modules: {', '.join(sorted(self.cells)) or 'none'}."
                raise KeyError(msg)
            importers = sorted(i.id for i in node.importers if i is not node)
            if importers:
                msg = f"{name} is imported by {', '.join(importers)}: remove those imports first."
                raise ValueError(msg)
            del self.cells[name]
            self.failed.pop(name, None)
            self.pending.pop(name, None)
            self.graph.remove_module(node)
            self._closures.clear()
            self.rendered.pop(name, None)
            self.maps.pop(name, None)
            self.linked.pop(name, None)
            self.resolver.clear_cache()
            self._send_updates([], DefineResult(name, "updated"), {})

    # -- widgets -------------------------------------------------------------------------------

    def widget(self, entry: str, **state: Any) -> BundleWidget:
        """The live widget of ``entry`` (one per entry; each display of it is another view)."""
        from nbbundle.kernel.widget import BundleWidget

        check_name(entry)
        widget = self.widgets.get(entry)
        if widget is None:
            if entry not in self.cells:
                waiting = self.pending.get(entry)
                if waiting is not None:
                    msg = f"{entry} is waiting for {', '.join(waiting.result.waiting_for)}: define that first."
                else:
                    msg = f"There is no module {entry!r} yet: define it with %%module {entry} first."
                raise KeyError(msg)
            modules = self.closure(entry)
            # Views run everything the entry imports statically when they mount: HMR may
            # target those before the first view reports back.
            self.graph.mark_executed([n.id for n in self.graph.static_order(self.graph.get_module_by_id(entry))])
            error = self._first_error(set(modules))
            bundle = {"entry": entry, "version": 0, "modules": {i: self.rendered[i] for i in modules},
                      "maps": {i: self.maps[i] for i in modules if i in self.maps},
                      "error": error.to_json() if error else None}
            widget = self.widgets[entry] = BundleWidget(self, bundle, {i: self.source_text(i) for i in modules})
            self._sent_closures[entry] = modules
            if self.watcher is None:
                self.watcher = FileWatcher(self._files_changed)
            self.watcher.follow(self._watched_folders())
        else:
            widget.reopen_if_closed()
        widget.add_state(state)
        return widget

    def _watched_folders(self) -> set[Path]:
        """Folders of the files the cells import, outside node_modules (packages do not change)."""
        return {n.file.parent for n in self.graph
                if n.file is not None and n.id not in self.cells and "node_modules" not in n.file.parts}

    def close(self) -> None:
        """Stop watching files (a kernel shutting down, or a test finishing)."""
        if self.watcher is not None:
            self.watcher.stop()

    def closure(self, entry: str) -> list[str]:
        """Ids of the modules ``entry`` reaches, statically or with ``import()``.

        Cached until some module's imports change, so a cell run that only edits code does not
        walk the graph.
        """
        cached = self._closures.get(entry)
        if cached is None:
            node = self.graph.get_module_by_id(entry)
            cached = self._closures[entry] = [n.id for n in self.graph.reachable([node])] if node else []
        return cached

    def _first_error(self, modules: Collection[str]) -> Diagnostic | None:
        """The error of a failing module among ``modules``: what its views should show.

        Walks the failures (usually none), not the modules: this runs on every cell run.
        """
        for module_id, diagnostics in self.failed.items():
            if module_id in modules:
                return diagnostics[0]
        return None

    def _send_updates(self, changed: list[str], result: DefineResult, texts: dict[str, str]) -> None:
        for widget in self.widgets.values():
            closure = self.closure(widget.entry)
            current = widget.modules
            touched = [i for i in changed if i in current]
            if closure is self._sent_closures.get(widget.entry):
                added, removed = [], []  # the cached closure: no module came or went
            else:
                members = set(closure)
                added = [i for i in closure if i not in current]
                removed = [i for i in current if i not in members]
                self._sent_closures[widget.entry] = closure
            still_failing = self._first_error(current.keys() | set(added)) if self.failed else None
            if not (added or touched or removed or (widget.has_error and still_failing is None)):
                continue
            if not closure:
                decision: Any = FullReload(f"{widget.entry} was removed")
            elif widget.entry not in current:
                decision = FullReload(f"{widget.entry} was defined again")
            else:
                nodes = [self.graph.get_module_by_id(i) for i in touched]
                decision = propagate_update(self.graph, [n for n in nodes if n is not None], entries={widget.entry})
            self.last_update = LastUpdate(result.name, tuple(touched), decision)
            modules = {i: self.rendered[i] for i in (*added, *touched)}
            sources = {i: texts[i] if i in texts else self.source_text(i) for i in modules}
            maps = {i: self.maps[i] for i in modules if i in self.maps}
            result.reports.append(widget.send_update(modules, removed, decision, sources=sources, maps=maps))
            if still_failing is not None:
                # The update clears the overlay; another cell of this app is still broken.
                widget.send_error(still_failing)

    def importers_of(self, name: str) -> list[str]:
        node = self.graph.get_module_by_id(name)
        return sorted(i.id for i in node.importers) if node else []


