"""``nbbundle export`` and ``nbbundle.export_site``: the files, their order, escaping and refusals."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import nbbundle
from nbbundle.kernel import api
from nbbundle.compile.errors import NbbundleError
from nbbundle.kernel.environment import Environment
from nbbundle.site.export import (
    EntryChoiceError,
    content_hashed,
    UnsafeModuleName,
    export_environment,
    export_notebook,
    read_notebook,
)
from nbbundle.site.page import script_json
from site_files import hashed_file
from missing_tools import skip_without

if TYPE_CHECKING:
    from pathlib import Path

APP = (
    'import "./theme.js";\nimport "./style.css";\nimport { greet } from "greet";\n'
    "export default { render({ model, el }) { el.textContent = greet(model.get('name')); "
    "el.onclick = () => import('./chart.js'); } };\n"
)
THEME = 'import "./base.css";\nexport const theme = "dark";\n'
CHART = 'import "./chart.css";\nexport const chart = 1;\n'
TRICKY = 'export const text = "</script><!-- it\'s \\"quoted\\" \u2028 \u2029 -->";\n'


def cells(*sources: str) -> list[Any]:
    return [new_code_cell(source) for source in sources]


def write_notebook(folder: Path, *sources: str, name: str = "app.ipynb", metadata: dict[str, Any] | None = None) -> Path:
    notebook = new_notebook(cells=[new_markdown_cell("# An app"), *cells(*sources)], metadata=metadata or {})
    path = folder / name
    nbformat.write(notebook, path)
    return path


def add_package(folder: Path) -> None:
    package = folder / "node_modules" / "greet"
    package.mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": "greet", "type": "module", "main": "index.js"}))
    (package / "index.js").write_text("export function greet(name) { return `hello, ${name}`; }\n")


def app_notebook(folder: Path) -> Path:
    add_package(folder)
    return write_notebook(
        folder,
        "%load_ext nbbundle",
        "%%module base.css\nbody { margin: 0 }",
        "%%module style.css\n.app { color: red }",
        f"%%module theme.js\n{THEME}",
        "%%module chart.css\n.chart { color: blue }",
        f"%%module chart.js\n{CHART}",
        f"%%module app.js --show\n{APP}",
        'import nbbundle\nnbbundle.show("app.js", name="</script><!-- \u2028", count=2)',
    )


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nbbundle", *args], capture_output=True, text=True,
                          check=False, cwd=cwd, stdin=subprocess.DEVNULL)


def page_config(index: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="nbbundle-site">(.*?)</script>', index, re.S)
    assert match is not None
    return json.loads(match.group(1))


def tags(index: str) -> list[str]:
    """The page's resource tags in document order: ('link'|'script', url)."""
    return re.findall(r'<(?:link rel="stylesheet" href|script(?: type="module")? src)="([^"]+)"', index)


# -- files and order ---------------------------------------------------------------------------


def test_a_notebook_exports_the_page_the_runtime_and_one_file_per_resource(tmp_path: Path) -> None:
    result = export_notebook(app_notebook(tmp_path), tmp_path / "site")
    files = sorted(p.name for p in (tmp_path / "site").iterdir())
    # Every file but the page is named by its content's hash; each script has its source map beside it.
    hashed = {re.sub(r"\.[0-9a-f]{8}\.", ".", name): name for name in files if name != "index.html"}
    assert sorted(hashed) == sorted(["runtime.js", "app.js", "vendor.js", "chart.js",
                                     "base.css", "style.css", "chart.css", ".nbbundle-export.json",
                                     "app.js.map", "vendor.js.map", "chart.js.map"])
    for plain, name in hashed.items():
        if plain.endswith(".map"):
            assert name == hashed[plain.removesuffix(".map")] + ".map"
        elif plain != ".nbbundle-export.json":
            content = (tmp_path / "site" / name).read_text()
            if plain != "runtime.js" and plain.endswith(".js"):  # the hash is of the code, before its map's comment
                code, comment = content.rstrip("\n").rsplit("\n", 1)
                assert comment == f"//# sourceMappingURL={name}.map"
                content = code + "\n"
            assert name == content_hashed(plain, content)
    assert result.files[0] == "index.html"
    assert sorted(result.files) == sorted(set(files) - {".nbbundle-export.json"})
    assert result.entry == "app.js"
    assert (tmp_path / "site" / result.file_of("style.css")).read_text() == ".app { color: red }"


