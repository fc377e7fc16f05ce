"""A compiled module's body, minified: its text and the map back to the compiled text.

``minify_result`` is what a production build runs on each module tree shaking kept
(``compile/transform.minified``, cached by content, on disk too), and what ``transform`` runs
after compiling a module in a development build with ``--minify``: the compiled body is
parsed again, its names shortened from its scopes
(``mangle.py``), its tokens joined (``tokens.py``); both are byte edits of the compiled text,
applied in order by the edit layer (``text/position_map.py``), which returns the
``PositionMap`` from the minified text back to the compiled one.

The body is split at slots (the resolved ids of ``import()`` and ``require()``, known after
resolution): each slot reads as an empty string while minifying, and the output is split there
again. A text the grammar cannot read without errors, or with JSX, is left as it is (never
minified wrongly): the identity map.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from nbbundle.compile.javascript.query import collect
from nbbundle.compile.javascript.syntax import parse
from nbbundle.compile.minify.mangle import mangle
from nbbundle.compile.minify.tokens import Joined
from nbbundle.compile.text.position_map import PositionMap, apply_in_order
from nbbundle.compile.text.source_map import compose, pack, unpack

if TYPE_CHECKING:
    from nbbundle.compile.minify.names import MinifiedNames
    from nbbundle.compile.module import TopLevelStatement, TransformResult
    from nbbundle.compile.text.names import GeneratedNames

_PLACEHOLDER = b'""'


def minify_module(parts: tuple[str, ...] | str, *, module: bool = True, keep: frozenset[str] = frozenset(),
                  mangle_names: bool = True, compiler_names: GeneratedNames | None = None,
                  dependencies: int = 0) -> tuple[tuple[str, ...], PositionMap]:
    """The minified ``parts`` (a body split at slots, or one text), and the ``PositionMap`` from
    ``"".join`` of the result back to ``"".join(parts)``.

    ``module``: an ES module's body (strict; ``keep`` its top-level names that must stay: the
    exports, names the prologue declares); else a CommonJS function body or a script.
    ``compiler_names`` (and the number of ``dependencies``): the names the compiler added, made
    short (``minify_names`` says which).
    """
    minified, position_map, _, _ = _minify(parts, module=module, keep=keep, mangle_names=mangle_names,
                                        compiler_names=compiler_names, dependencies=dependencies)
    return minified, position_map


def _minify(parts: tuple[str, ...] | str, *, module: bool, keep: frozenset[str], mangle_names: bool,
            compiler_names: GeneratedNames | None,
            dependencies: int) -> tuple[tuple[str, ...], PositionMap, MinifiedNames | None, _Moves | None]:
    if isinstance(parts, str):
        parts = (parts,)
    encoded = [part.encode() for part in parts]
    data = _PLACEHOLDER.join(encoded)
    slots: list[int] = []
    offset = 0
    for chunk in encoded[:-1]:
        offset += len(chunk)
        slots.append(offset)
        offset += len(_PLACEHOLDER)
    parsed = parse(data)
    original = b"".join(encoded)
    captures = collect(parsed.tree) if mangle_names else None
    if parsed.tree.root_node.has_error or (captures is not None and captures.jsx):
        return parts, PositionMap(original, original, [(0, 0, len(original))]), None, None
    renames, short, top = (mangle(parsed.tree, captures, parsed.data, module=module, keep=keep,
                                  compiler_names=compiler_names, dependencies=dependencies)
                           if captures is not None else ({}, None, {}))
    joined = Joined(parsed.data, parsed.tree, renames, frozenset(slots))
    edits = joined.edits()
    output, position_map, at = apply_in_order(data, edits, anchored=True)
    # Split at the slots (each an edit of its own that replaced a placeholder by nothing).
    cuts = [at[index] for index in joined.slot_edits]
    out = position_map.output
    pieces = []
    previous = 0
    for cut in cuts:
        pieces.append(out[previous:cut].decode())
        previous = cut
    pieces.append(out[previous:].decode())
    # The map's original side without the placeholders: the text the compiler wrote.
    segments = _without_placeholders(position_map.segments, slots) if slots else position_map.segments
    del output
    moves = _Moves(edits, at, len(out) - len(data), slots, top)
    return tuple(pieces), PositionMap(out, original, segments), short, moves


def _without_placeholders(segments: list[tuple[int, int, int]], slots: list[int]) -> list[tuple[int, int, int]]:
    """``segments`` with each original offset less the placeholders before it (the segments and
    the slots both in order). The original offsets never decrease, so the segments after the
    k-th slot (and not after the next) are one slice, each moved back by k placeholders: a
    bisection per slot, then list comprehensions (a Python loop per segment cost more)."""
    originals = [segment[1] for segment in segments]
    bounds = [0, *(bisect_left(originals, slot + 1) for slot in slots), len(segments)]
    moved = segments[:bounds[1]]
    for placeholders in range(1, len(bounds) - 1):
        shift = len(_PLACEHOLDER) * placeholders
        after = segments[bounds[placeholders]:bounds[placeholders + 1]]
        moved.extend([(out, original - shift, length) for out, original, length in after])
    return moved


def minify_script(text: str) -> str:
    """A whole script or ES module's text minified (the runtime prelude, the widget's ``_esm``):
    whitespace and comments only, names as they are (its top level is shared or exported)."""
    parts, _ = minify_module(text, module=False, mangle_names=False)
    return "".join(parts)


def minify_result(result: TransformResult) -> TransformResult:
    """``result`` with its body minified (JavaScript and CommonJS modules; others as they are)."""
    if result.kind not in ("esm", "cjs") or result.failure is not None:
        return result
    keep = {export.local for export in result.exports.values() if hasattr(export, "local")}
    keep.update(local for local, _ in result.namespace_locals)
    keep.add(result.names.default)
    parts, position_map, short, moves = _minify(result.body_parts, module=result.kind == "esm", keep=frozenset(keep),
                                         mangle_names=True, compiler_names=result.names,
                                         dependencies=len(result.imports))
    # The source map's chain: minified body → compiled body → the user's text.
    positions = b""
    if result.positions:
        compiled = unpack(result.positions)
        composed = compose(position_map.segments, compiled)
        if len(parts) > 1:
            composed = _with_slot_marks(composed, compiled, _part_ends(result.body_parts), _part_ends(parts))
        positions = pack(composed)
    top_level = result.top_level
    if top_level is not None and moves is not None:
        top_level = moves.statements(top_level, "".join(result.body_parts), "".join(parts))
    if short is None:
        return result.replace(body_parts=parts, positions=positions, top_level=top_level)
    default = result.names.default
    exports = {name: export.replace(local=short.default) if getattr(export, "local", None) == default else export
               for name, export in result.exports.items()}
    return result.replace(body_parts=parts, names=short, exports=exports, positions=positions, top_level=top_level)


def _part_ends(parts: tuple[str, ...]) -> list[int]:
    """Where each slot is: the byte offset after each part but the last."""
    ends, offset = [], 0
    for part in parts[:-1]:
        offset += len(part.encode())
        ends.append(offset)
    return ends


def _with_slot_marks(composed: list[tuple[int, int, int]], compiled: list[tuple[int, int, int]],
                     compiled_slots: list[int], minified_slots: list[int]) -> list[tuple[int, int, int]]:
    """``composed`` with each slot's own mark put back: the compiled map's first zero-length
    segment at a slot stands for the specifier the user wrote (``SourceEdits.apply``), and
    ``render_mapped`` gives the resolved id written there that place. Composing loses it (the slot
    is empty text, so the minified text's segment there is the next token's, the ``)``): it goes
    back in front of the segments at the minified slot."""
    starts = [segment[0] for segment in compiled]
    marks = []
    for compiled_slot, minified_slot in zip(compiled_slots, minified_slots):
        index = bisect_left(starts, compiled_slot)
        if index < len(compiled) and compiled[index][0] == compiled_slot and not compiled[index][2]:
            marks.append((minified_slot, compiled[index][1], 0))
    if not marks:
        return composed
    marked: list[tuple[int, int, int]] = []
    index = 0
    for segment in composed:
        while index < len(marks) and marks[index][0] <= segment[0]:
            marked.append(marks[index])
            index += 1
        marked.append(segment)
    marked.extend(marks[index:])
    return marked


class _Moves:
    """Where the compiled text's places went (the edits, in order), for the records of tree
    shaking: each top-level statement's range and the names it declares and reads."""

    def __init__(self, edits: list[tuple[int, int, str]], at: list[int], growth: int, slots: list[int],
                 top: dict[str, str]) -> None:
        self.edits = edits
        self.at = at
        """Where each edit's text begins in the output: its start moved by the edits before it."""
        self.growth = growth
        """The output's length less the input's: the shift after the last edit."""
        self.starts = [start for start, _, _ in edits]
        # The slots where the compiled text (no placeholders) has them.
        self.slots = [slot - len(_PLACEHOLDER) * index for index, slot in enumerate(slots)]
        self.top = top

    def offset(self, compiled: int) -> int:
        """The minified byte offset of compiled byte ``compiled`` (a token's edge; slots aside)."""
        placed = compiled + len(_PLACEHOLDER) * bisect_left(self.slots, compiled)
        # The first edit that ends after ``placed`` (edits are in order and apart).
        index = bisect_right(self.starts, placed)
        if index and self.edits[index - 1][1] > placed:
            index -= 1
        if index < len(self.starts) and self.starts[index] < placed:
            placed = self.starts[index]  # inside white space or a comment that went: where it began
        shift = self.at[index] - self.starts[index] if index < len(self.starts) else self.growth
        return placed + shift

    def statements(self, statements: tuple[TopLevelStatement, ...], compiled: str,
                   minified: str) -> tuple[TopLevelStatement, ...]:
        wanted = sorted({edge for s in statements for edge in (s.start, s.end)})
        to_bytes = _char_to_byte(compiled, wanted)
        moved = {char: self.offset(to_bytes[char]) for char in wanted}
        to_chars = _byte_to_char(minified, sorted(set(moved.values())))
        name = self.top.get
        return tuple(s.replace(start=to_chars[moved[s.start]], end=to_chars[moved[s.end]],
                               declares=tuple(name(n, n) for n in s.declares),
                               references=tuple(name(n, n) for n in s.references)) for s in statements)


def _char_to_byte(text: str, chars: list[int]) -> dict[int, int]:
    if text.isascii():
        return {char: char for char in chars}
    found, byte, previous = {}, 0, 0
    for char in chars:
        byte += len(text[previous:char].encode())
        found[char], previous = byte, char
    return found


def _byte_to_char(text: str, offsets: list[int]) -> dict[int, int]:
    if text.isascii():
        return {offset: offset for offset in offsets}
    data = text.encode()
    found, char, previous = {}, 0, 0
    for offset in offsets:
        char += len(data[previous:offset].decode(errors="replace"))
        found[offset], previous = char, offset
    return found
