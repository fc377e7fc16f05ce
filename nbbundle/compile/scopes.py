"""A symbol table per module: scopes, declarations, and what each interesting name refers to.

Built by one sweep over the captured nodes (``facts.py``) sorted by position, with a stack of
open records: a record is a scope (the module, a function, an arrow, a class, a static block,
a block with declarations, a ``for`` head, a ``switch``, a ``catch``), or a context that is not
a scope (a loop, a label, a destructuring pattern that declares). Every step looks only at the
top of the stack, so the sweep is linear in the number of captures, whatever the nesting depth.

Declarations go where the language puts them: ``var`` (and a function declaration at the top
of a function) in the nearest function, ``let``/``const``/``class`` in the innermost block,
parameters in their function, a ``catch`` binding in its clause, a function expression's or
class's own name inside itself; a function's body block is the function's own scope. Clashes
are recorded as they happen (``Problem``), except ``var`` against a ``let`` of an enclosing
block, which is settled once every declaration is known.

References are recorded only for the names the compiler asks about (imported names,
``require``, ``module``, ``exports``, ``arguments``, an ``import.meta.hot`` alias) and resolved
after the sweep, so a ``var`` declared further down still shadows (hoisting). Resolution is
memoized per record and name, so a deep nest of blocks costs its depth once, not per use.
"""

from __future__ import annotations

from itertools import repeat
from operator import itemgetter, neg
from typing import TYPE_CHECKING, NamedTuple

from nbbundle.compile.facts import end_of, start_of
from nbbundle.compile.literals import identifier_name

if TYPE_CHECKING:
    from tree_sitter import Node

# Record kinds. Function-like kinds start a `var` scope; THIS_KINDS also own `this`/`arguments`.
PROGRAM, FUNCTION, ARROW, STATIC_BLOCK, FIELD, CLASS, BLOCK, SWITCH, CATCH, FOR, FOR_IN, LOOP, LABEL, PATTERN = range(14)
VAR_SCOPE_KINDS = frozenset({PROGRAM, FUNCTION, ARROW, STATIC_BLOCK, FIELD})
THIS_KINDS = frozenset({PROGRAM, FUNCTION, STATIC_BLOCK, FIELD})
SCOPE_KINDS = frozenset({PROGRAM, FUNCTION, ARROW, STATIC_BLOCK, FIELD, CLASS, BLOCK, SWITCH, CATCH, FOR, FOR_IN})
LOOP_KINDS = frozenset({FOR, FOR_IN, LOOP})
_BODY_OWNERS = frozenset({FUNCTION, ARROW, STATIC_BLOCK, CATCH})

# Declaration kinds.
VAR, LET, CLASS_DECLARATION, FUNCTION_DECLARATION, PARAM, CATCH_PARAM, CATCH_PATTERN, IMPORT = range(8)
_LEXICAL = frozenset({LET, CLASS_DECLARATION, IMPORT, CATCH_PATTERN, FUNCTION_DECLARATION})

# Event tags, in the order that breaks ties between nodes with the same range: the record that
# contains a node opens before the node is looked at.
(
    T_FIELD, T_FUNCTION, T_ARROW, T_STATIC_BLOCK, T_CLASS, T_BLOCK, T_SWITCH, T_CATCH, T_FOR,
    T_FOR_IN, T_LOOP, T_LABEL, T_DECL_PATTERN, T_VAR, T_LET, T_FUNCTION_NAME, T_CLASS_NAME, T_OWN_NAME,
    T_PARAM, T_CATCH_PARAM, T_PATTERN_NAME, T_REFERENCE, T_SHORTHAND, T_AWAIT, T_RETURN, T_META,
    T_SUPER, T_SUPER_CALL, T_BREAK, T_CONTINUE,
) = range(30)

