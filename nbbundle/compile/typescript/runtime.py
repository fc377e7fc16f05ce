"""TypeScript syntax with run-time meaning, compiled the way ``transpileModule`` does.

* ``enum E { A, B = 4, C = "c" }`` → ``var E; (function (E) { E[E["A"] = 0] = "A"; … })(E ||
  (E = {}));``, each member on its own line; ``const enum`` the same (``isolatedModules``).
  Member values are folded where TypeScript folds them, to know which members are strings
  (no reverse mapping) and what an omitted initializer counts on from.
* ``namespace N { export const a = 1; export function f() {} }`` → an IIFE over ``N``, exported
  variables become ``N.a`` (references to them too), exported functions and classes are copied
  to ``N`` after their declaration. A namespace of types only is removed.
* constructor parameter properties (``constructor(private a: number)``) → a field ``a;`` first
  in the class body (define semantics, target ES2022) and ``this.a = a;`` after ``super(…)``.
* ``import A = N.B`` → ``var A = N.B``; ``import x = require("y")`` and ``export = v`` make the
  module CommonJS (``const x = require("y")``, ``module.exports = v``).

Headers and closers replace the declaration's own first and last tokens, so every member and
statement stays on its line; the position map covers the columns that move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import string_value
from nbbundle.compile.typescript.enum_values import evaluate, js_number
from nbbundle.compile.typescript.syntax import quoted

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

_TYPE_ONLY = frozenset({"interface_declaration", "type_alias_declaration", "ambient_declaration",
                        "function_signature", "empty_statement", "comment"})
_PARAMETER_PROPERTIES = """
(required_parameter [(accessibility_modifier) (override_modifier) "readonly"]) @property
(optional_parameter [(accessibility_modifier) (override_modifier) "readonly"]) @property
"""
_RUNTIME = """
(enum_declaration) @enum
(internal_module) @namespace
(module) @namespace
(import_alias) @alias
"""


def compile_runtime(stripper: PrePass) -> None:
    """Compile enums, namespaces, parameter properties and the CommonJS forms of ``stripper``."""
    if not stripper.is_typescript:
        return
    found = stripper.captures(_RUNTIME)
    compiler = _RuntimeCompiler(stripper)
    # Outer before inner: a namespace of types only is removed whole, with what it holds.
    for node in sorted((n for group in found.values() for n in group), key=lambda n: n.start_byte):
        if stripper.is_blanked(node.start_byte):
            continue
        if node.type == "import_alias":
            compiler.import_alias(node, _enclosing_namespace(stripper, node))
        else:
            compiler.declaration(node, _enclosing_namespace(stripper, node))
    properties = stripper.captures(_PARAMETER_PROPERTIES).get("property", [])
    _parameter_properties(stripper, properties)
    _commonjs_forms(stripper)


class _RuntimeCompiler:
    def __init__(self, stripper: PrePass) -> None:
        self.s = stripper
        self.declared: set[tuple[int, str]] = set()
        """(scope node id, name) of enums and namespaces already declared (merging)."""

    def declaration(self, node: Node, namespace: str | None) -> None:
        """An enum or namespace; ``namespace`` is the enclosing namespace's name, if any."""
        statement = node.parent if node.parent is not None and node.parent.type in ("export_statement", "expression_statement") else node
        exported = statement.type == "export_statement"
        if node.type == "enum_declaration":
            self.enum(node, statement, namespace, exported=exported)
        elif node.child_by_field_name("name").type != "string":  # `declare module "x"` is ambient
            self.namespace(node, statement, namespace, exported=exported)

    def _declare(self, node: Node, statement: Node, name: str, namespace: str | None) -> str:
        """``var E; `` unless the scope declared ``name`` already (declarations merge)."""
        scope = statement.parent
        key = (scope.id if scope is not None else 0, name)
        if key in self.declared:
            return ""
        self.declared.add(key)
        keyword = "var" if scope is not None and scope.type == "program" else "let"
        return f"{keyword} {name}; "

    def _closer(self, name: str, namespace: str | None, exported: bool) -> str:
        if namespace is not None and exported:
            return f"({name} = {namespace}.{name} || ({namespace}.{name} = {{}}));"
        return f"({name} || ({name} = {{}}));"

    def _head_start(self, node: Node, statement: Node, namespace: str | None) -> int:
        # `export` stays at the top level (`export var E;`); inside a namespace it goes.
        return statement.start_byte if namespace is not None else node.start_byte

    # -- enum ----------------------------------------------------------------------------------

    def enum(self, node: Node, statement: Node, namespace: str | None, *, exported: bool) -> None:
        s = self.s
        name = s.text(node.child_by_field_name("name"))
        body = node.child_by_field_name("body")
        head = self._declare(node, statement, name, namespace) + f"(function ({name}) {{"
        s.edits.replace(self._head_start(node, statement, namespace), body.children[0].end_byte, head)
        values: dict[str, float | str | None] = {}
        previous: tuple[str, float | str | None] | None = None
        for member in body.named_children:
            if member.type == "comment":
                continue
            key_node = member.child_by_field_name("name") if member.type == "enum_assignment" else member
            key = _member_name(s, key_node)
            after = member.next_sibling
            end = after.end_byte if after is not None and after.type == "," else member.end_byte
            target = f"{name}[{_js_string(key)}]"
            if member.type == "enum_assignment":
                value_node = member.child_by_field_name("value")
                value = evaluate(s, value_node, name, values)
                self._rewrite_member_references(value_node, name, values)
                s.edits.replace(member.start_byte, value_node.start_byte, f"{name}[{target} = " if not isinstance(value, str) else f"{target} = ")
                s.edits.replace(value_node.end_byte, end, f"] = {_js_string(key)};" if not isinstance(value, str) else ";")
            else:
                if previous is None:
                    value, text = 0.0, "0"
                elif isinstance(previous[1], float):
                    value = previous[1] + 1
                    text = js_number(value)
                else:
                    value, text = None, f"{name}[{_js_string(previous[0])}] + 1"
                s.edits.replace(member.start_byte, end, f"{name}[{target} = {text}] = {_js_string(key)};")
            values[key] = value
            previous = (key, value)
        closer = "})" + self._closer(name, namespace, exported)
        s.edits.replace(body.children[-1].start_byte, body.children[-1].end_byte, closer)

    def _rewrite_member_references(self, expression: Node, enum: str, values: dict[str, object]) -> None:
        names = {n for n in values if n.isidentifier()}
        if not names:
            return
        pattern = f"((identifier) @ref (#any-of? @ref {quoted(names)}))"
        for ref in self.s.captures(pattern, expression).get("ref", []):
            parent = ref.parent
            if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("property") == ref:
                continue
            self.s.edits.replace(ref.start_byte, ref.end_byte, f"{enum}.{self.s.text(ref)}")
            self.s.blanked.append((ref.start_byte, ref.end_byte))  # not a use of an import

    # -- namespace -----------------------------------------------------------------------------

    def namespace(self, node: Node, statement: Node, namespace: str | None, *, exported: bool) -> None:
        s = self.s
        body = node.child_by_field_name("body")
        if body is None or not _instantiated(body):
            s.remove_statement(statement)
            return
        names = _dotted(s, node.child_by_field_name("name"))
        heads, closers = [], []
        outer, outer_exported = namespace, exported
        for index, name in enumerate(names):
            declare = self._declare(node, statement, name, outer) if index == 0 else f"let {name}; "
            heads.append(f"{declare}(function ({name}) {{")
            closers.insert(0, "})" + self._closer(name, outer, outer_exported if index == 0 else True))
            outer = name
        inner = names[-1]
        s.edits.replace(self._head_start(node, statement, namespace), body.children[0].end_byte, " ".join(heads))
        s.edits.replace(body.children[-1].start_byte, body.children[-1].end_byte, " ".join(closers))
        exported_vars: set[str] = set()
        for child in body.named_children:
            if child.type == "export_statement":
                self._namespace_export(child, inner, exported_vars)
        if exported_vars:
            self._qualify_references(body, inner, exported_vars)

    def _namespace_export(self, statement: Node, namespace: str, exported_vars: set[str]) -> None:
        s = self.s
        declaration = statement.child_by_field_name("declaration")
        if declaration is None or s.is_blanked(statement.start_byte):
            return
        kind = declaration.type
        if kind in ("internal_module", "module", "enum_declaration", "import_alias"):
            return  # compiled on their own, knowing the namespace they are in
        elif kind in ("lexical_declaration", "variable_declaration"):
            declarators = [d for d in declaration.named_children if d.type == "variable_declarator"]
            for declarator in declarators:
                target = declarator.child_by_field_name("name")
                if target.type != "identifier":
                    raise s.error(target, "Destructuring in an exported namespace variable is not supported",
                                  "Declare each exported variable by name.")
                exported_vars.add(s.text(target))
            assigned = [d for d in declarators if d.child_by_field_name("value") is not None]
            if not assigned:
                s.remove_statement(statement)
                return
            s.edits.replace(statement.start_byte, declarators[0].start_byte, "")
            for declarator in declarators:
                if declarator.child_by_field_name("value") is None:
                    s.blank_list_item(declarator)
                else:
                    s.edits.insert(declarator.start_byte, f"{namespace}.")
        else:  # function, class: a local binding, copied to the namespace object
            name = declaration.child_by_field_name("name")
            s.edits.replace(statement.start_byte, declaration.start_byte, "")
            if name is not None:
                s.edits.insert(declaration.end_byte, f" {namespace}.{s.text(name)} = {s.text(name)};")

    def _qualify_references(self, body: Node, namespace: str, names: set[str]) -> None:
        pattern = (f"((identifier) @ref (#any-of? @ref {quoted(names)}))\n"
                   f"((shorthand_property_identifier) @short (#any-of? @short {quoted(names)}))")
        found = self.s.captures(pattern, body)
        for ref in found.get("ref", []):
            if self.s.is_blanked(ref.start_byte) or self.s.shadowed(ref, body):
                continue
            self.s.edits.replace(ref.start_byte, ref.end_byte, f"{namespace}.{self.s.text(ref)}")
        for ref in found.get("short", []):
            if not self.s.shadowed(ref, body):
                self.s.edits.replace(ref.start_byte, ref.end_byte, f"{self.s.text(ref)}: {namespace}.{self.s.text(ref)}")

    # -- import A = N.B --------------------------------------------------------------------------

    def import_alias(self, node: Node, namespace: str | None) -> None:
        s = self.s
        name_node = next(c for c in node.named_children if c.type == "identifier")
        value = name_node.next_named_sibling
        statement = node.parent if node.parent is not None and node.parent.type == "export_statement" else node
        name = s.text(name_node)
        is_exported = statement is not node
        if not is_exported and name not in s.value_uses({name}, exclude=[node]):
            s.remove_statement(statement)  # an alias of a type, or unused: TypeScript elides it
            return
        if namespace is not None and is_exported:
            s.edits.replace(statement.start_byte, value.start_byte, f"{namespace}.{name} = ")
        else:
            s.edits.replace(node.start_byte, value.start_byte, f"var {name} = ")


