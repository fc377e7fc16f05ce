"""``process.env.NODE_ENV`` → ``"development"``, as esbuild and Vite define it for the browser.

Packages written for bundlers choose their build with it: React's ``index.js`` is
``if (process.env.NODE_ENV === "production") … else …``, and a browser has no ``process``. Only
the global ``process`` is replaced, never a local or imported one. Development, because that is
what a live notebook runs (React's refresh needs React's development build) and what esbuild
defines when it does not minify.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.parse import binding_scope, is_inside, word_positions

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.edits import SourceEdits

NODE_ENV = '"development"'


def define_node_env(root: Node, data: bytes, edits: SourceEdits) -> None:
    """Replace every ``process.env.NODE_ENV`` read of the global ``process`` under ``root``.

    Candidates are the places the word ``process`` stands, each checked against the tree, as
    ``transform.py`` finds ``import.meta`` (a whole-tree query costs a three.js build a third).
    """
    found = []
    for start in word_positions(data, b"process"):
        node = root.descendant_for_byte_range(start, start + 7)
        if node is not None and node.type == "identifier":
            found.append(node)
    if not found:
        return
    scopes = {scope.id for scope in (binding_scope(node) for node in found) if scope is not None}
    for node in found:
        env = node.parent
        if env is None or env.type != "member_expression" or env.child_by_field_name("object") != node:
            continue
        name = env.parent
        if (_property(env) != "env" or name is None or name.type != "member_expression"
                or name.child_by_field_name("object") != env or _property(name) != "NODE_ENV"):
            continue
        if scopes and is_inside(node, scopes):
            continue
        if name.parent is not None and name.parent.type == "assignment_expression" \
                and name.parent.child_by_field_name("left") == name:
            continue  # an assignment to it is left alone
        edits.replace(name.start_byte, name.end_byte, NODE_ENV)


def _property(member: Node) -> str | None:
    prop = member.child_by_field_name("property")
    return prop.text.decode() if prop is not None and prop.type == "property_identifier" and prop.text else None