def test_initial_resources_are_in_topological_order(tmp_path: Path) -> None:
    result = export_notebook(app_notebook(tmp_path), tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text()
    # Styles in evaluation order (theme.js's base.css before app.js's style.css), then the
    # runtime, then vendor.js (node_modules) before app.js, which imports it.
    assert tags(index) == [result.file_of(name) for name in ("base.css", "style.css", "runtime.js", "vendor.js", "app.js")]
    config = page_config(index)
    vendor_ids = [i for i, name in config["manifest"]["modules"].items() if name == "vendor.js"]
    assert vendor_ids == ["node_modules/greet/index.js"]
    assert f'href="{result.file_of("chart.css")}"' not in index  # reached only through import()


def test_the_manifest_maps_modules_to_resources_with_page_relative_urls(tmp_path: Path) -> None:
    result = export_notebook(app_notebook(tmp_path), tmp_path / "site")
    manifest = page_config((tmp_path / "site" / "index.html").read_text())["manifest"]
    chart = manifest["modules"]["chart.js"]
    assert manifest["modules"]["chart.css"] == chart  # its init function is registered by chart's resource
    assert manifest["resources"][chart] == {"kind": "script", "type": "async", "url": result.file_of(chart),
                                            "styles": ["chart.css"]}
    assert manifest["resources"]["chart.css"] == {"kind": "style", "type": "async", "url": result.file_of("chart.css")}
    assert manifest["resources"]["style.css"] == {"kind": "style", "type": "initial", "url": result.file_of("style.css")}
    assert manifest["resources"]["app.js"] == {"kind": "script", "type": "initial", "url": result.file_of("app.js")}
    assert all(re.fullmatch(r"[a-z]+\.[0-9a-f]{8}\.(js|css)", r["url"]) for r in manifest["resources"].values())


def test_css_modules_load_their_style_resource_instead_of_inlining_the_text(tmp_path: Path) -> None:
    result = export_notebook(app_notebook(tmp_path), tmp_path / "site")
    app = (tmp_path / "site" / result.file_of("app.js")).read_text()
    assert '__nbb_require__.css("style.css");' in app
    assert ".app { color: red }" not in app


def test_modern_and_legacy_script_tags_and_registration_urls(tmp_path: Path) -> None:
    notebook = app_notebook(tmp_path)
    m = export_notebook(notebook, tmp_path / "modern")
    c = export_notebook(notebook, tmp_path / "legacy", legacy=True)
    modern = (tmp_path / "modern" / "index.html").read_text()
    legacy = (tmp_path / "legacy" / "index.html").read_text()
    assert f'<script type="module" src="{m.file_of("app.js")}"></script>' in modern
    assert f'<script src="{m.file_of("runtime.js")}"></script>' in modern  # the runtime is classic either way
    assert f'<script src="{c.file_of("app.js")}"></script>' in legacy
    assert 'type="module"' not in legacy
    assert page_config(modern)["strategy"] == "modern"
    assert page_config(legacy)["strategy"] == "legacy"
    modern_app, legacy_app = m.file_of("app.js"), c.file_of("app.js")
    assert (tmp_path / "modern" / modern_app).read_text().rstrip().endswith(
        f"}}, import.meta.url);\n//# sourceMappingURL={modern_app}.map")
    assert (tmp_path / "legacy" / legacy_app).read_text().rstrip().endswith(
        f"}}, document.currentScript.src);\n//# sourceMappingURL={legacy_app}.map")


# -- escaping ----------------------------------------------------------------------------------


def test_script_json_cannot_close_the_script_element() -> None:
    value = {"a": "</script><!-- & > \u2028\u2029", "</SCRIPT": 1}
    text = script_json(value)
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == value


def test_tricky_module_text_ids_and_state_stay_inside_their_files(tmp_path: Path) -> None:
    entry = 'we"ird<b>&\'.js'  # what %%module takes as written (IPython keeps quotes)
    path = write_notebook(
        tmp_path,
        f"%%module text.js\n{TRICKY}",
        f'%%module {entry} --show\nimport {{ text }} from "./text.js";\n'
        "export function render({ model, el }) { el.textContent = text + model.get('note'); }\n",
        f"import nbbundle\nnbbundle.show({entry!r}, note='</script><!-- \u2028')",
    )
    result = export_notebook(path, tmp_path / "site")
    site = tmp_path / "site"
    index = (site / "index.html").read_text()
    assert "</script" not in page_config_text(index)
    assert "<!--" not in index
    config = page_config(index)
    assert config["entry"] == entry
    assert config["state"] == {"note": "</script><!-- \u2028"}
    assert "<title>we&quot;ird&lt;b&gt;&amp;&#x27;.js · app</title>" in index
    scripts = [name for name in tags(index) if name != result.runtime]
    assert scripts == [result.file_of("we_ird_b_.js")]  # a plain file name
    assert re.fullmatch(r"we_ird_b_\.[0-9a-f]{8}\.js", scripts[0])
    assert "</script><!-- it's" in (site / scripts[0]).read_text()  # the module text, unchanged, in its file
    skip_without("node", "cannot check the files' syntax")
    node = shutil.which("node")
    for name in scripts:  # modern resources are ES modules
        module = tmp_path / f"{name}.mjs"
        module.write_text((site / name).read_text())
        subprocess.run([node, "--check", str(module)], check=True, capture_output=True)
    subprocess.run([node, "--check", str(site / result.runtime)], check=True, capture_output=True)


def page_config_text(index: str) -> str:
    match = re.search(r'id="nbbundle-site">(.*?)</script>', index, re.S)
    assert match is not None
    return match.group(1)


def test_names_that_would_escape_the_output_folder_are_refused(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "%%module ../evil.js\nexport default 1;", "%%module app.js --show\nexport function render() {}")
    with pytest.raises(UnsafeModuleName, match=r"'\.\./evil\.js' \(cell 2\)"):
        read_notebook(path)
    result = run_cli("export", str(path), "-o", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "Refusing the module name '../evil.js'" in result.stderr
    assert "outside its output folder" in result.stderr
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "evil.js").exists()
    for name in ("/abs.js", "a\\b.js", "lib/../../x.js"):
        with pytest.raises(UnsafeModuleName):
            read_notebook(write_notebook(tmp_path, f"%%module {name}\nexport default 1;", name="bad.ipynb"))


# -- entry detection ---------------------------------------------------------------------------


@pytest.mark.parametrize("show", [
    "%%module app.js --show\n",
    'import nbbundle\nnbbundle.show("app.js")',
    "%nbbundle show app.js",
    'from nbbundle import show as display_app\ndisplay_app("app.js")',
    'import nbbundle as nb\nw = nb.show(\n  "app.js",\n  count=1)',
])
def test_the_entry_is_the_module_the_notebook_shows(tmp_path: Path, show: str) -> None:
    app = "export function render({ el }) { el.textContent = 'app'; }\n"
    sources = ["%%module other.js\nexport default 1;", f"%%module app.js\n{app}"]
    if show.startswith("%%module"):
        sources[1] = f"{show}{app}"
    else:
        sources.append(show)
    source = read_notebook(write_notebook(tmp_path, *sources))
    assert source.shown == ["app.js"]
    assert export_notebook(source.path, tmp_path / "site").entry == "app.js"


def test_an_ambiguous_entry_exits_2_and_asks_for_entry(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path,
        "%%module a.js --show\nexport function render() {}",
        "%%module b.js\nexport function render() {}",
        'import nbbundle\nnbbundle.show("b.js")',
    )
    with pytest.raises(EntryChoiceError) as caught:
        export_notebook(path, tmp_path / "site")
    assert caught.value.candidates == ["a.js", "b.js"]
    result = run_cli("export", str(path), "-o", str(tmp_path / "site"))
    assert result.returncode == 2
    assert "shows several modules: a.js, b.js" in result.stderr
    assert "Pass --entry NAME" in result.stderr
    assert not (tmp_path / "site").exists()
    assert run_cli("export", str(path), "-o", str(tmp_path / "site"), "--entry", "b.js", "--quiet").returncode == 0
    assert page_config((tmp_path / "site" / "index.html").read_text())["entry"] == "b.js"
    # Someone to ask: the chosen one.
    assert export_notebook(path, tmp_path / "asked", ask=lambda choices, _why: choices[0]).entry == "a.js"


def test_no_shown_module_lists_the_choices(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "%%module a.js\nexport function render() {}", "%%module s.css\np {}")
    result = run_cli("export", str(path), "-o", str(tmp_path / "site"))
    assert result.returncode == 2
    assert "shows no module" in result.stderr
    assert "one of: a.js" in result.stderr
    assert "s.css" not in result.stderr.split("one of:")[1]


def test_later_definitions_win_and_cells_may_import_modules_defined_below(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path,
        '%%module app.js --show\nimport { n } from "./util.js";\nexport function render({ el }) { el.textContent = n; }',
        "%%module util.js\nexport const n = 1;",
        "%%module util.js\nexport const n = 2;",
    )
    export_notebook(path, tmp_path / "site", minify=False)  # the compiled text as written
    app = hashed_file(tmp_path / "site", "app.js").read_text()
    assert "const n = 2;" in app
    assert "const n = 1;" not in app


def test_literal_define_and_data_calls_define_modules(tmp_path: Path) -> None:
    path = write_notebook(
        tmp_path,
        'import nbbundle\nnbbundle.define("util.js", "export const n = 3;")\nnbbundle.data("points.json", [1, 2])',
        '%%module app.js --show\nimport { n } from "./util.js";\nimport points from "./points.json";\n'
        "export function render({ el }) { el.textContent = n + points.length; }",
    )
    export_notebook(path, tmp_path / "site", minify=False)  # the compiled text as written
    app = hashed_file(tmp_path / "site", "app.js").read_text()
    assert "const n = 3;" in app
    assert '"points.json"' in app


def test_the_saved_widget_state_overrides_the_show_arguments(tmp_path: Path) -> None:
    metadata = {"widgets": {"application/vnd.jupyter.widget-state+json": {"version_major": 2, "version_minor": 0, "state": {
        "abc": {"model_name": "AnyModel", "model_module": "anywidget", "model_module_version": "*",
                "state": {"_bundle": {"entry": "app.js", "version": 4, "modules": {}, "error": None},
                          "_esm": "...", "count": 9, "layout": "IPY_MODEL_x", "tabbable": None}},
    }}}}
    path = write_notebook(tmp_path, "%%module app.js\nexport function render() {}",
                          'import nbbundle\nnbbundle.show("app.js", count=1, label="hi")', metadata=metadata)
    export_notebook(path, tmp_path / "site")
    assert page_config((tmp_path / "site" / "index.html").read_text())["state"] == {"count": 9, "label": "hi"}


# -- the CLI -----------------------------------------------------------------------------------


def test_cli_exports_and_reports_on_stderr(tmp_path: Path) -> None:
    result = run_cli("export", str(app_notebook(tmp_path)), "-o", str(tmp_path / "site"), "--legacy")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert re.search(r"nbbundle: exported app\.js \(legacy, production\) to .*index\.html \(3 script and 3 style resources\)",
                     result.stderr)


def test_cli_fails_with_the_frames_of_broken_cells(tmp_path: Path) -> None:
    path = write_notebook(tmp_path, "%%module app.js --show\nexport function render( {\n")
    result = run_cli("export", str(path), "-o", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "--> app.js:" in result.stderr
    assert "export failed with 1 error" in result.stderr
    missing = write_notebook(tmp_path, '%%module app.js --show\nimport "./nope.js";\nexport function render() {}',
                             name="missing.ipynb")
    result = run_cli("export", str(missing), "-o", str(tmp_path / "site"))
    assert result.returncode == 1
    assert "nope.js" in result.stderr


def test_cli_bad_arguments_exit_2(tmp_path: Path) -> None:
    result = run_cli("export", str(tmp_path / "missing.ipynb"), "-o", str(tmp_path / "site"))
    assert result.returncode == 2
    assert "missing.ipynb" in result.stderr
    (tmp_path / "bad.ipynb").write_text("not json")
    assert run_cli("export", str(tmp_path / "bad.ipynb"), "-o", str(tmp_path / "site")).returncode == 2
    path = write_notebook(tmp_path, "%%module app.js --show\nexport function render() {}")
    result = run_cli("export", str(path), "-o", str(tmp_path / "site"), "--entry", "nope.js")
    assert result.returncode == 2
    assert "defines no module 'nope.js'" in result.stderr
    assert run_cli("export", str(path)).returncode == 2  # -o is required


# -- from an environment (a kernel) ------------------------------------------------------------


def test_export_from_an_environment(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    env.define("style.css", ".x { color: red }")
    env.define("lazy.js", "export const lazy = 1;")
    env.define("app.js", 'import "./style.css";\nexport function render({ el }) { import("./lazy.js"); }')
    result = export_environment(env, "app.js", tmp_path / "site", state={"count": 1})
    assert [r.name for r in result.resources if r.type == "initial"] == ["style.css", "app.js"]
    assert [r.type for r in result.resources if r.module_ids == ("lazy.js",)] == ["async"]
    config = page_config((tmp_path / "site" / "index.html").read_text())
    assert config["state"] == {"count": 1}
    with pytest.raises(EntryChoiceError, match="There is no module 'nope.js'"):
        export_environment(env, "nope.js", tmp_path / "site")
    with pytest.raises(EntryChoiceError, match="must be a JavaScript module"):
        export_environment(env, "style.css", tmp_path / "site")
    with pytest.raises(ValueError, match="must be JSON"):
        export_environment(env, "app.js", tmp_path / "site", state={"x": float("nan")})


def test_a_failed_cell_in_the_closure_stops_the_export(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    env.define("util.js", "export const n = 1;")
    env.define("app.js", 'import { n } from "./util.js";\nexport function render() {}')
    env.define("util.js", "export const n = ;")  # the last good version keeps running in views
    with pytest.raises(NbbundleError):
        export_environment(env, "app.js", tmp_path / "site")


def test_export_site_uses_the_kernel_environment_and_the_widget_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    api.environment.cache_clear()
    try:
        nbbundle.define("app.js", "export function render({ model, el }) { el.textContent = model.get('count'); }")
        widget = nbbundle.widget("app.js", count=7, label="x")
        widget.count = 8  # type: ignore[attr-defined]
        result = nbbundle.export_site("app.js", tmp_path / "site", legacy=True)
    finally:
        api.environment.cache_clear()
    assert result.strategy == "legacy"
    config = page_config((tmp_path / "site" / "index.html").read_text())
    assert config["state"] == {"count": 8, "label": "x"}
    assert config["entry"] == "app.js"


def test_a_tsx_entry_exports_with_the_jsx_options_of_its_cell(tmp_path: Path) -> None:
    notebook = write_notebook(
        tmp_path,
        "%load_ext nbbundle",
        "%%module h.ts\nexport const h = (type: string, props: object | null, ...children: unknown[]) => "
        "`<${type}>${children.join('')}</${type}>`;",
        '%%module app.tsx --show --jsx-factory h\nimport { h } from "./h.js";\n'
        "export function render({ el }: { el: HTMLElement }) { el.innerHTML = <p>typed</p>; }",
    )
    result = export_notebook(notebook, tmp_path / "site", minify=False)  # the compiled text as written
    assert result.entry == "app.tsx"
    code = hashed_file(tmp_path / "site", "app.js").read_text()
    assert '(0, __nbb_import_0__.h)("p", null, "typed")' in code
    assert "HTMLElement" not in code
