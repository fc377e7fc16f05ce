"""Where the edited text of a statement could run into the statement before it (ASI, from the tree).

Code written without semicolons relies on automatic semicolon insertion: ``const o = 1`` ⏎
``f(o)`` are two statements because ``f`` cannot continue ``1``. A rewrite that makes the second
one begin with ``(`` (``(0, ns.f)(o)``) joins them into the call ``1(0, ns.f)(o)``. In the tree
the two are siblings of a statement list; the first ends *closed* when its last token is ``;``
or the ``}`` of a block that ends a statement (a function declaration, an ``if``, a class
declaration), and otherwise may be continued. ``SourceEdits.apply`` asks ``StatementJoins``
where an edit meets such a boundary and puts a ``;`` at the end of the statement before.

Only statements of a list count: the body of an ``if``, a loop or a label follows a token
that cannot end an expression (``)``, ``else``, ``do``, ``:``), and a ``;`` there would change the
body. Statements removed whole (import and export lists) are skipped: the statement before them
meets the one after.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

#: Nodes whose children (the ``body`` ones of a switch case) are a statement list.
_LISTS = frozenset({"program", "statement_block", "switch_case", "switch_default"})
_TRIVIA = frozenset({"comment", "hash_bang_line", "html_comment"})
#: What a ``}`` that closes a statement belongs to (its block's owner).
_STATEMENT_OWNERS = frozenset({
    "program", "statement_block", "switch_case", "switch_default", "switch_statement",
    "function_declaration", "generator_function_declaration", "class_declaration",
    "if_statement", "else_clause", "for_statement", "for_in_statement", "while_statement",
    "do_statement", "try_statement", "catch_clause", "finally_clause", "with_statement",
    "labeled_statement",
})


class StatementJoins:
    """``SourceEdits``' ``StatementJoins`` for one JavaScript tree."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self._siblings: dict[int, tuple[list[Node], dict[int, int]]] = {}
        self._path: list[Node] = [root]
        """The nodes from the root down to the last offset asked about: the next question (the
        edits come in order) climbs only as far as the node holding both, and descends from
        there, so nested code costs its depth once, not once per edit."""
        self._parents: dict[int, Node] = {}
        """A statement found → its list (``Node.parent`` costs the node's depth)."""
        self._top_level: dict[int, Node] | None = None

    def separator_at(self, offset: int, removed: frozenset[int]) -> int | None:
        statement = self._statement_at(offset)
        if statement is None:
            return None
        before = self._previous(statement, removed)
        if before is None:
            return None
        last = _last_token(before)
        # After the last token, not the statement's end: a comment can end the statement's node.
        return None if _closes(last) else last.end_byte

    def next_statement(self, start: int) -> int | None:
        statement = self._statement_at(start)
        if statement is None:
            return None
        siblings, index = self._list_of(statement)
        for position in range(index[statement.start_byte] + 1, len(siblings)):  # no copy of the list
            if siblings[position].type not in _TRIVIA:
                return siblings[position].start_byte
        return None

    def _statement_at(self, offset: int) -> Node | None:
        """The statement of a list that begins at ``offset`` (its first token does), if any.

        Descends to the outermost node that begins at ``offset``: only it can be a statement of
        a list (a list's own first token, ``{`` or ``case``, is not one), or, when that is the
        program itself, its first statement.
        """
        if self._top_level is None:
            # Most asks are for the program's own statements (every removed import and export,
            # calls of imported functions): found by their start, without a descent from the
            # root. A list nested in one of them begins with its own token (``{``, ``case``), so
            # none of its statements shares that start.
            self._top_level = {child.start_byte: child for child in self.root.children
                               if child.is_named and child.type not in _TRIVIA}
        statement = self._top_level.get(offset)
        if statement is not None:
            self._parents[statement.id] = self.root
            return statement
        path = self._path
        while len(path) > 1 and not (path[-1].start_byte < offset < path[-1].end_byte):
            path.pop()
        node = path[-1]
        while node.start_byte != offset:
            child = node.first_child_for_byte(offset)
            if child is None or child.start_byte > offset:
                return None
            path.append(child)
            node = child
        parent = path[-2] if len(path) > 1 else None
        if parent is None:  # the program begins here: its first statement, if it is one
            parent, node = node, node.first_child_for_byte(offset)
            if node is None or node.start_byte != offset:
                return None
        if parent.type in _LISTS and node.is_named and node.type not in _TRIVIA and _in_body(parent, node):
            self._parents[node.id] = parent
            return node
        return None

    def _previous(self, statement: Node, removed: frozenset[int]) -> Node | None:
        """The statement before ``statement`` in its list, skipping comments and removed ones."""
        siblings, index = self._list_of(statement)
        position = index[statement.start_byte]
        parent = self._parents[statement.id]
        for before in range(position - 1, -1, -1):  # no copy of the list
            sibling = siblings[before]
            if sibling.type in _TRIVIA or sibling.start_byte in removed:
                continue
            if not sibling.is_named or not _in_body(parent, sibling):
                return None  # `{`, or a case's `:` and value: nothing to continue
            return sibling
        return None

    def _list_of(self, statement: Node) -> tuple[list[Node], dict[int, int]]:
        """The children of ``statement``'s parent and each one's index by start (once per list,
        so a module of many statements is not walked once per edit)."""
        parent = self._parents[statement.id]
        found = self._siblings.get(parent.id)
        if found is None:
            children = parent.children
            found = self._siblings[parent.id] = (children, {child.start_byte: i for i, child in enumerate(children)})
        return found


def _in_body(parent: Node, node: Node) -> bool:
    """Whether ``node`` is one of the statements of ``parent`` (not a switch case's value)."""
    if parent.type not in ("switch_case", "switch_default"):
        return True
    return node.start_byte >= next(child.end_byte for child in parent.children if child.type == ":")


def _last_token(statement: Node) -> Node:
    """The last token of ``statement`` (a comment at the end of its node is not one)."""
    last = statement
    while last.child_count:
        children = last.children
        index = len(children) - 1
        while index > 0 and children[index].type in _TRIVIA:
            index -= 1
        last = children[index]
    return last


def _closes(last: Node) -> bool:
    """Whether nothing after the token ``last`` can continue its statement: it is ``;`` or the
    ``}`` of a block that ends a statement (not an object, a function or class expression)."""
    if last.type == ";":
        return True
    if last.type != "}":
        return False
    block = last.parent
    owner = block.parent if block is not None else None
    return (block is not None and owner is not None
            and block.type in ("statement_block", "class_body", "switch_body")
            and owner.type in _STATEMENT_OWNERS)
