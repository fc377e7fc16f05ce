"""References and the scopes around them, found by one walk down the tree.

Whether a reference is shadowed (``PrePass.shadowed``) is a question about its ancestors; asked
with ``Node.parent`` it costs, per reference, the square of its depth (tree-sitter finds a
parent by descending from the root), and a module of many nested references (JSX in JSX,
namespaces in namespaces) became cubic. Here one ``TreeCursor`` walk goes down to every
reference in source order, entering only the subtrees that hold one, and keeps, for each name,
the depths of the open scopes that declare it (and of the open nodes that *provide* it, such as
the namespace bodies whose exports are qualified): each answer is then the top of a stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from tree_sitter import Node

Payload = TypeVar("Payload")


class PrePass(Protocol):
    """What the walk asks of ``syntax.PrePass`` (which builds on this module)."""

    def text(self, node: Node) -> str: ...
    def names_declared_by(self, node: Node) -> set[str]: ...
    def captures(self, text: str, node: Node | None = None) -> dict[str, list[Node]]: ...


@dataclass(frozen=True, slots=True)
class Use(Generic[Payload]):
    """One reference, seen from where it stands."""

    node: Node
    name: str
    shadowed: bool
    """A scope between the reference and its provider (or the root) declares the name, or the
    reference is the name a declarator declares."""
    provider: Payload | None
    """The payload of the innermost open node that provides the name, or None."""


def walk_references(p: PrePass, refs: list[Node], root: Node,
                    providers: dict[int, tuple[Payload, set[str]]] | None = None) -> Iterator[Use[Payload]]:
    """Each of ``refs`` (nodes under ``root``) in source order, with its scopes.

    ``providers`` maps a node's id to (payload, the names it provides to what it holds): a
    reference under it to one of those names has it as ``provider``, and is shadowed only by a
    scope declaring the name inside it. Without a provider, any enclosing scope below ``root``
    that declares the name shadows it.
    """
    refs = sorted(refs, key=lambda n: n.start_byte)
    if not refs:
        return
    names = {p.text(n) for n in refs}
    providers = providers or {}
    declared_at: dict[str, list[int]] = {}  # name → depths of open scopes declaring it
    provided_at: dict[str, list[tuple[int, Payload]]] = {}  # name → (depth, payload) of open providers
    opened: list[tuple[list[str], list[str]]] = []  # per open node: names it declared, names it provided
    path: list[Node] = []

    def enter(node: Node) -> None:
        depth = len(path)
        path.append(node)
        declared = [n for n in p.names_declared_by(node) if n in names] if depth else []
        for name in declared:
            declared_at.setdefault(name, []).append(depth)
        provided: list[str] = []
        provider = providers.get(node.id)
        if provider is not None:
            provided = [n for n in provider[1] if n in names]
            for name in provided:
                provided_at.setdefault(name, []).append((depth, provider[0]))
        opened.append((declared, provided))

    def leave() -> None:
        path.pop()
        declared, provided = opened.pop()
        for name in declared:
            declared_at[name].pop()
        for name in provided:
            provided_at[name].pop()

    # The cursor stands on path[-1]: the deepest node entered, which holds the next reference.
    cursor = root.walk()
    enter(root)
    for target in refs:
        offset = target.start_byte
        while not path[-1].start_byte <= offset < path[-1].end_byte:  # out, and on to a later sibling
            if len(path) == 1:
                return
            leave()
            while cursor.goto_next_sibling():
                if cursor.node.end_byte > offset:
                    enter(cursor.node)
                    break
            else:
                cursor.goto_parent()
        while path[-1] != target:  # down to it, through the child that holds it
            if not cursor.goto_first_child():
                break
            while cursor.node.end_byte <= offset and cursor.goto_next_sibling():
                pass
            child = cursor.node
            if not child.start_byte <= offset < child.end_byte:
                cursor.goto_parent()
                break
            enter(child)
        if path[-1] != target:
            continue  # not under ``root``
        name = p.text(target)
        parent = path[-2]
        own_declaration = parent.type == "variable_declarator" and parent.child_by_field_name("name") == target
        providing = provided_at.get(name)
        depth, payload = providing[-1] if providing else (0, None)
        declaring = declared_at.get(name)
        yield Use(target, name, own_declaration or (bool(declaring) and declaring[-1] > depth), payload)


#: Every identifier and shorthand property: one query for any set of names, compiled once per
#: process. A query per set of names (``#any-of?`` with the names) cost 2 ms of CPU to compile
#: each time, nearly twice what filtering every identifier of a module in Python costs.
_REFERENCES = "(identifier) @ref (shorthand_property_identifier) @short"


def references_to(p: PrePass, names: set[str], node: Node | None = None) -> tuple[list[Node], list[Node]]:
    """The identifiers and the shorthand properties (``{a}``) under ``node`` named in ``names``."""
    found = p.captures(_REFERENCES, node)
    return ([n for n in found.get("ref", []) if p.text(n) in names],
            [n for n in found.get("short", []) if p.text(n) in names])