def _enclosing_namespace(s: PrePass, node: Node) -> str | None:
    """The innermost name of the namespace whose body holds ``node``'s statement directly."""
    statement = node.parent if node.parent is not None and node.parent.type in ("export_statement", "expression_statement") else node
    block = statement.parent
    owner = block.parent if block is not None and block.type == "statement_block" else None
    if owner is None or owner.type not in ("internal_module", "module"):
        return None
    return _dotted(s, owner.child_by_field_name("name"))[-1]


def _instantiated(body: Node) -> bool:
    """Whether a namespace body has values (TypeScript emits nothing for one of types only)."""
    for child in body.named_children:
        target = child
        if child.type in ("export_statement", "expression_statement") and child.named_children:
            target = child.child_by_field_name("declaration") or child.named_children[0]
        if target.type in _TYPE_ONLY:
            continue
        if target.type in ("internal_module", "module"):
            inner = target.child_by_field_name("body")
            if inner is None or not _instantiated(inner):
                continue
        return True
    return False


def _dotted(s: PrePass, name: Node) -> list[str]:
    if name.type in ("nested_identifier", "member_expression"):
        return [*_dotted(s, name.child_by_field_name("object")), s.text(name.child_by_field_name("property"))]
    return [s.text(name)]


# -- parameter properties ------------------------------------------------------------------------

