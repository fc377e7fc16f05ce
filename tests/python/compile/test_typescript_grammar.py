"""Where tree-sitter-typescript reads TypeScript otherwise than tsc: repaired, or refused with a
hint; never compiled into something else (the programs in ``tests/typescript/grammar`` run the
repairs against TypeScript's own output)."""

from __future__ import annotations

import pytest

from nbbundle.compile.errors import ParseError
from nbbundle.compile.options import CompileOptions
from nbbundle.compile.typescript.prepass import to_javascript


def js(source: str, kind: str = "ts") -> str:
    return to_javascript("m." + kind, source, kind, CompileOptions()).text


def refusal(source: str, kind: str = "ts") -> str:
    with pytest.raises(ParseError) as caught:
        to_javascript("m." + kind, source, kind, CompileOptions())
    return caught.value.diagnostics[0].format()


def test_type_arguments_before_a_template_tag_it_and_go_column_for_column() -> None:
    source = 'css<Theme>`a: ${x as number}`;\nstyled("div")<{ a: 1 }>`b`\n'
    assert js(source) == 'css       `a: ${x          }`;\nstyled("div")          `b`\n'


def test_a_comparison_with_a_template_is_left_a_comparison() -> None:
    # tsc reads no type arguments where `<…>` is no type (`b + 1`); JSX modules are JavaScript.
    assert js("a < b + 1 > `x`; b > `y`") == "a < b + 1 > `x`; b > `y`"
    assert js("a < b > `x`", "jsx") == "a < b > `x`"


def test_variance_signatures_and_parameters_named_like_types_are_read_as_typescript() -> None:
    source = "interface P<in out T> { (a: T): string\n  <U>(b: U): U }\ntype F = (any) => void\nlet v = 1\n"
    assert js(source).splitlines()[-1] == "let v = 1"


def test_shift_opening_nested_type_arguments_is_read_as_two_brackets() -> None:
    # `f<<T>…>(g)` has no ERROR in the grammar's reading: `(f << T) > ((a: T) => T > (g))`
    assert js("let f = g as Id<<T>(a: T) => T>;\nlet h = k<<T>(a: T) => T>(g)\n") == \
        "let f = g                      ;\nlet h = k                (g)\n"
    assert js("let w = 1 << 2 >> 1, v = a << b > c") == "let w = 1 << 2 >> 1, v = a << b > c"


def test_a_shift_the_repairs_cannot_read_is_refused_with_a_hint() -> None:
    message = refusal("let f = g as Id<<T>(a: T) => T\n")
    assert "m.ts:1:" in message and "> 1 | let f = g as Id<<T>" in message
    assert "write `< <`" in message


def test_a_tree_with_a_missing_node_never_compiles() -> None:
    message = refusal("interface F {\n  a: string\nlet x = 1\n")
    assert "m.ts:" in message and "|" in message


def test_what_cannot_be_lowered_is_refused_with_a_hint_never_passed_through() -> None:
    # node 20, Safari and Firefox reject `using`: what is not lowered must not reach them
    assert "cannot follow a top-level `using`" in refusal("using x = f()\nexport function g() {}\n")
    assert "computed or quoted name" in refusal("class A { accessor [k] = 1 }\n")


def test_lowered_syntax_keeps_every_line() -> None:
    source = "class A {\n  static accessor n = 1\n}\n{\n  await using r = f()\n  g(r)\n}\nexport type * from './t'\n"
    out = js(source)
    assert out.count("\n") == source.count("\n")
    lines = out.splitlines()
    assert "static #n_accessor_storage = 1; static get n() { return A.#n_accessor_storage; }" in lines[1]
    assert lines[4].strip() == "const r = _addDisposableResource(_env, f(), true)" and lines[5] == "  g(r)"
    assert "using" not in out.split("}); ", 1)[1] and lines[7].strip() == ";"
