"""Compiled results by module and content, bounded per module and in all.

A notebook session compiles a cell again at every edit, each time a new text; only the last
few versions of a module are worth keeping (re-running an earlier version, undo), so memory per
cell run does not grow. A build of many files keeps at most ``limit`` results. Keys are
(module id, variant, etag): the variant names what else the result depends on (kind, options),
the etag is the text's content hash, so a key never holds the text itself.
"""

from __future__ import annotations

import hashlib
from typing import Generic, TypeVar

Value = TypeVar("Value")
Key = tuple[str, str, str]

#: Versions kept per module id, and results kept in all.
VERSIONS_PER_MODULE = 4
LIMIT = 4096


class VersionedCache(Generic[Value]):
    """``get``/``put`` by (module id, variant, etag), evicting a module's oldest version first."""

    def __init__(self, limit: int = LIMIT, versions: int = VERSIONS_PER_MODULE) -> None:
        self.limit = limit
        self.versions = versions
        self._values: dict[Key, Value] = {}
        self._by_module: dict[str, list[Key]] = {}

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        self._values.clear()
        self._by_module.clear()

    def get(self, key: Key) -> Value | None:
        return self._values.get(key)

    def put(self, key: Key, value: Value) -> None:
        if key in self._values:
            self._values[key] = value
            return
        versions = self._by_module.setdefault(key[0], [])
        versions.append(key)
        if len(versions) > self.versions:
            self._values.pop(versions.pop(0), None)
        if len(self._values) >= self.limit:
            oldest = next(iter(self._values))  # dicts keep insertion order
            del self._values[oldest]
            self._by_module[oldest[0]].remove(oldest)
            if not self._by_module[oldest[0]]:
                del self._by_module[oldest[0]]
        self._values[key] = value


def content_hash(text: str) -> str:
    """A key for ``text`` that does not keep the text alive (SHA-1, hex)."""
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
