"""Rewrite uses of imported bindings into member accesses on the dependency's bindings.

``count`` → ``__nbb_import_0__.count``; ``f()`` → ``(0, __nbb_import_0__.f)()`` (so ``this`` is
undefined, as in a native call); ``{ count }`` → ``{ count: __nbb_import_0__.count }``. Which
uses are imported bindings is the symbol table's answer (``scopes.py``): a parameter, ``let``,
``var``, ``catch`` binding, class or function name of the same name shadows the import, in the
scopes the language says, hoisting included.

``__nbb_import_0__`` is the dependency's *bindings* object (``__nbb_require__.b``): its exports
as accessors, which engines inline, where every read through the namespace (a Proxy) costs a
trap call. It is only ever read from, never shown to the module's code. So a namespace import
``ns`` becomes the bindings object only where it is read from by name (``ns.count``, not called:
``ns.f()`` passes the namespace as ``this``; not written: writes must fail as on a namespace);
everywhere else ``ns`` is the namespace itself (``const ns = …`` in the prologue).

A module's own scope has no ``arguments`` at its top level and no CommonJS ``require``,
``module``, ``exports``, ``__filename`` or ``__dirname``: natively these are global references.
In the bundle they would be the init function's ``arguments`` or, under node, the variables of
the CommonJS wrapper the bundle itself runs in, so they are rewritten to a lookup of the global
that throws the same ReferenceError when there is none (and gives "undefined" to ``typeof``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript import symbols

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.symbols import Reference, SymbolTable
    from nbbundle.compile.text.edits import SourceEdits

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
            edits.replace(node.start_byte, node.end_byte, f"{node.text.decode()}: {access}")  # `{ name }` shorthand
        elif node.start_byte in callees:
            edits.call(node.start_byte, node.end_byte, f"(0, {access})")  # a call with `this` undefined, as natively
        else:
            edits.replace(node.start_byte, node.end_byte, access)


def rewrite_namespace_reads(table: SymbolTable, references: list[Reference], aliases: dict[bytes, str],
                            edits: SourceEdits) -> None:
    """``ns.count`` → ``__nbb_import_0__.count`` where ``ns`` is a namespace import only read from.

    ``aliases`` maps each namespace import's local name to its dependency's bindings alias.
    """
    program = table.program
    for reference in references:
        alias = aliases.get(reference.name)
        if alias is None or reference.node.type != "identifier":
            continue
        if _is_member_read(reference.node) and table.resolve(reference.name, reference.record) is program:
            edits.replace(reference.node.start_byte, reference.node.end_byte, alias)


#: Patterns whose elements are assignment targets (``[ns.x] = a``, ``[...ns.x] = a``).
_TARGET_PATTERNS = frozenset({"array_pattern", "rest_pattern"})
#: Expressions and statements whose ``left`` is an assignment target.
_ASSIGNING = frozenset({"assignment_expression", "augmented_assignment_expression", "for_in_statement",
                        "assignment_pattern"})


def _is_member_read(node: Node) -> bool:
    """Whether ``node`` is the object of ``node.name`` that is only read (not called, not written).

    ``ns.f()``, ``ns.f?.()``, ``(ns.f)()`` and ``ns.f`tpl``` call ``f`` with ``this`` the
    namespace; ``ns.x = 1``, ``ns.x++``, ``delete ns.x`` and destructuring targets must fail as
    on a namespace. ``ns?.x`` and ``ns["x"]`` stay as written too.
    """
    member = node.parent
    if member is None or member.type != "member_expression" or member.child_by_field_name("object") != node:
        return False
    property_node = member.child_by_field_name("property")
    if property_node is None or property_node.type != "property_identifier":
        return False
    if member.child_by_field_name("optional_chain") is not None:
        return False
    outer, up = member, member.parent
    while up is not None and up.type == "parenthesized_expression":
        outer, up = up, up.parent
    if up is None:
        return True
    kind = up.type
    if kind == "call_expression":
        return up.child_by_field_name("function") != outer
    if kind in _ASSIGNING:
        return up.child_by_field_name("left") != outer
    if kind == "pair_pattern":
        return up.child_by_field_name("value") != outer
    if kind == "unary_expression":
        operator = up.child_by_field_name("operator")
        return operator is None or operator.type != "delete"
    return kind != "update_expression" and kind not in _TARGET_PATTERNS


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
