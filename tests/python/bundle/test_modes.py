"""Modes and defines: ``process.env.NODE_ENV``, ``import.meta.env``, ``--define``, and the
branches production removes, checked against node running the same files natively with
``NODE_ENV`` set (the package picks its build the same way there)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from known_divergences import KNOWN_DIVERGENCES
from missing_tools import needs
from node_programs import NODE, REPO_ROOT, output_diff, run_classic, run_native

from nbbundle.bundle.build import build
from nbbundle.compile.javascript.defines import DefineError, parse_define
from nbbundle.compile.options import CompileOptions

needs_node = needs("node")

PACKAGE = {  # React's own shape: index.js picks a build by NODE_ENV
    "node_modules/pkg/package.json": '{"name": "pkg", "main": "index.js"}',
    "node_modules/pkg/index.js": ("'use strict';\n"
                                  "if (process.env.NODE_ENV === 'production') {\n"
                                  "  module.exports = require('./cjs/pkg.production.js');\n"
                                  "} else {\n"
                                  "  module.exports = require('./cjs/pkg.development.js');\n"
                                  "}\n"),
    "node_modules/pkg/cjs/pkg.production.js": 'exports.build = "production"; exports.shared = 1;\n',
    "node_modules/pkg/cjs/pkg.development.js": 'exports.build = "development"; exports.shared = 1;\n',
}


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _native(folder: Path, node_env: str) -> list[str]:
    assert NODE is not None
    done = subprocess.run([NODE, "main.mjs"], cwd=folder, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "NODE_ENV": node_env}, check=True)
    return done.stdout.splitlines()


def _bundled(folder: Path, mode: str, defines: tuple[tuple[str, str], ...] = ()) -> tuple[list[str], str]:
    code = build(folder / "main.mjs", options=CompileOptions(mode=mode, defines=defines)).code  # type: ignore[arg-type]
    run = run_classic(code, folder)
    assert run.returncode == 0, run.stderr
    return run.lines, code


@needs_node
@pytest.mark.parametrize("mode", ["development", "production"])
def test_a_package_picks_the_build_of_the_mode_and_only_that_build_is_bundled(mode: str, tmp_path: Path) -> None:
    _write(tmp_path, {**PACKAGE, "main.mjs": 'import { build, shared } from "pkg";\nconsole.log(build, shared);\n'})
    lines, code = _bundled(tmp_path, mode)
    assert lines == _native(tmp_path, mode) == [f"{mode} 1"]
    other = "development" if mode == "production" else "production"
    assert f"pkg.{mode}.js" in code
    # The other build is never bundled, as esbuild drops the branch not taken in either mode.
    assert f'"node_modules/pkg/cjs/pkg.{other}.js": function' not in code


@needs_node
def test_import_meta_env_says_the_mode_as_vite_does(tmp_path: Path) -> None:
    _write(tmp_path, {"main.mjs": "console.log(JSON.stringify([import.meta.env.MODE, import.meta.env.DEV, "
                                  "import.meta.env.PROD, import.meta.env.SSR, import.meta.env]));\n"})
    for mode in ("development", "production"):
        lines, _ = _bundled(tmp_path, mode)
        env = {"MODE": mode, "DEV": mode == "development", "PROD": mode == "production", "SSR": False}
        assert json.loads(lines[0]) == [mode, mode == "development", mode == "production", False, env]


@needs_node
def test_defines_replace_globals_only(tmp_path: Path) -> None:
    _write(tmp_path, {"main.mjs": (
        "console.log(DEBUG, config.api.url, typeof config.api);\n"
        "{ const DEBUG = 'local'; console.log(DEBUG); }\n"
        "function f(config) { return config.api.url; }\n"
        "console.log(f({ api: { url: 'argument' } }));\n"
    )})
    lines, _ = _bundled(tmp_path, "development", (parse_define("DEBUG=false"),
                                                  parse_define('config.api.url="https://example.org"'),
                                                  parse_define('config.api={"url":"x"}')))
    assert lines == ["false https://example.org object", "local", "argument"]


@needs_node
def test_a_removed_branch_that_declares_a_var_or_function_is_kept(tmp_path: Path) -> None:
    # Both are hoisted out of the branch: node sees `x` declared (undefined), and in sloppy
    # CommonJS code a function in a block is visible after it (Annex B).
    _write(tmp_path, {
        "main.mjs": 'import "./legacy.cjs";\n'
                    "if (process.env.NODE_ENV !== 'production') { var x = 1; }\n"
                    "console.log(typeof x, x);\n",
        "legacy.cjs": "if (process.env.NODE_ENV !== 'production') { function g() { return 1; } }\n"
                      "console.log(typeof g);\n",
    })
    native = _native(tmp_path, "production")
    lines, _ = _bundled(tmp_path, "production")
    assert lines == native == ["undefined", "undefined undefined"]


@needs_node
def test_conditions_production_decides_and_those_it_leaves(tmp_path: Path) -> None:
    _write(tmp_path, {"main.mjs": (
        "const env = process.env.NODE_ENV;\n"
        "console.log(process.env.NODE_ENV === 'production' ? 'p' : 'd');\n"
        "console.log(process.env.NODE_ENV !== 'production' && 'dev only');\n"
        "console.log(process.env.NODE_ENV === 'production' || 'not prod');\n"
        "if (!(process.env.NODE_ENV == 'production')) { console.log('dev'); } else console.log('prod');\n"
        "if (process.env.NODE_ENV == 0) console.log('loose'); else console.log('not loose');\n"
        "console.log(env);\n"
    )})
    lines, code = _bundled(tmp_path, "production")
    assert lines == _native(tmp_path, "production")
    assert "'dev only'" not in code and "'not prod'" not in code and "console.log('dev')" not in code
    assert "console.log('loose')" in code  # == across types is not decided at build time


@needs_node
def test_lines_stay_where_the_user_wrote_them(tmp_path: Path) -> None:
    _write(tmp_path, {"main.mjs": ("if (process.env.NODE_ENV !== 'production') {\n  console.log('a');\n"
                                   "  console.log('b');\n}\nthrow new Error('line 5');\n")})
    code = build(tmp_path / "main.mjs", options=CompileOptions(mode="production")).code
    lines = code.splitlines()
    # Scope-hoisted: the module's line 1 is the line after its mark.
    first = lines.index("// main.mjs") + 1
    thrown = next(i for i, line in enumerate(lines) if "throw new Error('line 5')" in line)
    assert thrown - first == 4
    assert "console.log('a')" not in code


@pytest.mark.parametrize(("given", "problem"), [
    ("DEBUG", "expected KEY=VALUE"),
    ("1x=2", "is not a name"),
    ("API=https://x", "must be JSON"),
])
def test_a_bad_define_is_a_clear_error(given: str, problem: str, tmp_path: Path) -> None:
    with pytest.raises(DefineError, match=problem):
        parse_define(given)
    (tmp_path / "main.js").write_text("console.log(1);\n")
    done = subprocess.run([sys.executable, "-m", "nbbundle", "build", str(tmp_path / "main.js"), "-o",
                           str(tmp_path / "out.js"), "--define", given], capture_output=True, text=True,
                          cwd=REPO_ROOT, check=False)
    assert done.returncode == 2
    assert problem in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out.js").exists()


def test_export_builds_in_production_unless_told(tmp_path: Path) -> None:
    notebook = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                           "source": "%%module app.js --show\nexport function render({ el }) {\n"
                                     "  el.textContent = import.meta.env.MODE + ' ' + process.env.NODE_ENV;\n}\n"}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "app.ipynb").write_text(json.dumps(notebook))
    for extra, mode in (([], "production"), (["--mode", "development"], "development")):
        out = tmp_path / f"site-{mode}"
        done = subprocess.run([sys.executable, "-m", "nbbundle", "export", str(tmp_path / "app.ipynb"), "-o", str(out),
                               *extra], capture_output=True, text=True, cwd=REPO_ROOT, check=False)
        assert done.returncode == 0, done.stderr
        code = "\n".join(path.read_text() for path in out.glob("*.js"))
        # (production minifies: `"production"+' '+"production"`)
        assert f'"{mode}" + \' \' + "{mode}"' in code or f'"{mode}"+\' \'+"{mode}"' in code


FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"


def _fixture(name: str) -> object:
    # A known divergence diverges in production too: a strict xfail, as in test_fixtures.py.
    reason = KNOWN_DIVERGENCES.get(name)
    return name if reason is None else pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))


@needs_node
@pytest.mark.parametrize("case", [_fixture(p.name) for p in sorted(FIXTURES_DIR.iterdir()) if (p / "main.js").is_file()])
def test_every_fixture_built_in_production_matches_native_node(case: str, tmp_path: Path) -> None:
    folder = FIXTURES_DIR / case
    code = build(folder / "main.js", options=CompileOptions(mode="production")).code
    copy = tmp_path / case  # the bundle runs beside the fixture's files (JSON, node_modules)
    shutil.copytree(folder, copy)
    assert output_diff(run_native(folder), run_classic(code, copy)) is None
