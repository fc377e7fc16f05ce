"""React's Fast Refresh scenarios, run on what nbbundle compiles: each version of a module goes
through the pre-pass, runs as an ES module in node with jsdom, React 19 and nbbundle's refresh
runtime (``js/react-refresh-runtime.js``), and each edit arrives as an HMR update does: the new
version runs, the previous one's accept callback (the module's own footer) decides. The page is
``tests/js/react-refresh/page.mjs``; each test asserts what React's test asserts: the same DOM
node kept or a new one, and the state shown.

Ported from facebook/react ``packages/react-refresh/src/__tests__/ReactFreshIntegration-test.js``
(its "JavaScript syntax" row as .jsx modules; the first also as .tsx): reloads function
declarations; reloads arrow functions; reloads a combination of memo and forwardRef; reloads
default export with named memo; reloads HOCs if they return functions; resets state when
renaming a state variable; … in a HOC; … in a HOC with indirection; … inside a HOC with direct
call; the hook-order change inside a HOC with direct call (``hocWithDirectCall(…).Wrapped``);
resets effects while preserving state (the state and nodes; the effect log is left to React's
scheduler tests); does not get confused when custom hooks are reordered; does not get confused
when component is called early; does not get confused by Hooks defined inline; remounts component
if custom hook it uses changes order; does not lose the inferred arrow names; does not lose the
inferred function names; resets state on every edit with @refresh reset annotation; resets
state when useState initial state is edited; resets state when useReducer initial state is
edited; remounts when switching export from function to class; remounts when switching export
from class to function; remounts when wrapping export in a HOC; … in memo(); … in
forwardRef(). Where the exported component's family changes (the last five), React's test
renders the new export itself; here the runtime's check hands the update to the importer, which
is what the page's ``patch`` does then, as nbbundle's propagation does.
And the notebook's own shapes (issue 17): a hook added inside ``memo(() => …)`` and
``forwardRef(…)`` remounts at 0; a module of hooks only, edited, remounts the components that
use it (through their signature's custom-hook getter) while the module itself leaves the update
to its importer.

From ``ReactFresh-test.js``, as modules: "remounts classes on every edit" (a module whose only
component is a class is a boundary, as @vitejs/plugin-react decides) and "remounts on conversion
from class to function and back" (without its renders of the old types: by hand, React's test
registers the class and the functions under one id; as modules, the class is registered by its
export and the functions by their name, as with Vite). Its other cases call
``$RefreshReg$``/``$RefreshSig$`` by hand rather than through a transform (lazy, Suspense, error
boundaries, context, multiple roots): they test React's runtime, which nbbundle uses as it is,
not what nbbundle writes. Left out of the integration tests: "resets useMemoCache
cache slots" (React Compiler output using ``require``); "with inline requires" (a CommonJS
module system's pattern); the "TypeScript syntax" row's own cases (``ts.transpileModule`` after
Babel; nbbundle's TypeScript pre-pass is tested against TypeScript elsewhere).
"""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from missing_tools import needs
from npm_cache import REACT, npm_packages

from nbbundle.compile.options import CompileOptions
from nbbundle.compile.typescript.prepass import to_javascript

REPO = Path(__file__).resolve().parents[3]
PAGE = REPO / "tests" / "js" / "react-refresh"
RUNTIME = REPO / "js" / "react-refresh-runtime.js"
#: jsdom 26: the last line that runs on node 20 (27+ needs node 22).
PINS = {**REACT, "jsdom": "26.1.0"}

pytestmark = needs("node", why="node runs the page")


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


_HELLO_CLASS = """
    import * as React from "react";
    export default class Hello extends React.Component {
      state = {count: 0};
      handleClick = () => {
        this.setState(prev => ({
          count: prev.count + 1,
        }));
      };
      render() {
        return (
          <p style={{color: 'COLOR'}} onClick={this.handleClick}>
            {this.state.count}
          </p>
        );
      }
    }
"""
_HELLO_FUNCTION = """
    import * as React from "react";
    export default function Hello() {
      const [val, setVal] = React.useState(0);
      return (
        <p style={{color: 'COLOR'}} onClick={() => setVal(val + 1)}>
          {val}
        </p>
      );
    }
"""
_SHOWN = """
    assert.equal(EL.textContent, "COUNT");
    assert.equal(EL.style.color, "COLOR");
"""


