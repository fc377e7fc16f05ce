"""The editor colours a ``%%module`` cell for exactly the names the kernel accepts, by their kind.

The extension's table of languages (``labextension/src/module-cell.js``) is the editor's side of
``compile/kinds.py``: run under node, it must know every extension a cell may have, and no other.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from nbbundle.compile.kinds import KIND_BY_SUFFIX
from nbbundle.kernel.cells import KINDS, check_name

MODULE_CELL = Path(__file__).resolve().parents[3] / "labextension" / "src" / "module-cell.js"
#: The editor's language for each module kind (CodeMirror's packages are named for languages).
LANGUAGE_OF_KIND = {"js": "javascript", "ts": "typescript", "tsx": "tsx", "jsx": "jsx", "css": "css", "json": "json"}


def editor_languages(names: list[str]) -> dict[str, str | None]:
    script = (f"import {{ readModuleMagic }} from {json.dumps(MODULE_CELL.as_uri())};\n"
              f"const names = {json.dumps(names)};\n"
              "console.log(JSON.stringify(Object.fromEntries(names.map((n) => "
              "[n, readModuleMagic(`%%module ${n}`)?.language ?? null]))));\n")
    node = shutil.which("node")
    assert node is not None, "node is not on PATH"
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def kernel_kind(name: str) -> str | None:
    try:
        return check_name(name)
    except ValueError:
        return None


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the extension's module")
def test_the_editor_knows_the_kernels_extensions_and_no_other() -> None:
    names = [f"app{suffix}" for suffix in [*KIND_BY_SUFFIX, ".py", ".png", ".ts.bak", ""]]
    languages = editor_languages(names)
    expected = {name: LANGUAGE_OF_KIND[kind] if (kind := kernel_kind(name)) else None for name in names}
    assert languages == expected
    assert {suffix for suffix in KINDS} == {name[3:] for name, language in languages.items() if language}
