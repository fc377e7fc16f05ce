"""The scan phase: from an entry file on disk to a module graph of everything it reaches.

Every module is read, transformed and resolved once. Problems are collected, not raised at the
first one, so a build reports every missing file and syntax error together (esbuild's log).
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from nbbundle import resolve as resolving
from nbbundle.errors import Diagnostic, NbbundleError, ResolveError, make_diagnostic
from nbbundle.graph import ModuleGraph, ModuleNode
from nbbundle.transform import transform


@dataclass
class ScanResult:
    graph: ModuleGraph
    entry: ModuleNode
    warnings: list[Diagnostic] = field(default_factory=list)


def module_id_for(path: Path, root: Path) -> str:
    """The runtime id of a file: its posix path relative to the build root."""
    return Path(os.path.relpath(path, root)).as_posix()


def scan(entry: Path, *, root: Path | None = None, resolver: resolving.Resolver | None = None) -> ScanResult:
    """Load ``entry`` and every module it imports, statically or with ``import()``.

    Raises ``NbbundleError`` with all diagnostics when any module fails to parse or resolve.
    """
    entry = entry.resolve()
    root = (root or entry.parent).resolve()
    resolver = resolver or resolving.Resolver(root=root)
    graph = ModuleGraph()
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    kinds: dict[str, tuple[str, str | None]] = {}

    if not entry.is_file():
        raise ResolveError([Diagnostic("UNRESOLVED_ENTRY", f'Could not find the entry "{entry}"', str(entry))])
    entry_id = module_id_for(entry, root)
    try:
        # Resolving the entry against itself gives its kind and its package's "type".
        resolution = resolver.resolve("./" + entry.name, entry)
    except resolving.ResolveError as error:
        raise ResolveError([Diagnostic("UNRESOLVED_ENTRY", error.message, entry_id, hint=error.hint)]) from None
    kinds[entry_id] = (resolution.kind, resolution.package_type)
    entry_node = graph.ensure_module(entry_id, entry)
    queue = deque([entry_node])
    while queue:
        node = queue.popleft()
        assert node.file is not None
        try:
            source = node.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            errors.append(Diagnostic("READ_ERROR", f"Could not read {node.file}: {error}", node.id))
            continue
        kind, package_type = kinds[node.id]
        try:
            result = transform(node.id, source, kind, package_type=package_type)
        except NbbundleError as error:
            errors.extend(error.diagnostics)
            continue
        node.transform_result = result
        warnings.extend(result.warnings)
        static: list[ModuleNode] = []
        dynamic: list[ModuleNode] = []
        records = [*result.imports, *result.dynamic_imports]
        for record in records:
            try:
                resolution = resolver.resolve(record.specifier, node.file)
            except resolving.ResolveError as error:
                diagnostic = make_diagnostic(
                    "UNRESOLVED_IMPORT",
                    f'Could not resolve "{record.specifier}" from "{node.id}"',
                    node.id, source, record.byte_range, hint=error.hint,
                    severity="warning" if record.kind == "require" else "error",
                )
                (warnings if record.kind == "require" else errors).append(diagnostic)
                continue
            if resolution.external is not None:
                node.externals[record.specifier] = resolution.external
                continue
            assert resolution.path is not None
            dependency_id = module_id_for(resolution.path, root)
            node.resolved[record.specifier] = dependency_id
            dependency = graph.get_module_by_id(dependency_id)
            if dependency is None:
                dependency = graph.ensure_module(dependency_id, resolution.path)
                kinds[dependency_id] = (resolution.kind, resolution.package_type)
                queue.append(dependency)
            (dynamic if record.kind == "dynamic" else static).append(dependency)
        graph.update_module_info(node, static, dynamic)
    if errors:
        raise NbbundleError(errors)
    return ScanResult(graph, entry_node, warnings)