def _shown(element: str, count: int, color: str) -> str:
    return _SHOWN.replace("EL", element).replace("COUNT", str(count)).replace("COLOR", color)


def test_remounts_classes_on_every_edit(tmp_path: Path, packages: Path) -> None:
    # ReactFresh-test: a module whose only component is a class accepts its own update (as
    # @vitejs/plugin-react decides), and React remounts the class: a class keeps no state
    # across edits. The update does not go on to the importer.
    versions = [{"App.jsx": _HELLO_CLASS.replace("COLOR", color)} for color in ("blue", "red", "orange")]
    run(tmp_path, packages, versions, "const el = (await render(1), container.firstChild);"
        + _shown("el", 0, "blue") + "await click(el);" + _shown("el", 1, "blue") + """
        assert.ok(await patch(2));
        assert.deepEqual(invalidations, []);
        // It should have remounted the class.
        assert.notEqual(container.firstChild, el);
        const newEl = container.firstChild;""" + _shown("newEl", 0, "red") + "await click(newEl);"
        + _shown("newEl", 1, "red") + """
        // Now top-level renders of both types resolve to latest.
        await render(1);
        await render(2);
        assert.equal(container.firstChild, newEl);""" + _shown("newEl", 1, "red") + """
        assert.ok(await patch(3));
        // It should have remounted the class again.
        const finalEl = container.firstChild;
        assert.notEqual(finalEl, newEl);""" + _shown("finalEl", 0, "orange") + "await click(finalEl);"
        + _shown("finalEl", 1, "orange") + """
        await render(3);
        await render(2);
        await render(1);
        assert.equal(container.firstChild, finalEl);""" + _shown("finalEl", 1, "orange"))


def test_remounts_on_conversion_from_class_to_function_and_back(tmp_path: Path, packages: Path) -> None:
    versions = [{"App.jsx": _HELLO_FUNCTION.replace("COLOR", "blue")}, {"App.jsx": _HELLO_CLASS.replace("COLOR", "red")},
                {"App.jsx": _HELLO_FUNCTION.replace("COLOR", "orange")},
                {"App.jsx": _HELLO_FUNCTION.replace("COLOR", "purple")}]
    run(tmp_path, packages, versions, "const el = (await render(1), container.firstChild);"
        + _shown("el", 0, "blue") + "await click(el);" + _shown("el", 1, "blue") + """
        // A hot update that turns it into a class: a different component, so the importer
        // renders the new one (the module's check hands the update on).
        await patch(2);
        assert.notEqual(container.firstChild, el);
        const newEl = container.firstChild;""" + _shown("newEl", 0, "red") + "await click(newEl);"
        + _shown("newEl", 1, "red") + """
        // Now convert it back to a function.
        await patch(3);
        const finalEl = container.firstChild;
        assert.notEqual(finalEl, newEl);""" + _shown("finalEl", 0, "orange") + "await click(finalEl);"
        + _shown("finalEl", 1, "orange") + """
        // Now that it's a function, verify edits keep state.
        assert.ok(await patch(4));
        assert.equal(container.firstChild, finalEl);""" + _shown("finalEl", 1, "purple"))


# -- React's edits as (version, what the DOM shows, whether the node is kept) ----------------------

SAME, NEW = "same", "new"


