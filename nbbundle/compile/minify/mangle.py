"""Short names for a module's local bindings, from the compiler's scopes.

The compiler's symbol table (``javascript/scopes.py``) is built over the compiled text with
every identifier as a reference, so each use and each declaration resolves to the binding it
names, or to none (a global). A binding keeps its name when renaming it could be seen:

* it is global, or the module's export (``keep``: the getters of the init function read it);
* its scope, or a scope inside it, has a direct ``eval`` or a ``with`` (the code there looks
  names up by their text): every scope around them keeps its names;
* its name reaches a function's ``name`` (function and class declarations, a named function or
  class expression, a binding given an anonymous function or class: ``const App = () => …``),
  which code and React's tools read;
* its text is escaped (``\\u0061``), a contextual keyword (``let``, ``await``, ``yield``, …),
  a ``var`` that a ``catch`` parameter of the same name receives, or a ``var`` of a function
  with default parameters that those read (they see the scope outside).

The others get names by depth, as esbuild numbers its slots: a scope's bindings take the slots
after those of the scopes around it, so no binding can hide one that a scope inside it still
reads, and sibling scopes reuse the same short names. Slot ``n`` is the ``n``-th name of
``a``…``Z``, ``$``, ``_``, then two characters, …, skipping every name kept (globals included)
and reserved words, so a new name is never one the module reads from outside.
"""

from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING

import tree_sitter

from nbbundle.compile.javascript import query, scopes
from nbbundle.compile.javascript.literals import identifier_name
from nbbundle.compile.javascript.symbols import CATCH, CLASS, FUNCTION, VAR, ScopeFrame
from nbbundle.compile.javascript.syntax import LANGUAGE
from nbbundle.compile.minify.names import MinifiedNames

if TYPE_CHECKING:
    from tree_sitter import Node, Tree

    from nbbundle.compile.text.names import GeneratedNames

_FIRST = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$_"
_NEXT = _FIRST + "0123456789"
RESERVED = frozenset("""
    break case catch class const continue debugger default delete do else enum export extends false
    finally for function if import in instanceof new null return super switch this throw true try
    typeof var void while with yield let static implements interface package private protected public
    await arguments eval async of get set undefined NaN Infinity module exports require
""".split())
#: Words that read as keywords or identifiers by context: bindings so named keep their name.
_CONTEXTUAL = frozenset({b"let", b"await", b"yield", b"async", b"of", b"get", b"set", b"static", b"arguments", b"eval"})

#: Where a binding is given a value that takes its name (an anonymous function or class, maybe
#: in parentheses): ``is_anonymous_value`` looks closer.
_VALUES = "[(arrow_function) (function_expression) (generator_function) (class) (parenthesized_expression)] @value"
_NAMING_QUERY = f"""
(variable_declarator name: (identifier) @named value: {_VALUES})
(assignment_expression left: (identifier) @named right: {_VALUES})
(augmented_assignment_expression left: (identifier) @named right: {_VALUES})
(assignment_pattern left: (identifier) @named right: {_VALUES})
(object_assignment_pattern left: (shorthand_property_identifier_pattern) @named right: {_VALUES})
"""
_ANONYMOUS = frozenset({"arrow_function", "function_expression", "generator_function", "class"})
_LOGICAL_ASSIGNMENTS = frozenset({"||=", "&&=", "??="})


def naming_cursor() -> tree_sitter.QueryCursor:
    """Matches of a binding given an anonymous function or class (``@named``, ``@value``); scope
    hoisting (``bundle/hoisted_module.py``) reads the same names."""
    global _CURSOR
    if _CURSOR is None:
        _CURSOR = tree_sitter.QueryCursor(tree_sitter.Query(LANGUAGE, _NAMING_QUERY))
    return _CURSOR


_CURSOR: tree_sitter.QueryCursor | None = None


