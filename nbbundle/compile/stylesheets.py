"""Stylesheets as modules of the graph: ``@import`` inlined, ``url()`` as assets, CSS Modules.

Parsed with tinycss2, an implementation of CSS Syntax Level 3 (the tokenizer and the rule,
block and declaration parsers browsers use), never with patterns over the text: ``url(./x.png)``
is one URL token, ``@import "a.css" layer(base) supports(display: grid) print`` a prelude of a
string, two function blocks and an identifier. (tree-sitter-css was tried first: its grammar
reads an unquoted ``url(./logo.png)`` and the ``layer()``/``supports()`` import conditions as
errors.) Untouched parts are serialized back from their tokens, which round-trips the text
exactly (comments and whitespace are tokens too).

The module's style is a JavaScript expression that joins the text with its dependencies:

* ``@import "./base.css" <conditions>;`` → a dependency on ``./base.css?inline`` (that file's
  processed text, which injects nothing: Vite's ``?inline``), in place, wrapped as esbuild
  wraps conditions: ``@media <media> { @supports (<s>) { @layer <name> { … } } }``. URLs
  (``https:``, ``//``, ``data:``) stay ``@import`` rules. A cycle is a link error
  (``bundle/css_imports.py``).
* ``url(x)`` (a URL token, or ``url("x")``) → a dependency on ``./x?url``, the asset's URL
  (a ``data:`` URL or an emitted file: ``assets.py``). URLs with a scheme, ``//``, ``/`` and
  ``#fragment`` stay as written. A file URL's query is dropped and its fragment kept
  (``font.woff?#iefix``, ``sprite.svg#icon``); an ``@import``'s query too (``b.css?v=1``).
* ``*.module.css`` (CSS Modules): every class in a selector becomes ``_<name>_<hash>``, the
  hash of the module's path, so a hot update keeps the names the view already uses; ``:global(…)``
  keeps its classes, ``:local(…)`` scopes them; ``composes: a b [from "./x.module.css" | global]``
  adds classes to the exported value and is removed; ``@keyframes`` names are scoped too, with
  the ``animation`` declarations that name them. The default export maps every class to its
  value; names that are identifiers are named exports too.

A plain stylesheet injects its text (one ``<style>`` per module, updated in place) and accepts
itself; a CSS Module injects but lets its importers update (their classes may change); the
``?inline`` form exports the text as ``default`` and injects nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import tinycss2
from tinycss2 import ast
from tinycss2.serializer import serialize_identifier

from nbbundle.compile.module import (
    MODULE,
    REQUIRE,
    HotInfo,
    ImportedName,
    ImportRecord,
    LocalExport,
    TransformResult,
)
from nbbundle.compile.css_modules import (
    ANIMATION_PROPERTIES,
    GROUPING_RULES,
    KEYFRAMES,
    class_value,
    keyframes_names,
    read_composes,
    scope_selector,
    scoped_class,
)
from nbbundle.compile.text.names import GeneratedNames

__all__ = ["scoped_class", "transform_stylesheet"]  # scoped_class: css_modules.py's, for callers of CSS

_NAMES = GeneratedNames()
_TEXT = "__nbb_css__"
_CLASSES = "__nbb_classes__"
_EXTERNAL_URL_PREFIXES = ("data:", "http:", "https:", "//", "/", "#")


@dataclass
class _Stylesheet:
    """What the walk over one stylesheet collects."""

    module_id: str
    source: str
    scoped: bool
    inline: bool
    parts: list[list[str] | int] = field(default_factory=list)
    """The output: runs of text pieces (joined once, at the end: appending to one string would
    copy it each time), and indexes of dependencies whose ``default`` goes there."""
    imports: list[ImportRecord] = field(default_factory=list)
    indexes: dict[str, int] = field(default_factory=dict)
    keyframes: dict[str, str] = field(default_factory=dict)
    """CSS Modules: ``@keyframes`` name → its scoped name (used by ``animation`` declarations)."""
    classes: dict[str, list[str | tuple[int, str]]] = field(default_factory=dict)
    """CSS Modules: class → what it composes (local names, or (dependency, name))."""
    lines: list[str] = field(default_factory=list)
    line_bytes: list[int] = field(default_factory=list)
    """The source's lines and the byte offset each starts at, made on the first diagnostic."""

    def text(self, value: str) -> None:
        if self.parts and isinstance(self.parts[-1], list):
            self.parts[-1].append(value)
        else:
            self.parts.append([value])

    def drop_last_character(self, character: str) -> bool:
        """Remove ``character`` if the text ends with it (the ``:`` before ``global(…)``)."""
        run = self.parts[-1] if self.parts else None
        if isinstance(run, list) and run and run[-1].endswith(character):
            run[-1] = run[-1][: -len(character)]
            return True
        return False

    def dependency(self, specifier: str, node: ast.Node) -> int:
        index = self.indexes.get(specifier)
        if index is None:
            index = self.indexes[specifier] = len(self.imports)
            where = self.byte_range(node)
            self.imports.append(ImportRecord(specifier, "static", where, (ImportedName("default", where),)))
        return index

    def byte_range(self, node: ast.Node) -> tuple[int, int]:
        """Where ``node`` is in the source, in bytes (tinycss2 counts lines and characters; a
        range that runs past its line ends there, which is all a code frame shows)."""
        if not self.lines:
            self.lines = self.source.split("\n")
            offset = 0
            for line in self.lines:
                self.line_bytes.append(offset)
                offset += len(line.encode()) + 1
        number = min(max(node.source_line, 1), len(self.lines)) - 1
        text = self.lines[number]
        column = node.source_column - 1
        end = min(len(text), column + len(node.serialize()))
        base = self.line_bytes[number]
        return base + len(text[:column].encode()), base + len(text[:end].encode())


