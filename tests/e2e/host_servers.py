"""Servers of the other front ends nbbundle's widget runs in: ``marimo edit`` and Voilà.

Each runs from this venv (``sys.executable -m marimo|voila``) on 127.0.0.1 with no token, with
its own config folders, in its own process group, which is ended by its id when the test is
done. The test skips only when marimo or Voilà is not installed (an error under CI, see
missing_tools.py); a server that is installed but exits or does not answer within
``START_TIMEOUT_S`` fails the test with its log: a broken integration is no skip. Never hangs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

import pytest
from jupyter_harness import free_port
from missing_tools import skip_without

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

START_TIMEOUT_S = 90


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answered, if only with an error status: the server is up
    except OSError:
        return False


@contextlib.contextmanager
def _server(what: str, cmd: Sequence[str], *, cwd: Path, env: dict[str, str], probe: str,
            log_path: Path) -> Iterator[None]:
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _answers(probe):
                if proc.poll() is not None or time.monotonic() > deadline:
                    tail = "".join(log_path.read_text().splitlines(True)[-30:])
                    pytest.fail(f"{what} did not start on 127.0.0.1 within {START_TIMEOUT_S} s "
                                f"(exit code {proc.poll()}):\n{tail}", pytrace=False)
                time.sleep(0.2)
            yield
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen[Any]) -> None:
    """SIGTERM to the server's own process group (its kernels too), SIGKILL if it lingers."""
    for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait_s)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # children that outlived their parent


@contextlib.contextmanager
def marimo_edit(notebook: Path, *, cwd: Path, home: Path) -> Iterator[str]:
    """``marimo edit notebook`` (headless, no token), started from ``cwd``; yields its URL.

    ``home`` holds the user config: cells run when the page opens (``auto_instantiate``),
    as after a reader's "Run all", and no config of the machine's user leaks in.
    """
    skip_without("marimo")
    config = home / ".config" / "marimo"
    config.mkdir(parents=True, exist_ok=True)
    (config / "marimo.toml").write_text("[runtime]\nauto_instantiate = true\n")
    env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_STATE_HOME=str(home / ".state"), XDG_CACHE_HOME=str(home / ".cache"))
    port = free_port()
    cmd = [sys.executable, "-m", "marimo", "-q", "edit", str(notebook), "--headless",
           "--host", "127.0.0.1", "--port", str(port), "--no-token", "--skip-update-check",
           "--no-sandbox"]
    url = f"http://127.0.0.1:{port}"
    with _server("marimo edit", cmd, cwd=cwd, env=env, probe=f"{url}/health", log_path=home / "marimo.log"):
        yield url


@contextlib.contextmanager
def voila(notebook: Path, *, home: Path) -> Iterator[str]:
    """``voila notebook`` (no browser, no token); yields its URL. The kernel runs in the
    notebook's folder, as in Jupyter."""
    skip_without("voila")
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1", JUPYTER_CONFIG_DIR=str(home / "config"),
               JUPYTER_DATA_DIR=str(home / "data"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               IPYTHONDIR=str(home / "ipython"), PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.pop("JUPYTER_TOKEN", None)
    port = free_port()
    cmd = [sys.executable, "-m", "voila", notebook.name, "--no-browser", f"--port={port}",
           "--Voila.ip=127.0.0.1", "--ServerApp.allow_root=True", "--show_tracebacks=True"]
    url = f"http://127.0.0.1:{port}"
    # Any path answers once the server listens; "/" would start the notebook's kernel.
    with _server("voila", cmd, cwd=notebook.parent, env=env, probe=f"{url}/voila/static/",
                 log_path=home / "voila.log"):
        yield url
