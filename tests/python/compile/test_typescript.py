"""The TypeScript/JSX pre-pass: lines kept, errors at the user's positions, options, refresh."""

from __future__ import annotations

import pytest

from nbbundle.compile.errors import ParseError
from nbbundle.compile.options import CompileOptions, JsxOptions
from nbbundle.compile.transform import transform
from nbbundle.compile.typescript.prepass import to_javascript


def js(source: str, kind: str = "ts", options: CompileOptions | None = None) -> str:
    return to_javascript("m." + kind, source, kind, options or CompileOptions()).text


def body(source: str, kind: str = "ts") -> str:
    return "".join(transform("m." + kind, source, kind).body_parts)


def error(source: str, kind: str = "ts") -> str:
    with pytest.raises(ParseError) as caught:
        transform("m." + kind, source, kind)
    return caught.value.diagnostics[0].format()


def test_types_become_spaces_so_every_column_stays() -> None:
    source = "let a: number = 1;\nconst f = <T,>(x: T): T => x as T;\nlet b = a!;\n"
    assert js(source) == "let a         = 1;\nconst f =     (x   )    => x     ;\nlet b = a ;\n"


def test_a_type_spanning_lines_keeps_its_newlines() -> None:
    source = "interface Big {\n  a: string;\n  b: number;\n}\nconsole.log(1);\n"
    out = js(source)
    assert out.count("\n") == source.count("\n")
    assert out.splitlines()[4] == "console.log(1);"


def test_a_removed_statement_leaves_a_semicolon_so_lines_do_not_run_together() -> None:
    # Without the `;`, `let a = b` and `(c)` would become the call `b(c)`.
    source = "let b = (x) => x, c = 2\nlet a = b\ntype T = number\n(c)\n"
    assert "\n;" in js(source)


def test_imports_used_only_as_types_are_removed_with_their_module() -> None:
    source = 'import { A, b } from "./x.js";\nimport type { C } from "./y.js";\nlet v: A = b;\n'
    result = transform("m.ts", source, "ts")
    assert [r.specifier for r in result.imports] == ["./x.js"]
    assert [n.imported for n in result.imports[0].names] == ["b"]


def test_export_equals_makes_a_commonjs_module() -> None:
    result = transform("m.ts", 'import fs = require("fs");\nexport = fs.readFileSync;\n', "ts")
    assert result.kind == "cjs"
    assert "module.exports = fs.readFileSync" in "".join(result.body_parts)


def test_export_equals_next_to_es_exports_is_an_error() -> None:
    assert error('export const a = 1;\nexport = a;\n').startswith(
        "error: A module with ES imports or exports cannot use `import = require()` or `export =`\n  --> m.ts:2:1")


def test_syntax_errors_name_the_module_line_and_column_with_a_frame() -> None:
    message = error("const ok: number = 1;\nlet x: = 2;\n")
    assert "--> m.ts:2:" in message
    assert "> 2 | let x: = 2;" in message


def test_jsx_syntax_errors_are_diagnostics_too() -> None:
    message = error("const a = <div><span></div>;\n", "tsx")
    assert message.startswith("error: ") and "--> m.tsx:1:" in message


def test_types_in_a_jsx_module_are_refused_with_a_hint() -> None:
    message = error("const a: number = <b />;\n", "jsx")
    assert message.startswith("error: TypeScript syntax in a .jsx module\n  --> m.jsx:1:8")
    assert 'hint: Rename the module to "m.tsx" to write types.' in message


def test_import_ranges_point_at_the_text_the_user_wrote() -> None:
    # The JSX runtime import goes in front of line 1; the user's import keeps its own range.
    source = 'const el = <i />;\nimport { x } from "./dep.js";\nx;\n'
    result = transform("m.tsx", source, "tsx")
    dep = next(r for r in result.imports if r.specifier == "./dep.js")
    start, end = dep.byte_range
    assert source.encode()[start:end] == b'"./dep.js"'


def test_jsx_keeps_lines_and_the_code_between_tags() -> None:
    source = "const el = (\n  <ul>\n    {items.map((i) => <li key={i}>{i}</li>)}\n  </ul>\n);\n"
    out = js(source, "jsx")
    assert out.count("\n") == source.count("\n")
    assert "items.map((i) => " in out.splitlines()[2]


def test_jsx_runtime_from_options_and_pragmas() -> None:
    classic = CompileOptions(jsx=JsxOptions(runtime="classic", factory="h", fragment="Fragment"))
    assert js("const a = <><b x='1' /></>;\n", "jsx", classic).startswith("const a = h(Fragment, null, h(\"b\", {  x: \"1\"  }))")
    preact = js("/** @jsxImportSource preact */\nconst a = <b />;\n", "jsx")
    assert 'from "preact/jsx-runtime"' in preact.splitlines()[0]
    pragma = js("/** @jsx h */\nconst a = <b />;\n", "jsx")
    assert 'h("b", null )' in pragma


