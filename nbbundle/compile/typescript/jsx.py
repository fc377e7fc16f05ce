"""JSX → function calls, by edits of the JSX tokens only, so expressions stay where they were.

The automatic runtime (React 17+, Preact, any ``jsxImportSource``) calls ``jsx``/``jsxs`` of
``<source>/jsx-runtime``::

    <div className="a" key={id}>hi {name}</div>
    jsxs("div", { className: "a", children: ["hi ", name] }, id)

and falls back to ``createElement`` of ``<source>`` when ``key`` comes after a spread, as React's
rules say. The classic runtime calls the factory (``React.createElement``, or ``h`` with
``/** @jsx h */``) with children as arguments. Text children follow Babel's rules (lines trimmed
and joined by one space, HTML entities decoded), the output esbuild and TypeScript give.

Every element is compiled on its own (tags, attribute names, separators): what sits between the
tokens (``{name}``, nested elements, TypeScript types) is left to its own edits, and keeps its
line and column unless a tag before it on the same line changed length.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from nbbundle.compile.javascript.syntax import leaves

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

_PRAGMA = re.compile(r"@(jsxImportSource|jsxRuntime|jsxFrag|jsx)\s+([^\s*]+)")
_ELEMENTS = "[(jsx_element) (jsx_self_closing_element)] @element"
_TEXT = frozenset({"jsx_text", "html_character_reference"})
@functools.cache
def _entities() -> dict[str, int]:
    """HTML's named entities (loaded on first use: a ``.ts`` module never needs them)."""
    import html.entities

    return {**html.entities.name2codepoint, "apos": 0x27}
_ENTITY = re.compile(r"&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));")
_IDENTIFIER_NAME = re.compile(r"^[A-Za-z_$][\w$]*$")


def pragmas(p: PrePass) -> dict[str, str]:
    """``@jsx``, ``@jsxFrag``, ``@jsxImportSource`` and ``@jsxRuntime`` from the comments."""
    found: dict[str, str] = {}
    if p.kind == "ts":
        return found
    for comment in p.captures("(comment) @comment").get("comment", []):
        for name, value in _PRAGMA.findall(p.text(comment)):
            found.setdefault(name, value)
    return found


def factory_roots(p: PrePass, names: set[str]) -> set[str]:
    """Imported names the classic runtime's calls use (``React`` of ``React.createElement``)."""
    if p.kind == "ts" or p.options.jsx.runtime != "classic":
        return set()
    elements = p.captures(_ELEMENTS).get("element", [])
    if not elements:
        return set()
    roots = {p.options.jsx.factory.split(".", 1)[0]}
    if any(_is_fragment(e) for e in elements):
        roots.add(p.options.jsx.fragment.split(".", 1)[0])
    return roots & names


def compile_jsx(p: PrePass) -> None:
    if p.kind == "ts":
        return
    elements = p.captures(_ELEMENTS).get("element", [])
    if not elements:
        return
    p.has_jsx = True
    compiler = _JsxCompiler(p)
    for element in elements:
        if not p.is_blanked(element.start_byte):
            compiler.element(element)
    compiler.add_imports()


@dataclass
class _Child:
    node: Node
    start: int
    end: int
    kind: str
    """``text`` (with ``value``), ``expression``, ``spread`` or ``element``."""
    value: str = ""


