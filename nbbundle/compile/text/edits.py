"""``SourceEdits``: replacements at byte offsets of the original text (MagicString's idea).

Edits never move the original text around, so every position the parser reported stays true
for diagnostics. A *slot* is a hole for text known only after resolution (the id of a
dynamically imported module): ``apply`` returns the text split at the slots.

Two rules make the output a function of the edits alone:

* edits apply in the order (start, end, rank, text), never in the order they were made (which
  follows a query's captures or a table's references): the same module gives the same bytes;
* two edits that overlap (one replaces text another replaces or inserts into) are a bug of the
  compiler, never resolved by dropping one: ``apply`` raises ``OverlappingEdits`` naming the
  module and both edits. The one exception is said so when made: a ``collapse`` (a branch
  removed in production) takes every edit inside it along.

Inserted text that begins with ``(``, ``[``, a backquote, ``+``, ``-`` or ``/`` at the start of a
statement would continue the statement before it where that one relies on automatic semicolon
insertion (``const o = 1`` ⏎ ``(0, ns.f)(o)`` calls ``1``). ``apply`` asks a ``StatementJoins``
(the language's, from the tree) where that happens and ends the statement before with ``;``.

``apply`` also leaves ``positions``: where each byte of the output (its parts joined, slots
empty) was in the original, as ``PositionMap`` segments (``text/position_map.py``): one per run
of copied text, and a zero-length one where each inserted text (and each slot) begins, standing
for the original text it replaces. Source maps are made from them (``text/source_map.py``).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple, Protocol

from nbbundle.compile.errors import position_at

#: What a statement may not begin with where the statement before it ends without ``;``: each
#: continues it (a call, a member, a template tag, an operator, a division).
CONTINUING = frozenset("([`+-/")

# Ranks order the edits at one place: insertions, then appended text (the ``;`` that ends a
# rewritten statement), then the ``;`` that keeps the next statement apart.
_INSERT, _APPEND, _SEPARATOR = 0, 1, 2


class Edit(NamedTuple):
    start: int
    end: int
    rank: int
    text: str | None
    """``None`` for a slot."""
    key: str = ""


class StatementJoins(Protocol):
    """Where a statement meets the one before it (the language's answer, from its tree)."""

    def separator_at(self, offset: int, removed: frozenset[int]) -> int | None:
        """Where to put a ``;`` so that text replacing what begins at ``offset`` cannot continue
        the statement before (the end of that statement), or None when it cannot anyway.
        ``removed``: the starts of the statements that are removed whole."""
        ...

    def next_statement(self, start: int) -> int | None:
        """The start of the statement after the one that begins at ``start``, if it is one of a list."""
        ...


class OverlappingEdits(RuntimeError):
    """Two edits claim the same original text: a bug of the compiler, named with both edits."""


class SourceEdits:
    def __init__(self, data: bytes, module_id: str = "") -> None:
        self.data = data
        self.module_id = module_id
        self._edits: list[Edit] = []
        self._removed: list[tuple[int, int]] = []
        self._collapsed: list[Edit] = []
        self.applied: list[Edit] = []
        """The edits ``apply`` made, in order (separators and collapsed ranges included): where each
        piece of the original text landed in the output (``javascript/top_level.py`` reads it)."""
        self._calls: dict[int, int] = {}
        """End of a rewritten callee → its start (``call``)."""
        self.positions: list[tuple[int, int, int]] = []
        """After ``apply``: (output offset, original offset, length) of the output, slots empty."""

    def replace(self, start: int, end: int, text: str) -> None:
        """Replace bytes ``start:end`` (an insertion when they are equal)."""
        self._edits.append(Edit(start, end, _INSERT, text))

    def call(self, start: int, end: int, text: str) -> None:
        """Replace the callee at bytes ``start:end`` with ``text`` (``(0, ns.f)``). An engine
        places such a call at its arguments' ``(`` rather than at the callee, so the first byte
        after the callee maps to where the callee began, as a stack frame of ``f(x)`` says."""
        self.replace(start, end, text)
        self._calls[end] = start

    def append(self, offset: int, text: str) -> None:
        """Insert ``text`` at ``offset`` after every other insertion there: the ``;`` that ends
        a statement goes after what closes the expression it ends (``export default await x``)."""
        self._edits.append(Edit(offset, offset, _APPEND, text))

    def remove_keeping_lines(self, start: int, end: int) -> None:
        """Remove bytes ``start:end`` but keep their newlines, so later lines keep their numbers."""
        self._edits.append(Edit(start, end, _INSERT, "\n" * self.data.count(b"\n", start, end)))

    def remove_statement(self, start: int, end: int) -> None:
        """Remove the whole statement ``start:end``, keeping its newlines; the statements around
        it are kept apart (``apply``) as they were with it between them."""
        self.remove_keeping_lines(start, end)
        self._removed.append((start, end))

    def collapse(self, start: int, end: int, text: str) -> None:
        """Replace bytes ``start:end`` with ``text``, and with them every edit made inside them
        (a branch removed in production takes its rewrites and slots along)."""
        self._collapsed.append(Edit(start, end, _INSERT, text))

    def slot(self, start: int, end: int, key: str) -> None:
        """Replace bytes ``start:end`` with a hole named ``key``."""
        self._edits.append(Edit(start, end, _INSERT, None, key))

    def apply(self, joins: StatementJoins | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The edited text as parts split at slots, and the slots' keys in order.

        With ``joins``, a ``;`` ends each statement that the edited text after it would
        otherwise continue. Raises ``OverlappingEdits`` for two edits of the same text.
        """
        edits = self._edits
        if joins is not None:
            edits = edits + self._separators(joins)
        if self._collapsed:
            edits = _outside(edits, self._collapsed)
        data = self.data
        parts: list[str] = []
        keys: list[str] = []
        current: list[bytes] = []
        positions: list[tuple[int, int, int]] = []
        size = 0  # bytes of output so far, every part together
        position = 0
        previous: Edit | None = None
        self.applied = ordered = _sorted(edits)
        for edit in ordered:
            start, end, _, text, key = edit
            if start < position:
                raise OverlappingEdits(self._overlap_message(previous, edit))
            if start > position:
                self._copied(positions, size, position, start - position)
                size += start - position
            current.append(data[position:start])
            if text is None:
                parts.append(b"".join(current).decode())
                current = []
                keys.append(key)
                positions.append((size, start, 0))  # what fills the slot stands for its text
            elif text:
                encoded = text.encode()
                positions.append((size, start, 0))
                size += len(encoded)
                current.append(encoded)
            position = end
            previous = edit
        if position < len(data):
            self._copied(positions, size, position, len(data) - position)
        current.append(data[position:])
        parts.append(b"".join(current).decode())
        self.positions = positions
        return tuple(parts), tuple(keys)

    def _copied(self, positions: list[tuple[int, int, int]], size: int, start: int, length: int) -> None:
        callee = self._calls.get(start)
        if callee is None:
            positions.append((size, start, length))
            return
        positions.append((size, callee, 0))  # a call's `(` (``call``)
        if length > 1:
            positions.append((size + 1, start + 1, length - 1))

    def _separators(self, joins: StatementJoins) -> list[Edit]:
        """The ``;`` each statement boundary the edits would erase needs (at most one each)."""
        removed = frozenset(start for start, _ in self._removed)
        starts = {edit.start for edit in self._edits if edit.end > edit.start or edit.text}
        at: set[int] = set()
        continuing = sorted(edit.start for edit in self._edits if edit.text and edit.text[0] in CONTINUING)
        for start in continuing:  # in order: the joins' walk down the tree goes on from the last one
            separator = joins.separator_at(start, removed)
            if separator is not None:
                at.add(separator)
        for start in sorted(removed):
            # The statement after a removed one keeps its text: if that text begins with a
            # parenthesis, it now meets the statement before the removed one.
            following = joins.next_statement(start)
            if (following is not None and following not in starts
                    and self.data[following:following + 1].decode(errors="replace") in CONTINUING):
                separator = joins.separator_at(following, removed)
                if separator is not None:
                    at.add(separator)
        return [Edit(offset, offset, _SEPARATOR, ";") for offset in at]

    def _overlap_message(self, first: Edit | None, second: Edit) -> str:
        return (f"{self.module_id or '<module>'}: two edits overlap ({self._describe(first)} and "
                f"{self._describe(second)}); this is a bug in nbbundle's compiler")

    def _describe(self, edit: Edit | None) -> str:
        if edit is None:
            return "?"
        line, column = position_at("", edit.start, self.data)
        original = self.data[edit.start:edit.end].decode(errors="replace")
        new = f"slot {edit.key!r}" if edit.text is None else repr(edit.text)
        return f"{line}:{column + 1} bytes {edit.start}:{edit.end} {original!r} → {new}"


def _order(edit: Edit) -> tuple[int, int, int, str, str]:
    return edit.start, edit.end, edit.rank, edit.text or "", edit.key


def _sorted(edits: list[Edit]) -> list[Edit]:
    """``edits`` in ``_order``. The edits compared as the tuples they are give that order without
    a key made per edit, except where a slot's text (None) meets another text at the same place
    and rank: Python refuses to compare those, and then the key decides."""
    try:
        return sorted(edits)
    except TypeError:
        return sorted(edits, key=_order)


def _outside(edits: list[Edit], collapsed: list[Edit]) -> list[Edit]:
    """The edits no collapsed range contains, and the outermost collapsed ranges: a range
    swallows what was made inside it (an insertion at its very edge stays: it is outside)."""
    outer: list[Edit] = []
    for edit in sorted(collapsed, key=lambda edit: (edit.start, -edit.end)):
        if not outer or edit.start >= outer[-1].end:
            outer.append(edit)
    starts = [edit.start for edit in outer]
    kept = []
    for edit in edits:
        index = bisect_right(starts, edit.start) - 1
        if index >= 0:
            start, end = outer[index].start, outer[index].end
            at_edge = edit.start == edit.end and edit.start in (start, end)
            if edit.end <= end and not at_edge:
                continue
        kept.append(edit)
    return kept + outer
