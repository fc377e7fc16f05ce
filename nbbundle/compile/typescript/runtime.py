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

Over 400 lines on purpose: enums, namespaces and their merging share the IIFE, the scope's
declarations and the statement parents noted once per compile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import string_value
from nbbundle.compile.typescript.enum_values import evaluate, js_number
from nbbundle.compile.typescript.scope_walk import references_to, walk_references

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

_TYPE_ONLY = frozenset({"interface_declaration", "type_alias_declaration", "ambient_declaration",
                        "function_signature", "empty_statement", "comment"})
#: Declarations a namespace can merge with (TypeScript: no ``var`` of its own then).
_MERGING_VALUES = frozenset({"class_declaration", "abstract_class_declaration", "function_declaration",
                             "generator_function_declaration"})
_IDENTIFIERS = "(identifier) @ref"
#: What this step compiles, as patterns of the pre-pass's query (``prepass._TYPE_SYNTAX``).
RUNTIME_SYNTAX = """
(enum_declaration) @enum
(internal_module) @namespace
(module) @namespace
(import_alias) @alias
(required_parameter [(accessibility_modifier) (override_modifier) "readonly"]) @property
(optional_parameter [(accessibility_modifier) (override_modifier) "readonly"]) @property
"""
RUNTIME_CAPTURES = ("enum", "namespace", "alias", "property")


def compile_runtime(stripper: PrePass, captured: dict[str, list[Node]]) -> None:
    """Compile enums, namespaces, parameter properties and the CommonJS forms of ``stripper``
    (``captured``: the nodes of ``RUNTIME_SYNTAX``'s captures, by capture name)."""
    if not stripper.is_typescript:
        return
    found = {name: captured.get(name, []) for name in ("enum", "namespace", "alias")}
    compiler = _RuntimeCompiler(stripper)
    nodes = sorted((n for group in found.values() for n in group), key=lambda n: n.start_byte)
    _note_statement_parents(stripper, stripper.root)
    for node in reversed(nodes):  # inner namespaces first, so that each body is looked at once
        if node.type in ("internal_module", "module") and node.child_by_field_name("body") is not None:
            body = node.child_by_field_name("body")
            compiler.instantiated[body.id] = _instantiated(body, compiler.instantiated)
            stripper.note_parent(node)
            _note_statement_parents(stripper, body)
    aliases = {stripper.text(next(c for c in n.named_children if c.type == "identifier"))
               for n in nodes if n.type == "import_alias"}
    compiler.alias_references = stripper.value_references(aliases)  # all at once: one walk, not one per alias
    # Outer before inner: a namespace of types only is removed whole, with what it holds.
    for node in nodes:
        if stripper.is_blanked(node.start_byte):
            continue
        if node.type == "import_alias":
            compiler.import_alias(node, _enclosing_namespace(stripper, node))
        else:
            compiler.declaration(node, _enclosing_namespace(stripper, node))
    compiler.qualify_references()
    _parameter_properties(stripper, captured.get("property", []))
    _commonjs_forms(stripper)


