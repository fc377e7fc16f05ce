"""Watch the files that notebook cells import, so editing one on disk hot-updates the views.

A daemon thread runs ``watchfiles.watch`` on the folders of those files (not recursively, and
never inside ``node_modules``: installed packages do not change while a notebook runs, and
watching every folder of a package tree would exhaust inotify watches). Each batch of changed
paths goes to a callback (``Environment.refresh_files``), which takes the environment's lock.
Without ``watchfiles`` installed nothing is watched and nothing fails.

The watch must outlive what people and tools do to folders. An inotify watch belongs to a
folder's inode, not its path: when a watched folder is deleted and made again (``git checkout``,
``rm -rf lib && cp -r ...``) or renamed away and replaced, the old watch goes on watching nothing,
and a folder that is missing when the watch starts cannot be watched at all. So the thread
watches in *rounds*. A round watches the folders that exist, remembering each one's identity
(device and inode). At every yield of the watch (a batch of changes, or at the latest every
``_CHECK_MS`` while idle) it compares those identities with the disk, and looks for events on the watched folders
themselves; when a folder was deleted, recreated, renamed away or back in place of another, it
ends the round and starts a new one on what exists now. Each round begins by handing every file of its folders to the callback
once the new watch is in place, so a file written while no watch covered it is picked up too
(the callback skips files whose text did not change). Files themselves need nothing special:
deletes, recreations and editors' atomic saves (write a temporary file, rename it over the
original) are ordinary events in a watched folder, and a file that is briefly missing keeps its
last good version.

A file is read only once it has *settled*: nothing written to it for ``SETTLE_S`` (its
modification time that far in the past, ``wait_until_settled``). A tool that writes a file in
pieces (truncate, write, write) makes it briefly half written, and a view must not be sent
that half as an error; the reader then also checks that the file did not change while it read
(``Environment.refresh_files``), since the next write's event brings the newer text anyway. A
writer can still pause half way for longer than that (a loaded machine): a file written in the
last ``YOUNG_S`` whose new text fails is not reported but read again ``YOUNG_S`` later; only an
error that outlives that is one (a half-written state is fixed by the next write first).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable

logger = logging.getLogger("nbbundle")

_CHECK_MS = 200
"""How often an idle watch checks that its folders are still the ones on disk (the latest a
deleted-and-recreated folder is noticed)."""

_RETRY_SECONDS = 0.2
"""Wait before starting a round again after the watch itself failed (a folder vanished just as
the round began)."""

SETTLE_S = 0.05
"""A file is read once nothing was written to it for this long."""
YOUNG_S = 0.5
"""A file written this recently whose text fails is read again this much later before the
error is reported: a writer paused half way (a loaded machine) is not an error."""
_READS = 10
"""How many times a failing young file is read again before the watcher waits for its next event."""
_MAX_SETTLE_S = 1.0
"""A file written without pause for longer than this is read anyway (a log someone imports?)."""

FolderIdentity = dict[Path, tuple[int, int]]
"""Each watched folder that exists → (device, inode); a missing folder is absent."""


def folder_identity(folders: Iterable[Path]) -> FolderIdentity:
    """What each of ``folders`` is on disk right now: the round ends when this changes."""
    identity: FolderIdentity = {}
    for folder in folders:
        try:
            status = os.stat(folder)
        except OSError:
            continue
        if os.path.isdir(folder):
            identity[folder] = (status.st_dev, status.st_ino)
    return identity


def files_in(folders: Iterable[Path]) -> set[Path]:
    """Every entry of ``folders`` (not recursive): what a new round hands to the callback."""
    found: set[Path] = set()
    for folder in folders:
        try:
            found.update(folder / name for name in os.listdir(folder))
        except OSError:
            continue
    return found


def wait_until_settled(paths: Iterable[Path], *, clock: Callable[[], float] = time.time,
                       sleep: Callable[[float], object] = time.sleep) -> None:
    """Return once none of ``paths`` was modified in the last ``SETTLE_S`` (at most ``_MAX_SETTLE_S``).

    Compares modification times with the wall clock (they are wall-clock times); a file whose
    time lies in the future (a clock set back, a network share) counts as settled.
    """
    deadline = clock() + _MAX_SETTLE_S
    while True:
        now = clock()
        youngest = 0.0
        for path in paths:
            try:
                age = now - os.stat(path).st_mtime
            except OSError:
                continue
            if 0 <= age < SETTLE_S:
                youngest = max(youngest, SETTLE_S - age)
        if youngest == 0 or now + youngest > deadline:
            return
        sleep(youngest)


def is_young(path: Path) -> bool:
    """Whether ``path`` was written in the last ``YOUNG_S`` seconds (wall clock, as mtimes are)."""
    try:
        return 0 <= time.time() - os.stat(path).st_mtime < YOUNG_S
    except OSError:
        return False


def read_unchanging(path: Path) -> str | None:
    """``path``'s text, or None when the file changed while it was read (size or time)."""
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    after = os.stat(path)
    if (before.st_size, before.st_mtime_ns, before.st_ino) != (after.st_size, after.st_mtime_ns, after.st_ino):
        return None
    return text


