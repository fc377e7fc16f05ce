"""The status under a cell says what happened in every live view, and refreshes as they report."""

from __future__ import annotations

import gc
import weakref
from typing import TYPE_CHECKING, Any

import pytest
from view_helpers import COUNTER, Handle, View, app_environment, error

from nbbundle.kernel.reports import KEPT_REPORTS
from nbbundle.kernel.status import Status, report
from nbbundle.kernel.views import EXPIRY_S, HEARTBEAT_S, IdleClock, ViewRegistry

if TYPE_CHECKING:
    from pathlib import Path

THROWING = "export let label = 'Count';\nthrow new Error('boom in counter');\nexport function mount(host) {}\n"


@pytest.fixture
def app(tmp_path: Path) -> Any:
    environment, widget, sent = app_environment(tmp_path)
    yield environment, widget, sent
    environment.close()


def run(environment: Any, name: str, text: str) -> tuple[Status, Handle]:
    """A cell run as the magic does it: the status, displayed with a handle that records refreshes."""
    status = report(environment.define(name, text))
    status.handle = handle = Handle()
    return status, handle


def test_a_check_mark_only_once_every_live_view_applied_the_change(app: Any) -> None:
    environment, widget, _ = app
    first, second = View(widget).mount(), View(widget).mount()
    status, handle = run(environment, "counter.js", COUNTER.replace("Count", "Clicked"))
    assert status.text().startswith("counter.js updated")  # no mark yet: the views have not said
    assert "sent to 2 live views" in status.text()
    first.applied(widget.version)
    assert "applied in 1 of 2 live views so far" in handle.shown[-1]
    second.applied(widget.version)
    assert handle.shown[-1].startswith("✓ counter.js updated")
    assert "applied in 2 of 2 live views (3 ms in the browser)" in handle.shown[-1]


def test_a_top_level_throw_in_a_view_is_a_cross_with_the_place_and_a_frame_from_the_cell(app: Any) -> None:
    environment, widget, sent = app
    view = View(widget).mount()
    status, handle = run(environment, "counter.js", THROWING)
    view.applied(widget.version, [error("init", "counter.js", 2, 6, "Error: boom in counter", widget.version)],
                 running="previous")
    text = handle.shown[-1]
    assert text.startswith("✗ counter.js failed in 1 of 1 live view: counter.js:2:7"), "the cross is not next to 'updated'"
    assert "failed in 1 of 1 live view: counter.js:2:7 Error: boom in counter (it still shows what the previous version drew)" in text
    assert "> 2 | throw new Error('boom in counter');" in text
    assert "hint: counter.js threw while its top level ran." in text
    assert [d.location for d in status.diagnostics()] == ["counter.js:2:7"]
    # The view gets the frame for its overlay, addressed to it alone.
    reply = sent[-1]
    assert (reply["type"], reply["view"], reply["error"]["line"]) == ("error", view.id, 2)
    assert "boom in counter" in reply["error"]["frame"]


def test_an_error_in_a_dispose_callback_is_framed_with_the_text_of_the_version_that_registered_it(app: Any) -> None:
    environment, widget, _ = app
    view = View(widget).mount()
    old = "export function mount(host) {}\nimport.meta.hot.dispose(() => { throw new Error('old dispose'); });\n"
    environment.define("counter.js", old)
    old_version = widget.version
    view.applied(old_version)
    status, handle = run(environment, "counter.js", "// the new version\n\n\nexport function mount(host) {}\n")
    view.applied(widget.version, [error("dispose", "counter.js", 2, 32, "Error: old dispose", old_version)])
    text = handle.shown[-1]
    assert "> 2 | import.meta.hot.dispose(() => { throw new Error('old dispose'); });" in text
    assert "A hot.dispose() callback of the version of counter.js being replaced threw" in text
    assert "threw while its top level ran" not in text


def test_a_view_that_is_still_mounting_counts_and_run_all_counts_the_view_that_mounts_later(app: Any) -> None:
    environment, widget, _ = app
    # Run All: the update cell runs before the view's hello reaches the kernel.
    status, handle = run(environment, "counter.js", COUNTER.replace("Count", "Later"))
    assert "no live view" in status.text()
    View(widget).mount(widget.version)
    assert "applied in 1 of 1 live view" in handle.shown[-1]
    assert handle.shown[-1].startswith("✓")
    # A view that said hello (mounting) counts before it is ready.
    mounting = View(widget)
    mounting.say("hello", version=widget.version)
    status, handle = run(environment, "counter.js", COUNTER.replace("Count", "Again"))
    assert "sent to 2 live views" in status.text()