def test_key_after_a_spread_falls_back_to_create_element() -> None:
    out = js("const a = <b {...p} key='k' />;\n", "jsx")
    assert 'import { createElement as _createElement } from "react";' in out
    assert '_createElement("b", {   ...p  , key: "k"  })' in out


def test_generated_names_do_not_collide_with_the_modules_own() -> None:
    out = js("const _jsx = 1;\nconst a = <b />;\n", "jsx")
    assert "jsx as _jsx2" in out and "_jsx2(\"b\"" in out


REFRESHED = CompileOptions(react_refresh=True)


def test_refresh_registers_components_and_their_hook_signatures() -> None:
    # The rules themselves are React's tests, ported in test_react_refresh_babel.py; here, the
    # lines: line 1 gets the imports and declarations, every other line stays where it was.
    source = ("import { useState } from 'react';\n"
              "export function Counter() {\n"
              "  const [count, setCount] = useState(0);\n"
              "  return <button>{count}</button>;\n"
              "}\n"
              "export const Label = () => <i>label</i>;\n"
              "function helper() { return 1; }\n")
    out = js(source, "tsx", REFRESHED)
    lines = out.splitlines()
    assert lines[0].startswith('import * as _refresh from "@nbbundle/react-refresh"; var _s = _refresh.signature();'
                               ' var _c, _c2;')
    assert lines[1] == "export function Counter() {_s(); "
    assert lines[4] == '};_s(Counter, "useState{[count, setCount](0)}"); _c = Counter;'
    assert lines[5].endswith(";_c2 = Label;")
    footer = "\n".join(lines[7:])
    assert '_refresh.register(_c, "m.tsx Counter");' in footer
    assert '_refresh.register(_c2, "m.tsx Label");' in footer
    assert "helper" not in footer
    # The exports are read through their locals, known from the tree: no handle on the namespace.
    assert 'const _exports = { "Counter": () => Counter, "Label": () => Label };' in footer
    assert '_refresh.refresh("m.tsx", ["Counter", "Label"], _exports, next)' in footer
    result = transform("m.tsx", source, "tsx", options=REFRESHED)
    assert result.hot.self_accepting


def test_a_class_component_module_is_a_refresh_boundary() -> None:
    # As @vitejs/plugin-react decides: nothing to register or sign, but the module accepts
    # itself, and its runtime check takes the class for a component (React remounts it).
    source = "import { Component } from 'react';\nexport class Clock extends Component { render() { return <p />; } }\n"
    out = js(source, "tsx", REFRESHED)
    assert "_refresh.register(" not in out
    assert '_refresh.refresh("m.tsx", ["Clock"], _exports, next)' in out
    assert transform("m.tsx", source, "tsx", options=REFRESHED).hot.self_accepting
    assert not transform("m.tsx", source.replace("extends Component ", ""), "tsx", options=REFRESHED).hot.self_accepting


def test_a_module_of_hooks_only_is_signed_but_leaves_updates_to_its_importers() -> None:
    source = "import { useState } from 'react';\nexport function useCount() { return useState(0); }\n"
    out = js(source, "tsx", REFRESHED)
    assert '_s(useCount, "useState{(0)}")' in out
    assert not transform("m.tsx", source, "tsx", options=REFRESHED).hot.self_accepting


def test_refresh_leaves_modules_without_components_and_other_jsx_runtimes_alone() -> None:
    assert "_refresh" not in js("export const util = () => 1;\n", "tsx", REFRESHED)
    assert "_refresh" not in js("/** @jsxImportSource preact */\nexport const A = () => <b />;\n", "jsx",
                                       REFRESHED)


def test_process_env_node_env_is_development_unless_process_is_local() -> None:
    out = body("if (process.env.NODE_ENV !== 'production') f();\nfunction g(process) { return process.env.NODE_ENV; }\n",
               "ts")
    assert '"development" !== \'production\'' in out
    assert "return process.env.NODE_ENV" in out


def test_a_missing_jsx_runtime_is_reported_at_the_first_element(tmp_path) -> None:  # noqa: ANN001
    from nbbundle.bundle.load import scan
    from nbbundle.compile.errors import NbbundleError

    (tmp_path / "app.tsx").write_text("const n: number = 1;\nexport const el = <p>{n}</p>;\n")
    with pytest.raises(NbbundleError) as caught:
        scan(tmp_path / "app.tsx")
    message = caught.value.diagnostics[0].format()
    assert message.startswith('error: Could not resolve "react/jsx-runtime" from "app.tsx"\n  --> app.tsx:2:19\n')
    assert "npm install react" in message


