"""Real TypeScript libraries, built from the ``.ts``/``.tsx`` sources they publish on npm.

For each library (pinned in ``npm_cache.TYPESCRIPT_CORPUS``):

* every source file compiles (tests, benchmarks and declaration files aside);
* a usage script (``tests/typescript-corpus/<name>/usage.mjs``, importing ``"LIBRARY"``) prints
  the same lines run natively by node against the library's own compiled build and run as
  nbbundle's bundle of its sources;
* file by file, nbbundle's output of each source imports the same modules and names and
  exports the same names as TypeScript's ``transpileModule`` output of it (import elision and
  type-only syntax are where the two could differ; the code between them is checked by the
  usage scripts).

immer, redux, rxjs and mobx re-export interfaces without ``type`` (issue 16, cause 11): they build
because the bundler sees the whole graph and drops re-exports of names that are only types, as
esbuild does. A library that fails for a known reason is marked xfail(strict), so its passing
is noticed.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from npm_cache import TYPESCRIPT_CORPUS, npm_packages

from nbbundle.compile.errors import NbbundleError
from nbbundle.compile.transform import transform

USAGE_DIR = Path(__file__).resolve().parents[2] / "typescript-corpus"
REPO_ROOT = USAGE_DIR.parents[1]
#: Folders of a package's sources that are not the library.
NOT_LIBRARY = frozenset({"tests", "__tests__", "benchmarks", "test"})


@dataclass(frozen=True)
class Library:
    name: str
    """The folder of its usage script."""
    package: str
    entry: str
    """The sources' entry, relative to the package."""
    sources: str = "src"
    xfail: str | None = None
    defines: tuple[str, ...] = ()
    """``--define``s the library's own build makes (its sources read them as globals)."""

    @property
    def param(self):  # noqa: ANN201
        marks = [pytest.mark.xfail(reason=self.xfail, strict=True)] if self.xfail else []
        return pytest.param(self, id=self.name, marks=marks)


LIBRARIES = [
    Library("query-core", "@tanstack/query-core", "src/index.ts"),
    Library("react-query", "@tanstack/react-query", "src/index.ts"),  # .tsx components
    Library("table-core", "@tanstack/table-core", "src/index.ts"),
    Library("tanstack-store", "@tanstack/store", "src/index.ts"),
    Library("signals-core", "@preact/signals-core", "src/index.ts"),
    Library("reselect", "reselect", "src/index.ts"),
    Library("tiny-invariant", "tiny-invariant", "src/tiny-invariant.ts"),
    # zod 3.25 ships the sources of v3 and v4; v4's `export { function }` is a JavaScript
    # grammar gap (a reserved word as an export name) outside this corpus's TypeScript.
    Library("zod", "zod", "src/index.ts", sources="src/v3"),
    Library("redux-toolkit", "@reduxjs/toolkit", "src/index.ts"),
    Library("immer", "immer", "src/immer.ts"),
    Library("redux", "redux", "src/index.ts"),
    Library("rxjs", "rxjs", "src/index.ts"),
    # mobx's sources read `__DEV__`, which its build defines (as its development build, which
    # node loads here, does).
    Library("mobx", "mobx", "src/mobx.ts", defines=("__DEV__=true",)),
]
ALL = [library.param for library in LIBRARIES]
#: Files whose interface differs from transpileModule's where esbuild does as nbbundle does.
ESBUILD_READING = {
    ("immer", "types/types-internal.ts"): "an import used only as a computed key of a type (`[DRAFT_STATE]: T`): "
                                          "TypeScript keeps it, esbuild and nbbundle remove it with the type",
}
#: Only the libraries that must pass (the file-by-file checks hold for all of them).
EVERY = [pytest.param(library, id=library.name) for library in LIBRARIES]


@pytest.fixture(scope="module")
def corpus() -> Path:
    return npm_packages("typescript-corpus", TYPESCRIPT_CORPUS)


