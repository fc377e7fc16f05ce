"""Source maps of a minified build: the minifier's ``PositionMap`` is composed into each module's
``positions`` (minified body → compiled body → the user's text), so a renamed local, a call and
a thrown error's frames still map to the line and column where they were written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from missing_tools import skip_without
from nbbundle.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sourcemap"))
from decoder import decode, source_position, write  # noqa: E402

MAIN = """import { area } from "./util.ts";
// a comment the minifier removes
const measured = area(3, 2);
console.log(measured);
area(-1, 2);
"""
UTIL = """export function area(side: number, scale: number): number {
  const sideLength: number = side * scale;
  if (sideLength < 0) {
    throw new RangeError(`negative: ${sideLength}`);
  }
  return sideLength * sideLength;
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("minified-maps")
    write(folder, {"src/main.js": MAIN, "src/util.ts": UTIL})
    assert main(["build", str(folder / "src" / "main.js"), "-o", str(folder / "out" / "bundle.js"),
                 "--sourcemap", "--minify", "--quiet", "--no-cache"]) == 0
    return folder


def _at(code: str, offset: int) -> tuple[int, int]:
    before = code[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1)


def test_renamed_locals_and_calls_map_to_where_they_were_written(built: Path) -> None:
    code = (built / "out" / "bundle.js").read_text()
    util = code.index('"util.ts": function')
    assert "sideLength" not in code[util:util + 400]  # renamed
    # `const X=side*scale` (the parameters renamed too): X is sideLength
    declaration = code.index("const ", util) + len("const ")
    main_start = code.index('"main.js": function')
    call = code.index(".area)(3,2)", main_start)
    answers, _ = decode((built / "out" / "bundle.js.map").read_text(), [_at(code, declaration), _at(code, call + 1)])
    got = [(answer["source"], answer["line"], answer["column"]) for answer in answers]
    assert got == [("../src/util.ts", *source_position(UTIL, "sideLength: number =")),
                   ("../src/main.js", *source_position(MAIN, "area(3, 2)"))]


def test_a_thrown_errors_frames_name_the_lines_written(built: Path) -> None:
    skip_without("node", "runs the bundle")
    done = subprocess.run(["node", "--enable-source-maps", "out/bundle.js"], cwd=built, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode != 0 and done.stdout.strip() == "36"
    throw_line, throw_column = source_position(UTIL, "new RangeError")
    call_line, call_column = source_position(MAIN, "area(-1")
    assert f"{built / 'src' / 'util.ts'}:{throw_line}:{throw_column + 1}" in done.stderr, done.stderr
    assert f"{built / 'src' / 'main.js'}:{call_line}:{call_column + 1}" in done.stderr, done.stderr


SHAKEN_MAIN = """import { used } from "./lib.js";
console.log(used(2));
"""
SHAKEN_LIB = """export const before = "kept-before";
export function unused(count) {
  // nothing imports this: tree shaking drops it, and a minified build drops its bytes too
  const lines = [];
  for (let index = 0; index < count; index++) {
    lines.push(`ligne ${index}: héllo ✓ ${index * 2}`);
  }
  return lines.join("\\n") + "padding padding padding padding padding padding padding padding";
}
export const alsoUnused = { a: unused, b: [1, 2, 3], c: "padding ✓ padding" };
(function () { globalThis.marker = "after-the-cut"; })();
export function used(value) { return before + ":" + globalThis.marker + ":" + value * 21; }
"""


def test_a_minified_shaken_build_cuts_unused_statements_and_still_maps(tmp_path: Path) -> None:
    write(tmp_path, {"src/main.js": SHAKEN_MAIN, "src/lib.js": SHAKEN_LIB})
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", str(tmp_path / "out" / "bundle.js"),
                 "--mode", "production", "--sourcemap", "--minify", "--quiet", "--no-cache"]) == 0
    code = (tmp_path / "out" / "bundle.js").read_text()
    assert "padding" not in code and "ligne" not in code  # tree shaking dropped the unused export
    assert "    " not in code  # and no blanks stand where it was
    answers, _ = decode((tmp_path / "out" / "bundle.js.map").read_text(),
                        [_at(code, code.index('"kept-before"')), _at(code, code.index('"after-the-cut"')),
                         _at(code, code.index("*21"))])
    got = [(answer["source"], answer["line"], answer["column"]) for answer in answers]
    assert got == [("../src/lib.js", *source_position(SHAKEN_LIB, '"kept-before"')),
                   ("../src/lib.js", *source_position(SHAKEN_LIB, '"after-the-cut"')),
                   ("../src/lib.js", *source_position(SHAKEN_LIB, "* 21"))]
    skip_without("node", "runs the bundle")
    done = subprocess.run(["node", "out/bundle.js"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          check=False)
    assert (done.returncode, done.stdout) == (0, "kept-before:after-the-cut:42\n"), done.stderr


def test_a_minified_shaken_module_with_imports_between_its_statements_runs(tmp_path: Path) -> None:
    """Cut statements around the import slots of a minified module (non-ASCII text before and
    after them, a cut right before an expression statement that starts with ``(``): what stays
    runs as node runs the sources."""
    from node_programs import output_diff, run_classic, run_native

    from nbbundle.bundle.build import build
    from nbbundle.compile.options import CompileOptions

    skip_without("node", "the bundle runs under node")
    files = {
        "main.js": 'import { used, other, last } from "./lib.js";\nconsole.log(used(), other, last, globalThis.sideEffect);\n',
        "lib.js": 'import { dep } from "./dep.js";\n'
                  'export const unused1 = "GONE1"; export const unused2 = "GONE2";\n'
                  'export function used() { return dep + "é"; }\n'
                  'const unused3 = "GONE3"\n'
                  ';(function () { globalThis.sideEffect = "ran"; })()\n'
                  'export const other = "ö" + dep;\n'
                  'import { more } from "./more.js";\n'
                  'export const unused4 = "GONE4";\n'
                  "export const last = more;\n",
        "dep.js": 'export const dep = "dep";\n',
        "more.js": 'export const more = "more";\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = build(tmp_path / "main.js", options=CompileOptions(mode="production", minify=True)).code
    assert "GONE" not in code
    assert output_diff(run_native(tmp_path), run_classic(code, tmp_path)) is None
    assert run_classic(code, tmp_path).lines == ["depé ödep more ran"]


def test_a_minified_shaken_module_that_starts_with_a_non_ascii_character_runs(tmp_path: Path) -> None:
    """The cuts are made in UTF-8 bytes: a two-byte character at the very start of a module's
    text (a global's name) counts two, so the cut takes the unused function whole, not the
    `;` before it while leaving its `}`."""
    from node_programs import output_diff, run_classic, run_native

    from nbbundle.bundle.build import build
    from nbbundle.compile.options import CompileOptions

    skip_without("node", "the bundle runs under node")
    files = {
        "main.js": 'import "./setup.js";\nimport { used } from "./lib.js";\nconsole.log(used, globalThis.seen);\n',
        "setup.js": "globalThis.\u00f1 = (x) => { globalThis.seen = x; };\n",
        "lib.js": '\u00f1("ran");\nexport function unused() { return "GONE"; }\nexport const used = "kept \u00e9";\n',
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = build(tmp_path / "main.js", options=CompileOptions(mode="production", minify=True)).code
    assert "GONE" not in code
    assert output_diff(run_native(tmp_path), run_classic(code, tmp_path)) is None
    assert run_classic(code, tmp_path).lines == ["kept \u00e9 ran"]


SLOTTED_MAIN = """import { head, load, loadOther, loadLast } from "./lib.js";
const [a, b, c] = [await load(), await loadOther(), await loadLast()];
console.log(head, a.x, b.y, c.x);
"""
# Each `import()` splits lib.js's body into parts (a slot between two holds the resolved id):
# statements are cut before the first slot (not at the body's start), between the slots and
# after the last; the third slot comes after three cuts.
SLOTTED_LIB = """export const head = "head";
export const unused1 = "GONE1 ✓";
export function load() { return ["first-part", import("./lazy.js")][1]; }
export const unused2 = "GONE2 é"; export const unused3 = "GONE3";
export const loadOther = () => ["second-part", import("./other.js")][1];
export const unused4 = "GONE4";
export const loadLast = () => ["third-part ✓", import("./lazy.js")][1];
export const unused5 = "GONE5";
"""


def test_a_minified_shaken_module_split_by_dynamic_imports_runs_and_maps(tmp_path: Path) -> None:
    """A module with ``import()`` in it is several parts: the cuts before, between and after its
    slots leave each resolved id where its ``import(`` is, and each part's code maps to its line."""
    write(tmp_path, {"src/main.js": SLOTTED_MAIN, "src/lib.js": SLOTTED_LIB,
                     "src/lazy.js": 'export const x = "lazy-x";\n', "src/other.js": 'export const y = "other-y";\n'})
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", str(tmp_path / "out" / "bundle.js"),
                 "--mode", "production", "--sourcemap", "--minify", "--quiet", "--no-cache"]) == 0
    code = (tmp_path / "out" / "bundle.js").read_text()
    assert "GONE" not in code
    # Where a token starts (a segment does): the code before each slot, the `)` right after it.
    body = code.index('"lib.js": function')
    generated = [code.index('["first-part"', body), code.index('"lazy.js")', body) + len('"lazy.js"'),
                 code.index('["second-part"', body), code.index('"other.js")', body) + len('"other.js"'),
                 code.index('["third-part', body), code.index('"lazy.js")', code.index('["third-part', body)) + len('"lazy.js"')]
    written = [SLOTTED_LIB.index('["first-part"'), SLOTTED_LIB.index(')]'), SLOTTED_LIB.index('["second-part"'),
               SLOTTED_LIB.index(')]', SLOTTED_LIB.index("second-part")), SLOTTED_LIB.index('["third-part'),
               SLOTTED_LIB.index(')]', SLOTTED_LIB.index("third-part"))]
    answers, _ = decode((tmp_path / "out" / "bundle.js.map").read_text(), [_at(code, offset) for offset in generated])
    got = [(answer["source"], answer["line"], answer["column"]) for answer in answers]
    assert got == [("../src/lib.js", *_at(SLOTTED_LIB, offset)) for offset in written]
    skip_without("node", "runs the bundle")
    done = subprocess.run(["node", "out/bundle.js"], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          check=False)
    assert (done.returncode, done.stdout) == (0, "head lazy-x other-y lazy-x\n"), done.stderr


@pytest.mark.parametrize("flags", [["--minify"], ["--mode", "production"]])
def test_the_resolved_id_of_an_import_maps_to_the_specifier_written(flags: list[str], tmp_path: Path) -> None:
    """DevTools on the id written in place of ``import("./lazy.js")``'s specifier shows that
    specifier (as a readable build's map does), not the ``)`` after it."""
    main_text = 'export function load() { return import("./lazy.js"); }\nload().then((m) => console.log(m.x));\n'
    write(tmp_path, {"src/main.js": main_text, "src/lazy.js": "export const x = 1;\n"})
    bundle = tmp_path / "out" / "bundle.js"
    assert main(["build", str(tmp_path / "src" / "main.js"), "-o", str(bundle), "--sourcemap", "--quiet",
                 "--no-cache", *flags]) == 0
    code = bundle.read_text()
    resolved = code.index('"lazy.js")', code.index('"main.js": function'))
    queries = [_at(code, resolved), _at(code, resolved + len('"lazy.js'))]  # its first and last characters
    answers, _ = decode(Path(f"{bundle}.map").read_text(), queries)
    specifier = (1, main_text.index('"./lazy.js"'))
    got = [(answer["source"], answer["line"], answer["column"]) for answer in answers]
    assert got == [("../src/main.js", *specifier)] * 2


def test_a_minified_build_cuts_statements_with_one_semicolon_where_one_is_needed(tmp_path: Path) -> None:
    """Cut, not blanked: two unused statements side by side (no white space between) go as one,
    with no `;` after a statement that ends with its own, and one after a function declaration;
    what stays is still scope hoisted."""
    from nbbundle.bundle.build import build
    from nbbundle.compile.options import CompileOptions

    write(tmp_path, {
        "main.js": 'import { used } from "./lib.js";\nconsole.log(used());\n',
        "lib.js": 'export const kept = "k";export const unusedA = "GONE_A";export const unusedB = "GONE_B";\n'
                  "export function used() { return kept; }\n"
                  'export const unusedC = "GONE_C";\n',
    })
    code = build(tmp_path / "main.js", options=CompileOptions(mode="production", minify=True)).code
    assert code.splitlines()[2:4] == ['const a="k";function used(){return a};', ";console.log(used());"]

