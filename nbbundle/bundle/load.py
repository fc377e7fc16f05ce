"""Loading the graph (the scan): from an entry to a module graph of everything it reaches.

``prepare_module`` transforms one module's text and resolves its imports without touching the
graph, so a caller can check everything before committing (the notebook keeps the last good
version when a cell fails). ``scan`` loads a whole build from disk with it. Problems are
collected, not raised at the first one, so a build reports every missing file and syntax error
together (esbuild's log).

Resolved like imports: ``import()`` specifiers (unresolved, a warning: the promise rejects at
run time), the files a template ``import(`./dir/${x}.js`)`` can name, and the dependencies
``import.meta.hot.accept`` names (so ``"./dep"`` and ``"./dep.js"`` are the same module). A
module that only ``import()`` reaches may fail to resolve its own imports: that is a warning
too, and importing it rejects (``link.py``). An internal error of the compiler is reported as a
diagnostic naming the module, never as a traceback.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections import deque
from pathlib import Path

import nbbundle.resolve.resolver as resolving
from nbbundle.compile.errors import Diagnostic, NbbundleError, ResolveError, make_diagnostic
from nbbundle.bundle.graph import ModuleGraph, ModuleNode
from nbbundle.bundle.link import lazy_warning
from nbbundle.bundle.workers import FileCompiler, compile_module
from nbbundle.compile.module import TransformResult
from nbbundle.compile.options import CompileOptions
from nbbundle.compile.record import Record


_OPTIONAL_NOTES = {
    "dynamic": "This import() will reject with a TypeError when it runs; the rest of the app works.",
    "hot": "This import.meta.hot.accept() names no module, so its callback never runs.",
}


class PreparedModule(Record):
    """One module transformed and resolved, not yet in the graph."""

    __slots__ = _fields = ("result", "resolved", "externals", "errors", "warnings", "dynamic", "hot_only")

    def __init__(self, result: TransformResult | None,  # noqa: PLR0913 (the fields, as a dataclass takes them)
                 resolved: dict[str, tuple[str, resolving.Resolution]] | None = None,
                 externals: dict[str, str] | None = None, errors: list[Diagnostic] | None = None,
                 warnings: list[Diagnostic] | None = None, dynamic: set[str] | None = None,
                 hot_only: set[str] | None = None) -> None:
        self.result = result
        self.resolved = {} if resolved is None else resolved
        """Specifier → (module id, resolution), for every import, dynamic import and require."""
        self.externals = {} if externals is None else externals
        self.errors = [] if errors is None else errors
        self.warnings = [] if warnings is None else warnings
        self.dynamic = set() if dynamic is None else dynamic
        """Specifiers that only ``import()`` loads (literal or matching a template)."""
        self.hot_only = set() if hot_only is None else hot_only
        """Specifiers named only by ``import.meta.hot.accept``: resolved, not loaded."""


class ScanResult(Record):
    __slots__ = _fields = ("graph", "entry", "warnings")

    def __init__(self, graph: ModuleGraph, entry: ModuleNode, warnings: list[Diagnostic] | None = None) -> None:
        self.graph = graph
        self.entry = entry
        self.warnings = [] if warnings is None else warnings


def module_id_for(path: Path | str, root: Path) -> str:
    """The runtime id of a file: its posix path relative to the build root."""
    return _relative(str(path), str(root))


def resolved_module_id(resolution: resolving.Resolution, root: Path) -> str:
    """The id of the module a resolution names: its file's, or for the empty module a
    ``browser`` map's ``false`` stands for, ``(disabled):`` and the path (esbuild's name), so it
    never shares an id with the file itself, which other importers may load."""
    assert resolution.path is not None
    module_id = module_id_for(resolution.path, root)
    return f"(disabled):{module_id}" if resolution.kind == "empty" else module_id


@functools.lru_cache(maxsize=4096)
def _relative(path: str, root: str) -> str:
    # Cached and on strings: a three.js build asks this 1,220 times for 387 files, and
    # pathlib objects cost more than the answer.
    return os.path.relpath(path, root).replace(os.sep, "/")


def prepare_module(
    module_id: str,
    importer_path: Path,
    source: str,
    kind: str,
    package_type: str | None,
    resolver: resolving.Resolver,
    root: Path,
    *,
    unresolved_hint: str | None = None,
    options: CompileOptions | None = None,
) -> PreparedModule:
    """Transform ``source`` and resolve what it imports; report problems instead of raising."""
    compiled = compile_module(module_id, source, kind, package_type, options)
    return resolve_module(module_id, importer_path, source, compiled, resolver, root, unresolved_hint=unresolved_hint)


def resolve_module(module_id: str, importer_path: Path, source: str | None,
                   compiled: TransformResult | list[Diagnostic], resolver: resolving.Resolver, root: Path, *,
                   unresolved_hint: str | None = None) -> PreparedModule:
    """Resolve what a compiled module imports (or pass its diagnostics on).

    ``source`` is the module's text, for the code frames of imports that do not resolve; None
    reads it (through the resolver) if one needs it: worker processes do not send it back.
    """
    if isinstance(compiled, list):
        return PreparedModule(None, errors=compiled)
    result = compiled
    prepared = PreparedModule(result, warnings=list(result.warnings))
    prepared.dynamic = {r.specifier for r in result.dynamic_imports} - {r.specifier for r in result.imports}
    for pattern in result.dynamic_patterns:
        for specifier in resolver.expand_pattern(pattern.prefix, pattern.suffix, importer_path):
            if specifier not in prepared.resolved and specifier not in prepared.dynamic:
                prepared.dynamic.add(specifier)
                _resolve_into(prepared, specifier, resolver, importer_path, root)
    for record in (*result.imports, *result.dynamic_imports, *result.hot_dependencies):
        if record.specifier in prepared.resolved:
            continue
        try:
            resolution = resolver.resolve(record.specifier, importer_path, require=record.kind == "require")
        except resolving.ResolveError as error:
            optional = record.kind in ("require", "dynamic", "hot")
            hint = error.hint
            if unresolved_hint and record.specifier.startswith("./") and record.kind != "require":
                hint = unresolved_hint.format(name=record.specifier[2:])
            notes = (_OPTIONAL_NOTES[record.kind],) if record.kind in _OPTIONAL_NOTES else ()
            diagnostic = make_diagnostic(
                "UNRESOLVED_IMPORT",
                f'Could not resolve "{record.specifier}" from "{module_id}"',
                module_id, source if source is not None else _text_of(resolver, importer_path), record.byte_range,
                hint=hint, notes=notes,
                severity="warning" if optional else "error",
            )
            (prepared.warnings if optional else prepared.errors).append(diagnostic)
            continue
        if record.kind == "hot" and record.specifier not in prepared.dynamic:
            prepared.hot_only.add(record.specifier)
        if resolution.external is not None:
            prepared.externals[record.specifier] = resolution.external
        elif resolution.path is not None:
            prepared.resolved[record.specifier] = (resolved_module_id(resolution, root) + resolution.query, resolution)
    return prepared


def _text_of(resolver: resolving.Resolver, path: Path) -> str:
    try:
        return resolver.read_text(path)
    except (OSError, UnicodeDecodeError):
        return ""  # a frame without text; the message still names the module and the specifier


def _resolve_into(prepared: PreparedModule, specifier: str, resolver: resolving.Resolver, importer: Path,
                  root: Path) -> None:
    try:
        resolution = resolver.resolve(specifier, importer)
    except resolving.ResolveError:
        return
    if resolution.path is not None:
        prepared.resolved[specifier] = (resolved_module_id(resolution, root) + resolution.query, resolution)


def commit_module(graph: ModuleGraph, node: ModuleNode, prepared: PreparedModule) -> list[ModuleNode]:
    """Put a prepared module in the graph; return the dependencies the graph did not have yet."""
    result = prepared.result
    assert result is not None
    graph.set_transform_result(node, result)
    node.resolved = {specifier: module_id for specifier, (module_id, _) in prepared.resolved.items()}
    node.externals = dict(prepared.externals)
    new: list[ModuleNode] = []
    static: list[ModuleNode] = []
    dynamic: list[ModuleNode] = []
    for specifier, (module_id, resolution) in prepared.resolved.items():
        if specifier in prepared.hot_only:
            continue  # named by hot.accept, not imported: no edge, no load
        dependency = graph.get_module_by_id(module_id)
        if dependency is None:
            dependency = graph.ensure_module(module_id, resolution.path)
            dependency.kind_hint = (resolution.kind, resolution.package_type)
            new.append(dependency)
        (dynamic if specifier in prepared.dynamic else static).append(dependency)
    accepted = [graph.get_module_by_id(_accepted_id(node, specifier)) for specifier in result.hot.accepted_deps]
    bindings: dict[str, set[str]] = {}
    for record in result.imports:
        if record.specifier in node.resolved:
            names = bindings.setdefault(node.resolved[record.specifier], set())
            names.update(name.imported for name in record.names)
    graph.update_module_info(
        node, static, dynamic,
        imported_bindings=bindings,
        accepted_modules=[n for n in accepted if n is not None],
        accepted_exports=set(result.hot.accepted_exports) if result.hot.accepted_exports is not None else None,
    )
    return new


def _accepted_id(node: ModuleNode, specifier: str) -> str:
    """The id ``import.meta.hot.accept(specifier)`` names: as imported, else relative to ``node``."""
    if specifier in node.resolved:
        return node.resolved[specifier]
    if not specifier.startswith("."):
        return specifier
    base = posixpath.dirname(node.id)
    return posixpath.normpath(posixpath.join(base, specifier))


def load_from_disk(graph: ModuleGraph, pending: list[ModuleNode], resolver: resolving.Resolver,
                   root: Path, *, parallel: bool = False,
                   options: CompileOptions | None = None) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Load ``pending`` file modules and everything new they import; return (errors, warnings).

    With ``parallel``, files are compiled in worker processes once there is enough to do
    (``workers.py``). Each module's imports are resolved as soon as it is compiled, so what
    they name is compiled meanwhile; modules are committed in the order they were found
    (breadth first from ``pending``) either way, so the graph and the bundle do not depend on it.
    """
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    prepared_by_id: dict[str, PreparedModule] = {}
    files = {node.id: node.file for node in pending}

    def compiled(module_id: str, source: str | None, outcome: object) -> None:
        if isinstance(outcome, str):
            return  # the file could not be read
        prepared = resolve_module(module_id, files[module_id], source, outcome, resolver, root)  # type: ignore[arg-type]
        prepared_by_id[module_id] = prepared
        for specifier, (dependency_id, resolution) in prepared.resolved.items():
            if specifier not in prepared.hot_only and graph.get_module_by_id(dependency_id) is None:
                files.setdefault(dependency_id, resolution.path)
                compiler.submit(dependency_id, resolution.path, resolution.kind, resolution.package_type)

    # Read through the resolver: the notebook serves modules from memory (Fast Refresh's runtime).
    with FileCompiler(parallel=parallel, on_result=compiled, options=options,
                      read_source=resolver.read_source, options_for=resolver.compile_options) as compiler:
        for node in pending:
            compiler.submit(node.id, node.file, *node.kind_hint)
        queue = deque(pending)
        while queue:
            node = queue.popleft()
            _, outcome = compiler.result(node.id)
            if isinstance(outcome, str):
                errors.append(Diagnostic("READ_ERROR", f"Could not read {node.file}: {outcome}", node.id))
                continue
            assert node.file is not None
            prepared = prepared_by_id.pop(node.id)
            errors.extend(prepared.errors)
            warnings.extend(prepared.warnings)
            if prepared.result is not None:
                queue.extend(commit_module(graph, node, prepared))
    return errors, warnings


def scan(entry: Path, *, root: Path | None = None, resolver: resolving.Resolver | None = None,
         parallel: bool = False, options: CompileOptions | None = None) -> ScanResult:
    """Load ``entry`` and every module it imports, statically or with ``import()``.

    Raises ``NbbundleError`` with all diagnostics when any module fails to parse or resolve.
    """
    entry = entry.resolve()
    root = (root or entry.parent).resolve()
    resolver = resolver or resolving.Resolver(root=root)
    graph = ModuleGraph()
    entry_id = module_id_for(entry, root)
    if not entry.is_file():
        raise ResolveError([Diagnostic("UNRESOLVED_ENTRY", f'Could not find the entry "{entry}"', entry_id)])
    try:
        # Resolving the entry against itself gives its kind and its package's "type".
        resolution = resolver.resolve("./" + entry.name, entry)
    except resolving.ResolveError as error:
        raise ResolveError([Diagnostic("UNRESOLVED_ENTRY", error.message, entry_id, hint=error.hint)]) from None
    entry_node = graph.ensure_module(entry_id, entry)
    entry_node.kind_hint = (resolution.kind, resolution.package_type)
    errors, warnings = load_from_disk(graph, [entry_node], resolver, root, parallel=parallel, options=options)
    errors = _only_eager(graph, entry_node, errors, warnings)
    if errors:
        raise NbbundleError(errors)
    return ScanResult(graph, entry_node, warnings)


