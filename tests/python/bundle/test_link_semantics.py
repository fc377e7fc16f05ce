"""What the link (``bundle/link.py``) decides that a running program shows: each export's getter
(one per name that resolves, none for a name two stars give), the namespace objects a module
re-exports (``export * as``). Each program's bundle prints what native node prints."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from missing_tools import skip_without

from nbbundle.cli import main

if TYPE_CHECKING:
    from pathlib import Path


def _runs_as_natively(tmp_path: Path, files: dict[str, str], expected: str, *options: str) -> None:
    (tmp_path / "package.json").write_text('{"type": "module"}')
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    out = tmp_path / "bundle.cjs"
    # --no-cache: a recorded build would give an earlier run's bytes (unseen by a mutation run)
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--quiet", "--no-cache", *options]) == 0
    skip_without("node", "the bundle runs under node")
    native = subprocess.run(["node", str(tmp_path / "main.js")], capture_output=True, text=True, timeout=60, check=True)
    bundled = subprocess.run(["node", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert (bundled.stdout, bundled.stderr) == (native.stdout, "")
    assert native.stdout == expected


STARS = {
    # `clash`: two stars give it, so it is no export (and has no getter); the names after it are
    "dep.js": 'export * from "./s1.js";\nexport * from "./s2.js";\nexport * as inner from "./x.js";\n',
    "s1.js": "export const clash = 1, z = 2;\n",
    "s2.js": "export const clash = 3;\n",
    "x.js": "export const xv = 5;\n",
    "main.js": 'import * as dep from "./dep.js";\nimport { z, inner } from "./dep.js";\n'
               "console.log(Object.keys(dep).join(), z, inner.xv, Object.keys(inner).join());\n",
}


def test_exports_after_an_ambiguous_name_and_a_re_exported_namespace_behave_as_natively(tmp_path: Path) -> None:
    _runs_as_natively(tmp_path, STARS, "inner,z 2 5 xv\n")


def test_the_same_program_minified_in_production(tmp_path: Path) -> None:
    """A production build renames the getters after minifying (``renamed_getters``); `import()`
    keeps the module system, so each module keeps its getters."""
    files = dict(STARS, **{"main.js": STARS["main.js"] + 'import("./x.js").then((m) => console.log(m.xv));\n'})
    _runs_as_natively(tmp_path, files, "inner,z 2 5 xv\n5\n", "--mode", "production")


def test_nothing_of_a_lazy_graph_that_cannot_link_runs(tmp_path: Path) -> None:
    """`c.js` cannot link, so neither can `b.js` nor `a.js` (importers, transitively): importing
    `a.js` rejects before any of its graph runs, `x.js` included; a lazy module with a URL import
    links and runs."""
    _runs_as_natively(tmp_path, {
        "dep.js": "export const present = 1;\n",
        "c.js": 'import { missing } from "./dep.js";\nconsole.log(missing);\n',
        "b.js": 'import "./c.js";\n',
        "x.js": 'console.log("x ran");\n',
        "a.js": 'import "./x.js";\nimport "./b.js";\n',
        "url.js": 'import { u } from "data:text/javascript,export const u = 4;";\nexport { u };\n',
        "main.js": 'await import("./a.js").catch((e) => console.log(e.constructor.name, e.message));\n'
                   'console.log((await import("./url.js")).u);\n',
    }, "SyntaxError The requested module './dep.js' does not provide an export named 'missing'\n4\n")
