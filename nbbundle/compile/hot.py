"""Static reading of ``import.meta.hot`` calls: which deps and exports a module accepts.

The graph needs this before any view ran the module (Vite's importAnalysis does the same):
``accept()`` / ``accept(cb)`` make a module self-accepting, ``accept("./dep.js", cb)`` and
``accept(["./a.js", "./b.js"], cb)`` accept dependencies, ``acceptExports(["x"], cb)`` accepts
changes that only touch those exports. Besides the written-out form, a module may keep the
context in a variable (``const hot = import.meta.hot; hot.accept(…)``): ``hot_alias`` finds the
variable and ``read_alias_calls`` reads its calls, so that form is a boundary too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from nbbundle.compile.parse import string_value

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.module import HotInfo


def read_hot_call(meta: Node, hot: HotInfo) -> HotInfo:
    """Fold one ``import.meta`` occurrence into ``hot`` if it is ``import.meta.hot.accept*(…)``."""
    member = meta.parent
    if member is None or member.type != "member_expression" or _property(member) != "hot":
        return hot
    return _read_method_call(member.parent, hot)


def hot_alias(meta: Node) -> str | None:
    """The variable in ``const hot = import.meta.hot``, if this ``import.meta`` is that."""
    member = meta.parent
    if member is None or member.type != "member_expression" or _property(member) != "hot":
        return None
    declarator = member.parent
    if declarator is None or declarator.type != "variable_declarator" or declarator.child_by_field_name("value") != member:
        return None
    name = declarator.child_by_field_name("name")
    return name.text.decode() if name is not None and name.type == "identifier" and name.text else None


def read_alias_calls(root: Node, data: bytes, alias: str, hot: HotInfo) -> HotInfo:
    """Fold every ``alias.accept*(…)`` call in the module into ``hot``."""
    pattern = re.compile(rb"(?<![\w$.])" + re.escape(alias.encode()) + rb"\s*\??\.\s*accept(?:Exports)?\s*\(")
    for match in pattern.finditer(data):
        node = root.descendant_for_byte_range(match.start(), match.start() + len(alias))
        if node is not None and node.type == "identifier" and node.parent is not None:
            hot = _read_method_call(node.parent, hot)
    return hot


def _read_method_call(method_node: Node | None, hot: HotInfo) -> HotInfo:
    """``<hot>.accept(…)`` or ``<hot>.acceptExports(…)`` where ``method_node`` is the member."""
    if method_node is None or method_node.type != "member_expression":
        return hot
    method = _property(method_node)
    call = method_node.parent
    if method not in ("accept", "acceptExports") or call is None or call.type != "call_expression":
        return hot
    arguments = call.child_by_field_name("arguments")
    first = arguments.named_children[0] if arguments is not None and arguments.named_child_count else None
    strings = _strings(first)
    if method == "acceptExports":
        names = tuple(strings or ())
        return replace(hot, accepted_exports=(hot.accepted_exports or ()) + names)
    if strings is None:  # accept() or accept(callback)
        return replace(hot, self_accepting=True)
    return replace(hot, accepted_deps=hot.accepted_deps + tuple(strings))


def _property(member: Node) -> str | None:
    node = member.child_by_field_name("property")
    return node.text.decode() if node is not None and node.text is not None else None


def _strings(node: Node | None) -> list[str] | None:
    """A string literal or an array of string literals, else None."""
    if node is None:
        return None
    if node.type == "string":
        return [string_value(node)]
    if node.type == "array":
        return [string_value(child) for child in node.named_children if child.type == "string"]
    return None
