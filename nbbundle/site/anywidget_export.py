"""An anywidget package's front end from a notebook: ``widget.js`` and ``widget.css``.

anywidget's authors prototype in a notebook and then need an ES module for the ``_esm`` of an
``anywidget.AnyWidget`` subclass (and a stylesheet for ``_css``). ``nbbundle export NOTEBOOK
--anywidget DIR`` (and ``nbbundle.export_anywidget(entry, DIR)`` in a kernel) builds the entry
the notebook shows in production mode as one ES module (``bundle/esm.py``) whose exports are
the entry's, so anywidget calls its ``render`` (and ``initialize``) as the live view did. CSS
modules are written to ``widget.css`` (anywidget puts it where the view is, a shadow root in
marimo included), and their init functions only name it. The folder rules are the site
export's (``output_folder.py``): an empty or new folder, or one an earlier export wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nbbundle._version import __version__
from nbbundle.bundle.esm import OWN_SYSTEM, esm_script
from nbbundle.bundle.render import render_module
from nbbundle.bundle.resources import is_style_file, plan_resources
from nbbundle.bundle.source_maps import MapRecorder, file_map, with_map
from nbbundle.bundle.tree_shake import shake_with_packages
from nbbundle.compile.errors import NbbundleError
from nbbundle.site.export import EntryChoiceError, css_init
from nbbundle.site.notebook_file import ENTRY_SUFFIXES, choose_entry, notebook_environment, read_notebook
from nbbundle.site.output_folder import plan_folder, write_folder

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.bundle.graph import ModuleNode
    from nbbundle.bundle.link import LinkedModule
    from nbbundle.compile.options import Mode
    from nbbundle.kernel.environment import Environment

SCRIPT = "widget.js"
MAP = "widget.js.map"
STYLES = "widget.css"


@dataclass(frozen=True)
class AnywidgetExport:
    directory: Path
    entry: str
    files: list[str]
    """What was written: ``widget.js`` and its source map ``widget.js.map``, and ``widget.css``
    when the app has CSS."""

    @property
    def python(self) -> str:
        """The lines of Python that make the widget from these files."""
        css = f'\n    _css = pathlib.Path(__file__).parent / "{STYLES}"' if STYLES in self.files else ""
        return (f"class Widget(anywidget.AnyWidget):\n"
                f'    _esm = pathlib.Path(__file__).parent / "{SCRIPT}"{css}')


def export_anywidget_notebook(path: Path | str, directory: Path | str, *, entry: str | None = None,
                              ask: Callable[[list[str], str], str] | None = None, force: bool = False,
                              defines: tuple[tuple[str, str], ...] = (), minify: bool = True) -> AnywidgetExport:
    """The notebook file's entry (as ``export`` picks it) as ``widget.js``/``widget.css``."""
    source = read_notebook(path)
    chosen = choose_entry(source, entry, ask)
    environment = notebook_environment(source, mode="production", defines=defines, minify=minify)
    try:
        return write_anywidget(environment, chosen, directory, force=force)
    finally:
        environment.close()


def export_anywidget(entry: str, directory: str | Path, *, force: bool = False, mode: Mode = "production",
                     minify: bool | None = None) -> AnywidgetExport:
    """In a kernel: ``entry`` and the modules it reaches, built again from the kernel's cells
    (the live views keep their development build): in production mode, tree-shaken and
    minified unless ``mode="development"`` or ``minify=False`` say otherwise."""
    from nbbundle.kernel.api import environment
    from nbbundle.kernel.environment import Environment

    live = environment()
    fresh = Environment(root=live.root)
    fresh.options.mode = mode
    fresh.options.minify = mode == "production" if minify is None else minify
    try:
        for name, text in live.cells.items():
            fresh.define(name, text, live.options.cells.get(name))
        problems = [d for diagnostics in fresh.failed.values() for d in diagnostics]
        if problems:
            raise NbbundleError(problems)
        return write_anywidget(fresh, entry, directory, force=force)
    finally:
        fresh.close()


def write_anywidget(environment: Environment, entry: str, directory: Path | str, *,
                    force: bool = False) -> AnywidgetExport:
    """Write ``entry`` of ``environment`` as ``widget.js`` (and ``widget.css``) into ``directory``."""
    node = environment.graph.get_module_by_id(entry)
    if node is None or not entry.endswith(ENTRY_SUFFIXES):
        choices = sorted(n for n in environment.cells if n.endswith(ENTRY_SUFFIXES))
        msg = f"The entry must be a JavaScript module with render({{ model, el }}), not {entry!r}."
        raise EntryChoiceError(msg, choices)
    closure = environment.closure(entry)
    problems = [d for module_id in closure for d in environment.failed.get(module_id, [])]
    if problems:
        raise NbbundleError(problems)
    recorder = MapRecorder(lambda n: None if is_style_file(n) else environment.source_text(n.id) or None,
                           render=_without_css_text)
    graph, entry_node, linked = environment.graph, node, environment.linked
    if environment.options.mode == "production":
        # What the widget uses of its modules (bundle/tree_shake.py): the rest blanked or left out.
        shaken = shake_with_packages(graph, node, linked, environment.fs, minify=environment.options.minify)
        graph, entry_node, linked = shaken.graph, shaken.entry, shaken.linked
    plan = plan_resources(graph, entry_node, linked, source_of=lambda n: environment.source_text(n.id),
                          acquire=OWN_SYSTEM, render=recorder)
    header = f"// Built by nbbundle {__version__} from {entry} ({environment.options.mode}, for anywidget's _esm)"
    code = esm_script(plan, entry_node, linked[entry], header, minified=environment.options.minify)
    map_json = file_map(code, recorder.mapped, SCRIPT)
    files = {SCRIPT: with_map(code, map_json, "external", MAP), MAP: map_json}
    styles = [r for r in plan.resources if r.kind == "style"]
    if styles:
        files[STYLES] = "".join(f"/* {r.name} */\n{r.code.rstrip()}\n" for r in styles)
    directory = Path(directory)
    inputs = {f"the module {module_id}": found.file for module_id in closure
              if module_id not in environment.cells
              and (found := environment.graph.get_module_by_id(module_id)) is not None and found.file is not None}
    write_folder(plan_folder(directory, files, force=force, inputs=inputs))
    return AnywidgetExport(directory, entry, list(files))


def _without_css_text(node: ModuleNode, linked: LinkedModule) -> str:
    if is_style_file(node):
        return css_init(node.id)  # the text is in widget.css, which anywidget applies
    return render_module(node, linked)
