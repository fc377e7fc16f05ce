"""The module graph (nbbundle.bundle.graph), by method, as Vite's moduleGraph.spec.ts."""

from __future__ import annotations

from pathlib import Path

from nbbundle.bundle.graph import ModuleGraph, ModuleNode
from nbbundle.compile.module import HotInfo, TransformResult
from nbbundle.compile.transform import transform


def fake_result(module_id: str, *, kind: str = "esm", etag: str | None = None,
                hot: HotInfo | None = None) -> TransformResult:
    """What the graph reads of a transform: kind, etag and the ``import.meta.hot`` calls."""
    etag = etag or f"etag-{module_id}"
    # A stylesheet that injects itself accepts itself (compile/stylesheets.py).
    hot = hot or HotInfo(self_accepting=kind == "css")
    return TransformResult(module_id, kind, etag, ("",), hot=hot)  # type: ignore[arg-type]


def modules(graph: ModuleGraph, *ids: str) -> list[ModuleNode]:
    """Nodes with a fake transform result each."""
    nodes = []
    for module_id in ids:
        node = graph.ensure_module(module_id, Path(module_id))
        kind = "css" if module_id.endswith(".css") else "esm"
        graph.set_transform_result(node, fake_result(module_id, kind=kind))
        nodes.append(node)
    return nodes


def imports(graph: ModuleGraph, importer: ModuleNode, *imported: ModuleNode,
            **hot: object) -> set[ModuleNode]:
    """``importer`` imports ``imported`` statically (and nothing else); returns the pruned."""
    return graph.update_module_info(importer, imported, **hot)  # type: ignore[arg-type]


# Lookups


def test_ensure_module_indexes_by_id() -> None:
    graph = ModuleGraph()
    node = graph.ensure_module("app.js", Path("app.js"))
    assert graph.get_module_by_id("app.js") is node
    assert node.file == Path("app.js")
    assert graph.ensure_module("app.js") is node
    assert len(graph) == 1 and list(graph) == [node]


# ModuleNode


def test_a_node_is_js_unless_its_result_is_css() -> None:
    graph = ModuleGraph()
    js, css = modules(graph, "a.js", "style.css")
    assert (js.type, css.type) == ("js", "css")
    assert ModuleNode("x.css").type == "css"
    assert (ModuleNode("a.js").type, ModuleNode("b.ts", type="js").type) == ("js", "js")
    assert ModuleNode("x.css", transform_result=fake_result("x.css", kind="css")).type == "css"
    module = fake_result("m.module.css", kind="css", hot=HotInfo(self_accepting=False))  # a CSS Module
    assert ModuleNode("m.module.css", transform_result=module).type == "js"


def test_a_node_made_with_its_fields_keeps_each_of_them() -> None:
    # Tree shaking makes its copies of the graph's nodes so (``tree_shake.py``): a field lost
    # is a production bundle without a module's body, its imports' ids or its external URLs.
    result = fake_result("a.js")
    other = ModuleNode("b.js")
    fields = {
        "file": Path("a.js"), "transform_result": result, "importers": {other}, "imported_modules": {other},
        "import_order": [other], "dynamic_imported_modules": {other}, "dynamic_importers": {other},
        "resolved": {"./b.js": "b.js"}, "externals": {"https://x.test/m.js": "https://x.test/m.js"},
        "kind_hint": ("cjs", "module"), "accepted_hmr_deps": {other}, "accepted_hmr_exports": {"x"},
        "imported_bindings": {"b.js": {"*"}}, "is_self_accepting": True,
    }
    node = ModuleNode("a.js", **fields)  # type: ignore[arg-type]
    assert {name: getattr(node, name) for name in fields} == fields
    assert all(getattr(node, name) is value for name, value in fields.items())
    bare = ModuleNode("c.js")
    assert (bare.importers, bare.imported_modules, bare.import_order, bare.resolved) == (set(), set(), [], {})


def test_a_node_is_not_executed_until_a_view_says_so() -> None:
    node = ModuleNode("a.js")
    assert node.is_self_accepting is None and not node.executed


# update_module_info


def test_update_module_info_links_both_directions() -> None:
    graph = ModuleGraph()
    main, a, lazy = modules(graph, "main.js", "a.js", "lazy.js")
    graph.update_module_info(main, [a], [lazy])
    assert main.imported_modules == {a} and a.importers == {main}
    assert main.dynamic_imported_modules == {lazy} and lazy.dynamic_importers == {main}
    assert lazy.importers == set() and lazy.all_importers == {main}


def test_update_module_info_keeps_the_import_order() -> None:
    graph = ModuleGraph()
    main, a, b = modules(graph, "main.js", "a.js", "b.js")
    imports(graph, main, b, a, b)
    assert main.import_order == [b, a]


