"""Random programs of ES modules for the differential fuzzer (hypothesis strategies).

A program is a dict of file name → text: ``main.js`` (the entry), modules ``m1.js`` …,
sometimes ``lazy.js`` (reached only by ``import()``), ``util.js`` (the printing helpers every
module imports) and ``package.json`` (``"type": "module"``, so node runs the files as ES
modules). Every module prints what it observes, one line each, so that node's native run and
the bundle's can be compared line by line:

* own bindings of every kind, exported inline, in clauses, under string names, twice;
* every form of ``export default``, live (``export { x as default }``) or not (``export default x``);
* re-export chains (``export { a as b } from``), ``export *`` (with clashing names that drop out
  of the namespace), ``export * as ns from``;
* imports of every form, between any modules, so cycles are common; reads of imported bindings
  before and after the module's own declarations (TDZ errors in cycles are caught and printed);
* ``bump`` functions that mutate exported ``let``/``var`` bindings (live bindings);
* top-level ``await`` in several modules, and ``await import()`` (same namespace object?).

With ``semicolons=False`` the program is written as the ``standard`` style writes it: no
semicolon that automatic semicolon insertion would put back, each such statement ending at a
line break instead, and a ``;`` at the start of a line that begins with ``(``, ``[`` or a
template (so imported calls, which the bundle rewrites to ``(0, ns.f)(…)``, begin lines after
statements that do not end with ``;``).

With ``trivia=True`` every gap between two tokens gets a comment, a non-breaking space or
another Unicode space instead of a plain one, and statements are separated by line comments
and Unicode line terminators: text a compiler that searches the source instead of reading the
tree gets wrong.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from hypothesis import strategies as st

#: Marks the gaps between tokens while a module is written; replaced when it is printed.
GAP = "\ue000"
#: Between statements.
BREAK = "\ue001"
#: Where a statement's semicolon was (``semicolons=False``): a line break, maybe after a comment.
END = "\ue002"

SPACES = [" ", "\u00a0", "\t", "\u2003", "\u3000", "\ufeff", "\u205f", "\u000b", "\u000c"]
COMMENTS = ["/* c */", "/**/", "/* ü → ☃ */", "/* export { x } from './x.js' */", "/* import.meta */"]
LINE_BREAKS = ["\n", "\n// a line comment import './nowhere.js'\n", "\u2028", "\u2029", "\r\n", "\n/* a\nblock */\n"]
#: Line ends after a statement without its semicolon (a comment there can end the statement's node).
STATEMENT_ENDS = LINE_BREAKS + [" // a line comment after a statement\n", " /* c */\n", "/* a\nblock */"]

UTIL_NAME = "util.js"


def tokens(*parts: str) -> str:
    """Join tokens with a gap marker; a part may itself be a joined run of tokens."""
    return GAP.join(parts)


def string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


UTIL_SOURCE = BREAK.join([
    tokens("export", "function", "describe", "(", "v", ")", "{",
           "if", "(", "typeof", "v", "===", '"function"', ")", "return", '"fn:"', "+", "v", ".", "name", ";",
           "if", "(", "v", "&&", "typeof", "v", "===", '"object"', ")", "{",
           "if", "(", "v", "[", "Symbol", ".", "toStringTag", "]", "===", '"Module"', ")",
           "return", '"ns["', "+", "Reflect", ".", "ownKeys", "(", "v", ")", ".", "filter", "(",
           "(", "k", ")", "=>", "typeof", "k", "===", '"string"', ")", ".", "join", "(", '","', ")",
           "+", '"]"', ";",
           "return", "JSON", ".", "stringify", "(", "v", ")", ";", "}",
           "return", "typeof", "v", "===", '"string"', "?", "JSON", ".", "stringify", "(", "v", ")",
           ":", "String", "(", "v", ")", ";", "}"),
    tokens("export", "function", "show", "(", "f", ")", "{", "try", "{", "return", "describe", "(",
           "f", "(", ")", ")", ";", "}", "catch", "(", "e", ")", "{", "return", '"throws "', "+",
           "e", ".", "constructor", ".", "name", ";", "}", "}"),
    tokens("export", "function", "log", "(", "...", "parts", ")", "{", "console", ".", "log", "(",
           "parts", ".", "join", "(", '" "', ")", ")", ";", "}"),
])


@dataclass
class Binding:
    """A module's own binding: its local name, declaration kind and exported names."""

    local: str
    kind: str
    exported: list[str] = field(default_factory=list)
    inline: bool = False


