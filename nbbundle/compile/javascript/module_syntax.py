"""Import and export statements: the records linking needs, and the edits that remove them.

Import and export statements only appear at the top level, so this reads the program's
children and nothing else. Comments may sit anywhere inside a statement (``export { a, /* c */
b }``): children are always taken without extras.

* an import statement disappears (its newlines stay); its bindings become the module's
  imported names, which ``bindings.py`` rewrites into member accesses;
* ``export`` disappears in front of a declaration; ``export { … }`` lists disappear; what they
  export is recorded (``exports``) and becomes a getter in the prologue ``render.py`` writes;
* ``export { a }`` of an import re-exports it, and ``let``/``const``/class exports are lexical
  (``resolve_local_exports``, once the symbol table knows the module's names); exports the
  language refuses are early errors (``export_errors``);
* ``export default <expression>`` becomes a ``const`` of a generated name; an anonymous
  function or class keeps the name "default" (NamedEvaluation), through parentheses too.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from nbbundle.compile.javascript import symbols
from nbbundle.compile.javascript.literals import name_of, string_value
from nbbundle.compile.javascript.syntax import named_children, unparenthesized
from nbbundle.compile.module import ExportEntry, ImportedName, ImportRecord, LocalExport, ReExport

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.text.edits import SourceEdits
    from nbbundle.compile.text.names import GeneratedNames

_ANONYMOUS_VALUES = frozenset({"class", "arrow_function", "function_expression", "function", "generator_function"})
_HOISTED_FUNCTIONS = frozenset({"function_expression", "function", "generator_function"})


class ModuleSyntax:
    """What the import and export statements of one module say (filled in as they are read).

    A plain class, not a dataclass: its generated methods cost every start-up (``record.py``).
    """

    __slots__ = ("imports", "import_names", "bindings", "binding_nodes", "namespace_locals", "exports",
                 "export_names", "local_exports", "star_exports", "removed", "default_needs_name",
                 "has_module_syntax", "first_module_syntax", "_indexes", "problems", "renamed", "attributes")

    def __init__(self) -> None:
        self.imports: list[ImportRecord] = []
        self.import_names: list[list[ImportedName]] = []
        self.bindings: dict[str, tuple[int, str]] = {}
        """Local name → (dependency index, imported name; ``*`` for a namespace)."""
        self.binding_nodes: list[tuple[str, Node]] = []
        """Every local an import statement declares, with its identifier (for duplicate checks)."""
        self.namespace_locals: list[tuple[str, int]] = []
        self.exports: dict[str, ExportEntry] = {}
        self.export_names: list[tuple[str, Node]] = []
        """Every exported name with the node that names it, duplicates included (an early error)."""
        self.local_exports: list[tuple[str, str, Node]] = []
        """``export { local as exported }`` without ``from``: (exported, local, the local's node)."""
        self.star_exports: list[int] = []
        self.removed: list[tuple[int, int]] = []
        self.default_needs_name = False
        self.has_module_syntax = False
        self.first_module_syntax: Node | None = None
        self._indexes: dict[str, int] = {}
        self.problems: list[tuple[str, str, Node, str | None]] = []
        """Early errors only the statements themselves show (``export default const``)."""
        self.renamed: dict[int, str] = {}
        self.attributes: dict[int, int] = {}

    def name(self, node: Node) -> str:
        """The name an import or export list gives (a keyword the parse renamed included)."""
        return self.renamed.get(node.start_byte) or name_of(node)

    def dependency(self, source_node: Node, specifier: str | None = None) -> int:
        """The index of the dependency ``source_node`` names (``specifier`` when it is not the
        string's own value: ``new URL("./x.png", import.meta.url)`` imports ``./x.png?url``)."""
        if specifier is None:
            specifier = string_value(source_node)
        index = self._indexes.get(specifier)
        if index is None:
            index = self._indexes[specifier] = len(self.imports)
            self.imports.append(ImportRecord(specifier, "static", (source_node.start_byte, source_node.end_byte)))
            self.import_names.append([])
        return index


def read_module_syntax(root: Node, data: bytes, edits: SourceEdits, names: GeneratedNames,
                       renamed: dict[int, str] | None = None, attributes: dict[int, int] | None = None) -> ModuleSyntax:
    """Read every import and export statement of ``root``, adding the edits that remove them.

    ``renamed`` holds the keywords the parse renamed in import and export lists (``as if``);
    ``attributes`` the ends of the re-export attributes the parse blanked (``syntax.Parsed``).
    """
    syntax = ModuleSyntax()
    syntax.renamed = renamed or {}
    syntax.attributes = attributes or {}
    for statement in root.children:
        kind = statement.type
        if kind == "import_statement":
            _import(syntax, statement, edits)
        elif kind == "export_statement":
            _export(syntax, statement, data, edits, names)
        else:
            continue
        syntax.has_module_syntax = True
        if syntax.first_module_syntax is None:
            syntax.first_module_syntax = statement
    return syntax


def _remove(syntax: ModuleSyntax, node: Node, edits: SourceEdits, source: Node | None) -> None:
    """Remove the statement ``node`` (``source``: its ``from`` string, if it has one)."""
    end = node.end_byte
    if source is not None:
        # `with { type: "json" }` after a re-export without `;`: outside the tree's statement.
        end = max(end, syntax.attributes.get(source.end_byte, end))
    edits.remove_statement(node.start_byte, end)
    syntax.removed.append((node.start_byte, end))


def _import(syntax: ModuleSyntax, statement: Node, edits: SourceEdits) -> None:
    source = statement.child_by_field_name("source")
    if source is None:
        return
    index = syntax.dependency(source)
    requested = syntax.import_names[index]
    _remove(syntax, statement, edits, source)
    clause = next((c for c in named_children(statement) if c.type == "import_clause"), None)
    if clause is None:
        return  # import "./side-effect.js"
    for part in named_children(clause):
        if part.type == "identifier":
            _bind(syntax, part, index, "default")
            requested.append(ImportedName("default", (part.start_byte, part.end_byte)))
        elif part.type == "namespace_import":
            local = named_children(part)[0]
            _bind(syntax, local, index, "*")
            syntax.namespace_locals.append((syntax.name(local), index))
            # The whole namespace is used: no acceptExports list can cover it.
            requested.append(ImportedName("*", (local.start_byte, local.end_byte)))
        elif part.type == "named_imports":
            for specifier in named_children(part):
                if specifier.type != "import_specifier":
                    continue
                name_node = specifier.child_by_field_name("name")
                alias = specifier.child_by_field_name("alias")
                imported = syntax.name(name_node)
                if alias is None:
                    _bind(syntax, name_node, index, imported, imported)
                else:
                    _bind(syntax, alias, index, imported)
                requested.append(ImportedName(imported, (name_node.start_byte, name_node.end_byte)))


#: Names an import cannot bind in a module (strict code): reserved there, or `eval`/`arguments`.
_RESERVED_BINDINGS = frozenset({"implements", "interface", "let", "package", "private", "protected", "public",
                                "static", "yield", "await"})
_EVAL_OR_ARGUMENTS = frozenset({"eval", "arguments"})


def _bind(syntax: ModuleSyntax, local: Node, index: int, imported: str, name: str | None = None) -> None:
    """Bind the import's local name (``name``: ``local``'s, when the caller has read it)."""
    if name is None:
        name = syntax.name(local)
    syntax.binding_nodes.append((name, local))
    syntax.bindings.setdefault(name, (index, imported))
    keyword = local.start_byte in syntax.renamed and name != "undefined"  # `import { x as if }`
    if keyword or name in _RESERVED_BINDINGS:
        syntax.problems.append(("RESERVED_WORD", "Unexpected reserved word", local,
                                f'"{name}" is reserved in ES modules and cannot name an import; choose another name.'))
    elif name in _EVAL_OR_ARGUMENTS:
        syntax.problems.append(("EVAL_OR_ARGUMENTS", "Unexpected eval or arguments in strict mode", local,
                                f'"{name}" cannot be declared in strict code (every ES module is strict); '
                                f'import it under another name: {{ … as other }}.'))


def _export(syntax: ModuleSyntax, statement: Node, data: bytes, edits: SourceEdits, names: GeneratedNames) -> None:
    if any(child.type == "default" for child in statement.children):
        _export_default(syntax, statement, data, edits, names)
        return
    declaration = statement.child_by_field_name("declaration")
    if declaration is not None:
        edits.replace(statement.start_byte, declaration.start_byte, "")
        for name_node in declared_names(declaration):
            name = syntax.name(name_node)
            _export_name(syntax, name, name_node, LocalExport(name))
        return
    source = statement.child_by_field_name("source")
    _remove(syntax, statement, edits, source)
    parts = named_children(statement)
    if source is None:
        clause = next(c for c in parts if c.type == "export_clause")
        for specifier in named_children(clause):
            name_node = specifier.child_by_field_name("name")
            exported_node = specifier.child_by_field_name("alias") or name_node
            exported, local = syntax.name(exported_node), syntax.name(name_node)
            if name_node.start_byte in syntax.renamed:  # `export { function }`: no binding has that name
                syntax.problems.append(("RESERVED_WORD", "Unexpected reserved word", name_node,
                                        f'"{local}" is reserved and cannot name a binding; only '
                                        f'`export {{ {local} }} from "…"` can export another module\'s "{local}".'))
                continue
            syntax.local_exports.append((exported, local, name_node))
            # Resolved after every import was seen: `export { a }` may precede `import { a }`.
            _export_name(syntax, exported, exported_node, LocalExport(local))
        return
    index = syntax.dependency(source)
    requested = syntax.import_names[index]
    for part in parts:
        if part.type == "namespace_export":
            name_node = part.children[-1]  # an identifier, a string, or the keyword `default`
            _export_name(syntax, syntax.name(name_node), name_node, ReExport(index, "*"))
            return
        if part.type == "export_clause":
            for specifier in named_children(part):
                name_node = specifier.child_by_field_name("name")
                exported_node = specifier.child_by_field_name("alias") or name_node
                imported = syntax.name(name_node)
                _export_name(syntax, syntax.name(exported_node), exported_node, ReExport(index, imported))
                requested.append(ImportedName(imported, (name_node.start_byte, name_node.end_byte)))
            return
    syntax.star_exports.append(index)


def _export_name(syntax: ModuleSyntax, name: str, node: Node, entry: ExportEntry) -> None:
    syntax.export_names.append((name, node))
    syntax.exports.setdefault(name, entry)


def _export_default(syntax: ModuleSyntax, statement: Node, data: bytes, edits: SourceEdits,
                    names: GeneratedNames) -> None:
    keyword = next(child for child in statement.children if child.type == "default")
    declaration = statement.child_by_field_name("declaration")
    if declaration is not None and declaration.type in ("lexical_declaration", "variable_declaration"):
        # `export default const x = 1`: the grammar takes it, the language does not.
        word = declaration.children[0]
        message = ("Unexpected strict mode reserved word" if word.type == "let"
                   else f"Unexpected token '{word.type}'")
        syntax.problems.append(("EXPORT_DEFAULT_DECLARATION", message, word,
                                f"export default takes an expression, a function or a class: declare the "
                                f"variable first, then write export default {_first_name(declaration)};"))
        return
    if declaration is not None:  # export default function f() {} / class C {}
        edits.replace(statement.start_byte, declaration.start_byte, "")
        name_node = declaration.child_by_field_name("name")
        _export_name(syntax, "default", keyword, LocalExport(syntax.name(name_node)))
        return
    value = statement.child_by_field_name("value")
    if value is None:
        return
    local = names.default
    _export_name(syntax, "default", keyword, LocalExport(local, value.type not in _HOISTED_FUNCTIONS))
    if value.type in _HOISTED_FUNCTIONS:
        # `export default function () {}` is a hoisted declaration named "default".
        edits.replace(statement.start_byte, value.start_byte, "")
        parameters = value.child_by_field_name("parameters")
        space = "" if data[parameters.start_byte - 1 : parameters.start_byte] in (b" ", b"*") else " "
        edits.replace(parameters.start_byte, parameters.start_byte, space + local)
        syntax.default_needs_name = True
        return
    inner = unparenthesized(value)
    if inner.type in _ANONYMOUS_VALUES and inner.child_by_field_name("name") is None:
        # The spec names an anonymous function or class "default" (NamedEvaluation); a
        # property key does the same, so `.name` reads "default" as natively.
        edits.replace(statement.start_byte, value.start_byte, f"const {local} = ({{ default: ")
        edits.replace(value.end_byte, statement.end_byte, "}).default;")
        return
    edits.replace(statement.start_byte, value.start_byte, f"const {local} = ")
    if not data[statement.start_byte : statement.end_byte].rstrip().endswith(b";"):
        edits.append(statement.end_byte, ";")


def export_errors(module: ModuleSyntax, declared: dict[bytes, tuple]) -> list[tuple[str, str, Node, str | None]]:
    """Exports the language refuses: a name exported twice, a local export of nothing.
    ``declared``: the module scope's names (``SymbolTable.program.names``)."""
    found: list[tuple[str, str, Node, str | None]] = []
    seen: set[str] = set()
    for name, node in module.export_names:
        if name in seen:
            found.append(("DUPLICATE_EXPORT", f'Duplicate export of "{name}"', node,
                          "Each name can be exported once; rename one of the exports."))
        seen.add(name)
    for _, local, node in module.local_exports:
        if node.type == "string" or (local.encode() not in declared and local not in module.bindings):
            found.append(("UNDECLARED_EXPORT", f'Export "{local}" is not defined in module', node,
                          f'Declare "{local}" in this module, or import it, before exporting it.'))
    return found


def resolve_local_exports(module: ModuleSyntax, declared: dict[bytes, tuple]) -> None:
    """``export { a }`` of an imported ``a`` re-exports the binding (spec: indirect export);
    exports of ``let``, ``const`` and classes are marked lexical (TDZ before the module runs).
    ``declared``: the module scope's names (``SymbolTable.program.names``)."""
    for exported, local, _ in module.local_exports:
        binding = module.bindings.get(local)
        if binding is not None:
            module.exports[exported] = ReExport(*binding)
        elif module.exports.get(exported) is None:
            module.exports[exported] = LocalExport(local)
    for exported, entry in module.exports.items():
        if isinstance(entry, LocalExport) and not entry.lexical:
            kind = declared.get(entry.local.encode(), (None,))[0]
            if kind == symbols.LET or kind == symbols.CLASS_DECLARATION:
                module.exports[exported] = LocalExport(entry.local, True)


def _first_name(declaration: Node) -> str:
    names = declared_names(declaration)
    return name_of(names[0]) if names else "name"


def declared_names(declaration: Node) -> list[Node]:
    """Identifier nodes a declaration binds (``const { a, b: [c] } = o`` → a, c), iteratively."""
    if declaration.type not in ("lexical_declaration", "variable_declaration"):
        name = declaration.child_by_field_name("name")
        return [name] if name is not None else []
    found: list[Node] = []
    pending = [d.child_by_field_name("name") for d in named_children(declaration) if d.type == "variable_declarator"]
    pending.reverse()
    while pending:
        node = pending.pop()
        if node is None:
            continue
        kind = node.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            found.append(node)
        elif kind == "pair_pattern":
            pending.append(node.child_by_field_name("value"))
        elif kind in ("assignment_pattern", "object_assignment_pattern"):
            pending.append(node.child_by_field_name("left"))
        elif kind in ("array_pattern", "object_pattern", "rest_pattern"):
            pending.extend(reversed(named_children(node)))
    return found


class SortedRanges:
    """Sorted, disjoint byte ranges (statements in order); ``offset in ranges`` says if one holds it."""

    __slots__ = ("_ends", "_starts", "end")

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self._starts = [start for start, _ in ranges]
        self._ends = [end for _, end in ranges]
        self.end = self._ends[-1] if ranges else 0

    def __contains__(self, offset: int) -> bool:
        if offset >= self.end:
            return False
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]
