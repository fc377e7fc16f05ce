"""Rewrite reads of imported bindings into member accesses on the dependency's namespace.

``count`` → ``__nbb_import_0__.count``; ``f()`` → ``(0, __nbb_import_0__.f)()`` (so ``this`` is
undefined, as in a native call); ``{ count }`` → ``{ count: __nbb_import_0__.count }``. A name
is left alone where a parameter, ``let``, ``var``, ``catch`` or inner declaration shadows it.

Finding the reads without walking the tree: every whole-word occurrence of an imported name is
a candidate (``bytes.find``, in C), the tree says what node is there, and only declarations of
an imported name make the ancestor check needed. A module rarely redeclares an import, so most
modules never pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import nbbundle.compile.parse as ts
from nbbundle.compile.errors import ParseError, make_diagnostic

if TYPE_CHECKING:
    from collections.abc import Callable

    from tree_sitter import Node

    from nbbundle.compile.edits import SourceEdits

_REFERENCE_TYPES = frozenset(
    {"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"}
)
_SKIP_PARENTS = frozenset({"import_specifier", "namespace_import", "import_clause", "export_specifier"})


def occurrences(data: bytes, names: list[str]) -> list[tuple[int, int]]:
    """Byte ranges where one of ``names`` appears as a whole word.

    A ``bytes.find`` per name beats one alternation regex: compiling that regex for every
    module cost more than all the searching.
    """
    return [(start, start + len(needle)) for needle in (n.encode() for n in names)
            for start in ts.word_positions(data, needle)]


def rewrite_references(
    module_id: str,
    source: str,
    root: Node,
    bindings: dict[str, str],
    edits: SourceEdits,
    in_removed: Callable[[int], bool],
) -> None:
    """Add an edit for every read of an imported name; ``bindings`` maps name → access text.

    Raises ``ParseError`` when the module declares an imported name again at its top level
    (a SyntaxError natively).
    """
    data = edits.data
    references: list[Node] = []
    shadowing: dict[str, set[int]] = {}
    for start, end in occurrences(data, list(bindings)):
        if in_removed(start):
            continue
        node = root.descendant_for_byte_range(start, end)
        if node is None or node.type not in _REFERENCE_TYPES or node.start_byte != start or node.end_byte != end:
            continue  # a property name, a string, a comment, …
        parent = node.parent
        if parent is not None and parent.type in _SKIP_PARENTS:
            continue
        scope = ts.binding_scope(node)
        if scope is None:
            references.append(node)
            continue
        name = ts.name_of(node)
        if scope.type == "program":
            raise ParseError([make_diagnostic(
                "DUPLICATE_DECLARATION", f'Identifier "{name}" has already been declared',
                module_id, source, (start, end), source_bytes=data,
                hint=f'"{name}" is imported in this module; rename the import or the declaration.',
            )])
        shadowing.setdefault(name, set()).add(scope.id)
    for node in references:
        name = ts.name_of(node)
        scopes = shadowing.get(name)
        if scopes and ts.is_inside(node, scopes):
            continue
        access = bindings[name]
        parent = node.parent
        if node.type != "identifier":
            replacement = f"{name}: {access}"  # `{ name }` shorthand
        elif parent.type == "call_expression" and parent.child_by_field_name("function") == node:
            replacement = f"(0, {access})"  # a call with `this` undefined, as natively
        else:
            replacement = access
        edits.replace(node.start_byte, node.end_byte, replacement)
