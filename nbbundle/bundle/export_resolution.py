"""Export resolution over the graph: the spec's GetExportedNames and ResolveExport.

``Linker`` answers, for any module, which names it exports (local exports, re-exports, the names
``export *`` brings in without ``default``, a CommonJS module's lexer names) and which binding a
name stands for, memoized for one link of a graph. ``link.py`` turns the answers into getters
and diagnostics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from nbbundle.compile.module import LocalExport, ReExport

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode

#: ResolveExport's "ambiguous": two ``export *`` provide the name from different bindings.
AMBIGUOUS: Final = ("ambiguous",)
#: The name comes from a CommonJS or external module: only known when it runs.
DYNAMIC: Final = ("dynamic",)

Binding = tuple[str, ...]
"""``("local", module_id, local)`` or ``("namespace", module_id)``, AMBIGUOUS or DYNAMIC; or
``("commonjs", module_id, name)``: a name a module re-exports from a CommonJS module whose lexer
does not find it, read from its ``module.exports`` when it runs (``link.py``, as esbuild)."""


class Linker:
    """Export resolution with memoization; one instance per link of a graph."""

    def __init__(self, graph: ModuleGraph, source_of: Callable[[ModuleNode], str | None] | None = None) -> None:
        self.graph = graph
        self.source_of = source_of or source_of_file
        """The text a module was built from, for code frames (a notebook cell has no file)."""
        self._names: dict[str, set[str]] = {}
        self._resolved: dict[tuple[str, str], Binding | None] = {}
        self._dependencies: dict[str, list[ModuleNode | None]] = {}
        self._cjs_names: dict[str, set[str]] = {}
        self._cut = False
        """Whether the resolution under way ran into a re-export cycle (see ``_resolve``)."""

    def dependency(self, node: ModuleNode, index: int) -> ModuleNode | None:
        """The module behind ``node``'s ``index``-th static import (None: external)."""
        dependencies = self._dependencies.get(node.id)
        if dependencies is None:
            result = node.transform_result
            assert result is not None
            ids = (node.resolved.get(record.specifier) for record in result.imports)
            dependencies = [self.graph.get_module_by_id(i) if i else None for i in ids]
            self._dependencies[node.id] = dependencies
        return dependencies[index]

    def cjs_export_names(self, node: ModuleNode) -> set[str]:
        """A CommonJS module's names (``default`` included): its own and its reexports'."""
        cached = self._cjs_names.get(node.id)
        if cached is not None:
            return cached
        names: set[str] = set()
        pending, seen = [node], {node.id}
        while pending:
            current = pending.pop()
            result = current.transform_result
            if result is None or result.kind != "cjs":
                continue  # Node's lexer finds no CommonJS exports in an ES module
            names.update(result.cjs_exports)
            for specifier in result.cjs_reexports:
                target = self.graph.get_module_by_id(current.resolved.get(specifier, ""))
                if target is not None and target.id not in seen:
                    seen.add(target.id)
                    pending.append(target)
        names.add("default")
        self._cjs_names[node.id] = names
        return names

    def exported_names(self, node: ModuleNode, visiting: frozenset[str] = frozenset()) -> set[str]:
        """GetExportedNames: every name the module exports, possibly ambiguous ones included."""
        cached = self._names.get(node.id)
        if cached is not None:
            return cached
        result = node.transform_result
        if result is None or node.id in visiting:
            return set()
        if result.kind == "cjs":
            return self.cjs_export_names(node)
        names = {name for name, entry in result.exports.items() if not self._erased_reexport(node, name, entry)}
        for index in result.star_exports:
            dependency = self.dependency(node, index)
            if dependency is not None and _is_static(dependency):
                names.update(n for n in self.exported_names(dependency, visiting | {node.id}) if n != "default")
        if not visiting:
            self._names[node.id] = names
        return names

    def _erased_reexport(self, node: ModuleNode, name: str, entry: object) -> bool:
        """``export { Options } from "./types"`` of a type: not an export of ``node`` at all."""
        if not isinstance(entry, ReExport) or entry.imported == "*":
            return False
        dependency = self.dependency(node, entry.dependency)
        return (dependency is not None and self.resolve_export(node, name) is None
                and self.is_type_only(dependency, entry.imported))

    def is_type_only(self, node: ModuleNode, name: str) -> bool:
        """Whether ``name``, which ``node`` does not export as a value, is a TypeScript type
        there: declared as one in the module its re-exports (or ``export *``) lead to. esbuild's
        bundler, which sees the whole graph as ``tsc`` does, drops such re-exports and imports
        where a transpiler of one file at a time cannot know (TS1205 under ``isolatedModules``)."""
        pending, seen = [(node, name)], set()
        while pending:
            current, wanted = pending.pop()
            result = current.transform_result
            if result is None or (current.id, wanted) in seen:
                continue
            seen.add((current.id, wanted))
            if wanted in result.type_exports:
                return True
            entry = result.exports.get(wanted)
            if isinstance(entry, ReExport) and entry.imported != "*":
                dependency = self.dependency(current, entry.dependency)
                if dependency is not None:
                    pending.append((dependency, entry.imported))
            elif entry is None and wanted != "default":
                for index in result.star_exports:
                    dependency = self.dependency(current, index)
                    if dependency is not None:
                        pending.append((dependency, wanted))
        return False

    def resolve_export(self, node: ModuleNode, name: str) -> Binding | None:
        """ResolveExport: the binding ``name`` stands for, None when there is none."""
        return self._resolve(node, name, set())

    def _resolve(self, node: ModuleNode, name: str, seen: set[tuple[str, str]]) -> Binding | None:
        result = node.transform_result
        if result is None:
            return None
        if result.kind == "cjs":
            return ("local", node.id, name) if name in self.cjs_export_names(node) else None
        key = (node.id, name)
        if key in seen:
            self._cut = True
            return None  # a circular re-export chain
        if key in self._resolved:
            return self._resolved[key]
        seen.add(key)
        outer, self._cut = self._cut, False
        binding = self._resolve_uncached(node, name, seen)
        cut = self._cut
        self._cut = outer or cut
        seen.discard(key)
        # A binding found is found whatever the path; "none" may only mean that this path ran
        # into a cycle, so it is remembered when no cycle was cut below it (the answer of a
        # top-level question then), which is most of them: `export *` aggregators ask every
        # star source for every name, and most answer none.
        if binding is not None or not seen or not cut:
            self._resolved[key] = binding
        return binding

    def _resolve_uncached(self, node: ModuleNode, name: str, seen: set[tuple[str, str]]) -> Binding | None:
        result = node.transform_result
        assert result is not None
        entry = result.exports.get(name)
        if isinstance(entry, LocalExport):
            return ("local", node.id, entry.local)
        if isinstance(entry, ReExport):
            dependency = self.dependency(node, entry.dependency)
            if dependency is None:
                return DYNAMIC  # external (URL) module
            if entry.imported == "*":
                return ("namespace", dependency.id)
            result = dependency.transform_result
            if result is not None and result.kind == "cjs" and entry.imported not in self.cjs_export_names(dependency):
                return ("commonjs", dependency.id, entry.imported)
            return self._resolve(dependency, entry.imported, seen)
        if name == "default":
            return None
        found: Binding | None = None
        dynamic = False
        for index in result.star_exports:
            dependency = self.dependency(node, index)
            if dependency is not None:
                source = dependency.transform_result
                if (source is not None and source.kind != "cjs" and not source.star_exports
                        and name not in source.exports):
                    # What ``_resolve`` answers there, asked nothing: no such export and no star
                    # behind (an aggregator of 22 files is asked each name each one lacks).
                    continue
            binding = DYNAMIC if dependency is None else self._resolve(dependency, name, seen)
            if binding is AMBIGUOUS:
                return AMBIGUOUS
            if binding is DYNAMIC:
                dynamic = True
                continue
            if binding is None:
                continue
            if found is None:
                found = binding
            elif found != binding:
                return AMBIGUOUS
        # Not found statically, but a CommonJS star source may provide it when it runs.
        return found if found is not None or not dynamic else DYNAMIC

    def star_source(self, node: ModuleNode, name: str) -> int | None:
        """The ``export *`` dependency index through which ``name`` resolves in the fewest steps.

        The getter reads ``name`` from that dependency, whose own getter makes the same choice,
        and so on: the fewest steps is what keeps that chain from going round a cycle of stars
        (a ⇄ b, both re-exporting c: each must lead to c, not to the other, whose getter would
        lead back). Steps are counted on the true graph, so along the chain they only decrease.
        A path that comes back to ``name`` in ``node`` does not count; one that comes back to
        another name of ``node`` does (``export * from "./b.js"`` where b has ``export {
        default as d } from "./a.js"``).
        """
        result = node.transform_result
        assert result is not None
        if len(result.star_exports) == 1:
            # No other star to compare with (three.js's entry: 1,600 names through one). Its
            # binding is never only behind ``name`` in ``node``: ``node`` does not export ``name``
            # itself (callers ask only then), so that way leads back to this one star, a cycle.
            index = result.star_exports[0]
            dependency = self.dependency(node, index)
            if dependency is None or self.resolve_export(dependency, name) in (None, AMBIGUOUS, DYNAMIC):
                return None
            return index
        best: tuple[int, int] | None = None
        for index in result.star_exports:
            dependency = self.dependency(node, index)
            if dependency is None or self.resolve_export(dependency, name) in (None, AMBIGUOUS, DYNAMIC):
                continue
            steps = self._steps_to_binding(dependency, name, node.id)
            if steps is not None and (best is None or steps < best[0]):
                best = (steps, index)
        return None if best is None else best[1]

    def _steps_to_binding(self, start: ModuleNode, name: str, avoid: str) -> int | None:
        """The fewest re-export steps from ``name`` in ``start`` to a binding, on paths that skip
        ``name`` in ``avoid`` (the getter being chosen); None when there is none. Breadth first."""
        level = [(start, name)]
        seen: set[tuple[str, str]] = set()
        steps = 0
        while level:
            following: list[tuple[ModuleNode, str]] = []
            for node, wanted in level:
                if (node.id, wanted) in seen or (node.id == avoid and wanted == name):
                    continue
                seen.add((node.id, wanted))
                result = node.transform_result
                if result is None:
                    continue
                if result.kind != "esm":
                    return steps  # CommonJS, JSON, CSS: the name is the module's own
                entry = result.exports.get(wanted)
                if isinstance(entry, LocalExport):
                    return steps
                if isinstance(entry, ReExport):
                    dependency = self.dependency(node, entry.dependency)
                    if dependency is None or entry.imported == "*":
                        return steps
                    following.append((dependency, entry.imported))
                    continue
                if wanted != "default":
                    for index in result.star_exports:
                        dependency = self.dependency(node, index)
                        if dependency is not None:
                            following.append((dependency, wanted))
            level = following
            steps += 1
        return None


def _is_static(node: ModuleNode) -> bool:
    """Every bundled module's exports are known before it runs (CommonJS: by the lexer's rules)."""
    return node.transform_result is not None


def source_of_file(node: ModuleNode) -> str | None:
    """A module's text from its file, for code frames (None when there is no readable file)."""
    try:
        return node.file.read_text(encoding="utf-8") if node.file is not None else None
    except OSError:
        return None