@dataclass
class Module:
    name: str
    bindings: list[Binding] = field(default_factory=list)
    default: str | None = None  # a DEFAULT_FORMS key
    shared: bool = False  # exports `shared`, a name other modules export too
    bumps: list[str] = field(default_factory=list)  # exported mutators
    reexports: list[tuple[str, str, str]] = field(default_factory=list)  # (target, name, alias)
    stars: list[str] = field(default_factory=list)
    star_namespaces: list[tuple[str, str]] = field(default_factory=list)  # (target, alias)
    statements: list[str] = field(default_factory=list)  # imports and body, in order

    @property
    def file(self) -> str:
        return f"{self.name}.js"

    def explicit_names(self) -> list[str]:
        """Names importable by name without ambiguity (no `export *` names)."""
        names = [n for b in self.bindings for n in b.exported] + list(self.bumps)
        names += [alias for _, _, alias in self.reexports] + [alias for _, alias in self.star_namespaces]
        if self.shared:
            names.append("shared")
        if self.default is not None:
            names.append("default")
        return names


DECLARATIONS = {
    "let": lambda n, i: tokens("let", n, "=", str(i), ";"),
    "const": lambda n, i: tokens("const", n, "=", "{", "n", ":", str(i), "}", ";"),
    "var": lambda n, i: tokens("var", n, "=", str(i), ";"),
    "function": lambda n, i: tokens("function", n, "(", ")", "{", "return", str(i), ";", "}"),
    "class": lambda n, i: tokens("class", n, "{", "static", "n", "=", str(i), ";", "}"),
    "async function": lambda n, i: tokens("async", "function", n, "(", ")", "{", "}"),
    "generator": lambda n, i: tokens("function", "*", n, "(", ")", "{", "yield", str(i), ";", "}"),
}

# `L` is a local binding of the module (only for the forms that need one).
DEFAULT_FORMS = {
    "number": tokens("export", "default", "40", "+", "2", ";"),
    "object": tokens("export", "default", "{", "key", ":", "1", "}", ";"),
    "named function": tokens("export", "default", "function", "named", "(", ")", "{", "return", "1", ";", "}"),
    "anonymous function": tokens("export", "default", "function", "(", ")", "{", "return", "2", ";", "}"),
    "named class": tokens("export", "default", "class", "Named", "{", "}"),
    "anonymous class": tokens("export", "default", "class", "{", "}"),
    "parenthesized function": tokens("export", "default", "(", "function", "(", ")", "{", "}", ")", ";"),
    "parenthesized class": tokens("export", "default", "(", "class", "{", "}", ")", ";"),
    "arrow": tokens("export", "default", "(", ")", "=>", "3", ";"),
    "async arrow": tokens("export", "default", "async", "(", ")", "=>", "4", ";"),
    "async function": tokens("export", "default", "async", "function", "(", ")", "{", "}"),
    "generator": tokens("export", "default", "function", "*", "(", ")", "{", "}"),
    "comma": tokens("export", "default", "(", "0", ",", "function", "(", ")", "{", "}", ")", ";"),
    "live binding": tokens("export", "{", "L", "as", "default", "}", ";"),
    "snapshot": tokens("export", "default", "L", ";"),
}
NEEDS_LOCAL = {"live binding", "snapshot"}

identifiers = st.sampled_from(["v", "count", "café", "π", "$x", "_y", "ünïcode", "x\u200cy"])


