"""Columns as the format counts them (UTF-16 units) and numbers of any size, read back by npm's
``source-map``: non-ASCII text before a name, a character outside the BMP, a long line (columns
past what one VLQ digit holds), and a module whose map is composed through the TypeScript pre-pass."""

from __future__ import annotations

from pathlib import Path

from decoder import decode, generated_position, source_position, write

from nbbundle.cli import main

SHOUT = "export const shout = (text) => text.toUpperCase();\n"
MAIN = ('import { shout } from "./shout.js";\n'
        'const greeting = "héllo wörld 😀";\n'
        'console.log(shout(greeting), greeting.length);\n'
        'const padding = "' + "x" * 700 + '"; console.log(shout(padding), padding.length);\n')
TYPED = ('import { shout } from "./shout.js";\n'
         'const café: string = "ça va 😀"; const n: number = café.length; console.log(shout(café), n);\n'
         'const tag: "é" | "ü😀" = "é"; console.log(tag.length);\n')  # a blanked type shorter in bytes


def test_columns_after_non_ascii_text_and_on_long_lines(tmp_path: Path) -> None:
    write(tmp_path, {"shout.js": SHOUT, "main.js": MAIN, "typed.ts": TYPED})
    for entry, text, needles in (("main.js", MAIN, ["greeting.length", "padding.length", "shout(padding"]),
                                 ("typed.ts", TYPED, ["café.length", "n);", "tag.length"])):
        out = tmp_path / "out" / f"{entry}.bundle.js"
        assert main(["build", str(tmp_path / entry), "-o", str(out), "--sourcemap", "--quiet", "--no-cache"]) == 0
        code = out.read_text(encoding="utf-8")
        start = code.index(f'"{entry}": function')
        generated = {"shout(padding": "shout)(padding"}
        queries = [generated_position(code, generated.get(n, n), start) for n in needles]
        answers, _ = decode((tmp_path / "out" / f"{entry}.bundle.js.map").read_text(encoding="utf-8"), queries)
        assert [(a["line"], a["column"]) for a in answers] == [source_position(text, n) for n in needles], entry


LAZY = "export const value = 7;\n"
HELPER = "module.exports = { twice: (n) => n * 2 };\n"
CJS = ('const { twice } = require("./helper.cjs"); const doubled = twice(21);\n'
       "module.exports = { doubled, lazy: import('./lazy.js').then((m) => m.value + doubled) };\n")
SLOTS = 'import common from "./common.cjs";\nconsole.log(common.doubled);\n'


def test_columns_after_a_resolved_specifier_and_in_commonjs(tmp_path: Path) -> None:
    """A slot (``require``, ``import()``) holds the resolved id, longer or shorter than the
    specifier written: what follows on its line moves, and still maps to where it was written;
    a CommonJS module is wrapped in a function of its own on its first line."""
    write(tmp_path, {"lazy.js": LAZY, "helper.cjs": HELPER, "common.cjs": CJS, "main.js": SLOTS})
    out = tmp_path / "out" / "slots.js"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--sourcemap", "--quiet", "--no-cache"]) == 0
    code = out.read_text(encoding="utf-8")
    start = code.index('"common.cjs": function')
    needles = ["twice(21)", "doubled = ", "m.value + doubled", "doubled) };"]
    queries = [generated_position(code, needle, start) for needle in needles]
    answers, _ = decode((tmp_path / "out" / "slots.js.map").read_text(encoding="utf-8"), queries)
    assert [(a["source"], a["line"], a["column"]) for a in answers] == [
        ("../common.cjs", *source_position(CJS, needle)) for needle in needles]


PADDED = ('const padding = "' + "p" * 80 + '";\n'
          'const first = import("./first.js"), second = import("./second-module.js"); const third = import("./t.js");\n'
          "Promise.all([first, second, third]).then((ms) => console.log(padding.length, ms.length));\n")


def test_each_dynamic_import_on_a_line_maps_its_specifier_and_what_follows(tmp_path: Path) -> None:
    """Three slots on one line, each holding a resolved id shorter than the specifier written: the
    id maps to the specifier, the ``)`` after it to the ``)`` written, and the text between two
    slots to where it was written (the map of every slot after the first moves by all before it)."""
    write(tmp_path, {"first.js": "export const n = 1;\n", "second-module.js": "export const n = 2;\n",
                     "t.js": "export const n = 3;\n", "main.js": PADDED})
    out = tmp_path / "out" / "padded.js"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--sourcemap", "--quiet", "--no-cache"]) == 0
    code = out.read_text(encoding="utf-8")
    start = code.index('"main.js": function')
    written = {'"./first.js"': '"first.js"', '"./second-module.js"': '"second-module.js"', '"./t.js"': '"t.js"'}
    needles = ['"./first.js"', "), second", "second = ", '"./second-module.js"', "); const third", "third = ",
               '"./t.js"', ");\nPromise"]
    queries = [generated_position(code, written.get(n, n), start) for n in needles]
    answers, _ = decode((tmp_path / "out" / "padded.js.map").read_text(encoding="utf-8"), queries)
    assert [(a["source"], a["line"], a["column"]) for a in answers] == [
        ("../main.js", *source_position(PADDED, needle)) for needle in needles]
