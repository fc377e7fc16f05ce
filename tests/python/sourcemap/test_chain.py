"""The seam for a later step (the minifier): its own map, chained with ``MappedText.after``,
gives a map of its output straight to the user's text.

The stand-in step moves text across columns and lines as a minifier does: it removes every
line's indentation and puts each init function on one line (the map is what is checked here,
not the code, which is never run). It reports its own segments (new offset, offset in the
rendered function, length), as the minifier's ``PositionMap`` will; the decoder must then find
the user's identifiers.
"""

from __future__ import annotations

from pathlib import Path

from decoder import decode, generated_position, source_position, write

from nbbundle.bundle.build import build
from nbbundle.bundle.source_maps import file_map
from nbbundle.compile.text.source_map import MappedText, compose

SOURCES = {
    "shapes.ts": ("export interface Box { width: number; height: number }\n"
                  "export function areaOf(box: Box): number {\n"
                  "    const product: number = box.width * box.height;\n"
                  "    return product;\n"
                  "}\n"),
    "main.js": ('import { areaOf } from "./shapes.ts";\n'
                "const square = { width: 4, height: 4 };\n"
                "        console.log(areaOf(square));\n"),
}


def squeeze(text: str) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` with each line's indentation removed and line breaks made spaces (so every
    line after the first moves up and left), and the segments back to ``text``."""
    pieces, segments, size, offset = [], [], 0, 0
    for line in text.encode().split(b"\n"):
        kept = line.lstrip(b" ")
        if kept:
            segments.append((size, offset + len(line) - len(kept), len(kept)))
        pieces.append(kept)
        size += len(kept) + 1
        offset += len(line) + 1
    return b" ".join(pieces).decode(), segments


def test_compose_keeps_copied_text_exact_and_generated_text_standing_for_what_it_replaced() -> None:
    # A → B: copy 0..4, generated 4..6 (stands for B's 10), copy 6..10 from B's 12.
    # B → C: copy 0..8 from C's 100, generated 8..12 (stands for C's 108), copy 12..20 from C's 200.
    outer = [(0, 0, 4), (4, 10, 0), (6, 12, 4)]
    inner = [(0, 100, 8), (12, 200, 8)]
    assert compose(outer, inner) == [(0, 100, 4), (4, 108, 0), (6, 200, 4)]


def test_a_later_steps_map_chains_to_the_users_text(tmp_path: Path) -> None:
    write(tmp_path, SOURCES)
    result = build(tmp_path / "main.js", sourcemap=True)
    assert result.mapped is not None
    code, chained = result.code, []
    for mapped in result.mapped:
        new_text, segments = squeeze(mapped.text)
        code = code.replace(mapped.text, new_text)
        chained.append(mapped.after(new_text, segments))
    assert all(isinstance(m, MappedText) for m in chained)
    map_json = file_map(code, chained, "out.js")
    needles = {"shapes.ts": ["box.width * box.height", "box.height", "return product"],
               "main.js": ["console.log(", "square));"]}
    queries, expected = [], []
    for module, found in needles.items():
        start = code.index(f'"{module}": function')
        for needle in found:
            queries.append(generated_position(code, needle, start))
            expected.append((module, *source_position(SOURCES[module], needle)))
    answers, _ = decode(map_json, queries)
    assert [(a["source"], a["line"], a["column"]) for a in answers] == expected