@st.composite
def programs(draw: st.DrawFn, trivia: bool = False, semicolons: bool = True, static: bool = False) -> dict[str, str]:
    """A program of 1-4 modules plus main.js (see the module docstring). ``static``: no
    ``import()`` and no top-level ``await`` (a graph a production build scope-hoists)."""
    count = draw(st.integers(1, 4))
    modules = [Module(f"m{i}") for i in range(1, count + 1)]
    for module in modules:
        _own_exports(draw, module)
    for module in modules:
        _reexports(draw, module, modules)
    lazy = Module("lazy") if not static and draw(st.booleans()) else None
    if lazy is not None:
        _own_exports(draw, lazy)
        _reexports(draw, lazy, modules)
    for module in modules + ([lazy] if lazy else []):
        _imports_and_body(draw, module, modules, static=static)
    main = Module("main")
    _imports_and_body(draw, main, modules, is_main=True, static=static)
    if lazy is not None:
        main.statements.append(_dynamic_import(main, lazy))
    files = {module.file: _module_text(module) for module in [main, *modules, *([lazy] if lazy else [])]}
    files[UTIL_NAME] = UTIL_SOURCE
    if not semicolons:
        files = {name: _without_semicolons(text) for name, text in files.items()}
    printed = {name: _print(draw, text, trivia) for name, text in files.items()}
    printed["package.json"] = '{ "type": "module" }\n'
    return printed


def _own_exports(draw: st.DrawFn, module: Module) -> None:
    used: set[str] = set()
    for index in range(draw(st.integers(0, 3))):
        base = draw(identifiers)
        local = f"{base}{module.name}_{index}"
        kind = draw(st.sampled_from(list(DECLARATIONS)))
        binding = Binding(local, kind)
        style = draw(st.sampled_from(["none", "inline", "clause", "alias", "string", "twice"]))
        if style in ("inline", "twice"):
            binding.inline = True
            binding.exported.append(local)
        if style in ("clause",):
            binding.exported.append(local)
        if style in ("alias", "twice"):
            binding.exported.append(f"as_{local}")
        if style == "string":
            binding.exported.append(f"{module.name} str {index}")
        used.update(binding.exported)
        module.bindings.append(binding)
        if kind in ("let", "var") and binding.exported and draw(st.booleans()):
            module.bumps.append(f"bump_{local}")
    module.shared = draw(st.booleans())
    if draw(st.booleans()):
        forms = [f for f in DEFAULT_FORMS if f not in NEEDS_LOCAL or module.bindings]
        module.default = draw(st.sampled_from(forms))


def _reexports(draw: st.DrawFn, module: Module, modules: list[Module]) -> None:
    others = [m for m in modules if m is not module]
    for target in draw(st.lists(st.sampled_from(others), max_size=2, unique_by=lambda m: m.name)) if others else []:
        form = draw(st.sampled_from(["names", "star", "star as"]))
        if form == "star":
            module.stars.append(target.file)
        elif form == "star as":
            module.star_namespaces.append((target.file, f"ns_{module.name}_{target.name}"))
        else:
            own = [n for b in target.bindings for n in b.exported] + target.bumps
            own += ["default"] if target.default else []
            for name in draw(st.lists(st.sampled_from(own), max_size=2, unique=True)) if own else []:
                module.reexports.append((target.file, name, f"r_{module.name}_{len(module.reexports)}"))


def _import_clause(name: str) -> str:
    return string(name) if " " in name else name


