"""nbbundle/bundle/output.py: every unusable output path is one line a person can act on."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from nbbundle.bundle.output import OutputError, ensure_folder, same_file, which_is, write_error


def test_write_errors_say_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "out.js"
    assert str(write_error(path, PermissionError(errno.EACCES, "Permission denied"))) == f"no permission to write {path}"
    assert str(write_error(path, IsADirectoryError(errno.EISDIR, "Is a directory"))) == f"{path} is a folder, not a file"
    assert str(write_error(path, OSError(errno.ENOSPC, "No space left on device"))) == (
        f"cannot write {path}: No space left on device")
    assert str(write_error(path, OSError("disk on fire"))) == f"cannot write {path}: disk on fire"


def test_ensure_folder_creates_parents_and_names_a_file_in_the_way(tmp_path: Path) -> None:
    ensure_folder(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()
    ensure_folder(tmp_path / "a" / "b")  # already there: fine
    (tmp_path / "file").write_text("")
    with pytest.raises(OutputError) as caught:
        ensure_folder(tmp_path / "file" / "sub" / "dir")
    assert str(caught.value) == f"cannot create the folder {tmp_path / 'file' / 'sub' / 'dir'}: {tmp_path / 'file'} is a file"
    with pytest.raises(OutputError) as caught:
        ensure_folder(tmp_path / "file")
    assert str(caught.value) == f"cannot create the folder {tmp_path / 'file'}: {tmp_path / 'file'} is a file"


def test_ensure_folder_without_permission_or_with_another_os_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(OutputError) as caught:
        ensure_folder(tmp_path / "x")
    assert str(caught.value) == f"no permission to create the folder {tmp_path / 'x'}"

    def full(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", full)
    with pytest.raises(OutputError) as caught:
        ensure_folder(tmp_path / "x")
    assert str(caught.value) == f"cannot create the folder {tmp_path / 'x'}: No space left on device"


def test_same_file_and_which_is_see_through_paths_and_hard_links(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    a = tmp_path / "a.js"
    a.write_text("x")
    link = tmp_path / "link.js"
    os.link(a, link)
    other = tmp_path / "b.js"
    other.write_text("x")
    assert same_file(a, tmp_path / "sub" / ".." / "a.js")
    assert same_file(a, link)
    assert not same_file(a, other)
    assert not same_file(a, tmp_path / "missing.js")
    files = {"b.js": other, "gone.js": tmp_path / "gone.js", "a.js": a}
    assert which_is(link, files) == "a.js"
    assert which_is(tmp_path / "sub" / ".." / "b.js", files) == "b.js"
    assert which_is(tmp_path / "missing.js", files) is None
    assert which_is(tmp_path / "sub", files) is None


def test_a_dangling_link_in_the_way_is_named(tmp_path: Path) -> None:
    """A link to nowhere where the folder should be: mkdir refuses it though nothing "exists"
    there; the message still names it, in one line."""
    link = tmp_path / "out"
    os.symlink(tmp_path / "nowhere", link)
    with pytest.raises(OutputError) as caught:
        ensure_folder(link)
    assert str(caught.value) == (f"cannot create the folder {link}: {link} is a link to {tmp_path / 'nowhere'}, "
                                 "which does not exist")
    with pytest.raises(OutputError) as caught:
        ensure_folder(link / "site")  # below it: the same link is named
    assert str(caught.value).startswith(f"cannot create the folder {link / 'site'}: {link} is a link to ")
