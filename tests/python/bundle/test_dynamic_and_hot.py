"""import() with the language's semantics, and import.meta.hot dependencies resolved like imports."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

import pytest
from missing_tools import needs
from node_programs import output_diff, run_classic, run_native

import nbbundle.bundle.workers as workers
from nbbundle.bundle.build import build
from nbbundle.bundle.load import scan
from nbbundle.compile.errors import NbbundleError

if TYPE_CHECKING:
    from pathlib import Path


def write(root: Path, files: dict[str, str]) -> Path:
    (root / "package.json").write_text('{"type": "module"}')
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root / "main.js"


def test_hot_dependency_without_extension_names_the_imported_module(tmp_path: Path) -> None:
    entry = write(tmp_path, {
        "main.js": 'import { n } from "./dep.js";\nimport.meta.hot.accept("./dep", (next) => next);\n',
        "dep.js": "export const n = 1;\n",
    })
    scanned = scan(entry)
    main, dep = scanned.graph.get_module_by_id("main.js"), scanned.graph.get_module_by_id("dep.js")
    assert main.accepted_hmr_deps == {dep}
    assert 'accept("dep.js", (next) => next)' in build(entry).code


def test_hot_dependency_that_resolves_nowhere_is_a_warning(tmp_path: Path) -> None:
    entry = write(tmp_path, {"main.js": 'import.meta.hot?.accept("./gone.js", () => {});\n'})
    [warning] = build(entry).warnings
    assert warning.message == 'Could not resolve "./gone.js" from "main.js"'
    assert warning.notes == ("This import.meta.hot.accept() names no module, so its callback never runs.",)


def test_import_of_a_missing_file_is_a_warning_and_rejects_at_run_time(tmp_path: Path) -> None:
    entry = write(tmp_path, {"main.js": 'import("./missing.js").catch((error) => console.log(error.name));\n'})
    result = build(entry)
    assert [w.severity for w in result.warnings] == ["warning"]
    assert result.warnings[0].notes == (
        "This import() will reject with a TypeError when it runs; the rest of the app works.",)
    assert '__nbb_require__.i("./missing.js")' in result.code


def test_lazy_module_that_cannot_link_throws_the_engines_error(tmp_path: Path) -> None:
    entry = write(tmp_path, {
        "main.js": 'import("./lazy.js");\n',
        "lazy.js": 'import "./side.js";\nimport { nope } from "./side.js";\n',
        "side.js": "export const yes = 1;\n",
    })
    result = build(entry)
    assert [w.code for w in result.warnings] == ["MISSING_EXPORT"]
    assert result.warnings[0].notes == ("This module is only loaded by import(), which will reject with this error.",)
    assert ('function lazy_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";'
            "throw new SyntaxError(\"The requested module './side.js' does not provide an export named 'nope'\");"
            ) in result.code


def test_statically_imported_module_that_cannot_link_fails_the_build(tmp_path: Path) -> None:
    entry = write(tmp_path, {"main.js": 'import { nope } from "./side.js";\n', "side.js": "export {};\n"})
    with pytest.raises(NbbundleError) as caught:
        build(entry)
    assert [d.code for d in caught.value.diagnostics] == ["MISSING_EXPORT"]


def test_template_import_bundles_every_file_it_can_name(tmp_path: Path) -> None:
    entry = write(tmp_path, {
        "main.js": "export const load = (lang) => import(`./locales/${lang}.js`);\n",
        "locales/en.js": "export default 'hello';\n",
        "locales/fr.js": "export default 'bonjour';\n",
        "locales/notes.txt": "not a module\n",
        "locales/nested/de.js": "export default 'hallo';\n",
    })
    result = build(entry)
    assert sorted(result.plan.manifest["modules"]) == ["locales/en.js", "locales/fr.js", "main.js"]
    assert "__nbb_require__.j(`./locales/${lang}.js`)" in result.code


def test_a_typescript_module_named_by_a_template_import_loads_at_run_time(tmp_path: Path) -> None:
    # TypeScript's rule, at build time and when the bundle runs: `./views/${name}.js` names
    # views/c.ts and views/d.tsx, and `import(variable)` finds pages/a.ts for "./pages/a".
    entry = write(tmp_path, {
        "main.js": ('import "./pages/a.ts";\n'
                    'for (const name of ["c", "d"]) console.log((await import(`./views/${name}.js`)).default);\n'
                    'const where = "./pages/a";\n'
                    "console.log((await import(where)).default);\n"),
        "pages/a.ts": 'const page: string = "page a";\nexport default page;\n',
        "views/c.ts": 'export default "view c" as string;\n',
        "views/d.tsx": 'export default "view d" as string;\n',
    })
    result = build(entry)
    assert sorted(result.plan.manifest["modules"]) == ["main.js", "pages/a.ts", "views/c.ts", "views/d.tsx"]
    bundle = tmp_path / "out.cjs"
    bundle.write_text(result.code)
    ran = subprocess.run(["node", str(bundle)], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.splitlines() == ["view c", "view d", "page a"]


def test_internal_compiler_error_names_the_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(workers, "transform", broken)
    entry = write(tmp_path, {"main.js": "export {};\n"})
    with pytest.raises(NbbundleError) as caught:
        build(entry)
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.module_id) == ("INTERNAL_ERROR", "main.js")
    assert diagnostic.message == "nbbundle could not compile this module (IndexError: list index out of range)"


def test_lazy_module_that_does_not_parse_is_a_warning_and_throws_its_syntax_error(tmp_path: Path) -> None:
    entry = write(tmp_path, {
        "main.js": 'import("./lazy.js");\n',
        "lazy.js": 'import "./side.js";\nexport const x = ;\n',
        "side.js": "console.log('a side effect');\n",
    })
    result = build(entry)
    assert [(w.code, w.severity, w.module_id) for w in result.warnings] == [("PARSE_ERROR", "warning", "lazy.js")]
    assert result.warnings[0].notes == ("This module is only loaded by import(), which will reject with this error.",)
    assert ('function lazy_js(__nbb_module__, __nbb_exports__, __nbb_require__) {"use strict";'
            f'throw new SyntaxError({json.dumps(result.warnings[0].message)});') in result.code
    assert "a side effect" not in result.code  # what a module that does not parse imports is never loaded


def test_statically_imported_module_that_does_not_parse_fails_the_build(tmp_path: Path) -> None:
    entry = write(tmp_path, {"main.js": 'import "./broken.js";\nimport("./broken.js");\n',
                             "broken.js": "let a = 1;\nlet a = 2;\n"})
    with pytest.raises(NbbundleError) as caught:
        build(entry)
    assert [(d.code, d.severity) for d in caught.value.diagnostics] == [("DUPLICATE_DECLARATION", "error")]


_HOST_IMPORTS = {
    "main.js": (
        "// import() of specifiers the bundle has no module for: the host loads them.\n"
        "const name = 'computed';\n"
        "const computed = await import('./' + name + '.js');\n"
        "console.log('computed', computed.where, computed.shared === (await import('./shared.js')).shared);\n"
        "const path = await import(['node', 'path'].join(':'));\n"
        "console.log('built-in', typeof path.join);\n"
        "try {\n"
        "  await import('./' + 'nowhere.js');\n"
        "} catch (error) {\n"
        "  console.log('missing', error.code);\n"
        "}\n"
    ),
    "computed.js": "export const where = 'beside the importer';\nexport const shared = 'not bundled';\n",
    "shared.js": "export const shared = 'bundled';\n",
}


@needs("node")
def test_import_of_an_expression_the_bundle_lacks_is_the_hosts_import(tmp_path: Path) -> None:
    """Natively and bundled (the bundle beside the files, so import.meta.url names them)."""
    entry = write(tmp_path, _HOST_IMPORTS)
    native = run_native(tmp_path)
    assert native.returncode == 0, native.stderr
    bundled = run_classic(build(entry).code, tmp_path)
    assert output_diff(native, bundled) is None, output_diff(native, bundled)
    assert native.lines == ["computed beside the importer false", "built-in function",
                            "missing ERR_MODULE_NOT_FOUND"]
