"""Scope hoisting (``bundle/scope_hoist.py``): what each import, rename and namespace becomes.

Each program is built in production, minified or not, as an ES module and as a classic script,
and run under node beside node's own ES modules on the same files: the bundle must print what
node prints, with no module system in it. The programs put imports where the edit of a use is
delicate (a shorthand property, after `return` or `else` in a minified body, a namespace's
member that is not there, an export named `__proto__` or not an identifier) and top-level names
that collide (with another module's, with a global, with an inner scope's), so that a wrong
name, a lost `name` or a broken edit changes what the program prints.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from missing_tools import needs
from node_programs import NODE, Run, output_diff, run_classic, run_native, run_node

from nbbundle.bundle.build import build, write_bundle
from nbbundle.compile.options import CompileOptions

needs_node = needs("node")
PRODUCTION = CompileOptions(mode="production")
MINIFIED = CompileOptions(mode="production", minify=True)
#: What every bundle with the module system holds: the runtime's registration of its modules.
MODULE_SYSTEM = "ms.loader.addManifest("
BUILDS = [(PRODUCTION, "esm"), (PRODUCTION, "iife"), (MINIFIED, "esm"), (MINIFIED, "iife")]
BUILD_IDS = ["esm", "classic", "minified-esm", "minified-classic"]


def _write(folder: Path, files: dict[str, str]) -> None:
    (folder / "package.json").write_text('{"type": "module"}\n')
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _run(code: str, folder: Path, format_: str) -> Run:
    if format_ == "esm":
        bundle = folder / "bundle.mjs"
        bundle.write_text(code, encoding="utf-8")
        return run_node(bundle, folder)
    return run_classic(code, folder)


def _hoisted_as_node_runs(folder: Path, options: CompileOptions, format_: str) -> str:
    """Build ``folder/main.js`` hoisted, run it, and check it prints what node's own modules print."""
    code = build(folder / "main.js", options=options, format=format_).code
    assert MODULE_SYSTEM not in code
    native = run_native(folder)
    assert native.returncode == 0, native.stderr
    assert output_diff(native, _run(code, folder, format_)) is None, code
    return code


IMPORTS_EVERYWHERE = {
    "main.js": (
        'import { unused } from "./unused.js";\n'
        'import "./first.js";\n'
        'import "./last.js";\n'
        'import { f, value, Box, g, "a-b" as dashed } from "./a.js";\n'
        'import * as ns from "./a.js";\n'
        'import * as stars from "./stars.js";\n'
        "(() => console.log('main starts'))();\n"
        "const copy = value;\n"
        "function pick(x) { if (x) return f(x); else return f(0); }\n"
        "function other(x) { if (!x) return g(); else return (f)(x); }\n"
        "function strict() { return this === undefined; }\n"
        "const shorthand = { f, value, copy };\n"
        "console.log(pick(1), pick(0), other(0), other(2), shorthand.f === f, shorthand.value, shorthand.copy);\n"
        "console.log(ns.nothing, stars.clash, stars.onlyA, stars.onlyB, dashed, ns['a-b'], typeof ns.__proto__);\n"
        "console.log(Object.keys(ns).join(), Object.keys(stars).join(), ns.__proto__ === f, copy, strict());\n"
        "console.log(new Box().k, Box.name, g.name, ns.Box === Box, ns[Symbol.toStringTag], stars.Symbol);\n"
        'export { pick as "a name", value, f as __proto__ };\n'
    ),
    "first.js": 'import "./shared.js";\nconsole.log("first")\n',
    "last.js": 'import "./shared.js";\n[1, 2].forEach((n) => console.log("last", n));\n',
    "shared.js": 'console.log("shared, once")\n',
    "unused.js": "export const unused = 'never read';\n",
    "a.js": (
        "export function f(x) { return 'f' + x; }\n"
        "export const value = 'v';\n"
        "export class Box { get k() { return 'k'; } }\n"
        "export const g = () => 'g';\n"
        'const dash = "dash";\n'
        'export { f as __proto__, dash as "a-b" };\n'
    ),
    "stars.js": 'export * from "./star-a.js";\nexport * from "./star-b.js";\n',
    "star-a.js": ("export const onlyA = 'A';\nexport const clash = 'from A';\n"
                  "export default function () { return 'a default nothing imports'; }\n"),
    "star-b.js": ("export const onlyB = 'B';\nexport const clash = 'from B';\n"
                  "export const Symbol = 'own Symbol', Object = 'own Object'\n"),
}