class _JsxCompiler:
    def __init__(self, p: PrePass) -> None:
        self.p = p
        self.jsx = p.options.jsx
        self.automatic = self.jsx.runtime == "automatic"
        self.used: dict[str, str] = {}
        """Runtime export → local name, for the import added to line 1."""

    def runtime(self, export: str, element: Node) -> str:
        source = self.jsx.import_source if export == "createElement" else f"{self.jsx.import_source}/jsx-runtime"
        known = self.p.origins.get(source)
        if known is None or element.start_byte < known[0]:  # the first element: the captures come unordered
            self.p.origins[source] = (element.start_byte, element.end_byte)
        if export not in self.used:
            self.used[export] = self.p.unique_name(f"_{export}")
        return self.used[export]

    def add_imports(self) -> None:
        p = self.p
        runtime_names = [e for e in ("jsx", "jsxs", "Fragment") if e in self.used]
        sources = []
        if runtime_names:
            sources.append((f"{self.jsx.import_source}/jsx-runtime", runtime_names))
        if "createElement" in self.used:
            sources.append((self.jsx.import_source, ["createElement"]))
        for source, exports in sources:
            if p.commonjs:
                bindings = ", ".join(f"{e}: {self.used[e]}" for e in exports)
                p.header.append(f"const {{ {bindings} }} = require({json.dumps(source)});")
            else:
                bindings = ", ".join(f"{e} as {self.used[e]}" for e in exports)
                p.header.append(f"import {{ {bindings} }} from {json.dumps(source)};")

    # -- one element ---------------------------------------------------------------------------

    def element(self, element: Node) -> None:
        p = self.p
        self_closing = element.type == "jsx_self_closing_element"
        opening = element if self_closing else element.child_by_field_name("open_tag")
        closing = None if self_closing else element.child_by_field_name("close_tag")
        name = opening.child_by_field_name("name")
        if closing is not None:
            self._check_closing_tag(name, closing)
        attributes = [a for a in opening.children_by_field_name("attribute")]
        children = [] if self_closing else self._children(element)
        key, create_element = self._key(attributes)
        props = [a for a in attributes if a is not key or create_element]
        many = len(children) > 1 or any(c.kind == "spread" for c in children)
        if not self.automatic:
            callee = self.jsx.factory
        elif create_element:
            callee = self.runtime("createElement", element)
        else:
            callee = self.runtime("jsxs" if many else "jsx", element)
        children_in_props = self.automatic and not create_element
        less_than = opening.children[0]
        if name is None:  # <>…</>
            fragment = self.jsx.fragment if not self.automatic else self.runtime("Fragment", element)
            p.edits.replace(less_than.start_byte, less_than.end_byte, f"{callee}({fragment}")
            after_type = less_than.end_byte
        else:
            p.edits.replace(less_than.start_byte, name.start_byte, f"{callee}(")
            if _is_intrinsic(p, name):
                p.edits.replace(name.start_byte, name.end_byte, json.dumps(p.text(name).replace(" ", "")))
            after_type = name.end_byte
        has_object = bool(props) or children_in_props
        p.edits.insert(after_type, ", {" if has_object else ", null")
        if key is not None and not create_element:
            p.blank(key)  # passed as the third argument instead
        for index, attribute in enumerate(props):
            p.edits.insert(attribute.start_byte, ", " if index else " ")
            self._attribute(attribute)
        key_argument = "" if key is None or create_element else f", {self._key_value(key)}"
        if self_closing:
            end_object = (" }" if props else "}") if has_object else ""
            slash = element.children[-1]
            p.edits.replace(slash.start_byte, slash.end_byte, end_object + key_argument + ")")
            return
        greater_than = opening.children[-1]
        if children_in_props and children:
            start = (", " if props else " ") + "children: " + ("[" if many else "")
            end = ("]" if many else "") + " }"
        elif children_in_props:
            start, end = " }", ""
        else:
            start, end = (" }" if props else ""), ""
        p.edits.replace(greater_than.start_byte, greater_than.end_byte, start)
        for index, child in enumerate(children):
            if index or not children_in_props:
                p.edits.insert(child.start, ", ")
            self._child(child)
        p.edits.replace(closing.start_byte, closing.end_byte, end + key_argument + ")")

    def _check_closing_tag(self, name: Node | None, closing: Node) -> None:
        """``<b>x</i>``: the grammar takes any closing tag; JSX, tsc and esbuild want the
        opening tag's name again (compared token by token: ``<A.B>`` closes with ``</A . B>``)."""
        closing_name = closing.child_by_field_name("name")
        if _tag_tokens(self.p, name) == _tag_tokens(self.p, closing_name):
            return
        opened = self.p.text(name) if name is not None else ""
        raise self.p.error(closing_name or closing, f'Expected closing tag "</{opened}>" to match opening tag "<{opened}>"',
                           f"Close <{opened}> with </{opened}>, or close the inner element first.")

    def _children(self, element: Node) -> list[_Child]:
        """The children that are passed on: text runs that are not empty, expressions, elements."""
        p = self.p
        opening = element.child_by_field_name("open_tag")
        closing = element.child_by_field_name("close_tag")
        nodes = [c for c in element.children if c != opening and c != closing]
        found: list[_Child] = []
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if node.type in _TEXT:
                last = index
                while last + 1 < len(nodes) and nodes[last + 1].type in _TEXT:
                    last += 1
                start, end = node.start_byte, nodes[last].end_byte
                value = jsx_text(p.data[start:end].decode())
                if value is None:
                    p.blank_range(start, end)
                else:
                    found.append(_Child(node, start, end, "text", value))
                index = last + 1
                continue
            index += 1
            if node.type == "jsx_expression":
                inner = [c for c in node.named_children if c.type != "comment"]
                if not inner:
                    p.blank(node)  # {/* a comment */}
                    continue
                spread = inner[0].type == "spread_element"
                found.append(_Child(node, node.start_byte, node.end_byte, "spread" if spread else "expression"))
            elif node.type in ("jsx_element", "jsx_self_closing_element"):
                found.append(_Child(node, node.start_byte, node.end_byte, "element"))
        return found

    def _child(self, child: _Child) -> None:
        p = self.p
        if child.kind == "text":
            p.edits.replace(child.start, child.end, json.dumps(child.value, ensure_ascii=False))
        elif child.kind in ("expression", "spread"):
            p.blank(child.node.children[0])
            p.blank(child.node.children[-1])

    def _attribute(self, attribute: Node) -> None:
        p = self.p
        if attribute.type == "jsx_expression":  # {...props}
            p.blank(attribute.children[0])
            p.blank(attribute.children[-1])
            return
        name_node = attribute.named_children[0]
        value = attribute.named_children[1] if attribute.named_child_count > 1 else None
        name = p.text(name_node)
        key = name if _IDENTIFIER_NAME.match(name) else json.dumps(name.replace(" ", ""))
        if value is None:
            p.edits.replace(attribute.start_byte, attribute.end_byte, f"{key}: true")
        elif value.type == "string":
            p.edits.replace(attribute.start_byte, attribute.end_byte, f"{key}: {_attribute_string(p, value)}")
        elif value.type == "jsx_expression":
            inner = [c for c in value.named_children if c.type != "comment"]
            if not inner:
                raise p.error(value, "JSX attributes must only be assigned a non-empty expression")
            p.edits.replace(attribute.start_byte, value.children[0].end_byte, f"{key}: ")
            p.blank(value.children[-1])
        else:  # an element as the value: <A icon=<B /> />
            p.edits.replace(attribute.start_byte, value.start_byte, f"{key}: ")

    def _key(self, attributes: list[Node]) -> tuple[Node | None, bool]:
        """The ``key`` attribute, and whether it forces ``createElement`` (after a spread, or
        an expression that cannot be copied to the third argument as written)."""
        seen_spread = False
        for attribute in attributes:
            if attribute.type == "jsx_expression":
                seen_spread = True
                continue
            if self.p.text(attribute.named_children[0]) != "key":
                continue
            if not self.automatic:
                return attribute, True
            value = attribute.named_children[1] if attribute.named_child_count > 1 else None
            movable = value is not None and (value.type == "string" or (
                value.type == "jsx_expression" and "\n" not in self.p.text(value)
                and not self.p.blanked.overlaps(value.start_byte, value.end_byte)))
            return attribute, seen_spread or not movable
        return None, False

    def _key_value(self, key: Node) -> str:
        value = key.named_children[1]
        if value.type == "string":
            return _attribute_string(self.p, value)
        return self.p.text(value)[1:-1].strip()