def transform_stylesheet(module_id: str, source: str, etag: str) -> TransformResult:
    """A stylesheet (``.css``, ``.module.css``, or ``?inline``) → its module."""
    path = module_id.split("?", 1)[0]
    sheet = _Stylesheet(module_id, source, scoped=path.endswith(".module.css"), inline=module_id.endswith("?inline"))
    rules = tinycss2.parse_stylesheet(source, skip_comments=False, skip_whitespace=False)
    if sheet.scoped:
        sheet.keyframes = {name: scoped_class(module_id, name) for name in keyframes_names(rules)}
    _rule_list(sheet, rules, top_level=True)
    return _module(sheet, etag)


def _module(sheet: _Stylesheet, etag: str) -> TransformResult:
    inline = sheet.inline
    text = " + ".join(
        json.dumps("".join(part)) if isinstance(part, list) else f"{_NAMES.alias(part)}.default" for part in sheet.parts
    ) or '""'
    lines = [f"var {_TEXT} = {text};"]
    exports: dict[str, LocalExport] = {}
    key = json.dumps(sheet.module_id)
    if not inline:
        lines.append(f"{REQUIRE}.css({key}, {_TEXT});")
        accept = f"{MODULE}.meta.hot.accept(); " if not sheet.scoped else ""
        lines.append(f"if ({MODULE}.meta.hot) {{ {accept}"
                     f"{MODULE}.meta.hot.prune(function () {{ {REQUIRE}.css({key}, null); }}); }}")
    if inline:
        exports["default"] = LocalExport(_TEXT)
    elif sheet.scoped:
        entries = []
        for number, name in enumerate(sorted(sheet.classes)):
            local = f"__nbb_class_{number}__"
            lines.append(f"var {local} = {class_value(sheet, name)};")
            entries.append(f"{json.dumps(name)}: {local}")
            if name.isidentifier() and name != "default":
                exports[name] = LocalExport(local)
        lines.append(f"var {_CLASSES} = {{{', '.join(entries)}}};")
        exports["default"] = LocalExport(_CLASSES)
    hot = HotInfo(self_accepting=not inline and not sheet.scoped)
    return TransformResult(sheet.module_id, "css", etag, ("\n".join(lines),), imports=tuple(sheet.imports),
                           exports=exports, hot=hot, size=len(sheet.source.encode()))


# -- the walk --------------------------------------------------------------------------------


