"""Loading the graph (``nbbundle/bundle/load.py``): what each module's imports resolve to, which
problems are errors and which warnings, what a notebook cell's unresolved import says, and the
stand-in a lazily imported module that does not parse becomes."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from missing_tools import skip_without

from nbbundle.bundle.load import load_from_disk, prepare_module, scan
from nbbundle.cli import main
from nbbundle.compile.errors import NbbundleError, ResolveError
from nbbundle.compile.options import CompileOptions
from nbbundle.resolve.resolver import Resolver

if TYPE_CHECKING:
    from pathlib import Path


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def test_require_and_import_of_one_package_resolve_with_their_own_conditions(tmp_path: Path) -> None:
    write(tmp_path, {
        "node_modules/dual/package.json": '{"name": "dual", "exports": {"import": "./esm.js", "require": "./cjs.js"}}',
        "node_modules/dual/esm.js": "export const kind = 'esm';\n",
        "node_modules/dual/cjs.js": "exports.kind = 'cjs';\n",
        "main.js": 'import { kind } from "dual";\nimport c from "./c.cjs";\nconsole.log(kind, c);\n',
        "c.cjs": 'module.exports = require("dual").kind;\n',
    })
    graph = scan(tmp_path / "main.js").graph
    assert graph.get_module_by_id("main.js").resolved["dual"] == "node_modules/dual/esm.js"
    assert graph.get_module_by_id("c.cjs").resolved["dual"] == "node_modules/dual/cjs.js"


def test_a_browser_false_module_has_an_id_of_its_own(tmp_path: Path) -> None:
    write(tmp_path, {
        "package.json": '{"name": "app", "browser": {"./node-only.js": false}}',
        "main.js": 'import "./node-only.js";\n',
        "node-only.js": "console.log('node');\n",
    })
    graph = scan(tmp_path / "main.js").graph
    assert graph.get_module_by_id("main.js").resolved["./node-only.js"] == "(disabled):node-only.js"
    assert graph.get_module_by_id("node-only.js") is None


def test_an_optional_require_that_resolves_nowhere_is_a_warning(tmp_path: Path) -> None:
    write(tmp_path, {
        "main.js": 'import c from "./c.cjs";\nconsole.log(c);\n',
        "c.cjs": 'try { module.exports = require("./optional"); } catch { module.exports = null; }\n',
    })
    warnings = scan(tmp_path / "main.js").warnings
    assert [(w.code, w.severity, w.message) for w in warnings] == [
        ("UNRESOLVED_IMPORT", "warning", 'Could not resolve "./optional" from "c.cjs"')]


def test_a_module_imported_twice_does_not_stop_the_imports_after_it(tmp_path: Path) -> None:
    write(tmp_path, {
        "main.js": ('import { x } from "./a.js";\nimport { y } from "./a.js";\nimport { z } from "./b.js";\n'
                    'const lazy = () => [import("./a.js"), import("./c.js")];\nconsole.log(x, y, z, lazy);\n'),
        "a.js": "export const x = 1, y = 2;\n",
        "b.js": "export const z = 3;\n",
        "c.js": "export const c = 4;\n",
    })
    graph = scan(tmp_path / "main.js").graph
    assert graph.get_module_by_id("main.js").resolved == {"./a.js": "a.js", "./b.js": "b.js", "./c.js": "c.js"}
    assert graph.get_module_by_id("main.js").imported_bindings == {"a.js": {"x", "y"}, "b.js": {"z"}}


def test_a_cells_unresolved_imports_name_the_cell_to_define(tmp_path: Path) -> None:
    """The notebook's cells: the text is in memory (no file), relative imports that resolve
    nowhere suggest the cell to write; a require and a package keep the resolver's hint."""
    write(tmp_path, {"sub/there.ts": "export const there = 1;\n"})
    source = ('import { here } from "./helper";\nimport { there } from "./there";\nimport "not-a-package";\n'
              'const n: number = here + there;\nexport { n };\n')
    prepared = prepare_module("sub/cell.ts", tmp_path / "sub" / "cell.ts", source, "ts", None, Resolver(root=tmp_path),
                              tmp_path, unresolved_hint="Define a cell named {name}.")
    assert prepared.result is not None and prepared.result.kind == "esm"
    assert {specifier: module_id for specifier, (module_id, _) in prepared.resolved.items()} == {"./there": "sub/there.ts"}
    first, second = prepared.errors
    assert (first.code, first.message, first.severity, first.hint, first.line, first.column) == (
        "UNRESOLVED_IMPORT", 'Could not resolve "./helper" from "sub/cell.ts"', "error", "Define a cell named helper.", 1, 21)
    assert '> 1 | import { here } from "./helper";' in first.frame
    assert (second.code, second.message, second.line) == (
        "UNRESOLVED_IMPORT", 'Could not resolve "not-a-package" from "sub/cell.ts"', 3)
    assert second.hint != "Define a cell named not-a-package." and '> 3 | import "not-a-package";' in second.frame


