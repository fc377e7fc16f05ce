"""TypeScript's legacy decorators (``experimentalDecorators`` in ``tsconfig.json``), as ``tsc`` emits them.

Lit, MobX 4–6, TypeORM and Angular-style code decorate classes and members the way TypeScript
did before the standard: a decorator is a function called after the class is defined, with the
class (``@customElement("x") class X``), or the prototype (or the class, for ``static``
members), the member's name and, for methods and accessors, its property descriptor. ``tsc``
turns each into a ``__decorate([…], target, "name", desc)`` call after the class; so does
this step, with ``tslib``'s two helpers declared once on line 1:

    @sealed class C {              let C = class C {
      @log hi() {}          →        hi() {}
      m(@inject(1) p) {}             m(p) {}
    }                              }; __decorate([log], C.prototype, "hi", null); __decorate([__param(0,
                                   inject(1))], C.prototype, "m", null); C = __decorate([sealed], C);

Order as ``tsc``'s: instance members, then static members, each in source order, then the
class (constructor parameters' decorators last). A decorated class becomes a ``let`` bound to a
class expression, so that the decorator's result replaces it; references to the class inside
its body go through an alias set by a static block (``C_1 = this``) and then to the result, as
``tsc`` does, so a method that says ``new C()`` builds the decorated class. Decorator
expressions move to after the class: each keeps its stripped text (types removed) on the class's
last line, and its own lines stay blank, so every line of the module keeps its number.

Without ``experimentalDecorators`` the decorators are the standard ones, which browsers do not
run yet and which nbbundle does not lower: the pre-pass says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from nbbundle.compile.typescript.scope_walk import references_to, walk_references

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

# tslib's __decorate and __param (0BSD), one line each.
_DECORATE = ("var {decorate} = function (decorators, target, key, desc) {{ var c = arguments.length, "
             "r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d; "
             "if (typeof Reflect === \"object\" && typeof Reflect.decorate === \"function\") "
             "r = Reflect.decorate(decorators, target, key, desc); else for (var i = decorators.length - 1; i >= 0; i--) "
             "if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r; "
             "return c > 3 && r && Object.defineProperty(target, key, r), r; }};")
_PARAM = ("var {param} = function (paramIndex, decorator) {{ return function (target, key) "
          "{{ decorator(target, key, paramIndex); }}; }};")

_CLASSES = frozenset({"class_declaration", "abstract_class_declaration"})
_MEMBERS = frozenset({"method_definition", "public_field_definition", "abstract_method_signature"})
_PARAMETERS = frozenset({"required_parameter", "optional_parameter"})
_LINE_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2028": " ", "\u2029": " "})


@dataclass
class _Member:
    node: Node
    decorators: list[Node] = field(default_factory=list)
    parameters: list[tuple[int, Node]] = field(default_factory=list)
    """(parameter index, decorator) of the member's parameters, in order."""


@dataclass
class _Class:
    node: Node
    decorators: list[Node] = field(default_factory=list)
    members: dict[int, _Member] = field(default_factory=dict)
    """Member start byte → its decorators, in source order once sorted."""


def lower_legacy_decorators(p: PrePass, decorators: list[Node]) -> None:
    """Compile every decorator of the module as ``tsc`` does with ``experimentalDecorators``."""
    classes: dict[int, _Class] = {}
    for decorator in sorted(decorators, key=lambda n: n.start_byte):
        _place(p, decorator, classes)
    if not classes:
        return
    expressions = [d for c in classes.values() for d in _all_decorators(c)]
    for decorator in expressions:  # the copy goes on one line, where a `//` comment would end it
        if b"\n" in decorator.text:
            for comment in p.captures("(comment) @comment", decorator).get("comment", []):
                p.edits.blank(comment.start_byte, comment.end_byte)
    texts = dict(zip((d.id for d in expressions),
                     p.edits.texts_of([(_expression(d).start_byte, d.end_byte) for d in expressions]), strict=True))
    names = {"decorate": p.unique_name("__decorate"), "param": None}
    for decorator in expressions:
        p.blank(decorator)
    for found in sorted(classes.values(), key=lambda c: c.node.start_byte):
        _lower_class(p, found, {d.id: _one_line(p, d, texts[d.id]) for d in _all_decorators(found)}, names)
    p.header.append(_DECORATE.format(decorate=names["decorate"]))
    if names["param"] is not None:
        p.header.append(_PARAM.format(param=names["param"]))


