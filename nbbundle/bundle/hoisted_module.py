"""One module's compiled body read again for scope hoisting (``scope_hoist.py``).

The compiler's symbol table over the body (as the minifier builds it: every identifier a
reference) says which identifiers are the module's top-level bindings, which names nothing in the
body declares (globals, and the compiler's own: a dependency's alias, a namespace local), and
which names inner scopes declare; the syntax helpers below read the nodes around a use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript import scopes
from nbbundle.compile.javascript.literals import string_value
from nbbundle.compile.javascript.query import collect
from nbbundle.compile.javascript.symbols import CLASS
from nbbundle.compile.javascript.syntax import parse
from nbbundle.compile.minify.mangle import is_anonymous_value, naming_cursor

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.bundle.graph import ModuleNode

_DECLARATIONS = ("var", "let", "function_name", "class_name", "own_name", "param", "catch_param")
SHORTHANDS = frozenset({"shorthand_property_identifier", "shorthand_property_identifier_pattern"})

Binding = tuple[str, str]
"""(module id, top-level name in its body)."""


class NotHoistable(Exception):  # noqa: N818 - a reason, not an error: the build falls back
    """The graph needs the module system (the message says why)."""


class HoistedModule:
    """One module's body read again: its top-level bindings and their uses, what it reads free."""

    def __init__(self, node: ModuleNode) -> None:
        result = node.transform_result
        assert result is not None
        self.node = node
        self.data = "".join(result.body_parts).encode()
        parsed = parse(self.data)
        if parsed.tree.root_node.has_error:
            raise NotHoistable(f"{node.id} does not parse again")
        data = parsed.data
        captures = collect(parsed.tree)
        if captures.jsx:
            raise NotHoistable(f"{node.id} has JSX")
        patterns = [n for n in captures.pattern_name if n.type == "shorthand_property_identifier_pattern"]
        references = [*captures.identifier, *captures.shorthand, *patterns]
        texts: dict[int, bytes] = {}
        for reference in references:
            raw = data[reference.start_byte:reference.end_byte]
            if b"\\" in raw:
                raise NotHoistable(f"{node.id} escapes an identifier")
            texts[reference.start_byte] = raw
        for name in _DECLARATIONS:
            for declared in captures.named(name):
                texts.setdefault(declared.start_byte, data[declared.start_byte:declared.end_byte])
        labels = [(label.parent, label) for label in captures.label]
        self.tree = parsed.tree
        table = scopes.build(captures, texts, references, set(texts.values()), labels, len(data), module=True)
        try:
            self._read(table, captures)
        finally:
            table.release()
        del self.tree
        first = [child for child in parsed.tree.root_node.named_children if child.type != "comment"][:1]
        # A body that begins with an expression statement could continue the one before it.
        self.needs_semicolon = bool(first) and first[0].type == "expression_statement"

    def _read(self, table: scopes.SymbolTable, captures: object) -> None:
        program = table.program
        declaration_names = {n.start_byte for n in (*captures.function_name, *captures.class_name)}  # type: ignore[attr-defined]
        own_names = {n.start_byte for n in captures.own_name}  # type: ignore[attr-defined]
        self.uses: dict[str, list[Node]] = {}
        """Top-level name → its declarations and uses (source order)."""
        self.free: dict[str, list[Node]] = {}
        """Names nothing in the body declares → their uses."""
        self.inner: set[str] = set()
        """Names some scope inside the body declares: a binding renamed to one, or an import
        replaced by one, could be captured there."""
        self.named: dict[str, list[tuple[bool, int]]] = {}
        """Top-level names that are a function's or class's ``name`` → (hoisted, where): a
        function declaration's is set before the body runs, others after the statement at ``where``."""
        at_top: dict[int, str] = {}
        seen: set[int] = set()
        for reference in table.references:
            node, name, record = reference.node, reference.name, reference.record
            if node.start_byte in seen:
                continue
            seen.add(node.start_byte)
            if node.start_byte in own_names:
                continue
            if node.start_byte in declaration_names and record.parent is not None:
                record = record.parent
            found = table.resolve(name, record)
            if found is not None and found.kind == CLASS and found.own_name == name and found.node is not None \
                    and found.node.type == "class_declaration" and found.parent is not None:
                outer = table.resolve(name, found.parent)
                found = outer if outer is not None else found
            if found is program:
                self.uses.setdefault(name.decode(), []).append(node)
                at_top[node.start_byte] = name.decode()
                if node.start_byte in declaration_names and not _static_name(node.parent):
                    hoisted = node.parent is not None and node.parent.type in ("function_declaration",
                                                                                "generator_function_declaration")
                    self.named.setdefault(name.decode(), []).append((hoisted, _statement_end(node)))
            elif found is None:
                self.free.setdefault(name.decode(), []).append(node)
        for _, match in naming_cursor().matches(self.tree.root_node):
            named, value = match.get("named"), match.get("value")
            if named and value and is_anonymous_value(value[0]) and named[0].start_byte in at_top \
                    and not _static_name(value[0]):
                places = self.named.setdefault(at_top[named[0].start_byte], [])
                if _runs_once(named[0]):  # (else its `name` is the new one, where renamed apart)
                    places.append((False, _statement_end(named[0])))
        for record in table.scopes:
            if record is not program:
                self.inner.update(name.decode() for name in record.names or ())
                if record.own_name is not None:
                    self.inner.add(record.own_name.decode())



