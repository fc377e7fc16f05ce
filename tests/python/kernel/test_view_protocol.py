"""The widget trusts nothing from the browser: messages are checked, views count by id, code
traits are the kernel's, requests are rate-limited, module names follow one rule."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pytest
from view_helpers import View, app_environment

import nbbundle
from nbbundle.kernel.cells import check_name
from nbbundle.kernel.protocol import MAX_IDS, VIEW_MESSAGE_TYPES
from nbbundle.kernel.views import EXPIRY_S, MAX_VIEWS, IdleClock, ViewRegistry
from nbbundle.site.notebook_file import UnsafeModuleName, check_site_name

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def app(tmp_path: Path) -> Any:
    environment, widget, sent = app_environment(tmp_path)
    yield environment, widget, sent
    environment.close()


def test_code_carrying_traits_are_read_only_from_the_front_end(app: Any) -> None:
    environment, widget, _ = app
    widget.add_state({"count": 1})
    esm, bundle = widget._esm, dict(widget._bundle)
    evil = {"_esm": "export default { render() { alert('injected') } }", "_css": "body { display: none }",
            "_bundle": {"entry": "app.js", "version": 99, "modules": {"app.js": "alert(1)"}, "error": None},
            "count": 5}
    # What an ordinary state sync from a front end looks like on the comm.
    widget._handle_msg({"content": {"data": {"method": "update", "state": evil, "buffer_paths": []}}, "buffers": []})
    assert widget._esm == esm
    assert getattr(widget, "_css", None) != evil["_css"]
    assert widget._bundle == bundle
    assert widget.count == 5  # app state still syncs
    assert environment.widget("app.js")._esm == esm  # a later show runs the kernel's code


BAD_MESSAGES = [
    "not an object",
    ["a", "list"],
    {"type": "no-such-type", "view": "view-0001"},
    {"view": "view-0001"},
    {"type": "alive"},  # no view id
    {"type": "alive", "view": "x"},  # too short
    {"type": "alive", "view": "v" * 10_000},
    {"type": "alive", "view": "view 0001 with spaces"},
    {"type": "alive", "view": "view-0001", "extra": 1},
    {"type": "hello", "view": "view-0001", "version": "3"},
    {"type": "hello", "view": "view-0001", "version": True},
    {"type": "hello", "view": "view-0001", "version": 2**60},
    {"type": "applied", "view": "view-0001", "version": 1, "ms": float("nan"), "errors": [], "running": "current"},
    {"type": "applied", "view": "view-0001", "version": 1, "ms": 1, "errors": "none", "running": "current"},
    {"type": "applied", "view": "view-0001", "version": 1, "ms": 1, "errors": [{"phase": "evil"}], "running": "current"},
    {"type": "applied", "view": "view-0001", "version": 1, "ms": 1, "errors": [], "running": "everything"},
    {"type": "applied", "view": "view-0001", "version": 1, "ms": 1, "errors": [{}] * 1000, "running": "current"},
    {"type": "executed", "view": "view-0001", "ids": ["a.js"] * (MAX_IDS + 1), "hot": {}},
    {"type": "executed", "view": "view-0001", "ids": [1, 2], "hot": {}},
    {"type": "executed", "view": "view-0001", "ids": [], "hot": {"app.js": {"self": "yes", "deps": [], "exports": None}}},
    {"type": "executed", "view": "view-0001", "ids": ["a\nb.js"], "hot": {}},
    # An update's report without what it ran, or with a bad one: the whole report is ignored.
    {"type": "applied", "view": "view-0001", "version": 1, "ms": 1, "errors": [], "running": "current"},
    {"type": "applied", "view": "view-0001", "version": 1, "ms": 1, "errors": [], "running": "current",
     "executed": ["a.js"], "hot": {"a.js": {"self": True, "deps": "b.js", "exports": None}}},
    {"type": "ready", "view": "view-0001", "version": 1, "ms": 1, "errors": [], "running": "current",
     "executed": "app.js", "hot": {}},
    {"type": "invalidate", "view": "view-0001", "version": 1, "id": None},
    {"type": "invalidate", "view": "view-0001", "version": 1, "id": "x" * 5000},
    {"type": "custom", "view": "view-0001", "event": "", "data": 1},
    {"type": "custom", "view": "view-0001", "event": "e", "data": "x" * (9 * 1024 * 1024)},
    {"type": "runtime-error", "view": "view-0001", "error": "boom", "running": "current"},
    {"type": "resync", "view": "view-0001"},
    {"type": "closed", "view": ["view-0001"]},
]


def test_every_bad_message_is_logged_once_and_ignored_and_the_app_keeps_working(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    environment, widget, sent = app
    received: list[Any] = []
    environment.on("e", received.append)
    view = View(widget).mount()
    caplog.set_level(logging.WARNING, logger="nbbundle")
    for message in BAD_MESSAGES:
        widget._on_view_message(widget, message, None)
    for message in BAD_MESSAGES[:5]:  # the same problems again: not logged again
        widget._on_view_message(widget, message, None)
    assert widget.rejected == len(BAD_MESSAGES) + 5
    warnings = [r.getMessage() for r in caplog.records if r.name == "nbbundle"]
    # One line per kind of problem, however often it comes (a flood does not flood the log).
    assert len(warnings) == len(set(warnings)) >= 20
    assert all("ignored a message from a view of app.js" in w for w in warnings)
    assert not [r for r in caplog.records if r.exc_info], "no traceback"
    assert received == [] and widget.live_views == 1
    # The app keeps working: an edit still reaches the view, which still counts.
    environment.define("counter.js", "export function mount(host) { host.textContent = 'after'; }\n")
    assert sent[-1]["type"] == "update"
    view.say("custom", event="e", data={"ok": True})
    assert received == [{"ok": True}]


def test_the_protocol_knows_every_message_type_the_views_send() -> None:
    assert VIEW_MESSAGE_TYPES == {"hello", "ready", "alive", "closed", "executed", "applied", "runtime-error",
                                  "invalidate", "custom", "resync"}


def test_views_count_by_id_so_the_count_cannot_be_pushed_anywhere(app: Any) -> None:
    _, widget, _ = app
    view = View(widget)
    for _ in range(5):
        view.say("hello", version=0)
    assert widget.live_views == 1
    for _ in range(5):
        widget._on_view_message(widget, {"type": "closed", "view": "view-unknown"}, None)
    assert widget.live_views == 1
    for n in range(MAX_VIEWS + 10):
        widget._on_view_message(widget, {"type": "hello", "view": f"forged-{n:05d}", "version": 0}, None)
    assert widget.live_views == MAX_VIEWS
    view.say("closed")
    view.say("closed")
    assert widget.live_views == MAX_VIEWS - 1


def test_a_view_that_goes_silent_stops_counting_but_not_while_a_cell_runs() -> None:
    now = [0.0]
    clock = IdleClock(lambda: now[0])
    views = ViewRegistry(clock)
    gone: list[str] = []
    views.on_gone.append(gone.append)
    views.seen("tab-closed")
    views.seen("alive-one")
    clock.pause()  # a long cell: heartbeats wait in the kernel's queue
    now[0] += 10 * EXPIRY_S
    assert sorted(views.live()) == ["alive-one", "tab-closed"]
    clock.resume()
    now[0] += EXPIRY_S / 2
    views.seen("alive-one")  # its heartbeat
    now[0] += EXPIRY_S * 0.75
    assert views.live() == ["alive-one"]
    assert gone == ["tab-closed"]


def test_invalidate_from_every_view_of_one_update_is_acted_on_once(app: Any) -> None:
    environment, widget, sent = app
    views = [View(widget).mount() for _ in range(3)]
    environment.define("counter.js", "export function mount(host) { host.textContent = 'v2'; }\n")
    version = sent[-1]["version"]
    for view in views:
        view.applied(version)
        view.say("invalidate", version=version, id="counter.js", message="too big", firstInvalidatedBy="counter.js")
    updates = [m for m in sent if m["type"] == "update" and m["version"] > version]
    assert len(updates) == 1, updates
    assert updates[0]["firstInvalidatedBy"] == "counter.js"


def test_invalidate_and_resync_are_rate_limited_per_view_and_resync_answers_only_the_asker(app: Any) -> None:
    _, widget, sent = app
    view, other = View(widget).mount(), View(widget).mount()
    for n in range(100):
        view.say("invalidate", version=n, id="counter.js")
    assert 1 <= len([m for m in sent if m["type"] == "update"]) <= 25
    sent.clear()
    for _ in range(20):
        view.say("resync", version=0)
    answers = [m for m in sent if m["type"] == "resync"]
    assert 1 <= len(answers) <= 3
    assert {m["view"] for m in answers} == {view.id}
    other.say("resync", version=0)
    assert sent[-1] == {"type": "resync", "view": other.id}


def test_forged_runtime_errors_are_rate_limited_per_view(app: Any) -> None:
    # Each runtime-error costs a framed answer; 5,000 forged ones must not buy 5,000 answers.
    _, widget, sent = app
    view, other = View(widget).mount(), View(widget).mount()
    sent.clear()
    forged = {"phase": "evaluate", "id": "app.js", "line": 1, "column": 0, "revision": None, "message": "Error: x"}
    for _ in range(5000):
        view.say("runtime-error", error=forged, running="current")
    answers = [m for m in sent if m["type"] == "error"]
    assert 1 <= len(answers) <= 25, len(answers)
    other.say("runtime-error", error=forged, running="current")
    assert sent[-1]["type"] == "error" and sent[-1]["view"] == other.id


# Invisible formatting characters: a name that displays reversed (U+202E), or looks like another
# (zero-width characters, a byte order mark, isolates, marks).
INVISIBLE_NAMES = ["evil\u202esj.js", "a\u200bpp.js", "\ufeffapp.js", "a\u200dpp.js", "a\u200fpp.js",
                   "a\u2066b\u2069.js", "a\u202ab.js", "soft\u00adhyphen.js", "word\u2060joiner.js"]

BAD_NAMES = [*INVISIBLE_NAMES, "a\nb.js", "a\rb.js", "a\u2028b.js", "a\u2029b.js", "a\x00b.js", "a\x1bb.js", "./a.js", "a//b.js",
             "C:/x.js", "c:x.js", "/abs.js", "../up.js", "lib/../a.js", "a\\b.js", "lib/./a.js", "lib/"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_one_module_name_rule_for_cells_the_python_api_and_export(name: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError):
        check_name(name)
    with pytest.raises(ValueError):
        nbbundle.environment().define(name, "export const x = 1;\n")
    with pytest.raises(ValueError):
        nbbundle.data(name + ".json", [1])
    with pytest.raises(ValueError):
        nbbundle.widget(name)
    with pytest.raises(UnsafeModuleName):
        check_site_name(name, "cell 1")


def test_good_module_names_pass_the_rule() -> None:
    for name in ("app.js", "lib/util.js", "a.b/c-d_e.mjs", "data.json", "style.css", "ünïcode.js"):
        assert check_name(name)
