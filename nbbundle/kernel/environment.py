"""The notebook's bundler: cells and the files they import, one module graph, the live widgets.

A cell run goes through the same phases as a build, but only for what changed:

    define(name, text) ─► prepare (transform + resolve, nothing committed yet)
                       ─► commit to the graph, load new files from disk
                       ─► link the module and its importers (roll back on a bad import)
                       ─► render what changed ─► per widget: propagate_update ─► send

Invariant: the graph, ``cells`` and ``rendered`` always describe the last good version. A cell
that fails leaves them untouched, so every view keeps running what it ran; the failure is
remembered in ``failed`` until the cell runs clean.
"""

from __future__ import annotations

import threading
import time
from collections import ChainMap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from nbbundle.kernel.cells import CellFileSystem, check_name
from nbbundle.compile.errors import Diagnostic, LinkError
from nbbundle.kernel.file_watch import FileWatcher
from nbbundle.kernel.module_options import ModuleOptions
from nbbundle.bundle.graph import ModuleGraph, ModuleNode
from nbbundle.hmr.propagate import FullReload, HotUpdate, LastUpdate, propagate_update
from nbbundle.bundle.link import LinkedModule, link
from nbbundle.bundle.render import render_module
from nbbundle.resolve.resolver import Resolver
from nbbundle.bundle.scan import commit_module, load_from_disk, prepare_module
from nbbundle.compile.transform import etag_of

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from nbbundle.compile.options import CompileOptions
    from nbbundle.kernel.widget import BundleWidget

_UNRESOLVED_CELL_HINT = "Define it in a cell with %%module {name} (run that cell first), or put the file next to the notebook."


@dataclass
class DefineResult:
    """What one ``%%module`` run did, for its status line."""

    name: str
    status: Literal["defined", "updated", "unchanged", "error"]
    size: int = 0
    importers: list[str] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    """Widget model id → the version of the update sent to it."""
    views: int = 0
    """How many live views those updates went to."""
    elapsed_ms: float = 0.0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


