"""The link phase: the spec's GetExportedNames and ResolveExport, over the whole graph.

For each module it computes the full namespace (local exports, re-exports, and the names
``export *`` brings in, without ``default`` and without names two stars disagree on), checks
every named import against it, and decides which modules are async. Linking reads transform
results and never re-parses, so the notebook can re-link after every cell run.

Why here and not in the runtime: the namespace's keys are then known before anything runs,
so the runtime can seal it at once and a missing export is a build error with a code frame
instead of an ``undefined`` at run time.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from nbbundle.compile.errors import Diagnostic, LinkError, make_diagnostic
from nbbundle.compile.module import LocalExport, ReExport

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode

#: ResolveExport's "ambiguous": two ``export *`` provide the name from different bindings.
AMBIGUOUS: Final = ("ambiguous",)
#: The name comes from a CommonJS or external module: only known when it runs.
DYNAMIC: Final = ("dynamic",)

Binding = tuple[str, ...]
"""``("local", module_id, local)`` or ``("namespace", module_id)``, AMBIGUOUS or DYNAMIC."""


@dataclass
class LinkedModule:
    """What rendering needs beyond the transform result."""

    getters: dict[str, str] = field(default_factory=dict)
    """Export name → the JavaScript expression the getter returns, e.g. ``__nbb_import_0__.x``."""
    is_async: bool = False
    dynamic_stars: list[int] = field(default_factory=list)
    """``export * from`` CommonJS dependencies, merged at run time."""


class Linker:
    """Export resolution with memoization; one instance per link of a graph."""

    def __init__(self, graph: ModuleGraph, source_of: Callable[[ModuleNode], str | None] | None = None) -> None:
        self.graph = graph
        self.source_of = source_of or _source_of
        """The text a module was built from, for code frames (a notebook cell has no file)."""
        self._names: dict[str, set[str]] = {}
        self._resolved: dict[tuple[str, str], Binding | None] = {}
        self._dependencies: dict[str, list[ModuleNode | None]] = {}

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

    def exported_names(self, node: ModuleNode, visiting: frozenset[str] = frozenset()) -> set[str]:
        """GetExportedNames: every name the module exports, possibly ambiguous ones included."""
        cached = self._names.get(node.id)
        if cached is not None:
            return cached
        result = node.transform_result
        if result is None or node.id in visiting:
            return set()
        names = set(result.exports)
        for index in result.star_exports:
            dependency = self.dependency(node, index)
            if dependency is not None and _is_static(dependency):
                names.update(n for n in self.exported_names(dependency, visiting | {node.id}) if n != "default")
        if not visiting:
            self._names[node.id] = names
        return names

    def resolve_export(self, node: ModuleNode, name: str) -> Binding | None:
        """ResolveExport: the binding ``name`` stands for, None when there is none."""
        return self._resolve(node, name, set())

    def _resolve(self, node: ModuleNode, name: str, seen: set[tuple[str, str]]) -> Binding | None:
        result = node.transform_result
        if result is None:
            return None
        if not _is_static(node):
            return DYNAMIC
        key = (node.id, name)
        if key in seen:
            return None  # a circular re-export chain
        if key in self._resolved:
            return self._resolved[key]
        seen.add(key)
        binding = self._resolve_uncached(node, name, seen)
        seen.discard(key)
        # A binding found is found whatever the path; "none" may only mean that this path ran
        # into a cycle, so it is remembered for top-level questions only.
        if binding is not None or not seen:
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
            return self._resolve(dependency, entry.imported, seen)
        if name == "default":
            return None
        found: Binding | None = None
        dynamic = False
        for index in result.star_exports:
            dependency = self.dependency(node, index)
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
        """The first ``export *`` dependency index through which ``name`` resolves."""
        result = node.transform_result
        assert result is not None
        for index in result.star_exports:
            dependency = self.dependency(node, index)
            if dependency is not None and self.resolve_export(dependency, name) not in (None, AMBIGUOUS, DYNAMIC):
                return index
        return None


def _is_static(node: ModuleNode) -> bool:
    """ES, JSON and CSS modules have exports known before they run; CommonJS does not."""
    return node.transform_result is not None and node.transform_result.kind != "cjs"


def link(graph: ModuleGraph, modules: list[ModuleNode], *,
         source_of: Callable[[ModuleNode], str | None] | None = None) -> dict[str, LinkedModule]:
    """Link ``modules`` (all in ``graph``); raise ``LinkError`` listing every bad import.

    ``source_of`` gives a module's text for code frames (default: its file on disk).
    """
    from nbbundle.compile.parse import property_access
    from nbbundle.compile.transform import alias

    linker = Linker(graph, source_of)
    linked: dict[str, LinkedModule] = {}
    errors: list[Diagnostic] = []
    for node in modules:
        result = node.transform_result
        assert result is not None
        entry = linked[node.id] = LinkedModule()
        if result.kind == "cjs":
            continue
        for name in sorted(linker.exported_names(node)):
            export = result.exports.get(name)
            if isinstance(export, LocalExport):
                entry.getters[name] = export.local
            elif isinstance(export, ReExport):
                base = alias(export.dependency)
                entry.getters[name] = base if export.imported == "*" else base + property_access(export.imported)
            elif linker.resolve_export(node, name) not in (None, AMBIGUOUS, DYNAMIC):
                index = linker.star_source(node, name)
                if index is not None:
                    entry.getters[name] = alias(index) + property_access(name)
        for index in result.star_exports:
            dependency = linker.dependency(node, index)
            if dependency is None or not _is_static(dependency):
                entry.dynamic_stars.append(index)
        errors.extend(_check_imports(linker, node))
    _mark_async(graph, modules, linked)
    if errors:
        raise LinkError(errors)
    return linked


def _check_imports(linker: Linker, node: ModuleNode) -> list[Diagnostic]:
    result = node.transform_result
    assert result is not None
    errors = []
    for index, record in enumerate(result.imports):
        dependency = linker.dependency(node, index)
        if dependency is None or not record.names or not _is_static(dependency):
            continue
        for imported in record.names:
            if imported.imported == "*":
                continue
            binding = linker.resolve_export(dependency, imported.imported)
            if binding is not None and binding is not AMBIGUOUS:
                continue
            errors.append(_import_error(linker, node, dependency, imported.imported, imported.byte_range, binding))
    return errors


def _import_error(linker: Linker, node: ModuleNode, dependency: ModuleNode, name: str,
                  byte_range: tuple[int, int], binding: Binding | None) -> Diagnostic:
    source = linker.source_of(node)
    available = sorted(n for n in linker.exported_names(dependency) if linker.resolve_export(dependency, n) not in (None, AMBIGUOUS))
    if binding is AMBIGUOUS:
        message = (f'"{name}" is exported by more than one "export *" in "{dependency.id}", '
                   f'imported by "{node.id}"')
        hint = f'Import it from the module that defines it, or re-export it explicitly from "{dependency.id}".'
        return make_diagnostic("AMBIGUOUS_EXPORT", message, node.id, source, byte_range, hint=hint)
    message = f'"{name}" is not exported by "{dependency.id}", imported by "{node.id}"'
    close = difflib.get_close_matches(name, available, n=1)
    if close:
        hint = f'Did you mean "{close[0]}"?'
    elif available:
        shown = ", ".join(available[:8]) + (", …" if len(available) > 8 else "")
        hint = f'"{dependency.id}" exports: {shown}.'
    else:
        hint = f'"{dependency.id}" has no exports.'
    return make_diagnostic("MISSING_EXPORT", message, node.id, source, byte_range, hint=hint)


def _source_of(node: ModuleNode) -> str | None:
    try:
        return node.file.read_text(encoding="utf-8") if node.file is not None else None
    except OSError:
        return None


def _mark_async(graph: ModuleGraph, modules: list[ModuleNode], linked: dict[str, LinkedModule]) -> None:
    """Async = top-level await or a URL import, or a static dependency that is async.

    A depth-first walk over static imports, memoized for the whole call, so linking one changed
    cell looks at what that cell reaches, not at the whole graph.
    """
    memo: dict[str, bool] = {}

    def is_async(node: ModuleNode, visiting: set[str]) -> bool:
        known = memo.get(node.id)
        if known is not None:
            return known
        if node.id in visiting:
            return False  # inside an import cycle: the other members decide
        visiting.add(node.id)
        result = _awaits_by_itself(node) or any(is_async(dep, visiting) for dep in node.import_order)
        visiting.discard(node.id)
        memo[node.id] = result
        return result

    for node in modules:
        linked[node.id].is_async = is_async(node, set())


def _awaits_by_itself(node: ModuleNode) -> bool:
    result = node.transform_result
    if result is None or result.kind != "esm":
        return False
    return result.has_top_level_await or any(r.specifier in node.externals for r in result.imports)
