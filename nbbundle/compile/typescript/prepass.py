"""TypeScript, TSX and JSX → plain JavaScript, by edits that keep lines and columns.

A pre-pass in front of the JavaScript transform, the way Node's type stripping works: the text
is parsed with tree-sitter-typescript (the TSX grammar for ``.tsx`` and ``.jsx``), and every
piece of type syntax the tree shows (annotations, ``interface``, ``type``, ``declare``,
``abstract``, modifiers, generics, ``as``/``satisfies``/``!``, overloads, ``import type`` and
type-only specifiers) becomes spaces, newlines kept, so a line:column of the output is the
line:column the user wrote. What has run-time meaning is compiled (``runtime.py``: enums,
namespaces, parameter properties, ``export =``), JSX becomes calls (``jsx.py``) and React
components are registered for Fast Refresh (``react_refresh.py``); where those edits change
columns, the ``PositionMap`` maps back.

Semantics are TypeScript's ``transpileModule`` with ``isolatedModules`` and target ES2022
(define semantics for class fields): an import binding that the module never uses as a value is
removed, and an import left with no binding is removed whole, so its module is not loaded. No
type checking, as esbuild and Vite: types are syntax to remove, never a reason to fail.

Over 400 lines on purpose: it is the order of the pre-pass's steps and the positions mapped
back; each step's work lives in the module named after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nbbundle.compile.cache import VersionedCache, content_hash
from nbbundle.compile.errors import Diagnostic, NbbundleError, code_frame
from nbbundle.compile.kinds import TYPESCRIPT_KINDS
from nbbundle.compile.options import DEFAULT_OPTIONS, CompileOptions
from nbbundle.compile.text.position_map import PositionMap, align_column
from nbbundle.compile.text.source_map import compose, join_blanks, pack, unpack
from nbbundle.compile.typescript import jsx, lowering
from nbbundle.compile.typescript import runtime as ts_runtime
from nbbundle.compile.typescript.runtime import RUNTIME_CAPTURES, RUNTIME_SYNTAX
from nbbundle.compile.typescript.grammar_repairs import BINARY, SHIFT_HINT, USING, binary_readings, is_misread_shift
from nbbundle.compile.typescript.syntax import BARE_LET, PrePass

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.module import TransformResult

# Type syntax, found by the query engine (in C) rather than by a walk over every node in Python.
# The capture name says what to do with the node (see ``_Stripper._strip_types``).
_TYPE_SYNTAX = """
(type_annotation) @blank
(type_predicate_annotation) @blank
(asserts_annotation) @blank
(type_arguments) @blank
(type_parameters) @blank
(implements_clause) @blank
(override_modifier) @blank
(accessibility_modifier) @blank
(abstract_method_signature) @blank
(method_signature) @blank
(index_signature) @blank
(non_null_expression "!" @blank)
(optional_parameter "?" @blank)
(required_parameter "readonly" @blank)
(optional_parameter "readonly" @blank)
(variable_declarator "!" @blank)
(method_definition "?" @blank)
(abstract_class_declaration "abstract" @blank)
(as_expression) @tail
(satisfies_expression) @tail
(public_field_definition) @field
(required_parameter pattern: (this)) @this_parameter
(interface_declaration) @declaration
(type_alias_declaration) @declaration
(ambient_declaration) @declaration
(function_signature) @declaration
(decorator) @decorator
""" + "\n".join((BARE_LET, BINARY, USING, RUNTIME_SYNTAX))
# The runtime step's syntax is in the same query: one query compiled instead of three (6 ms of
# CPU at start-up); the tree it runs on is the same.
_DECLARED_TYPES = frozenset({"interface_declaration", "type_alias_declaration"})


@dataclass(frozen=True)
class Stripped:
    """A TypeScript or JSX module as plain JavaScript."""

    text: str
    commonjs: bool
    """``export =`` or ``import x = require()``: the module is CommonJS."""
    positions: PositionMap
    header_size: int
    """Bytes of generated imports at the start of ``text``."""
    origins: dict[str, tuple[int, int]]
    """Specifier of a generated import → the range of the source that needs it."""
    type_exports: frozenset[str] = frozenset()
    """Names that are only types here (``TransformResult.type_exports``)."""


def transform_typescript(
    module_id: str, source: str, kind: str, options: CompileOptions | None,
    transform_javascript: Callable[[str, bool], TransformResult],
) -> TransformResult:
    """Strip ``source`` to JavaScript, run ``transform_javascript(text, commonjs)`` on it, and
    report everything at the original text's positions."""
    stripped = to_javascript(module_id, source, kind, options or DEFAULT_OPTIONS)
    try:
        result = transform_javascript(stripped.text, stripped.commonjs)
    except NbbundleError as error:
        raise type(error)([_map_diagnostic(d, source, stripped) for d in error.diagnostics]) from None
    return _map_result(result, source, stripped)


