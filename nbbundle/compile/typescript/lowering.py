"""Newer class and declaration syntax lowered as ``tsc`` does at target ES2022.

* ``accessor x = 1`` (auto-accessors) → a private field ``#x_accessor_storage = 1`` and a
  getter and setter for ``x`` on the same line; ``static`` ones read the storage through the
  class's name (``A.#x_accessor_storage``), as ``tsc`` does.
* ``using x = f()`` / ``await using x = f()`` (explicit resource management: node 20 and
  current Safari and Firefox reject them) → ``const x = _addDisposableResource(env, f(),
  false)``, the block's statements wrapped in ``try { … } catch … finally { dispose }`` whose
  head follows the block's ``{`` and whose tail precedes its ``}``, so every line stays; the
  two helpers are ``tslib``'s, declared once on line 1. At a module's top level the statements
  from the first ``using`` on go into the ``try``, their declarations become ``var`` (still the
  module's bindings) and their exports an ``export { … }`` after it; imports, function
  declarations and other exports after a top-level ``using`` are refused with a hint.

The grammar reads neither fully (``grammar_repairs``): ``static accessor`` and ``using``
arrive as keywords noted in ``PrePass.words`` at their offsets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

# tslib's __addDisposableResource and __disposeResources (0BSD), on one line each.
_ADD = ("function {add}(env, value, async) {{ if (value !== null && value !== void 0) {{ "
        "if (typeof value !== \"object\" && typeof value !== \"function\") throw new TypeError(\"Object expected.\"); "
        "var dispose, inner; if (async) {{ if (!Symbol.asyncDispose) throw new TypeError(\"Symbol.asyncDispose is not defined.\"); "
        "dispose = value[Symbol.asyncDispose]; }} if (dispose === void 0) {{ if (!Symbol.dispose) throw new TypeError("
        "\"Symbol.dispose is not defined.\"); dispose = value[Symbol.dispose]; if (async) inner = dispose; }} "
        "if (typeof dispose !== \"function\") throw new TypeError(\"Object not disposable.\"); "
        "if (inner) dispose = function () {{ try {{ inner.call(this); }} catch (e) {{ return Promise.reject(e); }} }}; "
        "env.stack.push({{ value: value, dispose: dispose, async: async }}); }} "
        "else if (async) {{ env.stack.push({{ async: true }}); }} return value; }}")
_DISPOSE = ("var {dispose} = (function (SuppressedError) {{ return function (env) {{ "
            "function fail(e) {{ env.error = env.hasError ? new SuppressedError(e, env.error, "
            "\"An error was suppressed during disposal.\") : e; env.hasError = true; }} var r, s = 0; "
            "function next() {{ while (r = env.stack.pop()) {{ try {{ if (!r.async && s === 1) return s = 0, "
            "env.stack.push(r), Promise.resolve().then(next); if (r.dispose) {{ var result = r.dispose.call(r.value); "
            "if (r.async) return s |= 2, Promise.resolve(result).then(next, function (e) {{ fail(e); return next(); }}); }} "
            "else s |= 1; }} catch (e) {{ fail(e); }} }} if (s === 1) return env.hasError ? Promise.reject(env.error) : "
            "Promise.resolve(); if (env.hasError) throw env.error; }} return next(); }}; }})(typeof SuppressedError === "
            "\"function\" ? SuppressedError : function (error, suppressed, message) {{ var e = new Error(message); "
            "return e.name = \"SuppressedError\", e.error = error, e.suppressed = suppressed, e; }});")


# -- accessor ------------------------------------------------------------------------------------

def accessor_keyword(p: PrePass, field: Node) -> tuple[int, int] | None:
    """The range of ``field``'s ``accessor`` keyword, if it has one (in the tree, or noted by
    a repair that took it out of the copy)."""
    name = field.child_by_field_name("name")
    for child in field.children:
        if child.type == "accessor":
            return child.start_byte, child.end_byte
        if child == name:
            break
    end = name.start_byte if name is not None else field.end_byte
    for offset in range(field.start_byte, end):
        if p.words.get(offset) == "accessor":
            return offset, offset + len("accessor")
    return None


def lower_accessor(p: PrePass, field: Node, keyword: tuple[int, int]) -> None:
    """``accessor x = 1`` → ``#x_accessor_storage = 1; get x() {…} set x(value) {…}``."""
    name = field.child_by_field_name("name")
    if name is None or name.type not in ("property_identifier", "private_property_identifier"):
        raise p.error(name or field, "An auto-accessor with a computed or quoted name is not supported",
                      "Name it with an identifier, or write the getter and setter by hand.")
    key = p.text(name)
    storage = f"#{key.lstrip('#')}_accessor_storage"
    static = any(child.type == "static" for child in field.children)
    owner = _class_name(p, field) if static else "this"
    p.edits.replace(keyword[0], name.end_byte, storage)
    p.blanked.append((keyword[0], name.end_byte))
    prefix = "static " if static else ""
    p.edits.insert(field.end_byte, f"; {prefix}get {key}() {{ return {owner}.{storage}; }} "
                                   f"{prefix}set {key}(value) {{ {owner}.{storage} = value; }}")


