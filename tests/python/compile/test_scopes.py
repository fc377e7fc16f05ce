"""The symbol table decides what a name refers to: shadowing, hoisting, generated names.

Each case compiles a module that imports ``a`` (or declares a local ``require``) and checks
which uses became namespace accesses, i.e. which ones the module's scopes left to the import.
"""

from __future__ import annotations

import sys

import pytest

from compile_helpers import compile_one
from nbbundle.compile.errors import ParseError
from nbbundle.compile.transform import transform

A_JS = "export let a = 1; export function f() {}"
ACCESS = "__nbb_import_0__.a"


def body(source: str) -> str:
    """The init function's body lines after the prologue line (line 1 is shared with it)."""
    return compile_one(source, a_js=A_JS).split("\n", 1)[1].rsplit("\n", 1)[0]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("function g(a) { return a; }", "function g(a) { return a; }"),
        ("const g = (a) => a;", "const g = (a) => a;"),
        ("const g = a => a;", "const g = a => a;"),
        ("function g({ a }) { return a; }", "function g({ a }) { return a; }"),
        ("function g(x = a) { return x; }", f"function g(x = {ACCESS}) {{ return x; }}"),
        ("try {} catch (a) { a; }", "try {} catch (a) { a; }"),
        ("try {} catch ({ a }) { a; }", "try {} catch ({ a }) { a; }"),
        ("{ let a = 2; a; } a;", f"{{ let a = 2; a; }} {ACCESS};"),
        ("for (let a of []) a; a;", f"for (let a of []) a; {ACCESS};"),
        ("for (let a = 0; a < 1; a++) a; a;", f"for (let a = 0; a < 1; a++) a; {ACCESS};"),
        ("function g() { a; var a = 2; }", "function g() { a; var a = 2; }"),
        ("function g() { a; { var a; } }", "function g() { a; { var a; } }"),
        ("function g() { a; function a() {} }", "function g() { a; function a() {} }"),
        ("function g() { { function a() {} } return a; }", f"function g() {{ {{ function a() {{}} }} return {ACCESS}; }}"),
        ("const c = class a { m() { return a; } }; a;", f"const c = class a {{ m() {{ return a; }} }}; {ACCESS};"),
        ("const g = function a() { return a; }; a;", f"const g = function a() {{ return a; }}; {ACCESS};"),
        ("const g = function a(a) { return a; };", "const g = function a(a) { return a; };"),
        ("switch (1) { case 1: let a = 2; a; } a;", f"switch (1) {{ case 1: let a = 2; a; }} {ACCESS};"),
        ("class K { static { var a = 1; a; } } a;", f"class K {{ static {{ var a = 1; a; }} }} {ACCESS};"),
        ("const o = { a: 1, a2: a, [a]: 2 }; o.a;", f"const o = {{ a: 1, a2: {ACCESS}, [{ACCESS}]: 2 }}; o.a;"),
        ("const o = { a };", f"const o = {{ a: {ACCESS} }};"),
        ("a: for (;;) { break a; }", "a: for (;;) { break a; }"),
        ("[a] = [2];", f"[{ACCESS}] = [2];"),
        ("({ a } = { a: 2 });", f"({{ a: {ACCESS} }} = {{ a: 2 }});"),
        ("a.b = a?.c;", f"{ACCESS}.b = {ACCESS}?.c;"),
    ],
    ids=[
        "parameter", "arrow parameter", "bare arrow parameter", "destructured parameter",
        "default value reads the import", "catch binding", "destructured catch binding",
        "block let", "for-of head", "for head", "var hoisted from below", "var hoisted out of a block",
        "function declaration hoisted", "block function is block scoped", "class expression name",
        "function expression name", "parameter over own name", "switch case let", "static block var",
        "property keys are not references", "shorthand property", "label", "array destructuring assignment",
        "object destructuring assignment", "member and optional chains",
    ],
)
def test_scopes_decide_which_uses_are_the_import(source: str, expected: str) -> None:
    assert body("import { a } from './a.js';\n" + source) == expected


