"""Reads of imported bindings at run time: a bundle against node's native ES modules.

Every read of an imported binding in a bundle goes through the exporting module's namespace
object (``__nbb_import_0__.x``), which is a Proxy (js/esm-interop.js); native ESM reads the
binding directly. This prints the cost per loop iteration of programs that do little else, run
natively (``node main.js``) and bundled (``node bundle.cjs``, a classic script), and the ratio:

* ``named``: a loop reading four named imports (a function, a ``let``, an object, a function that
  mutates the ``let``);
* ``namespace``: the same reads through ``import * as lib``;
* ``three.js``: 200 updates of a scene graph of 2,000 ``Object3D`` (three.js's own reads of its
  imports), plus 200,000 ``Vector3`` transforms, timed as a whole.

Each program times its own loops after a warm-up (``performance.now``), so process start-up is
not measured. Runs are interleaved (native, nbbundle, baseline, native, ...) and the medians are
printed; compare ratios, not absolute times. ``--baseline-cmd`` adds another nbbundle (e.g. an
older checkout, for the runtime before a change) as a third column.

    python benchmarks/namespace_reads.py [--runs 5] [--cache DIR] [--baseline-cmd CMD]

three.js comes from the cache cold_build.py installs (``benchmarks/.cache/``, by npm on first use).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from cold_build import DEFAULT_CACHE, REPO_ROOT, BenchError, ensure_tools

NBBUNDLE_CMD = f"{shlex.quote(sys.executable)} -m nbbundle build {{entry}} -o {{out}}"

LIB_JS = """\
export let counter = 0;
export function add(a, b) { return (a + b) | 0; }
export const table = { x: 1 };
export function tick() { counter++; }
"""

READS_JS = """\
import { add, counter, table, tick } from "./lib.js";
import * as lib from "./lib.js";
const N = 5_000_000;
function named(n) { let s = 0; for (let i = 0; i < n; i++) { s = add(s, counter) + table.x; tick(); } return s; }
function namespace(n) { let s = 0; for (let i = 0; i < n; i++) { s = lib.add(s, lib.counter) + lib.table.x; lib.tick(); } return s; }
for (const [name, loop] of [["named", named], ["namespace", namespace]]) {
  loop(N / 10);
  const start = performance.now();
  loop(N);
  console.log(JSON.stringify({ name, value: ((performance.now() - start) * 1e6) / N, unit: "ns/iter" }));
}
"""

THREE_JS = """\
import { Matrix4, Object3D, Vector3 } from "THREE_ENTRY";
function work() {
  const root = new Object3D();
  let parent = root;
  for (let i = 0; i < 2000; i++) {
    const child = new Object3D();
    child.position.set(i % 7, i % 11, i % 13);
    child.rotation.set(i * 0.01, i * 0.02, i * 0.03);
    (i % 10 === 0 ? root : parent).add(child);
    parent = child;
  }
  for (let k = 0; k < 200; k++) { root.rotation.y = k * 0.01; root.updateMatrixWorld(true); }
  const m = new Matrix4().makeRotationY(0.3);
  const v = new Vector3();
  let s = 0;
  for (let i = 0; i < 200000; i++) s += v.set(i, 1, 2).applyMatrix4(m).normalize().x;
  return s;
}
work();
const start = performance.now();
work();
console.log(JSON.stringify({ name: "three.js", value: performance.now() - start, unit: "ms" }));
"""


def write_programs(folder: Path, three_entry: Path) -> dict[str, Path]:
    """The benchmark's programs, each in its own folder with ``"type": "module"``."""
    relative = Path(os.path.relpath(three_entry, folder / "three")).as_posix()
    programs = {"reads": {"lib.js": LIB_JS, "main.js": READS_JS},
                "three": {"main.js": THREE_JS.replace("THREE_ENTRY", relative)}}
    entries = {}
    for name, files in programs.items():
        target = folder / name
        target.mkdir(parents=True)
        (target / "package.json").write_text('{ "type": "module" }\n')
        for file, text in files.items():
            (target / file).write_text(text)
        entries[name] = target / "main.js"
    return entries


def build(command: str, entry: Path, out: Path) -> None:
    argv = shlex.split(command.format(entry=shlex.quote(str(entry)), out=shlex.quote(str(out))))
    done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"{command} failed for {entry}:\n{done.stderr}{done.stdout}")


def figures(script: Path) -> dict[str, tuple[float, str]]:
    done = subprocess.run(["node", str(script)], cwd=script.parent, capture_output=True,
                          text=True, timeout=300, check=False)
    if done.returncode != 0:
        raise BenchError(f"node {script} exited {done.returncode}:\n{done.stderr[-2000:]}")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {line["name"]: (line["value"], line["unit"]) for line in lines}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per column (default 5)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where three.js is installed")
    parser.add_argument("--baseline-cmd", metavar="CMD",
                        help="another nbbundle command line with {entry} and {out}, as a third column")
    args = parser.parse_args(argv)
    ensure_tools(args.cache.resolve())
    three_entry = args.cache.resolve() / "node_modules" / "three" / "src" / "Three.js"
    columns = {"nbbundle": NBBUNDLE_CMD, **({"baseline": args.baseline_cmd} if args.baseline_cmd else {})}
    with tempfile.TemporaryDirectory(prefix="nbbundle-reads-") as tmp:
        entries = write_programs(Path(tmp), three_entry)
        scripts: dict[str, dict[str, Path]] = {"native": entries}
        for column, command in columns.items():
            scripts[column] = {}
            for name, entry in entries.items():
                out = entry.parent / f"{column}.cjs"
                build(command, entry, out)
                scripts[column][name] = out
        samples: dict[str, dict[str, list[float]]] = {column: {} for column in scripts}
        units: dict[str, str] = {}
        for _ in range(args.runs):
            for name in entries:
                for column in scripts:  # interleaved, so noise hits every column alike
                    for figure, (value, unit) in figures(scripts[column][name]).items():
                        samples[column].setdefault(figure, []).append(value)
                        units[figure] = unit
    print(f"median of {args.runs} runs (node {subprocess.check_output(['node', '--version'], text=True).strip()})")
    print(f"{'figure':<12}{'unit':<9}{'native ESM':>12}" + "".join(f"{c:>12}{'ratio':>8}" for c in columns))
    for figure, unit in units.items():
        native = statistics.median(samples["native"][figure])
        row = f"{figure:<12}{unit:<9}{native:>12.2f}"
        for column in columns:
            value = statistics.median(samples[column][figure])
            row += f"{value:>12.2f}{value / native:>7.2f}×"
        print(row)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"namespace_reads: {error}", file=sys.stderr)
        sys.exit(1)
