"""Tree shaking for production builds: from the whole graph, what is used; the rest blanked or dropped.

The compiler records each ES module's top-level statements (``TransformResult.top_level``:
range, names declared, names and imports used, side effects). Here, after linking, one pass
over the graph marks what the program needs, as esbuild's linker does with its parts:

* the entry runs and all its exports are used; so are all exports of an ``import()`` target
  (the promise gives its namespace) and of an ES module a CommonJS ``require`` returns; an
  ``import(expression)`` anywhere (resolved at run time) keeps every module, every export;
* a module that runs keeps its statements with side effects; a statement kept keeps the
  statements that declare the names it uses, and the exports it uses of its imports;
* an export used keeps its local declaration, or the export it re-exports (through ``export
  *`` too: the dependency the link chose); ``import * as ns`` used as a value (``ns`` alone,
  ``ns.f()``, ``ns[k]``, ``export { ns }``) uses every export; ``ns.x`` read uses ``x``;
* a module runs when something it exports is used, or when an importer runs and it *has side
  effects*: its own statements do, or a module it imports has them, unless its package.json
  declares it free of them (``sideEffects``, ``side_effects.py``: then it and what it imports
  go when nothing of it is used, as with esbuild and webpack). CommonJS, CSS, assets and
  modules without statement facts (a direct ``eval``) have side effects and are kept whole.

Unused statements are *blanked*, not cut: every character but line terminators becomes a
space, and the first a ``;`` (the statements around it stay apart, as they were with it
between them). Every byte that remains keeps its line and column, so the compiler's position
maps (source maps) hold without another map. A minified build cuts them instead (both in
``statement_removal.py``: one ``;`` stands for a run of them, and the cut is composed into the
module's position map), then minifies what each module keeps (``transform.minified``: the
minifier reads only the program's code, esbuild's order) and renames its getters to the
module's new short names (``link.renamed_getters``). Unused
exports lose their getters; modules nothing needs leave the bundle, and their importers'
prologues do not take or run them (``LinkedModule.dropped``).

The result is a new graph of copies (``ShakenBuild``): the graph, its transform results
(cached in memory and on disk) and the link are left as they were.

A little over 400 lines on purpose: the marking and the copies it makes are one pass over the
graph (``shake``); package.json's ``sideEffects`` is ``side_effects.py``'s, and how a dropped
statement leaves the text is ``statement_removal.py``'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.bundle.export_resolution import Linker
from nbbundle.bundle.graph import ModuleGraph, ModuleNode
from nbbundle.bundle.link import renamed_getters
from nbbundle.bundle.side_effects import PackageSideEffects
from nbbundle.bundle.statement_removal import blank_result, remove
from nbbundle.compile.module import LocalExport, ReExport
from nbbundle.compile.record import Record
from nbbundle.compile.transform import minified

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.bundle.link import LinkedModule
    from nbbundle.compile.module import TopLevelStatement, TransformResult
    from nbbundle.resolve.filesystem import FileSystem

__all__ = ["ShakenBuild", "blank", "shake", "shake_with_packages"]



class ShakenBuild(Record):
    __slots__ = _fields = ("graph", "entry", "linked")

    def __init__(self, graph: ModuleGraph, entry: ModuleNode, linked: dict[str, LinkedModule]) -> None:
        self.graph = graph
        """Copies of the modules the program needs, their import edges to each other only."""
        self.entry = entry
        self.linked = linked


def shake(graph: ModuleGraph, entry: ModuleNode, linked: dict[str, LinkedModule], *,
          declared_free: Callable[[ModuleNode], bool] = lambda node: False, minify: bool = False) -> ShakenBuild:
    """What ``entry`` needs of ``graph`` (linked as ``linked``). ``declared_free``: whether a
    module's package says it has no side effects (``side_effects.PackageSideEffects``).
    ``minify``: unused statements are cut (``statement_removal.remove``, their maps composed),
    not blanked: a minified build keeps no lines and columns, and blanks would be most of it;
    then each module that stays is minified, what stays of it only."""
    marking = _Marking(graph, linked, declared_free)
    marking.run(entry)
    return marking.result(entry, remove if minify else blank_result, minify=minify)


def shake_with_packages(graph: ModuleGraph, entry: ModuleNode, linked: dict[str, LinkedModule],
                        fs: FileSystem, *, minify: bool = False) -> ShakenBuild:
    """``shake``, with what the modules' package.json files say of side effects (read through ``fs``)."""
    packages = PackageSideEffects(fs)
    return shake(graph, entry, linked, minify=minify,
                 declared_free=lambda node: node.file is not None and packages.declared_free(str(node.file)))


