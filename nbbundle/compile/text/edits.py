"""``SourceEdits``: replacements at byte offsets of the original text (MagicString's idea).

Edits never move the original text around, so every position the parser reported stays true
for diagnostics. A *slot* is a hole for text known only after resolution (the id of a
dynamically imported module): ``apply`` returns the text split at the slots.
"""

from __future__ import annotations

from bisect import bisect_right


class SourceEdits:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self._edits: list[tuple[int, int, str | None, str]] = []
        self._appended: list[tuple[int, int, str | None, str]] = []
        self._collapsed: list[tuple[int, int, str | None, str]] = []

    def replace(self, start: int, end: int, text: str) -> None:
        """Replace bytes ``start:end`` (an insertion when they are equal)."""
        self._edits.append((start, end, text, ""))

    def append(self, offset: int, text: str) -> None:
        """Insert ``text`` at ``offset`` after every other insertion there: the ``;`` that ends
        a statement goes after what closes the expression it ends (``export default await x``)."""
        self._appended.append((offset, offset, text, ""))

    def remove_keeping_lines(self, start: int, end: int) -> None:
        """Remove bytes ``start:end`` but keep their newlines, so later lines keep their numbers."""
        self._edits.append((start, end, "\n" * self.data.count(b"\n", start, end), ""))

    def collapse(self, start: int, end: int, text: str) -> None:
        """Replace bytes ``start:end`` with ``text``, and with them every edit made inside them
        (a branch removed in production takes its rewrites and slots along)."""
        self._collapsed.append((start, end, text, ""))

    def slot(self, start: int, end: int, key: str) -> None:
        """Replace bytes ``start:end`` with a hole named ``key``."""
        self._edits.append((start, end, None, key))

    def apply(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The edited text as parts split at slots, and the slots' keys in order.

        An edit that starts inside a range an earlier edit replaced is dropped: the outer
        edit already decided what that text becomes.
        """
        data = self.data
        parts: list[str] = []
        keys: list[str] = []
        current: list[bytes] = []
        position = 0
        edits = self._edits + self._appended
        if self._collapsed:
            edits = _outside(edits, self._collapsed)
        for start, end, text, key in sorted(edits, key=lambda edit: (edit[0], edit[1])):
            if start < position:
                continue
            current.append(data[position:start])
            if text is None:
                parts.append(b"".join(current).decode())
                current = []
                keys.append(key)
            else:
                current.append(text.encode())
            position = max(position, end)
        current.append(data[position:])
        parts.append(b"".join(current).decode())
        return tuple(parts), tuple(keys)



Edit = tuple[int, int, "str | None", str]


def _outside(edits: list[Edit], collapsed: list[Edit]) -> list[Edit]:
    """The edits no collapsed range contains, and the outermost collapsed ranges: a range
    swallows what was made inside it (an insertion at its very edge stays: it is outside)."""
    outer: list[Edit] = []
    for edit in sorted(collapsed, key=lambda edit: (edit[0], -edit[1])):
        if not outer or edit[0] >= outer[-1][1]:
            outer.append(edit)
    starts = [edit[0] for edit in outer]
    kept = []
    for edit in edits:
        index = bisect_right(starts, edit[0]) - 1
        if index >= 0:
            start, end = outer[index][0], outer[index][1]
            at_edge = edit[0] == edit[1] and edit[0] in (start, end)
            if edit[1] <= end and not at_edge:
                continue
        kept.append(edit)
    return kept + outer
