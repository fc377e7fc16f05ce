"""Production bundle sizes: nbbundle next to esbuild, for five apps people build in notebooks.

For each case an entry module is written that uses a few things of a package, as a widget
would; nbbundle builds it with ``build --mode production --format esm`` and esbuild with
``--bundle --minify --format=esm`` (its production build), each in a fresh process (nbbundle without its compile cache). Printed:
bytes and gzip bytes of each output, the gzip ratio (target: at most 1.3× esbuild's), each
tool's median build time over ``--runs`` interleaved runs (target: nbbundle at most 4×), and
whether both bundles run under node and print the same line. The widget's own ``_esm`` size is
printed too (what every widget model sends and a notebook saves).

This is a benchmark, not a test: it prints figures and PASS/MISS against the targets, and exits
non-zero only when a build or a bundle fails. The machines are shared: compare ratios.

    python benchmarks/bundle_size.py [--runs 5] [--cache DIR] [--case NAME ...] [--nbbundle-arg=--no-minify]

``--nbbundle-arg`` passes an argument to nbbundle's build (``--no-minify``: what minification
alone gives, by comparing two runs).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = REPO_ROOT / "benchmarks" / ".cache" / "bundle-size"
ESBUILD_VERSION = "0.28.2"
PINS = {
    "esbuild": ESBUILD_VERSION,
    "three": "0.187.0",
    "react": "19.2.0",
    "react-dom": "19.2.0",
    "d3-scale": "4.0.2",
    "d3-shape": "3.2.0",
    "d3-selection": "3.0.0",
    "date-fns": "4.1.0",
    "lodash-es": "4.17.21",
}
SIZE_TARGET = 1.3
TIME_TARGET = 4.0


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    entry: str
    """The entry module's text: it imports what an app uses and prints one line."""


CASES = [
    Case("three", "a three.js scene with a handful of classes",
         'import { Scene, PerspectiveCamera, Mesh, BoxGeometry, MeshBasicMaterial } from "three";\n'
         "const scene = new Scene();\nconst camera = new PerspectiveCamera(60, 1, 0.1, 100);\n"
         "scene.add(new Mesh(new BoxGeometry(1, 1, 1), new MeshBasicMaterial({ color: 0xff0000 })));\n"
         'console.log("three", scene.children.length, camera.fov);\n'),
    Case("react", "React: react-dom/client and one component",
         'import { createElement, useState } from "react";\nimport { createRoot } from "react-dom/client";\n'
         "export function Counter() { const [n, setN] = useState(0);\n"
         '  return createElement("button", { onClick: () => setN(n + 1) }, n); }\n'
         'console.log("react", typeof createRoot, typeof Counter);\n'),
    Case("d3", "a d3 chart: d3-scale, d3-shape, d3-selection",
         'import { scaleLinear } from "d3-scale";\nimport { line } from "d3-shape";\nimport { select } from "d3-selection";\n'
         "const x = scaleLinear().domain([0, 10]).range([0, 100]);\n"
         'console.log("d3", x(5), line()([[0, 0], [1, 1]]), typeof select);\n'),
    Case("date-fns", "date-fns with one function",
         'import { addDays } from "date-fns";\nconsole.log("date-fns", addDays(new Date(0), 3).getTime());\n'),
    Case("lodash-es", "lodash-es with two functions",
         'import { chunk, uniq } from "lodash-es";\nconsole.log("lodash-es", JSON.stringify(chunk(uniq([1, 1, 2, 3]), 2)));\n'),
]


class BenchError(Exception):
    pass


def ensure_packages(cache: Path) -> Path:
    def installed(name: str) -> str | None:
        try:
            return json.loads((cache / "node_modules" / name / "package.json").read_text())["version"]
        except (OSError, ValueError, KeyError):
            return None

    if any(installed(name) != version for name, version in PINS.items()):
        if shutil.which("npm") is None:
            raise BenchError("npm is needed to install the pinned packages")
        cache.mkdir(parents=True, exist_ok=True)
        (cache / "package.json").write_text(json.dumps({"private": True, "dependencies": PINS}, indent=2) + "\n")
        print(f"installing {len(PINS)} pinned packages into {cache} ...")
        done = subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=cache, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            raise BenchError(f"npm install failed:\n{done.stderr.strip()}")
    return cache / "node_modules" / ".bin" / "esbuild"


def timed(argv: list[str], cwd: Path) -> float:
    # nbbundle compiles everything each run (no compile cache), as esbuild does.
    env = {**os.environ, "NBBUNDLE_CACHE": "off"}
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        raise BenchError(f"{shlex.join(argv)} failed:\n{done.stderr.strip()[-2000:]}")
    return elapsed


