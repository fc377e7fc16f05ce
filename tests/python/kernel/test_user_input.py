"""What users type reaches them safely: module names reach HTML only escaped (``%nbbundle list``
and ``nbbundle.resource_table()`` put names from cells, ``nbbundle.define`` and files under
``node_modules`` in tables), a bad ``%nbbundle`` line is a usage error, and data JSON cannot
hold is refused with where it is."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
from IPython.core.error import UsageError
from IPython.testing import globalipapp

import nbbundle
from nbbundle.kernel import api, magics

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

HOSTILE = "<img src=x onerror=window.__xe=1>.js"
CELL = "<img/src/onerror=alert(1)>.js"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


@pytest.fixture
def ip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.chdir(tmp_path)
    api.environment.cache_clear()
    globalipapp.start_ipython()
    shell = globalipapp.get_ipython()
    shell.run_line_magic("load_ext", "nbbundle")
    yield shell
    api.environment().close()


def test_module_table_and_resource_table_escape_every_name(ip: Any, tmp_path: Path) -> None:
    package = tmp_path / "node_modules" / "dep"
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"name": "dep", "main": "<b onmouseover=x>.js"}')
    (package / "<b onmouseover=x>.js").write_text("export const dep = 1;\n")
    nbbundle.define(HOSTILE, "export default 1;\n")
    ip.run_cell_magic("module", CELL, "export const y = 2;\n")
    nbbundle.define("main.js", f'import a from "./{HOSTILE}";\nimport {{ y }} from "./{CELL}";\n'
                               'import { dep } from "dep";\nexport const all = [a, y, dep];\n')
    for table in (api.module_table(), api.resource_table("main.js")):
        parsed = parse(table.data)
        assert set(parsed.tags) <= {"table", "tr", "th", "td", "code"}, parsed.tags
        text = "".join(parsed.text)
        assert HOSTILE in text and CELL in text and "<b onmouseover=x>.js" in text


def test_list_magic_shows_the_escaped_table(ip: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    nbbundle.define(HOSTILE, "export default 1;\n")
    shown: list[Any] = []
    monkeypatch.setattr(magics, "display", lambda obj, **_: shown.append(obj))
    ip.run_line_magic("nbbundle", "list")
    markup = shown[-1]._repr_html_()
    assert "<img" not in markup and "&lt;img src=x onerror=window.__xe=1&gt;.js" in markup


def test_an_unbalanced_quote_is_a_usage_error(ip: Any) -> None:
    with pytest.raises(UsageError, match="quot"):
        ip.run_line_magic("nbbundle", 'remove "unbalanced')


@pytest.mark.parametrize(("value", "said"), [
    (10**400, "data.json cannot hold an integer of 401 digits at the top"),
    ({"points": [1, 2, float("nan")]}, "data.json cannot hold nan at ['points'][2]"),
    ([{"x": float("inf")}], "data.json cannot hold inf at [0]['x']"),
    (-float("inf"), "data.json cannot hold -inf at the top"),
])
def test_data_json_cannot_hold_is_a_clear_error(ip: Any, value: Any, said: str) -> None:
    with pytest.raises(ValueError, match=re.escape(said)):
        nbbundle.data("data.json", value)
    assert "data.json" not in api.environment().cells
    nbbundle.data("data.json", {"big": 2**60, "ok": 1.5, "deep": [[[True, None]]]})  # these it holds
