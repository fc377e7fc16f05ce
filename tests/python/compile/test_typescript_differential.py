"""TypeScript programs compiled by TypeScript itself and by nbbundle must print the same lines.

Every folder of ``tests/typescript/`` is one program (``main.ts`` and the modules it imports),
covering one group of constructs: annotations, interfaces and types, import elision, enums,
namespaces, parameter properties, import aliases, ``.js`` names for ``.ts`` files, classes;
declarations that merge, overloads with modifiers, type-only specifiers side by side, what the
grammar misreads (``grammar``), and syntax lowered for today's engines (``lowering``). The
reference is TypeScript's ``transpileModule`` (``isolatedModules``, target ES2022, the semantics
nbbundle follows) on each file, run natively by node as ES modules; nbbundle builds ``main.ts``
into one classic script, run by node too.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from npm_cache import COMPILERS, npm_packages

CASES_DIR = Path(__file__).resolve().parents[2] / "typescript"
REPO_ROOT = CASES_DIR.parents[1]
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "main.ts").is_file())

TRANSPILE = r"""
const ts = require("typescript");
const fs = require("fs");
const path = require("path");
const [source, out] = process.argv.slice(2);
const options = {
  target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, isolatedModules: true,
  jsx: ts.JsxEmit.ReactJSX,
};
for (const name of fs.readdirSync(source)) {
  const match = /\.(m?)tsx?$/.exec(name);
  if (!match) continue;
  const text = fs.readFileSync(path.join(source, name), "utf8");
  const result = ts.transpileModule(text, { compilerOptions: options, fileName: name, reportDiagnostics: true });
  if (result.diagnostics.length) {
    console.error(name, result.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")));
    process.exit(1);
  }
  fs.writeFileSync(path.join(out, name.replace(/\.(m?)tsx?$/, ".$1js")), result.outputText);
}
fs.writeFileSync(path.join(out, "package.json"), '{"type": "module"}\n');
"""


@pytest.fixture(scope="module")
def tools() -> Path:
    return npm_packages("compilers", COMPILERS)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_every_construct_has_a_program() -> None:
    assert set(CASES) >= {"annotations", "classes", "enums", "import-alias", "import-elision", "js-extension",
                          "namespaces", "parameter-properties", "merging", "overloads", "type-specifiers",
                          "grammar", "lowering", "using-module"}


@pytest.mark.parametrize("case", CASES)
def test_program_prints_what_typescripts_output_prints(case: str, tools: Path, tmp_path: Path) -> None:
    source = CASES_DIR / case
    reference = tmp_path / "tsc"
    reference.mkdir()
    script = tmp_path / "transpile.cjs"
    script.write_text(TRANSPILE)
    env = {**os.environ, "NODE_PATH": str(tools / "node_modules")}
    compiled = _run(["node", str(script), str(source), str(reference)], tmp_path, env)
    assert compiled.returncode == 0, compiled.stderr
    native = _run(["node", "main.js"], reference)
    assert native.returncode == 0, f"TypeScript's output fails under node:\n{native.stderr}"

    out = tmp_path / "out.cjs"
    path = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    build = _run([sys.executable, "-m", "nbbundle", "build", "main.ts", "-o", str(out)], source,
                 {**os.environ, "PYTHONPATH": os.pathsep.join(path)})
    assert build.returncode == 0, build.stderr + build.stdout
    bundled = _run(["node", str(out)], tmp_path)

    expected, actual = native.stdout.splitlines(), bundled.stdout.splitlines()
    diff = "\n".join(difflib.unified_diff(expected, actual, "typescript", "nbbundle", lineterm=""))
    assert bundled.returncode == 0 and actual == expected, f"{diff}\n--- stderr ---\n{bundled.stderr}"