def _class_name(p: PrePass, field: Node) -> str:
    body = field.parent
    owner = body.parent if body is not None else None
    name = owner.child_by_field_name("name") if owner is not None else None
    return p.text(name) if name is not None else "this"


# -- using -----------------------------------------------------------------------------------------

def lower_using(p: PrePass) -> None:
    """Compile every ``using``/``await using`` declaration the repairs noted."""
    declarations: dict[int, tuple[Node, list[tuple[Node, bool]]]] = {}
    loops: list[tuple[Node, Node, bool]] = []
    for offset, word in sorted(p.words.items()):
        if word not in ("using", "await using", "for using", "for await using"):
            continue
        token = p.root.descendant_for_byte_range(offset, offset + len("const"))
        declaration = token.parent if token is not None else None
        if word in ("for using", "for await using") and declaration is not None \
                and declaration.type == "for_in_statement":
            loops.append((declaration, token, word == "for await using"))
            continue
        if declaration is None or declaration.type != "lexical_declaration":
            continue
        block = declaration.parent
        if block is None or block.type not in ("statement_block", "program"):
            raise p.error(declaration, f"`{word}` is compiled in a block, a function body or a module only",
                          "Move the declaration into a block: `{ using x = …; … }`.")
        declarations.setdefault(block.id, (block, []))[1].append((declaration, word == "await using"))
    if not declarations and not loops:
        return
    add, dispose = p.unique_name("_addDisposableResource"), p.unique_name("_disposeResources")
    p.header.append(_ADD.format(add=add))
    p.header.append(_DISPOSE.format(dispose=dispose))
    for block, found in declarations.values():
        env, opening, closing = _try_block(p, dispose, any(awaited for _, awaited in found))
        if block.type == "program":
            _lower_module_level(p, found, env, add, opening, closing)
            continue
        for declaration, awaited in found:
            _lower_declaration(p, declaration, env, add, awaited)
        p.edits.insert(block.children[0].end_byte, opening)
        p.edits.insert(block.children[-1].start_byte, closing)
    for loop, keyword, awaited in loops:
        _lower_loop(p, loop, keyword, add, dispose, awaited)


def _try_block(p: PrePass, dispose: str, awaits: bool) -> tuple[str, str, str]:
    """(environment name, text that opens the try, text that closes it with the disposal)."""
    env, error, result = p.unique_name("_env"), p.unique_name("_e"), p.unique_name("_result")
    opening = f" const {env} = {{ stack: [], error: void 0, hasError: false }}; try {{"
    disposal = (f"const {result} = {dispose}({env}); if ({result}) await {result};" if awaits
                else f"{dispose}({env});")
    closing = f"}} catch ({error}) {{ {env}.error = {error}; {env}.hasError = true; }} finally {{ {disposal} }}"
    return env, opening, closing


def _lower_loop(p: PrePass, loop: Node, keyword: Node, add: str, dispose: str, awaited: bool) -> None:
    """``for (using x of xs) body`` → ``for (const _x of xs) { …; try { const x = add(env, _x);
    body } catch … finally … }`` (the body's own braces, or new ones around it)."""
    name = loop.child_by_field_name("left")
    body = loop.child_by_field_name("body")
    if name is None or name.type != "identifier" or body is None:
        raise p.error(loop, "`for (using …)` takes one name", "Write `for (using x of xs)`.")
    if awaited:
        p.blank_range(_await_start(p, keyword.start_byte), keyword.start_byte)
    p.edits.replace(keyword.start_byte, keyword.end_byte, "const")
    value = p.unique_name("_" + p.text(name))
    p.edits.replace(name.start_byte, name.end_byte, value)
    env, opening, closing = _try_block(p, dispose, awaited)
    declare = f" const {p.text(name)} = {add}({env}, {value}, {'true' if awaited else 'false'});"
    if body.type == "statement_block":
        p.edits.insert(body.children[0].end_byte, opening + declare)
        p.edits.insert(body.children[-1].start_byte, closing)
    else:
        p.edits.insert(body.start_byte, "{" + opening + declare + " ")
        p.edits.insert(body.end_byte, " " + closing + " }")