def original_position(module_id: str, source: str, kind: str, options: CompileOptions | None, rendered: str,
                      line: int, column: int) -> tuple[int, int]:
    """Where a (line, column) of ``rendered`` (the init function a view ran) is in ``source``.

    Lines are the same all the way; the column goes back through the JavaScript transform (by
    aligning the line) and then through the pre-pass (by its position map).
    """
    compiled = source
    stripped = None
    if kind in TYPESCRIPT_KINDS:
        try:
            stripped = to_javascript(module_id, source, kind, options or DEFAULT_OPTIONS)
        except NbbundleError:
            return line, column
        compiled = stripped.text
    column = align_column(_line(rendered, line), _line(compiled, line), column)
    if stripped is None:
        return line, column
    return stripped.positions.original_position(line, column)


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 1 <= line <= len(lines) else ""


#: Pre-pass results for ``original_position`` (a view's error, mapped back) and the transform:
#: by content hash, a few versions per module, as the transform's own cache (``cache.py``).
_stripped: VersionedCache[Stripped] = VersionedCache()


def to_javascript(module_id: str, source: str, kind: str, options: CompileOptions) -> Stripped:
    """The pre-pass. Raises ``ParseError`` for text that is not valid TypeScript/TSX/JSX."""
    key = (module_id, f"{kind}:{options}", content_hash(source))
    stripped = _stripped.get(key)
    if stripped is None:
        stripped = _Stripper(module_id, source, kind, options).run()
        _stripped.put(key, stripped)
    return stripped


