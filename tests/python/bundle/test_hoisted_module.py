"""One module's body read again for scope hoisting (``bundle/hoisted_module.py``), as users see it.

Each program is built in production, plain and minified (``--format esm``: the reading of a body
does not depend on the format), and must print what node prints running its files as ES
modules: the names that two modules share renamed apart, each function's and class's ``name``
as written, inner scopes that must not capture a renamed binding, bodies that begin with an
expression, imported reads and calls (plain calls, no wider than they need), writes to an import
(a TypeError: those graphs keep the module system) and escaped identifiers (kept in the module
system: a renaming could not see them).
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
from pathlib import Path

import pytest

from missing_tools import needs
from node_programs import NODE, TIMEOUT, run_classic

from nbbundle.bundle.build import build
from nbbundle.compile.options import CompileOptions

needs_node = needs("node")
PRODUCTION = CompileOptions(mode="production")
MINIFIED = CompileOptions(mode="production", minify=True)
#: What every bundle with the module system holds: the runtime's registration of its modules.
MODULE_SYSTEM = "ms.loader.addManifest("


def _write(folder: Path, files: dict[str, str]) -> None:
    (folder / "package.json").write_text('{"type": "module"}\n')
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _node(script: Path, cwd: Path) -> list[str]:
    done = subprocess.run([NODE, str(script)], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          timeout=TIMEOUT, check=False)
    return [*done.stdout.splitlines(), f"exit {done.returncode}"]


@functools.cache
def _native(files: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """What node prints running ``files`` as ES modules (once per program and test session)."""
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), dict(files))
        return tuple(_node(Path(folder) / "main.js", Path(folder)))


def _builds(tmp_path: Path, files: dict[str, str]) -> dict[str, tuple[str, list[str]]]:
    """Each build's (code, what node prints running it as an ES module), and node's own run."""
    expected = _native(tuple(files.items()))
    seen: dict[str, tuple[str, list[str]]] = {}
    for label, options in (("production", PRODUCTION), ("minified", MINIFIED)):
        folder = tmp_path / label
        folder.mkdir()
        _write(folder, files)
        code = build(folder / "main.js", options=options, format="esm").code
        (folder / "bundle.mjs").write_text(code, encoding="utf-8")
        seen[label] = (code, _node(folder / "bundle.mjs", folder))
    seen["node"] = ("", list(expected))
    return seen


def assert_hoisted_as_node_runs_it(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    """Both builds are one scope (no module system) and print what node prints; their code."""
    seen = _builds(tmp_path, files)
    expected = seen.pop("node")[1]
    assert expected[-1] == "exit 0", expected
    for label, (code, lines) in seen.items():
        assert MODULE_SYSTEM not in code, label
        assert lines == expected, (label, code)
    return {label: code for label, (code, _) in seen.items()}


# -- names two modules share, and the `name` of what is renamed ----------------------------------

_SHARED = """\
export function helper() { return '{m} helper'; }
export class Box { static make() { return new Box(); } who() { return '{m} box'; } }
export const arrow = () => '{m} arrow';
export var old = function () { return '{m} old'; };
export let assigned; assigned = function () { return '{m} assigned'; };
export let defaulted; defaulted ||= () => '{m} defaulted';
export let later; if (globalThis.neverSet) later = () => '{m} later';
export function* gen() { yield '{m} gen'; }
export class Named { static name = '{m} static field'; }
export const Paren = (class { static get name() { return '{m} static getter'; } });
export class Quoted { static 'name' = '{m} quoted'; }
export class Method { static name() { return '{m} method'; } }
export class Field { name = '{m} instance field'; static 'label' = '{m} label'; }
export const Inner = '{m} top-level Inner';
export const Expr = class Inner { static self() { return Inner; } };
export const value = '{m} value';
export function echo(value) { return () => value; }
export function same(same) { return typeof same; }
export function nested() { const local = () => '{m} nested'; return local.name + ' ' + local(); }
export let p, q; [p, q] = ['{m} p', '{m} q']; ({ p, q } = { p: q, q: p });
export const { r } = { r: '{m} r' };
"""

NAMES = {
    "a.js": _SHARED.replace("{m}", "a"),
    "b.js": _SHARED.replace("{m}", "b"),
    "main.js": (
        "import * as a from './a.js';\n"
        "import { helper, Box, arrow, old, assigned, defaulted, later, gen, Named, Paren, Quoted, Method, Field,\n"
        "  Inner, Expr, value, echo, same, nested, p, q, r } from './b.js';\n"
        "const b = { helper, Box, arrow, old, assigned, defaulted, later, gen, Named, Paren, Quoted, Method, Field,\n"
        "  Inner, Expr, value, echo, same, nested, p, q, r };\n"
        "for (const m of [a, b]) {\n"
        "  console.log(m.helper.name, m.helper(), m.Box.name, m.Box.make().who(), m.arrow.name, m.arrow());\n"
        "  console.log(m.old.name, m.old(), m.assigned.name, m.assigned(), m.defaulted.name, m.defaulted(), m.later);\n"
        "  console.log(m.gen.name, m.gen().next().value, m.Named.name, m.Paren.name, m.Quoted.name);\n"
        "  console.log(m.Method.name(), m.Field.name, m.Field.label, new m.Field().name);\n"
        "  console.log(m.Inner, m.Expr.name, m.Expr.self() === m.Expr);\n"
        "  console.log(m.value, m.echo('argument')(), m.same(1), m.same.name, m.nested(), m.p, m.q, m.r);\n"
        "}\n"
    ),
}


@needs_node
def test_names_two_modules_share_are_renamed_apart_and_keep_their_name(tmp_path: Path) -> None:
    """Every kind of top-level function and class, declared in two modules: each module's own,
    its ``name`` as written (set after a renaming, but never over a ``static name`` of the class's
    own, nor on a function a branch never made), a class's reference to itself from inside."""
    assert_hoisted_as_node_runs_it(tmp_path, NAMES)


