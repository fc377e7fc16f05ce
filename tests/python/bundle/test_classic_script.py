"""The single-file build's script (``bundle/build.py``: ``_classic_script_parts``): the prelude a
minified build asks for, a manifest whose bytes do not depend on the order modules were found,
and every async resource however the plan mixes stylesheets in."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from missing_tools import needs
from node_programs import run_classic, run_node

from nbbundle._version import __version__
from nbbundle.bundle.build import build
from nbbundle.bundle.runtime_prelude import minified_prelude, runtime_prelude
from nbbundle.compile.options import CompileOptions

if TYPE_CHECKING:
    from pathlib import Path


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root / "main.js"


def test_a_minified_build_has_the_minified_prelude_and_a_readable_one_the_readable(tmp_path: Path) -> None:
    entry = _write(tmp_path, {"main.js": "console.log(1);\n"})
    readable = build(entry).code
    minified = build(entry, options=CompileOptions(minify=True)).code
    assert runtime_prelude() in readable and minified_prelude() not in readable
    assert minified_prelude() in minified and runtime_prelude() not in minified


def test_the_manifest_lists_its_keys_in_order(tmp_path: Path) -> None:
    # Found in the order main, z, a: written sorted, so the bytes never depend on that order.
    entry = _write(tmp_path, {"main.js": 'import("./z.js");\nimport("./a.js");\n', "z.js": "1;\n", "a.js": "2;\n"})
    code = build(entry).code
    [line] = [line for line in code.splitlines() if line.startswith("ms.loader.addManifest(")]
    text = line.removeprefix("ms.loader.addManifest(").removesuffix(");")
    manifest = json.loads(text)
    assert list(manifest["modules"]) == ["a.js", "main.js", "z.js"]
    assert text == json.dumps(manifest, sort_keys=True)


@needs("node")
def test_an_async_script_after_a_stylesheet_still_loads(tmp_path: Path) -> None:
    # The plan lists main.js, then the stylesheet s.css, then a.js's async resource.
    entry = _write(tmp_path, {"main.js": 'import "./s.css";\nimport("./a.js").then(() => console.log("loaded"));\n',
                              "s.css": "body { color: red; }\n", "a.js": 'console.log("a");\n'})
    ran = run_classic(build(entry).code, tmp_path)
    assert (ran.returncode, ran.lines) == (0, ["a", "loaded"]), ran.stderr


LIB = {"main.js": 'import { used } from "./lib.js";\nconsole.log(used(2));\nexport const fromTheEntry = 1;\n',
       "lib.js": 'export const unused = "padding padding padding padding";\n'
                 "export function used(value) {\n  return value * 21;\n}\n"}


@needs("node")
def test_a_minified_production_build_cuts_what_it_drops_and_starts_with_its_header(tmp_path: Path) -> None:
    """Tree shaking cuts the statements a minified build drops (no blanks are left), and the
    scope-hoisted script keeps the header line and is a classic script (the entry's export
    makes no `export` statement)."""
    entry = _write(tmp_path, LIB)
    code = build(entry, options=CompileOptions(mode="production", minify=True)).code
    assert code.splitlines()[0] == f"// Built by nbbundle {__version__} from main.js"
    assert "padding" not in code and "   " not in code
    assert not [line for line in code.splitlines()[1:] if line.startswith("// ")]  # no module marks either
    ran = run_classic(code, tmp_path)
    assert (ran.returncode, ran.lines) == (0, ["42"]), ran.stderr


@needs("node")
@pytest.mark.parametrize("mode", ["development", "production"])
def test_an_es_module_build_exports_the_entrys_exports(mode: str, tmp_path: Path) -> None:
    """``import`` an ES module bundle (its own module system; scope hoisted in production) and
    the entry's exports are there."""
    entry = _write(tmp_path, {"main.js": 'export { used } from "./lib.js";\nexport const answer = 42;\n',
                              "lib.js": LIB["lib.js"]})
    result = build(entry, options=CompileOptions(mode=mode), format="esm")  # type: ignore[arg-type]
    assert (result.entry_id, sorted(result.plan.manifest["modules"])) == ("main.js", ["lib.js", "main.js"])
    (tmp_path / "bundle.mjs").write_text(result.code)
    (tmp_path / "run.mjs").write_text('import { used, answer } from "./bundle.mjs";\nconsole.log(used(1), answer);\n')
    ran = run_node(tmp_path / "run.mjs", tmp_path)
    assert (ran.returncode, ran.lines) == (0, ["21 42"]), ran.stderr


def test_a_minified_es_module_build_has_the_minified_prelude(tmp_path: Path) -> None:
    entry = _write(tmp_path, {"main.js": "export const answer = 42;\n"})
    readable = build(entry, format="esm").code
    minified = build(entry, options=CompileOptions(minify=True), format="esm").code
    assert runtime_prelude() in readable and minified_prelude() not in readable
    assert minified_prelude() in minified and runtime_prelude() not in minified