def _parameter_properties(s: PrePass, parameters: list[Node]) -> None:
    by_constructor: dict[int, tuple[Node, list[str]]] = {}
    for parameter in sorted(parameters, key=lambda n: n.start_byte):
        constructor = parameter.parent.parent if parameter.parent is not None else None
        pattern = parameter.child_by_field_name("pattern")
        if constructor is None or constructor.type != "method_definition" or pattern is None or pattern.type != "identifier":
            continue
        by_constructor.setdefault(constructor.id, (constructor, []))[1].append(s.text(pattern))
    for constructor, names in by_constructor.values():
        class_body = constructor.parent
        s.edits.insert(class_body.children[0].end_byte, " " + " ".join(f"{n};" for n in names))
        body = constructor.child_by_field_name("body")
        offset, needs_semicolon = _after_super_call(body)
        assignments = (";" if needs_semicolon else "") + " " + " ".join(f"this.{n} = {n};" for n in names)
        s.edits.insert(offset, assignments)


def _after_super_call(body: Node) -> tuple[int, bool]:
    """Where parameter properties are assigned: after a top-level ``super(…)`` (which may end
    without a semicolon), else at the start of the body."""
    for statement in body.named_children:
        call = statement.named_children[0] if statement.type == "expression_statement" and statement.named_children else None
        if call is not None and call.type == "call_expression" and call.child_by_field_name("function").type == "super":
            return statement.end_byte, statement.children[-1].type != ";"
    return body.children[0].end_byte, False