class _Marking:
    """One mark phase over the graph, with a work list (no recursion on the graph's depth)."""

    def __init__(self, graph: ModuleGraph, linked: dict[str, LinkedModule],
                 declared_free: Callable[[ModuleNode], bool]) -> None:
        self.graph = graph
        self.linked = linked
        self.linker = Linker(graph)
        self.free = {node.id: declared_free(node) for node in graph}
        self.components = _cycles(graph)
        self.effects = _modules_with_effects(graph, self.free, self._has_effects)
        self.open_world = any(node.transform_result is not None and node.transform_result.computed_import
                              for node in graph)
        """An ``import(expression)`` can reach any module of the bundle: every one stays, with every export."""
        self.running: set[str] = set()
        self.kept: dict[str, set[int]] = {}
        self.used: dict[str, set[str]] = {}
        self.all_used: set[str] = set()
        self.declaring: dict[str, dict[str, list[int]]] = {}
        self._work: list[tuple[int, ModuleNode, object]] = []

    # -- the work list: (what, module, detail) --------------------------------------------

    def run(self, entry: ModuleNode) -> None:
        self._use_all(entry)
        if self.open_world:  # an import(expression) may name any module: all stay, every export
            for node in self.graph:
                self._use_all(node)
        work = self._work
        while work:
            what, node, detail = work.pop()
            if what == _RUN:
                self._run(node)
            elif what == _STATEMENT:
                self._keep_statement(node, detail)  # type: ignore[arg-type]
            elif what == _EXPORT:
                self._use_export(node, detail)  # type: ignore[arg-type]
            else:
                self._use_all_now(node)

    def _use_all(self, node: ModuleNode | None) -> None:
        if node is not None and node.id not in self.all_used:
            self._work.append((_ALL, node, None))

    def _use(self, node: ModuleNode | None, name: str) -> None:
        if node is None:
            return
        if name == "*":
            self._use_all(node)
        elif name not in self.used.setdefault(node.id, set()):
            self._work.append((_EXPORT, node, name))

    def _start(self, node: ModuleNode) -> None:
        if node.id not in self.running:
            self.running.add(node.id)
            self._work.append((_RUN, node, None))

    # -- the steps ----------------------------------------------------------------------------

    def _run(self, node: ModuleNode) -> None:
        """``node`` runs: its statements with side effects stay, and so do the imports that run."""
        result = node.transform_result
        if result is None:
            return
        facts = _facts(result, self.linked.get(node.id))
        if facts is None:
            self._run_whole(node, result)
            return
        for index, statement in enumerate(facts):
            if self._has_effects(node, statement):
                self._work.append((_STATEMENT, node, index))
        for index in range(len(result.imports)):
            dependency = self.linker.dependency(node, index)
            if dependency is not None and dependency.id in self.effects:
                self._start(dependency)
        self._dynamic_targets(node, result)

    def _dynamic_targets(self, node: ModuleNode, result: TransformResult) -> None:
        """What ``import()`` gives is the target's namespace: every export of it is used."""
        for target in node.dynamic_imported_modules:
            self._use_all(target)
        for record in result.dynamic_imports:
            module_id = node.resolved.get(record.specifier)
            self._use_all(self.graph.get_module_by_id(module_id) if module_id else None)

    def _run_whole(self, node: ModuleNode, result: TransformResult) -> None:
        """A module kept as it is: every import it makes is used, as written."""
        for index, record in enumerate(result.imports):
            dependency = self.linker.dependency(node, index)
            if dependency is None:
                continue
            if record.kind == "require" or result.kind != "esm":
                self._use_all(dependency)  # require() returns the namespace; CSS reads its imports
                continue
            for imported in record.names:
                self._use(dependency, imported.imported)
            if dependency.id in self.effects:
                self._start(dependency)
        self._dynamic_targets(node, result)

    def _keep_statement(self, node: ModuleNode, index: int) -> None:
        kept = self.kept.setdefault(node.id, set())
        if index in kept:
            return
        kept.add(index)
        self._start(node)
        result = node.transform_result
        assert result is not None and result.top_level is not None
        statement = result.top_level[index]
        declaring = self._declaring(node, result)
        for name in statement.references:
            for other in declaring.get(name, ()):
                self._work.append((_STATEMENT, node, other))
        for dependency_index, imported in statement.imports:
            self._use(self.linker.dependency(node, dependency_index), imported)

    def _use_export(self, node: ModuleNode, name: str) -> None:
        self.used.setdefault(node.id, set()).add(name)
        self._start(node)
        result = node.transform_result
        if result is None or result.kind != "esm":
            return
        export = result.exports.get(name)
        if isinstance(export, LocalExport):
            if result.top_level is not None:
                for index in self._declaring(node, result).get(export.local, ()):
                    self._work.append((_STATEMENT, node, index))
        elif isinstance(export, ReExport):
            self._use(self.linker.dependency(node, export.dependency), export.imported)
        elif export is None:
            index = self.linker.star_source(node, name)
            if index is not None:
                self._use(self.linker.dependency(node, index), name)
            else:  # a URL module's star, or CommonJS's names: whatever any star brings
                for star in result.star_exports:
                    dependency = self.linker.dependency(node, star)
                    if dependency is not None:
                        self._use(dependency, name)

    def _use_all_now(self, node: ModuleNode) -> None:
        if node.id in self.all_used:
            return
        self.all_used.add(node.id)
        self._start(node)
        # The namespace's names are its getters: the link makes one for every name it exports,
        # through `export *` too, but for those two stars give (which the namespace leaves out).
        linked = self.linked.get(node.id)
        for name in (linked.getters if linked is not None else ()):
            self._use(node, name)

    def _has_effects(self, node: ModuleNode, statement: TopLevelStatement) -> bool:
        """A statement's side effects, knowing which imported functions are marked
        ``/* #__NO_SIDE_EFFECTS__ */`` where they are declared (through re-exports)."""
        if not statement.side_effects:
            return False
        if not statement.free_if and not statement.reads:
            return True
        for index, _ in (*statement.reads, *statement.free_if):
            # An import read as the module runs is initialized unless a cycle runs this module
            # before its dependency (a dependency outside this module's cycle has finished). A
            # call reads its callee: a `/* #__NO_SIDE_EFFECTS__ */` function in its TDZ throws.
            dependency = self.linker.dependency(node, index)
            if dependency is None or self.components.get(dependency.id) == self.components.get(node.id):
                return True
        for index, name in statement.free_if:
            dependency = self.linker.dependency(node, index)
            assert dependency is not None  # (the loop above has answered for a missing one)
            binding = self.linker.resolve_export(dependency, name)
            if not binding or binding[0] != "local":
                return True
            declaring = self.graph.get_module_by_id(binding[1])
            result = declaring.transform_result if declaring is not None else None
            if result is None or binding[2] not in result.no_side_effects:
                return True
        return False

    def _declaring(self, node: ModuleNode, result: TransformResult) -> dict[str, list[int]]:
        found = self.declaring.get(node.id)
        if found is None:
            found = self.declaring[node.id] = {}
            for index, statement in enumerate(result.top_level or ()):
                for name in statement.declares:
                    found.setdefault(name, []).append(index)
        return found

    # -- the result ---------------------------------------------------------------------------

    def result(self, entry: ModuleNode,
               drop_statements: Callable[[TransformResult, list[TopLevelStatement]], TransformResult], *,
               minify: bool = False) -> ShakenBuild:
        graph = ModuleGraph()
        copies: dict[str, ModuleNode] = {}
        for node in self.graph:
            if node.id not in self.running:
                continue
            result = node.transform_result
            linked = self.linked.get(node.id)
            facts = _facts(result, linked) if result is not None else None
            if facts is not None and result is not None:
                kept = self.kept.get(node.id, set())
                drop = [statement for index, statement in enumerate(facts) if index not in kept]
                if drop:
                    result = drop_statements(result, drop)
            if minify and result is not None:
                # Minified once what stays is known: the cost is the program's, not its packages'.
                result = minified(result)
            copy = ModuleNode(node.id, node.file, result, resolved=node.resolved, externals=node.externals,
                              kind_hint=node.kind_hint)
            copy.type = node.type
            copies[node.id] = graph.id_to_module[node.id] = copy
        shaken_links: dict[str, LinkedModule] = {}
        for node in self.graph:
            copy = copies.get(node.id)
            if copy is None:
                continue
            copy.import_order = [copies[d.id] for d in node.import_order if d.id in copies]
            copy.imported_modules = set(copy.import_order)
            copy.dynamic_imported_modules = {copies[d.id] for d in node.dynamic_imported_modules if d.id in copies}
            linked = self.linked.get(node.id)
            if linked is not None:
                shaken_links[node.id] = self._shaken_link(node, linked, copy.transform_result)
        return ShakenBuild(graph, copies[entry.id], shaken_links)

    def _shaken_link(self, node: ModuleNode, linked: LinkedModule, shaken: TransformResult | None) -> LinkedModule:
        result = node.transform_result
        if result is None or result.kind != "esm":
            return linked
        renamed = shaken is not None and shaken.names != result.names
        if linked.error is not None:
            return self._renamed(node, linked, linked.getters, shaken) if renamed else linked
        used = self.used.get(node.id, set())
        dropped = frozenset(index for index in range(len(result.imports))
                            if (dependency := self.linker.dependency(node, index)) is not None
                            and dependency.id not in self.running)
        getters = {name: getter for name, getter in linked.getters.items() if name in used}
        if renamed:  # (only the getters that stay: an `export *` of a big package has thousands)
            return self._renamed(node, linked, getters, shaken).replace(dropped=dropped)
        if getters == linked.getters and not dropped:
            return linked
        return linked.replace(getters=getters, dropped=dropped)

    def _renamed(self, node: ModuleNode, linked: LinkedModule, getters: dict[str, str],
                 shaken: TransformResult | None) -> LinkedModule:
        """``linked`` with ``getters`` reading the names of ``shaken``, the module minified after
        linking (its compiler names short, its default export's local too)."""
        assert shaken is not None
        return linked.replace(getters=renamed_getters(self.linker, node, shaken, getters))


