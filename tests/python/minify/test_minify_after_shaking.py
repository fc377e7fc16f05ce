"""A production build minifies after tree shaking: the minifier reads only what the program
keeps (its time follows the program, not its packages), the getters of a module minified after
linking read its new short names, and a warm build minifies only the modules that changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from missing_tools import skip_without
from node_programs import NODE

import nbbundle.compile.minify as minify
from nbbundle.bundle.build import build
from nbbundle.compile import disk_cache, transform
from nbbundle.compile.cache import VersionedCache
from nbbundle.compile.options import CompileOptions

PRODUCTION = CompileOptions(mode="production", minify=True)
LIBRARY = ('export function usedHelper(value) { return "used " + value; }\n'
           'export function unusedHelper() { return "NEVER_MINIFIED_TEXT"; }\n'
           'export default function defaultHelper(value) { return value * 2; }\n'
           'export const answer = 42;\n')
EXPORTS = '[42,["one","two"],2]\n'
MAIN = ('import pick, { usedHelper } from "./lib.js";\n'
        'export { answer as theAnswer } from "./lib.js";\n'
        'export * as extra from "./extra.js";\n'
        'console.log(usedHelper(pick(21)));\n')


@pytest.fixture
def minified_bodies(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(module id, body) of every module the minifier is given, in order."""
    seen: list[tuple[str, str]] = []
    original = minify.minify_result

    def recording(result: transform.TransformResult) -> transform.TransformResult:
        seen.append((result.id, "".join(result.body_parts)))
        return original(result)

    monkeypatch.setattr(minify, "minify_result", recording)
    return seen


@pytest.fixture
def no_disk_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transform, "_cache", VersionedCache())
    monkeypatch.setattr(disk_cache, "_configured", True)
    monkeypatch.setattr(disk_cache, "_active", None)


def _app(folder: Path, main: str = MAIN) -> Path:
    (folder / "lib.js").write_text(LIBRARY)
    (folder / "extra.js").write_text("export const one = 1;\nexport let two = 2;\n")
    (folder / "main.js").write_text(main)
    return folder / "main.js"


def _run(code: str, folder: Path) -> str:
    skip_without("node")
    (folder / "out.mjs").write_text(code)
    done = subprocess.run([NODE, "--input-type=module", "-e",
                           f'const m = await import({str(folder / "out.mjs")!r});'
                           "console.log(JSON.stringify([m.theAnswer, Object.keys(m.extra), m.extra.two]));"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_minifier_never_reads_what_tree_shaking_dropped(tmp_path: Path, minified_bodies: list[tuple[str, str]],
                                                            no_disk_cache: None) -> None:
    code = build(_app(tmp_path), options=PRODUCTION, format="esm").code
    assert sorted(module_id for module_id, _ in minified_bodies) == ["extra.js", "lib.js", "main.js"]
    assert all("NEVER_MINIFIED_TEXT" not in body for _, body in minified_bodies)
    assert "__nbb_import_" not in code  # minified: the compiler's names are short ones
    # The entry's getters (a re-export through the dependency's short alias, a namespace) and
    # the dependency's default (its short name) read the names the minifier gave them.
    assert _run(code, tmp_path) == "used 42\n" + EXPORTS


def test_a_warm_build_minifies_only_the_module_that_changed(tmp_path: Path, minified_bodies: list[tuple[str, str]],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transform, "_cache", VersionedCache())
    monkeypatch.setattr(disk_cache, "_configured", True)
    monkeypatch.setattr(disk_cache, "_active", None)
    disk_cache.configure(tmp_path / "cache")
    entry = _app(tmp_path)
    cold = build(entry, options=PRODUCTION, format="esm").code
    assert sorted(module_id for module_id, _ in minified_bodies) == ["extra.js", "lib.js", "main.js"]
    monkeypatch.setattr(transform, "_cache", VersionedCache())  # a new process: only the disk remembers
    minified_bodies.clear()
    assert build(entry, options=PRODUCTION, format="esm").code == cold
    assert minified_bodies == []
    entry.write_text(MAIN + 'console.log("changed");\n')
    monkeypatch.setattr(transform, "_cache", VersionedCache())
    warm = build(entry, options=PRODUCTION, format="esm").code
    assert [module_id for module_id, _ in minified_bodies] == ["main.js"]
    assert _run(warm, tmp_path) == "used 42\nchanged\n" + EXPORTS
