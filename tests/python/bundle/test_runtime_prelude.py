"""The runtime prelude: the files of ``js/`` as one classic script, and the rules that keep that
concatenation correct (``nbbundle/bundle/runtime_prelude.py``).

``runtime_prelude()`` is cached for the process, so these tests call ``concatenate`` (what it
is made of) directly: on small runtimes written here, and on the real one, which node runs.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from missing_tools import skip_without

from nbbundle.bundle import runtime_prelude as prelude_module
from nbbundle.bundle.assets import js_dir
from nbbundle.bundle.runtime_prelude import PRELUDE_ENTRY, concatenate



@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write the given files as the runtime's folder: ``runtime({"a.js": text, …})``."""
    monkeypatch.setattr(prelude_module, "js_dir", lambda: tmp_path)

    def write(files: dict[str, str]) -> None:
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")

    return write


def test_files_come_dependencies_first_without_their_module_syntax(runtime) -> None:
    runtime({
        "entry.js": ('import { a } from "./a.js";\nimport { b, c } from "./b.js";  \n'
                     "export const run = () => a() + b + c;\n"),
        "a.js": 'import { b } from "./b.js";\r\nexport async function a() { return b; }\n',
        "b.js": "// b\nexport let b = 1;\nexport class c {}\nexport function* gen() {}\n",
        "unused.js": "export const unused = 1;\n",
    })
    assert concatenate("entry.js") == (
        "// --- b.js ---\n// b\nlet b = 1;\nclass c {}\nfunction* gen() {}\n\n"
        "// --- a.js ---\nasync function a() { return b; }\n\n"
        "// --- entry.js ---\nconst run = () => a() + b + c;\n\n"
    )


def test_a_file_with_lone_carriage_returns_reads_as_lines(runtime) -> None:
    # Old Mac line ends, as ``read_text`` reads them (each "\r" a line break): the import line
    # is found and removed, and no "\r" is left in the prelude.
    runtime({
        "entry.js": 'import { b } from "./b.js";\rexport const run = () => b;\r',
        "b.js": "export let b = 1;\r\r// b\r",
    })
    assert concatenate("entry.js") == (
        "// --- b.js ---\nlet b = 1;\n\n// b\n\n"
        "// --- entry.js ---\nconst run = () => b;\n\n"
    )


def test_a_file_imported_twice_comes_once(runtime) -> None:
    runtime({
        "entry.js": 'import { a } from "./a.js";\nimport { b } from "./b.js";\na(b);\n',
        "a.js": 'import { b } from "./b.js";\nexport const a = b;\n',
        "b.js": "export const b = 1;\n",
    })
    assert concatenate("entry.js").count("// --- b.js ---") == 1


def test_an_import_cycle_is_refused_with_its_chain(runtime) -> None:
    runtime({
        "entry.js": 'import { a } from "./a.js";\na();\n',
        "a.js": 'import { b } from "./b.js";\nexport const a = b;\n',
        "b.js": 'import { a } from "./a.js";\nexport const b = a;\n',
    })
    with pytest.raises(ValueError, match=r"^Runtime files import each other in a cycle: entry.js -> a.js -> b.js -> a.js$"):
        concatenate("entry.js")


@pytest.mark.parametrize("declaration", ["export function shared() {}", "const shared = 2;", "var shared = 3;",
                                         "export class shared {}", "let shared;", "async function shared() {}",
                                         "function* shared() {}"])
def test_a_top_level_name_declared_in_two_files_is_refused(runtime, declaration: str) -> None:
    runtime({
        "entry.js": f'import {{ a }} from "./a.js";\n{declaration}\n',
        "a.js": "export const shared = 1;\nexport const a = 1;\n",
    })
    with pytest.raises(ValueError) as caught:
        concatenate("entry.js")
    assert str(caught.value) == (
        "Runtime files a.js and entry.js both declare the top-level name 'shared'; the prelude puts "
        "them in one scope, so rename one.")


@pytest.mark.parametrize(("line", "left_over"), [
    ("export default function run() {}", "export default function run() {}"),
    ("export { a as b };", "export { a as b };"),
    ('import "./side-effect.js";', 'import "./side-effect.js";'),
    ('import { x } from "react";', 'import { x } from "react";'),
])
def test_module_syntax_the_concatenation_cannot_inline_is_refused(runtime, line: str, left_over: str) -> None:
    runtime({"entry.js": f"const a = 1;\n{line}\n", "a.js": "export const z = 1;\n"})
    with pytest.raises(ValueError) as caught:
        concatenate("entry.js")
    assert str(caught.value) == (
        f"entry.js uses module syntax the runtime prelude cannot inline: {left_over!r}. Use single-line "
        "relative imports and `export function|class|const|let` declarations only.")


