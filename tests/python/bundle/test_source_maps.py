"""The map of one output file (``bundle/source_maps.py``): the map names the file it maps and
where its sources start; the comment naming it goes on a line of its own, once; modules with
nothing of the user's in them (JSON, CSS) are bundled as without a map.

In process, no node: what node reads of the map is checked in tests/python/sourcemap/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbbundle.bundle.build import build, write_bundle
from nbbundle.bundle.source_maps import file_map, with_map
from nbbundle.compile.options import CompileOptions
from nbbundle.compile.text.source_map import MappedText


def _project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "main.js").write_text('import data from "./data.json";\nimport "./look.css";\n'
                                 'import { twice } from "./twice.js";\nconsole.log(twice(data.count));\n')
    (src / "twice.js").write_text("export function twice(n) {\n  return n * 2;\n}\n")
    (src / "data.json").write_text('{"count": 21}\n')
    (src / "look.css").write_text(".box { color: red; }\n")
    return src / "main.js"


def test_json_and_css_modules_bundle_the_same_with_a_map(tmp_path: Path) -> None:
    entry = _project(tmp_path)
    plain = build(entry, root=tmp_path)
    mapped = build(entry, root=tmp_path, sourcemap=True)
    assert mapped.code == plain.code
    assert '"src/data.json": function' in mapped.code
    assert '\\"count\\": 21' in mapped.code
    assert ".box { color: red }" in mapped.code


def test_the_map_names_its_file_and_the_folder_of_the_sources(tmp_path: Path) -> None:
    entry = _project(tmp_path)
    result = build(entry, root=tmp_path, sourcemap=True)
    outfile = tmp_path / "out" / "app.js"
    write_bundle(result, outfile, "external")
    source_map = json.loads((tmp_path / "out" / "app.js.map").read_text())
    assert source_map["version"] == 3
    assert source_map["file"] == "app.js"
    assert source_map["sourceRoot"] == "../"
    assert "src/twice.js" in source_map["sources"]
    assert outfile.read_text().endswith("\n//# sourceMappingURL=app.js.map\n")


def test_a_map_without_a_source_root_still_names_its_file() -> None:
    text = MappedText("var a = 1;\n", [], "a.js", "var a = 1;\n")
    source_map = json.loads(file_map("var a = 1;\n", [text], "a.js"))
    assert source_map["file"] == "a.js"
    assert "sourceRoot" not in source_map
    rooted = json.loads(file_map("var a = 1;\n", [text], "a.js", "../"))
    assert list(rooted)[:3] == ["version", "file", "sourceRoot"]
    assert rooted["file"] == "a.js"
    assert rooted["sourceRoot"] == "../"


def test_the_map_comment_is_on_a_line_of_its_own_once() -> None:
    assert with_map("run();\n", "{}", "external", "a.js.map") == "run();\n//# sourceMappingURL=a.js.map\n"
    assert with_map("run();", "{}", "external", "a.js.map") == "run();\n//# sourceMappingURL=a.js.map\n"
    inline = with_map("run();", "{}", "inline", "a.js.map")
    assert inline == "run();\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,e30=\n"


def test_a_module_whose_text_is_gone_bundles_the_same_without_its_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A file removed or no longer UTF-8 between its compile and its map (``_file_text`` None).
    import nbbundle.bundle.build as build_module

    entry = _project(tmp_path)
    plain = build(entry, root=tmp_path)
    monkeypatch.setattr(build_module, "_file_text", lambda node: None)
    mapped = build(entry, root=tmp_path, sourcemap=True)
    assert mapped.code == plain.code
    assert mapped.mapped == []


@pytest.mark.parametrize(("options", "format"), [(CompileOptions(), "esm"), (CompileOptions(mode="production"), "iife"),
                                                 (CompileOptions(mode="production"), "esm")],
                         ids=["es-module", "scope-hoisted", "scope-hoisted-es-module"])
def test_every_format_maps_each_module_with_its_text(options: CompileOptions, format: str, tmp_path: Path) -> None:  # noqa: A002
    """An ES module bundle and a scope-hoisted one have their maps too: each module's code maps to
    its file, whose text the map carries."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "main.js").write_text('import { twice } from "./twice.js";\nexport const answer = twice(21);\n')
    (src / "twice.js").write_text("export function twice(n) {\n  return n * 2;\n}\n")
    result = build(src / "main.js", root=tmp_path, options=options, format=format, sourcemap=True)
    assert result.code == build(src / "main.js", root=tmp_path, options=options, format=format).code
    assert ("__acquire_farm_module_system__" in result.code) == (options.mode != "production")  # hoisted: no module system
    write_bundle(result, tmp_path / "out" / "app.js", "external")
    source_map = json.loads((tmp_path / "out" / "app.js.map").read_text())
    assert source_map["sourceRoot"] == "../"  # the sources' folder, from the bundle's
    contents = dict(zip(source_map["sources"], source_map["sourcesContent"]))
    assert contents == {name: (src / name.removeprefix("src/")).read_text() for name in ("src/main.js", "src/twice.js")}
    assert source_map["mappings"].strip(";")