def _place(p: PrePass, decorator: Node, classes: dict[int, _Class]) -> None:
    """File ``decorator`` under its class and member, or refuse a place ``tsc`` refuses."""
    parent = decorator.parent
    assert parent is not None
    if parent.type == "export_statement":
        parent = parent.child_by_field_name("declaration") or parent
    if parent.type in _CLASSES or (parent.type == "class" and _is_default_export(parent)):
        _class(classes, parent).decorators.append(decorator)
        return
    member: Node | None = None
    index = -1
    if parent.type == "class_body":  # `@log hi() {}`: the decorator precedes its member
        member = decorator.next_named_sibling
        while member is not None and member.type == "decorator":
            member = member.next_named_sibling
    elif parent.type in _MEMBERS:
        member = parent
    elif parent.type in _PARAMETERS:
        parameters = parent.parent
        member = parameters.parent if parameters is not None else None
        index = [c.id for c in parameters.named_children if c.type in _PARAMETERS].index(parent.id) if parameters else -1
    body = member.parent if member is not None else None
    owner = body.parent if body is not None else None
    if member is None or member.type not in _MEMBERS or owner is None or \
            not (owner.type in _CLASSES or (owner.type == "class" and _is_default_export(owner))):
        raise p.error(decorator, "Decorators are not valid here",
                      "With experimentalDecorators, TypeScript decorates class declarations, their "
                      "methods, accessors, properties and parameters (not class expressions or functions).")
    record = _class(classes, owner)
    if _is_constructor(p, member):
        if index < 0:
            raise p.error(decorator, "Decorators are not valid here", "Decorate the class instead of its constructor.")
        record.members.setdefault(-1, _Member(member)).parameters.append((index, decorator))  # they decorate the class
        return
    entry = record.members.setdefault(member.start_byte, _Member(member))
    if index < 0:
        entry.decorators.append(decorator)
    else:
        entry.parameters.append((index, decorator))


def _is_default_export(node: Node) -> bool:
    """``export default class {}``: the grammar reads an anonymous class there as an expression."""
    parent = node.parent
    return parent is not None and parent.type == "export_statement" and any(c.type == "default" for c in parent.children)


def _class(classes: dict[int, _Class], node: Node) -> _Class:
    return classes.setdefault(node.start_byte, _Class(node))


def _is_constructor(p: PrePass, member: Node) -> bool:
    name = member.child_by_field_name("name")
    return member.type == "method_definition" and name is not None and p.text(name) == "constructor"


def _all_decorators(found: _Class) -> list[Node]:
    return [*found.decorators, *(d for m in found.members.values() for d in m.decorators),
            *(d for m in found.members.values() for _, d in m.parameters)]


def _expression(decorator: Node) -> Node:
    """What follows the ``@``."""
    return decorator.named_children[-1]


def _one_line(p: PrePass, decorator: Node, text: str) -> str:
    """The decorator's expression for the class's last line: its line breaks become spaces.

    Its comments are blanked already; a template literal that spans lines would change.
    """
    if any(c in text for c in "\n\r\u2028\u2029"):
        templates = p.captures("(template_string) @template", decorator).get("template", [])
        if any(b"\n" in n.text or b"\r" in n.text for n in templates):
            raise p.error(decorator, "A decorator with a template literal over several lines",
                          "Move the template into a constant and decorate with that.")
    return text.translate(_LINE_BREAKS).strip()