def test_a_view_closed_before_it_applied_is_no_longer_waited_for(app: Any) -> None:
    environment, widget, _ = app
    staying, leaving = View(widget).mount(), View(widget).mount()
    status, handle = run(environment, "counter.js", COUNTER.replace("Count", "Bye"))
    staying.applied(widget.version)
    leaving.say("closed")
    assert handle.shown[-1].startswith("✓ counter.js updated")
    assert "applied in 1 of 1 live view" in handle.shown[-1]


def test_a_render_that_throws_and_was_rolled_back_says_so(app: Any) -> None:
    environment, widget, _ = app
    view = View(widget).mount()
    app_text = 'export function render({ el }) {\n  mount(el);\n}\n'  # the import of mount removed
    status, handle = run(environment, "app.js", app_text)
    view.applied(widget.version, [error("render", "app.js", 2, 2, "ReferenceError: mount is not defined", widget.version)],
                 running="previous")
    assert handle.shown[-1].startswith("✗ app.js failed in 1 of 1 live view")
    assert "updated" not in handle.shown[-1].splitlines()[0]
    assert "app.js:2:3 ReferenceError: mount is not defined (it still shows what the previous version drew)" in handle.shown[-1]
    assert "render() of app.js threw." in handle.shown[-1]


def test_memory_per_cell_run_is_bounded(app: Any) -> None:
    environment, widget, _ = app
    view = View(widget).mount()
    statuses = []
    for n in range(5 * KEPT_REPORTS):
        status, _ = run(environment, "counter.js", COUNTER.replace("Count", f"Run {n}"))
        view.applied(widget.version)
        statuses.append(weakref.ref(status))
        del status
    gc.collect()
    assert len(widget.reports) == KEPT_REPORTS
    alive = sum(ref() is not None for ref in statuses)
    assert alive <= KEPT_REPORTS, f"{alive} status lines of old runs are still held"
    assert all(len(history) <= 3 for history in widget._sources.values())


class Timers:
    """The kernel's event loop as far as view expiry needs it: timers that fire when told."""

    def __init__(self) -> None:
        self.due: list[tuple[float, Any]] = []

    def schedule(self, delay: float, callback: Any) -> bool:
        self.due.append((delay, callback))
        return True

    def fire(self) -> None:
        due, self.due = self.due, []
        for _, callback in due:
            callback()


def silent_views(widget: Any) -> tuple[IdleClock, Timers]:
    """Give ``widget`` a registry on a clock the test moves, with timers the test fires."""
    now = [0.0]
    clock, timers = IdleClock(lambda: now[0]), Timers()
    clock.advance = lambda seconds: now.__setitem__(0, now[0] + seconds)  # type: ignore[attr-defined]
    widget.views = ViewRegistry(clock, schedule=timers.schedule)
    widget.views.on_gone.append(widget.reports.view_gone)
    return clock, timers


def test_a_view_that_goes_away_silently_stops_being_expected_on_its_own_clock(app: Any) -> None:
    environment, widget, _ = app
    clock, timers = silent_views(widget)
    here, crashed = View(widget).mount(), View(widget).mount()
    status, handle = run(environment, "counter.js", COUNTER.replace("Count", "Clicked"))
    here.applied(widget.version)
    assert "applied in 1 of 2 live views so far" in handle.shown[-1]
    for _ in range(5):  # the live view keeps saying alive; the crashed tab says nothing
        clock.advance(EXPIRY_S / 4)  # type: ignore[attr-defined]
        here.say("alive")
        timers.fire()
    # No cell ran and no message named the crashed view: the timer alone refreshed the line.
    assert handle.shown[-1].startswith("✓ counter.js updated"), handle.shown
    assert "applied in 1 of 1 live view " in handle.shown[-1]
    assert crashed.id not in widget.views.live()
    assert timers.due, "the timer stays armed while a view is live"


def test_the_timer_waits_while_a_cell_runs(app: Any) -> None:
    environment, widget, _ = app
    clock, timers = silent_views(widget)
    View(widget).mount()
    status, handle = run(environment, "counter.js", COUNTER.replace("Count", "Clicked"))
    clock.pause()
    clock.advance(EXPIRY_S * 3)  # type: ignore[attr-defined]
    timers.fire()
    assert "sent to 1 live view" in status.text()
    assert timers.due and timers.due[0][0] >= HEARTBEAT_S, "it looks again later, not in a busy loop"
    clock.resume()
    clock.advance(EXPIRY_S + 1)  # type: ignore[attr-defined]
    timers.fire()
    assert "no live view" in handle.shown[-1]


def test_a_view_mounted_while_a_silent_one_is_expected_counts(app: Any) -> None:
    environment, widget, _ = app
    View(widget).mount()  # a tab that then crashed: it never reports again
    status, handle = run(environment, "counter.js", COUNTER.replace("Count", "Clicked"))
    View(widget).mount()  # the --show cell run again: a new view at the current version
    assert "applied in 1 of 2 live views so far" in handle.shown[-1], handle.shown


