"""A recorded build (``bundle/build_record.py``): the same build again gives the same bytes without
loading a module, and anything it depended on that changed (a file, a file added where the
resolver looked, an option, nbbundle itself, where the entry's path leads) gives a new build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nbbundle import cli
from nbbundle.bundle import build as build_module
from nbbundle.bundle import build_record
from nbbundle.compile import disk_cache, transform
from nbbundle.compile.cache import VersionedCache


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by the test count as settled (the real window is two seconds), a fresh
    in-memory compile cache, and the cache folder chosen by each command's ``--cache-dir``."""
    monkeypatch.setattr(build_record, "_SETTLING_NS", 0)
    monkeypatch.setattr(transform, "_cache", VersionedCache())
    monkeypatch.setattr(disk_cache, "_configured", True)
    monkeypatch.setattr(disk_cache, "_active", None)


class _Builds:
    """Counts the builds that really ran (not served from a record)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = build_module.build

        def counting(*args: object, **kwargs: object) -> build_module.BuildResult:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(build_module, "build", counting)


def _app(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "dep.js").write_text("export const value = 1;\n")
    (folder / "main.js").write_text('import { value } from "./dep.js";\nimport { name } from "pkg";\n'
                                    "console.log(value, name, process.env.NODE_ENV);\n")
    package = folder.parent / "node_modules" / "pkg"
    package.mkdir(parents=True)
    (package / "package.json").write_text('{"name": "pkg", "main": "index.js"}\n')
    (package / "index.js").write_text('export const name = "outer";\n')
    return folder / "main.js"


def _build(entry: Path, out: Path, cache: Path, *extra: str) -> str:
    assert cli.main(["build", str(entry), "-o", str(out), "--cache-dir", str(cache), "--quiet", *extra]) == 0
    return out.read_text()


def _records(cache: Path) -> list[Path]:
    return list(cache.glob(f"{disk_cache.BUILDS}/*"))


def test_the_same_build_again_is_the_record(tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    builds = _Builds(monkeypatch)
    first = _build(entry, tmp_path / "a.js", cache)
    assert builds.count == 1
    assert len(_records(cache)) == 1
    second = _build(entry, tmp_path / "b.js", cache)
    assert builds.count == 1, "the second build ran instead of using its record"
    assert second == first
    reference = _build(entry, tmp_path / "c.js", cache, "--no-cache")
    assert reference == first
    assert builds.count == 2


def test_a_changed_file_is_built_again_even_with_its_old_size_and_time(tmp_path: Path, settled: None,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    first = _build(entry, tmp_path / "a.js", cache)
    dep = entry.with_name("dep.js")
    stat = dep.stat()
    dep.write_text("export const value = 2;\n")  # same size
    os.utime(dep, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old modification time
    builds = _Builds(monkeypatch)
    second = _build(entry, tmp_path / "b.js", cache)
    assert builds.count == 1
    assert "value = 2" in second
    assert second == first.replace("value = 1", "value = 2")


def test_a_file_added_where_the_resolver_looked_is_built_again(tmp_path: Path, settled: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    assert '"outer"' in _build(entry, tmp_path / "a.js", cache)
    closer = entry.parent / "node_modules" / "pkg"
    closer.mkdir(parents=True)
    (closer / "package.json").write_text('{"name": "pkg", "main": "index.js"}\n')
    (closer / "index.js").write_text('export const name = "inner";\n')
    builds = _Builds(monkeypatch)
    second = _build(entry, tmp_path / "b.js", cache)
    assert builds.count == 1
    assert '"inner"' in second
    assert '"outer"' not in second


@pytest.mark.parametrize("extra", [("--mode", "production"), ("--define", "process.env.NODE_ENV=\"x\""),
                                   ("--format", "esm")])
def test_other_options_are_another_build(extra: tuple[str, str], tmp_path: Path, settled: None,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    first = _build(entry, tmp_path / "a.js", cache)
    builds = _Builds(monkeypatch)
    other = _build(entry, tmp_path / "b.js", cache, *extra)
    assert builds.count == 1
    assert other != first
    assert other == _build(entry, tmp_path / "c.js", cache, "--no-cache", *extra)


def test_another_nbbundle_is_another_build(tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    _build(entry, tmp_path / "a.js", cache)
    builds = _Builds(monkeypatch)
    monkeypatch.setattr(build_record, "__version__", "999.0")
    _build(entry, tmp_path / "b.js", cache)
    assert builds.count == 1


def test_the_fingerprint_changes_with_the_bundler_and_the_runtime() -> None:
    before = build_record._builder_fingerprint()  # noqa: SLF001
    package = Path(build_record.__file__).resolve().parent.parent
    for source in (package / "bundle" / "link.py", package / "resolve" / "resolver.py"):
        stat = source.stat()
        try:
            os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
            assert build_record._builder_fingerprint() != before, source  # noqa: SLF001
        finally:
            os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert build_record._builder_fingerprint() == before  # noqa: SLF001


def test_a_retargeted_entry_link_is_built_again(tmp_path: Path, settled: None) -> None:
    one, two, cache = _app(tmp_path / "one" / "app"), _app(tmp_path / "two" / "app"), tmp_path / "cache"
    two.with_name("dep.js").write_text("export const value = 22;\n")
    link = tmp_path / "entry.js"
    link.symlink_to(one)
    assert "value = 1" in _build(link, tmp_path / "a.js", cache)
    link.unlink()
    link.symlink_to(two)
    assert "value = 22" in _build(link, tmp_path / "b.js", cache)


def test_files_that_just_changed_leave_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No ``settled`` fixture: the app was written a moment ago, within the two seconds in which
    # a file may still be changing under the build.
    monkeypatch.setattr(disk_cache, "_configured", True)
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    _build(entry, tmp_path / "a.js", cache)
    assert _records(cache) == []


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_record_is_a_miss(damage: str, tmp_path: Path, settled: None,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    first = _build(entry, tmp_path / "a.js", cache)
    [record] = _records(cache)
    blob = record.read_bytes()
    record.write_bytes(blob[: len(blob) // 2] if damage == "truncated" else b"\x80" * len(blob))
    builds = _Builds(monkeypatch)
    assert _build(entry, tmp_path / "b.js", cache) == first
    assert builds.count == 1


def test_a_recorded_build_still_refuses_to_write_over_its_inputs(tmp_path: Path, settled: None,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    _build(entry, tmp_path / "a.js", cache)
    dep = entry.with_name("dep.js")
    before = dep.read_bytes()
    assert cli.main(["build", str(entry), "-o", str(dep), "--cache-dir", str(cache)]) == 2
    assert "refusing to write the bundle over" in capsys.readouterr().err
    assert dep.read_bytes() == before


def test_a_recorded_build_prints_the_same_warnings(tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    app, cache = tmp_path / "app", tmp_path / "cache"
    app.mkdir()
    (app / "main.js").write_text('let x;\ntry { x = require("not-there"); } catch (e) { x = 1; }\nconsole.log(x);\n')
    arguments = ["build", str(app / "main.js"), "-o", str(tmp_path / "a.js"), "--cache-dir", str(cache)]
    assert cli.main(arguments) == 0
    first = capsys.readouterr().err
    assert 'warning: Could not resolve "not-there"' in first
    builds = _Builds(monkeypatch)
    assert cli.main(arguments) == 0
    assert builds.count == 0
    second = capsys.readouterr().err
    assert second.rsplit("\n\n", 1)[0] == first.rsplit("\n\n", 1)[0]  # all but the timing line


def test_a_deleted_file_is_not_served_from_the_record(tmp_path: Path, settled: None,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    _build(entry, tmp_path / "a.js", cache)
    entry.with_name("dep.js").unlink()
    assert cli.main(["build", str(entry), "-o", str(tmp_path / "b.js"), "--cache-dir", str(cache)]) == 1
    assert 'Could not resolve "./dep.js"' in capsys.readouterr().err
    assert not (tmp_path / "b.js").exists()


def test_a_build_with_a_source_map_is_never_the_record(tmp_path: Path, settled: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    plain = _build(entry, tmp_path / "a.js", cache)
    builds = _Builds(monkeypatch)
    mapped = _build(entry, tmp_path / "b.js", cache, "--sourcemap")
    assert builds.count == 1
    assert (tmp_path / "b.js.map").is_file()
    assert mapped.startswith(plain.rstrip("\n")) and "sourceMappingURL=b.js.map" in mapped
    _build(entry, tmp_path / "c.js", cache, "--sourcemap")
    assert builds.count == 2
    assert (tmp_path / "c.js.map").is_file()


@pytest.mark.parametrize(("mode", "lazy", "scope"), [
    ("development", False, "not scope-hoisted: a development build"),
    ("production", True, "not scope-hoisted: main.js has import()"),
    ("production", False, "scope-hoisted"),
])
def test_a_recorded_build_reports_the_same_summary(mode: str, lazy: bool, scope: str,  # noqa: FBT001
                                                   tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The summary line, why the bundle keeps the module system included, the same from a record."""
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    if lazy:
        entry.write_text(entry.read_text() + 'import("./dep.js");\n')
    arguments = ["build", str(entry), "-o", str(tmp_path / "a.js"), "--cache-dir", str(cache), "--mode", mode]
    assert cli.main(arguments) == 0
    first = capsys.readouterr().err
    assert "(3 modules, " in first and f", {scope}) in " in first
    builds = _Builds(monkeypatch)
    assert cli.main(arguments) == 0
    assert builds.count == 0
    assert capsys.readouterr().err.rsplit(" in ", 1)[0] == first.rsplit(" in ", 1)[0]  # all but the time


def test_another_value_of_the_same_define_is_another_build(tmp_path: Path, settled: None,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    first = _build(entry, tmp_path / "a.js", cache, "--define", 'process.env.NODE_ENV="one"')
    builds = _Builds(monkeypatch)
    second = _build(entry, tmp_path / "b.js", cache, "--define", 'process.env.NODE_ENV="two"')
    assert builds.count == 1
    assert '"two"' in second and second == first.replace('"one"', '"two"')


def test_files_with_old_times_set_just_now_leave_no_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A modification time set back (an extracted archive, ``touch -d``) does not hide that the
    file just changed: its change time is now."""
    monkeypatch.setattr(disk_cache, "_configured", True)
    entry, cache = _app(tmp_path / "app"), tmp_path / "cache"
    for path in [*tmp_path.rglob("*.js"), *tmp_path.rglob("package.json")]:
        os.utime(path, ns=(10**18, 10**18))  # 2001
    _build(entry, tmp_path / "a.js", cache)
    assert _records(cache) == []
