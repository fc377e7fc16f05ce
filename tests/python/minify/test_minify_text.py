"""The minifier on texts that hide its traps: each minified text runs under node and prints what
the original prints, and the minified text is smaller (or keeps what it must, by name)."""

from __future__ import annotations

import subprocess

import pytest

from missing_tools import needs
from node_programs import NODE

from nbbundle.compile.minify import minify_module, minify_script

needs_node = needs("node")


def _run(text: str, *, module: bool = False) -> subprocess.CompletedProcess[str]:
    assert NODE is not None
    flag = "--input-type=module" if module else "--input-type=commonjs"
    return subprocess.run([NODE, flag], input=text, capture_output=True, text=True, timeout=30, check=False)


def _same(text: str, *, module: bool = False, keep: frozenset[str] = frozenset()) -> str:
    """The minified text, after checking it prints what ``text`` prints (and fails alike)."""
    parts, _ = minify_module(text, module=module, keep=keep)
    minified = "".join(parts)
    original, after = _run(text, module=module), _run(minified, module=module)
    assert original.returncode == 0, original.stderr
    assert (after.stdout, after.returncode) == (original.stdout, 0), f"{minified}\n{after.stderr}"
    assert len(minified) < len(text)
    return minified


TRAPS = {
    "asi": "let a = 1\nlet b = a\nlet c = b\n;(function () { console.log('iife') })()\ndo a++; while (a < 3) console.log(a, b, c)\n"
           "if (a) b = 2\nelse c = 3\nconsole.log(b, c)\n",
    "comment-closes-statement": "const shared = 'm2' // a line comment after a statement\nconst other = 40 + 2 /* c */\n"
                                "console.log(shared, other)\n",
    "return-newline": "function f() {\n  return\n  42\n}\nconsole.log(f())\n",
    "postfix-newline": "let a = 1, b = 2\na\n++b\nconsole.log(a, b)\n",
    "regex-and-division": "let a = 8, b = 2, g = 2\nconsole.log(a / b / g, /ab+c/g.test('abbc'), a /\n b)\n"
                          "console.log(/=/.source, String(/[/]/), 4 / /x/.source.length)\n",
    "unary-plus-minus": "let a = 1, b = '2'\nconsole.log(a + +b, a - -b, a+ ++a, a- --a, - -a, + +b)\n",
    "templates": "const name = 'x'\nconsole.log(`a  ${ name  +  `in  ${ name }  ner` }  b\n  c`, String.raw`\\n  ${1}`)\n",
    "line-continuation": "const s = 'one \\\n  two'\nconsole.log(s, \"a\\\n b\")\n",
    "script-close": "const html = '</script>' + \"<\\/script>\"\nlet x = 1, y = 2\nconsole.log(x < /script/.source.length, html)\n",
    "html-comments": "let x = 3\nconsole.log(x < !--x, x-- > 1, x)\n",
    "directive": "'use strict'\n// a comment\nfunction f() { 'use strict'; return this }\nconsole.log(f(), (function () { return typeof this })())\n",
    "numbers-and-dots": "console.log(1 .toString(), 1.5.toFixed(1), 0x10 .toString(), 1e3 .toString())\nlet v1 = {x: 1}\nconsole.log(v1.x)\n",
    "regex-flags": "const r = /a/ instanceof RegExp\nconsole.log(r, /a/g in {}, typeof /a/ == 'object')\n",
    "keywords": "function* g() { yield\n 1 }\nconsole.log([...g()], typeof void 0, 'a' in {a: 1}, delete {}.x)\n",
    "contextual": "var async = 1, get = 2, of = [3]\nfor (const x of of) console.log(async, get, x)\n"
                  "const o = { get\n a() { return 4 } }\nclass C { static\n s() { return 5 }\n get\n g() { return 6 } }\nconsole.log(o.a, C.s(), new C().g)\n",
    "class-fields": "class K { a = 1\n b = 2\n static s = 4\n c = 3\n m() { return this.a + this.b + this.c } }\n"
                     "console.log(new K().m(), K.s)\n",
    "shorthand": "function f(longName, other) { const o = { longName, other }\n const { longName: n, other: q = 9 } = o\n"
                 "  const { longName: again = 1 } = o\n  return [n, q, again, o] }\nconsole.log(JSON.stringify(f(1)))\n"
                 "function g({ first, second = 2 }, [third]) { return first + second + third }\nconsole.log(g({ first: 1 }, [3]))\n",
    "names-reach-function-name": "const arrow = () => 1, expr = function () {}, klass = class {}\nlet later\n"
                                 "later = () => 2\nfunction declared() {}\nconsole.log(arrow.name, expr.name, klass.name, later.name, declared.name)\n",
    "own-name-and-parameter": "const f = function g(g) { return typeof g }, k = class C { m(C) { return C } }\n"
                              "console.log(f.name, f(1), k.name, new k().m(2))\n",
    "catch-var": "function f() { try { throw 1 } catch (e) { var e = 2 } return e }\nconsole.log(f())\n",
    "default-parameters": "var x = 'outer'\nfunction f(a = x) { var x = 'inner'; return a }\nconsole.log(f())\n",
    "shadowing": "const a = 1\nfunction f(b) { const c = b + a\n  { let a = 10; return [a, c, (function (a) { return a * 2 })(c)] } }\n"
                 "console.log(f(2))\n",
    "hoisting": "console.log(typeof later, hoisted())\nvar later = 1\nfunction hoisted() { return inner\n var inner = 5 }\n",
    "labels": "outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j == 1) continue outer\n if (i == 2) break outer\n console.log(i, j) } }\n",
}


