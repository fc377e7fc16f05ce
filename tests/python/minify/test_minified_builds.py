"""Production, minified builds against node's native ESM: every fixture, the differential fuzzer
(each of its four program styles) and a sample of the torture pass, built as ``build --mode
production`` builds them (``minify`` on); the suites' own runs cover the development builds."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from differential.programs import programs
from differential.runner import divergence
from differential.tla_programs import tla_programs
from known_divergences import KNOWN_DIVERGENCES, KNOWN_TORTURE_FAILURES
from missing_tools import needs
from node_programs import divergence_of_folder, run_native

from torture.test_torture import KINDS, variants  # noqa: F401 - the fixture

pytestmark = needs("node")

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "main.js").is_file())
MINIFIED = {"mode": "production", "minify": True}
#: Programs per fuzzer run here: the suite's own runs cover the compiler, these the minifier.
BUDGET = 25
SEED = 20261207


def _case(name: str) -> object:
    reason = KNOWN_DIVERGENCES.get(name)
    if reason is None:
        return name
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))


@pytest.mark.parametrize("case", [_case(name) for name in CASES])
def test_minified_fixture_matches_native_node(case: str, tmp_path: Path) -> None:
    copy = tmp_path / case  # the bundle is written beside the program: never into tests/fixtures
    shutil.copytree(FIXTURES_DIR / case, copy)
    shutil.copy(FIXTURES_DIR / "package.json", tmp_path)  # {"type": "module"}, as for the fixtures
    report = divergence_of_folder(copy, **MINIFIED)
    assert report is None, f"{case} (minified):\n{report}"


def _fuzz(generated: object) -> None:
    @seed(SEED)
    @settings(max_examples=BUDGET, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(generated)
    def check(files: dict[str, str]) -> None:
        report = divergence(files, **MINIFIED)
        assert report is None, f"seed {SEED}: minified bundle differs from native ESM\n{report}"

    check()


@pytest.mark.parametrize("style", ["plain", "trivia", "no-semicolons", "top-level-await"])
def test_random_module_graphs_minified_match_native_node(style: str) -> None:
    if style == "top-level-await":
        _fuzz(tla_programs())
    else:
        _fuzz(programs(trivia=style != "plain", semicolons=style != "no-semicolons"))


#: The torture pass rewrites every fixture four ways (acorn, in node); a sample of them, minified.
TORTURE_SAMPLE = 24


def _torture_params() -> list[object]:
    chosen = random.Random(SEED).sample([(case, kind) for kind in KINDS for case in CASES], TORTURE_SAMPLE)
    return [pytest.param(case, kind, id=f"{case}-{kind}",
                         marks=[pytest.mark.xfail(strict=True, reason=KNOWN_TORTURE_FAILURES[(case, kind)])]
                         if (case, kind) in KNOWN_TORTURE_FAILURES else [])
            for case, kind in sorted(chosen)
            if case not in KNOWN_DIVERGENCES]


@pytest.mark.parametrize(("case", "kind"), _torture_params())
def test_torture_variant_minified_prints_the_same(case: str, kind: str, variants: Path) -> None:
    original = run_native(FIXTURES_DIR / case)
    assert original.returncode == 0, original.stderr
    report = divergence_of_folder(variants / kind / case, expected=original, **MINIFIED)
    assert report is None, f"{case} ({kind} variant, minified):\n{report}"
