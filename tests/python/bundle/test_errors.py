"""Diagnostics: the exact text a user reads, code frame included (esbuild's expectParseError)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nbbundle.bundle.build import build
from nbbundle.compile.errors import NbbundleError, code_frame


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root / "main.js"


def messages(root: Path, files: dict[str, str]) -> list[str]:
    with pytest.raises(NbbundleError) as caught:
        build(write(root, files))
    return [diagnostic.format() for diagnostic in caught.value.diagnostics]


def test_syntax_error_names_module_line_and_column(tmp_path: Path) -> None:
    assert messages(tmp_path, {"main.js": "const a = 1;\nfunction f() {\n  return a +* 2;\n}\n"}) == [
        'error: Unexpected "+"\n'
        "  --> main.js:3:12\n"
        "  1 | const a = 1;\n"
        "  2 | function f() {\n"
        "> 3 |   return a +* 2;\n"
        "    |            ^\n"
        "  4 | }"
    ]


def test_unresolved_import_suggests_the_file_that_exists(tmp_path: Path) -> None:
    files = {"main.js": 'import { helper } from "./utils.js";\nhelper();\n', "util.js": "export const helper = 1;\n"}
    assert messages(tmp_path, files) == [
        'error: Could not resolve "./utils.js" from "main.js"\n'
        "  --> main.js:1:24\n"
        '> 1 | import { helper } from "./utils.js";\n'
        "    |                        ^^^^^^^^^^^^\n"
        "  2 | helper();\n"
        'hint: No file "./utils.js" next to "main.js" (tried utils.js, utils.js.{js,mjs,ts,tsx,jsx,mts}, '
        'utils.{ts,tsx}, utils.js/index.{js,mjs,ts,tsx,jsx,mts}). Did you mean "./util.js"?'
    ]


def test_missing_export_names_both_modules_and_a_close_name(tmp_path: Path) -> None:
    files = {"main.js": 'import { count } from "./store.js";\ncount;\n', "store.js": "export let counter = 0;\n"}
    assert messages(tmp_path, files) == [
        'error: "count" is not exported by "store.js", imported by "main.js"\n'
        "  --> main.js:1:10\n"
        '> 1 | import { count } from "./store.js";\n'
        "    |          ^^^^^\n"
        "  2 | count;\n"
        'hint: Did you mean "counter"?'
    ]


def test_missing_export_lists_what_the_module_exports(tmp_path: Path) -> None:
    files = {"main.js": 'export { zzz } from "./lib.js";\n', "lib.js": "export const alpha = 1, beta = 2;\n"}
    assert messages(tmp_path, files)[0].endswith('hint: "lib.js" exports: alpha, beta.')


def test_import_of_an_ambiguous_star_export_is_an_error(tmp_path: Path) -> None:
    files = {
        "main.js": 'import { x } from "./star.js";\n',
        "star.js": 'export * from "./a.js";\nexport * from "./b.js";\n',
        "a.js": "export const x = 1;\n",
        "b.js": "export const x = 2;\n",
    }
    assert messages(tmp_path, files) == [
        'error: "x" is exported by more than one "export *" in "star.js", imported by "main.js"\n'
        "  --> main.js:1:10\n"
        '> 1 | import { x } from "./star.js";\n'
        "    |          ^\n"
        'hint: Import it from the module that defines it, or re-export it explicitly from "star.js".'
    ]


def test_every_error_of_a_build_is_reported(tmp_path: Path) -> None:
    files = {
        "main.js": 'import "./a.js";\nimport "./b.js";\nimport "./missing.js";\n',
        "a.js": "let = ;\n",
        "b.js": "export default (;\n",
    }
    codes = [line.split("\n", 1)[0] for line in messages(tmp_path, files)]
    assert len(codes) == 3
    assert codes[0] == 'error: Could not resolve "./missing.js" from "main.js"'


def test_redeclared_import_is_a_syntax_error(tmp_path: Path) -> None:
    files = {"main.js": 'import { a } from "./a.js";\nlet a = 2;\n', "a.js": "export const a = 1;\n"}
    assert messages(tmp_path, files) == [
        'error: Identifier "a" has already been declared\n'
        "  --> main.js:2:5\n"
        '  1 | import { a } from "./a.js";\n'
        "> 2 | let a = 2;\n"
        "    |     ^\n"
        'hint: "a" is imported in this module; rename the import or the declaration.'
    ]


def test_invalid_json_points_at_the_problem(tmp_path: Path) -> None:
    files = {"main.js": 'import d from "./d.json" with { type: "json" };\n', "d.json": '{\n  "a": 1,\n}\n'}
    assert messages(tmp_path, files)[0].startswith(
        "error: Invalid JSON: Expecting property name enclosed in double quotes\n  --> d.json:3:1\n"
    )


def test_code_frame_caret_counts_characters_not_bytes() -> None:
    assert code_frame('const s = "héllo"; boom;', 1, 19, 4) == (
        '> 1 | const s = "héllo"; boom;\n'
        "    |                    ^^^^"
    )


def test_cli_prints_diagnostics_to_stderr_and_exits_1(tmp_path: Path) -> None:
    entry = write(tmp_path, {"main.js": 'import "./nope.js";\n'})
    completed = subprocess.run(
        [sys.executable, "-m", "nbbundle", "build", str(entry), "-o", str(tmp_path / "out.js")],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert 'Could not resolve "./nope.js" from "main.js"' in completed.stderr
    assert completed.stderr.rstrip().endswith("nbbundle: build failed with 1 error")
    assert not (tmp_path / "out.js").exists()


def test_cli_usage_error_exits_2(tmp_path: Path) -> None:
    completed = subprocess.run([sys.executable, "-m", "nbbundle", "build"], capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert "the following arguments are required" in completed.stderr


def test_code_frame_of_a_minified_line_shows_a_window_around_the_column() -> None:
    frame = code_frame("a" * 500 + " boom " + "b" * 500, 1, 501, 4)
    line, carets = frame.split("\n")
    assert line == "> 1 | …" + "a" * 52 + " boom " + "b" * 102 + "…"
    assert carets == "    | " + " " * 54 + "^^^^"


def test_a_missing_files_hint_names_the_importer_relative_to_the_root(tmp_path: Path) -> None:
    # The tests run from the checkout, not from tmp_path: the root, not the cwd, decides.
    with pytest.raises(NbbundleError) as caught:
        build(write(tmp_path, {"main.js": 'import "./lib/missing.js";\n'}))
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.hint is not None and diagnostic.hint.startswith('No file "./lib/missing.js" next to "main.js" (tried')
