"""Semantic fixtures: each bundle must print exactly what Node's native ESM prints.

Every directory of tests/fixtures with a ``main.js`` is one case. The reference is computed on
each run by ``node main.js`` (native ESM); the case passes when
``python -m nbbundle build main.js -o bundle.cjs`` prints the same lines when node runs it as a
classic script, as a browser's ``<script>`` would (``node_programs.py``).

``KNOWN_DIVERGENCES`` lists the cases that today's compiler gets wrong (found by the
differential fuzzer and the torture pass). They are strict xfails: the run fails as soon as a
case passes, so whoever fixes one removes its entry.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from known_divergences import KNOWN_DIVERGENCES
from missing_tools import needs
from node_programs import build_with_cli, output_diff, run_classic, run_native

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"


CASES = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "main.js").is_file())

needs_node = needs("node")


def _case(name: str) -> object:
    reason = KNOWN_DIVERGENCES.get(name)
    if reason is None:
        return name
    return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=reason))


def test_fixture_count() -> None:
    assert len(CASES) >= 30, f"expected at least 30 fixtures in {FIXTURES_DIR}, found {CASES}"


def test_known_divergences_are_fixtures() -> None:
    assert set(KNOWN_DIVERGENCES) <= set(CASES), set(KNOWN_DIVERGENCES) - set(CASES)


@needs_node
@pytest.mark.parametrize("case", [_case(name) for name in CASES])
def test_fixture_matches_native_node(case: str, tmp_path: Path) -> None:
    case_dir = FIXTURES_DIR / case

    native = run_native(case_dir)
    assert native.returncode == 0, f"fixture {case} fails under native node:\n{native.stderr}"

    out = tmp_path / "out.js"
    build = build_with_cli(case_dir / "main.js", out)
    assert build.returncode == 0, (
        f"nbbundle build failed for {case} (exit {build.returncode}):\n{build.stderr}{build.stdout}"
    )

    bundled = run_classic(out.read_text(encoding="utf-8"), tmp_path)
    difference = output_diff(native, bundled)
    if difference is not None or bundled.returncode != 0:
        pytest.fail(f"{case}: bundle output differs from native ESM\n{difference}")


@needs_node
@pytest.mark.parametrize("leak", ["import.meta.url", 'import { x } from "./x.js";'])
def test_bundles_run_as_classic_scripts(leak: str, tmp_path: Path) -> None:
    """Module syntax left in a bundle fails the run, as it would in a browser's <script>."""
    run = run_classic(f"console.log(1);\n{leak}\n", tmp_path)
    assert run.returncode != 0
    assert "SyntaxError" in run.stderr
