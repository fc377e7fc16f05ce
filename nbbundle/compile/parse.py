"""The tree-sitter wrapper: parsing, syntax errors, string literals and binding scopes.

Nothing here walks a whole tree in Python. Callers find candidate positions with a regular
expression over the text and ask the tree about each one (``descendant_for_byte_range``); the
helpers below answer for one node by walking up its ancestors, which is short.
"""

from __future__ import annotations

import ast
import functools
import re
from typing import TYPE_CHECKING

import tree_sitter
import tree_sitter_javascript

from nbbundle.compile.errors import Diagnostic, ParseError, make_diagnostic

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

#: Nodes that start a new ``var`` scope (and end the search for top-level ``await``).
FUNCTION_TYPES = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "generator_function",
        "generator_function_declaration",
        "arrow_function",
        "method_definition",
        "class_static_block",
    }
)

#: Nodes that hold ``let``/``const``/``class``/``function`` declarations made directly in them.
BLOCK_TYPES = frozenset(
    {"statement_block", "program", "for_statement", "for_in_statement", "switch_body"}
) | FUNCTION_TYPES

#: Destructuring patterns an identifier may sit in while still being declared by the
#: declarator, parameter list or catch clause above them.
PATTERN_TYPES = frozenset(
    {"array_pattern", "object_pattern", "pair_pattern", "assignment_pattern", "object_assignment_pattern",
     "rest_pattern"}
)


@functools.cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_javascript.language()))


# tree-sitter-javascript 0.25 parses `import … from "x" with { … }` but not the same clause on
# `export … from`. Blanking it keeps every byte offset; nbbundle does not need its content.
_REEXPORT_ATTRIBUTES = re.compile(rb"(\bexport\b[^;]*?\bfrom\s*(['\"])[^'\"\n]*\2)(\s*(?:with|assert)\s*\{[^{}]*\})")


def parse(source: bytes) -> Tree:
    """Parse JavaScript text (a module or a CommonJS script; the grammar covers both)."""
    tree = _parser().parse(source)
    if tree.root_node.has_error and _REEXPORT_ATTRIBUTES.search(source):
        blanked = _REEXPORT_ATTRIBUTES.sub(lambda m: m.group(1) + b" " * len(m.group(3)), source)
        tree = _parser().parse(blanked)
    return tree


def raise_on_syntax_errors(module_id: str, source: str, data: bytes, tree: Tree) -> None:
    """Raise ``ParseError`` naming the first place the parser could not make sense of."""
    root = tree.root_node
    if not root.has_error:
        return
    node = _first_error(root)
    if node is None:  # has_error but no ERROR/MISSING node found: point at the start
        node = root
    if node.is_missing:
        message = f'Expected "{node.type}"'
        byte_range = (node.start_byte, node.start_byte + 1)
    elif node.end_byte >= len(data.rstrip()) and node.start_byte < node.end_byte:
        message = "Unexpected end of input"
        end = len(data.rstrip())
        byte_range = (max(0, end - 1), end)
    else:
        token = data[node.start_byte : node.end_byte].split(b"\n", 1)[0].decode(errors="replace")
        message = f'Unexpected "{token[:40]}"' if token.strip() else "Syntax error"
        byte_range = (node.start_byte, node.end_byte)
    diagnostic = make_diagnostic(
        "PARSE_ERROR", message, module_id, source, byte_range, source_bytes=data
    )
    raise ParseError([diagnostic])


def _first_error(node: Node) -> Node | None:
    for child in node.children:
        if child.type == "ERROR" or child.is_missing:
            return child
        if child.has_error:
            found = _first_error(child)
            if found is not None:
                return found
    return None


def string_value(node: Node) -> str:
    """The value of a string literal node (quotes removed, escapes decoded)."""
    text = node.text.decode() if node.text is not None else ""
    if node.type == "template_string":
        return text[1:-1]
    if "\\" not in text:
        return text[1:-1]
    # JavaScript and Python agree on the escapes that appear in module specifiers.
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text[1:-1]
    return value if isinstance(value, str) else text[1:-1]


def name_of(node: Node) -> str:
    """An identifier's or a string literal's text, as used in import and export lists."""
    if node.type == "string":
        return string_value(node)
    return node.text.decode() if node.text is not None else ""


def pattern_names(node: Node) -> list[Node]:
    """The identifier nodes a declaration pattern binds (``{ a, b: [c], ...d }`` → a, c, d)."""
    kind = node.type
    if kind in ("identifier", "shorthand_property_identifier_pattern"):
        return [node]
    if kind == "pair_pattern":
        value = node.child_by_field_name("value")
        return pattern_names(value) if value is not None else []
    if kind in ("assignment_pattern", "object_assignment_pattern"):
        left = node.child_by_field_name("left")
        return pattern_names(left) if left is not None else []
    names: list[Node] = []
    if kind in PATTERN_TYPES:
        for child in node.named_children:
            names.extend(pattern_names(child))
    return names


