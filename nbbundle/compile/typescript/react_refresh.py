"""React Fast Refresh: what ``react-refresh/babel`` adds to a module for @vitejs/plugin-react,
rule by rule, decided from the tree and written as byte edits that keep every line.

The rules (``ReactFreshBabelPlugin.js``, react-refresh 0.19, with ``emitFullSignatures``):

* **Signatures** (``refresh_rules.hook_calls``): every function that calls a hook
  (``use[A-Z]…``, at any depth: arrows given to ``memo``/``forwardRef`` or any call, functions
  made inside functions, custom hooks in a module of hooks only) gets ``_s()`` first in its
  body and ``_s(F, "useState{[n, setN](0)}\\nuseEffect{}", forceReset, () => [customHooks])``
  around it: after the statement that declares it (a declaration, ``const F = () => …``), or
  wrapped around the function and each HOC call that takes it (``_s(memo(_s(() => …, k)), k)``).
  ``_s`` is a ``_refresh.signature()`` declared in the scope around the function, so a
  function made inside a HOC gets one per call. The getter lists the custom hooks it calls
  that are bound where the signature is written, so an edited custom hook remounts its
  callers; one that is not (a global, a hook declared inside) forces a reset, as
  ``// @refresh reset`` does.
* **Registrations** (``refresh_rules.registrations``): top-level capitalized function
  declarations, ``const X = <function, HOC call, styled tag>`` (and such a value used as a JSX
  type), the functions and calls inside HOC calls (``X$memo``, ``X$React.forwardRef``), and
  ``export default hoc(…)`` (``%default%``). A handle ``_c = …`` takes the value where Babel
  takes it, and ``_refresh.register(_c, "<module id> X")`` follows the last line.
* **Boundary**: as @vitejs/plugin-react, a module with any of the above, or a class that extends
  ``Component``/``PureComponent``, accepts its own updates, and ``refresh`` in
  ``js/react-refresh-runtime.js`` checks at run time that every export is a component (classes
  included) or unchanged, else invalidates, which hands the update to the importers. When an
  export is a function React cannot take for a component (``export function render``, a
  widget's entry, ``export function useCount``) no new version could pass that check: the module
  does not accept itself, and updates take the normal path at once.

The runtime gives React a DevTools hook, which react-dom reads once, when it initializes: so it
must run first. Every module with refresh code imports it before anything else, and so does
every other module with JSX (typically the entry that imports react-dom and calls
``createRoot``), which plays the part of Vite's preamble in ``index.html``.

``@nbbundle/react-refresh`` is a module the notebook serves from memory (``RUNTIME_MODULE_ID``);
it imports ``react-refresh/runtime`` from the user's packages.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nbbundle.compile.javascript.literals import string_value
from nbbundle.compile.typescript.refresh_rules import Rules, hook_calls, is_componentish, registrations

if TYPE_CHECKING:
    from tree_sitter import Node

    from nbbundle.compile.typescript.syntax import PrePass

RUNTIME_PACKAGE = "@nbbundle/react-refresh"
#: Where the runtime module lives for the resolver: a package only the notebook serves.
RUNTIME_MODULE_ID = "node_modules/@nbbundle/react-refresh/index.js"

_CLASS_BASES = "(extends_clause value: [(identifier) (member_expression)] @base)"
_FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function", "generator_function"})


def register_components(p: PrePass) -> None:
    """Add the signatures, registrations and the self-accepting footer to a module."""
    if p.id.startswith("node_modules/") or "/node_modules/" in p.id:
        return  # packages are not edited live
    jsx = p.options.jsx
    if (jsx.import_source if jsx.runtime == "automatic" else jsx.factory.split(".")[0]) not in ("react", "React"):
        return  # Preact and others have their own refresh (prefresh)
    runtime = p.unique_name("_refresh")
    rules = Rules(p, runtime)
    hook_calls(rules)
    registrations(rules)
    classes = _class_components(p)
    if not rules.signed and not rules.registered and not classes:
        if p.has_jsx:
            # Vite's preamble: the runtime must run before react-dom does, and a module with
            # JSX (an entry that calls createRoot) may import react-dom before any component.
            p.header.insert(0, f"import {json.dumps(RUNTIME_PACKAGE)};")
        return
    first = min([*rules.signed, *(node for node, _ in rules.registered), *classes], key=lambda n: n.start_byte)
    p.origins[RUNTIME_PACKAGE] = (first.start_byte, first.end_byte)
    rules.apply()
    header = f"import * as {runtime} from {json.dumps(RUNTIME_PACKAGE)};"
    if rules.module_signatures:
        header += " var " + ", ".join(f"{s} = {runtime}.signature()" for s in rules.module_signatures) + ";"
    if rules.registered:
        header += " var " + ", ".join(handle for _, (handle, _) in rules.registered) + ";"
    p.header.insert(0, header)
    p.footer.extend(f"{runtime}.register({handle}, {json.dumps(f'{p.id} {name}')});"
                    for _, (handle, name) in rules.registered)
    exports, complete = _exports(p)
    functions = _top_level_functions_and_classes(p)
    if any(local in functions and not is_componentish(local) for _, local in exports if local):
        # `export function render(…)`: a function React cannot take for a component, so a new
        # version could never be refreshed in place. No self-accept: the update takes the normal
        # HMR path at once (for a widget's entry, a re-render) instead of an invalidation.
        return
    module = json.dumps(p.id)
    current = ", ".join(f"{json.dumps(key)}: () => {local}" for key, local in exports if local is not None)
    names = json.dumps([key for key, _ in exports]) if complete else "null"
    table = p.unique_name("_exports")
    p.footer.append(
        f"if (import.meta.hot) {{ const {table} = {{ {current} }}; {runtime}.registerExports({module}, {table}); "
        f"import.meta.hot.accept((next) => {{ const reason = next && {runtime}.refresh({module}, {names}, {table}, next); "
        f"if (reason) import.meta.hot.invalidate(reason); }}); }}"
    )


def _class_components(p: PrePass) -> list[Node]:
    """Classes that extend ``Component``/``PureComponent`` (``React.Component`` …): plugin-react
    makes such a module a refresh boundary though the Babel plugin registers nothing in it."""
    found = []
    for base in p.captures(_CLASS_BASES).get("base", []):
        named = base.child_by_field_name("property") if base.type == "member_expression" else base
        if named is not None and p.text(named) in ("Component", "PureComponent") and not p.is_blanked(base.start_byte):
            found.append(base)
    return found


def _top_level_functions_and_classes(p: PrePass) -> set[str]:
    """Top-level names whose value is a function or a class (declared, or a function value)."""
    names: set[str] = set()
    for statement in p.root.named_children:
        declaration = statement.child_by_field_name("declaration") if statement.type == "export_statement" else statement
        if declaration is None or p.is_blanked(declaration.start_byte):
            continue
        if declaration.type in ("function_declaration", "generator_function_declaration", "class_declaration",
                                "abstract_class_declaration"):
            name = declaration.child_by_field_name("name")
            if name is not None:
                names.add(p.text(name))
        elif declaration.type in ("lexical_declaration", "variable_declaration"):
            for declarator in declaration.named_children:
                name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                value = declarator.child_by_field_name("value") if name is not None else None
                if value is not None and name.type == "identifier" and value.type in _FUNCTION_VALUES:
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
