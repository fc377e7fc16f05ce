"""``BundleWidget``: one anywidget per entry module; every display of it is another view.

The kernel owns ``_bundle`` (entry, version, modules, error). It mutates it in place and sends
views only the delta as a custom message: re-sending every module's code on each keystroke-sized
edit would make HMR cost grow with the app. The front end merges each delta into its copy of the
model state, so a view opened later, or a notebook saved and reopened without a kernel, still
mounts the current version; a page that reconnects asks the kernel, whose copy is current too.

The front end is not trusted (``protocol.read_view_message``): state syncs never reach
``_esm``, ``_css`` or ``_bundle`` (code reaches views only from the kernel), every message is
checked before it is read, views count by id (``views.ViewRegistry``), and what a view reports
about an update lands in that version's ``UpdateReport`` (``reports``), which status lines read.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import TYPE_CHECKING, Any

import anywidget
import traitlets

from nbbundle.bundle.runtime_prelude import widget_esm
from nbbundle.hmr.propagate import FullReload
from nbbundle.kernel.protocol import InvalidMessage, read_view_message
from nbbundle.kernel.reports import Reports, UpdateReport, ViewOutcome
from nbbundle.kernel.views import HEARTBEAT_S, ViewRegistry

if TYPE_CHECKING:
    from nbbundle.compile.errors import Diagnostic
    from nbbundle.hmr.propagate import HotUpdate
    from nbbundle.kernel.protocol import BundleState, UpdateMessage, ViewError, WidgetHost

logger = logging.getLogger("nbbundle")

#: Texts kept per module for framing errors a view reports about code it ran earlier.
KEPT_SOURCES = 3


class BundleWidget(anywidget.AnyWidget):
    _esm = widget_esm()
    _bundle = traitlets.Dict().tag(sync=True)
    #: How often a view says ``alive``: the views read it from here, so there is one figure.
    _heartbeat_ms = traitlets.Int(round(HEARTBEAT_S * 1000)).tag(sync=True)

    def __init__(self, environment: WidgetHost, bundle: BundleState, sources: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(_bundle=bundle, **kwargs)
        self._environment = environment
        self.views = ViewRegistry()
        self.reports = Reports()
        self.views.on_gone.append(self.reports.view_gone)
        self._sources: dict[str, deque[tuple[int, str]]] = {}
        self._record_sources(sources or {}, bundle["version"])
        self._invalidations: deque[tuple[str, int]] = deque(maxlen=64)
        self._logged: set[str] = set()
        self.rejected = 0
        """Messages from views that did not fit the protocol (each kind logged once)."""
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

    @property
    def live_views(self) -> int:
        return len(self.views)

    def reopen_if_closed(self) -> None:
        """Open a new comm, under a new model id, when the host closed this widget's comm.

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

    # -- kernel → views ----------------------------------------------------------------------------

    def send_update(self, modules: dict[str, str], removed: list[str], decision: HotUpdate | FullReload,
                    *, first_invalidated_by: str | None = None, sources: dict[str, str] | None = None,
                    maps: dict[str, str] | None = None) -> UpdateReport:
        """Bump the version, record the change, send views the delta; return its report.
        ``maps``: the source maps of ``modules`` that have one (``view_maps.py``)."""
        bundle = self._bundle
        version = bundle["version"] + 1
        maps = maps or {}
        bundle["modules"].update(modules)
        kept_maps = bundle.setdefault("maps", {})
        for module_id in modules:
            if module_id in maps:
                kept_maps[module_id] = maps[module_id]
            else:
                kept_maps.pop(module_id, None)
        for module_id in removed:
            bundle["modules"].pop(module_id, None)
            kept_maps.pop(module_id, None)
            self._sources.pop(module_id, None)
        bundle["version"], bundle["error"] = version, None
        self._record_sources(sources or {}, version)
        message: UpdateMessage = {
            "type": "update", "version": version, "modules": modules, "maps": maps, "removed": removed,
            "updates": [] if isinstance(decision, FullReload) else [
                {"kind": b.kind, "boundary": b.boundary, "acceptedVia": b.accepted_via, "chain": list(b.chain),
                 "isWithinCircularImport": b.is_within_circular_import}
                for b in decision.boundaries
            ],
            "reload": decision.reason if isinstance(decision, FullReload) else None,
            "firstInvalidatedBy": first_invalidated_by,
        }
        report = self.reports.start(version, self.views.live())
        self.send(message)
        return report

    def send_error(self, diagnostic: Diagnostic) -> UpdateReport:
        """Show ``diagnostic`` in every view's overlay; views keep running what they run."""
        bundle = self._bundle
        bundle["version"] += 1
        bundle["error"] = diagnostic.to_json()
        report = self.reports.start(bundle["version"], self.views.live())
        self.send({"type": "error", "version": bundle["version"], "error": bundle["error"]})
        return report

    def set_state(self, sync_data: dict[str, Any]) -> None:
        # Code reaches views only from the kernel: `_esm`, `_css`, `_bundle` (and every other
        # private trait) are never taken from a front end. Only app state (add_state) is.
        dropped = [key for key in sync_data if key.startswith("_")]
        sync_data = {key: value for key, value in sync_data.items() if not key.startswith("_")}
        if dropped:
            self._log_once(f"state:{','.join(sorted(dropped))}",
                           "nbbundle: ignored a front end's change of %s (the kernel owns it)", ", ".join(sorted(dropped)))
        if sync_data:
            super().set_state(sync_data)

    # -- views → kernel ----------------------------------------------------------------------------

    def _on_view_message(self, _widget: object, content: object, _buffers: object) -> None:
        try:
            message = read_view_message(content)
        except InvalidMessage as problem:
            self.rejected += 1
            self._log_once(f"invalid:{str(problem)[:80]}", "nbbundle: ignored a message from a view of %s: %s",
                           self.entry, problem)
            return
        try:
            self._handle(message)
        except Exception:  # a bug of ours must not become a traceback in the user's notebook
            logger.exception("nbbundle: handling a %r message from a view failed", message["type"])

    def _handle(self, message: dict[str, Any]) -> None:
        kind, view = message["type"], message["view"]
        if kind == "closed":
            self.views.close(view)
            return
        if not self.views.seen(view):
            self._log_once("full", "nbbundle: %s has too many views; ignoring new ones", self.entry)
            return
        environment = self._environment
        if kind in ("ready", "applied"):
            # What the update or mount ran first: the outcome refreshes status lines, which is
            # output; the graph's facts are what the next cell run propagates against.
            if message["executed"] or message["hot"]:
                environment.record_executed(message["executed"], message["hot"])
            self._record_outcome(view, message)
            if kind == "ready" and message["version"] != self.version and self.views.allow(view, "resync"):
                # The view mounted another version than the kernel's: a host that replays the
                # widget's first state to a reloaded page (marimo) left it behind.
                self._resync(view, only_if_behind=True)
        elif kind == "executed":
            environment.record_executed(message["ids"], message["hot"])
        elif kind == "runtime-error" and self.views.allow(view, "runtime-error"):
            self._reply_with_frame(view, [message["error"]])
        elif kind == "invalidate":
            if self._admit(view, "invalidate", (message["id"], message["version"])):
                environment.propagate_invalidate(self, message["id"], message.get("firstInvalidatedBy"))
        elif kind == "custom":
            for listener in environment.listeners.get(message["event"], []):
                try:
                    listener(message.get("data"))
                except Exception:
                    logger.exception("nbbundle: a listener of %r raised", message["event"])
        elif kind == "resync" and self.views.allow(view, "resync"):
            self._resync(view)

    def _resync(self, view: str, *, only_if_behind: bool = False) -> None:
        """Send ``view`` the current ``_bundle`` to remount from; ``only_if_behind``: with the
        version, so that a view that got there meanwhile (an update was on its way) keeps running."""
        self.send_state("_bundle")
        message: dict[str, Any] = {"type": "resync", "view": view}
        if only_if_behind:
            message["version"] = self.version
        self.send(message)

    def _admit(self, view: str, kind: str, key: tuple[str, int]) -> bool:
        """Vite's lastHMRInvalidationReceived: one invalidate of a module per version, whichever
        view sends it first; the others are the same request. Rate-limited per view."""
        if key in self._invalidations or not self.views.allow(view, kind):
            return False
        self._invalidations.append(key)
        return True

    def _record_outcome(self, view: str, message: dict[str, Any]) -> None:
        errors = [self._diagnostic(error) for error in message["errors"]]
        how = "applied" if message["type"] == "applied" else "mounted"
        outcome = ViewOutcome(not errors, how, message["ms"], message["running"], errors)
        if how == "applied":
            report = self.reports.get(message["version"])
            if report is not None:
                report.record(view, outcome)
        else:
            # A view that mounted version v has every change up to v: it counts for those sent to
            # it while it was mounting, for those sent while no view was live, and for those
            # still waiting (on a view that went away without a word: a new view, say from the
            # --show cell run again, is one the change reached).
            for report in self.reports.up_to(message["version"]):
                if view in report.expected or report.views == 0 or report.waiting:
                    report.record(view, outcome)
        if errors:
            self.send({"type": "error", "version": self.version, "error": errors[0].to_json(), "view": view})

    def _reply_with_frame(self, view: str, errors: list[ViewError]) -> None:
        diagnostic = self._diagnostic(errors[0])
        self.send({"type": "error", "version": self.version, "error": diagnostic.to_json(), "view": view})

    def _diagnostic(self, error: ViewError) -> Diagnostic:
        return self._environment.view_error_diagnostic(error, self._source_at(error["id"], error["revision"]), self.entry)

    # -- sources for frames ------------------------------------------------------------------------

    def _record_sources(self, sources: dict[str, str], version: int) -> None:
        for module_id, text in sources.items():
            history = self._sources.setdefault(module_id, deque(maxlen=KEPT_SOURCES))
            if not history or history[-1][1] != text:
                history.append((version, text))

    def _source_at(self, module_id: str | None, revision: int | None) -> str | None:
        """The text of ``module_id`` as of version ``revision`` (the newest when unknown)."""
        history = self._sources.get(module_id or "")
        if not history:
            return None
        if revision is None:
            return history[-1][1]
        candidates = [text for version, text in history if version <= revision]
        return candidates[-1] if candidates else None

    def _log_once(self, key: str, message: str, *args: object) -> None:
        if key in self._logged or len(self._logged) > 256:
            return
        self._logged.add(key)
        logger.warning(message, *args)
