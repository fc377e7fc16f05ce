"""How a build's modules ship (``nbbundle/bundle/resources.py``): one initial script, one async
script per ``import()`` target beyond it, one style resource per plain stylesheet, and the
manifest the runtime's loader reads. ``nbbundle.resource_table`` and the anywidget export show
and use this plan; the single-file bundle carries its scripts."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nbbundle.bundle.build import build

if TYPE_CHECKING:
    from pathlib import Path

FILES = {
    "main.js": ('import "./base.css";\nimport { util } from "./lib/util.js";\n'
                'import classes from "./card.module.css";\n'
                'export const later = () => [import("./lazy/chart.js"), import("./lib/util.js"), import("./other.js")];\n'
                "console.log(util, classes);\n"),
    "base.css": "body { margin: 0 }\n",
    "card.module.css": ".card { color: red }\n",
    "lib/util.js": "export const util = 1;\n",
    "lazy/chart.js": 'import "./chart.css";\nimport { shared } from "../shared.js";\nexport const chart = shared;\n',
    "lazy/chart.css": ".chart { color: blue }\n",
    "shared.js": 'export const shared = 2;\nexport const again = () => import("./lazy/chart.js");\n',
    "other.js": 'import { shared } from "./shared.js";\nexport const deeper = () => import("./deep/.js");\nexport { shared };\n',
    "deep/.js": "export const deep = 3;\n",
}


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def plan_of(root: Path) -> tuple[list[tuple[object, ...]], dict[str, object]]:
    plan = build(root / "main.js").plan
    resources = [(r.name, r.kind, r.type, r.module_ids) + ((r.code,) if r.kind == "style" else ())
                 for r in plan.resources]
    return resources, plan.manifest


def test_the_plan_of_a_build_with_import_targets_and_stylesheets(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    resources, manifest = plan_of(tmp_path)
    chart, other, deep = (resources[i][0] for i in (2, 4, 5))
    assert re.fullmatch(r"chart\.[0-9a-f]{8}\.js", chart) and re.fullmatch(r"other\.[0-9a-f]{8}\.js", other)
    assert re.fullmatch(r"index\.[0-9a-f]{8}\.js", deep)  # a file with no stem: "index"
    assert resources == [
        ("main.js", "script", "initial", ("base.css", "lib/util.js", "card.module.css", "main.js")),
        # A plain stylesheet also ships as its own text; CSS Modules' classes are a script's values.
        ("base.css", "style", "initial", ("base.css",), "body { margin: 0 }\n"),
        # lib/util.js is initial already: no group. shared.js ships with each target that reaches it.
        (chart, "script", "async", ("lazy/chart.css", "shared.js", "lazy/chart.js")),
        ("lazy/chart.css", "style", "initial", ("lazy/chart.css",), ".chart { color: blue }\n"),
        (other, "script", "async", ("shared.js", "other.js")),
        (deep, "script", "async", ("deep/.js",)),
    ]
    assert manifest == {
        "modules": {"base.css": "main.js", "lib/util.js": "main.js", "card.module.css": "main.js",
                    "main.js": "main.js", "lazy/chart.css": chart, "shared.js": chart, "lazy/chart.js": chart,
                    "other.js": other, "deep/.js": deep},
        "resources": {"main.js": {"kind": "script", "type": "initial"}, "base.css": {"kind": "style", "type": "initial"},
                      chart: {"kind": "script", "type": "async"},
                      "lazy/chart.css": {"kind": "style", "type": "initial"},
                      other: {"kind": "script", "type": "async"}, deep: {"kind": "script", "type": "async"}},
    }


def test_an_async_resource_is_renamed_exactly_when_its_content_changes(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    before = [r[0] for r in plan_of(tmp_path)[0]]
    write(tmp_path, {"deep/.js": "export const deep = 4;\n"})
    after = [r[0] for r in plan_of(tmp_path)[0]]
    assert after[:5] == before[:5] and after[5] != before[5]
    write(tmp_path, {"shared.js": FILES["shared.js"] + "// changed\n"})
    again = [r[0] for r in plan_of(tmp_path)[0]]
    assert (again[2] != after[2], again[4] != after[4], again[5]) == (True, True, after[5])


def test_a_stylesheet_with_imports_or_urls_stays_in_its_script(tmp_path: Path) -> None:
    write(tmp_path, {"main.js": 'import "./a.css";\nimport "./c.css";\n', "a.css": '@import "./b.css";\n.a {}\n',
                     "b.css": ".b {}\n", "c.css": ".c { background: url(./b.css) }\n"})
    resources, _ = plan_of(tmp_path)
    assert [(name, kind) for name, kind, *_ in resources] == [("main.js", "script")]


def test_an_async_resource_is_named_after_its_targets_whole_stem(tmp_path: Path) -> None:
    write(tmp_path, {"main.js": 'export const later = () => import("./lib/vendor/chart.min.js");\n',
                     "lib/vendor/chart.min.js": "export const chart = 1;\n"})
    resources, _ = plan_of(tmp_path)
    assert re.fullmatch(r"chart\.min\.[0-9a-f]{8}\.js", resources[1][0])


def test_an_es_module_bundles_async_resources_use_its_own_module_system(tmp_path: Path) -> None:
    """The bundle restores the global acquisition name once it has run; a resource an
    ``import()`` provides later must still find the bundle's own module system."""
    import subprocess

    from missing_tools import skip_without

    write(tmp_path, {"main.js": 'export const later = () => import("./lazy.js").then((m) => m.value);\n',
                     "lazy.js": "export const value = 42;\n"})
    (tmp_path / "bundle.mjs").write_text(build(tmp_path / "main.js", format="esm").code, encoding="utf-8")
    (tmp_path / "run.mjs").write_text('import { later } from "./bundle.mjs";\nconsole.log(await later());\n')
    skip_without("node", "the bundle runs under node")
    ran = subprocess.run(["node", str(tmp_path / "run.mjs")], capture_output=True, text=True, timeout=60, check=False)
    assert (ran.stdout, ran.stderr) == ("42\n", "")


