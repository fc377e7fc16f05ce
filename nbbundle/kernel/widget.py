"""``BundleWidget``: one anywidget per entry module; every display of it is another view.

The kernel owns ``_bundle`` (entry, version, modules, error). It mutates it in place and sends
views only the delta as a custom message: re-sending every module's code on each keystroke-sized
edit would make HMR cost grow with the app. The front end merges each delta into its copy of the
model state, so a view opened later, or a notebook saved and reopened without a kernel, still
mounts the current version; a page that reconnects asks the kernel, whose copy is current too.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from nbbundle.hmr.propagate import FullReload
from nbbundle.bundle.runtime_prelude import widget_esm

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.compile.errors import Diagnostic
    from nbbundle.hmr.propagate import HotUpdate
    from nbbundle.kernel.protocol import BundleState, UpdateMessage, WidgetHost

logger = logging.getLogger("nbbundle")


class BundleWidget(anywidget.AnyWidget):
    _esm = widget_esm()
    _bundle = traitlets.Dict().tag(sync=True)

    def __init__(self, environment: WidgetHost, bundle: BundleState, **kwargs: Any) -> None:
        super().__init__(_bundle=bundle, **kwargs)
        self._environment = environment
        self.live_views = 0
        self._applied_callbacks: dict[int, list[Callable[[float], None]]] = {}
        self.on_msg(self._on_view_message)

    @property
    def entry(self) -> str:
        return self._bundle["entry"]

    @property
    def modules(self) -> dict[str, str]:
        return self._bundle["modules"]

    @property
    def version(self) -> int:
        return self._bundle["version"]

    @property
    def has_error(self) -> bool:
        return self._bundle["error"] is not None

    def reopen_if_closed(self) -> None:
        """Open a new comm, under the same model id, when the host closed this widget's comm.

        marimo closes a widget's comm when the cell that created it runs again; the widget (its
        bundle and state) lives on in the environment, so the next ``mo.ui.anywidget`` of it
        must reach the page again rather than show nothing.
        """
        comm = self.comm
        if comm is not None and getattr(comm, "_closed", False):
            # A new model id too: marimo's page does not show a model id it has seen closed.
            self.comm, self._model_id = None, None
            self.open()

    def add_state(self, state: dict[str, Any]) -> None:
        """Synced traits shared by Python and the app: ``model.get(name)`` / ``model.set``."""
        new = {name: traitlets.Any(value).tag(sync=True) for name, value in state.items() if not self.has_trait(name)}
        if new:
            self.add_traits(**new)
        for name, value in state.items():
            setattr(self, name, value)

    def send_update(self, modules: dict[str, str], removed: list[str], decision: HotUpdate | FullReload,
                    *, first_invalidated_by: str | None = None) -> int:
        """Bump the version, record the change, send views the delta; return the version."""
        bundle = self._bundle
        version = bundle["version"] + 1
        bundle["modules"].update(modules)
        for module_id in removed:
            bundle["modules"].pop(module_id, None)
        bundle["version"], bundle["error"] = version, None
        message: UpdateMessage = {
            "type": "update", "version": version, "modules": modules, "removed": removed,
            "updates": [] if isinstance(decision, FullReload) else [
                {"kind": b.kind, "boundary": b.boundary, "acceptedVia": b.accepted_via, "chain": list(b.chain),
                 "isWithinCircularImport": b.is_within_circular_import}
                for b in decision.boundaries
            ],
            "reload": decision.reason if isinstance(decision, FullReload) else None,
            "firstInvalidatedBy": first_invalidated_by,
        }
        self.send(message)
        return version

    def send_error(self, diagnostic: Diagnostic) -> int:
        """Show ``diagnostic`` in every view's overlay; the last good version keeps running."""
        bundle = self._bundle
        bundle["version"] += 1
        bundle["error"] = diagnostic.to_json()
        self.send({"type": "error", "version": bundle["version"], "error": bundle["error"]})
        return bundle["version"]

    def when_applied(self, version: int, callback: Callable[[float], None]) -> None:
        """Call ``callback(ms)`` each time a view reports it applied update ``version``."""
        self._applied_callbacks.setdefault(version, []).append(callback)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        # `_bundle` belongs to the kernel: a view's copy may be a version behind, never take it.
        sync_data.pop("_bundle", None)
        super().set_state(sync_data)

    def _resync(self) -> None:
        """Send the current ``_bundle``; views behind its version remount from it."""
        self.send_state("_bundle")
        self.send({"type": "resync", "version": self.version})

    def _on_view_message(self, _widget: object, content: dict[str, Any], _buffers: object) -> None:
        kind = content.get("type")
        environment = self._environment
        if kind == "ready":
            self.live_views += 1
            if content.get("version") != self.version:
                # The view mounted another version than the kernel's: a host that replays the
                # widget's first state to a reloaded page (marimo) left it behind.
                self._resync()
        elif kind == "closed":
            self.live_views = max(0, self.live_views - 1)
        elif kind == "executed":
            environment.graph.mark_executed([i for i in content.get("ids", []) if isinstance(i, str)])
        elif kind == "applied":
            for callback in self._applied_callbacks.get(content.get("version", -1), []):
                callback(float(content.get("ms", 0)))
        elif kind == "runtime-error":
            diagnostic = environment.runtime_error_diagnostic(
                content.get("id"), content.get("line"), content.get("column"), str(content.get("message", "")))
            self.send({"type": "error", "version": self.version, "error": diagnostic.to_json()})
        elif kind == "invalidate":
            environment.propagate_invalidate(self, str(content.get("id")), content.get("firstInvalidatedBy"))
        elif kind == "custom":
            for listener in environment.listeners.get(str(content.get("event")), []):
                try:
                    listener(content.get("data"))
                except Exception:
                    logger.exception("nbbundle: a listener of %r raised", content.get("event"))
        elif kind == "resync":
            self._resync()
        else:
            logger.warning("nbbundle: unknown message from a view: %r", content)
