"""The tree of a TypeScript/TSX/JSX module and the edits made to it: what every step of the
pre-pass (``prepass.py``, ``runtime.py``, ``jsx.py``, ``react_refresh.py``) shares.

Syntax is found with tree-sitter queries, which run in C, and with short walks up from the
nodes they return; never by searching the text. ``blanked`` remembers what is gone from the
output, so that a name inside a removed type is not taken for a use of a value.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from typing import TYPE_CHECKING

import tree_sitter
import tree_sitter_typescript

from nbbundle.compile.errors import ParseError, make_diagnostic
from nbbundle.compile.javascript.grammar_repairs import join_let_declarations
from nbbundle.compile.javascript.syntax import raise_on_syntax_errors
from nbbundle.compile.text.position_map import LineEdits

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
def _language(kind: str) -> tree_sitter.Language:
    grammar = tree_sitter_typescript.language_typescript() if kind == "ts" else tree_sitter_typescript.language_tsx()
    return tree_sitter.Language(grammar)


@functools.cache
def _parser(kind: str) -> tree_sitter.Parser:
    return tree_sitter.Parser(_language(kind))


@functools.lru_cache(maxsize=512)
def _query(kind: str, text: str) -> tree_sitter.Query:
    return tree_sitter.Query(_language(kind), text)


def quoted(names: set[str] | list[str]) -> str:
    """Names as the string arguments of a query predicate (``#any-of? @ref "a" "b"``)."""
    return " ".join('"' + n.replace("\\", "\\\\").replace('"', '\\"') + '"' for n in sorted(names))


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
        if self.root.has_error:  # a misread `let` + line break can be the error (``join_lets``)
            self.join_lets(self.captures(BARE_LET).get("let", []))
        raise_on_syntax_errors(module_id, source, self.data, self.tree)
        self.edits = LineEdits(self.data)
        self.blanked: list[tuple[int, int]] = []
        """Ranges gone from the output (types, removed statements, rewritten names)."""
        self._merged: list[tuple[int, int]] = []
        self._merged_count = 0
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

    def join_lets(self, lets: list[Node]) -> bool:
        """Re-read ``let`` + line break + binding as a declaration (``grammar_repairs``), in
        the tree only: the text stays as written. True when the tree changed."""
        joined = join_let_declarations(self.tree, self.data, lets, _parser(self.kind).parse) if lets else None
        if joined is None:
            return False
        self.tree = joined[0]
        self.root = self.tree.root_node
        return True

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
        """Blank one item of a comma-separated list, with the comma that goes with it."""
        following = node.next_sibling
        if following is not None and following.type == ",":
            self.blank_range(node.start_byte, following.end_byte)
            return
        preceding = node.prev_sibling
        start = preceding.start_byte if preceding is not None and preceding.type == "," else node.start_byte
        self.blank_range(start, node.end_byte)

    def is_blanked(self, offset: int) -> bool:
        if self._merged_count != len(self.blanked):  # something was blanked since: merge again
            self._merged = _merge(self.blanked)
            self._merged_count = len(self.blanked)
        index = bisect_right(self._merged, (offset, 1 << 62)) - 1
        return index >= 0 and self._merged[index][0] <= offset < self._merged[index][1]

    def error(self, node: Node, message: str, hint: str | None = None) -> ParseError:
        diagnostic = make_diagnostic("PARSE_ERROR", message, self.id, self.source, (node.start_byte, node.end_byte),
                                     source_bytes=self.data, hint=hint)
        return ParseError([diagnostic])

    def value_uses(self, names: set[str], *, exclude: list[Node] | None = None) -> set[str]:
        """Which of the top-level ``names`` the module reads as values.

        A reference counts unless it sits in removed type syntax, in ``exclude`` (the import
        statements themselves), or in a scope that declares the same name again.
        """
        if not names:
            return set()
        pattern = (f"((identifier) @ref (#any-of? @ref {quoted(names)}))\n"
                   f"((shorthand_property_identifier) @ref (#any-of? @ref {quoted(names)}))")
        excluded = [(n.start_byte, n.end_byte) for n in exclude or ()]
        used: set[str] = set()
        for node in self.captures(pattern).get("ref", []):
            name = self.text(node)
            offset = node.start_byte
            if name in used or self.is_blanked(offset) or any(a <= offset < b for a, b in excluded):
                continue
            if not self.shadowed(node, self.root):
                used.add(name)
        return used

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
            if current.type in FUNCTION_TYPES:
                parameters = current.child_by_field_name("parameters") or current.child_by_field_name("parameter")
                if parameters is not None and name in self.pattern_names(parameters):
                    return True
                own = current.child_by_field_name("name")
                if current.type in ("function_expression", "generator_function") and own is not None and self.text(own) == name:
                    return True
            elif current.type in ("statement_block", "switch_body", "for_statement", "for_in_statement"):
                if name in self._declared_in(current):
                    return True
            elif current.type == "catch_clause":
                parameter = current.child_by_field_name("parameter")
                if parameter is not None and name in self.pattern_names(parameter):
                    return True
            current = current.parent
        return False

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
        """Names a parameter list or a binding pattern declares."""
        if node is None:
            return set()
        if node.type in ("identifier", "shorthand_property_identifier_pattern"):
            return {self.text(node)}
        if node.type in ("type_annotation", "accessibility_modifier", "override_modifier"):
            return set()
        skip = {node.child_by_field_name(f) for f in ("key", "right", "value", "type")} - {None}
        if node.type == "pair_pattern":
            skip.discard(node.child_by_field_name("value"))
        found: set[str] = set()
        for child in node.named_children:
            if child not in skip:
                found |= self.pattern_names(child)
        return found


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ranges covering the same offsets."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged
