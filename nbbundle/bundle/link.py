"""The link phase: the spec's GetExportedNames and ResolveExport, over the whole graph.

For each module it computes the full namespace (local exports, re-exports, and the names
``export *`` brings in, without ``default`` and without names two stars disagree on), checks
every named import against it, and decides which modules are async. Linking reads transform
results and never re-parses, so the notebook can re-link after every cell run.

Why here and not in the runtime: the namespace's keys are then known before anything runs,
so the runtime can seal it at once and a missing export is a build error with a code frame
instead of an ``undefined`` at run time. A CommonJS module's names are those Node's lexer finds
(``TransformResult.cjs_exports``, plus those of the modules it reexports), so they link
statically too; only a URL import's names wait until it loads. A named import of a CommonJS
module that the lexer does not find is where Node and the browser bundlers part: Node refuses to
link it, esbuild and Vite read it from ``module.exports`` when it runs. Code written for them
must work here, so it is a warning (``COMMONJS_NAME``) and the importer reads the name from
``module.exports`` (``LinkedModule.commonjs_reads``); the namespace keeps the lexer's keys.

``import()`` has the language's semantics: a module that only ``import()`` reaches and that
cannot link (a missing or ambiguous export, a file that does not resolve or does not parse,
here or in what it imports) is a warning, and its init function throws the engine's error (SyntaxError,
TypeError) when it is imported, so the promise rejects and the rest of the app runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.bundle.css_imports import import_cycle
from nbbundle.bundle.export_resolution import AMBIGUOUS, DYNAMIC, Binding, Linker
from nbbundle.compile.errors import Diagnostic, LinkError, make_diagnostic
from nbbundle.compile.module import LocalExport, ReExport
from nbbundle.compile.record import Record

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nbbundle.bundle.graph import ModuleGraph, ModuleNode
    from nbbundle.compile.module import TransformResult


class LinkedModule(Record):
    """What rendering needs beyond the transform result (a ``Record``: no dataclass on a build's
    import path)."""

    __slots__ = _fields = ("getters", "namespaces", "is_async", "has_tla", "dynamic_stars", "lexical_reads",
                           "namespace_shapes", "commonjs_reads", "cjs_names", "error", "dropped")

    def __init__(  # noqa: PLR0913 (the fields, as a dataclass takes them)
        self,
        getters: dict[str, str] | None = None,
        namespaces: set[int] | None = None,
        is_async: bool = False,
        has_tla: bool = False,
        dynamic_stars: list[int] | None = None,
        lexical_reads: dict[int, list[str]] | None = None,
        namespace_shapes: dict[int, tuple[list[str], list[str]]] | None = None,
        commonjs_reads: dict[int, list[str]] | None = None,
        cjs_names: list[str] | None = None,
        error: tuple[str, str] | None = None,
        dropped: frozenset[int] = frozenset(),
    ) -> None:
        self.getters = {} if getters is None else getters
        """Export name → the JavaScript expression the getter returns, e.g. ``__nbb_import_0__.x``."""
        self.namespaces = set() if namespaces is None else namespaces
        """Dependency indexes whose namespace object a getter returns (``export * as ns from``)."""
        self.is_async = is_async
        """It reaches a module with top-level await through static imports: its init is a generator."""
        self.has_tla = has_tla
        """It awaits by itself ([[HasTLA]]): top-level await, or a URL import (awaited in the prologue)."""
        self.dynamic_stars = [] if dynamic_stars is None else dynamic_stars
        """``export * from`` a URL module, merged at run time."""
        self.lexical_reads = {} if lexical_reads is None else lexical_reads
        """Dependency index → the names the getters read from it that are its own ``let``, ``const``
        or classes: in their TDZ until it starts, which a read in a cycle can come before."""
        self.namespace_shapes = {} if namespace_shapes is None else namespace_shapes
        """Dependency index → (its export names, those that are its own ``let``, ``const`` or
        classes), for each ES dependency whose namespace object the module takes: a cycle can show
        that namespace before its module starts, when node already lists its keys (link time)."""
        self.commonjs_reads = {} if commonjs_reads is None else commonjs_reads
        """Dependency index → names imported from it, a CommonJS module, that Node's lexer does not
        find there: read from its ``module.exports`` when used, as esbuild reads them."""
        self.cjs_names = [] if cjs_names is None else cjs_names
        """A CommonJS module's named exports (sorted, ``default`` aside), snapshotted after it ran."""
        self.error = error
        """(constructor, message) of the error a module that cannot link throws when imported."""
        self.dropped = dropped
        """Dependency indexes tree shaking left out of the bundle (``tree_shake.py``): nothing of
        them is used and running them does nothing, so the prologue neither takes nor runs them."""


