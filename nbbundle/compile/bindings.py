"""Rewrite uses of imported bindings into member accesses on the dependency's namespace.

``count`` → ``__nbb_import_0__.count``; ``f()`` → ``(0, __nbb_import_0__.f)()`` (so ``this`` is
undefined, as in a native call); ``{ count }`` → ``{ count: __nbb_import_0__.count }``. Which
uses are imported bindings is the symbol table's answer (``scopes.py``): a parameter, ``let``,
``var``, ``catch`` binding, class or function name of the same name shadows the import, in the
scopes the language says, hoisting included.

A module's own scope has no ``arguments`` at its top level and no CommonJS ``require``,
``module``, ``exports``, ``__filename`` or ``__dirname``: natively these are global references.
In the bundle they would be the init function's ``arguments`` or, under node, the variables of
the CommonJS wrapper the bundle itself runs in, so they are rewritten to a lookup of the global
that throws the same ReferenceError when there is none (and gives "undefined" to ``typeof``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile import symbols

if TYPE_CHECKING:
    from nbbundle.compile.edits import SourceEdits
    from nbbundle.compile.symbols import Reference, SymbolTable

_SHORTHANDS = frozenset({"shorthand_property_identifier", "shorthand_property_identifier_pattern"})
#: Names that are globals in a module but bound in the bundle around it (see the docstring).
HOST_NAMES = frozenset({b"require", b"module", b"exports", b"__filename", b"__dirname"})


def _global_lookup(name: str) -> str:
    return (f'({name!r} in globalThis ? globalThis.{name}'
            f' : (() => {{ throw new ReferenceError({f"{name} is not defined"!r}); }})())').replace("'", '"')


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


def rewrite_host_globals(table: SymbolTable, references: list[Reference], edits: SourceEdits) -> None:
    """Top-level ``arguments`` and the CommonJS wrapper's names: globals, as natively."""
    for reference in references:
        name = reference.name
        if name == b"arguments":
            if reference.this_kind != symbols.PROGRAM:
                continue
        elif name not in HOST_NAMES:
            continue
        if table.resolve(name, reference.record) is not None:
            continue
        node = reference.node
        if node.type != "identifier":
            continue  # `{ module }` shorthand: left alone, it reads the same lookup rarely enough
        parent = node.parent
        while parent is not None and parent.type == "parenthesized_expression":
            parent = parent.parent
        text = name.decode()
        if parent is not None and parent.type == "unary_expression" and parent.children[0].type == "typeof":
            edits.replace(node.start_byte, node.end_byte, f"globalThis.{text}")
        else:
            edits.replace(node.start_byte, node.end_byte, _global_lookup(text))
