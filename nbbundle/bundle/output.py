"""Writing what a build or an export produces, without surprising anyone.

Output paths come from users (``-o``), so every way a path can be unusable becomes one line a
person can act on (:class:`OutputError`: a folder where a file is expected, a parent that is a
file, no permission) instead of a traceback, and nothing is written before the checks pass.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping


class OutputError(Exception):
    """An output path that cannot, or must not, be written as asked. The message is one line."""


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` and its parents as needed, or say in one line why that is impossible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        dangling = next((p for p in (folder, *folder.parents) if p.is_symlink() and not p.exists()), None)
        if dangling is not None:  # a link to nothing: neither a file nor a folder
            msg = f"cannot create the folder {folder}: {dangling} is a link to {os.readlink(dangling)}, which does not exist"
            raise OutputError(msg) from None
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), folder)
        msg = f"cannot create the folder {folder}: {blocker} is a file"
        raise OutputError(msg) from None
    except PermissionError:
        msg = f"no permission to create the folder {folder}"
        raise OutputError(msg) from None
    except OSError as error:
        msg = f"cannot create the folder {folder}: {error.strerror or error}"
        raise OutputError(msg) from None


def write_error(path: Path, error: OSError) -> OutputError:
    """The one-line message for an ``OSError`` raised while writing ``path``."""
    if isinstance(error, PermissionError):
        return OutputError(f"no permission to write {path}")
    if isinstance(error, IsADirectoryError):
        return OutputError(f"{path} is a folder, not a file")
    return OutputError(f"cannot write {path}: {error.strerror or error}")


def which_is(path: Path, files: Mapping[str, Path | str]) -> str | None:
    """The key of the file in ``files`` that ``path`` names (resolved, or a hard link), if any.

    One ``stat`` per file (``same_file`` resolves both paths every time: for a build of
    hundreds of modules that was most of writing the bundle). A path that does not exist names
    none of them: they were all read, so they exist.
    """
    try:
        target = os.stat(path)
    except OSError:
        return None
    for key, file in files.items():
        try:
            found = os.stat(file)
        except OSError:
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            return key
    return None


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same path once resolved, or hard links."""
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
