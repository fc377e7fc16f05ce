"""A whole build kept on disk: the same ``build`` again writes the recorded bundle, loading no module.

A second build of an unchanged project (the benchmark's warm column, a script that rebuilds)
would otherwise resolve, load from the compile cache and link every module again to produce the
bytes it produced before. Next to the compiled modules (``compile/disk_cache.py``, its folder
``BUILDS``), a build's record holds what it wrote (the script, the emitted assets, the warnings)
and everything it depended on, checked before the record is used:

* the key: the entry's path as given, the root, every compile option and the format, and a
  fingerprint of nbbundle itself (``compile/``'s fingerprint, which covers the grammars, and every
  file of ``bundle/``, ``resolve/``, the package's top level and the JS runtime, by name, size
  and modification time): another option, another nbbundle, an edited nbbundle never match;
* every file the build read (its modules, ``package.json`` and ``tsconfig.json`` files) by size,
  modification and change time and inode, as ``make`` and Python's bytecode cache check their
  sources, with the change time added (no tool sets it back: an edit whose modification time was
  restored still differs);
* every path the resolver asked about with its answer (``BuildResult.looked_up``): a file
  added where it looked (``./x.ts`` next to ``./x.js``, a closer ``node_modules`` package) differs
  as much as a changed one; and where the entry's path leads (symbolic links).

A file changed while the build ran could leave a record of text the build never read, so a
build whose inputs changed less than ``_SETTLING_NS`` before it started (or during it) leaves no
record; the next one does. Anything that differs is a miss: the build runs as before (its
modules still come from the compile cache) and records itself again. A damaged record is a miss
(the cache's checksum). Builds that fail are never recorded.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING

from nbbundle._version import __version__
from nbbundle.compile import disk_cache
from nbbundle.compile.record import Record

if TYPE_CHECKING:
    from nbbundle.bundle.build import BuildResult, Format
    from nbbundle.compile.options import CompileOptions

__all__ = ["RecordedBuild", "build_recorded"]

#: A file whose modification or change time is this close to the build's start (or later)
#: may have changed under the build: no record. Two seconds: the coarsest file system clocks.
_SETTLING_NS = 2_000_000_000


class RecordedBuild:
    """What ``write_bundle`` and the command need of a build, as recorded (paths as strings, and
    no dataclass: unpickling 400 ``Path`` objects cost more than the rest of a recorded build)."""

    __slots__ = ("assets", "chunks", "entry_id", "inputs", "module_count", "not_hoisted", "other_reads", "warnings")
    mapped = None  # never a source map (``build_recorded``)
    root = None

    def __init__(self, chunks: list[bytes] | list[memoryview], entry_id: str, module_count: int, warnings: list[str],
                 inputs: dict[str, str], assets: dict[str, bytes], other_reads: dict[str, str],
                 not_hoisted: str | None = None) -> None:
        self.chunks = chunks
        """The script as written (UTF-8), in pieces (``BuildResult.chunks``): stored after the
        record's pickle as they are, read back as views of the record's bytes, written so."""
        self.entry_id = entry_id
        self.module_count = module_count
        self.warnings = warnings
        """The warnings as ``Diagnostic.format()`` printed them."""
        self.inputs = inputs
        self.assets = assets
        self.other_reads = other_reads
        self.not_hoisted = not_hoisted
        """``BuildResult.not_hoisted``: why the bundle keeps the module system (None: one scope)."""

    def __reduce_ex__(self, protocol: int) -> tuple[type[RecordedBuild], tuple[object, ...]]:
        # Out of band where the pickler takes buffers (``DiskCache.put_object``); else copies.
        chunks = ([pickle.PickleBuffer(chunk) for chunk in self.chunks] if protocol >= 5
                  else [bytes(chunk) for chunk in self.chunks])
        return (RecordedBuild, (chunks, self.entry_id, self.module_count, self.warnings, self.inputs, self.assets,
                                self.other_reads, self.not_hoisted))

    @property
    def size(self) -> int:
        """The script's length in bytes."""
        return sum(map(len, self.chunks))

    @property
    def code(self) -> str:
        """The script as text (decoded when asked: writing it needs only ``chunks``)."""
        return b"".join(self.chunks).decode()