@needs_node
@pytest.mark.parametrize(("options", "format_"), BUILDS, ids=BUILD_IDS)
def test_imports_in_every_position_read_what_node_reads(tmp_path: Path, options: CompileOptions,
                                                       format_: str) -> None:
    """A shorthand property, a call after `return`/`else`, a namespace's missing or ambiguous
    member (undefined), an export named `__proto__` (a key, not the prototype) or `"a-b"`,
    modules `Object` and `Symbol` of their own beside the namespace objects that read the
    globals, strict mode, side-effect imports in order (each module once), an unused import
    left out before the ones that run (and a default function nothing imports), and a body
    that begins with `(` or `[` after one that ends without `;`."""
    _write(tmp_path, IMPORTS_EVERYWHERE)
    _hoisted_as_node_runs(tmp_path, options, format_)


@needs_node
@pytest.mark.parametrize("options", [PRODUCTION, MINIFIED], ids=["plain", "minified"])
def test_the_entry_exports_names_that_are_not_identifiers(tmp_path: Path, options: CompileOptions) -> None:
    _write(tmp_path, IMPORTS_EVERYWHERE)
    code = _hoisted_as_node_runs(tmp_path, options, "esm")
    last = ('export{f as __proto__,pick as "a name",b as value};' if options.minify
            else 'export { f as __proto__, pick as "a name", value };')
    assert code.endswith(f"\n{last}\n")  # a name kept as exported is written once
    bundle = tmp_path / "bundle.mjs"
    bundle.write_text(code, encoding="utf-8")
    script = ('const m = await import(process.argv[1]);'
              'console.log(Object.keys(m).join("|"), m["a name"](3), m.value, m.__proto__("p"));')
    shown = subprocess.run([NODE, "--input-type=module", "-e", script, bundle.as_uri()], capture_output=True,
                           text=True, timeout=60, check=True, cwd=tmp_path).stdout.strip()
    native = subprocess.run([NODE, "--input-type=module", "-e", script, (tmp_path / "main.js").as_uri()],
                            capture_output=True, text=True, timeout=60, check=True, cwd=tmp_path).stdout.strip()
    assert shown.splitlines()[-1] == native.splitlines()[-1] == "__proto__|a name|value f3 v fp"


COLLISIONS = {
    "main.js": (
        'import { Box as BoxA, count, make, Map as OwnMap, describe, early, one as oneA, two as twoA } from "./a.js";\n'
        "const one = () => 'main one', two = () => 'main two';\n"
        "console.log(one(), one.name, two(), two.name, oneA(), oneA.name, twoA(), twoA.name);\n"
        'import { helper as helperB, item as itemB } from "./b.js";\n'
        "class Box { static tag = 'main'; }\n"
        "Box.extra = 1;\n"
        "function helper(value) { return 'main helper ' + value; }\n"
        "const item = () => 'main item';\n"
        "function inner(count) { const Box = 'inner'; return [count, Box, BoxA.name, item.name].join(); }\n"
        "console.log(Box.name, BoxA.name, Box.extra, BoxA.extra, count, make().name, describe());\n"
        "console.log(helper(1), helper.name, helperB(2), helperB.name, item(), item.name, itemB(), itemB.name, inner('p'));\n"
        "console.log(OwnMap, typeof Map, new Map([[1, 2]]).get(1), early.name, early());\n"
        "const { helper: own, item: ownItem } = { helper, item };\n"  # shorthands of renamed names
        "console.log(Object.keys({ helper, item, Box }).join(), own === helper, ownItem === item);\n"
    ),
    "a.js": (
        "export class Box {}\n"
        "Box.extra = 2;\n"
        "export let count = 0;\n"
        "count++;\n"
        "export const make = function () { return make; };\n"
        "const Map = 'a module-level Map';\n"
        "const local = () => 'a local';\n"
        "export const describe = () => local() + ' ' + local.name + ' ' + describe.name;\n"
        "export function early() { return early.name; }\n"
        "export const one = () => 'a one', two = () => 'a two';\n"
        "export { Map };\n"
    ),
    "b.js": (
        "export function helper(value) { return 'b helper ' + value + ' ' + local() + ' ' + item.name; }\n"
        "function local() { let value = 'inner'; return value; }\n"
        "export let item;\n"
        "item = () => 'b item';\n"
        "export function early() { return 'b early'; }\n"
        "console.log(early(), early.name, local.name);\n"
    ),
}


