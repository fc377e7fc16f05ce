"""Giving the C heap's free pages back to the system after a large module runs (allocator tuning).

Compiling a module allocates tens of bytes of short-lived objects per character of its text (the
tree, the captures, the edits, the update's JSON): a 100 KB ``.tsx`` cell frees megabytes when
its run ends. glibc's malloc keeps what is freed in the middle of its heap for reuse, between
blocks that live on (IPython's history of every cell, the module's newest texts), and returns
pages to the system only from the heap's top. So after each large run the kernel's resident set
keeps the run's free holes: in ``benchmarks/soak.py``, 24 KB a run more than a plain Python cell
that keeps as much text (a 100 KB ``.tsx`` cell, 200 runs), growing with every run.

``malloc_trim(0)`` returns every whole free page of the heap (glibc 2.8 or later) without moving
a live block; it costs a fraction of a millisecond when there is little to return, against the hundreds
of milliseconds the compile took (``benchmarks/free_memory_cost.py``), so it runs only after a
large text (``LARGE_TEXT``). It exists only in glibc: elsewhere (macOS, Windows, a C library
without it) this does nothing, and those allocators keep their own policies.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

LARGE_TEXT = 64 * 1024
"""Characters of module text from which a run's freed memory is worth a trim. A small cell's
run frees little, and runs often (an edit at a time): it does not pay the trim's millisecond."""


def after_large_module(text: str) -> None:
    """Give back the heap's free pages when ``text`` (a module just defined) is large."""
    if len(text) >= LARGE_TEXT:
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library is another one."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # glibc's own name: ``ctypes.util.find_library`` would run ``ldconfig`` in the kernel.
        libc = ctypes.CDLL("libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # no C library found, or one without malloc_trim
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim
