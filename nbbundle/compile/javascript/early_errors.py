"""Early errors: what the engine refuses before running a line, reported like syntax errors.

A module is strict everywhere; a CommonJS script is strict inside a ``"use strict"`` prologue
(of the file or of a function) and inside classes, and sloppy elsewhere, so every strict-only
rule asks ``StrictRegions`` first. The messages follow V8's, so what the build says matches
what ``node`` says for the same file; each diagnostic adds a hint on how to fix it.

Inputs are the query's captures (``query.py``) and the symbol table (``scopes.py``); nothing
here walks the tree, and the few ``.parent`` steps are taken from rare nodes only.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import compress
from typing import TYPE_CHECKING

from nbbundle.compile.javascript import symbols
from nbbundle.compile.javascript.contexts import is_async
from nbbundle.compile.javascript.query import start_of
from nbbundle.compile.javascript.syntax import named_children, unparenthesized

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.query import Captures

    from nbbundle.compile.javascript.symbols import SymbolTable

#: Reserved only in strict code (ECMA-262 12.7.2); `await` is reserved in modules.
STRICT_RESERVED = frozenset({b"implements", b"interface", b"let", b"package", b"private", b"protected",
                             b"public", b"static", b"yield"})
_EVAL_OR_ARGUMENTS = frozenset({b"eval", b"arguments"})
#: Identifiers whose name alone may make them an early error; ``find`` wants these.
NAMES_TO_CHECK = STRICT_RESERVED | _EVAL_OR_ARGUMENTS | {b"await"}
_ASSIGNABLE = frozenset({"identifier", "member_expression", "subscript_expression"})
_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration", "class_declaration",
                           "lexical_declaration"})
_RESERVED_HINT = "This word is reserved in strict code (every ES module is strict); choose another name."

Found = tuple[str, str, "Node | tuple[int, int]", "str | None"]
"""(code, message, node or byte range, hint)."""


class StrictRegions:
    """Where code is strict: everything in a module; prologues and classes in a script."""

    def __init__(self, everything: bool, regions: list[tuple[int, int]] | None = None) -> None:
        self.everything = everything
        merged: list[tuple[int, int]] = []
        for start, end in sorted(regions or ()):
            if merged and start < merged[-1][1]:
                continue  # nested in a region already strict
            merged.append((start, end))
        self._starts = [start for start, _ in merged]
        self._regions = merged

    def __contains__(self, offset: int) -> bool:
        if self.everything:
            return True
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._regions[index][1]


def strict_regions(captures: Captures, *, module: bool) -> StrictRegions:
    """Strict code of a module (all of it) or of a script (``"use strict"`` bodies, classes)."""
    if module:
        return StrictRegions(True)
    regions: list[tuple[int, int]] = []
    for directive in captures.directive:
        owner = use_strict_owner(directive)
        if owner is not None:
            if owner.type == "program":
                return StrictRegions(True)
            regions.append((owner.start_byte, owner.end_byte))
    regions.extend((node.start_byte, node.end_byte) for node in captures.class_)
    return StrictRegions(False, regions)


def use_strict_owner(string: Node) -> Node | None:
    """The program or function a ``"use strict"`` directive makes strict, if it is one."""
    if string.text not in (b'"use strict"', b"'use strict'"):
        return None
    statement = string.parent
    body = statement.parent if statement is not None else None
    if body is None or body.type not in ("program", "statement_block"):
        return None
    for sibling in named_children(body):
        if sibling == statement:
            break
        if sibling.type == "hash_bang_line":
            continue
        if sibling.type != "expression_statement" or sibling.named_child_count != 1 or sibling.named_children[0].type != "string":
            return None  # not in the directive prologue
    if body.type == "program":
        return body
    owner = body.parent
    if owner is not None and owner.type in ("function_declaration", "function_expression", "generator_function",
                                           "generator_function_declaration", "method_definition", "arrow_function"):
        return owner
    return None


def find(captures: Captures, data: bytes, table: SymbolTable, declared: set[int],
         identifiers: list[tuple[Node, bytes]], strict: StrictRegions, *, module: bool) -> list[Found]:
    """Every early error of the module or script, in no particular order.

    ``declared`` holds the start of every declaring identifier; ``identifiers`` are the
    identifiers whose name matters here (reserved words, ``eval``, ``arguments``).
    """
    found: list[Found] = []
    for problem in table.problems:
        if not problem.strict_only or problem.node.start_byte in strict:
            found.append((problem.code, problem.message, problem.node, problem.hint))
    if module:
        for node in table.top_level_returns:
            found.append(("ILLEGAL_RETURN", "Illegal return statement", node,
                          "A module's top level is not a function; return from a function instead."))
        for node in table.top_level_yields:
            found.append(("STRICT_RESERVED_WORD", "Unexpected strict mode reserved word", node.children[0],
                          _RESERVED_HINT))
        for node in table.top_level_new_targets:
            found.append(("ILLEGAL_NEW_TARGET", "new.target expression is not allowed here", node,
                          "new.target is only meaningful inside a function."))
    elif table.top_level_await is not None:
        found.append(_await_outside_async(table.top_level_await))
    _awaits(table, found, module=module)
    _duplicate_params(table, strict, found)
    _names(declared, identifiers, table, strict, found, module=module)
    _literals(captures, data, strict, found)
    _targets(captures, strict, found)
    _statements(captures, strict, found, module=module)
    _labels(captures, strict, found, module=module)
    _dynamic_imports(captures, found)
    return found


def _labels(captures: Captures, strict: StrictRegions, found: list[Found], *, module: bool) -> None:
    """A label is an identifier: the words strict code reserves, and ``await`` in a module."""
    for node in captures.label:
        name = node.text or b""
        if name == b"await" and (module or _in_async_function(node)):
            found.append(("RESERVED_WORD", "Unexpected reserved word", node,
                          '"await" is reserved in ES modules and async functions; choose another label.'))
        elif name in STRICT_RESERVED and node.start_byte in strict:
            found.append(("STRICT_RESERVED_WORD", "Unexpected strict mode reserved word", node, _RESERVED_HINT))


_FUNCTIONS = frozenset({"function_declaration", "function_expression", "generator_function",
                        "generator_function_declaration", "method_definition", "arrow_function"})


def _in_async_function(node: Node) -> bool:
    """Whether the closest function around ``node`` is async (a walk up from a rare node)."""
    owner = node.parent
    while owner is not None and owner.type not in _FUNCTIONS:
        owner = owner.parent
    return owner is not None and is_async(owner)


def _dynamic_imports(captures: Captures, found: list[Found]) -> None:
    """``import(…)`` takes one AssignmentExpression and an optional options argument: no spread,
    at least one and at most two arguments (a trailing comma allowed), and no ``new``."""
    for call in captures.dynamic_import:
        parent = call.parent
        if parent is not None and parent.type == "new_expression" and parent.child_by_field_name("constructor") == call:
            found.append(("IMPORT_CALL_NEW", "Cannot use new with import", parent,
                          "import() is not a constructor; call it: import(specifier)."))
            continue
        arguments = call.child_by_field_name("arguments")
        values = named_children(arguments) if arguments is not None else []
        spread = next((value for value in values if value.type == "spread_element"), None)
        if spread is not None:
            found.append(("IMPORT_CALL_ARGUMENTS", "Unexpected token '...'", spread,
                          "import() takes the specifier itself, not a spread: import(specifier, options)."))
        elif not values:
            found.append(("IMPORT_CALL_ARGUMENTS", "import() requires a specifier", call,
                          'Name the module to load: import("./module.js").'))
        elif len(values) > 2:
            found.append(("IMPORT_CALL_ARGUMENTS", "import() takes at most two arguments", values[2],
                          "import(specifier, options): the second argument holds the import attributes."))


def _await_outside_async(node: Node) -> Found:
    return ("AWAIT_OUTSIDE_ASYNC", "await is only valid in async functions and the top level bodies of modules",
            node, "Mark the enclosing function async, or make the file an ES module.")


def _awaits(table: SymbolTable, found: list[Found], *, module: bool) -> None:
    for node, owner in table.awaits_in_functions:
        if owner.kind in (symbols.FIELD, symbols.STATIC_BLOCK) or not is_async(owner.node):
            if module:  # in a module `await` is reserved: V8 reads it as a misplaced keyword
                found.append(("AWAIT_OUTSIDE_ASYNC", "Unexpected reserved word", node,
                              "await is only valid in async functions and at the top level of a module; "
                              "mark the enclosing function async."))
            else:
                found.append(_await_outside_async(node))


def _duplicate_params(table: SymbolTable, strict: StrictRegions, found: list[Found]) -> None:
    for record in table.duplicate_params:
        node = record.duplicate_param
        function = record.node
        if (record.kind == symbols.ARROW or not record.simple or function.type == "method_definition"
                or node.start_byte in strict):
            found.append(("DUPLICATE_PARAMETER", "Duplicate parameter name not allowed in this context", node,
                          "Give each parameter its own name."))


def _names(declared: set[int], identifiers: list[tuple[Node, bytes]], table: SymbolTable,
           strict: StrictRegions, found: list[Found], *, module: bool) -> None:
    """Reserved words used as names, ``eval``/``arguments`` bound or assigned, ``arguments`` in fields."""
    for node, name in identifiers:
        if name == b"await":
            if module:
                found.append(("RESERVED_WORD", "Unexpected reserved word", node,
                              '"await" is reserved in ES modules; choose another name.'))
        elif name in STRICT_RESERVED:
            if node.start_byte in strict:
                found.append(("STRICT_RESERVED_WORD", "Unexpected strict mode reserved word", node, _RESERVED_HINT))
        elif name in _EVAL_OR_ARGUMENTS and node.start_byte in strict and (
                node.start_byte in declared or _is_assigned(node)):
            found.append(("EVAL_OR_ARGUMENTS", "Unexpected eval or arguments in strict mode", node,
                          f'"{name.decode()}" cannot be declared or assigned in strict code.'))
    for reference in table.references:
        if reference.name == b"arguments" and reference.this_kind in (symbols.FIELD, symbols.STATIC_BLOCK):
            found.append(("ARGUMENTS_IN_CLASS_FIELD",
                          '"arguments" is not allowed in class field initializer or static initialization block',
                          reference.node, "Use rest parameters in a method instead: m(...args) { … }."))


def _is_assigned(node: Node) -> bool:
    """Whether an identifier (not a declaration) is the target of an assignment or update."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type in ("assignment_expression", "augmented_assignment_expression", "for_in_statement"):
        return parent.child_by_field_name("left") == node
    if parent.type in ("array_pattern", "rest_pattern", "pair_pattern", "assignment_pattern"):
        return parent.child_by_field_name("right") != node  # in a destructuring assignment
    return parent.type == "update_expression"


