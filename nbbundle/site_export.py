"""Export an entry module as a static site: ``index.html``, ``runtime.js`` and resource files.

Two ways in, one way out:

* ``python -m nbbundle export NOTEBOOK.ipynb -o DIR`` (no kernel): :func:`read_notebook` reads
  the ``%%module NAME`` cells (and literal ``nbbundle.define``/``nbbundle.data`` calls), later
  definitions of a name win, and :func:`notebook_environment` defines them into a fresh
  ``Environment(root=<the notebook's folder>)``, so files and ``node_modules`` next to the
  notebook resolve. A cell may import a module defined further down (definition is retried
  until nothing more succeeds); any cell still failing fails the export with its diagnostics.
* ``nbbundle.export_site(entry, directory)`` in a kernel: the environment's current graph.

The **entry** is the module the notebook shows: ``%%module X --show``, ``nbbundle.show("X")``
(under any alias of nbbundle, or ``show`` imported from it) and ``%nbbundle show X``. One
distinct candidate is the entry; several, or none, need ``--entry`` (the CLI asks when stdin is
a terminal, listing the shown modules, or every JavaScript module when none is shown). The **model state** the page starts from is the widget's last synced state: in a
kernel, the widget's own traits (not ``_bundle``, ``_esm``, ``_css``, private ``_*`` or the
DOMWidget's layout traits); from a notebook file, the keyword arguments of the ``show`` call
(literals), overlaid by the widget state saved in the notebook's metadata, if any.

Output layout (``DIR``)::

    index.html        the page: <link> initial styles, config JSON, runtime.js, initial scripts
    runtime.js        module system + loader + js/site.js (a classic script, runs first)
    vendor.js         initial modules from node_modules (only when there are some)
    app.js            the entry's initial modules (the entry's file stem)
    lazy.1a2b3c4d.js  one async resource per import() target, loaded when the import() runs
    style.css         one style resource per CSS module (the id flattened: lib/x.css → lib_x.css)

Resource files sit next to ``index.html``, so ``import.meta.url`` of module ``lib/util.js`` is
``<site>/lib/util.js``, as in the single-file build. File names are reduced to
``[A-Za-z0-9._-]`` and made unique (``index.html`` and ``runtime.js`` are reserved), so no module
name can write outside ``DIR``; names from cells that are absolute, contain ``..`` or
backslashes are refused outright with :class:`UnsafeModuleName`, and every path is checked to
be inside ``DIR`` before anything is written.

Strategies (seed 004, "Resource loading strategies"):

* **modern** (default): initial resources are ``<script type="module" src>`` in dependency
  order, registering with ``import.meta.url``; async resources are ES modules the loader
  ``import()``s. Being ES modules, resources are strict mode code, CommonJS included; a package
  that relies on sloppy mode needs ``--legacy``.
* **legacy** (``--legacy``): classic ``<script src>`` registering with
  ``document.currentScript.src``; async resources load by an injected ``<script>``.

CSS: style resources are linked with ``<link rel="stylesheet">``, initial ones in ``<head>`` in
evaluation order (the order the widget would inject them). A CSS module's init function is
rendered without its text, ``__nbb_require__.css(id)``, which the runtime turns into "load the
style resource ``id``": a no-op for initial ones (the manifest marks them ``type: "initial"``),
and async ones load together with the script resource that registers their module (the
manifest's ``styles``), so a lazily imported component finds its CSS applied.

The manifest in the page maps every module id to its resource, and every resource to a URL
relative to the page. Old files in ``DIR`` are left alone; only the files of this export are
written.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from nbbundle.errors import NbbundleError
from nbbundle.render import EXPORTS, PARAMETERS, function_name, render_module
from nbbundle.resources import registration
from nbbundle.site_page import index_html, site_runtime
from nbbundle.transform import REQUIRE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nbbundle.bundle_widget import BundleWidget
    from nbbundle.graph import ModuleGraph, ModuleNode
    from nbbundle.notebook import Environment

Strategy = Literal["modern", "legacy"]

RESERVED = frozenset({"index.html", "runtime.js"})
_UNSAFE_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_MODERN_URL = "import.meta.url"
_LEGACY_URL = "document.currentScript.src"
#: Synced traits of every DOMWidget/AnyWidget that are not the app's state.
_WIDGET_TRAITS = frozenset({"layout", "tabbable", "tooltip", "keys", "log", "comm"})
_ENTRY_SUFFIXES = (".js", ".mjs")


class UnsafeModuleName(ValueError):  # noqa: N818 (a ValueError, named for what it refuses)
    """A module name that could make the export write outside its folder."""


class EntryChoiceError(ValueError):  # noqa: N818
    """The entry could not be decided: no candidate, several, or not a defined module."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True, slots=True)
