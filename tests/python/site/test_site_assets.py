"""Assets in an exported site: small ones inline, larger ones files of the site with a content hash."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from nbbundle.kernel.environment import Environment
from nbbundle.site.export import export_environment, export_notebook
from site_files import hashed_file

if TYPE_CHECKING:
    from pathlib import Path

PNG = bytes.fromhex("89504e470d0a1a0a") + bytes(range(20))
BIG = bytes(range(256)) * 40
APP = ('%%module app.js --show\nimport logo from "./logo.png";\nimport big from "./data/big.bin";\n'
       "export function render({ el }) { el.textContent = logo + ' ' + big; }\n")


def project(folder: Path) -> Path:
    (folder / "logo.png").write_bytes(PNG)
    (folder / "data").mkdir()
    (folder / "data" / "big.bin").write_bytes(BIG)
    path = folder / "app.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(APP)]), path)
    return path


def test_an_export_writes_large_assets_as_hashed_files_and_inlines_small_ones(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = export_notebook(project(tmp_path), site)
    emitted = [name for name in result.files if name.endswith(".bin")]
    assert len(emitted) == 1 and emitted[0].startswith("big.")
    assert (site / emitted[0]).read_bytes() == BIG
    script = hashed_file(site, "app.js").read_text()
    assert "data:image/png;base64," + base64.b64encode(PNG).decode() in script
    assert f'.u("{emitted[0]}")' in script
    assert base64.b64encode(BIG).decode()[:100] not in script


def test_the_inline_limit_is_a_parameter(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = export_notebook(project(tmp_path), site, asset_inline_limit=None)
    assert not [name for name in result.files if name.endswith((".bin", ".png"))]
    assert base64.b64encode(BIG).decode() in hashed_file(site, "app.js").read_text()


def test_an_export_from_a_kernel_inlines_what_the_live_view_inlined(tmp_path: Path) -> None:
    project(tmp_path)
    env = Environment(root=tmp_path)
    assert env.define("app.js", APP.split("\n", 1)[1]).status == "defined"
    result = export_environment(env, "app.js", tmp_path / "site")
    assert not [name for name in result.files if name.endswith((".bin", ".png"))]
    assert base64.b64encode(BIG).decode() in hashed_file(tmp_path / "site", "app.js").read_text()


def test_an_anywidget_export_keeps_css_modules_and_assets_in_its_script(tmp_path: Path) -> None:
    from nbbundle.compile.stylesheets import scoped_class
    from nbbundle.site.anywidget_export import export_anywidget_notebook

    (tmp_path / "logo.png").write_bytes(PNG)
    cells = ["%%module plain.css\n.plain { color: red }\n",
             '%%module card.module.css\n.card { background: url(./logo.png) }\n',
             '%%module app.js --show\nimport "./plain.css";\nimport styles from "./card.module.css";\n'
             "export function render({ el }) { el.className = styles.card; }\n"]
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), tmp_path / "app.ipynb")
    export_anywidget_notebook(tmp_path / "app.ipynb", tmp_path / "widget")
    script = (tmp_path / "widget" / "widget.js").read_text()
    styles = (tmp_path / "widget" / "widget.css").read_text()
    assert ".plain { color: red }" in styles  # plain CSS: anywidget's _css
    assert scoped_class("card.module.css", "card") in script and ".card {" not in styles
    assert "data:image/png;base64," + base64.b64encode(PNG).decode() in script


def test_an_export_reads_literal_asset_calls_of_the_notebook(tmp_path: Path) -> None:
    cells = ['import nbbundle\nnbbundle.asset("note.txt", "héllo")\nnbbundle.asset("dot.gif", b"GIF89a")',
             '%%module app.js --show\nimport note from "./note.txt?raw";\nimport dot from "./dot.gif";\n'
             "export function render({ el }) { el.title = note; el.style.backgroundImage = `url(${dot})`; }\n"]
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), tmp_path / "app.ipynb")
    export_notebook(tmp_path / "app.ipynb", tmp_path / "site")
    script = hashed_file(tmp_path / "site", "app.js").read_text()
    assert '"h\\u00e9llo"' in script and "data:image/gif;base64," + base64.b64encode(b"GIF89a").decode() in script


def test_an_export_from_a_kernel_takes_assets_defined_from_python(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    assert env.define("logo.png", base64.b64encode(PNG).decode(), asset=True).status == "defined"
    assert env.define("app.js", 'import logo from "./logo.png";\nexport function render({ el }) { el.title = logo; }\n'
                      ).status == "defined"
    export_environment(env, "app.js", tmp_path / "site")
    assert "data:image/png;base64," + base64.b64encode(PNG).decode() in hashed_file(tmp_path / "site", "app.js").read_text()
