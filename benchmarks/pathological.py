"""Inputs of a pathological shape, at 1×, 10× and 100× size: compile time and peak memory.

Each input is one module of a shape that made a pass of the compiler quadratic (or recursive)
at some point: a TypeScript enum whose members refer to earlier members, JSX elements with
expression attributes, nested generics, ``as any`` chained, deep namespaces, and their
JavaScript analogues (JSX in ``.jsx``, deep blocks and functions, long chains). Every case runs
in a fresh process (so a run's peak memory is its own): the process compiles a small module
first (grammars and imports loaded), then the input, timed (the best of three runs when they
are quick); peak memory is the process's maximum RSS less its RSS before the input.

Time should grow in proportion to the input: the last column is the ratio of each size's time
to the previous size's (10× the input), in CPU seconds (the process's own: other processes on a
shared machine count less than in wall time); a linear pass stays near 10 (at the smallest sizes,
fixed costs keep it lower). The column after it is the same ratio for tree-sitter's parse of the
same text alone, which is linear by construction: what the machine adds (a text of 600 KB parses
into a tree of 26 MB, past the 2 MB cache of a core, and every pass slows alike; the ratio falls
back to 10 from there on). A ratio above ``--limit`` (default 12) is flagged, and the exit
code is 1 if any was; an input the compiler refuses (a diagnostic) is a row too, and exits 2
only when it is a traceback (a bug), since refusing is a legitimate answer.

    python benchmarks/pathological.py [--case NAME ...] [--scale 1] [--limit 12] [--json PATH]
    python benchmarks/pathological.py --instructions [--case NAME ...]

``--scale`` multiplies every size (0.1 for a quick look). No third-party tools are needed, except
valgrind for ``--instructions``: each row then counts the instructions executed (callgrind: the
warm-up's count subtracted from the warm-up and the input's), which neither the machine's load
nor its caches change, so the ratio is the algorithm's own growth (exactly 10 for a linear pass,
100 for a quadratic one). Peak memory is not measured in that mode.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    """The resolver's kind: ts, tsx, jsx, js."""
    base: int
    """Units of the shape at 1× (the 100× size is the issue's reproduction)."""
    make: Callable[[int], str]
    minify: bool = False
    """Compiled and minified (``compile/minify/``), as a production build does."""


def _enum_numbers(n: int) -> str:
    members = ["  M0 = 1,"] + [f"  M{i} = M{i - 1} + {i}," for i in range(1, n)]
    return "export enum E {\n" + "\n".join(members) + "\n}\nconsole.log(E.M1);\n"


def _enum_strings(n: int) -> str:
    members = [f'  S{i} = "s{i}",' for i in range(n)]
    return "export enum S {\n" + "\n".join(members) + "\n}\nconsole.log(S.S0);\n"


def _jsx_attributes(n: int) -> str:
    rows = [f'    <div key={{{i}}} className={{c{i % 7}}} onClick={{() => f({i})}} title="t">{{v}}</div>'
            for i in range(n)]
    return ("const c0 = 0, c1 = 1, c2 = 2, c3 = 3, c4 = 4, c5 = 5, c6 = 6, v = 1;\n"
            "function f(x: number) { return x; }\n"
            "export const list = (\n  <section>\n" + "\n".join(rows) + "\n  </section>\n);\n")


def _jsx_attributes_js(n: int) -> str:
    return _jsx_attributes(n).replace("(x: number)", "(x)")


def _jsx_nested(n: int) -> str:
    return "const v = 1;\nexport const tree = " + "<div a={v}>" * n + "{v}" + "</div>" * n + ";\n"


def _nested_generics(n: int) -> str:
    return "type A<T> = T[];\nexport let x: " + "A<" * n + "number" + ">" * n + " = [];\n"


def _as_any(n: int) -> str:
    return "const v = 1;\nexport const x = v" + " as any" * n + ";\n"


def _as_any_statements(n: int) -> str:
    return "const v = 1;\n" + "".join(f"export const x{i} = v as any;\n" for i in range(n))


def _namespaces(n: int) -> str:
    opening = "".join(f"export namespace N{i} {{ export const k{i} = {i};\n" for i in range(n))
    return "namespace Root {\n" + opening + "}\n" * n + "}\nconsole.log(Root);\n"


def _namespaces_values_inside(n: int) -> str:
    opening = "".join(f"export namespace N{i} {{\n" for i in range(n))
    return "namespace Root {\n" + opening + "export const k = 1;\n" + "}\n" * n + "}\nconsole.log(Root);\n"


def _import_aliases(n: int) -> str:
    return "namespace N { export const a = 1; }\n" + "".join(f"import A{i} = N.a;\nconsole.log(A{i});\n" for i in range(n))


def _js_nested_blocks(n: int) -> str:
    return "let v = 1;\n" + "{ let a = v;\n" * n + "}\n" * n