def _rule_list(sheet: _Stylesheet, rules: list[ast.Node], *, top_level: bool = False) -> None:
    imports_allowed = top_level  # CSS: @import only before any rule but @charset and @layer a, b;
    for rule in rules:
        if isinstance(rule, ast.AtRule):
            _at_rule(sheet, rule, top_level=imports_allowed)
            if rule.lower_at_keyword not in ("import", "charset") and \
                    not (rule.lower_at_keyword == "layer" and rule.content is None):
                imports_allowed = False
        elif isinstance(rule, ast.QualifiedRule):
            _qualified_rule(sheet, rule)
            imports_allowed = False
        else:
            _tokens(sheet, [rule])


def _at_rule(sheet: _Stylesheet, rule: ast.AtRule, *, top_level: bool) -> None:
    keyword = rule.lower_at_keyword
    if keyword == "import" and top_level and _import(sheet, rule):
        return  # (an @import after other rules stays as written: browsers ignore it, as esbuild warns)
    if keyword == "charset" and sheet.inline:
        return  # meaningless inside the text that imports it
    sheet.text("@" + serialize_identifier(rule.at_keyword))
    _tokens(sheet, rule.prelude, sheet.keyframes if keyword in KEYFRAMES else None)
    if rule.content is None:
        sheet.text(";")
        return
    sheet.text("{")
    if keyword in GROUPING_RULES:
        _rule_list(sheet, tinycss2.parse_rule_list(rule.content, skip_comments=False, skip_whitespace=False))
    else:
        _block(sheet, rule.content)  # @font-face, @page, @keyframes: declarations (and URLs)
    sheet.text("}")


def _qualified_rule(sheet: _Stylesheet, rule: ast.QualifiedRule) -> None:
    classes: list[str] = []
    if sheet.scoped:
        classes = scope_selector(sheet, rule.prelude)
    else:
        _tokens(sheet, rule.prelude)
    sheet.text("{")
    _block(sheet, rule.content, classes)
    sheet.text("}")


def _block(sheet: _Stylesheet, content: list[ast.Node], classes: list[str] | None = None) -> None:
    """A declaration block: declarations, nested rules (CSS nesting), comments."""
    items = tinycss2.parse_blocks_contents(content, skip_comments=False, skip_whitespace=False)
    for number, item in enumerate(items):
        if isinstance(item, ast.Declaration):
            if sheet.scoped and item.lower_name == "composes":
                read_composes(sheet, item, classes or [])
                continue
            sheet.text(serialize_identifier(item.name) + ":")
            _tokens(sheet, item.value, sheet.keyframes if item.lower_name in ANIMATION_PROPERTIES else None)
            if item.important:
                sheet.text("!important")
            if any(not isinstance(later, (ast.WhitespaceToken, ast.Comment)) for later in items[number + 1:]):
                sheet.text(";")
        elif isinstance(item, ast.QualifiedRule):
            _qualified_rule(sheet, item)
        elif isinstance(item, ast.AtRule):
            _at_rule(sheet, item, top_level=False)
        else:
            _tokens(sheet, [item])


def _tokens(sheet: _Stylesheet, tokens: list[ast.Node], renamed: dict[str, str] | None = None) -> None:
    """Component values as written, with every ``url()`` made the URL of its asset (and the
    identifiers ``renamed`` names renamed: a CSS Module's keyframes)."""
    for token in tokens:
        if renamed and isinstance(token, (ast.IdentToken, ast.StringToken)) and token.value in renamed:
            sheet.text(serialize_identifier(renamed[token.value]))
        elif isinstance(token, ast.URLToken):
            _url(sheet, token.value, token)
        elif isinstance(token, ast.FunctionBlock):
            arguments = [t for t in token.arguments if not isinstance(t, (ast.WhitespaceToken, ast.Comment))]
            if token.lower_name == "url" and len(arguments) == 1 and isinstance(arguments[0], ast.StringToken):
                _url(sheet, arguments[0].value, token)
                continue
            sheet.text(serialize_identifier(token.name) + "(")
            _tokens(sheet, token.arguments)
            sheet.text(")")
        elif isinstance(token, (ast.ParenthesesBlock, ast.SquareBracketsBlock, ast.CurlyBracketsBlock)):
            pair = _PAIRS[type(token)]
            sheet.text(pair[0])
            _tokens(sheet, token.content)
            sheet.text(pair[1])
        else:
            sheet.text(token.serialize())


