"""The folder an export writes into: only an empty one, or one an earlier export wrote.

A site's file names (``index.html``, ``app.js``, ``style.css``) are the names people give their
own files, so writing them into any folder could silently replace someone's work. An export
therefore leaves a marker, ``.nbbundle-export.json``, listing every file it wrote with its
SHA-256, and the next export into that folder decides from it:

* a missing or empty folder: write the site;
* a folder with a marker: replace the files the marker lists (unchanged since), remove the ones
  this export no longer writes (an old ``chart.1a2b3c4d.js``), leave every other file alone;
  refuse when a file of the site would replace a file the marker does not list, or one changed
  since it was written;
* any other folder, or a file in the way: refuse, naming the files.

``force`` (``--force``) writes anyway: files of the same name are replaced, files it did not
write are never removed, and stale files changed since the last export are kept. Even then, a
file the site is made from (a module read from disk) is never replaced. Nothing is
written before the checks pass; each file is written to a temporary name and renamed into
place, so a symlink in the folder is replaced, never written through.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from nbbundle._version import __version__
from nbbundle.bundle.output import OutputError, ensure_folder, same_file, write_error

MARKER = ".nbbundle-export.json"
PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""The names an export gives its files; a marker entry of any other shape is ignored."""
_LISTED = 3
"""How many file names a refusal lists before "and N more"."""


class ExportRefused(OutputError):
    """The folder holds files this export did not write; ``force=True`` (``--force``) writes anyway."""


@dataclass
class FolderPlan:
    """What writing a site into ``folder`` will do, decided before anything is written."""

    folder: Path
    files: dict[str, str | bytes]
    """File name → text, in the order they are written."""
    stale: list[str] = field(default_factory=list)
    """Files the last export wrote, unchanged since, that this one does not write: removed."""


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def read_marker(folder: Path) -> dict[str, str] | None:
    """The files an earlier export wrote into ``folder`` (name → digest), or None without a marker."""
    try:
        recorded = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        files = recorded["files"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(files, dict):
        return None
    return {name: value for name, value in files.items()
            if isinstance(value, str) and PLAIN_NAME.fullmatch(name) and name != MARKER}


def _on_disk(path: Path) -> str | None:
    """The digest of the regular file at ``path``; None when there is none (or a symlink, a folder)."""
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_LISTED])
    return shown + (f" and {len(names) - _LISTED} more" if len(names) > _LISTED else "")


def plan_folder(folder: Path, files: dict[str, str | bytes], *, force: bool = False,
                inputs: dict[str, Path] | None = None) -> FolderPlan:
    """Check that ``files`` may be written into ``folder``; raise :class:`OutputError` if not.

    ``inputs`` (module id → file) are the files the site is made from: never replaced, even
    with ``force`` (an export into the notebook's own folder must not eat its sources).
    """
    if folder.exists() and not folder.is_dir():
        msg = f"{folder} is a file, not a folder: choose a folder for the site"
        raise OutputError(msg)
    for module_id, source in (inputs or {}).items():
        for name in files:
            if (folder / name).exists() and same_file(folder / name, source):
                msg = f"refusing to write {folder / name}: it is the module {module_id} the site is made from"
                raise OutputError(msg)
    try:
        present = sorted(os.listdir(folder)) if folder.is_dir() else []
    except PermissionError:
        msg = f"no permission to read the folder {folder}"
        raise OutputError(msg) from None
    earlier = read_marker(folder)
    if earlier is None:
        if present and not force:
            msg = (f"{folder} is not empty ({_names(present)}) and no earlier export wrote it (there is no {MARKER}): "
                   "choose an empty or new folder, or pass --force (force=True) to write the site into it, "
                   "replacing files of the same name")
            raise ExportRefused(msg)
        return FolderPlan(folder, files)
    foreign = [name for name in files
               if name not in earlier and ((folder / name).exists() or (folder / name).is_symlink())]
    changed = [name for name in files if name in earlier and (folder / name).exists()
               and _on_disk(folder / name) != earlier[name]]
    if (foreign or changed) and not force:
        reasons = []
        if foreign:
            reasons.append(f"{_names(foreign)} {'was' if len(foreign) == 1 else 'were'} not written by an export")
        if changed:
            reasons.append(f"{_names(changed)} changed since the last export")
        msg = (f"refusing to replace files in {folder}: {'; '.join(reasons)}; "
               "pass --force (force=True) to replace them")
        raise ExportRefused(msg)
    stale = [name for name, recorded in earlier.items()
             if name not in files and _on_disk(folder / name) == recorded]
    return FolderPlan(folder, files, stale)


def write_folder(plan: FolderPlan) -> None:
    """Write the plan's files, remove its stale ones, then the marker listing what was written."""
    ensure_folder(plan.folder)
    written: dict[str, str] = {}
    for name, text in plan.files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        _replace(plan.folder / name, data)
        written[name] = digest(data)
    for name in plan.stale:
        with contextlib.suppress(FileNotFoundError):
            (plan.folder / name).unlink()
    record = {"written_by": f"nbbundle {__version__} export", "files": written}
    _replace(plan.folder / MARKER, (json.dumps(record, indent=1) + "\n").encode("utf-8"))


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` under a temporary name in the same folder, then rename it to ``path``."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the page from a web server
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise write_error(path, error) from None