_RUN, _STATEMENT, _EXPORT, _ALL = range(4)


def _facts(result: TransformResult | None, linked: LinkedModule | None) -> tuple[TopLevelStatement, ...] | None:
    """The statements to shake, or None for a module kept whole (no facts, or it cannot link)."""
    if result is None or result.kind != "esm" or (linked is not None and linked.error is not None):
        return None
    return result.top_level


def _cycles(graph: ModuleGraph) -> dict[str, int]:
    """Each module's strongly connected component of static imports (Tarjan's, with a stack of
    its own): two modules share a number exactly when they import each other, directly or not."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[ModuleNode] = []
    component: dict[str, int] = {}
    counter = 0
    for root in graph:
        if root.id in index:
            continue
        work: list[tuple[ModuleNode, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node.id] = low[node.id] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node.id)
            if child < len(node.import_order):
                work.append((node, child + 1))
                dependency = node.import_order[child]
                if dependency.id not in index:
                    work.append((dependency, 0))
                elif dependency.id in on_stack:
                    low[node.id] = min(low[node.id], index[dependency.id])
                continue
            if low[node.id] == index[node.id]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member.id)
                    component[member.id] = index[node.id]
                    if member is node:
                        break
            if work:
                parent = work[-1][0]
                low[parent.id] = min(low[parent.id], low[node.id])
    return component


def _modules_with_effects(graph: ModuleGraph, free: dict[str, bool],
                          has_effects: Callable[[ModuleNode, TopLevelStatement], bool]) -> set[str]:
    """Modules whose running does something: their own statements, or a module they import
    that does (so dropping them would skip it), unless their package declares them free."""
    effects: set[str] = set()
    pending: list[ModuleNode] = []
    for node in graph:
        if not free[node.id] and _own_effects(node, has_effects):
            effects.add(node.id)
            pending.append(node)
    while pending:
        node = pending.pop()
        for importer in node.importers:
            if importer.id not in effects and not free.get(importer.id, False):
                effects.add(importer.id)
                pending.append(importer)
    return effects


def _own_effects(node: ModuleNode, has_effects: Callable[[ModuleNode, TopLevelStatement], bool]) -> bool:
    result = node.transform_result
    if result is None:
        return True
    if result.kind == "json":
        return False
    if result.kind != "esm" or result.top_level is None:
        return True
    return any(has_effects(node, statement) for statement in result.top_level)