class Environment:
    """One per kernel (``nbbundle.environment()``): the cells, their graph and their widgets."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = (root or Path.cwd()).resolve()
        self.cells: dict[str, str] = {}
        """Name → text of the last good run of each ``%%module`` cell."""
        self.failed: dict[str, list[Diagnostic]] = {}
        self.graph = ModuleGraph()
        self.options = ModuleOptions(self.root)
        """``%%module`` options per cell, and modules served from memory (Fast Refresh's runtime)."""
        self.resolver = Resolver(root=self.root, fs=CellFileSystem(self.root, ChainMap(self.cells, self.options.served)))
        self.linked: dict[str, LinkedModule] = {}
        self.rendered: dict[str, str] = {}
        """Module id → init function text: exactly what views run."""
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

    # -- defining modules --------------------------------------------------------------------

    def define(self, name: str, text: str, options: CompileOptions | None = None) -> DefineResult:
        """Define or update the module ``name`` from a cell's raw text (``options``: its JSX)."""
        started = time.perf_counter()
        kind = check_name(name)
        with self._lock:
            if not self.options.set(name, options) and self.cells.get(name) == text and name not in self.failed:
                return DefineResult(name, "unchanged", len(text.encode()), self.importers_of(name))
            if name not in self.cells:
                self.resolver.clear_cache()  # a new "file" appeared: forget negative lookups
            return self._apply(name, text, kind, "module", self.root / name, started, cell=True)

    def refresh_files(self, paths: Collection[Path] | None = None) -> list[DefineResult]:
        """Re-read modules that come from files (not cells) and whose text changed on disk.

        The file watcher calls this with the paths it saw change; ``None`` checks them all.
        A file that became unreadable keeps its last good version.
        """
        results = []
        with self._lock:
            files = [n for n in self.graph if n.file is not None and n.id not in self.cells]
            for node in files:
                assert node.file is not None
                if paths is not None and node.file not in paths:
                    continue
                try:
                    text = node.file.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue
                if node.etag == etag_of(text) and node.id not in self.failed:
                    continue
                kind, package_type = node.kind_hint
                results.append(self._apply(node.id, text, kind, package_type, node.file, time.perf_counter()))
        return results

    def _apply(self, name: str, text: str, kind: str, package_type: str | None, file: Path,
               started: float, *, cell: bool = False) -> DefineResult:
        """The new text of module ``name``: prepare, commit, link, send; roll back on failure."""
        options = self.options.for_module(name, self.resolver)
        prepared = prepare_module(
            name, file, text, kind, package_type, self.resolver, self.root,
            unresolved_hint=_UNRESOLVED_CELL_HINT if cell else None, options=options,
        )
        if prepared.errors:
            return self._fail(name, prepared.errors, started)
        node = self.graph.ensure_module(name, file)
        existed = node.transform_result is not None
        snapshot = _Snapshot.of(node)
        new_nodes = commit_module(self.graph, node, prepared)
        if snapshot.imports != node.import_order or snapshot.dynamic != node.dynamic_imported_modules:
            self._closures.clear()
        errors, warnings = load_from_disk(self.graph, new_nodes, self.resolver, self.root,
                                          options=self.options.for_module("", self.resolver))
        try:
            if errors:
                raise LinkError(errors)
            changed = self._relink(node, new_nodes, same_shape=_same_shape(snapshot.result, node))
        except LinkError as error:
            snapshot.restore(self.graph, node, new_nodes)
            return self._fail(name, error.diagnostics, started)
        if cell:
            self.cells[name] = text
        self.failed.pop(name, None)
        result = DefineResult(name, "updated" if existed else "defined", len(text.encode()),
                              self.importers_of(name), warnings=prepared.warnings + warnings)
        self._send_updates(changed, result)
        if new_nodes and self.watcher is not None:
            self.watcher.follow(self._watched_folders())
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def _relink(self, node: ModuleNode, new_nodes: list[ModuleNode], *, same_shape: bool) -> list[str]:
        """Link and render ``node``, its importers and new modules; return ids whose code changed.

        Importers only need a look when ``node``'s exports or async-ness may have changed
        (``same_shape`` false): a module imported by a hundred others is then still one render.
        """
        targets = {node, *self.graph.reachable(new_nodes)}
        if not same_shape:
            targets.update(node.importers)
        while True:
            linked = link(self.graph, list(targets))
            # A module that became (or stopped being) async changes every importer's prologue.
            flipped = [n for n in targets if n.id in self.linked and self.linked[n.id].is_async != linked[n.id].is_async]
            grown = targets | {importer for n in flipped for importer in n.importers}
            if grown == targets:
                break
            targets = grown
        self.linked.update(linked)
        changed = []
        for target in targets:
            code = render_module(target, linked[target.id])
            if self.rendered.get(target.id) != code:
                self.rendered[target.id] = code
                changed.append(target.id)
        return changed

    def _fail(self, name: str, diagnostics: list[Diagnostic], started: float) -> DefineResult:
        self.failed[name] = diagnostics
        result = DefineResult(name, "error", diagnostics=diagnostics, importers=self.importers_of(name))
        for widget in self.widgets.values():
            if name in widget.modules:
                result.sent[widget.model_id] = widget.send_error(diagnostics[0])
                result.views += widget.live_views
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        return result

    def remove(self, name: str) -> None:
        """Forget the cell module ``name``; views prune it. Refused while something imports it."""
        node = self.graph.get_module_by_id(name)
        if node is None or name not in self.cells:
            msg = f"There is no module {name!r}. Defined modules: {', '.join(sorted(self.cells)) or 'none'}."
            raise KeyError(msg)
        importers = sorted(i.id for i in node.importers)
        if importers:
            msg = f"{name} is imported by {', '.join(importers)}: remove those imports first."
            raise ValueError(msg)
        del self.cells[name]
        self.failed.pop(name, None)
        self.graph.remove_module(node)
        self._closures.clear()
        self.rendered.pop(name, None)
        self.linked.pop(name, None)
        self.resolver.clear_cache()
        self._send_updates([], DefineResult(name, "updated"))

    # -- widgets -------------------------------------------------------------------------------

    def widget(self, entry: str, **state: Any) -> BundleWidget:
        """The live widget of ``entry`` (one per entry; each display of it is another view)."""
        from nbbundle.kernel.widget import BundleWidget

        check_name(entry)
        if entry not in self.cells:
            msg = f"There is no module {entry!r} yet: define it with %%module {entry} first."
            raise KeyError(msg)
        widget = self.widgets.get(entry)
        if widget is None:
            modules = self.closure(entry)
            # Views run everything the entry imports statically when they mount: HMR may
            # target those before the first view reports back.
            self.graph.mark_executed([n.id for n in self.graph.static_order(self.graph.get_module_by_id(entry))])
            error = self._first_error(set(modules))
            bundle = {"entry": entry, "version": 0, "modules": {i: self.rendered[i] for i in modules},
                      "error": error.to_json() if error else None}
            widget = self.widgets[entry] = BundleWidget(self, bundle)
            self._sent_closures[entry] = modules
            if self.watcher is None:
                self.watcher = FileWatcher(self.refresh_files)
            self.watcher.follow(self._watched_folders())
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

    def _send_updates(self, changed: list[str], result: DefineResult) -> None:
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
            nodes = [self.graph.get_module_by_id(i) for i in touched]
            decision = propagate_update(self.graph, [n for n in nodes if n is not None], entries={widget.entry})
            self.last_update = LastUpdate(result.name, tuple(touched), decision)
            modules = {i: self.rendered[i] for i in (*added, *touched)}
            result.sent[widget.model_id] = widget.send_update(modules, removed, decision)
            result.views += widget.live_views
            if still_failing is not None:
                # The update clears the overlay; another cell of this app is still broken.
                widget.send_error(still_failing)

    def importers_of(self, name: str) -> list[str]:
        node = self.graph.get_module_by_id(name)
        return sorted(i.id for i in node.importers) if node else []

    # -- messages from views -----------------------------------------------------------------

    def on(self, event: str, callback: Callable[[Any], None]) -> None:
        """Call ``callback(data)`` when a module runs ``import.meta.hot.send(event, data)``."""
        self.listeners.setdefault(event, []).append(callback)

    def send(self, event: str, data: Any = None) -> None:
        """Deliver ``data`` to ``import.meta.hot.on(event, …)`` listeners in every view."""
        for widget in self.widgets.values():
            widget.send({"type": "custom", "event": event, "data": data})

    def propagate_invalidate(self, widget: BundleWidget, module_id: str, first_invalidated_by: str | None) -> None:
        from nbbundle.hmr.propagate import propagate_invalidate

        node = self.graph.get_module_by_id(module_id)
        if node is None:
            return
        decision = propagate_invalidate(self.graph, node, entries={widget.entry},
                                        first_invalidated_by=first_invalidated_by or module_id)
        widget.send_update({}, [], decision, first_invalidated_by=first_invalidated_by or module_id)

    def source_text(self, module_id: str) -> str:
        """The text a module was built from: its cell's, else its file's ("" when neither)."""
        if module_id in self.cells:
            return self.cells[module_id]
        node = self.graph.get_module_by_id(module_id)
        try:
            return node.file.read_text(encoding="utf-8") if node is not None and node.file is not None else ""
        except OSError:
            return ""

    def runtime_error_diagnostic(self, module_id: str | None, line: int | None, column: int | None,
                                 message: str) -> Diagnostic:
        """A view's runtime error, with the code frame only the kernel can draw."""
        from nbbundle.compile.errors import code_frame
        from nbbundle.compile.typescript import original_position

        source = self.source_text(module_id or "")
        node = self.graph.get_module_by_id(module_id or "")
        if source and line and node is not None and module_id in self.rendered:
            kind = check_name(module_id) if module_id in self.cells else node.kind_hint[0]
            options = self.options.for_module(module_id, self.resolver)
            line, column = original_position(module_id, source, kind, options, self.rendered[module_id],
                                             line, column or 0)
        frame = code_frame(source, line, column or 0) if source and line else ""
        return Diagnostic("RUNTIME_ERROR", message, module_id or "?", line, column, frame,
                          hint="The module threw while initializing; the last good version is still running.")


def _same_shape(old: Any, node: ModuleNode) -> bool:
    """Whether importers can keep their linked code: the same export names and stars.

    A change of async-ness is caught after linking (``_relink`` compares ``is_async``).
    """
    new = node.transform_result
    if old is None or new is None:
        return False
    return old.exports.keys() == new.exports.keys() and len(old.star_exports) == len(new.star_exports) == 0


@dataclass
class _Snapshot:
    """A module's graph state before a cell run, to put back when the run fails to link."""

    existed: bool
    result: Any
    imports: list[ModuleNode]
    dynamic: set[ModuleNode]
    resolved: dict[str, str]
    externals: dict[str, str]
    hot: tuple[Any, ...]
    """accepted_hmr_deps, accepted_hmr_exports, imported_bindings: what the views run."""

    @classmethod
    def of(cls, node: ModuleNode) -> _Snapshot:
        hot = (set(node.accepted_hmr_deps), node.accepted_hmr_exports, node.imported_bindings)
        return cls(node.transform_result is not None, node.transform_result, list(node.import_order),
                   set(node.dynamic_imported_modules), dict(node.resolved), dict(node.externals), hot)

    def restore(self, graph: ModuleGraph, node: ModuleNode, new_nodes: list[ModuleNode]) -> None:
        graph.set_transform_result(node, self.result)
        node.resolved, node.externals = self.resolved, self.externals
        accepted, exports, bindings = self.hot
        graph.update_module_info(node, self.imports, self.dynamic, imported_bindings=bindings,
                                 accepted_modules=accepted, accepted_exports=exports)
        for added in new_nodes:
            if not added.importers:
                graph.remove_module(added)
        if not self.existed:
            graph.remove_module(node)

