"""``sideEffects`` of package.json, as esbuild and webpack read it.

``"sideEffects": false`` says no file of the package does anything when it is imported but
declare its exports: a module of it that nothing uses can go, and what it imports with it.
An array lists the files that do have side effects, as globs relative to the package's folder;
a pattern without ``/`` matches a file name in any folder (``"*.css"`` is ``"**/*.css"``).
``*`` matches within one path segment, ``**`` across segments, ``?`` one character. Any other
value (``true``, absent, malformed) says nothing: the compiler's own analysis decides.

The package is the nearest package.json above the file (a package scope ends at a
``node_modules`` folder, as Node's does). Files read through the build's file system.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nbbundle.resolve.filesystem import FileSystem

__all__ = ["PackageSideEffects"]


class PackageSideEffects:
    """Which files their package declares free of side effects; package.json files read once."""

    def __init__(self, fs: FileSystem) -> None:
        self._fs = fs
        self._by_dir: dict[str, tuple[str, object] | None] = {}

    def declared_free(self, path: str) -> bool:
        """Whether the nearest package.json says importing ``path`` has no side effects."""
        found = self._package(os.path.dirname(os.path.abspath(path)))
        if found is None:
            return False
        folder, value = found
        if value is False:
            return True
        if not isinstance(value, list):
            return False
        relative = os.path.relpath(os.path.abspath(path), folder).replace(os.sep, "/")
        return not any(_glob(pattern).fullmatch(relative) for pattern in value if isinstance(pattern, str))

    def _package(self, directory: str) -> tuple[str, object] | None:
        """(folder, ``sideEffects`` value) of the nearest package.json at or above ``directory``."""
        pending: list[str] = []
        found: tuple[str, object] | None = None
        current = directory
        while True:
            if current in self._by_dir:
                found = self._by_dir[current]
                break
            pending.append(current)
            path = os.path.join(current, "package.json")
            if self._fs.is_file(path):
                found = (current, _side_effects_field(self._fs.read_text(path)))
                break
            parent = os.path.dirname(current)
            if parent == current or os.path.basename(current) == "node_modules":
                break
            current = parent
        for visited in pending:
            self._by_dir[visited] = found
        return found


def _side_effects_field(text: str) -> object:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data.get("sideEffects") if isinstance(data, dict) else None


_GLOBS: dict[str, re.Pattern[str]] = {}


def _glob(pattern: str) -> re.Pattern[str]:
    """A ``sideEffects`` glob as a pattern over paths relative to the package folder."""
    compiled = _GLOBS.get(pattern)
    if compiled is not None:
        return compiled
    glob = pattern.removeprefix("./")
    if "/" not in glob:
        glob = "**/" + glob
    out = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    compiled = _GLOBS[pattern] = re.compile("".join(out))
    return compiled
