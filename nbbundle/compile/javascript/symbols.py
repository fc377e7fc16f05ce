"""The symbol table's data: records of scopes and contexts, references, and what went wrong.

``scopes.py`` builds these in one sweep; ``contexts.py`` checks statements against them;
``early_errors.py``, ``bindings.py`` and ``transform.py`` read them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tree_sitter import Node

# Record kinds. Function-like kinds start a `var` scope; THIS_KINDS also own `this`/`arguments`.
PROGRAM, FUNCTION, ARROW, STATIC_BLOCK, FIELD, CLASS, BLOCK, SWITCH, CATCH, FOR, FOR_IN, LOOP, LABEL, PATTERN = range(14)
VAR_SCOPE_KINDS = frozenset({PROGRAM, FUNCTION, ARROW, STATIC_BLOCK, FIELD})
THIS_KINDS = frozenset({PROGRAM, FUNCTION, STATIC_BLOCK, FIELD})
SCOPE_KINDS = frozenset({PROGRAM, FUNCTION, ARROW, STATIC_BLOCK, FIELD, CLASS, BLOCK, SWITCH, CATCH, FOR, FOR_IN})
LOOP_KINDS = frozenset({FOR, FOR_IN, LOOP})

# Declaration kinds.
VAR, LET, CLASS_DECLARATION, FUNCTION_DECLARATION, PARAM, CATCH_PARAM, CATCH_PATTERN, IMPORT = range(8)


class Record:
    """One open scope or context on the sweep's stack."""

    __slots__ = (
        "breakables",
        "declares",
        "duplicate_param",
        "end",
        "kind",
        "labels",
        "loops",
        "names",
        "node",
        "own_name",
        "parent",
        "scope",
        "simple",
        "this_scope",
        "var_scope",
    )

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
        self.top_level_awaits: list[Node] = []
        """Every `await` (and `for await` statement) outside functions, in source order."""
        self.top_level_returns: list[Node] = []
        self.top_level_yields: list[Node] = []
        """`yield` outside functions: `yield` is a reserved word there in a module."""
        """`return` outside functions: an error in a module, fine in CommonJS."""
        self.top_level_new_targets: list[Node] = []
        self.awaits_in_functions: list[tuple[Node, Record]] = []
        """`await` inside a function, an arrow, a field or a static block: fine only if it is async."""
        self.duplicate_params: list[Record] = []
        """Functions that repeat a parameter name: an error if strict, an arrow, a method or not simple."""
        self._memo: dict[tuple[int, bytes], Record | None] = {}
        self.scopes: list[Record] = [program]
        """Every record that is a scope, so ``release`` can reach them."""

    def release(self) -> None:
        """Break the records' references to themselves (a scope is its own ``scope``) once done.

        Reference counting then frees the table, and the tree its records hold, as soon as the
        module is compiled; otherwise only the cyclic garbage collector would, and a build
        would hold every module's tree until it ran (worker processes run without it).
        """
        for record in self.scopes:
            record.scope = record.var_scope = record.this_scope = None  # type: ignore[assignment]
        self.scopes = []
        self._memo.clear()

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


