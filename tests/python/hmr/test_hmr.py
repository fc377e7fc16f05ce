"""HMR propagation (nbbundle.hmr.propagate): one tiny graph per rule, compiled from real module text."""

from __future__ import annotations

from nbbundle.bundle.graph import ModuleGraph, ModuleNode
from nbbundle.hmr.propagate import Boundary, FullReload, HotUpdate, propagate_invalidate, propagate_update
from nbbundle.compile.transform import transform


def build(sources: dict[str, str], *, executed: set[str] | None = None) -> ModuleGraph:
    """A graph of in-memory modules; ``./x.js`` resolves to ``x.js``. All executed unless given.

    ``import.meta.hot`` calls are read from the text, as the environment will do.
    """
    graph = ModuleGraph()
    for module_id, source in sources.items():
        kind = "css" if module_id.endswith(".css") else "js"
        node = graph.ensure_module(module_id)
        graph.set_transform_result(node, transform(module_id, source, kind))
    for node in graph:
        result = node.transform_result
        assert result is not None
        static: list[ModuleNode] = []
        dynamic: list[ModuleNode] = []
        bindings: dict[str, set[str]] = {}
        for index, record in enumerate((*result.imports, *result.dynamic_imports)):
            dependency = _module(graph, record.specifier)
            if record.kind == "dynamic":
                dynamic.append(dependency)
                continue
            static.append(dependency)
            names = bindings.setdefault(dependency.id, set())
            names.update(name.imported for name in record.names)
            names.update("*" for _, dep_index in result.namespace_locals if dep_index == index)
        hot = result.hot
        exports = set(hot.accepted_exports) if hot.accepted_exports is not None else None
        graph.update_module_info(
            node, static, dynamic,
            imported_bindings=bindings,
            accepted_modules=[_module(graph, specifier) for specifier in hot.accepted_deps],
            accepted_exports=exports,
        )
    graph.mark_executed(sources if executed is None else executed)
    return graph


def _module(graph: ModuleGraph, specifier: str) -> ModuleNode:
    node = graph.get_module_by_id(specifier.removeprefix("./"))
    assert node is not None, specifier
    return node


def update(graph: ModuleGraph, *changed: str, entries: tuple[str, ...] = ("main.js",),
           first_invalidated_by: str | None = None) -> HotUpdate | FullReload:
    """Propagate an edit of ``changed``; the widget renders ``main.js`` unless told otherwise."""
    nodes = [_module(graph, module_id) for module_id in changed]
    return propagate_update(graph, nodes, entries=entries,
                            first_invalidated_by=first_invalidated_by)


def invalidate(graph: ModuleGraph, module_id: str, *, entries: tuple[str, ...] = ("main.js",),
               first_invalidated_by: str | None = None) -> HotUpdate | FullReload:
    """``import.meta.hot.invalidate()`` in ``module_id``."""
    return propagate_invalidate(graph, _module(graph, module_id), entries=entries,
                                first_invalidated_by=first_invalidated_by)


def self_boundary(module_id: str, *chain: str, circular: bool = False) -> Boundary:
    """``module_id`` accepts itself; ``chain`` re-runs before it."""
    return Boundary("self", module_id, module_id, (*chain, module_id), circular)


def dep_boundary(boundary: str, accepted_via: str, *chain: str) -> Boundary:
    return Boundary("dep", boundary, accepted_via, (*chain, accepted_via), False)


def entry_boundary(*chain: str) -> Boundary:
    """``main.js`` is re-rendered after ``chain`` re-runs."""
    return Boundary("entry", "main.js", "main.js", (*chain, "main.js"), False)


ACCEPT = "import.meta.hot.accept();"


# Boundaries


def test_a_self_accepting_module_is_its_own_boundary() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": ACCEPT})
    assert update(graph, "a.js") == HotUpdate((self_boundary("a.js"),))


def test_an_importer_accepting_the_changed_module_is_a_dep_boundary() -> None:
    graph = build({
        "main.js": 'import { n } from "./a.js"; import.meta.hot.accept("./a.js", (m) => {});',
        "a.js": "export const n = 1;",
    })
    assert update(graph, "a.js") == HotUpdate((dep_boundary("main.js", "a.js"),))


def test_a_nested_chain_is_re_executed_up_to_the_boundary() -> None:
    graph = build({
        "main.js": 'import "./c.js";',
        "c.js": 'import "./b.js"; ' + ACCEPT,
        "b.js": 'import "./a.js";',
        "a.js": "export const n = 1;",
    })
    assert update(graph, "a.js") == HotUpdate((self_boundary("c.js", "a.js", "b.js"),))


