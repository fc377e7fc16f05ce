"""``build --format esm``: an ES module bundle runs as node's native ESM runs the files, and
exports what the entry exports; two such bundles on one page keep their module systems apart."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from known_divergences import KNOWN_DIVERGENCES
from missing_tools import needs
from node_programs import NODE, REPO_ROOT, output_diff, run_native, run_node

from nbbundle.bundle.build import build

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "main.js").is_file() and p.name not in KNOWN_DIVERGENCES)
#: Fixtures whose CommonJS or script code needs sloppy mode: inside an ES module every line is
#: strict (``await`` and ``let`` are reserved, ``this`` is undefined), as in esbuild's ESM output;
#: the classic script (``--format iife``) runs them right. Strict xfails: a case that starts
#: passing is noticed.
SLOPPY = {
    "cjs-await-identifier-call": "a CommonJS module calls a function named await",
    "cjs-module-type": "a CommonJS package's script relies on sloppy mode",
    "cjs-named-exports": "a CommonJS module prints whether it runs in strict mode",
    "let-line-break-declaration": "a sloppy script uses let as an identifier",
}

needs_node = needs("node")


def _case(name: str) -> object:
    if name in SLOPPY:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=f"strict mode in an ES module: {SLOPPY[name]}"))
    return name


@needs_node
@pytest.mark.parametrize("case", [_case(name) for name in CASES])
def test_fixture_as_an_es_module_bundle_matches_native_node(case: str, tmp_path: Path) -> None:
    folder = FIXTURES_DIR / case
    bundle = tmp_path / "bundle.mjs"
    bundle.write_text(build(folder / "main.js", format="esm").code)
    assert output_diff(run_native(folder), run_node(bundle, folder)) is None


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).write_text(text)


def _node(folder: Path, script: str) -> str:
    assert NODE is not None
    return subprocess.run([NODE, "--input-type=module", "-e", script], cwd=folder, capture_output=True, text=True,
                          timeout=60, check=True).stdout


SHOW_NAMESPACE = ("const ns = await import(process.argv[1] ?? '{}');"
                  "console.log(JSON.stringify(Object.entries(ns).map(([k, v]) => [k, typeof v === 'function' ? "
                  "v.name + ':' + v() : v])));")


@needs_node
def test_the_bundle_exports_what_the_entry_exports(tmp_path: Path) -> None:
    _write(tmp_path, {
        "package.json": '{"type": "module"}',
        "main.js": ('export { helper, helper as "a name" } from "./dep.js";\nexport * from "./more.js";\n'
                    "export let count = 2;\nexport function render() { return 'rendered'; }\n"
                    "export default 'the default';\nexport const value = await Promise.resolve(42);\n"),
        "dep.js": "export const helper = function helper() { return 'helped'; };\n",
        "more.js": "export const extra = 'extra';\nexport default 'not re-exported';\n",
    })
    (tmp_path / "out.mjs").write_text(build(tmp_path / "main.js", format="esm").code)
    native = _node(tmp_path, SHOW_NAMESPACE.replace("'{}'", "'./main.js'"))
    bundled = _node(tmp_path, SHOW_NAMESPACE.replace("'{}'", "'./out.mjs'"))
    assert bundled == native
    assert [name for name, _ in json.loads(bundled)] == ["a name", "count", "default", "extra", "helper", "render",
                                                           "value"]


@needs_node
def test_a_commonjs_entry_exports_module_exports_as_default(tmp_path: Path) -> None:
    _write(tmp_path, {"main.cjs": "exports.answer = 42;\nmodule.exports.greet = () => 'hi';\n"})
    (tmp_path / "out.mjs").write_text(build(tmp_path / "main.cjs", format="esm").code)
    script = ("const ns = await import('./{}'); console.log(Object.keys(ns).sort().join(','), ns.answer, "
              "ns.default.answer, ns.greet())")
    assert _node(tmp_path, script.replace("{}", "out.mjs")) == _node(tmp_path, script.replace("{}", "main.cjs"))


@needs_node
def test_two_bundles_in_one_page_keep_their_own_modules(tmp_path: Path) -> None:
    for name in ("one", "two"):
        folder = tmp_path / name
        folder.mkdir()
        _write(folder, {"main.js": f'import {{ who }} from "./who.js";\nexport const hello = "{name}: " + who;\n',
                        "who.js": f'export const who = "{name}";\n'})
        (tmp_path / f"{name}.mjs").write_text(build(folder / "main.js", format="esm").code)
    script = ("const [a, b] = await Promise.all([import('./one.mjs'), import('./two.mjs')]);"
              "console.log(a.hello, '|', b.hello, '|', globalThis.__farm_module_system_acquisition_name__)")
    assert _node(tmp_path, script) == "one: one | two: two | undefined\n"


def test_the_command_line_writes_an_es_module(tmp_path: Path) -> None:
    (tmp_path / "main.js").write_text("export const answer = 42;\n")
    done = subprocess.run([sys.executable, "-m", "nbbundle", "build", str(tmp_path / "main.js"), "-o",
                           str(tmp_path / "out.mjs"), "--format", "esm"], capture_output=True, text=True,
                          cwd=REPO_ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "esm" in done.stderr
    assert (tmp_path / "out.mjs").read_text().rstrip().endswith("export { __nbb_export_0__ as answer };")


@needs_node
def test_a_pages_own_acquisition_name_is_restored(tmp_path: Path) -> None:
    """A page whose module system has a name of its own keeps it once the bundle has run."""
    _write(tmp_path, {"main.js": 'import { who } from "./who.js";\nexport const hello = "hi " + who;\n',
                      "who.js": 'export const who = "there";\n'})
    (tmp_path / "out.mjs").write_text(build(tmp_path / "main.js", format="esm").code)
    script = ("globalThis.__farm_module_system_acquisition_name__ = 'the page';"
              "const { hello } = await import('./out.mjs');"
              "console.log(hello, '|', globalThis.__farm_module_system_acquisition_name__)")
    assert _node(tmp_path, script) == "hi there | the page\n"


@needs_node
def test_an_entry_that_waits_for_a_dependency_exports_its_values_once_it_has_run(tmp_path: Path) -> None:
    _write(tmp_path, {"main.js": 'import { v } from "./dep.js";\nexport const w = v + 1;\n',
                      "dep.js": "export const v = await Promise.resolve(41);\n"})
    (tmp_path / "out.mjs").write_text(build(tmp_path / "main.js", format="esm").code)
    assert _node(tmp_path, "const { w } = await import('./out.mjs'); console.log(w)") == "42\n"


@needs_node
def test_a_plain_stylesheet_travels_inside_the_es_module(tmp_path: Path) -> None:
    _write(tmp_path, {"main.js": 'import "./style.css";\nexport const ready = "ready";\n',
                      "style.css": "body { margin: 0 }\n"})
    (tmp_path / "out.mjs").write_text(build(tmp_path / "main.js", format="esm").code)
    assert _node(tmp_path, "const { ready } = await import('./out.mjs'); console.log(ready)") == "ready\n"
