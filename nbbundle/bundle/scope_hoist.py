"""Scope hoisting: a production bundle as one scope, without a module system.

Rollup's and esbuild's "concatenation": every module's (tree-shaken, minified) body is put in
the bundle's own top level, in the order node evaluates the modules (cycles included); top-level
names that would collide (with each other, with a global some module reads, with a name an inner
scope declares where a use of the binding will stand) are renamed apart; each use of an imported
binding becomes the name of the binding it resolves to (``export_resolution.py``), so live
bindings hold because it is the same variable; a namespace used as a value becomes one object
with a getter per export; the entry's exports become the ES module's ``export { … }``.

It applies only when the whole graph allows it (``_check`` and the readers of each body): ES
modules only (no CommonJS, JSON, CSS or assets), no ``import()``, no ``import.meta``, no
top-level await, no URL imports, no direct ``eval`` (tree shaking then kept the module unread:
``top_level`` is None), no assignment to an import, no namespace object of a module in a cycle,
and bodies the grammar reads again. Otherwise ``hoist`` raises ``NotHoistable``, whose message
the build's summary shows, and the build writes its module system (``esm.py``), as before.

Every decision is the compiler's scope analysis over each compiled body (``hoisted_module.py``),
and the output is byte edits of the bodies. The names are chosen in a fixed order (same input,
same bytes): kept when nothing collides, else ``name$1``…; in a minified build short names, the
most used first, except where the minifier keeps a name too (a function's or class's ``name``).
A function or class renamed apart gets its ``name`` back (``Object.defineProperty``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nbbundle.bundle.export_resolution import AMBIGUOUS, Linker
from nbbundle.bundle.hoisted_module import (
    SHORTHANDS,
    Binding,
    HoistedModule,
    NotHoistable,
    callee,
    import_read,
    word_ends,
    written,
)
from nbbundle.compile.minify.mangle import RESERVED, names as short_name
from nbbundle.compile.text.position_map import apply_in_order
from nbbundle.compile.text.source_map import MappedText, compose, unpack

if TYPE_CHECKING:
    from collections.abc import Callable

    from tree_sitter import Node

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode
    from nbbundle.bundle.link import LinkedModule
    from nbbundle.compile.module import TransformResult


def hoist(graph: ModuleGraph, entry: ModuleNode, linked: dict[str, LinkedModule], header: str, *,
          minified: bool, esm: bool = True, content_of: Callable[[ModuleNode], str | None] | None = None,
          ) -> tuple[str, list[MappedText] | None]:
    """The bundle as one scope; raises ``NotHoistable`` when the graph needs the module system
    (its message says why, for the build's summary). ``esm``: an ES module exporting the entry's
    exports; else a classic script, the scope a strict function's. ``content_of``: a module's
    text, for a source map: then also each module's code in the bundle with its map to that
    text (``source_maps.file_map`` writes the file's map from them)."""
    hoisting = _Hoisting(graph, entry, linked, minified)
    hoisting.content_of = content_of
    code = hoisting.script(header, esm=esm)
    return code, hoisting.mapped if content_of is not None else None


class _Hoisting:
    def __init__(self, graph: ModuleGraph, entry: ModuleNode, linked: dict[str, LinkedModule],
                 minified: bool) -> None:
        self.linker = Linker(graph)
        self.linked = linked
        self.entry = entry
        self.minified = minified
        self.order = self._evaluation_order(graph, entry)
        self.modules = {node.id: HoistedModule(node) for node in self.order}
        self.globals: set[str] = {"Object", "Symbol"}  # what the namespace objects and `name`s read
        self.namespaces: dict[str, str] = {}  # module id → the name of its namespace object
        self.readers: dict[Binding, set[str]] = {}  # binding → modules whose text will name it
        self.edits: dict[str, list[tuple[Node, object]]] = {}
        for node in self.order:
            self._imports(node)
        self.exports = [(name, self._resolve(entry, name, "")) for name in self._exported(entry)]
        self.final = self._names()
        self.content_of: Callable[[ModuleNode], str | None] | None = None
        self.mapped: list[MappedText] = []

    # -- the graph ------------------------------------------------------------------------------

    def _evaluation_order(self, graph: ModuleGraph, entry: ModuleNode) -> list[ModuleNode]:
        """Post-order of the static imports from the entry (the order modules run in)."""
        for node in graph:
            result = node.transform_result
            if result is not None and (result.dynamic_imports or result.dynamic_patterns or result.computed_import):
                raise NotHoistable(f"{node.id} has import()")
        order: list[ModuleNode] = []
        self.cyclic: set[str] = set()
        state: dict[str, int] = {}  # 1 on the stack, 2 done
        stack: list[tuple[ModuleNode, int]] = [(entry, 0)]
        self._check(entry)
        state[entry.id] = 1
        while stack:
            node, index = stack.pop()
            result = node.transform_result
            assert result is not None
            dropped = self.linked[node.id].dropped
            while index < len(result.imports) and index in dropped:
                index += 1
            if index >= len(result.imports):
                state[node.id] = 2
                order.append(node)
                continue
            stack.append((node, index + 1))
            dependency = self.linker.dependency(node, index)
            if dependency is None:
                raise NotHoistable(f"{node.id} imports a URL")
            # A module on the stack (a cycle) runs after this one, as the spec's evaluation
            # runs it: in one scope its functions exist from the start and its `let`s are in
            # their TDZ until it runs, as the linked modules' are.
            if state.get(dependency.id) == 1:
                for waiting, _ in reversed(stack):  # every module from it to here is in the cycle
                    self.cyclic.add(waiting.id)
                    if waiting is dependency:
                        break
            elif dependency.id not in state:
                self._check(dependency)
                state[dependency.id] = 1
                stack.append((dependency, 0))
        return order

    def _check(self, node: ModuleNode) -> None:
        result = node.transform_result
        linked = self.linked.get(node.id)
        if result is None or result.kind != "esm" or linked is None:
            raise NotHoistable(f"{node.id} is not an ES module")
        reason = _needs_the_module_system(node, result, linked)
        if reason is not None:
            raise NotHoistable(f"{node.id} {reason}")

    # -- imports --------------------------------------------------------------------------------

    def _exported(self, node: ModuleNode) -> list[str]:
        """``node``'s export names in its namespace's order, those two ``export *`` disagree on aside."""
        return [name for name in sorted(self.linker.exported_names(node))
                if self.linker.resolve_export(node, name) is not AMBIGUOUS]

    def _resolve(self, node: ModuleNode, name: str, reader: str) -> tuple[str, ...]:
        """What ``node``'s export ``name`` is: ("binding", module id, local), ("namespace", id),
        or ("missing",): a namespace's member that is not there reads ``undefined``."""
        found = self.linker.resolve_export(node, name)
        if found is None or found is AMBIGUOUS:
            return ("missing",)
        if found[0] not in ("local", "namespace"):
            raise NotHoistable(f"{node.id}'s {name} is not a binding of the bundle")
        if found[0] == "namespace":
            self._namespace(found[1], reader)
            return ("namespace", found[1])
        binding = (found[1], found[2])
        self.readers.setdefault(binding, set()).add(reader)
        return ("binding", *binding)

    def _namespace(self, module_id: str, reader: str) -> None:
        if module_id in self.namespaces:
            return
        if module_id in self.cyclic:
            # Seen before its module ran, a namespace's reflection (`Object.keys`) throws in the
            # TDZ as node's does; getters cannot.
            raise NotHoistable(f"the namespace of {module_id}, in a cycle")
        self.namespaces[module_id] = ""  # named with the others (``_names``)
        node = self.modules[module_id].node if module_id in self.modules else None
        if node is None:
            raise NotHoistable(f"{module_id}'s namespace")
        for name in self._exported(node):
            self._resolve(node, name, "")  # "": read at the bundle's top level, in no scope

    def _imports(self, node: ModuleNode) -> None:
        """Each free use in ``node``'s body of an alias (``$0.x``) or a namespace local: what it names."""
        result = node.transform_result
        assert result is not None
        module = self.modules[node.id]
        names = result.names
        aliases = {names.alias(index): index for index in range(len(result.imports))}
        locals_ = dict(result.namespace_locals)
        runtime = {names.module, names.exports, names.require}
        edits = self.edits[node.id] = []
        for name, uses in module.free.items():
            if name in runtime:
                raise NotHoistable(f"{node.id} uses the module system")
            if name in aliases:
                dependency = self.linker.dependency(node, aliases[name])
                for use in uses:
                    member, imported = import_read(use)
                    if member is None or imported is None:
                        raise NotHoistable(f"{node.id} reads an import otherwise than by name")
                    if written(member):
                        raise NotHoistable(f"{node.id} assigns to an import (a TypeError the namespace throws)")
                    target = self._resolve(dependency, imported, node.id)
                    edits.append((member if target[0] == "missing" else callee(member), target))
            elif name in locals_:
                dependency = self.linker.dependency(node, locals_[name])
                self._namespace(dependency.id, node.id)
                edits.extend((use, ("namespace", dependency.id)) for use in uses)
            else:
                self.globals.add(name)
        if result.default_needs_name and "default" in self.linked[node.id].getters:
            self.readers.setdefault((node.id, names.default), set()).add(node.id)

    # -- names ----------------------------------------------------------------------------------

    def _names(self) -> dict[Binding, str]:
        """Every top-level binding's name in the bundle, and each namespace object's."""
        bindings: list[tuple[int, int, int, Binding]] = []
        for position, node in enumerate(self.order):
            for name, uses in self.modules[node.id].uses.items():
                binding = (node.id, name)
                count = len(uses) + len(self.readers.get(binding, ()))
                bindings.append((-count if self.minified else 0, position, uses[0].start_byte, binding))
        for binding in self.readers:
            module = self.modules.get(binding[0])
            if module is None or binding[1] not in module.uses:
                raise NotHoistable(f"{binding[0]}'s {binding[1]} was not kept")
        bindings.sort()
        inner_of = {module_id: module.inner for module_id, module in self.modules.items()}
        every_inner = set().union(*inner_of.values()) if inner_of else set()
        taken = set(self.globals) | RESERVED
        final: dict[Binding, str] = {}
        counter = [0]

        def allowed(candidate: str, binding: Binding) -> bool:
            if candidate in taken:
                return False
            owner, original = binding
            readers = self.readers.get(binding, set()) | {owner}
            return all(candidate not in inner_of[reader] or (reader == owner and candidate == original)
                       for reader in readers if reader)

        def fresh(binding: Binding | None) -> str:
            if self.minified:
                while short_name(counter[0]) in taken:
                    counter[0] += 1  # (names every binding avoids: skipped once for all)
                index = counter[0]
                while True:
                    candidate = short_name(index)
                    index += 1
                    if binding is None and candidate not in taken and candidate not in every_inner:
                        return candidate
                    if binding is not None and allowed(candidate, binding):
                        return candidate
            base = binding[1] if binding is not None else "ns"
            number = 1
            while True:
                candidate = f"{base}${number}"
                if candidate not in every_inner and (binding is None or allowed(candidate, binding)):
                    if candidate not in taken:
                        return candidate
                number += 1

        for *_, binding in bindings:
            name = binding[1]
            # A function's or class's `name` stays what it was where it can (the minifier's rule).
            # In a cycle, an export can be read in its TDZ: the error names it as written.
            keep = (not self.minified or name in self.modules[binding[0]].named
                    or (binding[0] in self.cyclic and bool(self.readers.get(binding, set()) - {binding[0]})))
            if not keep or not allowed(name, binding):
                name = fresh(binding)
            taken.add(name)
            final[binding] = name
        position = {node.id: index for index, node in enumerate(self.order)}
        for module_id in sorted(self.namespaces, key=position.__getitem__):
            self.namespaces[module_id] = name = fresh(None)
            taken.add(name)
        self.helper = fresh(None) if self.namespaces else ""
        return final

    def _text(self, target: tuple[str, ...]) -> str:
        if target[0] == "missing":
            return "(void 0)"
        if target[0] == "namespace":
            return self.namespaces[target[1]]
        return self.final[(target[1], target[2])]

    # -- the script -----------------------------------------------------------------------------

    def script(self, header: str, *, esm: bool) -> str:
        parts = [header] if esm else [header, '(function () {"use strict";']
        if self.namespaces:
            parts.append(self._namespace_objects())
        self.early: list[str] = []
        """The `name`s of function declarations, set before anything runs (a cycle can call
        one before its module runs), as they are when the modules are linked."""
        bodies = [self._body(node) for node in self.order]
        if self.early:
            parts.append("".join(self.early))
        for node, body in zip(self.order, bodies):
            if not self.minified:
                parts.append(f"// {node.id}")  # (esbuild's mark of where a module's code begins)
            parts.append(body)
        exports = []
        for name, target in self.exports if esm else ():
            local = self._text(target)
            exported = name if name.isidentifier() else json.dumps(name)
            exports.append(local if local == exported else f"{local} as {exported}")
        if exports:
            parts.append(f"export{{{','.join(exports)}}};" if self.minified else f"export {{ {', '.join(exports)} }};")
        if not esm:
            parts.append("})();")
        return "\n".join(parts) + "\n"

    def _namespace_objects(self) -> str:
        """One object per namespace used as a value: null prototype, ``Symbol.toStringTag``
        "Module", a getter per export in the namespace's order, not extensible."""
        helper = self.helper
        lines = [f"function {helper}(g){{var o=Object.create(null,{{[Symbol.toStringTag]:{{value:\"Module\"}}}});"
                 "for(var k in g)Object.defineProperty(o,k,{get:g[k],enumerable:true});"
                 "return Object.preventExtensions(o)}"]
        for module_id, name in self.namespaces.items():
            node = self.modules[module_id].node
            getters = []
            for export in self._exported(node):
                key = '["__proto__"]' if export == "__proto__" else json.dumps(export)
                getters.append(f"{key}:()=>{self._text(self._resolve(node, export, ''))}")
            lines.append(f"var {name}={helper}({{{','.join(getters)}}});")
        return "\n".join(lines)

    def _body(self, node: ModuleNode) -> str:
        module = self.modules[node.id]
        result = node.transform_result
        assert result is not None
        edits: dict[int, tuple[int, str]] = {}
        for name, uses in module.uses.items():
            new = self.final[(node.id, name)]
            if new == name:
                continue
            for use in uses:
                text = f"{name}:{new}" if use.type in SHORTHANDS else new
                edits[use.start_byte] = (use.end_byte, text)
        inserts: dict[int, str] = {}
        for name, places in module.named.items():
            new = self.final[(node.id, name)]
            if new != name:  # renamed apart: its `name` is still the one written
                fix = f'Object.defineProperty({new},"name",{{value:{json.dumps(name)},configurable:true}});'
                for hoisted, end in places:
                    if hoisted:
                        self.early.append(fix)
                    else:
                        inserts[end] = inserts.get(end, "") + ";" + fix
        for use, target in self.edits[node.id]:
            text = self._text(target)
            if use.type in SHORTHANDS:
                text = f"{module.data[use.start_byte:use.end_byte].decode()}:{text}"
            elif use.type == "parenthesized_expression" and word_ends(module.data, use.start_byte):
                text = " " + text  # `else(0,$0.f)()` → `else f()`: the name must not join the word
            edits[use.start_byte] = (use.end_byte, text)
        for at, text in inserts.items():
            if at in edits:
                end, old = edits[at]
                edits[at] = (end, text + old)
            else:
                edits[at] = (at, text)
        ordered = [(start, end, text) for start, (end, text) in sorted(edits.items())]
        body, edited, _ = apply_in_order(module.data, ordered, anchored=True)
        prefix = ";" if module.needs_semicolon else ""
        content = self.content_of(node) if self.content_of is not None and result.positions else None
        if content is not None:
            # This text → the compiled body (the edits' map) → the user's text (the compiler's).
            shift = len(prefix)
            segments = [(out + shift, at, length) for out, at, length in edited.segments]
            self.mapped.append(MappedText(prefix + body, compose(segments, unpack(result.positions)), node.id, content))
        if result.default_needs_name and "default" in self.linked[node.id].getters:
            default = self.final[(node.id, result.names.default)]
            self.early.append(f'Object.defineProperty({default},"name",{{value:"default",configurable:true}});')
        return prefix + body


def _needs_the_module_system(node: ModuleNode, result: TransformResult, linked: LinkedModule) -> str | None:
    """Why an ES module keeps the module system, in the words the build's summary prints
    (None: nothing of it does)."""
    if result.failure is not None:
        return "does not compile"
    if linked.error is not None:
        return "does not link"
    if node.externals or linked.dynamic_stars:  # first: the host's import of a URL is asynchronous
        return "imports a URL"
    if result.has_top_level_await or linked.has_tla:
        return "has top-level await"
    if linked.is_async:
        return "waits for a module's top-level await"
    if result.uses_import_meta:
        return "uses import.meta"
    if result.slot_specifiers:
        return "has require()"
    if result.top_level is None:  # production compiles leave it None only for a direct eval
        return "calls eval (which can read any name)"
    return None
