"""React Fast Refresh of a ``%%module Counter.tsx`` component in JupyterLab, in headless Chromium.

React, react-dom and react-refresh come from ``node_modules`` next to the notebook (installed
by the test from npm into a cache). The counter is clicked to 3; an edit of its label and colour
re-renders it with the count kept and the entry untouched; a new ``useState`` call (a changed
hooks signature) remounts it; a syntax error shows the overlay while the old component keeps
working; the fix clears it; a module that also exports a value takes the normal HMR path. A
second view keeps its own count through the same edits.
"""

from __future__ import annotations

import json
import re

import pytest
from browser import requires_chromium
from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook
from npm_cache import REACT, npm_packages

pytestmark = [pytest.mark.e2e, requires_chromium]

COUNTER = """%%module Counter.tsx
import { useState } from "react";

type Props = { step?: number };

export function Counter({ step = 1 }: Props) {
  const [count, setCount] = useState(0);STATE
  return (
    <button className="counter" style={{ color: "COLOR" }} onClick={() => setCount(count + step)}>
      LABEL: {count}
    </button>
  );
}
"""

APP = """%%module app.tsx --show
import { createRoot } from "react-dom/client";
import { Counter } from "./Counter.tsx";

const stamp = Math.random().toString(36).slice(2);

export function render({ el }: { el: HTMLElement }) {
  const root = createRoot(el);
  root.render(<main><Counter /><small className="stamp">{stamp}</small></main>);
  return () => root.unmount();
}
"""


def counter(label: str = "Count", color: str = "rgb(200, 0, 0)", state: str = "") -> str:
    return COUNTER.replace("LABEL", label).replace("COLOR", color).replace("STATE", state)


def button_is(text: str) -> str:
    return ("(n) => { const b = n.querySelectorAll('.jp-Cell')[2]?.querySelector('.nbbundle-root .counter');"
            f" return !!b && b.textContent.trim() === {json.dumps(text)}; }}")


def holds(nb: NotebookDriver, condition: str) -> None:
    """Wait until ``condition`` (a JS function of the panel's node) holds."""
    nb.page.wait_for_function(f"() => ({condition})(window.__nbbPanel.node)", timeout=15_000)


@pytest.fixture(scope="module")
def server():
    packages = npm_packages("react", REACT)
    with jupyter_server("lab") as srv:
        (srv["root"] / "node_modules").symlink_to(packages / "node_modules")
        yield srv


@pytest.fixture
def nb(server, request):
    with browser_page() as page:
        driver = NotebookDriver(page, server)
        yield driver
        report = getattr(request.node, "rep_call", None)
        if report is None or report.failed:
            print("artifacts:", driver.dump(request.node.originalname))


