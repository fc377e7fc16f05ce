"""React Fast Refresh: register a module's components and hook signatures, the way
``react-refresh/babel`` does for @vitejs/plugin-react, decided from the tree.

For a module that declares components (top-level functions, arrows and HOC calls with a
capitalized name) the pre-pass adds, without moving a line::

    import * as _refresh from "@nbbundle/react-refresh"; var _s = _refresh.signature();  ← line 1
    function Counter() {_s(); const [n, setN] = useState(0); …}           ← _s() in the body
    _s(Counter, "useState{[n, setN](0)}");  _refresh.register(Counter, "Counter.tsx Counter");
    if (import.meta.hot) { const _exports = { Counter: () => Counter };  ← from the tree
      import.meta.hot.accept(next => _refresh.refresh(…) or import.meta.hot.invalidate(…)) }

The signature lists the hook calls in order (with ``useState``'s initial value): when it
changes, React remounts that component instead of keeping its state. The module accepts its
own updates, and ``refresh`` (``js/react-refresh-runtime.js``) checks at run time that every
export is a component, else it invalidates, which hands the update to the importers: a module
that also exports other values gets the normal HMR rules, as in Vite. When an export is a
function that React cannot take for a component (``export function render``, a widget's entry),
no new version could pass that check: the module registers its components but does not accept
itself, and updates take the normal path at once.

The runtime gives React a DevTools hook, which react-dom reads once, when it initializes: so it
must run first. Every module that registers components imports it before anything else, and so
does every other module with JSX (typically the entry that imports react-dom and calls
``createRoot``), which plays the part of Vite's preamble in ``index.html``.

``@nbbundle/react-refresh`` is a module the notebook serves from memory
(``RUNTIME_MODULE_ID``); it imports ``react-refresh/runtime`` from the user's packages.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import string_value
from nbbundle.compile.typescript.syntax import FUNCTION_TYPES

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

RUNTIME_PACKAGE = "@nbbundle/react-refresh"
#: Where the runtime module lives for the resolver: a package only the notebook serves.
RUNTIME_MODULE_ID = "node_modules/@nbbundle/react-refresh/index.js"

_HOOK_CALLS = """
(call_expression function: (identifier) @name) @call
(call_expression function: (member_expression property: (property_identifier) @name)) @call
"""
_BUILTIN_HOOKS = frozenset({
    "useState", "useReducer", "useEffect", "useLayoutEffect", "useMemo", "useCallback", "useRef", "useContext",
    "useImperativeHandle", "useDebugValue", "useId", "useDeferredValue", "useTransition", "useInsertionEffect",
    "useSyncExternalStore", "useFormStatus", "useFormState", "useActionState", "useOptimistic",
})
_HOOK_NAME = re.compile(r"^use[A-Z]")
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function"})



def register_components(p: PrePass) -> None:
    """Add the registrations, signatures and the self-accepting footer to a module with components."""
    if p.id.startswith("node_modules/") or "/node_modules/" in p.id:
        return  # packages are not edited live
    jsx = p.options.jsx
    if (jsx.import_source if jsx.runtime == "automatic" else jsx.factory.split(".")[0]) not in ("react", "React"):
        return  # Preact and others have their own refresh (prefresh)
    functions = list(_top_level_functions(p))
    if not any(_is_component_name(name) for name, _, _ in functions):
        if p.has_jsx:
            # Vite's preamble: the runtime must run before react-dom does, and a module with
            # JSX (an entry that calls createRoot) may import react-dom before any component.
            p.header.insert(0, f"import {json.dumps(RUNTIME_PACKAGE)};")
        return
    component = next(function for name, function, _ in functions if _is_component_name(name))
    p.origins[RUNTIME_PACKAGE] = (component.start_byte, component.end_byte)
    runtime = p.unique_name("_refresh")
    module = json.dumps(p.id)
    force_reset = any("@refresh reset" in p.text(c) for c in p.captures("(comment) @c").get("c", []))
    signatures: list[str] = []
    footer: list[str] = []
    for name, function, register_as in functions:
        hooks = _hook_calls(p, function)
        if hooks and (_is_component_name(name) or _HOOK_NAME.match(name)):
            signature = p.unique_name("_s")
            signatures.append(signature)
            _call_in_body(p, function, f"{signature}()")
            key = "\n".join(f"{hook}{{{text}}}" for hook, text, _ in hooks)
            custom = [callee for hook, _, callee in hooks if hook not in _BUILTIN_HOOKS]
            arguments = [name, json.dumps(key), "true" if force_reset else "false"]
            if custom:
                arguments.append(f"function () {{ return [{', '.join(custom)}]; }}")
            footer.append(f"{signature}({', '.join(arguments)});")
        if register_as is not None and _is_component_name(register_as):
            footer.append(f"{runtime}.register({name}, {json.dumps(f'{p.id} {register_as}')});")
    declarations = ", ".join(f"{s} = {runtime}.signature()" for s in signatures)
    p.header.insert(0, f"import * as {runtime} from {json.dumps(RUNTIME_PACKAGE)};"
                    + (f" var {declarations};" if declarations else ""))
    p.footer.extend(footer)
    exports, complete = _exports(p)
    functions_by_name = {name for name, _, _ in functions} | _class_names(p)
    if any(local in functions_by_name and not _is_component_name(local) for _, local in exports if local):
        # `export function render(…)`: a function React cannot take for a component, so a new
        # version could never be refreshed in place. No self-accept: the update takes the normal
        # HMR path at once (for a widget's entry, a re-render) instead of an invalidation.
        return
    current = ", ".join(f"{json.dumps(key)}: () => {local}" for key, local in exports if local is not None)
    names = json.dumps([key for key, _ in exports]) if complete else "null"
    table = p.unique_name("_exports")
    p.footer.append(
        f"if (import.meta.hot) {{ const {table} = {{ {current} }}; {runtime}.registerExports({module}, {table}); "
        f"import.meta.hot.accept((next) => {{ const reason = next && {runtime}.refresh({module}, {names}, {table}, next); "
        f"if (reason) import.meta.hot.invalidate(reason); }}); }}"
    )


def _class_names(p: PrePass) -> set[str]:
    names = set()
    for statement in p.root.named_children:
        declaration = statement.child_by_field_name("declaration") if statement.type == "export_statement" else statement
        if declaration is not None and declaration.type in ("class_declaration", "abstract_class_declaration"):
            name = declaration.child_by_field_name("name")
            if name is not None:
                names.add(p.text(name))
    return names


def _exports(p: PrePass) -> tuple[list[tuple[str, str | None]], bool]:
    """The module's export names, each with the local that holds its value (None if not one),
    and whether that is all of them (no ``export * from``). Read from the tree, so the footer
    needs no handle on the module's namespace object."""
    exports: list[tuple[str, str | None]] = []
    complete = True
    for statement in p.root.named_children:
        if statement.type != "export_statement" or p.is_blanked(statement.start_byte):
            continue
        declaration = statement.child_by_field_name("declaration")
        value = statement.child_by_field_name("value")
        source = statement.child_by_field_name("source")
        if any(c.type == "default" for c in statement.children):
            named = (declaration or value).child_by_field_name("name") if (declaration or value) is not None \
                and (declaration or value).type != "identifier" else (declaration or value)
            exports.append(("default", p.text(named) if named is not None else None))
        elif declaration is not None:
            if declaration.type in ("lexical_declaration", "variable_declaration"):
                for declarator in declaration.named_children:
                    if declarator.type == "variable_declarator":
                        exports.extend((n, n) for n in sorted(p.pattern_names(declarator.child_by_field_name("name"))))
            else:
                name = declaration.child_by_field_name("name")
                if name is not None:
                    exports.append((p.text(name), p.text(name)))
        else:
            clause = next((c for c in statement.named_children if c.type == "export_clause"), None)
            star = next((c for c in statement.named_children if c.type == "namespace_export"), None)
            if star is not None:
                exports.append((p.text(star.named_children[-1]), None))
            elif clause is None:
                complete = False  # export * from "…": names known only at run time
            for specifier in clause.named_children if clause is not None else ():
                if specifier.type != "export_specifier" or p.is_blanked(specifier.start_byte):
                    continue
                local = specifier.child_by_field_name("name")
                exported = specifier.child_by_field_name("alias") or local
                key = string_value(exported) if exported.type == "string" else p.text(exported)
                exports.append((key, p.text(local) if source is None and local.type == "identifier" else None))
    return exports, complete