CYCLE = {
    "main.js": "import './a.js';\n",
    "a.js": ("import { helper as bh, gen as bg } from './b.js';\n"
             "export function helper() { return 'a helper'; }\nexport function* gen() { yield 'a'; }\n"
             "console.log('a sees', bh.name, bh(), bg.name, bg().next().value);\n"),
    "b.js": ("import { helper as ah, gen as ag } from './a.js';\n"
             "export function helper() { return 'b helper'; }\nexport function* gen() { yield 'b'; }\n"
             "console.log('b sees', ah.name, ah(), ag.name, ag().next().value);\n"),
}


@needs_node
def test_a_renamed_function_has_its_name_before_its_module_runs(tmp_path: Path) -> None:
    """In a cycle ``b`` runs first and calls ``a``'s functions (hoisted, as in node): a renamed
    function or generator already has the ``name`` it was written with."""
    assert_hoisted_as_node_runs_it(tmp_path, CYCLE)


INNER_NAMES = {
    "a.js": ("export function inner() { return 'a inner'; }\nexport class Kept { static of() { return 'a kept'; } }\n"
             "export const Map = 'a Map';\nexport class K { static self() { return 'a K'; } }\n"),
    "main.js": ("import { inner as outer, Kept as K, Map as AMap, K as AK } from './a.js';\n"
                "const f = function inner() { return typeof inner + ' ' + outer(); };\n"
                "const C = class Kept { static run() { return Kept.name + ' ' + K.of(); } };\n"
                "const g = function named() { class K { static self() { return K; } } return K.self() === K; };\n"
                "console.log(f(), C.run(), outer.name, K.name, AMap, new Map([[1, 'global Map']]).get(1));\n"
                "console.log(g(), AK.self());\n"),
}


