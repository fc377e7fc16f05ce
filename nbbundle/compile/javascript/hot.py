"""Static reading of ``import.meta.hot`` calls: which deps and exports a module accepts.

The graph needs this before any view ran the module (Vite's importAnalysis does the same):
``accept()`` / ``accept(cb)`` make a module self-accepting, ``accept("./dep.js", cb)`` and
``accept(["./a.js", "./b.js"], cb)`` accept dependencies, ``acceptExports(["x"], cb)`` accepts
changes that only touch those exports. A dependency is a string, a template without
substitutions, or an array of those, with comments anywhere; it is resolved like an import
specifier (``bundle/load.py``), and its literal is replaced by the module id it resolves to, so the
runtime compares ids, never spellings. Besides the written-out form, a module may keep the
context in a variable (``const hot = import.meta.hot; hot.accept(…)``): ``hot_alias`` finds
the variable, and the symbol table finds its uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import is_static_template, string_value
from nbbundle.compile.javascript.syntax import named_children
from nbbundle.compile.module import HotInfo, ImportRecord

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.javascript.symbols import SymbolTable
    from nbbundle.compile.text.edits import SourceEdits


def hot_member(meta: Node) -> Node | None:
    """The ``import.meta.hot`` member expression this ``import.meta`` starts, if it is one."""
    member = meta.parent
    if member is None or member.type != "member_expression" or _property(member) != "hot":
        return None
    return member


def hot_alias(member: Node) -> Node | None:
    """The identifier in ``const hot = import.meta.hot`` when ``member`` is that initializer."""
    declarator = member.parent
    if declarator is None or declarator.type != "variable_declarator" or declarator.child_by_field_name("value") != member:
        return None
    name = declarator.child_by_field_name("name")
    return name if name is not None and name.type == "identifier" else None


def read_call(target: Node, hot: HotInfo, specifiers: list[Node]) -> HotInfo:
    """Fold ``<target>.accept(…)``/``<target>.acceptExports(…)`` into ``hot``, if that is what it is.

    ``target`` is ``import.meta.hot`` or a use of its alias; the literals naming dependencies
    are appended to ``specifiers``.
    """
    method_node = target.parent
    if method_node is None or method_node.type != "member_expression" or method_node.child_by_field_name("object") != target:
        return hot
    method = _property(method_node)
    call = method_node.parent
    if method not in ("accept", "acceptExports") or call is None or call.type != "call_expression":
        return hot
    arguments = call.child_by_field_name("arguments")
    values = named_children(arguments) if arguments is not None else []
    literals = _literals(values[0] if values else None)
    if method == "acceptExports":
        names = tuple(string_value(node) for node in literals or ())
        return hot.replace(accepted_exports=(hot.accepted_exports or ()) + names)
    if literals is None:  # accept() or accept(callback)
        return hot.replace(self_accepting=True)
    specifiers.extend(literals)
    return hot.replace(accepted_deps=hot.accepted_deps + tuple(string_value(node) for node in literals))


def _property(member: Node) -> str | None:
    node = member.child_by_field_name("property")
    return node.text.decode() if node is not None and node.text is not None else None


def _literals(node: Node | None) -> list[Node] | None:
    """A string literal, or an array of them (templates without substitutions count), else None."""
    if node is None:
        return None
    if node.type == "string" or is_static_template(node):
        return [node]
    if node.type == "array":
        return [child for child in named_children(node) if child.type == "string" or is_static_template(child)]
    return None


def read_hot_calls(targets: list[Node], alias_declarations: list[Node], table: SymbolTable,
                   texts: dict[int, bytes], edits: SourceEdits) -> tuple[HotInfo, list[ImportRecord]]:
    """What the ``import.meta.hot`` calls accept: those written out (``targets``, from
    ``hot_member``) and those made through a local alias (each alias's uses, from the symbol
    table), with a slot for the id of each dependency they name."""
    hot = HotInfo()
    specifiers: list[Node] = []
    for target in targets:
        hot = read_call(target, hot, specifiers)
    for declared in alias_declarations:
        name = texts[declared.start_byte]
        own = next(r for r in table.references if r.node.start_byte == declared.start_byte)
        binding = table.resolve(name, own.record)
        for reference in table.references:
            if reference is not own and reference.name == name and table.resolve(name, reference.record) is binding:
                hot = read_call(reference.node, hot, specifiers)
    dependencies = []
    for literal in specifiers:
        specifier = string_value(literal)
        dependencies.append(ImportRecord(specifier, "hot", (literal.start_byte, literal.end_byte)))
        edits.slot(literal.start_byte, literal.end_byte, specifier)
    return hot, dependencies