def test_update_module_info_returns_modules_nothing_imports() -> None:
    graph = ModuleGraph()
    main, a, b = modules(graph, "main.js", "a.js", "b.js")
    imports(graph, main, a, b)
    assert imports(graph, main, a) == {b}
    assert b.importers == set() and main.imported_modules == {a}


def test_update_module_info_keeps_modules_another_module_imports() -> None:
    graph = ModuleGraph()
    main, other, a = modules(graph, "main.js", "other.js", "a.js")
    imports(graph, main, a)
    imports(graph, other, a)
    assert imports(graph, main) == set()
    assert a.importers == {other}


def test_update_module_info_keeps_modules_only_imported_dynamically() -> None:
    graph = ModuleGraph()
    main, a = modules(graph, "main.js", "a.js")
    imports(graph, main, a)
    assert graph.update_module_info(main, [], [a]) == set()
    assert a.importers == set() and a.dynamic_importers == {main}
    assert graph.update_module_info(main, [], []) == {a}


def test_update_module_info_records_hmr_facts() -> None:
    graph = ModuleGraph()
    main, a, b = modules(graph, "main.js", "a.js", "b.js")
    imports(graph, main, a, b, imported_bindings={"a.js": {"x"}}, accepted_modules=[a],
            accepted_exports={"default"})
    assert main.accepted_hmr_deps == {a}
    assert main.accepted_hmr_exports == {"default"}
    assert main.imported_bindings == {"a.js": {"x"}}


def test_update_module_info_keeps_is_self_accepting_unless_given() -> None:
    graph = ModuleGraph()
    (main,) = modules(graph, "main.js")
    graph.mark_executed(["main.js"])
    imports(graph, main)
    assert main.is_self_accepting is False
    imports(graph, main, is_self_accepting=True)
    assert main.is_self_accepting is True


# remove_module


def test_remove_module_unlinks_both_sides() -> None:
    graph = ModuleGraph()
    main, a, b = modules(graph, "main.js", "a.js", "b.js")
    imports(graph, main, a, accepted_modules=[a])
    imports(graph, a, b)
    assert graph.remove_module(a) == {b}
    assert main.imported_modules == set() and main.import_order == []
    assert main.accepted_hmr_deps == set()
    assert b.importers == set()
    assert graph.get_module_by_id("a.js") is None and list(graph) == [main, b]


# mark_executed


def test_mark_executed_is_three_valued() -> None:
    graph = ModuleGraph()
    accepting, plain, unseen = (graph.ensure_module(i) for i in ("a.js", "b.js", "c.js"))
    graph.set_transform_result(accepting, transform("a.js", "import.meta.hot.accept();"))
    graph.set_transform_result(plain, transform("b.js", "export const b = 1;"))
    assert graph.mark_executed(["a.js", "b.js", "unknown.js"]) == {accepting, plain}
    assert (accepting.is_self_accepting, plain.is_self_accepting, unseen.is_self_accepting) == (True, False, None)


def test_mark_executed_counts_accept_exports_of_every_export_as_self_accepting() -> None:
    graph = ModuleGraph()
    node = graph.ensure_module("a.js")
    graph.set_transform_result(node, transform("a.js", 'export const x = 1; import.meta.hot.acceptExports(["x"]);'))
    graph.mark_executed(["a.js"])
    assert node.is_self_accepting is True


def test_mark_executed_partial_accept_exports_is_not_self_accepting() -> None:
    graph = ModuleGraph()
    node = graph.ensure_module("a.js")
    source = 'export const x = 1; export const y = 2; import.meta.hot.acceptExports(["x"]);'
    graph.set_transform_result(node, transform("a.js", source))
    graph.mark_executed(["a.js"])
    assert node.is_self_accepting is False


def test_mark_executed_accept_exports_with_export_star_is_not_self_accepting() -> None:
    graph = ModuleGraph()
    node = graph.ensure_module("a.js")
    graph.set_transform_result(node, transform("a.js", 'export * from "./b.js"; import.meta.hot.acceptExports([]);'))
    graph.mark_executed(["a.js"])
    assert node.is_self_accepting is False


def test_mark_executed_css_accepts_itself() -> None:
    graph = ModuleGraph()
    (style,) = modules(graph, "style.css")
    graph.mark_executed(["style.css"])
    assert style.is_self_accepting is True


def test_mark_executed_without_a_transform_result_is_not_self_accepting() -> None:
    graph = ModuleGraph()
    node = graph.ensure_module("a.js")
    graph.set_transform_result(node, fake_result("a.js", hot=HotInfo(self_accepting=True)))
    graph.set_transform_result(node, None)  # its new text failed
    graph.mark_executed(["a.js"])
    assert node.is_self_accepting is False


# record_hot