def _literals(captures: Captures, data: bytes, strict: StrictRegions, found: list[Found]) -> None:
    numbers = captures.number
    if numbers:
        # Only a number that starts with 0 can be a legacy octal: look at the first byte only.
        zero = compress(numbers, map((0x30).__eq__, map(data.__getitem__, map(start_of, numbers))))
        for node in zero:
            text = node.text or b""
            if not text[1:2].isdigit() or node.start_byte not in strict:
                continue
            if text.isdigit() and b"8" not in text and b"9" not in text:
                found.append(("LEGACY_OCTAL", "Octal literals are not allowed in strict mode.", node,
                              f'Write 0o{text[1:].decode()} for an octal number.'))
            else:
                found.append(("LEADING_ZERO", "Decimals with leading zeros are not allowed in strict mode.", node,
                              "Remove the leading zero."))
    for node in captures.string_escape:
        text = node.text or b""
        if node.start_byte in strict:
            problem = _octal_escape(text)
            if problem is not None:
                found.append((*problem, node, "Use \\x or \\u escapes instead."))
    for node in captures.template_escape:
        problem = _octal_escape(node.text or b"")
        if problem is not None and not _is_tagged(node):
            found.append(("OCTAL_ESCAPE", "Octal escape sequences are not allowed in template strings.", node,
                          "Use \\x or \\u escapes instead."))