def edits(tmp_path: Path, packages: Path, steps: list[tuple[str, str, str | None]], module: str = "App.jsx") -> None:
    """Render the first source, then patch each next one and check, as React's test does, that
    the root's first node is the ``SAME`` one (state kept) or a ``NEW`` one (remounted), and
    shows ``text``."""
    lines = ["await render(1);", "let el = container.firstChild;", f"assert.equal(el.textContent, {steps[0][1]!r});"]
    for number, (_, text, kept) in enumerate(steps[1:], 2):
        lines.append(f"await patch({number});")
        if kept == SAME:
            lines.append(f"assert.equal(container.firstChild, el, 'edit {number} remounted');")
        else:
            lines.append(f"assert.notEqual(container.firstChild, el, 'edit {number} kept the old node');")
            lines.append("el = container.firstChild;")
        lines.append(f"assert.equal(el.textContent, {text!r}, 'after edit {number}');")
    run(tmp_path, packages, [{module: source} for source, _, _ in steps], "\n".join(lines))


def test_resets_effects_while_preserving_state(tmp_path: Path, packages: Path) -> None:
    app = """
        import * as React from "react";
        const {useState} = React;
        export default function App() {
          const [value, setValue] = useState(0);EFFECT
          return <h1>LETTER{value}</h1>;
        }
    """
    b_effect = "\n  React.useEffect(() => { globalThis.log?.push('B mount'); setValue(1); }, []);"
    c_effect = "\n  React.useEffect(() => { globalThis.log?.push('C mount'); }, []);"
    edits(tmp_path, packages, [
        (app.replace("LETTER", "A").replace("EFFECT", ""), "A0", None),
        (app.replace("LETTER", "B").replace("EFFECT", b_effect), "B1", NEW),  # an effect added: hooks changed
        (app.replace("LETTER", "C").replace("EFFECT", c_effect), "C1", SAME),  # same hooks: state kept
        (app.replace("LETTER", "D").replace("EFFECT", ""), "D0", NEW),  # the effect removed
    ])


def test_does_not_get_confused_when_custom_hooks_are_reordered(tmp_path: Path, packages: Path) -> None:
    app = """
        import * as React from "react";
        function useFancyState(initialState) {
          return React.useState(initialState);
        }

        const App = () => {
          FIRST
          SECOND
          return <h1>LETTER{x}{y}</h1>;
        };

        export default App;
    """
    x, y = "const [x, setX] = useFancyState('X');", "const [y, setY] = useFancyState('Y');"
    edits(tmp_path, packages, [
        (app.replace("LETTER", "A").replace("FIRST", x).replace("SECOND", y), "AXY", None),
        (app.replace("LETTER", "B").replace("FIRST", x).replace("SECOND", y), "BXY", SAME),
        (app.replace("LETTER", "B").replace("FIRST", y).replace("SECOND", x), "BXY", NEW),  # reordered
    ])


def test_does_not_get_confused_when_component_is_called_early(tmp_path: Path, packages: Path) -> None:
    app = """
        App();

        function App() {
          FIRST
          SECOND
          return <h1>LETTER{x}{y}</h1>;
        };

        function useFancyState(initialState) {
          return initialState;
        }

        export default App;
    """
    x, y = "const [x, setX] = useFancyState('X');", "const [y, setY] = useFancyState('Y');"
    edits(tmp_path, packages, [
        (app.replace("LETTER", "A").replace("FIRST", x).replace("SECOND", y), "AXY", None),
        (app.replace("LETTER", "B").replace("FIRST", x).replace("SECOND", y), "BXY", SAME),
        (app.replace("LETTER", "B").replace("FIRST", y).replace("SECOND", x), "BXY", NEW),
    ])


def test_does_not_get_confused_by_hooks_defined_inline(tmp_path: Path, packages: Path) -> None:
    app = """
        import * as React from "react";
        const App = () => {
          const useFancyState = (initialState) => {
            const result = React.useState(initialState);
            return result;
          };
          const [x, setX] = useFancyState('XN');
          const [y, setY] = useFancyState('YN');
          return <h1>LETTER{x}{y}</h1>;
        };

        export default App;
    """
    # The custom hook is declared inside: nothing can tell whether it changed, so a remount.
    edits(tmp_path, packages, [(app.replace("LETTER", "A").replace("N'", "1'"), "AX1Y1", None),
                               (app.replace("LETTER", "B").replace("N'", "2'"), "BX2Y2", NEW)])


