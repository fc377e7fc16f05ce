"""The module graph of one environment (Vite's EnvironmentModuleGraph, seed 002).

Invariant: ``a in b.importers`` if and only if ``b in a.imported_modules``. Only
``update_module_info`` and ``remove_module`` change edges, and they change both sides, so keep it
that way: a one-sided edge is how HMR ends up visiting a module nothing imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from nbbundle.module import TransformResult


@dataclass(eq=False)
class ModuleNode:
    """One module in the graph. Identity is the object: two nodes are never equal by value."""

    id: str
    """Posix path relative to the build root (or a cell name): the runtime's module id."""
    file: Path | None = None
    """Where the text came from, when it came from disk."""
    transform_result: TransformResult | None = None
    importers: set[ModuleNode] = field(default_factory=set)
    imported_modules: set[ModuleNode] = field(default_factory=set)
    """Static imports and CommonJS requires: what must be registered before this module runs."""
    import_order: list[ModuleNode] = field(default_factory=list)
    """``imported_modules`` in order of first appearance: the spec's evaluation order."""
    dynamic_imported_modules: set[ModuleNode] = field(default_factory=set)
    resolved: dict[str, str] = field(default_factory=dict)
    """Specifier (as written) → module id, for every import, dynamic import and require."""
    externals: dict[str, str] = field(default_factory=dict)
    """Specifier → URL for imports that stay external and load natively."""

    @property
    def etag(self) -> str | None:
        return self.transform_result.etag if self.transform_result else None

    def __repr__(self) -> str:
        return f"ModuleNode({self.id!r})"


class ModuleGraph:
    """Nodes by id, with both directions of every import edge."""

    def __init__(self) -> None:
        self.id_to_module: dict[str, ModuleNode] = {}
        self.file_to_modules: dict[Path, set[ModuleNode]] = {}

    def __iter__(self) -> Iterator[ModuleNode]:
        return iter(self.id_to_module.values())

    def __len__(self) -> int:
        return len(self.id_to_module)

    def get_module_by_id(self, module_id: str) -> ModuleNode | None:
        return self.id_to_module.get(module_id)

    def get_modules_by_file(self, file: Path) -> set[ModuleNode]:
        return self.file_to_modules.get(file, set())

    def ensure_module(self, module_id: str, file: Path | None = None) -> ModuleNode:
        """The node for ``module_id``, created empty if the graph has none yet."""
        node = self.id_to_module.get(module_id)
        if node is None:
            node = self.id_to_module[module_id] = ModuleNode(module_id, file)
            if file is not None:
                self.file_to_modules.setdefault(file, set()).add(node)
        return node

    def update_module_info(
        self,
        node: ModuleNode,
        imported: Iterable[ModuleNode],
        dynamic_imported: Iterable[ModuleNode] = (),
    ) -> set[ModuleNode]:
        """Replace ``node``'s outgoing edges; return the modules that no longer have importers."""
        order = list(dict.fromkeys(imported))
        new_imports = set(order)
        no_longer_imported: set[ModuleNode] = set()
        for dependency in node.imported_modules - new_imports:
            dependency.importers.discard(node)
            if not dependency.importers:
                no_longer_imported.add(dependency)
        for dependency in new_imports - node.imported_modules:
            dependency.importers.add(node)
        node.imported_modules = new_imports
        node.import_order = order
        node.dynamic_imported_modules = set(dynamic_imported)
        return no_longer_imported

    def remove_module(self, node: ModuleNode) -> None:
        """Forget ``node``; its imports lose it as an importer."""
        self.update_module_info(node, ())
        for importer in node.importers:
            importer.imported_modules.discard(node)
        self.id_to_module.pop(node.id, None)
        if node.file is not None:
            self.file_to_modules.get(node.file, set()).discard(node)

    def static_order(self, entry: ModuleNode) -> list[ModuleNode]:
        """Modules ``entry`` reaches through static imports, dependencies first (post-order)."""
        order: list[ModuleNode] = []
        seen: set[ModuleNode] = set()
        stack: list[tuple[ModuleNode, Iterator[ModuleNode]]] = [(entry, iter(entry.import_order))]
        seen.add(entry)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(node)
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(child.import_order)))
        return order