def test_a_cells_require_keeps_the_resolvers_hint_and_is_optional(tmp_path: Path) -> None:
    source = 'module.exports = process.env.NODE_ENV + require("./helper");\n'
    prepared = prepare_module("cell.cjs", tmp_path / "cell.cjs", source, "js", "commonjs", Resolver(root=tmp_path),
                              tmp_path, unresolved_hint="Define a cell named {name}.",
                              options=CompileOptions(mode="production"))
    assert prepared.errors == []
    [warning] = prepared.warnings
    assert (warning.code, warning.severity) == ("UNRESOLVED_IMPORT", "warning")
    assert warning.hint != "Define a cell named helper."
    assert prepared.result.body_parts[0].startswith('module.exports = "production" + ')
    # The package's "type" reaches the compiler too: CommonJS in a "module" package is an error.
    refused = prepare_module("cell.js", tmp_path / "cell.js", source, "js", "module", Resolver(root=tmp_path), tmp_path)
    assert [d.code for d in refused.errors] == ["COMMONJS_IN_MODULE"]


def test_an_unresolved_import_of_a_file_that_cannot_be_read_names_the_module_without_a_frame(tmp_path: Path) -> None:
    from nbbundle.bundle.load import resolve_module
    from nbbundle.bundle.workers import compile_module

    compiled = compile_module("gone.js", 'import "./nowhere.js";\n', "js", None)
    prepared = resolve_module("gone.js", tmp_path / "gone.js", None, compiled, Resolver(root=tmp_path), tmp_path)
    [error] = prepared.errors
    assert (error.message, error.line) == ('Could not resolve "./nowhere.js" from "gone.js"', 1)
    assert "XXXX" not in (error.frame or "")


def test_a_module_loaded_again_after_the_scan_keeps_its_kind(tmp_path: Path) -> None:
    """The notebook reloads a changed file through ``load_from_disk``: a CommonJS dependency
    found by the scan is compiled as CommonJS again."""
    write(tmp_path, {"main.js": 'import c from "./c.cjs";\nconsole.log(c);\n', "c.cjs": "module.exports = 1;\n"})
    resolver = Resolver(root=tmp_path)
    scanned = scan(tmp_path / "main.js", resolver=resolver)
    node = scanned.graph.get_module_by_id("c.cjs")
    (tmp_path / "c.cjs").write_text("module.exports = 2;\n")
    assert load_from_disk(scanned.graph, [node], resolver, tmp_path) == ([], [])
    assert (node.transform_result.kind, node.transform_result.body_parts) == ("cjs", ("module.exports = 2;\n",))


def test_hot_accept_exports_and_dependencies_reach_the_graph(tmp_path: Path) -> None:
    write(tmp_path, {
        "main.js": ('import { x } from "./a.js";\nexport const y = x;\n'
                    'if (import.meta.hot) { import.meta.hot.acceptExports(["y"]); import.meta.hot.accept("./a", () => {}); }\n'),
        "a.js": "export const x = 1;\n",
    })
    node = scan(tmp_path / "main.js").graph.get_module_by_id("main.js")
    assert node.accepted_hmr_exports == {"y"}
    assert [m.id for m in node.accepted_hmr_deps] == ["a.js"]


