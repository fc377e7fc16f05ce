"""Watch the files that notebook cells import, so editing one on disk hot-updates the views.

A daemon thread runs ``watchfiles.watch`` on the folders of those files (not recursively, and
never inside ``node_modules``: installed packages do not change while a notebook runs, and
watching every folder of a package tree would exhaust inotify watches). Each batch of changes
goes to a callback (``Environment.refresh_files``), which takes the environment's lock.
Without ``watchfiles`` installed nothing is watched and nothing fails.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

logger = logging.getLogger("nbbundle")


class FileWatcher:
    def __init__(self, on_change: Callable[[set[Path]], object]) -> None:
        self._on_change = on_change
        self._folders: frozenset[Path] = frozenset()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def follow(self, folders: Collection[Path]) -> None:
        """Watch exactly ``folders`` from now on (restarting the watch when the set changed)."""
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
        watch = watchfiles.watch  # type: ignore[attr-defined]
        # A short debounce: an editor's save is one burst; HMR should feel immediate.
        for changes in watch(*folders, recursive=False, debounce=50, step=20, stop_event=stop,
                             raise_interrupt=False):
            try:
                self._on_change({Path(path) for _, path in changes})
            except Exception:
                logger.exception("nbbundle: updating after a file change failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None
        self._folders = frozenset()
