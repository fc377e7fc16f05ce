"""package.json's ``browser`` field, both forms, checked against esbuild for the browser platform.

Each case is a small project (written into ``tmp_path``) bundled twice: by nbbundle and by
esbuild (``--platform=browser``, pinned in the tests' npm cache). Both bundles must print the
same, and contain the same files (esbuild's ``(disabled):`` inputs are nbbundle's empty modules).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from missing_tools import needs
from node_programs import run_classic
from npm_cache import COMPILERS, npm_packages

from nbbundle import build
from nbbundle.resolve.browser_field import NOT_MAPPED, lookup_browser_map
from nbbundle.resolve.resolver import Resolver

needs_node = needs("node")

#: The issue's example: object-inspect maps "./util.inspect.js": false, which qs reaches.
ISSUE_EXAMPLE = {
    "node_modules/pkg/package.json": {"name": "pkg", "main": "index.js", "browser": {"./inspect.js": False}},
    "node_modules/pkg/index.js": "var i = require('./inspect.js'); module.exports = { ok: true, i: i };",
    "node_modules/pkg/inspect.js": "module.exports = require('util').inspect;",
    "main.js": 'import pkg from "pkg"; console.log(pkg.ok, JSON.stringify(pkg.i));',
}

#: The string form as the package's main, ahead of "module" and "main".
STRING_FORM = {
    "node_modules/b/package.json": {"name": "b", "main": "./node.js", "module": "./esm.js",
                                    "browser": "./dist/browser.js"},
    "node_modules/b/node.js": "module.exports = 'b node';",
    "node_modules/b/esm.js": "export default 'b esm';",
    "node_modules/b/dist/browser.js": "module.exports = 'b browser';",
    "main.js": 'import b from "b"; console.log(b);',
}

#: The object form: main and module remapped, keys with and without extensions, bare names
#: disabled or remapped to a file or another package, an index file, subpaths from outside.
OBJECT_FORM = {
    "node_modules/c/package.json": {
        "name": "c", "main": "./lib/node.js", "module": "./lib/esm.js",
        "browser": {"./lib/esm.js": "./lib/esm-browser.js", "./lib/node": "./lib/node-browser.js",
                    "fs": False, "events": "./lib/my-events.js", "./lib/extra": "./lib/extra-browser.js",
                    "./lib/gone.js": False}},
    "node_modules/c/lib/node.js": "module.exports = 'c node';",
    "node_modules/c/lib/node-browser.js": "module.exports = 'c node-browser';",
    "node_modules/c/lib/esm.js": "export default 'c esm';",
    "node_modules/c/lib/esm-browser.js": (
        "import fs from 'fs'; import ev from 'events'; import x from './extra.js'; import y from './extra';\n"
        "import gone from './gone'; import gone2 from './gone.js';\n"
        "export default ['c esm-browser', JSON.stringify(fs), ev, x, y, JSON.stringify(gone), gone === gone2].join(' ');"),
    "node_modules/c/lib/my-events.js": "module.exports = 'my-events';",
    "node_modules/c/lib/extra.js": "module.exports = 'extra';",
    "node_modules/c/lib/extra-browser.js": "module.exports = 'extra-browser';",
    "node_modules/c/lib/gone.js": "throw new Error('a disabled file must not run');",
    "node_modules/d/package.json": {"name": "d", "browser": {"./sub/x.js": "./sub/x-browser.js",
                                                             "./index.js": "./index-browser.js"}},
    "node_modules/d/index.js": "module.exports = 'd index';",
    "node_modules/d/index-browser.js": "module.exports = 'd index-browser';",
    "node_modules/d/sub/x.js": "module.exports = 'd x';",
    "node_modules/d/sub/x-browser.js": "module.exports = 'd x-browser';",
    "node_modules/e/package.json": {"name": "e", "exports": {".": "./main.js"},
                                    "browser": {"./main.js": "./main-browser.js"}},
    "node_modules/e/main.js": "module.exports = 'e main (exports wins over browser)';",
    "node_modules/e/main-browser.js": "module.exports = 'e main-browser';",
    "node_modules/f/package.json": {"name": "f", "main": "index.js", "browser": {"b": "g"}},
    "node_modules/f/index.js": "module.exports = 'f ' + require('b');",
    "node_modules/g/package.json": {"name": "g", "main": "index.js"},
    "node_modules/g/index.js": "module.exports = 'g';",
    "node_modules/b/package.json": {"name": "b", "main": "index.js"},
    "node_modules/b/index.js": "module.exports = 'b';",
    "main.js": (
        "import b from 'b'; import c from 'c'; import d from 'd'; import dx from 'd/sub/x.js';\n"
        "import dx2 from 'd/sub/x'; import e from 'e'; import f from 'f';\n"
        "console.log(JSON.stringify([b, c, d, dx, dx2, e, f]));"),
}

#: require() takes "main" where import takes "module" (esbuild's rule for packages without
#: "exports"): the CommonJS build, whose module.exports is the function.
REQUIRE_MAIN = {
    "node_modules/dual/package.json": {"name": "dual", "main": "./main.js", "module": "./module.js"},
    "node_modules/dual/main.js": "module.exports = function dual() { return 'main'; };",
    "node_modules/dual/module.js": "export default function dual() { return 'module'; }",
    "node_modules/user/package.json": {"name": "user", "main": "index.js"},
    "node_modules/user/index.js": "var dual = require('dual'); module.exports = dual();",
    "main.js": "import user from 'user'; console.log(user);",
}

#: A project whose own package.json maps files and packages (the app is its own browser scope).
APP_SCOPE = {
    "package.json": {"name": "app", "browser": {"./server.js": "./client.js", "crypto": False}},
    "server.js": "export const where = 'server';",
    "client.js": "export const where = 'client';",
    "main.js": "import { where } from './server.js'; import c from 'crypto'; console.log(where, JSON.stringify(c));",
}


def _write(root: Path, files: dict[str, object]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")


def _esbuild(root: Path) -> tuple[list[str], set[str]]:
    """What esbuild's browser bundle of ``root/main.js`` prints, and the files it bundled."""
    tools = npm_packages("compilers", COMPILERS)
    out, meta = root / "esbuild.cjs", root / "meta.json"
    done = subprocess.run(
        [str(tools / "node_modules" / ".bin" / "esbuild"), "main.js", "--bundle", "--platform=browser",
         f"--outfile={out}", f"--metafile={meta}", "--log-level=error"],
        cwd=root, capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    run = run_classic(out.read_text(encoding="utf-8"), root)
    assert run.returncode == 0, run.stderr
    return run.lines, set(json.loads(meta.read_text())["inputs"])


def _nbbundle(root: Path) -> tuple[list[str], set[str]]:
    result = build(root / "main.js")
    run = run_classic(result.code, root)
    assert run.returncode == 0, run.stderr
    return run.lines, set(result.inputs)


@needs_node
@pytest.mark.parametrize("files", [ISSUE_EXAMPLE, STRING_FORM, OBJECT_FORM, APP_SCOPE, REQUIRE_MAIN],
                         ids=["issue-example", "string-form", "object-form", "app-scope", "require-main"])
def test_bundles_what_esbuild_bundles(files: dict[str, object], tmp_path: Path) -> None:
    _write(tmp_path, files)
    expected_lines, expected_inputs = _esbuild(tmp_path)
    lines, inputs = _nbbundle(tmp_path)
    assert lines == expected_lines
    # esbuild names a disabled package that resolves nowhere by its specifier ("(disabled):fs");
    # nbbundle by where it would be, in the package that disabled it.
    files_only = {i for i in expected_inputs if not i.startswith("(disabled):") or "/" in i}
    assert files_only <= inputs
    assert len(inputs) == len(expected_inputs), (sorted(inputs), sorted(expected_inputs))


def test_issue_example_builds_without_warnings(tmp_path: Path) -> None:
    """Before: a warning that "util" is a Node built-in, and a bundle that died at load."""
    _write(tmp_path, ISSUE_EXAMPLE)
    result = build(tmp_path / "main.js")
    assert result.warnings == []
    assert "(disabled):node_modules/pkg/inspect.js" in result.inputs
    assert "node_modules/pkg/inspect.js" not in result.inputs


def test_node_builds_ignore_the_field(tmp_path: Path) -> None:
    """Without the browser condition (a build for node), neither form applies."""
    _write(tmp_path, {**STRING_FORM, **{k: v for k, v in ISSUE_EXAMPLE.items() if k != "main.js"}})
    node = Resolver(root=tmp_path, conditions=("node", "import", "default"))
    assert node.resolve("b", tmp_path / "main.js").path == tmp_path / "node_modules/b/esm.js"
    inspect = node.resolve("./inspect.js", tmp_path / "node_modules/pkg/index.js")
    assert (inspect.kind, inspect.path) == ("js", tmp_path / "node_modules/pkg/inspect.js")
    browser = Resolver(root=tmp_path).resolve("./inspect.js", tmp_path / "node_modules/pkg/index.js")
    assert browser.kind == "empty"


@pytest.mark.parametrize(("key", "path", "hit"), [
    ("./no-ext", "no-ext", "x"),
    ("./no-ext", "no-ext.js", NOT_MAPPED),  # a key without an extension needs a path without one
    ("./ext.js", "ext.js", "x"),
    ("./ext.js", "ext", "x"),  # a key with one matches the path without it too
    ("./dir/index.js", "dir", "x"),  # a folder's index
    ("lib/x.js", "lib/x", "x"),  # keys written without "./"
])
def test_key_spellings(key: str, path: str, hit: object) -> None:
    assert lookup_browser_map({key: "x"}, path, absolute=True) == hit


def test_bare_names_and_browserify_same_package_rule() -> None:
    assert lookup_browser_map({"fs": None}, "fs", absolute=False) is None
    # Browserify's "./fs" for require("fs"), only from inside the package, without extensions.
    assert lookup_browser_map({"./lib/fs": "y"}, "fs", absolute=False, same_package_prefix="./lib/") == "y"
    assert lookup_browser_map({"./lib/fs": "y"}, "fs", absolute=False) is NOT_MAPPED
    assert lookup_browser_map({"./fs.js": "y"}, "fs", absolute=False, same_package_prefix="./") is NOT_MAPPED
