"""The committed JupyterLab extension (nbbundle/labextension/) is the build of its sources.

Two checks. Without Node: ``scripts/build_labextension.sh`` records the SHA-256 of every build
input (labextension/src, package.json, the npm lockfile) and output; the checkout must match that
record (a source edited without a rebuild is named). With Node: the extension is rebuilt from its
sources with the lockfile's builder (a 180 MB ``npm ci`` once per lockfile, into the tests' npm
cache; the build itself takes 50 ms) and must give the committed files, so a hand-edited build
is caught even after ``labextension_record.py write`` rewrote the record.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import npm_cache
from missing_tools import skip_without

CHECKOUT = Path(__file__).resolve().parents[3]
OUTPUT = CHECKOUT / "nbbundle" / "labextension"


def _record_module():
    spec = importlib.util.spec_from_file_location("labextension_record",
                                                  CHECKOUT / "scripts" / "labextension_record.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_build_is_up_to_date_with_its_sources():
    problems = _record_module().differences()
    assert problems == [], ("rebuild with: bash scripts/build_labextension.sh\n" + "\n".join(problems))


def test_record_covers_the_sources_and_the_loadable_entry():
    record = json.loads((OUTPUT / "build-record.json").read_text())
    sources = {p.relative_to(CHECKOUT).as_posix() for p in (CHECKOUT / "labextension/src").rglob("*.js")}
    assert sources and sources <= set(record["inputs"])
    assert "labextension/package-lock.json" in record["inputs"]
    built = json.loads((OUTPUT / "package.json").read_text())
    entry = f"nbbundle/labextension/{built['jupyterlab']['_build']['load']}"
    assert entry in record["outputs"] and (CHECKOUT / entry).is_file()


def test_a_changed_source_is_caught(tmp_path, monkeypatch):
    """The check itself can fail: an edited source file is named."""
    record = _record_module()
    source = tmp_path / "labextension"
    (source / "src").mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        (source / name).write_bytes((CHECKOUT / "labextension" / name).read_bytes())
    for path in (CHECKOUT / "labextension/src").glob("*.js"):
        (source / "src" / path.name).write_bytes(path.read_bytes())
    output = tmp_path / "nbbundle" / "labextension"
    output.mkdir(parents=True)
    for path in OUTPUT.rglob("*"):
        if path.is_file():
            target = output / path.relative_to(OUTPUT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    monkeypatch.setattr(record, "CHECKOUT", tmp_path)
    monkeypatch.setattr(record, "SOURCE_DIR", source)
    monkeypatch.setattr(record, "OUTPUT_DIR", output)
    monkeypatch.setattr(record, "RECORD", output / "build-record.json")
    assert record.differences() == []
    with open(source / "src" / "index.js", "a") as f:
        f.write("// edited\n")
    assert record.differences() == ["input labextension/src/index.js changed since the build"]


def _lockfile_key() -> str:
    return hashlib.sha256((CHECKOUT / "labextension" / "package-lock.json").read_bytes()).hexdigest()[:16]


def _builder_packages() -> Path:
    """A folder whose node_modules holds exactly the lockfile's packages (``npm ci`` once per lockfile)."""
    folder = npm_cache.CACHE / f"labextension-{_lockfile_key()}"
    if (folder / "node_modules" / "@jupyter" / "builder" / "package.json").is_file():
        return folder
    for tool in ("node", "npm"):
        skip_without(tool, "needed to rebuild the JupyterLab extension")
    npm = shutil.which("npm")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(CHECKOUT / "labextension" / name, folder / name)
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=folder,
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"npm ci in {folder} failed:\n{done.stderr}"
    return folder


def _built_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "build-record.json"}


