"""Data types of one module, as the compiler understands it. No logic lives here.

A module's analysis and transform depend only on its own text and id, so everything here can be
cached by content hash and shared between builds, views and kernels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from nbbundle.compile.record import Record
from nbbundle.compile.text.names import GeneratedNames

if TYPE_CHECKING:
    from nbbundle.compile.errors import Diagnostic

# The init function's parameters (ARCHITECTURE.md, the init-function contract) as they are
# named unless the module uses such names itself (``TransformResult.names``). Unusual names,
# so that a module may declare its own `module`, `exports` or `require`.
MODULE = GeneratedNames().module
EXPORTS = GeneratedNames().exports
REQUIRE = GeneratedNames().require

ModuleKind = Literal["esm", "cjs", "json", "css", "asset"]
"""How a module's text is understood: an ES module, CommonJS, JSON data, a stylesheet or an
asset (a file whose default export is its URL or text: ``assets.py``)."""

ImportKind = Literal["static", "dynamic", "require", "hot"]
"""``import``/``export … from`` statements, ``import("…")`` expressions, CommonJS ``require("…")``,
and the dependencies ``import.meta.hot.accept("…")`` names (resolved like imports, never loaded)."""

ByteRange = tuple[int, int]


# The records below are ``Record``s, not dataclasses: they are on every build's import path,
# and a dataclass costs its methods' ``exec`` at each start-up, and the ``dataclasses`` module
# its import (``record.py``). Treat them as frozen: they are shared between builds and cached.
# A ``Record`` pickles as its constructor's arguments, which is also what makes unpickling a
# worker's results cheap (a slotted dataclass asks ``fields()`` for every object).


class ImportedName(Record):
    """One binding an import statement asks a dependency for."""

    __slots__ = _fields = ("imported", "byte_range")

    def __init__(self, imported: str, byte_range: ByteRange) -> None:
        self.imported = imported
        """The name in the dependency (``default`` for default imports)."""
        self.byte_range = byte_range
        """Where it is written, for the "not exported" diagnostic."""


class ImportRecord(Record):
    """One dependency of a module, deduplicated by specifier, in order of first appearance.

    For static dependencies the index in ``TransformResult.imports`` is also the alias number:
    the dependency's namespace is ``__nbb_import_<index>__`` inside the init function.
    """

    __slots__ = _fields = ("specifier", "kind", "byte_range", "names")

    def __init__(self, specifier: str, kind: ImportKind, byte_range: ByteRange,
                 names: tuple[ImportedName, ...] = ()) -> None:
        self.specifier = specifier
        self.kind = kind
        self.byte_range = byte_range
        """The specifier string's range at its first appearance (quotes included)."""
        self.names = names
        """Named bindings requested by import and re-export statements (for link checks)."""


class LocalExport(Record):
    """``export <declaration>``, ``export { local as name }`` or a default export."""

    __slots__ = _fields = ("local", "lexical")

    def __init__(self, local: str, lexical: bool = False) -> None:  # noqa: FBT001, FBT002 (a field)
        self.local = local
        self.lexical = lexical
        """Declared by ``let``, ``const`` or ``class`` (or ``export default`` of an expression): in
        its TDZ until the module runs, so a re-export read before then throws."""


class EmittedFile(Record):
    """A file a build writes beside its bundle (an asset too large to inline)."""

    __slots__ = _fields = ("name", "data_base64")

    def __init__(self, name: str, data_base64: str) -> None:
        self.name = name
        """A plain file name with the content's hash: ``logo.1a2b3c4d.png``."""
        self.data_base64 = data_base64


class ReExport(Record):
    """``export { imported as name } from`` (``imported == "*"``: ``export * as name from``).

    Also ``import { a } from "./x.js"; export { a }``, which the spec treats the same way.
    """

    __slots__ = _fields = ("dependency", "imported")

    def __init__(self, dependency: int, imported: str) -> None:
        self.dependency = dependency
        self.imported = imported


ExportEntry = LocalExport | ReExport


