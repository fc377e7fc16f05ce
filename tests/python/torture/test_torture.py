"""Torture pass: every fixture, rewritten token by token, must still print the same lines.

Four variants of each fixture (``variants.mjs``, from acorn's tokens):

* ``comments``: a block comment between every pair of tokens;
* ``nbsp``: non-breaking spaces for the spaces between tokens;
* ``escapes``: identifiers and string literals that start with a Unicode escape
  (``\\u0063ount``, ``"\\u002e/dep.js"``);
* ``nosemi``: the ``standard`` style, every semicolon that ends a statement before a line break
  removed (a ``;`` before a line that begins with ``(``, ``[``, a template, ``+``, ``-``, ``/``).

Each variant is first run natively: it must print exactly what the original prints (otherwise
the variant itself is wrong, and the test says so). Then it is built with nbbundle and run as a
classic script, and must print the same lines again.

acorn is installed from npm into ``tests/.cache/acorn`` on first use (pinned version).
``KNOWN_TORTURE_FAILURES`` (known_divergences.py) lists the variants today's compiler gets
wrong, as strict xfails.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from known_divergences import KNOWN_TORTURE_FAILURES
from missing_tools import needs, skip_without
from node_programs import NODE, REPO_ROOT, Run, divergence_of_folder, run_native

FIXTURES_DIR = REPO_ROOT / "tests" / "fixtures"
ACORN_VERSION = "8.15.0"
ACORN_CACHE = REPO_ROOT / "tests" / ".cache" / "acorn"
VARIANTS_SCRIPT = Path(__file__).with_name("variants.mjs")
KINDS = ("comments", "nbsp", "escapes", "nosemi")
SOURCE_SUFFIXES = {".js", ".mjs", ".cjs"}

CASES = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "main.js").is_file())


pytestmark = needs("node")


def _acorn() -> Path:
    """acorn's ES module entry, installed with npm into the cache on first use."""
    entry = ACORN_CACHE / "node_modules" / "acorn" / "dist" / "acorn.mjs"
    manifest = entry.parent.parent / "package.json"
    if manifest.is_file() and json.loads(manifest.read_text())["version"] == ACORN_VERSION:
        return entry
    skip_without("npm", "the torture pass needs it to install acorn (its tokenizer)")
    npm = shutil.which("npm")
    ACORN_CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(ACORN_CACHE),
         f"acorn@{ACORN_VERSION}"],
        capture_output=True, text=True, timeout=300,
    )
    # npm is here but cannot install (offline, a broken registry): a failure, not a skip.
    assert done.returncode == 0 and entry.is_file(), (
        f"npm could not install acorn@{ACORN_VERSION} (offline?):\n{done.stderr[-1000:]}")
    return entry


@pytest.fixture(scope="module")
def variants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every fixture in every variant, under ROOT/<kind>/<case>/ (one node process for all)."""
    acorn = _acorn()
    root = tmp_path_factory.mktemp("torture")
    jobs = []
    for kind in KINDS:
        shutil.copytree(FIXTURES_DIR, root / kind)
        for path in sorted((root / kind).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                source = FIXTURES_DIR / path.relative_to(root / kind)
                jobs.append({"src": str(source), "dst": str(path), "kind": kind})
    done = subprocess.run(
        [NODE, str(VARIANTS_SCRIPT)], input=json.dumps({"acorn": acorn.as_uri(), "jobs": jobs}),
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return root


_native_runs: dict[str, Run] = {}


def _native(case: str) -> Run:
    if case not in _native_runs:
        _native_runs[case] = run_native(FIXTURES_DIR / case)
    return _native_runs[case]


def _param(case: str, kind: str) -> object:
    reason = KNOWN_TORTURE_FAILURES.get((case, kind))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, kind, marks=marks, id=f"{case}-{kind}")


def test_known_failures_name_fixtures() -> None:
    assert {case for case, _ in KNOWN_TORTURE_FAILURES} <= set(CASES)


@pytest.mark.parametrize(("case", "kind"), [_param(case, kind) for kind in KINDS for case in CASES])
def test_torture_variant_prints_the_same(case: str, kind: str, variants: Path) -> None:
    original = _native(case)
    assert original.returncode == 0, original.stderr
    folder = variants / kind / case
    report = divergence_of_folder(folder, expected=original)
    assert report is None, f"{case} ({kind} variant):\n{report}"


#: Every third fixture, in every variant, is built in production too (tree shaking blanks
#: statements among the comments, Unicode spaces, escapes and missing semicolons).
PRODUCTION_SAMPLE = CASES[::3]


@pytest.mark.parametrize(("case", "kind"), [_param(case, kind) for kind in KINDS for case in PRODUCTION_SAMPLE])
def test_torture_variant_built_in_production_prints_the_same(case: str, kind: str, variants: Path) -> None:
    original = _native(case)
    assert original.returncode == 0, original.stderr
    report = divergence_of_folder(variants / kind / case, expected=original, mode="production")
    assert report is None, f"{case} ({kind} variant, production build):\n{report}"
