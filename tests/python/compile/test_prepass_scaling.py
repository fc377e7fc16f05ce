"""The TypeScript/JSX pre-pass does work in proportion to its input, whatever the input's shape.

Not timed: the work of compiling an input is counted as the lines of nbbundle's Python that run
(a tracer), the text the edits write, and the tree-sitter queries compiled, at two sizes ten
times apart. The shapes are those that were quadratic (an enum whose members name earlier
members, JSX elements with expression attributes and keys, nested generics, ``as any`` chained,
namespaces in namespaces, nested JSX using imports, many ``import A = N.a``); ``benchmarks/pathological.py`` times the
same shapes at 1×, 10× and 100×. Deep inputs must also compile without a RecursionError and run
as TypeScript's own output runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from npm_cache import COMPILERS, npm_packages

import nbbundle.compile.text.position_map as position_map
from nbbundle.compile import disk_cache
from nbbundle.compile.options import DEFAULT_OPTIONS
from nbbundle.compile.transform import transform
from nbbundle.compile.typescript import syntax

PACKAGE = str(Path(syntax.__file__).resolve().parents[2])
REPO_ROOT = Path(PACKAGE).parent


def enum_members(n: int) -> str:
    members = ["  M0 = 1,"] + [f"  M{i} = M{i - 1} + {i}," for i in range(1, n)]
    return "export enum E {\n" + "\n".join(members) + "\n}\n"


def enum_strings(n: int) -> str:
    return "export enum S {\n" + "\n".join(f'  S{i} = "s{i}",' for i in range(n)) + "\n}\n"


def jsx_attributes(n: int) -> str:
    rows = [f'  <div key={{{i}}} className={{c}} onClick={{() => f({i})}}>{{v}}</div>,' for i in range(n)]
    return "const c = 0, v = 1;\nfunction f(x: number) { return x; }\nexport const list = [\n" + "\n".join(rows) + "\n];\n"


def jsx_nested_imports(n: int) -> str:
    return 'import { Box, v } from "./ui";\nexport const tree = ' + "<Box a={v}>" * n + "{v}" + "</Box>" * n + ";\n"


def nested_generics(n: int) -> str:
    return "type A<T> = T[];\nexport let x: " + "A<" * n + "number" + ">" * n + " = [];\n"


def as_any_chain(n: int) -> str:
    return "const v = 1;\nexport const x = v" + " as any" * n + ";\n"


def namespaces(n: int) -> str:
    opening = "".join(f"export namespace N{i} {{ export const k{i} = {'0' if i == 0 else f'k{i - 1}'} + 1;\n"
                      for i in range(n))
    return "export namespace Root {\n" + opening + "}\n" * n + "}\n"


def import_aliases(n: int) -> str:
    return "namespace N { export const a = 1; }\n" + "".join(f"import A{i} = N.a;\nconsole.log(A{i});\n" for i in range(n))


def require_imports(n: int) -> str:
    return "".join(f'import R{i} = require("./r{i}");\nconsole.log(R{i});\n' for i in range(n))


SHAPES: dict[str, tuple[str, Callable[[int], str], int]] = {
    "enum-members": ("ts", enum_members, 60),
    "enum-strings": ("ts", enum_strings, 60),
    "jsx-attributes": ("tsx", jsx_attributes, 40),
    "jsx-nested-imports": ("tsx", jsx_nested_imports, 30),
    "nested-generics": ("ts", nested_generics, 60),
    "as-any-chain": ("ts", as_any_chain, 60),
    "namespaces": ("ts", namespaces, 20),
    "import-aliases": ("ts", import_aliases, 30),
    "require-imports": ("ts", require_imports, 30),
}


def work(kind: str, source: str, name: str) -> dict[str, int]:
    """Lines of nbbundle run, characters the edits write, and queries compiled by one transform."""
    counts = {"lines": 0, "edit_text": 0}

    def local(frame, event, arg):  # noqa: ANN001, ANN202
        if event == "line":
            counts["lines"] += 1
        return local

    def tracer(frame, event, arg):  # noqa: ANN001, ANN202
        return local if frame.f_code.co_filename.startswith(PACKAGE) else None

    original_add = position_map.LineEdits._add

    def add(self, start: int, end: int, text: str) -> None:  # noqa: ANN001
        counts["edit_text"] += len(text)
        original_add(self, start, end, text)

    misses = syntax._query.cache_info().misses
    position_map.LineEdits._add = add
    sys.settrace(tracer)
    try:
        transform(name, source, kind, options=DEFAULT_OPTIONS)
    finally:
        sys.settrace(None)
        position_map.LineEdits._add = original_add
    counts["queries"] = syntax._query.cache_info().misses - misses
    return counts


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_ten_times_the_input_is_at_most_twelve_times_the_work(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(disk_cache, "_configured", True)  # compiled here, not read from the disk cache
    monkeypatch.setattr(disk_cache, "_active", None)
    kind, make, size = SHAPES[shape]
    small = work(kind, make(size), f"small-{shape}.{kind}")
    large = work(kind, make(size * 10), f"large-{shape}.{kind}")
    assert large["lines"] <= 12 * small["lines"], (small, large)
    assert large["edit_text"] <= 12 * small["edit_text"] + 1000, (small, large)
    assert large["queries"] <= small["queries"], (small, large)  # none per member, element or namespace


TRANSPILE = r"""
const ts = require("typescript");
const fs = require("fs");
const [source, out] = process.argv.slice(2);
const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, isolatedModules: true };
fs.writeFileSync(out, ts.transpileModule(fs.readFileSync(source, "utf8"), { compilerOptions: options }).outputText);
"""

DEEP = {
    # 1,000-deep namespaces ended in "could not compile this module (RecursionError…)"
    "namespaces": namespaces(1000) + "let n: any = Root;\nfor (let i = 0; i < 1000; i++) n = n[`N${i}`];\n"
                  "console.log(n.k999, Object.keys(Root.N0));\n",
    # namespaces of namespaces, values only in the innermost: each level asked about all below
    "namespaces-values-inside": "export namespace Root {\n" + "".join(f"export namespace N{i} {{\n" for i in range(1000))
                                + "export const k = 1;\n" + "}\n" * 1000 + "}\n"
                                "let m: any = Root;\nfor (let i = 0; i < 1000; i++) m = m[`N${i}`];\nconsole.log(m.k);\n",
    # an initializer folded by recursion nested as deep as it is long
    "enum-initializer": "enum E {\n  A = " + " + ".join(["1"] * 3000) + ",\n  B,\n  C = A * 2,\n}\n"
                        "console.log(E.A, E.B, E.C, E[3001]);\n",
}


@pytest.mark.parametrize("case", sorted(DEEP))
def test_deep_input_runs_as_typescripts_output_runs(case: str, tmp_path: Path) -> None:
    tools = npm_packages("compilers", COMPILERS)
    source = tmp_path / "main.ts"
    source.write_text(DEEP[case])
    script = tmp_path / "transpile.cjs"
    script.write_text(TRANSPILE)
    env = {**os.environ, "NODE_PATH": str(tools / "node_modules")}
    reference = tmp_path / "reference.mjs"
    compiled = subprocess.run(["node", "--stack-size=8000", str(script), str(source), str(reference)], env=env, capture_output=True,
                              text=True, timeout=120, check=False)
    assert compiled.returncode == 0, compiled.stderr
    native = subprocess.run(["node", "--stack-size=8000", str(reference)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert native.returncode == 0, native.stderr

    out = tmp_path / "out.cjs"
    path = os.pathsep.join([str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    build = subprocess.run([sys.executable, "-m", "nbbundle", "build", "main.ts", "-o", str(out)], cwd=tmp_path,
                           env={**os.environ, "PYTHONPATH": path}, capture_output=True, text=True, timeout=300,
                           check=False)
    assert build.returncode == 0, build.stderr + build.stdout
    bundled = subprocess.run(["node", "--stack-size=8000", str(out)], capture_output=True, text=True, timeout=120,
                             check=False)
    assert bundled.returncode == 0, bundled.stderr
    assert bundled.stdout == native.stdout
