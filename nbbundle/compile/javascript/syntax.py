"""The tree-sitter side: the parser, syntax errors, and the few repairs the grammar needs.

Everything here walks trees iteratively (a ``TreeCursor`` or an explicit stack), so nesting
depth costs time in proportion, never a ``RecursionError``. ``Node.parent`` is avoided on hot
paths: tree-sitter computes it by descending from the root, so it costs the node's depth.

Where tree-sitter-javascript 0.25 disagrees with the language, the text is repaired on a copy
of the same length (so every byte offset stays true, and edits still apply to the original),
and parsed again: import attributes on ``export … from`` (``with { type: "json" }``), which the
grammar only knows on ``import``; keywords naming imports and exports (``export { f as
function }``, ``export { function } from "./m"``), which it only takes as identifiers (the word
is remembered, ``Parsed.renamed``);
a non-breaking space before a ternary ``?``, which its scanner mistakes; and a line that begins
with ``(``, ``[``, a template or an operator after a statement nothing can continue (an import,
``break``), where its scanner inserts no semicolon. These repairs run only when the first parse
has errors. ``let`` and ``await`` read as identifiers where the
language reads keywords are repaired the same way, from the query's captures
(``grammar_repairs``).
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, NamedTuple

import tree_sitter

from nbbundle.compile.errors import ParseError, make_diagnostic
from nbbundle.compile.javascript.statement_ends import blank_multiline_comments, end_unfinishable_statements

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tree_sitter import Node, Tree



def grammar_binding(package_name: str) -> object:
    """A tree-sitter grammar package's compiled ``_binding`` module (``language()`` and kin).

    Loaded from the package's folder directly when it can be: the packages' ``__init__``
    imports ``importlib.resources`` (and with it ``tempfile``, ``shutil``, ``random``, …) for
    query files nbbundle never reads, a tenth of the command's start-up. Else the package.
    """
    try:
        import importlib.machinery
        import importlib.util

        package = importlib.util.find_spec(package_name)
        folders = package.submodule_search_locations if package is not None else None
        for folder in folders or ():
            for suffix in importlib.machinery.EXTENSION_SUFFIXES:
                path = os.path.join(folder, "_binding" + suffix)
                if os.path.isfile(path):
                    spec = importlib.util.spec_from_file_location(f"{package_name}._binding", path)
                    if spec is not None and spec.loader is not None:
                        binding = importlib.util.module_from_spec(spec)
                        spec.loader.exec_module(binding)
                        return binding
    except (ImportError, OSError, AttributeError):
        pass
    import importlib

    return importlib.import_module(package_name)


LANGUAGE = tree_sitter.Language(grammar_binding("tree_sitter_javascript").language())  # type: ignore[attr-defined]
#: Re-parses allowed to repair import attributes on re-exports (each one can uncover the next).
_MAX_REPAIRS = 64


@functools.cache
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(LANGUAGE)


class Parsed(NamedTuple):
    tree: Tree
    data: bytes
    """The text the tree describes: the source, or a same-length copy a repair changed."""
    renamed: dict[int, str]
    """Start offset → the word a repair renamed there (a keyword used as an export name)."""
    attributes: dict[int, int]
    """End of a re-export's source string → end of the attributes after it that a repair
    blanked (the statement ends there, though the tree's ends at the string without a ``;``)."""


def parse(data: bytes) -> Parsed:
    """Parse JavaScript text; return the tree, the text it describes and what was renamed.

    The text is ``data`` itself unless a repair (see the module docstring) blanked, joined or
    renamed something, in which case it is a copy of the same length.
    """
    tree = _parser().parse(data)
    renamed: dict[int, str] = {}
    attributes: dict[int, int] = {}
    if tree.root_node.has_error:
        # The grammar's scanner takes a non-breaking space before `?` for something else.
        spaced = _ascii_spaces(tree, data)
        if spaced is not None:
            data = spaced
            tree = _parser().parse(data)
    if tree.root_node.has_error:
        # `export { f as function }`: any word may name an export, the grammar wants identifiers.
        named = _rename_keyword_names(tree, data, renamed)
        if named is not None:
            data = named
            tree = _parser().parse(data)
    for _ in range(_MAX_REPAIRS):
        # One statement's error can hide the next one's: repair until nothing changes.
        repaired = _blank_reexport_attributes(tree, data, attributes) if tree.root_node.has_error else None
        if repaired is None:
            break
        data = repaired
        tree = _parser().parse(data)
    if tree.root_node.has_error:
        comments = [leaf for leaf in leaves(tree.root_node) if leaf.type == "comment"]
        blanked = blank_multiline_comments(comments, data)
        if blanked is not None:
            data = blanked
            tree = _parser().parse(data)
    if tree.root_node.has_error:
        tokens = [leaf for leaf in leaves(tree.root_node) if not leaf.is_extra and not leaf.is_missing]
        ended = end_unfinishable_statements(tokens, data)
        if ended is not None:
            data = ended
            tree = _parser().parse(data)
    return Parsed(tree, data, renamed, attributes)


def _rename_keyword_names(tree: Tree, data: bytes, renamed: dict[int, str]) -> bytes | None:
    """Keywords where an import or export list names a binding: ``as if``, ``{ new as n }``.

    Each becomes an identifier of the same length (its first letter a ``_``) in the copy, and
    ``renamed`` remembers the word, which is what the module imports or exports.
    """
    tokens = [leaf for leaf in leaves(tree.root_node) if not leaf.is_extra]
    listed = _listed_keywords(tokens)
    text: bytearray | None = None
    for index, leaf in enumerate(tokens):
        if not _is_keyword(leaf) and index not in listed:
            continue
        before = _word(tokens[index - 1]) if index else ""
        after = _word(tokens[index + 1]) if index + 1 < len(tokens) else ""
        if before == "as" or (before in ("{", ",") and after == "as") or index in listed:
            if text is None:
                text = bytearray(data)
            renamed[leaf.start_byte] = leaf.text.decode()
            text[leaf.start_byte] = 0x5F  # "_"
    return bytes(text) if text is not None else None


def _listed_keywords(tokens: list[Node]) -> set[int]:
    """Indexes of keywords that alone name an export: ``export { function, x } from "./m"``.

    Any word may name what another module exports (zod 3.25's ``zod/v4`` re-exports its
    ``function``). Without ``from`` the word also names a local binding, which a keyword cannot:
    renamed all the same, so the module reads on and ``module_syntax`` reports the reserved word
    where it is. Each ``export {…}`` list is read once: linear in the tokens.
    """
    found: set[int] = set()
    index = 0
    while index < len(tokens):
        # After an error the grammar's recovery may lex `export` as an identifier.
        if tokens[index].text != b"export" or index + 1 >= len(tokens) or tokens[index + 1].type != "{":
            index += 1
            continue
        close = index + 2
        while close < len(tokens) and tokens[close].type != "}":
            word = _word(tokens[close])
            if _names_keyword(tokens[close]) and _word(tokens[close - 1]) in ("{", ",") and \
                    close + 1 < len(tokens) and _word(tokens[close + 1]) in (",", "}"):
                found.add(close)
            close += 1
            if word in ("{", ";"):
                break  # not a plain export list: leave it to the grammar's error
        index = close + 1
    return found


#: Reserved words: after an error the grammar's recovery may lex one as an identifier.
_RESERVED = frozenset(
    b"await break case catch class const continue debugger default delete do else enum export extends false "
    b"finally for function if import in instanceof new null return super switch this throw true try typeof "
    b"var void while with yield".split())


def _names_keyword(leaf: Node) -> bool:
    """A keyword token, or a reserved word the grammar's error recovery lexed as an identifier."""
    return _is_keyword(leaf) or (leaf.type == "identifier" and leaf.text in _RESERVED)


def _word(leaf: Node) -> str:
    """A token's keyword or punctuation (``as`` may come back as an identifier from recovery)."""
    if leaf.type == "identifier" and leaf.text == b"as":
        return "as"
    return leaf.type


#: Words the grammar gives their own named node (literals), not an anonymous keyword token.
_WORD_NODES = frozenset({"null", "true", "false", "this", "super", "undefined"})


def _is_keyword(leaf: Node) -> bool:
    kind = leaf.type
    return ((not leaf.is_named or kind in _WORD_NODES) and kind.isalpha() and kind.islower()
            and leaf.end_byte - leaf.start_byte == len(kind))


def _ascii_spaces(tree: Tree, data: bytes) -> bytes | None:
    """Unicode spaces between tokens as ASCII ones (U+2028/U+2029 as line feeds), same length.

    Between tokens there is nothing but white space (comments are tokens), so this changes no
    token: a string keeps its non-breaking spaces.
    """
    text: bytearray | None = None
    position = 0
    for leaf in (*leaves(tree.root_node), None):
        end = leaf.start_byte if leaf is not None else len(data)
        if end > position and not data[position:end].isascii():
            gap = data[position:end].decode(errors="replace")
            spaced = "".join(_ascii_space(char) for char in gap).encode()
            if len(spaced) == end - position:
                if text is None:
                    text = bytearray(data)
                text[position:end] = spaced
        if leaf is not None:
            position = max(position, leaf.end_byte)
    return bytes(text) if text is not None else None


def _ascii_space(char: str) -> str:
    if char.isascii():
        return char
    size = len(char.encode())
    return ("\n" + " " * (size - 1)) if char in "\u2028\u2029" else " " * size


def reparse(data: bytes) -> Tree:
    """Parse a repaired copy of a module's text (``grammar_repairs``)."""
    return _parser().parse(data)


def leaves(node: Node) -> Iterator[Node]:
    """Every token under ``node`` in source order (comments included), without recursion."""
    cursor = node.walk()
    depth = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            continue
        yield cursor.node
        while not cursor.goto_next_sibling():
            if depth == 0 or not cursor.goto_parent():
                return
            depth -= 1


def _blank_reexport_attributes(tree: Tree, data: bytes, blanked: dict[int, int]) -> bytes | None:
    """Blank ``with {…}``/``assert {…}`` after ``from "x"``, which the grammar lacks on re-exports.

    Read from the tokens, since error recovery shapes the tree around them in many ways:
    ``from``, a string, the keyword, then braces up to the one that closes them. On an
    ``import`` the attributes parse already; blanking them there changes nothing either.
    ``blanked`` gets the end of each source string → the end of the attributes blanked after it.
    """
    text: bytearray | None = None
    state, quote, keyword, depth, source_end = "", "", None, 0, 0
    for leaf in leaves(tree.root_node):
        if leaf.is_extra:
            continue
        kind = leaf.type
        if state == "" and kind == "from":
            state = "source"
        elif state == "source":
            state, quote = ("string", kind) if kind in ('"', "'") else ("", "")
        elif state == "string":
            if kind == quote:
                state, source_end = "keyword", leaf.end_byte
        elif state == "keyword":
            if kind == "with" or (kind == "identifier" and leaf.text == b"assert"):
                state, keyword = "open", leaf
            else:
                state = ""
        elif state == "open":
            state, depth = ("braces", 1) if kind == "{" else ("", 0)
        elif state == "braces":
            depth += (kind == "{") - (kind == "}")
            if depth == 0 and keyword is not None:
                if text is None:
                    text = bytearray(data)
                for index in range(keyword.start_byte, leaf.end_byte):
                    if text[index] not in (0x0A, 0x0D):
                        text[index] = 0x20
                blanked[source_end] = leaf.end_byte
                state = ""
    return bytes(text) if text is not None else None


def raise_on_syntax_errors(module_id: str, source: str, data: bytes, tree: Tree) -> None:
    """Raise ``ParseError`` naming the first place the parser could not make sense of."""
    root = tree.root_node
    if not root.has_error:
        return
    node = first_error(root) or root
    if node.is_missing:
        message = f'Expected "{node.type}"'
        byte_range = (node.start_byte, node.start_byte + 1)
    elif node.end_byte >= len(data.rstrip()) and node.start_byte < node.end_byte:
        message = "Unexpected end of input"
        end = len(data.rstrip())
        byte_range = (max(0, end - 1), end)
    else:
        token = data[node.start_byte : node.end_byte].split(b"\n", 1)[0].decode(errors="replace")
        message = f'Unexpected "{token[:40]}"' if token.strip() else "Syntax error"
        byte_range = (node.start_byte, node.end_byte)
    diagnostic = make_diagnostic("PARSE_ERROR", message, module_id, source, byte_range, source_bytes=data)
    raise ParseError([diagnostic])


def first_error(root: Node) -> Node | None:
    """The first ERROR or MISSING node in source order, descending only where errors are."""
    cursor = root.walk()
    if not cursor.goto_first_child():
        return None
    depth = 1
    while True:
        node = cursor.node
        if node.is_error or node.is_missing:
            return node
        if node.has_error and cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if depth == 1 or not cursor.goto_parent():
                return None
            depth -= 1


#: Deeper than this, tree-sitter's query engine (which stores depths in 16 bits) slows down
#: quadratically; engines refuse far shallower programs anyway (V8: ~3,000 nested blocks).
MAX_DEPTH = 60_000
#: A node spans at least one byte per level of nesting below it (``((((x))))``, ``!!!!x``);
#: twice that leaves room for error recovery. A subtree too small to reach MAX_DEPTH is skipped.
_LEVELS_PER_BYTE = 2


def deeper_than(root: Node, limit: int = MAX_DEPTH) -> Node | None:
    """A node nested more than ``limit`` levels deep, or None; cheap for ordinary code.

    Only subtrees large enough to hold that much nesting are entered, so a normal module costs
    a look at its top-level statements, and a deep one a walk down its deep path. "Large
    enough" is in bytes and in nodes: a subtree holds no path longer than its count of nodes
    (``descendant_count``, which tree-sitter keeps in each node), so a long flat expression
    (``v + v + …``, three nodes per level) is not walked at all until its nodes reach the limit.
    """
    if min(root.end_byte * _LEVELS_PER_BYTE, root.descendant_count) < limit:
        return None
    cursor = root.walk()
    depth = 0
    if not cursor.goto_first_child():
        return None
    depth = 1
    while True:
        node = cursor.node
        if depth > limit:
            return node
        below = min((node.end_byte - node.start_byte) * _LEVELS_PER_BYTE, node.descendant_count)
        if depth + below >= limit and cursor.goto_first_child():
            depth += 1
            continue
        while not cursor.goto_next_sibling():
            if depth == 1 or not cursor.goto_parent():
                return None
            depth -= 1


def named_children(node: Node) -> list[Node]:
    """``node``'s named children without comments (which tree-sitter lists among them)."""
    return [child for child in node.named_children if not child.is_extra]


def unparenthesized(node: Node) -> Node:
    """The expression inside any parentheses around ``node`` (``((f))`` → ``f``)."""
    while node.type == "parenthesized_expression":
        inner = named_children(node)
        if len(inner) != 1:
            break
        node = inner[0]
    return node


def first_token_is(node: Node, kind: str) -> bool:
    """Whether ``node`` starts with the keyword ``kind`` (``async function``, ``new.target``)."""
    return node.child_count > 0 and node.children[0].type == kind
