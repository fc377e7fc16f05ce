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

    index.html           the page: <link> initial styles, config JSON, the runtime, initial scripts
    runtime.1a2b3c4d.js  module system + loader + js/site.js (a classic script, runs first)
    vendor.1a2b3c4d.js   initial modules from node_modules (only when there are some)
    app.1a2b3c4d.js      the entry's initial modules (the entry's file stem)
    lazy.1a2b3c4d.js     one async resource per import() target, loaded when the import() runs
    style.1a2b3c4d.css   one style resource per CSS module (the id flattened: lib/x.css → lib_x.css)
    app.1a2b3c4d.js.map  each script's source map (``bundle/source_maps.py``): its modules as written,
                         named by id (a cell by its name); the script ends with its ``sourceMappingURL``

Every file but ``index.html`` carries the first eight hex digits of its content's SHA-256 (a
script's, of its code before the map's comment; a map, its script's name), as
Vite's and esbuild's production output does: a server may let browsers keep them for ever, and
a new export changes the name of exactly the files whose bytes changed. The manifest and the
page name resources by their plain names (``app.js``) and give the hashed file as their URL.

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

Assets (``compile/assets.py``): under ``asset_inline_limit`` bytes (Vite's 4096) ``data:`` URLs,
larger ones files beside ``index.html`` named with their content hash (``logo.1a2b3c4d.png``).
An export from a kernel keeps what the live view compiled: every asset inline.

CSS: plain style resources (a stylesheet that imports nothing) are linked with ``<link rel="stylesheet">``, initial ones in ``<head>`` in
evaluation order (the order the widget would inject them). A CSS module's init function is
rendered without its text, ``__nbb_require__.css(id)``, which the runtime turns into "load the
style resource ``id``": a no-op for initial ones (the manifest marks them ``type: "initial"``),
and async ones load together with the script resource that registers their module (the
manifest's ``styles``), so a lazily imported component finds its CSS applied.

The manifest in the page maps every module id to its resource, and every resource to a URL
relative to the page.

``DIR`` must be empty, missing, or a folder an earlier export wrote (``output_folder.py``: a
marker lists what it wrote); ``force=True`` (``--force``) writes into any folder. Files this
export did not write are never removed.

Over 400 lines on purpose: planning the resources, the manifest that names them and the writing
of the folder are one contract with the page's runtime (`js/site.js`), kept in one place.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from nbbundle.compile.assets import VITE_INLINE_LIMIT
from nbbundle.compile.errors import NbbundleError
from nbbundle.site.notebook_file import (
    ENTRY_SUFFIXES,
    WIDGET_TRAITS,
    EntryChoiceError,
    UnsafeModuleName,
    check_site_name,
    choose_entry,
    notebook_environment,
    read_notebook,
)
from nbbundle.bundle.render import EXPORTS, PARAMETERS, function_name, render_mapped, render_module
from nbbundle.bundle.source_maps import file_map, with_map
from nbbundle.bundle.resources import async_groups, is_style_file, module_stem, registration
from nbbundle.bundle.tree_shake import shake_with_packages
from nbbundle.site.output_folder import PLAIN_NAME, FolderPlan, plan_folder, write_folder
from nbbundle.site.page import index_html, site_runtime
from nbbundle.compile.transform import REQUIRE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nbbundle.compile.options import Mode
    from nbbundle.compile.text.source_map import MappedText
    from nbbundle.kernel.widget import BundleWidget
    from nbbundle.bundle.graph import ModuleGraph, ModuleNode
    from nbbundle.kernel.environment import Environment

Strategy = Literal["modern", "legacy"]

RESERVED = frozenset({"index.html", "runtime.js"})
_UNSAFE_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_MODERN_URL = "import.meta.url"
_LEGACY_URL = "document.currentScript.src"


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
    """Every file written, relative to ``directory``, ``index.html`` first (the marker aside)."""
    removed: list[str] = field(default_factory=list)
    """Files an earlier export wrote into ``directory`` that this one no longer needs."""
    runtime: str = "runtime.js"
    """The runtime's file name (content-hashed)."""

    def file_of(self, name: str) -> str:
        """The file written for resource ``name`` (``app.js``, a CSS module's id, ``runtime.js``)."""
        if name == "runtime.js":
            return self.runtime
        return next(r.file for r in self.resources if r.name == name)

    def __repr__(self) -> str:
        return (f"SiteExport({str(self.directory)!r}, entry={self.entry!r}, strategy={self.strategy!r}, "
                f"files={self.files!r})")

    def _repr_html_(self) -> str:
        import html

        return (f"<div>Exported <code>{html.escape(self.entry)}</code> ({self.strategy}) to "
                f"<code>{html.escape(str(self.directory / 'index.html'))}</code>: "
                f"{len(self.files)} files</div>")


# -- names ---------------------------------------------------------------------------------------


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


def content_hashed(name: str, content: str | bytes) -> str:
    """``app.js`` → ``app.1a2b3c4d.js``: the name with its content's hash before the suffix."""
    data = content.encode() if isinstance(content, str) else content
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}{dot}{suffix}"


def _style_file(module_id: str) -> str:
    parts = [p for p in PurePosixPath(module_id).parts if p not in ("..", ".", "/", "node_modules")]
    return _safe_name("_".join(parts) or "style", ".css")


def _is_vendor(module_id: str) -> bool:
    module_id = module_id.removeprefix("(disabled):")  # a package's empty module ("browser": false)
    return module_id.startswith("node_modules/") or "/node_modules/" in module_id


# -- planning ------------------------------------------------------------------------------------


def css_init(module_id: str) -> str:
    """A CSS module's init function for the site: its style resource is loaded, not inlined."""
    return (f'function {function_name(module_id)}({PARAMETERS}) {{"use strict";{REQUIRE}.d({EXPORTS}, {{}}); '
            f"{REQUIRE}.css({json.dumps(module_id)});\n}}")


def plan_site(environment: Environment, entry: str, *, legacy: bool = False,
              mapped: list[MappedText] | None = None) -> list[SiteResource]:
    """Split what ``entry`` reaches into the site's resources: initial ones in load order first.
    ``mapped``: where to add each init function written with its source map, if maps are wanted."""
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
            member = graph.get_module_by_id(module_id)
            asset = member is not None and member.transform_result is not None and member.transform_result.kind == "asset"
            check_site_name(module_id, "a cell", asset=asset)
    url = _LEGACY_URL if legacy else _MODERN_URL
    used = set(RESERVED)
    linked, rendered = environment.linked, environment.rendered
    if environment.options.mode == "production":
        # What the page uses of its modules (bundle/tree_shake.py): the rest blanked or left out.
        shaken = shake_with_packages(graph, node, linked, environment.fs, minify=environment.options.minify)
        graph, node, linked, rendered = shaken.graph, shaken.entry, shaken.linked, {}

    def init(member: ModuleNode) -> str:
        if is_style_file(member):
            return css_init(member.id)
        code = rendered.get(member.id) or render_module(member, linked[member.id])
        if mapped is not None:
            content = environment.source_text(member.id)
            shown = render_mapped(member, linked[member.id], content) if content else None
            if shown is not None and shown.text == code:
                mapped.append(shown)
        return code

    styles: dict[str, SiteResource] = {}

    def styles_of(members: list[ModuleNode], type_: Literal["initial", "async"]) -> list[SiteResource]:
        """The style resources of the CSS modules among ``members``; each CSS module has one."""
        found = []
        for member in members:
            if is_style_file(member):
                if member.id not in styles:
                    text = environment.source_text(member.id)
                    file = content_hashed(_unique(_style_file(member.id), used), text)
                    styles[member.id] = SiteResource(member.id, "style", type_, file, (member.id,), text)
                found.append(styles[member.id])
        return found

    def script(name: str, type_: Literal["initial", "async"], members: list[ModuleNode],
               styles: Iterable[SiteResource] = ()) -> SiteResource:
        code = registration([(m.id, init(m)) for m in members], url) + "\n"
        return SiteResource(name, "script", type_, content_hashed(name, code), tuple(m.id for m in members), code,
                            tuple(s.name for s in styles))

    initial = graph.static_order(node)
    vendor = [n for n in initial if _is_vendor(n.id)]
    app = [n for n in initial if not _is_vendor(n.id)]
    scripts = [script(_unique(_safe_name(module_stem(entry), ".js"), used), "initial", app)] if app else []
    if vendor:
        scripts.append(script(_unique("vendor.js", used), "initial", vendor))
    initial_styles = styles_of(initial, "initial")
    resources = [*initial_styles, *_topological(scripts, graph, entry)]

    # As plan_resources: one async resource per import() target beyond the initial set.
    for group in async_groups(graph, initial):
        listed = {r.name for r in resources if r.kind == "style"}
        own_styles = styles_of(group.members, "async")
        name = _unique(_safe_name(module_stem(group.target.id), ".js"), used)
        resources.append(script(name, "async", group.members, own_styles))
        resources.extend(s for s in own_styles if s.name not in listed)
    return resources


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


def emitted_assets(environment: Environment, entry: str) -> dict[str, bytes]:
    """The asset files the modules ``entry`` reaches emitted (``compile/assets.py``), by name.

    Their modules ask the runtime for them beside the resource that registered them: the site's
    folder, where every resource sits. An export from a kernel inlines every asset (the live
    view compiled them so), so it has none.
    """
    files: dict[str, bytes] = {}
    for module_id in environment.closure(entry):
        node = environment.graph.get_module_by_id(module_id)
        result = node.transform_result if node is not None else None
        if result is not None and result.emitted is not None:
            files[result.emitted.name] = base64.b64decode(result.emitted.data_base64)
    return dict(sorted(files.items()))


def export_environment(environment: Environment, entry: str, directory: Path | str, *, legacy: bool = False,
                       state: dict[str, Any] | None = None, title: str | None = None,
                       force: bool = False, notebook: Path | None = None, sourcemap: bool = True) -> SiteExport:
    """Write the site of ``entry`` from ``environment`` into ``directory``.

    ``notebook``: the notebook file the environment was read from, never written over.
    ``sourcemap``: each script resource gets ``<name>.map`` beside it (its modules named by id).

    Raises ``EntryChoiceError`` (no such module), ``UnsafeModuleName``, ``NbbundleError`` (a
    module in the closure failed), ``ValueError`` (state that is not JSON) and ``OutputError``
    (``directory`` cannot be used: ``ExportRefused`` when it holds files this export did not
    write and ``force`` is false), all before anything is written.
    """
    check_site_name(entry, "the entry")
    if not entry.endswith(ENTRY_SUFFIXES):
        msg = f"The entry must be a JavaScript module with render({{ model, el }}), not {entry!r}."
        raise EntryChoiceError(msg, sorted(n for n in environment.cells if n.endswith(ENTRY_SUFFIXES)))
    mapped: list[MappedText] | None = [] if sourcemap else None
    resources = plan_site(environment, entry, legacy=legacy, mapped=mapped)
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
    runtime = site_runtime(environment.options.minify)
    runtime_file = content_hashed("runtime.js", runtime)
    page = index_html(
        title=title or entry, config=config, legacy=legacy, runtime=runtime_file,
        styles=[r.file for r in initial if r.kind == "style"], scripts=[r.file for r in initial if r.kind == "script"],
    )
    files: dict[str, str | bytes] = {"index.html": page, runtime_file: runtime}
    for resource in resources:
        files[resource.file] = resource.code
        if mapped is not None and resource.kind == "script":
            map_json = file_map(resource.code, mapped, resource.file)
            files[resource.file] = with_map(resource.code, map_json, "external", resource.file + ".map")
            files[resource.file + ".map"] = map_json
    files.update(emitted_assets(environment, entry))
    for relative in files:
        if not PLAIN_NAME.fullmatch(relative):  # unreachable by construction (_safe_name): a guard
            msg = f"Refusing to write {relative!r}: it is outside {directory}."
            raise UnsafeModuleName(msg)
    inputs = {f"the module {module_id}": node.file for module_id in environment.closure(entry)
              if module_id not in environment.cells
              and (node := environment.graph.get_module_by_id(module_id)) is not None and node.file is not None}
    if notebook is not None:
        inputs[f"the notebook {notebook.name}"] = notebook
    plan: FolderPlan = plan_folder(directory, files, force=force, inputs=inputs)
    removed = write_folder(plan)
    return SiteExport(directory, entry, strategy, resources, list(files), removed, runtime_file)


def _json_state(state: dict[str, Any]) -> dict[str, Any]:
    try:
        return json.loads(json.dumps(state, allow_nan=False))
    except (TypeError, ValueError) as error:
        msg = f"The widget state must be JSON to go into the page: {error}"
        raise ValueError(msg) from None


def widget_state(widget: BundleWidget) -> dict[str, Any]:
    """The app's synced state of a live widget: what the page's local model starts from."""
    from nbbundle.kernel.widget import BundleWidget

    base = set(BundleWidget.class_trait_names(sync=True))
    names = [n for n in widget.trait_names(sync=True)
             if n not in base and not n.startswith("_") and n not in WIDGET_TRAITS]
    return dict(widget.get_state(names)) if names else {}


def export_notebook(path: Path | str, directory: Path | str, *, entry: str | None = None, legacy: bool = False,
                    ask: Callable[[list[str], str], str] | None = None, force: bool = False,
                    mode: Mode = "production", defines: tuple[tuple[str, str], ...] = (),
                    asset_inline_limit: int | None = VITE_INLINE_LIMIT, minify: bool | None = None) -> SiteExport:
    """Export a notebook file's entry as a site, without a kernel (see the module docstring).
    ``mode``: production (the default: React's production build, dead branches removed) or
    development; ``defines``: esbuild's ``--define`` pairs; assets under ``asset_inline_limit``
    bytes become ``data:`` URLs, larger ones files of the site; ``minify``: on in production
    unless False."""
    source = read_notebook(path)
    chosen = choose_entry(source, entry, ask)
    environment = notebook_environment(source, mode=mode, defines=defines, asset_inline_limit=asset_inline_limit,
                                       minify=mode == "production" if minify is None else minify)
    return export_environment(environment, chosen, directory, legacy=legacy, state=source.state_for(chosen),
                              title=f"{chosen} · {source.path.stem}", force=force, notebook=source.path)


def export_site(entry: str, directory: str | Path, *, legacy: bool = False, force: bool = False) -> SiteExport:
    """Write ``entry`` as a static site (``index.html``, ``runtime.js``, resources) into ``directory``.

    The page mounts the entry as the widget does, with a local model that starts from the live
    widget's current state. ``legacy=True`` writes classic scripts (async resources load by an
    injected ``<script>``) instead of ES module scripts. ``directory`` must be empty, new, or
    one an earlier export wrote; ``force=True`` writes into any folder, replacing files of the
    same name (never the modules' own files). See this module's docstring.
    """
    from nbbundle.kernel.api import environment

    env = environment()
    live = env.widgets.get(entry)
    state = widget_state(live) if live is not None else {}
    return export_environment(env, entry, directory, legacy=legacy, state=state, force=force)
