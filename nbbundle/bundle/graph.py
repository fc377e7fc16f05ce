"""The module graph of one environment (Vite's EnvironmentModuleGraph, seed 002).

Invariant: ``a in b.importers`` if and only if ``b in a.imported_modules``, and
``a in b.dynamic_importers`` if and only if ``b in a.dynamic_imported_modules``. Only
``update_module_info``, ``remove_module`` and ``on_file_delete`` change edges, and they change
both sides, so keep it that way: a one-sided edge is how HMR ends up visiting a module nothing
imports. (Vite's ``onFileDelete`` drops only the ``importers`` side; here a deleted module's
imports are cleared on both sides.)

Nodes are found by id (``id_to_module``). Vite's graph also indexes them by url, file and
etag and keeps soft/hard invalidation states and timestamps for its dev server, which
transforms on request; here a module's transform is replaced whole when its text changes
(``set_transform_result``) and HMR propagation reads the edges (``hmr/propagate.py``), so none
of that is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from nbbundle.compile.module import TransformResult

ModuleType = Literal["js", "css"]


class ModuleNode:
    """One module in the graph. Identity is the object: two nodes are never equal by value.

    A plain class, not a dataclass: no dataclass is on a build's import path (``compile/record.py``)."""

    def __init__(  # noqa: PLR0913 (the fields, each with its default)
        self,
        id: str,  # noqa: A002 (the module's id)
        file: Path | None = None,
        transform_result: TransformResult | None = None,
        importers: set[ModuleNode] | None = None,
        imported_modules: set[ModuleNode] | None = None,
        import_order: list[ModuleNode] | None = None,
        dynamic_imported_modules: set[ModuleNode] | None = None,
        dynamic_importers: set[ModuleNode] | None = None,
        resolved: dict[str, str] | None = None,
        externals: dict[str, str] | None = None,
        kind_hint: tuple[str, str | None] = ("js", None),
        type: ModuleType = "js",  # noqa: A002 (Vite's name)
        accepted_hmr_deps: set[ModuleNode] | None = None,
        accepted_hmr_exports: set[str] | None = None,
        imported_bindings: dict[str, set[str]] | None = None,
        is_self_accepting: bool | None = None,
    ) -> None:
        self.id = id
        """Posix path relative to the build root (or a cell name): the runtime's module id."""
        self.file = file
        """Where the text came from, when it came from disk (or the cell's stand-in path)."""
        self.transform_result = transform_result
        """The transform of the current text; ``None`` until it has one (or when its text failed)."""
        self.importers: set[ModuleNode] = set() if importers is None else importers
        """Modules that import this one statically (or ``require`` it)."""
        self.imported_modules: set[ModuleNode] = set() if imported_modules is None else imported_modules
        """Static imports and CommonJS requires: what must be registered before this module runs."""
        self.import_order: list[ModuleNode] = [] if import_order is None else import_order
        """``imported_modules`` in order of first appearance: the spec's evaluation order."""
        self.dynamic_imported_modules: set[ModuleNode] = (set() if dynamic_imported_modules is None
                                                          else dynamic_imported_modules)
        """Targets of ``import("…")``: loaded on demand, in an async resource."""
        self.dynamic_importers: set[ModuleNode] = set() if dynamic_importers is None else dynamic_importers
        """Modules that ``import()`` this one. Kept apart from ``importers`` because linking must not
        see them (a dynamic importer does not become async), but HMR and pruning count them: Vite's
        ``importers`` holds both."""
        self.resolved: dict[str, str] = {} if resolved is None else resolved
        """Specifier (as written) → module id, for every import, dynamic import and require."""
        self.externals: dict[str, str] = {} if externals is None else externals
        """Specifier → URL for imports that stay external and load natively."""
        self.kind_hint = kind_hint
        """How to read the file before it is transformed: the resolver's kind (js, cjs, json, css)
        and the ``type`` of the package.json above it (``"module"`` makes ``.js`` files ES modules)."""
        self.type: ModuleType = type
        """``"css"`` for stylesheets: they accept themselves and never count in circular-import checks."""
        self.accepted_hmr_deps: set[ModuleNode] = set() if accepted_hmr_deps is None else accepted_hmr_deps
        """Dependencies this module accepts with ``import.meta.hot.accept("./dep.js", cb)``: an update
        of one of them stops here, and this module's callbacks receive the new namespace."""
        self.accepted_hmr_exports = accepted_hmr_exports
        """Exports named by ``import.meta.hot.acceptExports([...])``: the module re-runs itself, and an
        importer that uses only these exports is not updated. ``None`` when it never calls it."""
        self.imported_bindings = imported_bindings
        """Imported module id → names this module takes from it (``"*"`` for a namespace). Only needed
        to decide whether an ``acceptExports`` update may skip this importer; ``None`` = unknown."""
        self.is_self_accepting = is_self_accepting
        """Three-valued on purpose (Vite #7561): ``None`` = no view has executed the module yet, so an
        edit has nothing to replace and must neither update nor reload. Set by ``mark_executed``."""
        if transform_result is not None:
            self.type = _type_of(transform_result)
        elif id.endswith(".css"):
            self.type = "css"

    @property
    def etag(self) -> str | None:
        return self.transform_result.etag if self.transform_result else None

    @property
    def executed(self) -> bool:
        """Some view has run this module (so an edit to it has something to replace)."""
        return self.is_self_accepting is not None

    @property
    def all_importers(self) -> set[ModuleNode]:
        """Static and dynamic importers: whoever would see a new version of this module."""
        return self.importers | self.dynamic_importers

    def __repr__(self) -> str:
        return f"ModuleNode({self.id!r})"