@needs_node
def test_an_import_used_inside_a_function_or_class_of_the_same_name_is_not_captured(tmp_path: Path) -> None:
    """``function inner() { … outer() … }`` where ``outer`` is another module's ``inner``: the
    name put there must not be the function expression's own (nor a class expression's); a
    module's ``Map`` must not be the global ``Map`` another module reads; a class declared in a
    named function expression is that function's own, not the top level's."""
    assert_hoisted_as_node_runs_it(tmp_path, INNER_NAMES)


# -- bodies one after another ---------------------------------------------------------------------

SEMICOLONS = {
    "main.js": "import './a.js';\nimport './b.js';\nimport './c.js';\n",
    "a.js": "console.log('a')",
    "b.js": "// b begins with a call\n(function () { console.log('b'); })()\nconsole.log('b2')",
    "c.js": "[1, 2].forEach((n) => console.log('c', n))\n",
}


@needs_node
def test_a_body_that_begins_with_an_expression_does_not_continue_the_one_before(tmp_path: Path) -> None:
    """Modules without semicolons: ``(…)()`` or ``[…]`` after ``console.log('a')`` would call or
    index its result."""
    assert_hoisted_as_node_runs_it(tmp_path, SEMICOLONS)


# -- imported reads --------------------------------------------------------------------------------

CALLS = {
    "a.js": ("export function f(x) { return 'f' + x; }\n"
             "export function g() { return this === undefined ? 'no this' : 'this'; }\n"
             "export const list = [1, 2];\nexport const obj = { k: 1 };\nexport { f as 'a-b' };\n"),
    "main.js": (
        "import { f, g, list, obj, 'a-b' as dashed } from './a.js';\n"
        "const side = (s) => { console.log('side', s); return 0; };\n"
        "function pick(y) { if (y) return f(y); else return f(0); }\n"
        "function kind(k) { return typeof f(k); }\n"
        "console.log(pick(1), pick(0), kind(2), g(), (side(1), f)(3), dashed(4));\n"
        "const fails = (call) => { try { call(); } catch (e) { console.log(e.constructor.name); } };\n"
        "fails(() => (f, side(2))()); fails(() => (2, f, side(3))()); fails(() => (1 + f)());\n"
        "let y; y = f(5); y += list.length; for (const v of list) y += v; for (const k in obj) y += k;\n"
        "obj.k = 2; obj.n = 3; obj.k++; [obj.m] = [4];\n"
        "console.log(y, JSON.stringify(obj), f`tpl`);\n"
    ),
}


@needs_node
def test_imported_reads_become_the_binding_itself(tmp_path: Path) -> None:
    """Calls (without a ``this``, after ``return`` and ``else``, in a sequence), a name that is a
    string (``'a-b'``), reads on the right of an assignment or in a ``for`` head, and writes to a
    property of an imported object all stay in one scope; a call of an imported function is a
    plain call in the bundle (``f(x)``, not the compiler's ``(0, f)(x)``: smaller)."""
    codes = assert_hoisted_as_node_runs_it(tmp_path, CALLS)
    assert "(0," not in codes["minified"]
    assert "(0, " not in codes["production"]
    # No more space than the name needs: after a keyword one, after a parenthesis none.
    assert "return f(" in codes["minified"]
    assert "typeof f(" in codes["minified"]
    assert "log(pick(1),pick(0),kind(2),g(),(side(1),f)(3),f(4))" in codes["minified"]


SPACING = {
    "a.js": "export function f(x) { return 'f' + x; }\n",
    "b.js": ("import { f } from './a.js';\nf(0);\nconst o = {};\no.x_ = f(1); o.y$ = f(2); o.é = f(3);\n"
             "console.log(o.x_, o.y$, o.é);\nglobalThis.last_ = o.x_;\nglobalThis.last_"),
    "main.js": "import './b.js';\nconsole.log(globalThis.last_);\n",
}


