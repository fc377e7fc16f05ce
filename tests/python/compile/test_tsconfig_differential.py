"""Programs whose ``tsconfig.json`` changes the output print what TypeScript's (or esbuild's) print.

Every folder of ``tests/tsconfig/`` is a project: a ``tsconfig.json`` (some with ``extends``),
``main.ts`` or ``main.tsx`` and what it imports. The reference is TypeScript's
``transpileModule`` of each file with the options TypeScript itself reads from the config
(``getParsedCommandLineOfConfigFile``: ``extends`` resolved by TypeScript), run natively by node;
``paths``/``baseUrl`` change no output, only resolution, so that case's reference is esbuild's
bundle (esbuild reads them too). nbbundle builds the project's ``main`` into one classic script.
Packages a case needs (a config to extend, a JSX runtime) are written into its ``node_modules``.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from npm_cache import COMPILERS, npm_packages

CASES_DIR = Path(__file__).resolve().parents[2] / "tsconfig"
REPO_ROOT = CASES_DIR.parents[1]
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "tsconfig.json").is_file())
BY_ESBUILD = {"paths"}

PACKAGES = {
    "jsx-import-source": {
        "node_modules/@fixture/tsconfig-base/package.json": '{"name": "@fixture/tsconfig-base"}',
        "node_modules/@fixture/tsconfig-base/jsx.json": '{"compilerOptions": {"jsx": "react-jsx"}}',
        "node_modules/tiny-jsx/package.json":
            '{"name": "tiny-jsx", "type": "module", "exports": {"./jsx-runtime": "./jsx-runtime.js"}}',
        "node_modules/tiny-jsx/jsx-runtime.js":
            "const show = (t, p) => `<${t} ${JSON.stringify(p)}>`;\n"
            "export const jsx = show, jsxs = show, Fragment = 'fragment';\n",
    },
}

TRANSPILE = r"""
const ts = require("typescript");
const fs = require("fs");
const path = require("path");
const [project] = process.argv.slice(2);
const parsed = ts.getParsedCommandLineOfConfigFile(path.join(project, "tsconfig.json"), {}, {
  ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n")); },
});
const options = { ...parsed.options, module: ts.ModuleKind.ESNext, isolatedModules: true, noEmit: false };
for (const name of fs.readdirSync(project)) {
  if (!/\.tsx?$/.test(name)) continue;
  const text = fs.readFileSync(path.join(project, name), "utf8");
  const out = ts.transpileModule(text, { compilerOptions: options, fileName: name }).outputText;
  fs.writeFileSync(path.join(project, name.replace(/\.tsx?$/, ".js")), out);
}
fs.writeFileSync(path.join(project, "package.json"), '{"type": "module"}\n');
"""


@pytest.fixture(scope="module")
def tools() -> Path:
    return npm_packages("compilers", COMPILERS)


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


def project(case: str, folder: Path) -> Path:
    shutil.copytree(CASES_DIR / case, folder)
    for name, text in PACKAGES.get(case, {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def nbbundle_build(folder: Path, entry: str, out: Path) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return _run([sys.executable, "-m", "nbbundle", "build", entry, "-o", str(out)], folder,
                {**os.environ, "PYTHONPATH": path})


def test_every_option_has_a_program() -> None:
    assert set(CASES) >= {"use-define-false", "jsx-classic", "jsx-import-source", "verbatim", "paths"}


@pytest.mark.parametrize("case", CASES)
def test_program_prints_what_the_reference_prints(case: str, tools: Path, tmp_path: Path) -> None:
    entry = "main.tsx" if (CASES_DIR / case / "main.tsx").is_file() else "main.ts"
    reference = project(case, tmp_path / "reference")
    env = {**os.environ, "NODE_PATH": str(tools / "node_modules")}
    if case in BY_ESBUILD:
        bundled_by_esbuild = tmp_path / "esbuild.cjs"
        built = _run([str(tools / "node_modules" / ".bin" / "esbuild"), entry, "--bundle", "--format=cjs",
                      f"--outfile={bundled_by_esbuild}", "--log-level=warning"], reference)
        assert built.returncode == 0, built.stderr
        native = _run(["node", str(bundled_by_esbuild)], tmp_path)
    else:
        script = tmp_path / "transpile.cjs"
        script.write_text(TRANSPILE)
        compiled = _run(["node", str(script), str(reference)], tmp_path, env)
        assert compiled.returncode == 0, compiled.stderr
        native = _run(["node", entry.replace(".tsx", ".js").replace(".ts", ".js")], reference)
    assert native.returncode == 0, f"the reference fails under node:\n{native.stderr}"

    folder = project(case, tmp_path / "nbbundle")
    out = tmp_path / "out.cjs"
    build = nbbundle_build(folder, entry, out)
    assert build.returncode == 0, build.stderr + build.stdout
    bundled = _run(["node", str(out)], tmp_path)
    expected, actual = native.stdout.splitlines(), bundled.stdout.splitlines()
    diff = "\n".join(difflib.unified_diff(expected, actual, "reference", "nbbundle", lineterm=""))
    assert bundled.returncode == 0 and actual == expected, f"{diff}\n--- stderr ---\n{bundled.stderr}"


@pytest.mark.parametrize(("config", "where", "message"), [
    ('{\n  "compilerOptions": {\n    "jsx": "react"\n    "strict": true\n  }\n}\n', "tsconfig.json:4:5",
     "Invalid JSON"),
    ('{\n  // comments and trailing commas are fine\n  "extends": "./missing",\n}\n', "tsconfig.json:3:14",
     'Cannot find base config file "./missing"'),
])
def test_a_broken_tsconfig_is_a_diagnostic_naming_the_file(config: str, where: str, message: str,
                                                           tmp_path: Path) -> None:
    (tmp_path / "tsconfig.json").write_text(config)
    (tmp_path / "main.ts").write_text("const a: number = 1;\nconsole.log(a);\n")
    build = nbbundle_build(tmp_path, "main.ts", tmp_path / "out.js")
    assert build.returncode != 0
    assert "Traceback" not in build.stderr
    assert message in build.stderr and where in build.stderr, build.stderr
