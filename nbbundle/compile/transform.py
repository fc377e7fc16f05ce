"""Module text → ``TransformResult``: one parse, then byte edits on the original text.

The rewrite follows the spec's semantics rather than a value copy (DESIGN.md, contract 1):

* import statements disappear; their bindings become member accesses on the dependency's
  namespace (``count`` → ``__nbb_import_0__.count``, ``f()`` → ``(0, __nbb_import_0__.f)()``),
  so every read sees the exporter's current value and a TDZ error stays an error;
* ``export`` keywords disappear; what they exported is listed in ``exports`` and becomes a
  getter in the prologue that ``render.py`` writes;
* ``import.meta`` → ``__nbb_module__.meta``; ``import("./x.js")`` →
  ``__nbb_require__.i(<id of x.js>)``.

Removed statements leave their newlines behind, so a line in the output is the same line in
the source (stack traces and overlays point at what the user wrote).

Nothing here walks the whole tree: see ``parse.py``.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from typing import TYPE_CHECKING

import nbbundle.compile.parse as ts
from nbbundle.compile.bindings import rewrite_references
from nbbundle.compile.data_modules import transform_css, transform_json
from nbbundle.compile.defines import define_node_env
from nbbundle.compile.edits import SourceEdits
from nbbundle.compile.errors import Diagnostic
from nbbundle.compile.hot import hot_alias, read_alias_calls, read_hot_call
from nbbundle.compile.jsx import refuse_jsx
from nbbundle.compile.options import CompileOptions
from nbbundle.compile.typescript import TYPESCRIPT_KINDS, transform_typescript
from nbbundle.compile.module import (
    MODULE,
    REQUIRE,
    ExportEntry,
    HotInfo,
    ImportedName,
    ImportRecord,
    LocalExport,
    ModuleKind,
    ReExport,
    TransformResult,
)

if TYPE_CHECKING:
    from tree_sitter import Node

DEFAULT_LOCAL = "__nbb_default__"

_ANONYMOUS_VALUES = frozenset({"class", "arrow_function", "function_expression", "function", "generator_function"})
_CJS_MARKERS = re.compile(rb"\bmodule\.exports\b|\bexports\s*(?:\.|\[)|\brequire\s*\(")
_REQUIRE_CALL = re.compile(rb"(?<![\w$.])require\s*\(")


_SPACE = frozenset(b" \t\r\n")


def _skip_space(data: bytes, offset: int) -> int:
    while offset < len(data) and data[offset] in _SPACE:
        offset += 1
    return offset


def alias(index: int) -> str:
    """The local name of the ``index``-th static dependency's namespace."""
    return f"__nbb_import_{index}__"


def etag_of(text: str) -> str:
    """Content hash used as the module's etag and cache key."""
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


#: Results by (id, kind, etag). Bounded: a long notebook session adds one entry per edit.
_cache: dict[tuple[str, str, str], TransformResult] = {}
_CACHE_LIMIT = 4096


def transform(module_id: str, source: str, kind: str = "js", *, package_type: str | None = None,
              options: CompileOptions | None = None) -> TransformResult:
    """Analyze and rewrite one module. ``kind`` is the resolver's: js, cjs, json, css, or ts,
    tsx and jsx, which a pre-pass turns into JavaScript first (``options``: JSX, Fast Refresh).

    The same id, kind and text always give the same result; it is cached, so the same text is
    never parsed twice. Raises ``ParseError`` for text that is not valid.
    """
    etag = etag_of(source)
    key = (module_id, f"{kind}:{package_type}:{options}", etag)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    if kind == "json":
        result = transform_json(module_id, source, etag)
    elif kind == "css":
        result = transform_css(module_id, source, etag)
    elif kind in TYPESCRIPT_KINDS:
        result = transform_typescript(module_id, source, kind, options, lambda text, commonjs: _Transformer(
            module_id, text, "cjs" if commonjs else "js", None if commonjs else "module").run(etag))
    else:
        result = _Transformer(module_id, source, kind, package_type).run(etag)
    if len(_cache) >= _CACHE_LIMIT:
        del _cache[next(iter(_cache))]  # the oldest entry: dicts keep insertion order
    _cache[key] = result
    return result