@needs_node
@pytest.mark.parametrize(("options", "format_"), BUILDS, ids=BUILD_IDS)
def test_names_two_modules_share_are_renamed_apart_and_keep_their_name(tmp_path: Path, options: CompileOptions,
                                                                        format_: str) -> None:
    """Top-level functions, classes and arrows two modules (or a module and a global, or an
    inner scope around a use) share: each keeps its value and its ``name`` as written."""
    _write(tmp_path, COLLISIONS)
    _hoisted_as_node_runs(tmp_path, options, format_)


CYCLE = {
    "main.js": 'import { first, late } from "./a.js";\nconsole.log("main", first, late());\n',
    "a.js": ('import { second, readLate } from "./b.js";\n'
             'export const first = "a" + second;\n'
             "export let late = () => 'late';\n"
             'console.log("a runs", readLate());\n'),
    "b.js": ('import { first, late } from "./a.js";\n'
             'export const second = "b";\n'
             "const own = 'b reads its own';\n"
             "export function readLate() { return typeof late + ' ' + own; }\n"
             "try { console.log(first); } catch (error) { console.log(error.constructor.name, error.message); }\n"
             "try { late(); } catch (error) { console.log(error.constructor.name, error.message); }\n"),
}


@needs_node
@pytest.mark.parametrize(("options", "format_"), BUILDS, ids=BUILD_IDS)
def test_a_binding_read_across_a_cycle_before_it_runs_throws_what_node_throws(
        tmp_path: Path, options: CompileOptions, format_: str) -> None:
    """In its TDZ an export read by a module of its cycle throws a ReferenceError that names it
    as written, minified too; a name no other module reads is minified as any other."""
    _write(tmp_path, CYCLE)
    _hoisted_as_node_runs(tmp_path, options, format_)


NEEDS_THE_MODULE_SYSTEM = {
    "import.meta": {"main.js": 'import { a } from "./a.js";\nconsole.log(a, import.meta.url.split("/").pop());\n',
                    "a.js": "export const a = import.meta.url.split('/').pop();\n"},
    "top-level await": {"main.js": 'import { a } from "./a.js";\nconsole.log(a, await Promise.resolve("later"));\n',
                        "a.js": "export const a = await 'a';\n"},
    "direct eval": {"main.js": 'import { a } from "./a.js";\nconst b = "b";\nconsole.log(a, eval("b"));\n',
                    "a.js": "export const a = 'a';\n"},
    "a namespace in a cycle": {
        "main.js": 'import { a } from "./a.js";\nconsole.log(a);\n',
        "a.js": 'import * as ns from "./b.js";\nexport const a = "a";\nconsole.log(Object.keys(ns).join());\n',
        "b.js": 'import { a } from "./a.js";\nexport const b = "b";\nexport function f() { return a; }\n'},
    "import()": {"main.js": 'import { a } from "./a.js";\na.then((value) => console.log(value));\n',
                 "a.js": 'export const a = import("./lazy.js").then((m) => m.lazy);\n',
                 "lazy.js": "export const lazy = 'lazy';\n"},
    "import() of a pattern": {
        "main.js": 'import { a } from "./a.js";\na.then((value) => console.log(value));\n',
        "a.js": 'const which = "x";\nexport const a = import(`./lazy-${which}.js`).then((m) => m.lazy);\n',
        "lazy-x.js": "export const lazy = 'lazy x';\n"},
    "the entry's namespace in a cycle": {
        "main.js": 'import { a } from "./a.js";\nexport const m = "m";\nconsole.log(a, m);\n',
        "a.js": ('import * as main from "./main.js";\nexport const a = "a";\n'
                 "try { console.log(Object.keys(main).join()); }\n"
                 "catch (error) { console.log(error.constructor.name); }\n")},
    "an assignment to an import": {
        "main.js": ('import { a } from "./a.js";\n'
                    "try { a = 1; } catch (error) { console.log(error.constructor.name); }\nconsole.log(a);\n"),
        "a.js": "export let a = 'a';\n"},
}