def declared_names(declaration: Node) -> list[Node]:
    """Identifier nodes declared by a function, class, ``let``/``const`` or ``var`` statement."""
    if declaration.type in ("lexical_declaration", "variable_declaration"):
        names: list[Node] = []
        for declarator in declaration.named_children:
            if declarator.type == "variable_declarator":
                target = declarator.child_by_field_name("name")
                if target is not None:
                    names.extend(pattern_names(target))
        return names
    name = declaration.child_by_field_name("name")
    return [name] if name is not None else []


def _nearest(node: Node, types: frozenset[str]) -> Node | None:
    current = node.parent
    while current is not None and current.type not in types:
        current = current.parent
    return current


def binding_scope(node: Node) -> Node | None:
    """If the identifier ``node`` declares a binding, return the node of the scope it binds in.

    Returns None when the identifier is a reference (including a destructuring *assignment*
    target, which assigns to an existing binding). Block scoping is strict mode's: modules are
    strict, so a function declared in a block is local to that block.
    """
    child, parent = node, node.parent
    while parent is not None and parent.type in PATTERN_TYPES:
        if parent.type.endswith("assignment_pattern") and parent.child_by_field_name("left") != child:
            return None  # the default value: `{ a = x }` reads x
        if parent.type == "pair_pattern" and parent.child_by_field_name("value") != child:
            return None
        child, parent = parent, parent.parent
    if parent is None:
        return None
    kind = parent.type
    if kind == "variable_declarator":
        if parent.child_by_field_name("name") != child:
            return None
        statement = parent.parent
        if statement is not None and statement.type == "variable_declaration":
            return _nearest(parent, FUNCTION_TYPES | {"program"})
        return _nearest(parent, BLOCK_TYPES)
    if kind == "formal_parameters":
        return parent.parent
    if kind in ("arrow_function", "catch_clause"):
        return parent if parent.child_by_field_name("parameter") == child else None
    if kind in ("function_declaration", "generator_function_declaration", "class_declaration"):
        return _nearest(parent, BLOCK_TYPES) if parent.child_by_field_name("name") == child else None
    if kind in ("function_expression", "function", "generator_function", "class"):
        # A named function or class expression binds its name only inside itself.
        return parent if parent.child_by_field_name("name") == child else None
    if kind == "for_in_statement" and parent.child_by_field_name("left") == child:
        declaration_kind = parent.child_by_field_name("kind")
        if declaration_kind is None:
            return None
        if declaration_kind.type == "var":
            return _nearest(parent, FUNCTION_TYPES | {"program"})
        return parent
    return None


def is_inside(node: Node, scope_ids: set[int]) -> bool:
    """Whether one of ``node``'s ancestors is a scope in ``scope_ids``."""
    current = node.parent
    while current is not None:
        if current.id in scope_ids:
            return True
        current = current.parent
    return False


def inside_function(node: Node) -> bool:
    """Whether ``node`` sits inside a function (so its ``await`` is not top-level)."""
    return _nearest(node, FUNCTION_TYPES) is not None


_WORD_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$") | frozenset(
    range(0x80, 0x100)  # any byte of a non-ASCII character may be part of an identifier
)


def word_positions(data: bytes, word: bytes) -> list[int]:
    """Offsets where ``word`` stands as a whole word (not inside ``reimport`` or ``awaited``).

    ``bytes.find`` runs in C: far cheaper than a regular expression that tries every byte, and
    it is how every candidate position in a module is found (see the module docstring).
    """
    found = []
    size, limit = len(word), len(data)
    start = data.find(word)
    while start != -1:
        end = start + size
        if (start == 0 or data[start - 1] not in _WORD_BYTES) and (end == limit or data[end] not in _WORD_BYTES):
            found.append(start)
        start = data.find(word, end)
    return found


_IDENTIFIER = re.compile(r"^[A-Za-z_$][\w$]*$")


def property_access(name: str) -> str:
    """``.name`` when ``name`` is an identifier name, else ``["name"]``."""
    return f".{name}" if _IDENTIFIER.match(name) else f"[{_js_string(name)}]"


def _js_string(text: str) -> str:
    import json

    return json.dumps(text)


def warning(module_id: str, source: str, data: bytes, node: Node, message: str, hint: str) -> Diagnostic:
    """A warning pointing at ``node``."""
    return make_diagnostic(
        "WARNING",
        message,
        module_id,
        source,
        (node.start_byte, node.end_byte),
        source_bytes=data,
        hint=hint,
        severity="warning",
    )