class HotInfo(Record):
    """What ``import.meta.hot`` calls the module makes, as far as the text says statically."""

    __slots__ = _fields = ("self_accepting", "accepted_deps", "accepted_exports")

    def __init__(self, self_accepting: bool = False,  # noqa: FBT001, FBT002 (a field)
                 accepted_deps: tuple[str, ...] = (), accepted_exports: tuple[str, ...] | None = None) -> None:
        self.self_accepting = self_accepting
        self.accepted_deps = accepted_deps
        self.accepted_exports = accepted_exports


class DynamicPattern(Record):
    """``import(`./locales/${lang}.js`)``: the files that can match are bundled (Vite's rule).

    ``prefix`` and ``suffix`` are the template's text before the first and after the last
    substitution; the specifier is resolved at run time against the modules in the bundle.
    """

    __slots__ = _fields = ("prefix", "suffix", "byte_range")

    def __init__(self, prefix: str, suffix: str, byte_range: ByteRange) -> None:
        self.prefix = prefix
        self.suffix = suffix
        self.byte_range = byte_range


class TopLevelStatement(Record):
    """One statement at an ES module's top level, as tree shaking sees it (production builds:
    ``compile/javascript/top_level.py`` reads it, ``bundle/tree_shake.py`` decides from it)."""

    __slots__ = _fields = ("start", "end", "declares", "references", "imports", "side_effects", "free_if",
                           "reads")

    def __init__(  # noqa: PLR0913 (the fields, as a dataclass takes them)
        self,
        start: int,
        end: int,
        declares: tuple[str, ...] = (),
        references: tuple[str, ...] = (),
        imports: tuple[tuple[int, str], ...] = (),
        side_effects: bool = True,
        free_if: tuple[tuple[int, str], ...] = (),
        reads: tuple[tuple[int, str], ...] = (),
    ) -> None:
        self.start = start
        self.end = end
        """Where it is in the body, in characters of ``body_parts`` joined (slots aside): the range
        a build blanks when nothing needs it."""
        self.declares = declares
        """The top-level names it declares (``export default <expression>``: the generated name)."""
        self.references = references
        """The module's own top-level names it uses, inside its functions too (scope-resolved)."""
        self.imports = imports
        """(dependency index, export name) it uses; ``*``: a namespace import used as a value."""
        self.side_effects = side_effects
        """Running it may do more than declare its names (or it holds a slot: never blanked)."""
        self.free_if = free_if
        """With ``side_effects``: it has none if these imported functions (dependency index, export
        name) are marked ``/* #__NO_SIDE_EFFECTS__ */`` where they are declared…"""
        self.reads = reads
        """… and if these imported bindings it reads as it runs are initialized by then (no cycle
        runs this module before theirs: a read in the TDZ throws)."""


