"""Where tree-sitter-typescript (0.23, the newest on PyPI) reads TypeScript otherwise than ``tsc``.

Each repair changes a copy of the text of the same length and parses it again, so every byte
offset of the new tree is still true for the text the user wrote, and the pre-pass edits that
text (as ``javascript/grammar_repairs`` does for ``let`` and ``await``). The copy is only read
for its tree: what the output becomes is decided on the original bytes. Keywords the copy
loses (``export type``, ``accessor``, ``using``) are noted in ``words`` by offset, for the
pre-pass to compile (``lowering``).

Misreadings without an ERROR (the pre-pass's first query finds their candidates):

* **A tagged template with type arguments**, ``tag<T>`hi``` and ``styled("div")<Props>`…```.
  The grammar reads ``(tag < T) > `hi```: a silent miscompile. ``tsc`` reads type arguments
  wherever ``<…>`` parses as them and a template follows. A template that is the right operand
  of ``>``/``>>``/``>>>`` becomes ``( a, b )`` in the copy (its substitutions kept, the rest
  spaces): where the grammar then reads a call with type arguments, the copy's tree is kept and
  the type arguments are removed like every other; elsewhere (a real comparison, ``a > `x```)
  the template stays as it was.
* **``<<`` opening type arguments of a call**, ``f<<T>(a: T) => T>(g)``: read as ``(f << T) >
  (arrow)``, an arrow function as an operand, which JavaScript never allows. The type
  arguments become ``<{}   >`` in the copy; where they do not close, an error with a hint.
* **``using`` / ``await using``**, read as an assignment with a ``using`` token: ``const``.

Misreadings that end in an ERROR (repaired in rounds, one error can hide the next):

* **Variance annotations**, ``interface Z<out O, in I = X>``: ``in``/``out`` become spaces.
* **A call signature opening with type parameters after a member without ``;``**,
  ``(a: number): string⏎<U>(b: U): U``: a ``;`` in the gap before ``<`` (``tsc`` reads no type
  arguments after a line break); the grammar may have given up on the whole interface.
* **A parameter named like a predefined type**, ``(any) => void``: ``_ny``.
* ``tag<{ a: 1 }>`x```, ``x as Id<<T>(a: T) => T>``, ``export type * from``, ``static
  accessor x``, ``for (using x of xs)``.

One module for all of them (over 400 lines): they share the copy's helpers and the rule that
a tree is kept only when it reads as ``tsc`` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbbundle.compile.javascript.syntax import leaves

if TYPE_CHECKING:
    from collections.abc import Callable

    from tree_sitter import Node, Tree

#: Query pattern (a capture of the pre-pass's first query): every binary expression, of which
#: ``binary_readings`` keeps the two the grammar may misread. One pattern without conditions: the
#: two conditioned ones it replaces cost 7 ms of CPU to compile in every process, more than
#: looking at every binary expression of a module.
BINARY = "(binary_expression) @binary"
_TEMPLATE_TAG_ENDS = frozenset({">", ">>", ">>>"})
def binary_readings(binaries: list[Node]) -> tuple[list[Node], list[Node]]:
    """Of ``binaries`` (``BINARY``'s captures, in their order): the templates after ``>``,
    ``>>`` or ``>>>``, which may be ``tag<T>`…``` (``typed_templates``), and the ``<<``
    expressions, which may open type arguments (``shifted_type_arguments``)."""
    templates: list[Node] = []
    shifts: list[Node] = []
    for node in binaries:
        operator = node.child_by_field_name("operator").type
        if operator == "<<":
            shifts.append(node)
        elif operator in _TEMPLATE_TAG_ENDS:
            right = node.child_by_field_name("right")
            if right is not None and right.type == "template_string":
                templates.append(right)
    return templates, shifts


#: Query pattern: ``using`` declarations, read as assignments (``using_declarations``).
USING = '(assignment_expression "using" @using)'
#: Tokens after which a type goes on: a ``<`` after one of them is no new member.
_CONTINUES_A_TYPE = frozenset({",", ";", "{", "(", "[", "<", "|", "&", "=", ":", "=>", "?", "extends", "keyof",
                               "typeof", "new", ".", "...", "is", "asserts", "infer"})
#: Tokens that name something (a variance modifier is followed by one).
_NAMES = frozenset({"identifier", "type_identifier"})
#: Type parameter modifiers the grammar does not know.
_VARIANCE = frozenset({b"in", b"out"})
#: Rounds of error repairs: one error can hide the next.
_ROUNDS = 8


def repair_errors(tree: Tree, data: bytes, parse: Callable[[bytes], Tree],
                  words: dict[int, str]) -> tuple[Tree, bytes] | None:
    """The tree of ``data`` with the misreadings above that end in an ERROR repaired; None
    when none of them is in the tree (the error is the user's). ``words`` gets the keywords
    the copy lost, by offset (``export type``, ``accessor``), for the pre-pass to compile."""
    copy = bytearray(data)
    repaired = None
    for _ in range(_ROUNDS):
        errors = _errors(tree.root_node)
        groups = {}
        for node in errors:
            group = _statement_and_previous(node)
            groups[group[-1].start_byte] = group
        changed = _signatures_after_members(groups, copy)
        for _, group in sorted(groups.items()):
            changed |= _shift_opening_type_arguments([t for n in group for t in leaves(n) if not t.is_extra], copy)
        for node in errors:
            changed |= (_variance(node, copy)
                        or _predefined_parameter(node, copy) or _template_after_instantiation(node, data, copy)
                        or _export_type_star(node, copy, words) or _static_accessor(node, copy, words)
                        or _for_using(node, copy, words))
        if not changed:
            break
        text = bytes(copy)
        tree = parse(text)
        repaired = (tree, text)
        if not tree.root_node.has_error:
            break
    return repaired


def typed_templates(tree: Tree, data: bytes, candidates: list[Node],
                    parse: Callable[[bytes], Tree]) -> tuple[Tree, bytes] | None:
    """The tree in which ``tag<T>`…``` is a call with type arguments; None when no candidate
    template is one (every ``>`` before them is a comparison)."""
    if not candidates:
        return None
    spans = sorted({(t.start_byte, t.end_byte): t for t in candidates}.items())
    templates = [t for _, t in spans]
    for _ in range(2):  # the second round drops the candidates the first one did not confirm
        copy = bytearray(data)
        for template in templates:
            _as_arguments(template, data, copy)
        text = bytes(copy)
        repaired = parse(text)
        confirmed = [t for t in templates if _is_typed_call(repaired.root_node, t)]
        if not confirmed:
            return None
        if len(confirmed) == len(templates):
            return repaired, text
        templates = confirmed
    return None


def using_declarations(tree: Tree, data: bytes, usings: list[Node], parse: Callable[[bytes], Tree],
                       words: dict[int, str]) -> tuple[Tree, bytes] | None:
    """``using x = f()`` and ``await using x = f()`` as the declarations they are.

    The grammar reads an assignment expression with a ``using`` token (``await`` applied to
    it). In the copy ``using`` becomes ``const`` and ``await`` spaces: a lexical declaration
    whose ``const`` is noted in ``words`` as ``using`` or ``await using`` (``lowering``).
    """
    if not usings:
        return None
    copy = bytearray(data)
    changed = False
    for token in usings:
        assignment = token.parent
        target = assignment.child_by_field_name("left") if assignment is not None else None
        if target is None or target.type != "identifier" or any(
                copy[i] in b"\r\n" for i in range(token.end_byte, target.start_byte)):
            continue  # `using⏎x = 1` is the identifier `using`, then an assignment
        awaited = assignment.parent
        word = "using"
        if awaited is not None and awaited.type == "await_expression" and awaited.named_children \
                and awaited.named_children[0] == assignment:
            _blank(copy, awaited.start_byte, token.start_byte)
            words[awaited.start_byte] = "await"
            word = "await using"
        copy[token.start_byte:token.end_byte] = b"const"
        words[token.start_byte] = word
        changed = True
    if not changed:
        return None
    text = bytes(copy)
    return parse(text), text


#: Said of ``<<`` that no repair reads as two brackets.
SHIFT_HINT = ("tree-sitter-typescript reads `<<` as a shift here: write `< <` to open nested type arguments "
              "(`x as Id< <T>(a: T) => T>`).")


def hint_for(tree: Tree, data: bytes) -> str | None:
    """A hint for an error the grammar makes of valid TypeScript and no repair undoes."""
    for node in _errors(tree.root_node):
        for token in leaves(node):
            if token.type == "<<":
                return SHIFT_HINT
    return None


def _for_using(error: Node, copy: bytearray, words: dict[int, str]) -> bool:
    """``for (using x of xs)``, ``for await (await using x of xs)``: the grammar knows no
    ``using`` there. In the copy ``using`` becomes ``const`` (``await`` spaces), noted in
    ``words`` as ``for using`` / ``for await using``."""
    if not error.is_error:
        return False
    tokens = [t for t in leaves(error) if not t.is_extra]
    changed = False
    for index, token in enumerate(tokens):
        if token.type != "using" or index < 2:
            continue
        awaited = tokens[index - 1].type == "await"
        opening = index - 2 if awaited else index - 1
        head = [t.type for t in tokens[max(0, opening - 2):opening + 1]]
        if opening < 1 or head[-1] != "(" or "for" not in head[:-1]:
            continue
        name = tokens[index + 1] if index + 1 < len(tokens) else None
        if name is None or name.type != "identifier" or bytes(copy[name.start_byte:name.end_byte]) == b"of":
            continue  # `for (using of xs)`: `using` names the loop's variable
        if awaited:
            _blank(copy, tokens[index - 1].start_byte, token.start_byte)
            words[tokens[index - 1].start_byte] = "await"
        copy[token.start_byte:token.end_byte] = b"const"
        words[token.start_byte] = "for await using" if awaited else "for using"
        changed = True
    return changed


#: How far each token moves the depth of angle brackets.
_ANGLES = {"<": 1, "<<": 2, ">": -1, ">>": -2, ">>>": -3}


def shifted_type_arguments(tree: Tree, data: bytes, shifts: list[Node],
                           parse: Callable[[bytes], Tree]) -> tuple[Tree, bytes] | None:
    """``f<<T>(a: T) => T>(g)`` read without an ERROR as ``(f << T) > ((a: T) => T > (g))``:
    an arrow function as an operand, which JavaScript never allows, so ``tsc``'s reading (type
    arguments of a call) is the only one. Repaired as in an ERROR; None when no ``<<`` is one."""
    copy = bytearray(data)
    changed = False
    for shift in shifts:
        if is_misread_shift(shift):
            outer = shift.parent
            changed |= _shift_opening_type_arguments([t for t in leaves(outer) if not t.is_extra], copy)
    if not changed:
        return None
    text = bytes(copy)
    return parse(text), text


def is_misread_shift(shift: Node) -> bool:
    """Whether the ``<<`` expression ``shift`` is the left operand of ``>`` whose right operand
    is an arrow function: never JavaScript, type arguments misread."""
    outer = shift.parent
    if outer is None or outer.type != "binary_expression" or outer.child_by_field_name("left") != shift:
        return False
    right = outer.child_by_field_name("right")
    return right is not None and right.type == "arrow_function"


def _shift_opening_type_arguments(tokens: list[Node], copy: bytearray) -> bool:
    """``x as Id<<T>(a: T) => T>``, ``f<<T>(a: T) => T>(g)``: the grammar reads ``<<`` as a
    shift. Where ``<<`` follows a name after ``as``/``satisfies``, or its brackets close before
    ``(``, the type arguments become ``<{}   >`` in the copy (the same length: a type the
    grammar reads; they are removed from the output whole)."""
    changed = False
    for index, token in enumerate(tokens):
        if token.type != "<<" or index == 0 or tokens[index - 1].type not in _NAMES:
            continue
        depth, close = 0, None
        for later in range(index, len(tokens)):
            depth += _ANGLES.get(tokens[later].type, 0)
            if depth <= 0:
                close = later if depth == 0 else None
                break
        if close is None:
            continue
        after_as = index >= 2 and tokens[index - 2].type in ("as", "satisfies")
        called = close + 1 < len(tokens) and tokens[close + 1].type == "("
        if not (after_as or called):
            continue
        start, end = token.start_byte, tokens[close].end_byte
        _blank(copy, start, end)
        copy[start:start + 3] = b"<{}"
        copy[end - 1] = ord(">")
        changed = True
    return changed


def _export_type_star(error: Node, copy: bytearray, words: dict[int, str]) -> bool:
    """``export type * from "./t"``: the grammar knows ``export *`` only; ``type`` goes."""
    statement = error.parent
    following = error.next_sibling
    if not error.is_error or statement is None or statement.type != "export_statement" \
            or [c.type for c in error.children] != ["type"] or following is None \
            or following.type not in ("*", "namespace_export"):
        return False
    _blank(copy, error.start_byte, error.end_byte)
    words[statement.start_byte] = "export type"
    return True


def _static_accessor(error: Node, copy: bytearray, words: dict[int, str]) -> bool:
    """``static accessor x``: read as a field named ``accessor`` and an ERROR ``x``. The
    copy has spaces for ``accessor``; ``words`` keeps it for the lowering."""
    field = error.parent
    if not error.is_error or field is None or field.type != "public_field_definition":
        return False
    keyword = error.prev_sibling  # `static accessor x` at the end of a body: the name is the ERROR
    if error.named_child_count == 1 and error.named_children[0].type == "property_identifier":
        keyword = error.named_children[0]  # … and before another member: `accessor` is
    if keyword is None or keyword.type != "property_identifier" \
            or bytes(copy[keyword.start_byte:keyword.end_byte]) != b"accessor":
        return False
    _blank(copy, keyword.start_byte, keyword.end_byte)
    words[keyword.start_byte] = "accessor"
    return True


def _errors(root: Node) -> list[Node]:
    """ERROR and MISSING nodes in source order, descending only where errors are."""
    found: list[Node] = []
    cursor = root.walk()
    while True:
        node = cursor.node
        if node.is_error or node.is_missing:
            found.append(node)
        if node.has_error and not node.is_missing and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return found


def _blank(copy: bytearray, start: int, end: int) -> None:
    for offset in range(start, end):
        if copy[offset] not in b"\r\n":
            copy[offset] = 0x20


def _variance(error: Node, copy: bytearray) -> bool:
    """``<out O>``, ``<in out T = X>``: the grammar reads ``in``/``out`` as names and the real
    name as an ERROR. In the type parameters around the ERROR, every ``in``/``out`` followed by
    another name is a modifier (as ``tsc`` reads them): spaces."""
    parameters = error.parent
    if parameters is not None and parameters.type == "type_parameter":
        parameters = parameters.parent
    if not error.is_error or parameters is None or parameters.type != "type_parameters":
        return False
    tokens = [t for t in leaves(parameters) if not t.is_extra]
    changed = False
    for token, following in zip(tokens, tokens[1:]):
        if token.type in _NAMES and following.type in _NAMES \
                and bytes(copy[token.start_byte:token.end_byte]) in _VARIANCE:
            _blank(copy, token.start_byte, token.end_byte)
            changed = True
    return changed


def _signatures_after_members(groups: dict[int, list[Node]], copy: bytearray) -> bool:
    """``(a): string⏎<U>(b: U): U`` in an interface or object type. ``tsc`` reads no type
    arguments after a line break (``string⏎<U>`` is not ``string<U>``), so the member ends
    there; the grammar reads on and fails, sometimes giving up on the whole declaration.

    Around each error (its top-level statement, and the one before it when the grammar closed
    the body early), the bodies of ``interface``s and of ``type X = {…}`` are found by their
    tokens; in them a ``;`` goes into the gap before every ``<`` that starts a line after a
    token that can end a type. Nothing outside those bodies is touched."""
    changed = False
    for _, statements in sorted(groups.items()):
        every = [t for statement in statements for t in leaves(statement) if not t.is_missing]
        after = {a.end_byte: b.start_byte for a, b in zip(every, every[1:])}  # up to a comment, if any
        tokens = [t for t in every if not t.is_extra]
        for start, end in _type_bodies(tokens):
            for previous, token in zip(tokens[start:end], tokens[start + 1:end]):
                if token.type != "<" or previous.type in _CONTINUES_A_TYPE \
                        or not any(copy[i] in b"\r\n" for i in range(previous.end_byte, token.start_byte)):
                    continue
                changed |= _semicolon_in_gap(copy, previous.end_byte, after.get(previous.end_byte, token.start_byte))
    return changed


def _statement_and_previous(node: Node) -> list[Node]:
    """The top-level statement that holds ``node`` and the one before it: where the grammar
    went wrong can be a statement before the one its ERROR is in."""
    top = node
    while top.parent is not None and top.parent.parent is not None:
        top = top.parent
    return [n for n in (top.prev_sibling, top) if n is not None]


def _type_bodies(tokens: list[Node]) -> list[tuple[int, int]]:
    """Index ranges of ``tokens`` between the braces of an ``interface`` or of ``type X = {``."""
    bodies = []
    index = 0
    while index < len(tokens):
        kind = tokens[index].type
        opening = None
        if kind == "interface":
            # the body's brace, not one of an object type in the type parameters (`<T = {}>`)
            opening = next((i for i in range(index + 1, len(tokens))
                            if tokens[i].type == "{" and tokens[i - 1].type not in _CONTINUES_A_TYPE), None)
        elif kind == "type" and index + 2 < len(tokens):
            equals = index + 2
            if tokens[equals].type == "<":  # `type X<T extends Y<Z>> = {`: past the parameters
                depth = 0
                for later in range(equals, len(tokens)):
                    depth += _ANGLES.get(tokens[later].type, 0)
                    if depth <= 0:
                        equals = later + 1
                        break
            if equals + 1 < len(tokens) and tokens[equals].type == "=" and tokens[equals + 1].type == "{":
                opening = equals + 1
        if opening is None:
            index += 1
            continue
        depth, close = 0, len(tokens)
        for i in range(opening, len(tokens)):
            depth += {"{": 1, "}": -1}.get(tokens[i].type, 0)
            if depth == 0:
                close = i
                break
        bodies.append((opening + 1, close))
        index = close
    return bodies


def _semicolon_in_gap(copy: bytearray, start: int, end: int) -> bool:
    """A ``;`` for a blank of the gap: a space or tab if there is one, else a line break."""
    gap = range(start, end)
    if any(copy[i] == ord(";") for i in gap):
        return False  # done already (a statement reached from two errors)
    spot = next((i for i in gap if copy[i] in b" \t"), None)
    if spot is None:
        spot = next((i for i in gap if copy[i] in b"\r\n"), None)
    if spot is None:
        return False
    copy[spot] = ord(";")
    return True


def _predefined_parameter(error: Node, copy: bytearray) -> bool:
    """``(any) => void``: ``(predefined type)`` then ``=>``, in an ERROR or just before one."""
    if not error.is_error:
        return False
    changed = False
    sequence = [error.prev_sibling, *error.children]
    for previous, token in zip(sequence, sequence[1:]):
        for _ in range(3):  # `(x: (number) => void) => 1`: the type ends the parameter before
            if previous is None or previous.type == "parenthesized_type" or not previous.named_children:
                break
            previous = previous.named_children[-1]
        if token is None or token.type != "=>" or previous is None or previous.type != "parenthesized_type":
            continue
        inner = previous.named_children[0] if previous.named_children else None
        if inner is not None and inner.type == "predefined_type" and copy[inner.start_byte] != ord("_"):
            copy[inner.start_byte] = ord("_")
            changed = True
    return changed


def _template_after_instantiation(missing: Node, data: bytes, copy: bytearray) -> bool:
    """``tag<{ a: 1 }>`x```: the grammar reads ``tag<{…}>`` as an instantiation expression
    and asks for a MISSING ``!`` before the template. The template becomes arguments
    (``typed_templates``)."""
    wrapper = missing.parent
    call = wrapper.parent if wrapper is not None else None
    if not missing.is_missing or missing.type != "!" or wrapper.type != "non_null_expression" \
            or call is None or call.type != "call_expression":
        return False
    template = call.child_by_field_name("arguments")
    if template is None or template.type != "template_string" or copy[template.start_byte] != ord("`"):
        return False
    _as_arguments(template, data, copy)
    return True


def _as_arguments(template: Node, data: bytes, copy: bytearray) -> None:
    """`` `a${x}b${y}` `` → ``(   x,   y )``: parentheses for the backticks, the substitutions'
    expressions kept, separated by commas; every other byte a space (line breaks kept)."""
    substitutions = [c for c in template.named_children if c.type == "template_substitution"]
    _blank(copy, template.start_byte, template.end_byte)
    for index, substitution in enumerate(substitutions):
        inner = slice(substitution.start_byte + 2, substitution.end_byte - 1)
        copy[inner] = data[inner]
        if index < len(substitutions) - 1:
            copy[substitution.end_byte - 1] = ord(",")
    copy[template.start_byte] = ord("(")
    copy[template.end_byte - 1] = ord(")")


def _is_typed_call(root: Node, template: Node) -> bool:
    """Whether the copy's tree reads the template's place as the arguments of a call with
    type arguments."""
    node = root.descendant_for_byte_range(template.start_byte, template.start_byte + 1)
    while node is not None and node.start_byte == template.start_byte and node.type != "arguments":
        node = node.parent
    if node is None or node.type != "arguments" or node.end_byte != template.end_byte:
        return False
    call = node.parent
    return call is not None and call.type == "call_expression" and call.child_by_field_name("type_arguments") is not None