def test_a_registration_form_registers_each_module_with_its_url(tmp_path: Path) -> None:
    """``registration`` (the site export's async scripts): each (id, init function) pair
    reaches the module system ``acquire`` finds, with the script's URL; by default the global
    acquisition function and a variable ``url``."""
    import json
    import subprocess

    from missing_tools import skip_without

    from nbbundle.bundle.resources import registration

    modules = [("a.js", "function () { return 1; }"), ('b/"c".js', "function () { return 2; }")]
    system = ("function system(name) { return { register: function (id, init, url) {"
              " console.log(JSON.stringify([name, id, init(), url])); } }; }\n")
    script = (system
              + "globalThis.__acquire_farm_module_system__ = function () { return system('global'); };\n"
              + "var url = 'default.js';\n"
              + registration(modules) + "\n"
              + registration(modules, '"given.js"', "system('given')") + "\n")
    (tmp_path / "run.js").write_text(script, encoding="utf-8")
    skip_without("node", "the registration form runs under node")
    ran = subprocess.run(["node", str(tmp_path / "run.js")], capture_output=True, text=True, timeout=60, check=False)
    assert ran.stderr == ""
    assert [json.loads(line) for line in ran.stdout.splitlines()] == [
        ["global", "a.js", 1, "default.js"], ["global", 'b/"c".js', 2, "default.js"],
        ["given", "a.js", 1, "given.js"], ["given", 'b/"c".js', 2, "given.js"],
    ]


def test_a_build_with_source_maps_ships_the_same_scripts_and_maps_each_module(tmp_path: Path) -> None:
    """With ``sourcemap``, each script's init functions come from the map recorder (the text
    and its map) instead of the plain renderer: the same scripts, and every JavaScript module
    of each has its map."""
    write(tmp_path, FILES)
    plain = build(tmp_path / "main.js").plan
    result = build(tmp_path / "main.js", sourcemap=True)
    assert [(r.name, r.code) for r in result.plan.resources] == [(r.name, r.code) for r in plain.resources]
    mapped = [m.text for m in result.mapped or []]
    scripts = [r for r in result.plan.resources if r.kind == "script"]
    for script in scripts:
        javascript = [module_id for module_id in script.module_ids if module_id.endswith(".js")]
        assert sum(text in script.code for text in mapped) >= len(javascript) > 0
    assert len(mapped) == sum(module_id.endswith(".js") for r in scripts for module_id in r.module_ids)
