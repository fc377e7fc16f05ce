"""Render: a transform result plus its link result → the module initialization function.

The function's shape is the contract with the runtime, written out in ARCHITECTURE.md. The
prologue shares line 1 with the function header so the body keeps the source's line numbers.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from typing import TYPE_CHECKING

from nbbundle.compile.module import EXPORTS, MODULE, REQUIRE
from nbbundle.compile.text.names import GeneratedNames
from nbbundle.compile.text.source_map import MappedText, unpack

if TYPE_CHECKING:
    from nbbundle.bundle.graph import ModuleNode
    from nbbundle.bundle.link import LinkedModule

#: The parameters of an init function the compiler did not write (a site's CSS modules).
PARAMETERS = GeneratedNames().parameters
__all__ = ["EXPORTS", "MODULE", "PARAMETERS", "REQUIRE", "function_name", "render_module"]
_NOT_NAME = re.compile(r"[^A-Za-z0-9_$]")
#: ``json.dumps`` of a string (the same text) without the encoder's Python layers: a build writes
#: thousands of names and ids (three.js: 3,500).
string_literal = json.encoder.encode_basestring_ascii


def function_name(module_id: str) -> str:
    """A readable JavaScript name for a module id: ``lib/util.js`` → ``lib_util_js``.

    Stack traces then read ``at lib_util_js`` (esbuild names its wrappers for the same reason).
    """
    name = _NOT_NAME.sub("_", module_id.rsplit("node_modules/", 1)[-1])
    return f"_{name}" if name[:1].isdigit() or not name else name


def render_module(node: ModuleNode, linked: LinkedModule) -> str:
    """The init function of ``node`` as JavaScript text."""
    before, after = _around_body(node, linked)
    return before if after is None else before + _body(node) + after


def render_parts(node: ModuleNode, linked: LinkedModule) -> list[str]:
    """``render_module``'s text in pieces: the body's own parts, never copied into one string
    (the CLI's build encodes and writes the pieces: ``resources.Resource.parts``)."""
    before, after = _around_body(node, linked)
    if after is None:
        return [before]
    result = node.transform_result
    assert result is not None
    parts = result.body_parts
    pieces = [before, parts[0]]
    for specifier, part in zip(result.slot_specifiers, parts[1:]):
        pieces.append(_slot_text(node, specifier))
        pieces.append(part)
    pieces.append(after)
    return pieces


def render_mapped(node: ModuleNode, linked: LinkedModule, content: str) -> MappedText | None:
    """The init function of ``node`` (``render_module``'s text) with where its bytes came from
    in ``content``, the module's text; None for a module with nothing of the user's (JSON, CSS,
    a module that cannot link). The header and prologue map to nothing; a resolved specifier
    put in a slot stands for the specifier the user wrote."""
    result = node.transform_result
    assert result is not None
    before, after = _around_body(node, linked)
    if after is None or not result.positions:
        return None
    body = _body(node)
    segments = unpack(result.positions)
    shift = len(before.encode())
    if result.slot_specifiers:
        # Offsets after each slot move by the resolved id written there (in ``_body``'s order).
        boundaries, shifts, position, total = [], [], 0, shift
        for part, specifier in zip(result.body_parts, result.slot_specifiers):
            position += len(part.encode())
            total += len(_slot_text(node, specifier).encode())
            boundaries.append(position)
            shifts.append(total)
        moved = []
        filled: set[int] = set()
        for out, original, length in segments:
            index = bisect_right(boundaries, out) - 1
            if index >= 0 and out == boundaries[index] and not length and index not in filled:
                filled.add(index)  # the slot's own marker (``SourceEdits.apply``): before its text
                index -= 1
            moved.append((out + (shifts[index] if index >= 0 else shift), original, length))
        segments = moved
    else:
        segments = [(out + shift, original, length) for out, original, length in segments]
    return MappedText(before + body + after, segments, node.id, content)


def _around_body(node: ModuleNode, linked: LinkedModule) -> tuple[str, str | None]:
    """The text before and after the module's body (None after: the function has no body)."""
    result = node.transform_result
    assert result is not None
    names = result.names
    # A minified module's function needs no name for stack traces: they name no source line.
    name = "" if names.minified else function_name(node.id)
    if linked.error is not None:
        # A module that cannot link throws the engine's error when imported; nothing else runs.
        constructor, message = linked.error
        return (f'function {name}({names.parameters}) {{"use strict";'
                f"throw new {constructor}({json.dumps(message)});\n}}"), None
    if result.kind == "cjs":
        exported = json.dumps(linked.cjs_names)
        return (f"function {name}({names.parameters}) {{{names.require}.c(function (module, exports, require) {{",
                f"\n}}, {exported});}}")
    prologue = _prologue(node, linked)
    # A generator: the runtime runs it to its instantiation `yield` before any module of the
    # graph evaluates, and resumes it when the spec says its body runs; an async module's awaits
    # are compiled to yields too, unless a top-level `for await` keeps them native.
    keyword = "async function*" if _native_await(node, linked) else "function*"
    return f'{keyword} {name}({names.parameters}) {{"use strict";{prologue}', "\n}"


def _native_await(node: ModuleNode, linked: LinkedModule) -> bool:
    """An ``async function*``: its ``yield`` awaits, so it has no instantiation ``yield``."""
    result = node.transform_result
    assert result is not None
    return linked.is_async and result.native_await


def _body(node: ModuleNode) -> str:
    result = node.transform_result
    assert result is not None
    parts = result.body_parts
    if len(parts) == 1:
        return parts[0]
    pieces = [parts[0]]
    for specifier, part in zip(result.slot_specifiers, parts[1:]):
        pieces.append(_slot_text(node, specifier))
        pieces.append(part)
    return "".join(pieces)


def _slot_text(node: ModuleNode, specifier: str) -> str:
    """What a slot of ``node`` holds: the id its specifier resolved to, as a string literal."""
    return string_literal(node.resolved.get(specifier) or node.externals.get(specifier) or specifier)


def _prologue(node: ModuleNode, linked: LinkedModule) -> str:
    result = node.transform_result
    assert result is not None
    names = result.names
    require = names.require
    # A minified module's prologue is written without spaces (the names are short then too).
    comma, colon, arrow, eq = (",", ":", "()=>", "=") if names.minified else (", ", ": ", "() => ", " = ")
    getters = comma.join(f"{_key(name)}{colon}{arrow}{expression}" for name, expression in linked.getters.items())
    open_flag = f"{comma}true" if linked.dynamic_stars else ""
    lines = [f"{require}.d({names.exports}{comma}{{{getters}}}{open_flag});"]
    if result.default_needs_name and "default" in linked.getters:  # tree shaking may drop it
        lines.append(f'Object.defineProperty({names.default}, "name", {{ value: "default", configurable: true }});')
    internal: list[str] = []
    declarations: list[str] = []
    externals: list[str] = []
    awaited = "await" if result.native_await else "yield"
    # The namespace objects the module shows as values: `import * as ns`, `export * as ns from`.
    namespaces = linked.namespaces.union(index for _, index in result.namespace_locals)
    for index, record in enumerate(result.imports):
        if index in linked.dropped:
            continue
        url = node.externals.get(record.specifier)
        if url is not None:
            declarations.append(names.alias(index))
            externals.append(f"{names.alias(index)} = {awaited} import({json.dumps(url)});")
            continue
        module_id = string_literal(node.resolved.get(record.specifier, record.specifier))
        internal.append(module_id)
        # The names a re-export reads that are the dependency's own let/const/class: a read
        # before it starts (in a cycle) throws, as in their TDZ.
        lexical = linked.lexical_reads.get(index)
        lexical_names = f", {json.dumps(sorted(set(lexical)))}" if lexical else ""
        # Names of a CommonJS dependency its lexer does not find: read from module.exports.
        commonjs = linked.commonjs_reads.get(index)
        if commonjs:
            lexical_names = f"{lexical_names or ', []'}, {json.dumps(sorted(commonjs))}"
        declarations.append(f"{names.alias(index)}{eq}{require}.b({module_id}{lexical_names})")
        if index in namespaces:
            # An ES module's export names (and which are in a TDZ): its namespace has these keys
            # even before it starts, which a cycle can show.
            shape = linked.namespace_shapes.get(index)
            shape_args = ""
            if shape is not None and shape[0]:
                shape_args = f", {json.dumps(shape[0])}" + (f", {json.dumps(shape[1])}" if shape[1] else "")
            declarations.append(f"{names.namespace(index)}{eq}{require}.l({module_id}{shape_args})")
    if declarations:
        lines.append(f"var {comma.join(declarations)};")
    external_indexes = {i for i, r in enumerate(result.imports) if r.specifier in node.externals}
    late_namespaces = []
    for local, index in result.namespace_locals:
        if index in linked.dropped:
            continue
        if index in external_indexes:  # the alias of a URL module is its namespace, after the await
            late_namespaces.append(f"const {local} = {names.alias(index)};")
        else:
            lines.append(f"const {local}{eq}{names.namespace(index)};")
    if not _native_await(node, linked):
        # Instantiation ends here (js/instantiation.js): the exports are defined, the imports
        # linked and the functions hoisted, before any module of the graph evaluates.
        lines.append("yield;")
    if linked.is_async:
        # Wait only when a dependency is still running: a module whose dependencies are done (or
        # are its own ancestors in a cycle) runs on synchronously, as the spec's evaluation does.
        # The runtime resumes it after the yield; `1` says it has top-level await ([[HasTLA]]).
        tla = ", 1" if linked.has_tla else ""
        lines.append(f"if ({require}.a([{', '.join(internal)}]{tla})) yield;")
    else:
        lines.extend(f"{require}({module_id});" for module_id in internal)
    # URL imports are awaited like the body's first statements, after the imports in the bundle.
    lines.extend(externals)
    lines.extend(late_namespaces)
    if linked.dynamic_stars:
        sources = ", ".join(names.alias(index) for index in linked.dynamic_stars)
        lines.append(f"{require}.s({names.exports}, [{sources}]);")
    return ("" if names.minified else " ").join(lines) + ("" if names.minified else " ")


def _key(name: str) -> str:
    # A literal "__proto__" key would set the object's prototype instead of naming an export.
    return '["__proto__"]' if name == "__proto__" else string_literal(name)
