"""The rules of ``react-refresh/babel`` over the TypeScript grammar's tree: which functions get a
hook signature, which values are registered under which name, and the byte edits that say so.

Each function here names the plugin's visitor it follows (``ReactFreshBabelPlugin.js``,
react-refresh 0.19): ``hook_calls`` is ``HookCallsVisitor`` with the signature half of the
``FunctionDeclaration`` and ``ArrowFunctionExpression|FunctionExpression`` exits;
``registrations`` is the ``VariableDeclaration``, ``FunctionDeclaration`` (enter) and
``ExportDefaultDeclaration`` visitors with ``findInnerComponents``. Babel rebuilds the tree;
here every change is an insertion, so lines and columns stay (``Rules.apply`` orders the
insertions that share an offset: the outer construct opens first and closes last).

Left out on purpose: TypeScript ``namespace`` blocks (the plugin registers their functions with a
``Namespace$`` prefix; nbbundle's namespaces compile to functions, and are rare in components).

Over 400 lines on purpose: the rules follow the plugin's visitors one after another, in its
order, so each can be read beside the Babel file it ports.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nbbundle.compile.typescript.refresh_scopes import is_bound
from nbbundle.compile.typescript.syntax import FUNCTION_TYPES

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

_CALLS = """
(call_expression function: (identifier) @call)
(call_expression function: (member_expression property: (property_identifier) @call))
"""
_COMMENTS = "(comment) @comment"
#: ``isBuiltinHook``: hooks whose signature is their own (no custom hook behind them).
BUILTIN_HOOKS = frozenset({
    "useState", "useReducer", "useEffect", "useLayoutEffect", "useMemo", "useCallback", "useRef", "useContext",
    "useImperativeHandle", "useDebugValue", "useId", "useDeferredValue", "useTransition", "useInsertionEffect",
    "useSyncExternalStore", "useFormStatus", "useFormState", "useActionState", "useOptimistic",
})
_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration"})
_EXPRESSIONS = frozenset({"arrow_function", "function_expression", "function", "generator_function"})
#: Statement lists. Babel's ``isBlock`` has no switch cases; here a declaration in a case is
#: signed inside it, where its name is in scope, rather than after the ``switch``, where not.
_BLOCKS = frozenset({"statement_block", "program", "switch_case", "switch_default"})
#: Where a name is used as a component type (the plugin's "used in JSX" test).
_FACTORIES = '(#any-of? @factory "createElement" "jsx" "jsxs" "jsxDEV")'
_JSX_TYPES = """
(jsx_opening_element name: (identifier) @ref)
(jsx_self_closing_element name: (identifier) @ref)
"""
_FACTORY_ARGUMENTS = f"""
((call_expression function: (identifier) @factory arguments: (arguments (identifier) @ref)) {_FACTORIES})
((call_expression function: (member_expression property: (property_identifier) @factory)
  arguments: (arguments (identifier) @ref)) {_FACTORIES})
"""


def is_componentish(name: str) -> bool:
    """``isComponentishName``: an ASCII capital first."""
    return "A" <= name[:1] <= "Z"


def _is_hook_name(name: str) -> bool:
    return name.startswith("use") and "A" <= name[3:4] <= "Z"


def _unparenthesized(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def _parent(node: Node) -> Node | None:
    """The parent as Babel sees it: parentheses are not nodes there."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    return parent