class FileWatcher:
    """A background watch of some folders that calls ``on_change(paths)`` with changed files."""

    def __init__(self, on_change: Callable[[set[Path]], Collection[Path] | None]) -> None:
        self._on_change = on_change
        self._folders: frozenset[Path] = frozenset()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.rounds = 0
        """How many rounds have started their watch (the first one included): for tests and logs."""

    def follow(self, folders: Collection[Path]) -> None:
        """Watch exactly ``folders`` from now on (restarting the watch when the set changed).

        A folder that does not exist (yet) is watched from the moment it appears.
        """
        wanted = frozenset(folders)
        if wanted == self._folders and (self._thread is not None or not wanted):
            return
        self.stop()
        self._folders = wanted
        if not wanted:
            return
        try:
            import watchfiles
        except ImportError:
            logger.info("nbbundle: install watchfiles to hot-update views when imported files change")
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(watchfiles, sorted(wanted), self._stop), name="nbbundle-file-watch", daemon=True
        )
        self._thread.start()

    def _run(self, watchfiles: object, folders: list[Path], stop: threading.Event) -> None:
        failing = False
        while not stop.is_set():
            identity = folder_identity(folders)
            rounds = self.rounds
            try:
                self._watch_round(watchfiles, identity, folders, stop)
            except Exception as error:  # the watch could not start or broke: start over on what exists then
                if self.rounds > rounds:
                    failing = False
                # A folder that vanished as the round started is routine. Anything else (an
                # exhausted inotify limit) is said once per spell, not five times a second.
                routine = isinstance(error, FileNotFoundError)
                logger.log(logging.DEBUG if failing or routine else logging.WARNING,
                           "nbbundle: watching %s failed (%s); retrying", ", ".join(map(str, identity)), error)
                failing = failing or not routine
                stop.wait(_RETRY_SECONDS)

    def _watch_round(self, watchfiles: object, identity: FolderIdentity, folders: list[Path],
                     stop: threading.Event) -> None:
        """Watch the folders in ``identity`` until one of ``folders`` is no longer what it was."""
        if not identity:  # nothing to watch yet: wait for a folder to appear
            while not stop.wait(_CHECK_MS / 1000):
                if folder_identity(folders):
                    return
            return
        watch = watchfiles.watch  # type: ignore[attr-defined]
        # A short debounce: an editor's save is one burst; HMR should feel immediate. No filter:
        # only folders of imported files are watched, and the callback looks at its own files.
        changes = watch(*sorted(identity), watch_filter=None, recursive=False, debounce=50, step=20,
                        stop_event=stop, rust_timeout=_CHECK_MS, yield_on_timeout=True, raise_interrupt=False)
        wanted = set(folders)
        first = True
        for batch in changes:
            paths = {Path(path) for _, path in batch}
            # An event on a watched folder itself (deleted, renamed away or back, made again) means
            # the watch may be on a dead inode; the identity check alone misses it when the file
            # system hands the new folder the old inode number (ext4 does).
            moved = not wanted.isdisjoint(paths)
            if first:  # the watch is in place now: anything written before it is seen here
                self.rounds += 1
                paths |= files_in(identity)
                first = False
            if paths:
                self._deliver(paths)
            if moved or folder_identity(folders) != identity:
                return  # leaving the loop closes this round's watch

    def _deliver(self, paths: set[Path]) -> None:
        """Hand ``paths`` over once settled; the callback returns those whose new text failed
        while young: read those again ``YOUNG_S`` later (the error is reported once the file
        is no longer young, or dropped if it was a half-written state the next write fixed)."""
        try:
            for _ in range(_READS):
                wait_until_settled(paths)
                again = self._on_change(paths)
                if not again:
                    return
                paths = set(again)  # type: ignore[call-overload]
                if self._stop.wait(YOUNG_S):
                    return
        except Exception:
            logger.exception("nbbundle: updating after a file change failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None
        self._folders = frozenset()