_Record = tuple[RecordedBuild, str, dict[str, tuple[int, int, int, int]], dict[tuple[str, str], bool]]
"""(the build, where the entry's path led (``Path.resolve``), path → (size, modification time,
change time, inode) of every file the build read, (what, path) → what the resolver was told)."""


def build_recorded(entry: Path, *, options: CompileOptions | None = None, format: Format = "iife",  # noqa: A002
                   sourcemap: bool = False) -> BuildResult | RecordedBuild:
    """``build(entry)``, or its record when nothing it depends on changed (with the disk cache on).

    A build with a source map is never recorded: its map is made when it is written, from each
    module's map, and depends on where the bundle goes.
    """
    cache = disk_cache.active()
    if cache is None or sourcemap:
        from nbbundle.bundle.build import build

        return build(entry, options=options, format=format, sourcemap=sourcemap)
    key = _key(cache, entry, options, format)
    record = cache.get_object(key, disk_cache.BUILDS)
    if isinstance(record, tuple) and len(record) == 4 and _unchanged(record, entry):
        return record[0]
    from nbbundle.bundle.build import build

    started = time.time_ns()
    result = build(entry, options=options, format=format)
    record = _record_of(result, entry, started)
    if record is not None:
        cache.put_object(key, record, disk_cache.BUILDS)
    return result


def _key(cache: disk_cache.DiskCache, entry: Path, options: CompileOptions | None, format: str) -> str:  # noqa: A002
    digest = hashlib.sha256(b"build\0" + cache.fingerprint + _builder_fingerprint())
    for part in (__version__, os.path.abspath(entry), format, _canonical(options)):
        data = part.encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def _builder_fingerprint() -> bytes:
    """nbbundle's files besides ``compile/`` (whose fingerprint the cache has) that a build runs
    or reads: the package's top level, ``bundle/``, ``resolve/`` and the JS runtime."""
    from nbbundle.bundle.assets import js_dir

    package = Path(__file__).resolve().parent.parent
    top = [path for path in package.iterdir() if path.is_file()]
    digest = hashlib.sha256(disk_cache.folders_fingerprint("builder", [package / "bundle", package / "resolve", js_dir()]))
    for path in sorted(top):
        stat = path.stat()
        digest.update(f"\0{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.digest()


def _canonical(value: object) -> str:
    """A text of ``value`` that is the same in every process (a frozenset's order is not)."""
    if isinstance(value, Record):
        inner = ",".join(f"{name}={_canonical(getattr(value, name))}" for name in value._fields)
        return f"{type(value).__name__}({inner})"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(item) for item in value)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ",".join(_canonical(item) for item in value) + ")"
    return repr(value)


def _identity(stat: os.stat_result) -> tuple[int, int, int, int]:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino


def _unchanged(record: _Record, entry: Path) -> bool:
    """Whether every file and path the recorded build depended on is as it was."""
    _, resolved, files, looked_up = record
    try:
        if str(entry.resolve()) != resolved:
            return False
        for path, identity in files.items():
            if _identity(os.stat(path)) != identity:
                return False
    except OSError:
        return False
    isfile, isdir = os.path.isfile, os.path.isdir
    for (what, path), answer in looked_up.items():
        if (isfile(path) if what == "file" else isdir(path)) != answer:
            return False
    return True


def _record_of(result: BuildResult, entry: Path, started: int) -> _Record | None:
    """The record of a finished build, or None when an input may have changed while it ran."""
    if any(answer is None for answer in result.looked_up.values()):
        return None
    settled = started - _SETTLING_NS
    files: dict[str, tuple[int, int, int, int]] = {}
    paths = {os.fspath(path) for path in result.inputs.values()}
    paths.update(os.fspath(path) for path in result.other_reads.values())
    try:
        for path in sorted(paths):
            identity = _identity(os.stat(path))
            if identity[1] >= settled or identity[2] >= settled:
                return None
            files[path] = identity
        resolved = str(entry.resolve())
    except OSError:
        return None
    recorded = RecordedBuild(result.chunks, result.entry_id, result.module_count,
                             [warning.format() for warning in result.warnings],
                             {key: os.fspath(path) for key, path in result.inputs.items()}, dict(result.assets),
                             {key: os.fspath(path) for key, path in result.other_reads.items()}, result.not_hoisted)
    return recorded, resolved, files, dict(result.looked_up)  # type: ignore[arg-type]