def test_a_dep_boundary_hands_over_the_last_module_of_the_chain() -> None:
    graph = build({
        "main.js": 'import "./b.js"; import.meta.hot.accept("./b.js", () => {});',
        "b.js": 'import "./a.js";',
        "a.js": "export const n = 1;",
    })
    assert update(graph, "a.js") == HotUpdate((dep_boundary("main.js", "b.js", "a.js"),))


def test_every_path_to_the_boundary_is_in_the_chain() -> None:
    # x -> m1 -> a and x -> m2 -> a: the walk stops at x the second time, but m2 must re-run too.
    graph = build({
        "main.js": 'import "./x.js";',
        "x.js": 'import "./m1.js"; import "./m2.js"; ' + ACCEPT,
        "m1.js": 'import "./a.js";',
        "m2.js": 'import "./a.js";',
        "a.js": "export const n = 1;",
    })
    assert update(graph, "a.js") == HotUpdate((self_boundary("x.js", "a.js", "m1.js", "m2.js"),))


# acceptExports


PARTIAL = 'export const x = 1; export const y = 2; import.meta.hot.acceptExports(["x"]);'


def test_accept_exports_stops_at_importers_using_only_accepted_exports() -> None:
    graph = build({"main.js": 'import { x } from "./a.js";', "a.js": PARTIAL})
    assert update(graph, "a.js") == HotUpdate((self_boundary("a.js"),))


def test_accept_exports_updates_importers_using_other_exports() -> None:
    graph = build({"main.js": 'import { x, y } from "./a.js";', "a.js": PARTIAL})
    assert update(graph, "a.js") == HotUpdate((
        self_boundary("a.js"),
        entry_boundary("a.js"),
    ))


def test_accept_exports_skips_a_bare_import() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": PARTIAL})
    assert update(graph, "a.js") == HotUpdate((self_boundary("a.js"),))


def test_accept_exports_updates_a_namespace_importer() -> None:
    graph = build({"main.js": 'import * as a from "./a.js"; a;', "a.js": PARTIAL})
    update_ = update(graph, "a.js")
    assert isinstance(update_, HotUpdate)
    assert [b.kind for b in update_.boundaries] == ["self", "entry"]


def test_accept_exports_of_a_module_without_importers_is_not_a_dead_end() -> None:
    graph = build({"a.js": PARTIAL})
    assert update(graph, "a.js", entries=()) == HotUpdate((self_boundary("a.js"),))


# The entry


def test_the_entry_is_its_own_boundary() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": "export const n = 1;"})
    assert update(graph, "a.js") == HotUpdate((entry_boundary("a.js"),))


def test_an_edited_entry_is_re_rendered() -> None:
    graph = build({"main.js": "export const n = 1;"})
    assert update(graph, "main.js") == HotUpdate((entry_boundary(),))


def test_an_entry_that_accepts_itself_is_a_self_boundary() -> None:
    graph = build({"main.js": 'import "./a.js"; ' + ACCEPT, "a.js": "export const n = 1;"})
    assert update(graph, "a.js") == HotUpdate((self_boundary("main.js", "a.js"),))


# Reloads and no-ops


def test_a_dead_end_is_a_full_reload_naming_the_module() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": "export const n = 1;"})
    assert update(graph, "a.js", entries=()) == FullReload("no HMR boundary: main.js has no importers")


def test_a_module_no_view_executed_updates_nothing_and_reloads_nothing() -> None:
    graph = build({"main.js": 'import("./lazy.js");', "lazy.js": "export const n = 1;"}, executed={"main.js"})
    assert update(graph, "lazy.js", entries=()) == HotUpdate(())


def test_propagation_stops_at_an_importer_no_view_executed() -> None:
    graph = build(
        {"main.js": 'import("./lazy.js");', "lazy.js": 'import "./a.js";', "a.js": "export const n = 1;"},
        executed={"main.js", "a.js"},
    )
    assert update(graph, "a.js", entries=()) == HotUpdate(())


def test_a_dep_accept_by_a_module_no_view_executed_is_no_boundary() -> None:
    graph = build({
        "main.js": 'import "./a.js"; import("./lazy.js");',
        "lazy.js": 'import "./a.js"; import.meta.hot.accept("./a.js", () => {});',
        "a.js": "export const n = 1;",
    }, executed={"main.js", "a.js"})
    assert update(graph, "a.js") == HotUpdate((entry_boundary("a.js"),))


# Cycles