def test_the_real_runtime_installs_the_module_system(tmp_path: Path) -> None:
    skip_without("node", "the prelude runs under node")
    assert js_dir().joinpath(PRELUDE_ENTRY).is_file()
    script = tmp_path / "prelude.js"
    script.write_text(
        f'(function () {{\n"use strict";\n{concatenate(PRELUDE_ENTRY)}}})();\n'
        "const ms = globalThis.__acquire_farm_module_system__();\n"
        'ms.register("a.js", function (m, e, r) { e.answer = 42; }, "file:///a.js");\n'
        'console.log(typeof ms.require, ms.require("a.js").answer);\n', encoding="utf-8")
    node = shutil.which("node")
    assert node is not None
    ran = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "function 42\n", "")


def load_assets_module(package_dir: Path):
    """``nbbundle/bundle/assets.py`` as if installed at ``package_dir`` (a folder named nbbundle)."""
    import importlib.util

    from nbbundle.bundle import assets

    fake = package_dir / "bundle" / "assets.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(Path(assets.__file__).read_text(encoding="utf-8"), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("nbbundle.bundle.assets", fake)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_runtime_is_found_in_the_wheel_first_then_beside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "nbbundle"
    (tmp_path / "js").mkdir()
    (package / "js").mkdir(parents=True)
    installed = load_assets_module(package)
    assert installed.js_dir() == package / "js"  # a wheel: nbbundle/js
    (package / "js").rmdir()
    assert installed.js_dir() == tmp_path / "js"  # a checkout: js/ beside nbbundle/
    (tmp_path / "js").rmdir()
    with pytest.raises(FileNotFoundError) as caught:
        installed.js_dir()
    assert str(caught.value) == (
        f"The nbbundle JS runtime was not found in {package / 'js'} or {tmp_path / 'js'}. Reinstall nbbundle "
        "(`pip install --force-reinstall nbbundle`).")


WIDGET = ("export function initialize() { const a_very_long_local_name = 'init'; return a_very_long_local_name; }\n"
          "export function render() { return 'render'; }\n")


@pytest.fixture
def fresh_scripts():
    """The cached scripts made again from the runtime written by the test, and again after it."""
    cached = (prelude_module.readable_widget_esm, prelude_module.runtime_prelude)
    for function in cached:
        function.cache_clear()
    yield
    for function in cached:
        function.cache_clear()


def test_the_wheels_prebuilt_scripts_are_used_byte_for_byte(runtime, fresh_scripts, tmp_path: Path) -> None:
    runtime({"widget.js": WIDGET, PRELUDE_ENTRY: "const x = 1;\n"})
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "widget.min.js").write_bytes(b"/* prebuilt widget */\r\n")
    (tmp_path / "dist" / "prelude.min.js").write_bytes(b"/* prebuilt prelude */\r\n")
    assert prelude_module.widget_esm() == "/* prebuilt widget */\r\n"
    assert prelude_module.minified_widget_esm.__wrapped__() == "/* prebuilt widget */\r\n"
    assert prelude_module.minified_prelude.__wrapped__() == "/* prebuilt prelude */\r\n"


def test_a_checkout_without_them_minifies_the_runtime_itself(runtime, fresh_scripts, tmp_path: Path) -> None:
    skip_without("node", "the minified widget module runs under node")
    runtime({"widget.js": WIDGET, PRELUDE_ENTRY: "const x = 1;\n"})
    readable = prelude_module.readable_widget_esm()
    assert prelude_module.widget_esm() == readable  # the widget sends the readable module
    minified = prelude_module.minified_widget_esm.__wrapped__()
    assert "a_very_long_local_name" in readable and "a_very_long_local_name" not in minified
    assert len(minified) < len(readable)
    module = tmp_path / "widget.min.mjs"
    module.write_text(minified, encoding="utf-8")
    ran = subprocess.run([shutil.which("node") or "node", "--input-type=module", "-e",
                          f"const m = await import({module.as_uri()!r}); "
                          "console.log(m.default.initialize(), m.default.render())"],
                         capture_output=True, text=True, timeout=60, check=False)
    assert (ran.returncode, ran.stdout, ran.stderr) == (0, "init render\n", "")
    prelude = prelude_module.minified_prelude.__wrapped__()
    assert prelude.startswith("(function") and "const x" not in prelude
