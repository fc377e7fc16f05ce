"""JavaScript text → ``TransformResult``: one parse, one query, one sweep, then byte edits.

The steps, each deciding from the syntax tree (never from the text):

1. ``syntax.parse``: the tree;
2. ``query.collect``: one query over the whole tree captures every node of interest;
3. ``commonjs.module_format``: ES module or CommonJS, as Node decides; then ``let`` and, in a
   module, ``await`` read as the keywords the grammar took for identifiers
   (``grammar_repairs``); syntax errors stop here;
4. ``module_syntax``: import and export statements (removed, recorded);
5. ``scopes.build``: the symbol table (declarations, scopes, interesting references);
6. ``early_errors.find``: what the engine would refuse, as diagnostics with code frames;
7. rewrites: imported bindings (``bindings``), ``import.meta``, ``import()``, ``require()``,
   ``import.meta.hot`` dependencies; generated names avoid every name the module uses
   (``names``).

The rewrite follows the spec's semantics rather than a value copy (DESIGN.md, contract 1):
import statements disappear and their bindings become member accesses on the dependency's
namespace, so every read sees the exporter's current value and a TDZ error stays an error.
Removed statements leave their newlines behind, so a line in the output is the same line in
the source (stack traces and overlays point at what the user wrote).
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import compress
from typing import TYPE_CHECKING

from nbbundle.compile.errors import Diagnostic, ParseError, make_diagnostic
from nbbundle.compile.javascript import (
    commonjs,
    early_errors,
    grammar_repairs,
    query,
    scopes,
    symbols,
    syntax,
)
from nbbundle.compile.javascript.awaits import compile_top_level_awaits
from nbbundle.compile.javascript.bindings import (
    HOST_NAMES,
    rewrite_host_globals,
    rewrite_imported,
    rewrite_namespace_reads,
)
from nbbundle.compile.javascript.dead_branches import remove_dead_branches
from nbbundle.compile.javascript.defines import apply_defines, defines_for, import_meta_env
from nbbundle.compile.javascript.dynamic_imports import rewrite_dynamic_imports
from nbbundle.compile.javascript.hot import hot_alias, hot_member, read_call
from nbbundle.compile.javascript.literals import identifier_name, property_access, string_value
from nbbundle.compile.javascript.module_syntax import ModuleSyntax, read_module_syntax
from nbbundle.compile.module import (
    EXPORTS,
    MODULE,
    REQUIRE,
    HotInfo,
    ImportRecord,
    LocalExport,
    ReExport,
    TransformResult,
)
from nbbundle.compile.text.edits import SourceEdits
from nbbundle.compile.options import DEFAULT_OPTIONS, CompileOptions
from nbbundle.compile.text.names import GeneratedNames

if TYPE_CHECKING:
    from tree_sitter import Node

__all__ = ["compile_javascript"]

DEFAULT_LOCAL = GeneratedNames().default
_DECLARING = ("var", "let", "function_name", "class_name", "own_name", "param", "catch_param")
_CJS_SYNTAX_HINT = ('This file is an ES module, where require, module and exports do not exist. '
                    'Use import/export, or rename the file to .cjs to keep it CommonJS.')

def compile_javascript(module_id: str, source: str, kind: str, package_type: str | None, etag: str,
                       data: bytes | None = None, options: CompileOptions | None = None) -> TransformResult:
    """``_Compiler(…).run(etag)``, then its symbol table released (``SymbolTable.release``).
    ``options``: the mode and defines (the JSX options were the pre-pass's)."""
    compiler = _Compiler(module_id, source, kind, package_type, data, options or DEFAULT_OPTIONS)
    try:
        return compiler.run(etag)
    finally:
        compiler.release()


class _Compiler:
    """One module's analysis and rewrite."""

    def __init__(self, module_id: str, source: str, kind: str, package_type: str | None,
                 data: bytes | None = None, options: CompileOptions = DEFAULT_OPTIONS) -> None:
        self.id = module_id
        self.options = options
        self.defines = defines_for(options)
        self.source = source
        self.data = data if data is not None else source.encode()
        """``source`` in UTF-8: what the tree's byte offsets count."""
        self.kind = kind
        self.package_type = package_type
        self.edits = SourceEdits(self.data)
        self.warnings: list[Diagnostic] = []
        self.table: symbols.SymbolTable | None = None

    def release(self) -> None:
        """Let reference counting free the symbol table (and the tree) now (``SymbolTable.release``)."""
        if self.table is not None:
            self.table.release()

    def diagnostic(self, code: str, message: str, where: Node | tuple[int, int], hint: str | None = None) -> Diagnostic:
        byte_range = where if isinstance(where, tuple) else (where.start_byte, where.end_byte)
        return make_diagnostic(code, message, self.id, self.source, byte_range, source_bytes=self.data, hint=hint)

    def run(self, etag: str) -> TransformResult:
        tree, parsed, renamed = syntax.parse(self.data)
        deep = syntax.deeper_than(tree.root_node)
        if deep is not None:  # a syntax error first, if there is one; the query would crawl
            syntax.raise_on_syntax_errors(self.id, self.source, self.data, tree)
            raise ParseError([self.diagnostic(
                "NESTED_TOO_DEEPLY", f"This module nests more than {syntax.MAX_DEPTH:,} levels deep", deep,
                "nbbundle's parser cannot analyze nesting this deep (and node refuses nested blocks "
                "past about 3,000 levels); split it into functions or shorter expressions.")])
        captures = query.collect(tree)
        # `let` + line break + binding: a declaration, whatever the grammar made of it (its
        # reading can be a syntax error, so this comes before they are reported).
        joined = grammar_repairs.join_let_declarations(tree, parsed, captures.get("bare_identifier_statement", []))
        if joined is not None:
            tree, parsed = joined
            captures = query.collect(tree)
        metas = [n for n in captures.get("meta", ()) if n.children[0].type == "import"]
        format_ = commonjs.module_format(self.kind, self.package_type, tree.root_node, captures, import_meta=bool(metas))
        is_module = format_ == "esm"

        # Sliced from the text the tree describes: ``Node.text`` gives the same bytes through
        # a memoryview per call, at about twice the cost, and a module has thousands of names.
        identifiers = captures.get("identifier", [])
        raw_names = [parsed[node.start_byte:node.end_byte] for node in identifiers]
        await_keywords: set[int] = set()
        if is_module and grammar_repairs.AWAIT in raw_names:
            # In a module the word `await` is the operator (or reserved): read it so.
            awaits = _await_words(captures, identifiers, raw_names)
            joined = grammar_repairs.join_await_operands(tree, parsed, awaits)
            if joined is not None:
                tree, parsed = joined
                captures = query.collect(tree)
                metas = [n for n in captures.get("meta", ()) if n.children[0].type == "import"]
                identifiers = captures.get("identifier", [])
                raw_names = [parsed[node.start_byte:node.end_byte] for node in identifiers]
                awaits = _await_words(captures, identifiers, raw_names)
            chains = grammar_repairs.await_chains(awaits)
            captures.setdefault("await", []).extend(chains)
            await_keywords = {chain.start_byte for chain in chains}
        syntax.raise_on_syntax_errors(self.id, self.source, self.data, tree)
        root = tree.root_node

        # Every identifier's name (``raw_names``, above) once: the checks and the generated
        # names use them all; the symbol table, the names of declarations and of the uses worth
        # a reference (``texts``, by start offset; filled in below).
        texts: dict[int, bytes] = {}
        for name in (*_DECLARING, "pattern_name", "shorthand"):
            nodes = captures.get(name)
            if nodes:
                texts.update([(node.start_byte, parsed[node.start_byte:node.end_byte]) for node in nodes])
        used = set(raw_names)
        used.update(texts.values())
        escaped = {raw: identifier_name(raw).encode() for raw in used if b"\\" in raw}
        if escaped:
            used.update(escaped.values())
            for start, raw in list(texts.items()):
                if raw in escaped:
                    texts[start] = escaped[raw]
        names = GeneratedNames.avoiding(used)

        module = read_module_syntax(root, parsed, self.edits, names, renamed)
        if not is_module:
            self._reject_module_syntax(module, metas)

        # The names worth a reference in the symbol table.
        interesting = {name.encode() for name in module.bindings} | HOST_NAMES | {b"arguments"} | self.defines.roots
        hot = HotInfo()
        hot_specifiers: list[Node] = []
        hot_targets: list[Node] = []
        alias_declarations: list[Node] = []
        for meta in metas:
            member = hot_member(meta)
            if member is not None:
                hot_targets.append(member)
                declared = hot_alias(member)
                if declared is not None:
                    alias_declarations.append(declared)
                    interesting.add(texts.get(declared.start_byte, b""))
        raw_interesting = interesting | {raw for raw, cooked in escaped.items() if cooked in interesting}
        declared_starts = set()
        for name in (*_DECLARING, "pattern_name"):
            nodes = captures.get(name)
            if nodes:
                declared_starts.update(map(query.start_of, nodes))
        removed = _Ranges(module.removed)
        references = []
        for node, raw in compress(zip(identifiers, raw_names), map(raw_interesting.__contains__, raw_names)):
            start = node.start_byte
            if start not in declared_starts and start not in removed:
                references.append(node)
                texts[start] = escaped.get(raw, raw)
        references.extend(node for node in captures.get("shorthand", ()) if texts[node.start_byte] in interesting)
        # An alias's own declaration is looked up like a use, to know which binding it is.
        references.extend(alias_declarations)
        labels = [(label.parent, label) for label in captures.get("label", ())]
        # In a script, `await(x)`, `await [x]`, ``await`t``` outside async functions are the
        # identifier `await` applied (the grammar read await expressions).
        await_calls = set() if is_module else grammar_repairs.script_await_calls(captures.get("await", []))
        self.table = table = scopes.build(captures, texts, references, interesting, labels,
                                          len(self.data), module=is_module, imports=module.binding_nodes,
                                          await_calls=await_calls)

        self._early_errors(captures, table, texts, identifiers, raw_names, declared_starts, module, is_module, escaped,
                           await_keywords)

        # Rewrites.
        defined = {}
        for meta in metas:
            env = import_meta_env(meta, self.defines)
            if env is not None:
                self.edits.replace(env[0].start_byte, env[0].end_byte, env[1])
                defined[env[0].start_byte] = env
            else:
                self.edits.replace(meta.start_byte, meta.end_byte, f"{names.module}.meta")
        for target in hot_targets:
            hot = read_call(target, hot, hot_specifiers)
        for declared in alias_declarations:
            name = texts[declared.start_byte]
            own = next(r for r in table.references if r.node.start_byte == declared.start_byte)
            binding = table.resolve(name, own.record)
            for reference in table.references:
                if (reference is not own and reference.name == name
                        and table.resolve(name, reference.record) is binding):
                    hot = read_call(reference.node, hot, hot_specifiers)
        hot_dependencies = []
        for literal in hot_specifiers:
            specifier = string_value(literal)
            hot_dependencies.append(ImportRecord(specifier, "hot", (literal.start_byte, literal.end_byte)))
            self.edits.slot(literal.start_byte, literal.end_byte, specifier)
        dynamic_imports, patterns = rewrite_dynamic_imports(captures.get("dynamic_import", ()), names, self.edits)
        callees = set(map(query.start_of, captures.get("callee", ())))
        requires: list[ImportRecord] = []
        cjs_exports: list[str] = []
        cjs_reexports: list[str] = []
        defined.update(apply_defines(table, table.references, self.defines, self.edits))
        removed_branches = remove_dead_branches(defined, self.edits) if self.options.mode == "production" else []
        native_await = is_module and compile_top_level_awaits(table.top_level_awaits, names, self.edits)
        if is_module:
            self._resolve_local_exports(module, table)
            accesses = {
                name.encode(): names.alias(index) + property_access(imported)
                for name, (index, imported) in module.bindings.items()
                if imported != "*"  # namespace imports are a const alias, nothing to rewrite
            }
            rewrite_imported(table, table.references, accesses, callees, self.edits)
            rewrite_namespace_reads(table, table.references,
                                    {local.encode(): names.alias(index) for local, index in module.namespace_locals},
                                    self.edits)
            rewrite_host_globals(table, table.references, self.edits)
        else:
            requires = self._rewrite_requires(table, captures)
            lexer = [(node, raw) for node, raw in zip(identifiers, raw_names) if raw in commonjs.LEXER_NAMES]
            if removed_branches:  # the lexer reads what is left, as it would read the built file
                dead = _Ranges(removed_branches)
                lexer = [(node, raw) for node, raw in lexer if node.start_byte not in dead]
            cjs_exports, cjs_reexports = commonjs.static_exports(lexer, root.children, parsed)

        parts, slots = self.edits.apply()
        if removed_branches:
            # A removed branch took some slots along: what it required is no dependency.
            live = set(slots)
            requires = [r for r in requires if r.specifier in live]
            dynamic_imports = [r for r in dynamic_imports if r.specifier in live]
            hot_dependencies = [r for r in hot_dependencies if r.specifier in live]
        return TransformResult(
            id=self.id,
            kind=format_,
            etag=etag,
            body_parts=parts,
            slot_specifiers=slots,
            imports=tuple(ImportRecord(r.specifier, r.kind, r.byte_range, tuple(n))
                          for r, n in zip(module.imports, module.import_names)) + tuple(requires),
            dynamic_imports=tuple(dynamic_imports),
            exports=module.exports if is_module else {},
            star_exports=tuple(module.star_exports),
            namespace_locals=tuple(module.namespace_locals),
            default_needs_name=module.default_needs_name,
            has_top_level_await=is_module and table.top_level_await is not None,
            native_await=native_await,
            uses_import_meta=bool(metas),
            hot=hot,
            size=len(self.data),
            warnings=tuple(self.warnings),
            names=names,
            hot_dependencies=tuple(hot_dependencies),
            dynamic_patterns=tuple(patterns),
            cjs_exports=tuple(cjs_exports),
            cjs_reexports=tuple(cjs_reexports),
        )

    # -- steps ------------------------------------------------------------------------------

    def _reject_module_syntax(self, module: ModuleSyntax, metas: list[Node]) -> None:
        """Module syntax in a file that Node runs as CommonJS: the error Node gives."""
        why = ('its package.json says "type": "commonjs"' if self.package_type == "commonjs"
               else 'its name ends in .cjs' if self.kind == "cjs" else "it is CommonJS")
        hint = f"This file is CommonJS because {why}. Rename it to .mjs, or use require() and module.exports."
        if module.first_module_syntax is not None:
            statement = module.first_module_syntax
            message = ("Cannot use import statement outside a module" if statement.type == "import_statement"
                       else "Unexpected token 'export'")
            raise ParseError([self.diagnostic("MODULE_SYNTAX_IN_COMMONJS", message, statement.children[0], hint)])
        if metas:
            raise ParseError([self.diagnostic("MODULE_SYNTAX_IN_COMMONJS",
                                              "Cannot use 'import.meta' outside a module", metas[0], hint)])

    def _early_errors(self, captures: dict[str, list[Node]], table: symbols.SymbolTable, texts: dict[int, bytes],
                      identifiers: list[Node], raw_names: list[bytes], declared: set[int], module: ModuleSyntax,
                      is_module: bool, escaped: dict[bytes, bytes], keywords: set[int]) -> None:
        """Raise the early errors found; ``keywords``: identifiers read as the keyword ``await``."""
        checked = early_errors.NAMES_TO_CHECK | {raw for raw, cooked in escaped.items() if cooked in early_errors.NAMES_TO_CHECK}
        removed = _Ranges(module.removed)
        named = [(node, escaped.get(raw, raw)) for node, raw in compress(zip(identifiers, raw_names),
                                                                          map(checked.__contains__, raw_names))
                 if node.start_byte not in removed and node.start_byte not in keywords]
        strict = early_errors.strict_regions(captures, module=is_module)
        found = early_errors.find(captures, self.data, table, declared, named, strict, module=is_module)
        if is_module:
            found.extend(module.problems)
            found.extend(self._export_errors(module, table))
            for reference in table.references:
                if (reference.name in (b"require", b"module", b"exports") and reference.this_kind == symbols.PROGRAM
                        and table.resolve(reference.name, reference.record) is None
                        and commonjs.runs_unconditionally(reference.node)):
                    found.append(("COMMONJS_IN_MODULE",
                                  f"{reference.name.decode()} is not defined in ES module scope",
                                  reference.node, _CJS_SYNTAX_HINT))
        if found:
            found.sort(key=lambda item: item[2][0] if isinstance(item[2], tuple) else item[2].start_byte)
            raise ParseError([self.diagnostic(code, message, where, hint) for code, message, where, hint in found])

    def _export_errors(self, module: ModuleSyntax, table: symbols.SymbolTable) -> list[early_errors.Found]:
        found: list[early_errors.Found] = []
        seen: set[str] = set()
        for name, node in module.export_names:
            if name in seen:
                found.append(("DUPLICATE_EXPORT", f'Duplicate export of "{name}"', node,
                              "Each name can be exported once; rename one of the exports."))
            seen.add(name)
        declared = table.program.names or {}
        for exported, local, node in module.local_exports:
            if node.type == "string" or (local.encode() not in declared and local not in module.bindings):
                found.append(("UNDECLARED_EXPORT", f'Export "{local}" is not defined in module', node,
                              f'Declare "{local}" in this module, or import it, before exporting it.'))
        return found

    def _resolve_local_exports(self, module: ModuleSyntax, table: symbols.SymbolTable) -> None:
        """``export { a }`` of an imported ``a`` re-exports the binding (spec: indirect export);
        exports of ``let``, ``const`` and classes are marked lexical (TDZ before the module runs)."""
        for exported, local, _ in module.local_exports:
            binding = module.bindings.get(local)
            if binding is not None:
                module.exports[exported] = ReExport(*binding)
            elif module.exports.get(exported) is None:
                module.exports[exported] = LocalExport(local)
        declared = table.program.names or {}
        for exported, entry in module.exports.items():
            if isinstance(entry, LocalExport) and not entry.lexical:
                kind = declared.get(entry.local.encode(), (None,))[0]
                if kind == symbols.LET or kind == symbols.CLASS_DECLARATION:
                    module.exports[exported] = LocalExport(entry.local, True)

    def _rewrite_requires(self, table: symbols.SymbolTable, captures: dict[str, list[Node]]) -> list[ImportRecord]:
        """``require("x")`` where ``require`` is CommonJS's own: a slot for the resolved id."""
        callees = set(map(query.start_of, captures.get("callee", ())))
        records: list[ImportRecord] = []
        for reference in table.references:
            if (reference.name != b"require" or reference.node.start_byte not in callees
                    or table.resolve(b"require", reference.record) is not None):
                continue
            call = reference.node.parent
            if call is None:
                continue
            arguments = call.child_by_field_name("arguments")
            values = syntax.named_children(arguments) if arguments is not None else []
            if len(values) != 1 or values[0].type not in ("string", "template_string") or values[0].named_child_count > 1:
                continue
            literal = values[0]
            if literal.type == "template_string" and any(c.type == "template_substitution" for c in literal.children):
                continue
            specifier = string_value(literal)
            records.append(ImportRecord(specifier, "require", (literal.start_byte, literal.end_byte)))
            self.edits.slot(literal.start_byte, literal.end_byte, specifier)
        return records


def _await_words(captures: dict[str, list[Node]], identifiers: list[Node], raw_names: list[bytes]) -> list[Node]:
    """The identifiers named ``await`` that declare nothing (where a module reads the keyword)."""
    declaring = {node.start_byte for name in (*_DECLARING, "pattern_name") for node in captures.get(name, ())}
    return [node for node, raw in zip(identifiers, raw_names)
            if raw == grammar_repairs.AWAIT and node.start_byte not in declaring]


class _Ranges:
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