#: Module-level statements that cannot go into the ``try`` block after a top-level ``using``.
_NOT_IN_A_BLOCK = frozenset({"import_statement", "function_declaration", "generator_function_declaration",
                             "export_statement"})
#: Declarations that stay module-level in a block as ``var`` (``C = class C``).
_CLASSES = frozenset({"class_declaration", "abstract_class_declaration"})


def _lower_module_level(p: PrePass, found: list[tuple[Node, bool]], env: str, add: str, opening: str,
                        closing: str) -> None:
    """A top-level ``using``: the statements from the first one to the end go into the ``try``
    block, as ``tsc`` does. Their declarations stay the module's: ``let``/``const``/``using``
    become ``var`` (in a block, still a binding of the module, hoisted as ``tsc``'s are), a class
    ``var C = class C …``, and ``export`` before them an ``export { … }`` after the block."""
    usings = {declaration.id: awaited for declaration, awaited in found}
    first = min(declaration.start_byte for declaration, _ in found)
    statements = [s for s in p.root.named_children if s.start_byte >= first and s.type != "comment"]
    exported: list[str] = []
    for statement in statements:
        if p.is_blanked(statement.start_byte):
            continue  # a type, an interface: removed
        target = statement
        if statement.type == "export_statement":
            declaration = statement.child_by_field_name("declaration")
            if declaration is not None and declaration.type in ("lexical_declaration", "variable_declaration",
                                                                *_CLASSES):
                p.blank_range(statement.start_byte, declaration.start_byte)
                exported += sorted(_declared(p, declaration))
                target = declaration
        if target.type in _NOT_IN_A_BLOCK:
            raise p.error(target, "This statement cannot follow a top-level `using`",
                          "Move imports, exports and function declarations above the first top-level `using`.")
        if target.id in usings:
            _lower_declaration(p, target, env, add, usings[target.id], keyword="var")
        elif target.type in ("lexical_declaration", "variable_declaration"):
            keyword = target.children[0]
            p.edits.replace(keyword.start_byte, keyword.end_byte, "var")
        elif target.type in _CLASSES:
            name = target.child_by_field_name("name")
            p.edits.insert(target.start_byte, f"var {p.text(name)} = ")
    p.edits.insert(statements[0].start_byte, opening.lstrip() + " ")
    after = closing + (f" export {{ {', '.join(exported)} }};" if exported else "")
    p.edits.insert(statements[-1].end_byte, " " + after)


def _declared(p: PrePass, declaration: Node) -> set[str]:
    if declaration.type in _CLASSES:
        return {p.text(declaration.child_by_field_name("name"))}
    return {name for d in declaration.named_children if d.type == "variable_declarator"
            for name in p.pattern_names(d.child_by_field_name("name"))}


def _lower_declaration(p: PrePass, declaration: Node, env: str, add: str, awaited: bool,
                       keyword: str = "const") -> None:
    keyword_node = declaration.children[0]
    start = keyword_node.start_byte
    if awaited:  # `await using`: the copy has spaces for `await`; the original loses it
        start = _await_start(p, keyword_node.start_byte)
    p.blank_range(start, keyword_node.start_byte)
    p.edits.replace(keyword_node.start_byte, keyword_node.end_byte, keyword)
    for declarator in (c for c in declaration.named_children if c.type == "variable_declarator"):
        value = declarator.child_by_field_name("value")
        if value is None:
            raise p.error(declarator, "A `using` declaration needs a value")
        p.edits.insert(value.start_byte, f"{add}({env}, ")
        p.edits.insert(value.end_byte, f", {'true' if awaited else 'false'})")


def _await_start(p: PrePass, using: int) -> int:
    """Where the ``await`` of the ``await using`` at ``using`` begins: the copy has spaces there,
    and the repair noted the offset."""
    start = using
    while start > 0 and p.words.get(start) != "await" and p.parsed[start - 1:start].isspace():
        start -= 1
    return start if p.words.get(start) == "await" else using