def test_remounts_component_if_custom_hook_it_uses_changes_order(tmp_path: Path, packages: Path) -> None:
    app = """
        import * as React from "react";
        const App = () => {
          const [x, setX] = useFancyState('X');
          const [y, setY] = useFancyState('Y');
          return <h1>LETTER{x}{y}</h1>;
        };

        const useFancyState = (initialState) => {
          const result = useIndirection(ARGUMENT);
          return result;
        };

        function useIndirection(initialState) {EFFECT
          return React.useState(initialState);
        }

        export default App;
    """
    effect = "\n  React.useEffect(() => {});"
    edits(tmp_path, packages, [
        (app.replace("LETTER", "A").replace("ARGUMENT", "initialState").replace("EFFECT", ""), "AXY", None),
        (app.replace("LETTER", "B").replace("ARGUMENT", "").replace("EFFECT", ""), "BXY", SAME),
        (app.replace("LETTER", "C").replace("ARGUMENT", "initialState").replace("EFFECT", effect), "CXY", NEW),
        (app.replace("LETTER", "D").replace("ARGUMENT", "").replace("EFFECT", effect), "DXY", SAME),
    ])


@pytest.mark.parametrize("declare", ["const {name} = () =>", "var {name} = function()"])
def test_does_not_lose_the_inferred_names(tmp_path: Path, packages: Path, declare: str) -> None:
    # "does not lose the inferred arrow names" / "… function names": a registration or a
    # signature written around a function would rename it; after the statement, it does not.
    app = f"""
        import * as React from "react";
        {declare.format(name="Parent")} {{
          return <Child/>;
        }};

        {declare.format(name="Child")} {{
          useMyThing();
          return <h1>{{Parent.name}} {{Child.name}} {{useMyThing.name}}</h1>;
        }};

        {declare.format(name="useMyThing")} {{
          React.useState();
        }};

        export default Parent;
    """
    edits(tmp_path, packages, [(app, "Parent Child useMyThing", None)])


def test_resets_state_on_every_edit_with_refresh_reset_annotation(tmp_path: Path, packages: Path) -> None:
    app = """
        import { useState } from "react";
        const S = NUMBER;
        BEFORE
        export default function App() {
          INSIDE
          const [foo, setFoo] = useState(S);
          return <h1>LETTER{foo}</h1>;
        }
    """

    def version(letter: str, number: int, before: str = "", inside: str = "") -> str:
        return (app.replace("LETTER", letter).replace("NUMBER", str(number)).replace("BEFORE", before)
                .replace("INSIDE", inside))

    edits(tmp_path, packages, [
        (version("A", 1), "A1", None),
        (version("B", 2), "B1", SAME),
        (version("C", 3, before="/* @refresh reset */"), "C3", NEW),
        (version("D", 4, inside="// @refresh reset"), "D4", NEW),
        (version("E", 5), "E4", SAME),  # no annotation any more: state kept
        (version("F", 6), "F4", SAME),
        (version("G", 7, inside="/* @refresh reset */"), "G7", NEW),
    ])


@pytest.mark.parametrize(("hook", "call"), [("useState", "useState(INITIAL)"), ("useReducer", "useReducer(x => x, INITIAL)")])
def test_resets_state_when_the_initial_state_is_edited(tmp_path: Path, packages: Path, hook: str, call: str) -> None:
    app = f"""
        import {{ {hook} }} from "react";
        export default function App() {{
          const [foo, setFoo] = {call};
          return <h1>LETTER{{foo}}</h1>;
        }}
    """
    edits(tmp_path, packages, [(app.replace("LETTER", "A").replace("INITIAL", "1"), "A1", None),
                               (app.replace("LETTER", "B").replace("INITIAL", "1"), "B1", SAME),
                               (app.replace("LETTER", "C").replace("INITIAL", "2"), "C2", NEW)])


