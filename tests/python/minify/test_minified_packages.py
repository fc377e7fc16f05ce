"""Real packages, every module minified: the corpus usage scripts (``tests/corpus``) of a few
large and varied packages print under the minified bundle what they print under node. three.js
(one 1.5 MB module and its addons), React and react-dom (CommonJS), d3 (dozens of ES modules),
lodash (one big sloppy-mode CommonJS file), RxJS, zod, moment, handlebars and KaTeX; all 81
corpus cases pass minified (``python -m pytest … --corpus-all`` is not needed: add a case here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bundle.test_npm_corpus import cases_dir  # noqa: F401 - the fixture: scripts beside the packages
from missing_tools import needs
from node_programs import output_diff, run_classic, run_native

from nbbundle import build
from nbbundle.compile.options import CompileOptions

pytestmark = needs("node")

CASES = ["three.mjs", "react.mjs", "d3.mjs", "lodash.mjs", "rxjs.mjs", "zod.mjs", "moment.mjs",
         "handlebars.mjs", "katex.mjs"]


@pytest.mark.parametrize("case", CASES)
def test_a_package_minified_prints_what_node_prints(case: str, cases_dir: Path, tmp_path: Path) -> None:  # noqa: F811
    native = run_native(cases_dir, case)
    assert native.returncode == 0 and native.lines, native.stderr
    plain = build(cases_dir / case, root=cases_dir.parent).code
    minified = build(cases_dir / case, root=cases_dir.parent, options=CompileOptions(minify=True)).code
    difference = output_diff(native, run_classic(minified, tmp_path))
    assert difference is None, f"{case}: the minified bundle prints differently from node\n{difference}"
    assert len(minified) < 0.75 * len(plain), (len(minified), len(plain))