class SiteResource:
    """One resource of the site: a script (initial or async) or a style."""

    name: str
    """The manifest's name: the file name for scripts, the CSS module's id for styles."""
    kind: Literal["script", "style"]
    type: Literal["initial", "async"]
    file: str
    """Path relative to the site's folder."""
    module_ids: tuple[str, ...]
    code: str
    styles: tuple[str, ...] = ()
    """Style resources that load together with this script resource."""


@dataclass
class SiteExport:
    """What :func:`export_environment` wrote."""

    directory: Path
    entry: str
    strategy: Strategy
    resources: list[SiteResource]
    files: list[str] = field(default_factory=list)
    """Every file written, relative to ``directory``, ``index.html`` first."""

    def __repr__(self) -> str:
        return (f"SiteExport({str(self.directory)!r}, entry={self.entry!r}, strategy={self.strategy!r}, "
                f"files={self.files!r})")

    def _repr_html_(self) -> str:
        import html

        return (f"<div>Exported <code>{html.escape(self.entry)}</code> ({self.strategy}) to "
                f"<code>{html.escape(str(self.directory / 'index.html'))}</code>: "
                f"{len(self.files)} files</div>")


# -- names ---------------------------------------------------------------------------------------


def check_site_name(name: str, where: str = "") -> str:
    """Refuse module names that are absolute, contain ``..`` or backslashes; return ``name``."""
    path = PurePosixPath(name)
    if (not name or path.is_absolute() or ".." in path.parts or "\\" in name or "\x00" in name
            or re.match(r"^[A-Za-z]:", name)):
        place = f" ({where})" if where else ""
        msg = (f"Refusing the module name {name!r}{place}: module names are relative paths inside the "
               "notebook's folder, like app.js or lib/util.js; absolute paths, '..' and backslashes "
               "could make the export write outside its output folder.")
        raise UnsafeModuleName(msg)
    return name


def _safe_name(text: str, suffix: str) -> str:
    """A plain file name: [A-Za-z0-9._-], no leading dot or dash, ending in ``suffix``."""
    base = text[: -len(suffix)] if text.endswith(suffix) else text
    base = _UNSAFE_CHARACTERS.sub("_", base).lstrip(".-_") or "module"
    return base[:80] + suffix


def _unique(name: str, used: set[str]) -> str:
    stem, dot, suffix = name.partition(".")
    candidate, counter = name, 1
    while candidate.lower() in used:
        counter += 1
        candidate = f"{stem}-{counter}{dot}{suffix}"
    used.add(candidate.lower())
    return candidate


def _stem(module_id: str) -> str:
    return module_id.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "index"


def _style_file(module_id: str) -> str:
    parts = [p for p in PurePosixPath(module_id).parts if p not in ("..", ".", "/", "node_modules")]
    return _safe_name("_".join(parts) or "style", ".css")


def _is_vendor(module_id: str) -> bool:
    return module_id.startswith("node_modules/") or "/node_modules/" in module_id


# -- planning ------------------------------------------------------------------------------------


def css_init(module_id: str) -> str:
    """A CSS module's init function for the site: its style resource is loaded, not inlined."""
    return (f'function {function_name(module_id)}({PARAMETERS}) {{"use strict";{REQUIRE}.d({EXPORTS}, {{}}); '
            f"{REQUIRE}.css({json.dumps(module_id)});\n}}")


