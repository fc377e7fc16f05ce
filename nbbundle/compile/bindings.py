"""Rewrite uses of imported bindings into member accesses on the dependency's namespace.

``count`` → ``__nbb_import_0__.count``; ``f()`` → ``(0, __nbb_import_0__.f)()`` (so ``this`` is
undefined, as in a native call); ``{ count }`` → ``{ count: __nbb_import_0__.count }``. Which
uses are imported bindings is the symbol table's answer (``scopes.py``): a parameter, ``let``,
``var``, ``catch`` binding, class or function name of the same name shadows the import, in the
scopes the language says, hoisting included.

Top-level ``arguments`` in a module is a global reference natively (there is no enclosing
function); in the init function it would be the wrapper's, so it is rewritten to a lookup of the
global that throws the same ReferenceError when there is none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile import scopes

if TYPE_CHECKING:
    from nbbundle.compile.edits import SourceEdits
    from nbbundle.compile.scopes import Reference, SymbolTable

_SHORTHANDS = frozenset({"shorthand_property_identifier", "shorthand_property_identifier_pattern"})
_GLOBAL_ARGUMENTS = (
    '("arguments" in globalThis ? globalThis.arguments'
    ' : (() => { throw new ReferenceError("arguments is not defined"); })())'
)


def rewrite_imported(table: SymbolTable, references: list[Reference], accesses: dict[bytes, str],
                     callees: set[int], edits: SourceEdits) -> None:
    """Add an edit for every use of an imported name; ``accesses`` maps name → access text."""
    program = table.program
    for reference in references:
        access = accesses.get(reference.name)
        if access is None or table.resolve(reference.name, reference.record) is not program:
            continue
        node = reference.node
        if node.type in _SHORTHANDS:
            replacement = f"{node.text.decode()}: {access}"  # `{ name }` shorthand
        elif node.start_byte in callees:
            replacement = f"(0, {access})"  # a call with `this` undefined, as natively
        else:
            replacement = access
        edits.replace(node.start_byte, node.end_byte, replacement)


def rewrite_top_level_arguments(table: SymbolTable, references: list[Reference], edits: SourceEdits) -> None:
    """``arguments`` outside every function of a module: the global, as natively."""
    for reference in references:
        if reference.name != b"arguments" or reference.this_kind != scopes.PROGRAM:
            continue
        if table.resolve(reference.name, reference.record) is not None:
            continue
        node = reference.node
        operand, parent = node, node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            operand, parent = parent, parent.parent
        if parent is not None and parent.type == "unary_expression" and parent.children[0].type == "typeof":
            edits.replace(node.start_byte, node.end_byte, "globalThis.arguments")
        else:
            edits.replace(node.start_byte, node.end_byte, _GLOBAL_ARGUMENTS)
