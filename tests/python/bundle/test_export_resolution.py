"""Export resolution (``bundle/export_resolution.py``) as a program sees it: which names a
module's namespace has, which binding an import through ``export *`` chains and cycles reads,
what a CommonJS module's re-exports bring, and which imports are errors.

Each program here prints what native node prints for the same files (checked by hand when it
was written: ``node main.js`` next to a ``package.json`` of ``"type": "module"``); they are
built in process and run once, as the bundle, to stay fast. The fixtures (tests/fixtures)
compare more programs with node itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from missing_tools import needs
from node_programs import run_classic

from nbbundle.bundle.build import build
from nbbundle.compile.errors import Diagnostic, NbbundleError
from nbbundle.compile.options import CompileOptions

if TYPE_CHECKING:
    from pathlib import Path

needs_node = needs("node")


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in {"package.json": '{"type": "module"}', **files}.items():
        (root / name).write_text(text, encoding="utf-8")
    return root / "main.js"


def _printed(root: Path, files: dict[str, str], *, mode: str = "development") -> list[str]:
    """What the bundle of ``files`` prints under node (it must exit 0 and build without warnings)."""
    result = build(_write(root, files), root=root, options=CompileOptions(mode=mode))  # type: ignore[arg-type]
    assert result.warnings == []
    ran = run_classic(result.code, root)
    assert ran.returncode == 0, ran.stderr
    return ran.lines


def _errors(root: Path, files: dict[str, str]) -> list[Diagnostic]:
    with pytest.raises(NbbundleError) as caught:
        build(_write(root, files), root=root)
    return caught.value.diagnostics


@needs_node
def test_a_commonjs_modules_re_exports_give_their_names_through_chains_and_cycles(tmp_path: Path) -> None:
    # lib re-exports mid and a JSON file (which gives no names); mid re-exports lib and leaf, which
    # re-exports mid (two cycles): node's lexer finds every name, so no import needs a run-time
    # read (no warning).
    assert _printed(tmp_path, {
        "main.js": 'import * as lib from "./lib.cjs";\nimport * as agg from "./agg.js";\n'
                   'import { leaf, mid } from "./agg.js";\n'
                   "console.log(JSON.stringify([Object.keys(lib), Object.keys(agg)]), leaf, mid);\n",
        "lib.cjs": 'var own = "own";\nmodule.exports = { ...require("./mid.cjs"), ...require("./data.json"), own };\n',
        "mid.cjs": 'var mid = "mid";\nmodule.exports = { ...require("./leaf.cjs"), ...require("./lib.cjs"), mid };\n',
        "leaf.cjs": 'var leaf = "leaf";\nmodule.exports = { ...require("./mid.cjs"), leaf };\n',
        "data.json": '{"fromJson": 1}\n',
        "agg.js": 'export * from "./lib.cjs";\n'}) == [
        '[["default","leaf","mid","own"],["leaf","mid","own"]] leaf mid']


@needs_node
def test_namespaces_of_a_cycle_of_stars_have_every_name_and_no_star_default(tmp_path: Path) -> None:
    assert _printed(tmp_path, {
        "main.js": 'import * as A from "./a.js";\nimport * as B from "./b.js";\nimport * as C from "./c.js";\n'
                   'import { x, y } from "./c.js";\n'
                   "console.log(JSON.stringify([Object.keys(A), Object.keys(B), Object.keys(C)]), x, y);\n",
        "a.js": 'export const x = "x";\nexport default "A";\nexport * from "./b.js";\n',
        "b.js": 'export const y = "y";\nexport default "B";\nexport * from "./a.js";\n',
        "c.js": 'export * from "./a.js";\n'}) == ['[["default","x","y"],["default","x","y"],["x","y"]] x y']


@needs_node
def test_a_name_a_cycle_of_stars_hides_on_one_path_is_found_on_another(tmp_path: Path) -> None:
    # Asking a for fromC asks b, which asks a again (the cycle: none on that path) before a's
    # other star finds it: b's "none" was only that path's, and b does export fromC.
    assert _printed(tmp_path, {
        "main.js": 'import { fromC, fromD } from "./a.js";\nimport { fromC as c2, fromD as d2 } from "./b.js";\n'
                   "console.log(fromC, fromD, c2, d2);\n",
        "a.js": 'export * from "./b.js";\nexport * from "./c.js";\n',
        "b.js": 'export * from "./a.js";\nexport * from "./d.js";\n',
        "c.js": 'export const fromC = "c";\n',
        "d.js": 'export const fromD = "d";\n'}) == ["c d c d"]


@needs_node
def test_a_cycle_cut_before_a_searching_star_hides_the_name_on_that_path_only(tmp_path: Path) -> None:
    # As above, but b's other star (d) has a star of its own, so it is searched (not skipped
    # as a module without the name or stars): b's "none" for fromC is still that path's only.
    assert _printed(tmp_path, {
        "main.js": 'import { fromC, fromD } from "./a.js";\nimport { fromC as c2, fromD as d2 } from "./b.js";\n'
                   "console.log(fromC, fromD, c2, d2);\n",
        "a.js": 'export * from "./b.js";\nexport * from "./c.js";\n',
        "b.js": 'export * from "./a.js";\nexport * from "./d.js";\n',
        "c.js": 'export const fromC = "c";\n',
        "d.js": 'export * from "./e.js";\n',
        "e.js": 'export const fromD = "d";\n'}) == ["c d c d"]


@needs_node
def test_each_star_getter_takes_the_shortest_way_out_of_a_cycle(tmp_path: Path) -> None:
    # a and b re-export each other and e (which re-exports c): each must read v from e, whose path
    # is shorter than the other's; reading it from each other would never end.
    assert _printed(tmp_path, {
        "main.js": 'import { v } from "./a.js";\nimport { v as w } from "./b.js";\nimport * as A from "./a.js";\n'
                   "console.log(v, w, A.v);\n",
        "a.js": 'export * from "./b.js";\nexport * from "./e.js";\n',
        "b.js": 'export * from "./a.js";\nexport * from "./e.js";\n',
        "e.js": 'export * from "./c.js";\n',
        "c.js": 'export const v = "v";\n'}) == ["v v v"]


@needs_node
def test_a_star_path_past_the_module_asking_still_counts(tmp_path: Path) -> None:
    # a's only star, b, leads back to a (skipped) and on through e to v: the way out is the
    # rest of that step of the search, after the path that came back.
    assert _printed(tmp_path, {
        "main.js": 'import * as A from "./a.js";\nconsole.log(A.v);\n',
        "a.js": 'export * from "./b.js";\n',
        "b.js": 'export * from "./a.js";\nexport * from "./e.js";\n',
        "e.js": 'export * from "./c.js";\n',
        "c.js": 'export const v = "v";\n'}) == ["v"]


@needs_node
def test_a_named_re_export_does_not_end_its_step_of_the_search(tmp_path: Path) -> None:
    # From b, c's `export { v } from "./b.js"` and e's binding are one step apart in the same
    # step of the search: e is found there (and b's getter reads e), not past the re-export.
    assert _printed(tmp_path, {
        "main.js": 'import * as A from "./a.js";\nconsole.log(A.v);\n',
        "a.js": 'export * from "./b.js";\n',
        "b.js": 'export * from "./c.js";\nexport * from "./e.js";\n',
        "c.js": 'export * from "./d.js";\nexport { v } from "./b.js";\n',
        "d.js": 'export * from "./a.js";\n',
        "e.js": 'export const v = "v";\n'}) == ["v"]


@needs_node
def test_a_named_re_export_back_into_the_cycle_is_not_a_way_out(tmp_path: Path) -> None:
    # b's `export { v } from "./a.js"` leads back to a: only e's star leads to the binding.
    assert _printed(tmp_path, {
        "main.js": 'import { v } from "./a.js";\nimport { v as w } from "./b.js";\nconsole.log(v, w);\n',
        "a.js": 'export * from "./b.js";\nexport * from "./e.js";\n',
        "b.js": 'export { v } from "./a.js";\n',
        "e.js": 'export * from "./c.js";\n',
        "c.js": 'export const v = "v";\n'}) == ["v v"]


@needs_node
def test_a_star_path_back_through_another_name_of_the_module_asking_counts(tmp_path: Path) -> None:
    # a's two stars both give d as a's own default: b by `export { default as d } from "./a.js"`
    # (back into a, but for another name: a way out), c through b. a's namespace has d.
    assert _printed(tmp_path, {
        "main.js": 'import * as A from "./a.js";\nimport { d } from "./a.js";\n'
                   "console.log(JSON.stringify(Object.keys(A)), A.d, d);\n",
        "a.js": 'export default "A";\nexport * from "./b.js";\nexport * from "./c.js";\n',
        "b.js": 'export { default as d } from "./a.js";\n',
        "c.js": 'export { d } from "./b.js";\n'}) == ['["d","default"] A A']


@needs_node
def test_a_star_path_that_ends_at_an_export_star_as_counts(tmp_path: Path) -> None:
    # ns is b's `export * as ns`, which a's two stars both reach (c through b): its getter in a
    # reads it from b, where the search ends at that re-export.
    assert _printed(tmp_path, {
        "main.js": 'import * as A from "./a.js";\nimport { ns } from "./a.js";\n'
                   "console.log(JSON.stringify(Object.keys(A)), A.ns.v, ns.v);\n",
        "a.js": 'export * from "./b.js";\nexport * from "./c.js";\n',
        "b.js": 'export * as ns from "./x.js";\n',
        "c.js": 'export * from "./b.js";\n',
        "x.js": 'export const v = "v";\n'}) == ['["ns"] v v']


@needs_node
def test_a_named_re_export_does_not_hide_the_binding_beside_it(tmp_path: Path) -> None:
    # From b the search meets p's `export { v } from "./a.js"` (back to the name asked) and q's
    # binding in the same step: q is the way out, for both of a's stars (c through b).
    assert _printed(tmp_path, {
        "main.js": 'import * as A from "./a.js";\nimport { v } from "./a.js";\n'
                   "console.log(JSON.stringify(Object.keys(A)), A.v, v);\n",
        "a.js": 'export * from "./b.js";\nexport * from "./c.js";\n',
        "b.js": 'export * from "./p.js";\nexport * from "./q.js";\n',
        "c.js": 'export * from "./b.js";\n',
        "p.js": 'export { v } from "./a.js";\n',
        "q.js": 'export const v = "q";\n'}) == ['["v"] q q']


@needs_node
@pytest.mark.parametrize("mode", ["development", "production"])
def test_star_getters_through_cycles_namespaces_and_renamed_defaults(tmp_path: Path, mode: str) -> None:
    # a's only star (b) finds v past a (skipped) in d; b's star x goes round x ⇄ b; `ns` is an
    # `export * as`; `d` is a's own default, renamed by b.
    assert _printed(tmp_path, {
        "main.js": 'import { v, ns, d, far, viaUrl } from "./a.js";\nconsole.log(v, ns.k, d, far, viaUrl);\n',
        "a.js": 'export default "own default";\nexport * from "./b.js";\n',
        "b.js": 'export * from "./a.js";\nexport * from "./x.js";\nexport * from "./d.js";\n'
                'export * as ns from "./k.js";\nexport { default as d } from "./a.js";\n',
        "x.js": 'export * from "./b.js";\nexport * from "./far.js";\n',
        "far.js": 'export * from "./farther.js";\nexport { viaUrl } from "./url.js";\n',
        "farther.js": 'export const far = "far";\n',
        "url.js": 'export * from "./plain.js";\n',
        "plain.js": 'export const viaUrl = "plain";\n',
        "d.js": 'export const v = "v";\n',
        "k.js": 'export const k = "k";\n'}, mode=mode) == ["v k own default far plain"]


def test_imports_that_no_re_export_or_star_provides_are_errors(tmp_path: Path) -> None:
    errors = _errors(tmp_path, {
        "main.js": 'import { missing, ns, fromSecond } from "./re.js";\nimport fromStar from "./stars.js";\n'
                   "console.log(missing, ns, fromSecond, fromStar);\n",
        "re.js": 'export { missing } from "./dep.js";\nexport * as ns from "./dep.js";\n'
                 'export * from "./none.js";\nexport * from "./second.js";\n',
        "stars.js": 'export * from "./dep.js";\n',
        "dep.js": 'export const here = 1;\nexport default "default of dep";\n',
        "none.js": "export const other = 1;\n",
        "second.js": "export const fromSecond = 2;\n"})
    assert [(e.code, e.message) for e in errors] == [
        ("MISSING_EXPORT", '"missing" is not exported by "re.js", imported by "main.js"'),
        ("MISSING_EXPORT", '"default" is not exported by "stars.js", imported by "main.js"'),
        ("MISSING_EXPORT", '"missing" is not exported by "dep.js", imported by "re.js"')]


@pytest.mark.parametrize("mode", ["development", "production"])
def test_a_name_a_star_of_a_url_module_may_bring_is_read_when_it_runs(tmp_path: Path, mode: str) -> None:
    files = {
        "main.js": 'import { fromUrl, local } from "./agg.js";\nconsole.log(fromUrl, local);\n',
        "agg.js": 'export * from "./inner.js";\nexport * from "./local.js";\n',
        "inner.js": 'export * from "https://example.com/x.js";\n',
        "local.js": 'export const local = 1;\n'}
    result = build(_write(tmp_path, files), root=tmp_path, options=CompileOptions(mode=mode))  # type: ignore[arg-type]
    assert result.warnings == []
    # agg's getters: `local` from local.js, known before it runs although the URL star comes first;
    # `fromUrl` from whatever inner's stars bring when it runs.
    assert '__nbb_require__.d(__nbb_exports__, {"local": () => __nbb_import_1__.local});' in result.code
    assert '__nbb_import_1__ = __nbb_require__.b("local.js", ["local"])' in result.code


def test_a_name_beside_a_star_of_a_url_module_is_read_from_its_own_star(tmp_path: Path) -> None:
    # agg's first star is a URL module (its names known only when it runs): `local` is read
    # from the second, the one star that has it.
    files = {
        "main.js": 'import { local } from "./agg.js";\nconsole.log(local);\n',
        "agg.js": 'export * from "https://example.com/x.js";\nexport * from "./local.js";\n',
        "local.js": 'export const local = 1;\n'}
    result = build(_write(tmp_path, files), root=tmp_path)
    assert result.warnings == []
    # agg's getters: `local` from local.js, and the URL module's names once it has run (`true`).
    assert '__nbb_require__.d(__nbb_exports__, {"local": () => __nbb_import_1__.local}, true);' in result.code


@needs_node
def test_a_namespace_given_by_export_star_as_is_hoisted_into_one_scope(tmp_path: Path) -> None:
    # `ns` resolves to b's namespace, a binding scope hoisting can write: the production bundle
    # has no module system (the command reports why when it keeps one).
    files = {"main.js": 'import { ns } from "./a.js";\nconsole.log(ns.v);\n',
             "a.js": 'export * as ns from "./b.js";\n',
             "b.js": 'export const v = "v";\n'}
    result = build(_write(tmp_path, files), root=tmp_path, options=CompileOptions(mode="production"))
    assert result.not_hoisted is None
    assert run_classic(result.code, tmp_path).lines == ["v"]


@needs_node
def test_a_namespace_through_a_star_leaves_the_stars_default_out_of_a_production_build(tmp_path: Path) -> None:
    # `export *` brings no default, so c's namespace does not use a's: tree shaking drops it.
    files = {"main.js": 'import * as c from "./c.js";\nconsole.log(JSON.stringify(Object.keys(c)));\n',
             "c.js": 'export * from "./a.js";\n',
             "a.js": 'export const x = 1;\nexport default "UNUSED_STAR_DEFAULT";\n'}
    result = build(_write(tmp_path, files), root=tmp_path, options=CompileOptions(mode="production"))
    assert "UNUSED_STAR_DEFAULT" not in result.code
    assert run_classic(result.code, tmp_path).lines == ['["x"]']
