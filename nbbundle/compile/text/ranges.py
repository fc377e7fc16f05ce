"""A growing set of byte ranges, asked about between additions: what the pre-pass has blanked.

The TypeScript pre-pass removes ranges (types, statements) and, between removals, asks whether
an offset is already gone (an import inside a removed namespace is no use of a value). Sorting
everything again at each question made a module of many elements quadratic; here the ranges
sit in levels of sorted, merged lists whose sizes grow like a binary counter's digits, so an
addition merges O(log n) levels' worth of work amortized, and a question bisects each level:
O(n log² n) for n additions and questions in any order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

_FAR = 1 << 62


class Ranges:
    """Half-open byte ranges ``[start, end)``; ``append((start, end))`` as a list's."""

    def __init__(self) -> None:
        self._levels: list[list[tuple[int, int]]] = []
        """Level k is empty or a sorted list of disjoint ranges (merged from about 2**k additions)."""
        self._count = 0

    def append(self, item: tuple[int, int]) -> None:
        start, end = item
        if end <= start:
            return
        self._count += 1
        carry = [(start, end)]
        for index, level in enumerate(self._levels):
            if not level:
                self._levels[index] = carry
                return
            carry = _merge(level, carry)
            self._levels[index] = []
        self._levels.append(carry)

    add = append

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """The merged ranges in order."""
        merged: list[tuple[int, int]] = []
        for level in self._levels:
            merged = _merge(merged, level) if merged else list(level)
        return iter(merged)

    def covers(self, offset: int) -> bool:
        """Whether byte ``offset`` is inside a range."""
        for level in self._levels:
            index = bisect_right(level, (offset, _FAR)) - 1
            if index >= 0 and level[index][1] > offset:
                return True
        return False

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any byte of ``[start, end)`` is inside a range."""
        for level in self._levels:
            index = bisect_right(level, (end - 1, _FAR)) - 1  # the last range starting before `end`
            if index >= 0 and level[index][1] > start:
                return True
        return False

    def contains(self, start: int, end: int) -> bool:
        """Whether one range (as merged within a level) holds all of ``[start, end)``."""
        for level in self._levels:
            index = bisect_right(level, (start, _FAR)) - 1
            if index >= 0 and level[index][0] <= start and level[index][1] >= end:
                return True
        return False


def _merge(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Two sorted lists of disjoint ranges as one (sorting two sorted runs is linear)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(a + b):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
