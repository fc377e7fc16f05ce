"""``export`` writes a ``.map`` beside each script, and the anywidget export one for ``widget.js``:
the cells named as the notebook names them, positions read back by npm's decoder."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from decoder import decode, generated_position, source_position
from nbformat.v4 import new_code_cell, new_notebook

from nbbundle.site.anywidget_export import export_anywidget_notebook
from nbbundle.site.export import export_notebook

LABEL = "%%module label.ts\nexport const label = (count: number): string => `clicked ${count} times`;\n"
APP = ("%%module app.tsx --show\n"
       "/** @jsx h */\n"
       'import { label } from "./label.ts";\n'
       "const h = (tag: string, props: object | null, ...children: unknown[]) => ({ tag, props, children });\n"
       "export function render({ el }: { el: HTMLElement }) {\n"
       "  const view = <p title=\"x\">{label(2)}</p>;\n"
       "  el.textContent = String(view.children.length);\n"
       "}\n")


def _cell_text(cell: str) -> str:
    return cell.split("\n", 1)[1]


def _notebook(folder: Path) -> Path:
    path = folder / "app.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(LABEL), new_code_cell(APP)]), path)
    return path


def _check(code: str, map_json: str, start_needle: str) -> None:
    app = _cell_text(APP)
    start = code.index(start_needle)
    queries = [generated_position(code, "label)(2)", start), generated_position(code, "view.children", start)]
    answers, _ = decode(map_json, queries)
    expected = [("app.tsx", *source_position(app, "label(2)")), ("app.tsx", *source_position(app, "view.children"))]
    # `label)(2)`: inside the rewritten callee `(0, __nbb_import_0__.label)`, which stands for `label`
    assert [(a["source"], a["line"], a["column"]) for a in answers] == expected


def test_a_sites_scripts_have_maps_of_the_cells(tmp_path: Path) -> None:
    result = export_notebook(_notebook(tmp_path), tmp_path / "site", mode="development")
    script = next(r.file for r in result.resources if r.kind == "script" and "app.tsx" in r.module_ids)
    assert f"{script}.map" in result.files
    code = (tmp_path / "site" / script).read_text()
    assert code.endswith(f"//# sourceMappingURL={script}.map\n")
    map_json = (tmp_path / "site" / f"{script}.map").read_text()
    source_map = json.loads(map_json)
    assert dict(zip(source_map["sources"], source_map["sourcesContent"])) == {
        "label.ts": _cell_text(LABEL), "app.tsx": _cell_text(APP)}
    assert str(tmp_path) not in map_json
    _check(code, map_json, '"app.tsx": function')


def test_the_anywidget_export_maps_widget_js(tmp_path: Path) -> None:
    # Unminified, so that the test can find its needles (a minified build's maps: tests/python/minify/).
    result = export_anywidget_notebook(_notebook(tmp_path), tmp_path / "widget", minify=False)
    assert "widget.js.map" in result.files
    code = (tmp_path / "widget" / "widget.js").read_text()
    assert code.endswith("//# sourceMappingURL=widget.js.map\n")
    _check(code, (tmp_path / "widget" / "widget.js.map").read_text(), '"app.tsx": function')