@needs_node
@pytest.mark.parametrize("case", sorted(NEEDS_THE_MODULE_SYSTEM))
def test_a_graph_hoisting_cannot_keep_as_node_runs_it_keeps_the_module_system(tmp_path: Path, case: str) -> None:
    _write(tmp_path, NEEDS_THE_MODULE_SYSTEM[case])
    native = run_native(tmp_path)
    assert native.returncode == 0, native.stderr
    for options in (PRODUCTION, MINIFIED):
        code = build(tmp_path / "main.js", options=options, format="esm").code
        assert MODULE_SYSTEM in code
        assert output_diff(native, _run(code, tmp_path, "esm")) is None


SHORT_NAMES = {
    "main.js": ('import { hot, cold } from "./a.js";\n'
                'import * as ns from "./a.js";\n'
                'import { twice } from "./twice.js";\n'
                "const None = 'none';\n"
                "const local = twice(hot) + hot;\n"
                "function show(p, q, r) { return [p, q, r, hot, Object.keys(ns).join(), None].join(' '); }\n"
                "console.log(show(local, cold, hot), ns.cold);\n"),
    "a.js": ("export const hot = 'hot';\n"
             "export const cold = 'cold';\n"
             "const other = 'other';\n"
             "const helper = () => hot + other + other;\n"
             "console.log(helper(), helper.name);\n"),
    "twice.js": "export function twice(x) { return x + x; }\n",
}


@needs_node
def test_a_minified_hoisted_bundle_gives_the_most_used_names_the_shortest_names(tmp_path: Path) -> None:
    """The whole bundle, byte for byte: every top-level name one letter, the most used first
    (`hot`, read five times, is `a`; `cold`, read by main and its namespace, ties with `other`
    and comes first), none an inner scope of a module that reads it (`show`'s `c`, `d`, `e`:
    a.js's `other` may be `c`), the namespace object and its helper after them; `show`,
    `twice` and `helper` keep the `name` code reads; an imported function is called by its name."""
    _write(tmp_path, SHORT_NAMES)
    code = _hoisted_as_node_runs(tmp_path, MINIFIED, "esm")
    assert code.splitlines()[1:] == [
        'function i(g){var o=Object.create(null,{[Symbol.toStringTag]:{value:"Module"}});for(var k in g)'
        "Object.defineProperty(o,k,{get:g[k],enumerable:true});return Object.preventExtensions(o)}",
        'var h=i({"cold":()=>b,"hot":()=>a});',
        "const a='hot';const b='cold';const c='other';const helper=()=>a+c+c;console.log(helper(),helper.name);",
        "function twice(a){return a+a}",
        "const f='none';const g=twice(a)+a;function show(c,d,e){return[c,d,e,a,Object.keys(h).join(),f].join(' ')}"
        "console.log(show(g,b,a),b);",
    ]
    assert code.endswith(");\n")


SHADOWS = {
    "main.js": ('import { value as imported, other } from "./a.js";\n'
                "const value = 'main';\n"
                "function read(value) { return [value, imported, other()].join(); }\n"
                "console.log(read('param'), value, imported);\n"),
    "a.js": ("export const value = 'a';\n"
             "const other$1 = 'taken';\n"
             "export function other() { let value$1 = 'inner'; return [value$1, other$1, value].join(); }\n"),
    "b.js": "export const value = 'b';\n",
}


@needs_node
@pytest.mark.parametrize(("options", "format_"), BUILDS, ids=BUILD_IDS)
def test_an_import_used_where_a_parameter_has_its_name_is_renamed_apart(tmp_path: Path, options: CompileOptions,
                                                                         format_: str) -> None:
    """`function read(value) { … imported … }` with `imported` being a.js's `value`: put there
    under its own name, the parameter would capture it."""
    _write(tmp_path, SHADOWS)
    _hoisted_as_node_runs(tmp_path, options, format_)


@needs_node
def test_an_unminified_hoisted_bundle_keeps_the_first_module_s_names(tmp_path: Path) -> None:
    """Unminified, a name stays as written in the module that runs first; later modules' get
    `$1` (or the next number free), in the order they are declared. The bundle reads like its sources."""
    _write(tmp_path, {**SHADOWS, "main.js": 'import { value as imported, other } from "./a.js";\n'
                                            "const value = 'main';\nconst value$2 = 'two';\n"
                                            "console.log(value, imported, other(), value$2, value.length, value + value);\n"})
    code = _hoisted_as_node_runs(tmp_path, PRODUCTION, "esm")
    assert "\n// a.js\nconst value = 'a';" in code  # each module's code after its id, as esbuild marks it
    # `value$1` is a.js's inner scope's; main's own `value$2`, named after its `value`, moves aside.
    assert "const value$2 = 'main';\nconst value$2$1 = 'two';" in code
    # (even though main reads its `value` more often than a.js does: counts order minified names only)
    assert "console.log(value$2, value, other(), value$2$1, value$2.length, value$2 + value$2);" in code


