"""``build --sourcemap``: the map read by npm's ``source-map`` decoder and by node's own
(``--enable-source-maps``) names the module and the line:column the user wrote.

Identifiers and call sites are checked in a JavaScript module whose imports are rewritten
(``computeArea(…)`` becomes ``(0, __nbb_import_0__.computeArea)(…)``), a TypeScript module
(types blanked, an enum compiled) and a JSX module (elements become calls, moving every column
after them), and the stack frame of an error thrown in TypeScript.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from decoder import decode, generated_position, source_position, write
from missing_tools import skip_without

from nbbundle.cli import main

MAIN = """import { computeArea, Shape } from "./util.ts";
import { Card } from "./view.jsx";
import { fail } from "./fail.ts";
const unitSquare = { kind: Shape.Square, side: 3 };
const measured = computeArea(unitSquare, 2);
console.log(JSON.stringify(Card({ title: "t" + measured })));
if (measured > 10) fail("too big: " + measured);
"""
UTIL = """export interface Sized { side: number }
export enum Shape { Square = "square", Circle = "circle" }
export function computeArea<T extends Sized>(item: T, scale: number): number {
  const sideLength: number = item.side * scale;
  return sideLength * sideLength;
}
"""
VIEW = """/** @jsx h */
function h(tag, props, ...children) { return { tag, props, children }; }
export function Card({ title }) {
  const heading = <h1 className="big">{title.toUpperCase()}</h1>;
  return <section>{heading}{footer(title)}</section>;
}
function footer(text) { return text.length; }
"""
FAIL = """type Reason = string;
export function fail(reason: Reason): never {
  throw new RangeError(`failed: ${reason}`);
}
"""
SOURCES = {"src/main.js": MAIN, "src/util.ts": UTIL, "src/view.jsx": VIEW, "src/fail.ts": FAIL}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("maps")
    write(folder, SOURCES)
    assert main(["build", str(folder / "src" / "main.js"), "-o", str(folder / "out" / "bundle.js"),
                 "--sourcemap", "--quiet", "--no-cache"]) == 0
    return folder


#: (module, its text, the needle in the module, the needle's form in the bundle, the place in
#: both needles to ask for). The bundle's form is searched after the module's own function.
CASES = [
    # an imported function called: the whole rewritten callee stands for the name
    ("main.js", MAIN, "computeArea(unitSquare", "(0, __nbb_import_0__.computeArea)(unitSquare", 0, 0),
    ("main.js", MAIN, "computeArea(unitSquare", "(0, __nbb_import_0__.computeArea)(unitSquare",
     len("computeArea("), len("(0, __nbb_import_0__.computeArea)(")),
    ("main.js", MAIN, "Shape.Square", "__nbb_import_0__.Shape.Square", len("Shape."), len("__nbb_import_0__.Shape.")),
    ("main.js", MAIN, "JSON.stringify(Card", "JSON.stringify((0, __nbb_import_1__.Card)", 0, 0),
    ("main.js", MAIN, "measured })", "measured })", 0, 0),
    # TypeScript: names after blanked types, a local read
    ("util.ts", UTIL, "item.side * scale", "item.side * scale", len("item.side * "), len("item.side * ")),
    ("util.ts", UTIL, "sideLength * sideLength", "sideLength * sideLength", len("sideLength * "), len("sideLength * ")),
    ("util.ts", UTIL, "function computeArea<T", "function computeArea", len("function "), len("function ")),
    # JSX: what follows an element moved
    ("view.jsx", VIEW, "title.toUpperCase()", "title.toUpperCase()", len("title."), len("title.")),
    ("view.jsx", VIEW, "footer(title)}", "footer(title)", len("footer("), len("footer(")),
    ("view.jsx", VIEW, "heading}{", "heading ,", 0, 0),
]


def test_identifiers_map_to_where_they_were_written(built: Path) -> None:
    code = (built / "out" / "bundle.js").read_text()
    map_json = (built / "out" / "bundle.js.map").read_text()
    queries, expected = [], []
    for module, text, needle, generated, offset, generated_offset in CASES:
        start = code.index(f'"{module}": function')
        line, column = generated_position(code, generated, start)
        queries.append((line, column + generated_offset))
        original_line, original_column = source_position(text, needle)
        expected.append({"source": f"../src/{module}", "line": original_line, "column": original_column + offset})
    answers, sources = decode(map_json, queries)
    got = [{key: answer[key] for key in ("source", "line", "column")} for answer in answers]
    assert got == expected
    assert sorted(sources) == sorted(f"../src/{name}" for name in ("main.js", "util.ts", "view.jsx", "fail.ts"))


def test_the_map_holds_the_modules_as_written_and_no_machine_path(built: Path) -> None:
    map_json = (built / "out" / "bundle.js.map").read_text()
    source_map = json.loads(map_json)
    assert source_map["sourceRoot"] == "../src/"
    contents = dict(zip(source_map["sources"], source_map["sourcesContent"]))
    assert contents == {name.removeprefix("src/"): text for name, text in SOURCES.items()}
    assert str(built) not in map_json
    assert (built / "out" / "bundle.js").read_text().endswith("\n//# sourceMappingURL=bundle.js.map\n")


def test_the_wrappers_map_to_nothing(built: Path) -> None:
    code = (built / "out" / "bundle.js").read_text()
    runtime_line = generated_position(code, "ms.loader.addManifest(")
    prologue = generated_position(code, '"main.js": function* main_js(')
    answers, _ = decode((built / "out" / "bundle.js.map").read_text(), [runtime_line, (prologue[0], prologue[1] + 40)])
    assert [answer["source"] for answer in answers] == [None, None]


def test_a_thrown_errors_frames_name_the_typescript_and_the_call(built: Path) -> None:
    skip_without("node", "runs the bundle")
    done = subprocess.run(["node", "--enable-source-maps", "out/bundle.js"], cwd=built, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0
    throw_line, throw_column = source_position(FAIL, "new RangeError")
    call_line, call_column = source_position(MAIN, 'fail("too big')
    # node prints 1-based columns: where `new` and the call's callee were written
    assert f"{built / 'src' / 'fail.ts'}:{throw_line}:{throw_column + 1}" in done.stderr, done.stderr
    assert f"{built / 'src' / 'main.js'}:{call_line}:{call_column + 1}" in done.stderr, done.stderr


def test_inline_map(tmp_path: Path) -> None:
    skip_without("node", "runs the bundle")
    write(tmp_path, SOURCES)
    out = tmp_path / "inline.js"
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", str(out), "--sourcemap=inline", "--quiet"]) == 0
    assert not (tmp_path / "inline.js.map").exists()
    assert out.read_text().splitlines()[-1].startswith("//# sourceMappingURL=data:application/json;charset=utf-8;base64,")
    done = subprocess.run(["node", "--enable-source-maps", str(out)], capture_output=True, text=True, timeout=60,
                          check=False)
    throw_line, throw_column = source_position(FAIL, "new RangeError")
    assert f"{tmp_path / 'src' / 'fail.ts'}:{throw_line}:{throw_column + 1}" in done.stderr, done.stderr


def test_same_build_same_map_and_no_map_unless_asked(tmp_path: Path, built: Path) -> None:
    write(tmp_path, SOURCES)
    out = tmp_path / "out" / "bundle.js"
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", str(out), "--sourcemap", "--quiet"]) == 0
    assert (tmp_path / "out" / "bundle.js.map").read_bytes() == (built / "out" / "bundle.js.map").read_bytes()
    plain = tmp_path / "plain" / "bundle.js"
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", str(plain), "--quiet"]) == 0
    assert "sourceMappingURL" not in plain.read_text()
    assert not (tmp_path / "plain" / "bundle.js.map").exists()


def test_an_es_module_bundles_map(tmp_path: Path) -> None:
    """``--format esm`` (the anywidget's ``_esm`` form): the same frames, under node's ESM loader."""
    skip_without("node", "runs the bundle")
    write(tmp_path, SOURCES)
    out = tmp_path / "out" / "bundle.mjs"
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", str(out), "--format", "esm", "--sourcemap",
                 "--quiet"]) == 0
    assert out.read_text().endswith("\n//# sourceMappingURL=bundle.mjs.map\n")
    done = subprocess.run(["node", "--enable-source-maps", str(out)], capture_output=True, text=True, timeout=60,
                          check=False)
    throw_line, throw_column = source_position(FAIL, "new RangeError")
    call_line, call_column = source_position(MAIN, 'fail("too big')
    assert f"{tmp_path / 'src' / 'fail.ts'}:{throw_line}:{throw_column + 1}" in done.stderr, done.stderr
    assert f"{tmp_path / 'src' / 'main.js'}:{call_line}:{call_column + 1}" in done.stderr, done.stderr


def test_a_map_beside_what_is_not_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``-o /dev/stdout --sourcemap`` would write ``/dev/stdout.map``: refused in one line, with
    what to do instead; ``--sourcemap=inline`` is the way for a pipe."""
    write(tmp_path, SOURCES)
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", "/dev/stdout", "--sourcemap"]) == 2
    assert "use --sourcemap=inline" in capsys.readouterr().err
    assert not Path("/dev/stdout.map").exists()
