"""Scope hoisting (``bundle/scope_hoist.py``): production builds as one scope, no module system.

The semantics are checked against node by every fixture built in production (``test_modes.py``,
``minify/test_minified_builds.py``: ``hoist-*`` guard renames, live bindings, namespaces and
default exports), the fuzzer and the torture pass. These tests check what a user notices: when
it applies (no runtime in the bundle: its size), when it does not (the build is what it was),
the ES module's exports (live), the same bytes every build, and a source map asked for.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from missing_tools import needs
from node_programs import NODE, output_diff, run_classic, run_native, run_node

from nbbundle.bundle.build import build, write_bundle
from nbbundle.compile.options import CompileOptions

needs_node = needs("node")
PRODUCTION = CompileOptions(mode="production")
MINIFIED = CompileOptions(mode="production", minify=True)
#: What every bundle with the module system holds: the runtime's registration of its modules.
MODULE_SYSTEM = "ms.loader.addManifest("

GRAPH = {
    "main.js": ('import { n, inc } from "./counter.js";\nimport { helper } from "./other.js";\n'
                'function helper2() { return "main"; }\nconst value = 1;\n'
                'export { n, inc, helper, value };\nexport default function () { return helper2(); }\n'),
    "counter.js": "export let n = 0;\nexport function inc() { n++; }\nconst value = 'counter';\n",
    "other.js": "const value = 'other';\nexport function helper() { return value; }\n",
}


def _write(folder: Path, files: dict[str, str]) -> None:
    (folder / "package.json").write_text('{"type": "module"}\n')
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@needs_node
def test_an_eligible_graph_has_no_module_system_and_its_exports_are_live(tmp_path: Path) -> None:
    _write(tmp_path, GRAPH)
    for options in (PRODUCTION, MINIFIED):
        code = build(tmp_path / "main.js", options=options, format="esm").code
        assert MODULE_SYSTEM not in code
        assert len(code) < 1000  # the runtime alone is many kilobytes
        bundle = tmp_path / "bundle.mjs"
        bundle.write_text(code)
        script = ("const m = await import(process.argv[1]); const before = m.n; m.inc(); m.inc();"
                  "console.log(before, m.n, m.helper(), m.value, m.default(), m.default.name, Object.keys(m).join());")
        shown = subprocess.run([NODE, "--input-type=module", "-e", script, bundle.as_uri()], capture_output=True,
                               text=True, timeout=60, check=True).stdout.split()
        assert shown == ["0", "2", "other", "1", "main", "default", "default,helper,inc,n,value"]


def test_the_same_build_writes_the_same_bytes(tmp_path: Path) -> None:
    _write(tmp_path, GRAPH)
    first = build(tmp_path / "main.js", options=MINIFIED, format="esm").code
    assert MODULE_SYSTEM not in first
    assert build(tmp_path / "main.js", options=MINIFIED, format="esm").code == first


@needs_node
def test_a_graph_with_import_or_commonjs_keeps_the_module_system(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.js": 'import { a } from "./a.js";\nimport("./lazy.js").then((m) => console.log(a, m.lazy));\n',
        "a.js": "export const a = 'a';\n",
        "lazy.js": "export const lazy = 'lazy';\n",
    })
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert MODULE_SYSTEM in code
    assert run_classic(code, tmp_path).lines == run_native(tmp_path).lines == ["a lazy"]
    _write(tmp_path, {"main.js": 'import value from "./data.cjs";\nconsole.log(value.x);\n',
                      "data.cjs": "module.exports = { x: 'cjs' };\n"})
    code = build(tmp_path / "main.js", options=PRODUCTION).code
    assert MODULE_SYSTEM in code
    assert run_classic(code, tmp_path).lines == ["cjs"]


def test_the_build_summary_says_whether_the_bundle_is_scope_hoisted_and_why_not(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nbbundle.cli import main

    _write(tmp_path, GRAPH)
    (tmp_path / "lazy").mkdir()
    _write(tmp_path / "lazy", {"main.js": 'import("./lazy.js").then((m) => console.log(m.lazy));\n',
                               "lazy.js": "export const lazy = 'lazy';\n"})
    out = tmp_path / "out.js"
    summaries = []
    for entry, mode in ((tmp_path / "main.js", "production"), (tmp_path / "lazy" / "main.js", "production"),
                        (tmp_path / "main.js", "development")):
        assert main(["build", str(entry), "-o", str(out), "--mode", mode, "--no-cache"]) == 0
        summaries.append(capsys.readouterr().err.rsplit(" in ", 1)[0].rsplit(", ", 1)[1])
        assert (MODULE_SYSTEM in out.read_text()) is (summaries[-1] != "scope-hoisted)")
    assert summaries == ["scope-hoisted)", "not scope-hoisted: main.js has import())",
                         "not scope-hoisted: a development build)"]


WHY_NOT_HOISTED = {
    "main.js imports a URL": {"main.js": 'import x from "https://example.com/x.js";\nconsole.log(x);\n'},
    "dep.cjs is not an ES module": {"main.js": 'import d from "./dep.cjs";\nconsole.log(d);\n',
                                    "dep.cjs": "module.exports = 1;\n"},
    "d.json is not an ES module": {"main.js": 'import d from "./d.json";\nconsole.log(d);\n', "d.json": "[1]\n"},
    "main.js uses import.meta": {"main.js": "console.log(typeof import.meta.url);\n"},
    "main.js escapes an identifier": {"main.js": "const \\u0061 = 1;\nconsole.log(a);\n"},
    "main.js has top-level await": {"main.js": "await 0;\nconsole.log(1);\n"},
    "main.js waits for a module's top-level await": {"main.js": 'import { t } from "./t.js";\nconsole.log(t);\n',
                                                     "t.js": "export const t = await 1;\n"},
    "main.js calls eval (which can read any name)": {"main.js": 'import { x } from "./b.js";\nconsole.log(eval("x"));\n',
                                                     "b.js": "export let x = 1;\n"},
    "main.js assigns to an import (a TypeError the namespace throws)": {
        "main.js": 'import { x } from "./b.js";\ntry { x = 2; } catch (e) { console.log(e.name); }\n',
        "b.js": "export let x = 1;\n"},
    "the namespace of main.js, in a cycle": {
        "main.js": 'import * as ns from "./b.js";\nexport const m = 1;\nconsole.log(Object.keys(ns));\n',
        "b.js": 'import * as me from "./main.js";\nexport const b = 2;\nexport function f() { return me; }\n'},
}


@pytest.mark.parametrize("reason", sorted(WHY_NOT_HOISTED))
def test_a_production_build_that_keeps_the_module_system_says_why(tmp_path: Path, reason: str) -> None:
    """The build's summary names the module and what in it keeps the module system."""
    _write(tmp_path, WHY_NOT_HOISTED[reason])
    result = build(tmp_path / "main.js", options=PRODUCTION)
    assert MODULE_SYSTEM in result.code
    assert result.not_hoisted == reason