class _RuntimeCompiler:
    def __init__(self, stripper: PrePass) -> None:
        self.s = stripper
        self.declared: set[tuple[int, str]] = set()
        """(scope node id, name) of enums and namespaces already declared (merging)."""
        self._scope_names: dict[int, set[str]] = {}
        self.instantiated: dict[int, bool] = {}
        """Namespace body id → whether it holds values."""
        self.alias_references: dict[str, list[Node]] = {}
        """Name of an ``import A = …`` → its references as a value (``PrePass.value_references``)."""
        self.exported_vars: dict[int, tuple[str, set[str]]] = {}
        """Namespace body id → (its innermost name, the variables it exports)."""

    def declaration(self, node: Node, namespace: str | None) -> None:
        """An enum or namespace; ``namespace`` is the enclosing namespace's name, if any."""
        parent = self.s.parent(node)
        statement = parent if parent is not None and parent.type in ("export_statement", "expression_statement") else node
        exported = statement.type == "export_statement"
        if node.type == "enum_declaration":
            self.enum(node, statement, namespace, exported=exported)
        elif node.child_by_field_name("name").type != "string":  # `declare module "x"` is ambient
            self.namespace(node, statement, namespace, exported=exported)

    def _declare(self, node: Node, statement: Node, name: str, namespace: str | None) -> str | None:
        """``var E; `` for the first declaration of ``name`` in its scope; None when the name is
        declared already (a second ``enum E``/``namespace E`` block, or a class or function that
        the namespace merges with): the IIFE then only adds to the existing binding."""
        scope = self.s.parent(statement)
        key = (scope.id if scope is not None else 0, name)
        if key in self.declared or name in self._functions_and_classes(scope):
            return None
        self.declared.add(key)
        keyword = "var" if scope is not None and scope.type == "program" else "let"
        return f"{keyword} {name}; "

    def _functions_and_classes(self, scope: Node | None) -> set[str]:
        """Names that functions and classes declare directly in ``scope``."""
        if scope is None:
            return set()
        found = self._scope_names.get(scope.id)
        if found is None:
            found = set()
            for child in scope.named_children:
                declaration = child.child_by_field_name("declaration") if child.type == "export_statement" else child
                if declaration is not None and declaration.type in _MERGING_VALUES:
                    declared = declaration.child_by_field_name("name")
                    if declared is not None:
                        found.add(self.s.text(declared))
            self._scope_names[scope.id] = found
        return found

    def _head(self, node: Node, statement: Node, name: str, namespace: str | None) -> tuple[int, str]:
        """Where the IIFE's head starts and what precedes ``(function (E) {``.

        A first declaration keeps ``export`` at the top level (``export var E;``) and drops it
        inside a namespace; a merging one drops it and starts with ``;``, so that a previous
        line without one cannot take the IIFE as call arguments (``let y = 1`` + ``(function``).
        """
        declaration = self._declare(node, statement, name, namespace)
        if declaration is None:
            return statement.start_byte, ";"
        return self._head_start(node, statement, namespace), declaration

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
        head_start, declaration = self._head(node, statement, name, namespace)
        s.edits.replace(head_start, body.children[0].end_byte, declaration + f"(function ({name}) {{")
        values: dict[str, float | str | None] = {}
        previous: tuple[str, float | str | None] | None = None
        # Every identifier of the body, once (a query per member, naming the members before it,
        # made an enum quadratic); each initializer takes those inside it, in order.
        identifiers = self.s.captures(_IDENTIFIERS, body).get("ref", [])
        identifiers.sort(key=lambda n: n.start_byte)
        next_identifier = 0
        children = body.children  # siblings by index: Node.next_sibling costs a walk from the root
        for position, member in enumerate(children):
            if not member.is_named or member.type == "comment":
                continue
            key_node = member.child_by_field_name("name") if member.type == "enum_assignment" else member
            key = _member_name(s, key_node)
            after = children[position + 1] if position + 1 < len(children) else None
            end = after.end_byte if after is not None and after.type == "," else member.end_byte
            target = f"{name}[{_js_string(key)}]"
            if member.type == "enum_assignment":
                value_node = member.child_by_field_name("value")
                value = evaluate(s, value_node, name, values)
                while next_identifier < len(identifiers) and identifiers[next_identifier].start_byte < value_node.start_byte:
                    next_identifier += 1
                inside = next_identifier
                while inside < len(identifiers) and identifiers[inside].start_byte < value_node.end_byte:
                    inside += 1
                self._rewrite_member_references(identifiers[next_identifier:inside], name, values)
                next_identifier = inside
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

    def _rewrite_member_references(self, identifiers: list[Node], enum: str, values: dict[str, object]) -> None:
        """Earlier members named in an initializer → ``E.name`` (a member access's property is
        a ``property_identifier``, never one of these)."""
        for ref in identifiers:
            if self.s.text(ref) not in values:
                continue
            self.s.edits.replace(ref.start_byte, ref.end_byte, f"{enum}.{self.s.text(ref)}")
            self.s.blanked.append((ref.start_byte, ref.end_byte))  # not a use of an import
            self.s.blanked.append((ref.start_byte, ref.end_byte))  # not a use of an import

    # -- namespace -----------------------------------------------------------------------------

    def namespace(self, node: Node, statement: Node, namespace: str | None, *, exported: bool) -> None:
        s = self.s
        body = node.child_by_field_name("body")
        if body is None or not self.instantiated.get(body.id, True):
            s.remove_statement(statement)
            return
        names = _dotted(s, node.child_by_field_name("name"))
        heads, closers = [], []
        outer, outer_exported = namespace, exported
        head_start = statement.start_byte
        for index, name in enumerate(names):
            if index == 0:
                head_start, declare = self._head(node, statement, name, outer)
            else:
                declare = f"let {name}; "
            heads.append(f"{declare}(function ({name}) {{")
            closers.insert(0, "})" + self._closer(name, outer, outer_exported if index == 0 else True))
            outer = name
        inner = names[-1]
        s.edits.replace(head_start, body.children[0].end_byte, " ".join(heads))
        s.edits.replace(body.children[-1].start_byte, body.children[-1].end_byte, " ".join(closers))
        exported_vars: set[str] = set()
        for child in body.named_children:
            if child.type == "export_statement":
                self._namespace_export(child, inner, exported_vars)
        if exported_vars:
            self.exported_vars[body.id] = (inner, exported_vars)

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

    def qualify_references(self) -> None:
        """Uses of exported namespace variables → ``N.name``, from the innermost namespace that
        exports the name; all namespaces in one walk (one per namespace was quadratic in depth)."""
        if not self.exported_vars:
            return
        s = self.s
        names = {n for _, exported in self.exported_vars.values() for n in exported}
        identifiers, shorthands = references_to(s, names)
        shorthand = {n.id for n in shorthands}
        refs = [n for n in identifiers if not s.is_blanked(n.start_byte)] + shorthands
        for use in walk_references(s, refs, s.root, self.exported_vars):
            if use.provider is None or use.shadowed:
                continue
            ref = use.node
            qualified = f"{use.provider}.{use.name}"
            s.edits.replace(ref.start_byte, ref.end_byte, f"{use.name}: {qualified}" if ref.id in shorthand else qualified)

    # -- import A = N.B --------------------------------------------------------------------------

    def import_alias(self, node: Node, namespace: str | None) -> None:
        s = self.s
        name_node = next(c for c in node.named_children if c.type == "identifier")
        value = name_node.next_named_sibling
        parent = s.parent(node)
        statement = parent if parent is not None and parent.type == "export_statement" else node
        name = s.text(name_node)
        is_exported = statement is not node
        if not is_exported and not _read_outside(s, self.alias_references.get(name, []), node):
            s.remove_statement(statement)  # an alias of a type, or unused: TypeScript elides it
            return
        if namespace is not None and is_exported:
            s.edits.replace(statement.start_byte, value.start_byte, f"{namespace}.{name} = ")
        else:
            s.edits.replace(node.start_byte, value.start_byte, f"var {name} = ")


