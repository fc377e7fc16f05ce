"""Many cache entries in a few files: each process appends the entries it writes to a pack of
its own, and the key, place, length and checksum of each to the pack's index.

Creating a file is the most expensive thing a cold build asked of the kernel: one file per
compiled module (created aside, written and renamed, in a folder per key prefix) cost three.js's
387 modules 80 ms to 0.4 s of system time on a shared ext4 disk, as its other traffic went,
where the whole build's CPU time is about 0.8 s. A pack makes a cold build create two files per
process and append to them: two writes an entry (``benchmarks/cache_fill.py``: 12 ms of CPU
for the 387).

* ``NAME.pack``: the entries' bytes, one after another, written only by the process that made
  it (its pid and a random part are in its name; a forked child opens its own).
* ``NAME.idx``: 48 bytes an entry, appended after the entry itself, so an index entry always
  names bytes already in the pack: the key (32 bytes of SHA-256), the offset (8), the length
  and the CRC-32 of the entry's bytes (4 each). A torn last entry (a crash) is left out.
* A reader reads every index once (``PackIndex.load``: the oldest pack first, so a key written
  again, after damage, is found in its newest pack) and each entry with one ``pread``; a length
  or checksum that does not match is a miss, never an error.
* Concurrent writers never share a file, and readers never see half an entry: safe without
  locks or renames. Entries another process writes after this one read the indexes are not
  seen by it (a miss: it compiles and writes its own copy).
* Least recently used packs go first (``evict``): a hit refreshes its pack's modification
  time (once a process), and so does each append.
"""

from __future__ import annotations

import os
import struct
import zlib

__all__ = ["BINARY", "INDEX", "PACK", "PackIndex", "PackWriter", "Place", "evict_packs", "write_all", "write_pieces"]

PACK = ".pack"
INDEX = ".idx"
#: key (SHA-256), offset, length, CRC-32 of the entry's bytes.
_ENTRY = struct.Struct("<32sQII")
#: Bytes as they are (Windows' descriptors translate line ends without ``O_BINARY``).
BINARY = getattr(os, "O_BINARY", 0)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | BINARY


Place = tuple[str, int, int, int]
"""Where an entry's bytes are: the pack's name (without its suffix), offset, length, CRC-32
(a tuple: a reader makes one for every entry of the cache)."""


class PackWriter:
    """Appends entries to this process's own pack in ``folder`` (made on the first append), and
    starts a new pack past ``pack_bytes``."""

    def __init__(self, folder: str, pack_bytes: int) -> None:
        self._folder = folder
        self._pack_bytes = pack_bytes
        self._pid = -1
        self._name = ""
        self._pack = -1
        self._index = -1
        self._size = 0

    def append(self, key: bytes, payload: bytes) -> Place | None:
        """Write ``payload`` under ``key``; None when the folder cannot be written (no cache)."""
        try:
            if self._pid != os.getpid() or self._size > self._pack_bytes:
                self._open()
            write_all(self._pack, payload)
            # Where it landed, asked of the file: O_APPEND writes at the end, whatever cut it.
            end = os.lseek(self._pack, 0, os.SEEK_CUR)
            place = (self._name, end - len(payload), len(payload), zlib.crc32(payload))
            write_all(self._index, _ENTRY.pack(key, *place[1:]))
        except OSError:
            self._pid = -1  # a full disk, a removed folder: the next append starts a new pack
            return None
        self._size = end
        return place

    def _open(self) -> None:
        # The last pack (full), or in a forked child the parent's, which the child never writes.
        for handle in (self._pack, self._index):
            if handle >= 0:
                _close(handle)
        self._pack = self._index = -1  # never closed twice: the number may be another file's by then
        name = f"{os.getpid()}-{os.urandom(6).hex()}"  # no other writer's name
        path = os.path.join(self._folder, name)
        try:
            pack = os.open(path + PACK, _CREATE, 0o600)
        except FileNotFoundError:  # the folder first, once
            os.makedirs(self._folder, mode=0o700, exist_ok=True)
            pack = os.open(path + PACK, _CREATE, 0o600)
        try:
            index = os.open(path + INDEX, _CREATE, 0o600)
        except OSError:
            _close(pack)
            raise
        self._pid, self._name, self._pack, self._index, self._size = os.getpid(), name, pack, index, 0


