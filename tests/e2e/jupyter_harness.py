"""A throwaway Jupyter server (JupyterLab 4 or Notebook 7) and a driver for one notebook in it.

Follows /work/shared/E2E-RECIPE.md: the server runs as ``sys.executable -m jupyterlab|notebook``
from this venv, so the ``python3`` kernel is this venv's python and imports this checkout's
(editable) nbbundle. Cells are run through ``window.jupyterapp``'s command registry; every
in-page promise has its own timeout (``page.evaluate`` has none).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

from browser import CHROMIUM, CHROMIUM_ARGS

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

ARTIFACTS = Path(os.environ.get("NBB_E2E_ARTIFACTS") or Path(tempfile.gettempdir()) / "nbb-e2e")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebook(root: Path, name: str, cells: list[str]) -> str:
    """Write code ``cells`` as ``root/name`` (with kernelspec metadata: no "Select Kernel" dialog)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nbformat.write(nb, str(root / name))
    return name


def _server_command(app: str, port: int, root: Path, tmp: Path, extra: Sequence[str]) -> list[str]:
    cmd = [sys.executable, "-m", "jupyterlab" if app == "lab" else "notebook",
           "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
           "--ServerApp.allow_root=True", f"--ServerApp.root_dir={root}",
           "--IdentityProvider.token=", "--ServerApp.password=",
           "--ServerApp.disable_check_xsrf=True",
           f"--LabServerApp.workspaces_dir={tmp / 'workspaces'}"]
    if app == "lab":
        return [*cmd, "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
                "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", *extra]
    return [*cmd, "--JupyterNotebookApp.expose_app_in_browser=True", *extra]


