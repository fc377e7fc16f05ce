"""JSX compiled by nbbundle renders the same HTML as the same files compiled by esbuild.

Every file of ``tests/jsx/`` exports ``output()``, which renders its components to a string
(``react-dom/server``, or ``preact-render-to-string`` for the Preact case). One harness imports
them all and prints each output; it is bundled by esbuild (``--jsx=automatic``, the files' own
pragmas) and by nbbundle, and both bundles run under node with React from the test's npm cache.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from npm_cache import JSX, npm_packages

CASES_DIR = Path(__file__).resolve().parents[2] / "jsx"
REPO_ROOT = CASES_DIR.parents[1]
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.suffix in (".jsx", ".tsx"))


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the cases, a harness importing them all, and node_modules."""
    packages = npm_packages("jsx", JSX)
    folder = tmp_path_factory.mktemp("jsx")
    (folder / "node_modules").symlink_to(packages / "node_modules")
    shutil.copytree(CASES_DIR, folder / "cases")
    lines = [f"import {{ output as case{i} }} from {json.dumps('./cases/' + name)};" for i, name in enumerate(CASES)]
    outputs = ", ".join(f"{json.dumps(name)} + ' ' + case{i}()" for i, name in enumerate(CASES))
    # react-dom's browser build schedules with a MessageChannel, which keeps node running: exit
    # once the output is written.
    lines.append(f"process.stdout.write([{outputs}].join('\\n') + '\\n', () => process.exit(0));")
    (folder / "harness.js").write_text("\n".join(lines) + "\n")
    return folder


def _outputs(stdout: str) -> dict[str, str]:
    return dict(line.split(" ", 1) for line in stdout.splitlines() if " " in line)


def test_html_matches_esbuilds(project: Path) -> None:
    esbuild = project / "node_modules" / ".bin" / "esbuild"
    built = _run([str(esbuild), "harness.js", "--bundle", "--format=iife", "--platform=browser", "--jsx=automatic",
                  "--log-level=warning", "--outfile=esbuild.cjs"], project)
    assert built.returncode == 0, built.stderr
    path = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    ours = _run([sys.executable, "-m", "nbbundle", "build", "harness.js", "-o", "nbbundle.cjs"], project,
                {**os.environ, "PYTHONPATH": os.pathsep.join(path)})
    assert ours.returncode == 0, ours.stderr + ours.stdout

    expected = _run(["node", "esbuild.cjs"], project)
    actual = _run(["node", "nbbundle.cjs"], project)
    assert expected.returncode == 0, expected.stderr
    assert actual.returncode == 0, actual.stderr
    reference, rendered = _outputs(expected.stdout), _outputs(actual.stdout)
    assert sorted(reference) == CASES
    for case in CASES:
        diff = "\n".join(difflib.unified_diff(reference[case].split("><"), rendered[case].split("><"),
                                              "esbuild", "nbbundle", lineterm=""))
        assert rendered[case] == reference[case], f"{case}:\n{diff}"