@needs_node
def test_a_minified_call_of_an_import_takes_no_space_it_does_not_need(tmp_path: Path) -> None:
    """After a name's last character (``_``, ``$``, a non-ASCII letter) and an ``=``, or at the
    start of a body whose last character is one, ``f(x)`` is written as it is."""
    minified = assert_hoisted_as_node_runs_it(tmp_path, SPACING)["minified"]
    assert ";f(0);" in minified
    assert ".x_=f(1);" in minified
    assert ".y$=f(2);" in minified
    assert ".é=f(3);" in minified


#: One write to an imported binding each: node throws a TypeError and the binding keeps its value.
WRITES = [
    "x = 1;", "x += 1;", "x++;", "for (x of [1]);", "for (x in { k: 1 });", "[x] = [1];", "[...x] = [1];",
    "[x = 1] = [];", "({ k: x } = { k: 1 });", "({ x } = { x: 1 });", "({ x = 1 } = {});",
]


@needs_node
@pytest.mark.parametrize("write", WRITES)
def test_a_write_to_an_import_keeps_the_module_system_and_throws(write: str, tmp_path: Path) -> None:
    """In one scope the write would change the binding silently; the module system throws."""
    files = {"a.js": "export let x = 0;\n",
             "main.js": ("import { x } from './a.js';\n"
                         f"try {{ {write} console.log('no error'); }}\n"
                         "catch (e) { console.log(e.constructor.name); }\n"
                         "console.log(x);\n")}
    _write(tmp_path, files)
    assert _native(tuple(files.items())) == ("TypeError", "0", "exit 0")
    code = build(tmp_path / "main.js", options=MINIFIED).code
    assert MODULE_SYSTEM in code
    assert run_classic(code, tmp_path).lines == ["TypeError", "0"]


#: Reads of imports inside patterns: a parameter's default, a default in a destructuring, a
#: computed key. Each is a read like any other, so the graph stays one scope.
READS_IN_PATTERNS = {
    "a.js": "export let D = 7;\nexport const K = 'k';\nexport function bump() { D++; }\n",
    "main.js": (
        "import { D, K, bump } from './a.js';\n"
        "function f(x = D, { y = D } = {}, { [K]: z } = { k: 3 }, [w = D] = []) { return [x, y, z, w]; }\n"
        "const g = (x = D) => x;\n"
        "class C { m(x = K) { return x; } }\n"
        "let q, r, s; ({ q = D } = {}); ({ [K]: r } = { k: 5 }); [s = K] = [];\n"
        "console.log(f().join(), f(1, { y: 2 }).join(), g(), new C().m(), q, r, s);\n"
        "bump();\n"
        "console.log(f().join(), g());\n"
    ),
}


@needs_node
def test_an_import_read_inside_a_pattern_is_a_read_and_the_graph_stays_one_scope(tmp_path: Path) -> None:
    """``function f(x = D)`` reads ``D`` (three.js's Texture has such defaults): no reason to keep
    the module system, and the default sees the binding's current value."""
    assert_hoisted_as_node_runs_it(tmp_path, READS_IN_PATTERNS)


ESCAPES = {
    "a.js": "const \\u0076alue = 'a value';\nexport const getA = () => value;\n",
    "b.js": "const value = 'b value';\nexport const getB = () => \\u0076alue;\n",
    "main.js": "import { getA } from './a.js';\nimport { getB } from './b.js';\nconsole.log(getA(), getB());\n",
}


@needs_node
def test_an_escaped_identifier_is_the_same_name_as_node_reads_it(tmp_path: Path) -> None:
    """``\\u0076alue`` is ``value``: two modules that declare it (one escaped) still run apart."""
    seen = _builds(tmp_path, ESCAPES)
    expected = seen.pop("node")[1]
    assert expected == ["a value b value", "exit 0"]
    for label, (_, lines) in seen.items():
        assert lines == expected, label