class PackIndex:
    """Every entry of the packs in ``folder`` by key, read once; the entries' bytes on demand."""

    def __init__(self, folder: str) -> None:
        self._folder = folder
        self._places: dict[bytes, Place] | None = None
        self._handles: dict[str, int] = {}
        self._sizes: dict[str, int] = {}
        self._touched: set[str] = set()
        self.packs = 0
        """How many packs the folder held when it was read."""

    @property
    def loaded(self) -> bool:
        return self._places is not None

    def load(self) -> dict[bytes, Place]:
        """The places of every entry (read from the indexes the first time)."""
        if self._places is not None:
            return self._places
        places: dict[bytes, Place] = {}
        try:
            indexes = [entry for entry in os.scandir(self._folder) if entry.name.endswith(INDEX)]
        except OSError:
            indexes = []
        dated = []
        for entry in indexes:
            try:
                dated.append((entry.stat().st_mtime_ns, entry.name))
            except OSError:
                continue
        for _, name in sorted(dated):
            try:
                with open(os.path.join(self._folder, name), "rb") as stream:
                    data = stream.read()
            except OSError:
                continue
            pack = name[:-len(INDEX)]
            whole = len(data) - len(data) % _ENTRY.size  # a torn last entry is left out
            for key, offset, length, checksum in _ENTRY.iter_unpack(memoryview(data)[:whole]):
                places[key] = (pack, offset, length, checksum)
        self.packs = len(dated)
        self._places = places
        return places

    def add(self, key: bytes, place: Place) -> None:
        """An entry this process wrote."""
        self.load()[key] = place

    def read(self, key: bytes) -> bytes | None:
        """The bytes of the entry under ``key``, or None (absent, gone, cut short or damaged)."""
        places = self.load()
        place = places.get(key)
        if place is None:
            return None
        pack, offset, length, checksum = place
        try:
            handle = self._handles.get(pack)
            if handle is None:
                handle = os.open(os.path.join(self._folder, pack + PACK), os.O_RDONLY | BINARY)
                self._handles[pack] = handle
            # A damaged length must not ask for gigabytes: the pack's size bounds it (asked
            # again when an entry ends past it: this process's own pack grows).
            if offset + length > self._sizes.get(pack, -1):
                self._sizes[pack] = os.fstat(handle).st_size
            data = _read_at(handle, length, offset) if offset + length <= self._sizes[pack] else b""
        except OSError:
            data = b""
        if len(data) != length or zlib.crc32(data) != checksum:
            del places[key]  # written again, it is found where it is written
            return None
        if pack not in self._touched:  # least recently used goes first: once a process
            self._touched.add(pack)
            try:
                os.utime(os.path.join(self._folder, pack + PACK))
            except OSError:
                pass
        return data


def evict_packs(folder: str, extra: list[tuple[int, int, str]], max_bytes: int, max_packs: int) -> None:
    """Remove the least recently used packs (with their indexes) and ``extra`` files ((time, size,
    path): a build's records) while their total is over ``max_bytes`` (down to 80 % of it), and
    the oldest packs past ``max_packs`` (down to 80 %: each costs a reader an index to read)."""
    sizes: dict[str, list[int]] = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        entries = []
    for entry in entries:
        stem, suffix = os.path.splitext(entry.name)
        if suffix not in (PACK, INDEX):
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue
        record = sizes.setdefault(os.path.join(folder, stem), [0, 0])
        record[1] += stat.st_size
        if suffix == PACK:
            record[0] = stat.st_mtime_ns
    files = [(time, size, path, True) for path, (time, size) in sizes.items()]
    files += [(time, size, path, False) for time, size, path in extra]
    total = sum(size for _, size, _, _ in files)
    packs = len(sizes)
    byte_target, pack_target = max_bytes * 8 // 10, max_packs * 8 // 10
    if total <= max_bytes and packs <= max_packs:
        return
    for _, size, path, is_pack in sorted(files):
        if total <= byte_target and packs <= pack_target:
            break
        if is_pack:
            _remove(path + INDEX)  # the index first: no reader finds entries of a removed pack
            _remove(path + PACK)
            packs -= 1
        elif total > byte_target:  # a record goes for bytes, not for the count of packs
            _remove(path)
        else:
            continue
        total -= size


def _read_at(handle: int, length: int, offset: int) -> bytes:
    """``length`` bytes at ``offset`` (fewer at the end of the file)."""
    if hasattr(os, "pread"):
        return os.pread(handle, length, offset)
    os.lseek(handle, offset, os.SEEK_SET)  # Windows: no pread (a process reads on one thread)
    return os.read(handle, length)


def write_all(handle: int, data: bytes) -> None:
    """Write all of ``data`` to the descriptor ``handle`` (a short write goes on where it stopped)."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view):]


#: Pieces one ``writev`` takes at most (Linux's ``IOV_MAX``).
_IOV_MAX = 1024


def write_pieces(handle: int, pieces: list[bytes | memoryview]) -> None:
    """Write ``pieces`` in order (one ``writev`` for up to ``_IOV_MAX`` of them; a short write
    goes on where it stopped)."""
    if not hasattr(os, "writev"):  # Windows
        for piece in pieces:
            write_all(handle, piece)
        return
    pending = [memoryview(piece) for piece in pieces if len(piece)]
    first = 0
    while first < len(pending):
        written = os.writev(handle, pending[first:first + _IOV_MAX])
        while first < len(pending) and written >= len(pending[first]):
            written -= len(pending[first])
            first += 1
        if written:
            pending[first] = pending[first][written:]


def _close(handle: int) -> None:
    try:
        os.close(handle)
    except OSError:
        pass


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
