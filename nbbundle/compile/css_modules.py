"""CSS Modules (``*.module.css``): the parts of ``stylesheets.py`` that scope and export names.

Classes in selectors become ``_<name>_<hash of the file's path>`` (``scoped_class``: the same on
every run, so a hot update keeps the classes a view already has); ``:global(…)`` keeps its
classes, ``:local(…)`` scopes them; ``@keyframes`` names are scoped too. ``composes: a b [from
"./x.module.css" | from global]`` adds classes to a class's exported value (transitively) and is
removed from the text. Every decision reads tinycss2's tokens, never the text.
"""

from __future__ import annotations

import hashlib
import json
from typing import NoReturn, Protocol

import tinycss2
from tinycss2 import ast
from tinycss2.serializer import serialize_identifier

from nbbundle.compile.errors import ParseError, make_diagnostic
from nbbundle.compile.text.names import GeneratedNames

__all__ = ["ANIMATION_PROPERTIES", "GROUPING_RULES", "KEYFRAMES", "class_value", "keyframes_names", "read_composes",
           "scope_selector", "scoped_class"]


class _Stylesheet(Protocol):
    """What these steps use of ``stylesheets.py``'s walk state (its ``_Stylesheet``)."""

    module_id: str
    source: str
    classes: dict[str, list[str | tuple[int, str]]]

    def text(self, value: str) -> None: ...
    def drop_last_character(self, character: str) -> bool: ...
    def dependency(self, specifier: str, node: ast.Node) -> int: ...
    def byte_range(self, node: ast.Node) -> tuple[int, int]: ...


_NAMES = GeneratedNames()
#: Rules whose block holds rules (``stylesheets.py`` walks into them the same way).
GROUPING_RULES = frozenset({"media", "supports", "layer", "container", "scope", "document", "starting-style"})
KEYFRAMES = frozenset({"keyframes", "-webkit-keyframes"})
ANIMATION_PROPERTIES = frozenset({"animation", "animation-name", "-webkit-animation", "-webkit-animation-name"})


def scoped_class(module_id: str, name: str) -> str:
    """The class a CSS Module's ``name`` becomes: the same for the same file on every run."""
    path = module_id.split("?", 1)[0]
    return f"_{name}_{hashlib.sha1(path.encode(), usedforsecurity=False).hexdigest()[:6]}"


def keyframes_names(rules: list[ast.Node]) -> list[str]:
    """The names a CSS Module's ``@keyframes`` rules declare (scoped like classes, as css-loader
    and Vite scope them), in grouping rules too."""
    found = []
    for rule in rules:
        if not isinstance(rule, ast.AtRule) or rule.content is None:
            continue
        if rule.lower_at_keyword in KEYFRAMES:
            names = [t for t in rule.prelude if isinstance(t, (ast.IdentToken, ast.StringToken))]
            if names:
                found.append(names[0].value)
        elif rule.lower_at_keyword in GROUPING_RULES:
            found += keyframes_names(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
    return found


def class_value(sheet: _Stylesheet, name: str) -> str:
    """``"_a_hash _b_hash " + dep.default["c"]``: the class and, transitively, what it composes."""
    pieces: list[str] = []
    seen: set[str] = set()

    def add(local: str) -> None:
        if local in seen:
            return
        seen.add(local)
        pieces.append(json.dumps(scoped_class(sheet.module_id, local)))
        for composed in sheet.classes.get(local, ()):
            if isinstance(composed, str):
                add(composed)
            elif composed[0] < 0:  # `from global`: the class as written
                pieces.append(json.dumps(composed[1]))
            else:
                index, imported = composed
                pieces.append(f"{_NAMES.alias(index)}.default[{json.dumps(imported)}]")

    add(name)
    return ' + " " + '.join(pieces)


def scope_selector(sheet: _Stylesheet, prelude: list[ast.Node]) -> list[str]:
    """Scope the classes of a selector (in place in the output); return the scoped ones' names."""
    found: list[str] = []
    _selector_tokens(sheet, prelude, found, scoped=True)
    return found


def _selector_tokens(sheet: _Stylesheet, tokens: list[ast.Node], found: list[str], *, scoped: bool) -> None:
    previous: ast.Node | None = None
    for token in tokens:
        if isinstance(token, ast.IdentToken) and isinstance(previous, ast.LiteralToken) and previous.value == "." \
                and scoped:
            found.append(token.value)
            sheet.classes.setdefault(token.value, [])
            sheet.text(serialize_identifier(scoped_class(sheet.module_id, token.value)))
        elif isinstance(token, ast.FunctionBlock) and token.lower_name in ("global", "local") \
                and isinstance(previous, ast.LiteralToken) and previous.value == ":":
            # `:global(.x)` / `:local(.x)`: the pseudo-class is CSS Modules' own: drop the ":" written.
            sheet.drop_last_character(":")
            _selector_tokens(sheet, token.arguments, found, scoped=token.lower_name == "local")
        elif isinstance(token, ast.FunctionBlock):
            sheet.text(serialize_identifier(token.name) + "(")
            _selector_tokens(sheet, token.arguments, found, scoped=scoped)
            sheet.text(")")
        else:
            sheet.text(token.serialize())
        previous = token


def read_composes(sheet: _Stylesheet, declaration: ast.Declaration, classes: list[str]) -> None:
    """``composes: a b [from "./x.module.css" | from global]`` for each class of the rule."""
    values = [t for t in declaration.value if not isinstance(t, (ast.WhitespaceToken, ast.Comment))]
    names: list[str] = []
    source: ast.Node | None = None
    for number, token in enumerate(values):
        if isinstance(token, ast.IdentToken) and token.lower_value == "from":
            source = values[number + 1] if number + 1 < len(values) else None
            break
        if isinstance(token, ast.IdentToken):
            names.append(token.value)
        else:
            _bad_composes(sheet, declaration, "composes lists class names, then optionally from \"./file.module.css\"")
    if not classes:
        _bad_composes(sheet, declaration, "composes is allowed only in a rule whose selector has a class")
    composed: list[str | tuple[int, str]]
    if source is None:
        composed = list(names)
    elif isinstance(source, ast.IdentToken) and source.lower_value == "global":
        composed = [(-1, name) for name in names]  # global classes: their own names, unscoped
    elif isinstance(source, ast.StringToken):
        specifier = source.value if source.value.startswith(("./", "../")) else "./" + source.value
        index = sheet.dependency(specifier, source)
        composed = [(index, name) for name in names]
    else:
        _bad_composes(sheet, declaration, 'composes … from takes a quoted file name or the word global')
    for name in classes:
        sheet.classes[name].extend(composed)


def _bad_composes(sheet: _Stylesheet, declaration: ast.Declaration, why: str) -> NoReturn:
    diagnostic = make_diagnostic("CSS_MODULES_ERROR", why, sheet.module_id, sheet.source, sheet.byte_range(declaration))
    raise ParseError([diagnostic])
