"""The graph picture: the SVG is read back and compared with the graph it draws."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import pytest
from IPython.core.error import UsageError
from IPython.testing import globalipapp

import nbbundle
from nbbundle.kernel import api
from nbbundle.picture.draw import draw_graph
from nbbundle.hmr.propagate import FullReload, LastUpdate
from nbbundle.kernel.environment import Environment

if TYPE_CHECKING:
    from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
APP = (
    'import "./style.css";\nimport { mount } from "./counter.js";\nimport data from "./data.json";\n'
    'export function render({ el }) { mount(el); el.onclick = () => import("./lazy.js"); }\n'
    'import.meta.hot?.accept("./counter.js", () => {});\n'
)


def app(root: Path) -> Environment:
    """app.js → style.css, counter.js → format.js, data.json, import("./lazy.js"), and a file."""
    (root / "util.js").write_text("export const pad = (s) => String(s).padStart(3);\n")
    env = Environment(root=root)
    env.define("format.js", 'import { pad } from "./util.js";\nexport const format = (n) => pad(n);\n')
    env.define("counter.js", 'import { format } from "./format.js";\nexport const mount = (el) => { el.textContent = format(1); };\n')
    env.define("style.css", ".a { color: red }\n")
    env.define("data.json", '{"n": 1}')
    env.define("lazy.js", "export const later = 1;\nimport.meta.hot?.accept();\n")
    env.define("app.js", APP)
    return env


def draw(env: Environment, entry: str = "app.js") -> str:
    return draw_graph(env.graph, entry, cells=frozenset(env.cells), failed=env.failed,
                      last_update=env.last_update)


def nodes(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)  # noqa: S314 (our own output)
    return {g.get("data-id", ""): g for g in root.iter(f"{SVG}g") if g.get("class") == "node"}


def edges(svg: str) -> dict[tuple[str, str, str], ET.Element]:
    root = ET.fromstring(svg)  # noqa: S314
    return {(g.get("data-from", ""), g.get("data-to", ""), g.get("data-kind", "")): g
            for g in root.iter(f"{SVG}g") if g.get("class") == "edge"}


def graph_edges(env: Environment, entry: str) -> set[tuple[str, str, str]]:
    found = set()
    for module_id in env.closure(entry):
        node = env.graph.get_module_by_id(module_id)
        assert node is not None
        found |= {(module_id, dep.id, "static") for dep in node.imported_modules}
        found |= {(module_id, dep.id, "dynamic") for dep in node.dynamic_imported_modules}
    return found


def test_nodes_are_the_entry_closure_with_kind_and_origin(tmp_path: Path) -> None:
    env = app(tmp_path)
    env.define("other.js", "export const unrelated = 1;\n")
    drawn = nodes(draw(env))
    assert set(drawn) == set(env.closure("app.js"))
    assert {i: (g.get("data-kind"), g.get("data-origin")) for i, g in drawn.items()} == {
        "app.js": ("js", "cell"), "counter.js": ("js", "cell"), "format.js": ("js", "cell"),
        "style.css": ("css", "cell"), "data.json": ("json", "cell"), "lazy.js": ("js", "cell"),
        "util.js": ("js", "file"),
    }
    assert drawn["util.js"].find(f"{SVG}rect[@class='box']").get("stroke-dasharray")  # type: ignore[union-attr]
    assert drawn["app.js"].find(f"{SVG}title").text.startswith("app.js")  # type: ignore[union-attr]


def test_edges_are_the_graph_imports_and_dynamic_ones_are_dashed(tmp_path: Path) -> None:
    env = app(tmp_path)
    drawn = edges(draw(env))
    assert set(drawn) == graph_edges(env, "app.js")
    assert ("app.js", "lazy.js", "dynamic") in drawn
    for (_, _, kind), g in drawn.items():
        path = g.find(f"{SVG}path")
        assert path is not None
        assert path.get("marker-end", "").startswith("url(#")
        assert bool(path.get("stroke-dasharray")) == (kind == "dynamic")


def test_a_commonjs_file_is_its_own_kind(tmp_path: Path) -> None:
    (tmp_path / "legacy.js").write_text("module.exports = { a: 1 };\n")
    env = Environment(root=tmp_path)
    env.define("main.js", 'import legacy from "./legacy.js";\nexport default legacy;\n')
    assert nodes(draw(env, "main.js"))["legacy.js"].get("data-kind") == "cjs"


def test_typescript_tsx_and_jsx_modules_are_kinds_of_their_own(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "jsx-runtime.js").write_text("export const jsx = (t, p) => ({ t, p }), jsxs = jsx;\n")
    (tmp_path / "math.mts").write_text("export const half = (n: number): number => n / 2;\n")
    env = Environment(root=tmp_path)
    env.define("view.jsx", "/** @jsxImportSource ./lib */\nexport const view = () => <b />;\n")
    env.define("util.ts", 'import { half } from "./math.mjs";\nexport const third: number = half(2) / 1.5;\n')
    env.define("app.tsx", '/** @jsxImportSource ./lib */\nimport { view } from "./view.jsx";\n'
                          'import { third } from "./util.js";\nexport const app = <i>{third}{view()}</i>;\n')
    svg = draw(env, "app.tsx")
    kinds = {i: g.get("data-kind") for i, g in nodes(svg).items()}
    assert kinds == {"app.tsx": "tsx", "view.jsx": "jsx", "util.ts": "ts", "math.mts": "ts", "lib/jsx-runtime.js": "js"}
    for name in ("TypeScript", "TSX", "JSX"):
        assert f">{name}</text>" in svg  # in the legend


def test_hmr_boundaries_are_marked(tmp_path: Path) -> None:
    drawn = nodes(draw(app(tmp_path)))
    boundaries = {i: g.get("data-boundary") for i, g in drawn.items() if g.get("data-boundary")}
    assert boundaries == {"app.js": "entry dep", "lazy.js": "self", "style.css": "self"}
    badges = [t.text for t in drawn["app.js"].iter(f"{SVG}text") if t.text and "accepts" in t.text]
    assert badges == ["accepts counter.js"]


def test_the_last_update_path_is_highlighted(tmp_path: Path) -> None:
    env = app(tmp_path)
    env.widget("app.js").send = lambda message: None  # type: ignore[method-assign]
    env.define("format.js", 'import { pad } from "./util.js";\nexport const format = (n) => "#" + pad(n);\n')
    svg = draw(env)
    drawn = nodes(svg)
    updated = {i: g.get("data-update") for i, g in drawn.items() if g.get("data-update")}
    # format.js changed; counter.js re-runs (the chain); app.js accepts counter.js.
    assert updated == {"format.js": "changed", "counter.js": "path", "app.js": "path"}
    hot = {(a, b) for (a, b, _), g in edges(svg).items() if g.get("data-update")}
    assert hot == {("app.js", "counter.js"), ("counter.js", "format.js")}
    assert "format.js changed → accepted by app.js (dep)" in svg


def test_a_full_reload_is_a_note(tmp_path: Path) -> None:
    env = app(tmp_path)
    update = LastUpdate("format.js", ("format.js",), FullReload("no HMR boundary: x.js has no importers"))
    root = ET.fromstring(draw_graph(env.graph, "app.js", last_update=update))  # noqa: S314
    note = next(t for t in root.iter(f"{SVG}text") if t.get("class") == "note")
    assert note.text == "last update (format.js): format.js changed → full reload: no HMR boundary: x.js has no importers"


def test_a_failed_cell_is_marked(tmp_path: Path) -> None:
    env = app(tmp_path)
    assert env.define("counter.js", "export const = ;\n").status == "error"
    drawn = nodes(draw(env))
    assert [i for i, g in drawn.items() if g.get("data-failed")] == ["counter.js"]
    assert "✗" in "".join(drawn["counter.js"].itertext())
    assert drawn["counter.js"].find(f"{SVG}rect[@class='box']").get("stroke") == "#dc2626"  # type: ignore[union-attr]


def test_ids_are_escaped(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    weird = """<b title="x">&amp;'q'.js"""
    env.define(weird, "export const q = 1;\n")
    env.define("main.js", f"import {{ q }} from {'./' + weird!r};\nexport default q;\n")
    svg = draw_graph(env.graph, "main.js", cells=frozenset(env.cells), failed={weird})
    assert "<b " not in svg
    assert set(nodes(svg)) == {"main.js", weird}
    assert set(edges(svg)) == {("main.js", weird, "static")}


def test_a_cycle_is_drawn_with_one_edge_going_up(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    env.define("odd.js", "export const odd = 1;\n")
    env.define("even.js", 'import { odd } from "./odd.js";\nexport const even = odd;\n')
    env.define("odd.js", 'import { even } from "./even.js";\nexport const odd = () => even;\n')
    env.define("main.js", 'import { even } from "./even.js";\nexport default even;\n')
    drawn = edges(draw(env, "main.js"))
    assert set(drawn) == graph_edges(env, "main.js")
    assert [key for key, g in drawn.items() if g.get("data-upward")] == [("odd.js", "even.js", "static")]


def fifty_modules(root: Path) -> Environment:
    """A tangled 50-module app: a tree, cross links, a wide fan-out, CSS and dynamic imports."""
    env = Environment(root=root)
    names = ["main.js"] + [f"{('lib/', 'ui/', '')[i % 3]}m{i:02d}.{'css' if i % 11 == 5 else 'js'}" for i in range(1, 50)]
    for i in reversed(range(50)):
        if names[i].endswith(".css"):
            env.define(names[i], f".c{i} {{ color: red }}\n")
            continue
        prefix = "./" + "../" * names[i].count("/")
        targets = sorted({j for j in (2 * i + 1, 2 * i + 2, 3 * i + 7, i + 13) if j < 50})
        if i == 0:
            targets = sorted({*targets, 11, 12, *range(20, 50, 2)})
        lines = [f'import "{prefix}{names[j]}";' for j in targets if j % 9 != 4]
        lines += [f'export const load{j} = () => import("{prefix}{names[j]}");' for j in targets if j % 9 == 4]
        result = env.define(names[i], "\n".join([*lines, f"export const v = {i};"]) + "\n")
        assert result.status != "error", result.diagnostics
    return env


def test_fifty_modules_fit_without_overlapping(tmp_path: Path) -> None:
    env = fifty_modules(tmp_path)
    svg = draw(env, "main.js")
    root = ET.fromstring(svg)  # noqa: S314
    assert len(env.closure("main.js")) == 50
    assert set(nodes(svg)) == set(env.closure("main.js"))
    assert set(edges(svg)) == graph_edges(env, "main.js")
    assert float(root.get("width", "")) <= 1400
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    boxes = [tuple(float(r.get(k, "")) for k in ("x", "y", "width", "height"))
             for r in root.iter(f"{SVG}rect") if r.get("class") == "box"]
    assert len(boxes) == 50
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in itertools.combinations(boxes, 2):
        assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1
    for x, _, w, _ in boxes:  # the graph is shifted right by its group's translate, within the width
        assert 0 <= x and x + w <= float(root.get("width", ""))


def test_the_same_graph_gives_the_same_picture(tmp_path: Path) -> None:
    first = draw(fifty_modules(tmp_path / "a"), "main.js")
    second = draw(fifty_modules(tmp_path / "b"), "main.js")
    assert first == second


def test_labels_are_shortened_with_the_full_id_in_the_tooltip(tmp_path: Path) -> None:
    env = Environment(root=tmp_path)
    long = "components/settings/very-long-panel-name.js"
    env.define(long, "export const p = 1;\n")
    env.define("main.js", f'import "./{long}";\n')
    node = nodes(draw(env, "main.js"))[long]
    label = "".join(node.find(f"{SVG}text").itertext())  # type: ignore[union-attr]
    assert len(label) == 28
    assert "…" in label
    assert label.endswith("panel-name.js")
    assert node.find(f"{SVG}title").text.startswith(long)  # type: ignore[union-attr]


# -- the call and the magic ------------------------------------------------------------------


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(tmp_path)
    api.environment.cache_clear()
    globalipapp.start_ipython()
    shell = globalipapp.get_ipython()
    shell.run_line_magic("load_ext", "nbbundle")
    return shell


def test_draw_module_graph_picks_the_only_entry(kernel: Any) -> None:
    nbbundle.define("util.js", "export const u = 1;\n")
    nbbundle.define("main.js", 'import { u } from "./util.js";\nexport default u;\n')
    picture = nbbundle.draw_module_graph()
    assert set(nodes(picture._repr_svg_())) == {"main.js", "util.js"}
    assert picture._repr_html_().startswith('<div class="nbbundle-graph" style="overflow:auto')


def test_draw_module_graph_asks_which_entry(kernel: Any) -> None:
    nbbundle.define("a.js", "export const a = 1;\n")
    nbbundle.define("b.js", "export const b = 1;\n")
    with pytest.raises(KeyError, match="Which entry\\? Name one of: a.js, b.js."):
        nbbundle.draw_module_graph()
    with pytest.raises(KeyError, match="There is no module 'c.js'"):
        nbbundle.draw_module_graph("c.js")


def test_the_graph_magic_displays_the_picture(kernel: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr("nbbundle.kernel.magics.display", lambda value, **_: shown.append(value))
    nbbundle.define("main.js", "export default 1;\n")
    kernel.run_line_magic("nbbundle", "graph")
    kernel.run_line_magic("nbbundle", "graph main.js")
    assert [set(nodes(p.svg)) for p in shown] == [{"main.js"}, {"main.js"}]
    with pytest.raises(UsageError, match="There is no module 'nope.js'"):
        kernel.run_line_magic("nbbundle", "graph nope.js")


def test_assets_and_css_imports_are_drawn(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    env = Environment(root=tmp_path)
    env.define("base.css", "body { background: url(./logo.png) }\n")
    env.define("style.css", '@import "./base.css";\n')
    env.define("main.js", 'import "./style.css";\nimport note from "./base.css?raw";\nexport default note;\n')
    svg = draw(env, "main.js")
    kinds = {i: g.get("data-kind") for i, g in nodes(svg).items()}
    assert kinds == {"main.js": "js", "style.css": "css", "base.css?inline": "css", "logo.png?url": "asset",
                     "base.css?raw": "asset"}
    assert {("style.css", "base.css?inline"), ("base.css?inline", "logo.png?url")} <= {
        (a, b) for a, b, _ in edges(svg)}
    assert ">Asset</text>" in svg


def test_the_resource_table_lists_assets_with_their_sizes(kernel: Any, tmp_path: Path) -> None:
    nbbundle.asset("logo.png", b"\x89PNG" + bytes(1230))
    nbbundle.define("main.js", 'import logo from "./logo.png";\nexport default logo;\n')
    table = nbbundle.resource_table("main.js").data
    assert "<code>logo.png</code>" in table and "1,234 B" in table and "inline in" in table


def test_nbbundle_list_shows_assets_and_css_imports_with_sizes(kernel: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Any] = []
    monkeypatch.setattr("nbbundle.kernel.magics.display", lambda value, **_: shown.append(value))
    nbbundle.asset("logo.png", b"\x89PNG" + bytes(2044))
    nbbundle.define("base.css", ".a { background: url(./logo.png) }\n")
    nbbundle.define("style.css", '@import "./base.css";\n')
    nbbundle.define("main.js", 'import "./style.css";\nexport default 1;\n')
    kernel.run_line_magic("nbbundle", "list")
    (table,) = shown
    rows = {row.split("</td>")[0].split("<code>")[1].split("</code>")[0]: row for row in table.data.split("<tr>")[2:]}
    assert "<td>asset</td><td>2048 B</td>" in rows["logo.png?url"]
    assert "<td>css</td>" in rows["base.css?inline"] and "logo.png?url" in rows["base.css?inline"]
    assert "base.css?inline" in rows["style.css"]
