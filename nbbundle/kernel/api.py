"""The Python calls behind the magics: ``show``, ``widget``, ``on``, ``send``, ``draw_module_graph``
and friends."""

from __future__ import annotations

import base64
import functools
import html
import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nbbundle.picture.draw import GraphPicture, draw_graph
from nbbundle.kernel.environment import Environment
from nbbundle.kernel.status import Status, report

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nbbundle.compile.options import CompileOptions
    from nbbundle.kernel.widget import BundleWidget


@functools.cache
def environment() -> Environment:
    """This kernel's environment: its ``%%module`` cells, their graph and widgets.

    Its root (where ``./file.js`` imports resolve) is the notebook's folder: the working
    directory in Jupyter, which starts kernels there; marimo keeps the directory it was started
    in, so there the root is the folder of the notebook file.
    """
    return Environment(root=_notebook_folder())


def _notebook_folder() -> Path | None:
    """The folder of the running marimo notebook, else None (the working directory).

    Read through ``sys.modules``: importing marimo to ask would slow every Jupyter kernel.
    """
    marimo = sys.modules.get("marimo")
    notebook_dir = getattr(marimo, "notebook_dir", None)
    if notebook_dir is None:
        return None
    try:
        folder = notebook_dir()
    except Exception:  # marimo's own API failed: the working directory is the old behaviour
        return None
    return Path(folder) if folder is not None else None


def define(name: str, text: str, options: CompileOptions | None = None) -> Status:
    """Define or update module ``name`` from Python, as ``%%module name`` does from a cell.

    ``options`` say how JSX compiles (``CompileOptions(jsx=JsxOptions(runtime="classic"))``).
    Returns the status line (``.result`` has the details); diagnostics go to stderr.
    """
    env = environment()
    status = report(env.define(name, text, options))
    if status.result.status == "pending":
        env.when_pending_ends(name, status.on_result)
    return status


def data(name: str, value: Any) -> Status:
    """Define the JSON module ``name`` from a Python value; views that import it hot-update.

    ``nbbundle.data("points.json", points)`` then ``import points from "./points.json"``.
    """
    if not name.endswith(".json"):
        msg = f"A data module's name ends in .json: {name!r}"
        raise ValueError(msg)
    problem = _not_a_json_number(value)
    if problem is not None:
        where, what = problem
        msg = (f"{name} cannot hold {what} at {where}: JSON has no NaN or Infinity, and a number past "
               f"±1.8e308 would arrive as Infinity. Send it as a string (or None) instead.")
        raise ValueError(msg)
    return define(name, json.dumps(value, indent=1, allow_nan=False))