def plan_site(environment: Environment, entry: str, *, legacy: bool = False) -> list[SiteResource]:
    """Split what ``entry`` reaches into the site's resources: initial ones in load order first."""
    graph = environment.graph
    node = graph.get_module_by_id(entry)
    if node is None:
        msg = f"There is no module {entry!r}. Defined modules: {', '.join(sorted(environment.cells)) or 'none'}."
        raise EntryChoiceError(msg, sorted(environment.cells))
    closure = environment.closure(entry)
    problems = [d for module_id in closure for d in environment.failed.get(module_id, [])]
    if problems:
        raise NbbundleError(problems)
    for module_id in closure:
        if module_id in environment.cells:
            check_site_name(module_id, "a cell")
    url = _LEGACY_URL if legacy else _MODERN_URL
    used = set(RESERVED)

    def init(member: ModuleNode) -> str:
        if member.transform_result is not None and member.transform_result.kind == "css":
            return css_init(member.id)
        return environment.rendered.get(member.id) or render_module(member, environment.linked[member.id])

    styles: dict[str, SiteResource] = {}

    def styles_of(members: list[ModuleNode], type_: Literal["initial", "async"]) -> list[SiteResource]:
        """The style resources of the CSS modules among ``members``; each CSS module has one."""
        found = []
        for member in members:
            if member.transform_result is not None and member.transform_result.kind == "css":
                if member.id not in styles:
                    file = _unique(_style_file(member.id), used)
                    styles[member.id] = SiteResource(member.id, "style", type_, file, (member.id,),
                                                     _css_text(environment, member))
                found.append(styles[member.id])
        return found

    def script(name: str, type_: Literal["initial", "async"], members: list[ModuleNode],
               styles: Iterable[SiteResource] = ()) -> SiteResource:
        code = registration([(m.id, init(m)) for m in members], url)
        return SiteResource(name, "script", type_, name, tuple(m.id for m in members), code + "\n",
                            tuple(s.name for s in styles))

    initial = graph.static_order(node)
    initial_ids = {n.id for n in initial}
    vendor = [n for n in initial if _is_vendor(n.id)]
    app = [n for n in initial if not _is_vendor(n.id)]
    scripts = [script(_unique(_safe_name(_stem(entry), ".js"), used), "initial", app)] if app else []
    if vendor:
        scripts.append(script(_unique("vendor.js", used), "initial", vendor))
    initial_styles = styles_of(initial, "initial")
    resources = [*initial_styles, *_topological(scripts, graph, entry)]

    # As plan_resources: one async resource per import() target, holding what the target
    # reaches beyond the initial set (a module two targets share ships in both).
    pending = [target for n in initial for target in _by_id(n.dynamic_imported_modules)]
    done: set[str] = set()
    while pending:
        target = pending.pop(0)
        if target.id in initial_ids or target.id in done:
            continue
        done.add(target.id)
        members = [n for n in graph.static_order(target) if n.id not in initial_ids]
        digest = hashlib.sha1("".join(n.etag or "" for n in members).encode(), usedforsecurity=False).hexdigest()[:8]
        listed = {r.name for r in resources if r.kind == "style"}
        own_styles = styles_of(members, "async")
        name = _unique(_safe_name(f"{_stem(target.id)}.{digest}", ".js"), used)
        resources.append(script(name, "async", members, own_styles))
        resources.extend(s for s in own_styles if s.name not in listed)
        pending.extend(t for n in members for t in _by_id(n.dynamic_imported_modules))
    return resources


def _by_id(nodes: Iterable[ModuleNode]) -> list[ModuleNode]:
    return sorted(nodes, key=lambda n: n.id)


def _css_text(environment: Environment, node: ModuleNode) -> str:
    if node.id in environment.cells:
        return environment.cells[node.id]
    if node.file is not None:
        return node.file.read_text(encoding="utf-8")
    return ""


