"""Edits that keep every line where it was, and the map from edited text back to the original.

The TypeScript and JSX pre-pass (``typescript/prepass.py``) turns a module into plain JavaScript by
byte edits on the text the user wrote, the way Node's type stripping does: a type is replaced
by as many spaces as it has characters, so lines and columns stay the user's. Some edits cannot
keep their length (``<b>hi</b>`` becomes ``jsx("b", { children: "hi" })``, an ``enum`` becomes
an IIFE); they keep their newlines instead, so lines still match, and the ``PositionMap`` that
``apply`` returns gives the original position of any place in the output. Diagnostics, import
ranges and runtime errors are mapped back through it, so they name the cell's own line:column.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from nbbundle.compile.errors import position_at
from nbbundle.compile.record import Record

#: What a blank keeps: runs of the line terminators JavaScript knows (a group: ``split`` keeps them).
_LINE_BREAKS = re.compile("([\n\r\u2028\u2029]+)")


def blank_text(text: str) -> str:
    """``text`` with every character but line breaks replaced by a space."""
    if "\n" in text or "\r" in text or "\u2028" in text or "\u2029" in text:
        # The text between line breaks becomes spaces whole: one step a line, where a
        # substitution of each character took one step per character (the TypeScript
        # pre-pass blanks whole interfaces and type declarations).
        parts = _LINE_BREAKS.split(text)
        parts[::2] = [" " * len(part) for part in parts[::2]]
        return "".join(parts)
    return " " * len(text)  # most blanks are one line


class OverlappingEdits(RuntimeError):
    """Two edits of one module cover part of the same text and neither holds the other: a bug
    of the pre-pass, which must decide which one the text becomes (never the order of a query)."""


class LineEdits:
    """Replacements at byte offsets of one text; ``apply`` gives the new text and its map.

    Edits are applied in an order that depends on their ranges only, never on the order they
    were made in (which follows a query's captures): by start, the longer range first, so an
    edit inside a range that another edit replaces is dropped; the outer edit decided what that
    text becomes (a type annotation inside a removed interface, a modifier of a removed
    signature). Two edits that overlap without one holding the other raise ``OverlappingEdits``;
    two replacements of the same range must agree. Insertions at one offset keep the order they
    were made in, before a replacement that starts there.
    """

    def __init__(self, data: bytes, module_id: str = "<module>") -> None:
        self.data = data
        self.module_id = module_id
        self._edits: list[tuple[int, int, int, str]] = []  # (start, end, sequence, text)

    def blank(self, start: int, end: int) -> None:
        """Spaces for bytes ``start:end``, one per character, line breaks kept."""
        if end > start:
            self._add(start, end, blank_text(self.data[start:end].decode()))

    def blank_statement(self, start: int, end: int) -> None:
        """Remove a statement: ``;`` then blanks, so the code around it cannot run together.

        ``let a = b`` followed by a removed ``interface`` and then ``(c)`` would otherwise
        become the call ``b(c)``; TypeScript's own output has the semicolons it needs.
        """
        if end > start:
            self._add(start, end, ";" + blank_text(self.data[start + 1 : end].decode()))

    def replace(self, start: int, end: int, text: str) -> None:
        """``text`` for bytes ``start:end``; newlines of the old text that ``text`` lacks follow it."""
        missing = self.data.count(b"\n", start, end) - text.count("\n")
        self._add(start, end, text + "\n" * max(0, missing))

    def insert(self, offset: int, text: str) -> None:
        self._add(offset, offset, text)

    def _add(self, start: int, end: int, text: str) -> None:
        self._edits.append((start, end, len(self._edits), text))

    def _ordered(self) -> list[tuple[int, int, int, str]]:
        """The edits to apply, in order: nested ones dropped, overlaps refused."""
        # Insertions (empty ranges) first at an offset, in the order made; then the longest
        # replacement there. The order of replacements never depends on when they were made.
        ordered = sorted(self._edits, key=lambda e: (e[0], e[1] != e[0], -e[1], e[2] if e[0] == e[1] else 0, e[3]))
        kept: list[tuple[int, int, int, str]] = []
        position = 0  # the end of the last kept replacement
        last: tuple[int, int, int, str] | None = None
        for edit in ordered:
            start, end, _, text = edit
            if last is not None and start < position:
                if end > position:
                    raise OverlappingEdits(f"{self.module_id}: overlapping edits of bytes {last[0]}:{last[1]} "
                                           f"({last[3]!r}) and {start}:{end} ({text!r})")
                if (start, end) == (last[0], last[1]) and text != last[3]:
                    raise OverlappingEdits(f"{self.module_id}: two replacements of bytes {start}:{end} "
                                           f"({last[3]!r} and {text!r})")
                continue  # inside a range already replaced
            if end > start:
                position, last = end, edit
            kept.append(edit)
        return kept

    def texts_of(self, ranges: list[tuple[int, int]]) -> list[str]:
        """What each range of bytes becomes under the edits made so far that lie inside it.

        For a step that moves text (a decorator after its class): it copies the edited text,
        types already stripped, and blanks the original. One sort of the edits, then a bisection
        per range: linear in the edits and the ranges, not their product.
        """
        edits = sorted(self._edits)
        starts = [edit[0] for edit in edits]
        texts = []
        for start, end in ranges:
            inside = LineEdits(self.data[start:end])
            inside._edits = [(s - start, e - start, n, t) for s, e, n, t in edits[bisect_left(starts, start):bisect_right(starts, end)]
                             if e <= end and not (s == e == end)]
            texts.append(inside.apply()[0])
        return texts

    def apply(self) -> tuple[str, PositionMap]:
        """The edited text, and the map from its byte offsets back to the original's."""
        output, position_map, _ = apply_in_order(self.data, [(start, end, text) for start, end, _, text in self._ordered()])
        return output, position_map


def apply_in_order(data: bytes, edits: list[tuple[int, int, str]], *,
                   anchored: bool = False) -> tuple[str, PositionMap, list[int]]:
    """``data`` with ``edits`` (start, end, text), sorted and apart, the map back, and the output
    offset where each edit's text begins. ``anchored``: the text of each edit maps to where the
    text it replaced began (a renamed identifier to the name it was), not to the end of the
    text copied before it."""
    out: list[bytes] = []
    size = 0
    segments: list[tuple[int, int, int]] = []  # (output offset, original offset, length)
    at: list[int] = []
    position = 0
    for start, end, text in edits:
        if start > position:
            segments.append((size, position, start - position))
            out.append(data[position:start])
            size += start - position
        at.append(size)
        if anchored and text:
            segments.append((size, start, 0))
        encoded = text.encode()
        out.append(encoded)
        size += len(encoded)
        position = max(position, end)
    if position < len(data):
        segments.append((size, position, len(data) - position))
        out.append(data[position:])
        size += len(data) - position
    output = b"".join(out)
    return output.decode(), PositionMap(output, data, segments), at


class PositionMap(Record):
    """Where each place of the edited text was in the original (both as UTF-8 bytes).

    Text copied from the original maps exactly; a place inside generated text maps to where the
    replaced original text began.
    """

    __slots__ = _fields = ("output", "original", "segments")

    def __init__(self, output: bytes, original: bytes, segments: list[tuple[int, int, int]]) -> None:
        self.output = output
        self.original = original
        self.segments = segments

    def original_offset(self, offset: int) -> int:
        """The original byte offset of output byte ``offset``."""
        index = bisect_right(self.segments, (offset, 1 << 62, 0)) - 1
        if index < 0:
            return 0
        out_start, original_start, length = self.segments[index]
        return original_start + min(offset - out_start, length)

    def original_range(self, start: int, end: int) -> tuple[int, int]:
        first = self.original_offset(start)
        return first, max(first, self.original_offset(end))

    def original_position(self, line: int, column: int) -> tuple[int, int]:
        """The original (1-based line, 0-based character column) of an output position."""
        offset = _offset_of(self.output, line, column)
        original = self.original_offset(offset)
        return position_at("", original, self.original)

    @property
    def is_identity(self) -> bool:
        return len(self.segments) == 1 and self.segments[0] == (0, 0, len(self.original)) == (0, 0, len(self.output))


def _offset_of(data: bytes, line: int, column: int) -> int:
    """The byte offset of a (1-based line, 0-based character column) in ``data``."""
    start = 0
    for _ in range(max(0, line - 1)):
        found = data.find(b"\n", start)
        if found == -1:
            return len(data)
        start = found + 1
    end = data.find(b"\n", start)
    text = data[start : end if end != -1 else len(data)].decode(errors="replace")
    return start + len(text[: max(0, column)].encode())


#: Longer lines (minified code) are not aligned: the alignment is quadratic in the worst case.
_ALIGN_LIMIT = 4000


def align_column(generated: str, written: str, column: int) -> int:
    """The column of ``written`` that column ``column`` of ``generated`` came from.

    For the last step of the pipeline, whose edits are not kept: the JavaScript transform
    rewrites names on a line (``useState`` → ``(0, __nbb_import_1__.useState)``) and prefixes
    line 1 with the module's prologue, but never moves text across lines. The two lines are
    aligned on the text they share; a column inside generated text maps to where it was
    inserted.
    """
    if generated == written or len(generated) > _ALIGN_LIMIT or len(written) > _ALIGN_LIMIT:
        return min(column, len(written))
    from difflib import SequenceMatcher

    previous_end = 0
    for start, origin, size in SequenceMatcher(None, generated, written, autojunk=False).get_matching_blocks():
        if column < start:
            return previous_end
        if column < start + size:
            return origin + column - start
        previous_end = origin + size
    return min(column, len(written))