def test_imports_the_shake_dropped_one_after_another_are_passed_over(tmp_path: Path) -> None:
    """Unused imports of modules without side effects are dropped before hoisting; the walk in
    evaluation order steps past each of them (two in a row, after one it keeps)."""
    _write(tmp_path, {"main.js": 'import { a } from "./a.js";\nimport { u1 } from "./p1.js";\n'
                                 'import { u2 } from "./p2.js";\nconsole.log(a);\n',
                      "a.js": "export const a = 'kept';\n", "p1.js": "export const u1 = 'p1';\n",
                      "p2.js": "export const u2 = 'p2';\n"})
    result = build(tmp_path / "main.js", options=PRODUCTION)
    assert result.not_hoisted is None
    assert "'kept'" in result.code and "'p1'" not in result.code and "'p2'" not in result.code


@needs_node
def test_a_cycle_is_hoisted_in_the_order_node_runs_it(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.js": 'import { a } from "./a.js";\nconsole.log("main", a);\n',
        "a.js": 'import { b, early } from "./b.js";\nexport const a = "a" + b;\nexport function fromA() { return "fromA"; }\n'
                'console.log("a runs", early());\n',
        "b.js": 'import { fromA } from "./a.js";\nexport const b = "b";\nexport function early() { return "early"; }\n'
                'console.log("b runs", fromA());\n',
    })
    code = build(tmp_path / "main.js", options=MINIFIED).code
    assert MODULE_SYSTEM not in code
    assert run_classic(code, tmp_path).lines == run_native(tmp_path).lines


@needs_node
def test_a_hoisted_bundle_maps_each_module_to_its_own_lines(tmp_path: Path) -> None:
    """``--sourcemap``: a stack trace (node's ``--enable-source-maps``) names the module's file,
    line and column as written, through the renames and the replaced imports."""
    _write(tmp_path, {
        "main.js": 'import { fail } from "./dep.js";\nconst value = 1;\nfail(value);\n',
        "dep.js": "const value = 2;\n\nexport function fail(n) {\n  throw new Error('at dep line 4 ' + n + value);\n}\n",
    })
    for options in (PRODUCTION, MINIFIED):
        result = build(tmp_path / "main.js", options=options, format="esm", sourcemap=True)
        assert MODULE_SYSTEM not in result.code
        write_bundle(result, tmp_path / "out.mjs", "external")
        done = subprocess.run([NODE, "--enable-source-maps", str(tmp_path / "out.mjs")], capture_output=True,
                              text=True, timeout=60, check=False)
        assert "at dep line 4 12" in done.stderr
        frames = [line.strip() for line in done.stderr.splitlines() if line.strip().startswith("at ")]
        assert "dep.js:4:9" in frames[0], done.stderr
        assert "main.js:3:1" in frames[1], done.stderr


FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
HOIST_FIXTURES = sorted(p.name for p in FIXTURES_DIR.iterdir() if p.name.startswith("hoist-"))


@needs_node
@pytest.mark.parametrize("case", HOIST_FIXTURES)
def test_the_hoisting_fixtures_as_es_module_bundles(case: str, tmp_path: Path) -> None:
    """``--format esm`` (the ES module's own top level is the scope), minified: what node prints."""
    folder = FIXTURES_DIR / case
    code = build(folder / "main.js", options=MINIFIED, format="esm").code
    assert MODULE_SYSTEM not in code
    bundle = tmp_path / "bundle.mjs"
    bundle.write_text(code)
    assert output_diff(run_native(folder), run_node(bundle, folder)) is None