def _lower_class(p: PrePass, found: _Class, texts: dict[int, str], names: dict[str, str | None]) -> None:
    node = found.node
    body = node.child_by_field_name("body")
    assert body is not None
    name_node = node.child_by_field_name("name")
    statement = node.parent if node.parent is not None and node.parent.type == "export_statement" else None
    is_default = statement is not None and any(c.type == "default" for c in statement.children)
    name = p.text(name_node) if name_node is not None else p.unique_name("default_1")
    calls: list[str] = []
    members = sorted((m for key, m in found.members.items() if key != -1), key=lambda m: m.node.start_byte)
    for static in (False, True):
        for member in members:
            if _is_static(member.node) == static and (member.decorators or member.parameters):
                calls.append(_member_call(p, member, name, texts, names))
    tail = "; " + " ".join(calls)
    constructor = found.members.get(-1)
    if found.decorators or constructor is not None:
        # tsc's order: the class's own decorators, then its constructor's parameters'.
        applied = [texts[d.id] for d in found.decorators]
        applied += [f"{_param(p, names)}({index}, {texts[d.id]})" for index, d in (constructor.parameters if constructor else [])]
        alias = _alias_self_references(p, body, name)
        target = f"{name} = {alias} = " if alias else f"{name} = "
        tail += f" {target}{names['decorate']}([{', '.join(applied)}], {name});"
        class_keyword = next(c for c in node.children if c.type == "class")
        declare = f"var {alias}; " if alias else ""
        if is_default:
            assert statement is not None
            p.blank_range(next(c for c in statement.children if c.type == "export").start_byte, node.start_byte)
            tail += f" export default {name};"
        if declare:  # before `export`: `export var C_1; let C = …` would export the alias instead
            p.edits.insert((statement or node).start_byte, declare)
        p.edits.insert(class_keyword.start_byte, f"let {name} = ")
    p.edits.insert(node.end_byte, tail)


def _is_static(member: Node) -> bool:
    return any(c.type == "static" for c in member.children)


def _param(p: PrePass, names: dict[str, str | None]) -> str:
    if names["param"] is None:
        names["param"] = p.unique_name("__param")
    return names["param"]


def _member_call(p: PrePass, member: _Member, class_name: str, texts: dict[int, str],
                 names: dict[str, str | None]) -> str:
    key = member.node.child_by_field_name("name")
    assert key is not None
    if key.type == "property_identifier":
        name = json.dumps(p.text(key))
    elif key.type in ("string", "number"):
        name = p.text(key)
    else:  # a computed key is evaluated once by the class; tsc keeps it in a temporary
        raise p.error(key, "A decorated member needs a plain name",
                      'Name the member with an identifier or a string (`@dec "a b"() {}`).')
    applied = [texts[d.id] for d in member.decorators]
    applied += [f"{_param(p, names)}({index}, {texts[d.id]})" for index, d in member.parameters]
    target = class_name if _is_static(member.node) else f"{class_name}.prototype"
    descriptor = "void 0" if member.node.type == "public_field_definition" else "null"
    return f"{names['decorate']}([{', '.join(applied)}], {target}, {name}, {descriptor});"


def _alias_self_references(p: PrePass, body: Node, name: str) -> str | None:
    """Point the class body's references to the class at an alias the decorated class replaces.

    None when the body does not name the class.
    """
    identifiers, shorthands = references_to(p, {name}, body)
    uses = [use.node for use in walk_references(p, identifiers + shorthands, body) if not use.shadowed]
    uses = [n for n in uses if not p.is_blanked(n.start_byte)]
    if not uses:
        return None
    alias = p.unique_name(f"{name}_1")
    for node in uses:
        text = f"{name}: {alias}" if node.type == "shorthand_property_identifier" else alias
        p.edits.replace(node.start_byte, node.end_byte, text)
    open_brace = body.children[0]
    p.edits.insert(open_brace.end_byte, f" static {{ {alias} = this; }}")
    return alias