class _Transformer:
    """One module's rewrite. Holds the edits while the top-level statements are visited."""

    def __init__(self, module_id: str, source: str, kind: str, package_type: str | None) -> None:
        self.id = module_id
        self.source = source
        self.data = source.encode()
        self.kind_hint = kind
        self.package_type = package_type
        self.tree = ts.parse(self.data)
        self.edits = SourceEdits(self.data)
        self.removed: list[tuple[int, int]] = []
        self.imports: list[ImportRecord] = []
        self.import_index: dict[str, int] = {}
        self.import_names: list[list[ImportedName]] = []
        self.bindings: dict[str, tuple[int, str]] = {}
        self.namespace_locals: list[tuple[str, int]] = []
        self.exports: dict[str, ExportEntry] = {}
        self.local_export_names: list[tuple[str, str]] = []
        self.star_exports: list[int] = []
        self.dynamic_imports: list[ImportRecord] = []
        self.warnings: list[Diagnostic] = []
        self.default_needs_name = False
        self.has_tla = False
        self.uses_meta = False
        self.hot = HotInfo()

    # -- driver ---------------------------------------------------------------------------

    def run(self, etag: str) -> TransformResult:
        ts.raise_on_syntax_errors(self.id, self.source, self.data, self.tree)
        root = self.tree.root_node
        refuse_jsx(self.id, self.source, self.data, root)
        has_module_syntax = False
        for statement in root.named_children:
            if statement.type == "import_statement":
                self._visit_import(statement)
                has_module_syntax = True
            elif statement.type == "export_statement":
                self._visit_export(statement)
                has_module_syntax = True
        self.removed.sort()
        if "process" not in self.bindings:
            define_node_env(root, self.data, self.edits)
        self._scan_expressions()
        kind: ModuleKind = "esm"
        if self.kind_hint == "cjs" or (
            not (has_module_syntax or self.uses_meta or self.has_tla)
            and self.package_type != "module"
            and _CJS_MARKERS.search(self.data)
        ):
            kind = "cjs"
            self._scan_requires()
        else:
            self._resolve_export_locals()
            accesses = {
                name: alias(index) + ts.property_access(imported)
                for name, (index, imported) in self.bindings.items()
                if imported != "*"  # namespace imports are a const alias, nothing to rewrite
            }
            rewrite_references(self.id, self.source, self.tree.root_node, accesses, self.edits, self._in_removed)
        parts, slots = self.edits.apply()
        return TransformResult(
            id=self.id,
            kind=kind,
            etag=etag,
            body_parts=parts,
            slot_specifiers=slots,
            imports=tuple(
                ImportRecord(r.specifier, r.kind, r.byte_range, tuple(names))
                for r, names in zip(self.imports, self.import_names)
            ),
            dynamic_imports=tuple(self.dynamic_imports),
            exports=self.exports,
            star_exports=tuple(self.star_exports),
            namespace_locals=tuple(self.namespace_locals),
            default_needs_name=self.default_needs_name,
            has_top_level_await=self.has_tla,
            uses_import_meta=self.uses_meta,
            hot=self.hot,
            size=len(self.data),
            warnings=tuple(self.warnings),
        )

    # -- import and export statements --------------------------------------------------------

    def _dependency(self, source_node: Node) -> int:
        specifier = ts.string_value(source_node)
        index = self.import_index.get(specifier)
        if index is None:
            index = len(self.imports)
            self.import_index[specifier] = index
            self.imports.append(
                ImportRecord(specifier, "static", (source_node.start_byte, source_node.end_byte))
            )
            self.import_names.append([])
        return index

    def _remove(self, node: Node) -> None:
        self.edits.remove_keeping_lines(node.start_byte, node.end_byte)
        self.removed.append((node.start_byte, node.end_byte))

    def _visit_import(self, statement: Node) -> None:
        source = statement.child_by_field_name("source")
        if source is None:
            return
        index = self._dependency(source)
        names = self.import_names[index]
        self._remove(statement)
        clause = next((c for c in statement.named_children if c.type == "import_clause"), None)
        if clause is None:
            return  # import "./side-effect.js"
        for part in clause.named_children:
            if part.type == "identifier":
                self.bindings[ts.name_of(part)] = (index, "default")
                names.append(ImportedName("default", (part.start_byte, part.end_byte)))
            elif part.type == "namespace_import":
                local = part.named_children[0]
                self.namespace_locals.append((ts.name_of(local), index))
                self.bindings[ts.name_of(local)] = (index, "*")
                # The whole namespace is used: no acceptExports list can cover it.
                names.append(ImportedName("*", (local.start_byte, local.end_byte)))
            elif part.type == "named_imports":
                for specifier in part.named_children:
                    if specifier.type != "import_specifier":
                        continue
                    name_node = specifier.child_by_field_name("name")
                    alias_node = specifier.child_by_field_name("alias") or name_node
                    imported = ts.name_of(name_node)
                    self.bindings[ts.name_of(alias_node)] = (index, imported)
                    names.append(ImportedName(imported, (name_node.start_byte, name_node.end_byte)))

    def _visit_export(self, statement: Node) -> None:
        children = statement.children
        if any(child.type == "default" for child in children):
            self._visit_export_default(statement)
            return
        declaration = statement.child_by_field_name("declaration")
        if declaration is not None:
            self._drop_prefix(statement, declaration)
            for name_node in ts.declared_names(declaration):
                name = ts.name_of(name_node)
                self.exports[name] = LocalExport(name)
            return
        source = statement.child_by_field_name("source")
        self._remove(statement)
        if source is None:
            clause = next(c for c in statement.named_children if c.type == "export_clause")
            for specifier in clause.named_children:
                name_node = specifier.child_by_field_name("name")
                alias_node = specifier.child_by_field_name("alias") or name_node
                # Locals are looked up after every import was seen: `export { a }` may come
                # before `import { a } from …` in the text.
                self.local_export_names.append((ts.name_of(alias_node), ts.name_of(name_node)))
            return
        index = self._dependency(source)
        names = self.import_names[index]
        for child in statement.named_children:
            if child.type == "namespace_export":
                self.exports[ts.name_of(child.named_children[0])] = ReExport(index, "*")
                return
            if child.type == "export_clause":
                for specifier in child.named_children:
                    name_node = specifier.child_by_field_name("name")
                    alias_node = specifier.child_by_field_name("alias") or name_node
                    imported = ts.name_of(name_node)
                    self.exports[ts.name_of(alias_node)] = ReExport(index, imported)
                    names.append(ImportedName(imported, (name_node.start_byte, name_node.end_byte)))
                return
        self.star_exports.append(index)

    def _visit_export_default(self, statement: Node) -> None:
        declaration = statement.child_by_field_name("declaration")
        if declaration is not None:  # export default function f() {} / class C {}
            self._drop_prefix(statement, declaration)
            self.exports["default"] = LocalExport(ts.name_of(declaration.child_by_field_name("name")))
            return
        value = statement.child_by_field_name("value")
        self.exports["default"] = LocalExport(DEFAULT_LOCAL)
        if value.type in ("function_expression", "function", "generator_function"):
            # `export default function () {}` is a hoisted declaration named "default".
            self._drop_prefix(statement, value)
            parameters = value.child_by_field_name("parameters")
            space = "" if self.data[parameters.start_byte - 1 : parameters.start_byte] in (b" ", b"*") else " "
            self.edits.replace(parameters.start_byte, parameters.start_byte, space + DEFAULT_LOCAL)
            self.default_needs_name = True
            return
        inner = value
        while inner.type == "parenthesized_expression" and inner.named_child_count == 1:
            inner = inner.named_children[0]
        if inner.type in _ANONYMOUS_VALUES and inner.child_by_field_name("name") is None:
            # The spec names an anonymous function or class "default" (NamedEvaluation); a
            # property key does the same, so `.name` reads "default" as natively.
            self.edits.replace(statement.start_byte, value.start_byte, f"const {DEFAULT_LOCAL} = ({{ default: ")
            self.edits.replace(value.end_byte, statement.end_byte, "}).default;")
            return
        self.edits.replace(statement.start_byte, value.start_byte, f"const {DEFAULT_LOCAL} = ")
        if not self.data[statement.start_byte : statement.end_byte].rstrip().endswith(b";"):
            self.edits.replace(statement.end_byte, statement.end_byte, ";")

    def _drop_prefix(self, statement: Node, declaration: Node) -> None:
        self.edits.replace(statement.start_byte, declaration.start_byte, "")

    def _resolve_export_locals(self) -> None:
        for exported, local in self.local_export_names:
            binding = self.bindings.get(local)
            self.exports[exported] = ReExport(*binding) if binding else LocalExport(local)

    # -- expressions found by scanning the text ----------------------------------------------

    def _in_removed(self, offset: int) -> bool:
        index = bisect_right(self.removed, (offset, 1 << 62)) - 1
        return index >= 0 and self.removed[index][0] <= offset < self.removed[index][1]

    def _scan_expressions(self) -> None:
        """Find ``import.meta``, ``import(`` and top-level ``await`` by searching the text.

        ``word_positions`` (``bytes.find``, in C) instead of a regular expression led by
        ``\\b``, which tried every byte of the text and cost more than everything else here.
        """
        root = self.tree.root_node
        for start in ts.word_positions(self.data, b"import"):
            if self._in_removed(start):
                continue
            after = _skip_space(self.data, start + 6)
            if self.data[after:after + 1] == b"(":
                self._visit_dynamic_import(root.named_descendant_for_byte_range(start, start + 6))
            elif self.data[after:after + 1] == b".":
                node = root.descendant_for_byte_range(start, _skip_space(self.data, after + 1) + 4)
                if node is not None and node.type == "meta_property":
                    self._visit_meta(root, node)
        for start in ts.word_positions(self.data, b"await"):
            node = root.descendant_for_byte_range(start, start + 5)
            if node is not None and node.type == "await" and not ts.inside_function(node):
                self.has_tla = True
                break

    def _visit_meta(self, root: Node, node: Node) -> None:
        self.uses_meta = True
        self.edits.replace(node.start_byte, node.end_byte, f"{MODULE}.meta")
        self.hot = read_hot_call(node, self.hot)
        alias = hot_alias(node)
        if alias is not None:
            self.hot = read_alias_calls(root, self.data, alias, self.hot)

    def _visit_dynamic_import(self, node: Node | None) -> None:
        call = node.parent if node is not None and node.type == "import" else None
        if call is None or call.type != "call_expression":
            return
        arguments = call.child_by_field_name("arguments")
        first = arguments.named_children[0] if arguments and arguments.named_child_count else None
        literal = first is not None and (
            first.type == "string" or (first.type == "template_string" and first.named_child_count <= 1
                                       and all(c.type == "string_fragment" for c in first.named_children))
        )
        if not literal:
            self.warnings.append(ts.warning(
                self.id, self.source, self.data, call,
                "This import() is left to the browser: its specifier is not a string literal",
                "Write the specifier as a string literal so nbbundle can bundle the module.",
            ))
            return
        specifier = ts.string_value(first)
        self.dynamic_imports.append(ImportRecord(specifier, "dynamic", (first.start_byte, first.end_byte)))
        self.edits.replace(node.start_byte, first.start_byte, f"{REQUIRE}.i(")
        self.edits.slot(first.start_byte, arguments.end_byte, specifier)
        self.edits.replace(arguments.end_byte, arguments.end_byte, ")")

    def _scan_requires(self) -> None:
        root = self.tree.root_node
        for match in _REQUIRE_CALL.finditer(self.data):
            node = root.descendant_for_byte_range(match.start(), match.start() + 7)
            call = node.parent if node is not None and node.type == "identifier" else None
            if call is None or call.type != "call_expression" or call.child_by_field_name("function") != node:
                continue
            arguments = call.child_by_field_name("arguments")
            if arguments is None or arguments.named_child_count != 1 or arguments.named_children[0].type != "string":
                continue
            literal = arguments.named_children[0]
            specifier = ts.string_value(literal)
            self.imports.append(ImportRecord(specifier, "require", (literal.start_byte, literal.end_byte)))
            self.import_names.append([])
            self.edits.slot(literal.start_byte, literal.end_byte, specifier)