class _Stripper(PrePass):
    """The pre-pass of one module: types first, then run-time TypeScript, imports, JSX."""

    def __init__(self, module_id: str, source: str, kind: str, options: CompileOptions) -> None:
        super().__init__(module_id, source, kind, options)
        self.options = options.with_pragmas(jsx.pragmas(self))
        self._type_exports: set[str] = set()
        """Names exported as types only (``export type { A }``, ``export { type B as C }``)."""
        self._field_initializers: dict[int, tuple[Node, list[str]]] = {}
        """Class body id → (the body, the private methods that assign its fields), in order."""

    def run(self) -> Stripped:
        found = self.captures(_TYPE_SYNTAX)
        # No syntax error, but misreads all the same: `let` + line break, `tag<T>`…``.
        joined = self.join_lets(found.pop("let", []))
        templates, shifts = binary_readings(found.pop("binary", []))
        usings = found.pop("using", [])
        typed = self.is_typescript and self.read_typed_templates(templates)
        typed = (self.is_typescript and self.read_shifted_type_arguments(shifts)) or typed
        typed = self.read_using_declarations(usings) or typed
        if joined or typed:
            self.check_syntax()
            found = self.captures(_TYPE_SYNTAX)
            for name in ("let", "using"):
                found.pop(name, None)
            shifts = binary_readings(found.pop("binary", []))[1]
        misread = next((s for s in shifts if is_misread_shift(s)), None) if self.is_typescript else None
        if misread is not None:  # an arrow function as an operand: never JavaScript
            raise self.error(misread.parent, "Expected type arguments to close with `>`", SHIFT_HINT)
        runtime = {name: found.pop(name, []) for name in RUNTIME_CAPTURES}
        if not self.is_typescript:
            self._refuse_types(found)
        self._strip_types(found)
        ts_runtime.compile_runtime(self, runtime)
        lowering.lower_using(self)
        self._call_field_initializers()
        self._strip_module_syntax()
        jsx.compile_jsx(self)
        if self.options.experimental_decorators and found.get("decorator"):
            # After every other step: a decorator's text moves, with its types stripped.
            from nbbundle.compile.typescript.decorators import lower_legacy_decorators

            lower_legacy_decorators(self, found["decorator"])
        if self.options.react_refresh:
            # Imported here: only a notebook with react-refresh installed needs its rules.
            from nbbundle.compile.typescript import react_refresh

            react_refresh.register_components(self)
        header = " ".join(self.header) + " " if self.header else ""
        if header:
            self.edits.insert(0, header)
        if self.footer:
            self.edits.insert(len(self.data), "\n" + "\n".join(self.footer) + "\n")
        text, positions = self.edits.apply()
        return Stripped(text, self.commonjs, positions, len(header.encode()), self.origins,
                        frozenset(self.type_names | self._type_exports))

    # -- types -------------------------------------------------------------------------------

    def _refuse_types(self, found: dict[str, list[Node]]) -> None:
        nodes = [n for name, group in found.items() if name not in ("field", "decorator") for n in group]
        nodes += [f for f in found.get("field", []) if any(c.type in ("?", "!", "declare", "readonly", "abstract")
                                                            for c in f.children)]
        if nodes:
            first = min(nodes, key=lambda n: n.start_byte)
            raise self.error(first, "TypeScript syntax in a .jsx module",
                             f'Rename the module to "{self.id.rsplit(".", 1)[0]}.tsx" to write types.')

    def _strip_types(self, found: dict[str, list[Node]]) -> None:
        decorators = found.get("decorator")
        if decorators and not self.options.experimental_decorators:
            # Browsers do not run the standard decorators yet: say so here rather than as a
            # browser's SyntaxError. TypeScript's legacy ones are lowered (``decorators``).
            raise self.error(min(decorators, key=lambda n: n.start_byte), "Decorators are not supported",
                             'Set "experimentalDecorators": true in tsconfig.json (next to the notebook, for a cell) '
                             "for TypeScript's legacy decorators, or apply the function by hand (cls = decorate(cls)).")
        # Outer before inner (the lists come unordered), so that a type inside one already blanked
        # is skipped: blanking `A<A<…>>` level by level wrote the square of its length. Node
        # ranges nest, so a node whose first byte is blanked here lies in a node blanked whole.
        for node in sorted(found.get("blank", []), key=lambda n: (n.start_byte, -n.end_byte)):
            if self.is_blanked(node.start_byte):
                continue
            # Node.parent costs the node's depth: asked only of the rare type with a line break
            parent = node.parent if b"\n" in self.data[node.start_byte:node.end_byte] else None
            if parent is not None and parent.type == "arrow_function" and parent.child_by_field_name("return_type") == node:
                self._blank_arrow_return_type(node, parent)
            else:
                self.blank(node)
        for expression in found.get("tail", []):  # `x as T`, `x satisfies T`: from the keyword on
            keyword = next(c for c in expression.children if c.type in ("as", "satisfies"))
            self.blank_range(keyword.start_byte, expression.end_byte)
        for parameter in found.get("this_parameter", []):
            self.blank_list_item(parameter)
        for field in found.get("field", []):
            self._strip_field(field)
        for declaration in found.get("declaration", []):
            parent = declaration.parent
            if declaration.type in _DECLARED_TYPES and parent is not None and parent.type in ("program", "export_statement"):
                name = declaration.child_by_field_name("name")
                if name is not None:
                    self.type_names.add(self.text(name))
            self.remove_statement(parent if parent is not None and parent.type == "export_statement" else declaration)

    def _blank_arrow_return_type(self, annotation: Node, arrow: Node) -> None:
        """``(): Type<\n…\n> => {``: JavaScript allows no line break before ``=>``, so the
        annotation's line breaks go after it instead; the lines after keep their numbers."""
        token = next(c for c in arrow.children if c.type == "=>")
        removed = self.data[annotation.start_byte:token.start_byte].decode()
        breaks = sum(removed.count(c) for c in "\n\u2028\u2029")
        spaces = len(removed) - breaks - removed.count("\r")
        self.edits.replace(annotation.start_byte, token.end_byte, " " * spaces + "=>" + "\n" * breaks)
        self.blanked.append((annotation.start_byte, token.start_byte))

    def _strip_field(self, field: Node) -> None:
        if any(child.type in ("declare", "abstract") for child in field.children):
            self.blank(field)  # `declare x: T;` and `abstract x: T;` define nothing
            return
        keyword = lowering.accessor_keyword(self, field)
        if keyword is not None:
            lowering.lower_accessor(self, field, keyword)
        for child in field.children:
            if child.type in ("?", "!", "readonly"):
                self.blank(child)
        if not self.options.use_define_for_class_fields:
            self._assigned_field(field)

    def _assigned_field(self, field: Node) -> None:
        """``useDefineForClassFields: false``, as TypeScript emits it: a field without an
        initializer is left out (it would be an own ``undefined`` hiding an accessor or method
        of the prototype), and ``static s = v`` becomes ``static { this.s = v; }``, an
        assignment. An instance field's initializer becomes a private method, in place, that
        assigns it: ``#_init() { this.x = v; }``, called by the constructor after the parameter
        properties, where TypeScript moves the assignment (moving the text would move lines)."""
        name = field.child_by_field_name("name") or field.child_by_field_name("property")
        value = field.child_by_field_name("value")
        if name is None or name.type == "private_property_identifier":
            return  # `#x` is always defined
        if value is None:
            for child in field.children:  # each part: some (`private`, `: T`) are blanked already
                if not self.blanked.contains(child.start_byte, child.end_byte):
                    self.blank(child)
            return
        if name.type == "property_identifier":
            target = f"this.{self.text(name)}"
        elif name.type in ("string", "number"):
            target = f"this[{self.text(name)}]"
        else:
            return  # a computed key is evaluated with the class: left as it is
        if any(child.type == "static" for child in field.children):
            self.edits.replace(field.start_byte, value.start_byte, f"static {{ {target} = ")
        else:
            method = "#" + self.unique_name("_init_field")
            self.edits.replace(field.start_byte, value.start_byte, f"{method}() {{ {target} = ")
            body = field.parent
            self._field_initializers.setdefault(body.id, (body, []))[1].append(method)
        self.edits.insert(value.end_byte, "; }")

    def _call_field_initializers(self) -> None:
        """The constructor's calls of the initializers ``_assigned_field`` made, after the
        parameter properties' assignments (inserted at the same place before this)."""
        for body, methods in self._field_initializers.values():
            calls = " ".join(f"this.{m}();" for m in methods)
            constructor = next((m for m in body.named_children if m.type == "method_definition"
                                and self.text(m.child_by_field_name("name")) == "constructor"
                                and m.child_by_field_name("body") is not None), None)
            if constructor is not None:
                offset, needs_semicolon = ts_runtime.after_super_call(constructor.child_by_field_name("body"))
                self.edits.insert(offset, (";" if needs_semicolon else "") + " " + calls)
                continue
            owner = body.parent
            derived = owner is not None and any(c.type == "class_heritage" and any(h.type == "extends_clause" for h in c.children)
                                                for c in owner.children)
            start = "constructor(...args) { super(...args); " if derived else "constructor() { "
            self.edits.insert(body.children[0].end_byte, f" {start}{calls} }}")

    # -- imports and exports -------------------------------------------------------------------

    def _strip_module_syntax(self) -> None:
        """``import type``, type-only specifiers, and imports never used as a value."""
        imports = [s for s in self.root.named_children if s.type == "import_statement"]
        for statement in imports:
            if any(child.type == "type" for child in statement.children):
                self.remove_statement(statement)
                self._note_type_names(statement)
                continue
            typed = [s for s in _import_specifiers(statement) if any(c.type == "type" for c in s.children)]
            for specifier in typed:
                self._note_type_names(specifier)
            if typed and len(typed) == len(_import_locals(statement)):
                self.remove_statement(statement)  # import { type A } from "…": nothing to load
                continue
            for specifier in typed:
                self.blank_list_item(specifier)
        exports = [s for s in self.root.named_children if s.type == "export_statement"]
        if self.is_typescript and not self.options.verbatim_module_syntax:  # verbatim: as written
            self._elide_unused_imports([s for s in imports if not self.is_blanked(s.start_byte)])
        for statement in exports:
            if not self.is_blanked(statement.start_byte):
                self._strip_export(statement)

    def _note_type_names(self, node: Node) -> None:
        for local in _import_locals(node):
            self.type_names.add(self.text(local))

    def _strip_export(self, statement: Node) -> None:
        if any(child.type == "type" for child in statement.children) or self.words.get(statement.start_byte) == "export type":
            self.remove_statement(statement)  # export type { A } [from "…"], export type * from
            clause = next((c for c in statement.named_children if c.type == "export_clause"), None)
            self._note_type_exports([c for c in clause.named_children if c.type == "export_specifier"] if clause else [])
            return
        children = statement.children
        if len(children) > 2 and children[1].type == "as" and children[2].type == "namespace":
            self.remove_statement(statement)  # export as namespace Lib; (a UMD global's name)
            return
        value = statement.child_by_field_name("value")
        if value is not None and value.type == "identifier" and self.text(value) in self.type_names:
            self.remove_statement(statement)  # export default SomeInterface;
            return
        clause = next((c for c in statement.named_children if c.type == "export_clause"), None)
        if clause is None:
            return
        specifiers = [c for c in clause.named_children if c.type == "export_specifier"]
        local = statement.child_by_field_name("source") is None
        removed = [s for s in specifiers if any(c.type == "type" for c in s.children)
                   or (local and self.text(s.child_by_field_name("name")) in self.type_names)]
        self._note_type_exports(removed)
        if removed and len(removed) == len(specifiers):
            self.remove_statement(statement)
            return
        for specifier in removed:
            self.blank_list_item(specifier)

    def _note_type_exports(self, specifiers: list[Node]) -> None:
        for specifier in specifiers:
            exported = specifier.child_by_field_name("alias") or specifier.child_by_field_name("name")
            if exported is not None:
                self._type_exports.add(self.text(exported))

    def _elide_unused_imports(self, imports: list[Node]) -> None:
        """Drop import bindings that are never used as a value (TypeScript's import elision)."""
        locals_by_statement = {s.id: _import_locals(s) for s in imports}
        names = {self.text(n) for group in locals_by_statement.values() for n in group}
        used = self.value_uses(names, exclude=imports) | jsx.factory_roots(self, names)
        for statement in imports:
            bindings = [n for n in locals_by_statement[statement.id] if not self.is_blanked(n.start_byte)]
            has_clause = any(c.type == "import_clause" for c in statement.named_children)
            unused = [n for n in bindings if self.text(n) not in used]
            if has_clause and len(unused) == len(bindings):
                self.remove_statement(statement)  # also `import {} from "…"`, as TypeScript does
                continue
            for local in unused:
                # `D` of `D, {…}`, `* as ns` with its comma, or one `{ specifier }`
                self.blank_list_item(local if local.parent.type == "import_clause" else local.parent)