def _renamed_numbers(committed: str, rebuilt: str) -> dict[str, str]:
    """The numbers renamed between two texts that are otherwise the same (AssertionError if not).

    The builder's module id for the container entry is a hash of the checkout's absolute path,
    so a build elsewhere differs from the committed one in that one id, renamed consistently.
    """
    ours, theirs = re.split(r"(\d+)", committed), re.split(r"(\d+)", rebuilt)
    assert ours[0::2] == theirs[0::2], "the remoteEntry differs in more than numbers"
    renamed = {a: b for a, b in zip(ours[1::2], theirs[1::2]) if a != b}
    back = {b: a for a, b in renamed.items()}
    pairs = list(zip(ours[1::2], theirs[1::2]))
    assert all(b == renamed.get(a, a) and a == back.get(b, b) for a, b in pairs), "numbers not renamed one to one"
    return renamed


def _rebuild(folder: Path, packages: Path) -> dict[str, bytes]:
    """The files the build writes for labextension/ copied into ``folder`` (not the record)."""
    source = folder / "labextension"
    source.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(CHECKOUT / "labextension" / name, source / name)
    shutil.copytree(CHECKOUT / "labextension" / "src", source / "src")
    (source / "node_modules").symlink_to(packages / "node_modules")
    done = subprocess.run(
        ["node", "node_modules/@jupyter/builder/lib/build-labextension.js",
         "--core-package-file", "node_modules/@jupyterlab/core-meta/core.package.json", "."],
        cwd=source, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"the build failed:\n{done.stdout}\n{done.stderr}"
    return _built_files(folder / "nbbundle" / "labextension")


def _without_entry(files: dict[str, bytes]) -> tuple[str, dict[str, bytes]]:
    """The remoteEntry's text, and the other files with the manifest's pointer to it taken out.

    The entry's file name is a hash of its content, and the manifest names it.
    """
    files = dict(files)
    (name,) = [name for name in files if name.startswith("static/remoteEntry.")]
    manifest = json.loads(files.pop("package.json"))
    assert manifest["jupyterlab"]["_build"].pop("load") == name
    files["package.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files.pop(name).decode(), files


def _two_rebuilds_alike(tmp_path: Path, packages: Path) -> tuple[tuple[str, dict[str, bytes]], tuple[str, dict[str, bytes]]]:
    """Two rebuilds, in two folders, whose files (the entry aside) are the same.

    The builder now and then numbers one module of a chunk differently, whatever the folder
    (about one build in forty here: ``n(802)`` for ``n(421)`` in ``static/764.*.js``, so the chunk's
    hash and name change too): when the first two differ, a third build says which one that was.
    """
    builds: list[tuple[str, dict[str, bytes]]] = []
    for name in ("a", "elsewhere", "again"):
        builds.append(_without_entry(_rebuild(tmp_path / name, packages)))
        for first, second in itertools.combinations(builds, 2):
            if first[1] == second[1]:
                return first, second
    raise AssertionError("three rebuilds of labextension/ in three folders, and no two build the same files")


def test_the_committed_build_is_what_its_sources_build_to(tmp_path):
    """Rebuilt from labextension/ with the lockfile's builder, the output is the committed one.

    The record check above trusts ``build-record.json``, which ``labextension_record.py write``
    rewrites from whatever is on disk: a hand-edited build plus ``write`` passes it, not this.
    One thing differs with where the build runs: the container entry's module id is a hash of
    the absolute path. Two rebuilds in two folders show which numbers those are; the committed
    entry may differ from a rebuild in those numbers only (renamed consistently), nothing else.
    """
    (entry, files), (other_entry, _) = _two_rebuilds_alike(tmp_path, _builder_packages())
    path_dependent = set(_renamed_numbers(entry, other_entry))
    assert len(path_dependent) == 1, "the container entry's id, and nothing else, depends on the path"
    committed_entry, committed = _without_entry(_built_files(OUTPUT))
    assert sorted(committed) == sorted(files)
    for name in committed:
        assert committed[name] == files[name], f"nbbundle/labextension/{name} is not what the sources build to"
    assert set(_renamed_numbers(committed_entry, entry).values()) <= path_dependent, (
        "nbbundle/labextension/static/remoteEntry.*.js is not what the sources build to")
