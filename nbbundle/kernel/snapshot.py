"""A module's graph state before a run, to put back when the run fails to link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nbbundle.compile.module import LocalExport
from nbbundle.kernel.view_host import hot_facts

if TYPE_CHECKING:
    from nbbundle.bundle.graph import ModuleGraph, ModuleNode


def same_shape(old: Any, node: ModuleNode) -> bool:
    """Whether importers can keep their linked code: the same export names and stars, and the
    same of them ``let``, ``const`` or classes (importers list those: TDZ before it starts).

    A change of async-ness is caught after linking (``_relink`` compares ``is_async``).
    """
    new = node.transform_result
    if old is None or new is None:
        return False
    return old.exports.keys() == new.exports.keys() and len(old.star_exports) == len(new.star_exports) == 0 \
        and _lexical_names(old) == _lexical_names(new)


def _lexical_names(result: Any) -> set[str]:
    return {name for name, export in result.exports.items() if isinstance(export, LocalExport) and export.lexical}


@dataclass
class Snapshot:
    """A module's graph state before a cell run, to put back when the run fails to link."""

    existed: bool
    result: Any
    imports: list[ModuleNode]
    dynamic: set[ModuleNode]
    resolved: dict[str, str]
    externals: dict[str, str]
    hot: tuple[Any, ...]
    """accepted_hmr_deps, accepted_hmr_exports, imported_bindings: what the views run."""

    @classmethod
    def of(cls, node: ModuleNode) -> Snapshot:
        return cls(node.transform_result is not None, node.transform_result, list(node.import_order),
                   set(node.dynamic_imported_modules), dict(node.resolved), dict(node.externals), hot_facts(node))

    def restore(self, graph: ModuleGraph, node: ModuleNode, new_nodes: list[ModuleNode]) -> None:
        graph.set_transform_result(node, self.result)
        node.resolved, node.externals = self.resolved, self.externals
        accepted, exports, bindings = self.hot
        graph.update_module_info(node, self.imports, self.dynamic, imported_bindings=bindings,
                                 accepted_modules=accepted, accepted_exports=exports)
        for added in new_nodes:
            if not added.all_importers and graph.get_module_by_id(added.id) is added:
                graph.remove_module(added)
        if not self.existed and graph.get_module_by_id(node.id) is node:
            graph.remove_module(node)
