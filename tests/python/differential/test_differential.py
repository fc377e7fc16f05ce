"""Differential fuzzer: random module graphs built with nbbundle against node's native ESM.

Each program (programs.py) is written to a temporary folder, run natively with ``node main.js``,
built with ``nbbundle.build`` in-process and run as a classic script; the two must print the
same lines. The test command runs a fixed seed and a fixed budget; ``--fuzz-long`` runs
thousands with a fresh seed (printed on failure, so a run can be repeated with ``@seed``).

A divergent program is kept under ``test-results/differential/``; every divergence found
becomes a fixture (``tests/fixtures/<case>/``), so it stays tested after the fuzzer moves on.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from differential.programs import programs
from differential.tla_programs import tla_programs
from differential.runner import divergence
from missing_tools import needs

pytestmark = needs("node")

SEED = 20261121
#: Programs per test in the test command (a few hundred in all, well under a minute).
BUDGET = 100
#: Programs per test built in production (tree shaking, dead branches) besides: fewer, other seed.
PRODUCTION_BUDGET = 40
LONG_BUDGET = 3000


def _settings(request: pytest.FixtureRequest, budget: int = BUDGET, default_seed: int = SEED) -> tuple[settings, int]:
    long = request.config.getoption("--fuzz-long")
    chosen_seed = random.randrange(2**32) if long else default_seed
    # Shrinking on: a divergence is reported as the smallest program hypothesis finds for it.
    phases = [Phase.explicit, Phase.generate, Phase.shrink]
    programs = request.config.getoption("--fuzz-programs") or LONG_BUDGET
    return settings(
        max_examples=programs if long else budget, deadline=None, database=None,
        phases=phases, suppress_health_check=list(HealthCheck), derandomize=False,
    ), chosen_seed


def _fuzz(request: pytest.FixtureRequest, *, trivia: bool, tla: bool = False, semicolons: bool = True,
          mode: str = "development", static: bool = False, minify: bool = False) -> None:
    production = mode == "production"
    chosen_settings, chosen_seed = _settings(request, PRODUCTION_BUDGET if production else BUDGET,
                                             SEED + production)

    @seed(chosen_seed)
    @chosen_settings
    @given(tla_programs() if tla else programs(trivia=trivia, semicolons=semicolons, static=static))
    def check(files: dict[str, str]) -> None:
        report = divergence(files, mode, minify=minify)
        assert report is None, f"seed {chosen_seed}: bundle differs from native ESM\n{report}"

    check()


def test_random_module_graphs_match_native_node(request: pytest.FixtureRequest) -> None:
    _fuzz(request, trivia=False)


def test_random_module_graphs_with_comments_and_unicode_spaces_match_native_node(
    request: pytest.FixtureRequest,
) -> None:
    """Comments and Unicode spaces (no-break space, U+2028 …) between the tokens."""
    _fuzz(request, trivia=True)


def test_random_module_graphs_without_semicolons_match_native_node(request: pytest.FixtureRequest) -> None:
    """The ``standard`` style: statements end at line breaks (automatic semicolon insertion), with
    comments and Unicode spaces and line terminators in the gaps (a comment can end a statement's node)."""
    _fuzz(request, trivia=True, semicolons=False)


def test_random_graphs_of_async_modules_match_native_node(request: pytest.FixtureRequest) -> None:
    """The evaluation order of top-level await: waiting, resuming, cycles, rejections."""
    _fuzz(request, trivia=False, tla=True)


@pytest.mark.parametrize(("trivia", "tla", "semicolons"), [
    pytest.param(False, False, True, id="plain"),
    pytest.param(True, False, False, id="trivia-without-semicolons"),
    pytest.param(False, True, True, id="async"),
])
def test_random_module_graphs_built_in_production_match_native_node(
    request: pytest.FixtureRequest, trivia: bool, tla: bool, semicolons: bool,
) -> None:
    """Production builds: unused exports and statements blanked (tree shaking) must change
    nothing a program prints, in every style of program (comments, Unicode line terminators
    and no semicolons around what is blanked, top-level await)."""
    _fuzz(request, trivia=trivia, tla=tla, semicolons=semicolons, mode="production")


@pytest.mark.parametrize("minify", [False, True], ids=["unminified", "minified"])
def test_random_static_graphs_scope_hoisted_match_native_node(request: pytest.FixtureRequest, minify: bool) -> None:
    """Graphs without ``import()`` and top-level await (cycles, live bindings, namespaces, every
    default export, ``export *`` clashes): a production build scope-hoists them
    (``bundle/scope_hoist.py``: one scope, names renamed apart), which must print what node does."""
    _fuzz(request, trivia=False, mode="production", static=True, minify=minify)
