"""npm packages the tests compare against or run with, installed once into a cache folder.

TypeScript's own compiler and esbuild are the references for the TypeScript and JSX tests;
React, react-dom and react-refresh are what the React notebooks and browser tests run. Pinned
versions, installed with npm into ``tests/.cache/npm/<set>/`` on first use (like
``benchmarks/cold_build.py`` does for its tools) and reused while the pins hold.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from missing_tools import skip_without

CACHE = Path(os.environ.get("NBB_NPM_CACHE", Path(__file__).resolve().parents[1] / ".cache" / "npm"))

#: What the compiler tests compare against.
COMPILERS = {"typescript": "5.9.3", "esbuild": "0.28.2"}
#: What a React widget needs next to the notebook: what notebooks/package.json pins.
REACT: dict[str, str] = json.loads(
    (Path(__file__).resolve().parents[2] / "notebooks" / "package.json").read_text())["dependencies"]
#: Real TypeScript libraries that publish their sources (``tests/python/compile/test_typescript_corpus.py``).
TYPESCRIPT_CORPUS = {
    **COMPILERS, "react": REACT["react"], "react-dom": REACT["react-dom"],
    "@tanstack/query-core": "5.108.4", "@tanstack/react-query": "5.108.4", "@tanstack/table-core": "8.21.3",
    "@tanstack/store": "0.11.3", "@preact/signals-core": "1.14.5", "immer": "10.2.0", "redux": "5.0.1",
    "reselect": "5.3.0", "tiny-invariant": "1.3.3", "zod": "3.25.76", "@reduxjs/toolkit": "2.16.0",
    "rxjs": "7.8.2", "mobx": "6.16.1",
}
#: The decoder the source map tests read nbbundle's maps with (Mozilla's, what most tools use).
SOURCE_MAP = {"source-map": "0.7.4"}
#: The JSX fixtures render with React and Preact.
JSX = {**COMPILERS, **REACT, "preact": "11.2.0", "preact-render-to-string": "6.8.2"}


def installed(folder: Path, pins: dict[str, str]) -> bool:
    for name, version in pins.items():
        try:
            manifest = json.loads((folder / "node_modules" / name / "package.json").read_text())
        except (OSError, ValueError):
            return False
        if manifest.get("version") != version:
            return False
    return True


def npm_packages(name: str, pins: dict[str, str]) -> Path:
    """The folder whose ``node_modules`` holds ``pins``; skips the test when npm is missing."""
    folder = CACHE / name
    if installed(folder, pins):
        return folder
    for tool in ("node", "npm"):
        skip_without(tool, "needed to install the reference tools (typescript, esbuild, react)")
    npm = shutil.which("npm")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(json.dumps({"private": True, "dependencies": pins}, indent=2) + "\n")
    done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0 and installed(folder, pins), f"npm install in {folder} failed:\n{done.stderr}"
    return folder