#: Nodes whose children are all targets: ``$0.x++``, ``[$0.x] = a``, ``[...$0.x] = a``.
_WRITES = frozenset({"update_expression", "array_pattern", "rest_pattern", "object_pattern"})
#: Nodes with one field that is a target; whatever else they hold is read: the value of
#: ``$0.x = v``, the default of ``function f(a = $0.x)`` or ``[a = $0.x] = b``, the computed key of
#: ``({ [$0.k]: a } = b)``.
_TARGET_FIELD = {
    "assignment_expression": "left", "augmented_assignment_expression": "left", "for_in_statement": "left",
    "assignment_pattern": "left", "object_assignment_pattern": "left", "pair_pattern": "value",
}


def written(member: Node) -> bool:
    """Whether ``member`` is assigned to (``$0.x = 1``, ``$0.x++``, ``[$0.x] = a``, ``for ($0.x of a)``),
    not read (``f(a = $0.x)``, ``({ [$0.k]: a } = b)``)."""
    parent = member.parent
    if parent is None:
        return False
    field = _TARGET_FIELD.get(parent.type)
    if field is not None:
        return parent.child_by_field_name(field) == member
    return parent.type in _WRITES


def import_read(alias: Node) -> tuple[Node | None, str | None]:
    """``$0.name`` or ``$0["a-b"]`` around a use of a dependency's alias, and the name."""
    member = alias.parent
    if member is None or member.child_by_field_name("object") != alias:
        return None, None
    if member.type == "member_expression":
        prop = member.child_by_field_name("property")
        if prop is not None and prop.type == "property_identifier" and prop.text is not None:
            return member, prop.text.decode()
    if member.type == "subscript_expression":
        index = member.child_by_field_name("index")
        if index is not None and index.type == "string":
            return member, string_value(index)
    return None, None


def _static_name(node: Node | None) -> bool:
    """Whether ``node`` is a class with a ``static name`` of its own (which its `name` is)."""
    while node is not None and node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    body = node.child_by_field_name("body") if node is not None and node.type in ("class", "class_declaration") else None
    for member in body.named_children if body is not None else ():
        key = member.child_by_field_name("name") or member.child_by_field_name("property")
        if key is not None and any(child.type == "static" for child in member.children) \
                and ((key.type == "property_identifier" and key.text == b"name")
                     or (key.type == "string" and string_value(key) == "name")):
            return True
    return False


#: What may stand between a top-level statement and a name given an anonymous function there
#: (`const f = () => …`, `f = class {}`): the statement surely ran once it ends.
_ONCE = frozenset({"variable_declarator", "lexical_declaration", "variable_declaration", "assignment_expression",
                   "augmented_assignment_expression", "expression_statement", "program"})


def _runs_once(named: Node) -> bool:
    node = named.parent
    while node is not None:
        if node.type not in _ONCE:
            return False
        node = node.parent
    return True


def _statement_end(node: Node) -> int:
    """The end of the top-level statement around ``node``."""
    while node.parent is not None and node.parent.parent is not None:
        node = node.parent
    return node.end_byte


def word_ends(data: bytes, at: int) -> bool:
    """Whether the token before ``at`` ends in a character of a name (a minified body writes
    ``return(0,$0.f)(x)``: the name put there would join it)."""
    return at > 0 and (data[at - 1:at].isalnum() or data[at - 1] in b"_$" or data[at - 1] >= 0x80)


def callee(member: Node) -> Node:
    """``(0, $0.f)`` (how the compiler calls an imported function without a ``this``) when
    ``member`` is its ``$0.f``: one identifier called is the same call; else ``member``."""
    sequence = member.parent
    if sequence is None or sequence.type != "sequence_expression" or sequence.named_child_count != 2 \
            or sequence.named_children[1] != member or sequence.named_children[0].type != "number":
        return member
    wrapper = sequence.parent
    call = wrapper.parent if wrapper is not None else None
    if wrapper is None or wrapper.type != "parenthesized_expression" or call is None \
            or call.type not in ("call_expression",) or call.child_by_field_name("function") != wrapper:
        return member
    return wrapper
