"""CommonJS as Node decides it: the format of a file, and the names an ES importer sees."""

from __future__ import annotations

import pytest

from nbbundle.compile.errors import ParseError
from nbbundle.compile.transform import transform


@pytest.mark.parametrize(
    ("source", "kind", "package_type", "expected"),
    [
        ("console.log(1);", "js", None, "cjs"),
        ("console.log(1);", "js", "module", "esm"),
        ("exports.a = 1;", "js", "commonjs", "cjs"),
        ("console.log(1);", "js", "commonjs", "cjs"),
        ("console.log(1);", "cjs", "module", "cjs"),
        ("import './x.js';", "js", None, "esm"),
        ("export {};", "js", None, "esm"),
        ("console.log(import.meta.url);", "js", None, "esm"),
        ("await null;", "js", None, "esm"),
        ("async function f() { await null; }", "js", None, "cjs"),
        ("const require = 1;", "js", None, "esm"),
        ("var require = 1;", "js", None, "cjs"),
        ("function await() {}\nmodule.exports = await;", "js", None, "cjs"),
        ("import('./x.js');", "js", None, "cjs"),
        ("module.exports = [await(1), await [0], await`t`];", "js", None, "cjs"),
        ("const v = await(1);\nawait x;", "js", None, "esm"),
    ],
    ids=[
        "plain script without a type", "any script under type module", "exports under type commonjs",
        "plain script under type commonjs", ".cjs wins over the package type", "import statement",
        "export statement", "import.meta", "top-level await", "await inside a function",
        "top-level const require", "var require is fine in CommonJS", "a function named await",
        "import() is fine in CommonJS", "calls of an identifier await are CommonJS",
        "await x beside them is a module",
    ],
)
def test_format_is_decided_as_node_does(source: str, kind: str, package_type: str | None, expected: str) -> None:
    assert transform("m.js", source, kind, package_type=package_type).kind == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import x from './x.js';", "Cannot use import statement outside a module"),
        ("export const a = 1;", "Unexpected token 'export'"),
        ("console.log(import.meta.url);", "Cannot use 'import.meta' outside a module"),
        ("await null;", "await is only valid in async functions and the top level bodies of modules"),
    ],
)
def test_module_syntax_in_a_commonjs_package_is_the_error_node_gives(source: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        transform("m.js", source, package_type="commonjs")
    diagnostic = caught.value.diagnostics[0]
    assert diagnostic.message == message
    if diagnostic.code == "MODULE_SYNTAX_IN_COMMONJS":
        assert diagnostic.hint == ('This file is CommonJS because its package.json says "type": "commonjs". '
                                   "Rename it to .mjs, or use require() and module.exports.")


def test_await_calls_in_a_script_read_the_identifier_await() -> None:
    # The grammar reads await expressions; node reads calls, subscripts and tagged templates of
    # the identifier outside async functions (fields too), and awaits inside them.
    script = ("function await(x) { return x; }\nmodule.exports = [await(1), await [0], await\n(2), await`t`];\n"
              "class C { f = await(3); }\nasync function g() { return await (4) + await [5]; }")
    assert transform("m.js", script, package_type="commonjs").body_parts[0] == script


def test_await_calls_in_a_script_are_references_to_what_await_names() -> None:
    from nbbundle.compile.javascript.compiler import _Compiler

    script = "function f() { function await(x) { return x; } return await(1); }\nmodule.exports = [f(), await [2]];"
    compiler = _Compiler("m.js", script, "js", "commonjs")
    compiler.run("etag")
    table = compiler.table
    assert table is not None
    uses = [r for r in table.references if r.name == b"await"]
    assert [script.encode()[r.node.start_byte:r.node.end_byte] for r in uses] == [b"await", b"await"]
    # The first is the function declared in f, the second a global (a ReferenceError at run time).
    assert [table.resolve(b"await", r.record) is not None for r in uses] == [True, False]


@pytest.mark.parametrize(
    "source",
    ["module.exports = await x;", "module.exports = await [];", "module.exports = await [...a];",
     "module.exports = await [a,,b];", "class C { static { await(1); } }", "function f() { await y; }"],
    ids=["await of an identifier", "empty brackets", "spread in brackets", "hole in brackets",
         "static block", "await in a plain function"],
)
def test_other_awaits_outside_async_functions_stay_errors_in_a_script(source: str) -> None:
    with pytest.raises(ParseError):
        transform("m.js", source, package_type="commonjs")


def test_commonjs_code_that_always_runs_in_an_es_module_is_an_error() -> None:
    with pytest.raises(ParseError) as caught:
        transform("m.js", "const fs = require('fs');\nexport default fs;", package_type="module")
    assert caught.value.diagnostics[0].message == "require is not defined in ES module scope"
    # Guarded uses run only where a CommonJS host provides them: natively fine, so fine here.
    guarded = "if (typeof module !== 'undefined') module.exports = 1;\nexport {};"
    assert transform("m.js", guarded, package_type="module").kind == "esm"


def test_sloppy_scripts_keep_their_sloppy_syntax() -> None:
    script = "with (Math) { x = 010; }\ndelete x;\nreturn;\nvar yield = 1;\nfunction f(a, a) {}"
    assert transform("m.js", script, "cjs").kind == "cjs"
    with pytest.raises(ParseError) as caught:
        transform("m.js", "'use strict';\nwith (Math) {}", "cjs")
    assert caught.value.diagnostics[0].message == "Strict mode code may not include a with statement"
    with pytest.raises(ParseError) as caught:
        transform("m.js", "function f() { 'use strict'; return 010; }\nvar g = 010;", "cjs")
    assert [d.line for d in caught.value.diagnostics] == [1]
    with pytest.raises(ParseError) as caught:
        transform("m.js", "#!/usr/bin/env node\n'use strict';\nvar g = 010;", "cjs")
    assert [d.line for d in caught.value.diagnostics] == [3]


@pytest.mark.parametrize(
    ("source", "names", "reexports"),
    [
        ("exports.a = 1; exports['b c'] = 2; module.exports.d = 3;", ["a", "b c", "d"], []),
        ("function f(exports) { exports.inner = 1; }", ["inner"], []),
        ("exports.a += 1; exports.b == 1;", [], []),
        ("Object.defineProperty(exports, 'a', { value: 1 });", ["a"], []),
        ("Object.defineProperty(exports, 'a', { enumerable: true, get: function () { return q.p; } });", ["a"], []),
        ("Object.defineProperty(exports, 'a', { enumerable: true, get() { return q; } });", ["a"], []),
        ("Object.defineProperty(exports, 'a', { get: () => 1 });", [], []),
        ("Object.defineProperty(exports, 'a', { enumerable: false, get() { return q; } });", [], []),
        ("module.exports = { a, b: c, 'd': e, ...f, g: 1, h };", ["a", "b", "d"], []),
        ("module.exports = { a , b: c , d };", ["a", "b"], []),
        ("module.exports = require('./x.js');\nmodule.exports = require('./y.js');", [], ["./y.js"]),
        ("module.exports = { ...require('./x.js'), a };", ["a"], ["./x.js"]),
        ("__exportStar(require('./x.js'), exports);\ntslib.__export(require('./y.js'));", [], ["./x.js", "./y.js"]),
    ],
    ids=[
        "exports members", "no scope analysis, like the lexer", "only plain assignments",
        "defineProperty value", "defineProperty getter function", "defineProperty getter method",
        "arrow getters are not detected", "non-enumerable is not detected", "object literal until the first other form",
        "a space after a key's value ends the literal (a lexer quirk)",
        "the last module.exports = require wins", "spread of require", "TypeScript star exports",
    ],
)
def test_named_exports_are_what_nodes_lexer_finds(source: str, names: list[str], reexports: list[str]) -> None:
    result = transform("m.cjs", source, "cjs")
    assert list(result.cjs_exports) == names
    assert list(result.cjs_reexports) == reexports