class Rules:
    """What the rules decided for one module, and the insertions that write it."""

    def __init__(self, p: PrePass, runtime: str) -> None:
        self.p = p
        self.runtime = runtime
        self.signed: list[Node] = []
        """Functions given a signature."""
        self.registered: list[tuple[Node, tuple[str, str]]] = []
        """(node, (handle, persistent id)) in the order the plugin registers them."""
        self.module_signatures: list[str] = []
        """Signature names declared on line 1."""
        self.force_reset = any("@refresh reset" in p.text(c) for c in p.captures(_COMMENTS).get("comment", []))
        self._wraps: list[tuple[int, int, int, str, str]] = []  # (start, end, layer, opening, closing)
        self._prefixes: dict[int, tuple[Node, list[str]]] = {}  # body → statements first in it
        self._after: dict[int, tuple[Node, list[str]]] = {}  # statement → statements after it
        self.element_types: set[str] | None = None
        """Names used as a JSX type, read once when a declaration needs them."""
        self._numbers: dict[str, int] = {}
        self.declared: dict[int, set[str]] = {}
        """Scope node → the names declared directly in it (``is_bound``'s cache)."""

    # -- what the visitors ask for -----------------------------------------------------------

    def wrap(self, node: Node, opening: str, closing: str, layer: int) -> None:
        """``opening`` before ``node`` and ``closing`` after it; a lower layer is outside."""
        self._wraps.append((node.start_byte, node.end_byte, layer, opening, closing))

    def first_in_body(self, function_or_block: Node, statement: str) -> None:
        body = function_or_block if function_or_block.type == "statement_block" \
            else function_or_block.child_by_field_name("body")
        self._prefixes.setdefault(body.id, (body, []))[1].append(statement)

    def after_statement(self, statement: Node, text: str) -> None:
        self._after.setdefault(statement.id, (statement, []))[1].append(text)

    def name(self, base: str) -> str:
        """``_c``, ``_c2``, ``_c3``… as Babel numbers them, each unused by the module. Asked for
        by number, so a module with many components does not search from ``_c`` every time."""
        number = self._numbers.get(base, 1)
        self._numbers[base] = number + 1
        return self.p.unique_name(base if number == 1 else f"{base}{number}")

    def register(self, node: Node, persistent_id: str) -> str:
        handle = self.name("_c")
        self.registered.append((node, (handle, persistent_id)))
        return handle

    def apply(self) -> None:
        """Make the insertions, ordered where several share an offset."""
        inserts: list[tuple[tuple[int, ...], str]] = []
        for sequence, (start, end, layer, opening, closing) in enumerate(self._wraps):
            inserts.append(((start, 1, -end, layer, sequence), opening))
            inserts.append(((end, 0, -start, -layer, -sequence), closing))
        for body, statements in self._prefixes.values():
            text = "; ".join(statements) + ";"
            if body.type == "statement_block":
                inserts.append(((_after_directives(body), 2, 0, 0, 0), text + " "))
            else:  # an arrow's expression body becomes a block, as Babel makes it
                inserts.append(((body.start_byte, 1, -body.end_byte, -1, 0), "{ " + text + " return "))
                inserts.append(((body.end_byte, 0, -body.start_byte, 1, 0), " }"))
        for statement, texts in self._after.values():
            inserts.append(((statement.end_byte, 0, -statement.start_byte, 2, 0), ";" + "; ".join(texts) + ";"))
        for key, text in sorted(inserts, key=lambda insert: insert[0]):
            self.p.edits.insert(key[0], text)


def _after_directives(block: Node) -> int:
    """Where a body's own statements start: after ``{`` and any ``"use …"`` directives."""
    offset = block.children[0].end_byte
    for statement in block.named_children:
        if statement.type != "expression_statement" or statement.named_child_count != 1 \
                or statement.named_children[0].type != "string":
            break
        offset = statement.end_byte
    return offset


# -- signatures ------------------------------------------------------------------------------

