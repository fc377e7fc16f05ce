"""Random programs heavy in top-level await, for the differential fuzzer (hypothesis).

What they exercise is the order in which ECMA-262 runs async modules: modules ``m1.js`` … import
each other at random (diamonds and cycles are common), and each body logs when it starts and
ends, awaits in several ways (``await null``, a resolved promise, a timer, an ``await`` that a
false condition skips, so a module with top-level await can finish without waiting), queues
promise jobs of one to three ticks that log (so a module that runs a tick early or late shows),
and reads a ``var`` of each module it imports (undefined while that module has not run).

``main.js`` imports all of them, in a random order. Modules ``d1.js`` … are reached only by
``import()``: they import static modules and each other, and some throw (before their first
await or after it), so a rejection reaches importers and the ``import()`` promise. main imports
them one at a time, each after a timer and printing the outcome after another, so nothing
depends on how many ticks node's loader takes (which no bundle can reproduce). Static modules
call ``import()`` of static modules (which may still be waiting) and record the outcome; main
prints the records last, sorted.
"""

from __future__ import annotations

from hypothesis import strategies as st

AWAITS = [
    "await null;",
    "await Promise.resolve();",
    "await new Promise((resolve) => setTimeout(resolve, 0));",
    "if (globalThis.never) await null;",
    "await null; await null;",
]
JOBS = [
    "Promise.resolve().then(() => log('NAME job'));",
    "Promise.resolve().then(() => {}).then(() => log('NAME job 2'));",
    "Promise.resolve().then(() => {}).then(() => {}).then(() => log('NAME job 3'));",
    "queueMicrotask(() => log('NAME microtask'));",
]
UTIL = """export function log(...parts) { console.log(parts.join(' ')); }
export const records = [];
export function record(text) { records.push(text); }
"""


@st.composite
def tla_programs(draw: st.DrawFn) -> dict[str, str]:
    """A program of 2-6 static modules, 0-2 dynamic ones and main.js (see the module docstring)."""
    count = draw(st.integers(2, 6))
    statics = [f"m{i}" for i in range(1, count + 1)]
    dynamics = [f"d{i}" for i in range(1, draw(st.integers(0, 2)) + 1)]
    files: dict[str, str] = {"util.js": UTIL, "package.json": '{ "type": "module" }\n'}
    for name in statics:
        others = [other for other in statics if other != name]
        imports = draw(st.lists(st.sampled_from(others), max_size=3, unique=True)) if others else []
        files[f"{name}.js"] = _module(draw, name, imports, statics, throws=False)
    for name in dynamics:
        pool = statics + [other for other in dynamics if other != name]
        imports = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True))
        files[f"{name}.js"] = _module(draw, name, imports, statics, throws=draw(st.booleans()))
    entry_imports = draw(st.permutations(statics))
    lines = ["import { log, records } from './util.js';"]
    lines += [f"import './{name}.js';" for name in entry_imports]
    lines.append("log('main start');")
    lines += [draw(st.sampled_from(JOBS)).replace("NAME", "main")] if draw(st.booleans()) else []
    for name in dynamics:
        lines.append("await new Promise((resolve) => setTimeout(resolve, 0));")
        lines.append(f"const outcome_{name} = await import('./{name}.js').then("
                     f"(ns) => 'ok ' + ns.state, (error) => 'rejected ' + error.message);")
        lines.append("await new Promise((resolve) => setTimeout(resolve, 0));")
        lines.append(f"log('main import() {name}:', outcome_{name});")
    lines.append("await new Promise((resolve) => setTimeout(resolve, 0));")
    lines.append("for (const text of records.sort()) log(text);")
    lines.append("log('main end');")
    files["main.js"] = "\n".join(lines) + "\n"
    return files


def _module(draw: st.DrawFn, name: str, imports: list[str], statics: list[str], *, throws: bool) -> str:
    lines = ["import { log, record } from './util.js';"]
    lines += [f"import * as ns_{target} from './{target}.js';" for target in imports]
    lines.append(f"log('{name} start');")
    steps = draw(st.lists(st.sampled_from(["await", "job", "read", "import"]), max_size=4))
    failure_at = draw(st.integers(0, len(steps))) if throws else -1
    for index, step in enumerate(steps):
        if index == failure_at:
            lines.append(f"throw new Error('{name} failed');")
        if step == "await":
            lines.append(draw(st.sampled_from(AWAITS)))
        elif step == "job":
            lines.append(draw(st.sampled_from(JOBS)).replace("NAME", name))
        elif step == "read" and imports:
            target = draw(st.sampled_from(imports))
            lines.append(f"log('{name} reads {target}:', ns_{target}.state);")
        elif step == "import":
            target = draw(st.sampled_from(statics))
            lines.append(f"import('./{target}.js').then((ns) => record('{name} import() {target}: ' + ns.state),"
                         f" (error) => record('{name} import() {target} rejected: ' + error.message));")
    if failure_at == len(steps):
        lines.append(f"throw new Error('{name} failed');")
    lines.append(f"log('{name} end');")
    lines.append(f"export var state = '{name} done';")
    return "\n".join(lines) + "\n"