#: Failures of a module's own text that are no syntax error: a bug, or a file that cannot be read.
_NOT_SYNTAX = frozenset({"INTERNAL_ERROR", "READ_ERROR"})


def _only_eager(graph: ModuleGraph, entry: ModuleNode, errors: list[Diagnostic],
                warnings: list[Diagnostic]) -> list[Diagnostic]:
    """Problems of modules that only ``import()`` reaches become warnings: an unresolved import,
    and a syntax or early error (the module becomes a stand-in whose import throws it, as the
    engine rejects ``import()`` of a module that does not parse with that SyntaxError)."""
    if not errors:
        return errors
    eager = {node.id for node in graph.static_order(entry)}
    uncompiled: dict[str, ModuleNode] = {}
    for diagnostic in errors:
        node = graph.get_module_by_id(diagnostic.module_id)
        if (node is not None and node.id not in eager and node.transform_result is None
                and diagnostic.code not in _NOT_SYNTAX):
            uncompiled[node.id] = node
    kept = []
    for diagnostic in errors:
        if diagnostic.module_id not in eager and (diagnostic.code == "UNRESOLVED_IMPORT"
                                                  or diagnostic.module_id in uncompiled):
            warnings.append(lazy_warning(diagnostic))
        else:
            kept.append(diagnostic)
    for node in uncompiled.values():
        first = next(d for d in errors if d.module_id == node.id)
        graph.set_transform_result(node, _stand_in(node.id, first.message))
    return kept


def _stand_in(module_id: str, message: str) -> TransformResult:
    """A module that throws ``SyntaxError(message)`` when imported and has nothing else."""
    return TransformResult(id=module_id, kind="esm", etag=f"failed:{module_id}", body_parts=("",),
                           failure=("SyntaxError", message))
