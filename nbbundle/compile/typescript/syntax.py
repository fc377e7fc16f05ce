"""The tree of a TypeScript/TSX/JSX module and the edits made to it: what every step of the
pre-pass (``prepass.py``, ``runtime.py``, ``jsx.py``, ``react_refresh.py``) shares.

Syntax is found with tree-sitter queries, which run in C, and with short walks up from the
nodes they return; never by searching the text. ``blanked`` remembers what is gone from the
output, so that a name inside a removed type is not taken for a use of a value.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import tree_sitter

from nbbundle.compile.errors import ParseError, make_diagnostic
from nbbundle.compile.javascript.grammar_repairs import join_let_declarations
from nbbundle.compile.javascript.syntax import grammar_binding, raise_on_syntax_errors
from nbbundle.compile.text.position_map import LineEdits
from nbbundle.compile.text.ranges import Ranges
from nbbundle.compile.typescript.grammar_repairs import (
    hint_for,
    repair_errors,
    shifted_type_arguments,
    typed_templates,
    using_declarations,
)
from nbbundle.compile.typescript.scope_walk import references_to, walk_references

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.options import CompileOptions

#: Nodes that start a new scope of parameters or ``var``s.
FUNCTION_TYPES = frozenset({"function_declaration", "function_expression", "arrow_function", "method_definition",
                            "generator_function_declaration", "generator_function", "class_static_block"})


#: ``let`` alone as a statement: the grammar's reading of ``let`` + line break + binding. A
#: pattern of the pre-pass's first query too, so a module without one pays no walk of its own.
BARE_LET = '((expression_statement (identifier) @let) (#eq? @let "let"))'


@functools.cache
def _grammars() -> object:
    """``tree_sitter_typescript``'s compiled ``_binding`` (``language_typescript``, ``language_tsx``)."""
    return grammar_binding("tree_sitter_typescript")


@functools.cache
def _language(kind: str) -> tree_sitter.Language:
    grammars = _grammars()
    grammar = grammars.language_typescript() if kind == "ts" else grammars.language_tsx()  # type: ignore[attr-defined]
    return tree_sitter.Language(grammar)


@functools.cache
def _parser(kind: str) -> tree_sitter.Parser:
    return tree_sitter.Parser(_language(kind))


@functools.lru_cache(maxsize=512)
def _query(kind: str, text: str) -> tree_sitter.Query:
    return tree_sitter.Query(_language(kind), text)