# -- CommonJS forms --------------------------------------------------------------------------------

def _commonjs_forms(s: PrePass) -> None:
    has_es_syntax = False
    forms: list[Node] = []
    for statement in s.root.named_children:
        if statement.type == "import_statement":
            clause = next((c for c in statement.named_children if c.type == "import_require_clause"), None)
            if clause is None:
                has_es_syntax = True
                continue
            forms.append(statement)
            name = clause.named_children[0]
            if s.text(name) not in s.value_uses({s.text(name)}, exclude=[statement]):
                s.remove_statement(statement)
            else:
                require = next(c for c in clause.children if c.type == "require")
                s.edits.replace(statement.start_byte, require.start_byte, f"const {s.text(name)} = ")
        elif statement.type == "export_statement":
            children = statement.children
            if len(children) > 1 and children[1].type == "=":
                forms.append(statement)
                s.edits.replace(statement.start_byte, children[1].end_byte, "module.exports =")
            elif not s.is_blanked(statement.start_byte):
                has_es_syntax = True
    if not forms:
        return
    if has_es_syntax:
        raise s.error(forms[0], "A module with ES imports or exports cannot use `import = require()` or `export =`",
                      'Write `import x from "…"` and `export default …` instead.')
    s.commonjs = True


# -- enum values -------------------------------------------------------------------------------------

def _member_name(s: PrePass, node: Node) -> str:
    if node.type == "string":
        return string_value(node)
    if node.type == "computed_property_name":
        return _member_name(s, node.named_children[0])
    return s.text(node)


def _js_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