def hook_calls(rules: Rules) -> None:
    """Sign every function that calls a hook (``HookCallsVisitor`` and the two exits)."""
    p = rules.p
    by_function: dict[int, tuple[Node, list[Node]]] = {}
    names = p.captures(_CALLS).get("call", [])
    for name in sorted(names, key=lambda n: n.start_byte):
        callee = name if name.type == "identifier" else name.parent
        call = callee.parent
        if (call is None or call.type != "call_expression" or call.child_by_field_name("function") != callee
                or not _is_hook_name(p.text(name)) or p.is_blanked(call.start_byte) or _is_optional(call)):
            continue
        arguments = call.child_by_field_name("arguments")
        if arguments is None or arguments.type != "arguments":
            continue  # useThing`…`: a tagged template, no call in Babel's tree
        owner = call.parent
        while owner is not None and owner.type not in FUNCTION_TYPES:
            owner = owner.parent
        if owner is not None:
            by_function.setdefault(owner.id, (owner, []))[1].append(call)
    for function, calls in sorted(by_function.values(), key=lambda item: item[0].start_byte):
        if function.type in _DECLARATIONS and function.child_by_field_name("name") is not None \
                or function.type in _EXPRESSIONS:
            _sign(rules, function, calls)


def _is_optional(call: Node) -> bool:
    """``a?.useX()``, ``useX?.()``: an OptionalCallExpression for Babel, which no visitor reads."""
    callee = call.child_by_field_name("function")
    return any(c.type in ("optional_chain", "?.") for c in (*call.children, *callee.children))


def _sign(rules: Rules, function: Node, calls: list[Node]) -> None:
    p = rules.p
    signature = rules.name("_s")
    rules.signed.append(function)
    _declare_signature(rules, function, f"{signature} = {rules.runtime}.signature()", signature)
    rules.first_in_body(function, f"{signature}()")
    key = "\n".join(f"{_hook_name(p, call)}{{{_hook_key(p, call)}}}" for call in calls)
    custom = [call.child_by_field_name("function") for call in calls if _hook_name(p, call) not in BUILTIN_HOOKS]
    if function.type in _DECLARATIONS:
        # Custom hooks are looked up from the block the signature is written in. (Babel asks the
        # declaration's own scope, so a hook declared inside a top-level component would be
        # listed, and the getter would throw where the signature is written.)
        statement = _statement_in_block(function)
        if statement is not None:
            name = p.text(function.child_by_field_name("name"))
            rules.after_statement(statement, f"{signature}({_arguments(rules, name, key, custom, statement.parent)})")
        return
    parent = _parent(function)
    declared = parent.child_by_field_name("name") if parent is not None and parent.type == "variable_declarator" else None
    if declared is not None and _unparenthesized(parent.child_by_field_name("value")) == function:
        # let Foo = () => {}: signed on the next line, so Foo keeps its inferred name. Not
        # where Foo is no variable there: after a `for` whose head declares it, or after a
        # namespace's `export const Foo` (which becomes `NS.Foo = …`): wrapped instead.
        statement = _statement_in_block(function)
        declaration = parent.parent
        in_block = statement == declaration or (statement == declaration.parent and statement.type == "export_statement"
                                                and statement.parent.type == "program")
        if statement is not None and declared.type == "identifier" and in_block:
            rules.after_statement(statement,
                                  f"{signature}({_arguments(rules, p.text(declared), key, custom, statement.parent)})")
            return
    # hoc(() => {}): the function and every HOC call that takes it, wrapped.
    for node in [function, *_hoc_calls_above(function)]:
        rules.wrap(node, f"{signature}(", ", " + _arguments(rules, None, key, custom, node) + ")", layer=1)


def _hook_name(p: PrePass, call: Node) -> str:
    callee = call.child_by_field_name("function")
    return p.text(callee if callee.type == "identifier" else callee.child_by_field_name("property"))


def _hook_key(p: PrePass, call: Node) -> str:
    """What of the call's text is part of the signature: the declared names and an initial state."""
    key = ""
    parent = _parent(call)
    if parent is not None and parent.type == "variable_declarator" and parent.child_by_field_name("value") is not None \
            and _unparenthesized(parent.child_by_field_name("value")) == call:
        # The declared names as written, type annotation included (Babel's id.getSource()).
        declared = parent.child_by_field_name("name")
        annotation = parent.child_by_field_name("type")
        end = annotation.end_byte if annotation is not None else declared.end_byte
        key = p.data[declared.start_byte:end].decode()
    arguments = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
    name = _hook_name(p, call)
    if name == "useState" and arguments:
        key += f"({p.text(arguments[0])})"
    elif name == "useReducer" and len(arguments) > 1:
        key += f"({p.text(arguments[1])})"
    return key