def test_a_component_keeps_its_state_when_edited(nb, server):
    nb.open(write_notebook(server["root"], "react.ipynb", ["%load_ext nbbundle", counter(), APP]))
    nb.run_cell(0)
    nb.run_cell(1)
    assert not nb.cell_errors(1), nb.cell_errors(1)
    nb.run_cell_until(2, button_is("Count: 0"), timeout_ms=60_000)
    view = nb.cell(2).locator(".nbbundle-root").first
    button, stamp, overlay = view.locator(".counter"), view.locator(".stamp"), view.locator(".nbbundle-overlay")
    first_stamp = stamp.inner_text()
    for n in (1, 2, 3):
        button.click()
        assert button.inner_text() == f"Count: {n}"

    # A new label and colour: the component re-renders in place, its state kept, the entry not re-run.
    nb.set_cell_source(1, counter("Clicks", "rgb(0, 128, 0)"))
    nb.run_cell_until(1, button_is("Clicks: 3"))
    assert button.evaluate("e => getComputedStyle(e).color") == "rgb(0, 128, 0)"
    assert stamp.inner_text() == first_stamp
    assert "Fast Refresh" not in "\n".join(nb.console), nb.console  # no invalidation happened

    # A second view has its own React and its own state; an edit refreshes both, each keeping its own.
    second = nb.add_cell('import nbbundle\nnbbundle.show("app.tsx")')
    other_button = ("(n) => { const b = n.querySelectorAll('.jp-Cell')[%d]?.querySelector('.nbbundle-root .counter');"
                    " return !!b && b.textContent.trim() === %s; }")
    nb.run_cell_until(second, other_button % (second, json.dumps("Clicks: 0")), timeout_ms=30_000)
    other = nb.cell(second).locator(".nbbundle-root .counter").first
    other.click()
    nb.set_cell_source(1, counter("Taps", "rgb(0, 128, 0)"))
    nb.run_cell_until(1, other_button % (second, json.dumps("Taps: 1")))
    holds(nb, button_is("Taps: 3"))
    nb.set_cell_source(1, counter("Clicks", "rgb(0, 128, 0)"))
    nb.run_cell_until(1, button_is("Clicks: 3"))
    holds(nb, other_button % (second, json.dumps("Clicks: 1")))

    # A syntax error: the overlay names Counter.tsx at the line written, the old version still runs.
    broken = counter("Clicks", "rgb(0, 128, 0)").replace("setCount(count + step)}>", "setCount(count + step}>")
    nb.set_cell_source(1, broken)
    nb.run_cell_until(1, "(n) => n.querySelectorAll('.jp-Cell')[2]?.querySelector('.nbbundle-overlay')")
    line = broken.split("\n", 1)[1].splitlines().index(next(ln for ln in broken.splitlines() if "step}>" in ln)) + 1
    found = re.search(r"Counter\.tsx:(\d+):(\d+)", overlay.inner_text())
    assert found and int(found.group(1)) == line == 8, overlay.inner_text()
    button.click()
    assert button.inner_text() == "Clicks: 4"

    # Fixed: the overlay goes, the count is still there.
    nb.set_cell_source(1, counter("Clicks", "rgb(0, 128, 0)"))
    nb.run_cell_until(1, "(n) => !n.querySelectorAll('.jp-Cell')[2]?.querySelector('.nbbundle-overlay')")
    assert button.inner_text() == "Clicks: 4"

    # One more hook: React's rules say the component remounts, so its state starts over.
    nb.set_cell_source(1, counter("Clicks", "rgb(0, 128, 0)", '\n  const [hover] = useState("no");'))
    nb.run_cell_until(1, button_is("Clicks: 0"))
    assert stamp.inner_text() == first_stamp
    # A module that also exports a value is no refresh boundary: the update goes on to the entry,
    # which renders again (the normal HMR rules), so the count starts over there too.
    before = stamp.inner_text()
    button.click()
    assert button.inner_text() == "Clicks: 1"
    nb.set_cell_source(1, counter("Clicks", "rgb(0, 128, 0)") + "\nexport const version = 2;\n")
    nb.run_cell_until(1, "(n) => { const s = n.querySelectorAll('.jp-Cell')[2]?.querySelector('.stamp');"
                         f" return !!s && s.textContent !== {json.dumps(before)}; }}")
    assert button.inner_text() == "Clicks: 0"
    assert any("Could not Fast Refresh Counter.tsx" in line for line in nb.console), nb.console
    nb.dump("react-refresh-final")
    assert nb.real_errors() == [], nb.errors


# -- issue 17: the shapes of component React's own Fast Refresh tests cover ------------------

HOOKS = """%%module useCount.tsx
import { useState, useEffect } from "react";

export function useCount() {
  const state = useState(0);EXTRA
  return state;
}
"""

WRAPPED = """%%module Wrapped.tsx
import { memo, forwardRef, useState } from "react";
import { useCount } from "./useCount.tsx";

export const Hello = memo(() => {
  const [n, setN] = useState(0);MEMO
  return <button className="memo" onClick={() => setN(n + 1)}>M: {n}</button>;
});

export const Fancy = forwardRef<HTMLButtonElement>((props, ref) => {
  const [n, setN] = useState(0);FORWARD
  return <button ref={ref} className="forward" onClick={() => setN(n + 1)}>F: {n}</button>;
});

export function Counted() {
  const [n, setN] = useCount();
  return <button className="counted" onClick={() => setN(n + 1)}>U: {n}</button>;
}
"""

CLOCK = """%%module Clock.tsx
import { Component } from "react";

export class Clock extends Component<{}, { n: number }> {
  state = { n: 0 };
  render() {
    return <button className="clock" onClick={() => this.setState({ n: this.state.n + 1 })}>LABEL: {this.state.n}</button>;
  }
}
"""

HOC = """%%module Hoc.tsx
import { useState } from "react";

function hoc(Inner: (props: { n: number; onClick: () => void }) => JSX.Element) {
  return function Generated() {
    const [n, setN] = useState(0);
    return <Inner n={n} onClick={() => setN(n + 1)} />;
  };
}

export default hoc(({ n, onClick }) => <button className="hoc" onClick={onClick}>LABEL{n}</button>);
"""