def names(index: int) -> str:
    """The ``index``-th candidate name (before skipping kept ones)."""
    if index < len(_FIRST):
        return _FIRST[index]
    index -= len(_FIRST)
    length = 2
    while True:
        count = len(_FIRST) * len(_NEXT) ** (length - 1)
        if index < count:
            break
        index -= count
        length += 1
    chars = [_FIRST[index // len(_NEXT) ** (length - 1)]]
    index %= len(_NEXT) ** (length - 1)
    for position in range(length - 2, -1, -1):
        chars.append(_NEXT[index // len(_NEXT) ** position])
        index %= len(_NEXT) ** position
    return "".join(chars)


class _Names:
    """Slot → name, skipping the names that must not be taken."""

    def __init__(self, taken: set[str]) -> None:
        self.taken = taken
        self.chosen: list[str] = []
        self.next = 0

    def __getitem__(self, slot: int) -> str:
        chosen = self.chosen
        while len(chosen) <= slot:
            name = names(self.next)
            self.next += 1
            if name not in self.taken and name not in RESERVED:
                chosen.append(name)
        return chosen[slot]


def is_anonymous_value(value: Node) -> bool:
    """Whether ``value`` (through parentheses) is a function or class that takes its binding's name."""
    while value.type == "parenthesized_expression" and value.named_child_count == 1:
        value = value.named_children[0]
    return value.type in _ANONYMOUS and value.child_by_field_name("name") is None


def mangle(tree: Tree, captures: query.Captures, data: bytes, *, module: bool, keep: frozenset[str],
           compiler_names: GeneratedNames | None = None,
           dependencies: int = 0) -> tuple[dict[int, tuple[int, str]], MinifiedNames | None, dict[str, str]]:
    """Identifier start → (end, new text) for every use and declaration of a binding renamed.

    ``module``: the text is an ES module's body (strict, function declarations lexical at the
    top); else a CommonJS function body. ``keep``: names of the top level that stay (exports).
    ``compiler_names``: the names the compiler gave the parameters and the ``dependencies``
    aliases, renamed to the short ``MinifiedNames`` returned (None: they stay). Also returned:
    the top level's names that changed, old → new (tree shaking's statement records name them).
    """
    patterns = [node for node in captures.pattern_name if node.type == "shorthand_property_identifier_pattern"]
    references = [*captures.identifier, *captures.shorthand, *patterns]
    texts: dict[int, bytes] = {}
    escaped: set[bytes] = set()
    for node in references:
        raw = data[node.start_byte:node.end_byte]
        if b"\\" in raw:
            raw = identifier_name(raw).encode()
            escaped.add(raw)
        texts[node.start_byte] = raw
    for name in ("var", "let", "function_name", "class_name", "own_name", "param", "catch_param"):
        for node in captures.named(name):
            texts.setdefault(node.start_byte, data[node.start_byte:node.end_byte])
    interesting = set(texts.values())
    labels = [(label.parent, label) for label in captures.label]
    table = scopes.build(captures, texts, references, interesting, labels, len(data), module=module)
    short = MinifiedNames.avoiding(interesting) if compiler_names is not None else None
    generated: dict[bytes, str] = {}
    if short is not None and compiler_names is not None:
        pairs = [(compiler_names.module, short.module), (compiler_names.exports, short.exports),
                 (compiler_names.require, short.require), (compiler_names.default, short.default)]
        for index in range(dependencies):
            pairs += [(compiler_names.alias(index), short.alias(index)),
                      (compiler_names.namespace(index), short.namespace(index))]
        generated = {old.encode(): new for old, new in pairs}
    top: dict[str, str] = {}
    try:
        return _rename(table, captures, references, texts, escaped, tree, data, keep, generated, top), short, top
    finally:
        table.release()


def _rename(table: scopes.SymbolTable, captures: query.Captures, references: list[Node],  # noqa: C901, PLR0912
            texts: dict[int, bytes], escaped: set[bytes], tree: Tree, data: bytes,
            keep: frozenset[str], generated: dict[bytes, str], top: dict[str, str]) -> dict[int, tuple[int, str]]:
    program = table.program
    declaration_names = {node.start_byte for node in (*captures.function_name, *captures.class_name)}
    # A function or class expression's own name is its `name` (and a parameter of the same name
    # would hide it from a lookup inside): the word stays as written.
    own_names = {node.start_byte for node in captures.own_name}
    # Each token → the binding it names: (scope record, name), or None for a global.
    binding_of: dict[int, tuple[ScopeFrame, bytes] | None] = {}
    uses: dict[tuple[int, bytes], list[Node]] = {}
    records: dict[int, ScopeFrame] = {}
    frozen: set[tuple[int, bytes]] = set()
    taken: set[str] = set(keep) | set(generated.values())
    for reference in table.references:
        node, name, record = reference.node, reference.name, reference.record
        start = node.start_byte
        if start in binding_of:
            continue
        if start in own_names:
            binding_of[start] = None
            taken.add(name.decode(errors="replace"))
            continue
        if start in declaration_names and record.parent is not None:
            record = record.parent  # a declaration's name is bound around the function or class
        found = table.resolve(name, record)
        if found is not None and found.kind == CLASS and found.own_name == name and found.node is not None \
                and found.node.type == "class_declaration" and found.parent is not None:
            outer = table.resolve(name, found.parent)  # inside a class, its name is the declaration's
            found = outer if outer is not None else found
        if found is None:
            binding_of[start] = None
            taken.add(name.decode(errors="replace"))
            continue
        key = (id(found), name)
        records[id(found)] = found
        binding_of[start] = (found, name)
        uses.setdefault(key, []).append(node)
        if found.own_name == name and not (found.names and name in found.names):
            frozen.add(key)  # a named function or class expression: its `name`
        elif start in declaration_names:
            frozen.add(key)  # function and class declarations: their `name`
    # Scopes that eval or with can see into keep all their names.
    tainted: set[int] = set()
    for callee in captures.callee:
        if texts.get(callee.start_byte) == b"eval":
            _taint(_record_at(table, callee), tainted)
    for statement in captures.with_:
        for reference in table.references:
            if statement.start_byte <= reference.node.start_byte < statement.end_byte:
                _taint(reference.record, tainted)
    for key in uses:
        record, name = records[key[0]], key[1]
        if (key[0] in tainted or name in escaped or name in _CONTEXTUAL
                or (record is program and name.decode(errors="replace") in keep)):
            frozen.add(key)
    # Bindings given an anonymous function or class take its name.
    for _, match in naming_cursor().matches(tree.root_node):
        named = match.get("named")
        value = match.get("value")
        if named and value and is_anonymous_value(value[0]):
            parent = named[0].parent
            if parent is not None and parent.type == "augmented_assignment_expression":
                operator = parent.child_by_field_name("operator")
                if operator is None or operator.type not in _LOGICAL_ASSIGNMENTS:
                    continue
            bound = binding_of.get(named[0].start_byte)
            if bound is not None:
                frozen.add((id(bound[0]), bound[1]))
    # `catch (e) { var e }`: the var's declaration assigns the parameter; both keep the name.
    for node in captures.var:
        bound = binding_of.get(node.start_byte)
        if bound is not None and bound[0].kind == CATCH:
            frozen.add((id(bound[0]), bound[1]))
            var_record = bound[0].var_scope if bound[0].var_scope is not None else None
            if var_record is not None:
                frozen.add((id(var_record), bound[1]))
    # Default parameters see the scope outside the body: a body `var` they name keeps its name,
    # and so does the binding outside that they read.
    for key, nodes in list(uses.items()):
        record = records[key[0]]
        if record.kind != FUNCTION or record.simple or record.node is None or key in frozen:
            continue
        parameters = record.node.child_by_field_name("parameters")
        if parameters is None or not record.names or record.names.get(key[1], (None,))[0] != VAR:
            continue
        if any(parameters.start_byte <= node.start_byte < parameters.end_byte for node in nodes):
            frozen.add(key)
            outer = table.resolve(key[1], record.parent) if record.parent is not None else None
            if outer is not None:  # what the parameters really read
                frozen.add((id(outer), key[1]))
    for key in uses:
        if key[1] in generated:
            frozen.add(key)  # (`__nbb_default__`, declared in the body: renamed below)
    for key in frozen:
        taken.add(key[1].decode(errors="replace"))
    renames = _assign(table, uses, records, frozen, taken, data, top)
    top.update((old.decode(), new) for old, new in generated.items())
    if generated:
        for reference in table.references:
            new = generated.get(reference.name)
            if new is not None:
                node = reference.node
                renames[node.start_byte] = (node.end_byte, new)
    return renames


def _record_at(table: scopes.SymbolTable, node: Node) -> ScopeFrame:
    for reference in table.references:
        if reference.node.start_byte == node.start_byte:
            return reference.record
    return table.program


def _taint(record: ScopeFrame | None, tainted: set[int]) -> None:
    while record is not None and id(record) not in tainted:
        tainted.add(id(record))
        record = record.parent


def _assign(table: scopes.SymbolTable, uses: dict[tuple[int, bytes], list[Node]], records: dict[int, ScopeFrame],
            frozen: set[tuple[int, bytes]], taken: set[str], data: bytes,
            top: dict[str, str]) -> dict[int, tuple[int, str]]:
    """Slots by depth (``next`` after the scopes around), then names; the renaming edits."""
    by_scope: dict[int, list[tuple[int, bytes]]] = {}
    for key, nodes in uses.items():
        if key not in frozen:
            by_scope.setdefault(key[0], []).append(key)
    generator = _Names(taken)
    next_slot: dict[int, int] = {}
    renames: dict[int, tuple[int, str]] = {}
    for record in table.scopes:  # made in source order: every scope after the ones around it
        parent = record.parent
        while parent is not None and id(parent) not in next_slot:
            parent = parent.parent
        slot = next_slot[id(parent)] if parent is not None else 0
        keys = by_scope.get(id(record), ())
        # The most used names take the shortest slots; ties in source order (same bytes every run).
        # (References come in source order: a binding's first use is its first node.)
        for key in sorted(keys, key=lambda key: (-len(uses[key]), uses[key][0].start_byte)):
            name = generator[slot]
            slot += 1
            if name.encode() == key[1]:
                continue
            if record is table.program:
                top[key[1].decode(errors="replace")] = name
            for node in uses[key]:
                if node.type in ("shorthand_property_identifier", "shorthand_property_identifier_pattern"):
                    text = f"{data[node.start_byte:node.end_byte].decode()}:{name}"
                else:
                    text = name
                renames[node.start_byte] = (node.end_byte, text)
        next_slot[id(record)] = slot
    del records
    return renames