def test_render_hints_name_the_entry_whose_render_threw(app: Any) -> None:
    environment, widget, _ = app
    view = View(widget).mount()
    status, handle = run(environment, "counter.js", "export function mount(host) {\n  host.textContent = nope;\n}\n")
    # app.js's render called mount() in counter.js, which threw: counter.js has no render.
    view.applied(widget.version, [error("render", "counter.js", 2, 20, "ReferenceError: nope is not defined",
                                        widget.version)], running="previous")
    text = handle.shown[-1]
    assert "hint: render() of app.js threw in counter.js, which it called." in text, text
    assert "render() of counter.js" not in text


def test_an_entry_without_render_is_not_said_to_have_thrown_in_render(app: Any) -> None:
    environment, widget, _ = app
    view = View(widget).mount()
    status, handle = run(environment, "app.js", "export const nothing = 1;\n")
    view.applied(widget.version, [error("entry", "app.js", None, None,
                                        "Error: app.js exports no render({ model, el }) function", widget.version)],
                 running="previous")
    text = handle.shown[-1]
    assert "hint: app.js is the entry but exports no render: export function render({ model, el }), or a default export { render }." in text
    assert "threw" not in text


def test_the_entry_and_a_module_a_waiting_cell_just_linked_to_are_not_unimported(app: Any) -> None:
    environment, widget, _ = app
    status, _ = run(environment, "app.js", "export function render({ el }) { el.textContent = 'v2'; }\n")
    assert "the widget's entry" in status.text() and "not imported yet" not in status.text()
    waiting = environment.define("list.js", 'import { items } from "./items.js";\nexport const list = items;\n')
    assert waiting.status == "pending"
    items, _ = run(environment, "items.js", "export const items = [1, 2];\n")
    assert "imported by list.js" in items.text(), items.text()


def test_thousands_of_errors_show_the_first_ten_and_how_many_more(app: Any, capsys: pytest.CaptureFixture[str]) -> None:
    environment, _, _ = app
    text = "".join(f"let a{i} = 1; let a{i} = 2;\n" for i in range(2_000))
    status = report(environment.define("many.js", text))
    printed = capsys.readouterr().err
    assert status.text().startswith("✗ many.js: 2000 errors")
    assert printed.count("\n> ") == 10, "ten code frames"
    assert printed.rstrip().endswith("… and 1,990 more errors (the first 10 are shown)")
    assert len(printed) < 5_000
    bundle = status._repr_mimebundle_()
    assert len(bundle["application/vnd.nbbundle.diagnostics+json"]["diagnostics"]) == 10
    assert sum(len(str(value)) for value in bundle.values()) < 5_000, "what the notebook saves stays small"
    pending = environment.define("late.js", text)  # shown in the output (a pending cell's way)
    status = Status(pending)
    shown = status._repr_mimebundle_()["text/plain"]
    assert shown.count("\n> ") == 10 and "… and 1,990 more errors" in shown


def test_reports_that_land_together_refresh_the_line_once_and_it_is_true(app: Any) -> None:
    environment, widget, _ = app
    first, second = View(widget).mount(), View(widget).mount()
    timers = Timers()
    status = Status(environment.define("counter.js", COUNTER.replace("Count", "Clicked")), schedule=timers.schedule)
    status.handle = handle = Handle()
    first.applied(widget.version)
    second.applied(widget.version)
    assert handle.shown == []  # not yet: one refresh for both, on the kernel's loop
    assert len(timers.due) == 1
    timers.fire()
    assert len(handle.shown) == 1
    assert handle.shown[-1].startswith("✓ counter.js updated")
    assert "applied in 2 of 2 live views" in handle.shown[-1]


def test_a_status_whose_cell_ran_again_is_not_refreshed(app: Any) -> None:
    environment, widget, _ = app
    view = View(widget).mount()
    timers = Timers()
    old = Status(environment.define("counter.js", COUNTER.replace("Count", "One")), schedule=timers.schedule)
    old.handle = old_handle = Handle()
    view.applied(widget.version)
    old.supersede()  # the cell runs again before the refresh: the front end cleared that output
    new = Status(environment.define("counter.js", COUNTER.replace("Count", "Two")), schedule=timers.schedule)
    new.handle = new_handle = Handle()
    view.applied(widget.version)
    timers.fire()
    assert old_handle.shown == []
    assert new_handle.shown[-1].startswith("✓ counter.js updated")
    view.say("closed")  # a later change of the old report refreshes nothing either
    timers.fire()
    assert old_handle.shown == []
