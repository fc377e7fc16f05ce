"""``--minify``/``--no-minify``: on by default in production, off in development, either way when
asked; the summary line says so, and the minified bundle prints what the readable one prints."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from node_programs import NODE

from nbbundle.cli import main

SOURCE = ("// a comment that only a readable build keeps\n"
          "export function describeValue(inputValue) {\n  const doubledValue = inputValue * 2;\n"
          "  return `value ${doubledValue}`;\n}\nconsole.log(describeValue(21));\n")


@pytest.mark.parametrize(("flags", "minified"), [
    ([], False), (["--minify"], True), (["--mode", "production"], True),
    (["--mode", "production", "--no-minify"], False),
])
def test_the_flag_and_the_mode_decide(flags: list[str], minified: bool, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "main.js").write_text(SOURCE)
    out = tmp_path / "out.js"
    assert main(["build", str(tmp_path / "main.js"), "-o", str(out), "--no-cache", *flags]) == 0
    code = out.read_text()
    assert ("doubledValue" not in code and "a comment" not in code) is minified
    assert (", minified, " in capsys.readouterr().err) is minified
    if NODE is not None:
        done = subprocess.run([NODE, str(out)], capture_output=True, text=True, timeout=60, check=False)
        assert done.stdout == "value 42\n", done.stderr

