"""Where ``write_bundle`` (``bundle/build.py``) writes the bundle, its map and its assets, and
what it refuses: never over a file the build read, never a map beside what is not a file; a
path it cannot write is named in one line. In process, no node.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nbbundle.bundle.build import build, write_bundle
from nbbundle.bundle.output import OutputError
from nbbundle.compile.options import CompileOptions

BIG = bytes(range(256)) * 20  # over the inline limit: an asset file beside the bundle
ASSETS = CompileOptions(asset_inline_limit=4096)


def _entry(root: Path) -> Path:
    (root / "big.bin").write_bytes(BIG)
    (root / "main.js").write_text('import big from "./big.bin";\nexport const answer = 42;\nconsole.log(big, answer);\n')
    return root / "main.js"


def test_the_bundle_its_map_and_its_asset_are_written(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    out = tmp_path / "out"
    write_bundle(result, out / "app.js", "external")
    [asset] = result.assets
    assert (out / asset).read_bytes() == BIG
    source_map = json.loads((out / "app.js.map").read_text(encoding="utf-8"))
    assert source_map["file"] == "app.js" and source_map["sourceRoot"] == "../"
    assert (out / "app.js").read_text(encoding="utf-8") == result.code + "//# sourceMappingURL=app.js.map\n"


def test_without_a_map_the_bundle_is_the_builds_code(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    write_bundle(result, tmp_path / "out" / "app.js")
    assert (tmp_path / "out" / "app.js").read_text(encoding="utf-8") == result.code
    assert not (tmp_path / "out" / "app.js.map").exists()
    plain = build(_entry(tmp_path), root=tmp_path, options=ASSETS)
    write_bundle(plain, tmp_path / "plain" / "app.js", "external")  # nothing recorded: no map
    assert (tmp_path / "plain" / "app.js").read_text(encoding="utf-8") == plain.code
    assert not (tmp_path / "plain" / "app.js.map").exists()


def test_a_bundle_at_the_root_has_no_source_root(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    write_bundle(result, tmp_path / "app.js", "external")
    assert "sourceRoot" not in json.loads((tmp_path / "app.js.map").read_text())


def test_an_asset_over_a_module_is_refused(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS)
    [asset] = result.assets
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / asset).write_text("export const x = 1;\n")
    (tmp_path / "main.js").write_text(f'import "./out/{asset}";\n' + (tmp_path / "main.js").read_text())
    with pytest.raises(OutputError, match=f"refusing to write the asset {asset} over the module out/{asset}; "):
        write_bundle(build(tmp_path / "main.js", root=tmp_path, options=ASSETS), tmp_path / "out" / "app.js")


def test_a_map_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    (tmp_path / "out" / "app.js.map").mkdir(parents=True)
    with pytest.raises(OutputError, match=r"out/app\.js\.map is a folder, not a file"):
        write_bundle(result, tmp_path / "out" / "app.js", "external")


def test_an_asset_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS)
    [asset] = result.assets
    (tmp_path / "out" / asset).mkdir(parents=True)
    with pytest.raises(OutputError, match=f"out/{asset} is a folder, not a file"):
        write_bundle(result, tmp_path / "out" / "app.js")


def test_no_map_beside_a_device(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    with pytest.raises(OutputError, match=r"^/dev/null is not a file, so no map can go beside it: use --sourcemap=inline$"):
        write_bundle(result, Path("/dev/null"), "external")


def test_no_map_beside_a_path_under_dev_or_a_pipe(tmp_path: Path) -> None:
    import os

    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    with pytest.raises(OutputError, match="is not a file, so no map can go beside it"):
        write_bundle(result, Path("/dev/nbbundle-no-such-device.js"), "external")  # never created
    pipe = tmp_path / "pipe.js"
    os.mkfifo(pipe)
    with pytest.raises(OutputError, match=f"^{pipe} is not a file, so no map can go beside it"):
        write_bundle(result, pipe, "external")


def test_an_inline_map_is_the_written_map_in_a_data_url(tmp_path: Path) -> None:
    import base64

    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    write_bundle(result, tmp_path / "out" / "app.js", "inline")
    code = (tmp_path / "out" / "app.js").read_text(encoding="utf-8")
    head, comment = code.removesuffix("\n").rsplit("\n", 1)
    assert head + "\n" == result.code
    prefix = "//# sourceMappingURL=data:application/json;charset=utf-8;base64,"
    assert comment.startswith(prefix)
    source_map = json.loads(base64.b64decode(comment.removeprefix(prefix)))
    assert (source_map["file"], source_map["sourceRoot"], source_map["sources"]) == ("app.js", "../", ["main.js"])
    assert not (tmp_path / "out" / "app.js.map").exists()


def test_a_map_two_folders_down_names_the_root_two_folders_up(tmp_path: Path) -> None:
    result = build(_entry(tmp_path), root=tmp_path, options=ASSETS, sourcemap=True)
    write_bundle(result, tmp_path / "out" / "deep" / "app.js", "external")
    assert json.loads((tmp_path / "out" / "deep" / "app.js.map").read_text())["sourceRoot"] == "../../"


def test_a_map_over_a_module_is_refused(tmp_path: Path) -> None:
    (tmp_path / "app.js.map").write_text("{}\n")
    (tmp_path / "main.js").write_text('import "./app.js.map";\nconsole.log(1);\n')
    result = build(tmp_path / "main.js", root=tmp_path, sourcemap=True)
    with pytest.raises(OutputError) as caught:
        write_bundle(result, tmp_path / "app.js", "external")
    assert str(caught.value) == (f"refusing to write the source map {tmp_path / 'app.js.map'} over app.js.map, "
                                 "which this build read; choose another -o path")
    assert (tmp_path / "app.js.map").read_text() == "{}\n" and not (tmp_path / "app.js").exists()


def test_assets_are_listed_by_name_whatever_order_they_were_found_in(tmp_path: Path) -> None:
    (tmp_path / "z.bin").write_bytes(BIG)
    (tmp_path / "a.bin").write_bytes(BIG[::-1])
    (tmp_path / "main.js").write_text('import z from "./z.bin";\nimport a from "./a.bin";\nconsole.log(z, a);\n')
    result = build(tmp_path / "main.js", root=tmp_path, options=ASSETS)
    assert list(result.assets) == sorted(result.assets) and len(result.assets) == 2
    assert sorted(result.assets.values()) == sorted([BIG, BIG[::-1]])
