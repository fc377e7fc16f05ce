"""Soak: memory over 1,000 re-runs of a module cell with a live view, next to a plain Python cell.

```sh
python benchmarks/soak.py              # 1,000 runs of each of the five cells
python benchmarks/soak.py --runs 200   # a shorter soak: checkpoints at 0, 20, 100 and 200 runs
```

One JupyterLab, one notebook, one headless Chromium page (the end-to-end tests' harness). The
notebook shows ``app.js``, whose view paints the label exported by ``label.js`` and accepts its
updates. Then, in the same kernel and page, three phases run one after the other:

* **plain**: ``print('plain-N')``, a plain Python cell, ``--runs`` times: Jupyter's own growth
  per execution (history, messages), the baseline;
* **plain, sized**: the same cell with a comment that makes it keep as much text as a module
  cell: IPython keeps every cell as typed once and as transformed twice (a ``%%module`` cell
  becomes ``get_ipython().run_cell_magic('module', 'label.js', "…")``, longer than typed), in
  memory (history and ``linecache``) and in its history database, so a longer cell costs
  Jupyter more per run whatever it does (``sized_padding``);
* **module**: ``%%module label.js`` with a new label each time, ``--runs`` times; every run waits
  until the live view's DOM shows the new label, so a real view receives and applies every
  update (kernel → websocket → widget → HMR client → DOM);
* **plain, 100 KB** and **module, 100 KB .tsx**: the same two again with a big cell, a plain cell
  with a 100 KB comment and ``%%module big.tsx``, 100 KB of typed components (TypeScript's
  pre-pass, JSX) that the app imports too, with a new label each time.

Each run is an ``execute_request`` with ``store_history`` like a cell's, sent on the notebook's
own kernel connection from the page (driving 2,000 runs through the notebook UI would measure
the UI). Before each phase, ``--warmup`` runs that are not counted. At 0, 10 %, 50 % and 100 %
of the runs of each phase: a garbage collection in the kernel (``gc.collect()``) and in the
page (CDP ``HeapProfiler.collectGarbage``), then the kernel's resident set size (``VmRSS`` of
``/proc/PID/status``), again after glibc's ``malloc_trim(0)`` gave back the free pages it keeps
("held": compiling a 100 KB module frees megabytes that glibc keeps for reuse, and that RSS
shows as growth without anything being held), the bytes glibc's malloc has handed out and not
had back ("malloc'd", ``mallinfo2``: what is held, without the free holes between live blocks
that the trimmed RSS still counts a page or so of each), its count of Python objects tracked by
the collector, and the page's used JS heap (CDP ``Runtime.getHeapUsage``).

The target: after warm-up, the module phase grows no more than the plain phase, in the kernel
and in the page (up to a noise allowance: 256 KB of RSS or heap, 100 objects, over the whole
phase); the verdict is given against both plain phases, and the big module's against the big
plain cell. PASS or MISS is informational; the exit
status is 0 when the phases ran, 1 when a run failed or timed out, 2 for bad arguments or a
machine without Chromium/procfs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests" / "e2e"), str(ROOT / "tests" / "python")]  # the harness and what it imports

from browser import CHROMIUM  # noqa: E402
from IPython.core.inputtransformer2 import TransformerManager  # noqa: E402
from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook  # noqa: E402

LABEL_JS = "%%module label.js\nexport const label = 'soak-{n}';\n"
APP_JS = """%%module app.js
import { label } from "./label.js";
export function render({ el }) {
  const span = document.createElement("span");
  span.className = "soak";
  const paint = (text) => { span.textContent = text; };
  paint(label);
  import.meta.hot?.accept("./label.js", (next) => paint(next.label));
  const big = document.createElement("span");
  big.className = "soak-big";
  big.textContent = bigLabel;
  import.meta.hot?.accept("./big.js", (next) => { big.textContent = next.label; });
  el.append(span, big);
}
"""
APP_JS = APP_JS.replace('import { label } from "./label.js";\n',
                        'import { label } from "./label.js";\nimport { label as bigLabel } from "./big.js";\n')
BIG_KB = 100


def big_tsx_body() -> str:
    """About ``BIG_KB`` KB of typed components (classic JSX with a local factory: no React)."""
    parts = ["/** @jsx h */\nconst h = (tag: string, props: object | null, ...children: unknown[]) => ({ tag, props, children });\n"]
    n = 0
    while sum(map(len, parts)) < BIG_KB * 1024:
        parts.append(f"type Props{n} = {{ count: number; name: string }};\n"
                     f"export const Item{n} = ({{ count, name }}: Props{n}) => "
                     f"<li className=\"item-{n}\">{{name}}: {{count as number}}</li>;\n")
        n += 1
    return "".join(parts)


BIG_TSX = "%%module big.tsx\n" + big_tsx_body() + "export const label: string = 'soak-{n}';\n"
CELLS = ["%load_ext nbbundle\nimport nbbundle", LABEL_JS.format(n="start"), BIG_TSX.replace("{n}", "start"), APP_JS,
         "nbbundle.show('app.js')"]
PLAIN = "print('plain-{n}')"
PHASES = {"plain": "plain", "sized": "plain, sized", "module": "module", "big_plain": "plain, 100 KB",
          "big": "module, 100 KB .tsx"}


def sized_padding(module: str = LABEL_JS) -> int:
    """How many characters of comment make a plain cell keep as much text in the kernel as
    ``module`` with a label of the same length.

    IPython keeps a cell's text three times, one copy as typed and two as transformed
    (tracemalloc in the soak's kernel, by traceback): the typed text in the history
    (``history.py``, ``In``'s raw side and ``_iN``, one string), the transformed text in the
    history (``In``/``_ih``) and in ``linecache`` for tracebacks (``compilerop.py``'s
    ``cache``). A ``%%module`` cell's transformed text, ``get_ipython().run_cell_magic(…,
    "…")``, is longer than its typed text (each newline and quote escaped: 1.3 KB more for the
    100 KB ``.tsx`` cell), and a plain cell's is its typed text: so the plain cell matches
    typed + 2 × transformed, not typed + transformed (which left the module cell 0.66 KB a run
    more to keep than its baseline, for nothing nbbundle holds)."""
    transform = TransformerManager().transform_cell
    module, plain = module.replace("{n}", "500"), PLAIN.format(n=500) + "  # "
    kept = len(module) + 2 * len(transform(module)) - len(plain) - 2 * len(transform(plain))
    return -(-kept // 3)

# Runs [from, to) of one phase from the page, on the notebook's kernel connection. A module run
# is done when the view shows its label; every wait has its own deadline (evaluate has none).
_SOAK = """async ([kind, from, to, timeoutMs, padding, big, bigPadding]) => {
    const kernel = window.__nbbPanel.sessionContext.session.kernel;
    const view = () => window.__nbbPanel.node.querySelector(kind === 'big' ? '.nbbundle-app .soak-big' : '.nbbundle-app .soak');
    // The deadline's timer is cleared when the run is done: a pending one (a closure, a promise
    // and a timer, for timeoutMs) would count as heap the run left behind, more for faster runs.
    const within = async (promise, what) => {
        let timer;
        try {
            return await Promise.race([promise, new Promise((_, reject) => {
                timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs);
            })]);
        } finally {
            clearTimeout(timer);
        }
    };
    for (let n = from; n < to; n++) {
        const code = kind === 'module' ? `%%module label.js\\nexport const label = 'soak-${n}';\\n`
                   : kind === 'sized' ? `print('plain-${n}')  # ${'x'.repeat(padding)}`
                   : kind === 'big' ? big.replace('{n}', String(n))
                   : kind === 'big_plain' ? `print('plain-${n}')  # ${'x'.repeat(bigPadding)}`
                   : `print('plain-${n}')`;
        const future = kernel.requestExecute({code, store_history: true, silent: false, stop_on_error: true});
        const reply = await within(future.done, `no reply to run ${n} (${kind})`);
        if (reply.content.status !== 'ok') throw new Error(`run ${n} (${kind}) failed: ${reply.content.evalue}`);
        if (kind === 'module' || kind === 'big') {
            const deadline = performance.now() + timeoutMs;
            while (view()?.textContent !== `soak-${n}`) {
                if (performance.now() > deadline) throw new Error(`the view did not show soak-${n}`);
                await new Promise((resolve) => setTimeout(resolve, 1));
            }
        }
    }
}"""

# A collection in the kernel, then its pid and object count (user_expressions: no history).
_KERNEL_GC = """async (timeoutMs) => {
    const kernel = window.__nbbPanel.sessionContext.session.kernel;
    const future = kernel.requestExecute({code: 'import gc as _nbb_gc, os as _nbb_os\\n_nbb_gc.collect()',
        silent: true, store_history: false,
        user_expressions: {pid: '_nbb_os.getpid()', objects: 'len(_nbb_gc.get_objects())'}});
    let timer;
    const reply = await Promise.race([future.done, new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no reply to the kernel measurement')), timeoutMs);
    })]).finally(() => clearTimeout(timer));
    const value = (name) => Number(reply.content.user_expressions[name].data['text/plain']);
    return {pid: value('pid'), objects: value('objects')};
}"""


# glibc keeps freed memory for reuse (and cannot give back a page that a live block still
# shares): ``malloc_trim`` returns what it can, so the second RSS figure is what is held. Then
# ``mallinfo2``: the bytes glibc has handed out and not had back (``uordblks`` + ``hblkhd``),
# every C allocation and every Python object over 512 bytes, without the free holes between
# them that RSS still counts (-1 where the C library is not glibc 2.33 or later).
_TRIM_CODE = """\
import ctypes as _nbb_ctypes
def _nbb_in_use():
    try:
        libc = _nbb_ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
        class Info(_nbb_ctypes.Structure):
            _fields_ = [(name, _nbb_ctypes.c_size_t) for name in
                        "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
        libc.mallinfo2.restype = Info
        info = libc.mallinfo2()
        return info.uordblks + info.hblkhd
    except (OSError, AttributeError):
        return -1
"""
_KERNEL_TRIM = """async ([code, timeoutMs]) => {
    const kernel = window.__nbbPanel.sessionContext.session.kernel;
    const future = kernel.requestExecute({code, silent: true, store_history: false,
                                          user_expressions: {inUse: '_nbb_in_use()'}});
    let timer;
    const reply = await Promise.race([future.done, new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no reply to the kernel trim')), timeoutMs);
    })]).finally(() => clearTimeout(timer));
    return Number(reply.content.user_expressions.inUse.data['text/plain']);
}"""


def rss_bytes(pid: int) -> int:
    """The resident set size of process ``pid`` (Linux's /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    msg = f"no VmRSS for process {pid}"
    raise RuntimeError(msg)


class Soak:
    """The page and the kernel of one JupyterLab notebook, run and measured."""

    def __init__(self, page: Any, timeout_ms: int) -> None:
        self.page = page
        self.timeout_ms = timeout_ms
        self.padding = sized_padding()
        self.big_padding = sized_padding(BIG_TSX)
        self.cdp = page.context.new_cdp_session(page)

    def run(self, kind: str, start: int, stop: int) -> None:
        self.page.evaluate(_SOAK, [kind, start, stop, self.timeout_ms, self.padding, BIG_TSX, self.big_padding])

    def measure(self) -> dict[str, float]:
        kernel = self.page.evaluate(_KERNEL_GC, self.timeout_ms)
        self.cdp.send("HeapProfiler.collectGarbage")
        self.cdp.send("HeapProfiler.collectGarbage")  # a second pass frees what finalizers released
        heap = self.cdp.send("Runtime.getHeapUsage")
        rss = rss_bytes(kernel["pid"])
        in_use = self.trim()
        return {"kernel_rss": rss, "kernel_rss_trimmed": rss_bytes(kernel["pid"]), "kernel_malloc": in_use,
                "kernel_objects": kernel["objects"], "js_heap": heap["usedSize"]}

    def trim(self) -> int:
        """Give glibc's free pages back; the bytes malloc has handed out (-1: not glibc)."""
        return int(self.page.evaluate(_KERNEL_TRIM, [_TRIM_CODE, self.timeout_ms]))


def soak_phase(soak: Soak, kind: str, runs: int, warmup: int, checkpoints: list[int],
               first_label: int) -> list[dict[str, float]]:
    """Warm up, then measure at each checkpoint; labels never repeat, so every run changes something."""
    soak.run(kind, first_label, first_label + warmup)
    base = first_label + warmup
    figures, done = [], 0
    for checkpoint in checkpoints:
        soak.run(kind, base + done, base + checkpoint)
        done = checkpoint
        figures.append({"runs": checkpoint, **soak.measure()})
        print(f"  {PHASES[kind]:12} {checkpoint:5} runs: kernel RSS {figures[-1]['kernel_rss'] / 2**20:7.1f} MB, "
              f"{figures[-1]['kernel_objects']:8,.0f} objects; JS heap {figures[-1]['js_heap'] / 2**20:7.2f} MB",
              file=sys.stderr, flush=True)
    return figures


_MEASURES = [  # label, key, unit, scale, how much more than the plain cell's growth is noise
    ("kernel RSS", "kernel_rss", "KB", 1024, 256 * 1024),
    ("kernel RSS held", "kernel_rss_trimmed", "KB", 1024, 256 * 1024),
    ("kernel malloc'd", "kernel_malloc", "KB", 1024, 256 * 1024),
    ("kernel objects", "kernel_objects", "", 1, 100),
    ("JS heap", "js_heap", "KB", 1024, 256 * 1024),
]
"""Allowances: RSS moves in whole pages and malloc arenas; a GC'd heap still varies by some
10 KB; the object count is exact but for caches of a few dozen entries. A leak of 1 KB or one
object per run exceeds them from a few hundred runs on."""


def report(results: dict[str, list[dict[str, float]]], runs: int, warmup: int, elapsed: dict[str, float]) -> bool:
    """Print the table and the verdicts; True when the module phase grows no more than the
    plain phase that keeps as much text (``sized``)."""
    plain, module = results["plain"], results["module"]
    print(f"soak: {runs} runs of each cell after {warmup} warm-up runs, one JupyterLab + Chromium; "
          f"figures after a GC in the kernel and in the page")
    print(f"{'runs':>6} | {'plain: kernel RSS':>17} {'objects':>9} {'JS heap':>9} | "
          f"{'module: kernel RSS':>18} {'objects':>9} {'JS heap':>9}")
    for p, m in zip(plain, module, strict=True):
        print(f"{p['runs']:>6} | {p['kernel_rss'] / 2**20:>14.1f} MB {p['kernel_objects']:>9,.0f} "
              f"{p['js_heap'] / 2**20:>6.2f} MB | {m['kernel_rss'] / 2**20:>15.1f} MB {m['kernel_objects']:>9,.0f} "
              f"{m['js_heap'] / 2**20:>6.2f} MB")
    verdicts = {}
    print("growth after warm-up (last checkpoint − first), total and per run:")
    for baseline, measured in (("plain", "module"), ("sized", "module"), ("big_plain", "big")):
        verdict = True
        for label, key, unit, scale, allowance in _MEASURES:
            p = results[baseline][-1][key] - results[baseline][0][key]
            m = results[measured][-1][key] - results[measured][0][key]
            ok = m <= p + allowance
            verdict &= ok
            print(f"  {label:15} {PHASES[baseline]:13} {p / scale:+10,.1f} {unit:2} ({p / scale / runs:+7.2f}/run)   "
                  f"{PHASES[measured]:19} {m / scale:+10,.1f} {unit:2} ({m / scale / runs:+7.2f}/run)   "
                  f"{'PASS' if ok else 'MISS'}")
        verdicts[baseline] = verdict
    print("time: " + ", ".join(f"{PHASES[kind]} {seconds:.0f} s ({seconds / (runs + warmup) * 1000:.0f} ms/run)"
                               for kind, seconds in elapsed.items()))
    print(f"target (module cell grows no more than the plain cell): {'PASS' if verdicts['plain'] else 'MISS'}; "
          f"than the plain cell keeping as much text: {'PASS' if verdicts['sized'] else 'MISS'}; "
          f"the 100 KB .tsx cell than a 100 KB plain cell: {'PASS' if verdicts['big_plain'] else 'MISS'}")
    return verdicts["sized"] and verdicts["big_plain"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1000, help="runs of each cell (default 1000); "
                        "measured at 0, 10 %%, 50 %% and 100 %% of them")
    parser.add_argument("--warmup", type=int, default=20, help="uncounted runs before each phase (default 20)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds one run may take (default 30)")
    parser.add_argument("--json", type=Path, help="also write every figure as JSON to this file")
    args = parser.parse_args(argv)
    if args.runs < 10 or args.warmup < 0:
        parser.error("--runs must be at least 10 and --warmup at least 0")
    if not Path(CHROMIUM).exists() or not Path("/proc/self/status").exists():
        print(f"soak: needs {CHROMIUM} (apt-get install chromium) and Linux's /proc", file=sys.stderr)
        return 2
    checkpoints = [0, args.runs // 10, args.runs // 2, args.runs]
    elapsed: dict[str, float] = {}
    try:
        with jupyter_server("lab") as server, browser_page() as page:
            name = write_notebook(server["root"], "soak.ipynb", CELLS)
            notebook = NotebookDriver(page, server)
            notebook.open(name)
            for index in range(len(CELLS)):
                notebook.run_cell(index)
            page.wait_for_function("() => window.__nbbPanel.node.querySelector('.nbbundle-app .soak')"
                                   "?.textContent === 'soak-start' && window.__nbbPanel.node.querySelector("
                                   "'.nbbundle-app .soak-big')?.textContent === 'soak-start'", timeout=60_000)
            soak = Soak(page, int(args.timeout * 1000))
            soak.trim()  # every RSS figure then counts from a trim
            results = {}
            for kind in PHASES:
                started = time.perf_counter()
                results[kind] = soak_phase(soak, kind, args.runs, args.warmup, checkpoints, 0)
                elapsed[kind] = time.perf_counter() - started
            errors = notebook.real_errors()
    except Exception as error:  # a failed or stuck run: say which, as one line
        print(f"soak: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}", file=sys.stderr)
        return 1
    report(results, args.runs, args.warmup, elapsed)
    if errors:
        print(f"page errors: {errors[:3]}")
    if args.json:
        args.json.write_text(json.dumps({"runs": args.runs, "warmup": args.warmup, "elapsed_s": elapsed,
                                         **results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