def test_a_cycle_is_not_re_entered() -> None:
    graph = build({
        "main.js": 'import "./even.js";',
        "even.js": 'import "./odd.js"; export const even = 1;',
        "odd.js": 'import "./even.js"; export const odd = 1;',
    })
    assert update(graph, "odd.js") == HotUpdate((
        entry_boundary("odd.js", "even.js"),
    ))


def test_a_boundary_inside_an_import_loop_is_flagged() -> None:
    # main -> b -> c -> accepted -> d -> e -> node, and e -> b closes a loop around `accepted`.
    graph = build({
        "main.js": 'import "./b.js";',
        "b.js": 'import "./c.js";',
        "c.js": 'import "./accepted.js";',
        "accepted.js": 'import "./d.js"; ' + ACCEPT,
        "d.js": 'import "./e.js";',
        "e.js": 'import "./node.js"; import "./b.js";',
        "node.js": "export const n = 1;",
    })
    assert update(graph, "node.js") == HotUpdate((
        self_boundary("accepted.js", "node.js", "e.js", "d.js", circular=True),
    ))


def test_a_boundary_outside_any_loop_is_not_flagged() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": 'import "./b.js"; ' + ACCEPT, "b.js": ""})
    update_ = update(graph, "b.js")
    assert isinstance(update_, HotUpdate)
    assert not update_.boundaries[0].is_within_circular_import


# Several changed modules


def test_changed_modules_share_one_traversal() -> None:
    graph = build({
        "main.js": 'import "./x.js";',
        "x.js": 'import "./a.js"; import "./b.js"; ' + ACCEPT,
        "a.js": "export const a = 1;",
        "b.js": "export const b = 1;",
    })
    assert update(graph, "a.js", "b.js") == HotUpdate((self_boundary("x.js", "a.js", "b.js"),))


def test_duplicate_boundaries_are_listed_once() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": ACCEPT})
    assert update(graph, "a.js", "a.js") == HotUpdate((self_boundary("a.js"),))


def test_one_importer_accepting_two_changed_modules_gives_two_boundaries() -> None:
    graph = build({
        "main.js": 'import "./a.js"; import "./b.js"; import.meta.hot.accept(["./a.js", "./b.js"]);',
        "a.js": "export const a = 1;",
        "b.js": "export const b = 1;",
    })
    assert update(graph, "a.js", "b.js") == HotUpdate((
        dep_boundary("main.js", "a.js"),
        dep_boundary("main.js", "b.js"),
    ))


def test_no_changed_modules_is_no_update() -> None:
    assert update(build({"main.js": ""})) == HotUpdate(())


# Importers of every kind


def test_a_dynamic_importer_counts_as_an_importer() -> None:
    graph = build({"main.js": 'import("./lazy.js");', "lazy.js": "export const n = 1;"})
    assert update(graph, "lazy.js") == HotUpdate((
        entry_boundary("lazy.js"),
    ))


def test_a_css_module_accepts_itself_once_executed() -> None:
    graph = build({"main.js": 'import "./style.css";', "style.css": "p { color: red }"})
    assert update(graph, "style.css") == HotUpdate((self_boundary("style.css"),))


# invalidate()


def test_invalidate_restarts_from_the_importers() -> None:
    graph = build({
        "main.js": 'import "./b.js";',
        "b.js": 'import "./a.js"; ' + ACCEPT,
        "a.js": ACCEPT,
    })
    assert invalidate(graph, "a.js") == HotUpdate((self_boundary("b.js"),))


def test_invalidate_on_a_root_is_a_full_reload() -> None:
    graph = build({"main.js": ACCEPT})
    assert invalidate(graph, "main.js") == FullReload("invalidate on root")


def test_invalidate_ignores_the_module_importing_itself() -> None:
    graph = build({"main.js": 'import "./main.js"; ' + ACCEPT})
    assert invalidate(graph, "main.js") == FullReload("invalidate on root")


def test_an_invalidate_that_comes_back_around_is_a_full_reload() -> None:
    # a <-> b both accept themselves: b invalidates, a re-runs and invalidates, b would re-run...
    graph = build({
        "main.js": 'import "./a.js";',
        "a.js": 'import "./b.js"; ' + ACCEPT,
        "b.js": 'import "./a.js"; ' + ACCEPT,
    })
    assert invalidate(graph, "b.js") == HotUpdate((self_boundary("a.js", circular=True),))
    assert invalidate(graph, "a.js", first_invalidated_by="b.js") == FullReload("circular import invalidate")


def test_an_update_not_reaching_first_invalidated_by_goes_ahead() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": ACCEPT})
    assert update(graph, "a.js", first_invalidated_by="other.js") == HotUpdate((self_boundary("a.js"),))