def link(graph: ModuleGraph, modules: list[ModuleNode], *, entries: Iterable[ModuleNode] | None = None,
         warnings: list[Diagnostic] | None = None,
         source_of: Callable[[ModuleNode], str | None] | None = None) -> dict[str, LinkedModule]:
    """Link ``modules`` (all in ``graph``); raise ``LinkError`` listing every bad import.

    With ``entries``, only modules the entries reach through static imports must link: one
    that only ``import()`` reaches and cannot link gets a warning (appended to ``warnings``)
    and an ``error`` its init function throws, and so does every module that imports it.
    ``source_of`` gives a module's text for code frames (default: its file on disk).
    """
    from nbbundle.compile.javascript.literals import property_access

    linker = Linker(graph, source_of)
    linked: dict[str, LinkedModule] = {}
    failures: dict[str, tuple[list[Diagnostic], tuple[str, str]]] = {}
    cycles: set[frozenset[str]] = set()
    for node in modules:
        result = node.transform_result
        assert result is not None
        entry = linked[node.id] = LinkedModule()
        problems = _check_imports(linker, node, entry, warnings)
        cycle = import_cycle(node, linker.source_of, cycles) if result.kind == "css" else None
        if cycle is not None:
            problems = ([*(problems[0] if problems else []), cycle], problems[1] if problems else ("Error", cycle.message))
        if problems:
            failures[node.id] = problems
        if result.kind == "cjs":
            entry.cjs_names = sorted(linker.cjs_export_names(node) - {"default"})
            continue
        for name in sorted(linker.exported_names(node)):
            getter = _getter(linker, node, result, name, property_access)
            if getter is None:
                continue
            entry.getters[name], index, imported = getter
            if imported is not None:
                _note_lexical_read(linker, node, index, imported, entry)  # type: ignore[arg-type]
            elif index is not None and linker.dependency(node, index) is not None:
                entry.namespaces.add(index)
        for index in result.star_exports:
            if linker.dependency(node, index) is None:
                entry.dynamic_stars.append(index)
        for index in sorted(entry.namespaces.union(index for _, index in result.namespace_locals)):
            shape = _namespace_shape(linker, linker.dependency(node, index))
            if shape is not None:
                entry.namespace_shapes[index] = shape
    _mark_async(graph, modules, linked)
    errors = _settle_failures(graph, modules, linked, failures, entries, warnings)
    if errors:
        raise LinkError(errors)
    return linked


def renamed_getters(linker: Linker, node: ModuleNode, result: TransformResult,
                    getters: Iterable[str]) -> dict[str, str]:
    """The expressions of ``getters`` (export names) for ``result``, a copy of ``node``'s
    transform result whose compiler names changed (minified after linking: ``tree_shake.py``)."""
    from nbbundle.compile.javascript.literals import property_access

    renamed = {}
    for name in getters:
        getter = _getter(linker, node, result, name, property_access)
        assert getter is not None, name  # the same exports as when it was linked
        renamed[name] = getter[0]
    return renamed


def _getter(linker: Linker, node: ModuleNode, result: TransformResult, name: str,
            property_access: Callable[[str], str]) -> tuple[str, int | None, str | None] | None:
    """Export ``name``'s getter expression, the dependency index it reads from (None: a local),
    and the name it reads there (None: the dependency's namespace); None: no getter."""
    names = result.names
    export = result.exports.get(name)
    if isinstance(export, LocalExport):
        return export.local, None, None
    if isinstance(export, ReExport):
        index = export.dependency
        if export.imported != "*":
            return names.alias(index) + property_access(export.imported), index, export.imported
        if linker.dependency(node, index) is None:
            return names.alias(index), index, None  # a URL module: the alias is its namespace
        return names.namespace(index), index, None
    if linker.resolve_export(node, name) not in (None, AMBIGUOUS, DYNAMIC):
        index = linker.star_source(node, name)
        if index is not None:
            return names.alias(index) + property_access(name), index, name
    return None


def _note_lexical_read(linker: Linker, node: ModuleNode, index: int, name: str, entry: LinkedModule) -> None:
    """Note a getter's read of ``name`` from dependency ``index`` if it is the dependency's own
    lexical binding (only then is it surely in its TDZ while the dependency has not started)."""
    dependency = linker.dependency(node, index)
    result = dependency.transform_result if dependency is not None else None
    if result is None or result.kind != "esm":
        return
    export = result.exports.get(name)
    if isinstance(export, LocalExport) and export.lexical:
        entry.lexical_reads.setdefault(index, []).append(name)


