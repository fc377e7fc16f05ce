"""What tree shaking needs to know of a module's top-level statements (production builds only).

For each statement of the program that stays in the body (import statements and ``export``
lists are gone already), a ``TopLevelStatement``: where it is in the body, the top-level names
it declares, the top-level names and the imports it uses (anywhere inside it, functions
included: the symbol table resolves each use), and whether running it can have an effect
beyond declaring those names. The bundle (``bundle/tree_shake.py``) decides from the whole
graph which statements some kept code needs, and blanks the others.

Whether a statement only declares is ``purity.py``'s to say. A statement holding a slot (a
dynamic ``import()``: its resolved id is written in at render time, and blanking around it
would leave it standing) always counts as an effect.

Nothing here recurses on nesting depth.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

import tree_sitter

from nbbundle.compile.javascript.bindings import _is_member_read as is_member_read
from nbbundle.compile.javascript.literals import identifier_name
from nbbundle.compile.javascript.module_syntax import declared_names
from nbbundle.compile.javascript.purity import Purity
from nbbundle.compile.javascript.syntax import LANGUAGE
from nbbundle.compile.module import TopLevelStatement

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.module_syntax import ModuleSyntax
    from nbbundle.compile.javascript.symbols import SymbolTable
    from nbbundle.compile.text.edits import Edit
    from nbbundle.compile.text.names import GeneratedNames

__all__ = ["TopLevel", "read_comments", "read_top_level"]

_SKIPPED = frozenset({"comment", "hash_bang_line", "html_comment", "import_statement"})
_FUNCTION_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
_VARIABLES = frozenset({"lexical_declaration", "variable_declaration"})


class TopLevel:
    """The top-level statements of one module and the names they declare, read before the
    symbol table is built (these names are the references it must resolve for us)."""

    def __init__(self, root: Node, module: ModuleSyntax, names: GeneratedNames) -> None:
        removed = {start for start, _ in module.removed}
        self.statements: list[Node] = [child for child in root.children
                                       if child.type not in _SKIPPED and child.start_byte not in removed
                                       and child.is_named]
        self.declares: list[list[str]] = [_declared(statement, module, names) for statement in self.statements]
        self.names: set[bytes] = {name.encode() for names_ in self.declares for name in names_}
        self.starts = [statement.start_byte for statement in self.statements]

    def index_of(self, offset: int) -> int | None:
        """The statement that holds byte ``offset`` of the text, if one does."""
        index = bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.statements[index].end_byte:
            return index
        return None


def _declared(statement: Node, module: ModuleSyntax, names: GeneratedNames) -> list[str]:
    """The top-level names ``statement`` declares (as the body has it: an ``export`` keyword
    is gone, ``export default <expression>`` declares the generated default name)."""
    if statement.type == "export_statement":
        declaration = statement.child_by_field_name("declaration")
        if any(child.type == "default" for child in statement.children):
            if declaration is not None and declaration.child_by_field_name("name") is not None:
                return [module.name(declaration.child_by_field_name("name"))]
            return [names.default]
        if declaration is None:
            return []
        statement = declaration
    if statement.type in _VARIABLES:
        return [module.name(node) for node in declared_names(statement)]
    if statement.type in (*_FUNCTION_DECLARATIONS, "class_declaration"):
        name = statement.child_by_field_name("name")
        return [module.name(name)] if name is not None else []
    return []


def read_top_level(top: TopLevel, data: bytes, module: ModuleSyntax, table: SymbolTable, comments: list[Node],
                   applied: list[Edit], parts: tuple[str, ...],
                   defined: dict[int, tuple[Node, str]]) -> tuple[tuple[TopLevelStatement, ...], tuple[str, ...]]:
    """The facts of each of ``top``'s statements, in order, and the top-level functions marked
    ``/* #__NO_SIDE_EFFECTS__ */`` (``data``: the module's text;
    ``applied``: the edits as ``SourceEdits.apply`` made them; ``parts``: the body it made;
    ``defined``: the expressions a define replaced, by start)."""
    program = table.program
    count = len(top.statements)
    references: list[set[str]] = [set() for _ in range(count)]
    imports: list[set[tuple[int, str]]] = [set() for _ in range(count)]
    namespaces = {local: index for local, index in module.namespace_locals}
    for reference in table.references:
        name = reference.name
        if name not in top.names and name.decode() not in module.bindings:
            continue
        index = top.index_of(reference.node.start_byte)
        if index is None or table.resolve(name, reference.record) is not program:
            continue
        text = name.decode()
        binding = module.bindings.get(text)
        if binding is None:
            references[index].add(text)
        elif text in namespaces:
            member = _member_read(reference.node)
            imports[index].add((binding[0], member if member is not None else "*"))
        else:
            imports[index].add(binding)
    checker = Purity(top.statements, top.declares, module, data, comments, defined)
    spans = _body_spans(top.statements, applied, parts)
    slots = _slot_positions(parts)
    facts = []
    for index, statement in enumerate(top.statements):
        start, end = spans[index]
        holds_slot = any(start <= slot <= end for slot in slots)
        free = checker.statement_is_free(statement, index)
        # A statement that completes a class (`C.x = 1`) goes with it: it "declares" it too.
        declares = (*top.declares[index], checker.completes) if checker.completes else tuple(top.declares[index])
        conditional = free and bool(checker.conditions or checker.reads) and not holds_slot
        facts.append(TopLevelStatement(
            start=start, end=end, declares=declares,
            references=tuple(sorted(references[index] - set(declares))),
            imports=tuple(sorted(imports[index])),
            side_effects=holds_slot or not free or conditional,
            free_if=tuple(sorted(checker.conditions)) if conditional else (),
            reads=tuple(sorted(checker.reads)) if conditional else (),
        ))
    return tuple(facts), tuple(sorted(checker.no_side_effects))


def _member_read(node: Node) -> str | None:
    """``ns.x`` where it only reads ``x`` (not a call, which gives ``x`` the namespace as
    ``this``; not a write): the export it uses. None: the namespace itself is used."""
    if not is_member_read(node):
        return None
    member = node.parent
    property_node = member.child_by_field_name("property") if member is not None else None
    return identifier_name(property_node.text) if property_node is not None else None  # `ns.\u0061` is `ns.a`


def _body_spans(statements: list[Node], applied: list[Edit], parts: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each statement landed in the body, in characters of ``parts`` joined (slots aside):
    from its first byte (with the edits that begin there) to its last (with the ``;`` an edit
    appended after it)."""
    starts = [edit.start for edit in applied]
    shift = [0]
    for edit in applied:
        text = edit.text.encode() if edit.text is not None else b""
        shift.append(shift[-1] + len(text) - (edit.end - edit.start))
    spans = []
    next_starts = {statement.start_byte for statement in statements}
    for statement in statements:
        start, end = statement.start_byte, statement.end_byte
        before_start = bisect_left(starts, start)
        out_start = start + shift[before_start]
        # Insertions at the end are this statement's (`}).default;` closing an export default,
        # the `;` appended to it or put before the next), unless the next statement begins
        # right there: then only the `;`s (ranks 1 and 2) are.
        adjacent = end in next_starts
        after_end = bisect_left(starts, end)
        while after_end < len(applied) and applied[after_end].start == end and applied[after_end].end == end \
                and (applied[after_end].rank >= 1 or not adjacent):
            after_end += 1
        out_end = end + shift[after_end]
        spans.append((out_start, out_end))
    body = "".join(parts)
    if body.isascii():
        return spans
    return _characters(spans, body.encode())


def _characters(spans: list[tuple[int, int]], body: bytes) -> list[tuple[int, int]]:
    """Byte offsets of ``body`` → character offsets, in one pass over the sorted offsets."""
    offsets = sorted({offset for span in spans for offset in span})
    converted: dict[int, int] = {}
    position = characters = 0
    for offset in offsets:
        characters += len(body[position:offset].decode(errors="replace"))
        converted[offset] = characters
        position = offset
    return [(converted[start], converted[end]) for start, end in spans]


def _slot_positions(parts: tuple[str, ...]) -> list[int]:
    """Where each slot sits in ``parts`` joined (characters)."""
    positions = []
    total = 0
    for part in parts[:-1]:
        total += len(part)
        positions.append(total)
    return positions


@functools.cache
def _comment_cursor() -> tree_sitter.QueryCursor:
    return tree_sitter.QueryCursor(tree_sitter.Query(LANGUAGE, "(comment) @comment"))


def read_comments(root: Node) -> list[Node]:
    """The comments of the tree (annotations are among them), by a query of their own: the
    compiler's query leaves comments out, and only production builds ask for them."""
    return _comment_cursor().captures(root).get("comment", [])
