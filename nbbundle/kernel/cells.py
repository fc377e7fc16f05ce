"""Cells as files: the resolver sees each ``%%module`` cell as a file next to the notebook.

A cell named ``lib/util.js`` is the file ``<root>/lib/util.js`` for resolution, whether or not
such a file exists on disk; a cell wins over a file of the same name. Everything else (files
next to the notebook, ``node_modules``) is the real disk. ``check_name`` decides which names a
cell may define: relative paths with a module extension, nothing that leaves the folder.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from nbbundle.resolve.filesystem import DiskFileSystem

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path


#: What a cell can define: the module kind for each extension.
KINDS = {".js": "js", ".mjs": "js", ".ts": "ts", ".mts": "ts", ".tsx": "tsx", ".jsx": "jsx",
         ".css": "css", ".json": "json"}


def check_name(name: str) -> str:
    """The module kind for a cell name; ValueError for names nbbundle cannot serve."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        msg = f"Module names are relative paths like app.js or lib/util.js, not {name!r}."
        raise ValueError(msg)
    kind = KINDS.get(path.suffix)
    if kind is None:
        msg = f"{name!r} needs one of the extensions {', '.join(KINDS)}."
        raise ValueError(msg)
    return kind


class CellFileSystem(DiskFileSystem):
    def __init__(self, root: Path, cells: Mapping[str, str]) -> None:
        self.root = str(root)
        self.cells = cells
        """Shared with the environment, so a newly defined cell is visible at once."""

    def _cell_name(self, path: str) -> str | None:
        relative = os.path.relpath(path, self.root)
        if relative.startswith(".."):
            return None
        return relative.replace(os.sep, "/")

    def is_file(self, path: str) -> bool:  # noqa: D102
        return self._cell_name(path) in self.cells or super().is_file(path)

    def is_dir(self, path: str) -> bool:  # noqa: D102
        name = self._cell_name(path)
        if name is not None and any(cell.startswith(f"{name}/") or name == "." for cell in self.cells):
            return True
        return super().is_dir(path)

    def read_text(self, path: str) -> str:  # noqa: D102
        name = self._cell_name(path)
        if name is not None and name in self.cells:
            return self.cells[name]
        return super().read_text(path)

    def list_dir(self, path: str) -> list[str]:  # noqa: D102
        name = self._cell_name(path)
        prefix = "" if name in (None, ".") else f"{name}/"
        cells = {cell[len(prefix):].split("/", 1)[0] for cell in self.cells if cell.startswith(prefix)}
        return sorted(cells | set(super().list_dir(path)))
