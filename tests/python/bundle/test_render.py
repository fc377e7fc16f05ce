"""What ``render.py`` writes that a user sees: the init functions' names (in stack traces) and
an export named ``__proto__``, which an object literal would take for the prototype."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from missing_tools import skip_without

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
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet"]) == 0
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
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet"]) == 0
    skip_without("node", "the bundle runs under node")
    native = subprocess.run(["node", str(tmp_path / "main.js")], capture_output=True, text=True, timeout=60, check=True)
    bundled = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert (bundled.stdout, bundled.stderr) == (native.stdout, "")
