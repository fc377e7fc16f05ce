"""The pre-pass's edits: an order that depends on the edits alone, overlaps refused, and the
same bytes for the same module however often and wherever it is built."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from nbbundle.compile.options import CompileOptions
from nbbundle.compile.text.position_map import LineEdits, OverlappingEdits
from nbbundle.compile.typescript.prepass import to_javascript

REPO_ROOT = Path(__file__).resolve().parents[3]
DATA = b"public constructor(p: number); override m(): T;"


def _edits() -> list[tuple[str, int, int, str]]:
    return [
        ("blank", 0, 30, ""),   # the whole signature
        ("blank", 0, 6, ""),    # its modifier, inside it
        ("blank", 20, 28, ""),  # its annotation, inside it
        ("insert", 0, 0, "A"),
        ("insert", 0, 0, "B"),
        ("replace", 31, 39, "/*o*/"),
        ("replace", 31, 47, ";"),
        ("insert", 47, 47, "!"),
    ]


def _apply(edits: list[tuple[str, int, int, str]]) -> str:
    layer = LineEdits(DATA, "m.ts")
    for kind, start, end, text in edits:
        if kind == "insert":
            layer.insert(start, text)
        elif kind == "blank":
            layer.blank(start, end)
        else:
            layer.replace(start, end, text)
    return layer.apply()[0]


def test_the_outer_edit_wins_whatever_order_the_edits_were_made_in() -> None:
    edits = _edits()
    expected = "AB" + " " * 30 + " ;!"
    rng = random.Random(16)
    for _ in range(50):
        shuffled = edits[:]
        rng.shuffle(shuffled)
        # insertions at one offset keep the order they were made in: restore A before B
        inserts = [e for e in shuffled if e[0] == "insert" and e[1] == 0]
        if inserts[0][3] == "B":
            a, b = shuffled.index(inserts[0]), shuffled.index(inserts[1])
            shuffled[a], shuffled[b] = shuffled[b], shuffled[a]
        assert _apply(shuffled) == expected


def test_overlapping_edits_are_an_internal_error_naming_the_module_and_both_edits() -> None:
    with pytest.raises(OverlappingEdits, match=r"m\.ts: overlapping edits of bytes 0:10 .* and 5:20"):
        _apply([("blank", 0, 10, ""), ("replace", 5, 20, "x")])
    with pytest.raises(OverlappingEdits, match=r"two replacements of bytes 0:6"):
        _apply([("replace", 0, 6, "a"), ("replace", 0, 6, "b")])


def test_a_blank_of_many_lines_keeps_every_line_terminator_where_it_was() -> None:
    """Types spanning lines become spaces, every line terminator JavaScript knows kept in its
    place (so lines and columns stay the source's), whatever runs of them and of other text."""
    text = "type T = {\n\ta: \"é\";\r\n\r\n  b: 1\u2028c\u2029\n}\n\n"
    data = ("let x;" + text + "x;").encode()
    layer = LineEdits(data, "m.ts")
    layer.blank(6, 6 + len(text.encode()))
    out, _ = layer.apply()
    expected = "".join(c if c in "\n\r\u2028\u2029" else " " for c in text)
    assert out == "let x;" + expected + "x;"


#: Every construct whose edits met or overlapped (issue 16, causes 1–3) in one module.
MODULE = """\
import { v, type A, type B } from "./x"
import { type C, w, u, type D } from "./x"
export { type A, v, type B }
abstract class S { protected abstract m(): void; public abstract n(): A }
class K extends S {
  public constructor(p: number);
  public constructor(private p: number | string) { super() }
  override m(): void;
  override m(): void {}
  n(): A { return { v, w } as unknown as A }
}
class M { }
namespace M { export const k = 2 }
enum E { X }
let y = 1
enum E { Y = 2 }
"""


def test_the_same_module_gives_the_same_bytes_in_every_run_and_every_folder(tmp_path: Path) -> None:
    texts = {to_javascript(f"/{folder}/m.ts", MODULE, "ts", CompileOptions()).text
             for folder in ("a", "b/c", "z" * 40)}
    script = ("import sys; from nbbundle.compile.typescript.prepass import to_javascript as t;"
              "from nbbundle.compile.options import CompileOptions as O;"
              "sys.stdout.write(t(sys.argv[1], sys.stdin.read(), 'ts', O()).text)")
    for seed in ("0", "1", "16"):
        folder = tmp_path / seed
        folder.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_ROOT)}
        run = subprocess.run([sys.executable, "-c", script, str(folder / "m.ts")], input=MODULE, env=env,
                             capture_output=True, text=True, timeout=60, check=True)
        texts.add(run.stdout)
    assert len(texts) == 1
    (text,) = texts
    assert "type" not in text and "abstract" not in text and "override" not in text
    assert text.count("constructor") == 1