SHAPES_APP = """%%module shapes.tsx --show
import { createRoot } from "react-dom/client";
import { Hello, Fancy, Counted } from "./Wrapped.tsx";
import { Clock } from "./Clock.tsx";
import Generated from "./Hoc.tsx";

const stamp = Math.random().toString(36).slice(2);

export function render({ el }: { el: HTMLElement }) {
  const root = createRoot(el);
  root.render(<main><Hello /><Fancy /><Counted /><Clock /><Generated /><small className="stamp">{stamp}</small></main>);
  return () => root.unmount();
}
"""


def wrapped(memo: str = "", forward: str = "") -> str:
    return WRAPPED.replace("MEMO", memo).replace("FORWARD", forward)


def shows(texts: dict[str, str], cell: int = 5) -> str:
    """Every button ``.class`` of the view in ``cell`` reads as given (and the view is not blank)."""
    return ("(n) => { const v = n.querySelectorAll('.jp-Cell')[%d]?.querySelector('.nbbundle-root');"
            " if (!v) return false; const want = %s;"
            " return Object.entries(want).every(([c, t]) => v.querySelector('.' + c)?.textContent.trim() === t); }"
            % (cell, json.dumps(texts)))


def test_memo_forward_ref_hooks_modules_classes_and_hocs_refresh_as_react_does(nb, server):
    cells = ["%load_ext nbbundle", HOOKS.replace("EXTRA", ""), wrapped(), CLOCK.replace("LABEL", "C"),
             HOC.replace("LABEL", "A"), SHAPES_APP]
    nb.open(write_notebook(server["root"], "react-shapes.ipynb", cells))
    for i in range(5):
        nb.run_cell(i)
        assert not nb.cell_errors(i), nb.cell_errors(i)
    start = {"memo": "M: 0", "forward": "F: 0", "counted": "U: 0", "clock": "C: 0", "hoc": "A0"}
    nb.run_cell_until(5, shows(start), timeout_ms=60_000)
    view = nb.cell(5).locator(".nbbundle-root").first
    stamp = view.locator(".stamp")
    first_stamp = stamp.inner_text()
    for name in start:
        view.locator("." + name).click()
        view.locator("." + name).click()
    clicked = {"memo": "M: 2", "forward": "F: 2", "counted": "U: 2", "clock": "C: 2", "hoc": "A2"}
    holds(nb, shows(clicked))

    # 1. A hook added inside memo(() => …), then inside forwardRef(…): that component remounts at
    # 0 (its signature changed), the others keep their state; no "Rendered more hooks" crash.
    nb.set_cell_source(2, wrapped(memo='\n  const [hover] = useState("no");'))
    nb.run_cell_until(2, shows({**clicked, "memo": "M: 0"}))
    nb.set_cell_source(2, wrapped(memo='\n  const [hover] = useState("no");', forward="\n  const [x] = useState(1);"))
    nb.run_cell_until(2, shows({**clicked, "memo": "M: 0", "forward": "F: 0"}))
    assert stamp.inner_text() == first_stamp
    view.locator(".memo").click()
    view.locator(".forward").click()
    clicked = {**clicked, "memo": "M: 1", "forward": "F: 1"}
    holds(nb, shows(clicked))

    # 2. A module of hooks only, edited: the component that calls the hook remounts.
    nb.set_cell_source(1, HOOKS.replace("EXTRA", "\n  useEffect(() => {});"))
    nb.run_cell_until(1, shows({**clicked, "counted": "U: 0"}))
    assert stamp.inner_text() == first_stamp
    clicked = {**clicked, "counted": "U: 0"}

    # 3. The class component's module accepts its update: the class remounts (React keeps no
    # class state across edits), its siblings keep theirs, the entry does not run again.
    nb.set_cell_source(3, CLOCK.replace("LABEL", "Clock"))
    nb.run_cell_until(3, shows({**clicked, "clock": "Clock: 0"}))
    assert stamp.inner_text() == first_stamp
    clicked = {**clicked, "clock": "Clock: 0"}

    # 4. export default hoc(…): a new label keeps Generated's state.
    nb.set_cell_source(4, HOC.replace("LABEL", "B"))
    nb.run_cell_until(4, shows({**clicked, "hoc": "B2"}))
    assert stamp.inner_text() == first_stamp

    assert not any("Rendered more hooks" in line for line in nb.console + nb.errors), nb.console
    assert not any("Could not Fast Refresh" in line for line in nb.console), nb.console
    nb.dump("react-refresh-shapes")
    assert nb.real_errors() == [], nb.errors
