"""The committed JupyterLab extension (nbbundle/labextension/) is the build of its sources.

Checked without Node: ``scripts/build_labextension.sh`` records the SHA-256 of every build input
(labextension/src, package.json, the npm lockfile) and output; here the checkout must match that
record. A full rebuild is not run here: it needs Node and a 180 MB ``npm ci``, for a build that
takes 50 ms and is byte-for-byte reproducible from the lockfile (two builds gave the same record).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

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