def _read_outside(s: PrePass, references: list[Node], declaration: Node) -> bool:
    """Whether one of ``references`` (of the name ``declaration`` declares) is outside it and
    not blanked by now."""
    return any(not declaration.start_byte <= ref.start_byte < declaration.end_byte and not s.is_blanked(ref.start_byte)
               for ref in references)


def _enclosing_namespace(s: PrePass, node: Node) -> str | None:
    """The innermost name of the namespace whose body holds ``node``'s statement directly."""
    parent = s.parent(node)
    statement = parent if parent is not None and parent.type in ("export_statement", "expression_statement") else node
    block = s.parent(statement)
    owner = s.parent(block) if block is not None and block.type == "statement_block" else None
    if owner is None or owner.type not in ("internal_module", "module"):
        return None
    return _dotted(s, owner.child_by_field_name("name"))[-1]


def _note_statement_parents(s: PrePass, block: Node) -> None:
    """The parents the steps above ask of a block's statements and what they wrap, noted."""
    s.note_parent(block)
    for statement in block.named_children:
        if statement.type in ("export_statement", "expression_statement"):
            s.note_parent(statement)


def _instantiated(body: Node, known: dict[int, bool]) -> bool:
    """Whether a namespace body has values (TypeScript emits nothing for one of types only);
    ``known`` has the answer for the namespaces inside it."""
    for child in body.named_children:
        target = child
        if child.type in ("export_statement", "expression_statement") and child.named_children:
            target = child.child_by_field_name("declaration") or child.named_children[0]
        if target.type in _TYPE_ONLY:
            continue
        if target.type in ("internal_module", "module"):
            inner = target.child_by_field_name("body")
            if inner is None or not (known[inner.id] if inner.id in known else _instantiated(inner, known)):
                continue
        return True
    return False


def _dotted(s: PrePass, name: Node) -> list[str]:
    parts: list[str] = []
    while name.type in ("nested_identifier", "member_expression"):
        parts.append(s.text(name.child_by_field_name("property")))
        name = name.child_by_field_name("object")
    return [s.text(name), *reversed(parts)]


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
        if s.options.use_define_for_class_fields:  # else only assigned, as TypeScript emits them
            s.edits.insert(class_body.children[0].end_byte, " " + " ".join(f"{n};" for n in names))
        body = constructor.child_by_field_name("body")
        offset, needs_semicolon = after_super_call(body)
        assignments = (";" if needs_semicolon else "") + " " + " ".join(f"this.{n} = {n};" for n in names)
        s.edits.insert(offset, assignments)


def after_super_call(body: Node) -> tuple[int, bool]:
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
    statements = s.root.named_children
    clauses = {statement.id: next((c for c in statement.named_children if c.type == "import_require_clause"), None)
               for statement in statements if statement.type == "import_statement"}
    references = s.value_references({s.text(c.named_children[0]) for c in clauses.values() if c is not None})
    for statement in statements:
        if statement.type == "import_statement":
            clause = clauses[statement.id]
            if clause is None:
                has_es_syntax = True
                continue
            forms.append(statement)
            name = clause.named_children[0]
            if not _read_outside(s, references.get(s.text(name), []), statement):
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