def _imports_and_body(draw: st.DrawFn, module: Module, modules: list[Module], is_main: bool = False,
                      static: bool = False) -> None:
    """Import declarations, then the body: probes, declarations, awaits, bumps."""
    statements = [tokens("import", "{", "describe", ",", "show", ",", "log", "}", "from", string("./util.js"), ";")]
    reads: list[str] = []  # local names of imported bindings
    namespaces: list[str] = []
    bumps: list[str] = []
    targets = draw(st.lists(st.sampled_from(modules), min_size=1 if is_main else 0, max_size=3))
    for index, target in enumerate(targets):
        prefix = f"i_{module.name}_{index}"
        names = target.explicit_names()
        form = draw(st.sampled_from(["named", "namespace", "default", "side effect", "default+named", "default+namespace"]))
        spec = string(f"./{target.file}")
        if form == "side effect":
            statements.append(tokens("import", spec, ";"))
            continue
        parts = []
        if form.startswith("default") and target.default is not None:
            parts.append(f"{prefix}_d")
            reads.append(f"{prefix}_d")
        if form.endswith("namespace"):
            parts.append(tokens("*", "as", f"{prefix}_ns"))
            namespaces.append(f"{prefix}_ns")
        if form.endswith("named") and names:
            chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
            specifiers = []
            for k, name in enumerate(chosen):
                local = f"{prefix}_{k}"
                specifiers.append(tokens(_import_clause(name), "as", local))
                (bumps if name.startswith("bump_") else reads).append(local)
            parts.append(tokens("{", GAP.join(_commas(specifiers)), "}"))
        if not parts:
            parts.append(tokens("*", "as", f"{prefix}_ns"))
            namespaces.append(f"{prefix}_ns")
        statements.append(tokens("import", GAP.join(_commas(parts)), "from", spec, ";"))

    body: list[str] = []
    label = string(module.name)
    probes = [tokens("log", "(", label, ",", string(f"read {r}"), ",", "show", "(", "(", ")", "=>", r, ")", ")", ";") for r in reads]
    probes += [tokens("log", "(", label, ",", string(f"keys {n}"), ",", "show", "(", "(", ")", "=>", "Object", ".", "keys", "(", n, ")", ".", "length", ")", ",", "describe", "(", n, ")", ")", ";") for n in namespaces]
    # Some probes run before the module's own declarations (TDZ in cycles), the rest after.
    split = draw(st.integers(0, len(probes)))
    body += probes[:split]
    for binding_index, binding in enumerate(module.bindings):
        declaration = DECLARATIONS[binding.kind](binding.local, binding_index + 1)
        body.append(tokens("export", declaration) if binding.inline else declaration)
    if not static and draw(st.integers(0, 3)) == 0:
        body.append(tokens("await", "null", ";"))
    body += probes[split:]
    if reads and draw(st.integers(0, 2)) == 0:
        # Statements that begin with `(`, `[` and a template (standard style writes `;` before them).
        first = reads[0]
        body.append(draw(st.sampled_from([
            tokens("(", "function", "(", ")", "{", "log", "(", label, ",", string("iife"), ",", "show", "(", "(", ")",
                   "=>", first, ")", ")", ";", "}", ")", "(", ")", ";"),
            tokens("[", "(", ")", "=>", first, "]", ".", "forEach", "(", "(", "f", ")", "=>", "log", "(", label, ",",
                   string("array"), ",", "show", "(", "f", ")", ")", ")", ";"),
            tokens("`${", "show", "(", "(", ")", "=>", first, ")", "}`", ".", "split", "(", '""', ")", ".", "length",
                   ">", "0", "&&", "log", "(", label, ",", string("template"), ")", ";"),
        ])))
    for bump in bumps:
        body.append(tokens("log", "(", label, ",", string(f"call {bump}"), ",", "show", "(", bump, ")", ")", ";"))
    if bumps:
        body += [tokens("log", "(", label, ",", string(f"after {r}"), ",", "show", "(", "(", ")", "=>", r, ")", ")", ";") for r in reads]
    if not static and draw(st.integers(0, 4)) == 0:
        body.append(tokens("await", "Promise", ".", "resolve", "(", ")", ";"))
    if is_main and not static and draw(st.booleans()):
        target = draw(st.sampled_from(modules))
        body.append(_dynamic_import(module, target, namespaces=namespaces, same=_namespace_of(statements, target)))
    body.append(tokens("log", "(", label, ",", string("done"), ")", ";"))
    module.statements = statements + body


def _namespace_of(statements: list[str], target: Module) -> str | None:
    """The local name of a namespace import of `target` among `statements`, if any."""
    for statement in statements:
        if string(f"./{target.file}") in statement and "*" in statement.split(GAP):
            parts = statement.split(GAP)
            return parts[parts.index("*") + 2]
    return None


