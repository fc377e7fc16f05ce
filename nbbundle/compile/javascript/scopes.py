"""A symbol table per module: scopes, declarations, and what each interesting name refers to.

Built by one sweep over the captured nodes (``query.py``) sorted by position, with a stack of
open records: a record is a scope (the module, a function, an arrow, a class, a static block,
a block with declarations, a ``for`` head, a ``switch``, a ``catch``), or a context that is not
a scope (a loop, a label, a destructuring pattern that declares). Every step looks only at the
top of the stack, so the sweep is linear in the number of captures, whatever the nesting depth.

Declarations go where the language puts them: ``var`` (and a function declaration at the top
of a function) in the nearest function, ``let``/``const``/``class`` in the innermost block,
parameters in their function, a ``catch`` binding in its clause, a function expression's or
class's own name inside itself; a function's body block is the function's own scope. Clashes
are recorded as they happen (``Problem``), except ``var`` against a ``let`` of an enclosing
block, which is settled once every declaration is known. Statements whose meaning depends on
where they stand (``return``, ``await``, ``super``, ``break``, labels) are checked by
``contexts.py`` against the record on top; the records and the table are ``symbols.py``'s.

References are recorded only for the names the compiler asks about (imported names,
``require``, ``module``, ``exports``, ``arguments``, an ``import.meta.hot`` alias) and resolved
after the sweep, so a ``var`` declared further down still shadows (hoisting). Resolution is
memoized per record and name, so a deep nest of blocks costs its depth once, not per use.
"""

from __future__ import annotations

from itertools import count, repeat
from operator import neg
from typing import TYPE_CHECKING

from nbbundle.compile.javascript import contexts
from nbbundle.compile.javascript.query import end_of, start_of
from nbbundle.compile.javascript.symbols import (
    ARROW,
    BLOCK,
    CATCH,
    CATCH_PARAM,
    CATCH_PATTERN,
    CLASS,
    CLASS_DECLARATION,
    FIELD,
    FOR,
    FOR_IN,
    FUNCTION,
    FUNCTION_DECLARATION,
    IMPORT,
    LET,
    LOOP,
    PARAM,
    PATTERN,
    PROGRAM,
    STATIC_BLOCK,
    SWITCH,
    VAR,
    VAR_SCOPE_KINDS,
    Problem,
    ScopeFrame,
    Reference,
    SymbolTable,
)

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.query import Captures

#: Records whose body block is their own scope (a function's, a catch clause's).
_BODY_OWNERS = frozenset({FUNCTION, ARROW, STATIC_BLOCK, CATCH})
#: Records a ``return`` may stand in (``contexts.returned`` decides the others).
_RETURNING = frozenset({FUNCTION, ARROW})
#: Declarations that are lexical in the scope they are made in.
_LEXICAL = frozenset({LET, CLASS_DECLARATION, IMPORT, CATCH_PATTERN, FUNCTION_DECLARATION})


# Event tags, in the order that breaks ties between nodes with the same range: the record that
# contains a node opens before the node is looked at.
(
    T_FIELD, T_FUNCTION, T_ARROW, T_STATIC_BLOCK, T_CLASS, T_BLOCK, T_SWITCH, T_CATCH, T_FOR,
    T_FOR_IN, T_LOOP, T_LABEL, T_DECL_PATTERN, T_VAR, T_LET, T_FUNCTION_NAME, T_CLASS_NAME, T_OWN_NAME,
    T_PARAM, T_CATCH_PARAM, T_PATTERN_NAME, T_REFERENCE, T_SHORTHAND, T_AWAIT, T_RETURN, T_META,
    T_SUPER, T_SUPER_CALL, T_BREAK, T_CONTINUE, T_YIELD,
) = range(31)

_RECORD_TAGS = {
    "field_value": (T_FIELD, FIELD), "function": (T_FUNCTION, FUNCTION), "arrow": (T_ARROW, ARROW),
    "static_block": (T_STATIC_BLOCK, STATIC_BLOCK), "class": (T_CLASS, CLASS), "block": (T_BLOCK, BLOCK),
    "switch": (T_SWITCH, SWITCH), "catch": (T_CATCH, CATCH), "for": (T_FOR, FOR), "for_in": (T_FOR_IN, FOR_IN),
    "loop": (T_LOOP, LOOP),
}
#: A record tag's kind of record (tags 0 … T_LOOP).
_RECORD_KINDS = [kind for tag, kind in sorted(_RECORD_TAGS.values())]
_PATTERN_TAGS = {"var_pattern": VAR, "let_pattern": LET, "param_pattern": PARAM, "catch_pattern": CATCH_PATTERN}
_NAME_TAGS = {
    "var": T_VAR, "let": T_LET, "function_name": T_FUNCTION_NAME, "class_name": T_CLASS_NAME,
    "own_name": T_OWN_NAME, "param": T_PARAM, "catch_param": T_CATCH_PARAM,
}
_CONTEXT_TAGS = {
    "await": T_AWAIT, "for_await": T_AWAIT, "return": T_RETURN, "meta": T_META, "super": T_SUPER,
    "super_call": T_SUPER_CALL, "break": T_BREAK, "continue": T_CONTINUE, "yield": T_YIELD,
}


