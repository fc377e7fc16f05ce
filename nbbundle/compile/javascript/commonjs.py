"""CommonJS as Node decides it: which files are CommonJS, and the names they export.

**The format** comes from the file, as Node decides it: ``.cjs`` is CommonJS, ``.mjs`` an ES
module, and a ``.js`` file takes the ``"type"`` of the nearest package.json. Without a
``"type"``, Node 20 detects: a file is an ES module when CommonJS cannot parse it because of
module syntax (``import``/``export`` statements, ``import.meta``, a top-level ``await``, or a
top-level ``let``/``const``/``class`` of ``require``, ``module``, ``exports``, ``__filename``
or ``__dirname``), and CommonJS otherwise. Module syntax in a file that must be CommonJS is an
error that says why, and so is CommonJS code that runs unconditionally in an ES module.

**The exports** an ES importer sees are those of Node's CommonJS lexer (cjs-module-lexer),
read here from the tree with its patterns and, like it, without scope analysis:
``exports.a = …``, ``exports["a"] = …``, ``module.exports.a = …``, ``Object.defineProperty(
exports, "a", {value: …})`` or with a plain getter, ``module.exports = { a, b: c, "d": e }``
(the first property of another form ends the list); reexports are the last ``module.exports =
require("x")`` (or the ``...require("x")`` spreads of the last literal) and top-level
``__export(require("x"))`` / ``__exportStar(require("x"))``.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Literal

from nbbundle.compile.javascript.grammar_repairs import script_await_calls
from nbbundle.compile.javascript.literals import (
    identifier_name,
    is_static_template,
    name_of,
    string_value,
)
from nbbundle.compile.javascript.module_syntax import declared_names
from nbbundle.compile.javascript.syntax import named_children

if TYPE_CHECKING:
    from tree_sitter import Node

Format = Literal["esm", "cjs"]

#: Names of the CommonJS wrapper: declaring one with let/const/class is module syntax to Node.
WRAPPER_NAMES = frozenset({"require", "module", "exports", "__filename", "__dirname"})
#: Identifiers whose uses the lexer patterns start from.
LEXER_NAMES = frozenset({b"exports", b"module", b"Object", b"__export", b"__exportStar"})

_TOP_LEVEL_STATEMENTS = frozenset({
    "program", "expression_statement", "assignment_expression", "member_expression", "call_expression",
    "arguments", "variable_declarator", "lexical_declaration", "variable_declaration", "parenthesized_expression",
    "sequence_expression", "subscript_expression", "export_statement", "await_expression", "object", "pair",
    "array", "spread_element", "augmented_assignment_expression",
})
#: How far up an unconditional-use check looks before it gives up (and says nothing).
_MAX_STATEMENT_DEPTH = 64


def decide_format(kind: str, package_type: str | None, *, module_syntax: bool, import_meta: bool,
                  top_level_await: bool, lexical_wrapper_names: bool) -> Format:
    """The module format Node gives this file."""
    if kind == "cjs" or package_type == "commonjs":
        return "cjs"
    if package_type == "module":
        return "esm"
    detected = module_syntax or import_meta or top_level_await or lexical_wrapper_names
    return "esm" if detected else "cjs"


def module_format(kind: str, package_type: str | None, root: Node, captures: dict[str, list[Node]], *,
                  import_meta: bool) -> Format:
    """The module format Node gives this file, the syntax it detects read from the tree
    (``captures``: ``query.collect``'s). It is decided before ``await`` is read as the keyword
    (``grammar_repairs``): Node's CommonJS parse, which decides, reads ``await`` + line break as
    the identifier, as the grammar did."""
    module_syntax = any(child.type in ("import_statement", "export_statement") for child in root.children)
    ambiguous = kind != "cjs" and package_type not in ("module", "commonjs")
    detect = ambiguous and not module_syntax
    return decide_format(kind, package_type, module_syntax=module_syntax, import_meta=import_meta,
                         top_level_await=detect and _top_level_await(captures),
                         lexical_wrapper_names=detect and _declares_wrapper_name(root))


def _top_level_await(captures: dict[str, list[Node]]) -> bool:
    """Whether an ``await`` (or ``for await``) sits outside every function. ``await(x)``,
    ``await [x]`` and ``await`t``` do not count: Node's CommonJS parse reads the identifier
    ``await`` applied to them (``grammar_repairs.script_await_calls``), so they are no sign of
    a module."""
    calls = script_await_calls(captures.get("await", []))
    awaits = [*(n for n in captures.get("await", ()) if n.start_byte not in calls), *captures.get("for_await", ())]
    if not awaits:
        return False
    functions = sorted((n.start_byte, n.end_byte) for name in ("function", "arrow", "static_block", "field_value")
                       for n in captures.get(name, ()))
    outermost: list[tuple[int, int]] = []
    for start, end in functions:
        if not outermost or start >= outermost[-1][1]:
            outermost.append((start, end))
    starts = [start for start, _ in outermost]
    for node in awaits:
        index = bisect_right(starts, node.start_byte) - 1
        if index < 0 or node.start_byte >= outermost[index][1]:
            return True
    return False


def _declares_wrapper_name(root: Node) -> bool:
    """A top-level let/const/class named like a CommonJS wrapper variable (module syntax to Node)."""
    for statement in root.children:
        if statement.type in ("lexical_declaration", "class_declaration"):
            if any(identifier_name(n.text or b"") in WRAPPER_NAMES for n in declared_names(statement)):
                return True
    return False


def runs_unconditionally(node: Node) -> bool:
    """Whether ``node`` is evaluated whenever the module's top level runs (no branch, no function)."""
    current = node
    for _ in range(_MAX_STATEMENT_DEPTH):
        parent = current.parent
        if parent is None:
            return True
        kind = parent.type
        if kind == "unary_expression" and parent.children[0].type == "typeof":
            return False
        if kind not in _TOP_LEVEL_STATEMENTS:
            return False
        if kind == "program":
            return True
        current = parent
    return False


def static_exports(lexer_identifiers: list[tuple[Node, bytes]], top_level: list[Node],
                   data: bytes) -> tuple[list[str], list[str]]:
    """Export names and reexported specifiers of a CommonJS module, as Node's lexer finds them.

    ``data`` is the module's text, for one quirk of the lexer that the tree cannot show: in an
    object literal, ``key: value`` must be followed at once by ``,`` for the list to go on.
    """
    names: list[str] = []
    literal_reexports: list[list[str]] = []
    star_reexports: list[str] = []
    for node, word in sorted(lexer_identifiers, key=lambda pair: pair[0].start_byte):
        if word == b"exports":
            _exports_member(node, names)
        elif word == b"module":
            target = _parent_member(node, "exports")
            if target is not None:
                if not _exports_member(target, names):
                    _module_exports_assignment(target, names, literal_reexports, data)
        elif word == b"Object":
            _define_property(node, names)
    for statement in top_level:
        _export_star(statement, star_reexports)
    reexports = (literal_reexports[-1] if literal_reexports else []) + star_reexports
    return list(dict.fromkeys(names)), list(dict.fromkeys(reexports))


def _parent_member(node: Node, property_name: str) -> Node | None:
    """``node.property_name`` if ``node`` is the object of that member expression."""
    parent = node.parent
    if parent is None or parent.type != "member_expression" or parent.child_by_field_name("object") != node:
        return None
    prop = parent.child_by_field_name("property")
    return parent if prop is not None and prop.text == property_name.encode() else None


def _assigned(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == node


def _exports_member(target: Node, names: list[str]) -> bool:
    """``target.a = …`` or ``target["a"] = …`` where ``target`` is ``exports``/``module.exports``."""
    member = target.parent
    if member is None or member.child_by_field_name("object") != target:
        return False
    if member.type == "member_expression":
        prop = member.child_by_field_name("property")
        if prop is None or prop.type != "property_identifier" or b"\\" in prop.text or not _assigned(member):
            return False  # the lexer reads identifiers without escapes
        names.append(prop.text.decode())
        return True
    if member.type == "subscript_expression":
        index = member.child_by_field_name("index")
        if index is None or index.type != "string" or not _assigned(member):
            return False
        names.append(string_value(index))
        return True
    return False


def _module_exports_assignment(target: Node, names: list[str], literal_reexports: list[list[str]],
                               data: bytes) -> None:
    """``module.exports = require("x")`` or ``module.exports = { a, b: c, ...require("y") }``."""
    parent = target.parent
    if parent is None or parent.type != "assignment_expression" or parent.child_by_field_name("left") != target:
        return
    value = parent.child_by_field_name("right")
    if value is None:
        return
    specifier = _require_specifier(value)
    if specifier is not None:
        literal_reexports.append([specifier])
        return
    if value.type != "object":
        return
    reexports: list[str] = []
    for prop in named_children(value):
        if prop.type == "shorthand_property_identifier":
            names.append(name_of(prop))
        elif prop.type == "pair":
            key, pair_value = prop.child_by_field_name("key"), prop.child_by_field_name("value")
            if key is None or key.type not in ("property_identifier", "string") or pair_value is None or pair_value.type != "identifier":
                break  # anything but `name: identifier` ends the lexer's list
            names.append(name_of(key) if key.type == "string" else key.text.decode())
            if data[pair_value.end_byte:pair_value.end_byte + 1] != b",":
                break  # the lexer reads the next character as is: a space or a comment ends the list
        elif prop.type == "spread_element":
            spread = named_children(prop)
            specifier = _require_specifier(spread[0]) if spread else None
            if specifier is not None:
                reexports.append(specifier)
            elif not spread or spread[0].type != "identifier":
                break
        else:
            break
    literal_reexports.append(reexports)


def _require_specifier(node: Node) -> str | None:
    """``"x"`` of ``require("x")``."""
    if node.type != "call_expression":
        return None
    callee = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if callee is None or callee.type != "identifier" or callee.text != b"require" or arguments is None:
        return None
    values = named_children(arguments)
    if len(values) != 1 or not (values[0].type == "string" or is_static_template(values[0])):
        return None
    return string_value(values[0])


def _define_property(node: Node, names: list[str]) -> None:
    """``Object.defineProperty(exports, "a", { enumerable: true, value: … | get() { return x } })``."""
    member = _parent_member(node, "defineProperty")
    call = member.parent if member is not None else None
    if call is None or call.type != "call_expression":
        return
    arguments = call.child_by_field_name("arguments")
    values = named_children(arguments) if arguments is not None else []
    if len(values) != 3 or values[1].type != "string" or values[2].type != "object":
        return
    target = values[0]
    if not (target.text == b"exports" or (target.type == "member_expression" and target.text.replace(b" ", b"") == b"module.exports")):
        return
    props = named_children(values[2])
    if props and props[0].type == "pair" and _key(props[0]) == "enumerable":
        value = props[0].child_by_field_name("value")
        if value is None or value.type != "true":
            return
        props = props[1:]
    if len(props) != 1:
        return
    prop = props[0]
    if prop.type == "pair" and _key(prop) == "value" or prop.type == "pair" and _key(prop) == "get" and _returns_reference(prop.child_by_field_name("value")) or prop.type == "method_definition" and _key(prop) == "get" and _returns_reference(prop):
        names.append(string_value(values[1]))


def _key(prop: Node) -> str | None:
    key = prop.child_by_field_name("key") or prop.child_by_field_name("name")
    return key.text.decode() if key is not None and key.type == "property_identifier" else None


def _returns_reference(function: Node | None) -> bool:
    """A getter whose body is ``return x;``, ``return x.y;`` or ``return x["y"];``."""
    if function is None or function.type not in ("function_expression", "function", "method_definition"):
        return False
    parameters = function.child_by_field_name("parameters")
    body = function.child_by_field_name("body")
    if parameters is None or named_children(parameters) or body is None:
        return False
    statements = named_children(body)
    if len(statements) != 1 or statements[0].type != "return_statement":
        return False
    returned = named_children(statements[0])
    if len(returned) != 1:
        return False
    value = returned[0]
    if value.type == "identifier":
        return True
    if value.type == "member_expression":
        return value.child_by_field_name("object").type == "identifier"
    if value.type == "subscript_expression":
        index = value.child_by_field_name("index")
        return value.child_by_field_name("object").type == "identifier" and index is not None and index.type == "string"
    return False


def _export_star(statement: Node, found: list[str]) -> None:
    """Top-level ``__export(require("x"))`` / ``__exportStar(require("x"), exports)`` (TypeScript)."""
    if statement.type != "expression_statement":
        return
    expressions = named_children(statement)
    call = expressions[0] if expressions else None
    if call is None or call.type != "call_expression":
        return
    callee = call.child_by_field_name("function")
    if callee is None:
        return
    if callee.type == "member_expression":
        callee = callee.child_by_field_name("property")
    if callee is None or callee.text not in (b"__export", b"__exportStar"):
        return
    arguments = call.child_by_field_name("arguments")
    values = named_children(arguments) if arguments is not None else []
    specifier = _require_specifier(values[0]) if values else None
    if specifier is not None:
        found.append(specifier)
