"""JavaScript text → ``TransformResult``: one parse, one query, one sweep, then byte edits.

``_Compiler.run`` is these steps, each a method deciding from the syntax tree (never from the
text), over what the earlier ones read (``_Reading``, with the query's ``Captures``):

1. ``_parse_and_query``: the tree (``syntax.parse``), one query over it that captures every node
   of interest (``query.collect``), and ``let`` + line break + binding read as a declaration;
2. ``_read_module_format``: ES module or CommonJS, as Node decides (``commonjs``); then, in a
   module, ``await`` read as the keyword the grammar took for an identifier
   (``_read_await_keywords``, ``grammar_repairs``); syntax errors stop here;
3. ``_cook_names``: every name once, escapes cooked; generated names avoid them all;
4. ``module_syntax``: import and export statements (removed, recorded);
5. ``_build_symbol_table``: declarations, scopes, the references worth resolving (``scopes``);
6. ``_early_errors``: what the engine would refuse, as diagnostics with code frames;
7. ``_rewrite``: imported bindings (``bindings``), ``import.meta``, ``import()``, ``require()``,
   ``import.meta.hot`` dependencies, top-level ``await``; then the edits apply, with the ``;``
   a statement boundary needs (``statement_joins``).

The rewrite follows the spec's semantics rather than a value copy (DESIGN.md, contract 1):
import statements disappear and their bindings become member accesses on the dependency's
namespace, so every read sees the exporter's current value and a TDZ error stays an error.
Removed statements leave their newlines behind, so a line in the output is the same line in
the source (stack traces and overlays point at what the user wrote).

Over 400 lines on purpose: the steps share one record of what was read (``_Reading``) and
hand it on in order; each rewrite lives in the module named after it, what stays here is the order.
"""

from __future__ import annotations

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
from nbbundle.compile.javascript.asset_urls import URL_NAME, find_asset_urls, rewrite_asset_urls
from nbbundle.compile.javascript.defines import apply_defines, defines_for, import_meta_env
from nbbundle.compile.javascript.dynamic_imports import rewrite_dynamic_imports
from nbbundle.compile.javascript.hot import hot_alias, hot_member, read_hot_calls
from nbbundle.compile.javascript.literals import identifier_name, property_access
from nbbundle.compile.javascript.module_syntax import (
    ModuleSyntax,
    SortedRanges,
    export_errors,
    read_module_syntax,
    resolve_local_exports,
)
from nbbundle.compile.javascript.statement_joins import StatementJoins
from nbbundle.compile.javascript.top_level import TopLevel, read_comments, read_top_level
from nbbundle.compile.module import DynamicPattern, HotInfo, ImportRecord, TransformResult
from nbbundle.compile.options import DEFAULT_OPTIONS, CompileOptions
from nbbundle.compile.text.edits import SourceEdits
from nbbundle.compile.text.source_map import pack
from nbbundle.compile.text.names import GeneratedNames

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tree_sitter import Node, Tree

    from nbbundle.compile.javascript.query import Captures

__all__ = ["compile_javascript"]

_EVAL = b"eval"
_DECLARING = ("var", "let", "function_name", "class_name", "own_name", "param", "catch_param")

def compile_javascript(module_id: str, source: str, kind: str, package_type: str | None, etag: str,
                       data: bytes | None = None, options: CompileOptions | None = None) -> TransformResult:
    """``_Compiler(…).run(etag)``, then its symbol table released (``SymbolTable.release``).
    ``options``: the mode and defines (the JSX options were the pre-pass's)."""
    compiler = _Compiler(module_id, source, kind, package_type, data, options or DEFAULT_OPTIONS)
    try:
        return compiler.run(etag)
    finally:
        compiler.release()


# The records below are plain classes: a dataclass's methods are compiled from generated text
# when the module is imported, which every build's start-up paid for records made once a module.

