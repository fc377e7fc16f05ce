"""Compile in-memory modules through transform → graph → link → render, without a disk."""

from __future__ import annotations

from nbbundle.bundle.graph import ModuleGraph
from nbbundle.bundle.link import link
from nbbundle.bundle.render import render_module
from nbbundle.compile.transform import transform


def compile_modules(sources: dict[str, str]) -> dict[str, str]:
    """Init functions by id. Specifiers ``./x.js`` resolve to the module ``x.js``."""
    graph = ModuleGraph()
    for module_id, source in sources.items():
        kind = {"json": "json", "css": "css", "cjs": "cjs"}.get(module_id.rsplit(".", 1)[-1], "js")
        graph.ensure_module(module_id).transform_result = transform(module_id, source, kind)
    for node in graph:
        result = node.transform_result
        assert result is not None
        static, dynamic = [], []
        for record in (*result.imports, *result.dynamic_imports):
            if record.specifier.startswith("https://"):
                node.externals[record.specifier] = record.specifier
                continue
            target = record.specifier.removeprefix("./")
            node.resolved[record.specifier] = target
            dependency = graph.ensure_module(target)
            if dependency.transform_result is None:
                dependency.transform_result = transform(target, "export {};")
            (dynamic if record.kind == "dynamic" else static).append(dependency)
        graph.update_module_info(node, static, dynamic)
    modules = list(graph)
    linked = link(graph, modules)
    return {node.id: render_module(node, linked[node.id]) for node in modules}


def compile_one(source: str, **dependencies: str) -> str:
    """The init function of ``main.js``; keyword arguments name dependency sources (a_js=…)."""
    sources = {"main.js": source}
    sources.update({name.replace("_", "."): text for name, text in dependencies.items()})
    return compile_modules(sources)["main.js"]
