"""``export -o DIR``: nothing of the user's is overwritten; ``--force`` replaces only what is in the way."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

import nbbundle
from nbbundle.cli import main
from nbbundle.kernel import api
from nbbundle.site.export import export_notebook
from nbbundle.bundle.output import OutputError
from nbbundle.site.output_folder import MARKER, ExportRefused

if TYPE_CHECKING:
    from pathlib import Path

APP = ('import "./style.css";\nexport function render({ el }) { el.textContent = "app";\n'
       "  el.onclick = () => import('./chart.js'); }\n")


def notebook(folder: Path, chart: str = "export const chart = 1;", *, style_cell: bool = True,
             styled: bool = True) -> Path:
    """An app with a lazy ``chart.js``; ``styled``: it imports ``style.css`` (a cell unless not ``style_cell``)."""
    app = APP if styled else APP.replace('import "./style.css";\n', "")
    cells = ["%load_ext nbbundle", f"%%module chart.js\n{chart}", f"%%module app.js --show\n{app}"]
    if style_cell and styled:
        cells.insert(1, "%%module style.css\n.app { color: red }")
    path = folder / "app.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), path)
    return path


def listing(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir()) if p.is_file()}


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """The CLI in this process (an uncaught exception fails the test): exit status, stderr lines."""
    status = main(["export", *args])
    return status, capsys.readouterr().err.strip().splitlines()


def test_a_folder_with_someone_elses_files_is_refused_and_left_as_it_was(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>my own page</h1>")
    (site / "app.js").write_text("// my own app")
    status, lines = export(capsys, str(notebook(tmp_path)), "-o", str(site))
    assert status == 2
    assert lines == [f"nbbundle: {site} is not empty (app.js, index.html) and no earlier export wrote it "
                     f"(there is no {MARKER}): choose an empty or new folder, or pass --force (force=True) "
                     "to write the site into it, replacing files of the same name"]
    assert listing(site) == {"app.js": "// my own app", "index.html": "<h1>my own page</h1>"}


def test_an_empty_folder_and_a_new_one_are_written(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "new" / "nested"):
        result = export_notebook(notebook(tmp_path), folder)
        assert set(listing(folder)) == {*result.files, MARKER}


def test_the_marker_lists_every_file_written_with_its_digest(tmp_path: Path) -> None:
    result = export_notebook(notebook(tmp_path), tmp_path / "site")
    marker = json.loads((tmp_path / "site" / MARKER).read_text())
    assert sorted(marker["files"]) == sorted(result.files)
    assert all(value.startswith("sha256:") for value in marker["files"].values())


def test_exporting_again_replaces_its_own_files_and_keeps_the_users(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    first = export_notebook(notebook(tmp_path), site)
    (site / "README.txt").write_text("deployed with rsync")
    old_chart = next(name for name in first.files if name.startswith("chart."))
    status, lines = export(capsys, str(notebook(tmp_path, "export const chart = 2;")), "-o", str(site))
    assert status == 0, lines
    new_chart = next(name for name in os.listdir(site) if name.startswith("chart.") and name.endswith(".js"))
    assert new_chart != old_chart
    assert "chart=2" in (site / new_chart).read_text()  # (minified: production)
    assert not (site / old_chart).exists(), "a resource only the earlier export needed is removed"
    assert lines[-1] == ("nbbundle: removed 2 files of the earlier export that this one no longer writes: "
                         f"{old_chart}, {old_chart}.map")
    assert (site / "README.txt").read_text() == "deployed with rsync"


def test_a_file_changed_since_the_export_is_not_replaced_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    export_notebook(notebook(tmp_path), site)
    (site / "index.html").write_text("<h1>hand-edited</h1>")
    status, lines = export(capsys, str(notebook(tmp_path)), "-o", str(site))
    assert (status, lines) == (2, [f"nbbundle: refusing to replace files in {site}: index.html changed since the "
                                   "last export; pass --force (force=True) to replace them"])
    assert (site / "index.html").read_text() == "<h1>hand-edited</h1>"
    assert export(capsys, str(notebook(tmp_path)), "-o", str(site), "--force")[0] == 0
    assert "<h1>hand-edited</h1>" not in (site / "index.html").read_text()


def test_a_new_file_name_taken_by_the_user_is_not_replaced_without_force(tmp_path: Path) -> None:
    site = tmp_path / "site"
    style = export_notebook(notebook(tmp_path), tmp_path / "probe").file_of("style.css")
    export_notebook(notebook(tmp_path, styled=False), site)
    (site / style).write_text("/* mine */")  # the next export adds this style file of its own
    with pytest.raises(ExportRefused, match=f"{re.escape(style)} was not written by an export"):
        export_notebook(notebook(tmp_path), site)
    assert (site / style).read_text() == "/* mine */"


def test_a_stale_file_the_user_changed_is_kept(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = export_notebook(notebook(tmp_path), site)
    old_chart = next(name for name in first.files if name.startswith("chart."))
    (site / old_chart).write_text("// patched by hand")
    second = export_notebook(notebook(tmp_path, "export const chart = 2;"), site)
    assert second.removed == [f"{old_chart}.map"]  # its map was not changed: the export's to remove
    assert (site / old_chart).read_text() == "// patched by hand"
    assert old_chart not in json.loads((site / MARKER).read_text())["files"], "it is the user's file now"


def test_force_replaces_what_is_in_the_way_and_nothing_else(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>old page</h1>")
    (site / "notes.txt").write_text("keep me")
    outside = tmp_path / "outside.js"
    outside.write_text("// not in the site")
    app = export_notebook(notebook(tmp_path), tmp_path / "probe").file_of("app.js")
    (site / app).symlink_to(outside)
    result = export_notebook(notebook(tmp_path), site, force=True)
    assert (site / "notes.txt").read_text() == "keep me"
    assert (site / "index.html").read_text().startswith("<!doctype html>")
    assert not (site / app).is_symlink(), "the link is replaced, not written through"
    assert outside.read_text() == "// not in the site"
    assert sorted(json.loads((site / MARKER).read_text())["files"]) == sorted(result.files)


def test_force_never_replaces_a_module_the_site_is_made_from(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # Content hashes make such a clash unlikely; were a name to clash, the module is still safe.
    monkeypatch.setattr("nbbundle.site.export.content_hashed", lambda name, _content: name)
    (tmp_path / "style.css").write_text(".app { color: green }")  # read from disk: the cell is gone
    path = notebook(tmp_path, style_cell=False)
    status, lines = export(capsys, str(path), "-o", str(tmp_path), "--force")
    assert (status, lines) == (2, [f"nbbundle: refusing to write {tmp_path / 'style.css'}: it is the module "
                                   "style.css the site is made from"])
    assert (tmp_path / "style.css").read_text() == ".app { color: green }"
    assert not (tmp_path / "index.html").exists()


def test_unusable_output_paths_are_one_line_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = notebook(tmp_path)
    (tmp_path / "file.txt").write_text("mine")
    assert export(capsys, str(path), "-o", str(tmp_path / "file.txt")) == \
        (2, [f"nbbundle: {tmp_path / 'file.txt'} is a file, not a folder: choose a folder for the site"])
    assert export(capsys, str(path), "-o", str(tmp_path / "file.txt" / "site"), "--force") == \
        (2, [f"nbbundle: cannot create the folder {tmp_path / 'file.txt' / 'site'}: {tmp_path / 'file.txt'} is a file"])
    if os.path.isdir("/sys/kernel"):  # Linux: nobody may create folders in /sys, root included
        assert export(capsys, str(path), "-o", "/sys/nbbundle-site") == \
            (2, ["nbbundle: no permission to create the folder /sys/nbbundle-site"])
    assert (tmp_path / "file.txt").read_text() == "mine"


def test_the_command_refuses_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("mine")
    completed = subprocess.run([sys.executable, "-m", "nbbundle", "export", str(notebook(tmp_path)), "-o", "site"],
                               capture_output=True, text=True, check=False, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert completed.returncode == 2
    assert completed.stderr.startswith("nbbundle: site is not empty (index.html)")
    assert len(completed.stderr.splitlines()) == 1
    assert (tmp_path / "site" / "index.html").read_text() == "mine"


def test_export_site_in_a_kernel_refuses_and_takes_force(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "app.js").write_text("// mine")
    api.environment.cache_clear()
    try:
        nbbundle.define("app.js", "export function render({ el }) { el.textContent = 'hi'; }")
        with pytest.raises(ExportRefused, match=r"pass --force \(force=True\)"):
            nbbundle.export_site("app.js", "site")
        assert (tmp_path / "site" / "app.js").read_text() == "// mine"
        result = nbbundle.export_site("app.js", "site", force=True)
    finally:
        api.environment.cache_clear()
    assert result.file_of("app.js") in result.files
    assert "el.textContent = 'hi'" in (tmp_path / "site" / result.file_of("app.js")).read_text()


def test_a_marker_is_believed_only_about_files_an_export_writes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    export_notebook(notebook(tmp_path), site)
    (site / "README.md").write_text("# my notes")
    (site / "data.ipynb").write_text("{}")
    marker = json.loads((site / MARKER).read_text())
    for name in ("README.md", "data.ipynb"):  # a forged (or hand-edited) marker claims them
        marker["files"][name] = "sha256:" + hashlib.sha256((site / name).read_bytes()).hexdigest()
    (site / MARKER).write_text(json.dumps(marker))
    result = export_notebook(notebook(tmp_path), site)
    assert result.removed == []
    assert (site / "README.md").read_text() == "# my notes"
    assert (site / "data.ipynb").read_text() == "{}"


def test_a_marker_never_removes_the_notebook(tmp_path: Path) -> None:
    site = tmp_path / "site"
    export_notebook(notebook(tmp_path), site)
    inside = site / "old.js"  # the notebook, kept in the site under a name an export could write
    saved = notebook(tmp_path).read_bytes()
    inside.write_bytes(saved)
    marker = json.loads((site / MARKER).read_text())
    marker["files"]["old.js"] = "sha256:" + hashlib.sha256(inside.read_bytes()).hexdigest()
    (site / MARKER).write_text(json.dumps(marker))
    result = export_notebook(inside, site, force=True)
    assert result.removed == []
    assert inside.read_bytes() == saved


def test_force_never_replaces_the_notebook_itself(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = notebook(tmp_path).rename(tmp_path / "index.html")  # a notebook saved as index.html
    saved = path.read_text()
    status, lines = export(capsys, str(path), "-o", str(tmp_path), "--force")
    assert (status, lines) == (2, [f"nbbundle: refusing to write {path}: it is the notebook index.html the site "
                                   "is made from"])
    assert path.read_text() == saved
    assert sorted(os.listdir(tmp_path)) == ["index.html"]


def test_a_folder_in_the_way_of_a_later_file_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    first = export_notebook(notebook(tmp_path), site)
    before = listing(site)
    last = first.files[-1]
    (site / last).unlink()
    (site / last).mkdir()  # someone's folder where the export's last file goes
    before.pop(last)
    status, lines = export(capsys, str(notebook(tmp_path)), "-o", str(site), "--force")
    assert (status, lines) == (2, [f"nbbundle: cannot write {site / last}: a folder of that name is in the way"])
    assert listing(site) == before
    assert (site / last).is_dir()


def test_a_write_that_fails_part_way_puts_every_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    first = export_notebook(notebook(tmp_path), site)
    (site / "notes.txt").write_text("mine")
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    replace = os.replace
    failing = first.files[2]

    def disk_full_at_the_third_file(source: str, target: str) -> None:
        if os.path.basename(target) == failing and source.endswith(".tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        replace(source, target)

    monkeypatch.setattr(os, "replace", disk_full_at_the_third_file)
    with pytest.raises(OutputError, match=f"cannot write {re.escape(str(site / failing))}: No space left on device"):
        export_notebook(notebook(tmp_path, "export const chart = 2;"), site, force=True)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before, "no file changed, none added or left over"
    with pytest.raises(OutputError):
        monkeypatch.setattr(os, "replace", disk_full_at_the_third_file)
        export_notebook(notebook(tmp_path), tmp_path / "new")
    assert not (tmp_path / "new").exists()


def test_what_a_marker_is_believed_about() -> None:
    from nbbundle.site.output_folder import export_shaped

    # What an export writes: the page, scripts, styles, and emitted assets (content-hashed names).
    assert all(map(export_shaped, ["index.html", "app.js", "style.css", "logo.1a2b3c4d.png", "font.0123abcd.woff2"]))
    # What people name their own files: never removed or replaced on a marker's word.
    assert not any(map(export_shaped, ["README.md", "logo.png", "app.ipynb", "notes.txt", "../x.js", ".hidden.js"]))