def test_first_invalidated_by_defaults_to_the_invalidating_module() -> None:
    graph = build({
        "main.js": 'import "./a.js";',
        "a.js": 'import "./b.js"; ' + ACCEPT,
        "b.js": 'import "./a.js";',
    })
    assert invalidate(graph, "a.js") == FullReload("circular import invalidate")


# What mutation testing found untested (scripts/mutation.sh nbbundle/hmr/)


def test_a_boundary_under_a_diamond_is_not_within_a_loop() -> None:
    # accepted <- p1 <- top and accepted <- p2 <- top: top is reached twice, and is no loop.
    graph = build({
        "main.js": 'import "./top.js";',
        "top.js": 'import "./p1.js"; import "./p2.js";',
        "p1.js": 'import "./accepted.js";',
        "p2.js": 'import "./accepted.js";',
        "accepted.js": 'import "./node.js"; ' + ACCEPT,
        "node.js": "export const n = 1;",
    })
    assert update(graph, "node.js") == HotUpdate((self_boundary("accepted.js", "node.js"),))


def test_the_loop_check_visits_each_importer_once() -> None:
    """A ladder of 40 diamonds above the boundary: 2**40 paths, each module visited once."""
    sources = {"main.js": 'import "./l0a.js"; import "./l0b.js";',
               "accepted.js": 'import "./node.js"; ' + ACCEPT, "node.js": "export const n = 1;"}
    for level in range(40):
        below = [f"./l{level + 1}a.js", f"./l{level + 1}b.js"] if level < 39 else ["./accepted.js"]
        for side in "ab":
            sources[f"l{level}{side}.js"] = "".join(f'import "{spec}"; ' for spec in below)
    graph = build(sources)
    assert update(graph, "node.js") == HotUpdate((self_boundary("accepted.js", "node.js"),))


def test_a_boundary_that_imports_itself_is_not_within_a_loop() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": 'import "./a.js"; import "./b.js"; ' + ACCEPT, "b.js": ""})
    assert update(graph, "b.js") == HotUpdate((self_boundary("a.js", "b.js"),))


def test_a_boundary_that_imports_itself_is_still_checked_for_its_other_importers() -> None:
    # b.js's importers, by id: b.js itself (skipped), then c.js, which is on the update's path.
    graph = build({
        "main.js": 'import "./b.js";',
        "b.js": 'import "./b.js"; import "./c.js"; ' + ACCEPT,
        "c.js": 'import "./node.js"; import "./b.js";',
        "node.js": "export const n = 1;",
    })
    assert update(graph, "node.js") == HotUpdate((self_boundary("b.js", "node.js", "c.js", circular=True),))


def test_accept_exports_updates_an_importer_whose_bindings_are_unknown() -> None:
    graph = build({"main.js": 'import { x } from "./a.js";', "a.js": PARTIAL})
    main = _module(graph, "main.js")
    main.imported_bindings = None  # e.g. a module whose imports were not analysed
    assert update(graph, "a.js") == HotUpdate((self_boundary("a.js"), entry_boundary("a.js")))


def test_accept_exports_goes_on_to_the_next_importer_after_one_that_uses_only_accepted_ones() -> None:
    graph = build({
        "main.js": 'import "./a_user.js"; import "./b_user.js";',
        "a_user.js": 'import { x } from "./a.js";',  # only what a.js accepts: no update
        "b_user.js": 'import { y } from "./a.js"; ' + ACCEPT,  # y: b_user.js re-runs
        "a.js": PARTIAL,
    })
    assert update(graph, "a.js") == HotUpdate((self_boundary("a.js"), self_boundary("b_user.js", "a.js")))


def test_an_entry_imported_by_another_module_is_re_rendered() -> None:
    graph = build({"main.js": 'import "./a.js";', "other.js": 'import "./main.js";', "a.js": ""})
    assert update(graph, "a.js") == HotUpdate((entry_boundary("a.js"),))


def test_a_dep_boundary_with_importers_of_its_own_is_not_within_a_loop() -> None:
    graph = build({
        "main.js": 'import "./mid.js";',
        "mid.js": 'import "./a.js"; import.meta.hot.accept("./a.js", () => {});',
        "a.js": "export const n = 1;",
    })
    assert update(graph, "a.js") == HotUpdate((dep_boundary("mid.js", "a.js"),))


def test_invalidate_reaching_the_entry_re_renders_it() -> None:
    graph = build({"main.js": 'import "./a.js";', "a.js": ACCEPT})
    assert invalidate(graph, "a.js") == HotUpdate((entry_boundary(),))
