"""A Jupyter server extension: kernel websockets send small messages at once (``TCP_NODELAY``).

jupyter_server never calls tornado's ``set_nodelay`` on the kernel websocket, so a small frame
(a widget's update) sent while an earlier one is still unacknowledged waits for Nagle's
algorithm, which waits for the browser's delayed ACK: about 40 ms on Linux. That is the case
whenever messages follow each other closely (a cell's own status and output messages, quick
re-runs, a slider calling ``nbbundle.data``). ``benchmarks/hmr_latency.py --browser`` measures
cell → DOM with and without it in one run.

Enabled on install by ``etc/jupyter/jupyter_server_config.d/nbbundle.json``. Turn it off with
``jupyter lab --NbbundleServer.tcp_nodelay=False`` (or ``c.NbbundleServer.tcp_nodelay = False``
in ``jupyter_server_config.py``), or altogether with
``jupyter server extension disable nbbundle.server_extension``.

How: the server builds one connection object per kernel websocket from the class in its
``kernel_websocket_connection_class`` setting; this extension puts a subclass of that class
there whose ``connect`` first sets ``TCP_NODELAY`` on the websocket. Whatever class the server
was configured with keeps doing the rest. Imports nothing else of nbbundle: the server loads
it without the compiler or the kernel side.
"""

from __future__ import annotations

import inspect
from typing import Any

from traitlets import Bool
from traitlets.config import LoggingConfigurable

_SETTING = "kernel_websocket_connection_class"


class NbbundleServer(LoggingConfigurable):
    """nbbundle's server-side options (``--NbbundleServer.<option>=…``)."""

    tcp_nodelay = Bool(
        True, config=True,
        help="Set TCP_NODELAY on kernel websockets, so widget messages are not held back by "
             "Nagle's algorithm (about 40 ms per message on Linux).",
    )


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "nbbundle.server_extension"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    options = NbbundleServer(parent=serverapp)
    if not options.tcp_nodelay:
        serverapp.log.info("nbbundle: TCP_NODELAY on kernel websockets is off (NbbundleServer.tcp_nodelay)")
        return
    settings = serverapp.web_app.settings
    connection_class = settings.get(_SETTING)
    if connection_class is None or getattr(connection_class, "_nbbundle_nodelay", False):
        return
    settings[_SETTING] = nodelay_connection_class(connection_class)
    serverapp.log.info("nbbundle: TCP_NODELAY on kernel websockets")


def nodelay_connection_class(base: type) -> type:
    """A subclass of the kernel websocket connection class ``base`` that sets TCP_NODELAY."""

    async def connect(self: Any) -> Any:
        handler = getattr(self, "websocket_handler", None)
        if handler is not None and handler.ws_connection is not None:
            handler.set_nodelay(True)
        result = base.connect(self)  # type: ignore[attr-defined]
        return await result if inspect.isawaitable(result) else result

    return type(f"NoDelay{base.__name__}", (base,), {"connect": connect, "_nbbundle_nodelay": True})
