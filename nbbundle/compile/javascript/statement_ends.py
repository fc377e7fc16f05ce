"""Statements the grammar does not end where the language does: a repair of ``syntax.parse``.

tree-sitter-javascript's scanner inserts no automatic semicolon before a line that begins with
``(``, ``[``, a template, ``+``, ``-`` or ``/``, since such a line usually continues the one
before. After a statement that nothing can continue (an import or export statement without a
declaration, ``break``, ``continue``, ``debugger``, ``let``/``var`` names without initializers)
the language ends the statement at the line break all the same, and node runs ``import "./x.js"`` ⏎ ``(f)()``; the grammar reports a
syntax error. The repair writes a ``;`` over the white space after such a statement, in a copy
of the same length, so every byte offset stays true (``syntax.Parsed``).

Its scanner also takes no block comment for a line break, where the language takes one that
spans lines (``return a /* ⏎ */ return b`` is two statements): such comments are blanked in the
copy, their line breaks kept (``blank_multiline_comments``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

#: First bytes of a line that the grammar's scanner reads as continuing the line before.
_CONTINUING = frozenset(b"([`+-/")
_WHITE = frozenset(b" \t\r\n")
_QUOTES = frozenset({'"', "'"})


def end_unfinishable_statements(tokens: list[Node], data: bytes) -> bytes | None:
    """A ``;`` for the white space after an import or export statement, ``break``, ``continue``
    or ``debugger`` where the next line begins with ``(``, ``[``, a template, ``+``, ``-`` or ``/``.

    Nothing can continue those statements, so the language ends them at the line break
    (automatic semicolon insertion); the grammar's scanner inserts no semicolon before such a
    line and reports an error instead (``import "./x.js"`` ⏎ ``(f)()``). Read from the tokens
    (comments left out), as error recovery shapes the tree around them in many ways. Returns a
    copy of ``data`` of the same length, or None when there is nothing to end.
    """
    text: bytearray | None = None
    index = 0
    while index < len(tokens):
        last = _statement_end(tokens, index, data)
        if last is None:
            index += 1
            continue
        end = tokens[last].end_byte
        following = tokens[last + 1] if last + 1 < len(tokens) else None
        if (following is not None and following.type != ";" and data[following.start_byte] in _CONTINUING
                and end < following.start_byte and data[end] in _WHITE
                and (b"\n" in data[end:following.start_byte] or b"\r" in data[end:following.start_byte])):
            if text is None:
                text = bytearray(data)
            text[end] = 0x3B  # ";"
        index = last + 1
    return bytes(text) if text is not None else None


def _statement_end(tokens: list[Node], index: int, data: bytes) -> int | None:
    """The index of the last token of the unfinishable statement ``tokens[index]`` begins, if it
    begins one: ``import … "x"``, ``export {…}``, ``export … from "x"`` (attributes included),
    ``break``/``continue`` (with a label on the same line), ``debugger``, ``let a, b``."""
    token = tokens[index]
    kind = token.type
    if kind == "identifier":  # error recovery can read a keyword as a name
        kind = data[token.start_byte:token.end_byte].decode(errors="replace")

    def kind_at(position: int) -> str:
        return tokens[position].type if position < len(tokens) else ""

    if kind == "debugger":
        return index
    if kind in ("let", "var"):  # `let a, b` without initializers: a name cannot be called
        position = index + 1
        while kind_at(position) == "identifier":
            if kind_at(position + 1) != ",":
                return position
            position += 2
        return None
    if kind in ("break", "continue"):
        label = index + 1 < len(tokens) and kind_at(index + 1) == "statement_identifier"
        return index + 1 if label else index
    if kind == "import" and kind_at(index + 1) not in ("(", "."):
        source = index + 1 if kind_at(index + 1) in _QUOTES else _after_from(tokens, index + 1)
    elif kind == "export" and kind_at(index + 1) in ("{", "*"):
        position = index + 1
        if kind_at(position) == "{":
            position = _closing_brace(tokens, position)
            if position is None:
                return None
            if kind_at(position + 1) != "from":
                return position
            position += 1
        source = _after_from(tokens, position)
    else:
        return None
    if source is None or kind_at(source) not in _QUOTES or tokens[source].parent is None:
        return None
    string = tokens[source].parent
    last = source
    while last + 1 < len(tokens) and tokens[last + 1].end_byte <= string.end_byte:
        last += 1
    word = tokens[last + 1] if last + 1 < len(tokens) else None
    if word is not None and (word.type == "with" or data[word.start_byte:word.end_byte] == b"assert") \
            and kind_at(last + 2) == "{":
        return _closing_brace(tokens, last + 2)
    return last


def _after_from(tokens: list[Node], position: int) -> int | None:
    """The index after the ``from`` of an import or export clause that starts at ``position``."""
    depth = 0
    while position < len(tokens):
        kind = tokens[position].type
        depth += (kind == "{") - (kind == "}")
        if kind in (";", "import", "export") or depth < 0:
            return None
        if kind == "from" and depth == 0:
            return position + 1
        position += 1
    return None


def _closing_brace(tokens: list[Node], position: int) -> int | None:
    """The index of the ``}`` that closes the ``{`` at ``position``."""
    depth = 0
    for index in range(position, len(tokens)):
        kind = tokens[index].type
        depth += (kind == "{") - (kind == "}")
        if depth == 0:
            return index
        if kind == ";":
            return None
    return None


def blank_multiline_comments(comments: list[Node], data: bytes) -> bytes | None:
    """A copy of ``data`` where each block comment that spans lines is spaces and its line breaks
    (a line break to the grammar's scanner too); None when there is none."""
    text: bytearray | None = None
    for comment in comments:
        start, end = comment.start_byte, comment.end_byte
        if data[start:start + 2] != b"/*" or (b"\n" not in data[start:end] and b"\r" not in data[start:end]):
            continue
        if text is None:
            text = bytearray(data)
        for index in range(start, end):
            if text[index] not in (0x0A, 0x0D):
                text[index] = 0x20
    return bytes(text) if text is not None else None