class TransformResult(Record):
    """A module's edited body plus what linking and rendering need to know about it.

    ``body_parts`` is the body split at slots: between ``body_parts[i]`` and
    ``body_parts[i + 1]`` goes the resolved id of ``slot_specifiers[i]`` (a dynamic import or a
    CommonJS ``require``). Resolution depends on where the module lives, not on its text, so it
    stays out of the cached part.
    """

    __slots__ = _fields = (
        "id", "kind", "etag", "body_parts", "slot_specifiers", "imports", "dynamic_imports", "exports",
        "star_exports", "namespace_locals", "default_needs_name", "has_top_level_await", "native_await",
        "uses_import_meta", "hot", "size", "warnings", "names", "hot_dependencies", "dynamic_patterns",
        "cjs_exports", "cjs_reexports", "type_exports", "emitted", "computed_import", "top_level",
        "no_side_effects", "failure", "positions",
    )

    def __init__(  # noqa: PLR0913 (the fields, as a dataclass takes them)
        self,
        id: str,  # noqa: A002 (the module's id)
        kind: ModuleKind,
        etag: str,
        body_parts: tuple[str, ...],
        slot_specifiers: tuple[str, ...] = (),
        imports: tuple[ImportRecord, ...] = (),
        dynamic_imports: tuple[ImportRecord, ...] = (),
        exports: dict[str, ExportEntry] | None = None,
        star_exports: tuple[int, ...] = (),
        namespace_locals: tuple[tuple[str, int], ...] = (),
        default_needs_name: bool = False,
        has_top_level_await: bool = False,
        native_await: bool = False,
        uses_import_meta: bool = False,
        hot: HotInfo | None = None,
        size: int = 0,
        warnings: tuple[Diagnostic, ...] = (),
        names: GeneratedNames | None = None,
        hot_dependencies: tuple[ImportRecord, ...] = (),
        dynamic_patterns: tuple[DynamicPattern, ...] = (),
        cjs_exports: tuple[str, ...] = (),
        cjs_reexports: tuple[str, ...] = (),
        type_exports: frozenset[str] = frozenset(),
        emitted: EmittedFile | None = None,
        computed_import: bool = False,
        top_level: tuple[TopLevelStatement, ...] | None = None,
        no_side_effects: tuple[str, ...] = (),
        failure: tuple[str, str] | None = None,
        positions: bytes = b"",
    ) -> None:
        self.id = id
        self.kind = kind
        self.etag = etag
        self.body_parts = body_parts
        self.slot_specifiers = slot_specifiers
        self.imports = imports
        self.dynamic_imports = dynamic_imports
        self.exports = {} if exports is None else exports
        self.star_exports = star_exports
        """Indexes into ``imports`` of ``export * from`` statements, in source order."""
        self.namespace_locals = namespace_locals
        """``import * as ns``: (local name, dependency index), bound once in the prologue."""
        self.default_needs_name = default_needs_name
        """An anonymous hoisted ``export default function`` whose ``.name`` must read "default"."""
        self.has_top_level_await = has_top_level_await
        self.native_await = native_await
        """A top-level ``for await``: the body keeps its native awaits (an ``async function*``).
        Otherwise every top-level ``await x`` is compiled to ``y(yield(x))`` for the runtime to await
        (ARCHITECTURE.md, the init-function contract)."""
        self.uses_import_meta = uses_import_meta
        self.hot = HotInfo() if hot is None else hot
        self.size = size
        """Length of the source text in bytes."""
        self.warnings = warnings
        self.names = GeneratedNames() if names is None else names
        """The prefix of every name the compiler added (aliases, parameters, the default export)."""
        self.hot_dependencies = hot_dependencies
        """Specifiers named by ``import.meta.hot.accept``: resolved like imports, never loaded."""
        self.dynamic_patterns = dynamic_patterns
        self.cjs_exports = cjs_exports
        """A CommonJS module's export names as Node's lexer finds them (``exports.a = …``, …)."""
        self.cjs_reexports = cjs_reexports
        """Specifiers whose exports a CommonJS module passes on (``module.exports = require("x")``)."""
        self.type_exports = type_exports
        """A TypeScript module's names that are only types (``export interface Options``, ``export
        type { A }``): another module's ``export { Options } from`` or import of one has nothing to
        link to, and the bundle drops it, as esbuild's bundler does (``bundle/export_resolution.py``)."""
        self.emitted = emitted
        """An asset a build writes as its own file (``assets.py``); None when it is inline."""
        self.computed_import = computed_import
        """An ``import(expression)`` the runtime resolves among the bundle's modules: any of them
        may be its target, so tree shaking keeps every export (``bundle/tree_shake.py``)."""
        self.top_level = top_level
        """An ES module's top-level statements for tree shaking; None where it was not read
        (development, CommonJS, other kinds, a module with a direct ``eval``): kept whole."""
        self.no_side_effects = no_side_effects
        """Top-level functions marked ``/* #__NO_SIDE_EFFECTS__ */`` (local names; production)."""
        self.failure = failure
        """(constructor, message) of the error importing this module throws: a stand-in for a module
        only ``import()`` reaches whose text does not compile (``bundle/scan.py``)."""
        self.positions = positions
        """Where the body came from: ``PositionMap`` segments (output offset, original offset,
        length; UTF-8 bytes) from ``body_parts`` joined (slots empty) to the module's own text, packed
        as unsigned 32-bit triples (``text/source_map.py``: ``pack``/``unpack``). Empty for modules
        the compiler wrote itself (JSON, CSS, assets): nothing of theirs maps to a line of the user's."""