def _type_of(result: TransformResult) -> ModuleType:
    # Vite's rule: a stylesheet that injects itself is "css" (it accepts itself); a CSS Module or
    # a ``?inline`` text is "js": what its importers read may change.
    return "css" if result.kind == "css" and result.hot.self_accepting else "js"


class ModuleGraph:
    """Nodes by id, with both directions of every import edge."""

    def __init__(self) -> None:
        self.id_to_module: dict[str, ModuleNode] = {}

    def __iter__(self) -> Iterator[ModuleNode]:
        return iter(self.id_to_module.values())

    def __len__(self) -> int:
        return len(self.id_to_module)

    def get_module_by_id(self, module_id: str) -> ModuleNode | None:
        return self.id_to_module.get(module_id)

    def ensure_module(self, module_id: str, file: Path | None = None) -> ModuleNode:
        """The node for ``module_id``, created empty if the graph has none yet."""
        node = self.id_to_module.get(module_id)
        if node is None:
            node = self.id_to_module[module_id] = ModuleNode(module_id, file)
        return node

    def set_transform_result(self, node: ModuleNode, result: TransformResult | None) -> None:
        """Store a new transform of ``node``'s text (and the type it says: script or style)."""
        node.transform_result = result
        if result is not None:
            node.type = _type_of(result)

    def update_module_info(
        self,
        node: ModuleNode,
        imported: Iterable[ModuleNode],
        dynamic_imported: Iterable[ModuleNode] = (),
        *,
        imported_bindings: dict[str, set[str]] | None = None,
        accepted_modules: Iterable[ModuleNode] = (),
        accepted_exports: set[str] | None = None,
        is_self_accepting: bool | None = None,
    ) -> set[ModuleNode]:
        """Replace ``node``'s outgoing edges and HMR facts; return the modules nothing imports now.

        The returned modules (Vite's ``noLongerImported``) are candidates for pruning: they were
        imported by ``node`` before this call, and now have neither a static nor a dynamic
        importer. A module still reached only through someone's ``import()`` is kept: a later
        ``import()`` would have to load it again, and a view may already hold its namespace.

        ``is_self_accepting=None`` keeps the current value: the three-valued state describes the
        text a view executed, which ``mark_executed`` records, not the text just transformed.
        """
        order = list(dict.fromkeys(imported))
        no_longer_imported = self._replace_edges(node, order, set(dynamic_imported))
        node.imported_bindings = imported_bindings
        node.accepted_hmr_deps = set(accepted_modules)
        node.accepted_hmr_exports = set(accepted_exports) if accepted_exports is not None else None
        if is_self_accepting is not None:
            node.is_self_accepting = is_self_accepting
        return no_longer_imported

    def _replace_edges(
        self, node: ModuleNode, order: list[ModuleNode], dynamic: set[ModuleNode]
    ) -> set[ModuleNode]:
        """Set both sides of ``node``'s import edges; return former imports nobody imports now."""
        imported = set(order)
        previous = node.imported_modules | node.dynamic_imported_modules
        for dependency in node.imported_modules - imported:
            dependency.importers.discard(node)
        for dependency in imported - node.imported_modules:
            dependency.importers.add(node)
        for dependency in node.dynamic_imported_modules - dynamic:
            dependency.dynamic_importers.discard(node)
        for dependency in dynamic - node.dynamic_imported_modules:
            dependency.dynamic_importers.add(node)
        node.imported_modules = imported
        node.import_order = order
        node.dynamic_imported_modules = dynamic
        dropped = previous - imported - dynamic
        return {dependency for dependency in dropped if not dependency.all_importers}

    def remove_module(self, node: ModuleNode) -> set[ModuleNode]:
        """Forget ``node``; its imports lose it as an importer. Returns what nothing imports now."""
        no_longer_imported = self._replace_edges(node, [], set())
        for importer in node.importers:
            importer.imported_modules.discard(node)
            importer.import_order = [m for m in importer.import_order if m is not node]
        for importer in node.dynamic_importers:
            importer.dynamic_imported_modules.discard(node)
        for importer in node.all_importers:
            importer.accepted_hmr_deps.discard(node)
        node.importers = set()
        node.dynamic_importers = set()
        if self.id_to_module.get(node.id) is node:
            del self.id_to_module[node.id]
        return no_longer_imported - {node}

    def mark_executed(self, ids: Iterable[str]) -> set[ModuleNode]:
        """A view reported it ran these modules: they now take part in HMR. Returns the nodes.

        ``is_self_accepting`` comes from the executed text's ``import.meta.hot`` calls (as in
        Vite's importAnalysis, with ``_accepts_every_export``). CSS modules accept themselves (the runtime swaps the ``<style>``). Modules not named here
        keep their state (``None`` until some view runs them).
        """
        marked: set[ModuleNode] = set()
        for module_id in ids:
            node = self.id_to_module.get(module_id)
            if node is None:
                continue
            node.is_self_accepting = node.type == "css" or _accepts_itself(node.transform_result)
            marked.add(node)
        return marked

    def record_hot(self, node: ModuleNode, *, accepts_itself: bool, deps: Iterable[ModuleNode],
                   exports: Iterable[str] | None) -> None:
        """What a view's run of ``node`` registered with ``import.meta.hot`` (the truth, where
        the text only predicts: an ``accept()`` that never ran registers nothing), with the same
        rule for ``acceptExports`` as ``mark_executed``.
        """
        node.accepted_hmr_deps = set(deps)
        node.accepted_hmr_exports = set(exports) if exports is not None else None
        node.is_self_accepting = (node.type == "css" or accepts_itself
                                  or _accepts_every_export(node.transform_result, node.accepted_hmr_exports))

    def predict_self_accepting(self, node: ModuleNode) -> None:
        """After a new text of an executed module was sent: what its text says it will accept,
        until a view that ran it reports what it registered (``record_hot``)."""
        if node.executed:
            node.is_self_accepting = node.type == "css" or _accepts_itself(node.transform_result)

    def reachable(self, nodes: Iterable[ModuleNode]) -> list[ModuleNode]:
        """``nodes`` and every module they reach through imports and ``import()``, depth first:
        static imports in source order, then dynamic ones by id. Deterministic."""
        seen: dict[ModuleNode, None] = {}
        stack = list(reversed(list(nodes)))
        while stack:
            node = stack.pop()
            if node not in seen:
                seen[node] = None
                stack.extend(reversed([*node.import_order, *by_id(node.dynamic_imported_modules)]))
        return list(seen)

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

def _accepts_itself(result: TransformResult | None) -> bool:
    """What the text's ``import.meta.hot`` calls say. Without a transform result nothing says it
    accepts itself: propagate past it (safe side)."""
    if result is None:
        return False
    return result.hot.self_accepting or _accepts_every_export(result, result.hot.accepted_exports)


def _accepts_every_export(result: TransformResult | None, accepted: Iterable[str] | None) -> bool:
    """Vite's rule: ``acceptExports`` naming every export counts as accepting itself. A module with
    ``export * from`` has exports its text does not list, so it never does."""
    if result is None or accepted is None or result.star_exports:
        return False
    return set(result.exports) <= set(accepted)


def by_id(nodes: Iterable[ModuleNode]) -> list[ModuleNode]:
    """A set of nodes in a stable order, so that traversals do not depend on hashing."""
    return sorted(nodes, key=lambda node: node.id)