def run_bundle(path: Path, cwd: Path) -> str:
    done = subprocess.run(["node", str(path)], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    if done.returncode != 0:
        return f"FAILED: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"
    return done.stdout.strip()


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def measure(case: Case, cache: Path, esbuild: Path, runs: int, extra: list[str] = ()) -> dict[str, object]:
    folder = cache / "apps" / case.name
    folder.mkdir(parents=True, exist_ok=True)
    entry = folder / "main.mjs"
    entry.write_text(case.entry)
    ours, theirs = folder / "nbbundle.mjs", folder / "esbuild.mjs"
    nb = [sys.executable, "-m", "nbbundle", "build", str(entry), "-o", str(ours), "--mode", "production",
          "--format", "esm", "--quiet", *extra]
    es = [str(esbuild), str(entry), "--bundle", "--minify", "--format=esm", f"--outfile={theirs}",
          "--log-level=error", "--define:process.env.NODE_ENV=\"production\""]
    times: dict[str, list[float]] = {"nbbundle": [], "esbuild": []}
    for _ in range(runs):
        times["nbbundle"].append(timed(nb, REPO_ROOT))
        times["esbuild"].append(timed(es, REPO_ROOT))
    figures = {
        "nbbundle": {"bytes": ours.stat().st_size, "gzip": gzip_size(ours),
                     "median_ms": statistics.median(times["nbbundle"]), "prints": run_bundle(ours, folder)},
        "esbuild": {"bytes": theirs.stat().st_size, "gzip": gzip_size(theirs),
                    "median_ms": statistics.median(times["esbuild"]), "prints": run_bundle(theirs, folder)},
    }
    figures["size_ratio"] = figures["nbbundle"]["gzip"] / figures["esbuild"]["gzip"]  # type: ignore[index]
    figures["time_ratio"] = figures["nbbundle"]["median_ms"] / figures["esbuild"]["median_ms"]  # type: ignore[index]
    return figures


def widget_esm_size(*, minified: bool = False) -> tuple[int, int]:
    sys.path.insert(0, str(REPO_ROOT))
    from nbbundle.bundle.runtime_prelude import minified_widget_esm, readable_widget_esm

    text = (minified_widget_esm() if minified else readable_widget_esm()).encode()
    return len(text), len(gzip.compress(text, compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--case", action="append", choices=[c.name for c in CASES])
    parser.add_argument("--nbbundle-arg", action="append", default=[], metavar="ARG",
                        help="an argument for nbbundle's build, e.g. --nbbundle-arg=--no-minify")
    args = parser.parse_args(argv)
    cache = args.cache.resolve()
    esbuild = ensure_packages(cache)
    chosen = [c for c in CASES if not args.case or c.name in args.case]
    print(f"{args.runs} interleaved run(s) per tool; esbuild {ESBUILD_VERSION} --bundle --minify --format=esm; "
          f"nbbundle build --mode production --format esm {' '.join(args.nbbundle_arg)}\n")
    print(f"{'case':<11}{'nbbundle B':>12}{'gzip':>9}{'esbuild B':>12}{'gzip':>9}{'gzip ×':>8}"
          f"{'nb ms':>8}{'es ms':>8}{'time ×':>8}  same output   size ≤{SIZE_TARGET}×  time ≤{TIME_TARGET:g}×")
    failed = False
    for case in chosen:
        f = measure(case, cache, esbuild, args.runs, args.nbbundle_arg)
        ours, theirs = f["nbbundle"], f["esbuild"]
        same = ours["prints"] == theirs["prints"] and not str(ours["prints"]).startswith("FAILED")  # type: ignore[index]
        failed |= not same
        print(f"{case.name:<11}{ours['bytes']:>12,}{ours['gzip']:>9,}{theirs['bytes']:>12,}{theirs['gzip']:>9,}"  # type: ignore[index]
              f"{f['size_ratio']:>8.2f}{ours['median_ms']:>8.0f}{theirs['median_ms']:>8.0f}{f['time_ratio']:>8.2f}"  # type: ignore[index]
              f"  {'yes' if same else 'NO':<12}"
              f"{'PASS' if f['size_ratio'] <= SIZE_TARGET else 'MISS':<12}{'PASS' if f['time_ratio'] <= TIME_TARGET else 'MISS'}")  # type: ignore[operator]
        if not same:
            print(f"    nbbundle printed {ours['prints']!r}; esbuild {theirs['prints']!r}")  # type: ignore[index]
    raw, packed = widget_esm_size()
    small, small_packed = widget_esm_size(minified=True)
    print(f"\nthe widget's own _esm (js/widget.js and what it imports): readable {raw:,} bytes, {packed:,} gzip; "
          f"minified (as the wheel ships it) {small:,} bytes, {small_packed:,} gzip")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
