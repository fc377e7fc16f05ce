"""``build ENTRY -o OUT``: never over a module of the build; unusable ``-o`` paths in one line, exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from nbbundle.cli import main

if TYPE_CHECKING:
    from pathlib import Path

SOURCES = {
    "main.js": 'import { greet } from "./lib/greet.js";\nimport data from "./data.json";\nconsole.log(greet(data.name));\n',
    "lib/greet.js": "export function greet(name) { return `hello, ${name}`; }\n",
    "data.json": '{"name": "world"}\n',
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name, text in SOURCES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def sources_unchanged(root: Path) -> bool:
    return all((root / name).read_text() == text for name, text in SOURCES.items())


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run the CLI in this process (an uncaught exception fails the test); the one line it printed."""
    status = main(["build", *args])
    err = capsys.readouterr().err
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("nbbundle: ")
    return lines[0]


@pytest.mark.parametrize("target", ["main.js", "lib/greet.js", "data.json", "lib/../main.js"])
def test_the_bundle_never_replaces_a_module_of_the_build(project: Path, target: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(capsys, str(project / "main.js"), "-o", str(project / target))
    assert "refusing to write the bundle over" in line
    assert line.endswith(f"it is the module {os.path.normpath(target)} of this build; choose another -o path")
    assert sources_unchanged(project)


@pytest.mark.parametrize("target", ["package.json", "node_modules/dep/package.json"])
def test_the_bundle_never_replaces_a_package_json_the_build_read(project: Path, target: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (project / "package.json").write_text('{"name": "app", "type": "module"}\n')
    (project / "node_modules" / "dep").mkdir(parents=True)
    (project / "node_modules" / "dep" / "package.json").write_text('{"name": "dep", "main": "dep.js"}\n')
    (project / "node_modules" / "dep" / "dep.js").write_text("export const dep = 1;\n")
    (project / "main.js").write_text('import { dep } from "dep";\nconsole.log(dep);\n')
    before = {path: path.read_text() for path in project.rglob("*.json")}
    line = refused(capsys, str(project / "main.js"), "-o", str(project / target))
    assert line == (f"nbbundle: refusing to write the bundle over {project / target}: this build read it "
                    f"({target}); choose another -o path")
    assert {path: path.read_text() for path in project.rglob("*.json")} == before
    assert main(["build", str(project / "main.js"), "-o", str(project / "out.js"), "--quiet"]) == 0


def test_a_link_to_a_module_is_that_module(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "dist").mkdir()
    (project / "dist" / "symlink.js").symlink_to(project / "lib" / "greet.js")
    os.link(project / "main.js", project / "dist" / "hardlink.js")
    assert "module lib/greet.js" in refused(capsys, str(project / "main.js"), "-o", str(project / "dist" / "symlink.js"))
    assert "module main.js" in refused(capsys, str(project / "main.js"), "-o", str(project / "dist" / "hardlink.js"))
    assert sources_unchanged(project)


def test_an_existing_folder_is_not_a_file_name(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "dist").mkdir()
    line = refused(capsys, str(project / "main.js"), "-o", str(project / "dist"))
    assert line == f"nbbundle: {project / 'dist'} is a folder: -o names the bundle's file, e.g. -o {project / 'dist' / 'bundle.js'}"


def test_a_folder_that_cannot_be_created_is_named_with_why(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "notes.txt").write_text("mine")
    line = refused(capsys, str(project / "main.js"), "-o", str(project / "notes.txt" / "dist" / "app.js"))
    assert line == f"nbbundle: cannot create the folder {project / 'notes.txt' / 'dist'}: {project / 'notes.txt'} is a file"
    assert (project / "notes.txt").read_text() == "mine"


@pytest.mark.skipif(not os.path.isdir("/sys/kernel"), reason="needs Linux's /sys, where nobody may create files, root included")
def test_no_permission_is_said_plainly(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert refused(capsys, str(project / "main.js"), "-o", "/sys/nbbundle-test.js") == \
        "nbbundle: no permission to write /sys/nbbundle-test.js"
    assert refused(capsys, str(project / "main.js"), "-o", "/sys/nbbundle-test/app.js") == \
        "nbbundle: no permission to create the folder /sys/nbbundle-test"


def test_a_new_nested_folder_is_created_and_a_previous_bundle_replaced(project: Path) -> None:
    outfile = project / "dist" / "deep" / "app.js"
    assert main(["build", str(project / "main.js"), "-o", str(outfile), "--quiet"]) == 0
    outfile.write_text("// an old bundle")
    assert main(["build", str(project / "main.js"), "-o", str(outfile), "--quiet"]) == 0
    ran = subprocess.run(["node", str(outfile)], capture_output=True, text=True, check=True)
    assert ran.stdout == "hello, world\n"


def test_the_command_exits_2_without_a_traceback(project: Path) -> None:
    completed = subprocess.run([sys.executable, "-m", "nbbundle", "build", "main.js", "-o", "main.js"],
                               capture_output=True, text=True, check=False, cwd=project)
    assert completed.returncode == 2
    assert completed.stderr == ("nbbundle: refusing to write the bundle over main.js: it is the module main.js "
                                "of this build; choose another -o path\n")
    assert sources_unchanged(project)


def test_thousands_of_errors_print_the_first_ten_and_how_many_more(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "many.js").write_text("".join(f"let a{i} = 1; let a{i} = 2;\n" for i in range(2_000)))
    assert main(["build", str(tmp_path / "many.js"), "-o", str(tmp_path / "out.js")]) == 1
    err = capsys.readouterr().err
    assert err.count("--> many.js:") == 10
    assert "… and 1,990 more errors (the first 10 are shown)" in err
    assert err.rstrip().endswith("nbbundle: build failed with 2000 errors")
    assert len(err) < 5_000


def test_the_help_fills_the_terminals_width() -> None:
    """``build --help`` wraps at ``$COLUMNS`` as argparse's own formatter does (the CLI tells it
    the width itself: importing ``shutil`` for it cost every build its time)."""
    def shown(columns: int) -> list[str]:
        env = {**os.environ, "COLUMNS": str(columns)}
        return subprocess.run([sys.executable, "-m", "nbbundle", "build", "--help"], env=env, capture_output=True,
                              text=True, check=True).stdout.splitlines()

    narrow, wide = shown(60), shown(110)
    assert len(wide) < len(narrow)
    assert 60 < max(map(len, wide)) <= 110


@pytest.mark.parametrize("format_", ["iife", "esm"])
def test_a_scope_hoisted_builds_plan_is_the_module_system_bundles(format_: str, tmp_path: Path) -> None:
    """A production build in one scope writes no resources, but its ``plan`` (made when asked
    for) is what the module system's bundle of that format ships: each script finds the module
    system as that bundle does (an ES module bundle: the variable holding its own)."""
    from nbbundle.bundle.build import build
    from nbbundle.bundle.esm import OWN_SYSTEM
    from nbbundle.bundle.resources import ACQUIRE
    from nbbundle.compile.options import CompileOptions

    (tmp_path / "main.js").write_text('import { x } from "./lib.js";\nconsole.log(x);\n', encoding="utf-8")
    (tmp_path / "lib.js").write_text("export const x = 1;\n", encoding="utf-8")
    result = build(tmp_path / "main.js", options=CompileOptions(mode="production"), format=format_)
    assert result.not_hoisted is None
    [script] = result.plan.resources
    acquire = OWN_SYSTEM if format_ == "esm" else ACQUIRE
    assert script.module_ids == ("lib.js", "main.js")
    assert script.code.startswith(f"(function (modules, url) {{\n  var ms = {acquire};\n")
