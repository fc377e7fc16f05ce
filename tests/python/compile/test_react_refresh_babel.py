"""React's own tests of ``react-refresh/babel``, ported: what nbbundle's pre-pass registers under
which name, and which functions it signs with which key.

Source: facebook/react ``packages/react-refresh/src/__tests__/ReactFreshBabelPlugin-test.js``
(the cases, shared as ``testcases.js``) and its snapshot, with ``emitFullSignatures`` (the key in
full, as nbbundle writes it). The snapshot is Babel's rebuilt text; nbbundle keeps every line, so
the comparison is of structure, read back from the output's own tree: each
``_refresh.register(handle, "m.jsx Name")`` with what the handle was assigned, and each
signature call ``_s(target, key, forceReset, getter)`` with its target, plus the ``_s()`` that
must open the signed function's body. Every output also goes through the JavaScript compiler.

Real code is the oracle: every case is also given to ``react-refresh/babel`` itself (Babel 7
with the notebooks' pinned react-refresh, from the tests' npm cache, one node process:
``tests/js/react-refresh/babel-refresh.cjs``), and the structure read from Babel's output must
be the same, except where a test says why not. ``SHAPES`` adds thirty more shapes of real
components (TypeScript generics, HOC chains, hooks in classes and objects, directives, …) that
are compared with Babel only, and every module of @tanstack/react-query's TypeScript sources
(pinned) is compared too.

Ported (name in React's suite → test here): registers top-level function declarations;
registers top-level exported function declarations; registers top-level exported named arrow
functions; uses original function declaration if it get reassigned; only registers pascal case
functions; registers top-level variable declarations with function expressions / with arrow
functions; ignores HOC definitions; ignores complex definitions; ignores unnamed function
declarations; registers likely HOCs with inline functions (3 cases); ignores higher-order
functions that are not HOCs; registers identifiers used in JSX at definition site; registers
identifiers used in React.createElement at definition site; registers capitalized identifiers
in HOC calls; generates signatures for function declarations calling hooks; generates signatures
for function expressions calling hooks; includes custom hooks into the signatures; generates
valid signature for exotic ways to call Hooks; does not consider require-like methods to be
HOCs (``App`` not exported: a module with ``export`` is an ES module, where nbbundle refuses
``require``); can handle implicit arrow returns (``window.exported =`` for ``module.exports =``,
for the same reason); does not get tripped by IIFEs.

Left out: "includes custom hooks into the signatures when commonjs target is used" (Babel's
CommonJS transform running after the plugin; nbbundle's modules stay ES modules),
"uses custom identifiers for $RefreshReg$ and $RefreshSig$" (an option nbbundle does not have:
its runtime is a module), "respects Babel's envName option" (Babel's configuration), the
TypeScript ``namespace`` cases (not implemented: see ``refresh_rules``), and "registers composed
HOCs" (``compose(a, b)(() => …)``: a newer plugin than react-refresh 0.19, which nbbundle follows).
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import tree_sitter
import tree_sitter_typescript
from missing_tools import reason, skip_without, under_ci
from npm_cache import REACT, npm_packages

from nbbundle.compile.options import CompileOptions
from nbbundle.compile.transform import transform
from nbbundle.compile.typescript.prepass import to_javascript

REFRESHED = CompileOptions(react_refresh=True)
#: React's transform as @vitejs/plugin-react runs it: Babel 7 and the react-refresh of the notebooks.
BABEL = {"@babel/core": "7.29.17", "@babel/plugin-syntax-jsx": "7.29.17", "@babel/plugin-syntax-typescript": "7.29.17",
         "react-refresh": REACT["react-refresh"]}
SCRIPT = Path(__file__).resolve().parents[2] / "js" / "react-refresh" / "babel-refresh.cjs"
_TSX = tree_sitter.Language(tree_sitter_typescript.language_tsx())


@dataclass
class Refresh:
    """What the output registers and signs, read from its tree."""

    registered: list[tuple[str, str]] = field(default_factory=list)
    """(persistent name, what the handle holds) in registration order."""
    signed: list[tuple[str, str, str]] = field(default_factory=list)
    """(target, key, the arguments after the key) in the order of the text."""


def refresh(source: str, kind: str = "jsx", *, compiles: bool = True, like_babel: bool = True) -> Refresh:
    """What nbbundle's pre-pass registers and signs in ``source``; unless told it differs,
    checked equal to what React's own ``react-refresh/babel`` makes of the same text."""
    if compiles:  # valid JavaScript, as the compiler reads it
        transform("m." + kind, source, kind, options=REFRESHED)
    text = to_javascript("m." + kind, source, kind, REFRESHED).text
    assert text.count("\n") >= source.count("\n"), "lines were lost"
    found = read_refresh(text, "_refresh.register", f"m.{kind} ")
    if like_babel and _BABEL.available():
        assert found == read_refresh(_BABEL.transform(source, typescript=kind in ("ts", "tsx")), "$RefreshReg$", ""), (
            "not what react-refresh/babel does")
    elif like_babel and under_ci():  # locally the check against Babel is left out without node
        pytest.fail(reason("node", "react-refresh/babel is the reference") + " (and npm)", pytrace=False)
    return found


