"""``tsconfig.json`` lookup, ``extends``, JSON with comments, and how its options meet a cell's."""

from __future__ import annotations

from pathlib import Path

import pytest

from nbbundle.compile.options import DEFAULT_OPTIONS
from nbbundle.kernel.magics import compile_options
from nbbundle.kernel.module_options import ModuleOptions
from nbbundle.resolve.resolver import Resolver
from nbbundle.resolve.tsconfig import TsConfigError, match_paths, parse_jsonc


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_json_with_comments_and_trailing_commas_reads_as_tsc_reads_it() -> None:
    text = '{\n  // c\n  "a": "// not a comment", /* b */\n  "list": [1, 2,],\n  "s": "x,}",\n}\n'
    assert parse_jsonc(text, "tsconfig.json") == {"a": "// not a comment", "list": [1, 2], "s": "x,}"}


def test_the_nearest_config_above_the_file_applies_with_what_it_extends(tmp_path: Path) -> None:
    write(tmp_path, {
        "tsconfig.json": '{"compilerOptions": {"jsx": "react", "jsxFactory": "outer"}}',
        "app/tsconfig.json": '{"extends": ["@org/base", "./more.json"], "compilerOptions": {"jsxFactory": "h"}}',
        "app/more.json": '{"compilerOptions": {"verbatimModuleSyntax": true}}',
        "node_modules/@org/base/package.json": '{"name": "@org/base", "tsconfig": "config/base.json"}',
        "node_modules/@org/base/config/base.json": '{"compilerOptions": {"useDefineForClassFields": false, "jsx": "react"}}',
        "app/src/main.tsx": "",
        "other/main.tsx": "",
        "node_modules/lib/index.ts": "",
    })
    resolver = Resolver(root=tmp_path)
    app = resolver.compile_options(tmp_path / "app/src/main.tsx", "tsx", None)
    assert app is not None
    assert (app.jsx.runtime, app.jsx.factory, app.use_define_for_class_fields, app.verbatim_module_syntax) == (
        "classic", "h", False, True)
    other = resolver.compile_options(tmp_path / "other/main.tsx", "tsx", None)
    assert other is not None and other.jsx.factory == "outer" and other.use_define_for_class_fields
    # Packages' own tsconfig.json files are not read (esbuild's rule), nor are JavaScript files'.
    assert resolver.compile_options(tmp_path / "node_modules/lib/index.ts", "ts", None) is None
    assert resolver.compile_options(tmp_path / "app/src/main.js", "js", None) is None


def test_a_target_before_es2022_makes_fields_assigned_as_in_typescript(tmp_path: Path) -> None:
    write(tmp_path, {"tsconfig.json": '{"compilerOptions": {"target": "ES2017"}}', "a.ts": ""})
    options = Resolver(root=tmp_path).compile_options(tmp_path / "a.ts", "ts", None)
    assert options is not None and not options.use_define_for_class_fields


def test_an_extends_cycle_is_a_diagnostic(tmp_path: Path) -> None:
    write(tmp_path, {"tsconfig.json": '{"extends": "./b.json"}', "b.json": '{"extends": "./tsconfig.json"}', "a.ts": ""})
    with pytest.raises(TsConfigError) as caught:
        Resolver(root=tmp_path).compile_options(tmp_path / "a.ts", "ts", None)
    assert '"extends" makes a cycle' in caught.value.diagnostics[0].message


def test_paths_take_the_exact_key_then_the_longest_prefix() -> None:
    paths = {"*": ["generated/*"], "@app/*": ["src/*"], "@app/core/*": ["core/*", "fallback/*"], "@x": ["x.ts"]}
    assert match_paths(paths, "@app/core/a") == ["core/a", "fallback/a"]
    assert match_paths(paths, "@app/ui") == ["src/ui"]
    assert match_paths(paths, "@x") == ["x.ts"]
    assert match_paths(paths, "lodash") == ["generated/lodash"]
    assert match_paths({"@app/*": ["src/*"]}, "react") == []


def test_a_cells_module_flags_win_over_the_notebooks_tsconfig(tmp_path: Path) -> None:
    write(tmp_path, {"tsconfig.json": '{"compilerOptions": {"jsx": "react", "jsxFactory": "h", "jsxImportSource": "preact"}}'})
    resolver = Resolver(root=tmp_path)
    cells = ModuleOptions(tmp_path)
    cells.set("plain.tsx", None)
    assert cells.for_module("plain.tsx", resolver).jsx.runtime == "classic"

    class Flags:
        jsx, jsx_import_source, jsx_factory, jsx_fragment = "automatic", None, None, None

    cells.set("app.tsx", compile_options(Flags()))
    options = cells.for_module("app.tsx", resolver)
    assert (options.jsx.runtime, options.jsx.import_source) == ("automatic", "preact")
    assert cells.for_module("data.json", resolver) == DEFAULT_OPTIONS


def test_a_cell_under_a_broken_tsconfig_fails_with_its_diagnostic_and_then_builds(tmp_path: Path) -> None:
    from nbbundle.kernel.environment import Environment

    (tmp_path / "tsconfig.json").write_text('{\n  "compilerOptions": { "jsx": "react", }\n  "x": 1\n}\n')
    env = Environment(tmp_path)
    result = env.define("app.tsx", "export const n: number = 1;\n")
    assert result.status == "error"
    [diagnostic] = result.diagnostics
    assert diagnostic.location == "tsconfig.json:3:3" and diagnostic.message.startswith("Invalid JSON")
    assert env.define("plain.js", "export const n = 1;\n").status == "defined"  # JavaScript reads no tsconfig
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {"useDefineForClassFields": false}}')
    assert env.define("app.tsx", "export class A { x: number; }\n").status == "defined"
    assert "x;" not in env.rendered["app.tsx"]
