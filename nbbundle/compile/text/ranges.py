"""A growing set of byte ranges of one text, asked about between additions: what the pre-pass blanked.

The TypeScript pre-pass removes ranges (types, statements) and, between removals, asks whether
an offset is already gone (an import inside a removed namespace is no use of a value). Sorting
the ranges again at each question made a module of many elements quadratic, and any sorted
structure costs a logarithm per question; here the set is a mask, one byte per byte of the
text: adding a range writes its bytes (``memset``), asking about an offset reads one, and
asking about a range searches it (``memchr``).
"""

from __future__ import annotations

from collections.abc import Iterator


class Ranges:
    """Half-open byte ranges ``[start, end)`` of a text of ``size`` bytes; ``append((start,
    end))`` as a list's."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)
        self._ones = memoryview(b"\x01" * size)

    def append(self, item: tuple[int, int]) -> None:
        start, end = max(0, item[0]), min(len(self._mask), item[1])
        if end > start:
            self._mask[start:end] = self._ones[: end - start]

    add = append

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """The covered runs, in order."""
        mask, position = self._mask, 0
        while True:
            start = mask.find(1, position)
            if start < 0:
                return
            end = mask.find(0, start)
            end = len(mask) if end < 0 else end
            yield start, end
            position = end

    def covers(self, offset: int) -> bool:
        """Whether byte ``offset`` is inside a range."""
        return 0 <= offset < len(self._mask) and self._mask[offset] != 0

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any byte of ``[start, end)`` is inside a range."""
        return self._mask.find(1, max(0, start), end) >= 0

    def contains(self, start: int, end: int) -> bool:
        """Whether every byte of ``[start, end)`` is inside a range."""
        return self._mask.find(0, max(0, start), end) < 0
