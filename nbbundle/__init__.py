"""nbbundle: ES modules in Jupyter cells, bundled in the kernel, hot-replaced in a widget.

``%load_ext nbbundle`` adds the ``%%module NAME`` cell magic; ``nbbundle.show("app.js")``
displays a live widget for an entry module.
"""

from nbbundle._version import __version__
from nbbundle.api import (
    data,
    define,
    draw_module_graph,
    environment,
    export_site,
    on,
    resource_table,
    send,
    show,
    widget,
)
from nbbundle.bundle import BuildResult, build
from nbbundle.errors import Diagnostic, NbbundleError

__all__ = [
    "BuildResult",
    "Diagnostic",
    "NbbundleError",
    "__version__",
    "build",
    "data",
    "define",
    "draw_module_graph",
    "environment",
    "export_site",
    "load_ipython_extension",
    "on",
    "resource_table",
    "send",
    "show",
    "widget",
]


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext nbbundle``: register the magics (imported lazily, like anywidget's)."""
    from nbbundle.magics import load_ipython_extension as load

    load(ipython)
