"""Resources (seed 004's output assets): which modules ship together, and in what form.

* the **initial** script resource holds what the entry reaches through static imports;
* one **async** script resource per ``import()`` target that is not already initial, holding
  the target and what it reaches statically beyond the initial set;
* one **style** resource per CSS module.

The manifest maps every module id to the resource that registers it; the runtime's loader
reads it when ``import()`` asks for a module that is not registered yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from nbbundle.bundle.graph import by_id
from nbbundle.bundle.render import render_module, render_parts, string_literal
from nbbundle.compile.record import Record
from nbbundle.compile.transform import sha1_hex

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode
    from nbbundle.bundle.link import LinkedModule

ACQUIRE = (
    'globalThis[globalThis.__farm_module_system_acquisition_name__ || "__acquire_farm_module_system__"]()'
)


class Resource(Record):
    __slots__ = ("name", "kind", "type", "module_ids", "parts", "_code")
    _fields = ("name", "kind", "type", "module_ids", "code")

    def __init__(self, name: str, kind: Literal["script", "style"], type: Literal["initial", "async"],  # noqa: A002
                 module_ids: tuple[str, ...], code: str | list[str]) -> None:
        self.name = name
        self.kind = kind
        self.type = type
        self.module_ids = module_ids
        self.parts = [code] if isinstance(code, str) else code
        """``code`` in pieces (a script's: each module's init function one of them): the CLI's
        build encodes them one by one, never joining megabytes of text that the non-ASCII
        character of one module makes twice as wide (``build.py``)."""
        self._code = code if isinstance(code, str) else None

    @property
    def code(self) -> str:
        """A script resource's registration form, or a style resource's CSS text."""
        if self._code is None:
            self._code = "".join(self.parts)
        return self._code


class ResourcePlan(Record):
    __slots__ = _fields = ("resources", "manifest")

    def __init__(self, resources: list[Resource] | None = None,
                 manifest: dict[str, dict[str, object]] | None = None) -> None:
        self.resources = [] if resources is None else resources
        self.manifest = {"modules": {}, "resources": {}} if manifest is None else manifest

    def add(self, resource: Resource) -> None:
        self.resources.append(resource)
        modules = self.manifest["modules"]
        for module_id in resource.module_ids:
            modules.setdefault(module_id, resource.name)
        self.manifest["resources"][resource.name] = {"kind": resource.kind, "type": resource.type}


def registration(modules: list[tuple[str, str]], url_expression: str = "url", acquire: str = ACQUIRE) -> str:
    """The RFC's registration form for (id, init function text) pairs; ``acquire``: how the
    resource finds its module system (an ES module bundle holds its own in a variable)."""
    return "".join(registration_parts(modules, url_expression, acquire))


def registration_parts(modules: list[tuple[str, str | list[str]]], url_expression: str = "url",
                       acquire: str = ACQUIRE) -> list[str]:
    """``registration``'s text in pieces (``Resource.parts``): each init function one of them, or
    its own pieces (``render.render_parts``)."""
    parts = ["(function (modules, url) {\n"
             f"  var ms = {acquire};\n"
             "  Object.keys(modules).forEach(function (id) { ms.register(id, modules[id], url); });\n"
             "})({\n"]
    separator = ""
    for module_id, code in modules:
        parts.append(f"{separator}{string_literal(module_id)}: ")
        if isinstance(code, str):
            parts.append(code)
        else:
            parts.extend(code)
        separator = ",\n"
    parts.append(f"\n}}, {url_expression});")
    return parts


def plan_resources(graph: ModuleGraph, entry: ModuleNode, linked: dict[str, LinkedModule],
                   source_of: Callable[[ModuleNode], str] | None = None, acquire: str = ACQUIRE,
                   render: Callable[[ModuleNode, LinkedModule], str] = render_module) -> ResourcePlan:
    """Split the modules ``entry`` reaches into initial, async and style resources.

    ``source_of`` gives a CSS module's text (a notebook cell has no file); by default the file.
    ``acquire``: the expression each script resource finds its module system with; ``render``:
    a module's init function (the anywidget export renders CSS modules without their text).
    """
    plan = ResourcePlan()
    read = source_of or _read_file
    initial = graph.static_order(entry)
    plan.add(_script(module_stem(entry.id) + ".js", "initial", initial, linked, acquire, render))
    _add_styles(plan, initial, read)
    for group in async_groups(graph, initial):
        plan.add(_script(f"{module_stem(group.target.id)}.{group.digest}.js", "async", group.members, linked,
                         acquire, render))
        _add_styles(plan, group.members, read)
    return plan


class AsyncGroup(Record):
    """The modules one ``import()`` target brings beyond the initial set: one async resource."""

    __slots__ = _fields = ("target", "members", "digest")

    def __init__(self, target: ModuleNode, members: list[ModuleNode], digest: str) -> None:
        self.target = target
        self.members = members
        self.digest = digest
        """Hash of the members' etags: the resource's name changes exactly when its content does."""


def async_groups(graph: ModuleGraph, initial: list[ModuleNode]) -> Iterator[AsyncGroup]:
    """One group per ``import()`` target not already initial, in discovery order.

    A module that two targets share ships in both groups: simpler than shared chunks, and
    registering a module twice is harmless (the second registration changes nothing that ran).
    """
    initial_ids = {node.id for node in initial}
    pending = [target for node in initial for target in by_id(node.dynamic_imported_modules)]
    done: set[str] = set()
    while pending:
        target = pending.pop(0)
        if target.id in initial_ids or target.id in done:
            continue
        done.add(target.id)
        members = [node for node in graph.static_order(target) if node.id not in initial_ids]
        digest = sha1_hex("".join(n.etag or "" for n in members).encode())[:8]
        yield AsyncGroup(target, members, digest)
        pending.extend(t for node in members for t in by_id(node.dynamic_imported_modules))


def _script(name: str, type_: Literal["initial", "async"], nodes: list[ModuleNode],
            linked: dict[str, LinkedModule], acquire: str,
            render: Callable[[ModuleNode, LinkedModule], str]) -> Resource:
    modules: list[tuple[str, str | list[str]]]
    if render is render_module:  # the same text in pieces: no body copied into its function's text
        modules = [(node.id, render_parts(node, linked[node.id])) for node in nodes]
    else:
        modules = [(node.id, render(node, linked[node.id])) for node in nodes]
    return Resource(name, "script", type_, tuple(node.id for node in nodes),
                    registration_parts(modules, acquire=acquire))


def _read_file(node: ModuleNode) -> str:
    return node.file.read_text(encoding="utf-8") if node.file else ""


def is_style_file(node: ModuleNode) -> bool:
    """A stylesheet that can ship as its own text: plain CSS that imports nothing. One with
    ``@import``s, ``url()``s, CSS Modules' classes, or a ``?inline`` text is built by its init
    function from its dependencies' values (``compile/stylesheets.py``) and stays in its script."""
    result = node.transform_result
    return result is not None and result.kind == "css" and not result.imports and result.hot.self_accepting


def _add_styles(plan: ResourcePlan, nodes: list[ModuleNode], read: Callable[[ModuleNode], str]) -> None:
    for node in nodes:
        if is_style_file(node) and node.id not in plan.manifest["resources"]:
            text = read(node)
            plan.resources.append(Resource(node.id, "style", "initial", (node.id,), text))
            plan.manifest["resources"][node.id] = {"kind": "style", "type": "initial"}


def module_stem(module_id: str) -> str:
    """``lib/chart.js`` → ``chart``: the readable part of a resource's name."""
    return module_id.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "index"