class _Reading:
    """What the first steps of ``run`` read from the tree, for the steps after them."""

    def __init__(self, tree: Tree, parsed: bytes, renamed: dict[int, str], attributes: dict[int, int],
                 captures: Captures, metas: list[Node]) -> None:
        self.tree = tree
        self.root = tree.root_node
        """The tree's root, one ``Node`` for every step: a node lists its children once, and each
        ``Tree.root_node`` is a new node (the steps read the top-level statements four times)."""
        self.parsed = parsed
        """The text the tree describes: the source, or a same-length copy a repair changed."""
        self.renamed = renamed
        self.attributes = attributes
        self.captures = captures
        self.metas = metas
        """``import.meta`` expressions."""
        self.is_module = True
        self.identifiers: list[Node] = []
        self.raw_names: list[bytes] = []
        """Each identifier's text as written (escapes included), in ``identifiers``' order."""
        self.await_keywords: set[int] = set()
        """Starts of the identifiers a module reads as the keyword ``await``."""
        self.texts: dict[int, bytes] = {}
        """Start → cooked name, for declarations and the references worth resolving."""
        self.escaped: dict[bytes, bytes] = {}
        """Names written with escapes → their cooked names."""
        self.declared: set[int] = set()
        """Starts of the identifiers that declare a name."""
        self.asset_urls: list[Node] = []
        """``new URL("./x", import.meta.url)`` calls naming an asset (``asset_urls.py``)."""


class _Hot:
    """``import.meta.hot`` as far as the text says: the calls, and local aliases of ``hot``."""

    def __init__(self) -> None:
        self.targets: list[Node] = []
        self.alias_declarations: list[Node] = []


