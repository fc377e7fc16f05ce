"""``process.env.NODE_ENV`` → ``"development"``, as esbuild and Vite define it for the browser.

Packages written for bundlers choose their build with it: React's ``index.js`` is
``if (process.env.NODE_ENV === "production") … else …``, and a browser has no ``process``. Only
the global ``process`` is replaced (the symbol table says which references have no declaration),
never a local or imported one. Development, because that is what a live notebook runs (React's
refresh needs React's development build) and what esbuild defines when it does not minify.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.symbols import Reference, SymbolTable
    from nbbundle.compile.text.edits import SourceEdits

NODE_ENV = '"development"'
PROCESS = b"process"


def define_node_env(table: SymbolTable, references: list[Reference], edits: SourceEdits) -> None:
    """Replace every read of ``process.env.NODE_ENV`` where ``process`` is the global."""
    for reference in references:
        if reference.name != PROCESS or table.resolve(PROCESS, reference.record) is not None:
            continue
        node = reference.node
        env = node.parent
        if node.type != "identifier" or env is None or env.type != "member_expression" \
                or env.child_by_field_name("object") != node:
            continue
        name = env.parent
        if (_property(env) != "env" or name is None or name.type != "member_expression"
                or name.child_by_field_name("object") != env or _property(name) != "NODE_ENV"):
            continue
        if name.parent is not None and name.parent.type == "assignment_expression" \
                and name.parent.child_by_field_name("left") == name:
            continue  # an assignment to it is left alone
        edits.replace(name.start_byte, name.end_byte, NODE_ENV)


def _property(member: Node) -> str | None:
    prop = member.child_by_field_name("property")
    return prop.text.decode() if prop is not None and prop.type == "property_identifier" and prop.text else None