_PAIRS = {ast.ParenthesesBlock: "()", ast.SquareBracketsBlock: "[]", ast.CurlyBracketsBlock: "{}"}


def _url(sheet: _Stylesheet, value: str, node: ast.Node) -> None:
    if not value or value.startswith(_EXTERNAL_URL_PREFIXES) or _has_scheme(value):
        sheet.text(node.serialize())
        return
    path, suffix = _without_suffix(value)
    specifier = path if path.startswith(("./", "../")) else "./" + path
    sheet.text('url("')
    sheet.parts.append(sheet.dependency(specifier + "?url", node))
    # `sprite.svg#icon` keeps its fragment; a query (`font.woff?#iefix`, `?v=2`) is dropped: the
    # asset's URL may be a `data:` URL, where a `?` would become part of the data.
    fragment = suffix[suffix.find("#"):] if "#" in suffix else ""
    sheet.text(_string_text(fragment) + '")')


def _without_suffix(url: str) -> tuple[str, str]:
    """A file URL and its query or fragment: ``f.woff?#iefix`` → (``f.woff``, ``?#iefix``)."""
    cut = min((i for i in (url.find("?"), url.find("#")) if i > 0), default=len(url))
    return url[:cut], url[cut:]


def _string_text(text: str) -> str:
    """``text`` for the inside of a double-quoted CSS string."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")


def _has_scheme(url: str) -> bool:
    scheme, colon, _ = url.partition(":")
    return bool(colon) and scheme.isascii() and scheme.replace("+", "").replace("-", "").replace(".", "").isalnum() \
        and "/" not in scheme


def _import(sheet: _Stylesheet, rule: ast.AtRule) -> bool:
    """Inline an ``@import`` of a file in place; False to keep the rule (a URL, or unreadable)."""
    prelude = [t for t in rule.prelude if not isinstance(t, ast.Comment)]
    significant = [t for t in prelude if not isinstance(t, ast.WhitespaceToken)]
    if not significant:
        return False
    first = significant[0]
    if isinstance(first, (ast.StringToken, ast.URLToken)):
        url = first.value
    elif isinstance(first, ast.FunctionBlock) and first.lower_name == "url":
        strings = [t for t in first.arguments if isinstance(t, ast.StringToken)]
        if len(strings) != 1:
            return False
        url = strings[0].value
    else:
        return False
    if not url or url.startswith(_EXTERNAL_URL_PREFIXES) or _has_scheme(url):
        return False
    path = _without_suffix(url)[0]  # `./b.css?v=1`: the file is b.css (the query only busts caches)
    specifier = (path if path.startswith(("./", "../")) else "./" + path) + "?inline"
    layer: str | None = None
    supports: str | None = None
    rest = prelude[prelude.index(first) + 1:]
    media_tokens: list[ast.Node] = []
    for token in rest:
        if isinstance(token, ast.IdentToken) and token.lower_value == "layer" and layer is None and not media_tokens:
            layer = ""
        elif isinstance(token, ast.FunctionBlock) and token.lower_name == "layer" and not media_tokens:
            layer = tinycss2.serialize(token.arguments).strip()
        elif isinstance(token, ast.FunctionBlock) and token.lower_name == "supports" and not media_tokens:
            supports = tinycss2.serialize(token.arguments).strip()
        elif media_tokens or not isinstance(token, ast.WhitespaceToken):
            media_tokens.append(token)
    media = tinycss2.serialize(media_tokens).strip()
    closing = ""
    if media:
        sheet.text(f"@media {media} {{\n")
        closing += "}\n"
    if supports is not None:
        sheet.text(f"@supports ({supports}) {{\n")
        closing += "}\n"
    if layer is not None:
        sheet.text(f"@layer {layer} {{\n".replace("@layer  {", "@layer {"))
        closing += "}\n"
    sheet.parts.append(sheet.dependency(specifier, first))
    sheet.text(("\n" + closing) if closing else "\n")
    return True

