"""Tree shaking's marking at its edges (``tree_shake._Marking``): what a production build keeps
when names come from CommonJS, through ``export *`` of a package free of side effects, or from a
module that cannot link. Each program runs under node; the kept and dropped code is checked
where running cannot tell (a module that throws before it runs its imports)."""

from __future__ import annotations

from pathlib import Path

import pytest

from missing_tools import needs
from node_programs import run_classic

from nbbundle.bundle.build import build
from nbbundle.compile.options import CompileOptions

needs_node = needs("node")
PRODUCTION = CompileOptions(mode="production")


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _production_lines(folder: Path, files: dict[str, str]) -> list[str]:
    _write(folder, files)
    return run_classic(build(folder / "main.js", options=PRODUCTION).code, folder).lines


@needs_node
def test_a_call_of_a_commonjs_function_is_kept(tmp_path: Path) -> None:
    """Only an ES module's function can be declared ``/* #__NO_SIDE_EFFECTS__ */``: a call of
    one a CommonJS module exports may do anything, and its result unused, it still runs."""
    assert _production_lines(tmp_path, {
        "main.js": 'import { f } from "./lib.cjs";\nf();\n',
        "lib.cjs": 'exports.f = function () { console.log("called"); };\n',
    }) == ["called"]


#: A package declared free of side effects whose CommonJS entry's names are known only when it
#: runs (it hands on another module's ``exports``).
OPAQUE_PACKAGE = {
    "node_modules/pkg/package.json": '{"main": "index.js", "sideEffects": false}',
    "node_modules/pkg/index.js": 'module.exports = require("./impl.js");\n',
    "node_modules/pkg/impl.js": 'exports.hello = function () { console.log("hi"); };\n',
}


@needs_node
def test_a_name_only_a_commonjs_star_can_give_runs_that_module(tmp_path: Path) -> None:
    """``export *`` of an ES module and of a CommonJS package free of side effects: a name the
    ES module does not have may come from the package, which must run to give it; a call of it
    is kept (nothing says it has no side effects)."""
    assert _production_lines(tmp_path, {
        "main.js": 'import { hello } from "./mid.js";\nhello();\n',
        "mid.js": 'export * from "./esm.js";\nexport * from "pkg";\n',
        "esm.js": "export const unrelated = 1;\n",
        **OPAQUE_PACKAGE,
    }) == ["hi"]


@needs_node
def test_a_namespace_of_stars_keeps_every_name_of_a_commonjs_package(tmp_path: Path) -> None:
    """``import * as ns`` of a module that is only ``export *`` of a CommonJS package free of
    side effects: the namespace has every name the package exports."""
    assert _production_lines(tmp_path, {
        "main.js": 'import * as ns from "./mid.js";\nconsole.log(Object.keys(ns).join());\n',
        "mid.js": 'export * from "pkg";\n',
        "node_modules/pkg/package.json": '{"main": "index.js", "sideEffects": false}',
        "node_modules/pkg/index.js": 'exports.a = "A";\nexports.b = "B";\n',
    }) == ["a,b"]


@needs_node
def test_a_module_that_cannot_link_is_kept_as_written(tmp_path: Path) -> None:
    """A module only ``import()`` reaches whose link fails throws when imported (a warning at
    build time); it is not shaken: what it imports stays as written, after a URL import too."""
    _write(tmp_path, {
        "main.js": 'import("./bad.js").catch((e) => console.log(e.constructor.name));\n',
        "bad.js": 'import "https://example.com/remote.js";\nimport { nope } from "./lib.js";\n'
                  'import { quiet } from "./quiet.js";\nconsole.log(nope);\n',
        "lib.js": "export const yes = 1;\n",
        "quiet.js": 'export const quiet = "QUIET_IMPORTED";\n',
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert "QUIET_IMPORTED" in code
    assert run_classic(code, tmp_path).lines == ["SyntaxError"]


@needs_node
@pytest.mark.parametrize("in_cycle", [True, False])
def test_a_call_of_a_pure_function_in_its_tdz_still_throws(in_cycle: bool, tmp_path: Path) -> None:
    """A call of a ``/* #__NO_SIDE_EFFECTS__ */`` function whose result goes unused has no side
    effects, unless the function is still in its TDZ: a cycle that runs the caller before the
    module that declares it makes the call throw, and the build keeps it. Out of a cycle, the
    declaring module has run: the call goes. (Cycles are found past a module the entry imports
    and past a first import that is not in the cycle.)"""
    from node_programs import output_diff, run_native

    first = "./b.js" if in_cycle else "./a.js"  # b.js, then a.js in the cycle: a.js runs first
    _write(tmp_path, {
        "main.js": 'import "./other.js";\n'
                   f'import("{first}").then(() => console.log("ran"), (e) => console.log(e.constructor.name));\n',
        "other.js": "export const other = 1;\n",
        "a.js": 'import "./other.js";\nimport { f } from "./b.js";\nexport const a = "a";\nconst unused = f("CALL_IN_A");\n',
        # Both import a module that has run: finishing it leaves neither in its cycle.
        "b.js": 'import "./other.js";\n' + ('import "./a.js";\n' if in_cycle else "")
                + "export const f = /* #__NO_SIDE_EFFECTS__ */ (x) => x;\n",
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert ("CALL_IN_A" in code) is in_cycle
    lines = run_classic(code, tmp_path).lines
    assert lines == (["ReferenceError"] if in_cycle else ["ran"])
    assert output_diff(run_native(tmp_path), run_classic(code, tmp_path)) is None


@needs_node
def test_a_module_declared_free_does_not_run_for_an_effect_it_imports(tmp_path: Path) -> None:
    """A package declared free of side effects but for one file: a module of it that nothing
    uses goes, and with it the import of that file (as esbuild does), though the file has them."""
    assert _production_lines(tmp_path, {
        "main.js": 'import { unused } from "pkg";\nconsole.log("main");\n',
        "node_modules/pkg/package.json": '{"main": "index.js", "sideEffects": ["./effect.js"]}',
        "node_modules/pkg/index.js": 'import "./effect.js";\nexport const unused = 1;\n',
        "node_modules/pkg/effect.js": 'console.log("effect");\n',
    }) == ["main"]


def test_a_name_a_url_star_may_give_keeps_the_modules_that_hand_it_on(tmp_path: Path) -> None:
    """A name behind ``export *`` of a URL module is known only in the browser: every module
    whose stars may hand it on stays (the bundle reads it through them), the rest shakes, and
    a call of it is kept (nothing says it has no side effects)."""
    _write(tmp_path, {
        "main.js": 'import { hello } from "./mid.js";\nhello();\n',
        "mid.js": 'export * from "./inner.js";\nexport * from "./plain.js";\n',
        "inner.js": 'export * from "https://example.com/remote.js";\n',
        "plain.js": 'export const plain = "PLAIN_UNUSED";\n',
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert '"inner.js": function' in code
    assert "PLAIN_UNUSED" not in code


@needs_node
def test_a_json_module_nothing_uses_leaves_the_bundle(tmp_path: Path) -> None:
    """JSON has no side effects: imported and unused, it goes with its text."""
    _write(tmp_path, {
        "main.js": 'import data from "./data.json";\nconsole.log("main");\n',
        "data.json": '{"text": "JSON_UNUSED"}\n',
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert "JSON_UNUSED" not in code
    assert run_classic(code, tmp_path).lines == ["main"]