_RECORD_TAGS = {
    "field_value": (T_FIELD, FIELD), "function": (T_FUNCTION, FUNCTION), "arrow": (T_ARROW, ARROW),
    "static_block": (T_STATIC_BLOCK, STATIC_BLOCK), "class": (T_CLASS, CLASS), "block": (T_BLOCK, BLOCK),
    "switch": (T_SWITCH, SWITCH), "catch": (T_CATCH, CATCH), "for": (T_FOR, FOR), "for_in": (T_FOR_IN, FOR_IN),
    "loop": (T_LOOP, LOOP),
}
_PATTERN_TAGS = {"var_pattern": VAR, "let_pattern": LET, "param_pattern": PARAM, "catch_pattern": CATCH_PATTERN}
_NAME_TAGS = {
    "var": T_VAR, "let": T_LET, "function_name": T_FUNCTION_NAME, "class_name": T_CLASS_NAME,
    "own_name": T_OWN_NAME, "param": T_PARAM, "catch_param": T_CATCH_PARAM,
}
_CONTEXT_TAGS = {
    "await": T_AWAIT, "for_await": T_AWAIT, "return": T_RETURN, "meta": T_META, "super": T_SUPER,
    "super_call": T_SUPER_CALL, "break": T_BREAK, "continue": T_CONTINUE,
}
_SORT_KEY = itemgetter(0, 1, 2)


class Record:
    """One open scope or context on the sweep's stack."""

    __slots__ = ("kind", "node", "end", "parent", "scope", "var_scope", "this_scope", "names", "own_name",
                 "loops", "breakables", "labels", "declares", "simple", "duplicate_param")

    labels: tuple[tuple[str, Node], ...]
    """Labels in force here (within the current function): (name, labeled statement)."""

    def __init__(self, kind: int, node: Node | None, end: int, parent: Record | None) -> None:
        self.kind = kind
        self.node = node
        self.end = end
        self.parent = parent
        self.names: dict[bytes, tuple[int, Node | None]] | None = None
        self.own_name: bytes | None = None
        self.declares = -1
        self.simple = True
        self.duplicate_param: Node | None = None
        if parent is None:
            self.scope = self.var_scope = self.this_scope = self
            self.loops = self.breakables = 0
            self.labels = ()
        elif kind in VAR_SCOPE_KINDS:  # labels and loops do not reach into functions
            self.scope = self.var_scope = self
            self.this_scope = self if kind != ARROW else parent.this_scope
            self.loops = self.breakables = 0
            self.labels = ()
        else:
            self.scope = self if kind in SCOPE_KINDS else parent.scope
            self.var_scope = parent.var_scope
            self.this_scope = parent.this_scope
            self.labels = parent.labels
            if kind in LOOP_KINDS:
                self.loops = parent.loops + 1
                self.breakables = parent.breakables + 1
            else:
                self.loops = parent.loops
                self.breakables = parent.breakables + (kind == SWITCH)


class Problem(NamedTuple):
    """An early error found while building the table, with the node to point at."""

    code: str
    message: str
    node: Node
    hint: str | None = None
    strict_only: bool = False
    """Only an error in strict code (always in modules; CommonJS decides per function)."""


class Reference:
    """A use of an interesting name and the record of its innermost scope."""

    __slots__ = ("name", "node", "record", "this_kind")

    def __init__(self, name: bytes, node: Node, record: Record, this_kind: int) -> None:
        self.name = name
        self.node = node
        self.record = record
        self.this_kind = this_kind
        """The kind of the nearest function that owns `this`/`arguments` (PROGRAM at the top)."""


class SymbolTable:
    """The records, the interesting references and what the sweep found along the way."""

    def __init__(self, program: Record) -> None:
        self.program = program
        self.references: list[Reference] = []
        self.problems: list[Problem] = []
        self.top_level_await: Node | None = None
        self.top_level_returns: list[Node] = []
        """`return` outside functions: an error in a module, fine in CommonJS."""
        self.top_level_new_targets: list[Node] = []
        self.awaits_in_functions: list[tuple[Node, Record]] = []
        """`await` inside a function, an arrow, a field or a static block: fine only if it is async."""
        self.duplicate_params: list[Record] = []
        """Functions that repeat a parameter name: an error if strict, an arrow, a method or not simple."""
        self._memo: dict[tuple[int, bytes], Record | None] = {}

    def resolve(self, name: bytes, record: Record) -> Record | None:
        """The record that declares ``name`` as seen from ``record``; None for a global."""
        memo = self._memo
        pending: list[Record] = []
        current: Record | None = record
        found: Record | None = None
        while current is not None:
            key = (id(current), name)
            if key in memo:
                found = memo[key]
                break
            pending.append(current)
            names = current.names
            if (names is not None and name in names) or current.own_name == name:
                found = current
                break
            current = current.parent
        for visited in pending:
            memo[(id(visited), name)] = found
        return found


