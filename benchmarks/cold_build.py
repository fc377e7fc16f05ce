"""Cold builds of three.js and of a TypeScript package: nbbundle against esbuild.

Bundles three.js from its ES module sources (``three/src/Three.js``, a few hundred modules) into
one classic script with both tools, each run in a fresh process, so every run pays for
interpreter start-up, imports, parsing and writing: the cold path a user meets on a first build.
The TypeScript case does the same with the ``.ts`` sources that ``@tanstack/query-core`` ships
(``src/index.ts``): types stripped, enums and parameter properties compiled, by both tools.
For each tool it records wall-clock time (``time.perf_counter`` around the child process) and the
child's peak resident set size (``ru_maxrss`` from ``os.wait4``), then checks that both bundles
run under node.

This is a benchmark, not a test: it prints figures, and its exit code only says whether the
builds and the bundles worked, never whether nbbundle was fast enough. The machines it runs on are
shared and noisy, so absolute times drift from run to run; it interleaves the tools (nbbundle,
esbuild, nbbundle, ...) so that noise hits both, and reports medians and the nbbundle/esbuild
ratio, which is the figure to compare over time (targets: at most 4x esbuild's wall time, and
a peak memory below esbuild's). A third column, ``warm``, runs the same nbbundle build again in a
fresh process with its compile cache (``NBBUNDLE_CACHE_DIR``) filled by an earlier run: what a
second build or a restarted kernel pays (target: at most esbuild's cold time); the cold column
starts each run with an empty cache.

Pinned tools are installed with npm into a cache folder (default ``benchmarks/.cache/``) on first
use. Linux or macOS only (``os.wait4``).

    python benchmarks/cold_build.py [--case three|typescript|all] [--runs 7] [--cache DIR]
                                    [--json PATH] [--nbbundle-cmd CMD] [--baseline-cmd CMD]

``--baseline-cmd`` times a second nbbundle (another checkout, an older version) in the same
interleaved runs, cold like the first (an empty ``NBBUNDLE_CACHE_DIR`` of its own each run), so a
change is measured before and after under the same noise. The load
average is printed before and after each case's runs: on a shared machine it says how much the
figures can be trusted (nbbundle starts one worker per CPU it may use, whatever the load).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

THREE_VERSION = "0.187.0"
QUERY_CORE_VERSION = "5.108.4"
ESBUILD_VERSION = "0.28.2"
TARGET_RATIO = 4.0
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = REPO_ROOT / "benchmarks" / ".cache"
ESBUILD_FLAGS = ["--bundle", "--format=iife", "--log-level=warning"]
DEFAULT_NBBUNDLE_CMD = f"{shlex.quote(sys.executable)} -m nbbundle build {{entry}} -o {{out}}"

# Relative specifiers of static `import ... from`, `export ... from` and `import '...'`.
# A regex, not a parser: comments and strings can fool it, so the counts are approximate.
SPECIFIER_RE = re.compile(
    r"""\b(?:import|export)\b[^'";]*?\bfrom\s*['"](\.{1,2}/[^'"]+)['"]"""
    r"""|\bimport\s*['"](\.{1,2}/[^'"]+)['"]"""
)


class BenchError(Exception):
    """A failure that stops the benchmark with a message and exit code 1."""


@dataclass
class Tool:
    name: str
    argv: list[str]
    out: Path
    log: Path
    wall_ms: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    node_error: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    """Set for this tool's runs (nbbundle's cache folder)."""
    fresh: Path | None = None
    """A folder removed before every run (the cold build's empty cache)."""


