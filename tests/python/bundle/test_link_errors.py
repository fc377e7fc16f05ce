"""What the link (``bundle/link.py``) says of imports that cannot link: the code, the line and
column, the hint a user acts on; every bad import of every module at once; a module only
``import()`` reaches that cannot link, and every module that imports it, throw when loaded.

In process, no node: that node throws the same errors is checked by the fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbbundle.bundle.build import build
from nbbundle.compile.errors import Diagnostic, LinkError


def _write(root: Path, files: dict[str, object]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return root / "main.js"


def _link_errors(root: Path, files: dict[str, object]) -> list[Diagnostic]:
    with pytest.raises(LinkError) as caught:
        build(_write(root, files), root=root)
    return caught.value.diagnostics


def test_an_export_two_stars_give_is_ambiguous(tmp_path: Path) -> None:
    [error] = _link_errors(tmp_path, {
        "main.js": 'import { shared } from "./both.js";\nconsole.log(shared);\n',
        "both.js": 'export * from "./a.js";\nexport * from "./b.js";\n',
        "a.js": "export const shared = 1;\n",
        "b.js": "export const shared = 2;\n"})
    assert error.code == "AMBIGUOUS_EXPORT"
    assert (error.module_id, error.line, error.column) == ("main.js", 1, 9)
    assert error.message == '"shared" is exported by more than one "export *" in "both.js", imported by "main.js"'


def test_a_missing_export_names_its_place_and_what_is_exported(tmp_path: Path) -> None:
    names = [f"item{letter}" for letter in "abcdefgh"]
    exports = "".join(f"export const {name} = 1;\n" for name in names)
    [error] = _link_errors(tmp_path, {
        "main.js": 'const x = 1;\nimport { zzz } from "./dep.js";\nconsole.log(zzz, x);\n',
        "dep.js": exports})
    assert error.code == "MISSING_EXPORT"
    assert error.message == '"zzz" is not exported by "dep.js", imported by "main.js"'
    assert (error.module_id, error.line, error.column, error.severity) == ("main.js", 2, 9, "error")
    assert "import { zzz }" in error.frame
    assert error.hint == f'"dep.js" exports: {", ".join(names)}.'  # eight: all of them, no "…"


def test_a_missing_export_lists_eight_exports_then_an_ellipsis(tmp_path: Path) -> None:
    names = [f"item{letter}" for letter in "abcdefghi"]
    exports = "".join(f"export const {name} = 1;\n" for name in names)
    [error] = _link_errors(tmp_path, {"main.js": 'import { zzz } from "./dep.js";\nzzz;\n', "dep.js": exports})
    assert error.hint == f'"dep.js" exports: {", ".join(names[:8])}, ….'


def test_a_missing_export_suggests_the_closest_name(tmp_path: Path) -> None:
    [error] = _link_errors(tmp_path, {
        "main.js": 'import { computeAreas } from "./dep.js";\ncomputeAreas;\n',
        "dep.js": "export const computeArea = 1, computeAreaOf = 2, other = 3;\n"})
    assert error.hint == 'Did you mean "computeArea"?'


def test_an_import_from_a_module_without_exports(tmp_path: Path) -> None:
    [error] = _link_errors(tmp_path, {"main.js": 'import { a } from "./dep.js";\na;\n', "dep.js": "console.log(1);\nexport {};\n"})
    assert error.hint == '"dep.js" has no exports.'


def test_every_bad_import_of_every_module_is_reported(tmp_path: Path) -> None:
    errors = _link_errors(tmp_path, {
        "main.js": 'import "./one.js";\nimport "./two.js";\n',
        "one.js": 'import { nope } from "./dep.js";\nnope;\n',
        "two.js": 'import { never } from "./dep.js";\nnever;\n',
        "dep.js": "export const yes = 1;\n"})
    assert sorted((e.module_id, e.message.split('"')[1]) for e in errors) == [("one.js", "nope"), ("two.js", "never")]


def _commonjs_warning(root: Path, module: str) -> Diagnostic:
    result = build(_write(root, {
        "main.js": 'import { later } from "./dep.cjs";\nconsole.log(later);\n', "dep.cjs": module}), root=root)
    [warning] = [w for w in result.warnings if w.code == "COMMONJS_NAME"]
    return warning


def test_a_name_node_does_not_find_in_commonjs_is_a_warning_naming_what_it_finds(tmp_path: Path) -> None:
    warning = _commonjs_warning(tmp_path, "exports.first = 1;\nexports.second = 2;\n")
    assert warning.severity == "warning"
    assert (warning.module_id, warning.line, warning.column) == ("main.js", 1, 9)
    assert "its lexer finds first, second. esbuild" in (warning.hint or "")
    assert "The requested module './dep.cjs' is a CommonJS module" in (warning.hint or "")


def test_a_commonjs_module_with_no_names_node_finds(tmp_path: Path) -> None:
    warning = _commonjs_warning(tmp_path, "const o = { later: 1 };\nmodule.exports = o;\n")
    assert "its lexer finds no names. esbuild" in (warning.hint or "")


def test_what_imports_a_module_that_cannot_link_and_only_import_reaches_throws_too(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'import("./top.js").catch((e) => console.log(e.message));\n',
        "top.js": 'import "./mid.js";\n',
        "mid.js": 'import { nope } from "./dep.js";\nnope;\n',
        "dep.js": "export const yes = 1;\n"}), root=tmp_path)
    thrown = json.dumps("The requested module './dep.js' does not provide an export named 'nope'")
    for module in ("top", "mid"):
        assert f'throw new SyntaxError({thrown});' in result.code.split(f'"{module}.js": function')[1].split("\n")[0]
    [warning] = [w for w in result.warnings if w.code == "MISSING_EXPORT"]
    assert warning.severity == "warning" and warning.module_id == "mid.js"


def test_bad_imports_after_a_bare_or_a_type_import_are_found(tmp_path: Path) -> None:
    errors = _link_errors(tmp_path, {
        "main.js": 'import "./side.js";\nimport { nope } from "./dep.js";\nimport "./typed.ts";\nnope;\n',
        "typed.ts": 'import { Shape, never } from "./types.ts";\nconsole.log(never as Shape);\n',
        "types.ts": "export type Shape = string;\nexport const other = 1;\n",
        "side.js": "console.log('side');\n",
        "dep.js": "export const yes = 1;\n"})
    assert sorted((e.module_id, e.line) for e in errors) == [("main.js", 2), ("typed.ts", 1)]


def test_a_lazy_modules_unresolved_and_ambiguous_imports_throw_what_node_throws(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'import("./lost.js").catch(() => {});\nimport("./torn.js").catch(() => {});\n',
        "lost.js": 'import "./missing.js";\nimport { nope } from "./dep.js";\nnope;\n',
        "torn.js": 'import { shared } from "./both.js";\nshared;\n',
        "both.js": 'export * from "./a.js";\nexport * from "./b.js";\n',
        "a.js": "export const shared = 1;\n",
        "b.js": "export const shared = 2;\n",
        "dep.js": "export const yes = 1;\n"}), root=tmp_path)
    lost = json.dumps('Cannot find module "./missing.js" imported from "lost.js"')
    assert f"throw new TypeError({lost});" in result.code
    torn = json.dumps("The requested module './both.js' contains conflicting star exports for name 'shared'")
    assert f"throw new SyntaxError({torn});" in result.code
    assert {(w.code, w.module_id) for w in result.warnings if w.code != "UNRESOLVED_IMPORT"} == {
        ("MISSING_EXPORT", "lost.js"), ("AMBIGUOUS_EXPORT", "torn.js")}


def test_a_lazy_stylesheet_cycle_throws_and_warns(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'import("./a.css").catch(() => {});\nimport("./c.css").catch(() => {});\n',
        "a.css": '@import "./b.css";\n.a { color: red; }\n',
        "b.css": '@import "./a.css";\n.b { color: blue; }\n',
        "c.css": '@import "./gone.css";\n@import "./d.css";\n.c { color: green; }\n',
        "d.css": '@import "./c.css";\n'}), root=tmp_path)
    cycle = json.dumps("@import cycle: a.css → b.css → a.css")
    assert f"throw new Error({cycle});" in result.code
    # An unresolved @import and a cycle: the engine's "not found" is what the import throws.
    gone = json.dumps('Cannot find module "./gone.css?inline" imported from "c.css"')
    assert f"throw new TypeError({gone});" in result.code
    cycles = sorted(w.message for w in result.warnings if w.code == "CSS_IMPORT_CYCLE")
    assert cycles == ["@import cycle: a.css → b.css → a.css", "@import cycle: c.css → d.css → c.css"]


def test_a_commonjs_modules_names_leave_out_default(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'import * as ns from "./dep.cjs";\nconsole.log(ns);\n',
        "dep.cjs": "exports.default = 1;\nexports.zeta = 2;\nexports.alpha = 3;\n"}), root=tmp_path)
    assert '}, ["alpha", "zeta"]);}' in result.code


def test_re_exports_and_namespaces_of_url_modules_link(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'export { x } from "https://example.com/x.js";\nimport * as ns from "https://example.com/y.js";\n'
                   'export { ns };\nexport * as u from "https://example.com/u.js";\nexport * from "https://example.com/s.js";\n'
                   "export const own = 1;\n"}), root=tmp_path)
    # The URL modules load with import() when main runs: a star's names join main's then.
    assert ('__nbb_require__.d(__nbb_exports__, {"ns": () => __nbb_import_1__, "own": () => own, '
            '"u": () => __nbb_import_2__, "x": () => __nbb_import_0__.x}, true);') in result.code
    assert "__nbb_require__.s(__nbb_exports__, [__nbb_import_3__]);" in result.code


def test_a_namespace_has_its_modules_keys_before_it_runs(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'import * as ns from "./dep.js";\nimport * as far from "./far.js";\nimport * as c from "./c.cjs";\n'
                   "console.log(ns, far, c);\n",
        "dep.js": 'export let b = 1;\nexport const a = 2;\nexport function f() {}\nexport * from "./s1.js";\n'
                  'export * from "./s2.js";\n',
        "s1.js": "export const clash = 1, z = 2;\n",  # `clash`: two stars, so no key; `z`: one
        "s2.js": "export const clash = 3;\n",
        "far.js": 'export * from "https://example.com/s.js";\nexport const k = 1;\n',  # keys known once loaded
        "c.cjs": "exports.q = 1;\n"}), root=tmp_path)
    # Every key in order, and the lexical ones (in their TDZ until dep.js runs).
    assert '__nbb_require__.l("dep.js", ["a", "b", "f", "z"], ["a", "b"])' in result.code
    assert '__nbb_require__.l("far.js"),' in result.code
    assert '__nbb_require__.l("c.cjs");' in result.code


def test_what_reaches_a_top_level_await_is_async_and_nothing_else(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'import "./mid.js";\nimport "./plain.js";\nimport "./c1.js";\n',
        "mid.js": 'import "./plain.js";\nimport "./leaf.js";\n',
        "leaf.js": "await 0;\nexport {};\n",
        "plain.js": 'import "./data.cjs";\nexport const p = 1;\n',
        "data.cjs": "var await = 1;\nexports.a = await;\n",
        "c1.js": 'import "./c2.js";\n',
        "c2.js": 'import "./c1.js";\nimport "./c3.js";\n',
        "c3.js": 'import "./mid.js";\n'}), root=tmp_path)
    # An async module's prologue asks `a()` whether to wait; the runtime resumes it when its awaits settle.
    inits = {line.split('"')[1]: line for line in result.code.splitlines() if line.startswith('"') and '": function' in line}
    waiting = {module_id for module_id, line in inits.items() if "__nbb_require__.a([" in line}
    assert waiting == {"main.js", "mid.js", "leaf.js", "c1.js", "c2.js", "c3.js"}
    assert inits["plain.js"].startswith('"plain.js": function* ')  # every ES module: instantiated first
    assert inits["data.cjs"].startswith('"data.cjs": function ')  # CommonJS runs only when evaluated


def test_a_lazy_module_importing_text_that_does_not_parse_throws_its_syntax_error(tmp_path: Path) -> None:
    result = build(_write(tmp_path, {
        "main.js": 'import("./a.js").catch(() => {});\n',
        "a.js": 'import "./bad.js";\nimport { nope } from "./dep.js";\n',
        "bad.js": "let x = = 1;\n",
        "dep.js": "export const yes = 1;\n"}), root=tmp_path)
    # Node parses the whole graph first: the syntax error is what the import() rejects with.
    assert '"a.js": function a_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";' \
           'throw new SyntaxError("Unexpected \\"=\\"");' in result.code
    assert [(w.code, w.module_id) for w in result.warnings] == [("PARSE_ERROR", "bad.js"), ("MISSING_EXPORT", "a.js")]


def test_a_re_exports_reads_of_its_dependencys_lexical_bindings_are_listed(tmp_path: Path) -> None:
    """`__nbb_require__.b(id, lexical)`: the names a module's re-exports (named or through a star)
    read that are the dependency's own `let`, `const` or class, which the runtime guards as in
    their TDZ until the dependency starts (js/esm-interop.js); `var`s and functions are not."""
    result = build(_write(tmp_path, {
        "dep.js": "export let x = 1;\nexport const y = 2;\nexport var v = 3;\nexport function f() {}\n",
        "re.js": 'export { x, v, f } from "./dep.js";\nexport * from "./dep.js";\n',
        "main.js": 'import { x, y, v } from "./re.js";\nimport * as c from "./c.cjs";\nexport { q } from "./c.cjs";\n'
                   "console.log(x, y, v, c);\n",
        "c.cjs": "exports.q = 1;\n"}), root=tmp_path)
    assert '__nbb_require__.b("dep.js", ["x", "y"])' in result.code
    assert '__nbb_require__.b("re.js")' in result.code  # the importer reads no re-export
    assert '__nbb_require__.b("c.cjs")' in result.code  # a CommonJS module has no TDZ


def test_a_bad_name_after_a_namespace_or_a_type_of_the_same_module_is_found(tmp_path: Path) -> None:
    """Imports of one module are one record: a name after its `*` or after a name that is only a
    TypeScript type (erased, nothing to link) is still checked."""
    errors = _link_errors(tmp_path, {
        "main.js": 'import * as ns from "./dep.js";\nimport { nope } from "./dep.js";\n'
                   'import { Shape, never } from "./types.ts";\nconsole.log(ns, nope, never);\n',
        "types.ts": "export type Shape = string;\nexport const other = 1;\n",
        "dep.js": "export const yes = 1;\n"})
    assert sorted((e.module_id, e.line, e.column) for e in errors) == [("main.js", 2, 9), ("main.js", 3, 16)]


def test_linking_one_module_again_finds_the_top_level_await_it_reaches(tmp_path: Path) -> None:
    """The notebook links a changed cell alone (``modules``: that one): whether it must wait is
    decided from everything it reaches, not only from the modules being linked."""
    from nbbundle.bundle.link import link
    from nbbundle.bundle.load import scan

    entry = _write(tmp_path, {"main.js": 'import { t } from "./mid.js";\nconsole.log(t);\n',
                              "mid.js": 'export { t } from "./leaf.js";\n',
                              "leaf.js": "export const t = await 1;\n"})
    scanned = scan(entry, root=tmp_path)
    relinked = link(scanned.graph, [scanned.entry])
    assert relinked["main.js"].is_async


def test_a_commonjs_require_of_a_url_makes_nothing_wait(tmp_path: Path) -> None:
    """Only an ES module waits by itself (its top-level await, or a URL the host imports, which
    is asynchronous): a CommonJS `require` of a URL is synchronous, so what imports it does not
    wait."""
    result = build(_write(tmp_path, {"main.js": 'import d from "./d.cjs";\nconsole.log(d);\n',
                                     "d.cjs": 'module.exports = require("https://example.com/x.js");\n'}), root=tmp_path)
    inits = {line.split('"')[1]: line for line in result.code.splitlines() if line.startswith('"') and '": function' in line}
    assert "__nbb_require__.a(" not in inits["main.js"]