def test_record_hot_counts_accept_exports_of_every_export_as_self_accepting() -> None:
    graph = ModuleGraph()
    node = graph.ensure_module("a.js")
    graph.set_transform_result(node, transform("a.js", "export const x = 1; export const y = 2;"))
    graph.record_hot(node, accepts_itself=False, deps=[], exports=["x"])
    assert node.is_self_accepting is False
    graph.record_hot(node, accepts_itself=False, deps=[], exports=["x", "y"])
    assert node.is_self_accepting is True
    graph.set_transform_result(node, transform("a.js", 'export const x = 1; export * from "./b.js";'))
    graph.record_hot(node, accepts_itself=False, deps=[], exports=["x"])
    assert node.is_self_accepting is False


# static_order


def test_static_order_lists_dependencies_first_and_skips_dynamic_imports() -> None:
    graph = ModuleGraph()
    main, a, b, lazy = modules(graph, "main.js", "a.js", "b.js", "lazy.js")
    graph.update_module_info(main, [a, b], [lazy])
    imports(graph, a, b)
    assert graph.static_order(main) == [b, a, main]


# What a view registered, and what the text predicts (found by scripts/mutation.sh)


def transformed(graph: ModuleGraph, module_id: str, source: str) -> ModuleNode:
    node = graph.ensure_module(module_id, Path(module_id))
    graph.set_transform_result(node, transform(module_id, source, "css" if module_id.endswith(".css") else "js"))
    return node


def test_predict_self_accepting_reads_the_text_of_executed_modules_only() -> None:
    graph = ModuleGraph()
    accepting = transformed(graph, "a.js", "import.meta.hot.accept();")
    plain = transformed(graph, "b.js", "export const n = 1;")
    style = transformed(graph, "s.css", "p { color: red }")
    lazy = transformed(graph, "lazy.js", "import.meta.hot.accept();")
    graph.mark_executed(["a.js", "b.js", "s.css"])
    for node in (accepting, plain, style, lazy):
        graph.predict_self_accepting(node)
    assert [node.is_self_accepting for node in (accepting, plain, style, lazy)] == [True, False, True, None]


def test_record_hot_counts_accept_exports_of_every_export_as_accepting_itself() -> None:
    graph = ModuleGraph()
    node = transformed(graph, "a.js", "export const x = 1; export const y = 2;")
    graph.record_hot(node, accepts_itself=False, deps=[], exports=["x", "y"])
    assert (node.is_self_accepting, node.accepted_hmr_exports) == (True, {"x", "y"})
    graph.record_hot(node, accepts_itself=False, deps=[], exports=["x"])
    assert (node.is_self_accepting, node.accepted_hmr_exports) == (False, {"x"})
    graph.record_hot(node, accepts_itself=False, deps=[], exports=None)
    assert (node.is_self_accepting, node.accepted_hmr_exports) == (False, None)
    graph.record_hot(node, accepts_itself=True, deps=[], exports=None)
    assert node.is_self_accepting is True


def test_record_hot_of_a_module_with_export_star_never_covers_every_export() -> None:
    graph = ModuleGraph()
    transformed(graph, "b.js", "export const z = 3;")
    node = transformed(graph, "a.js", 'export const x = 1; export * from "./b.js";')
    graph.record_hot(node, accepts_itself=False, deps=[], exports=["x"])
    assert node.is_self_accepting is False


def test_record_hot_of_a_stylesheet_is_always_self_accepting() -> None:
    graph = ModuleGraph()
    style = transformed(graph, "s.css", "p { color: red }")
    graph.record_hot(style, accepts_itself=False, deps=[], exports=None)
    assert style.is_self_accepting is True


# Found by scripts/mutation.sh (graph.py's survivors)


def test_static_order_lists_the_entry_once_when_a_cycle_leads_back_to_it() -> None:
    graph = ModuleGraph()
    main, a = modules(graph, "main.js", "a.js")
    imports(graph, main, a)
    imports(graph, a, main)
    assert graph.static_order(main) == [a, main]


def test_mark_executed_skips_ids_it_does_not_know_and_marks_the_rest() -> None:
    graph = ModuleGraph()
    (a,) = modules(graph, "a.js")
    assert graph.mark_executed(["gone.js", "a.js"]) == {a}
    assert a.is_self_accepting is False


def test_a_removed_module_leaves_no_edge_behind() -> None:
    graph = ModuleGraph()
    main, a, lazy = modules(graph, "main.js", "a.js", "lazy.js")
    graph.update_module_info(main, [a], [lazy])
    graph.remove_module(lazy)
    graph.remove_module(a)
    assert main.dynamic_imported_modules == set() and main.imported_modules == set()
    assert lazy.dynamic_importers == set() and a.importers == set()
    assert lazy.all_importers == set() and a.all_importers == set()
