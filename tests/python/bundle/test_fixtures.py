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

from node_programs import NODE, build_with_cli, output_diff, run_classic, run_native

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"

# Case → the divergence, one line. Remove an entry once its case passes.
KNOWN_DIVERGENCES: dict[str, str] = {
    "escaped-identifier-bindings": "`import { \\u0063ount }` is not read as `count`: build error "
                                   "(escaped identifiers are taken as raw text)",
    "escaped-string-names": 'string export names and specifiers with escapes ("\\u{63}ount", '
                            '"\\u002e/dep.js") are not decoded: build error',
    "trivia-comment-dynamic-import": "`import(/* c */ './lazy.js')` is left to the host, which cannot "
                                     "find the module",
    "trivia-comment-import-meta": "`import/* c */./* c */meta` leaks into the classic script (SyntaxError)",
    "trivia-comment-in-clauses": "a comment inside `import { }` / `export { }` crashes the build "
                                 "(Python AttributeError)",
    "trivia-comment-namespace-import": "`import * as /* c */ ns` becomes `const /* c */ = ...` "
                                       "(SyntaxError in the bundle)",
    "trivia-comment-require": "`require(/* c */ './util.cjs')` is not rewritten to the module id "
                              "(module not registered)",
    "trivia-nbsp-imported-name": "a non-breaking space before an imported name hides it from the "
                                 "rewrite (ReferenceError)",
    "trivia-nbsp-in-expression": "non-breaking spaces inside `a ? b : c` are a syntax error to the "
                                 "compiler",
    "trivia-nbsp-top-level-await": "a non-breaking space before a top-level `await` hides it: the "
                                   "module is not made async (SyntaxError)",
}

CASES = sorted(p.name for p in FIXTURES_DIR.iterdir() if (p / "main.js").is_file())

needs_node = pytest.mark.skipif(NODE is None, reason="node is not on PATH")


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
