"""``let`` and ``await`` where tree-sitter-javascript reads an identifier and the language a keyword.

The grammar cannot know the rules that make these words keywords, so it guesses, and the
guesses that differ from the language are corrected here, each from the tree:

* ``let`` + line break + a binding (``let⏎x = 1``, ``let⏎{ a } = b``): the grammar ends a
  statement ``let;`` (automatic semicolon insertion), but a lexical declaration can go on, so
  no semicolon is inserted and the language reads ``let x = 1`` (in sloppy scripts too, where
  ``let`` may name a variable). In a single-statement position (``if (a) let⏎x``) there can be
  no declaration, and the statement has no next sibling: left alone.
* ``await`` + line break + operand (``const v = await⏎fetch(u)``): in a module ``await`` is never
  an identifier (the operator at the top level and in async functions, a reserved word
  elsewhere), and the operator has no [no LineTerminator here] rule, so the language reads on.
* ``await (x)``, ``await [x]``, ``await `t```: read as a call, a subscript or a tagged template
  of the identifier ``await`` (the grammar resolves the ambiguity either way, depending on what
  follows the statement). In a module that is the operator applied to the parenthesized
  expression, array or template and the member accesses and calls after it.

In a script (CommonJS) it is the other way round: outside async functions ``await`` is an
identifier, and an await expression whose operand starts with ``(``, ``[`` or a template
(``await(x)``, ``await [x]``, ``await``⏎``(x)``) is the identifier called, subscripted or tagging
a template (``script_await_calls``). The sweep (``contexts.awaited``) reads those outside async
functions as references to ``await``, and the file's format ignores them (``commonjs``): Node's
CommonJS parse accepts them, so they are no sign of a module.

The first two are repaired like ``syntax.parse``'s repairs: the gap between the word and the
next token (white space and comments only) becomes spaces in a copy of the text of the same
length, which is parsed again; every byte offset stays true, so edits still apply to the
original. The third needs no new parse: the call (the outermost member access or call that
starts with ``await``) stands for the await expression (``await_chains``), its first token
for the keyword.

Only rare code reaches the repairs: a bare ``let`` statement, or an identifier named
``await`` in a module. Everything walks with cursors, never by recursion or ``Node.parent``
chains on nesting depth.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.syntax import reparse

if TYPE_CHECKING:
    from collections.abc import Callable

    from tree_sitter import Node, Tree

AWAIT = b"await"
#: Line feed, carriage return, U+2028 and U+2029 in UTF-8.
_LINE_TERMINATORS = (b"\n", b"\r", "\u2028".encode(), "\u2029".encode())
#: A call, member access or subscript and the field that holds what it applies to.
_CHAIN_FIELDS = {"call_expression": "function", "member_expression": "object", "subscript_expression": "object"}


def join_let_declarations(tree: Tree, data: bytes, bare_identifier_statements: list[Node],
                          parse: Callable[[bytes], Tree] = reparse) -> tuple[Tree, bytes] | None:
    """Re-read ``let`` + line break + binding as the declaration the language makes of it.

    ``bare_identifier_statements`` are the identifiers that make up an expression statement
    alone. Where one is ``let``, the statement ends without an explicit ``;``, another
    statement follows it in the same list and that statement starts with an identifier, ``[``
    or ``{``, the gap becomes spaces. None when nothing changed. ``parse``: the grammar's
    parser (the TypeScript pre-pass has its own).
    """
    gaps = []
    for identifier in bare_identifier_statements:
        if data[identifier.start_byte:identifier.end_byte] != b"let":
            continue
        statement = identifier.parent
        if statement is None or any(not child.is_extra and child != identifier for child in statement.children):
            continue  # `let;`: an explicit semicolon ends it, `let` is an expression there
        following = statement.next_sibling
        while following is not None and following.is_extra:
            following = following.next_sibling
        if following is None:
            continue  # a single-statement position (`if (a) let`), or the end of the list
        token = token_after(tree.root_node, identifier.end_byte)
        if token is not None and token.start_byte < following.end_byte and token.type in ("identifier", "statement_identifier", "[", "{"):
            gaps.append((identifier.end_byte, token.start_byte))
    return _blanked(data, gaps, parse)


def join_await_operands(tree: Tree, data: bytes, awaits: list[Node]) -> tuple[Tree, bytes] | None:
    """In a module, re-read ``await`` + line break + operand as the await expression it is.

    ``awaits`` are the identifiers named ``await`` that declare nothing. Those that the
    grammar made the head of a call or subscript are left to ``await_chains``; for the others,
    a gap with a line terminator before the next token becomes spaces. None when nothing
    changed.
    """
    gaps = []
    for identifier in awaits:
        if chain_head(identifier) is not None:
            continue
        token = token_after(tree.root_node, identifier.end_byte)
        if token is None:
            continue
        gap = data[identifier.end_byte:token.start_byte]
        if any(terminator in gap for terminator in _LINE_TERMINATORS):
            gaps.append((identifier.end_byte, token.start_byte))
    return _blanked(data, gaps, reparse)


def await_chains(awaits: list[Node]) -> list[Node]:
    """In a module, the await expressions the grammar read as calls of ``await``.

    ``await(x).then(f)`` is ``await ((x).then(f))``: the operand takes the member accesses,
    calls and subscripts after it, so the expression is the outermost of them that starts
    with the word. Its first token is the keyword (``awaits.compile_top_level_awaits``).
    """
    chains = []
    for identifier in awaits:
        node = chain_head(identifier)
        if node is None:
            continue
        while True:
            parent = node.parent
            field = _CHAIN_FIELDS.get(parent.type) if parent is not None else None
            if field is None or parent.child_by_field_name(field) != node:
                break
            node = parent
        chains.append(node)
    return chains


def script_await_calls(awaits: list[Node]) -> set[int]:
    """The await expressions a script reads as calls of the identifier ``await`` (by start byte).

    Those whose operand is, under its member accesses, calls and subscripts, a parenthesized
    expression (a call), a template (a tagged template) or an array that is a valid index: one
    or more expressions without holes, spreads or a trailing comma (``await[a, b]``). Only
    outside async functions (the sweep decides); ``await x`` stays an await expression.
    """
    calls = set()
    for node in awaits:
        if node.type != "await_expression":
            continue
        head = next((child for child in node.named_children if not child.is_extra), None)
        if head is None:
            continue
        while head.type in _CHAIN_FIELDS:
            inner = head.child_by_field_name(_CHAIN_FIELDS[head.type])
            if inner is None:
                break
            head = inner
        if head.type in ("parenthesized_expression", "template_string") or (
                head.type == "array" and _is_index(head)):
            calls.add(node.start_byte)
    return calls


def _is_index(array: Node) -> bool:
    """``[a, b]`` as the brackets of a subscript: expressions separated by single commas."""
    tokens = [child for child in array.children if not child.is_extra]
    elements = [child for child in tokens if child.is_named]
    return (bool(elements) and len(tokens) == 2 * len(elements) + 1
            and not any(element.type == "spread_element" for element in elements))


def chain_head(identifier: Node) -> Node | None:
    """The call, subscript or tagged template the grammar made of ``await`` + ``(``/``[``/`````.

    None when the identifier is something else (``await.x`` and ``await?.(x)`` are errors in
    a module, as they are in the grammar's reading).
    """
    parent = identifier.parent
    if parent is None or parent.type not in ("call_expression", "subscript_expression"):
        return None
    if parent.child_by_field_name(_CHAIN_FIELDS[parent.type]) != identifier:
        return None
    if parent.child_by_field_name("optional_chain") is not None:
        return None
    return parent


def token_after(root: Node, offset: int) -> Node | None:
    """The first token that starts at or after ``offset``: no comment, no zero-width node.

    A cursor goes down to the first child that ends after ``offset`` at each level, and on to
    the next sibling when a subtree holds no such token: time in proportion to the depth.
    """
    cursor = root.walk()
    while True:
        node = cursor.node
        if not node.is_extra and node.end_byte > offset:
            if node.child_count == 0:
                if node.start_byte >= offset and node.end_byte > node.start_byte:
                    return node
            elif cursor.goto_first_child_for_byte(offset) is not None:
                continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return None


def _blanked(data: bytes, gaps: list[tuple[int, int]], parse: Callable[[bytes], Tree]) -> tuple[Tree, bytes] | None:
    """``data`` with each gap (white space and comments) as spaces, and its tree; None if none."""
    if not gaps:
        return None
    text = bytearray(data)
    for start, end in gaps:
        text[start:end] = b" " * (end - start)
    repaired = bytes(text)
    return parse(repaired), repaired
