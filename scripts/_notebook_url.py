"""Print the URL that opens a notebook in the JupyterLab with process id PID, once it is up.

``scripts/demo.sh`` runs this in the background next to JupyterLab: JupyterLab's banner names
only the launcher's URL, and a newcomer without a browser on this machine (a remote shell, a
container) needs the notebook's. Reads the server's own info file (``jpserver-PID.json`` in
Jupyter's runtime folder), so the port and token are the ones JupyterLab chose. Gives up
quietly when the server stops or does not come up within two minutes.

Usage: python scripts/_notebook_url.py PID NOTEBOOK
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.parse
from pathlib import Path

from jupyter_core.paths import jupyter_runtime_dir


def notebook_url(info: dict[str, object], notebook: Path) -> str:
    """``<server url>lab/tree/<notebook relative to the root>?token=…`` from a server's info."""
    relative = notebook.resolve().relative_to(Path(str(info["root_dir"])).resolve())
    url = f"{str(info['url']).rstrip('/')}/lab/tree/{urllib.parse.quote(relative.as_posix())}"
    token = info.get("token")
    return f"{url}?token={token}" if token else url


def wait_for_info(pid: int, timeout_s: float = 120) -> dict[str, object] | None:
    info_file = Path(jupyter_runtime_dir()) / f"jpserver-{pid}.json"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            return None  # the server stopped
        try:
            return json.loads(info_file.read_text())
        except (OSError, ValueError):
            time.sleep(0.3)
    return None


def main(argv: list[str]) -> int:
    pid, notebook = int(argv[1]), Path(argv[2])
    info = wait_for_info(pid)
    if info is not None:
        time.sleep(0.5)  # after JupyterLab's own banner, not in the middle of it
        print(f"\n    The first notebook: {notebook_url(info, notebook)}\n", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
