"""Which top-level statements of a module only declare: no effect beyond their names (production).

A statement is side-effect free when it only declares: functions, classes whose ``extends``,
computed keys, static fields and static blocks are free (a static block may only set
properties of its class or its prototype: ``this.prototype.isVector2 = true``; no
decorators), ``var``/``let``/``const`` whose initializers are free, and ``C.x = value`` or
``C.prototype.x = value`` of the module's own class, function or plain ``const`` object ``C``
declared above, which then goes with ``C`` (``completes``). An expression is free when it is a
literal, a function, an arrow, such a class, an object or array of free values (no spread:
it runs iterators and getters), a read of the module's own binding (not one in its TDZ:
``let``/``const``/``class`` declared further down) or of an import or a well-known global,
a property of a namespace import, of ``Math``/``Number``/``Symbol``/…, of the module's own
class without accessors (``C.x``, ``C.prototype.m``) or of a plain ``const`` object literal,
operators that cannot call user code on what they get (``!``, ``void``, ``typeof``, ``===``,
``&&``, ``?:``, and arithmetic on primitives: literals, ``const``s of them, ``Math.PI``), and
calls marked so: ``/* @__PURE__ */`` or ``/* #__PURE__ */`` before a call or ``new`` (its
arguments must be free too), calls of a top-level function marked ``/* #__NO_SIDE_EFFECTS__
*/`` (of an imported function: free if its own module marks it, which the bundle decides:
``conditions``), ``new`` of ``Map``, ``Set``, ``WeakMap``, ``WeakSet`` without arguments and of a typed
array of number literals. Anything else is an effect. Like esbuild and Rollup, reading an
imported binding counts as free (in a cycle it could be in its TDZ), and so do reads of plain
objects' properties at any depth (a value inside could have a getter).

Every check walks with an explicit stack: nothing recurses on nesting depth. Over 400 lines on
purpose: the rules of one question, each a few lines, sharing that one stack; ``top_level.py``
asks it per statement.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import identifier_name
from nbbundle.compile.javascript.syntax import named_children

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.module_syntax import ModuleSyntax

__all__ = ["Purity"]

_FUNCTION_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
_VARIABLES = frozenset({"lexical_declaration", "variable_declaration"})
_FUNCTIONS = frozenset({"function_expression", "function", "arrow_function", "generator_function"})
_PRIMITIVE_LITERALS = frozenset({"number", "string", "true", "false", "null", "undefined"})
#: Operators that never call user code: on any value, and on primitives only.
_FREE_UNARY = frozenset({"!", "void", "typeof"})
_PRIMITIVE_UNARY = frozenset({"-", "+", "~"})
_FREE_BINARY = frozenset({"&&", "||", "??"})
_PRIMITIVE_BINARY = frozenset({"+", "-", "*", "/", "%", "**", "<<", ">>", ">>>", "&", "|", "^",
                               "==", "!=", "<", ">", "<=", ">="})
#: Globals whose read cannot throw or run code (a strict-mode read of an unknown name throws).
_KNOWN_GLOBALS = frozenset({
    "undefined", "NaN", "Infinity", "globalThis", "Object", "Array", "Function", "Math", "JSON", "Number",
    "String", "Boolean", "Symbol", "BigInt", "Date", "RegExp", "Error", "TypeError", "RangeError", "SyntaxError",
    "Map", "Set", "WeakMap", "WeakSet", "Promise", "Reflect", "Proxy", "ArrayBuffer", "DataView", "Int8Array",
    "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array",
    "Float64Array", "BigInt64Array", "BigUint64Array", "parseInt", "parseFloat", "isNaN", "isFinite",
})
#: Initializers that may be primitives: worth a second look for ``primitive_consts``.
_PRIMITIVE_KINDS = frozenset({"number", "string", "true", "false", "null", "unary_expression",
                              "binary_expression", "template_string", "parenthesized_expression"})
#: Built-in objects whose properties are read without effect (``Math.PI``, ``Symbol.iterator``).
_KNOWN_NAMESPACES = frozenset({"Math", "Number", "Symbol", "Object", "Array", "JSON", "Reflect"})
#: Of those, the ones whose properties are numbers where a primitive is needed (``Math.PI / 180``).
_NUMBER_NAMESPACES = frozenset({"Math", "Number"})
_FREE_CONSTRUCTORS = frozenset({"Map", "Set", "WeakMap", "WeakSet"})
_TYPED_ARRAYS = frozenset({"Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
                           "Int32Array", "Uint32Array", "Float32Array", "Float64Array"})
_PURE_MARKS = (b"@__PURE__", b"#__PURE__")
_NO_SIDE_EFFECTS_MARKS = (b"@__NO_SIDE_EFFECTS__", b"#__NO_SIDE_EFFECTS__")



class Purity:
    """Whether a top-level statement can have an effect beyond declaring its names."""

    def __init__(self, statements: list[Node], declares: list[list[str]], module: ModuleSyntax, data: bytes,
                 comments: list[Node],
                 defined: dict[int, tuple[Node, str]]) -> None:
        self.module = module
        self.data = data
        self.constants: dict[int, tuple[int, bool]] = {}
        """Start → (end, is a primitive) of each expression a define replaced with a JSON value."""
        for start, (node, value) in defined.items():
            try:
                constant = json.loads(value)
            except ValueError:
                continue  # a name: a global read
            self.constants[start] = (node.end_byte, not isinstance(constant, (dict, list)))
        self.initialized_at: dict[str, int] = {}
        """A ``let``/``const`` name → where its declarator ends: ``const a = 1, b = a`` reads ``a`` initialized."""
        self.lexical_at: dict[str, int] = {}
        """A ``let``/``const``/``class`` name → the statement that declares it (TDZ before)."""
        for index, statement in enumerate(statements):
            declaration = statement.child_by_field_name("declaration") if statement.type == "export_statement" else statement
            lexical = declaration is None or declaration.type in ("lexical_declaration", "class_declaration")
            if statement.type == "export_statement" and declaration is None:
                lexical = True  # export default <expression>: a const
            if lexical:
                for name in declares[index]:
                    self.lexical_at.setdefault(name, index)
            if declaration is not None and declaration.type == "lexical_declaration":
                for declarator in named_children(declaration):
                    name = declarator.child_by_field_name("name")
                    if declarator.type == "variable_declarator" and name is not None and name.type == "identifier":
                        self.initialized_at.setdefault(name.text.decode(), declarator.end_byte)
        self.declared = {name for names in declares for name in names} | set(module.bindings)
        self.owners: dict[str, int] = {}
        self.plain_classes: set[str] = set()
        """Top-level classes declared above without accessors: ``C.x``, ``C.prototype.m`` read data."""
        self.plain_objects: set[str] = set()
        """``const`` names of object literals without accessors: reading a property runs nothing."""
        """Top-level classes (→ the statement that declares them) and functions (→ -1: hoisted)."""
        for index, statement in enumerate(statements):
            declaration = statement.child_by_field_name("declaration") if statement.type == "export_statement" else statement
            if declaration is not None and declaration.type in ("class_declaration", *_FUNCTION_DECLARATIONS):
                for name in declares[index]:
                    self.owners.setdefault(name, index if declaration.type == "class_declaration" else -1)
                    if declaration.type == "class_declaration" and not _has_accessors(declaration):
                        self.plain_classes.add(name)
            elif declaration is not None and declaration.type == "lexical_declaration" \
                    and declaration.children[0].type == "const":
                for declarator in named_children(declaration):
                    name, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
                    if name is not None and name.type == "identifier" and value is not None and _plain_object(value):
                        self.owners.setdefault(name.text.decode(), index)
                        self.plain_objects.add(name.text.decode())
        self.completes: str | None = None
        self.conditions: set[tuple[int, str]] = set()
        self.reads: set[tuple[int, str]] = set()
        """(dependency, export) of the imported bindings the statement reads as it runs: free
        only if they are initialized by then, which a cycle can prevent."""
        """(dependency, export) of the imported functions the statement calls, free only if
        their module marks them ``/* #__NO_SIDE_EFFECTS__ */``."""
        self.namespaces = dict(module.namespace_locals)
        self.primitive_consts: set[str] = set()
        """``const`` names (declared above) whose value is a primitive (``const B = A << 1``)."""
        self.pure_calls: set[int] = set()
        self.no_side_effects: set[str] = set()
        for comment in comments:
            self._read_annotation(comment)

    def _read_annotation(self, comment: Node) -> None:
        text = self.data[comment.start_byte:comment.end_byte]
        if not text.startswith(b"/*"):
            return
        pure = any(mark in text for mark in _PURE_MARKS)
        no_side_effects = any(mark in text for mark in _NO_SIDE_EFFECTS_MARKS)
        if not pure and not no_side_effects:
            return
        following = comment.next_sibling
        while following is not None and following.type == "comment":
            following = following.next_sibling
        if following is None:
            return
        if pure:
            call = _outermost_call_at(following)
            if call is not None:
                self.pure_calls.add(call.start_byte * 2 + (call.type == "new_expression"))
        if no_side_effects:
            name = _function_name_after(following, self.module)
            if name is not None:
                self.no_side_effects.add(name)

    def statement_is_free(self, statement: Node, index: int) -> bool:
        """Whether ``statement`` (the ``index``-th) only declares; ``completes`` is then the
        class or function it completes, if it is an assignment to one of its properties."""
        self.completes = None
        self.conditions = set()
        self.reads = set()
        kind = statement.type
        if kind == "export_statement":
            declaration = statement.child_by_field_name("declaration")
            if declaration is None:
                value = statement.child_by_field_name("value")
                return value is not None and self.is_free(value, index)
            statement, kind = declaration, declaration.type
        if kind in _FUNCTION_DECLARATIONS or kind == "empty_statement":
            return True
        if kind in ("class_declaration", "class"):
            return self.is_free(statement, index)
        if kind in _VARIABLES:
            for declarator in named_children(statement):
                if declarator.type != "variable_declarator":
                    continue
                if declarator.child_by_field_name("name").type != "identifier":
                    return False  # destructuring reads properties: getters, iterators
                value = declarator.child_by_field_name("value")
                if value is not None and not self.is_free(value, index):
                    return False
                if value is not None and statement.children[0].type == "const" and value.type in _PRIMITIVE_KINDS \
                        and self.is_free(value, index, primitive=True):
                    self.primitive_consts.add(declarator.child_by_field_name("name").text.decode())
            return True
        if kind == "expression_statement":
            expressions = named_children(statement)
            if len(expressions) == 1 and expressions[0].type == "assignment_expression":
                return self._completes_own(expressions[0], index)
            return bool(expressions) and all(self.is_free(expression, index) for expression in expressions)
        return False

    def _completes_own(self, assignment: Node, index: int) -> bool:
        """``C.x = value`` or ``C.prototype.x = value`` of the module's own class or function
        ``C``, declared above (``Texture.DEFAULT_IMAGE = null``): it only completes ``C`` (it
        goes with it, ``completes``), if ``value`` is free."""
        owner = _own_member_target(assignment.child_by_field_name("left"), None)
        if owner is None or owner not in self.owners or self.owners[owner] >= index:
            return False
        value = assignment.child_by_field_name("right")
        if value is None or not self.is_free(value, index):
            return False
        self.completes = owner
        return True

    def is_free(self, node: Node, index: int, *, primitive: bool = False) -> bool:
        """Whether evaluating ``node`` (in statement ``index``) cannot have an effect
        (``primitive``: nor converting its value to a primitive)."""
        pending: list[tuple[Node, bool]] = [(node, primitive)]
        # (node, primitive): ``primitive`` when the value will be converted to a primitive
        # (an operand of `+`, a template's substitution): only primitives convert without a call.
        while pending:
            node, primitive = pending.pop()
            kind = node.type
            if kind == "comment" or kind in _PRIMITIVE_LITERALS:
                continue
            constant = self.constants.get(node.start_byte)
            if constant is not None and constant[0] == node.end_byte:
                if primitive and not constant[1]:
                    return False
                continue
            if kind in ("regex", "this"):
                if primitive:
                    return False
                continue
            if kind == "template_string":
                # Every child of a substitution: a comment before the expression is one too.
                pending.extend((part, True) for child in node.named_children
                               if child.type == "template_substitution" for part in child.named_children)
                continue
            if kind == "parenthesized_expression":
                pending.extend((child, primitive) for child in node.named_children)
                continue
            if kind in ("sequence_expression", "ternary_expression"):
                children = [child for child in node.named_children if child.type != "comment"]
                condition_or_first = children[:-1] if kind == "sequence_expression" else children[:1]
                pending.extend((child, False) for child in condition_or_first)
                pending.extend((child, primitive) for child in children[len(condition_or_first):])
                continue
            if kind == "identifier":
                if not self._free_read(node, index, primitive):
                    return False
                continue
            if kind == "unary_expression":
                operator = node.child_by_field_name("operator").type
                argument = node.child_by_field_name("argument")
                if operator == "typeof" and argument.type == "identifier":
                    continue  # typeof of any name: no ReferenceError (a TDZ aside: checked below)
                if operator in _FREE_UNARY:
                    pending.append((argument, False))  # ToBoolean and typeof call nothing
                    continue
                if operator in _PRIMITIVE_UNARY:
                    pending.append((argument, True))
                    continue
                return False
            if kind == "binary_expression":
                operator = node.child_by_field_name("operator").type
                operands = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                if operator in ("===", "!=="):
                    pending.extend((operand, False) for operand in operands)
                    continue
                if operator in _FREE_BINARY:  # the value is one of the operands
                    pending.extend((operand, primitive) for operand in operands)
                    continue
                if operator in _PRIMITIVE_BINARY:
                    pending.extend((operand, True) for operand in operands)
                    continue
                return False
            if primitive:
                obj = node.child_by_field_name("object") if kind == "member_expression" else None
                if obj is not None and obj.type == "identifier" and obj.text.decode() in _NUMBER_NAMESPACES \
                        and self._free_member(node):
                    continue  # Math.PI, Number.EPSILON
                return False  # an object: converting it to a primitive calls its methods
            if kind in _FUNCTIONS:
                continue
            if kind in ("class", "class_declaration"):
                if not self._class_parts(node, index, pending):
                    return False
                continue
            if kind == "object":
                if not self._object_parts(node, pending):
                    return False
                continue
            if kind == "array":
                for element in node.named_children:
                    if element.type == "spread_element":
                        return False
                    pending.append((element, False))
                continue
            if kind in ("call_expression", "new_expression"):
                if not self._call_parts(node, pending):
                    return False
                continue
            if kind == "member_expression":
                if not self._free_member(node):
                    return False
                continue
            return False
        return True

    def _free_read(self, node: Node, index: int, primitive: bool) -> bool:
        name = node.text.decode()
        binding = self.module.bindings.get(name)
        if binding is not None and binding[1] != "*" and not primitive:
            # An import read while the module runs: in its TDZ if its module has not run yet,
            # which only a cycle allows; the bundle knows the cycles (``reads``).
            self.reads.add(binding)
            return True
        if name in self.declared:
            if primitive and name not in self.primitive_consts:
                return False  # its value may be an object
            declared_at = self.lexical_at.get(name)
            if declared_at == index:  # the statement that declares it: after its own declarator?
                return node.start_byte >= self.initialized_at.get(name, node.end_byte + 1)
            return declared_at is None or declared_at < index  # not in its TDZ
        if primitive:
            return name in ("undefined", "NaN", "Infinity")
        return name in _KNOWN_GLOBALS

    def _free_member(self, node: Node) -> bool:
        """A property read that runs nothing: ``ns.x`` of a namespace import (a binding read),
        ``Math.PI``, ``Symbol.iterator``; ``C.x`` and ``C.prototype.m`` of the module's own
        class without accessors; any ``o.a.b`` of a ``const o = {…}`` of plain values."""
        path: list[bytes] = []
        current = node
        while current.type == "member_expression":
            prop = current.child_by_field_name("property")
            if prop is None or prop.type != "property_identifier" \
                    or current.child_by_field_name("optional_chain") is not None:
                return False
            path.append(prop.text)
            current = current.child_by_field_name("object")
            if current is None:
                return False
        if current.type != "identifier":
            return False
        name = current.text.decode()
        if name in self.plain_objects:
            return True
        if name in self.plain_classes:
            return len(path) == 1 or (len(path) == 2 and path[1] == b"prototype")
        if len(path) == 1 and name in self.namespaces:
            self.reads.add((self.namespaces[name], identifier_name(path[0])))
            return True
        return len(path) == 1 and name in _KNOWN_NAMESPACES and name not in self.declared

    def _class_parts(self, node: Node, index: int, pending: list[tuple[Node, bool]]) -> bool:
        for child in node.named_children:
            kind = child.type
            if kind == "decorator":
                return False
            if kind == "class_heritage":
                pending.extend((value, False) for value in child.named_children)
            elif kind == "class_body":
                for member in child.named_children:
                    if member.type == "class_static_block":
                        if not self._static_block_parts(node, member, pending):
                            return False
                        continue
                    if any(c.type == "decorator" for c in member.children):
                        return False
                    key = member.child_by_field_name("property") or member.child_by_field_name("name")
                    if key is not None and key.type == "computed_property_name":
                        pending.extend((value, True) for value in key.named_children
                                       if not (value.type == "member_expression" and self._free_member(value)))
                    if member.type == "field_definition" and any(c.type == "static" for c in member.children):
                        value = member.child_by_field_name("value")
                        if value is not None:
                            pending.append((value, False))
        return True

    @staticmethod
    def _static_block_parts(klass: Node, block: Node, pending: list[tuple[Node, bool]]) -> bool:
        """A static block that only sets properties of its class or its prototype (``this.prototype.isVector2
        = true``): free if the values are (the class is a fresh object)."""
        name = klass.child_by_field_name("name")
        own = name.text.decode() if name is not None else None
        body = block.child_by_field_name("body") or next((c for c in block.named_children if c.type == "statement_block"), None)
        if body is None:
            return False
        for statement in body.named_children:
            if statement.type in ("comment", "empty_statement"):
                continue
            expressions = named_children(statement) if statement.type == "expression_statement" else []
            if len(expressions) != 1 or expressions[0].type != "assignment_expression":
                return False
            target = _own_member_target(expressions[0].child_by_field_name("left"), own)
            if target is None:
                return False
            pending.append((expressions[0].child_by_field_name("right"), False))
        return True

    @staticmethod
    def _object_parts(node: Node, pending: list[tuple[Node, bool]]) -> bool:
        for member in node.named_children:
            kind = member.type
            if kind == "spread_element":
                return False
            if kind == "shorthand_property_identifier":
                continue  # reading a name: a binding of the module or a global (checked by use)
            key = member.child_by_field_name("key") or member.child_by_field_name("name")
            if key is not None and key.type == "computed_property_name":
                pending.extend((value, True) for value in key.named_children)
            if kind == "pair":
                pending.append((member.child_by_field_name("value"), False))
        return True

    def _call_parts(self, node: Node, pending: list[tuple[Node, bool]]) -> bool:
        is_new = node.type == "new_expression"
        callee = node.child_by_field_name("constructor" if is_new else "function")
        arguments = node.child_by_field_name("arguments")
        marked = (node.start_byte * 2 + is_new) in self.pure_calls
        if not marked and callee is not None and callee.type == "identifier":
            name = callee.text.decode()
            marked = (name in self.no_side_effects and not is_new) or (
                is_new and name in _FREE_CONSTRUCTORS and name not in self.declared
                and (arguments is None or not arguments.named_children)) or (
                is_new and name in _TYPED_ARRAYS and name not in self.declared and arguments is not None
                and all(_array_of_numbers(argument) for argument in arguments.named_children))
        if not marked and not is_new and callee is not None and callee.type == "identifier":
            binding = self.module.bindings.get(callee.text.decode())
            if binding is not None and binding[1] != "*":
                # An imported function: free if its module marks it /* #__NO_SIDE_EFFECTS__ */,
                # which only the bundle knows (``TopLevelStatement.free_if``).
                self.conditions.add(binding)
                marked = True
        if not marked or node.child_by_field_name("optional_chain") is not None:
            return False
        if arguments is None:
            return True
        if arguments.type != "arguments":
            return False  # a tagged template
        for argument in arguments.named_children:
            if argument.type == "spread_element":
                return False
            pending.append((argument, False))
        return True


def _plain_object(value: Node) -> bool:
    """An object literal whose properties are plain values (no accessors, no spread, no
    ``__proto__``): reading one of them cannot run code (its prototype's getters aside)."""
    if value.type != "object":
        return False
    for member in value.named_children:
        if member.type in ("spread_element", "method_definition"):
            if member.type == "spread_element" or any(c.type in ("get", "set") for c in member.children):
                return False
        if member.type == "pair":
            key = member.child_by_field_name("key")
            if key is None or key.text in (b"__proto__", b'"__proto__"', b"'__proto__'"):
                return False
    return True


def _has_accessors(klass: Node) -> bool:
    """Whether a class defines a getter or setter, or extends another (whose may run)."""
    for child in klass.named_children:
        if child.type == "class_heritage":
            return True
        if child.type == "class_body":
            for member in child.named_children:
                if member.type == "method_definition" and any(c.type in ("get", "set") for c in member.children):
                    return True
    return False


def _array_of_numbers(node: Node) -> bool:
    """A non-negative number literal, or an array literal of number literals (``new Float32Array([…])``)."""
    if node.type == "number":
        return True
    return node.type == "array" and all(child.type in ("number", "comment") for child in node.named_children)


def _own_member_target(left: Node | None, own: str | None) -> str | None:
    """``X.name`` or ``X.prototype.name`` (plain property names): ``X`` (``this`` stands for
    ``own``, the class a static block belongs to); None for any other target."""
    if left is None or left.type != "member_expression":
        return None
    prop = left.child_by_field_name("property")
    obj = left.child_by_field_name("object")
    if prop is None or obj is None or prop.type != "property_identifier":
        return None
    if obj.type == "member_expression":
        inner_prop = obj.child_by_field_name("property")
        if inner_prop is None or inner_prop.type != "property_identifier" or inner_prop.text != b"prototype":
            return None
        obj = obj.child_by_field_name("object")
    if obj is None:
        return None
    if obj.type == "this":
        return own
    return obj.text.decode() if obj.type == "identifier" else None


def _outermost_call_at(node: Node) -> Node | None:
    """The outermost call or ``new`` that begins where ``node`` does (``/* @__PURE__ */
    a().b()`` marks the whole chain), looking through parentheses."""
    start = node.start_byte
    current: Node | None = node
    while current is not None and current.start_byte == start:
        if current.type in ("call_expression", "new_expression"):
            return current
        if current.type == "parenthesized_expression":
            inner = [child for child in current.named_children if child.type != "comment"]
            current = inner[0] if inner else None
            start = current.start_byte if current is not None else start
            continue
        if current.type not in ("expression_statement", "member_expression", "binary_expression",
                                "ternary_expression", "sequence_expression", "call_expression"):
            break
        children = current.children
        current = children[0] if children else None
    return None


def _function_name_after(following: Node, module: ModuleSyntax) -> str | None:
    """The top-level function a ``/* #__NO_SIDE_EFFECTS__ */`` comment marks: a function
    declaration (exported or not), or a ``const``/``let``/``var`` of one function or arrow
    (the comment before the declaration or before the function)."""
    if following.type == "export_statement":
        following = following.child_by_field_name("declaration") or following
    if following.type in _FUNCTION_DECLARATIONS:
        name = following.child_by_field_name("name")
        return module.name(name) if name is not None and _at_top_level(following) else None
    declarator = following.parent if following.type in _FUNCTIONS else None
    if following.type in _VARIABLES:
        declarators = [d for d in named_children(following) if d.type == "variable_declarator"]
        declarator = declarators[0] if len(declarators) == 1 else None
    if declarator is None or declarator.type != "variable_declarator" or declarator.parent is None \
            or not _at_top_level(declarator.parent):
        return None
    value = declarator.child_by_field_name("value")
    name = declarator.child_by_field_name("name")
    if value is not None and value.type in _FUNCTIONS and name is not None and name.type == "identifier":
        return module.name(name)
    return None


def _at_top_level(declaration: Node) -> bool:
    parent = declaration.parent
    if parent is not None and parent.type == "export_statement":
        parent = parent.parent
    return parent is not None and parent.type == "program"