def _topological(scripts: list[SiteResource], graph: ModuleGraph, entry: str) -> list[SiteResource]:
    """Initial script resources, each after the resources its modules import (a DFS post-order)."""
    owner = {module_id: resource for resource in scripts for module_id in resource.module_ids}
    ordered: list[SiteResource] = []
    seen: set[str] = set()

    def visit(resource: SiteResource) -> None:
        if resource.name in seen:
            return
        seen.add(resource.name)  # before the dependencies: a cycle between resources stops here
        for module_id in resource.module_ids:
            node = graph.get_module_by_id(module_id)
            for imported in node.import_order if node else ():
                dependency = owner.get(imported.id)
                if dependency is not None and dependency is not resource:
                    visit(dependency)
        ordered.append(resource)

    visit(owner[entry])
    for resource in scripts:
        visit(resource)
    return ordered


# -- writing -------------------------------------------------------------------------------------


def export_environment(environment: Environment, entry: str, directory: Path | str, *, legacy: bool = False,
                       state: dict[str, Any] | None = None, title: str | None = None) -> SiteExport:
    """Write the site of ``entry`` from ``environment`` into ``directory``.

    Raises ``EntryChoiceError`` (no such module), ``UnsafeModuleName``, ``NbbundleError`` (a
    module in the closure failed) and ``ValueError`` (state that is not JSON).
    """
    check_site_name(entry, "the entry")
    if not entry.endswith(_ENTRY_SUFFIXES):
        msg = f"The entry must be a JavaScript module with render({{ model, el }}), not {entry!r}."
        raise EntryChoiceError(msg, sorted(n for n in environment.cells if n.endswith(_ENTRY_SUFFIXES)))
    resources = plan_site(environment, entry, legacy=legacy)
    directory = Path(directory)
    strategy: Strategy = "legacy" if legacy else "modern"
    manifest: dict[str, dict[str, Any]] = {"modules": {}, "resources": {}}
    for resource in resources:
        if resource.kind == "script":
            for module_id in resource.module_ids:
                manifest["modules"].setdefault(module_id, resource.name)
        description: dict[str, Any] = {"kind": resource.kind, "type": resource.type, "url": resource.file}
        if resource.styles:
            description["styles"] = list(resource.styles)
        manifest["resources"][resource.name] = description
    config = {"entry": entry, "strategy": strategy, "state": _json_state(state or {}), "manifest": manifest}
    initial = [r for r in resources if r.type == "initial"]
    page = index_html(
        title=title or entry, config=config, legacy=legacy,
        styles=[r.file for r in initial if r.kind == "style"], scripts=[r.file for r in initial if r.kind == "script"],
    )
    files = {"index.html": page, "runtime.js": site_runtime()}
    files.update((r.file, r.code) for r in resources)
    root = directory.resolve()
    for relative in files:
        if not (root / relative).resolve().is_relative_to(root):  # unreachable by construction: a guard
            msg = f"Refusing to write {relative!r}: it is outside {root}."
            raise UnsafeModuleName(msg)
    root.mkdir(parents=True, exist_ok=True)
    for relative, text in files.items():
        (root / relative).write_text(text, encoding="utf-8", newline="\n")
    return SiteExport(directory, entry, strategy, resources, list(files))