@contextlib.contextmanager
def jupyter_server(app: str, extra_args: Sequence[str] = (), base_url: str = "/") -> Iterator[dict[str, Any]]:
    """Start ``python -m jupyterlab`` (app="lab") or ``python -m notebook`` (app="notebook").

    Yields {app, url, root, log, start_s}: no token, isolated JUPYTER_* dirs, its own root dir.
    The venv's own config (``<venv>/etc/jupyter``, where nbbundle's server extension is
    enabled) still applies; ``extra_args`` are more command-line options. ``base_url`` serves
    everything under a prefix, as JupyterHub and Binder do (``url`` includes it).
    """
    if base_url != "/":
        extra_args = [*extra_args, f"--ServerApp.base_url={base_url}"]
    assert app in ("lab", "notebook"), app
    tmp = Path(tempfile.mkdtemp(prefix=f"nbb-e2e-{app}-"))
    root = tmp / "root"
    root.mkdir()
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1",
               JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"))
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.pop("JUPYTER_TOKEN", None)
    settings = tmp / "config/lab/user-settings/@jupyterlab/apputils-extension"
    settings.mkdir(parents=True)  # no "get notified about Jupyter news?" toast (pitfall 3)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    port = free_port()
    log_path = tmp / "server.log"
    url = f"http://127.0.0.1:{port}" + base_url.rstrip("/")
    t0 = time.perf_counter()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(_server_command(app, port, root, tmp, extra_args), env=env, cwd=root,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                assert proc.poll() is None, log_path.read_text()
                try:
                    with urllib.request.urlopen(url + "/api/status", timeout=1):
                        break
                except OSError:
                    assert time.monotonic() < deadline, "jupyter server did not start in 60 s"
                    time.sleep(0.1)
            yield {"app": app, "url": url, "root": root, "log": log_path,
                   "start_s": time.perf_counter() - t0}
        finally:
            try:  # shuts the kernels down too; then make sure, by PID, that it is gone
                request = urllib.request.Request(url + "/api/shutdown", method="POST")
                urllib.request.urlopen(request, timeout=5).close()
                proc.wait(timeout=15)
            except Exception:
                proc.kill()
                proc.wait()
    if not os.environ.get("NBB_E2E_KEEP"):
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def browser_page(viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A fresh page in Debian's headless Chromium (page errors are the driver's business)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
        finally:
            browser.close()


# Run cell i of our panel; resolves after execute_reply, rejects after timeoutMs.
_RUN = """
    const app = window.jupyterapp, p = window.__nbbPanel;
    app.shell.activateById(p.id);           // notebook:* commands act on the current notebook
    p.content.activeCellIndex = i;
    const t0 = performance.now();
    const exec = Promise.race([
        app.commands.execute('notebook:run-cell'),
        new Promise((_, rej) => setTimeout(() => rej(new Error(`cell ${i} not done in ${timeoutMs} ms`)),
                                           timeoutMs))]);
"""


class NotebookDriver:
    """Drives one notebook through JupyterLab's / Notebook 7's ``window.jupyterapp``."""

    # Notebook 7.6.5 throws this on every notebook page (its shortcuts plugin): pitfall 9.
    BENIGN = (
        "Cannot read properties of undefined (reading 'schema')",
        # JupyterLab's kernel connection rejects the pending subshell request when a kernel
        # restarts under it (ipykernel 7 kernels have subshells); no nbbundle code is involved.
        "Canceled future for create_subshell_request message before replies were done",
    )

    def __init__(self, page: Any, server: dict[str, Any]) -> None:
        self.page, self.server = page, server
        self.errors: list[str] = []
        self.console: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(f"[{m.type}] {m.text}"))

    def real_errors(self) -> list[str]:
        return [e for e in self.errors if not any(b in e for b in self.BENIGN)]

    def open(self, name: str, timeout_ms: int = 60_000) -> float:
        """Open ``name`` (a fresh workspace in Lab), wait for an idle kernel; return seconds."""
        lab = self.server["app"] == "lab"
        t0 = time.perf_counter()
        self.page.goto(self.server["url"] + (f"/lab/tree/{name}?reset" if lab else f"/notebooks/{name}"))
        self.page.wait_for_function("""(name) => {
            const app = window.jupyterapp;
            if (!app?.shell) return false;
            const p = [...app.shell.widgets('main')].find(w => w.context?.path === name);
            if (p) window.__nbbPanel = p;
            return !!p?.sessionContext;
        }""", arg=name, timeout=timeout_ms)
        self.page.evaluate("""async (ms) => {
            const p = window.__nbbPanel;
            const t = new Promise((_, rej) => setTimeout(() => rej(new Error('panel not ready')), ms));
            await Promise.race([Promise.all([p.context.ready, p.sessionContext.ready]), t]);
        }""", timeout_ms)
        self.page.wait_for_function(
            "() => window.__nbbPanel.sessionContext.session?.kernel?.status === 'idle'",
            timeout=timeout_ms)
        self.panel = self.page.locator(f"[id='{self.page.evaluate('() => window.__nbbPanel.id')}']")
        return time.perf_counter() - t0

    def cell(self, i: int) -> Any:
        return self.panel.locator(".jp-Cell").nth(i)

    def run_cell(self, i: int, timeout_ms: int = 30_000) -> float:
        """Run cell ``i`` (as Ctrl+Enter); return ms until the kernel's execute_reply."""
        return self.page.evaluate(f"""async ([i, timeoutMs]) => {{ {_RUN}
            await exec; return performance.now() - t0; }}""", [i, timeout_ms])

    def run_cell_until(self, i: int, condition: str, timeout_ms: int = 15_000) -> dict[str, float]:
        """Run cell ``i``; ms until ``condition`` (JS ``(panelNode) => bool``) first holds.

        Checked on every DOM mutation in the page (style changes too) and every frame.
        """
        return self.page.evaluate(f"""async ([i, timeoutMs]) => {{
            const cond = {condition};
            const node = window.__nbbPanel.node;
            let mo, raf;
            const reached = new Promise((res, rej) => {{
                const check = () => {{ try {{ if (cond(node)) res(performance.now()); }} catch {{}} }};
                mo = new MutationObserver(check);
                mo.observe(document, {{childList: true, characterData: true, subtree: true,
                                      attributes: true}});
                const tick = () => {{ check(); raf = requestAnimationFrame(tick); }};
                raf = requestAnimationFrame(tick);
                setTimeout(() => rej(new Error(`condition not met in ${{timeoutMs}} ms: {condition!r}`)),
                           timeoutMs);
            }});
            {_RUN}
            try {{
                const t1 = await reached;
                const reply = await exec.then(() => performance.now());
                return {{dom_ms: t1 - t0, reply_ms: reply - t0}};
            }} finally {{ mo.disconnect(); cancelAnimationFrame(raf); }}
        }}""", [i, timeout_ms])

    def set_cell_source(self, i: int, text: str) -> None:
        self.page.evaluate("([i, text]) => window.__nbbPanel.content.widgets[i].model.sharedModel"
                           ".setSource(text)", [i, text])

    def add_cell(self, text: str) -> int:
        """Append a code cell with ``text``; return its index."""
        return self.page.evaluate("""(text) => {
            const nb = window.__nbbPanel.content;
            const i = nb.widgets.length;
            nb.model.sharedModel.insertCell(i, {cell_type: 'code', source: text});
            return i;
        }""", text)

    def cell_output_text(self, i: int) -> str:
        return self.page.evaluate("""(i) => {
            const cell = window.__nbbPanel.content.widgets[i];
            return [...cell.node.querySelectorAll('.jp-OutputArea-output')]
                .map(o => o.innerText).join('\\n');
        }""", i)

    def cell_errors(self, i: int) -> list[dict[str, Any]]:
        """Cell ``i``'s error outputs and stderr streams (nbformat JSON)."""
        return self.page.evaluate("""(i) => window.__nbbPanel.content.widgets[i].model.outputs.toJSON()
            .filter(o => o.output_type === 'error' || o.name === 'stderr')""", i)

    def dump(self, name: str) -> Path:
        """Screenshot, the panel's HTML, console, page errors and server log tail → ARTIFACTS."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        base = ARTIFACTS / f"{self.server['app']}-{name}"
        with contextlib.suppress(Exception):
            self.page.screenshot(path=f"{base}.png", full_page=True)
        with contextlib.suppress(Exception):
            Path(f"{base}.html").write_text(self.page.evaluate(
                "() => window.__nbbPanel?.node.outerHTML ?? document.body.outerHTML"))
        log_tail = "".join(Path(self.server["log"]).read_text().splitlines(True)[-80:])
        Path(f"{base}.log").write_text(
            "== page errors\n" + "\n".join(self.errors) + "\n== console\n" + "\n".join(self.console)
            + "\n== server log (tail)\n" + log_tail)
        return base
