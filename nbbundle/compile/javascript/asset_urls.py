"""``new URL("./file", import.meta.url)``: an asset reference, as in Vite and esbuild.

The pattern is read from the tree: a ``new`` of the identifier ``URL`` that no scope of the
module declares (the global), whose arguments are exactly a string literal (or a template
without substitutions) starting with ``./`` or ``../`` and the member ``import.meta.url``. The
file becomes a dependency of the module, imported as ``"./file?url"`` (an asset whatever its
extension, as Vite copies ``new URL("./worker.js", …)`` as a file), and the string becomes the
asset's URL, ``__nbb_import_N__.default``: a ``data:`` URL or an emitted file's absolute URL,
which ``new URL`` keeps whatever the base. Everything else about the expression stays as
written, so lines and columns do not move.

Found from the ``import.meta`` nodes the compiler's one query already captured: no pattern of
its own, and nothing to do in a module without ``import.meta``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import is_static_template, string_value
from nbbundle.compile.javascript.syntax import named_children
from nbbundle.compile.record import Record

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tree_sitter import Node

    from nbbundle.compile.javascript.module_syntax import ModuleSyntax
    from nbbundle.compile.javascript.symbols import SymbolTable
    from nbbundle.compile.text.edits import SourceEdits
    from nbbundle.compile.text.names import GeneratedNames

URL_NAME = b"URL"
_QUERIES = ("?url", "?inline", "?raw")


class AssetUrl(Record):
    """One ``new URL("./file", import.meta.url)``: the ``URL`` identifier and the string."""

    __slots__ = _fields = ("constructor", "literal", "specifier")

    def __init__(self, constructor: Node, literal: Node, specifier: str) -> None:
        self.constructor = constructor
        self.literal = literal
        self.specifier = specifier


def find_asset_urls(metas: Iterable[Node]) -> list[AssetUrl]:
    """The candidates among the ``import.meta`` nodes' parents, in source order (whether ``URL``
    is the global is known only once the symbol table exists: ``rewrite_asset_urls``)."""
    found = []
    for meta in metas:
        member = meta.parent
        if member is None or member.type != "member_expression" or member.child_by_field_name("object") != meta:
            continue
        property_ = member.child_by_field_name("property")
        if property_ is None or property_.text != b"url":
            continue
        arguments = member.parent
        new = arguments.parent if arguments is not None and arguments.type == "arguments" else None
        if new is None or new.type != "new_expression":
            continue
        constructor = new.child_by_field_name("constructor")
        values = named_children(arguments)
        if constructor is None or constructor.type != "identifier" or constructor.text != URL_NAME \
                or len(values) != 2 or values[1] != member:
            continue
        literal = values[0]
        if literal.type != "string" and not is_static_template(literal):
            continue
        specifier = string_value(literal)
        if specifier.startswith(("./", "../")):
            found.append(AssetUrl(constructor, literal, specifier))
    return sorted(found, key=lambda found_url: found_url.literal.start_byte)


def rewrite_asset_urls(candidates: list[AssetUrl], table: SymbolTable, module: ModuleSyntax,
                       names: GeneratedNames, edits: SourceEdits) -> None:
    """Make each candidate whose ``URL`` is the global a dependency, its string the asset's URL."""
    if not candidates:
        return
    records = {reference.node.start_byte: reference.record for reference in table.references
               if reference.name == URL_NAME}
    for candidate in candidates:
        record = records.get(candidate.constructor.start_byte)
        if record is None or table.resolve(URL_NAME, record) is not None:
            continue  # a local `URL`: not the platform's, so not an asset reference
        specifier = candidate.specifier
        if not specifier.endswith(_QUERIES):
            specifier += "?url"
        index = module.dependency(candidate.literal, specifier)
        edits.replace(candidate.literal.start_byte, candidate.literal.end_byte, f"{names.alias(index)}.default")
