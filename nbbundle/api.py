"""The Python calls behind the magics: ``show``, ``widget``, ``on``, ``send`` and friends."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from nbbundle.notebook import Environment

if TYPE_CHECKING:
    from collections.abc import Callable

    from nbbundle.bundle_widget import BundleWidget


@functools.cache
def environment() -> Environment:
    """This kernel's environment: its ``%%module`` cells, their graph and widgets."""
    return Environment()


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
        imports = ", ".join(sorted(n.id for n in node.imported_modules)) or "—"
        importers = ", ".join(sorted(n.id for n in node.importers)) or "—"
        origin = "cell" if name in env.cells else "file"
        error = " ✗" if name in env.failed else ""
        rows.append(f"<tr><td><code>{name}</code>{error}</td><td>{origin}</td><td>{result.kind if result else ''}</td>"
                    f"<td>{size} B</td><td>{imports}</td><td>{importers}</td></tr>")
    header = "<tr><th>module</th><th>from</th><th>kind</th><th>size</th><th>imports</th><th>imported by</th></tr>"
    return HTML(f"<table>{header}{''.join(rows)}</table>")
