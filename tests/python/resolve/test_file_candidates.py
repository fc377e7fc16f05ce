"""The runtime's ``import(variable)`` tries the files the resolver tries, in the same order."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from nbbundle.resolve.candidates import file_candidates, runtime_module

JS = Path(__file__).resolve().parents[3] / "js"
BASES = ["pages/a", "pages/a.js", "pages/a.jsx", "pages/a.mjs", "pages/a.ts", "a.b/c", "lib/.hidden",
         "lib/..js", "x.y.js", "", "dir/"]


def test_the_runtimes_copy_of_the_rule_is_generated_from_the_resolvers() -> None:
    assert (JS / "file-candidates.js").read_text(encoding="utf-8") == runtime_module(), (
        "regenerate: python -m nbbundle.resolve.candidates > js/file-candidates.js")


@pytest.mark.skipif(shutil.which("node") is None, reason="node runs the runtime's module")
def test_the_runtime_lists_the_resolvers_candidates() -> None:
    script = (f"import {{ fileCandidates }} from {json.dumps((JS / 'paths.js').as_uri())};\n"
              f"console.log(JSON.stringify({json.dumps(BASES)}.map(fileCandidates)));\n")
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == [list(file_candidates(base)) for base in BASES]
    assert "pages/a.ts" in file_candidates("pages/a.js")