def _js_nested_functions(n: int) -> str:
    return "let v = 1;\nexport const f = " + "() => {\n" * n + "return v;\n" + "};\n" * n


def _js_chain(n: int) -> str:
    return "let v = 1;\nexport const x = v" + " + v" * n + ";\n"


def _js_many_scopes(n: int) -> str:
    """Functions with locals, blocks, closures, comments and line breaks: what minifying renames and joins."""
    unit = ("// a helper\nfunction helper{i}(firstArgument, secondArgument) {{\n"
            "  const localValue = firstArgument + secondArgument\n"
            "  for (let index = 0; index < 2; index++) {{ const inner = index * localValue; secondArgument += inner }}\n"
            "  return (value) => value + localValue + `t${{secondArgument}}`\n}}\n")
    return "".join(unit.format(i=i) for i in range(n)) + "export const last = helper0(1, 2);\n"


CASES = [
    Case("enum-numbers", "ts", 40, _enum_numbers),
    Case("enum-strings", "ts", 100, _enum_strings),
    Case("jsx-attributes", "tsx", 100, _jsx_attributes),
    Case("jsx-nested", "tsx", 20, _jsx_nested),
    Case("generics-nested", "ts", 200, _nested_generics),
    Case("as-any-chain", "ts", 200, _as_any),
    Case("as-any-statements", "ts", 200, _as_any_statements),
    Case("namespaces-deep", "ts", 10, _namespaces),
    Case("namespaces-inside", "ts", 10, _namespaces_values_inside),
    Case("import-aliases", "ts", 20, _import_aliases),
    Case("jsx-in-js", "jsx", 100, _jsx_attributes_js),
    Case("js-blocks-deep", "js", 20, _js_nested_blocks),
    Case("js-functions-deep", "js", 20, _js_nested_functions),
    Case("js-chain", "js", 200, _js_chain),
    Case("minify-scopes", "js", 50, _js_many_scopes, minify=True),
    Case("minify-functions-deep", "js", 20, _js_nested_functions, minify=True),
    Case("minify-blocks-deep", "js", 20, _js_nested_blocks, minify=True),
]

# Run in the child: compile a warm-up module, then the input; print one JSON line.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from nbbundle.compile.transform import transform
from nbbundle.compile.errors import NbbundleError
from nbbundle.compile.options import CompileOptions
kind, path, mode, minify = sys.argv[1:5]
options = CompileOptions(minify=True) if minify == "minify" else None
source = Path(path).read_text()
warm = {"ts": "let a: number = 1; enum W { A = 1 }", "tsx": "const e = <b a={1}>x</b>;",
        "jsx": "const e = <b a={1}>x</b>;", "js": "export let a = 1;"}[kind]
transform("warm." + kind, warm, kind, options=options)
from nbbundle.compile.javascript import syntax as js_syntax
from nbbundle.compile.typescript import syntax as ts_syntax
parser = js_syntax._parser() if kind == "js" else ts_syntax._parser(kind)
# Under callgrind (--instructions) one process does one thing once: the warm-up alone, or the
# warm-up and the input's compile, or the warm-up and its parse; the counts are subtracted.
if mode == "compile":
    try:
        transform("input." + kind, source, kind, options=options)
    except NbbundleError:
        pass
if mode == "parse":
    parser.parse(source.encode())
if mode != "time":
    sys.exit(0)
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize()
before = rss()
outcome, times = "ok", []
while len(times) < 3 and sum(times) < 10:  # the best of three, unless slow (a shared machine)
    start = time.process_time()
    try:
        transform(f"input{len(times)}." + kind, source, kind, options=options)  # another id: not a cache hit
    except NbbundleError as error:
        outcome = "refused: " + error.diagnostics[0].message[:60]
    times.append(time.process_time() - start)
seconds = min(times)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
# The machine's own growth: tree-sitter's parse of the same text is linear by construction (an
# LR parser), so its ratio is what caches and memory add to every pass at this size.
data, parses = source.encode(), []
while len(parses) < 3 and sum(parses) < 5:
    start = time.process_time()
    parser.parse(data)
    parses.append(time.process_time() - start)
