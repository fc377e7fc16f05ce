"""A notebook's app as an anywidget package (issue 19): ``nbbundle export NOTEBOOK --anywidget
DIR`` writes ``widget.js`` and ``widget.css``; a tiny Python package made of the printed lines
and one trait shows the widget in JupyterLab with its state, without nbbundle in the kernel.

Run:  python -m pytest tests/e2e/test_anywidget_export.py -v
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from browser import requires_chromium
from jupyter_harness import NotebookDriver, browser_page, jupyter_server, write_notebook

pytestmark = [pytest.mark.e2e, requires_chromium]

ROOT = Path(__file__).resolve().parents[2]

PROTOTYPE = [  # what an author writes in a notebook with nbbundle
    "%load_ext nbbundle",
    "%%module card.css\n.nbb-export-card { color: rgb(1, 2, 3); font-weight: 700; }\n",
    "%%module app.js --show\nimport './card.css';\n"
    "export function render({ model, el }) {\n"
    "  const button = document.createElement('button');\n"
    "  button.className = 'nbb-export-card';\n"
    "  const paint = () => { button.textContent = `Count: ${model.get('count')} (${import.meta.env.MODE})`; };\n"
    "  button.onclick = () => { model.set('count', model.get('count') + 1); model.save_changes(); };\n"
    "  model.on('change:count', paint);\n"
    "  paint();\n"
    "  el.replaceChildren(button);\n"
    "}\n",
]


@pytest.fixture(scope="module")
def lab():
    with jupyter_server("lab") as srv:
        yield srv


def test_an_exported_widget_shows_its_state_in_jupyterlab(lab: dict[str, Any], tmp_path: Path) -> None:
    root: Path = lab["root"]
    prototype = write_notebook(tmp_path, "prototype.ipynb", PROTOTYPE)
    package = root / "counterwidget"
    done = subprocess.run([sys.executable, "-m", "nbbundle", "export", str(tmp_path / prototype),
                           "--anywidget", str(package)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in package.iterdir() if not p.name.startswith(".")) == [
        "widget.css", "widget.js", "widget.js.map"]
    assert "nbb-export-card" in (package / "widget.css").read_text()
    printed = done.stdout
    assert "class Widget(anywidget.AnyWidget):" in printed and "_css" in printed
    # The printed lines, and the one trait the app reads.
    (package / "__init__.py").write_text("import traitlets\n" + printed + "    count = traitlets.Int(0).tag(sync=True)\n")

    with browser_page() as page:
        nb = NotebookDriver(page, lab)
        try:
            nb.open(write_notebook(root, "use-widget.ipynb", [
                "from counterwidget import Widget\nw = Widget(count=5)\nw",
                "import sys\nprint(w.count, 'nbbundle' in sys.modules)",
            ]))
            nb.run_cell(0)
            button = nb.cell(0).locator("button.nbb-export-card")
            button.wait_for(timeout=30_000)
            assert button.inner_text() == "Count: 5 (production)"
            assert button.evaluate("b => getComputedStyle(b).color") == "rgb(1, 2, 3)"
            button.click()
            page.wait_for_function("() => [...document.querySelectorAll('button.nbb-export-card')]"
                                   ".some(b => b.textContent.startsWith('Count: 6'))", timeout=10_000)
            nb.run_cell(1)
            page.wait_for_function("() => window.__nbbPanel.content.widgets[1].node.innerText.includes('6 False')",
                                   timeout=10_000)
            assert nb.real_errors() == []
        except Exception:
            print("artifacts:", nb.dump("anywidget-export"))
            raise
    assert json.loads((package / ".nbbundle-export.json").read_text())