def test_a_name_used_more_gets_a_shorter_name_than_one_declared_before_it(tmp_path: Path) -> None:
    """Minified, the order of the names is the order of use counts, not of declarations:
    `second`, read three times, is `a`, before `third` and `first`, declared before it and read
    once each (c.js's `third` runs first: `b`)."""
    _write(tmp_path, {"main.js": "import { third } from './c.js';\nconst first = 'first';\nconst second = 'second';\n"
                                 "console.log(first, second, second, second, third);\n",
                      "c.js": "export const third = 'third';\n"})
    code = build(tmp_path / "main.js", options=MINIFIED, format="esm").code
    assert code.splitlines()[1:] == ["const b='third';", "const c='first';const a='second';console.log(c,a,a,a,b);"]


OWN_GLOBALS = {
    "main.js": ('import * as ns from "./a.js";\n'
                'import { tag as aTag } from "./a.js";\n'
                "const Object = \"main's Object\", Symbol = \"main's Symbol\";\n"
                "const tag = 'main tag';\n"
                "const o = { tag, ns, aTag };\n"
                "console.log(Object, Symbol, JSON.stringify(o), o.ns === ns, Reflect.isExtensible(ns));\n"
                "console.log(Reflect.ownKeys(o.ns).map(String).join(), Reflect.getPrototypeOf(ns));\n"),
    "a.js": "export const tag = 'a tag';\nexport const x = 1;\n",
}


@needs_node
@pytest.mark.parametrize(("options", "format_"), BUILDS, ids=BUILD_IDS)
def test_a_namespace_object_works_beside_a_module_s_own_object_and_symbol(tmp_path: Path, options: CompileOptions,
                                                                         format_: str) -> None:
    """The namespace object is built with the global `Object` and `Symbol`, which the entry
    declares for itself and never reads: its own are renamed apart. A namespace and a renamed
    binding in shorthand properties keep their keys."""
    _write(tmp_path, OWN_GLOBALS)
    _hoisted_as_node_runs(tmp_path, options, format_)


@needs_node
def test_an_unminified_bundle_numbers_namespace_objects_in_the_order_their_modules_run(tmp_path: Path) -> None:
    _write(tmp_path, {"main.js": ('import * as zed from "./z.js";\nimport * as alpha from "./a.js";\n'
                                  "console.log(Object.keys(zed).join(), Object.keys(alpha).join());\n"),
                      "z.js": "export const z = 'z';\n", "a.js": "export const a = 'a';\n"})
    code = _hoisted_as_node_runs(tmp_path, PRODUCTION, "esm")
    assert 'var ns$1=ns$3({"z":()=>z});\nvar ns$2=ns$3({"a":()=>a});' in code, code


@needs_node
def test_a_hoisted_bundle_maps_a_body_after_its_leading_semicolon(tmp_path: Path) -> None:
    """A module whose body begins with `[` after one that ends without `;` is written after a
    `;`: a stack trace (node's ``--enable-source-maps``) still names its line and column as node's own run."""
    _write(tmp_path, {"main.js": 'import "./first.js";\nimport "./dep.js";\n',
                      "first.js": 'console.log("first")\n',
                      "dep.js": '[1].forEach((n) => { throw new Error("dep " + n); });\n'})
    native = run_native(tmp_path)
    frames = [line.strip() for line in native.stderr.splitlines() if line.strip().startswith("at ")]
    expected = frames[0].rstrip(")").rsplit("dep.js:", 1)[1]
    assert expected == "1:28", native.stderr  # the `throw`'s line and column
    for options in (PRODUCTION, MINIFIED):
        result = build(tmp_path / "main.js", options=options, format="esm", sourcemap=True)
        assert MODULE_SYSTEM not in result.code
        assert "\n;[" in result.code
        write_bundle(result, tmp_path / "out.mjs", "external")
        done = subprocess.run([NODE, "--enable-source-maps", str(tmp_path / "out.mjs")], capture_output=True,
                              text=True, timeout=60, check=False)
        frames = [line.strip() for line in done.stderr.splitlines() if line.strip().startswith("at ")]
        assert frames[0].rstrip(")").endswith(f"dep.js:{expected}"), done.stderr
