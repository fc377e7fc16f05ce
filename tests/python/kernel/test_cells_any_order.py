"""Cells in any order: a cell waits for the modules it imports, cycles and self-imports work as
they do for files, a removed entry comes back, and missing exports are framed from the cell."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from view_helpers import Handle, View, app_environment

from nbbundle.kernel.environment import Environment
from nbbundle.kernel.status import report
from nbbundle.site.export import export_notebook

if TYPE_CHECKING:
    from pathlib import Path

EVEN = 'import { isOdd } from "./odd.js";\nexport function isEven(n) { return n === 0 ? true : isOdd(n - 1); }\n'
ODD = 'import { isEven } from "./even.js";\nexport function isOdd(n) { return n === 0 ? false : isEven(n - 1); }\n'


@pytest.fixture
def env(tmp_path: Path) -> Any:
    environment = Environment(root=tmp_path)
    yield environment
    environment.close()


@pytest.mark.parametrize("order", [("even.js", "odd.js"), ("odd.js", "even.js")])
def test_two_cells_that_import_each_other_link_in_either_order(env: Environment, order: tuple[str, str]) -> None:
    texts = {"even.js": EVEN, "odd.js": ODD}
    first, second = order
    waiting = report(env.define(first, texts[first]))
    waiting.handle = handle = Handle()
    other = "./odd.js" if first == "even.js" else "./even.js"
    assert waiting.result.status == "pending"
    assert waiting.text().startswith(f"… {first} is waiting for {other}")
    env.when_pending_ends(first, waiting.on_result)
    done = env.define(second, texts[second])
    assert done.status == "defined" and done.linked_with == [first]
    assert env.cells.keys() == {"even.js", "odd.js"} and not env.pending
    assert handle.shown[-1].startswith(f"✓ {first} defined"), handle.shown
    node = env.graph.get_module_by_id("even.js")
    assert [n.id for n in node.imported_modules] == ["odd.js"]
    assert [n.id for n in node.importers] == ["odd.js"]


def test_a_module_that_imports_itself_is_defined(env: Environment) -> None:
    text = 'import * as self from "./self.js";\nexport const name = "self";\nexport function me() { return self.name; }\n'
    result = env.define("self.js", text)
    assert result.status == "defined", [d.format() for d in result.diagnostics]
    env.define("app.js", 'import { me } from "./self.js";\nexport function render({ el }) { el.textContent = me(); }\n')
    assert env.widget("app.js").modules.keys() == {"app.js", "self.js"}


def test_a_waiting_cell_links_when_the_chain_it_waits_for_is_complete(env: Environment) -> None:
    env.define("a.js", 'import { b } from "./b.js";\nexport const a = b + 1;\n')
    env.define("b.js", 'import { c } from "./c.js";\nexport const b = c + 1;\n')
    assert set(env.pending) == {"a.js", "b.js"}
    assert env.define("c.js", "export const c = 1;\n").status == "defined"
    assert env.cells.keys() == {"a.js", "b.js", "c.js"} and not env.pending


def test_a_waiting_cell_that_later_fails_for_another_reason_says_so(env: Environment) -> None:
    waiting = report(env.define("app.js", 'import { nope } from "./lib.js";\nexport const x = nope;\n'))
    waiting.handle = handle = Handle()
    env.when_pending_ends("app.js", waiting.on_result)
    env.define("lib.js", "export const yes = 1;\n")
    assert handle.shown[-1].startswith("✗ app.js: 1 error")
    assert '"nope" is not exported by "lib.js", imported by "app.js"' in handle.shown[-1]
    assert "> 1 | import { nope } from \"./lib.js\";" in handle.shown[-1]


def test_a_missing_named_export_is_framed_from_the_cells_text_not_a_stray_file(env: Environment, tmp_path: Path) -> None:
    (tmp_path / "app.js").write_text("// a stray file of the same name\n\n\n\n")
    env.define("counter.js", "export function mount() {}\n")
    result = env.define("app.js", '\n\nimport { mountIt } from "./counter.js";\nexport function render() { mountIt(); }\n')
    (diagnostic,) = result.diagnostics
    assert diagnostic.code == "MISSING_EXPORT"
    assert (diagnostic.line, diagnostic.column) == (3, 9)
    assert '> 3 | import { mountIt } from "./counter.js";' in diagnostic.frame
    assert diagnostic.hint == 'Did you mean "mount"?'


def test_a_renamed_export_is_refused_with_a_frame_in_the_importing_cell(tmp_path: Path) -> None:
    environment, widget, sent = app_environment(tmp_path)
    result = environment.define("counter.js", "export function mountIt(host) {}\n")
    (diagnostic,) = result.diagnostics
    assert diagnostic.module_id == "app.js" and diagnostic.line == 1
    assert "> 1 | import { mount } from \"./counter.js\";" in diagnostic.frame
    assert sent[-1]["type"] == "error" and sent[-1]["error"]["frame"] == diagnostic.frame
    environment.close()


def test_removing_and_redefining_a_shown_entry_brings_its_views_back(tmp_path: Path) -> None:
    environment, widget, sent = app_environment(tmp_path)
    view = View(widget).mount()
    environment.remove("app.js")
    removed = sent[-1]
    assert removed["reload"] == "app.js was removed" and sorted(removed["removed"]) == ["app.js", "counter.js"]
    view.say("ready", version=widget.version, ms=1, errors=[], running="none", executed=[], hot={})
    environment.define("app.js", 'export function render({ el }) { el.textContent = "back"; }\n')
    back = sent[-1]
    assert back["reload"] == "app.js was defined again" and list(back["modules"]) == ["app.js"]
    assert environment.widget("app.js") is widget and "app.js" in widget.modules  # a new show works
    environment.close()


def test_a_notebook_whose_cells_import_each_other_exports(tmp_path: Path) -> None:
    cells = ["%load_ext nbbundle", "%%module even.js\n" + EVEN, "%%module odd.js\n" + ODD,
             '%%module app.js --show\nimport { isEven } from "./even.js";\n'
             "export function render({ el }) { el.textContent = String(isEven(4)); }\n"]
    notebook = new_notebook(cells=[new_code_cell(source) for source in cells])
    path = tmp_path / "cycle.ipynb"
    nbformat.write(notebook, str(path))
    export_notebook(path, tmp_path / "site")
    page = (tmp_path / "site" / "index.html").read_text()
    assert "app" in page
    written = " ".join(p.read_text() for p in (tmp_path / "site").rglob("*.js"))
    assert "isOdd" in written and "isEven" in written
    json.dumps(written)  # plain text


def test_an_export_that_turns_from_let_to_var_relinks_its_importers(env: Environment) -> None:
    # The importer lists the names that are in a TDZ before value.js starts (a cycle can show its
    # namespace then): a read of `value` there throws for `let`, reads undefined for `var`.
    env.define("value.js", "export let value = 1;\n")
    env.define("app.js", 'export * as values from "./value.js";\n')
    assert '.l("value.js", ["value"], ["value"])' in env.rendered["app.js"]
    env.define("value.js", "export var value = 1;\n")
    assert '.l("value.js", ["value"])' in env.rendered["app.js"]
