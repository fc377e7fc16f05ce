"""React's Fast Refresh scenarios, run on what nbbundle compiles: each version of a module goes
through the pre-pass, runs as an ES module in node with jsdom, React 19 and nbbundle's refresh
runtime (``js/react-refresh-runtime.js``), and each edit arrives as an HMR update does: the new
version runs, the previous one's accept callback (the module's own footer) decides. The page is
``tests/js/react-refresh/page.mjs``; each test asserts what React's test asserts: the same DOM
node kept or a new one, and the state shown.

Ported from facebook/react ``packages/react-refresh/src/__tests__/ReactFreshIntegration-test.js``
("JavaScript syntax" and "TypeScript syntax" rows, as .jsx and .tsx modules): reloads function
declarations; reloads arrow functions; reloads a combination of memo and forwardRef; reloads
default export with named memo; reloads HOCs if they return functions; resets state when
renaming a state variable; resets state when renaming a state variable in a HOC; resets state
when renaming a state variable in a HOC with indirection; resets state when renaming a state
variable inside a HOC with direct call; resets state on every edit with @refresh reset; remounts
when a custom hook in the same module changes; remounts classes on every edit (with
``ReactFresh-test``'s "can remount a class component" rule: a class never keeps state).
And the notebook's own shapes (issue 17): a hook added inside ``memo(() => …)`` and
``forwardRef(…)`` remounts at 0; a module of hooks only, edited, remounts the components that
use it (through their signature's custom-hook getter) while the module itself leaves the update
to its importer.

Left out: the ReactFresh-test cases written against ``$RefreshReg$`` by hand rather than a
transform (lazy, Suspense, error boundaries, multiple roots, renderers): they test React's
runtime, not what nbbundle writes; the TypeScript-only "TS enums" style cases need no refresh
logic of nbbundle's own; and those on effects' order (``Scheduler`` logs of React's internal test
utilities, which need React's test build).
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from npm_cache import REACT, npm_packages

from nbbundle.compile.options import CompileOptions
from nbbundle.compile.typescript.prepass import to_javascript

REPO = Path(__file__).resolve().parents[3]
PAGE = REPO / "tests" / "js" / "react-refresh"
RUNTIME = REPO / "js" / "react-refresh-runtime.js"
#: jsdom 26: the last line that runs on node 20 (27+ needs node 22).
PINS = {**REACT, "jsdom": "26.1.0"}

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node runs the page")


@pytest.fixture(scope="module")
def packages() -> Path:
    return npm_packages("react-dom-refresh", PINS) / "node_modules"


def run(tmp_path: Path, packages: Path, versions: list[dict[str, str]], script: str) -> None:
    """Compile every version (each a dict of changed modules over the one before) and run
    ``script`` (JavaScript with the page's ``render``/``patch``/``click``/``assert``)."""
    modules = tmp_path / "node_modules"
    modules.mkdir()
    for entry in packages.iterdir():
        (modules / entry.name).symlink_to(entry)
    served = modules / "@nbbundle" / "react-refresh"
    served.mkdir(parents=True)
    (served / "package.json").write_text('{"name": "@nbbundle/react-refresh", "type": "module", "main": "index.js"}')
    shutil.copy(RUNTIME, served / "index.js")
    for name in ("page.mjs", "loader.mjs"):
        shutil.copy(PAGE / name, tmp_path / name)
    sources: dict[str, str] = {}
    for number, changes in enumerate(versions, 1):
        sources.update(changes)
        folder = tmp_path / f"v{number}"
        folder.mkdir()
        for module_id, source in sources.items():
            kind = module_id.rsplit(".", 1)[1]
            text = to_javascript(module_id, textwrap.dedent(source), kind, CompileOptions(react_refresh=True)).text
            (folder / module_id).write_text(text)
    (tmp_path / "scenario.mjs").write_text(
        'import { render, patch, click, container, assert, invalidations, done } from "./page.mjs";\n'
        + textwrap.dedent(script) + "\nawait done();\n")
    result = subprocess.run(["node", "scenario.mjs"], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["jsx", "tsx"])
def test_reloads_function_declarations(tmp_path: Path, packages: Path, kind: str) -> None:
    app = """
        function Parent() {
          return <Child prop="A" />;
        };

        function Child({prop}: {prop: string}) {
          return <h1>{prop}1</h1>;
        };

        export default Parent;
    """
    if kind == "jsx":
        app = app.replace(": {prop: string}", "")
    run(tmp_path, packages, [{f"App.{kind}": app}, {f"App.{kind}": app.replace('"A"', '"B"').replace("1<", "2<")}],
        f"""
        await render(1, "App.{kind}");
        const el = container.firstChild;
        assert.equal(el.textContent, "A1");
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        """)


def test_reloads_arrow_functions(tmp_path: Path, packages: Path) -> None:
    app = """
        const Parent = () => {
          return <Child prop="A" />;
        };

        const Child = ({prop}) => {
          return <h1>{prop}1</h1>;
        };

        export default Parent;
    """
    run(tmp_path, packages, [{"App.jsx": app}, {"App.jsx": app.replace('"A"', '"B"').replace("1<", "2<")}], """
        await render(1);
        const el = container.firstChild;
        assert.equal(el.textContent, "A1");
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        """)


def test_reloads_a_combination_of_memo_and_forward_ref(tmp_path: Path, packages: Path) -> None:
    app = """
        import * as React from "react";
        const {memo} = React;

        const Parent = memo(React.forwardRef(function (props, ref) {
          return <Child prop="A" ref={ref} />;
        }));

        const Child = React.memo(({prop}) => {
          return <h1>{prop}1</h1>;
        });

        export default React.memo(Parent);
    """
    run(tmp_path, packages, [{"App.jsx": app}, {"App.jsx": app.replace('"A"', '"B"').replace("1<", "2<")}], """
        await render(1);
        const el = container.firstChild;
        assert.equal(el.textContent, "A1");
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        """)


def test_reloads_default_export_with_named_memo(tmp_path: Path, packages: Path) -> None:
    app = """
        import * as React from "react";
        const {memo} = React;

        const Child = React.memo(({prop}) => {
          return <h1>{prop}1</h1>;
        });

        export default memo(React.forwardRef(function Parent(props, ref) {
          return <Child prop="A" ref={ref} />;
        }));
    """
    run(tmp_path, packages, [{"App.jsx": app}, {"App.jsx": app.replace('"A"', '"B"').replace("1<", "2<")}], """
        await render(1);
        const el = container.firstChild;
        assert.equal(el.textContent, "A1");
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        """)


def test_reloads_hocs_if_they_return_functions(tmp_path: Path, packages: Path) -> None:
    app = """
        import * as React from "react";
        function hoc(letter) {
          return function() {
            return <h1>{letter}1</h1>;
          }
        }

        export default function Parent() {
          return <Child />;
        }

        const Child = hoc('A');
    """
    patched = app.replace("'A'", "'B'").replace("1<", "2<").replace("<Child />", "React.createElement(Child)")
    run(tmp_path, packages, [{"App.jsx": app}, {"App.jsx": patched}], """
        await render(1);
        const el = container.firstChild;
        assert.equal(el.textContent, "A1");
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        """)


_RENAMED = """
    await render(1);
    const el = container.firstChild;
    assert.equal(el.textContent, "A1");
    assert.ok(await patch(2));
    // Same state variable name, so state is preserved.
    assert.equal(container.firstChild, el);
    assert.equal(el.textContent, "B1");
    assert.ok(await patch(3));
    // Different state variable name, so state is reset.
    assert.notEqual(container.firstChild, el);
    assert.equal(container.firstChild.textContent, "C3");
"""


def _three(source: str) -> list[dict[str, str]]:
    """Versions A (S = 1), B (S = 2), C (S = 3, foo renamed to bar), as React's test edits them."""
    return [{"App.jsx": source.replace("LETTER", "A").replace("S = 0", "S = 1")},
            {"App.jsx": source.replace("LETTER", "B").replace("S = 0", "S = 2")},
            {"App.jsx": source.replace("LETTER", "C").replace("S = 0", "S = 3").replace("foo", "bar")
             .replace("setFoo", "setBar")}]


def test_resets_state_when_renaming_a_state_variable(tmp_path: Path, packages: Path) -> None:
    app = """
        import { useState } from "react";
        const S = 0;

        export default function App() {
          const [foo, setFoo] = useState(S);
          return <h1>LETTER{foo}</h1>;
        }
    """
    run(tmp_path, packages, _three(app), _RENAMED)


def test_resets_state_when_renaming_a_state_variable_in_a_hoc(tmp_path: Path, packages: Path) -> None:
    # Issue 17's fourth case: `export default hoc(…)`, a component made inside a function.
    app = """
        import { useState } from "react";
        const S = 0;

        function hoc(Wrapped) {
          return function Generated() {
            const [foo, setFoo] = useState(S);
            return <Wrapped value={foo} />;
          };
        }

        export default hoc(({ value }) => {
          return <h1>LETTER{value}</h1>;
        });
    """
    run(tmp_path, packages, _three(app), _RENAMED)


def test_resets_state_when_renaming_a_state_variable_in_a_hoc_with_indirection(tmp_path: Path, packages: Path) -> None:
    app = """
        import { useState } from "react";
        const S = 0;

        function hoc(Wrapped) {
          return function Generated() {
            const [foo, setFoo] = useState(S);
            return <Wrapped value={foo} />;
          };
        }

        function Indirection({ value }) {
          return <h1>LETTER{value}</h1>;
        }

        export default hoc(Indirection);
    """
    run(tmp_path, packages, _three(app), _RENAMED)


def test_resets_state_when_renaming_a_state_variable_inside_a_hoc_with_direct_call(
        tmp_path: Path, packages: Path) -> None:
    app = """
        import { useState } from "react";
        const S = 0;

        function hocWithDirectCall(Wrapped) {
          return function Generated() {
            return Wrapped();
          };
        }

        export default hocWithDirectCall(() => {
          const [foo, setFoo] = useState(S);
          return <h1>LETTER{foo}</h1>;
        });
    """
    run(tmp_path, packages, _three(app), _RENAMED)


_COUNTER_CLICKED = """
    await render(1);
    const el = container.firstChild;
    await click(el);
    await click(el);
    assert.equal(el.textContent, "A2");
"""


@pytest.mark.parametrize("wrapper", ["memo", "forwardRef"])
def test_a_hook_added_inside_memo_or_forward_ref_remounts(tmp_path: Path, packages: Path, wrapper: str) -> None:
    # Issue 17's first case: before, neither version was signed, React kept the state and the
    # view died with "Rendered more hooks than during the previous render".
    app = """
        import { WRAPPER, useState } from "react";
        export const Hello = WRAPPER((PARAMS) => {
          const [n, setN] = useState(0);EXTRA
          return <button onClick={() => setN(n + 1)}>LETTER{n}</button>;
        });
        export default function App() { return <Hello />; }
    """.replace("WRAPPER", wrapper).replace("PARAMS", "props" if wrapper == "memo" else "props, ref")
    versions = [{"App.jsx": app.replace("LETTER", "A").replace("EXTRA", "")},
                {"App.jsx": app.replace("LETTER", "B").replace("EXTRA", "")},
                {"App.jsx": app.replace("LETTER", "C").replace("EXTRA", "\n  const [hover] = useState(false);")}]
    run(tmp_path, packages, versions, _COUNTER_CLICKED + """
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        assert.ok(await patch(3));
        assert.notEqual(container.firstChild, el);
        assert.equal(container.firstChild.textContent, "C0");
        """)


def test_resets_state_on_every_edit_with_refresh_reset(tmp_path: Path, packages: Path) -> None:
    app = """
        // @refresh reset
        import { useState } from "react";
        export default function App() {
          const [n, setN] = useState(0);
          return <button onClick={() => setN(n + 1)}>LETTER{n}</button>;
        }
    """
    run(tmp_path, packages, [{"App.jsx": app.replace("LETTER", "A")}, {"App.jsx": app.replace("LETTER", "B")}],
        _COUNTER_CLICKED + """
        assert.ok(await patch(2));
        assert.notEqual(container.firstChild, el);
        assert.equal(container.firstChild.textContent, "B0");
        """)


def test_remounts_when_a_custom_hook_in_the_module_changes(tmp_path: Path, packages: Path) -> None:
    app = """
        import { useState, useEffect } from "react";
        function useFancyState(initial) {
          const result = useState(initial);EXTRA
          return result;
        }
        export default function App() {
          const [n, setN] = useFancyState(0);
          return <button onClick={() => setN(n + 1)}>LETTER{n}</button>;
        }
    """
    versions = [{"App.jsx": app.replace("LETTER", "A").replace("EXTRA", "")},
                {"App.jsx": app.replace("LETTER", "B").replace("EXTRA", "")},
                {"App.jsx": app.replace("LETTER", "C").replace("EXTRA", "\n  useEffect(() => {});")}]
    run(tmp_path, packages, versions, _COUNTER_CLICKED + """
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        assert.ok(await patch(3));
        assert.notEqual(container.firstChild, el);
        assert.equal(container.firstChild.textContent, "C0");
        """)


def test_an_edited_module_of_hooks_remounts_the_components_that_use_it(tmp_path: Path, packages: Path) -> None:
    # Issue 17's second case. useCount.tsx exports a hook only: no boundary of its own, so the
    # update goes to App.tsx, which accepts it; App's signature lists useCount, whose own
    # signature changed, so App remounts instead of dying on a hook count that changed.
    hook = """
        import { useState, useEffect } from "react";
        export function useCount() {
          const state = useState(0);EXTRA
          return state;
        }
    """
    app = """
        import { useCount } from "./useCount.tsx";
        export default function App() {
          const [n, setN] = useCount();
          return <button onClick={() => setN(n + 1)}>LETTER{n}</button>;
        }
    """
    versions = [{"useCount.tsx": hook.replace("EXTRA", ""), "App.tsx": app.replace("LETTER", "A")},
                {"App.tsx": app.replace("LETTER", "B")},
                {"useCount.tsx": hook.replace("EXTRA", "\n  useEffect(() => {});")}]
    run(tmp_path, packages, versions, """
        await render(1, "App.tsx");
        const el = container.firstChild;
        await click(el);
        await click(el);
        assert.equal(el.textContent, "A2");
        assert.ok(await patch(2));
        assert.equal(container.firstChild, el);
        assert.equal(el.textContent, "B2");
        // v3 changes useCount.tsx only; App.tsx is the boundary that takes the update.
        assert.ok(!(await patch(3, "useCount.tsx")));
        assert.ok(await patch(3, "App.tsx"));
        assert.notEqual(container.firstChild, el);
        assert.equal(container.firstChild.textContent, "B0");
        """)


def test_remounts_classes_on_every_edit(tmp_path: Path, packages: Path) -> None:
    # Issue 17's third case: a module whose only component is a class accepts its own update
    # (as @vitejs/plugin-react decides), and React remounts the class: classes keep no state
    # across edits. The update does not go on to the importer (no re-render from the top).
    clock = """
        import { Component } from "react";
        export default class Clock extends Component {
          state = { n: 0 };
          render() {
            return <button onClick={() => this.setState({ n: this.state.n + 1 })}>LETTER{this.state.n}</button>;
          }
        }
    """
    run(tmp_path, packages, [{"App.jsx": clock.replace("LETTER", "A")}, {"App.jsx": clock.replace("LETTER", "B")}],
        _COUNTER_CLICKED + """
        assert.ok(await patch(2));
        assert.deepEqual(invalidations, []);
        assert.notEqual(container.firstChild, el);
        assert.equal(container.firstChild.textContent, "B0");
        """)