def installed_version(cache: Path, package: str) -> str | None:
    manifest = cache / "node_modules" / package / "package.json"
    try:
        return str(json.loads(manifest.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return None


def ensure_tools(cache: Path) -> Path:
    """Install the pinned three and esbuild into `cache` unless present; return esbuild's bin."""
    pins = {"three": THREE_VERSION, "@tanstack/query-core": QUERY_CORE_VERSION, "esbuild": ESBUILD_VERSION}
    if any(installed_version(cache, name) != version for name, version in pins.items()):
        if shutil.which("npm") is None:
            raise BenchError("npm not found on PATH; it is needed to install three and esbuild")
        cache.mkdir(parents=True, exist_ok=True)
        manifest = {"private": True, "dependencies": pins}
        (cache / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
        print(f"installing {' '.join(f'{n}@{v}' for n, v in pins.items())} into {cache} ...")
        cmd = ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts=false"]
        done = subprocess.run(cmd, cwd=cache, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise BenchError(f"npm install failed (exit {done.returncode}):\n{done.stderr.strip()}")
    esbuild = cache / "node_modules" / ".bin" / "esbuild"
    hint = (
        "esbuild's npm package needs its platform binary package (e.g. @esbuild/linux-x64), "
        "which npm installs as an optional dependency: check that optional dependencies are "
        f"not omitted (npm config get omit), then delete {cache} and run again"
    )
    try:
        probe = subprocess.run(
            [str(esbuild), "--version"], capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise BenchError(f"cannot run {esbuild}: {error}\n{hint}") from None
    if probe.returncode != 0 or probe.stdout.strip() != ESBUILD_VERSION:
        got = (probe.stdout + probe.stderr).strip()
        raise BenchError(f"{esbuild} --version gave {got!r}, expected {ESBUILD_VERSION}\n{hint}")
    return esbuild


def scan_graph(entry: Path) -> tuple[int, int]:
    """Approximate (modules, bytes) statically reachable from `entry` through relative imports."""
    seen: set[Path] = set()
    pending = [entry.resolve()]
    total = 0
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        total += path.stat().st_size
        for match in SPECIFIER_RE.finditer(text):
            target = (path.parent / (match.group(1) or match.group(2))).resolve()
            for candidate in (target, target.with_name(target.name + ".js"), target.with_name(target.name + ".ts"),
                      target / "index.js", target / "index.ts"):
                if candidate.is_file():
                    pending.append(candidate)
                    break
    return len(seen), total


# Python's bytecode cache is part of an installed package (pip compiles it at install time), so
# the children may write and read it even where the environment turns writing off; the untimed
# warm-up run in main() writes it, like a user's first import after installing.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed_run(tool: Tool) -> int:
    """Run `tool` once in a fresh process; record wall time and peak RSS; return the exit code."""
    tool.out.unlink(missing_ok=True)
    if tool.fresh is not None:
        shutil.rmtree(tool.fresh, ignore_errors=True)
    with tool.log.open("wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            tool.argv, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
            env={**CHILD_ENV, **tool.env},
        )
        _, status, rusage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait
    tool.wall_ms.append(elapsed * 1000)
    tool.rss_kib.append(rusage.ru_maxrss // 1024 if sys.platform == "darwin" else rusage.ru_maxrss)
    # User + system time of the child and of the processes it waited for (nbbundle's workers).
    tool.cpu_ms.append((rusage.ru_utime + rusage.ru_stime) * 1000)
    return proc.returncode


def check_node(bundle: Path) -> str | None:
    """Run `bundle` with node; return None if it exits 0, else a description with stderr's tail."""
    try:
        done = subprocess.run(
            ["node", str(bundle)], capture_output=True, text=True, timeout=120, check=False
        )
    except subprocess.TimeoutExpired:
        return "node timed out after 120 s"
    if done.returncode == 0:
        return None
    tail = "\n".join(done.stderr.strip().splitlines()[-15:])
    return f"node exited {done.returncode}:\n{tail}"


def summarize(tool: Tool) -> dict[str, Any]:
    return {
        "wall_ms": [round(ms, 1) for ms in tool.wall_ms],
        "peak_rss_kib": tool.rss_kib,
        "median_wall_ms": round(statistics.median(tool.wall_ms), 1),
        "min_wall_ms": round(min(tool.wall_ms), 1),
        "max_wall_ms": round(max(tool.wall_ms), 1),
        "median_peak_rss_mb": round(statistics.median(tool.rss_kib) / 1024, 1),
        "median_cpu_ms": round(statistics.median(tool.cpu_ms), 1),
        "output_bytes": tool.out.stat().st_size if tool.out.exists() else None,
        "node_ok": tool.node_error is None,
    }


def _loads(load: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in load) + f" (1, 5, 15 min; {os.cpu_count()} CPUs)"


@dataclass
class Case:
    """One entry to build with both tools."""

    name: str
    title: str
    entry: Path
    target_ratio: float | None
    """Cold nbbundle / esbuild: issue 21's bound (at most 4×)."""
    cold_goal: float | None
    """Cold nbbundle / esbuild: issue 20's goal."""


def cases(cache: Path) -> dict[str, Case]:
    modules = cache / "node_modules"
    return {
        "three": Case("three", f"three@{THREE_VERSION} src/Three.js", modules / "three" / "src" / "Three.js",
                      TARGET_RATIO, 3.0),
        "typescript": Case("typescript", f"@tanstack/query-core@{QUERY_CORE_VERSION} src/index.ts (TypeScript)",
                           modules / "@tanstack" / "query-core" / "src" / "index.ts", None, 6.0),
    }


def run_case(case: Case, args: argparse.Namespace, esbuild: Path, out_dir: Path) -> tuple[dict[str, Any], list[Tool]]:
    """Build ``case`` ``args.runs`` times with each tool, interleaved; print and return the figures."""
    nb_out, es_out = out_dir / f"{case.name}-nbbundle.js", out_dir / f"{case.name}-esbuild.js"
    nb_argv = [part.format(entry=case.entry, out=nb_out) for part in shlex.split(args.nbbundle_cmd)]
    # Cold: an empty compile cache every run (what a first build pays, writing the cache
    # included). Warm: the same build again in a fresh process, the cache filled by the
    # untimed first run (a restarted kernel, a second build).
    cold_cache, warm_cache = out_dir / f"{case.name}-cold-cache", out_dir / f"{case.name}-warm-cache"
    shutil.rmtree(warm_cache, ignore_errors=True)
    warm_out = out_dir / f"{case.name}-nbbundle-warm.js"
    warm_argv = [part.format(entry=case.entry, out=warm_out) for part in shlex.split(args.nbbundle_cmd)]
    tools = [
        Tool("nbbundle", nb_argv, nb_out, out_dir / f"{case.name}-nbbundle.log",
             env={"NBBUNDLE_CACHE_DIR": str(cold_cache)}, fresh=cold_cache),
        Tool(
            "esbuild",
            [str(esbuild), str(case.entry), *ESBUILD_FLAGS, f"--outfile={es_out}"],
            es_out,
            out_dir / f"{case.name}-esbuild.log",
        ),
        Tool("warm", warm_argv, warm_out, out_dir / f"{case.name}-nbbundle-warm.log",
             env={"NBBUNDLE_CACHE_DIR": str(warm_cache)}),
    ]
    if args.baseline_cmd:
        base_out = out_dir / f"{case.name}-baseline.js"
        base_argv = [part.format(entry=case.entry, out=base_out) for part in shlex.split(args.baseline_cmd)]
        # Cold like the nbbundle column: without a cache folder of its own it would use the user's
        # cache, which the untimed first run fills, and time a warm (recorded) build instead.
        base_cache = out_dir / f"{case.name}-baseline-cache"
        tools.append(Tool("baseline", base_argv, base_out, out_dir / f"{case.name}-baseline.log",
                          env={"NBBUNDLE_CACHE_DIR": str(base_cache)}, fresh=base_cache))

    modules, source_bytes = scan_graph(case.entry)
    print(
        f"\n== {case.title}: ~{modules} modules, ~{source_bytes / 1024:.0f} KB "
        "reachable (approximate: regex scan of relative static imports)"
    )
    print(f"esbuild@{ESBUILD_VERSION}; nbbundle: {shlex.join(nb_argv)}")
    for tool in tools[3:]:
        print(f"{tool.name}: {shlex.join(tool.argv)}")
    print("warm: nbbundle again in a fresh process with its compile cache filled; nbbundle: an empty cache each run")

    for tool in tools:  # untimed: bytecode caches written, files in the page cache
        timed_run(tool)
        tool.wall_ms.clear(), tool.rss_kib.clear(), tool.cpu_ms.clear()
    load_before = os.getloadavg()
    print(f"load average before: {_loads(load_before)}")

    for i in range(args.runs):
        for tool in tools:
            code = timed_run(tool)
            if code != 0 or not tool.out.exists():
                output = tool.log.read_text(errors="replace").strip()
                why = f"exited {code}" if code != 0 else f"exited 0 but wrote no {tool.out}"
                raise BenchError(f"{tool.name} build of {case.name} {why} (run {i + 1}):\n{output}")
        times = ", ".join(f"{tool.name} {tool.wall_ms[-1]:.0f} ms" for tool in tools)
        print(f"  run {i + 1}/{args.runs}: {times}")

    load_after = os.getloadavg()
    print(f"load average after:  {_loads(load_after)}")
    for tool in tools:
        tool.node_error = check_node(tool.out)

    figures = {tool.name: summarize(tool) for tool in tools}
    print(
        f"\n{'tool':<10}{'median ms':>11}{'min ms':>10}{'max ms':>10}{'cpu ms':>9}"
        f"{'peak RSS MB':>13}{'output KB':>11}  node"
    )
    for tool in tools:
        f = figures[tool.name]
        print(
            f"{tool.name:<10}{f['median_wall_ms']:>11.1f}{f['min_wall_ms']:>10.1f}"
            f"{f['max_wall_ms']:>10.1f}{f['median_cpu_ms']:>9.0f}{f['median_peak_rss_mb']:>13.1f}"
            f"{f['output_bytes'] / 1024:>11.1f}  {'ok' if tool.node_error is None else 'FAIL'}"
        )
    ratio = figures["nbbundle"]["median_wall_ms"] / figures["esbuild"]["median_wall_ms"]
    print(f"\nratio nbbundle/esbuild ({case.name}, median wall): {ratio:.2f}×")
    if "baseline" in figures:
        base = figures["baseline"]["median_wall_ms"]
        print(f"baseline/esbuild: {base / figures['esbuild']['median_wall_ms']:.2f}×   "
              f"nbbundle/baseline: {figures['nbbundle']['median_wall_ms'] / base:.2f}×")
    warm_ratio = figures["warm"]["median_wall_ms"] / figures["esbuild"]["median_wall_ms"]
    print(f"ratio warm nbbundle/esbuild cold: {warm_ratio:.2f}×   target ≤ 1.00×: "
          f"{'PASS' if warm_ratio <= 1.0 else 'MISS'}")
    if case.cold_goal is not None:
        print(f"cold goal ≤ {case.cold_goal:.2f}× (issue 20): {'PASS' if ratio <= case.cold_goal else 'MISS'}")
    if case.target_ratio is not None:
        nb_rss, es_rss = figures["nbbundle"]["median_peak_rss_mb"], figures["esbuild"]["median_peak_rss_mb"]
        print(f"target ≤ {case.target_ratio:.2f}×: {'PASS' if ratio <= case.target_ratio else 'MISS'}")
        print(f"peak RSS: nbbundle {nb_rss:.1f} MB, esbuild {es_rss:.1f} MB   "
              f"target below esbuild: {'PASS' if nb_rss < es_rss else 'MISS'}")
    report = {
        "entry": str(case.entry),
        "approx_modules": modules,
        "approx_source_bytes": source_bytes,
        "nbbundle_cmd": nb_argv,
        "tools": figures,
        "ratio": round(ratio, 3),
        "warm_ratio": round(warm_ratio, 3),
        "load_average": {"before": list(load_before), "after": list(load_after)},
    }
    if case.target_ratio is not None:
        report.update(target_ratio=case.target_ratio, target_met=ratio <= case.target_ratio,
                      memory_target_met=nb_rss < es_rss)
    return report, tools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=["three", "typescript", "all"], default="all",
                        help="which build to time (default: all)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per tool (default 7)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="where npm installs the tools and inputs; outputs go to CACHE/out",
    )
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the figures here")
    parser.add_argument(
        "--nbbundle-cmd",
        default=DEFAULT_NBBUNDLE_CMD,
        metavar="CMD",
        help="nbbundle command line, with {entry} and {out} placeholders; run "
        "from the repository root (default: %(default)s)",
    )
    parser.add_argument(
        "--baseline-cmd",
        metavar="CMD",
        help="another nbbundle command line (same placeholders) timed in the same interleaved runs, "
        "e.g. \"sh -c 'cd /old/checkout && .venv/bin/python -m nbbundle build {entry} -o {out}'\"",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if shutil.which("node") is None:
        raise BenchError("node not found on PATH")

    cache = args.cache.resolve()
    esbuild = ensure_tools(cache)
    out_dir = cache / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    print(
        f"{args.runs} cold run(s) per tool, interleaved; {platform.platform()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    chosen = [c for name, c in cases(cache).items() if args.case in (name, "all")]
    reports: dict[str, Any] = {}
    failed: list[Tool] = []
    for case in chosen:
        reports[case.name], tools = run_case(case, args, esbuild, out_dir)
        failed += [tool for tool in tools if tool.node_error is not None]
    if len(chosen) > 1:
        print("\n" + "  ".join(f"{name}: {r['ratio']:.2f}×" for name, r in reports.items()) + "  (nbbundle/esbuild)")

    if args.json:
        report = {
            "three": THREE_VERSION,
            "query_core": QUERY_CORE_VERSION,
            "esbuild": ESBUILD_VERSION,
            "runs": args.runs,
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "cases": reports,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"figures written to {args.json}")

    sys.stdout.flush()  # keep stdout and stderr in order when both go to one pipe
    for tool in failed:
        print(f"\n{tool.name} bundle {tool.out} does not run: {tool.node_error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.stdout.flush()
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