def test_calls_of_imported_functions_have_this_undefined() -> None:
    assert body("import { f } from './a.js';\nf(); f?.(); f`x`; new f();") == (
        "(0, __nbb_import_0__.f)(); (0, __nbb_import_0__.f)?.(); (0, __nbb_import_0__.f)`x`; "
        "new __nbb_import_0__.f();"
    )


def test_generated_names_avoid_every_name_the_module_uses() -> None:
    source = "import { a } from './a.js';\nconst __nbb_default__ = 1;\nexport default a;\n"
    result = transform("main.js", source)
    assert result.names.prefix == "__nbb1_"
    text = compile_one(source, a_js=A_JS)
    assert text.startswith("function* main_js(__nbb1_module__, __nbb1_exports__, __nbb1_require__) {")
    assert "const __nbb1_default__ = __nbb1_import_0__.a;" in text
    assert "const __nbb_default__ = 1;" in text


def test_generated_prefix_skips_every_taken_prefix() -> None:
    source = "let __nbb_x = 1, __nbb1_y = 2, \\u005f_nbb2_z = 3;\nexport {};"
    assert transform("main.js", source).names.prefix == "__nbb3_"


def test_references_are_found_through_comments_nbsp_and_escapes() -> None:
    source = "import {\u00a0a } from './a.js';\n/* c */ a /* c */;\n\\u0061;\n\u00a0a\u00a0+\u00a01;"
    assert body(source) == f"/* c */ {ACCESS} /* c */;\n{ACCESS};\n\u00a0{ACCESS}\u00a0+\u00a01;"


def test_require_is_rewritten_only_where_it_is_commonjs_own() -> None:
    source = (
        "const x = require('./x.cjs');\n"
        "function local(require) { return require('./y.cjs'); }\n"
        "{ let require = () => 0; require('./z.cjs'); }\n"
        "require(`./t.cjs`); require(/* c */ './c.cjs');\n"
    )
    result = transform("main.cjs", source, "cjs")
    assert [record.specifier for record in result.imports] == ["./x.cjs", "./t.cjs", "./c.cjs"]


def test_deep_nesting_builds_and_overly_deep_nesting_fails_cleanly() -> None:
    depth = 50_000
    deep = "{" * depth + "let x = 1;" + "}" * depth + "\nawait null;\n"
    assert transform("deep.js", deep, package_type="module").has_top_level_await
    too_deep = "{" * 100_000 + "}" * 100_000
    with pytest.raises(ParseError) as caught:
        transform("too-deep.js", too_deep, package_type="module")
    assert caught.value.diagnostics[0].message == "This module nests more than 60,000 levels deep"
    broken = "(" * 100_000 + "1 +" + ")" * 100_000
    with pytest.raises(ParseError) as caught:
        transform("broken.js", broken, package_type="module")
    assert caught.value.diagnostics[0].code == "PARSE_ERROR"


def test_the_depth_check_walks_no_long_flat_expression() -> None:
    # `v + v + …` 20,000 terms (80 KB) nests 20,000 levels; the check walked all of them (it
    # knew sizes in bytes only), a pass that began above 30 KB: 1.3 s more per MB of such code.
    from nbbundle.compile.javascript import syntax

    steps = 0

    def count(frame, event, arg):  # noqa: ANN001, ANN202
        nonlocal steps
        if event == "line":
            steps += 1
        return count

    def tracer(frame, event, arg):  # noqa: ANN001, ANN202
        return count if frame.f_code is syntax.deeper_than.__code__ else None

    flat = syntax.parse(("let v = 1;\nexport const x = v" + " + v" * 20_000 + ";\n").encode()).tree
    deep = syntax.parse(("export const x = " + "!" * 70_000 + "v;\n").encode()).tree
    sys.settrace(tracer)
    try:
        assert syntax.deeper_than(flat.root_node) is None
    finally:
        sys.settrace(None)
    assert steps < 1_000, steps  # the top levels: 145 here, 314,393 when it walked them all
    assert syntax.deeper_than(deep.root_node) is not None  # and a deep one is still found