def _is_component_name(name: str) -> bool:
    return name[:1].isupper()


def _top_level_functions(p: PrePass):  # noqa: ANN202 - a generator of (name, function node, registered name)
    """Functions declared at the top level: (local name, function node, name to register or None)."""
    for statement in p.root.named_children:
        if p.is_blanked(statement.start_byte):
            continue
        declaration = statement
        if statement.type == "export_statement":
            declaration = statement.child_by_field_name("declaration") or statement.child_by_field_name("value")
            if declaration is None:
                continue
        if declaration.type in ("function_declaration", "generator_function_declaration", "function_expression", "function"):
            name = declaration.child_by_field_name("name")
            if name is not None:
                yield p.text(name), declaration, p.text(name)
        elif declaration.type in ("lexical_declaration", "variable_declaration"):
            for declarator in declaration.named_children:
                name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                value = declarator.child_by_field_name("value") if name is not None else None
                if value is None or name.type != "identifier":
                    continue
                if value.type in _FUNCTION_VALUES:
                    yield p.text(name), value, p.text(name)
                elif value.type == "call_expression" and _is_component_name(p.text(name)):
                    # memo(() => …), forwardRef(function (props, ref) {…}): React's refresh
                    # runtime finds the inner type through the registered outer one.
                    yield p.text(name), value, p.text(name)


