"""HMR latency: how long a changed ``%%module`` cell takes to reach the screen.

Two measurements, printed side by side:

* **kernel** (no browser): the time ``Environment.define`` takes to process one changed module
  (transform, graph update, link, render, propagation, the message to the widget) in the
  graph of three.js (about 390 modules) and in a graph of three modules. The target is a
  median under 3 ms, and about the same in both graphs: the work must not grow with the app.
* **restart** (no browser): a restarted kernel showing the three.js widget again: a fresh
  Python process that imports nbbundle, defines ``Three.js`` as a cell and builds the widget's
  bundle (what the view's first frame waits for on the kernel side), with an empty compile cache
  and with the cache filled by an earlier process, interleaved; wall time of the whole process.
* **browser** (``--browser``): in JupyterLab in headless Chromium, the median time from
  running a changed ``%%module`` cell to the DOM showing the change, next to the median round
  trip of a bare anywidget custom message on the same kernel (target: within 1.2× of it); both
  with nbbundle's server extension (``TCP_NODELAY`` on kernel websockets) and without it, in
  two JupyterLabs measured in turn. Target: median ≤ 20 ms with it. A third kind, the bare
  message from a cell that also shows a one-line output (as a ``%%module`` cell shows its status
  line), is the floor for a cell with an output: JupyterLab clears it before the next run's
  request leaves and repaints, whatever made it. ``--baseline DIR`` adds a
  third JupyterLab (with the extension) whose kernel imports nbbundle from the checkout ``DIR``
  (e.g. main before a change), measured in the same turns.

It prints figures, it is not a test: machines here are shared and noisy, so it reports medians
and ratios. Run ``python benchmarks/cold_build.py`` first: it installs three.js into the cache.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
THREE_SRC = HERE / ".cache" / "node_modules" / "three" / "src"


def time_defines(environment: object, name: str, text: str, runs: int, salt: str) -> list[float]:
    """Milliseconds per ``define`` of ``name``, each run with a text never seen before."""
    define = environment.define  # type: ignore[attr-defined]
    timings = []
    for run in range(runs):
        started = time.perf_counter()
        result = define(name, f"{text}\n// edit {salt} {run}\n")  # never seen: no cache hit
        timings.append((time.perf_counter() - started) * 1000)
        if result.status == "error":
            raise SystemExit(result.diagnostics[0].format())
    return timings[2:]  # the first runs warm caches (and turn a file into a cell)


def kernel_figures(runs: int, changed: str) -> dict[str, object]:
    """The same module changed under a widget of all of three.js and under one of a few modules."""
    from nbbundle.kernel.environment import Environment

    if not THREE_SRC.is_dir():
        raise SystemExit(f"{THREE_SRC} is missing: run python benchmarks/cold_build.py first (it installs three).")
    text = (THREE_SRC / changed).read_text()
    figures: dict[str, object] = {"changed": changed, "changed_bytes": len(text.encode()), "runs": runs - 2}
    for label, entry in (("big", "Three.js"), ("small", changed)):
        environment = Environment(root=THREE_SRC)
        environment.define(entry, (THREE_SRC / entry).read_text())
        widget = environment.widget(entry)
        timings = time_defines(environment, changed, text, runs, salt=label)
        figures[f"{label}_graph_modules"] = len(environment.graph)
        figures[f"{label}_widget_modules"] = len(widget.modules)
        figures[f"{label}_median_ms"] = statistics.median(timings)
        figures[f"{label}_min_ms"] = min(timings)
    return figures


#: The restarted kernel: nbbundle imported, the entry defined as a cell, the widget's bundle built.
RESTARTED_KERNEL = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from nbbundle.kernel.environment import Environment
imported = time.perf_counter()
root = Path(sys.argv[1])
environment = Environment(root=root)
environment.define("Three.js", (root / "Three.js").read_text())
widget = environment.widget("Three.js")
done = time.perf_counter()
print(json.dumps({"modules": len(widget.modules), "import_ms": (imported - started) * 1000,
                  "widget_ms": (done - imported) * 1000}))
"""