def test_a_module_only_import_reaches_that_does_not_parse_rejects_with_its_syntax_error(tmp_path: Path) -> None:
    write(tmp_path, {
        "main.js": ('import("./broken.js").then(() => console.log("loaded"),\n'
                    '  (error) => console.log(error.name, error.message.split("\\n")[0]));\n'),
        "broken.js": "export const = 1;\n",
    })
    out = tmp_path / "bundle.js"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet"]) == 0
    skip_without("node", "the bundle runs under node")
    ran = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    assert ran.stdout == 'SyntaxError Unexpected "const"\n'


def test_each_file_is_compiled_with_its_tsconfig_and_the_builds_options(tmp_path: Path) -> None:
    write(tmp_path, {
        "tsconfig.json": '{"compilerOptions": {"jsx": "react", "jsxFactory": "h"}}',
        "main.tsx": 'import { mode } from "./mode.js";\nconst h = (t: string) => t;\nconsole.log(<div/>, mode);\n',
        "mode.js": "export const mode = process.env.NODE_ENV;\n",
    })
    graph = scan(tmp_path / "main.tsx", options=CompileOptions(mode="production")).graph
    main_body = graph.get_module_by_id("main.tsx").transform_result.body_parts[0]
    assert 'console.log(h("div", null), __nbb_import_0__.mode);' in main_body
    assert graph.get_module_by_id("mode.js").transform_result.body_parts[0] == 'const mode = "production";\n'


def test_a_dependency_is_compiled_with_its_own_packages_type(tmp_path: Path) -> None:
    write(tmp_path, {
        "main.js": 'import "esm-only";\n',
        "node_modules/esm-only/package.json": '{"name": "esm-only", "type": "module"}',
        "node_modules/esm-only/index.js": "module.exports = 1;\n",
    })
    with pytest.raises(NbbundleError) as caught:
        scan(tmp_path / "main.js")
    assert [d.code for d in caught.value.diagnostics] == ["COMMONJS_IN_MODULE"]


def test_a_missing_entry_is_one_diagnostic(tmp_path: Path) -> None:
    with pytest.raises(ResolveError) as caught:
        scan(tmp_path / "main.js")
    assert [(d.code, d.message, d.module_id) for d in caught.value.diagnostics] == [
        ("UNRESOLVED_ENTRY", f'Could not find the entry "{tmp_path / "main.js"}"', "main.js")]


def test_an_entry_beside_a_broken_package_json_is_one_diagnostic_naming_it(tmp_path: Path) -> None:
    """The entry's package.json gives its kind (its "type"): a file that does not parse stops the
    build at the entry, with the resolver's words."""
    write(tmp_path, {"main.js": "console.log(1);\n", "package.json": '{"type": "module",'})
    with pytest.raises(ResolveError) as caught:
        scan(tmp_path / "main.js")
    assert [(d.code, d.message, d.module_id) for d in caught.value.diagnostics] == [
        ("UNRESOLVED_ENTRY", 'Could not resolve "./main.js"', "main.js")]
    assert caught.value.diagnostics[0].hint.startswith(f'Invalid "{tmp_path / "package.json"}": ')


def test_a_scan_without_a_resolver_names_files_from_the_build_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from another folder, a hint still names the importer relative to the build's root."""
    write(tmp_path, {"app/main.js": 'import "./missing.js";\n'})
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NbbundleError) as caught:
        scan(tmp_path / "app" / "main.js")
    assert [(d.code, d.hint.split(" (tried")[0]) for d in caught.value.diagnostics] == [
        ("UNRESOLVED_IMPORT", 'No file "./missing.js" next to "main.js"')]

def test_every_file_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    """Eager or lazy: a file that is not UTF-8 text is no syntax error of a module that may
    never load, so it fails the build."""
    write(tmp_path, {"main.js": 'import "./a.js";\nimport "./b.js";\nconst lazy = () => import("./c.js");\n'})
    for name in ("a.js", "b.js", "c.js"):
        (tmp_path / name).write_bytes(b"\xff\xfe")
    with pytest.raises(NbbundleError) as caught:
        scan(tmp_path / "main.js")
    assert [(d.code, d.module_id, d.message.split(":")[0]) for d in caught.value.diagnostics] == [
        ("READ_ERROR", name, f"Could not read {tmp_path / name}") for name in ("a.js", "b.js", "c.js")]


