"""Whitespace and comments out, from the tree's tokens: the edits that join a module's tokens.

The text between two tokens is only white space and comments (the tree says what a token is:
a string, a template's text, a regular expression are single tokens here, never looked into).
Each such gap becomes what the two tokens around it need to read the same, and nothing more:

* a line break where a statement ended without ``;`` (automatic semicolon insertion: a
  statement node of the tree whose last token is not ``;``), and where a restricted
  production or a contextual keyword could read otherwise without it (``return``⏎``x``,
  ``a``⏎``++b``, ``async``⏎``function``, ``get``⏎``x() {}``): the engine then inserts the same
  semicolons it did before;
* a space where the tokens would run together: two words (``typeof x``, ``1 in a``), ``+ +``
  and ``- -``, ``/ /`` (a comment), ``< !`` and ``- >`` (HTML-like comments in scripts), ``< /``
  (``</script`` in a page), a number and ``.``, a regular expression and a word (its flags);
* nothing otherwise.

Inside a template literal the text between its pieces is kept as it is. A ``;`` that ends a
statement right before ``}`` goes (``{a();b()}``), as ASI puts it back. Legal comments
(``/*!``, ``@license``, ``@preserve``) stay. Statements tree shaking dropped never arrive (a
production build cuts them first). One walk of the tree's leaves: time linear in the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Tree

#: Nodes read as one token: their insides are text, never joined or split.
ATOMIC = frozenset({"string", "regex", "comment", "html_comment", "hash_bang_line"})
COMMENTS = frozenset({"comment", "html_comment", "hash_bang_line"})
#: Statements that end with ``;`` or by automatic semicolon insertion (the grammar's ``_semicolon``).
SEMICOLON_STATEMENTS = frozenset({
    "expression_statement", "variable_declaration", "lexical_declaration", "return_statement",
    "throw_statement", "break_statement", "continue_statement", "debugger_statement", "do_statement",
    "field_definition", "import_statement", "export_statement", "empty_statement",
})
#: Tokens after which a line break may decide how the next token reads (restricted productions,
#: contextual keywords): the line break stays wherever there was one.
_KEEP_BREAK_AFTER = frozenset({
    b"return", b"break", b"continue", b"throw", b"yield", b"async", b"let", b"get", b"set", b"static",
    b"await", b"accessor", b"of",
})
_KEEP_BREAK_BEFORE = frozenset({"++", "--"})
#: Statements whose ``;`` may go before a ``}`` (ASI puts it back there).
_DROPPABLE_BEFORE_BRACE = SEMICOLON_STATEMENTS - {"empty_statement", "do_statement"}
_LINE_BREAKS = (b"\n", b"\r", "\u2028".encode(), "\u2029".encode())
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$\\") | frozenset(range(0x80, 0x100))
_DIGITS = frozenset(b"0123456789")
#: Tokens whose kind decides a space after them (a regular expression's flags, a number's dot).
_TYPE_CHECKED = frozenset({"regex", "number"})


def _has_line_break(gap: bytes) -> bool:
    return b"\n" in gap or b"\r" in gap or (not gap.isascii() and any(b in gap for b in _LINE_BREAKS[2:]))


def _legal(comment: bytes) -> bool:
    return comment.startswith(b"/*!") or b"@license" in comment or b"@preserve" in comment


def _joining_table() -> bytes:
    """Byte ``(left << 8) | right`` is 1 where the two characters would read as one token, or as
    a comment, written side by side (a table, not a set of 37,000 pairs: built in a millisecond
    when a process first minifies, and as fast to ask)."""
    table = bytearray(1 << 16)
    words = bytes(1 if byte in _WORD else 0 for byte in range(256))
    for left in _WORD:
        table[left << 8:(left + 1) << 8] = words
    for pair in ("++", "--", "//", "/*", "<!", "->", "</"):
        table[(ord(pair[0]) << 8) | ord(pair[1])] = 1
    return bytes(table)


#: Two characters that would read as one token, or as a comment, written side by side.
_JOINING = _joining_table()


def _needs_space(last: int, left_type: str, first: int) -> bool:
    """Whether two tokens written side by side would read as something else (``last``: the
    left one's last byte, ``first``: the right one's first)."""
    if _JOINING[(last << 8) | first]:
        return True
    if left_type == "regex":
        return first in _WORD  # its flags
    # `1 .x`: a number ending in a digit before a dot would take the dot as its own.
    return left_type == "number" and first == 0x2E and last in _DIGITS


class Joined:
    """The edits that join ``data``'s tokens, in order: (start, end, replacement) each."""

    def __init__(self, data: bytes, tree: Tree, renames: dict[int, tuple[int, str]],
                 slots: frozenset[int] = frozenset()) -> None:
        self.data = data
        self.tree = tree
        self.renames = renames
        """Identifier start → (its end, its new text)."""
        self.slots = slots
        """Starts of placeholder tokens (``""``), replaced by nothing: where the parts split."""
        self.slot_edits: list[int] = []
        """Where in ``edits()`` each slot's edit is, in order (the minified text splits there)."""

    def edits(self) -> list[tuple[int, int, str]]:  # noqa: C901, PLR0912, PLR0915 - one walk, kept flat for speed
        data = self.data
        renames = self.renames
        slots = self.slots
        out: list[tuple[int, int, str]] = []
        add = out.append
        cursor = self.tree.walk()
        parents: list[str] = []  # the types of the nodes above the cursor
        breaks: set[int] = set()  # where a statement ended by automatic semicolon insertion
        previous_end = 0  # the end of the last token kept
        previous_start = 0
        previous_last = 0  # the last byte of the last token kept (as written out)
        previous_type = ""
        legal: list[bytes] = []
        pending_semicolon: tuple[int, int] | None = None  # a `;` that goes if `}` follows
        templates: list[int] = []  # the starts of the template literals around the cursor
        in_text = False  # the last token leaves the text of a template literal open
        while True:
            node = cursor.node
            kind = node.type
            if kind not in ATOMIC and cursor.goto_first_child():
                parents.append(kind)
                if kind == "template_string":
                    templates.append(node.start_byte)
                continue
            start, end = node.start_byte, node.end_byte
            if kind in COMMENTS:
                if kind == "comment" and _legal(data[start:end]):
                    legal.append(data[start:end])
            elif end > start:
                gap = data[previous_end:start]
                separator = b""
                if previous_type and gap:
                    if in_text:
                        separator = gap  # a template's own text
                    elif kind != "}" and (previous_end in breaks or kind in _KEEP_BREAK_BEFORE
                                          or data[previous_start:previous_end] in _KEEP_BREAK_AFTER) \
                            and _has_line_break(gap):
                        separator = b"\n"
                if legal:
                    separator = separator + b"\n".join(legal) + b"\n"
                    legal = []
                if pending_semicolon is not None:
                    if kind == "}" and not separator:
                        add((pending_semicolon[0], pending_semicolon[1], ""))
                    pending_semicolon = None
                if not separator and previous_type and not in_text and (
                        _JOINING[(previous_last << 8) | data[start]] or previous_type in _TYPE_CHECKED) \
                        and _needs_space(previous_last, previous_type, data[start]):
                    separator = b" "
                if separator != gap:
                    add((previous_end, start, separator.decode()))
                previous_last = data[end - 1]
                if start in slots:
                    self.slot_edits.append(len(out))
                    add((start, end, ""))
                else:
                    renamed = renames.get(start)
                    if renamed is not None:
                        add((start, renamed[0], renamed[1]))
                        previous_last = ord(renamed[1][-1]) if renamed[1][-1].isascii() else 0x80
                parent = parents[-1] if parents else ""
                if kind == ";" and parent in _DROPPABLE_BEFORE_BRACE:
                    pending_semicolon = (start, end)
                if parent == "template_string":
                    in_text = kind != "`" or start == templates[-1]  # text after the opening quote
                else:
                    in_text = kind == "}" and parent == "template_substitution"
                previous_start, previous_end, previous_type = start, end, kind
            # Up to the next sibling; a statement left after a last token that is no `;` ended by
            # automatic semicolon insertion (a class field's `;` is the class body's).
            while not cursor.goto_next_sibling():
                if not cursor.goto_parent():
                    tail = data[previous_end:]
                    kept = b"\n".join(legal) + b"\n" if legal else b""
                    if tail != kept:
                        add((previous_end, len(data), kept.decode()))
                    return out
                parent = parents.pop()
                if parent == "template_string":
                    templates.pop()
                if parent in SEMICOLON_STATEMENTS and (previous_type != ";" or parent == "field_definition"):
                    breaks.add(previous_end)  # its last token (a comment may close the node)