def _octal_escape(text: bytes) -> tuple[str, str] | None:
    if len(text) < 2:
        return None
    digit = text[1:2]
    if digit in (b"8", b"9"):
        return ("OCTAL_ESCAPE", "\\8 and \\9 are not allowed in strict mode.")
    if digit.isdigit() and (digit != b"0" or text[2:3].isdigit()):
        return ("OCTAL_ESCAPE", "Octal escape sequences are not allowed in strict mode.")
    return None


def _is_tagged(escape: Node) -> bool:
    template = escape.parent
    call = template.parent if template is not None else None
    return call is not None and call.type == "call_expression" and call.child_by_field_name("arguments") == template


def _targets(captures: Captures, strict: StrictRegions, found: list[Found]) -> None:
    invalid = "Invalid left-hand side in assignment"
    for node in captures.optional_chain:
        target = _assigned_chain(node)
        if target is not None:
            found.append(("INVALID_ASSIGNMENT_TARGET", invalid, target, "An optional chain (?.) cannot be assigned to."))
    hint = "Only a variable or a property can be assigned to."
    for node in captures.not_assignable:
        found.append(("INVALID_ASSIGNMENT_TARGET", invalid, node, hint))
    for node in captures.update_target:
        if unparenthesized(node).type in _ASSIGNABLE:
            continue
        update = node.parent
        prefix = update is not None and update.children[0].type in ("++", "--")
        message = f"Invalid left-hand side expression in {'prefix' if prefix else 'postfix'} operation"
        found.append(("INVALID_ASSIGNMENT_TARGET", message, node, hint))
    for node in captures.rest:
        parent = node.parent
        if parent is not None and parent.type in ("array_pattern", "object_pattern", "formal_parameters"):
            rest_is_last = named_children(parent)[-1] == node
            if not rest_is_last:
                found.append(("REST_NOT_LAST", "Rest element must be last element", node,
                              "The ...rest element collects what is left, so it must come last."))
    for node in captures.delete_operand:
        if unparenthesized(node).type == "identifier" and node.start_byte in strict:
            found.append(("DELETE_IDENTIFIER", "Delete of an unqualified identifier in strict mode.", node,
                          "Only properties can be deleted."))


