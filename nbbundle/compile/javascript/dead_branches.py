"""Branches behind constant conditions, removed in both modes (esbuild's and Rollup's rule).

After the defines, React's ``index.js`` reads, in production, ``if ("production" === "production") {
module.exports = require("./cjs/react.production.js") } else { … require(
"./cjs/react.development.js") }``: the branch not taken is removed, and with it the ``require``,
so only one of React's builds is bundled (in development, the other one). The conditions looked at are the ones a defined
value takes part in (found by walking up from each replaced node, so the pass costs what the
defines cost, not a walk of the module): ``if``/``else``, ``?:``, ``&&`` and ``||``, over
literals, defined values, ``!``, ``===``/``!==``/``==``/``!=`` and parentheses. A removed branch
keeps its newlines (lines stay where the user wrote them). A branch that declares a ``var`` or a
function is kept: those are hoisted out of it, and removing them would change what the rest of
the function sees.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.text.edits import SourceEdits

_UNKNOWN = object()
_HOISTED = frozenset({"function_declaration", "generator_function_declaration"})
_FUNCTIONS = frozenset({"function_declaration", "generator_function_declaration", "function_expression",
                        "generator_function", "arrow_function", "method_definition", "class_body"})
_WRAPPERS = frozenset({"parenthesized_expression", "unary_expression", "binary_expression"})


Defined = dict[int, tuple["Node", str]]
"""The nodes the defines replaced, by start offset, with their replacement text."""


def remove_dead_branches(defined: Defined, edits: SourceEdits) -> list[tuple[int, int]]:
    """Collapse the branches that constant conditions never take; returns their byte ranges
    (sorted, the outermost of nested ones)."""
    removed: list[tuple[int, int]] = []
    seen: set[int] = set()
    for node, _ in defined.values():
        # Up from the defined value through the expression it is part of, to the first
        # ``if``, ``?:``, ``&&`` or ``||`` whose deciding operand that expression is.
        condition, dead, owner = node, None, None
        while condition.parent is not None:
            owner = condition.parent
            dead = _dead_part(owner, condition, defined)
            if dead is not None or owner.type not in _WRAPPERS:
                break
            condition = owner
        if dead is None or owner is None or owner.id in seen or _declares_hoisted(dead):
            continue
        seen.add(owner.id)
        if owner.type == "if_statement":  # a statement stays a statement
            replacement = "else {}" if dead.type == "else_clause" else "{}"
        else:
            replacement = "void 0"
        newlines = edits.data.count(b"\n", dead.start_byte, dead.end_byte)
        if newlines:
            replacement = replacement[:-1] + "\n" * newlines + replacement[-1] if replacement.endswith("}") \
                else replacement + "\n" * newlines
        edits.collapse(dead.start_byte, dead.end_byte, replacement)
        removed.append((dead.start_byte, dead.end_byte))
    outermost: list[tuple[int, int]] = []
    for start, end in sorted(removed, key=lambda r: (r[0], -r[1])):
        if not outermost or start >= outermost[-1][1]:
            outermost.append((start, end))
    return outermost


def _dead_part(owner: Node, condition: Node, values: Defined) -> Node | None:
    """The part of ``owner`` that ``condition``'s constant value never runs, if any."""
    if owner.type == "if_statement" and owner.child_by_field_name("condition") == condition:
        value = _truthy(condition, values)
        if value is _UNKNOWN:
            return None
        return owner.child_by_field_name("alternative") if value else owner.child_by_field_name("consequence")
    if owner.type == "ternary_expression" and owner.child_by_field_name("condition") == condition:
        value = _truthy(condition, values)
        if value is _UNKNOWN:
            return None
        return owner.child_by_field_name("alternative" if value else "consequence")
    if owner.type == "binary_expression" and owner.child_by_field_name("left") == condition:
        operator = owner.child_by_field_name("operator")
        value = _truthy(condition, values)
        if value is _UNKNOWN or operator is None:
            return None
        if (operator.type == "&&" and not value) or (operator.type == "||" and value):
            return owner.child_by_field_name("right")
    return None


def _truthy(node: Node, values: Defined) -> object:
    value = _evaluate(node, values)
    return _UNKNOWN if value is _UNKNOWN else bool(value)


def _evaluate(node: Node, values: Defined) -> object:
    """The value of a constant expression (JSON-like Python values), or ``_UNKNOWN``."""
    replaced = values.get(node.start_byte)
    if replaced is not None and replaced[0] == node:
        try:
            return json.loads(replaced[1])
        except ValueError:
            return _UNKNOWN  # a name (``--define global=window``)
    kind = node.type
    if kind == "parenthesized_expression" and node.named_child_count == 1:
        return _evaluate(node.named_children[0], values)
    if kind in ("true", "false"):
        return kind == "true"
    if kind == "null":
        return None
    if kind == "string":
        from nbbundle.compile.javascript.literals import string_value

        return string_value(node)
    if kind == "number":
        try:
            return float(node.text.decode()) if node.text else _UNKNOWN
        except ValueError:
            return _UNKNOWN
    if kind == "unary_expression":
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is not None and operator.type == "!" and argument is not None:
            inner = _evaluate(argument, values)
            return _UNKNOWN if inner is _UNKNOWN else not inner
        return _UNKNOWN
    if kind == "binary_expression":
        operator = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is None or left is None or right is None:
            return _UNKNOWN
        a = _evaluate(left, values)
        if operator.type in ("&&", "||"):
            if a is _UNKNOWN:
                return _UNKNOWN
            if (operator.type == "&&") != bool(a):
                return a
            return _evaluate(right, values)
        b = _evaluate(right, values)
        if a is _UNKNOWN or b is _UNKNOWN:
            return _UNKNOWN
        if not (_primitive(a) and _primitive(b)):
            return _UNKNOWN
        if operator.type in ("==", "!=") and _kind(a) != _kind(b):
            return _UNKNOWN  # loose equality converts across types: not decided here
        if operator.type in ("===", "=="):
            return _kind(a) == _kind(b) and a == b
        if operator.type in ("!==", "!="):
            return not (_kind(a) == _kind(b) and a == b)
    return _UNKNOWN


def _primitive(value: object) -> bool:
    return value is None or isinstance(value, (bool, float, int, str))


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "null" if value is None else "string"


def _declares_hoisted(node: Node) -> bool:
    """Whether ``node`` declares a ``var`` or a function outside a nested function."""
    pending = [node]
    while pending:
        current = pending.pop()
        if current.type in _HOISTED or (current.type == "variable_declaration"):
            return True
        if current is not node and current.type in _FUNCTIONS:
            continue
        pending.extend(current.named_children)
    return False
