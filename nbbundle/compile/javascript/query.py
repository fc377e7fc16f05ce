"""One tree-sitter query, run once per module, finds every node the compiler decides from.

The query runs in C over the whole tree and hands Python only the nodes it asked for, grouped
by capture name: scopes, declarations, identifiers, ``import.meta``, ``import()``, ``await``,
``return``, labels, literals that strict mode restricts, and so on. Comments are extras: no
pattern asks for them, and they never sit between a node and the field a pattern names, so
``import(/* c */ "./x.js")`` and ``export { a, /* c */ b }`` read like their plain forms.

A pattern that waits for a child of a kind (``(expression_statement (string))``) keeps a state
open while the engine walks the whole subtree under that node, and every node visited looks at
every open state: nested statements (functions in functions) made that quadratic in depth. The
anchor (``.``: the first named child) settles it at the first child, and it is what those
patterns mean anyway (a statement's one expression).

Capture names are the vocabulary of ``scopes.py`` and ``early_errors.py``; they arrive as the
typed record ``Captures`` (one attribute per name), whose lists are unordered (py-tree-sitter
collects them in sets), so whoever needs source order sorts.
"""

from __future__ import annotations

import functools
import keyword
from operator import attrgetter
from typing import TYPE_CHECKING

import tree_sitter

from nbbundle.compile.javascript.syntax import LANGUAGE

if TYPE_CHECKING:
    from collections.abc import Callable

    from tree_sitter import Node, Tree

QUERY_SOURCE = """
; scopes and the contexts that decide what `arguments`, `return`, `super`, `await` may do
[(function_declaration) (generator_function_declaration) (function_expression) (generator_function) (method_definition)] @function
(arrow_function) @arrow
(class_static_block) @static_block
[(class_declaration) (class)] @class
(field_definition value: (_) @field_value)
(statement_block) @block
(switch_body) @switch
(catch_clause) @catch
(for_statement) @for
(for_in_statement) @for_in
[(while_statement) (do_statement)] @loop
(labeled_statement label: (statement_identifier) @label)

; declarations (a binding of any kind, sorted by its kind in ``collect``)
(variable_declaration (variable_declarator name: (_) @var_binding))
(lexical_declaration (variable_declarator name: (_) @let_binding))
(function_declaration name: (identifier) @function_name)
(generator_function_declaration name: (identifier) @function_name)
(class_declaration name: (identifier) @class_name)
(function_expression name: (identifier) @own_name)
(generator_function name: (identifier) @own_name)
(class name: (identifier) @own_name)
(formal_parameters (_) @param_binding)
(arrow_function parameter: (identifier) @param)
(catch_clause parameter: (_) @catch_binding)
(shorthand_property_identifier_pattern) @pattern_name
(pair_pattern value: (identifier) @pattern_name)
(array_pattern (identifier) @pattern_name)
(assignment_pattern left: (identifier) @pattern_name)
(rest_pattern (identifier) @pattern_name)

; names
(identifier) @identifier
(shorthand_property_identifier) @shorthand

; module facts
(meta_property) @meta
(import) @import
(call_expression function: (identifier) @callee)
(await_expression) @await
(yield_expression) @yield
(for_in_statement "await") @for_await
(return_statement) @return
(super) @super

; early errors
(break_statement) @break
(continue_statement) @continue
(with_statement) @with
(number) @number
(string (escape_sequence) @string_escape)
(template_string (escape_sequence) @template_escape)
(unary_expression operator: "delete" argument: (identifier) @delete_operand)
(unary_expression operator: "delete" argument: (parenthesized_expression) @delete_operand)
(lexical_declaration kind: "const" (variable_declarator !value) @const_without_value)
(optional_chain) @optional_chain
(rest_pattern) @rest
(update_expression argument: (_) @update_target)
(assignment_expression left: (parenthesized_expression) @parenthesized_target)
(expression_statement . (string) @directive)
(if_statement consequence: (_) @single_statement)
(else_clause (_) @single_statement)
(labeled_statement body: (_) @single_statement)
(for_statement body: (_) @single_statement)
(for_in_statement body: (_) @single_statement)
(while_statement body: (_) @single_statement)
(do_statement body: (_) @single_statement)
(expression_statement . (identifier) @bare_identifier_statement)
[(jsx_element) (jsx_self_closing_element)] @jsx
(html_comment) @html_comment
"""


