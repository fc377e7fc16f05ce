"""Tree shaking in production builds: what goes, what stays, and that what stays keeps its place.

The semantics are checked against node by the fixtures (``shake-*``, all fixtures in production
in ``test_modes.py``), the fuzzer and the torture pass; these tests check what a user of a
production build notices: the size (unused code and modules gone), and that every line and
column of what remains is where the development build has it (source maps hold).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from missing_tools import needs
from node_programs import run_classic
from npm_cache import npm_packages

from nbbundle.bundle.build import BuildResult, build
from nbbundle.bundle.side_effects import PackageSideEffects
from nbbundle.compile.options import CompileOptions
from nbbundle.resolve.filesystem import DiskFileSystem

needs_node = needs("node")
PRODUCTION = CompileOptions(mode="production")
#: Real packages whose size tree shaking decides (the figures of benchmarks/bundle_size.py).
PACKAGES = {"date-fns": "4.4.0", "three": "0.187.0"}


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _module_body(code: str, module_id: str) -> list[str]:
    """The lines of ``module_id``'s init function in a bundle (from its header to its end); in a
    scope-hoisted bundle, its code's (the mark ``// id`` and its first line as the header)."""
    lines = code.splitlines()
    if f"// {module_id}" in lines:
        start = lines.index(f"// {module_id}")
        end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith(("// ", "})();", "export")))
        return [lines[start] + lines[start + 1], *lines[start + 2:end]]
    start = next(i for i, line in enumerate(lines) if line.startswith(json.dumps(module_id) + ": function"))
    end = next(i for i in range(start, len(lines)) if lines[i] in ("},", "}"))
    return lines[start:end]


LIB = {
    "main.js": 'import { used, count, bump } from "./lib.js";\nbump();\nconsole.log(used(), count);\n',
    "lib.js": ("export let count = 0;\n"
               "export function bump() { count++; }\n"
               "export function used() { return helper('ok'); }\n"
               "function helper(x) { return x + '!'; }\n"
               "export function unusedFunction() { return 'UNUSED_FUNCTION'; }\n"
               "export const unusedObject = { text: 'UNUSED_OBJECT', nested: [1, 2, { deep: () => 3 }] };\n"
               "export class UnusedClass extends Object { static label = 'UNUSED_CLASS'; m() {} }\n"
               "export const unusedCall = /* @__PURE__ */ helper('UNUSED_PURE_CALL'), alsoUnused = `UNUSED_TEMPLATE`;\n"
               "const é = 'UNUSED_ACCENTED'; export { é as accented }; export const after = 'x';\n"),
}


@needs_node
def test_unused_exports_go_and_what_is_used_runs(tmp_path: Path) -> None:
    _write(tmp_path, LIB)
    development = build(tmp_path / "main.js").code
    production = build(tmp_path / "main.js", options=PRODUCTION).code
    for text in ("UNUSED_FUNCTION", "UNUSED_OBJECT", "UNUSED_CLASS", "UNUSED_PURE_CALL", "UNUSED_TEMPLATE",
                 "UNUSED_ACCENTED"):
        assert text in development
        assert text not in production, text
    assert '"unusedFunction": () =>' not in production  # the getter goes with it
    assert run_classic(production, tmp_path).lines == run_classic(development, tmp_path).lines == ["ok! 1"]


def test_what_stays_keeps_its_line_and_column(tmp_path: Path) -> None:
    """Statements are blanked, not cut: each line has the development build's length, and every
    character either is the development build's or is a blank (a `;` where a statement began)."""
    _write(tmp_path, LIB)
    development = _module_body(build(tmp_path / "main.js").code, "lib.js")
    production = _module_body(build(tmp_path / "main.js", options=PRODUCTION).code, "lib.js")
    assert len(production) == len(development)
    for dev_line, prod_line in zip(development[1:], production[1:]):  # the header holds the getters
        assert len(prod_line) == len(dev_line)
        assert all(p == d or p == " " or p == ";" for p, d in zip(prod_line, dev_line)), (dev_line, prod_line)
    kept = [line for line in production[1:] if line.strip(" ;")]
    assert kept == ["function bump() { count++; }", "function used() { return helper('ok'); }",
                    "function helper(x) { return x + '!'; }"]