def _is_fragment(element: Node) -> bool:
    opening = element if element.type == "jsx_self_closing_element" else element.child_by_field_name("open_tag")
    return opening is not None and opening.child_by_field_name("name") is None


def _is_intrinsic(p: PrePass, name: Node) -> bool:
    """``div``, ``my-element`` and ``svg:rect`` are strings; ``Foo`` and ``a.b`` are values."""
    if name.type == "jsx_namespace_name":
        return True
    if name.type != "identifier":
        return False
    text = p.text(name)
    return text[:1].islower() or "-" in text


def _attribute_string(p: PrePass, value: Node) -> str:
    return json.dumps(decode_entities(p.text(value)[1:-1]), ensure_ascii=False)


def decode_entities(text: str) -> str:
    """JSX's HTML entities (``&amp;``, ``&#123;``, ``&#x1F600;``); unknown ones stay as written."""
    def decode(match: re.Match[str]) -> str:
        decimal, hexadecimal, name = match.groups()
        try:
            if decimal is not None:
                return chr(int(decimal))
            if hexadecimal is not None:
                return chr(int(hexadecimal, 16))
        except (ValueError, OverflowError):
            return match.group(0)
        code = _entities().get(name)
        return chr(code) if code is not None else match.group(0)

    return _ENTITY.sub(decode, text) if "&" in text else text


def jsx_text(raw: str) -> str | None:
    """A text child as React receives it; None if empty.

    Babel's cleanJSXElementLiteralChild, as esbuild and TypeScript apply it: tabs inside a line
    are kept (Babel alone turns them into spaces).
    """
    lines = re.split(r"\r\n|\n|\r", raw)
    last_non_empty = max((i for i, line in enumerate(lines) if line.strip(" \t")), default=0)
    out = []
    for index, line in enumerate(lines):
        trimmed = line
        if index:
            trimmed = trimmed.lstrip(" \t")
        if index < len(lines) - 1:
            trimmed = trimmed.rstrip(" \t")
        if trimmed:
            out.append(trimmed + (" " if index != last_non_empty else ""))
    return decode_entities("".join(out)) if out else None


def _tag_tokens(p: PrePass, name: Node | None) -> list[str]:
    """A tag name's tokens (``A``, ``.``, ``B``): white space and comments between them do not count."""
    return [] if name is None else [p.text(token) for token in leaves(name) if not token.is_extra]
