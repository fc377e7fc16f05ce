"""Top-level ``await`` compiled for the runtime that evaluates async modules.

An async module's init function is a generator (ARCHITECTURE.md, the init-function contract):
the runtime must be able to start its body synchronously at the moment ECMA-262 says, in the
middle of another module's job, which a native ``await`` cannot give (it always resumes in a
job of its own). So every top-level ``await x`` becomes ``<require>.y(yield(x))``: the runtime
awaits ``x`` with the engine's own promise steps (the same ticks as ``await``) and resumes the
generator with the value or the error. The call keeps the expression's first token an
identifier, as ``await`` is, so automatic semicolon insertion before it is unchanged, and the
parenthesis after ``yield`` keeps a line break after ``await`` from ending the ``yield``.

A top-level ``for await`` has no such small rewrite; a module with one keeps native awaits
(``native_await``) and is an ``async function*``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.text.edits import SourceEdits
    from nbbundle.compile.text.names import GeneratedNames


def compile_top_level_awaits(awaits: list[Node], names: GeneratedNames, edits: SourceEdits) -> bool:
    """Rewrite each top-level ``await`` expression; return True (nothing rewritten) for a
    module with a top-level ``for await``, whose awaits stay native."""
    if any(node.type == "for_in_statement" for node in awaits):
        return True
    for node in awaits:
        keyword = node
        while keyword.child_count:  # `await`, or the call `await (x)` read as (grammar_repairs)
            keyword = keyword.children[0]
        edits.replace(keyword.start_byte, keyword.end_byte, f"{names.require}.y(yield(")
        edits.replace(node.end_byte, node.end_byte, "))")
    return False
