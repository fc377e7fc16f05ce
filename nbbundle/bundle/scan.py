"""The scan phase: from an entry to a module graph of everything it reaches.

``prepare_module`` transforms one module's text and resolves its imports without touching the
graph, so a caller can check everything before committing (the notebook keeps the last good
version when a cell fails). ``scan`` loads a whole build from disk with it. Problems are
collected, not raised at the first one, so a build reports every missing file and syntax error
together (esbuild's log).
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import nbbundle.resolve.resolver as resolving
from nbbundle.compile.errors import Diagnostic, NbbundleError, ResolveError, make_diagnostic
from nbbundle.bundle.graph import ModuleGraph, ModuleNode
from nbbundle.compile.module import TransformResult
from nbbundle.compile.options import CompileOptions
from nbbundle.compile.transform import transform


@dataclass
class PreparedModule:
    """One module transformed and resolved, not yet in the graph."""

    result: TransformResult | None
    resolved: dict[str, tuple[str, resolving.Resolution]] = field(default_factory=dict)
    """Specifier → (module id, resolution), for every import, dynamic import and require."""
    externals: dict[str, str] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


@dataclass
class ScanResult:
    graph: ModuleGraph
    entry: ModuleNode
    warnings: list[Diagnostic] = field(default_factory=list)


def module_id_for(path: Path | str, root: Path) -> str:
    """The runtime id of a file: its posix path relative to the build root."""
    return _relative(str(path), str(root))


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
    try:
        result = transform(module_id, source, kind, package_type=package_type, options=options)
    except NbbundleError as error:
        return PreparedModule(None, errors=list(error.diagnostics))
    prepared = PreparedModule(result, warnings=list(result.warnings))
    for record in (*result.imports, *result.dynamic_imports):
        try:
            resolution = resolver.resolve(record.specifier, importer_path)
        except resolving.ResolveError as error:
            is_require = record.kind == "require"
            hint = error.hint
            if unresolved_hint and record.specifier.startswith("./") and not is_require:
                hint = unresolved_hint.format(name=record.specifier[2:])
            diagnostic = make_diagnostic(
                "UNRESOLVED_IMPORT",
                f'Could not resolve "{record.specifier}" from "{module_id}"',
                module_id, source, record.byte_range, hint=hint,
                severity="warning" if is_require else "error",
            )
            (prepared.warnings if is_require else prepared.errors).append(diagnostic)
            continue
        if resolution.external is not None:
            prepared.externals[record.specifier] = resolution.external
        elif resolution.path is not None:
            prepared.resolved[record.specifier] = (module_id_for(resolution.path, root), resolution)
    return prepared


def commit_module(graph: ModuleGraph, node: ModuleNode, prepared: PreparedModule) -> list[ModuleNode]:
    """Put a prepared module in the graph; return the dependencies the graph did not have yet."""
    result = prepared.result
    assert result is not None
    graph.set_transform_result(node, result)
    node.resolved = {specifier: module_id for specifier, (module_id, _) in prepared.resolved.items()}
    node.externals = dict(prepared.externals)
    # A specifier both imported and import()-ed is a static edge; require() is static too.
    only_dynamic = {r.specifier for r in result.dynamic_imports} - {r.specifier for r in result.imports}
    new: list[ModuleNode] = []
    static: list[ModuleNode] = []
    dynamic: list[ModuleNode] = []
    for specifier, (module_id, resolution) in prepared.resolved.items():
        dependency = graph.get_module_by_id(module_id)
        if dependency is None:
            dependency = graph.ensure_module(module_id, resolution.path)
            dependency.kind_hint = (resolution.kind, resolution.package_type)
            new.append(dependency)
        (dynamic if specifier in only_dynamic else static).append(dependency)
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
                   root: Path, *, options: CompileOptions | None = None) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Load ``pending`` file modules and everything new they import; return (errors, warnings)."""
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    queue = deque(pending)
    while queue:
        node = queue.popleft()
        assert node.file is not None
        try:
            source = resolver.read_text(node.file)
        except (OSError, UnicodeDecodeError) as error:
            errors.append(Diagnostic("READ_ERROR", f"Could not read {node.file}: {error}", node.id))
            continue
        kind, package_type = node.kind_hint
        prepared = prepare_module(node.id, node.file, source, kind, package_type, resolver, root, options=options)
        errors.extend(prepared.errors)
        warnings.extend(prepared.warnings)
        if prepared.result is not None:
            queue.extend(commit_module(graph, node, prepared))
    return errors, warnings


def scan(entry: Path, *, root: Path | None = None, resolver: resolving.Resolver | None = None) -> ScanResult:
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
    errors, warnings = load_from_disk(graph, [entry_node], resolver, root)
    if errors:
        raise NbbundleError(errors)
    return ScanResult(graph, entry_node, warnings)
