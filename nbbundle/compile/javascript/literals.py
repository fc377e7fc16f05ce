"""Values of literals and names as the language reads them ("cooked"), and how to write them.

``"\\u{63}ount"`` is the string ``count`` and ``\\u0063ount`` the identifier ``count``: names are
compared by these values, never by their spelling. Only the text of a node the tree already
identified as a string, a template or an identifier is read here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0",
}
_LINE_TERMINATORS = frozenset("\n\r\u2028\u2029")


def cook(raw: str) -> str:
    """Decode the escapes of a string literal's or template's contents (quotes removed)."""
    if "\\" not in raw:
        return raw
    out: list[str] = []
    index, size = 0, len(raw)
    while index < size:
        char = raw[index]
        if char != "\\" or index + 1 >= size:
            out.append(char)
            index += 1
            continue
        escape = raw[index + 1]
        index += 2
        if escape == "u":
            value, index = _unicode_escape(raw, index)
            out.append(value)
        elif escape == "x" and index + 2 <= size:
            out.append(chr(int(raw[index:index + 2], 16)))
            index += 2
        elif escape in "01234567" and (escape != "0" or (index < size and raw[index] in "01234567")):
            # A legacy octal escape (sloppy scripts only; modules report it as an early error).
            digits = escape
            limit = 3 if escape in "0123" else 2
            while len(digits) < limit and index < size and raw[index] in "01234567":
                digits += raw[index]
                index += 1
            out.append(chr(int(digits, 8)))
        elif escape in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[escape])
        elif escape in _LINE_TERMINATORS:
            if escape == "\r" and index < size and raw[index] == "\n":
                index += 1  # a line continuation: `\` before CRLF adds nothing
        else:
            out.append(escape)
    # `\uD83D\uDE00` is one character written as two escapes: join the surrogate halves.
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _unicode_escape(raw: str, index: int) -> tuple[str, int]:
    if raw[index:index + 1] == "{":
        end = raw.index("}", index)
        return chr(int(raw[index + 1:end], 16)), end + 1
    return chr(int(raw[index:index + 4], 16)), index + 4


def string_value(node: Node) -> str:
    """The value of a ``string`` node, or of a ``template_string`` without substitutions."""
    text = node.text.decode() if node.text is not None else ""
    return cook(text[1:-1])


def identifier_name(raw: bytes) -> str:
    """An identifier's name: ``\\u0063ount`` is ``count``."""
    text = raw.decode()
    return cook(text) if "\\" in text else text


def name_of(node: Node) -> str:
    """The name an import or export list gives: an identifier, a string, or ``default``."""
    if node.type == "string":
        return string_value(node)
    return identifier_name(node.text or b"")


def is_static_template(node: Node) -> bool:
    """A template literal without ``${…}``: as static as a string."""
    return node.type == "template_string" and not any(c.type == "template_substitution" for c in node.children)


def property_access(name: str) -> str:
    """``.name`` when ``name`` is an identifier name, else ``["name"]``."""
    return f".{name}" if name and name.replace("$", "_").isidentifier() else f"[{js_string(name)}]"


def js_string(text: str) -> str:
    """A JavaScript string literal with the value ``text``."""
    return json.dumps(text)