def build(captures: dict[str, list[Node]], texts: dict[int, bytes], references: list[Node],
          interesting: set[bytes], labels: list[tuple[Node, Node]], size: int, *, module: bool,
          imports: list[tuple[str, Node]] = ()) -> SymbolTable:
    """Sweep the captures once and return the module's symbol table.

    ``texts`` maps the start of every identifier to its cooked name; ``references`` are the
    identifier and shorthand nodes worth resolving, ``interesting`` their names (a pattern's
    identifier that turns out to be an assignment target is a reference if its name is one);
    ``labels`` each labeled statement with its label. ``module``: the top level is a module's
    (function declarations are lexical there), not a CommonJS function body. ``imports``: the
    bindings import statements declare.
    """
    events: list[tuple[int, int, int, object]] = []
    add = events.extend

    # A record's range decides what it contains; a leaf needs only its start (0 sorts it after
    # every record that starts at the same byte, since records carry their negated end).
    for name, (tag, kind) in _RECORD_TAGS.items():
        nodes = captures.get(name)
        if nodes:
            add(zip(map(start_of, nodes), map(neg, map(end_of, nodes)), repeat(tag), zip(repeat(kind), nodes)))
    for name, kind in _PATTERN_TAGS.items():
        nodes = captures.get(name)
        if nodes:
            add(zip(map(start_of, nodes), map(neg, map(end_of, nodes)), repeat(T_DECL_PATTERN), zip(repeat(kind), nodes)))
    for name, tag in (*_NAME_TAGS.items(), *_CONTEXT_TAGS.items(), ("pattern_name", T_PATTERN_NAME)):
        nodes = captures.get(name)
        if nodes:
            add(zip(map(start_of, nodes), repeat(0), repeat(tag), nodes))
    for statement, label in labels:
        events.append((statement.start_byte, -statement.end_byte, T_LABEL, (statement, label)))
    add(zip(map(start_of, references), repeat(0), repeat(T_REFERENCE), references))
    events.sort(key=_SORT_KEY)
    sweep = _Sweep(texts, size, module, interesting)
    for name, node in imports:  # hoisted: declared before anything else in the module
        sweep._declare(name.encode(), IMPORT, node, sweep.program)
    return sweep.run(events)


