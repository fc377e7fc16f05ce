"""Data types of one module, as the compiler understands it. No logic lives here.

A module's analysis and transform depend only on its own text and id, so everything here can be
cached by content hash and shared between builds, views and kernels.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Literal, TypeVar

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
_Record = TypeVar("_Record")


def _pickled_by_fields(cls: type[_Record]) -> type[_Record]:
    """Pickle as the constructor's arguments, in field order.

    Worker processes send every ``TransformResult`` back pickled; Python 3.11's slotted
    dataclasses restore each object through ``__setstate__``, which asks ``fields()`` every
    time, and that was most of what unpickling three.js's results cost the main process.
    """
    values = attrgetter(*(f.name for f in fields(cls)))  # type: ignore[arg-type]
    if len(fields(cls)) == 1:  # type: ignore[arg-type]
        cls.__reduce__ = lambda self: (cls, (values(self),))  # type: ignore[method-assign]
    else:
        cls.__reduce__ = lambda self: (cls, values(self))  # type: ignore[method-assign]
    return cls


# The small records below are ``Record``s, not dataclasses: they are on every build's import
# path, and a dataclass costs its methods' ``exec`` at each start-up (``record.py``). Treat them
# as frozen: they are shared between builds and cached.


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


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class LocalExport:
    """``export <declaration>``, ``export { local as name }`` or a default export.

    A dataclass still: ``compile/minify/module.py`` renames it with ``dataclasses.replace``."""

    local: str
    lexical: bool = False
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


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class TopLevelStatement:
    """One statement at an ES module's top level, as tree shaking sees it (production builds:
    ``compile/javascript/top_level.py`` reads it, ``bundle/tree_shake.py`` decides from it)."""

    start: int
    end: int
    """Where it is in the body, in characters of ``body_parts`` joined (slots aside): the range
    a build blanks when nothing needs it."""
    declares: tuple[str, ...] = ()
    """The top-level names it declares (``export default <expression>``: the generated name)."""
    references: tuple[str, ...] = ()
    """The module's own top-level names it uses, inside its functions too (scope-resolved)."""
    imports: tuple[tuple[int, str], ...] = ()
    """(dependency index, export name) it uses; ``*``: a namespace import used as a value."""
    side_effects: bool = True
    """Running it may do more than declare its names (or it holds a slot: never blanked)."""
    free_if: tuple[tuple[int, str], ...] = ()
    """With ``side_effects``: it has none if these imported functions (dependency index, export
    name) are marked ``/* #__NO_SIDE_EFFECTS__ */`` where they are declared…"""
    reads: tuple[tuple[int, str], ...] = ()
    """… and if these imported bindings it reads as it runs are initialized by then (no cycle
    runs this module before theirs: a read in the TDZ throws)."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class TransformResult:
    """A module's edited body plus what linking and rendering need to know about it.

    ``body_parts`` is the body split at slots: between ``body_parts[i]`` and
    ``body_parts[i + 1]`` goes the resolved id of ``slot_specifiers[i]`` (a dynamic import or a
    CommonJS ``require``). Resolution depends on where the module lives, not on its text, so it
    stays out of the cached part.
    """

    id: str
    kind: ModuleKind
    etag: str
    body_parts: tuple[str, ...]
    slot_specifiers: tuple[str, ...] = ()
    imports: tuple[ImportRecord, ...] = ()
    dynamic_imports: tuple[ImportRecord, ...] = ()
    exports: dict[str, ExportEntry] = field(default_factory=dict)
    star_exports: tuple[int, ...] = ()
    """Indexes into ``imports`` of ``export * from`` statements, in source order."""
    namespace_locals: tuple[tuple[str, int], ...] = ()
    """``import * as ns``: (local name, dependency index), bound once in the prologue."""
    default_needs_name: bool = False
    """An anonymous hoisted ``export default function`` whose ``.name`` must read "default"."""
    has_top_level_await: bool = False
    native_await: bool = False
    """A top-level ``for await``: the body keeps its native awaits (an ``async function*``).
    Otherwise every top-level ``await x`` is compiled to ``y(yield(x))`` for the runtime to await
    (ARCHITECTURE.md, the init-function contract)."""
    uses_import_meta: bool = False
    hot: HotInfo = field(default_factory=HotInfo)
    size: int = 0
    """Length of the source text in bytes."""
    warnings: tuple[Diagnostic, ...] = ()
    names: GeneratedNames = field(default_factory=GeneratedNames)
    """The prefix of every name the compiler added (aliases, parameters, the default export)."""
    hot_dependencies: tuple[ImportRecord, ...] = ()
    """Specifiers named by ``import.meta.hot.accept``: resolved like imports, never loaded."""
    dynamic_patterns: tuple[DynamicPattern, ...] = ()
    cjs_exports: tuple[str, ...] = ()
    """A CommonJS module's export names as Node's lexer finds them (``exports.a = …``, …)."""
    cjs_reexports: tuple[str, ...] = ()
    """Specifiers whose exports a CommonJS module passes on (``module.exports = require("x")``)."""
    type_exports: frozenset[str] = frozenset()
    """A TypeScript module's names that are only types (``export interface Options``, ``export
    type { A }``): another module's ``export { Options } from`` or import of one has nothing to
    link to, and the bundle drops it, as esbuild's bundler does (``bundle/export_resolution.py``)."""
    emitted: EmittedFile | None = None
    """An asset a build writes as its own file (``assets.py``); None when it is inline."""
    computed_import: bool = False
    """An ``import(expression)`` the runtime resolves among the bundle's modules: any of them
    may be its target, so tree shaking keeps every export (``bundle/tree_shake.py``)."""
    top_level: tuple[TopLevelStatement, ...] | None = None
    """An ES module's top-level statements for tree shaking; None where it was not read
    (development, CommonJS, other kinds, a module with a direct ``eval``): kept whole."""
    no_side_effects: tuple[str, ...] = ()
    """Top-level functions marked ``/* #__NO_SIDE_EFFECTS__ */`` (local names; production)."""
    failure: tuple[str, str] | None = None
    """(constructor, message) of the error importing this module throws: a stand-in for a module
    only ``import()`` reaches whose text does not compile (``bundle/scan.py``)."""
    positions: bytes = b""
    """Where the body came from: ``PositionMap`` segments (output offset, original offset,
    length; UTF-8 bytes) from ``body_parts`` joined (slots empty) to the module's own text, packed
    as unsigned 32-bit triples (``text/source_map.py``: ``pack``/``unpack``). Empty for modules
    the compiler wrote itself (JSON, CSS, assets): nothing of theirs maps to a line of the user's."""