def test_a_module_exporting_a_lowercase_function_registers_but_does_not_accept_itself() -> None:
    # A widget's entry: `render` can never be refreshed in place, so the entry keeps its own
    # HMR path (a re-render) instead of accepting itself and invalidating every time.
    source = "function App() { return <main />; }\nexport function render({ el }) { el.x = <App />; }\n"
    out = js(source, "jsx", REFRESHED)
    assert '_refresh.register(_c, "m.jsx App");' in out
    assert "import.meta.hot" not in out
    assert not transform("m.jsx", source, "jsx", options=REFRESHED).hot.self_accepting


def test_jsx_in_a_js_module_is_an_error_that_names_the_extensions_that_take_it() -> None:
    message = error("const small = 1 < 2;\nexport const view = <p>{small}</p>;\n", "js")
    assert message.startswith("error: Unexpected token '<'\n  --> m.js:2:21\n")
    assert "hint: JSX is not JavaScript: name the module .jsx or .tsx, where nbbundle compiles it." in message
    assert body("for (let i = 0; i < 3; i++) {}\nconst tag = `<p>`;\n", "js").startswith("for (let i = 0; i < 3")


def test_decorators_are_an_error_rather_than_code_the_browser_cannot_run() -> None:
    message = error("function sealed(c: any) { return c; }\n@sealed\nclass A {}\n")
    assert message.startswith("error: Decorators are not supported\n  --> m.ts:2:1")
    assert '"experimentalDecorators": true' in message


LEGACY = CompileOptions(experimental_decorators=True)


def legacy_error(source: str) -> str:
    with pytest.raises(ParseError) as caught:
        transform("m.ts", source, "ts", options=LEGACY)
    return caught.value.diagnostics[0].format()


def test_legacy_decorators_keep_every_line_and_move_after_their_class() -> None:
    # (tests/tsconfig/experimental-decorators compares what they do with tsc's output under node)
    source = ('@sealed\nclass A {\n  @log(\n    "multi", // why\n  ) m(@inject(1) p: number) {}\n'
              '  @log("x") static s = A;\n}\nnew A();\n')
    out = js(source, options=LEGACY)
    assert out.count("\n") == source.count("\n")
    lines = out.splitlines()
    assert lines[1] == "let A = class A { static { A_1 = this; }"
    assert lines[4] == "    m(           p        ) {}"
    assert lines[5] == "            static s = A_1;"  # the class's own name reads the decorated class
    assert lines[6] == ('}; __decorate([log(     "multi",          ), __param(0, inject(1))], A.prototype, "m", null); '
                        '__decorate([log("x")], A, "s", void 0); A = A_1 = __decorate([sealed], A);')
    assert lines[7] == "new A();"


def test_legacy_decorators_outside_a_class_declaration_are_refused() -> None:
    assert legacy_error("const f = (d: any) => d;\nconst C = @f class {};\n").startswith(
        "error: Decorators are not valid here\n  --> m.ts:2:11")
    assert legacy_error("const f = (d: any) => d;\nclass C { @f [Symbol.iterator]() {} }\n").startswith(
        "error: A decorated member needs a plain name\n  --> m.ts:2:14")
    assert legacy_error("const f = (d: any) => d;\nclass C { @f(`a\nb`) m() {} }\n").startswith(
        "error: A decorator with a template literal over several lines")


def test_let_and_a_line_break_declare_and_the_types_after_them_go() -> None:
    # The grammar reads `let` + line break as a statement of its own (`x: number` a label, `{ a }`
    # a block and `: {…}` an error); the language reads a declaration.
    source = "let\nx: number = 1;\nlet /* c */\n{ a }: { a: number } = { a: 2 };\n"
    assert js(source) == "let\nx         = 1;\nlet /* c */\n{ a }                = { a: 2 };\n"


def test_a_closing_tag_that_does_not_match_its_opening_tag_is_an_error() -> None:
    # issue 18, item 12: esbuild and tsc refuse it; the grammar takes any closing tag
    for kind in ("tsx", "jsx"):
        message = error("let a = <div><b>x</i></div>\n", kind)
        assert f"m.{kind}:1:20" in message and 'Expected closing tag "</b>"' in message
        assert "> 1 | let a = <div><b>x</i></div>" in message
    assert "A.B" in body("let b = <A.B></A . B>;\n", "tsx")