def read_refresh(text: str, register: str, prefix: str) -> Refresh:
    """The registrations and signatures of a module's text, read from its tree (nbbundle's
    output, or Babel's: ``register`` is the registering function's name there)."""
    data = text.encode()
    root = tree_sitter.Parser(_TSX).parse(data).root_node

    def src(node: tree_sitter.Node) -> str:
        return data[node.start_byte:node.end_byte].decode()

    def describe(node: tree_sitter.Node) -> str:
        while node.type in ("parenthesized_expression", "assignment_expression"):
            node = node.named_children[0] if node.type == "parenthesized_expression" else node.child_by_field_name("right")
        if node.type == "arrow_function":
            return "() =>"
        if node.type in ("function_expression", "function"):
            name = node.child_by_field_name("name")
            return f"function {src(name)}" if name is not None else "function"
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee.type == "identifier" and src(callee).startswith("_s"):
                return describe(node.child_by_field_name("arguments").named_children[0])
            return f"{src(callee)}(…)"
        return src(node)

    assigned: dict[str, tree_sitter.Node] = {}
    calls: list[tree_sitter.Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "assignment_expression":
            assigned.setdefault(src(node.child_by_field_name("left")), node.child_by_field_name("right"))
        if node.type == "call_expression":
            calls.append(node)
        stack.extend(reversed(node.named_children))
    found = Refresh()
    declarations = _functions_by_name(root, src)
    for call in sorted(calls, key=lambda n: n.start_byte):
        callee = src(call.child_by_field_name("function"))
        arguments = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
        if callee == register:
            found.registered.append((src(arguments[1])[1:-1].removeprefix(prefix), describe(assigned[src(arguments[0])])))
        elif callee.startswith("_s") and len(arguments) >= 2 and arguments[1].type == "string":
            target = arguments[0]
            function = declarations.get(src(target)) if target.type == "identifier" else target
            while function is not None and function.type in ("parenthesized_expression", "assignment_expression"):
                function = function.named_children[0] if function.type == "parenthesized_expression" \
                    else function.child_by_field_name("right")
            if function is not None and function.type in ("arrow_function", "function_expression", "function",
                                                          "function_declaration"):
                body = function.child_by_field_name("body")
                first = next((c for c in body.named_children if c.type != "comment"
                              and not (c.type == "expression_statement" and c.named_children[0].type == "string")), None)
                assert first is not None and src(first).startswith(f"{callee}()"), (
                    f"the body of {describe(function)} does not start with {callee}()")
            key = src(arguments[1])[1:-1].replace("\\n", "\n")
            found.signed.append((describe(target), key, ", ".join(" ".join(src(a).split()) for a in arguments[2:])))
    return found


class _Babel:
    """One node process running ``react-refresh/babel`` (tests/js/react-refresh/babel-refresh.cjs)
    on each text it is given: the oracle these tests compare with."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None

    def available(self) -> bool:
        return shutil.which("node") is not None and shutil.which("npm") is not None

    def transform(self, source: str, *, typescript: bool) -> str:
        if self._process is None:
            folder = npm_packages("babel-refresh", BABEL)
            self._process = subprocess.Popen(["node", str(SCRIPT)], cwd=folder, stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, text=True)
            atexit.register(self._process.kill)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({"code": source, "typescript": typescript}) + "\n")
        self._process.stdin.flush()
        answer = json.loads(self._process.stdout.readline())
        assert "code" in answer, answer
        return answer["code"]


_BABEL = _Babel()


def _functions_by_name(root: tree_sitter.Node, src) -> dict[str, tree_sitter.Node]:  # noqa: ANN001
    found: dict[str, tree_sitter.Node] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "function_declaration":
            found.setdefault(src(node.child_by_field_name("name")), node)
        elif node.type == "variable_declarator" and node.child_by_field_name("value") is not None:
            found.setdefault(src(node.child_by_field_name("name")), node.child_by_field_name("value"))
        stack.extend(node.named_children)
    return found


def test_registers_top_level_function_declarations() -> None:
    out = refresh("""
function Hello() {
  function handleClick() {}
  return <h1 onClick={handleClick}>Hi</h1>;
}

function Bar() {
  return <Hello />;
}
""")
    assert out.registered == [("Hello", "Hello"), ("Bar", "Bar")]
    assert out.signed == []


def test_registers_top_level_exported_function_declarations() -> None:
    out = refresh("""
export function Hello() {
  function handleClick() {}
  return <h1 onClick={handleClick}>Hi</h1>;
}

export default function Bar() {
  return <Hello />;
}

function Baz() {
  return <h1>OK</h1>;
}

const NotAComp = 'hi';
export { Baz, NotAComp };

export function sum() {}
export const Bad = 42;
""")
    assert out.registered == [("Hello", "Hello"), ("Bar", "Bar"), ("Baz", "Baz")]


def test_registers_top_level_exported_named_arrow_functions() -> None:
    out = refresh("""
export const Hello = () => {
  function handleClick() {}
  return <h1 onClick={handleClick}>Hi</h1>;
};

export let Bar = (props) => <Hello />;

export default () => {
  // This one should be ignored.
  // You should name your components.
  return <Hello />;
};
""")
    assert out.registered == [("Hello", "Hello"), ("Bar", "Bar")]


def test_uses_original_function_declaration_if_it_get_reassigned() -> None:
    source = "function Hello() {\n  return <h1>Hi</h1>;\n}\nHello = connect(Hello);\n"
    assert refresh(source).registered == [("Hello", "Hello")]
    # The handle takes the value before the reassignment, on the declaration's last line.
    lines = to_javascript("m.jsx", source, "jsx", REFRESHED).text.splitlines()
    assert lines[2].endswith("}; _c = Hello;") or lines[2].endswith(";_c = Hello;"), lines[2]


def test_only_registers_pascal_case_functions() -> None:
    out = refresh("\n  function hello() {\n    return 2 * 2;\n  }\n")
    assert out == Refresh()
    assert "_refresh" not in to_javascript("m.jsx", "function hello() { return 2 * 2; }\n", "jsx", REFRESHED).text


def test_registers_top_level_variable_declarations_with_function_expressions() -> None:
    out = refresh("""
    let Hello = function() {
      function handleClick() {}
      return <h1 onClick={handleClick}>Hi</h1>;
    };
    const Bar = function Baz() {
      return <Hello />;
    };
    function sum() {}
    let Baz = 10;
    var Qux;
""")
    assert out.registered == [("Hello", "Hello"), ("Bar", "Bar")]


def test_registers_top_level_variable_declarations_with_arrow_functions() -> None:
    out = refresh("""
  let Hello = () => {
    const handleClick = () => {};
    return <h1 onClick={handleClick}>Hi</h1>;
  }
  const Bar = () => {
    return <Hello />;
  };
  var Baz = () => <div />;
  var sum = () => {};
""")
    assert out.registered == [("Hello", "Hello"), ("Bar", "Bar"), ("Baz", "Baz")]


def test_ignores_hoc_definitions() -> None:
    out = refresh("""
    let connect = () => {
      function Comp() {
        const handleClick = () => {};
        return <h1 onClick={handleClick}>Hi</h1>;
      }
      return Comp;
    };
    function withRouter() {
      return function Child() {
        const handleClick = () => {};
        return <h1 onClick={handleClick}>Hi</h1>;
      }
    };
""")
    assert out == Refresh()


def test_ignores_complex_definitions() -> None:
    out = refresh("""
    let A = foo ? () => {
      return <h1>Hi</h1>;
    } : null
    const B = (function Foo() {
      return <h1>Hi</h1>;
    })();
    let C = () => () => {
      return <h1>Hi</h1>;
    };
    let D = bar && (() => {
      return <h1>Hi</h1>;
    });
""")
    assert out == Refresh()


def test_ignores_unnamed_function_declarations() -> None:
    assert refresh("export default function() {}\n") == Refresh()


def test_registers_likely_hocs_with_inline_functions() -> None:
    out = refresh("""
      const A = forwardRef(function() {
        return <h1>Foo</h1>;
      });
      const B = memo(React.forwardRef(() => {
        return <h1>Foo</h1>;
      }));
      export default React.memo(forwardRef((props, ref) => {
        return <h1>Foo</h1>;
      }));
""")
    assert out.registered == [
        ("A$forwardRef", "function"), ("A", "A"),
        ("B$memo$React.forwardRef", "() =>"), ("B$memo", "React.forwardRef(…)"), ("B", "B"),
        ("%default%$React.memo$forwardRef", "() =>"), ("%default%$React.memo", "forwardRef(…)"),
        ("%default%", "React.memo(…)"),
    ]
    out = refresh("export default React.memo(forwardRef(function (props, ref) {\n  return <h1>Foo</h1>;\n}));\n")
    assert out.registered == [("%default%$React.memo$forwardRef", "function"),
                              ("%default%$React.memo", "forwardRef(…)"), ("%default%", "React.memo(…)")]
    out = refresh("export default React.memo(forwardRef(function Named(props, ref) {\n  return <h1>Foo</h1>;\n}));\n")
    assert out.registered == [("%default%$React.memo$forwardRef", "function Named"),
                              ("%default%$React.memo", "forwardRef(…)"), ("%default%", "React.memo(…)")]


def test_ignores_higher_order_functions_that_are_not_hocs() -> None:
    out = refresh("""
const throttledAlert = throttle(function() {
  alert('Hi');
});
const TooComplex = (function() { return hello })(() => {});
if (cond) {
  const Foo = thing(() => {});
}
""")
    assert out == Refresh()


_DEFINITION_SITE = """
import A from './A';
import Store from './Store';

Store.subscribe();

const Header = styled.div`color: red`
const StyledFactory1 = styled('div')`color: hotpink`
const StyledFactory2 = styled('div')({ color: 'hotpink' })
const StyledFactory3 = styled(A)({ color: 'hotpink' })
const FunnyFactory = funny.factory``;

let Alias1 = A;
let Alias2 = A.Foo;
const Dict = {};

function Foo() {
  return USES;
}

const B = hoc(A);
// This is currently registered as a false positive:
const NotAComponent = wow(A);
// We could avoid it but it also doesn't hurt.
"""
_DEFINITION_SITE_REGISTERED = [
    ("Header", "Header"), ("StyledFactory1", "StyledFactory1"), ("StyledFactory2", "StyledFactory2"),
    ("StyledFactory3", "StyledFactory3"), ("Foo", "Foo"), ("B", "B"), ("NotAComponent", "NotAComponent"),
]


def test_registers_identifiers_used_in_jsx_at_definition_site() -> None:
    uses = ("(\n    <div><A /><B /><StyledFactory1 /><StyledFactory2 /><StyledFactory3 /><Alias1 /><Alias2 />"
            "<Header /><Dict.X /></div>\n  )")
    assert refresh(_DEFINITION_SITE.replace("USES", uses)).registered == _DEFINITION_SITE_REGISTERED


def test_registers_identifiers_used_in_react_create_element_at_definition_site() -> None:
    uses = ("[\n    React.createElement(A),\n    React.createElement(B),\n    React.createElement(StyledFactory1),\n"
            "    React.createElement(StyledFactory2),\n    React.createElement(StyledFactory3),\n"
            "    React.createElement(Alias1),\n    React.createElement(Alias2),\n    jsx(Header),\n"
            "    React.createElement(Dict.X),\n  ]")
    source = _DEFINITION_SITE.replace("USES", uses).replace("const B = hoc", "React.createContext(Store);\n\nconst B = hoc")
    assert refresh(source).registered == _DEFINITION_SITE_REGISTERED


def test_registers_capitalized_identifiers_in_hoc_calls() -> None:
    out = refresh("""
function Foo() {
  return <h1>Hi</h1>;
}

export default hoc(Foo);
export const A = hoc(Foo);
const B = hoc(Foo);
""")
    assert out.registered == [("Foo", "Foo"), ("%default%", "hoc(…)"), ("A", "A"), ("B", "B")]


def test_generates_signatures_for_function_declarations_calling_hooks() -> None:
    out = refresh("""
export default function App() {
  const [foo, setFoo] = useState(0);
  React.useEffect(() => {});
  return <h1>{foo}</h1>;
}
""")
    assert out.registered == [("App", "App")]
    assert out.signed == [("App", "useState{[foo, setFoo](0)}\nuseEffect{}", "")]


def test_generates_signatures_for_function_expressions_calling_hooks() -> None:
    # Unlike registration, every function is signed, not just top-level ones; a function
    # expression is wrapped, and so is every HOC call that takes it.
    out = refresh("""
export const A = React.memo(React.forwardRef((props, ref) => {
  const [foo, setFoo] = useState(0);
  React.useEffect(() => {});
  return <h1 ref={ref}>{foo}</h1>;
}));

export const B = React.memo(React.forwardRef(function(props, ref) {
  const [foo, setFoo] = useState(0);
  React.useEffect(() => {});
  return <h1 ref={ref}>{foo}</h1>;
}));

function hoc() {
  return function Inner() {
    const [foo, setFoo] = useState(0);
    React.useEffect(() => {});
    return <h1 ref={ref}>{foo}</h1>;
  };
}

export let C = hoc();
""")
    key = "useState{[foo, setFoo](0)}\nuseEffect{}"
    assert out.signed == [
        ("React.memo(…)", key, ""), ("React.forwardRef(…)", key, ""), ("() =>", key, ""),
        ("React.memo(…)", key, ""), ("React.forwardRef(…)", key, ""), ("function", key, ""),
        ("function Inner", key, ""),
    ]
    assert out.registered == [
        ("A$React.memo$React.forwardRef", "() =>"), ("A$React.memo", "React.forwardRef(…)"), ("A", "A"),
        ("B$React.memo$React.forwardRef", "function"), ("B$React.memo", "React.forwardRef(…)"), ("B", "B"),
    ]
    # Inner's signature is made in hoc's scope: one per HOC call, as Babel's scope.parent.push.
    text = to_javascript("m.jsx", "function hoc() {\n  return function Inner() { useState(0); };\n}\n", "jsx",
                         REFRESHED).text
    assert "function hoc() {var _s = _refresh.signature(); " in text


def test_includes_custom_hooks_into_the_signatures() -> None:
    out = refresh("""
function useFancyState() {
  const [foo, setFoo] = React.useState(0);
  useFancyEffect();
  return foo;
}

const useFancyEffect = () => {
  React.useEffect(() => {});
};

export default function App() {
  const bar = useFancyState();
  return <h1>{bar}</h1>;
}
""")
    assert out.signed == [
        ("useFancyState", "useState{[foo, setFoo](0)}\nuseFancyEffect{}", "false, function () { return [useFancyEffect]; }"),
        ("useFancyEffect", "useEffect{}", ""),
        ("App", "useFancyState{bar}", "false, function () { return [useFancyState]; }"),
    ]
    assert out.registered == [("App", "App")]


def test_a_module_of_hooks_only_is_signed() -> None:
    # Not in React's suite, but its rule: the plugin has no early return for modules without
    # components, so a custom hook is signed wherever it is.
    out = refresh("import { useState } from 'react';\nexport function useCount() { return useState(0); }\n", "tsx")
    assert out.signed == [("useCount", "useState{(0)}", "")]
    assert out.registered == []


def test_generates_valid_signature_for_exotic_ways_to_call_hooks() -> None:
    out = refresh("""
import FancyHook from 'fancy';

export default function App() {
  function useFancyState() {
    const [foo, setFoo] = React.useState(0);
    useFancyEffect();
    return foo;
  }
  const bar = useFancyState();
  const baz = FancyHook.useThing();
  React.useState();
  useThePlatform();
  return <h1>{bar}{baz}</h1>;
}
""")
    # useFancyEffect and useThePlatform are bound nowhere, useFancyState only inside App: a
    # hook that cannot be listed forces a reset.
    assert out.signed == [
        ("useFancyState", "useState{[foo, setFoo](0)}\nuseFancyEffect{}", "true"),
        ("App", "useFancyState{bar}\nuseThing{baz}\nuseState{}\nuseThePlatform{}",
         "true, function () { return [FancyHook.useThing]; }"),
    ]


def test_does_not_consider_require_like_methods_to_be_hocs() -> None:
    out = refresh("""
const A = require('A');
const B = foo ? require('X') : require('Y');
const C = requireCond(gk, 'C');
const D = import('D');

function App() {
  return (
    <div>
      <A />
      <B />
      <C />
      <D />
    </div>
  );
}
""", compiles=False)  # the JSX runtime's import makes it an ES module, where require is refused
    assert out.registered == [("App", "App")]


def test_can_handle_implicit_arrow_returns() -> None:
    out = refresh("""
export default () => useContext(X);
export const Foo = () => useContext(X);
window.exported = () => useContext(X);
const Bar = () => useContext(X);
const Baz = memo(() => useContext(X));
const Qux = () => (0, useContext(X));
""")
    assert out.signed == [
        ("() =>", "useContext{}", ""), ("Foo", "useContext{}", ""), ("() =>", "useContext{}", ""),
        ("Bar", "useContext{}", ""), ("memo(…)", "useContext{}", ""), ("() =>", "useContext{}", ""),
        ("Qux", "useContext{}", ""),
    ]
    assert out.registered == [("Foo", "Foo"), ("Bar", "Bar"), ("Baz$memo", "() =>"), ("Baz", "Baz"), ("Qux", "Qux")]


def test_does_not_get_tripped_by_iifes() -> None:
    out = refresh("while (item) {\n  (item => {\n    useFoo();\n  })(item);\n}\n")
    assert out.signed == [("() =>", "useFoo{}", "true")]
    text = to_javascript("m.jsx", "while (item) {\n  (item => {\n    useFoo();\n  })(item);\n}\n", "jsx", REFRESHED).text
    assert text.splitlines()[0].endswith("while (item) {var _s = _refresh.signature(); ")


def test_refresh_reset_forces_a_remount_in_every_signature() -> None:
    out = refresh("// @refresh reset\nexport function App() { const [v] = useState(1); return <p>{v}</p>; }\n")
    assert out.signed == [("App", "useState{[v](1)}", "true")]


# -- where nbbundle writes a signature differently, so the module still runs ----------------------

def test_a_signature_stays_where_the_name_is_in_scope() -> None:
    # After a `switch`, a function declared in a case is out of scope; so is a `for` head's
    # const after the loop. Babel writes the signature there (a ReferenceError when the module
    # runs); here it goes inside the case, and around the function in the head.
    text = to_javascript("m.jsx", "switch (x) { case 1: function F() { useX(); } }\n", "jsx", REFRESHED).text
    assert 'case 1: function F() {_s();  useX(); };_s(F, "useX{}", true); }' in text
    text = to_javascript("m.jsx", "for (const f = () => useX(); ;) break;\n", "jsx", REFRESHED).text
    assert 'for (const f = _s(() => { _s(); return useX() }, "useX{}", true); ;) break;' in text
    assert refresh("for (const f = () => useX(); ;) break;\n", like_babel=False).signed == [("() =>", "useX{}", "true")]


def test_the_body_call_follows_the_directives() -> None:
    text = to_javascript("m.jsx", "export function App() {\n  'use strict';\n  useX();\n}\n", "jsx", REFRESHED).text
    assert text.splitlines()[1] == "  'use strict';_s(); "


# -- more shapes, each compared with react-refresh/babel ------------------------------------------

SHAPES = [
    "const A = memo<Props>((p) => { useX(); return null });",
    "const useA = () => ({ a: useX() });",
    "const useA = async () => await useB();",
    "function* useGen() { yield useX(); }",
    "class K extends React.Component { m() { useX(); } render() { return null } }",
    "function f(a = () => { useX() }) { return a; }",
    "export const make = (I) => (p) => { const [n] = useState(0); return <I n={n} /> };",
    "class A { f = () => { useX() } }",
    "const o = { useFoo() { useState() } };",
    "export default memo(function App() { const [a] = useState(1); return <p>{a}</p>; });",
    "export const A = React.memo(() => { useX(); return null }) as any;",
    "switch (x) { case 1: function F() { useX(); } }",
    "export const B = () => <button onClick={(() => { return () => 1 })()} />;",
    "function Foo() { return null }\nexport { Foo as default };",
    "export const useT = <T,>(x: T) => useState<T>(x);",
    "export const F = (): JSX.Element => {\n  const [a] = useState(0);\n  return <p>{a}</p>;\n};",
    "export const G = forwardRef<HTMLDivElement, P>(function G(props, ref) {\n"
    "  useImperativeHandle(ref, () => ({}));\n  return <div ref={ref} />;\n});",
    "export default () => { const [a] = useState(1); return a }",
    "let C; C = memo(() => { useX(); return null });",
    "export const H = memo(\n  () => {\n    useX();\n    return null;\n  },\n  (a, b) => a === b,\n);",
    "export function App() {\n  'use strict';\n  const [a] = useState(0);\n  return a;\n}",
    "const D = hoc()(() => { useX(); return null });",
    "export const E = React.lazy(() => import('./x'));",
    "export const W = (p) => p.ok ? useA() : useB();",
    "const Deep = () => { const inner = () => { const deeper = () => { useZ(); }; useY(); }; useX(); };",
    "import { useStore } from './store';\nexport function Cart() { const items = useStore((s) => s.items);"
    " const [open, setOpen] = React.useState(false); return <ul>{items.length}{open}</ul>; }",
    "import * as hooks from './hooks';\nexport const Panel = () => { const v = hooks.useValue(); return <p>{v}</p>; };",
    "export const List = memo(function List({ items }) {\n  const sorted = useMemo(() => [...items].sort(), [items]);\n"
    "  return <ul>{sorted.map((i) => <Item key={i} i={i} />)}</ul>;\n});\nconst Item = ({ i }) => <li>{i}</li>;",
    "const Styled = styled.button`color: red`;\nexport const Button = (p) => <Styled {...p} />;",
    "export default function Page() {\n  const [q, setQ] = useState('');\n  const results = useSearch(q);\n"
    "  return <Results items={results} />;\n}\nfunction useSearch(q) { return useMemo(() => q.split(' '), [q]); }",
]


@pytest.mark.parametrize("source", SHAPES, ids=range(len(SHAPES)))
def test_other_shapes_as_react_refresh_babel_does(source: str) -> None:
    refresh(source + "\n", "tsx")


def test_a_typescript_module_without_jsx_and_the_annotations_in_the_key() -> None:
    # A .ts module is read with a grammar that has no JSX: the "used as a JSX type" test must
    # not ask it for JSX nodes. (@tanstack/react-query's IsRestoringProvider.ts.)
    out = refresh("import * as React from 'react';\nconst IsRestoringContext = React.createContext(false);\n"
                  "export const useIsRestoring = () => React.useContext(IsRestoringContext);\n", "ts")
    assert out.signed == [("useIsRestoring", "useContext{}", "")]
    # Babel's key has the declared names as written, type annotation included.
    out = refresh("export function App() {\n  const [a, setA]: [number, (n: number) => void] = useState(0);\n"
                  "  return <p>{a}</p>;\n}\n", "tsx")
    assert out.signed == [("App", "useState{[a, setA]: [number, (n: number) => void](0)}", "")]


#: A library written in TypeScript with React hooks and components, its sources in its package.
QUERY = {"@tanstack/react-query": "5.108.4", "react": REACT["react"]}


def test_react_query_sources_as_react_refresh_babel_does() -> None:
    """Real code: every module of @tanstack/react-query's ``src/`` (custom hooks in .ts modules,
    providers and boundaries in .tsx) registered and signed as ``react-refresh/babel`` does."""
    for tool in ("node", "npm"):
        skip_without(tool, "to run react-refresh/babel")
    sources = npm_packages("react-query", QUERY) / "node_modules" / "@tanstack" / "react-query" / "src"
    modules = sorted(p for p in sources.rglob("*.ts*") if not p.name.endswith(".d.ts"))
    assert len(modules) > 15
    signed = 0
    for path in modules:
        signed += len(refresh(path.read_text(), path.suffix[1:]).signed)
    assert signed > 15  # hooks everywhere: the comparison covered signatures, not empty modules