class _Sweep:
    def __init__(self, texts: dict[int, bytes], size: int, module: bool, interesting: set[bytes]) -> None:
        self.texts = texts
        self.module = module
        self.interesting = interesting
        self.program = Record(PROGRAM, None, size + 1, None)
        self.table = SymbolTable(self.program)
        self.var_declarations: list[tuple[bytes, Node, Record]] = []
        self.lexical_in_blocks: dict[tuple[int, bytes], list[Record]] = {}

    def run(self, events: list[tuple[int, int, int, object]]) -> SymbolTable:
        stack = [self.program]
        top = self.program
        texts = self.texts
        references = self.table.references
        declare = self._declare
        body_owners = _BODY_OWNERS
        for start, neg_end, tag, payload in events:
            while top.end <= start:
                stack.pop()
                top = stack[-1]
            if tag <= T_LOOP:
                kind, node = payload
                if kind == BLOCK and top.end == -neg_end and top.kind in body_owners:
                    continue  # a function's or catch clause's body: the same scope
                top = Record(kind, node, -neg_end, top)
                stack.append(top)
            elif tag == T_LET or tag == T_PARAM:
                # The common case inline: a name new to a function's own scope.
                scope = top.var_scope if tag == T_PARAM else top.scope
                names = scope.names
                name = texts[start]
                if scope is scope.var_scope and (names is None or name not in names):
                    if names is None:
                        scope.names = {name: (LET if tag == T_LET else PARAM, payload)}
                    else:
                        names[name] = (LET if tag == T_LET else PARAM, payload)
                else:
                    declare(name, LET if tag == T_LET else PARAM, payload, top)
            elif tag == T_VAR:
                declare(texts[start], VAR, payload, top)
            elif tag == T_REFERENCE:
                references.append(Reference(texts[start], payload, top.scope, top.this_scope.kind))
            elif tag == T_PATTERN_NAME:
                name = texts[start]
                if top.kind == PATTERN:
                    declare(name, top.declares, payload, top)
                elif name in self.interesting:  # an assignment target with an interesting name
                    references.append(Reference(name, payload, top.scope, top.this_scope.kind))
            elif tag == T_DECL_PATTERN:
                kind, node = payload
                top = Record(PATTERN, node, -neg_end, top)
                top.declares = kind
                if kind == PARAM:
                    top.var_scope.simple = False
                stack.append(top)
            elif tag == T_LABEL:
                statement, label = payload
                top = self._label(statement, label, top)
                stack.append(top)
            elif tag <= T_CATCH_PARAM:
                self._name(tag, payload, texts[start], top)
            else:
                self._context(tag, payload, top)
        self._settle_var_clashes()
        return self.table

    # -- declarations ---------------------------------------------------------------------

    def _name(self, tag: int, node: Node, name: bytes, top: Record) -> None:
        if tag == T_VAR:
            self._declare(name, VAR, node, top)
        elif tag == T_LET:
            self._declare(name, LET, node, top)
        elif tag == T_PARAM:
            self._declare(name, PARAM, node, top)
        elif tag == T_CATCH_PARAM:
            self._declare(name, CATCH_PARAM, node, top)
        elif tag == T_FUNCTION_NAME:
            # The name sits inside the function's own record; it is declared around it.
            self._declare(name, FUNCTION_DECLARATION, node, top.parent or top)
        elif tag == T_CLASS_NAME:
            self._declare(name, CLASS_DECLARATION, node, top.parent or top)
            top.own_name = name
        elif tag == T_OWN_NAME:
            top.own_name = name

    def _declare(self, name: bytes, kind: int, node: Node, top: Record) -> None:
        """Declare ``name`` where the language puts a declaration of ``kind`` made at ``top``."""
        scope = top.var_scope if kind == VAR or kind == PARAM else top.scope
        if kind == VAR:
            self.var_declarations.append((name, node, top.scope))
        stored = kind
        if kind == FUNCTION_DECLARATION and scope.kind in VAR_SCOPE_KINDS and not (scope.kind == PROGRAM and self.module):
            stored = VAR  # at the top of a function body a function declaration is var-like
        if stored in _LEXICAL and scope is not scope.var_scope:
            self.lexical_in_blocks.setdefault((id(scope.var_scope), name), []).append(scope)
        names = scope.names
        if names is None:
            scope.names = {name: (stored, node)}
            return
        previous = names.get(name)
        if previous is None:
            names[name] = (stored, node)
            return
        self._clash(name, stored, previous[0], node, scope)

    def _clash(self, name: bytes, stored: int, previous: int, node: Node, scope: Record) -> None:
        if stored == PARAM and previous == PARAM:
            if scope.duplicate_param is None:
                scope.duplicate_param = node
                self.table.duplicate_params.append(scope)
            return
        if stored == VAR and previous in (VAR, PARAM):
            return
        strict_only = stored == FUNCTION_DECLARATION and previous == FUNCTION_DECLARATION  # Annex B, sloppy blocks
        if previous == IMPORT or stored == IMPORT:
            hint = f'"{name.decode()}" is imported in this module; rename the import or the declaration.'
        elif VAR in (stored, previous):
            hint = (f'"{name.decode()}" is declared with var and with let, const, class or a function in the '
                    "same scope (var reaches the whole function); rename one of them.")
        elif previous == PARAM:
            hint = f'"{name.decode()}" is a parameter of this function; rename the parameter or the declaration.'
        else:
            hint = f'"{name.decode()}" is declared twice in the same scope; rename one of the declarations.'
        self.table.problems.append(Problem("DUPLICATE_DECLARATION", _already_declared(name), node, hint,
                                           strict_only=strict_only))

    def _settle_var_clashes(self) -> None:
        """``var x`` in a block inside a block that declares ``let x`` (same function)."""
        lexical = self.lexical_in_blocks
        if not lexical:
            return
        for name, node, scope in self.var_declarations:
            blocks = lexical.get((id(scope.var_scope), name))
            if not blocks:
                continue
            current: Record | None = scope
            while current is not None and current is not scope.var_scope:
                if any(block is current for block in blocks):
                    hint = (f'var hoists "{name.decode()}" to the whole function, where a block above already '
                            "declares it with let, const or class; rename one of them.")
                    self.table.problems.append(Problem("DUPLICATE_DECLARATION", _already_declared(name), node, hint))
                    break
                current = current.parent

    def _label(self, statement: Node, label: Node, top: Record) -> Record:
        name = label.text.decode() if label.text else ""
        if any(entry[0] == name for entry in top.labels):
            self.table.problems.append(Problem("DUPLICATE_LABEL", f'Label "{name}" has already been declared', label,
                                               "A label inside a statement with the same label: rename one."))
        record = Record(LABEL, statement, statement.end_byte, top)
        record.labels = (*top.labels, (name, statement))
        return record

    # -- contexts -------------------------------------------------------------------------

    def _context(self, tag: int, node: Node, top: Record) -> None:
        table = self.table
        if tag == T_AWAIT:
            var_scope = top.var_scope
            if var_scope.kind == PROGRAM:
                if table.top_level_await is None:
                    table.top_level_await = node
            else:
                table.awaits_in_functions.append((node, var_scope))
        elif tag == T_RETURN:
            owner = top.var_scope.kind
            if owner == PROGRAM:
                table.top_level_returns.append(node)
            elif owner in (STATIC_BLOCK, FIELD):
                table.problems.append(Problem("ILLEGAL_RETURN", "Illegal return statement", node))
        elif tag == T_META:
            if node.child_count and node.children[0].type == "new" and top.this_scope.kind == PROGRAM:
                table.top_level_new_targets.append(node)
        elif tag == T_SUPER:
            owner = top.this_scope
            if owner.kind == PROGRAM or (owner.kind == FUNCTION and owner.node.type != "method_definition"):
                table.problems.append(Problem("UNEXPECTED_SUPER", '"super" keyword unexpected here', node,
                                              hint="super is only valid inside methods and class field initializers."))
        elif tag == T_SUPER_CALL:
            owner = top.this_scope
            if not (owner.kind == FUNCTION and _is_derived_constructor(owner)):
                table.problems.append(Problem(
                    "UNEXPECTED_SUPER", '"super" keyword unexpected here', node,
                    hint="super() is only valid in the constructor of a class that extends another."))
        elif tag == T_BREAK or tag == T_CONTINUE:
            self._jump(tag, node, top)

    def _jump(self, tag: int, node: Node, top: Record) -> None:
        label = node.child_by_field_name("label")
        if label is None:
            if tag == T_BREAK and top.breakables == 0:
                self.table.problems.append(Problem("ILLEGAL_BREAK", "Illegal break statement", node,
                                                   "break is only valid inside a loop or a switch."))
            elif tag == T_CONTINUE and top.loops == 0:
                self.table.problems.append(Problem(
                    "ILLEGAL_CONTINUE", "Illegal continue statement: no surrounding iteration statement", node,
                    "continue is only valid inside a loop."))
            return
        name = label.text.decode() if label.text else ""
        statement = next((entry[1] for entry in reversed(top.labels) if entry[0] == name), None)
        if statement is None:
            self.table.problems.append(Problem("UNDEFINED_LABEL", f'Undefined label "{name}"', label,
                                               f'No enclosing statement of this function is labeled "{name}".'))
        elif tag == T_CONTINUE and not _labels_loop(statement):
            self.table.problems.append(Problem(
                "ILLEGAL_CONTINUE", f'Illegal continue statement: "{name}" does not denote an iteration statement',
                label, f'continue can only go to a loop; use break {name} to leave the labeled statement.'))


def _labels_loop(statement: Node) -> bool:
    """Whether a labeled statement labels a loop (possibly through more labels)."""
    body = statement.child_by_field_name("body")
    while body is not None and body.type == "labeled_statement":
        body = body.child_by_field_name("body")
    return body is not None and body.type in ("for_statement", "for_in_statement", "while_statement", "do_statement")


def _is_derived_constructor(function: Record) -> bool:
    """Whether a function record is the constructor of a class that extends another."""
    method = function.node
    if method.type != "method_definition":
        return False
    name = method.child_by_field_name("name")
    if name is None or identifier_name(name.text or b"") != "constructor":
        return False  # (`\u0063onstructor` is the constructor too: names compare cooked)
    owner = function.parent  # the class body is no record: the method's parent is the class
    return (owner is not None and owner.kind == CLASS
            and any(child.type == "class_heritage" for child in owner.node.children))


def _already_declared(name: bytes) -> str:
    return f'Identifier "{name.decode()}" has already been declared'
