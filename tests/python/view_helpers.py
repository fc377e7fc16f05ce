"""A kernel environment with one app and stand-ins for the widget's views (what js/widget.js
sends), for the kernel tests: no browser, the real environment, widget and status code."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from pathlib import Path

    from nbbundle.kernel.widget import BundleWidget

COUNTER = "export let label = 'Count';\nexport function mount(host) { host.textContent = `${label}: 0`; }\n"
APP = (
    'import { mount } from "./counter.js";\n'
    "export function render({ model, el }) { mount(el); }\n"
    'import.meta.hot?.accept("./counter.js", (next) => next.mount(document.body));\n'
)

_numbers = itertools.count(1)


class View:
    """One view of a widget, as the kernel hears it: every message carries its id."""

    def __init__(self, widget: BundleWidget) -> None:
        self.widget = widget
        self.id = f"view-{next(_numbers):04d}"

    def say(self, kind: str, **fields: Any) -> None:
        self.widget._on_view_message(self.widget, {"type": kind, "view": self.id, **fields}, None)

    def mount(self, version: int | None = None, errors: list[dict[str, Any]] | None = None,
              running: str = "current", executed: list[str] | None = None,
              hot: dict[str, dict[str, Any]] | None = None) -> View:
        """``hello`` then ``ready``, with what the mount ran and registered (``executed``, ``hot``)."""
        version = self.widget.version if version is None else version
        self.say("hello", version=version)
        self.say("ready", version=version, ms=2, errors=errors or [], running=running,
                 executed=executed or [], hot=hot or {})
        return self

    def applied(self, version: int, errors: list[dict[str, Any]] | None = None, running: str = "current",
                executed: list[str] | None = None, hot: dict[str, dict[str, Any]] | None = None) -> None:
        """The update's report, with what it ran and registered (``executed``, ``hot``)."""
        self.say("applied", version=version, ms=3, errors=errors or [], running=running,
                 executed=executed or [], hot=hot or {})


def error(phase: str, module_id: str, line: int, column: int = 0, message: str = "Error: boom",
          revision: int | None = None) -> dict[str, Any]:
    return {"phase": phase, "id": module_id, "line": line, "column": column, "revision": revision, "message": message}


def app_environment(root: Path) -> tuple[Environment, BundleWidget, list[dict[str, Any]]]:
    """counter.js and app.js (which accepts counter.js) defined, a widget for app.js; returns
    the environment, the widget and the list of what it sent to views."""
    environment = Environment(root=root)
    environment.define("counter.js", COUNTER)
    environment.define("app.js", APP)
    widget = environment.widget("app.js")
    sent: list[dict[str, Any]] = []
    widget.send = sent.append  # type: ignore[method-assign]
    return environment, widget, sent


class Handle:
    """A display handle that records what the status looked like at each refresh."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    def update(self, status: Any) -> None:
        self.shown.append(status._repr_mimebundle_()["text/plain"])
