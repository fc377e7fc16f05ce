"""The JSDoc types of the runtime (``js/``) and of the editor extension's sources hold.

``js/tsconfig.json`` asks for ``checkJs`` and ``strict``: TypeScript's compiler (pinned, from the
tests' npm cache) must find no error, so a type that says one thing while the code does another
fails here, not in a browser. The extension's sources are checked the same way, with the
CodeMirror and Lezer packages they import (the versions of labextension/package-lock.json);
``index.js`` also imports JupyterLab's own packages, too big an install for a test, so it is
left to the extension's build.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from npm_cache import COMPILERS, npm_packages

CHECKOUT = Path(__file__).resolve().parents[2]
LABEXTENSION = CHECKOUT / "labextension"
#: What the extension's sources import, at the versions its lockfile pins.
EDITOR_PACKAGES = ("@codemirror/state", "@codemirror/view", "@codemirror/language", "@lezer/common",
                   "@lezer/highlight")
#: The extension's sources the check covers (index.js needs JupyterLab's packages: see above).
EDITOR_SOURCES = ("module-cell.js", "module-cells.js", "module-language.js", "diagnostics.js")


def tsc(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    compiler = npm_packages("compilers", COMPILERS) / "node_modules" / "typescript" / "bin" / "tsc"
    node = shutil.which("node")
    assert node is not None
    return subprocess.run([node, str(compiler), *arguments], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def test_the_runtime_type_checks() -> None:
    done = tsc(["-p", str(CHECKOUT / "js")], CHECKOUT)
    assert done.returncode == 0, done.stdout + done.stderr


def locked_versions() -> dict[str, str]:
    lock = json.loads((LABEXTENSION / "package-lock.json").read_text(encoding="utf-8"))
    return {name: lock["packages"][f"node_modules/{name}"]["version"] for name in EDITOR_PACKAGES}


def test_the_editor_extensions_sources_type_check(tmp_path: Path) -> None:
    packages = npm_packages("labextension-types", locked_versions())
    config = {
        "compilerOptions": {**json.loads((CHECKOUT / "js" / "tsconfig.json").read_text())["compilerOptions"],
                            "typeRoots": [], "baseUrl": str(packages / "node_modules"),
                            "paths": {"*": [str(packages / "node_modules" / "*")]}},
        "files": [str(LABEXTENSION / "src" / name) for name in EDITOR_SOURCES],
    }
    (tmp_path / "tsconfig.json").write_text(json.dumps(config))
    done = tsc(["-p", str(tmp_path)], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
