"""The edit layer (``compile/text/edits.py``): overlaps are bugs that name themselves, the output
never depends on the order edits were made, and the same input always builds the same bytes."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compile_helpers import compile_one
from nbbundle.bundle.workers import compile_module
from nbbundle.compile.javascript import compiler
from nbbundle.compile.text.edits import OverlappingEdits, SourceEdits

REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES_DIR = REPO_ROOT / "tests" / "fixtures"


def _text(edits: SourceEdits) -> str:
    parts, _ = edits.apply()
    return "".join(parts)


def test_two_replacements_of_the_same_text_raise_naming_the_module_and_both_edits() -> None:
    edits = SourceEdits(b"const a = 1;\nlet value = a;\n", "app.js")
    edits.replace(17, 22, "renamed")  # `value`
    edits.replace(19, 26, "x")  # `lue = a`: overlaps it
    with pytest.raises(OverlappingEdits) as caught:
        edits.apply()
    message = str(caught.value)
    assert "app.js" in message
    assert "2:5 bytes 17:22 'value' → 'renamed'" in message
    assert "2:7 bytes 19:26 'lue = a' → 'x'" in message


def test_an_insertion_inside_a_replaced_range_is_an_overlap() -> None:
    edits = SourceEdits(b"f(a, b)", "m.js")
    edits.remove_keeping_lines(0, 7)
    edits.replace(3, 3, "inserted")
    with pytest.raises(OverlappingEdits, match=r"m\.js: two edits overlap"):
        edits.apply()


def test_the_same_range_replaced_twice_is_an_overlap_even_with_the_same_text() -> None:
    edits = SourceEdits(b"count", "m.js")
    edits.replace(0, 5, "ns.count")
    edits.replace(0, 5, "ns.count")
    with pytest.raises(OverlappingEdits):
        edits.apply()


def test_adjacent_edits_and_insertions_at_a_boundary_are_not_overlaps() -> None:
    edits = SourceEdits(b"abcdef", "m.js")
    edits.replace(0, 3, "X")
    edits.replace(3, 3, "|")
    edits.replace(3, 6, "Y")
    edits.replace(6, 6, "!")
    assert _text(edits) == "X|Y!"


def test_output_is_the_same_whatever_order_the_edits_were_made_in() -> None:
    """Insertions at one offset, an appended `;`, a slot and replacements, added in every order."""
    data = b"export default await f(x)\n"
    made = [
        ("replace", 0, 15, "const d = "),
        ("replace", 15, 20, "r.y(yield("),
        ("replace", 25, 25, "))"),
        ("replace", 25, 25, "))"),  # a nested await closes at the same offset
        ("append", 25, ";"),
        ("replace", 21, 22, "(0, ns.f)"),
        ("slot", 23, 24, "key"),
    ]
    outputs = set()
    for order in itertools.permutations(made):
        edits = SourceEdits(data, "m.js")
        for kind, *arguments in order:
            if kind == "append":
                edits.append(*arguments)
            else:
                getattr(edits, kind)(*arguments)
        outputs.add(edits.apply())
    assert outputs == {(("const d = r.y(yield( (0, ns.f)(", ")))));\n"), ("key",))}


def test_an_overlap_made_by_the_compiler_is_an_internal_error_naming_the_module(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A rewrite that edits text an import removal already took is reported, not dropped."""
    def overlapping_define(table, references, defines, edits):  # noqa: ANN001, ANN202
        edits.replace(9, 10, "renamed")  # the `f` of the import statement the compiler removed
        return {}

    monkeypatch.setattr(compiler, "apply_defines", overlapping_define)
    result = compile_module("src/overlap.js", 'import { f } from "./dep.js";\nf();\n', "js", "module")
    assert isinstance(result, list), result
    (diagnostic,) = result
    assert diagnostic.code == "INTERNAL_ERROR"
    assert diagnostic.module_id == "src/overlap.js"
    assert "src/overlap.js: two edits overlap" in diagnostic.message
    assert "1:1 bytes 0:29" in diagnostic.message  # the removed import statement
    assert "1:10 bytes 9:10 'f' → 'renamed'" in diagnostic.message


_BUILD_EVERY_FIXTURE = """
import hashlib, json, sys
from pathlib import Path
from nbbundle import build
from nbbundle.compile import transform
digests = {}
for round in range(3):
    transform._cache.clear()  # and no disk cache (NBBUNDLE_CACHE=off): every round compiles
    for entry in sorted(Path(sys.argv[1]).glob("*/main.js")):
        code = build(entry).code
        digest = hashlib.sha256(code.encode()).hexdigest()
        if digests.setdefault(entry.parent.name, digest) != digest:
            sys.exit(f"{entry.parent.name}: round {round} built different bytes")
print(json.dumps(digests))
"""


def test_every_fixture_builds_the_same_bytes_every_time() -> None:
    """Each fixture built three times per process, in processes with different string hashes
    (dict and set order) and with and without worker processes: one output each."""
    runs = []
    for hash_seed, workers in (("1", "0"), ("2", "0"), ("3", "2"), ("4", "2")):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "NBBUNDLE_WORKERS": workers, "NBBUNDLE_CACHE": "off",
               "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
        done = subprocess.run([sys.executable, "-c", _BUILD_EVERY_FIXTURE, str(FIXTURES_DIR)], env=env,
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(json.loads(done.stdout))
    assert len(runs[0]) >= 30
    for run in runs[1:]:
        assert run == runs[0]


_BODY_CASES = [
    pytest.param("const o = 1\nf(o)", "const o = 1;\n(0, __nbb_import_0__.f)(o)", id="after a declaration"),
    pytest.param("const o = {}\nf`t`", "const o = {};\n(0, __nbb_import_0__.f)`t`", id="after an object literal"),
    pytest.param("let g = function () {}\nf()", "let g = function () {};\n(0, __nbb_import_0__.f)()",
                 id="after a function expression"),
    pytest.param("function g() {}\nf()", "function g() {}\n(0, __nbb_import_0__.f)()",
                 id="after a function declaration: nothing to add"),
    pytest.param("g();\nf()", "g();\n(0, __nbb_import_0__.f)()", id="after a semicolon: nothing to add"),
    pytest.param("if (g)\n  f()\nelse\n  f()", "if (g)\n  (0, __nbb_import_0__.f)()\nelse\n  (0, __nbb_import_0__.f)()",
                 id="the body of an if: no statement before it"),
    pytest.param("label:\nf()", "label:\n(0, __nbb_import_0__.f)()", id="a labeled statement"),
    pytest.param("g() // a comment\nf()", "g(); // a comment\n(0, __nbb_import_0__.f)()",
                 id="a line comment between: the semicolon goes before it"),
    pytest.param("g()\nimport { h } from './a.js'\n;(h)()", "g();\n\n(__nbb_import_0__.h)()",
                 id="a removed import between, and its semicolon with it"),
]


@pytest.mark.parametrize(("source", "body"), _BODY_CASES)
def test_a_semicolon_ends_the_statement_inserted_text_would_continue(source: str, body: str) -> None:
    source = f"import {{ f }} from './a.js'\n{source}"
    compiled = compile_one(source, a_js="export function f() {} export function h() {}")
    assert compiled.split("\n", 1)[1].rsplit("\n", 1)[0] == body  # the lines after the import
