"""The status output of a ``%%module`` run carries its diagnostics for the cell's editor.

nbbundle's JupyterLab extension underlines them in the cell (tests/e2e/test_module_cell_editor.py);
here: what the kernel puts in the display data, through IPython's display formatter as a
front end receives it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from IPython.testing import globalipapp

from nbbundle.kernel import api
from nbbundle.kernel.editor_diagnostics import DIAGNOSTICS_MIME

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def ip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.chdir(tmp_path)
    api.environment.cache_clear()
    globalipapp.start_ipython()
    shell = globalipapp.get_ipython()
    # a kernel's formatter renders HTML too; the terminal test shell's has it off
    monkeypatch.setattr(shell.display_formatter.formatters["text/html"], "enabled", True)
    yield shell
    api.environment().close()


def shown(ip: Any, name: str, text: str) -> dict[str, Any]:
    """The display data of the status line of ``%%module name`` with ``text``."""
    data, _ = ip.display_formatter.format(api.define(name, text))
    return data


def test_a_syntax_error_is_located_in_the_module_text(ip: Any) -> None:
    data = shown(ip, "app.js", "const a = 1;\nlet b = ;\n")
    assert data[DIAGNOSTICS_MIME] == {"module": "app.js", "diagnostics": [{
        "line": 2, "column": 6, "endLine": 2, "endColumn": 7, "message": 'Unexpected "="',
        "severity": "error", "code": "PARSE_ERROR"}]}
    # other front ends keep the text line
    assert data["text/plain"].startswith("✗ app.js: 1 error")
    assert "nbbundle-status" in data["text/html"]


def test_an_unresolved_import_covers_its_specifier_with_the_hint(ip: Any) -> None:
    text = 'import { x } from "./missing.js";\n'
    [mark] = shown(ip, "app.js", text)[DIAGNOSTICS_MIME]["diagnostics"]
    assert text[mark["column"]:mark["endColumn"]] == '"./missing.js"'
    assert mark["code"] == "UNRESOLVED_IMPORT" and mark["hint"]


def test_a_good_run_sends_an_empty_list(ip: Any) -> None:
    shown(ip, "app.js", "let b = ;\n")
    assert shown(ip, "app.js", "let b = 2;\n")[DIAGNOSTICS_MIME] == {"module": "app.js", "diagnostics": []}


def test_only_the_cells_own_module_is_marked(ip: Any) -> None:
    """A change that breaks an importer: the error is in app.js, not in util.js's text."""
    shown(ip, "util.js", "export const x = 1;\n")
    shown(ip, "app.js", 'import { x } from "./util.js";\nexport default x;\n')
    data = shown(ip, "util.js", "export const y = 1;\n")
    assert data["text/plain"].startswith("✗ util.js")
    assert data[DIAGNOSTICS_MIME] == {"module": "util.js", "diagnostics": []}
