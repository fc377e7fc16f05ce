"""How the statements tree shaking drops leave a module's text: blanked, or cut when minified.

A development or unminified build *blanks* what tree shaking drops (``blank``: lines
and columns stay, so positions need no new map). A minified build has no lines to keep, and
blanks there would be the bulk of its bytes (runs of spaces: 904 of a three.js bundle's KB),
so each unused statement is cut instead and the cut is composed into the module's position
map (``TransformResult.positions``): the source map still leads every byte left to the user's
text, and ``render`` places slots and the prologue as for any body.

What stands where statements were: one ``;`` for a run of them (only white space between), as
the blank's own first character, so the statements on either side stay apart whatever they
end or start with (an expression statement ended by ASI, one that starts with ``(``); none
where the statement before ends with that very ``;`` token already. Ranges come from the
tree (``TopLevelStatement``); the text is looked at only for the white space between two cut
statements and the ``;`` just before one.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from nbbundle.compile.text.position_map import apply_in_order
from nbbundle.compile.text.source_map import compose, pack, unpack

if TYPE_CHECKING:
    from collections.abc import Iterable

    from nbbundle.compile.module import TopLevelStatement, TransformResult

__all__ = ["remove"]


def remove(result: TransformResult, statements: Iterable[TopLevelStatement]) -> TransformResult:
    """``result`` without ``statements`` (its body's top-level statements): its parts, position
    map and statement records moved to the shorter body."""
    parts = result.body_parts
    text = "".join(parts)
    cuts = _cuts(text, statements)
    if not cuts:
        return result
    data = text.encode()
    to_bytes = _byte_offsets(text, cuts)
    edits = [(to_bytes[start], to_bytes[end], replacement) for start, end, replacement in cuts]
    output, position_map, _ = apply_in_order(data, edits)
    move = _Mover(cuts)
    new_parts = []
    previous = 0
    boundary = 0
    for part in parts[:-1]:
        boundary += len(part)
        moved = move(boundary)
        new_parts.append(output[previous:moved])
        previous = moved
    new_parts.append(output[previous:])
    positions = pack(compose(position_map.segments, unpack(result.positions))) if result.positions else b""
    top_level = result.top_level
    if top_level is not None:
        top_level = tuple(s.replace(start=move(s.start), end=move(s.end)) for s in top_level)
    return result.replace(body_parts=tuple(new_parts), positions=positions, top_level=top_level)


def _cuts(text: str, statements: Iterable[TopLevelStatement]) -> list[tuple[int, int, str]]:
    """(start, end, what stands there) in characters, sorted and apart: adjacent statements
    (white space between) cut as one."""
    ranges: list[list[int]] = []
    for statement in sorted(statements, key=lambda s: s.start):
        start, end = statement.start, statement.end
        if start >= end or (ranges and start < ranges[-1][1]):
            continue
        if ranges and not text[ranges[-1][1]:start].strip():
            ranges[-1][1] = end
        else:
            ranges.append([start, end])
    # The statement before already ends with a `;` token (a top-level statement starts here,
    # so the character before it ends a token or a comment, never a string or a regex).
    return [(start, end, "" if start and text[start - 1] == ";" else ";") for start, end in ranges]


def _byte_offsets(text: str, cuts: list[tuple[int, int, str]]) -> dict[int, int]:
    """The UTF-8 offset of each cut's start and end (one pass over the text)."""
    if text.isascii():
        return {offset: offset for start, end, _ in cuts for offset in (start, end)}
    found: dict[int, int] = {}
    position = size = 0
    for start, end, _ in cuts:
        for offset in (start, end):
            size += len(text[position:offset].encode())
            position = offset
            found[offset] = size
    return found


class _Mover:
    """Where a character offset of the body is after the cuts (one inside a cut: in its ``;``)."""

    def __init__(self, cuts: list[tuple[int, int, str]]) -> None:
        self.starts = [start for start, _, _ in cuts]
        self.cuts = cuts
        self.new_starts: list[int] = []
        removed = 0
        for start, end, replacement in cuts:
            self.new_starts.append(start - removed)
            removed += end - start - len(replacement)

    def __call__(self, offset: int) -> int:
        index = bisect_right(self.starts, offset) - 1
        if index < 0:
            return offset
        start, end, replacement = self.cuts[index]
        new_start = self.new_starts[index]
        if offset >= end:
            return new_start + len(replacement) + offset - end
        return new_start + min(offset - start, len(replacement))


#: JavaScript's line terminators: a blank keeps them, so lines stay.
_LINE_TERMINATORS = frozenset("\n\r\u2028\u2029")


def blank_result(result: TransformResult, statements: list[TopLevelStatement]) -> TransformResult:
    return result.replace(body_parts=blank(result.body_parts, statements))


def blank(parts: Iterable[str], statements: Iterable[TopLevelStatement]) -> tuple[str, ...]:
    """``parts`` with each statement's characters made spaces (line terminators kept) and its
    first a ``;``: every other character keeps its line and column."""
    parts = tuple(parts)
    text = "".join(parts)
    pieces = []
    position = 0
    for statement in sorted(statements, key=lambda s: s.start):
        start, end = statement.start, statement.end
        if start >= end or start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(";" + _spaces(text[start + 1:end]))
        position = end
    pieces.append(text[position:])
    text = "".join(pieces)
    out = []
    position = 0
    for part in parts:
        out.append(text[position:position + len(part)])
        position += len(part)
    return tuple(out)


def _spaces(text: str) -> str:
    """``text`` as spaces, its line terminators kept."""
    if "\r" not in text and "\u2028" not in text and "\u2029" not in text:
        return "\n".join(" " * len(line) for line in text.split("\n"))
    return "".join(char if char in _LINE_TERMINATORS else " " for char in text)
