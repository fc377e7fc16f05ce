"""What the environment does for its widgets' views: custom events both ways, ``invalidate()``,
what views report they executed and registered, and errors framed with the text that threw.

A mixin of ``Environment`` (``widget.py`` sees it through ``protocol.WidgetHost``), kept apart
so that the environment module holds the cell pipeline only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nbbundle.compile.errors import Diagnostic, NbbundleError, code_frame
from nbbundle.compile.transform import transform
from nbbundle.compile.typescript.prepass import original_position
from nbbundle.kernel.cells import check_name

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode
    from nbbundle.kernel.module_options import ModuleOptions
    from nbbundle.kernel.protocol import ViewError
    from nbbundle.kernel.widget import BundleWidget
    from nbbundle.resolve.resolver import Resolver

#: What each phase of a view error means, said only as far as it is known.
_PHASE_HINTS = {
    "init": "{id} threw while its top level ran.",
    "accept": "The hot.accept() callback of {id} threw.",
    "dispose": "A hot.dispose() callback of the version of {id} being replaced threw (the frame is that version's text).",
    "prune": "A hot.prune() callback of {id} threw while it was removed.",
    "render": "render() of {id} threw.",
    "listener": "A hot.on() listener of {id} threw.",
    "evaluate": "The browser could not evaluate the code of {id}.",
}


def hot_facts(node: ModuleNode) -> tuple[Any, ...]:
    """What a module accepts (deps, exports) and imports (bindings), copied."""
    exports = set(node.accepted_hmr_exports) if node.accepted_hmr_exports is not None else None
    return set(node.accepted_hmr_deps), exports, node.imported_bindings


def restore_hot_facts(node: ModuleNode, facts: tuple[Any, ...]) -> None:
    """Put back what ``hot_facts`` copied (the accepted deps and exports)."""
    deps, exports, _ = facts
    node.accepted_hmr_deps = set(deps)
    node.accepted_hmr_exports = set(exports) if exports is not None else None


class ViewHost:
    graph: ModuleGraph
    widgets: dict[str, BundleWidget]
    listeners: dict[str, list[Callable[[Any], None]]]
    cells: dict[str, str]
    rendered: dict[str, str]
    options: ModuleOptions
    resolver: Resolver

    def on(self, event: str, callback: Callable[[Any], None]) -> None:
        """Call ``callback(data)`` when a module runs ``import.meta.hot.send(event, data)``."""
        self.listeners.setdefault(event, []).append(callback)

    def send(self, event: str, data: Any = None) -> None:
        """Deliver ``data`` to ``import.meta.hot.on(event, …)`` listeners in every view."""
        for widget in self.widgets.values():
            widget.send({"type": "custom", "event": event, "data": data})

    def propagate_invalidate(self, widget: BundleWidget, module_id: str, first_invalidated_by: str | None) -> None:
        """``import.meta.hot.invalidate()`` in ``module_id`` (the widget admitted it once per version)."""
        from nbbundle.hmr.propagate import propagate_invalidate

        node = self.graph.get_module_by_id(module_id)
        if node is None or module_id not in widget.modules:
            return
        decision = propagate_invalidate(self.graph, node, entries={widget.entry},
                                        first_invalidated_by=first_invalidated_by or module_id)
        widget.send_update({}, [], decision, first_invalidated_by=first_invalidated_by or module_id)

    def record_executed(self, ids: list[str], hot: dict[str, dict[str, Any]]) -> None:
        """A view ran ``ids``; ``hot`` says what each registered with ``import.meta.hot``.

        Registrations decide boundaries from now on (an ``accept()`` in the text that never ran
        is no boundary); a module reported without them counts by what its text says.
        """
        self.graph.mark_executed([i for i in ids if i not in hot])
        for module_id, facts in hot.items():
            node = self.graph.get_module_by_id(module_id)
            if node is None:
                continue
            deps = [dep for dep in map(self.graph.get_module_by_id, facts["deps"]) if dep is not None]
            self.graph.record_hot(node, accepts_itself=facts["self"], deps=deps, exports=facts["exports"])

    def view_error_diagnostic(self, error: ViewError, source: str | None) -> Diagnostic:
        """A view's error, with the code frame only the kernel can draw.

        ``source`` is the text of the version that threw, when the widget still has it; without
        a version (``revision``) the module's current text is the one.
        """
        module_id = error["id"]
        if source is None and error["revision"] is None and module_id is not None:
            source = self.source_text(module_id)
        line, column = self._written_position(module_id, source, error["line"], error["column"])
        frame = code_frame(source, line, column or 0) if source and line else ""
        hint = _PHASE_HINTS[error["phase"]].format(id=module_id or "the app")
        return Diagnostic(f"RUNTIME_ERROR_{error['phase'].upper()}", error["message"], module_id or "?",
                          line, column, frame, hint=hint)

    def _written_position(self, module_id: str | None, source: str | None, line: int | None,
                          column: int | None) -> tuple[int | None, int | None]:
        """Where a position in the code a view ran is in ``source``, the text the user wrote.

        Lines are the same; columns move where the compiler rewrote (``typescript.original_position``).
        """
        node = self.graph.get_module_by_id(module_id or "")
        if not source or not line or node is None or module_id is None:
            return line, column
        kind = check_name(module_id) if module_id in self.cells else node.kind_hint[0]
        options = self.options.for_module(module_id, self.resolver)
        ran = self.rendered.get(module_id, "")
        if source != self.source_text(module_id):  # an older version threw: its body will do
            try:
                ran = "".join(transform(module_id, source, kind, package_type=node.kind_hint[1], options=options).body_parts)
            except NbbundleError:
                return line, column
        return original_position(module_id, source, kind, options, ran, line, column or 0)

    def source_text(self, module_id: str) -> str:
        """The text a module was built from: its cell's, else its file's ("" when neither)."""
        if module_id in self.cells:
            return self.cells[module_id]
        node = self.graph.get_module_by_id(module_id)
        file: Path | None = node.file if node is not None else None
        try:
            return file.read_text(encoding="utf-8") if file is not None else ""
        except (OSError, UnicodeDecodeError):
            return ""
