"""``%%module`` cells in the editor of JupyterLab 4 and Notebook 7, with nbbundle's extension.

What a user sees in the cell: JavaScript (TypeScript, TSX, JSX), CSS and JSON highlighting from CodeMirror's own
language packages (the token classes of JupyterLab's highlight style), the ``%%module`` line as a
magic, JavaScript's indentation and bracket matching, the language following the first line as
it is typed, Python cells untouched; and the kernel's diagnostics underlined at the line and
column it reports, with the message on hover, until a good run clears them.

The extension is the committed build, installed with the package (``share/jupyter/
labextensions``); the test checks that the page loaded that very build. The JupyterLab run leaves
a screenshot of a highlighted cell with a marked error in the artifacts folder;
``NBB_UPDATE_SCREENSHOTS=1`` writes it to docs/module-cell-editor.png instead (the README's).

Run:  python -m pytest tests/e2e/test_module_cell_editor.py -v
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from browser import requires_chromium
from jupyter_harness import ARTIFACTS, NotebookDriver, browser_page, jupyter_server, write_notebook

pytestmark = [pytest.mark.e2e, requires_chromium]

CHECKOUT = Path(__file__).resolve().parents[2]
SCREENSHOT = (CHECKOUT / "docs" if os.environ.get("NBB_UPDATE_SCREENSHOTS") == "1" else ARTIFACTS) / "module-cell-editor.png"
DIAGNOSTICS_MIME = "application/vnd.nbbundle.diagnostics+json"

APP_JS = """%%module app.js
import { mount } from "./counter.js";
const accent = "#5b8def";