def _hook_calls(p: PrePass, function: Node) -> list[tuple[str, str, str]]:
    """(hook name, signature text, callee text) of each hook called by ``function`` itself."""
    if function.type == "call_expression":
        return []
    calls: list[tuple[int, str, str, str]] = []
    for call in p.captures(_HOOK_CALLS, function).get("call", []):
        callee = call.child_by_field_name("function")
        name_node = callee if callee.type == "identifier" else callee.child_by_field_name("property")
        name = p.text(name_node)
        if not _HOOK_NAME.match(name) or _owner(call) != function.id or p.is_blanked(call.start_byte):
            continue
        key = ""
        parent = call.parent
        if parent is not None and parent.type == "variable_declarator":
            key = p.text(parent.child_by_field_name("name"))
        arguments = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
        if name == "useState" and arguments:
            key += f"({p.text(arguments[0])})"
        elif name == "useReducer" and len(arguments) > 1:
            key += f"({p.text(arguments[1])})"
        calls.append((call.start_byte, name, key, p.text(callee)))
    return [(name, key, callee) for _, name, key, callee in sorted(calls)]


def _owner(node: Node) -> int | None:
    current = node.parent
    while current is not None and current.type not in FUNCTION_TYPES:
        current = current.parent
    return current.id if current is not None else None


def _call_in_body(p: PrePass, function: Node, call: str) -> None:
    """Put ``call`` first in the function's body, on the body's own line."""
    body = function.child_by_field_name("body")
    if body is None:
        return
    if body.type == "statement_block":
        p.edits.insert(body.children[0].end_byte, f"{call}; ")
    else:  # an arrow's expression body: (s(), expression)
        p.edits.insert(body.start_byte, f"({call}, ")
        p.edits.insert(body.end_byte, ")")
