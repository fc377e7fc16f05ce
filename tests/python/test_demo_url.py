"""``scripts/demo.sh`` prints the first notebook's URL: its helper against a real Jupyter server.

The helper (``scripts/_notebook_url.py PID NOTEBOOK``) waits for the server's own info file and
prints the notebook's URL; the URL must open that notebook on that server.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

from jupyter_harness import jupyter_server, write_notebook

HELPER = Path(__file__).resolve().parents[2] / "scripts" / "_notebook_url.py"


def test_the_helper_prints_a_url_that_opens_the_notebook() -> None:
    with jupyter_server("lab") as server:
        runtime = Path(server["root"]).parent / "runtime"
        (info_file,) = runtime.glob("jpserver-*.json")
        pid = json.loads(info_file.read_text())["pid"]
        write_notebook(server["root"], "first notebook.ipynb", ["1 + 1"])
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(runtime))
        out = subprocess.run([sys.executable, str(HELPER), str(pid), str(server["root"] / "first notebook.ipynb")],
                             env=env, capture_output=True, text=True, timeout=60, check=True).stdout
        match = re.search(r"The first notebook: (\S+)", out)
        assert match, out
        url = match[1]
        assert url.startswith(server["url"] + "/lab/tree/"), url
        path = urllib.parse.urlsplit(url).path
        with urllib.request.urlopen(url, timeout=10) as page:
            assert page.status == 200
        contents = server["url"] + path.replace("/lab/tree/", "/api/contents/", 1)
        with urllib.request.urlopen(contents, timeout=10) as reply:
            assert json.load(reply)["name"] == "first notebook.ipynb"
