"""Run a program of ES modules natively under node and as an nbbundle bundle, and compare.

Shared by the fixture test, the differential fuzzer and the torture pass. The reference is
node's native ESM on the unbundled files (``node main.js`` next to a ``package.json`` with
``"type": "module"``). A bundle is run the way a browser's ``<script>`` runs it: as a classic
script, never as a module, so a leftover ``import`` declaration or ``import.meta`` is the
SyntaxError a browser would raise. Node decides a ``.js`` file's module type by its contents
(module detection) in recent versions, so the bundle is written as ``.cjs``, which node always
runs as a script.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import difflib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
TIMEOUT = 60


@dataclass(frozen=True)
class Run:
    """One node process: its exit status, stdout lines and stderr."""

    returncode: int
    lines: list[str]
    stderr: str


def run_node(script: Path, cwd: Path, *, timeout: float = TIMEOUT, node_env: str | None = None) -> Run:
    """``node script`` in ``cwd`` (``node_env``: ``NODE_ENV``, which packages pick their build
    by); a hung program counts as exit status -1."""
    assert NODE is not None, "node is not on PATH"
    env = None if node_env is None else {**os.environ, "NODE_ENV": node_env}
    try:
        done = subprocess.run(
            [NODE, str(script)], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
            errors="replace", timeout=timeout, env=env,
        )
    except subprocess.TimeoutExpired as error:
        out = error.stdout.decode("utf-8", "replace") if isinstance(error.stdout, bytes) else ""
        return Run(-1, out.splitlines(), f"timed out after {timeout} s")
    return Run(done.returncode, done.stdout.splitlines(), done.stderr)


def run_native(folder: Path, entry: str = "main.js", *, timeout: float = TIMEOUT, node_env: str | None = None) -> Run:
    """The reference: node's own ES modules on the files in ``folder``."""
    return run_node(folder / entry, folder, timeout=timeout, node_env=node_env)


def run_classic(bundle_code: str, folder: Path, *, timeout: float = TIMEOUT) -> Run:
    """Write ``bundle_code`` as ``folder/bundle.cjs`` and run it as a classic script."""
    script = folder / "bundle.cjs"
    script.write_text(bundle_code, encoding="utf-8")
    return run_node(script, folder, timeout=timeout)


def build_with_cli(entry: Path, outfile: Path) -> subprocess.CompletedProcess[str]:
    """``python -m nbbundle build ENTRY -o OUTFILE`` from the entry's folder, as a user runs it.

    With ``NBB_CLI_IN_PROCESS=1`` the same command line runs in this process instead
    (``nbbundle.cli.main``, from the entry's folder): mutation testing (scripts/mutation.sh) needs
    the mutated code to run where mutmut can see it, which a child interpreter is not.
    """
    if os.environ.get("NBB_CLI_IN_PROCESS") == "1":
        return _build_in_this_process(entry, outfile)
    # The entry's folder is the cwd, so put the checkout on the path for `-m nbbundle`.
    path = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    command = [sys.executable, "-m", "nbbundle", "build", entry.name, "-o", str(outfile)]
    return subprocess.run(
        command, cwd=entry.parent, env=env, capture_output=True, text=True, encoding="utf-8",
        timeout=TIMEOUT,
    )


def _build_in_this_process(entry: Path, outfile: Path) -> subprocess.CompletedProcess[str]:
    from nbbundle.cli import main

    argv = ["build", entry.name, "-o", str(outfile)]
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    os.chdir(entry.parent)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as exit_:
                status = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(cwd)
    return subprocess.CompletedProcess([sys.executable, "-m", "nbbundle", *argv], status, out.getvalue(), err.getvalue())


def build_in_process(entry: Path, mode: str = "development", *, minify: bool = False) -> str:
    """The bundle's code from ``nbbundle.build`` (no interpreter start-up per program), in
    ``mode`` (production: dead branches removed, trees shaken), minified or not.

    Raises ``NbbundleError`` for a build error, like the CLI's exit status 1.
    """
    from nbbundle import build
    from nbbundle.compile.options import CompileOptions

    options = CompileOptions(mode=mode, minify=minify)  # type: ignore[arg-type]
    return build(entry, options=options if options != CompileOptions() else None).code


def output_diff(expected: Run, actual: Run, *, expected_name: str = "native node",
                actual_name: str = "nbbundle") -> str | None:
    """None when both printed the same lines and both exited 0 (or both failed); else a report."""
    same_lines = expected.lines == actual.lines
    same_status = (expected.returncode == 0) == (actual.returncode == 0)
    if same_lines and same_status:
        return None
    diff = "\n".join(difflib.unified_diff(expected.lines, actual.lines, expected_name, actual_name,
                                          lineterm=""))
    return (
        f"{expected_name} exit {expected.returncode}, {actual_name} exit {actual.returncode}\n"
        f"{diff}\n--- {actual_name} stderr ---\n{actual.stderr[-3000:]}"
    )


_native_pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)


def bundle_and_run(folder: Path, entry: str = "main.js", *, timeout: float = TIMEOUT,
                   mode: str = "development", minify: bool = False) -> Run:
    """Build ``folder/entry`` in-process and run the bundle as a classic script.

    A build error or a crash of the build is a failed run (exit 1) whose stderr says why, so it
    shows up as a divergence like any other.
    """
    from nbbundle.compile.errors import NbbundleError

    try:
        code = build_in_process(folder / entry, mode, minify=minify)
    except NbbundleError as error:
        diagnostics = "\n".join(diagnostic.format() for diagnostic in error.diagnostics)
        return Run(1, [], f"nbbundle build failed:\n{diagnostics}")
    except Exception as error:  # noqa: BLE001 - a crash of the build is a divergence too
        return Run(1, [], f"nbbundle build crashed: {type(error).__name__}: {error}")
    return run_classic(code, folder, timeout=timeout)


def divergence_of_folder(folder: Path, *, expected: Run | None = None,
                         timeout: float = TIMEOUT, mode: str = "development", minify: bool = False) -> str | None:
    """Run ``folder/main.js`` natively and bundled (in parallel); None when they agree.

    With ``expected`` (the original program's native run), the native run of ``folder`` must
    print the same first: a rewritten program that node itself runs differently is a bug in
    the rewriting, not in nbbundle.
    """
    native_future = _native_pool.submit(run_native, folder, timeout=timeout)
    bundled = bundle_and_run(folder, timeout=timeout, mode=mode, minify=minify)
    native = native_future.result()
    if native.returncode != 0:
        return f"the program fails under native node (not a valid test program):\n{native.stderr}"
    if expected is not None:
        rewritten = output_diff(expected, native, expected_name="original (native)",
                                actual_name="rewritten (native)")
        if rewritten is not None:
            return f"the rewritten program prints differently under native node:\n{rewritten}"
    return output_diff(native, bundled)