def _arguments(rules: Rules, target: str | None, key: str, custom: list[Node], scope: Node) -> str:
    """``createArgumentsForSignature``: the key, then forceReset and the custom-hook getter if
    any. A custom hook not bound where the signature is written forces a reset."""
    p = rules.p
    force_reset = rules.force_reset
    in_scope: list[str] = []
    for callee in custom:
        if callee.type == "identifier":
            binding, text = p.text(callee), p.text(callee)
        else:
            owner = callee.child_by_field_name("object")
            binding = p.text(owner) if owner.type == "identifier" else None
            text = f"{binding}.{p.text(callee.child_by_field_name('property'))}"
        if binding is not None and is_bound(p, binding, scope, rules.declared):
            in_scope.append(text)
        else:
            force_reset = True
    parts = [json.dumps(key)] if target is None else [target, json.dumps(key)]
    if force_reset or in_scope:
        parts.append("true" if force_reset else "false")
    if in_scope:
        parts.append(f"function () {{ return [{', '.join(in_scope)}]; }}")
    return ", ".join(parts)


def _declare_signature(rules: Rules, function: Node, declaration: str, name: str) -> None:
    """``path.scope.parent.push``: the signature's ``var`` in the scope around the function."""
    current = function.parent
    while current is not None:
        if current.type == "program":
            rules.module_signatures.append(name)
            return
        if current.type == "statement_block":
            rules.first_in_body(current, f"var {declaration}")
            return
        if current.type == "arrow_function":
            body = current.child_by_field_name("body")
            if body is not None and body.type != "statement_block" and body.start_byte <= function.start_byte:
                rules.first_in_body(current, f"var {declaration}")
                return
        current = current.parent
    rules.module_signatures.append(name)


def _statement_in_block(node: Node) -> Node | None:
    """The node or its nearest ancestor that is a statement of a block or of the module."""
    current: Node | None = node
    while current is not None and current.parent is not None:
        if current.parent.type in _BLOCKS:
            return current
        current = current.parent
    return None


def _hoc_calls_above(function: Node) -> list[Node]:
    """``findHOCCallPathsAbove``: the calls that take ``function`` (through assignments)."""
    calls: list[Node] = []
    current = function
    while True:
        parent = _parent(current)
        if parent is None:
            return calls
        if parent.type == "assignment_expression" and _unparenthesized(parent.child_by_field_name("right")) == current:
            current = parent
        elif parent.type == "arguments" and parent.parent is not None and parent.parent.type == "call_expression":
            current = parent.parent
            calls.append(current)
        else:
            return calls


# -- registrations ---------------------------------------------------------------------------

def registrations(rules: Rules) -> None:
    """Register what the plugin takes for components, in its order (module order, inner first)."""
    p = rules.p
    for statement in p.root.named_children:
        if p.is_blanked(statement.start_byte):
            continue
        target = statement
        if statement.type == "export_statement":
            target = statement.child_by_field_name("declaration") or statement.child_by_field_name("value")
            if target is None:
                continue
            if statement.child_by_field_name("value") is not None:
                value = _unparenthesized(target)
                if value.type == "call_expression":  # export default hoc(() => …)
                    _find_inner(rules, "%default%", value, lambda found, node: _register_inline(rules, found, node))
                continue
        if target.type in _DECLARATIONS:
            name = target.child_by_field_name("name")
            if name is not None and is_componentish(p.text(name)):
                handle = rules.register(target, p.text(name))
                rules.after_statement(statement, f"{handle} = {p.text(name)}")
        elif target.type in ("lexical_declaration", "variable_declaration"):
            declarators = [d for d in target.named_children if d.type == "variable_declarator"]
            if len(declarators) == 1:
                _register_declarator(rules, statement, declarators[0])