def _namespace_shape(linker: Linker, dependency: ModuleNode | None) -> tuple[list[str], list[str]] | None:
    """The keys an ES module's namespace has from link time (the names its getters will define,
    URL modules' aside), and the subset in a TDZ until it runs; None for other modules."""
    result = dependency.transform_result if dependency is not None else None
    if dependency is None or result is None or result.kind != "esm" \
            or any(linker.dependency(dependency, index) is None for index in result.star_exports):
        return None  # `export *` from a URL module: its names are known only once it loaded
    names: list[str] = []
    lexical: list[str] = []
    for name in sorted(linker.exported_names(dependency)):
        export = result.exports.get(name)
        if export is None and (linker.resolve_export(dependency, name) in (None, AMBIGUOUS, DYNAMIC)
                               or linker.star_source(dependency, name) is None):
            continue
        names.append(name)
        if isinstance(export, LocalExport) and export.lexical:
            lexical.append(name)
    return names, lexical


def lazy_warning(diagnostic: Diagnostic) -> Diagnostic:
    """The warning an error becomes in a module only ``import()`` reaches: the build goes on, and
    that ``import()`` rejects when it runs (the scan's unresolved imports, the link's failures)."""
    notes = (*diagnostic.notes, "This module is only loaded by import(), which will reject with this error.")
    return diagnostic.replace(severity="warning", notes=notes)


def _settle_failures(graph: ModuleGraph, modules: list[ModuleNode], linked: dict[str, LinkedModule],
                     failures: dict[str, tuple[list[Diagnostic], tuple[str, str]]],
                     entries: Iterable[ModuleNode] | None, warnings: list[Diagnostic] | None) -> list[Diagnostic]:
    """Errors for modules that must link; for the others, warnings and a throwing init."""
    if not failures:
        return []
    if entries is None:
        return [d for diagnostics, _ in failures.values() for d in diagnostics]
    eager = {node.id for entry in entries for node in graph.static_order(entry)}
    errors: list[Diagnostic] = []
    failing: dict[str, tuple[str, str]] = {}
    for module_id, (diagnostics, thrown) in failures.items():
        if module_id in eager:
            errors.extend(diagnostics)
            continue
        failing[module_id] = thrown
        if warnings is not None:
            warnings.extend(map(lazy_warning, diagnostics))
    # A module that imports a failing one cannot link either (importers first, transitively).
    by_id = {node.id: node for node in modules}
    pending = list(failing)
    while pending:
        failed = graph.get_module_by_id(pending.pop())
        if failed is None:
            continue
        for importer in failed.importers:
            if importer.id not in failing and importer.id not in eager:
                failing[importer.id] = failing[failed.id]
                pending.append(importer.id)
    for module_id, thrown in failing.items():
        if module_id in linked and module_id in by_id:
            linked[module_id].error = thrown
    return errors


def _check_imports(linker: Linker, node: ModuleNode, entry: LinkedModule,
                   warnings: list[Diagnostic] | None) -> tuple[list[Diagnostic], tuple[str, str]] | None:
    """The diagnostics of ``node``'s imports that cannot link, and the error the engine throws.

    A name a CommonJS dependency may export at run time is noted in ``entry.commonjs_reads``
    instead, with a warning appended to ``warnings``.
    """
    result = node.transform_result
    assert result is not None
    if result.failure is not None:
        return [], result.failure  # a stand-in for text that does not compile (reported by the scan)
    errors: list[Diagnostic] = []
    thrown: tuple[str, str] | None = None
    for index, record in enumerate(result.imports):
        dependency = linker.dependency(node, index)
        if dependency is None:
            if record.specifier not in node.resolved and record.specifier not in node.externals:
                # Unresolved (reported by the scan): the engine's "module not found" is a TypeError.
                thrown = thrown or ("TypeError", f'Cannot find module "{record.specifier}" imported from "{node.id}"')
            continue
        failure = dependency.transform_result.failure if dependency.transform_result is not None else None
        if failure is not None:
            thrown = thrown or failure  # the whole graph fails to parse: nothing of it runs
            continue
        if not record.names:
            continue
        for imported in record.names:
            if imported.imported == "*":
                continue
            binding = linker.resolve_export(dependency, imported.imported)
            if binding is not None and binding is not AMBIGUOUS:
                continue
            if binding is None and linker.is_type_only(dependency, imported.imported):
                continue  # a TypeScript type, erased: nothing to link (esbuild's bundler too)
            if binding is None and _is_commonjs(dependency):
                reads = entry.commonjs_reads.setdefault(index, [])
                if imported.imported not in reads:
                    reads.append(imported.imported)
                if warnings is not None:
                    warnings.append(_commonjs_name_warning(linker, node, dependency, imported.imported,
                                                           imported.byte_range, record.specifier))
                continue
            diagnostic = _import_error(linker, node, dependency, imported.imported, imported.byte_range, binding)
            errors.append(diagnostic)
            thrown = thrown or ("SyntaxError", _engine_message(record.specifier, imported.imported, binding))
    if thrown is None:
        return None
    return errors, thrown


