"""Real npm packages, bundled: each usage script prints under the bundle what it prints under node.

``tests/corpus/cases/<name>.mjs`` uses one package the way a notebook would (ES modules and
CommonJS, ``exports`` subpaths, both forms of the ``browser`` field, Node built-in polyfills
such as events, buffer, process, util, url). The packages are pinned in
``tests/corpus/packages.json`` and installed once, by one ``npm install``, into the tests' npm
cache (``npm_cache.py``); the scripts are copied next to that ``node_modules``.

Each case is one build. The reference is native node running the script (Node's own
resolution: its conditions, its built-ins); the bundle resolves for browsers (esbuild's rules)
and runs as a classic script. A package whose browser and Node builds print differently is a
bad usage script, not a pass: scripts print only what both must agree on.

``KNOWN_FAILURES`` lists cases that fail today because of a compiler issue owned elsewhere
(strict xfails, with the reason).
"""

from __future__ import annotations

import concurrent.futures
import json
import shutil
from pathlib import Path

import pytest

from nbbundle import build
from node_programs import NODE, output_diff, run_classic, run_native
from npm_cache import npm_packages

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"
PINS: dict[str, str] = json.loads((CORPUS_DIR / "packages.json").read_text())["dependencies"]
CASES = sorted(p.name for p in (CORPUS_DIR / "cases").glob("*.mjs"))

#: Case → why it fails today (strict xfail: remove the entry when it passes).
KNOWN_FAILURES: dict[str, str] = {}

#: Warnings a case may show: a named import of a CommonJS module that Node's lexer does not find
#: (graphology's `import { EventEmitter } from "events"`), read at run time as esbuild does.
ALLOWED_WARNINGS = {"COMMONJS_NAME"}

needs_node = pytest.mark.skipif(NODE is None, reason="node is not on PATH")
_native = concurrent.futures.ThreadPoolExecutor(max_workers=1)


@pytest.fixture(scope="module")
def cases_dir() -> Path:
    """The usage scripts, next to the installed packages (one install for every case)."""
    folder = npm_packages("corpus", PINS)
    cases = folder / "cases"
    shutil.rmtree(cases, ignore_errors=True)
    shutil.copytree(CORPUS_DIR / "cases", cases)
    return cases


def test_corpus_size() -> None:
    assert len(PINS) >= 25 and len(CASES) >= 25, (len(PINS), len(CASES))
    assert set(KNOWN_FAILURES) <= set(CASES)


def _case(name: str) -> object:
    reason = KNOWN_FAILURES.get(name)
    return name if reason is None else pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))


@needs_node
@pytest.mark.parametrize("case", [_case(name) for name in CASES])
def test_package_prints_what_node_prints(case: str, cases_dir: Path, tmp_path: Path) -> None:
    native_run = _native.submit(run_native, cases_dir, case)
    result = build(cases_dir / case, root=cases_dir.parent)
    bundled = run_classic(result.code, tmp_path)  # self-contained: runs away from node_modules
    native = native_run.result()
    assert native.returncode == 0, f"{case} fails under native node (a bad usage script):\n{native.stderr}"
    assert native.lines, f"{case} prints nothing under node"
    difference = output_diff(native, bundled)
    assert difference is None, f"{case}: the bundle prints differently from node\n{difference}"
    unexpected = [w.format() for w in result.warnings if w.code not in ALLOWED_WARNINGS]
    assert not unexpected, "\n".join(unexpected)
