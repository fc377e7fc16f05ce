"""``@import`` cycles between stylesheets: a link error, as esbuild reports them.

A stylesheet inlines what it ``@import``s (``compile/stylesheets.py``: a dependency on the
file's ``?inline`` module, whose value is its text), so a cycle has no text to inline: the
module that would read a text not made yet. Browsers skip an ``@import`` that is already
loading; a bundle that did so silently would drop styles nobody asked to drop, so the cycle
is reported, at the ``@import`` that closes it, with its frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.errors import Diagnostic, make_diagnostic

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.bundle.graph import ModuleNode


def _inlined(node: ModuleNode) -> list[tuple[int, ModuleNode]]:
    """The stylesheets ``node`` inlines with ``@import``: (import index, module)."""
    result = node.transform_result
    if result is None or result.kind != "css":
        return []
    found = []
    for index, record in enumerate(result.imports):
        module_id = node.resolved.get(record.specifier)
        if module_id is None or not module_id.endswith("?inline"):
            continue
        dependency = next((m for m in node.imported_modules if m.id == module_id), None)
        if dependency is not None:
            found.append((index, dependency))
    return found


def import_cycle(node: ModuleNode, source_of: Callable[[ModuleNode], str | None],
                 reported: set[frozenset[str]]) -> Diagnostic | None:
    """The diagnostic of an ``@import`` of ``node`` that leads back to ``node``'s own file;
    None when there is none or ``reported`` has its cycle (which this adds it to): one cycle,
    one error, at the first of its files the link meets."""
    start = node.id.split("?", 1)[0]
    for index, first in _inlined(node):
        path = [first]
        seen = {first.id}
        stack = [(first, iter(_inlined(first)))]
        while stack:
            if stack[-1][0].id.split("?", 1)[0] == start:
                record = node.transform_result.imports[index]  # type: ignore[union-attr]
                files = [start, *(m.id.split("?", 1)[0] for m in path)]
                if frozenset(files) in reported:
                    return None
                reported.add(frozenset(files))
                chain = " → ".join(files)
                return make_diagnostic(
                    "CSS_IMPORT_CYCLE", f"@import cycle: {chain}", node.id, source_of(node), record.byte_range,
                    hint="A stylesheet cannot include itself; remove one of these @import rules.")
            current, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                continue
            if child[1].id not in seen:
                seen.add(child[1].id)
                path.append(child[1])
                stack.append((child[1], iter(_inlined(child[1]))))
    return None
