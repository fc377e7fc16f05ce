"""Data types of one module, as the compiler understands it. No logic lives here.

A module's analysis and transform depend only on its own text and id, so everything here can be
cached by content hash and shared between builds, views and kernels.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Literal, TypeVar

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


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportedName:
    """One binding an import statement asks a dependency for."""

    imported: str
    """The name in the dependency (``default`` for default imports)."""
    byte_range: ByteRange
    """Where it is written, for the "not exported" diagnostic."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One dependency of a module, deduplicated by specifier, in order of first appearance.

    For static dependencies the index in ``TransformResult.imports`` is also the alias number:
    the dependency's namespace is ``__nbb_import_<index>__`` inside the init function.
    """

    specifier: str
    kind: ImportKind
    byte_range: ByteRange
    """The specifier string's range at its first appearance (quotes included)."""
    names: tuple[ImportedName, ...] = ()
    """Named bindings requested by import and re-export statements (for link checks)."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class LocalExport:
    """``export <declaration>``, ``export { local as name }`` or a default export."""

    local: str
    lexical: bool = False
    """Declared by ``let``, ``const`` or ``class`` (or ``export default`` of an expression): in
    its TDZ until the module runs, so a re-export read before then throws."""


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class EmittedFile:
    """A file a build writes beside its bundle (an asset too large to inline)."""

    name: str
    """A plain file name with the content's hash: ``logo.1a2b3c4d.png``."""
    data_base64: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ReExport:
    """``export { imported as name } from`` (``imported == "*"``: ``export * as name from``).

    Also ``import { a } from "./x.js"; export { a }``, which the spec treats the same way.
    """

    dependency: int
    imported: str


ExportEntry = LocalExport | ReExport


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class HotInfo:
    """What ``import.meta.hot`` calls the module makes, as far as the text says statically."""

    self_accepting: bool = False
    accepted_deps: tuple[str, ...] = ()
    accepted_exports: tuple[str, ...] | None = None


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class DynamicPattern:
    """``import(`./locales/${lang}.js`)``: the files that can match are bundled (Vite's rule).

    ``prefix`` and ``suffix`` are the template's text before the first and after the last
    substitution; the specifier is resolved at run time against the modules in the bundle.
    """

    prefix: str
    suffix: str
    byte_range: ByteRange


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
