"""Real npm packages, bundled: each usage script prints under the bundle what it prints under node.

``tests/corpus/cases/<name>.mjs`` uses one package the way a notebook would (ES modules and
CommonJS, ``exports`` subpaths, both forms of the ``browser`` field, Node built-in polyfills
such as events, buffer, process, util, url). The packages are pinned in
``tests/corpus/packages.json`` and installed once, by one ``npm install``, into the tests' npm
cache (``npm_cache.py``); the scripts are copied next to that ``node_modules``.

Each case is one build. The reference is native node running the script (Node's own
resolution: its conditions, its built-ins); the bundle resolves for browsers (esbuild's rules)
and runs as a classic script. A package whose browser and Node builds print differently is a
bad usage script, not a pass: scripts print only what both must agree on. Which files the
bundle holds is checked against esbuild's browser bundle of the same script (its metafile):
resolution (``exports`` conditions, ``require`` versus ``import``, main fields, ``browser``
maps) must pick the same files.

``KNOWN_FAILURES`` lists cases that fail today because of a compiler issue owned elsewhere
(strict xfails, with the reason).
"""

from __future__ import annotations

import concurrent.futures
import json
import posixpath
import shutil
import subprocess
from pathlib import Path

import pytest
from missing_tools import needs
from node_programs import output_diff, run_classic, run_native
from npm_cache import COMPILERS, npm_packages

from nbbundle import build
from nbbundle.bundle.build import BuildResult

CORPUS_DIR = Path(__file__).resolve().parents[2] / "corpus"
PINS: dict[str, str] = json.loads((CORPUS_DIR / "packages.json").read_text())["dependencies"]
CASES = sorted(p.name for p in (CORPUS_DIR / "cases").glob("*.mjs"))

#: Case → why it fails today (strict xfail: remove the entry when it passes).
KNOWN_FAILURES: dict[str, str] = {}

#: Case → why its files differ from esbuild's today (strict xfail).
KNOWN_FILE_DIFFERENCES: dict[str, str] = {}

#: Warnings a case may show: a named import of a CommonJS module that Node's lexer does not find
#: (graphology's `import { EventEmitter } from "events"`), read at run time as esbuild does.
ALLOWED_WARNINGS = {"COMMONJS_NAME"}

needs_node = needs("node")
_native = concurrent.futures.ThreadPoolExecutor(max_workers=1)
#: One build per case, shared by the two tests that look at it.
_builds: dict[str, BuildResult] = {}


def _build(cases_dir: Path, case: str) -> BuildResult:
    if case not in _builds:
        _builds[case] = build(cases_dir / case, root=cases_dir.parent)
    return _builds[case]


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


def _case(name: str, known: dict[str, str] = KNOWN_FAILURES) -> object:
    reason = known.get(name)
    return name if reason is None else pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))


@needs_node
@pytest.mark.parametrize("case", [_case(name) for name in CASES])
def test_package_prints_what_node_prints(case: str, cases_dir: Path, tmp_path: Path) -> None:
    native_run = _native.submit(run_native, cases_dir, case)
    result = _build(cases_dir, case)
    bundled = run_classic(result.code, tmp_path)  # self-contained: runs away from node_modules
    native = native_run.result()
    assert native.returncode == 0, f"{case} fails under native node (a bad usage script):\n{native.stderr}"
    assert native.lines, f"{case} prints nothing under node"
    difference = output_diff(native, bundled)
    assert difference is None, f"{case}: the bundle prints differently from node\n{difference}"
    unexpected = [w.format() for w in result.warnings if w.code not in ALLOWED_WARNINGS]
    assert not unexpected, "\n".join(unexpected)


#: Cases where a production build leaves much out (tree shaking, React's production build):
#: built so, each must still print what node prints with NODE_ENV=production.
PRODUCTION_SAMPLE = ["date-fns.mjs", "rxjs.mjs", "three.mjs", "mathjs.mjs", "uuid.mjs", "nanostores.mjs",
                     "simple-statistics.mjs", "d3-scale.mjs", "markdown-it.mjs", "apache-arrow.mjs", "react.mjs"]


@needs_node
@pytest.mark.parametrize("case", [_case(name) for name in PRODUCTION_SAMPLE])
def test_package_built_in_production_prints_what_node_prints(case: str, cases_dir: Path, tmp_path: Path) -> None:
    from nbbundle.compile.options import CompileOptions

    native_run = _native.submit(run_native, cases_dir, case, node_env="production")
    production = build(cases_dir / case, root=cases_dir.parent, options=CompileOptions(mode="production"))
    bundled = run_classic(production.code, tmp_path)
    native = native_run.result()
    assert native.returncode == 0, f"{case} fails under native node (a bad usage script):\n{native.stderr}"
    difference = output_diff(native, bundled)
    assert difference is None, f"{case}: the production bundle prints differently from node\n{difference}"
    # What tree shaking leaves out: fewer modules, or less of them.
    development = _build(cases_dir, case)
    assert len("".join(production.code.split())) < len("".join(development.code.split()))


def _esbuild_inputs(cases_dir: Path, case: str) -> list[str]:
    """The files esbuild's browser bundle of ``case`` reads, as module ids (root: the cache folder)."""
    tools = npm_packages("compilers", COMPILERS)
    meta = cases_dir.parent / f"{case}.meta.json"
    subprocess.run([str(tools / "node_modules" / ".bin" / "esbuild"), case, "--bundle", "--platform=browser",
                    "--format=esm", "--outfile=/dev/null", f"--metafile={meta}", "--log-level=error"],
                   cwd=cases_dir, check=True, capture_output=True, timeout=60)
    inputs = json.loads(meta.read_text())["inputs"]
    return sorted(_comparable(posixpath.normpath(posixpath.join("cases", name.removeprefix("(disabled):"))),
                              disabled=name.startswith("(disabled):"), root=cases_dir.parent) for name in inputs)


def _comparable(module_id: str, *, disabled: bool, root: Path) -> str:
    """A module id both bundlers name alike. A disabled module (a ``browser`` map's ``false``) is
    ``(disabled):`` and its file in both; one that names no file is a package that resolves
    nowhere, which esbuild names by its specifier (``(disabled):crypto``) and nbbundle by where it
    would be in the package that disabled it: both are ``(disabled)`` then."""
    if not disabled:
        return module_id
    return f"(disabled):{module_id}" if (root / module_id).is_file() else "(disabled)"


@needs_node
@pytest.mark.parametrize("case", [_case(name, KNOWN_FILE_DIFFERENCES) for name in CASES])
def test_bundles_the_files_esbuild_bundles(case: str, cases_dir: Path) -> None:
    root = cases_dir.parent
    ours = sorted(_comparable(module_id.removeprefix("(disabled):"), disabled=module_id.startswith("(disabled):"),
                              root=root) for module_id in _build(cases_dir, case).inputs)
    _builds.pop(case, None)  # the last look at it: free the bundle's text
    assert ours == _esbuild_inputs(cases_dir, case)


def test_the_events_polyfill_named_import_is_read_at_run_time(cases_dir: Path) -> None:
    """``import { EventEmitter } from "events"`` (graphology does it): the polyfill is CommonJS
    whose lexer names are ``once`` and ``default``; the build warns and the import works."""
    result = _build(cases_dir, "events.mjs")
    warnings = [w for w in result.warnings if w.code == "COMMONJS_NAME"]
    assert [(w.module_id, w.line) for w in warnings] == [("cases/events.mjs", 2)]
    assert "node_modules/events/events.js" in warnings[0].message