def _sources(root: Path, library: Library) -> list[Path]:
    folder = root / "node_modules" / library.package / library.sources
    files = [p for p in sorted(folder.rglob("*")) if p.suffix in (".ts", ".tsx") and not p.name.endswith(".d.ts")
             and not NOT_LIBRARY & set(p.relative_to(folder).parts)]
    assert files, f"no sources in {folder}"
    return files


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_the_corpus_has_eight_libraries_and_a_tsx_one() -> None:
    assert len([lib for lib in LIBRARIES if lib.xfail is None]) >= 8
    assert {library.name for library in LIBRARIES} == {p.name for p in USAGE_DIR.iterdir() if p.is_dir()}


@pytest.mark.parametrize("library", EVERY)
def test_every_source_file_compiles(library: Library, corpus: Path) -> None:
    failures = []
    files = _sources(corpus, library)
    for path in files:
        kind = path.suffix[1:]
        try:
            transform(str(path), path.read_text(), kind)
        except NbbundleError as error:
            failures.append(error.diagnostics[0].format())
    if library.name == "react-query":
        assert any(p.suffix == ".tsx" for p in files)
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("library", ALL)
def test_usage_prints_the_same_lines_as_the_librarys_own_build(library: Library, corpus: Path, tmp_path: Path) -> None:
    usage = (USAGE_DIR / library.name / "usage.mjs").read_text()
    (tmp_path / "node_modules").symlink_to(corpus / "node_modules", target_is_directory=True)
    (tmp_path / "native.mjs").write_text(usage.replace('"LIBRARY"', json.dumps(library.package)))
    entry = f"./node_modules/{library.package}/{library.entry}"
    (tmp_path / "bundled.mjs").write_text(usage.replace('"LIBRARY"', json.dumps(entry)))
    native = _run(["node", "native.mjs"], tmp_path)
    assert native.returncode == 0 and native.stdout, f"the usage script fails natively:\n{native.stderr}"

    path = [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    defines = [argument for define in library.defines for argument in ("--define", define)]
    build = _run([sys.executable, "-m", "nbbundle", "build", "bundled.mjs", "-o", "out.cjs", *defines], tmp_path,
                 {**os.environ, "PYTHONPATH": os.pathsep.join(path)})
    assert build.returncode == 0, build.stderr + build.stdout
    bundled = _run(["node", "out.cjs"], tmp_path)
    expected, actual = native.stdout.splitlines(), bundled.stdout.splitlines()
    diff = "\n".join(difflib.unified_diff(expected, actual, "native", "nbbundle", lineterm=""))
    assert bundled.returncode == 0 and actual == expected, f"{diff}\n--- stderr ---\n{bundled.stderr}"


TRANSPILE = r"""
const ts = require("typescript");
const fs = require("fs");
const files = JSON.parse(fs.readFileSync(0, "utf8"));
const options = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, isolatedModules: true,
                  jsx: ts.JsxEmit.ReactJSX };
const out = {};
for (const file of files) {
  out[file] = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions: options, fileName: file }).outputText;
}
process.stdout.write(JSON.stringify(out));
"""


def _interface(module_id: str, text: str, kind: str) -> dict[str, object]:
    """What a module asks of others and offers them: imports (specifier → names), exports."""
    result = transform(module_id, text, kind)
    imports: dict[str, set[str]] = {}
    for record in result.imports:
        imports.setdefault(record.specifier, set()).update(n.imported for n in record.names)
    return {"imports": {k: sorted(v) for k, v in imports.items()}, "exports": sorted(result.exports),
            "star_exports": len(result.star_exports)}


@pytest.mark.parametrize("library", EVERY)
def test_each_file_imports_and_exports_what_transpile_module_keeps(library: Library, corpus: Path) -> None:
    files = _sources(corpus, library)
    env = {**os.environ, "NODE_PATH": str(corpus / "node_modules")}
    script = subprocess.run(["node", "-e", TRANSPILE], input=json.dumps([str(p) for p in files]), env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert script.returncode == 0, script.stderr
    reference = json.loads(script.stdout)
    differences = []
    for path in files:
        ours = _interface(str(path), path.read_text(), path.suffix[1:])
        theirs = _interface(str(path.with_suffix(".js")), reference[str(path)], "js")
        relative = path.relative_to(corpus / "node_modules" / library.package / library.sources).as_posix()
        if ours != theirs and (library.name, relative) not in ESBUILD_READING:
            differences.append(f"{path.name}:\n  nbbundle   {ours}\n  TypeScript {theirs}")
    assert not differences, "\n".join(differences)