def _register_inline(rules: Rules, found: str, node: Node | None) -> None:
    """``hoc(_c = () => {})``: the handle takes the value where it is made."""
    if node is not None:
        handle = rules.register(node, found)
        rules.wrap(node, f"{handle} = ", "", layer=0)


def _register_declarator(rules: Rules, statement: Node, declarator: Node) -> None:
    """``findInnerComponents`` on a ``VariableDeclarator``."""
    p = rules.p
    name_node = declarator.child_by_field_name("name")
    value = declarator.child_by_field_name("value")
    if value is None or name_node.type != "identifier" or not is_componentish(p.text(name_node)):
        return
    name = p.text(name_node)
    init = _unparenthesized(value)
    if init.type == "call_expression":
        callee = init.child_by_field_name("function")
        tagged = init.child_by_field_name("arguments").type == "template_string"
        if not tagged and (callee.type == "import" or callee.type == "identifier"
                           and (p.text(callee).startswith("require") or p.text(callee).startswith("import"))):
            return  # require("A"), import("A"): not a HOC
    elif init.type not in _EXPRESSIONS:
        return

    def found(persistent_id: str, node: Node | None) -> None:
        if node is None:
            return  # hoc(Foo): Foo is registered where it is declared
        handle = rules.register(node, persistent_id)
        if node == init:
            rules.after_statement(statement, f"{handle} = {name}")  # let Foo = …; _c = Foo;
        else:
            rules.wrap(node, f"{handle} = ", "", layer=0)

    if _find_inner(rules, name, init, found):
        return
    if rules.element_types is None:
        rules.element_types = element_types(p)
    if name in rules.element_types:
        found(name, init)  # const X = …; and later <X />


def _find_inner(rules: Rules, inferred: str, node: Node, found) -> bool:  # noqa: ANN001 - a callback
    """``findInnerComponents`` below a declarator: ``found(name, node or None)`` for each
    component inside ``node``, innermost first; whether there was one."""
    p = rules.p
    node = _unparenthesized(node)
    if node.type == "identifier":
        if not is_componentish(p.text(node)):
            return False
        found(inferred, None)
        return True
    if node.type == "arrow_function":
        body = node.child_by_field_name("body")
        if body is not None and _unparenthesized(body).type == "arrow_function":
            return False  # () => () => …: a HOC factory
        found(inferred, node)
        return True
    if node.type in ("function_expression", "function", "generator_function"):
        found(inferred, node)
        return True
    if node.type == "call_expression" and not _is_optional(node):
        arguments = node.child_by_field_name("arguments")
        if arguments is None or arguments.type != "arguments":
            return False
        values = [a for a in arguments.named_children if a.type != "comment"]
        callee = node.child_by_field_name("function")
        if not values or callee.type not in ("identifier", "member_expression", "subscript_expression"):
            return False
        if not _find_inner(rules, f"{inferred}${p.text(callee)}", values[0], found):
            return False
        found(inferred, node)
        return True
    return False


def element_types(p: PrePass) -> set[str]:
    """The names the module uses as ``<Name />`` or as ``createElement(Name)``/``jsx(Name)``: the
    plugin's test for a variable it could not read as a component (``styled.div`…```). One
    query for the module, so the test costs the same for every declaration."""
    names: set[str] = set()
    query = _FACTORY_ARGUMENTS if p.kind == "ts" else _JSX_TYPES + _FACTORY_ARGUMENTS  # .ts: a grammar without JSX
    for ref in p.captures(query).get("ref", []):
        if not p.is_blanked(ref.start_byte) and not p.shadowed(ref, p.root):
            names.add(p.text(ref))
    return names