def _dynamic_import(module: Module, target: Module, namespaces: list[str] | None = None, same: str | None = None) -> str:
    name = f"dyn_{module.name}_{target.name}"
    label = string(module.name)
    statements = [
        tokens("const", name, "=", "await", "import", "(", string(f"./{target.file}"), ")", ";"),
        tokens("log", "(", label, ",", string(f"import() {target.name}"), ",", "describe", "(", name, ")", ")", ";"),
    ]
    if same is not None:
        statements.append(tokens("log", "(", label, ",", string("same namespace"), ",", name, "===", same, ")", ";"))
    return BREAK.join(statements)


def _commas(parts: list[str]) -> list[str]:
    out: list[str] = []
    for index, part in enumerate(parts):
        if index:
            out.append(",")
        out.append(part)
    return out


def _module_text(module: Module) -> str:
    statements = list(module.statements)
    exports: list[str] = []
    for binding in module.bindings:
        clause = [name for name in binding.exported if not (binding.inline and name == binding.local)]
        if clause:
            specifiers = [tokens(binding.local, "as", _import_clause(name)) for name in clause]
            exports.append(tokens("export", "{", GAP.join(_commas(specifiers)), "}", ";"))
    for bump in module.bumps:
        local = bump.removeprefix("bump_")
        exports.append(tokens("export", "function", bump, "(", ")", "{", local, "+=", "1", ";", "}"))
    if module.shared:
        exports.append(tokens("export", "const", "shared", "=", string(module.name), ";"))
    if module.default is not None:
        form = DEFAULT_FORMS[module.default]
        local = module.bindings[0].local if module.bindings else "L"
        exports.append(GAP.join(local if part == "L" else part for part in form.split(GAP)))
    for target, name, alias in module.reexports:
        exports.append(tokens("export", "{", _import_clause(name), "as", alias, "}", "from", string(f"./{target}"), ";"))
    for target in module.stars:
        exports.append(tokens("export", "*", "from", string(f"./{target}"), ";"))
    for target, alias in module.star_namespaces:
        exports.append(tokens("export", "*", "as", alias, "from", string(f"./{target}"), ";"))
    # Exports go after the body: hoisted declarations and `export default L` need L declared.
    return BREAK.join(statements + exports) + BREAK


#: A token or a marker between two tokens.
_TOKENS = re.compile(f"({GAP}|{BREAK}|{END})")
#: What a line may not begin with after a statement without a semicolon (standard's rule).
_CONTINUING = ("(", "[", "`", "+", "-", "/")


def _without_semicolons(text: str) -> str:
    """``text`` with every statement-ending ``;`` replaced by a line break (every ``;`` of these
    programs ends a statement or a class field), and a ``;`` before a line that needs one."""
    parts = _TOKENS.split(text)
    out: list[str] = []
    pending_break = False
    for part in parts:
        if part == ";":
            if out and out[-1] == GAP:
                out.pop()
            pending_break = True
            continue
        if part in (GAP, BREAK, END):
            if pending_break:
                continue
            out.append(part)
            continue
        if not part:
            continue
        if pending_break:
            out.append(END)
            pending_break = False
            if part.startswith(_CONTINUING):
                out.append(";")
        out.append(part)
    if pending_break:
        out.append(END)
    return "".join(out)


def _print(draw: st.DrawFn, text: str, trivia: bool) -> str:
    """Replace the gap and break markers with plain spaces and newlines, or with trivia."""
    if not trivia:
        return text.replace(GAP, " ").replace(BREAK, "\n").replace(END, "\n")
    out = []
    for char in text:
        if char == GAP:
            out.append(draw(st.sampled_from(SPACES + COMMENTS)))
        elif char == BREAK:
            out.append(draw(st.sampled_from(LINE_BREAKS)))
        elif char == END:
            out.append(draw(st.sampled_from(STATEMENT_ENDS)))
        else:
            out.append(char)
    return "".join(out)
