"""What ``render.py`` writes that a user sees: the init functions' names (in stack traces) and
an export named ``__proto__``, which an object literal would take for the prototype; what node
prints for the bundles of programs that reach each part of an init function's prologue.

The builds here bypass the disk cache (``--no-cache``): a recorded build (``build_record.py``)
would give the bytes of an earlier run, which a mutation run of ``render.py`` would not see."""

from __future__ import annotations

import re
import subprocess
from typing import TYPE_CHECKING

import pytest
from missing_tools import skip_without

from nbbundle.bundle.build import build
from nbbundle.bundle.render import function_name
from nbbundle.cli import main

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize(("module_id", "name"), [
    ("lib/util.js", "lib_util_js"),
    ("node_modules/react/index.js", "react_index_js"),
    ("node_modules/.pnpm/react@18.3.1/node_modules/react/cjs/react.js", "react_cjs_react_js"),  # the last package
    ("1st.js", "_1st_js"),  # a name cannot start with a digit
    ("9.js", "_9_js"),
    ("a1.js", "a1_js"),
])
def test_an_init_function_is_named_after_its_module(module_id: str, name: str) -> None:
    assert function_name(module_id) == name


def test_an_export_named_proto_is_an_export(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text('const value = 1;\nexport { value as "__proto__", value as plain };\n')
    (tmp_path / "main.js").write_text(
        'import { "__proto__" as p, plain } from "./a.js";\nimport * as ns from "./a.js";\n'
        "console.log(p, plain, Object.keys(ns).join(','), Object.getPrototypeOf(ns));\n")
    out = tmp_path / "bundle.js"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet", "--no-cache"]) == 0
    skip_without("node", "the bundle runs under node")
    native = subprocess.run(["node", "--input-type=module", "-e", (tmp_path / "main.js").read_text()], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=True)
    bundled = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    assert bundled.stdout == native.stdout == "1 1 __proto__,plain null\n"


@pytest.mark.parametrize("main_js", [
    # `export *` from a URL module: its names are known only when it has run
    'import * as ns from "./barrel.js";\nimport { x } from "./barrel.js";\n'
    "console.log(Object.keys(ns).join(','), ns.x, x, ns.own);\n",
    # a URL module's namespace, in a module that waits with a top-level `for await` (native await)
    'import * as url from "data:text/javascript,export const y = 2;";\n'
    "for await (const v of [Promise.resolve(1)]) console.log(v, url.y, Object.keys(url).join(','));\n",
])
def test_url_modules_behave_as_natively(tmp_path: Path, main_js: str) -> None:
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "barrel.js").write_text('export * from "data:text/javascript,export const x = 1;";\nexport const own = 3;\n')
    (tmp_path / "main.js").write_text(main_js)
    out = tmp_path / "bundle.cjs"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet", "--no-cache"]) == 0
    skip_without("node", "the bundle runs under node")
    native = subprocess.run(["node", str(tmp_path / "main.js")], capture_output=True, text=True, timeout=60, check=True)
    bundled = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert (bundled.stdout, bundled.stderr) == (native.stdout, "")


PRODUCTION = {
    "package.json": '{"type": "module"}',
    "unused.js": "export const unused = 1;\n",
    "gone.js": "export const g = 2;\n",
    "ab.js": 'export const a = "A";\nexport const b = "B";\n',
    "ns.js": 'export const c = "C";\nexport const d = "D";\n',
    "lazy.js": 'export const x = "X";\nexport let y = "Y";\n',
    # `import()` keeps the module system (no scope hoisting); the first two imports are unused
    "main.js": 'import { unused } from "./unused.js";\nimport * as gone from "./gone.js";\n'
               'import { a, b } from "./ab.js";\nimport * as ns from "./ns.js";\n'
               "console.log(a, b, Object.keys(ns).join(), ns.c);\n"
               'import("./lazy.js").then((m) => console.log(m.x, m.y, Object.keys(m).join()));\n',
}


def test_a_minified_production_build_with_its_module_system_runs_as_natively(tmp_path: Path) -> None:
    """Tree shaking leaves the first two imports out; the imports and namespaces after them are
    still taken, and the minified glue (getters, declarations) has no spaces or names and parses."""
    for name, text in PRODUCTION.items():
        (tmp_path / name).write_text(text)
    out = tmp_path / "bundle.cjs"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--mode", "production", "--quiet", "--no-cache"]) == 0
    code = out.read_text()
    assert "unused.js" not in code and "gone.js" not in code
    # no name (stack traces of minified code name no source line), no spaces between the parts
    assert re.search(r'"ab\.js": function\* \([$\w,]+\) \{"use strict";[$\w]+\.d\([$\w]+,\{"a":\(\)=>[$\w]+,'
                     r'"b":\(\)=>[$\w]+\}\);yield;const ', code), code
    skip_without("node", "the bundle runs under node")
    native = subprocess.run(["node", str(tmp_path / "main.js")], capture_output=True, text=True, timeout=60, check=True)
    bundled = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert (bundled.stdout, bundled.stderr) == (native.stdout, "") == ("A B c,d C\nX Y x,y\n", "")


