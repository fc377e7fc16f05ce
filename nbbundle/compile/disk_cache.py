"""Compiled modules kept on disk, so a restarted kernel or a second build compiles nothing twice.

Content-addressed, as Turbopack's and Parcel's caches and Vite's pre-bundled dependencies are:
an entry's key is a hash of everything a ``TransformResult`` depends on (the module's id, text,
kind, package type and compile options) and of the compiler itself (``compile/``'s own files
and the grammar packages' files, by name, size and modification time), so a new nbbundle, a changed
compiler or other options never read an old entry.

* Where: ``NBBUNDLE_CACHE_DIR``, else the platform's user cache folder (``platformdirs``:
  ``~/.cache/nbbundle`` on Linux). ``NBBUNDLE_CACHE=off`` (or ``build --no-cache``) bypasses it.
* Compiled modules are pickles in packs (``pack_files.py``): each process appends what it
  writes to a pack file of its own and the entry's key, place and CRC-32 checksum to the pack's
  index. A file per module cost a cold three.js build 80 ms to 0.4 s of system time (a file
  created, written and renamed per module, a folder per key prefix) where a pack costs two
  writes an entry. A reader reads the indexes once, and each entry with one ``pread``.
* Concurrent writers (two kernels, two builds, forked workers) are safe: no two write one
  file, and an index entry is written after the bytes it names, so readers see a whole entry
  or none. A whole build's record (``bundle/build_record.py``, ``put_object``) is one file,
  written aside and renamed over its name, which is atomic.
* Bounded: past ``NBBUNDLE_CACHE_MAX_MB`` (default 512) the least recently used packs and
  records go (a hit refreshes its pack's modification time; eviction removes the oldest until
  the folder is at 80 % of the bound), and the oldest packs past ``_MAX_PACKS``; the entries of
  earlier formats' folders (``_FORMER_FORMATS``) go at the first eviction.
* A corrupt or truncated entry (its length or CRC-32 does not match), or a folder that cannot
  be written, is a miss: never a crash.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbbundle.compile.pack_files import BINARY, PackIndex, PackWriter, evict_packs, write_pieces

if TYPE_CHECKING:
    from nbbundle.compile.module import TransformResult

__all__ = ["DiskCache", "active", "configure"]

#: Bumped when the entry format changes (the compiler's own changes are in the fingerprint):
#: the folder of the module packs.
FORMAT = "packs-v3"
#: The folder of whole builds' records (``bundle/build_record.py``), evicted with the modules.
BUILDS = "builds-v3"
_CHECKSUM_BYTES = 4
_GRAMMARS = ("tree_sitter", "tree_sitter_javascript", "tree_sitter_typescript", "tinycss2")
_DEFAULT_MAX_MB = 512
#: A pack holds at most this fraction of the bound (a kernel's pack grows while it runs), so
#: eviction, which removes whole packs, never takes more than a sixteenth at once.
_PACKS_IN_BOUND = 16
#: Past this many packs the oldest go (each costs a reader an index to read): three.js's cold
#: build makes three (one per process), a rebuild after an edit one.
_MAX_PACKS = 256
#: The folders of earlier entry formats, never read again: eviction removes what they hold.
_FORMER_FORMATS = ("v1", "v2", "builds-v1", "builds-v2")


def compiler_fingerprint() -> bytes:
    """A hash of what a compiled result depends on besides its inputs: the compiler's own files
    (every file under ``compile/``) and the grammar packages' files, each by name, size and
    modification time, as Python's bytecode cache checks its sources: an install, an upgrade or
    an edit of the compiler changes it. Nothing is imported or read for it (a warm build never
    loads a grammar)."""
    from importlib.util import find_spec

    folders = [Path(__file__).resolve().parent]
    for name in _GRAMMARS:
        spec = find_spec(name)
        if spec is not None and spec.origin:
            folders.append(Path(spec.origin).parent)
    return folders_fingerprint(FORMAT, folders)


def folders_fingerprint(label: str, folders: list[Path]) -> bytes:
    """A hash of every file under ``folders`` by name, size and modification time (``__pycache__``
    left out). Walked with ``os.scandir``: ``Path.rglob`` cost a warm build 10 ms."""
    digest = hashlib.sha256(label.encode())
    for folder in folders:
        digest.update(b"\1" + os.fspath(folder).encode())
        pending = [(os.fspath(folder), "")]
        while pending:
            directory, prefix = pending.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                    continue
                stat = entry.stat()
                digest.update(f"\0{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.digest()


class DiskCache:
    """One cache folder: ``get`` and ``put`` of ``TransformResult``s by their inputs (in packs:
    ``pack_files.py``), and of whole builds' records (``get_object``, ``put_object``: a file each)."""

    def __init__(self, directory: Path, *, max_bytes: int = _DEFAULT_MAX_MB << 20,
                 fingerprint: bytes | None = None) -> None:
        self.directory = Path(directory)
        self._root = os.fspath(self.directory)
        self.max_bytes = max_bytes
        self._fingerprint = fingerprint
        self._written = 0
        """Bytes this process wrote since it last measured the folder (eviction runs past a
        tenth of the bound, so a build of many small files measures the folder a few times)."""
        self.hits = 0
        self.misses = 0
        self._last: tuple[object, bytes] | None = None
        """The last result ``put`` stored and its pickle (``pickled``)."""
        modules = os.path.join(self._root, FORMAT)
        self._packs = PackIndex(modules)
        self._writer = PackWriter(modules, max(max_bytes // _PACKS_IN_BOUND, 1 << 20))

    @property
    def fingerprint(self) -> bytes:
        if self._fingerprint is None:
            self._fingerprint = compiler_fingerprint()
        return self._fingerprint

    def key(self, module_id: str, data: bytes, settings: str) -> str:
        """The entry name for one module's inputs (``settings``: kind, package type, options;
        ``data``: the text, or a digest of it: ``transform`` passes the SHA-1 it takes for the etag)."""
        digest = hashlib.sha256(self.fingerprint)
        for part in (module_id.encode(), settings.encode(), data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
        return digest.hexdigest()

    def get(self, key: str) -> TransformResult | None:
        """The result stored under ``key``, or None (a miss: absent, damaged or unreadable)."""
        if not self._packs.loaded:
            self._packs.load()
            if self._packs.packs > _MAX_PACKS:
                self.evict()  # each pack costs every reader an index to read
        return self._loaded(self._packs.read(bytes.fromhex(key)))

    def put(self, key: str, result: TransformResult) -> None:
        payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        self._last = (result, payload)
        digest = bytes.fromhex(key)
        place = self._writer.append(digest, payload)
        if place is not None:
            self._packs.add(digest, place)
            self._wrote(len(payload))

    def stored(self) -> dict[str, tuple[str, int]]:
        """Every module entry in the folder now: key → (pack, offset) (read anew, for tests and tools)."""
        return {key.hex(): place[:2] for key, place in PackIndex(os.path.join(self._root, FORMAT)).load().items()}

    def get_object(self, key: str, folder: str) -> Any:
        """The object ``put_object`` stored under ``key`` in ``folder``, or None."""
        path = self._path(key, folder)
        try:
            with open(path, "rb") as stream:
                blob = stream.read()
        except OSError:
            self.misses += 1
            return None
        checksum, payload = blob[:_CHECKSUM_BYTES], memoryview(blob)[_CHECKSUM_BYTES:]
        value = self._loaded(*_unpacked(payload) if _checksum(payload) == checksum else (None,))
        if value is None:
            _remove(path)
            return None
        try:
            os.utime(path)  # least recently used goes first
        except OSError:
            pass
        return value

    def _loaded(self, payload: bytes | memoryview | None, buffers: list[memoryview] | None = None) -> Any:
        """The object pickled in ``payload`` (None: a miss), counted as a hit or a miss;
        ``buffers``: the out-of-band buffers it was pickled with (``put_object``)."""
        try:
            value = None if payload is None else pickle.loads(payload, buffers=buffers)  # noqa: S301 - our own folder
        except Exception:  # noqa: BLE001 - a damaged entry of any kind is a miss
            value = None
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put_object(self, key: str, value: object, folder: str) -> None:
        """Store ``value`` (a pickle with a checksum) under ``key`` in ``folder``, atomically.

        What ``value`` pickles as ``pickle.PickleBuffer``s (a build's script, in pieces) is written
        after the pickle as it is, never copied into it (three.js's 2.6 MB cost a copy into fresh
        memory, each page of it faulted in), and ``get_object`` gives it back as views of the
        file's bytes (``_unpacked``)."""
        buffers: list[pickle.PickleBuffer] = []
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL, buffer_callback=buffers.append)
        views = [buffer.raw() for buffer in buffers]
        head = [len(payload).to_bytes(8, "little"), payload, len(views).to_bytes(8, "little"),
                *(len(view).to_bytes(8, "little") for view in views)]
        self._store(key, [b"".join(head), *views], folder)

    def _path(self, key: str, folder: str) -> str:
        return os.path.join(self._root, folder, key)  # strings: a Path costs more than the read

    def _store(self, key: str, pieces: list[bytes | memoryview], folder: str) -> None:
        path = self._path(key, folder)
        crc = 0
        for piece in pieces:
            crc = zlib.crc32(piece, crc)
        checksum = crc.to_bytes(_CHECKSUM_BYTES, "little")
        directory = os.path.dirname(path)
        # A name no other writer uses (``tempfile`` would cost a warm build its import).
        temporary = os.path.join(directory, f".tmp-{os.getpid()}-{os.urandom(6).hex()}")
        try:
            try:
                handle = os.open(temporary, _CREATE, 0o600)
            except FileNotFoundError:  # the folder first, once
                os.makedirs(directory, mode=0o700, exist_ok=True)
                handle = os.open(temporary, _CREATE, 0o600)
            try:
                # Unbuffered, in one call: a file object would ask the file system two more
                # questions (its block size, whether it is a terminal) and write twice.
                try:
                    write_pieces(handle, [checksum, *pieces])
                finally:
                    os.close(handle)
                os.replace(temporary, path)
            except BaseException:
                _remove(temporary)
                raise
        except OSError:
            return  # a read-only or full disk: the build goes on without the cache
        self._wrote(len(checksum) + sum(map(len, pieces)))

    def _wrote(self, size: int) -> None:
        self._written += size
        if self._written > self.max_bytes // 10:
            self._written = 0
            self.evict()

    def pickled(self, value: object) -> bytes:
        """The pickle of ``value``: the one ``put`` just made when ``value`` is the result it stored
        last (a worker sends the result it cached to the build as the same bytes), else a new one."""
        last = self._last
        if last is not None and last[0] is value:
            return last[1]
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def evict(self) -> None:
        """Remove the least recently used packs and records while the folder is over its bound
        (or holds more than ``_MAX_PACKS`` packs)."""
        records = []
        try:
            entries = list(os.scandir(os.path.join(self._root, BUILDS)))
        except OSError:
            entries = []
        for entry in entries:
            try:
                stat = entry.stat()
            except OSError:
                continue
            records.append((stat.st_mtime_ns, stat.st_size, entry.path))
        evict_packs(os.path.join(self._root, FORMAT), records, self.max_bytes, _MAX_PACKS)
        _remove_former_formats(self._root)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY


def _unpacked(payload: memoryview) -> tuple[memoryview | None, list[memoryview] | None]:
    """``put_object``'s pickle and out-of-band buffers, as views of ``payload`` (None: damaged)."""
    size = int.from_bytes(payload[:8], "little")
    place = 8 + size
    count = int.from_bytes(payload[place:place + 8], "little")
    if place + 8 > len(payload) or count > (len(payload) - place - 8) // 8:
        return None, None  # another format, or damaged
    pickled = payload[8:place]
    sizes = [int.from_bytes(payload[place + 8 + 8 * i:place + 16 + 8 * i], "little") for i in range(count)]
    place += 8 + 8 * count
    buffers = []
    for length in sizes:
        buffers.append(payload[place:place + length])
        place += length
    if place != len(payload):
        return None, None
    return pickled, buffers


def _remove_former_formats(root: str) -> None:
    """Empty the folders an earlier nbbundle wrote (``_FORMER_FORMATS``: a folder per key
    prefix of files named by their key), which no reader opens and no bound counts. Only what
    has such a name goes (the cache folder may be one a user chose): anything else stays, and
    so does a folder that still holds it."""
    for former in _FORMER_FORMATS:
        folder = os.path.join(root, former)
        try:
            prefixes = list(os.scandir(folder))
        except OSError:
            continue  # never written, or already gone
        for prefix in prefixes:
            if len(prefix.name) != 2 or not _is_hex(prefix.name) or not prefix.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(prefix.path):
                ours = (len(entry.name) == 64 and _is_hex(entry.name)) or entry.name.startswith(".tmp-")
                if ours and entry.is_file(follow_symlinks=False):
                    _remove(entry.path)
            _remove_empty_folder(prefix.path)
        _remove_empty_folder(folder)


def _is_hex(name: str) -> bool:
    return all(c in "0123456789abcdef" for c in name)


def _remove_empty_folder(path: str) -> None:
    try:
        os.rmdir(path)
    except OSError:
        pass  # not empty (something not ours), or gone


def _checksum(payload: bytes | memoryview) -> bytes:
    return zlib.crc32(payload).to_bytes(_CHECKSUM_BYTES, "little")


def _remove(path: Path | str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


_active: DiskCache | None = None
_configured = False


def configure(directory: Path | str | None = None, *, enabled: bool = True) -> DiskCache | None:
    """Use ``directory`` (default: ``NBBUNDLE_CACHE_DIR`` or the user cache folder), or no disk
    cache at all; returns the cache now in use."""
    global _active, _configured
    _configured = True
    if not enabled:
        _active = None
        return None
    if directory is None:
        directory = os.environ.get("NBBUNDLE_CACHE_DIR") or _user_cache_dir()
    max_mb = os.environ.get("NBBUNDLE_CACHE_MAX_MB", "")
    max_bytes = int(max_mb) << 20 if max_mb.isdigit() else _DEFAULT_MAX_MB << 20
    _active = DiskCache(Path(directory), max_bytes=max_bytes)
    return _active


def active() -> DiskCache | None:
    """The cache in use: configured by a host (the CLI's flags), else by the environment."""
    if not _configured:
        configure(enabled=os.environ.get("NBBUNDLE_CACHE", "").lower() not in ("off", "0", "false", "no"))
    return _active


def _user_cache_dir() -> str:
    import platformdirs

    return platformdirs.user_cache_dir("nbbundle", appauthor=False)
