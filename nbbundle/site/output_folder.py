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
file the site is made from (a module read from disk, the notebook itself) is never replaced,
and a folder in the way of a file is refused.

A marker is a file anyone can write, so it is believed only about files an export could have
written (:func:`export_shaped`: ``index.html``, plain ``.js``/``.css`` names and emitted assets'
content-hashed names) and never about
a file the site is made from: a marker listing ``README.md`` or the notebook removes nothing.

Nothing is written before the checks pass, and a write that fails part way leaves the folder as
it was: every file (the marker last) is first written under a temporary name, then each is
renamed into place with the file it replaces kept aside until all are in; if one rename fails,
those already in place are put back (:func:`write_folder`). A symlink in the folder is replaced,
never written through.
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
    return {name: value for name, value in files.items() if isinstance(value, str) and export_shaped(name)}


#: An emitted asset's name (``compile/assets.py``'s ``emitted_name``): the content hash before
#: the extension, ``logo.1a2b3c4d.png``: a name people do not give their own files.
_ASSET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.[0-9a-f]{8}(?:\.[A-Za-z0-9]+)?")


def export_shaped(name: str) -> bool:
    """Whether an export could write a file called ``name``: the page, the runtime, a resource
    (and its source map), an emitted asset."""
    return name == "index.html" or (PLAIN_NAME.fullmatch(name) is not None and (
        name.endswith((".js", ".css", ".js.map")) or _ASSET_NAME.fullmatch(name) is not None))


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

    ``inputs`` (what it is, e.g. "the module style.css" → file) are the files the site is made
    from: never replaced or removed, even with ``force`` (an export into the notebook's own
    folder must not eat its sources, nor the notebook).
    """
    if folder.exists() and not folder.is_dir():
        msg = f"{folder} is a file, not a folder: choose a folder for the site"
        raise OutputError(msg)
    inputs = inputs or {}
    for name in files:
        made_from = _input_at(folder / name, inputs)
        if made_from is not None:
            msg = f"refusing to write {folder / name}: it is {made_from} the site is made from"
            raise OutputError(msg)
        if (folder / name).is_dir() and not (folder / name).is_symlink():
            msg = f"cannot write {folder / name}: a folder of that name is in the way"
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
             if name not in files and _on_disk(folder / name) == recorded and _input_at(folder / name, inputs) is None]
    return FolderPlan(folder, files, stale)


def _input_at(path: Path, inputs: dict[str, Path]) -> str | None:
    """What ``path`` is among the files the site is made from (a link to one is that one)."""
    if not (path.exists() or path.is_symlink()):
        return None
    return next((what for what, source in inputs.items() if same_file(path, source)), None)


def write_folder(plan: FolderPlan) -> list[str]:
    """Write the plan's files and the marker listing them, all or none; then remove the stale
    files. Returns the names of the stale files removed."""
    folder = plan.folder
    created = not folder.exists()
    ensure_folder(folder)
    contents = {name: text if isinstance(text, bytes) else text.encode("utf-8") for name, text in plan.files.items()}
    record = {"written_by": f"nbbundle {__version__} export",
              "files": {name: digest(data) for name, data in contents.items()}}
    contents[MARKER] = (json.dumps(record, indent=1) + "\n").encode("utf-8")
    staged: dict[str, str] = {}
    try:
        for name, data in contents.items():
            staged[name] = _stage(folder / name, data)
        _swap_in(folder, staged)
    except OutputError:
        for temporary in staged.values():
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when still empty
        raise
    removed = []
    for name in plan.stale:
        try:
            (folder / name).unlink()
        except FileNotFoundError:
            pass
        except OSError:
            continue  # left where it was: the site works without it
        removed.append(name)
    return removed


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` under a temporary name next to ``path``; return that name."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise write_error(path, error) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the page from a web server
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise write_error(path, error) from None
    return temporary


def _swap_in(folder: Path, staged: dict[str, str]) -> None:
    """Rename every staged file to its name; if one rename fails, put the folder back as it was.

    Each file being replaced is first renamed aside (to a temporary name of its own), so putting
    it back is a rename too; the set-aside copies are removed once every file is in place.
    """
    placed: list[tuple[Path, str | None]] = []  # (path, where the file it replaced was set aside)
    path = folder
    try:
        for name, temporary in staged.items():
            path = folder / name
            aside = None
            if path.exists() or path.is_symlink():
                aside = _set_aside(path)
            placed.append((path, aside))
            os.replace(temporary, path)
    except OSError as error:
        for done, aside in reversed(placed):
            with contextlib.suppress(OSError):
                if aside is not None:
                    os.replace(aside, done)
                elif done.exists() or done.is_symlink():
                    done.unlink()
        raise write_error(path, error) from None
    for _path, aside in placed:
        if aside is not None:
            with contextlib.suppress(OSError):
                os.unlink(aside)


def _set_aside(path: Path) -> str:
    """Rename the file at ``path`` to a new temporary name beside it; return that name."""
    handle, aside = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old")
    os.close(handle)
    try:
        os.replace(path, aside)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(aside)
        raise
    return aside