def test_a_source_mapped_build_of_a_lazy_module_that_cannot_link_rejects_as_natively(tmp_path: Path) -> None:
    """The init function of a module that cannot link is only its `throw`: it has no body to map."""
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "dep.js").write_text("export const present = 1;\n")
    (tmp_path / "lazy.js").write_text('import { missing } from "./dep.js";\nconsole.log(missing);\n')
    (tmp_path / "main.js").write_text('import("./lazy.js").catch((e) => console.log(e.constructor.name, e.message));\n')
    out = tmp_path / "bundle.cjs"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--sourcemap", "--quiet"]) == 0
    skip_without("node", "the bundle runs under node")
    native = subprocess.run(["node", str(tmp_path / "main.js")], capture_output=True, text=True, timeout=60, check=True)
    bundled = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert (bundled.stdout, bundled.stderr) == (native.stdout, "")
    assert native.stdout == "SyntaxError The requested module './dep.js' does not provide an export named 'missing'\n"


def _runs_as_natively(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    (tmp_path / "package.json").write_text('{"type": "module"}')
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    out = tmp_path / "bundle.cjs"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet", "--no-cache"]) == 0
    skip_without("node", "the bundle runs under node")
    native = subprocess.run(["node", str(tmp_path / "main.js")], capture_output=True, text=True, timeout=60, check=True)
    bundled = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert (bundled.stdout, bundled.stderr) == (native.stdout, "")
    assert native.stdout == expected


def test_modules_waiting_on_one_top_level_await_run_in_the_specs_order(tmp_path: Path) -> None:
    """`a.js` and `b.js` wait for `tla.js` without awaiting themselves, so once it is done they and
    `main.js` run on synchronously, before `a.js`'s microtask (a module that awaits by itself
    would finish a microtask later, and `main.js` after that microtask)."""
    _runs_as_natively(tmp_path, {
        "tla.js": 'await Promise.resolve();\nconsole.log("tla");\n',
        "a.js": 'import "./tla.js";\nconsole.log("a");\nqueueMicrotask(() => console.log("a micro"));\n',
        "b.js": 'import "./tla.js";\nconsole.log("b");\n',
        "main.js": 'import "./a.js";\nimport "./b.js";\nconsole.log("main");\n',
    }, "tla\na\nb\nmain\na micro\n")


def test_imports_after_a_url_import_and_two_url_stars_behave_as_natively(tmp_path: Path) -> None:
    _runs_as_natively(tmp_path, {
        "x.js": "export const x = 1;\n",
        "both.js": 'export * from "data:text/javascript,export const p = 1;";\n'
                   'export * from "data:text/javascript,export const q = 2;";\n',
        "main.js": 'import { y } from "data:text/javascript,export const y = 2;";\nimport { x } from "./x.js";\n'
                   'import * as both from "./both.js";\nconsole.log(x, y, Object.keys(both).join(), both.p, both.q);\n',
    }, "1 2 p,q 1 2\n")


def test_a_namespace_taken_as_a_value_is_given_its_keys_and_only_its_lexical_names(tmp_path: Path) -> None:
    """`__nbb_require__.l(id, names, lexical)` lets the runtime list a namespace's keys from link
    time, as the engine does, even for a module with no `let`/`const`/class export (no third
    argument then)."""
    (tmp_path / "fns.js").write_text("export function f() {}\nexport var g = 1;\n")
    (tmp_path / "mixed.js").write_text("export function f() {}\nexport let v = 1;\n")
    (tmp_path / "main.js").write_text('import * as fns from "./fns.js";\nimport * as mixed from "./mixed.js";\n'
                                      "console.log(fns, mixed);\n")
    code = build(tmp_path / "main.js", root=tmp_path).code
    assert '__nbb_require__.l("fns.js", ["f", "g"]),' in code
    assert '__nbb_require__.l("mixed.js", ["f", "v"], ["v"]);' in code


def test_a_builds_script_in_pieces_is_each_init_function_as_rendered(tmp_path: Path) -> None:
    """The CLI's script is written from pieces (``render_parts``: a body's parts never copied into
    one string); joined, each module's are ``render_module``'s text: slots (``import()``,
    ``require``), CommonJS, JSON, and a lazy module that cannot link."""
    from nbbundle.bundle.link import link
    from nbbundle.bundle.load import scan
    from nbbundle.bundle.render import render_module, render_parts

    files = {
        "main.js": 'import data from "./data.json";\nimport c from "./c.cjs";\n'
                   'import("./lazy.js").catch(() => {});\nconsole.log(data, c, "→");\n',
        "data.json": '{"a": 1}\n',
        "c.cjs": 'module.exports = require("./d.js").d + 1;\n',
        "d.js": "export const d = 1;\n",
        "lazy.js": 'import { missing } from "./d.js";\nexport const x = missing;\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    scanned = scan(tmp_path / "main.js")
    modules = list(scanned.graph)
    linked = link(scanned.graph, modules, entries=[scanned.entry], warnings=[])
    assert len(modules) == len(files)
    for node in modules:
        assert "".join(render_parts(node, linked[node.id])) == render_module(node, linked[node.id])
    built = build(tmp_path / "main.js")
    assert built.code.count('"→")') == 1 and b"".join(built.chunks) == built.code.encode()