def _json_state(state: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(json.dumps(state, allow_nan=False))
    except (TypeError, ValueError) as error:
        msg = f"The widget state must be JSON to go into the page: {error}"
        raise ValueError(msg) from None


def widget_state(widget: BundleWidget) -> dict[str, Any]:
    """The app's synced state of a live widget: what the page's local model starts from."""
    from nbbundle.bundle_widget import BundleWidget

    base = set(BundleWidget.class_trait_names(sync=True))
    names = [n for n in widget.trait_names(sync=True)
             if n not in base and not n.startswith("_") and n not in _WIDGET_TRAITS]
    return dict(widget.get_state(names)) if names else {}


# -- notebooks -----------------------------------------------------------------------------------


@dataclass
class NotebookSource:
    """What a notebook file defines and shows, read without a kernel."""

    path: Path
    modules: dict[str, str] = field(default_factory=dict)
    """Module name → text of its last definition, in the order of those definitions."""
    origins: dict[str, str] = field(default_factory=dict)
    """Module name → where it was defined (``cell 3``), for messages."""
    shown: list[str] = field(default_factory=list)
    """Entries the notebook shows, distinct, in order of appearance."""
    show_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    saved_state: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Entry → the widget state saved in the notebook's metadata."""

    def state_for(self, entry: str) -> dict[str, Any]:
        return {**self.show_state.get(entry, {}), **self.saved_state.get(entry, {})}


def read_notebook(path: Path | str) -> NotebookSource:
    """Read the modules, the shown entries and saved widget states of an ``.ipynb`` file.

    Raises ``OSError``/``ValueError`` for unreadable or non-notebook files and
    ``UnsafeModuleName`` for a cell whose module name could escape the output folder.
    """
    path = Path(path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        msg = f"{path} is not a notebook (invalid JSON: {error})"
        raise ValueError(msg) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        msg = f"{path} is not a notebook (no cells)"
        raise ValueError(msg)
    source = NotebookSource(path)
    aliases = _Aliases()
    shown: dict[str, None] = {}
    for number, cell in enumerate(notebook["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        first, _, body = text.partition("\n")
        if first.strip().startswith("%%module"):
            name, show = _parse_module_line(first.strip(), number)
            _define(source, name, body, f"cell {number}")
            if show:
                shown.setdefault(name)
            continue
        for call in _python_calls(text, aliases):
            kind, name, value = call
            if kind == "show":
                shown.setdefault(name)
                if value:
                    source.show_state[name] = value
            else:
                _define(source, name, value, f"cell {number}")
    source.shown = [name for name in shown if name in source.modules]
    source.saved_state = _saved_widget_states(notebook)
    return source


def _define(source: NotebookSource, name: str, text: str, where: str) -> None:
    check_site_name(name, where)
    source.modules.pop(name, None)  # the last definition's position counts
    source.modules[name] = text
    source.origins[name] = where


def _parse_module_line(line: str, number: int) -> tuple[str, bool]:
    """``%%module NAME [--show]`` read by the magic's own argument parser."""
    from IPython.core.error import UsageError
    from IPython.core.magic_arguments import parse_argstring

    from nbbundle.magics import NbbundleMagics

    try:
        args = parse_argstring(NbbundleMagics.module, line[len("%%module"):])
    except (UsageError, ValueError) as error:
        msg = f"cell {number}: cannot read {line!r}: {error}"
        raise ValueError(msg) from None
    return args.name, bool(args.show)


class _Aliases:
    """Names under which a notebook imported nbbundle and its functions."""

    def __init__(self) -> None:
        self.modules = {"nbbundle"}
        self.functions: dict[str, str] = {}

    def learn(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                self.modules.update(a.asname or a.name for a in node.names if a.name == "nbbundle")
            elif isinstance(node, ast.ImportFrom) and node.module == "nbbundle":
                self.functions.update((a.asname or a.name, a.name) for a in node.names)

    def function(self, func: ast.expr) -> str | None:
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.modules:
            return func.attr
        if isinstance(func, ast.Name):
            return self.functions.get(func.id)
        return None


def _python_calls(text: str, aliases: _Aliases) -> list[tuple[str, str, Any]]:
    """``("show", name, state)`` and ``("define", name, text)`` found in a Python cell."""
    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(text))
    except (SyntaxError, ValueError):
        return []
    aliases.learn(tree)
    found: list[tuple[str, str, Any]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name = _literal(node.args[0])
        if not isinstance(name, str):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "run_line_magic" and name == "nbbundle":
            words = _literal(node.args[1]) if len(node.args) > 1 else None
            parts = shlex.split(words) if isinstance(words, str) else []
            if len(parts) == 2 and parts[0] == "show":
                found.append(("show", parts[1], {}))
            continue
        called = aliases.function(func)
        if called == "show":
            state = {k.arg: _literal(k.value) for k in node.keywords if k.arg}
            found.append(("show", name, {k: v for k, v in state.items() if v is not _NOT_LITERAL}))
        elif called == "define" and len(node.args) > 1 and isinstance(_literal(node.args[1]), str):
            found.append(("define", name, _literal(node.args[1])))
        elif called == "data" and len(node.args) > 1 and _literal(node.args[1]) is not _NOT_LITERAL:
            found.append(("define", name, json.dumps(_literal(node.args[1]), indent=1)))
    return found


_NOT_LITERAL = object()


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_LITERAL


def _saved_widget_states(notebook: dict[str, Any]) -> dict[str, dict[str, Any]]:
    saved = notebook.get("metadata", {}).get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    states: dict[str, dict[str, Any]] = {}
    for model in (saved.get("state") or {}).values():
        state = model.get("state") if isinstance(model, dict) else None
        bundle = state.get("_bundle") if isinstance(state, dict) else None
        if isinstance(bundle, dict) and isinstance(bundle.get("entry"), str):
            states[bundle["entry"]] = {k: v for k, v in state.items()
                                       if not k.startswith("_") and k not in _WIDGET_TRAITS}
    return states


def notebook_environment(source: NotebookSource) -> Environment:
    """A fresh environment rooted at the notebook's folder with every module defined.

    Definitions are retried while some succeed, so a cell may import one defined below it.
    Raises ``NbbundleError`` with the diagnostics of the modules that still fail.
    """
    from nbbundle.notebook import Environment

    environment = Environment(root=source.path.resolve().parent)
    pending = list(source.modules.items())
    while pending:
        failed = []
        for name, text in pending:
            result = environment.define(name, text)
            if result.status == "error":
                failed.append((name, text, result.diagnostics))
        if len(failed) == len(pending):
            raise NbbundleError([d for _, _, diagnostics in failed for d in diagnostics])
        pending = [(name, text) for name, text, _ in failed]
    return environment


def choose_entry(source: NotebookSource, entry: str | None,
                 ask: Callable[[list[str], str], str] | None = None) -> str:
    """The entry to export: ``entry`` if given, else the one shown module, else ``ask(choices, why)``.

    Raises ``EntryChoiceError`` when it cannot decide and there is no one to ask.
    """
    scripts = [name for name in source.modules if name.endswith(_ENTRY_SUFFIXES)]
    if entry is not None:
        if entry not in source.modules:
            msg = (f"{source.path.name} defines no module {entry!r}. "
                   f"Its modules: {', '.join(source.modules) or 'none'}.")
            raise EntryChoiceError(msg, scripts)
        return entry
    if len(source.shown) == 1:
        return source.shown[0]
    if source.shown:
        choices = source.shown
        why = f"{source.path.name} shows several modules: {', '.join(choices)}."
    else:
        choices = scripts
        why = f"{source.path.name} shows no module (no %%module NAME --show, nbbundle.show or %nbbundle show)."
    if not choices:
        msg = f"{source.path.name} defines no JavaScript module to export."
        raise EntryChoiceError(msg, [])
    if ask is not None:
        return ask(choices, why)
    msg = f"{why} Pass --entry NAME to choose one of: {', '.join(choices)}."
    raise EntryChoiceError(msg, choices)


def export_notebook(path: Path | str, directory: Path | str, *, entry: str | None = None, legacy: bool = False,
                    ask: Callable[[list[str], str], str] | None = None) -> SiteExport:
    """Export a notebook file's entry as a site, without a kernel (see the module docstring)."""
    source = read_notebook(path)
    chosen = choose_entry(source, entry, ask)
    environment = notebook_environment(source)
    return export_environment(environment, chosen, directory, legacy=legacy, state=source.state_for(chosen),
                              title=f"{chosen} · {source.path.stem}")
