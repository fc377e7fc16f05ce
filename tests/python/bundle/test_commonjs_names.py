"""Named imports of CommonJS modules that Node's lexer does not find: read as esbuild reads them.

Node refuses to link ``import { EventEmitter } from "events"`` when its CommonJS lexer cannot
see the name; esbuild and Vite read it from ``module.exports`` when it runs. nbbundle warns
(naming the module and how Node differs) and reads it at run time, while the namespace object
keeps the keys Node's lexer gives it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from missing_tools import needs
from node_programs import run_classic, run_native
from npm_cache import COMPILERS, npm_packages

from nbbundle import build

needs_node = needs("node")

PACKAGE = {
    "node_modules/ev/package.json": {"name": "ev", "main": "index.js"},
    # The shape of the `events` polyfill: the lexer sees `once`, not the self-reference.
    "node_modules/ev/index.js": (
        "function EventEmitter() {}\n"
        "EventEmitter.prototype.hi = function () { return 'hi'; };\n"
        "module.exports = EventEmitter;\n"
        "module.exports.once = function once() { return 'once'; };\n"
        "EventEmitter.EventEmitter = EventEmitter;\n"
        "EventEmitter.later = 'set after the snapshot';\n"
        "setTimeout(function () { EventEmitter.later = 'read live'; }, 0);\n"),
    "package.json": {"type": "module"},
}

NAMED = (
    'import { EventEmitter, once, later, missing } from "ev";\n'
    'import E from "ev";\n'
    "console.log(typeof EventEmitter, new EventEmitter().hi(), once(), EventEmitter === E, later, missing);\n"
    "setTimeout(() => console.log(later), 10);\n")

NAMESPACE = 'import * as ns from "ev";\nconsole.log(JSON.stringify(Object.keys(ns)), ns.EventEmitter);\n'


def _write(root: Path, files: dict[str, object]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")


@needs_node
def test_named_imports_node_cannot_link_print_what_esbuild_prints(tmp_path: Path) -> None:
    _write(tmp_path, {**PACKAGE, "main.js": NAMED})
    native = run_native(tmp_path)
    assert native.returncode != 0 and "Named export 'EventEmitter' not found" in native.stderr

    tools = npm_packages("compilers", COMPILERS)
    esbuild = subprocess.run(
        [str(tools / "node_modules" / ".bin" / "esbuild"), "main.js", "--bundle", "--platform=browser",
         "--log-level=error"], cwd=tmp_path, capture_output=True, text=True, check=True, timeout=60)
    expected = run_classic(esbuild.stdout, tmp_path)
    assert expected.returncode == 0, expected.stderr

    result = build(tmp_path / "main.js")
    bundled = run_classic(result.code, tmp_path)
    assert bundled.returncode == 0, bundled.stderr
    assert bundled.lines == expected.lines

    warnings = [w for w in result.warnings if w.code == "COMMONJS_NAME"]
    assert [w.frame is not None for w in warnings] == [True, True, True]  # EventEmitter, later, missing
    text = warnings[0].format()
    assert '"EventEmitter"' in text and "node_modules/ev/index.js" in text
    assert "Node refuses to link this import" in text and "its lexer finds once" in text
    assert "Named export 'EventEmitter' not found" in text  # Node's own words


@needs_node
def test_a_re_export_of_such_a_name_reads_it_too(tmp_path: Path) -> None:
    """``export { EventEmitter as E2 } from "ev"``: the re-exporter warns, its importers link."""
    _write(tmp_path, {**PACKAGE, "re.js": 'export { EventEmitter as E2, once } from "ev";\n',
                      "main.js": ('import { E2, once } from "./re.js";\nimport * as ns from "./re.js";\n'
                                  "console.log(typeof E2, once(), Object.keys(ns).join());\n")})
    result = build(tmp_path / "main.js")
    assert [(w.code, w.module_id) for w in result.warnings] == [("COMMONJS_NAME", "re.js")]
    bundled = run_classic(result.code, tmp_path)
    assert bundled.lines == ["function once E2,once"], bundled.stderr


@needs_node
def test_the_namespace_keeps_the_keys_node_gives_it(tmp_path: Path) -> None:
    _write(tmp_path, {**PACKAGE, "main.js": NAMESPACE})
    native = run_native(tmp_path)
    assert native.returncode == 0, native.stderr
    result = build(tmp_path / "main.js")
    assert result.warnings == []
    bundled = run_classic(result.code, tmp_path)
    assert bundled.lines == native.lines == ['["default","once"] undefined']


@needs_node
def test_a_module_only_import_reaches_loads(tmp_path: Path) -> None:
    """Not a link failure: the lazily loaded module runs and reads the name."""
    _write(tmp_path, {**PACKAGE, "lazy.js": 'import { EventEmitter } from "ev";\nexport const kind = typeof EventEmitter;\n',
                      "main.js": 'import("./lazy.js").then((m) => console.log(m.kind));\n'})
    result = build(tmp_path / "main.js")
    bundled = run_classic(result.code, tmp_path)
    assert bundled.lines == ["function"], bundled.stderr


def test_a_cell_shows_the_warning_and_renders_the_run_time_read(tmp_path: Path) -> None:
    """In a notebook, the cell that imports the name gets the warning with its status."""
    from nbbundle.kernel.environment import Environment

    _write(tmp_path, {k: v for k, v in PACKAGE.items() if k != "package.json"})
    environment = Environment(root=tmp_path)
    try:
        result = environment.define("app.js", 'import { EventEmitter } from "ev";\nexport const E = EventEmitter;\n')
        assert result.status == "defined"
        assert [w.code for w in result.warnings] == ["COMMONJS_NAME"]
        assert result.warnings[0].line == 1
        assert '["EventEmitter"]' in environment.rendered["app.js"]
    finally:
        environment.close()