class _Rewritten:
    """What the rewrites record besides their edits."""

    def __init__(self) -> None:
        self.hot = HotInfo()
        self.hot_dependencies: list[ImportRecord] = []
        self.dynamic_imports: list[ImportRecord] = []
        self.patterns: list[DynamicPattern] = []
        self.native_await = False
        self.requires: list[ImportRecord] = []
        self.cjs_exports: list[str] = []
        self.cjs_reexports: list[str] = []
        self.removed_branches: list[tuple[int, int]] = []
        """Branches behind constant conditions removed in production (``dead_branches``)."""
        self.defined: dict[int, tuple[Node, str]] = {}
        """Start → (expression, constant) for each expression a define replaced."""


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
        self.edits = SourceEdits(self.data, module_id)
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
        """The steps of the module docstring, in order."""
        reading = self._parse_and_query()
        self._read_module_format(reading)
        self._read_await_keywords(reading)
        syntax.raise_on_syntax_errors(self.id, self.source, self.data, reading.tree)
        self._remove_hashbang(reading.root)
        names = self._cook_names(reading)
        module = read_module_syntax(reading.root, reading.parsed, self.edits, names, reading.renamed,
                                    reading.attributes)
        if not reading.is_module:
            refused = commonjs.module_syntax_refused(module.first_module_syntax, reading.metas, self.kind,
                                                     self.package_type)
            if refused is not None:
                raise ParseError([self.diagnostic(*refused)])
        hot = _Hot()
        # Production builds shake trees: the top-level statements' names are references to resolve
        # too (a direct `eval` can read any name: such a module is kept whole).
        top = (TopLevel(reading.root, module, names) if self.options.mode == "production" and reading.is_module
               and _EVAL not in reading.raw_names else None)
        self.table = table = self._build_symbol_table(reading, module, hot, top.names if top is not None else ())
        self._early_errors(reading, table, module)
        rewritten = self._rewrite(reading, module, table, hot, names)
        parts, slots = self.edits.apply(StatementJoins(reading.root))
        top_level, no_side_effects = None, ()
        if top is not None:
            top_level, no_side_effects = read_top_level(top, self.data, module, table, read_comments(reading.root),
                                       self.edits.applied, parts, rewritten.defined)
        if rewritten.removed_branches:
            # A removed branch took some slots along: what it required is no dependency.
            live = set(slots)
            rewritten.requires = [r for r in rewritten.requires if r.specifier in live]
            rewritten.dynamic_imports = [r for r in rewritten.dynamic_imports if r.specifier in live]
            rewritten.hot_dependencies = [r for r in rewritten.hot_dependencies if r.specifier in live]
        return TransformResult(
            id=self.id,
            kind="esm" if reading.is_module else "cjs",
            etag=etag,
            body_parts=parts,
            slot_specifiers=slots,
            imports=tuple(ImportRecord(r.specifier, r.kind, r.byte_range, tuple(n))
                          for r, n in zip(module.imports, module.import_names)) + tuple(rewritten.requires),
            dynamic_imports=tuple(rewritten.dynamic_imports),
            exports=module.exports if reading.is_module else {},
            star_exports=tuple(module.star_exports),
            namespace_locals=tuple(module.namespace_locals),
            default_needs_name=module.default_needs_name,
            has_top_level_await=reading.is_module and table.top_level_await is not None,
            native_await=rewritten.native_await,
            uses_import_meta=bool(reading.metas),
            hot=rewritten.hot,
            size=len(self.data),
            warnings=tuple(self.warnings),
            names=names,
            hot_dependencies=tuple(rewritten.hot_dependencies),
            dynamic_patterns=tuple(rewritten.patterns),
            cjs_exports=tuple(rewritten.cjs_exports),
            cjs_reexports=tuple(rewritten.cjs_reexports),
            computed_import=len(reading.captures.dynamic_import) > len(rewritten.dynamic_imports) + len(rewritten.patterns),
            top_level=top_level,
            no_side_effects=no_side_effects,
            positions=pack(self.edits.positions),
        )

    # -- steps ------------------------------------------------------------------------------

    def _parse_and_query(self) -> _Reading:
        """Steps 1 and 2: the tree (too deep a tree is refused: the query would crawl), its captures,
        and ``let`` + line break + binding read as a declaration, whatever the grammar made of it
        (its reading can be a syntax error, so this comes before they are reported)."""
        tree, parsed, renamed, attributes = syntax.parse(self.data)
        deep = syntax.deeper_than(tree.root_node)
        if deep is not None:  # a syntax error first, if there is one
            syntax.raise_on_syntax_errors(self.id, self.source, self.data, tree)
            raise ParseError([self.diagnostic(
                "NESTED_TOO_DEEPLY", f"This module nests more than {syntax.MAX_DEPTH:,} levels deep", deep,
                "nbbundle's parser cannot analyze nesting this deep (and node refuses nested blocks "
                "past about 3,000 levels); split it into functions or shorter expressions.")])
        captures = query.collect(tree)
        joined = grammar_repairs.join_let_declarations(tree, parsed, captures.bare_identifier_statement)
        if joined is not None:
            tree, parsed = joined
            captures = query.collect(tree)
        reading = _Reading(tree, parsed, renamed, attributes, captures, [])
        self._read_identifiers(reading)
        return reading

    @staticmethod
    def _read_identifiers(reading: _Reading) -> None:
        """``import.meta`` expressions and every identifier's text, sliced from the text the tree
        describes (``Node.text`` gives the same bytes through a memoryview per call, at about
        twice the cost, and a module has thousands of names)."""
        captures = reading.captures
        reading.metas = [n for n in captures.meta if n.children[0].type == "import"]
        reading.identifiers = captures.identifier
        parsed = reading.parsed
        reading.raw_names = [parsed[node.start_byte:node.end_byte] for node in reading.identifiers]

    def _read_module_format(self, reading: _Reading) -> None:
        """Step 3: ES module or CommonJS, as Node decides."""
        format_ = commonjs.module_format(self.kind, self.package_type, reading.root, reading.captures,
                                         import_meta=bool(reading.metas))
        reading.is_module = format_ == "esm"

    def _read_await_keywords(self, reading: _Reading) -> None:
        """In a module the word ``await`` is the operator (or reserved): read it so."""
        if not reading.is_module or grammar_repairs.AWAIT not in reading.raw_names:
            return
        awaits = _await_words(reading.captures, reading.identifiers, reading.raw_names)
        joined = grammar_repairs.join_await_operands(reading.tree, reading.parsed, awaits)
        if joined is not None:
            reading.tree, reading.parsed = joined
            reading.root = reading.tree.root_node
            reading.captures = query.collect(reading.tree)
            self._read_identifiers(reading)
            awaits = _await_words(reading.captures, reading.identifiers, reading.raw_names)
        chains = grammar_repairs.await_chains(awaits)
        reading.captures.await_ = [*reading.captures.await_, *chains]  # (a tuple when the query found none)
        reading.await_keywords = {chain.start_byte for chain in chains}

    def _remove_hashbang(self, root: Node) -> None:
        """``#!/usr/bin/env node``: a comment at the very start of a file, nowhere else."""
        if root.child_count and root.children[0].type == "hash_bang_line":
            self.edits.remove_keeping_lines(root.children[0].start_byte, root.children[0].end_byte)

    @staticmethod
    def _cook_names(reading: _Reading) -> GeneratedNames:
        """Every identifier's name once: the checks and the generated names use them all; the
        symbol table, the names of declarations (``texts``, by start offset; references are
        added by ``_build_symbol_table``). Generated names avoid every one of them."""
        captures, parsed, texts = reading.captures, reading.parsed, reading.texts
        for name in (*_DECLARING, "pattern_name", "shorthand"):
            nodes = captures.named(name)
            if nodes:
                # Each start read once (a ``Node`` attribute is a call into the binding).
                starts = list(map(query.start_of, nodes))
                ends = map(query.end_of, nodes)
                texts.update(zip(starts, [parsed[start:end] for start, end in zip(starts, ends)]))
                if name != "shorthand":
                    reading.declared.update(starts)
        # One search over every name as written (no name holds a space) before any set of them
        # or loop over each: escapes and names of the generated names' prefix are rare, and
        # without them no name needs cooking and the generated names have nothing to avoid.
        names_text = b" ".join((b" ".join(reading.raw_names), *texts.values()))
        if b"\\" not in names_text and b"__nbb" not in names_text:
            return GeneratedNames()
        used = set(reading.raw_names)
        used.update(texts.values())
        escaped = reading.escaped
        names_text = b" ".join(used)
        if b"\\" in names_text:
            escaped.update({raw: identifier_name(raw).encode() for raw in used if b"\\" in raw})
        if escaped:
            used.update(escaped.values())
            names_text = b" ".join(used)
            for start, raw in list(texts.items()):
                if raw in escaped:
                    texts[start] = escaped[raw]
        return GeneratedNames.avoiding(used) if b"__nbb" in names_text else GeneratedNames()

    def _build_symbol_table(self, reading: _Reading, module: ModuleSyntax, hot: _Hot,
                            top_level_names: Iterable[bytes] = ()) -> symbols.SymbolTable:
        """Step 5: the symbol table, with a reference for each use of a name worth resolving (the
        imports, the host's names, local aliases of ``import.meta.hot``, and in production the
        top-level names, for tree shaking)."""
        captures, texts, escaped = reading.captures, reading.texts, reading.escaped
        interesting = {name.encode() for name in module.bindings} | HOST_NAMES | {b"arguments"} | self.defines.roots
        interesting.update(top_level_names)
        # `new URL("./x", import.meta.url)`: an asset the module names (the global URL only).
        reading.asset_urls = find_asset_urls(reading.metas) if reading.is_module else []
        if reading.asset_urls:
            interesting.add(URL_NAME)
        for meta in reading.metas:
            member = hot_member(meta)
            if member is not None:
                hot.targets.append(member)
                declared = hot_alias(member)
                if declared is not None:
                    hot.alias_declarations.append(declared)
                    interesting.add(texts.get(declared.start_byte, b""))
        raw_interesting = interesting | {raw for raw, cooked in escaped.items() if cooked in interesting}
        declared_starts = reading.declared
        removed = SortedRanges(module.removed)
        references = []
        for node, raw in compress(zip(reading.identifiers, reading.raw_names),
                                  map(raw_interesting.__contains__, reading.raw_names)):
            start = node.start_byte
            if start not in declared_starts and start not in removed:
                references.append(node)
                texts[start] = escaped.get(raw, raw)
        references.extend(node for node in captures.shorthand if texts[node.start_byte] in interesting)
        # An alias's own declaration is looked up like a use, to know which binding it is.
        references.extend(hot.alias_declarations)
        labels = [(label.parent, label) for label in captures.label]
        # In a script, `await(x)`, `await [x]`, ``await`t``` outside async functions are the
        # identifier `await` applied (the grammar read await expressions).
        await_calls = set() if reading.is_module else grammar_repairs.script_await_calls(captures.await_)
        return scopes.build(captures, texts, references, interesting, labels, len(self.data),
                            module=reading.is_module, imports=module.binding_nodes, await_calls=await_calls)

    def _rewrite(self, reading: _Reading, module: ModuleSyntax, table: symbols.SymbolTable, hot: _Hot,
                 names: GeneratedNames) -> _Rewritten:
        """Step 7: the edits that make the init function's body, and what they record."""
        done = _Rewritten()
        defined = {}
        for meta in reading.metas:
            env = import_meta_env(meta, self.defines)
            if env is not None:
                self.edits.replace(env[0].start_byte, env[0].end_byte, env[1])
                defined[env[0].start_byte] = env
            else:
                self.edits.replace(meta.start_byte, meta.end_byte, f"{names.module}.meta")
        rewrite_asset_urls(reading.asset_urls, table, module, names, self.edits)
        done.hot, done.hot_dependencies = read_hot_calls(hot.targets, hot.alias_declarations, table,
                                                         reading.texts, self.edits)
        done.dynamic_imports, done.patterns = rewrite_dynamic_imports(reading.captures.dynamic_import, names,
                                                                      self.edits)
        defined.update(apply_defines(table, table.references, self.defines, self.edits))
        done.defined = defined
        done.removed_branches = remove_dead_branches(defined, self.edits)
        if not reading.is_module:
            done.requires = commonjs.rewrite_requires(table, set(map(query.start_of, reading.captures.callee)),
                                                      self.edits)
            lexer = [(node, raw) for node, raw in zip(reading.identifiers, reading.raw_names)
                     if raw in commonjs.LEXER_NAMES]
            if done.removed_branches:  # the lexer reads what is left, as it would read the built file
                dead = SortedRanges(done.removed_branches)
                lexer = [(node, raw) for node, raw in lexer if node.start_byte not in dead]
            done.cjs_exports, done.cjs_reexports = commonjs.static_exports(lexer, reading.root.children,
                                                                           reading.parsed)
            return done
        done.native_await = compile_top_level_awaits(table.top_level_awaits, names, self.edits)
        resolve_local_exports(module, table.program.names or {})
        accesses = {
            name.encode(): names.alias(index) + property_access(imported)
            for name, (index, imported) in module.bindings.items()
            if imported != "*"  # namespace imports are a const alias, nothing to rewrite
        }
        callees = set(map(query.start_of, reading.captures.callee))
        rewrite_imported(table, table.references, accesses, callees, self.edits)
        rewrite_namespace_reads(table, table.references,
                                {local.encode(): names.alias(index) for local, index in module.namespace_locals},
                                self.edits)
        rewrite_host_globals(table, table.references, self.edits)
        return done

    def _early_errors(self, reading: _Reading, table: symbols.SymbolTable, module: ModuleSyntax) -> None:
        """Step 6: raise the early errors found."""
        captures, escaped, is_module = reading.captures, reading.escaped, reading.is_module
        keywords, identifiers, raw_names = reading.await_keywords, reading.identifiers, reading.raw_names
        declared = reading.declared
        checked = early_errors.NAMES_TO_CHECK | {raw for raw, cooked in escaped.items() if cooked in early_errors.NAMES_TO_CHECK}
        removed = SortedRanges(module.removed)
        named = [(node, escaped.get(raw, raw)) for node, raw in compress(zip(identifiers, raw_names),
                                                                          map(checked.__contains__, raw_names))
                 if node.start_byte not in removed and node.start_byte not in keywords]
        strict = early_errors.strict_regions(captures, module=is_module)
        found = early_errors.find(captures, self.data, table, declared, named, strict, module=is_module)
        if is_module:
            found.extend(module.problems)
            found.extend(export_errors(module, table.program.names or {}))
            found.extend(commonjs.commonjs_in_module(table))
        if found:
            found.sort(key=lambda item: item[2][0] if isinstance(item[2], tuple) else item[2].start_byte)
            raise ParseError([self.diagnostic(code, message, where, hint) for code, message, where, hint in found])

def _await_words(captures: Captures, identifiers: list[Node], raw_names: list[bytes]) -> list[Node]:
    """The identifiers named ``await`` that declare nothing (where a module reads the keyword)."""
    declaring = {node.start_byte for name in (*_DECLARING, "pattern_name") for node in captures.named(name)}
    return [node for node, raw in zip(identifiers, raw_names)
            if raw == grammar_repairs.AWAIT and node.start_byte not in declaring]