print(json.dumps({"seconds": seconds, "peak": max(0, peak - before), "outcome": outcome, "parse": min(parses)}))
"""


def _minify(case: Case) -> str:
    return "minify" if case.minify else "plain"


def _instructions(case: Case, path: Path, mode: str, workdir: Path, timeout: float) -> int:
    """Instructions one child process executes under callgrind (``mode``: warm, compile, parse).

    Counts, unlike seconds, do not depend on the machine's load or on its caches: the count of a
    linear pass grows exactly 10× per 10×, and a quadratic one 100×. The hash seed is fixed so two
    runs of the same work execute the same instructions.
    """
    out = workdir / f"callgrind-{os.getpid()}.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                    sys.executable, "-c", _CHILD, case.kind, str(path), mode, _minify(case)],
                   capture_output=True, text=True, cwd=REPO_ROOT, timeout=timeout, check=True,
                   env={**os.environ, "NBBUNDLE_CACHE": "off", "PYTHONHASHSEED": "0"})
    try:
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    finally:
        out.unlink(missing_ok=True)
    raise RuntimeError(f"no instruction count in callgrind's output for {path.name}")


def count_one(case: Case, size: int, workdir: Path, timeout: float) -> dict:
    """The input's compile and its parse alone, in instructions (the warm-up's count subtracted)."""
    source = case.make(size)
    path = workdir / f"{case.name}-{size}.{case.kind}"
    path.write_text(source)
    try:
        warm = _instructions(case, path, "warm", workdir, timeout)
        compiled = _instructions(case, path, "compile", workdir, timeout)
        parsed = _instructions(case, path, "parse", workdir, timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "peak": 0, "outcome": f"timed out after {timeout:.0f} s", "bytes": len(source)}
    except subprocess.CalledProcessError as error:
        last = (error.stderr.strip().splitlines() or ["no output"])[-1]
        return {"seconds": 0.0, "peak": 0, "outcome": f"crashed: {last[:80]}", "bytes": len(source)}
    # "seconds" and "parse" hold instruction counts here (in billions in the table).
    return {"seconds": max(compiled - warm, 1), "parse": max(parsed - warm, 1), "peak": 0, "outcome": "ok",
            "bytes": len(source), "unit": "instructions"}


def run_one(case: Case, size: int, workdir: Path, timeout: float) -> dict:
    source = case.make(size)
    path = workdir / f"{case.name}-{size}.{case.kind}"
    path.write_text(source)
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD, case.kind, str(path), "time", _minify(case)],
                              capture_output=True, text=True,
                              cwd=REPO_ROOT, timeout=timeout, check=False,
                              env={**os.environ, "NBBUNDLE_CACHE": "off"})  # compiles, not cache reads
    except subprocess.TimeoutExpired:
        return {"seconds": timeout, "peak": 0, "outcome": f"timed out after {timeout:.0f} s", "bytes": len(source)}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"seconds": 0.0, "peak": 0, "outcome": f"crashed: {last[:80]}", "bytes": len(source)}
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["bytes"] = len(source)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", choices=[c.name for c in CASES], help="only these cases")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.1: a quick look)")
    parser.add_argument("--limit", type=float, default=12.0, help="largest time ratio per 10× accepted")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run before giving up")
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions under valgrind's callgrind instead of timing (slow: "
                             "about 50× the time; steady whatever the machine's load)")
    args = parser.parse_args()
    if args.instructions and not shutil.which("valgrind"):
        parser.error("--instructions needs valgrind on PATH (apt-get install valgrind)")
    measure = count_one if args.instructions else run_one
    workdir = REPO_ROOT / "benchmarks" / ".cache" / "pathological"
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; each row one fresh process", flush=True)
    unit = "G instr" if args.instructions else "time"
    print(f"{'case':<20} {'size':>8} {'bytes':>10} {unit:>9} {'peak MB':>8} {'×prev':>6}  {'parse×':>6}  outcome",
          flush=True)
    rows, flagged, crashed = [], False, False
    for case in CASES:
        if args.case and case.name not in args.case:
            continue
        previous = previous_parse = None
        for factor in (1, 10, 100):
            size = max(1, round(case.base * factor * args.scale))
            figures = measure(case, size, workdir, args.timeout)
            ratio = figures["seconds"] / previous if previous else None
            over = ratio is not None and ratio > args.limit
            flagged |= over or figures["outcome"].startswith("timed out")
            crashed |= figures["outcome"].startswith("crashed")
            ratio_text = f"{ratio:6.1f}" if ratio is not None else "     -"
            parse = figures.get("parse")
            parse_ratio = parse / previous_parse if parse is not None and previous_parse else None
            parse_text = f"{parse_ratio:6.1f}" if parse_ratio is not None else "     -"
            amount = (f"{figures['seconds'] / 1e9:>9.3f}" if args.instructions
                      else f"{figures['seconds']:>8.3f}s")
            print(f"{case.name:<20} {size:>8} {figures['bytes']:>10} {amount} "
                  f"{figures['peak'] / 2**20:>8.1f} {ratio_text}{' !' if over else '  '}{parse_text}  {figures['outcome']}",
                  flush=True)
            rows.append({"case": case.name, "kind": case.kind, "size": size, **figures, "ratio": ratio,
                         "parse_ratio": parse_ratio})
            previous = figures["seconds"] if args.instructions else max(figures["seconds"], 1e-3)
            previous_parse = (parse if args.instructions else max(parse, 1e-4)) if parse is not None else None
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 2 if crashed else 1 if flagged else 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"total {time.perf_counter() - started:.0f} s")
    sys.exit(code)
