"""nbbundle: ES modules in Jupyter cells, bundled in the kernel, hot-replaced in a widget.

``%load_ext nbbundle`` adds the ``%%module NAME`` cell magic; ``nbbundle.show("app.js")``
displays a live widget for an entry module; ``python -m nbbundle build`` bundles files on disk.

The public names load on first use (PEP 562): the command line needs the compiler only, and
importing the notebook side (widgets, graph pictures) would add most of its start-up time.
"""

import importlib as _importlib
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

from nbbundle._version import __version__

if _TYPE_CHECKING:
    from nbbundle.kernel.api import (
        data,
        define,
        draw_module_graph,
        environment,
        on,
        resource_table,
        send,
        show,
        widget,
    )
    from nbbundle.bundle.build import BuildResult, build
    from nbbundle.site.anywidget_export import export_anywidget
    from nbbundle.site.export import export_site
    from nbbundle.compile.errors import Diagnostic, NbbundleError

_WHERE = {
    "BuildResult": "nbbundle.bundle.build",
    "Diagnostic": "nbbundle.compile.errors",
    "NbbundleError": "nbbundle.compile.errors",
    "build": "nbbundle.bundle.build",
    "data": "nbbundle.kernel.api",
    "define": "nbbundle.kernel.api",
    "draw_module_graph": "nbbundle.kernel.api",
    "environment": "nbbundle.kernel.api",
    "export_anywidget": "nbbundle.site.anywidget_export",
    "export_site": "nbbundle.site.export",
    "on": "nbbundle.kernel.api",
    "resource_table": "nbbundle.kernel.api",
    "send": "nbbundle.kernel.api",
    "show": "nbbundle.kernel.api",
    "widget": "nbbundle.kernel.api",
}

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
    "export_anywidget",
    "export_site",
    "load_ipython_extension",
    "on",
    "resource_table",
    "send",
    "show",
    "widget",
]


def __getattr__(name: str) -> _Any:
    module = _WHERE.get(name)
    if module is None:
        msg = f"module 'nbbundle' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext nbbundle``: register the magics (imported lazily, like anywidget's)."""
    from nbbundle.kernel.magics import load_ipython_extension as load

    load(ipython)
