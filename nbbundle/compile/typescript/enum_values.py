"""The constant value of an enum member's initializer, folded as TypeScript folds it.

TypeScript gives a member whose value it can compute at compile time that value (numbers,
strings, earlier members, ``+ - * / % ** << >> >>> & | ^ ~``, with JavaScript's number and
int32 semantics); only those can be strings, which get no reverse mapping, and an omitted
initializer counts on from the member before. Anything else is computed at run time, where it
is taken for a number, as TypeScript does.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import string_value

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

Value = float | str | None


def js_number(value: float) -> str:
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def _int32(value: float) -> int:
    if not math.isfinite(value):
        return 0
    number = int(value) & 0xFFFFFFFF
    return number - (1 << 32) if number >= 1 << 31 else number


def evaluate(s: PrePass, node: Node, enum: str, values: dict[str, Value]) -> Value:
    """A member initializer's constant value, as TypeScript folds it; None when not constant."""
    kind = node.type
    if kind == "number":
        return _number(s.text(node))
    if kind == "string":
        return string_value(node)
    if kind == "template_string" and all(c.type == "string_fragment" for c in node.named_children):
        return s.text(node)[1:-1]
    if kind == "parenthesized_expression" and node.named_child_count == 1:
        return evaluate(s, node.named_children[0], enum, values)
    if kind == "identifier":
        return values.get(s.text(node))
    if kind in ("member_expression", "subscript_expression"):
        obj = node.child_by_field_name("object")
        key = node.child_by_field_name("property") or node.child_by_field_name("index")
        if obj is not None and key is not None and s.text(obj) == enum:
            return values.get(string_value(key) if key.type == "string" else s.text(key))
        return None
    if kind == "unary_expression":
        operand = evaluate(s, node.child_by_field_name("argument"), enum, values)
        operator = s.text(node.child_by_field_name("operator"))
        if not isinstance(operand, float):
            return None
        return {"+": operand, "-": -operand, "~": float(~_int32(operand))}.get(operator)
    if kind == "binary_expression":
        left = evaluate(s, node.child_by_field_name("left"), enum, values)
        right = evaluate(s, node.child_by_field_name("right"), enum, values)
        operator = s.text(node.child_by_field_name("operator"))
        if left is None or right is None:
            return None
        if isinstance(left, str) or isinstance(right, str):
            return _concat(left) + _concat(right) if operator == "+" else None
        return _binary(operator, left, right)
    return None


def _concat(value: float | str) -> str:
    return value if isinstance(value, str) else js_number(value)


def _binary(operator: str, a: float, b: float) -> float | None:
    try:
        if operator in ("<<", ">>", ">>>"):
            shift = _int32(b) & 31
            if operator == ">>>":
                return float((_int32(a) & 0xFFFFFFFF) >> shift)
            return float(_int32(_int32(a) << shift) if operator == "<<" else _int32(a) >> shift)
        if operator in ("&", "|", "^"):
            x, y = _int32(a), _int32(b)
            return float(_int32(x & y if operator == "&" else x | y if operator == "|" else x ^ y))
        arithmetic = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "**": lambda: a**b,
                      "/": lambda: a / b if b else (math.copysign(math.inf, a) * math.copysign(1, b) if a else math.nan),
                      "%": lambda: math.fmod(a, b) if b else math.nan}
        compute = arithmetic.get(operator)
        return float(compute()) if compute is not None else None
    except (OverflowError, ValueError, ZeroDivisionError):
        return None


def _number(text: str) -> float | None:
    text = text.replace("_", "").lower()
    try:
        if text.startswith("0x"):
            return float(int(text[2:], 16))
        if text.startswith("0o"):
            return float(int(text[2:], 8))
        if text.startswith("0b"):
            return float(int(text[2:], 2))
        if text.endswith("n"):
            return None  # BigInt: not an enum value
        return float(text)
    except ValueError:
        return None