def _import_specifiers(statement: Node) -> list[Node]:
    clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
    named = next((c for c in clause.named_children if c.type == "named_imports"), None) if clause else None
    return [s for s in named.named_children if s.type == "import_specifier"] if named else []


def _import_locals(node: Node) -> list[Node]:
    """The identifier nodes an import statement (or one specifier of it) binds."""
    if node.type == "import_specifier":
        return [node.child_by_field_name("alias") or node.child_by_field_name("name")]
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    found: list[Node] = []
    for part in clause.named_children if clause is not None else ():
        if part.type == "identifier":
            found.append(part)
        elif part.type == "namespace_import":
            found.extend(c for c in part.named_children if c.type == "identifier")
        elif part.type == "named_imports":
            for specifier in part.named_children:
                if specifier.type == "import_specifier":
                    found.extend(_import_locals(specifier))
    return found


def _query_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- positions back to the original text ------------------------------------------------------

def _map_result(result: TransformResult, source: str, stripped: Stripped) -> TransformResult:
    """``result`` with every byte range and diagnostic moved to the original text; an import
    the pre-pass added points at what needs it (the first JSX element, the first component)."""
    def records(items):  # noqa: ANN001, ANN202
        mapped = []
        for record in items:
            generated = record.byte_range[0] < stripped.header_size and record.specifier in stripped.origins
            def move(byte_range: tuple[int, int], generated: bool = generated, specifier: str = record.specifier):
                return stripped.origins[specifier] if generated else stripped.positions.original_range(*byte_range)
            mapped.append(record.replace(byte_range=move(record.byte_range),
                                         names=tuple(n.replace(byte_range=move(n.byte_range)) for n in record.names)))
        return tuple(mapped)

    return result.replace(
        imports=records(result.imports),
        dynamic_imports=records(result.dynamic_imports),
        warnings=tuple(_map_diagnostic(d, source, stripped) for d in result.warnings),
        size=len(source.encode()),
        type_exports=stripped.type_exports,
        positions=pack(compose(unpack(result.positions),
                               join_blanks(stripped.positions.segments, stripped.positions.output))),
    )


def _map_diagnostic(diagnostic: Diagnostic, source: str, stripped: Stripped) -> Diagnostic:
    if diagnostic.line is None:
        return diagnostic
    line, column = stripped.positions.original_position(diagnostic.line, diagnostic.column or 0)
    return diagnostic.replace(line=line, column=column, frame=code_frame(source, line, column))