def test_a_lazy_module_with_an_unresolved_import_is_a_warning_and_rejects_when_imported(tmp_path: Path) -> None:
    write(tmp_path, {
        "main.js": ('import("./lazy.js").then(() => console.log("loaded"),\n'
                    '  (error) => console.log(error.name, error.message.split("\\n")[0]));\n'),
        "lazy.js": 'import { gone } from "./missing.js";\nconsole.log(gone);\n',
    })
    scanned = scan(tmp_path / "main.js")
    assert [(w.code, w.module_id) for w in scanned.warnings] == [("UNRESOLVED_IMPORT", "lazy.js")]
    out = tmp_path / "bundle.js"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet"]) == 0
    skip_without("node", "the bundle runs under node")
    ran = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    assert ran.stdout == 'TypeError Cannot find module "./missing.js" imported from "lazy.js"\n'


def test_a_compilers_warning_reaches_the_scan(tmp_path: Path) -> None:
    write(tmp_path, {"main.js": 'import url from "./big.bin";\nconsole.log(url.length);\n'})
    (tmp_path / "big.bin").write_bytes(bytes(range(256)) * 4200)  # over 1 MiB: a data: URL that heavy warns
    assert [(w.code, w.module_id) for w in scan(tmp_path / "main.js").warnings] == [("LARGE_ASSET", "big.bin")]


def test_the_files_a_template_import_can_name_run_only_when_imported(tmp_path: Path) -> None:
    write(tmp_path, {
        "main.js": ('const load = (name) => import(`./locales/${name}.js`);\nconsole.log("main");\n'
                    'load("fr").then((m) => console.log(m.hello));\n'),
        "locales/en.js": 'console.log("en ran");\nexport const hello = "hello";\n',
        "locales/fr.js": 'export const hello = "bonjour";\n',
    })
    out = tmp_path / "bundle.js"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet"]) == 0
    skip_without("node", "the bundle runs under node")
    ran = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=True)
    assert ran.stdout == "main\nbonjour\n"
    # They ship as async resources, one each, not in the initial script.
    from nbbundle.bundle.build import build

    plan = build(tmp_path / "main.js").plan
    assert [(r.type, r.module_ids) for r in plan.resources] == [
        ("initial", ("main.js",)), ("async", ("locales/en.js",)), ("async", ("locales/fr.js",))]


def test_a_url_import_stays_external(tmp_path: Path) -> None:
    write(tmp_path, {"main.js": 'import confetti from "https://esm.sh/canvas-confetti@1.9.3";\nconsole.log(confetti);\n'})
    node = scan(tmp_path / "main.js").graph.get_module_by_id("main.js")
    assert node.externals == {"https://esm.sh/canvas-confetti@1.9.3": "https://esm.sh/canvas-confetti@1.9.3"}
    assert node.resolved == {}


def test_a_module_the_resolver_serves_from_memory_is_loaded_with_that_text(tmp_path: Path) -> None:
    """The notebook's modules live in memory, not on disk: a file that imports one gets the
    cell's text (the scan reads every module through the resolver)."""
    from nbbundle.kernel.cells import CellFileSystem

    write(tmp_path, {"main.js": 'import { greeting } from "./cell.js";\nconsole.log(greeting);\n'})
    resolver = Resolver(root=tmp_path, fs=CellFileSystem(tmp_path, {"cell.js": 'export const greeting = "hi";\n'}))
    graph = scan(tmp_path / "main.js", resolver=resolver).graph
    cell = graph.get_module_by_id("cell.js")
    assert cell is not None and cell.transform_result is not None
    assert list(cell.transform_result.exports) == ["greeting"]
    assert 'greeting = "hi"' in "".join(cell.transform_result.body_parts)
