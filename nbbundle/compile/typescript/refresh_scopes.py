"""Which names a scope declares, for Fast Refresh's signatures: Babel's ``scope.hasBinding``,
asked where a signature is written, decides whether a custom hook goes into the signature's
getter (bound there) or forces a remount (a global, or declared out of reach).

Shallow on purpose, as ``PrePass.shadowed`` is: parameters, a function expression's own name,
the declarations made directly in a block, a ``for`` head, a ``catch`` clause and the module
(imports included); enough for the names hooks are called by.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.typescript.syntax import FUNCTION_TYPES

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})


def is_bound(p: PrePass, name: str, start: Node, cache: dict[int, set[str]]) -> bool:
    """``scope.hasBinding``: whether ``name`` is declared in a scope from ``start`` outwards.

    The scopes of a function (parameters, its own name, its body's declarations), of blocks,
    ``for`` heads and ``catch`` clauses, and of the module (imports and declarations)."""
    def declared(scope: Node) -> set[str]:
        if scope.id not in cache:
            cache[scope.id] = _declared(p, scope)
        return cache[scope.id]

    current: Node | None = start
    while current is not None:
        if current.type in FUNCTION_TYPES:
            parameters = current.child_by_field_name("parameters") or current.child_by_field_name("parameter")
            own = current.child_by_field_name("name")
            if name in p.pattern_names(parameters) or (own is not None and current.type not in _DECLARATIONS
                                                        and p.text(own) == name):
                return True
            body = current.child_by_field_name("body")
            if body is not None and body.type == "statement_block" and name in declared(body):
                return True
        elif current.type in ("statement_block", "program", "for_statement", "for_in_statement"):
            if name in declared(current):
                return True
        elif current.type == "catch_clause" and name in p.pattern_names(current.child_by_field_name("parameter")):
            return True
        current = current.parent
    return False


def _declared(p: PrePass, scope: Node) -> set[str]:
    """Names declared directly in a block, a ``for`` head or the module (imports included)."""
    found: set[str] = set()
    statements = list(scope.named_children)
    head = scope.child_by_field_name("initializer") or scope.child_by_field_name("left")
    if head is not None:
        statements.append(head)
    for statement in statements:
        if p.is_blanked(statement.start_byte) and statement.type != "program":
            continue
        if statement.type == "export_statement":
            statement = statement.child_by_field_name("declaration") or statement
        if statement.type in ("lexical_declaration", "variable_declaration"):
            for declarator in statement.named_children:
                if declarator.type == "variable_declarator":
                    found |= p.pattern_names(declarator.child_by_field_name("name"))
        elif statement.type in ("function_declaration", "generator_function_declaration", "class_declaration",
                                "abstract_class_declaration"):
            declared = statement.child_by_field_name("name")
            if declared is not None:
                found.add(p.text(declared))
        elif statement.type == "import_statement":
            found |= _import_names(p, statement)
        elif statement.type in ("identifier", "array_pattern", "object_pattern") and statement == head:
            found |= p.pattern_names(statement)
    return found


def _import_names(p: PrePass, statement: Node) -> set[str]:
    names: set[str] = set()
    clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
    for part in clause.named_children if clause is not None else ():
        if part.type == "identifier":
            names.add(p.text(part))
        elif part.type == "namespace_import":
            names |= {p.text(c) for c in part.named_children if c.type == "identifier"}
        elif part.type == "named_imports":
            for specifier in part.named_children:
                if specifier.type == "import_specifier" and not p.is_blanked(specifier.start_byte):
                    local = specifier.child_by_field_name("alias") or specifier.child_by_field_name("name")
                    names.add(p.text(local))
    return names
