"""Re-exports of TypeScript types written without ``type`` build as esbuild's bundler builds them.

``export { Options } from "./options"`` where ``Options`` is an interface is TS1205 under
``isolatedModules``: a per-file transpiler keeps the re-export and node fails to link it. esbuild's
bundler knows the name has no value in its TypeScript module and drops it; so does nbbundle.
Every folder of ``tests/typescript-bundle/`` is a program whose ``main.ts`` must print under node
what esbuild's bundle of it prints.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from npm_cache import COMPILERS, npm_packages

CASES_DIR = Path(__file__).resolve().parents[2] / "typescript-bundle"
REPO_ROOT = CASES_DIR.parents[1]
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "main.ts").is_file())


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("case", CASES)
def test_program_prints_what_esbuilds_bundle_prints(case: str, tmp_path: Path) -> None:
    tools = npm_packages("compilers", COMPILERS)
    source = CASES_DIR / case
    reference = tmp_path / "esbuild.cjs"
    built = _run([str(tools / "node_modules" / ".bin" / "esbuild"), "main.ts", "--bundle", "--format=cjs",
                  f"--outfile={reference}", "--log-level=warning"], source)
    assert built.returncode == 0, built.stderr
    native = _run(["node", str(reference)], tmp_path)
    assert native.returncode == 0, native.stderr

    out = tmp_path / "out.cjs"
    path = os.pathsep.join([str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    build = _run([sys.executable, "-m", "nbbundle", "build", "main.ts", "-o", str(out)], source,
                 {**os.environ, "PYTHONPATH": path})
    assert build.returncode == 0, build.stderr + build.stdout
    bundled = _run(["node", str(out)], tmp_path)
    assert bundled.returncode == 0, bundled.stderr
    assert bundled.stdout.splitlines() == native.stdout.splitlines()