@functools.cache
def _cursor() -> tree_sitter.QueryCursor:
    return tree_sitter.QueryCursor(tree_sitter.Query(LANGUAGE, QUERY_SOURCE))


class Captures:
    """The query's captures, one list of nodes per capture name (an empty tuple for a name with
    none), in no particular order (py-tree-sitter collects them in sets): whoever needs source
    order sorts. A name that is a
    Python keyword has a ``_`` after it (``class_``, ``await_``); ``named`` reads a capture by
    its name in the query, for the tables that map names to what they mean (``scopes.py``).
    """

    # scopes and the contexts that decide what `arguments`, `return`, `super`, `await` may do
    function: list[Node]
    arrow: list[Node]
    static_block: list[Node]
    class_: list[Node]
    field_value: list[Node]
    block: list[Node]
    switch: list[Node]
    catch: list[Node]
    for_: list[Node]
    for_in: list[Node]
    loop: list[Node]
    label: list[Node]
    # declarations
    var: list[Node]
    var_pattern: list[Node]
    let: list[Node]
    let_pattern: list[Node]
    function_name: list[Node]
    class_name: list[Node]
    own_name: list[Node]
    param: list[Node]
    param_pattern: list[Node]
    catch_param: list[Node]
    catch_pattern: list[Node]
    pattern_name: list[Node]
    # names
    identifier: list[Node]
    shorthand: list[Node]
    # module facts
    meta: list[Node]
    import_: list[Node]
    callee: list[Node]
    await_: list[Node]
    yield_: list[Node]
    for_await: list[Node]
    return_: list[Node]
    super: list[Node]
    # early errors
    break_: list[Node]
    continue_: list[Node]
    with_: list[Node]
    number: list[Node]
    string_escape: list[Node]
    template_escape: list[Node]
    delete_operand: list[Node]
    const_without_value: list[Node]
    optional_chain: list[Node]
    rest: list[Node]
    update_target: list[Node]
    parenthesized_target: list[Node]
    directive: list[Node]
    single_statement: list[Node]
    bare_identifier_statement: list[Node]
    jsx: list[Node]
    html_comment: list[Node]
    # derived in ``collect`` from the captures above
    dynamic_import: list[Node]
    super_call: list[Node]
    not_assignable: list[Node]

    # A plain class, not a dataclass: a dataclass's methods for 54 fields, compiled from generated
    # text at import, were 5 % of every build's imports. The query's dict of captures becomes the
    # instance's own ``__dict__`` as it is (keywords renamed), and a name the module has no
    # capture of reads the class's empty tuple (below): no attribute set per name per module.

    def __init__(self, found: dict[str, list[Node]]) -> None:
        for name in _KEYWORDS.intersection(found):
            found[name + "_"] = found.pop(name)
        self.__dict__ = found

    def named(self, name: str) -> list[Node]:
        """The nodes captured as ``@name``."""
        return getattr(self, _FIELDS[name])


#: Capture name → its attribute on ``Captures``: the name, with ``_`` after a Python keyword.
_FIELDS = {name: f"{name}_" if keyword.iskeyword(name) else name for name in (
    attribute.removesuffix("_") for attribute in Captures.__annotations__)}
_KEYWORDS = frozenset(name for name, field in _FIELDS.items() if field != name)
for _field in _FIELDS.values():
    setattr(Captures, _field, ())  # what a capture absent from the module reads as (never changed)


start_of = attrgetter("start_byte")
end_of = attrgetter("end_byte")


