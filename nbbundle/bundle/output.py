"""Writing what a build or an export produces, without surprising anyone.

Output paths come from users (``-o``), so every way a path can be unusable becomes one line a
person can act on (:class:`OutputError`: a folder where a file is expected, a parent that is a
file, no permission) instead of a traceback, and nothing is written before the checks pass.
"""

from __future__ import annotations

import os
from pathlib import Path


class OutputError(Exception):
    """An output path that cannot, or must not, be written as asked. The message is one line."""


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` and its parents as needed, or say in one line why that is impossible."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
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


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same path once resolved, or hard links."""
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