def build(captures: Captures, texts: dict[int, bytes], references: list[Node],
          interesting: set[bytes], labels: list[tuple[Node, Node]], size: int, *, module: bool,
          imports: list[tuple[str, Node]] = (), await_calls: set[int] = frozenset()) -> SymbolTable:
    """Sweep the captures once and return the module's symbol table.

    ``texts`` maps the start of every identifier to its cooked name; ``references`` are the
    identifier and shorthand nodes worth resolving, ``interesting`` their names (a pattern's
    identifier that turns out to be an assignment target is a reference if its name is one);
    ``labels`` each labeled statement with its label. ``module``: the top level is a module's
    (function declarations are lexical there), not a CommonJS function body. ``imports``: the
    bindings import statements declare. ``await_calls``: in a script, the await expressions
    that read as calls of the identifier ``await`` outside async functions (by start byte).
    """
    events: list[tuple[int, int, int, int, object]] = []
    add = events.extend
    # Each event carries its place in this list after its tag, so that two with the same range
    # and tag keep the order they were added in and the sort compares the tuples themselves
    # (no key tuple made per event, and never a node compared).
    order = count()

    # A record's range decides what it contains; a leaf needs only its start (0 sorts it after
    # every record that starts at the same byte, since records carry their negated end).
    for name, (tag, kind) in _RECORD_TAGS.items():
        nodes = captures.named(name)
        if nodes:
            add(zip(map(start_of, nodes), map(neg, map(end_of, nodes)), repeat(tag), order, nodes))
    for name, kind in _PATTERN_TAGS.items():
        nodes = captures.named(name)
        if nodes:
            add(zip(map(start_of, nodes), map(neg, map(end_of, nodes)), repeat(T_DECL_PATTERN), order,
                    zip(repeat(kind), nodes)))
    for name, tag in (*_NAME_TAGS.items(), *_CONTEXT_TAGS.items(), ("pattern_name", T_PATTERN_NAME)):
        nodes = captures.named(name)
        if nodes:
            add(zip(map(start_of, nodes), repeat(0), repeat(tag), order, nodes))
    for statement, label in labels:
        events.append((statement.start_byte, -statement.end_byte, T_LABEL, next(order), (statement, label)))
    add(zip(map(start_of, references), repeat(0), repeat(T_REFERENCE), order, references))
    events.sort()
    sweep = _Sweep(texts, size, module, interesting)
    sweep.await_calls = await_calls
    for name, node in imports:  # hoisted: declared before anything else in the module
        sweep._declare(name.encode(), IMPORT, node, sweep.program)
    return sweep.run(events)


class _Sweep:
    def __init__(self, texts: dict[int, bytes], size: int, module: bool, interesting: set[bytes]) -> None:
        self.texts = texts
        self.module = module
        self.interesting = interesting
        self.program = ScopeFrame(PROGRAM, None, size + 1, None)
        self.table = SymbolTable(self.program)
        self.var_declarations: list[tuple[bytes, Node, ScopeFrame]] = []
        self.lexical_in_blocks: dict[tuple[int, bytes], list[ScopeFrame]] = {}
        self.await_calls: set[int] = frozenset()

    def run(self, events: list[tuple[int, int, int, int, object]]) -> SymbolTable:
        stack = [self.program]
        top = self.program
        texts = self.texts
        references = self.table.references
        declare = self._declare
        body_owners = _BODY_OWNERS
        record_kinds = _RECORD_KINDS
        scopes = self.table.scopes
        for start, neg_end, tag, _, payload in events:
            while top.end <= start:
                stack.pop()
                top = stack[-1]
            if tag <= T_LOOP:
                if tag == T_BLOCK and top.end == -neg_end and top.kind in body_owners:
                    continue  # a function's or catch clause's body: the same scope
                top = ScopeFrame(record_kinds[tag], payload, -neg_end, top)
                stack.append(top)
                if top.scope is top:
                    scopes.append(top)
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
                top = ScopeFrame(PATTERN, node, -neg_end, top)
                top.declares = kind
                if kind == PARAM:
                    top.var_scope.simple = False
                stack.append(top)
            elif tag == T_LABEL:
                statement, label = payload
                top = contexts.labeled(self.table, statement, label, top)
                stack.append(top)
            elif tag <= T_CATCH_PARAM:
                self._name(tag, payload, texts[start], top)
            elif tag == T_RETURN:
                if top.var_scope.kind not in _RETURNING:  # the common case, a function's: nothing to check
                    contexts.returned(self.table, payload, top)
            else:
                self._context(tag, payload, top)
        self._settle_var_clashes()
        return self.table

    # -- declarations ---------------------------------------------------------------------

    def _name(self, tag: int, node: Node, name: bytes, top: ScopeFrame) -> None:
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

    def _declare(self, name: bytes, kind: int, node: Node, top: ScopeFrame) -> None:
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

    def _clash(self, name: bytes, stored: int, previous: int, node: Node, scope: ScopeFrame) -> None:
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
            current: ScopeFrame | None = scope
            while current is not None and current is not scope.var_scope:
                if any(block is current for block in blocks):
                    hint = (f'var hoists "{name.decode()}" to the whole function, where a block above already '
                            "declares it with let, const or class; rename one of them.")
                    self.table.problems.append(Problem("DUPLICATE_DECLARATION", _already_declared(name), node, hint))
                    break
                current = current.parent

    # -- contexts -------------------------------------------------------------------------

    def _context(self, tag: int, node: Node, top: ScopeFrame) -> None:
        table = self.table
        if tag == T_AWAIT:
            contexts.awaited(table, node, top, call_reading=node.start_byte in self.await_calls)
        elif tag == T_META:
            contexts.meta_property(table, node, top)
        elif tag == T_SUPER:
            contexts.super_property(table, node, top)
        elif tag == T_SUPER_CALL:
            contexts.super_call(table, node, top)
        elif tag == T_BREAK or tag == T_CONTINUE:
            contexts.jump(table, node, top, is_break=tag == T_BREAK)
        elif tag == T_YIELD:
            contexts.yielded(table, node, top)


def _already_declared(name: bytes) -> str:
    return f'Identifier "{name.decode()}" has already been declared'