def collect(tree: Tree) -> Captures:
    """Every capture of the query over ``tree`` (``Captures``).

    A few names are derived here from nodes the query captures anyway, where a pattern of
    their own would cost more to compile (every process compiles the query once, before its
    first module) than reading a field of a rare node does: ``for (let x of …)`` heads,
    ``super(…)`` and ``import(…)`` calls, ``({…}) = …`` targets.
    """
    found = _cursor().captures(tree.root_node)
    for binding, sorting in _BINDINGS.items():
        nodes = found.pop(binding, None)
        if nodes:
            _sort_bindings(nodes, found, *sorting)
    captures = Captures(found)
    for statement in captures.for_in:
        kind = statement.child_by_field_name("kind")
        left = statement.child_by_field_name("left")
        if kind is None or left is None:
            continue  # `for (x of …)`: an assignment, not a declaration
        name = "var" if kind.type == "var" else "let"
        if left.type in _DECLARATION_PATTERN_KINDS:
            name += "_pattern"
        elif left.type != "identifier":
            continue
        field = _FIELDS[name]
        nodes = captures.__dict__.get(field)
        if nodes is None:
            setattr(captures, field, [left])
        else:
            nodes.append(left)
    captures.dynamic_import = _derived(captures.import_, _call_of)
    captures.super_call = _derived(captures.super, _call_of)
    captures.not_assignable = _derived(captures.parenthesized_target, _literal_inside)
    return captures


_DECLARATION_PATTERN_KINDS = frozenset({"object_pattern", "array_pattern"})
_IDENTIFIER_ID = LANGUAGE.id_for_node_kind("identifier", True)
_DECLARATION_PATTERN_IDS = frozenset(
    LANGUAGE.id_for_node_kind(kind, True) for kind in _DECLARATION_PATTERN_KINDS)
_PARAMETER_PATTERN_IDS = _DECLARATION_PATTERN_IDS | {
    LANGUAGE.id_for_node_kind(kind, True) for kind in ("assignment_pattern", "rest_pattern")}

#: The query's ``(_)`` binding captures → (the capture name of an identifier, of a pattern, the
#: pattern kinds). One pattern with ``(_)`` where there was one per kind: each of those kept a
#: state open across the whole declaration (a function assigned to a ``const``: every node of
#: it), and sorting the few thousand bindings by kind here costs a fifth of what they did.
_BINDINGS = {
    "var_binding": ("var", "var_pattern", _DECLARATION_PATTERN_IDS),
    "let_binding": ("let", "let_pattern", _DECLARATION_PATTERN_IDS),
    "param_binding": ("param", "param_pattern", _PARAMETER_PATTERN_IDS),
    "catch_binding": ("catch_param", "catch_pattern", _DECLARATION_PATTERN_IDS),
}
_kind_of = attrgetter("kind_id")


def _sort_bindings(nodes: list[Node], found: dict[str, list[Node]], name: str, pattern: str,
                   pattern_ids: frozenset[int]) -> None:
    """Add the identifiers among ``nodes`` to ``found[name]`` and the patterns to ``found[pattern]``
    (anything else, a comment or the grammar's ``undefined``, declares nothing by its own name)."""
    kinds = list(map(_kind_of, nodes))
    identifiers = [node for node, kind in zip(nodes, kinds) if kind == _IDENTIFIER_ID]
    if identifiers:
        found.setdefault(name, []).extend(identifiers)  # `param`: arrow functions' own too
    patterns = [node for node, kind in zip(nodes, kinds) if kind in pattern_ids]
    if patterns:
        found.setdefault(pattern, []).extend(patterns)


def _derived(nodes: list[Node], pick: Callable[[Node], Node | None]) -> list[Node]:
    return [node for node in map(pick, nodes) if node is not None]


def _call_of(callee: Node) -> Node | None:
    """The call whose function ``callee`` is (``super(…)``, ``import(…)``), if it is one."""
    call = callee.parent
    if call is not None and call.type == "call_expression" and call.child_by_field_name("function") == callee:
        return call
    return None


def _literal_inside(parenthesized: Node) -> Node | None:
    """``parenthesized`` if it holds an object or array literal (``({ a }) = b`` is an error)."""
    return parenthesized if any(child.type in ("object", "array") for child in parenthesized.named_children) else None
