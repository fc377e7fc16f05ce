"""A runtime error in a .tsx cell is reported at the line and column the user wrote.

The cell's JSX and types change columns on the line before the error (``<b>`` becomes a call,
an annotation becomes spaces, an imported name becomes a member access). The kernel's code runs
in the widget's own front end (``js/widget.js`` under node, with the runtime tests' fake DOM),
which reports the error's position from its stack (in its ``ready`` message), as in a browser;
the kernel maps it back.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from missing_tools import needs

from nbbundle.kernel.environment import Environment

REPO = Path(__file__).resolve().parents[3]
NODE = shutil.which("node")

# Mounts the widget with the kernel's synced state and prints what it sends back.
VIEW = """
import { initialize, render } from "%(widget)s";
import { createDocument, createModel } from "%(fake_dom)s";
const bundle = JSON.parse(process.argv[2]);
const document = createDocument();
const model = createModel({ _bundle: bundle });
initialize({ model });
const el = document.createElement("div");
document.body.append(el);
await render({ model, el });
const ready = model.sent.find((m) => m.type === "ready");
console.log(JSON.stringify(ready ? ready.errors : []));
"""

RUNTIME = """export const jsx = (type, props) => ({ type, props });
export const jsxs = jsx;
export const Fragment = "fragment";
"""

# The error is on line 6 at `explode` (where V8 places "Cannot read properties of null"), after
# JSX, a type annotation and an imported name on the same line.
APP = """/** @jsxImportSource ./lib */
import { label } from "./label.ts";
type Props = { text: string };

export function render({ el }: { el: { textContent: string } }) {
  const view = <b className="x">{label}</b>; const boom: any = null; boom.explode();
  el.textContent = String(view);
}
render({ el: { textContent: "" } });
"""


@needs("node")
def test_runtime_error_in_a_tsx_cell_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    env = Environment(tmp_path)
    assert env.define("lib/jsx-runtime.js", RUNTIME).status == "defined"
    assert env.define("label.ts", 'export const label: string = "hi";\n').status == "defined"
    assert env.define("app.tsx", APP).status == "defined"
    line, column = 6, APP.splitlines()[5].index("explode")
    modules = {i: env.rendered[i] for i in env.closure("app.tsx")}
    bundle = {"entry": "app.tsx", "version": 0, "modules": modules, "error": None}

    script = tmp_path / "view.mjs"
    script.write_text(VIEW % {"widget": REPO / "js" / "widget.js", "fake_dom": REPO / "tests" / "js" / "fake-dom.mjs"})
    ran = subprocess.run([NODE, str(script), json.dumps(bundle)], capture_output=True, text=True, timeout=60, check=False)
    assert ran.returncode == 0, ran.stderr
    [report] = json.loads(ran.stdout.splitlines()[-1])
    assert report["id"] == "app.tsx"
    assert (report["line"], report["column"]) != (line, column)  # the compiled line is not the cell's

    diagnostic = env.view_error_diagnostic(report, APP, "app.tsx")
    assert (diagnostic.line, diagnostic.column) == (line, column)
    assert diagnostic.location == f"app.tsx:6:{column + 1}"
    assert "> 6 |   const view = <b className=\"x\">{label}</b>;" in diagnostic.frame
    caret = diagnostic.frame.splitlines()[diagnostic.frame.splitlines().index(next(
        ln for ln in diagnostic.frame.splitlines() if ln.startswith("> 6"))) + 1]
    assert caret.index("^") - caret.index("|") - 2 == column
