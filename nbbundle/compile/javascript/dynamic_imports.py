"""``import()`` expressions, with the language's semantics.

* ``import("./x.js")`` (a string, or a template without substitutions; comments anywhere) →
  ``__nbb_require__.i(<id of x.js>)``: the id goes in a slot, filled after resolution;
* ``import(`./locales/${lang}.js`)`` → ``__nbb_require__.j(`./locales/${lang}.js`)``, and the
  files the pattern can match are bundled (``DynamicPattern``; Vite's rule: the template starts
  with ``./`` or ``../`` and has a file extension after its last substitution);
* any other ``import(expression)`` → ``__nbb_require__.j(expression)``: the runtime resolves the
  specifier against the importing module and the modules it knows, and the promise rejects
  with a TypeError when there is no such module, as the browser's does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import cook, is_static_template, string_value
from nbbundle.compile.javascript.syntax import named_children
from nbbundle.compile.module import DynamicPattern, ImportRecord

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tree_sitter import Node

    from nbbundle.compile.text.edits import SourceEdits
    from nbbundle.compile.text.names import GeneratedNames


def rewrite_dynamic_imports(calls: Iterable[Node], names: GeneratedNames,
                            edits: SourceEdits) -> tuple[list[ImportRecord], list[DynamicPattern]]:
    """Rewrite every ``import(…)`` call; return the static specifiers and the patterns found."""
    records: list[ImportRecord] = []
    patterns: list[DynamicPattern] = []
    for call in sorted(calls, key=lambda node: node.start_byte):
        keyword = call.child_by_field_name("function")
        arguments = call.child_by_field_name("arguments")
        values = named_children(arguments) if arguments is not None else []
        if keyword is None or arguments is None or not values:
            continue
        first = values[0]
        if first.type == "string" or is_static_template(first):
            specifier = string_value(first)
            records.append(ImportRecord(specifier, "dynamic", (first.start_byte, first.end_byte)))
            edits.replace(call.start_byte, first.start_byte, f"{names.require}.i(")
            edits.slot(first.start_byte, first.end_byte, specifier)
            edits.replace(first.end_byte, arguments.end_byte, ")")
            continue
        edits.replace(keyword.start_byte, keyword.end_byte, f"{names.require}.j")
        pattern = _pattern(first)
        if pattern is not None:
            patterns.append(pattern)
    return records, patterns


def _pattern(template: Node) -> DynamicPattern | None:
    """The static prefix and suffix of ``./dir/${x}.ext``, if the template is such a pattern."""
    if template.type != "template_string":
        return None
    parts = [child for child in template.children if child.type not in ("`",)]
    if not parts or parts[0].type == "template_substitution" or parts[-1].type == "template_substitution":
        return None
    first = parts.index(next(p for p in parts if p.type == "template_substitution"))
    last = len(parts) - 1 - [p.type for p in reversed(parts)].index("template_substitution")
    prefix = cook("".join(p.text.decode() for p in parts[:first]))
    suffix = cook("".join(p.text.decode() for p in parts[last + 1:]))
    if not prefix.startswith(("./", "../")) or "." not in suffix.rsplit("/", 1)[-1]:
        return None
    return DynamicPattern(prefix, suffix, (template.start_byte, template.end_byte))