export function render({ model, el }) {
    const width = model.get("width") ?? 120;
    el.innerHTML = `<b style="color: #5b8def; width: ${width}px">${accent}</b>`;
    mount(el);
}"""
KEYS_JS = """%%module keys.js
const quote = `it's`; f(1);
switch (key) {
    case 1:"""
STYLE_CSS = """%%module style.css
/* cards */
.card { color: #5b8def; padding: 12px; }"""
DATA_JSON = """%%module data.json
{"points": [1, 2.5], "ok": true}"""
PYTHON = '''def twice(x):  # a comment, and `#5b8def` too
    return "x" * 2'''
SWITCH = """%%module x.js
/* note */ .x { color: red; }"""
BROKEN = """%%module broken.js
const a = 1;
let b = ;
export default b;"""
FIXED = BROKEN.replace("let b = ;", "let b = 2;")
COUNTER_TSX = """%%module Counter.tsx
type Props = { start: number };
export const Counter = ({ start }: Props) => <b className="count">{start as number}</b>;"""
CELLS = ["%load_ext nbbundle", APP_JS, BROKEN, STYLE_CSS, PYTHON, DATA_JSON, KEYS_JS, SWITCH, COUNTER_TSX]
LOAD, APP, BROKEN_CELL, STYLE, PY, DATA, KEYS, SWITCHED, TSX = range(len(CELLS))

# Each line of cell i as [text, [style names]]: a style name is the JupyterLab highlight style's
# CSS variable that the token's class sets (keyword, string, string-2, comment, meta, ...), read
# from the style sheet CodeMirror mounted, so the test names CodeMirror's own classes.
_TOKENS = r"""(i) => {
    const styles = {};
    for (const sheet of document.styleSheets) {
        let rules; try { rules = sheet.cssRules; } catch { continue; }
        for (const rule of rules) {
            const m = /^\.(\S+)$/.exec(rule.selectorText || '');
            const v = /--jp-mirror-editor-([\w-]+?)-color/.exec(rule.cssText);
            if (m && v) styles[m[1]] = v[1];
        }
    }
    const cell = window.__nbbPanel.content.widgets[i];
    return [...cell.node.querySelectorAll('.cm-content .cm-line')].map(line => {
        const tokens = [];
        const walk = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            const names = [];
            for (let e = n.parentElement; e && e !== line; e = e.parentElement)
                for (const c of e.classList) if (styles[c]) names.push(styles[c]);
            tokens.push([n.textContent, names]);
        }
        return tokens;
    });
}"""


def tokens(nb: NotebookDriver, cell: int) -> list[list[tuple[str, set[str]]]]:
    return [[(text, set(names)) for text, names in line] for line in nb.page.evaluate(_TOKENS, cell)]


def style_of(lines: list[list[tuple[str, set[str]]]], line: int, text: str) -> set[str]:
    """The styles of the token on editor line ``line`` (1-based) that contains ``text``."""
    found = [styles for token, styles in lines[line - 1] if text in token]
    assert found, (text, lines[line - 1])
    return found[0]


def view(expr: str) -> str:
    """A JS function of the cell index with ``v`` = the cell's CodeMirror EditorView."""
    return f"(i) => {{ const v = window.__nbbPanel.content.widgets[i].editor.editor; return {expr}; }}"


@pytest.fixture(scope="module", params=["lab", "notebook"])
def nb(request):
    """One notebook of ``CELLS``, open in JupyterLab or Notebook 7, shared by this file's tests."""
    with jupyter_server(request.param) as server, browser_page() as page:
        driver = NotebookDriver(page, server)
        driver.open(write_notebook(server["root"], "editor.ipynb", CELLS))
        failed_before = request.session.testsfailed
        yield driver
        if request.session.testsfailed > failed_before:
            print("artifacts:", driver.dump("module-cell-editor"))
        assert driver.real_errors() == []


# The language at the start of the cell's line 2, told by its comment tokens (language data
# that each CodeMirror language package declares for itself).
_LANGUAGE = view("""(() => {
    const data = v.state.languageDataAt('commentTokens', v.state.doc.line(2).from + 1);
    const line = data.map(d => d.line).find(Boolean), block = data.some(d => d.block);
    return line === '//' ? 'javascript' : line === '#' ? 'python' : block ? 'css' : 'other';
})()""")


def wait_for_language(nb: NotebookDriver, cell: int, language: str) -> None:
    nb.page.wait_for_function(f"(i) => ({_LANGUAGE})(i) === {json.dumps(language)}", arg=cell,
                              timeout=10_000)


def test_the_page_runs_the_committed_build(nb):
    """JupyterLab serves the extension from the package's install, the build in this checkout."""
    config = nb.page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)")
    extensions = {e["name"]: e for e in config.get("federated_extensions", [])}
    assert "nbbundle-labextension" in extensions, sorted(extensions)
    committed = json.loads((CHECKOUT / "nbbundle/labextension/package.json").read_text())
    assert extensions["nbbundle-labextension"]["load"] == committed["jupyterlab"]["_build"]["load"], \
        "the installed extension is not this checkout's build: pip install -e . again"


def test_tsx_cells_are_highlighted_as_typescript_with_jsx(nb):
    wait_for_language(nb, TSX, "javascript")
    tsx = tokens(nb, TSX)
    assert style_of(tsx, 2, "type") == {"keyword"}  # TypeScript's own keywords
    assert ("as", {"keyword"}) in tsx[2]
    assert ("b", {"tag"}) in tsx[2] and ("className", {"attribute"}) in tsx[2]  # JSX


def test_javascript_css_and_json_cells_are_highlighted_by_their_language(nb):
    wait_for_language(nb, APP, "javascript")
    wait_for_language(nb, STYLE, "css")
    js = tokens(nb, APP)
    assert style_of(js, 1, "%%module") == {"meta"}  # the magic, as JupyterLab shows decorators
    assert style_of(js, 2, "import") == {"keyword"}
    assert style_of(js, 2, '"./counter.js"') == {"string"}
    assert style_of(js, 3, "const") == {"keyword"}
    assert style_of(js, 3, '"#5b8def"') == {"string"}
    # the template with a colour inside is a template, not Python's comment from `#` on
    assert style_of(js, 7, "#5b8def") == {"string-2"}
    assert style_of(js, 7, "${") == {"bracket"}
    assert style_of(js, 7, "</b>`") == {"string-2"}
    assert not any("comment" in styles for _, styles in js[6]), js[6]

    css = tokens(nb, STYLE)
    assert style_of(css, 2, "/* cards */") == {"comment"}
    assert style_of(css, 3, "color") == {"property"}
    assert style_of(css, 3, "12") == {"number"}

    data = tokens(nb, DATA)
    assert style_of(data, 2, '"points"') == {"property"}
    assert style_of(data, 2, "2.5") == {"number"}
    assert style_of(data, 2, "true") == {"keyword"}


def test_python_cells_stay_python(nb):
    py = tokens(nb, PY)
    assert style_of(py, 1, "def") == {"keyword"}
    assert style_of(py, 1, "# a comment") == {"comment"}  # `#5b8def` in it too: Python's rules
    assert style_of(py, 2, '"x"') == {"string"}
    assert nb.page.evaluate(_LANGUAGE, PY) == "python"


def _type_at_end(nb: NotebookDriver, cell: int, line: int, keys: list[str]) -> str:
    """Put the cursor at the end of ``line`` of ``cell``, press ``keys``; return the cell's text."""
    nb.page.evaluate(view("""(window.__nbbPanel.content.activeCellIndex = i,
        v.focus(), v.dispatch({selection: {anchor: v.state.doc.line(%d).to}}), true)""" % line), cell)
    for key in keys:
        if len(key) == 1 or key == "Space":
            nb.page.keyboard.type(key if key != "Space" else " ")
        else:
            nb.page.keyboard.press(key)
    return nb.page.evaluate(view("v.state.doc.toString()"), cell)


def test_javascript_indentation_and_bracket_matching(nb):
    # After `case 1:` JavaScript indents one more level (Python's rules go back to column 0).
    text = _type_at_end(nb, KEYS, 4, ["Enter", "z"])
    assert text.endswith("    case 1:\n        z"), text
    # The cursor after `(` of `f(1)`: both brackets are marked as a pair.
    nb.page.evaluate(view("""(v.dispatch({selection: {anchor: v.state.doc.line(2).from
        + v.state.doc.line(2).text.indexOf('f(1)') + 2}}), true)"""), KEYS)
    nb.page.wait_for_function(view("[...v.dom.querySelectorAll('.cm-matchingBracket')]"
                                   ".map(e => e.textContent).join('') === '()'"), arg=KEYS, timeout=5_000)


def test_typing_the_first_line_switches_the_language(nb):
    wait_for_language(nb, SWITCHED, "javascript")
    assert "property" not in style_of(tokens(nb, SWITCHED), 2, "color")  # a JS label
    text = _type_at_end(nb, SWITCHED, 1, ["Backspace", "Backspace", "c", "s", "s"])
    assert text.startswith("%%module x.css\n"), text
    wait_for_language(nb, SWITCHED, "css")
    assert style_of(tokens(nb, SWITCHED), 2, "color") == {"property"}
    _type_at_end(nb, SWITCHED, 1, ["Backspace", "Backspace", "Backspace", "j", "s"])
    wait_for_language(nb, SWITCHED, "javascript")
    assert "property" not in style_of(tokens(nb, SWITCHED), 2, "color")
    # x.ts is TypeScript: still JavaScript's family
    _type_at_end(nb, SWITCHED, 1, ["Backspace", "Backspace", "t", "s"])
    wait_for_language(nb, SWITCHED, "javascript")
    # x.py is no module nbbundle serves: the notebook's Python again
    _type_at_end(nb, SWITCHED, 1, ["Backspace", "Backspace", "p", "y"])
    wait_for_language(nb, SWITCHED, "python")
    assert style_of(tokens(nb, SWITCHED), 1, "%%") != {"meta"}


_MARKS = view("""[...v.dom.querySelectorAll('.cm-nbbundle-diagnostic')].map(e => {
    const pos = v.posAtDOM(e), line = v.state.doc.lineAt(pos);
    return {line: line.number, column: pos - line.from, text: e.textContent,
            message: e.dataset.message};
})""")


def test_a_syntax_error_is_marked_where_the_kernel_reports_it_until_fixed(nb):
    nb.run_cell(LOAD)
    nb.run_cell(BROKEN_CELL)
    nb.page.wait_for_function(view("v.dom.querySelector('.cm-nbbundle-diagnostic') !== null"),
                              arg=BROKEN_CELL, timeout=10_000)
    outputs = nb.page.evaluate("(i) => window.__nbbPanel.content.widgets[i].model.outputs.toJSON()",
                               BROKEN_CELL)
    [data] = [o["data"][DIAGNOSTICS_MIME] for o in outputs if DIAGNOSTICS_MIME in o.get("data", {})]
    [reported] = data["diagnostics"]
    assert data["module"] == "broken.js"
    assert (reported["line"], reported["column"]) == (2, 6), reported  # `let b = ;`: the "="
    assert f"broken.js:{reported['line']}:{reported['column'] + 1}" in nb.cell_output_text(BROKEN_CELL)
    # Module line 2 is the cell's line 3: the %%module line comes first.
    marks = nb.page.evaluate(_MARKS, BROKEN_CELL)
    assert marks == [{"line": reported["line"] + 1, "column": reported["column"], "text": "=",
                      "message": reported["message"]}], marks

    nb.cell(BROKEN_CELL).locator(".cm-nbbundle-diagnostic").hover()
    tooltip = nb.page.locator(".cm-tooltip .cm-nbbundle-diagnosticTooltip")  # in <body>
    tooltip.wait_for(timeout=5_000)
    assert reported["message"] in tooltip.inner_text()
    if nb.server["app"] == "lab":
        _screenshot(nb)

    for i in (APP, STYLE, DATA, PY, KEYS):  # nothing marked elsewhere
        assert nb.page.evaluate(_MARKS, i) == []
    # A line typed above the error: the mark moves with the text it marks.
    _type_at_end(nb, BROKEN_CELL, 1, ["Enter"])
    assert [(m["line"], m["text"]) for m in nb.page.evaluate(_MARKS, BROKEN_CELL)] == [(4, "=")]
    nb.set_cell_source(BROKEN_CELL, FIXED)
    nb.run_cell(BROKEN_CELL)
    nb.page.wait_for_function(view("v.dom.querySelector('.cm-nbbundle-diagnostic') === null"),
                              arg=BROKEN_CELL, timeout=10_000)
    assert "✓ broken.js" in nb.cell_output_text(BROKEN_CELL)


def _screenshot(nb: NotebookDriver) -> None:
    """The app.js cell, the marked error with its tooltip, a CSS and a Python cell (README)."""
    first = nb.cell(APP).bounding_box()
    last = nb.cell(PY).bounding_box()
    assert first and last
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    nb.page.screenshot(path=str(SCREENSHOT), clip={
        "x": first["x"], "y": first["y"] - 6, "width": first["width"],
        "height": last["y"] + last["height"] - first["y"] + 12})


EOL_JS = "%%module eol.js\nconst a = 1;\nconst total = (a +\n"
SAVED_DIAGNOSTICS = {"module": "eol.js", "diagnostics": [
    # a zero-width error at the end of line 2 ("Unexpected end of input" style), and a plain one
    {"line": 2, "column": 18, "endLine": 2, "endColumn": 18, "message": "Expected an expression",
     "severity": "error", "code": "PARSE_ERROR"},
    {"line": 1, "column": 6, "endLine": 1, "endColumn": 7, "message": "a is unused", "severity": "warning",
     "code": "UNUSED"},
]}


def test_saved_marks_show_without_a_kernel_language_and_a_zero_width_one_is_visible(nb):
    """A notebook saved with a run's diagnostics and no ``language_info`` (never run in this
    JupyterLab, written by a tool): its marks show when it opens, and the empty range at the end
    of a line is a visible mark, not a 2-pixel bar that looks like the cursor."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from jupyter_harness import KERNELSPEC

    cell = new_code_cell(EOL_JS, outputs=[new_output("display_data", data={
        "text/plain": "✗ eol.js: 1 error", DIAGNOSTICS_MIME: SAVED_DIAGNOSTICS})])
    notebook = new_notebook(cells=[new_code_cell("%load_ext nbbundle"), cell])
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    assert "language_info" not in notebook.metadata
    nbformat.write(notebook, str(nb.server["root"] / "saved-marks.ipynb"))
    nb.open("saved-marks.ipynb")
    nb.page.wait_for_function(view("v.dom.querySelectorAll('.cm-nbbundle-diagnostic').length === 2"),
                              arg=1, timeout=15_000)
    point = nb.page.evaluate(view("""(() => {
        const p = v.dom.querySelector('.cm-nbbundle-diagnosticPoint');
        const box = p.getBoundingClientRect(), style = getComputedStyle(p);
        return { width: box.width, height: box.height, decoration: style.textDecorationStyle,
                 background: style.backgroundColor, line: v.state.doc.lineAt(v.posAtDOM(p)).number };
    })()"""), 1)
    assert point["line"] == 3, point  # module line 2, after the %%module line
    assert point["width"] >= 6 and point["height"] >= 8, point
    assert point["decoration"] == "wavy" and point["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), point