def restart_figures(runs: int) -> dict[str, object]:
    """A restarted kernel's time to the three.js widget's bundle, compile cache empty and filled."""
    # Python's bytecode cache is part of an installed package: the children may write and read it.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NBBUNDLE_CACHE") and k != "PYTHONDONTWRITEBYTECODE"}
    figures: dict[str, object] = {"runs": runs}
    with tempfile.TemporaryDirectory(prefix="nbbundle-restart-") as folder:
        caches = {"empty": Path(folder) / "empty", "filled": Path(folder) / "filled"}
        samples: dict[str, list[dict[str, float]]] = {"empty": [], "filled": []}
        walls: dict[str, list[float]] = {"empty": [], "filled": []}

        def run(label: str) -> dict[str, float]:
            if label == "empty":
                shutil.rmtree(caches[label], ignore_errors=True)
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-c", RESTARTED_KERNEL, str(THREE_SRC)], capture_output=True,
                                  text=True, env={**env, "NBBUNDLE_CACHE_DIR": str(caches[label])}, check=False)
            wall = (time.perf_counter() - started) * 1000
            if done.returncode != 0:
                raise SystemExit(f"the restarted kernel failed:\n{done.stderr}")
            walls[label].append(wall)
            return json.loads(done.stdout)

        run("filled")  # fills the cache (and the bytecode caches); untimed
        for _ in range(runs):
            for label in ("empty", "filled"):
                samples[label].append(run(label))
        for label in ("empty", "filled"):
            figures[f"{label}_wall_ms"] = statistics.median(walls[label])
            figures[f"{label}_widget_ms"] = statistics.median(s["widget_ms"] for s in samples[label])
            figures[f"{label}_import_ms"] = statistics.median(s["import_ms"] for s in samples[label])
            figures["modules"] = samples[label][-1]["modules"]
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=42, help="changes per measurement")
    parser.add_argument("--changed", default="math/Sphere.js",
                        help="the three.js module to change (default: a typical 9 KB module)")
    parser.add_argument("--browser", action="store_true", help="also measure cell → DOM in Chromium")
    parser.add_argument("--baseline", type=Path, metavar="DIR",
                        help="with --browser: also measure the nbbundle of the checkout DIR (TCP_NODELAY)")
    parser.add_argument("--restarts", type=int, default=5,
                        help="restarted kernels per cache state (0: skip the restart figure)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    if args.baseline is not None and not (args.baseline / "nbbundle" / "__init__.py").is_file():
        parser.error(f"--baseline {args.baseline}: not a checkout of nbbundle (no nbbundle/__init__.py)")
    figures: dict[str, object] = {"kernel": kernel_figures(args.runs, args.changed)}
    kernel = figures["kernel"]
    assert isinstance(kernel, dict)
    print(f"kernel side: {kernel['changed']} ({kernel['changed_bytes']:,} B) changed {kernel['runs']} times, "
          "each time new text")
    for label, what in (("big", "Three.js"), ("small", kernel["changed"])):
        print(f"  widget of {what:<14} ({kernel[f'{label}_widget_modules']:>3} modules): "
              f"median {kernel[f'{label}_median_ms']:.2f} ms  (min {kernel[f'{label}_min_ms']:.2f})")
    ratio = kernel["big_median_ms"] / kernel["small_median_ms"]  # type: ignore[operator]
    verdict = "PASS" if kernel["big_median_ms"] < 3 else "MISS"  # type: ignore[operator]
    print(f"  big/small: {ratio:.2f}×; target: median < 3 ms with the big graph: {verdict}")
    if args.restarts > 0:
        restart = figures["restart"] = restart_figures(args.restarts)
        print(f"restart: a fresh kernel process to the three.js widget's bundle ({restart['modules']} modules), "
              f"median of {args.restarts} interleaved runs each")
        for label, what in (("empty", "compile cache empty"), ("filled", "compile cache filled")):
            print(f"  {what}: {restart[f'{label}_wall_ms']:.0f} ms  (imports {restart[f'{label}_import_ms']:.0f} ms, "
                  f"define + widget {restart[f'{label}_widget_ms']:.0f} ms)")
        print(f"  filled/empty: {restart['filled_wall_ms'] / restart['empty_wall_ms']:.2f}×")  # type: ignore[operator]
    if args.browser:
        from browser_latency import browser_figures  # type: ignore[import-not-found]

        browser = figures["browser"] = browser_figures(args.runs, args.baseline)
        print(f"browser (JupyterLab, Chromium): cell → DOM, median of {browser['runs']} runs each, interleaved")
        print(f"  {'':<46}{'after a pause':^26}{'back to back':^26}".rstrip())
        print((f"  {'':<46}" + f"{'%%module':>12}{'bare':>12}  " * 2).rstrip())
        rows = [("nodelay", "with the server extension (TCP_NODELAY)"),
                ("nagle", "without (--NbbundleServer.tcp_nodelay=False)")]
        if args.baseline is not None:
            rows.append(("baseline", f"--baseline {args.baseline} (TCP_NODELAY)"))
        for label, what in rows:
            cells = [browser[f"{label}_{kind}_{pace}_median_ms"] for pace in ("paused", "burst") for kind in ("hmr", "bare")]
            print((f"  {what:<46}" + "".join(f"{ms:>9.1f} ms" + ("  " if i % 2 else "") for i, ms in enumerate(cells))).rstrip())
        for pace, what in (("paused", "after a pause"), ("burst", "back to back")):
            fast, slow = browser[f"nodelay_hmr_{pace}_median_ms"], browser[f"nagle_hmr_{pace}_median_ms"]
            ratio = fast / browser[f"nodelay_bare_{pace}_median_ms"]
            print(f"  {what}: %%module {slow:.1f} → {fast:.1f} ms with TCP_NODELAY ({slow / fast:.1f}×); "
                  f"target ≤ 20 ms: {'PASS' if fast <= 20 else 'MISS'}; "
                  f"%%module / bare {ratio:.2f}× (target ≤ 1.20×: {'PASS' if ratio <= 1.2 else 'MISS'})")
            shown = browser[f"nodelay_shown_{pace}_median_ms"]
            print(f"  {what}: bare with an output line {shown:.1f} ms; %%module / that {fast / shown:.2f}×, "
                  f"the output line / bare {shown / browser[f'nodelay_bare_{pace}_median_ms']:.2f}×")
            if args.baseline is not None:
                before = browser[f"baseline_hmr_{pace}_median_ms"]
                print(f"  {what}: %%module {before:.1f} ms with --baseline, {fast:.1f} ms with this checkout "
                      f"({fast / before:.2f}×); bare {browser[f'baseline_bare_{pace}_median_ms']:.1f} / "
                      f"{browser[f'nodelay_bare_{pace}_median_ms']:.1f} ms")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    raise SystemExit(main())
