"""Cells as files: the resolver sees each ``%%module`` cell as a file next to the notebook.

A cell named ``lib/util.js`` is the file ``<root>/lib/util.js`` for resolution, whether or not
such a file exists on disk; a cell wins over a file of the same name. Everything else (files
next to the notebook, ``node_modules``) is the real disk. ``check_name`` decides which names a
cell may define: relative paths with a module extension, nothing that leaves the folder.
"""

from __future__ import annotations

import base64
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from nbbundle.compile.kinds import KIND_BY_SUFFIX
from nbbundle.resolve.filesystem import DiskFileSystem

if TYPE_CHECKING:
    from pathlib import Path


#: What a cell can define: the module kind for each extension (a cell is an ES module, a
#: stylesheet or data; CommonJS comes only from files).
KINDS = {suffix: kind for suffix, kind in KIND_BY_SUFFIX.items() if kind != "cjs"}


# Characters a module name may not hold: they would end the ``//# sourceURL`` comment a view
# names the module with, or make a name no import specifier can spell (C0/C1 controls, NUL,
# DEL, the JavaScript line terminators U+2028/U+2029). The view protocol refuses module ids
# holding them too (``protocol.py``).
UNSAFE_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_DRIVE = re.compile(r"^[A-Za-z]:")


def check_name(name: str, *, asset: bool = False) -> str:
    """The module kind for a module name; ValueError for names nbbundle cannot serve.

    One rule for cells, ``nbbundle.define``/``data``/``show`` and the export: a name is a
    relative posix path as an import would spell it after ``./`` (``app.js``, ``lib/util.js``):
    no ``.``, ``..`` or empty segments (``./a.js``, ``a//b.js``), no absolute paths, drive letters
    or backslashes, no control characters, NUL or U+2028/U+2029, and no invisible formatting
    characters (Unicode's category Cf: U+202E, U+200B, U+FEFF, …), which would let a name show
    reversed or pass for another in every status line, table and picture.
    """
    if not isinstance(name, str) or not name:
        msg = f"Module names are relative paths like app.js or lib/util.js, not {name!r}."
        raise ValueError(msg)
    bad = UNSAFE_CHARACTER.search(name)
    if bad is not None:
        msg = (f"Module names may not contain control characters, NUL or line separators "
               f"(found U+{ord(bad.group()):04X} in {name!r}).")
        raise ValueError(msg)
    invisible = next((char for char in name if unicodedata.category(char) == "Cf"), None)
    if invisible is not None:
        msg = (f"Module names may not contain invisible formatting characters: bidirectional "
               f"overrides, zero-width characters or byte order marks, which make a name display "
               f"reversed or look like another (found U+{ord(invisible):04X} in {name!r}).")
        raise ValueError(msg)
    segments = name.split("/")
    if (name.startswith("/") or "\\" in name or _DRIVE.match(name)
            or any(segment in ("", ".", "..") for segment in segments)):
        msg = (f"Module names are relative paths like app.js or lib/util.js (no leading ./ or /, "
               f"no '..', '//', drive letters or backslashes), not {name!r}.")
        raise ValueError(msg)
    kind = KINDS.get(PurePosixPath(name).suffix)
    if asset:
        if kind is not None or not PurePosixPath(name).suffix:
            msg = f"An asset's name has the extension of its file (logo.png, note.txt), not a module's: {name!r}."
            raise ValueError(msg)
        return "asset"
    if kind is None:
        msg = f"{name!r} needs one of the extensions {', '.join(KINDS)}."
        raise ValueError(msg)
    return kind


class VisibleCells(Mapping[str, str]):
    """The cells the resolver sees as files: the one being defined, pending ones, the good ones.

    A cell being defined is visible to itself (so it may import itself), and a pending cell is
    visible to the others (so the cell that completes an import cycle finds it).
    """

    def __init__(self, cells: Mapping[str, str], pending: Mapping[str, Any], defining: Mapping[str, str]) -> None:
        self._layers = (defining, pending, cells)

    def __getitem__(self, name: str) -> str:
        defining, pending, cells = self._layers
        if name in defining:
            return defining[name]
        if name in pending:
            return pending[name].text
        return cells[name]

    def __contains__(self, name: object) -> bool:
        return any(name in layer for layer in self._layers)

    def __iter__(self) -> Iterator[str]:
        return iter({name: None for layer in self._layers for name in layer})

    def __len__(self) -> int:
        return len({name for layer in self._layers for name in layer})


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

    def read_asset(self, path: str) -> str:  # noqa: D102
        # An asset defined from Python (``nbbundle.asset``) is a cell whose text is its base64; a
        # module cell (``style.css?raw``, ``app.js?url``) is text, whose bytes are its UTF-8.
        name = self._cell_name(path)
        if name is not None and name in self.cells:
            if PurePosixPath(name).suffix in KINDS:
                return base64.b64encode(self.cells[name].encode()).decode("ascii")
            return self.cells[name]
        return super().read_asset(path)

    def list_dir(self, path: str) -> list[str]:  # noqa: D102
        name = self._cell_name(path)
        prefix = "" if name in (None, ".") else f"{name}/"
        cells = {cell[len(prefix):].split("/", 1)[0] for cell in self.cells if cell.startswith(prefix)}
        return sorted(cells | set(super().list_dir(path)))