def _is_commonjs(node: ModuleNode) -> bool:
    return node.transform_result is not None and node.transform_result.kind == "cjs"


def _commonjs_name_warning(linker: Linker, node: ModuleNode, dependency: ModuleNode, name: str,
                           byte_range: tuple[int, int], specifier: str) -> Diagnostic:
    """The warning for a named import of a CommonJS module that Node's lexer does not find."""
    found = sorted(n for n in linker.cjs_export_names(dependency) if n != "default")
    message = (f'"{name}" is not among the names Node finds in the CommonJS module "{dependency.id}", '
               f'imported by "{node.id}": it is read from module.exports when it runs')
    hint = (f"Node refuses to link this import (SyntaxError: Named export '{name}' not found. The requested "
            f"module '{specifier}' is a CommonJS module, which may not support all module.exports as named "
            f"exports): its lexer finds {', '.join(found) or 'no names'}. esbuild and Vite read the name from "
            f'module.exports, and so does nbbundle. To run under Node too: import pkg from "{specifier}"; '
            f"const {{ {name} }} = pkg;")
    return make_diagnostic("COMMONJS_NAME", message, node.id, linker.source_of(node), byte_range,
                           hint=hint, severity="warning")


def _engine_message(specifier: str, name: str, binding: Binding | None) -> str:
    """V8's words for an import that cannot link."""
    if binding is AMBIGUOUS:
        return f"The requested module '{specifier}' contains conflicting star exports for name '{name}'"
    return f"The requested module '{specifier}' does not provide an export named '{name}'"


def _import_error(linker: Linker, node: ModuleNode, dependency: ModuleNode, name: str,
                  byte_range: tuple[int, int], binding: Binding | None) -> Diagnostic:
    source = linker.source_of(node)
    available = sorted(n for n in linker.exported_names(dependency) if linker.resolve_export(dependency, n) not in (None, AMBIGUOUS))
    if binding is AMBIGUOUS:
        message = (f'"{name}" is exported by more than one "export *" in "{dependency.id}", '
                   f'imported by "{node.id}"')
        hint = f'Import it from the module that defines it, or re-export it explicitly from "{dependency.id}".'
        return make_diagnostic("AMBIGUOUS_EXPORT", message, node.id, source, byte_range, hint=hint)
    # (A name CommonJS lacks never comes here: ``_check_imports`` makes it a warning, COMMONJS_NAME.)
    message = f'"{name}" is not exported by "{dependency.id}", imported by "{node.id}"'
    import difflib  # only for a hint, never on a successful build's path
    close = difflib.get_close_matches(name, available, n=1)
    if close:
        hint = f'Did you mean "{close[0]}"?'
    elif available:
        shown = ", ".join(available[:8]) + (", …" if len(available) > 8 else "")
        hint = f'"{dependency.id}" exports: {shown}.'
    else:
        hint = f'"{dependency.id}" has no exports.'
    return make_diagnostic("MISSING_EXPORT", message, node.id, source, byte_range, hint=hint)


def _mark_async(graph: ModuleGraph, modules: list[ModuleNode], linked: dict[str, LinkedModule]) -> None:
    """Async = it reaches, through static imports, a module that awaits by itself.

    Every member of an import cycle that contains an async module is async, whichever member
    the evaluation enters first (the runtime decides at run time whether it waits). Only what
    ``modules`` reach is looked at, so linking one changed cell looks at what that cell
    reaches, not at the whole graph; no recursion, so long import chains are fine.
    """
    reached: dict[str, ModuleNode] = {}
    stack = list(modules)
    while stack:
        node = stack.pop()
        if node.id in reached:
            continue
        reached[node.id] = node
        stack.extend(dep for dep in node.import_order if dep.id not in reached)
    importers: dict[str, list[ModuleNode]] = {}
    for node in reached.values():
        for dep in node.import_order:
            importers.setdefault(dep.id, []).append(node)
    waiting = [node for node in reached.values() if _awaits_by_itself(node)]
    is_async = {node.id for node in waiting}
    while waiting:
        node = waiting.pop()
        for importer in importers.get(node.id, ()):
            if importer.id not in is_async:
                is_async.add(importer.id)
                waiting.append(importer)
    for node in modules:
        linked[node.id].is_async = node.id in is_async
        linked[node.id].has_tla = _awaits_by_itself(node)


def _awaits_by_itself(node: ModuleNode) -> bool:
    result = node.transform_result
    if result is None or result.kind != "esm":
        return False
    return result.has_top_level_await or any(r.specifier in node.externals for r in result.imports)