@needs_node
@pytest.mark.parametrize("case", sorted(TRAPS))
def test_minified_text_runs_the_same(case: str) -> None:
    _same(TRAPS[case])


@needs_node
def test_a_direct_eval_sees_every_name_around_it_and_a_with_too() -> None:
    minified = _same("function f(longParameter) {\n  const localName = 2\n"
                     "  return (function () { return eval('longParameter + localName') })() }\n"
                     "function g(unseen) { const hidden = unseen * 2; return hidden }\n"
                     "console.log(f(1), g(3))\n"
                     "function w(o) { var fromScope = 'scope'; with (o) { return [fromScope, inObject] } }\n"
                     "console.log(w({ inObject: 1 }))\n")
    assert "longParameter" in minified and "localName" in minified and "fromScope" in minified
    assert "unseen" not in minified and "hidden" not in minified


@needs_node
def test_globals_exports_and_properties_keep_their_names() -> None:
    text = ("export const exportedValue = 1\nconst privateValue = { propertyName: 2 }\n"
            "globalThis.globalName = 3\nconsole.log(exportedValue, privateValue.propertyName, globalName)\n")
    parts, _ = minify_module(text, module=True, keep=frozenset({"exportedValue"}))
    minified = "".join(parts)
    assert "exportedValue" in minified and "propertyName" in minified and "globalName" in minified
    assert "privateValue" not in minified


def test_the_position_map_leads_back_to_the_compiled_text() -> None:
    text = "function outer(firstParameter) {\n  // comment\n  return firstParameter + 1\n}\nouter(2)\n"
    parts, position_map = minify_module(text, module=False)
    minified = "".join(parts)
    data = text.encode()
    for name in (b"return", b"outer(2)"):
        at = minified.encode().index(name)
        assert data[position_map.original_offset(at):].startswith(name)
    # A renamed parameter maps to the name it was.
    renamed_use = minified.encode().index(b"return ") + len(b"return ")
    assert data[position_map.original_offset(renamed_use):].startswith(b"firstParameter + 1")


def test_slots_split_the_output_where_they_split_the_input() -> None:
    parts, position_map = minify_module(('const module1 = require(', ')\nconst p = import(', ')\nconsole.log(p)\n'),
                                        module=False)
    assert parts == ("const e=require(", ");const t=import(", ");console.log(t)\n") or len(parts) == 3
    assert parts[0].endswith("require(") and parts[1].startswith(")") and parts[2].startswith(")")


def test_text_the_grammar_cannot_read_is_left_as_it_is() -> None:
    broken = "let = = 1\n"
    parts, position_map = minify_module(broken)
    assert parts == (broken,) and position_map.is_identity


def test_minify_script_keeps_names_and_drops_comments() -> None:
    out = minify_script("/* a comment */\nexport function helper(argument) {\n  return argument // why\n}\n")
    assert out == "export function helper(argument){return argument}\n" or out.startswith("export function helper(argument){return argument}")
