"""What a statement may do where it stands: ``return``, ``await``, ``new.target``, ``super``,
``break``/``continue`` and labels, judged from the innermost record of the sweep (``scopes.py``).

Each check looks at the record on top of the sweep's stack and the few fields it carries
(the nearest function, the labels and loops in force), never up the tree, so it costs the same
at any depth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import identifier_name
from nbbundle.compile.javascript.symbols import (
    CLASS,
    FIELD,
    FUNCTION,
    LABEL,
    PROGRAM,
    STATIC_BLOCK,
    Problem,
    Record,
    Reference,
)

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.symbols import SymbolTable


def labeled(table: SymbolTable, statement: Node, label: Node, top: Record) -> Record:
    """The record a labeled statement opens (a label twice in one function is an error)."""
    name = label.text.decode() if label.text else ""
    if any(entry[0] == name for entry in top.labels):
        table.problems.append(Problem("DUPLICATE_LABEL", f'Label "{name}" has already been declared', label,
                                      "A label inside a statement with the same label: rename one."))
    record = Record(LABEL, statement, statement.end_byte, top)
    record.labels = (*top.labels, (name, statement))
    return record


def awaited(table: SymbolTable, node: Node, top: Record, *, call_reading: bool = False) -> None:
    """An ``await`` (or ``for await``). ``call_reading``: in a script, an await expression that
    also reads as the identifier ``await`` applied to ``(…)``, ``[…]`` or a template
    (``grammar_repairs.script_await_calls``); outside async functions and static blocks
    (where ``await`` is reserved) it is that: a reference to whatever ``await`` names there, no
    await. A field initializer is as the function around its class."""
    var_scope = top.var_scope
    if call_reading:
        owner = var_scope
        while owner.kind == FIELD and owner.parent is not None:  # only classes nested in fields
            owner = owner.parent.var_scope
        if owner.kind == PROGRAM or (owner.kind != STATIC_BLOCK and not is_async(owner.node)):
            table.references.append(Reference(b"await", node.children[0], top.scope, top.this_scope.kind))
            return
    if var_scope.kind == PROGRAM:
        if table.top_level_await is None:
            table.top_level_await = node
        table.top_level_awaits.append(node)
    else:
        table.awaits_in_functions.append((node, var_scope))


def is_async(function: Node) -> bool:
    """Whether a function, method or arrow node is async (its ``async`` comes before its name)."""
    for child in function.children:
        if child.type == "async":
            return True
        if child.type in ("function", "formal_parameters", "identifier", "property_identifier", "statement_block"):
            return False
    return False


def yielded(table: SymbolTable, node: Node, top: Record) -> None:
    # Outside every function: an error of the module (it would run as a yield of the generator
    # an async module's init function is).
    if top.var_scope.kind == PROGRAM:
        table.top_level_yields.append(node)


def returned(table: SymbolTable, node: Node, top: Record) -> None:
    owner = top.var_scope.kind
    if owner == PROGRAM:
        table.top_level_returns.append(node)
    elif owner in (STATIC_BLOCK, FIELD):
        table.problems.append(Problem("ILLEGAL_RETURN", "Illegal return statement", node))


def meta_property(table: SymbolTable, node: Node, top: Record) -> None:
    if node.child_count and node.children[0].type == "new" and top.this_scope.kind == PROGRAM:
        table.top_level_new_targets.append(node)


def super_property(table: SymbolTable, node: Node, top: Record) -> None:
    owner = top.this_scope
    if owner.kind == PROGRAM or (owner.kind == FUNCTION and owner.node.type != "method_definition"):
        table.problems.append(Problem("UNEXPECTED_SUPER", '"super" keyword unexpected here', node,
                                      hint="super is only valid inside methods and class field initializers."))


def super_call(table: SymbolTable, node: Node, top: Record) -> None:
    owner = top.this_scope
    if not (owner.kind == FUNCTION and _is_derived_constructor(owner)):
        table.problems.append(Problem(
            "UNEXPECTED_SUPER", '"super" keyword unexpected here', node,
            hint="super() is only valid in the constructor of a class that extends another."))


def jump(table: SymbolTable, node: Node, top: Record, *, is_break: bool) -> None:
    """``break``/``continue``, with or without a label."""
    label = node.child_by_field_name("label")
    if label is None:
        if is_break and top.breakables == 0:
            table.problems.append(Problem("ILLEGAL_BREAK", "Illegal break statement", node,
                                          "break is only valid inside a loop or a switch."))
        elif not is_break and top.loops == 0:
            table.problems.append(Problem(
                "ILLEGAL_CONTINUE", "Illegal continue statement: no surrounding iteration statement", node,
                "continue is only valid inside a loop."))
        return
    name = label.text.decode() if label.text else ""
    statement = next((entry[1] for entry in reversed(top.labels) if entry[0] == name), None)
    if statement is None:
        table.problems.append(Problem("UNDEFINED_LABEL", f'Undefined label "{name}"', label,
                                      f'No enclosing statement of this function is labeled "{name}".'))
    elif not is_break and not _labels_loop(statement):
        table.problems.append(Problem(
            "ILLEGAL_CONTINUE", f'Illegal continue statement: "{name}" does not denote an iteration statement',
            label, f'continue can only go to a loop; use break {name} to leave the labeled statement.'))


def _labels_loop(statement: Node) -> bool:
    """Whether a labeled statement labels a loop (possibly through more labels)."""
    body = statement.child_by_field_name("body")
    while body is not None and body.type == "labeled_statement":
        body = body.child_by_field_name("body")
    return body is not None and body.type in ("for_statement", "for_in_statement", "while_statement", "do_statement")


def _is_derived_constructor(function: Record) -> bool:
    """Whether a function record is the constructor of a class that extends another."""
    method = function.node
    if method.type != "method_definition":
        return False
    name = method.child_by_field_name("name")
    if name is None or identifier_name(name.text or b"") != "constructor":
        return False  # (`\u0063onstructor` is the constructor too: names compare cooked)
    owner = function.parent  # the class body is no record: the method's parent is the class
    return (owner is not None and owner.kind == CLASS
            and any(child.type == "class_heritage" for child in owner.node.children))