def asset(name: str, data: bytes | str) -> Status:
    """Define the asset ``name`` (``logo.png``, ``note.txt``) from bytes (or text, as UTF-8).

    ``import logo from "./logo.png"`` then gives its URL (a ``data:`` URL in a live view),
    ``"./note.txt?raw"`` its text; views that use it hot-update when it is defined again.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, (bytes, bytearray, memoryview)):
        msg = f"An asset's data is bytes or str, not {type(data).__name__}"
        raise TypeError(msg)
    env = environment()
    return report(env.define(name, base64.b64encode(bytes(data)).decode("ascii"), asset=True))


def _not_a_json_number(value: Any) -> tuple[str, str] | None:
    """Where in ``value`` is the first number JSON (and JavaScript) cannot hold, and what it is.

    A loop over a stack, not recursion: data may nest deeper than Python's recursion limit.
    """
    stack: list[tuple[str, Any]] = [("the top", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, bool):
            continue
        if isinstance(item, float) and not math.isfinite(item):
            return where, repr(item)
        if isinstance(item, int) and abs(item) > _LARGEST_DOUBLE:
            digits = len(str(abs(item)))
            return where, f"an integer of {digits} digits"
        if isinstance(item, dict):
            stack.extend((f"[{key!r}]" if where == "the top" else f"{where}[{key!r}]", v) for key, v in reversed(item.items()))
        elif isinstance(item, (list, tuple)):
            stack.extend((f"[{i}]" if where == "the top" else f"{where}[{i}]", v) for i, v in reversed(list(enumerate(item))))
    return None


_LARGEST_DOUBLE = int(sys.float_info.max)


def widget(entry: str, **state: Any) -> BundleWidget:
    """The live widget of the entry module ``entry``.

    Keyword arguments become synced state shared with the app: ``model.get("count")`` in
    JavaScript, ``widget("app.js").count`` in Python.
    """
    return environment().widget(entry, **state)


def show(entry: str, **state: Any) -> None:
    """Display a live view of the entry module ``entry`` (its ``render({ model, el })``)."""
    from IPython.display import display

    display(widget(entry, **state))


def on(event: str, callback: Callable[[Any], None]) -> None:
    """Call ``callback(data)`` whenever a module runs ``import.meta.hot.send(event, data)``."""
    environment().on(event, callback)


def send(event: str, data: Any = None) -> None:
    """Deliver ``data`` to every ``import.meta.hot.on(event, …)`` listener in every view."""
    environment().send(event, data)


def generated_code(name: str) -> str:
    """The init function nbbundle generated for module ``name`` (what the views run)."""
    code = environment().rendered.get(name)
    if code is None:
        msg = f"There is no module {name!r}."
        raise KeyError(msg)
    return code


def module_table() -> Any:
    """The defined modules as an HTML table (name, kind, size, imports, importers)."""
    from IPython.display import HTML

    env = environment()
    rows = []
    for name in sorted(env.graph.id_to_module):
        node = env.graph.id_to_module[name]
        result = node.transform_result
        size = result.size if result else 0
        imports = _names(n.id for n in node.imported_modules)
        importers = _names(n.id for n in node.importers)
        origin = "cell" if name in env.cells else "file"
        error = " ✗" if name in env.failed else ""
        kind = html.escape(result.kind) if result else ""
        rows.append(f"<tr><td><code>{html.escape(name)}</code>{error}</td><td>{origin}</td><td>{kind}</td>"
                    f"<td>{size} B</td><td>{imports}</td><td>{importers}</td></tr>")
    header = "<tr><th>module</th><th>from</th><th>kind</th><th>size</th><th>imports</th><th>imported by</th></tr>"
    return HTML(f"<table>{header}{''.join(rows)}</table>")


def resource_table(entry: str) -> Any:
    """How ``entry``'s modules would ship: initial, async and style resources, as a table."""
    from IPython.display import HTML

    from nbbundle.bundle.resources import plan_resources

    env = environment()
    node = env.graph.get_module_by_id(entry)
    if node is None:
        msg = f"There is no module {entry!r}."
        raise KeyError(msg)
    plan = plan_resources(env.graph, node, env.linked,
                          source_of=lambda n: env.source_text(n.id))
    rows = "".join(
        f"<tr><td><code>{html.escape(r.name)}</code></td><td>{html.escape(r.type)}</td><td>{html.escape(r.kind)}</td>"
        f"<td>{_names(r.module_ids, order=False)}</td><td>{len(r.code.encode()):,} B</td></tr>"
        for r in plan.resources
    )
    # Assets travel inside the script resources above (data: URLs in a live view): their own bytes.
    owner = {module_id: r.name for r in plan.resources for module_id in r.module_ids}
    for module_id in env.closure(entry):
        asset = env.graph.get_module_by_id(module_id)
        result = asset.transform_result if asset is not None else None
        if result is not None and result.kind == "asset":
            where = f"inline in {owner.get(module_id, '?')}"
            rows += (f"<tr><td><code>{html.escape(module_id)}</code></td><td>{html.escape(where)}</td><td>asset</td>"
                     f"<td>{html.escape(module_id)}</td><td>{result.size:,} B</td></tr>")
    header = "<tr><th>resource</th><th>type</th><th>kind</th><th>modules</th><th>size</th></tr>"
    return HTML(f"<table>{header}{rows}</table>")


def _names(ids: Iterable[str], *, order: bool = True) -> str:
    """Module ids for a table cell: escaped (a name may hold any markup: ``<img onerror=…>.js``)."""
    shown = sorted(ids) if order else list(ids)
    return html.escape(", ".join(shown)) or "—"


def draw_module_graph(entry: str | None = None) -> GraphPicture:
    """A picture of the module graph of ``entry`` (SVG): kinds, imports, HMR boundaries, the
    last update's path and failed cells. ``%nbbundle graph [NAME]`` displays it.

    Without ``entry``: the entry of the only widget, else the only cell module nothing imports.
    """
    env = environment()
    if entry is None:
        entry = _default_entry(env)
    if env.graph.get_module_by_id(entry) is None:
        msg = f"There is no module {entry!r}. Defined modules: {', '.join(sorted(env.cells)) or 'none'}."
        raise KeyError(msg)
    svg = draw_graph(env.graph, entry, cells=frozenset(env.cells), failed=env.failed,
                     last_update=env.last_update)
    return GraphPicture(svg, entry)


def _default_entry(env: Environment) -> str:
    if len(env.widgets) == 1:
        return next(iter(env.widgets))
    choices = sorted(env.widgets)
    if not choices:
        nodes = (env.graph.get_module_by_id(name) for name in env.cells)
        choices = sorted(node.id for node in nodes if node is not None and not node.all_importers)
    if len(choices) == 1:
        return choices[0]
    if not choices:
        msg = "There are no modules yet: define one with %%module app.js first."
        raise KeyError(msg)
    msg = f"Which entry? Name one of: {', '.join(choices)}."
    raise KeyError(msg)