_FUNCTION = "export default function App() {{\n  return <h1>{}</h1>;\n}}\n"
_CLASS = ("import * as React from 'react';\nexport default class App extends React.Component {{\n"
          "  render() {{\n    return <h1>{}</h1>\n  }}\n}}\n")


def test_remounts_when_switching_export_from_function_to_class(tmp_path: Path, packages: Path) -> None:
    edits(tmp_path, packages, [
        (_FUNCTION.format("A1"), "A1", None), (_FUNCTION.format("A2"), "A2", SAME),
        (_CLASS.format("B1"), "B1", NEW),  # function → class
        (_CLASS.format("B2"), "B2", NEW),  # classes always remount
        (_FUNCTION.format("C1"), "C1", NEW),  # class → function
        (_FUNCTION.format("C2"), "C2", SAME),
    ])


def test_remounts_when_switching_export_from_class_to_function(tmp_path: Path, packages: Path) -> None:
    edits(tmp_path, packages, [
        (_CLASS.format("A1"), "A1", None), (_CLASS.format("A2"), "A2", NEW),
        (_FUNCTION.format("B1"), "B1", NEW), (_FUNCTION.format("B2"), "B2", SAME),
        (_CLASS.format("C1"), "C1", NEW),
    ])


@pytest.mark.parametrize("wrapped", [
    "function hoc(Inner) {{\n  return function Wrapper() {{\n    return <Inner />;\n  }}\n}}\n\n"
    "function App() {{\n  return <h1>{}</h1>;\n}}\n\nexport default hoc(App);\n",
    "import * as React from 'react';\nfunction App() {{\n  return <h1>{}</h1>;\n}}\n\nexport default React.memo(App);\n",
    "import * as React from 'react';\nfunction App() {{\n  return <h1>{}</h1>;\n}}\n\nexport default React.forwardRef(App);\n",
], ids=["hoc", "memo", "forwardRef"])
def test_remounts_when_wrapping_export(tmp_path: Path, packages: Path, wrapped: str) -> None:
    edits(tmp_path, packages, [
        (_FUNCTION.format("A1"), "A1", None), (_FUNCTION.format("A2"), "A2", SAME),
        (wrapped.format("B1"), "B1", NEW),  # wrapped in a HOC
        (wrapped.format("B2"), "B2", SAME),
        (_FUNCTION.format("C1"), "C1", NEW),  # unwrapped
        (_FUNCTION.format("C2"), "C2", SAME),
    ])


def test_remounts_when_hook_order_changes_inside_a_hoc_with_direct_call(tmp_path: Path, packages: Path) -> None:
    app = """
        import { useEffect } from "react";
        function hocWithDirectCall(Wrapped) {
          return {Wrapped: Wrapped};
        }

        export default hocWithDirectCall(() => {
          useEffect(() => {}, []);EXTRA
          return <h1>LETTER</h1>;
        }).Wrapped;
    """
    edits(tmp_path, packages, [(app.replace("LETTER", "A").replace("EXTRA", ""), "A", None),
                               (app.replace("LETTER", "B").replace("EXTRA", "\n  useEffect(() => {}, []);"), "B", NEW)])


def test_a_module_without_exports_is_no_boundary(tmp_path: Path, packages: Path) -> None:
    # As @vitejs/plugin-react decides (hasExports): its components may be signed and
    # registered, but nothing an importer renders comes from it, so the update goes on.
    side = """
        import { useState } from "react";
        function Local() { const [n] = useState(0); return n; }
        globalThis.side = "VALUE";
    """
    app = 'import "./Side.jsx";\nexport default function App() { return <p>{globalThis.side}</p>; }\n'
    run(tmp_path, packages, [{"Side.jsx": side.replace("VALUE", "S1"), "App.jsx": app},
                             {"Side.jsx": side.replace("VALUE", "S2")}], """
        await render(1);
        assert.equal(container.firstChild.textContent, "S1");
        assert.equal(await patch(2, "Side.jsx"), false);
        assert.match(invalidations.at(-1), /Side.jsx: Could not Fast Refresh Side.jsx: it exports no component/);
        """)