class PrePass:
    """One module's tree, its pending edits, and what the steps learn about it."""

    def __init__(self, module_id: str, source: str, kind: str, options: CompileOptions) -> None:
        self.id = module_id
        self.source = source
        self.kind = kind
        self.options = options
        self.data = source.encode()
        self.is_typescript = kind != "jsx"
        self.tree = _parser(kind).parse(self.data)
        self.root = self.tree.root_node
        self.parsed = self.data
        """The text the tree was read from: ``data``, or a copy of the same length that a
        repair of the grammar's reading changed (``grammar_repairs``)."""
        self.words: dict[int, str] = {}
        """Keywords the repairs took out of ``parsed``, by offset (``export type``, ``accessor``,
        ``using``, ``await using``)."""
        if self.root.has_error:  # a misread `let` + line break can be the error (``join_lets``)
            self.join_lets(self.captures(BARE_LET).get("let", []))
            if self.root.has_error:
                self._use(repair_errors(self.tree, self.parsed, _parser(kind).parse, self.words))
        self.check_syntax()
        self.edits = LineEdits(self.data, module_id)
        self.blanked = Ranges(len(self.data))
        """Ranges gone from the output (types, removed statements, rewritten names)."""
        self._taken_commas: set[int] = set()
        self.type_names: set[str] = set()
        """Top-level names declared only as types (interface, type alias, type-only import)."""
        self.commonjs = False
        self.header: list[str] = []
        """Generated statements for the start of line 1 (imports of the JSX runtime, …)."""
        self.footer: list[str] = []
        """Generated statements after the last line (Fast Refresh registrations)."""
        self._reserved: set[str] | None = None
        self.has_jsx = False
        self.origins: dict[str, tuple[int, int]] = {}
        """Specifier of a generated import → the source range that needs it (for diagnostics)."""
        self._parents: dict[int, Node] = {}

    def join_lets(self, lets: list[Node]) -> bool:
        """Re-read ``let`` + line break + binding as a declaration (``grammar_repairs``), in
        the tree only: the text stays as written. True when the tree changed."""
        return self._use(join_let_declarations(self.tree, self.parsed, lets, _parser(self.kind).parse) if lets else None)

    def read_typed_templates(self, candidates: list[Node]) -> bool:
        """Re-read ``tag<T>`…``` as a tagged template with type arguments (``grammar_repairs``).
        True when the tree changed."""
        return self._use(typed_templates(self.tree, self.parsed, candidates, _parser(self.kind).parse))

    def read_shifted_type_arguments(self, shifts: list[Node]) -> bool:
        """Re-read ``f<<T>(a: T) => T>(g)`` as a call with type arguments (``grammar_repairs``)."""
        return bool(shifts) and self._use(shifted_type_arguments(self.tree, self.parsed, shifts, _parser(self.kind).parse))

    def read_using_declarations(self, usings: list[Node]) -> bool:
        """Re-read ``using``/``await using`` as declarations (``grammar_repairs``)."""
        return self._use(using_declarations(self.tree, self.parsed, usings, _parser(self.kind).parse, self.words))

    def _use(self, repaired: tuple[tree_sitter.Tree, bytes] | None) -> bool:
        if repaired is None:
            return False
        self.tree, self.parsed = repaired
        self.root = self.tree.root_node
        return True

    def check_syntax(self) -> None:
        """Raise ``ParseError`` for a tree with an ERROR or MISSING node: never compile one."""
        if not self.root.has_error:
            return
        try:
            raise_on_syntax_errors(self.id, self.source, self.data, self.tree)
        except ParseError as error:
            hint = hint_for(self.tree, self.parsed) if self.is_typescript else None
            if hint is None:
                raise
            raise ParseError([d.replace(hint=hint) for d in error.diagnostics]) from None

    def unique_name(self, base: str) -> str:
        """``base`` (``_jsx``), else ``_jsx2``, ``_jsx3``…: a name the module does not use.

        Not ``__nbb_…``: the JavaScript transform picks its own names' prefix to avoid every
        ``__nbb`` name of the text it is given.
        """
        if self._reserved is None:
            pattern = ('([(identifier) (shorthand_property_identifier) (shorthand_property_identifier_pattern)]'
                       ' @name (#match? @name "^_"))')
            self._reserved = {self.text(n) for n in self.captures(pattern).get("name", [])}
        name, number = base, 2
        while name in self._reserved:
            name, number = f"{base}{number}", number + 1
        self._reserved.add(name)
        return name

    def note_parent(self, node: Node) -> None:
        """Remember ``node`` as the parent of its children, for ``parent``."""
        for child in node.children:
            self._parents[child.id] = node

    def parent(self, node: Node) -> Node | None:
        """``node.parent``, at no cost for the children of nodes passed to ``note_parent``
        (tree-sitter finds a parent by descending from the root: the node's depth)."""
        known = self._parents.get(node.id)
        return known if known is not None else node.parent

    def captures(self, text: str, node: Node | None = None) -> dict[str, list[Node]]:
        """Run the query ``text`` under ``node`` (the whole module by default)."""
        return tree_sitter.QueryCursor(_query(self.kind, text)).captures(node or self.root)

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode()

    def blank(self, node: Node) -> None:
        self.blank_range(node.start_byte, node.end_byte)

    def blank_range(self, start: int, end: int) -> None:
        self.edits.blank(start, end)
        self.blanked.append((start, end))

    def remove_statement(self, node: Node) -> None:
        self.edits.blank_statement(node.start_byte, node.end_byte)
        self.blanked.append((node.start_byte, node.end_byte))

    def blank_list_item(self, node: Node) -> None:
        """Blank one item of a comma-separated list, with a comma that goes with it.

        The comma after the item, else the one before it (``import D, * as ns`` without ``ns``
        must lose its comma), unless another removed item took that comma already: of ``{ v,
        type A, type B }`` ``type A`` takes the comma after it and ``type B`` none (``{ v, }``).
        """
        following = node.next_sibling
        if following is not None and following.type == "," and following.start_byte not in self._taken_commas:
            self._taken_commas.add(following.start_byte)
            self.blank_range(node.start_byte, following.end_byte)
            return
        preceding = node.prev_sibling
        start = node.start_byte
        if preceding is not None and preceding.type == "," and preceding.start_byte not in self._taken_commas:
            self._taken_commas.add(preceding.start_byte)
            start = preceding.start_byte
        self.blank_range(start, node.end_byte)

    def is_blanked(self, offset: int) -> bool:
        return self.blanked.covers(offset)

    def error(self, node: Node, message: str, hint: str | None = None) -> ParseError:
        diagnostic = make_diagnostic("PARSE_ERROR", message, self.id, self.source, (node.start_byte, node.end_byte),
                                     source_bytes=self.data, hint=hint)
        return ParseError([diagnostic])

    def value_uses(self, names: set[str], *, exclude: list[Node] | None = None) -> set[str]:
        """Which of the top-level ``names`` the module reads as values.

        A reference counts unless it sits in removed type syntax, in ``exclude`` (the import
        statements themselves), or in a scope that declares the same name again.
        """
        return {name for name, refs in self.value_references(names, exclude=exclude).items()
                if any(not self.is_blanked(ref.start_byte) for ref in refs)}

    def value_references(self, names: set[str], *, exclude: list[Node] | None = None) -> dict[str, list[Node]]:
        """The references to each of the top-level ``names`` outside ``exclude`` that no scope
        shadows, blanked ones too (a step that asks once for many names checks ``is_blanked``
        at its own time: one walk instead of one per name)."""
        if not names:
            return {}
        excluded = Ranges(len(self.data))
        for node in exclude or ():
            excluded.append((node.start_byte, node.end_byte))
        identifiers, shorthands = references_to(self, names)
        refs = [n for n in identifiers + shorthands if not excluded.covers(n.start_byte)]
        found: dict[str, list[Node]] = {}
        # One walk down to every reference (not one walk up from each: Node.parent costs the depth)
        for use in walk_references(self, refs, self.root):
            if not use.shadowed:
                found.setdefault(use.name, []).append(use.node)
        return found

    def shadowed(self, ref: Node, scope: Node) -> bool:
        """Whether a scope between ``ref`` and ``scope`` declares ``ref``'s name itself.

        Shallow on purpose: parameters, declarations made directly in a block, catch
        parameters and a function's own name; enough for the names a module imports.
        """
        name = self.text(ref)
        parent = ref.parent
        if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("name") == ref:
            return True  # the declaration itself
        current = parent
        while current is not None and current.id != scope.id:
            if name in self.names_declared_by(current):
                return True
            current = current.parent
        return False

    def names_declared_by(self, node: Node) -> set[str]:
        """The names ``node`` declares for what it holds, if it is a scope ``shadowed`` knows."""
        if node.type in FUNCTION_TYPES:
            parameters = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
            found = self.pattern_names(parameters)
            own = node.child_by_field_name("name")
            if node.type in ("function_expression", "generator_function") and own is not None:
                found.add(self.text(own))
            return found
        if node.type in ("statement_block", "switch_body", "for_statement", "for_in_statement"):
            return self._declared_in(node)
        if node.type == "catch_clause":
            return self.pattern_names(node.child_by_field_name("parameter"))
        return set()

    def _declared_in(self, block: Node) -> set[str]:
        found: set[str] = set()
        for statement in block.named_children:
            if statement.type in ("lexical_declaration", "variable_declaration"):
                for declarator in statement.named_children:
                    if declarator.type == "variable_declarator":
                        found |= self.pattern_names(declarator.child_by_field_name("name"))
            elif statement.type in ("function_declaration", "class_declaration", "generator_function_declaration"):
                declared = statement.child_by_field_name("name")
                if declared is not None:
                    found.add(self.text(declared))
        initializer = block.child_by_field_name("initializer") or block.child_by_field_name("left")
        if initializer is not None and initializer.type in ("lexical_declaration", "variable_declaration"):
            found |= self._declared_in_statement(initializer)
        elif initializer is not None and block.type == "for_in_statement" and block.child_by_field_name("kind") is not None:
            found |= self.pattern_names(initializer)
        return found

    def _declared_in_statement(self, statement: Node) -> set[str]:
        found: set[str] = set()
        for declarator in statement.named_children:
            if declarator.type == "variable_declarator":
                found |= self.pattern_names(declarator.child_by_field_name("name"))
        return found

    def pattern_names(self, node: Node | None) -> set[str]:
        """Names a parameter list or a binding pattern declares (iteratively: patterns nest)."""
        found: set[str] = set()
        pending = [node] if node is not None else []
        while pending:
            node = pending.pop()
            if node.type in ("identifier", "shorthand_property_identifier_pattern"):
                found.add(self.text(node))
                continue
            if node.type in ("type_annotation", "accessibility_modifier", "override_modifier", "decorator"):
                continue  # a parameter's decorator (`@inject(token) p`) reads names, declares none
            skip = {node.child_by_field_name(f) for f in ("key", "right", "value", "type")} - {None}
            if node.type == "pair_pattern":
                skip.discard(node.child_by_field_name("value"))
            pending.extend(child for child in node.named_children if child not in skip)
        return found