def _assigned_chain(optional: Node) -> Node | None:
    """The assignment target an optional chain belongs to, if the chain is assigned to."""
    current = optional.parent
    while current is not None:
        parent = current.parent
        if parent is None:
            return None
        if parent.type in ("member_expression", "subscript_expression", "call_expression") and (
                parent.child_by_field_name("object") == current or parent.child_by_field_name("function") == current):
            current = parent
            continue
        if parent.type in ("assignment_expression", "augmented_assignment_expression") and parent.child_by_field_name("left") == current:
            return current
        if parent.type == "update_expression" or (parent.type == "for_in_statement" and parent.child_by_field_name("left") == current):
            return current
        return None
    return None


def _statements(captures: Captures, strict: StrictRegions, found: list[Found], *, module: bool) -> None:
    for node in captures.with_:
        if node.start_byte in strict:
            found.append(("WITH_STATEMENT", "Strict mode code may not include a with statement", node,
                          "Refer to the object's properties explicitly."))
    for node in captures.const_without_value:
        found.append(("CONST_WITHOUT_VALUE", "Missing initializer in const declaration", node,
                      "Give the constant a value, or declare it with let."))
    for node in captures.single_statement:
        if node.type not in _DECLARATIONS:
            continue
        if node.type == "function_declaration" or node.type == "generator_function_declaration":
            if node.start_byte in strict or node.type == "generator_function_declaration":
                found.append(("FUNCTION_IN_STATEMENT",
                              "In strict mode code, functions can only be declared at top level or inside a block.",
                              node, "Wrap the declaration in braces { }."))
        else:
            found.append(("DECLARATION_IN_STATEMENT", "Lexical declaration cannot appear in a single-statement context",
                          node, "Wrap the declaration in braces { }."))
    for node in captures.directive:
        owner = use_strict_owner(node)
        if owner is not None and owner.type != "program" and not _simple_parameters(owner):
            found.append(("USE_STRICT_NOT_SIMPLE",
                          "Illegal 'use strict' directive in function with non-simple parameter list", node,
                          "Remove the directive (ES modules are strict anyway) or the defaults and patterns."))
    for node in captures.jsx:
        found.append(("JSX_SYNTAX", "Unexpected token '<'", node,
                      "JSX is not JavaScript: name the module .jsx or .tsx, where nbbundle compiles it."))
    if module:
        for node in captures.html_comment:
            found.append(("HTML_COMMENT", "HTML-like comments are not allowed in modules", node, "Use // or /* */."))


def _simple_parameters(function: Node) -> bool:
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return True
    # `undefined` is a plain name too (the grammar gives it a node of its own): `(global, undefined)`.
    return all(child.type in ("identifier", "undefined") for child in named_children(parameters))