@needs_node
def test_a_module_nothing_uses_and_without_side_effects_leaves_the_bundle(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.js": 'import { a } from "./a.js";\nimport { b } from "./pure.js";\nimport "./effect.js";\nconsole.log(a);\n',
        "a.js": "export const a = 'a';\n",
        "pure.js": 'import { c } from "./deeper.js";\nexport const b = [c, "PURE_MODULE"];\n',
        "deeper.js": "export const c = 'DEEPER_MODULE';\n",
        "effect.js": "console.log('effect runs');\n",
    })
    result = build(tmp_path / "main.js", options=PRODUCTION)
    assert '"pure.js": function' not in result.code and "DEEPER_MODULE" not in result.code
    assert '__nbb_require__.b("pure.js")' not in result.code  # its importer does not take it either
    assert run_classic(result.code, tmp_path).lines == ["effect runs", "a"]
    assert result.module_count == 3


def test_a_side_effect_of_an_unused_module_keeps_it(tmp_path: Path) -> None:
    """A module whose dependency prints is kept: dropping it would skip the print."""
    _write(tmp_path, {
        "main.js": 'import { unused } from "./middle.js";\nconsole.log("main");\n',
        "middle.js": 'import "./prints.js";\nexport const unused = "MIDDLE_UNUSED";\n',
        "prints.js": "console.log('prints');\n",
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert '"middle.js": function' in code and '"prints.js": function' in code
    assert "MIDDLE_UNUSED" not in code


@needs_node
def test_a_template_converting_an_object_after_a_comment_keeps_its_call(tmp_path: Path) -> None:
    """`${/* c */ {toString() {…}}}` calls toString: the comment before the object is not its value."""
    _write(tmp_path, {
        "main.js": 'import "./lib.js";\n',
        "lib.js": "const text = `${/* c */ { toString() { console.log('converted'); return '' } }}`;\n"
                  "export const unused = text;\n",
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert run_classic(code, tmp_path).lines == ["converted"]


@pytest.mark.parametrize(("side_effects", "dropped"), [
    (False, True),
    (["./lib/other.js"], True),
    (["*.css", "effect.js"], True),       # no slash: a file name in any folder
    (["./lib/*.js"], False),              # * matches within a folder
    (["**/unused.js"], False),
    (True, False),
])
def test_package_side_effects_as_esbuild_reads_them(side_effects: object, dropped: bool, tmp_path: Path) -> None:
    package = tmp_path / "node_modules" / "pkg"
    _write(tmp_path, {
        "main.js": 'import { used } from "pkg";\nconsole.log(used);\n',
        "node_modules/pkg/package.json": json.dumps({"name": "pkg", "main": "index.js", "type": "module",
                                                     "sideEffects": side_effects}),
        "node_modules/pkg/index.js": 'export { unused } from "./lib/unused.js";\nexport const used = "used";\n',
        "node_modules/pkg/lib/unused.js": 'console.log("UNUSED_WITH_A_LOG");\nexport const unused = 1;\n',
    })
    declared = PackageSideEffects(DiskFileSystem()).declared_free(str(package / "lib" / "unused.js"))
    assert declared is dropped
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert ("UNUSED_WITH_A_LOG" not in code) is dropped


@pytest.mark.parametrize(("pattern", "path", "has_effects"), [
    ("./lib/*.js", "lib/a.js", True),
    ("./lib/*.js", "lib/deep/a.js", False),     # * stays within its folder
    ("lib/a.js", "lib/a.js", True),             # a slash without ./: from the package folder
    ("lib/a.js", "other/lib/a.js", False),      # ... and only there
    ("a.js", "deep/er/a.js", True),             # no slash: the name in any folder
    ("a.js", "ba.js", False),
    ("lib/?.js", "lib/a.js", True),
    ("lib/?.js", "lib/ab.js", False),
    ("lib/**/a.js", "lib/a.js", True),          # **/ may be no folder at all
    ("lib/**/a.js", "lib/x/y/a.js", True),
    ("lib/**.js", "lib/x/y.js", True),          # ** crosses folders
    ("lib/**.js", "lib/xjs", False),
    ("lib/a+b.js", "lib/a+b.js", True),         # the rest is literal
    ("lib/a+b.js", "lib/aab.js", False),
])
def test_side_effects_globs_match_as_esbuild_matches_them(pattern: str, path: str, has_effects: bool,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file listed by a ``sideEffects`` glob keeps its side effects; one not listed is declared free."""
    from nbbundle.bundle import side_effects

    monkeypatch.setattr(side_effects, "_GLOBS", {})  # compiled here, not by an earlier test
    _write(tmp_path, {"pkg/package.json": json.dumps({"name": "pkg", "sideEffects": [pattern]})})
    declared_free = PackageSideEffects(DiskFileSystem()).declared_free(str(tmp_path / "pkg" / path))
    assert declared_free is not has_effects


def test_a_package_scope_ends_at_node_modules(tmp_path: Path) -> None:
    """A file loose in ``node_modules`` is in no package: the project's ``sideEffects`` is not its."""
    _write(tmp_path, {"package.json": json.dumps({"name": "app", "sideEffects": False})})
    packages = PackageSideEffects(DiskFileSystem())
    assert packages.declared_free(str(tmp_path / "src" / "a.js"))
    assert not packages.declared_free(str(tmp_path / "node_modules" / "loose.js"))


def test_development_builds_shake_nothing(tmp_path: Path) -> None:
    _write(tmp_path, LIB)
    assert "UNUSED_FUNCTION" in build(tmp_path / "main.js", options=CompileOptions(mode="development")).code


def _modules_size(result: BuildResult) -> int:
    """The bytes of the bundle's modules (its resources), the runtime aside."""
    return sum(len(resource.code) for resource in result.plan.resources)


def _visible(code: str) -> int:
    return len("".join(code.split()))


@pytest.fixture(scope="module")
def packages() -> Path:
    return npm_packages("tree-shake", PACKAGES)


@needs_node
def test_one_function_of_date_fns_bundles_no_locale(packages: Path, tmp_path: Path) -> None:
    entry = packages / "date-fns-app.mjs"
    entry.write_text('import { addDays } from "date-fns";\nconsole.log(addDays(new Date(0), 3).getTime());\n')
    result = build(entry, options=PRODUCTION)
    development = build(entry)
    assert not any("/locale/" in name for name in result.plan.manifest["modules"])
    assert any("/locale/" in name for name in development.plan.manifest["modules"])
    assert result.module_count < 20 < development.module_count
    assert _modules_size(result) * 20 < _modules_size(development)  # 730 KB of modules → 13 KB
    assert run_classic(result.code, packages).lines == [str(3 * 86_400_000)]


@needs_node
def test_a_three_js_app_of_a_few_classes_drops_most_of_three(packages: Path) -> None:
    entry = packages / "three-app.mjs"
    entry.write_text('import { Scene, Mesh, BoxGeometry, MeshBasicMaterial } from "three";\n'
                     "const scene = new Scene();\n"
                     "scene.add(new Mesh(new BoxGeometry(1, 1, 1), new MeshBasicMaterial({ color: 0xff0000 })));\n"
                     "console.log(scene.children.length, scene.children[0].geometry.type);\n")
    built = build(entry, options=PRODUCTION)
    production, development = built.code, build(entry).code
    for unused in ("class WebGLRenderer", "class AnimationMixer", "class ShaderMaterial", "class CubeCamera"):
        assert unused in development
        assert unused not in production, unused
    # Blanked, not cut (the minifier removes the spaces): count what is not white space.
    assert _visible(production) * 2 < _visible(development)
    assert run_classic(production, packages).lines == ["1 BoxGeometry"]


NOTEBOOK_CELLS = [
    '%%module lib.js\nexport function used() { return "used"; }\nexport function unused() { return "CELL_UNUSED"; }\n',
    '%%module app.js --show\nimport { used } from "./lib.js";\nexport function render({ el }) { el.textContent = used(); }\n'
    'export const extra = "ENTRY_EXPORT_KEPT";\n',
]


def _notebook(folder: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path = folder / "app.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(cell) for cell in NOTEBOOK_CELLS]), path)
    return path


@pytest.mark.parametrize("mode", ["production", "development"])
def test_an_export_shakes_the_notebooks_modules_in_production(mode: str, tmp_path: Path) -> None:
    from nbbundle.site.export import export_notebook

    export_notebook(_notebook(tmp_path), tmp_path / "site", mode=mode)  # type: ignore[arg-type]
    scripts = "".join(path.read_text() for path in (tmp_path / "site").glob("*.js"))
    assert ("CELL_UNUSED" in scripts) is (mode == "development")
    assert "ENTRY_EXPORT_KEPT" in scripts  # the entry's exports are what the page uses


def test_an_anywidget_export_shakes_the_widgets_modules(tmp_path: Path) -> None:
    from nbbundle.site.anywidget_export import export_anywidget_notebook

    export_anywidget_notebook(_notebook(tmp_path), tmp_path / "widget")
    script = (tmp_path / "widget" / "widget.js").read_text()
    assert "CELL_UNUSED" not in script
    assert "ENTRY_EXPORT_KEPT" in script and "export {" in script


@needs_node
def test_typescript_and_jsx_modules_are_shaken_like_javascript(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.ts": 'import { used, type Options } from "./lib.ts";\nconst options: Options = { n: 2 };\n'
                   "console.log(used(options));\n",
        "lib.ts": "export interface Options { n: number }\n"
                  "export function used(o: Options): number { return o.n * 21; }\n"
                  "export enum Unused { A = 'TS_UNUSED_ENUM' }\n"
                  "export const unusedArrow = (x: string): string => 'TS_UNUSED_ARROW' + x;\n",
    })
    code = build(tmp_path / "main.ts", options=PRODUCTION).code
    assert "TS_UNUSED_ARROW" not in code
    assert run_classic(code, tmp_path).lines == ["42"]


SHAKE_FIXTURES = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "fixtures").iterdir()
                        if p.name.startswith("shake-") and (p / "main.js").is_file())


@needs_node
@pytest.mark.parametrize("case", SHAKE_FIXTURES)
def test_the_tree_shaking_fixtures_as_es_module_bundles(case: str, tmp_path: Path) -> None:
    """``--format esm`` in production (what the anywidget export writes) prints what node does."""
    from node_programs import output_diff, run_native, run_node

    folder = Path(__file__).resolve().parents[2] / "fixtures" / case
    bundle = tmp_path / "bundle.mjs"
    bundle.write_text(build(folder / "main.js", options=PRODUCTION, format="esm").code)
    assert output_diff(run_native(folder), run_node(bundle, folder)) is None


@needs_node
def test_an_es_module_bundle_keeps_every_export_of_its_entry(tmp_path: Path) -> None:
    from node_programs import NODE

    _write(tmp_path, {
        "main.js": 'export { used as renamed } from "./lib.js";\nexport * from "./star.js";\n'
                   'export const own = "own";\n',
        "lib.js": 'export const used = "used";\nexport const unused = "LIB_UNUSED";\n',
        "star.js": 'export const fromStar = "from star";\n',
    })
    bundle = tmp_path / "bundle.mjs"
    bundle.write_text(build(tmp_path / "main.js", options=PRODUCTION, format="esm").code)
    assert "LIB_UNUSED" not in bundle.read_text()
    import subprocess

    shown = subprocess.run([NODE, "--input-type=module", "-e",
                            "const ns = await import(process.argv[1]); console.log(JSON.stringify(ns));",
                            bundle.as_uri()], capture_output=True, text=True, timeout=60, check=True).stdout
    assert json.loads(shown) == {"fromStar": "from star", "own": "own", "renamed": "used"}


@needs_node
def test_no_side_effects_functions_are_known_across_modules(tmp_path: Path) -> None:
    """A call of an imported function its module marks ``/* #__NO_SIDE_EFFECTS__ */`` (through a
    re-export too) is free: unused, it goes, and so does a module that only makes such calls."""
    _write(tmp_path, {
        "main.js": 'import { used } from "./widgets.js";\nimport "./only-calls.js";\nconsole.log(used.kind);\n',
        "factory.js": "/* #__NO_SIDE_EFFECTS__ */ export function define(kind) { return { kind }; }\n"
                      "export function plain(kind) { return { kind }; }\n",
        "reexport.js": 'export { define, plain } from "./factory.js";\n',
        "widgets.js": 'import { define, plain } from "./reexport.js";\n'
                      'export const used = define("used");\n'
                      'export const unused = define("CROSS_MODULE_UNUSED");\n'
                      'export const kept = plain("PLAIN_CALL_KEPT");\n',
        "only-calls.js": 'import { define } from "./factory.js";\nexport const x = define("ONLY_CALLS_MODULE");\n',
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert "CROSS_MODULE_UNUSED" not in code and "ONLY_CALLS_MODULE" not in code
    assert '"only-calls.js": function' not in code
    assert "PLAIN_CALL_KEPT" in code  # not marked: it may have effects
    assert run_classic(code, tmp_path).lines == ["used"]


def test_a_source_map_of_a_shaken_build_points_at_what_was_written(tmp_path: Path) -> None:
    """Blanked statements keep every other byte in place: the compiler's position maps, and so
    the bundle's source map, hold for what stays, on the line of a blanked statement too."""
    from nbbundle.cli import main
    from sourcemap.decoder import decode, generated_position, source_position

    lib = ("export const unused = { text: 'GONE' }; export function kept(n) { return n * 2; }\n"
           "export function alsoUnused() { return 'GONE'; }\n"
           "export const answer = kept(21);\n")
    _write(tmp_path, {"main.js": 'import { answer } from "./lib.js";\nconsole.log(answer);\n', "lib.js": lib})
    out = tmp_path / "out" / "bundle.js"
    # Unminified, so that the needles read as written (a minified build's maps: tests/python/minify/).
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--mode", "production", "--sourcemap",
                 "--no-minify", "--quiet", "--no-cache"]) == 0
    code = out.read_text()
    assert "GONE" not in code
    start = code.index("// lib.js")  # (scope-hoisted: the module's code follows its mark)
    queries, expected = [], []
    for needle in ("kept(n)", "n * 2", "kept(21)"):
        queries.append(generated_position(code, needle, start))
        line, column = source_position(lib, needle)
        expected.append({"source": "../lib.js", "line": line, "column": column})
    answers, _ = decode((tmp_path / "out" / "bundle.js.map").read_text(), queries)
    assert [{key: answer[key] for key in ("source", "line", "column")} for answer in answers] == expected


@needs_node
def test_what_eval_or_a_computed_import_can_reach_stays(tmp_path: Path) -> None:
    """A direct ``eval`` can name any binding of its module, and ``import(expression)`` can give
    any module's namespace: nothing they might reach is left out."""
    _write(tmp_path, {
        "main.js": 'import { run } from "./evals.js";\nconsole.log(run("helper()"));\n'
                   'const name = ["./", "lazy.js"].join("");\n'
                   "const lazy = await import(name);\nconsole.log(Object.keys(lazy).join());\n",
        "evals.js": "export function run(code) { return eval(code); }\n"
                    "function helper() { return 'EVAL_REACHES_ME'; }\n",
        "lazy.js": 'import { a } from "./static.js";\nexport const b = a;\n',
        "static.js": 'export const a = "a";\nexport const other = "STATIC_OTHER";\n',
        "keep.js": 'export * from "./static.js";\n',
    })
    _write(tmp_path, {"main.js": 'import "./keep.js";\n' + (tmp_path / "main.js").read_text()})
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert "EVAL_REACHES_ME" in code and "STATIC_OTHER" in code
    assert run_classic(code, tmp_path).lines == ["EVAL_REACHES_ME", "b"]


@needs_node
def test_a_module_kept_whole_still_lets_its_imports_shake(tmp_path: Path) -> None:
    """A module with a direct ``eval`` is kept as written: what it imports by name stays, the rest
    of that dependency goes, and its side-effect imports run in order. A name re-exported through
    ``export *`` next to a CommonJS star (whose names are known only at run time) is taken from
    every star that may hold it."""
    from node_programs import output_diff, run_native

    _write(tmp_path, {
        "main.js": 'import { run } from "./evals.js";\nimport { x, y } from "./mid.js";\n'
                   'console.log(run("1"), x, y);\n',
        "evals.js": 'import { used } from "./dep.js";\nimport "./effect.js";\n'
                    "export function run(code) { return eval(code) + used; }\n",
        "dep.js": 'export const used = 41;\nexport const unused = "DEP_UNUSED";\n',
        "effect.js": 'console.log("effect");\n',
        "mid.js": 'export * from "./names.cjs";\nexport * from "./star.js";\n',
        "names.cjs": 'exports.y = "Y";\n',
        "star.js": 'export const x = "X";\nexport const notX = "STAR_UNUSED";\n',
    })
    result = build(tmp_path / "main.js", options=PRODUCTION)
    assert "DEP_UNUSED" not in result.code and "STAR_UNUSED" not in result.code
    assert run_classic(result.code, tmp_path).lines == ["effect", "42 X Y"]
    assert output_diff(run_native(tmp_path), run_classic(result.code, tmp_path)) is None


@needs_node
def test_commonjs_keeps_every_export_of_what_it_requires(tmp_path: Path) -> None:
    """``require`` of an ES module gives its whole namespace, so no export of it goes; every
    module a CommonJS module requires stays."""
    _write(tmp_path, {
        "main.js": 'import { keys } from "./lib.cjs";\nconsole.log(keys);\n',
        "lib.cjs": 'const ns = require("./esm-lib.js");\nconst other = require("./other.cjs");\n'
                   'exports.keys = Object.keys(ns).join() + " " + other;\n',
        "esm-lib.js": "export const a = 1;\nexport function b() {}\n",
        "other.cjs": 'module.exports = "other";\n',
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert run_classic(code, tmp_path).lines == ["a,b other"]


@needs_node
def test_what_import_gives_keeps_every_export(tmp_path: Path) -> None:
    """``import()`` resolves to the target's namespace: all of its exports stay, for a module
    imported both ways, for the files a template ``import()`` may name, and an ``import()`` of a
    URL is left to run time; the rest of the program still shakes."""
    from node_programs import output_diff, run_native

    _write(tmp_path, {
        "main.js": 'import { a } from "./lazy.js";\nimport { kept } from "./other.js";\n'
                   'const ns = await import("./lazy.js");\nconst name = "en";\n'
                   "const locale = await import(`./locales/${name}.js`);\n"
                   'console.log(a, kept, Object.keys(ns).join(), Object.keys(locale).join());\n'
                   'globalThis.later = () => import("https://cdn.example/lib.js");\n',
        "lazy.js": 'export const a = 1;\nexport const b = "LAZY_B";\n',
        "other.js": 'export const kept = "kept";\nexport const dropped = "OTHER_DROPPED";\n',
        "locales/en.js": 'export const hello = "hi";\nexport const bye = "bye";\n',
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert "OTHER_DROPPED" not in code
    assert run_classic(code, tmp_path).lines == ["1 kept a,b bye,hello"]
    assert output_diff(run_native(tmp_path), run_classic(code, tmp_path)) is None


def test_a_blanked_statement_keeps_every_line_terminator(tmp_path: Path) -> None:
    """A dropped statement over several lines, or with U+2028 or U+2029 in it, leaves its line
    terminators where they were: what remains is on the development build's lines and columns."""
    lib = ("export const unused = {\r\n  text: 'GONE',\r\n  last: 1 };\r\n"
           "export const lineSeparated = ['GONE',\u2028 1];\n"
           "export const paragraphSeparated = ['GONE',\u2029 2];\n"
           "export function kept() { return 'kept'; }\n"
           "export const alsoUnused = 'GONE'; export const after = 'x';\n")
    _write(tmp_path, {"main.js": 'import { kept } from "./lib.js";\nconsole.log(kept());\n', "lib.js": lib})
    development = build(tmp_path / "main.js").code
    production = build(tmp_path / "main.js", options=PRODUCTION).code
    assert "GONE" not in production

    # lib.js's text: in the development bundle its init function after `yield; ` (the getters
    # before it are pruned by shaking), in the production one (scope hoisted) after its mark.
    start = development.index("yield; ", development.index('"lib.js": function')) + len("yield; ")
    development_body = development[start:development.index("\n},", start)]
    start = production.index("// lib.js\n") + len("// lib.js\n")
    production_body = production[start:production.index("\n// main.js", start)]
    assert len(production_body) == len(development_body)
    terminators = "\n\u2028\u2029"
    assert [(i, c) for i, c in enumerate(production_body) if c in terminators] == \
        [(i, c) for i, c in enumerate(development_body) if c in terminators]
    assert all(p == d or p in " ;" for p, d in zip(production_body, development_body))
    assert "function kept() { return 'kept'; }" in production_body


@needs_node
def test_a_module_split_by_dynamic_imports_is_blanked_part_by_part(tmp_path: Path) -> None:
    """Each `import()` splits a module's body into parts: the blanks before, between and after
    them leave each resolved id where its `import(` is, and every line where it was."""
    _write(tmp_path, {
        "main.js": 'import { load, loadOther } from "./lib.js";\n'
                   "const [a, b] = [await load(), await loadOther()];\nconsole.log(a.x, b.y);\n",
        "lib.js": 'export const unused1 = "GONE1";\nexport function load() { return import("./lazy.js"); }\n'
                  'export const unused2 = "GONE2";\nexport const loadOther = () => import("./other.js");\n'
                  'export const unused3 = "GONE3";\n',
        "lazy.js": 'export const x = "lazy-x";\n', "other.js": 'export const y = "other-y";\n',
    })
    development = _module_body(build(tmp_path / "main.js").code, "lib.js")
    production = _module_body(build(tmp_path / "main.js", options=PRODUCTION).code, "lib.js")
    assert [line for line in production[1:] if line.strip(" ;")] == \
        ['function load() { return __nbb_require__.i("lazy.js"); }',
         'const loadOther = () => __nbb_require__.i("other.js");']
    assert [len(line) for line in production[1:]] == [len(line) for line in development[1:]]
    assert run_classic(build(tmp_path / "main.js", options=PRODUCTION).code, tmp_path).lines == ["lazy-x other-y"]


@needs_node
def test_a_minified_shaken_module_system_build_reads_star_reexports(tmp_path: Path) -> None:
    """A minified production build that keeps the module system (an ``import()``) renames each
    module's getters for its minified copy: a name an ``export *`` brings and an
    ``export * as`` namespace still read what native node reads."""
    from node_programs import output_diff, run_native

    _write(tmp_path, {
        "main.js": 'import { a, ns, later } from "./lib.js";\nconsole.log(a, ns.b, Object.keys(ns).join());\n'
                   "later().then((m) => console.log(m.lazy));\n",
        "lib.js": 'export * from "./a.js";\nexport * as ns from "./b.js";\nexport const unusedLib = "GONE_LIB";\n'
                  'export const later = () => import("./lazy.js");\n',
        "a.js": 'export const a = "A \u00e9";\n',
        "b.js": 'export const b = "B";\nexport const c = "C";\n',
        "lazy.js": 'export const lazy = "LAZY";\n',
    })
    result = build(tmp_path / "main.js", options=CompileOptions(mode="production", minify=True))
    assert (result.not_hoisted, "GONE_LIB" in result.code) == ("lib.js has import()", False)
    assert run_classic(result.code, tmp_path).lines == ["A \u00e9 B b,c", "LAZY"]
    assert output_diff(run_native(tmp_path), run_classic(result.code, tmp_path)) is None


@needs_node
def test_the_files_a_template_import_names_ship_in_the_bundle(tmp_path: Path) -> None:
    """The modules an ``import(`./locales/${name}.js`)`` may load are in the bundle with every
    export: run from another folder, where no file of that name is beside it."""
    import subprocess

    _write(tmp_path / "src", {
        "main.js": 'const name = globalThis.process ? "en" : "fr";\n'
                   "const locale = await import(`./locales/${name}.js`);\n"
                   "console.log(Object.keys(locale).join(), locale.hello, locale.bye);\n",
        "locales/en.js": 'export const hello = "hi";\nexport const bye = "bye";\n',
        "locales/fr.js": 'export const hello = "salut";\nexport const bye = "au revoir";\n',
    })
    out = tmp_path / "out" / "bundle.js"
    out.parent.mkdir()
    out.write_text(build(tmp_path / "src" / "main.js", options=PRODUCTION).code, encoding="utf-8")
    ran = subprocess.run(["node", str(out)], cwd=out.parent, capture_output=True, text=True, timeout=60, check=False)
    assert (ran.stdout, ran.stderr) == ("bye,hello hi bye\n", "")


@needs_node
def test_a_minified_shaken_module_that_cannot_link_throws_when_imported(tmp_path: Path) -> None:
    """A module only ``import()`` reaches, importing a name its dependency lacks, is a warning:
    in a minified production build too, importing it rejects with the error native node throws."""
    from node_programs import run_native

    _write(tmp_path, {
        "main.js": 'import("./lazy.js").then((m) => console.log("ran", m.value), (e) => console.log(e.name));\n',
        "lazy.js": 'import { missing } from "./dep.js";\nexport const value = missing;\nexport * from "./dep.js";\n',
        "dep.js": "export const present = 1;\n",
    })
    result = build(tmp_path / "main.js", options=CompileOptions(mode="production", minify=True))
    assert result.not_hoisted == "main.js has import()"
    assert run_classic(result.code, tmp_path).lines == run_native(tmp_path).lines == ["SyntaxError"]


@needs_node
def test_a_shaken_module_importing_a_url_still_imports_it(tmp_path: Path) -> None:
    """The shaken copy of a module keeps its URL imports (``externals``): the bundle keeps the
    module system, and the host imports the URL as native node does."""
    from node_programs import run_native

    _write(tmp_path, {
        "main.js": 'import { v } from "data:text/javascript,export const v = 42;";\nimport { x } from "./lib.js";\n'
                   "console.log(v, x);\n",
        "lib.js": 'export const x = 1;\nexport const unused = "GONE";\n',
    })
    result = build(tmp_path / "main.js", options=PRODUCTION)
    assert (result.not_hoisted, "GONE" in result.code) == ("main.js imports a URL", False)
    assert run_classic(result.code, tmp_path).lines == run_native(tmp_path).lines == ["42 1"]


@needs_node
def test_an_unused_exports_getter_goes_from_a_build_that_keeps_the_module_system(tmp_path: Path) -> None:
    """A production build with an ``import()`` keeps the module system: each module's getters
    are its used exports only (a getter kept would name a blanked declaration)."""
    _write(tmp_path, {**LIB, "main.js": LIB["main.js"] + 'globalThis.later = () => import("./lazy.js");\n',
                      "lazy.js": "export const lazy = 1;\n"})
    production = build(tmp_path / "main.js", options=PRODUCTION)
    assert production.not_hoisted == "main.js has import()"
    lib = "\n".join(_module_body(production.code, "lib.js"))
    assert '"used": () =>' in lib and '"unusedFunction"' not in lib and '"accented"' not in lib
    assert run_classic(production.code, tmp_path).lines == ["ok! 1"]
