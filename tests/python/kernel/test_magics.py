"""The magics through IPython's test shell: what a notebook user sees and what views receive."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from IPython.core.error import UsageError
from IPython.testing import globalipapp

import nbbundle
from nbbundle.kernel import api
from nbbundle.kernel.views import HEARTBEAT_S

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

COUNTER = "export let label = 'Count';\nexport function mount(host) { host.textContent = `${label}: 0`; }\n"
APP = (
    'import "./style.css";\nimport { mount } from "./counter.js";\n'
    "export function render({ model, el }) { mount(el); }\n"
    'import.meta.hot?.accept("./counter.js", (next) => next.mount(document.body));\n'
)


@pytest.fixture
def ip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.chdir(tmp_path)
    api.environment.cache_clear()  # a fresh kernel's worth of state for every test
    globalipapp.start_ipython()  # one shared test shell: only the first call starts it
    shell = globalipapp.get_ipython()
    shell.run_line_magic("load_ext", "nbbundle")
    yield shell
    api.environment().close()


def define(ip: Any, name: str, text: str) -> None:
    ip.run_cell_magic("module", name, text)


@pytest.fixture
def app(ip: Any) -> list[dict[str, Any]]:
    """counter.js, style.css and app.js defined, a widget for app.js; returns what views got."""
    define(ip, "counter.js", COUNTER)
    define(ip, "style.css", ".counter { color: red }")
    define(ip, "app.js", APP)
    sent: list[dict[str, Any]] = []
    nbbundle.widget("app.js").send = sent.append  # type: ignore[method-assign]
    return sent


def test_module_prints_a_status_line(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    define(ip, "counter.js", COUNTER)
    out = capsys.readouterr().out
    assert out.startswith("✓ counter.js defined · 94 B · not imported yet · ")


def test_rerunning_an_unchanged_cell_sends_nothing(ip: Any, app: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    define(ip, "counter.js", COUNTER)
    assert app == []
    assert capsys.readouterr().out.strip() == "counter.js unchanged · nothing sent"


def test_changed_child_sends_only_its_code_to_the_accepting_boundary(ip: Any, app: list[dict[str, Any]]) -> None:
    define(ip, "counter.js", COUNTER.replace("Count", "Clicked"))
    (update,) = app
    assert update["type"] == "update"
    assert update["version"] == 1
    assert list(update["modules"]) == ["counter.js"]
    assert "Clicked" in update["modules"]["counter.js"]
    assert update["updates"] == [{"kind": "dep", "boundary": "app.js", "acceptedVia": "counter.js",
                                  "chain": ["counter.js"], "isWithinCircularImport": False}]
    assert nbbundle.widget("app.js").modules["counter.js"] == update["modules"]["counter.js"]


def test_css_updates_itself(ip: Any, app: list[dict[str, Any]]) -> None:
    define(ip, "style.css", ".counter { color: green }")
    assert [u["kind"] for u in app[-1]["updates"]] == ["self"]


def test_syntax_error_shows_a_frame_and_keeps_the_last_good_version(
    ip: Any, app: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    good = nbbundle.widget("app.js").modules["counter.js"]
    capsys.readouterr()
    define(ip, "counter.js", "export function mount( {\n")
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.startswith('error: Unexpected end of input\n  --> counter.js:1:24\n> 1 | export function mount( {')
    assert captured.out.startswith("✗ counter.js: 1 error · views keep running the version they have")
    assert app[-1]["type"] == "error"
    assert app[-1]["error"]["id"] == "counter.js"
    assert (app[-1]["error"]["line"], app[-1]["error"]["column"]) == (1, 23)
    assert nbbundle.widget("app.js").modules["counter.js"] == good
    assert api.environment().cells["counter.js"] == COUNTER


def test_the_next_good_run_clears_the_error_even_when_the_text_is_the_last_good_one(ip: Any, app: list[dict[str, Any]]) -> None:
    define(ip, "counter.js", "export function mount( {\n")
    define(ip, "counter.js", COUNTER)
    update = app[-1]
    assert (update["type"], update["modules"], update["updates"]) == ("update", {}, [])
    assert not nbbundle.widget("app.js").has_error


def test_a_missing_export_is_refused_and_rolled_back(ip: Any, app: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    define(ip, "counter.js", "export function mountIt(host) {}\n")
    assert '"mount" is not exported by "counter.js", imported by "app.js"' in capsys.readouterr().err
    environment = api.environment()
    assert environment.cells["counter.js"] == COUNTER
    counter = environment.graph.get_module_by_id("counter.js")
    assert counter is not None
    assert "mount" in counter.transform_result.exports  # type: ignore[union-attr]
    assert app[-1]["type"] == "error"


def test_importing_an_undefined_cell_waits_for_it_and_says_how_to_define_it(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    define(ip, "main.js", 'import { x } from "./later.js";\n')
    out = capsys.readouterr().out
    assert out.startswith("… main.js is waiting for ./later.js")
    assert 'Could not resolve "./later.js" from "main.js"' in out
    assert "> 1 | import { x } from \"./later.js\";" in out
    assert "hint: Define it in a cell with %%module later.js" in out
    define(ip, "later.js", "export const x = 1;\n")
    assert api.environment().cells.keys() == {"main.js", "later.js"}


def test_cell_text_is_used_raw(ip: Any) -> None:
    # IPython's transform_cell would turn these lines into magic and shell calls.
    define(ip, "raw.js", "const s = `\n%notamagic\n!notashell\n`;\nexport const x = 1;\n")
    assert "`\n%notamagic\n!notashell\n`" in api.environment().rendered["raw.js"]


def test_bad_arguments_are_usage_errors(ip: Any) -> None:
    with pytest.raises(UsageError, match="needs one of the extensions"):
        ip.run_cell_magic("module", "app.py", "export {}")
    with pytest.raises(UsageError, match="relative paths"):
        ip.run_cell_magic("module", "../x.js", "export {}")
    with pytest.raises(UsageError):
        ip.run_cell_magic("module", "", "export {}")


def test_line_magic_lists_shows_code_and_removes(ip: Any, app: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    ip.run_line_magic("nbbundle", "code counter.js")
    with pytest.raises(UsageError, match="counter.js is imported by app.js"):
        ip.run_line_magic("nbbundle", "remove counter.js")
    define(ip, "app.js", "export function render({ el }) { el.textContent = 'alone'; }\n")
    ip.run_line_magic("nbbundle", "remove counter.js")
    assert "counter.js" not in api.environment().cells
    assert "removed counter.js" in capsys.readouterr().out
    with pytest.raises(UsageError, match="usage:"):
        ip.run_line_magic("nbbundle", "frobnicate")


def test_dropping_an_import_prunes_the_module_from_views(ip: Any, app: list[dict[str, Any]]) -> None:
    define(ip, "app.js", 'import { mount } from "./counter.js";\nexport function render({ el }) { mount(el); }\n')
    assert app[-1]["removed"] == ["style.css"]
    assert "style.css" not in nbbundle.widget("app.js").modules


def test_a_view_runtime_error_gets_a_frame_from_the_kernel(ip: Any, app: list[dict[str, Any]]) -> None:
    widget = nbbundle.widget("app.js")
    error = {"phase": "listener", "id": "counter.js", "line": 2, "column": 7, "revision": None, "message": "TypeError: boom"}
    widget._on_view_message(widget, {"type": "runtime-error", "view": "view-0001", "error": error, "running": "current"}, None)
    error = app[-1]["error"]
    assert error["frame"].splitlines()[1].startswith("> 2 | export function mount(host)")


def test_custom_events_travel_both_ways(ip: Any, app: list[dict[str, Any]]) -> None:
    received: list[Any] = []
    nbbundle.on("clicked", received.append)
    widget = nbbundle.widget("app.js")
    widget._on_view_message(widget, {"type": "custom", "view": "view-0001", "event": "clicked", "data": {"n": 3}}, None)
    nbbundle.send("reset", 0)
    assert received == [{"n": 3}]
    assert app[-1] == {"type": "custom", "event": "reset", "data": 0}


def test_widget_state_is_shared_with_python(ip: Any, app: list[dict[str, Any]]) -> None:
    widget = nbbundle.widget("app.js", count=2)
    assert widget.count == 2  # type: ignore[attr-defined]
    assert widget.get_state()["count"] == 2
    assert sorted(widget.get_state()["_bundle"]["modules"]) == ["app.js", "counter.js", "style.css"]
    # The views say `alive` as often as the kernel's registry expects them to (one figure).
    assert widget.get_state()["_heartbeat_ms"] == HEARTBEAT_S * 1000


def test_show_option_displays_a_live_view_under_the_cell(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr("IPython.display.display", lambda *objects, **_: shown.extend(objects))
    monkeypatch.setattr("nbbundle.kernel.magics.display", lambda *objects, **_: shown.extend(objects))
    define(ip, "counter.js", COUNTER)
    ip.run_cell_magic("module", "solo.js --show", "export function render({ el }) { el.textContent = 'hi'; }\n")
    widgets = [o for o in shown if type(o).__name__ == "BundleWidget"]
    assert [w.entry for w in widgets] == ["solo.js"]
    assert widgets[0] is nbbundle.widget("solo.js")  # one widget per entry; each display is a view
    statuses = [repr(o) for o in shown if type(o).__name__ == "Status"]
    assert "the widget's entry" in statuses[-1] and "not imported yet" not in statuses[-1], statuses


def test_show_is_not_attempted_when_the_cell_fails(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    ip.run_cell_magic("module", "broken.js --show", "export function (\n")
    assert "broken.js" not in api.environment().widgets
    assert "Unexpected" in capsys.readouterr().err


def test_a_good_run_of_another_cell_keeps_the_overlay_of_a_broken_one(ip: Any, app: list[dict[str, Any]]) -> None:
    define(ip, "counter.js", "export function mount( {\n")
    define(ip, "style.css", ".counter { color: blue }")
    kinds = [message["type"] for message in app]
    assert kinds == ["error", "update", "error"]
    assert app[-1]["error"]["id"] == "counter.js"
    assert nbbundle.widget("app.js").has_error


def test_swapping_an_import_for_another_defined_cell_sends_the_new_module(ip: Any, app: list[dict[str, Any]]) -> None:
    define(ip, "other.js", "export function mount(host) { host.textContent = 'other'; }\n")
    define(ip, "app.js", APP.replace("./counter.js", "./other.js"))
    update = app[-1]
    assert "other.js" in update["modules"]
    assert update["removed"] == ["counter.js"]


def test_jsx_options_of_module_choose_the_runtime(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    define(ip, "h.js", "export const h = (type, props, ...children) => ({ type, props, children });\n")
    source = 'import { h } from "./h.js";\nexport const view = <b id="x">hi</b>;\n'
    capsys.readouterr()
    ip.run_cell_magic("module", "view.jsx --jsx-factory h", source)
    assert capsys.readouterr().out.startswith("✓ view.jsx defined")
    assert '(0, __nbb_import_0__.h)("b", {  id: "x" }, "hi")' in api.generated_code("view.jsx")
    # The same text with other options is compiled again: a change of options is a change.
    # (No cell defines lib/jsx-runtime yet, so the cell waits for it.)
    ip.run_cell_magic("module", "view.jsx --jsx-import-source ./lib", source)
    waiting = api.environment().pending["view.jsx"].result
    assert waiting.waiting_for == ["./lib/jsx-runtime"]
    [diagnostic] = waiting.diagnostics
    assert diagnostic.message == 'Could not resolve "./lib/jsx-runtime" from "view.jsx"'
    assert (diagnostic.line, diagnostic.column) == (2, 20)  # at the element that needs it


def test_running_a_cell_again_supersedes_the_status_it_showed(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr("nbbundle.kernel.magics.display", lambda *objects, **_: shown.extend(objects) or object())
    ip.run_cell("%%module counter.js\n" + COUNTER, cell_id="cell-a")
    ip.run_cell("%%module other.js\nexport const other = 1;\n", cell_id="cell-b")
    first, other = shown
    assert not first.superseded
    ip.run_cell("%%module counter.js\n" + COUNTER.replace("Count", "Again"), cell_id="cell-a")
    assert first.superseded  # its output was cleared by the front end: it refreshes no more
    assert not other.superseded and not shown[-1].superseded
    ip.run_cell("%%module other.js\nexport const other = 2;\n")  # a front end that sends no cell id
    assert not other.superseded


def test_the_update_leaves_the_kernel_before_the_status_line_is_built(ip: Any, app: list[dict[str, Any]],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # ipykernel's iopub thread sends what sys.stdout.flush() waits for: the update must be
    # queued before that flush, and the flush must come before the status line is built.
    events: list[str] = []
    widget = nbbundle.widget("app.js")
    monkeypatch.setattr(widget, "send", lambda message: events.append(message["type"]))

    class Stdout:
        def write(self, text: str) -> int:
            return len(text)

        def flush(self) -> None:
            events.append("flush")

    monkeypatch.setattr("sys.stdout", Stdout())
    monkeypatch.setattr("nbbundle.kernel.magics.display", lambda *_, **__: events.append("display"))
    define(ip, "counter.js", COUNTER.replace("Count", "Clicked"))
    assert events[:3] == ["update", "flush", "display"], events
