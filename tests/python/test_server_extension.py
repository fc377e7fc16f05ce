"""nbbundle's Jupyter server extension: TCP_NODELAY on kernel websockets, on by install.

The latency it saves is measured by ``benchmarks/hmr_latency.py --browser``; here: that a
server started as installed builds kernel websocket connections that set the socket option (and
does not with the documented flag off), and that the option really lands on a websocket's TCP
socket.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from pathlib import Path

import tornado.web
import tornado.websocket

from nbbundle.server_extension import nodelay_connection_class

SERVER_CLASS = """
from jupyter_server.serverapp import ServerApp
app = ServerApp()
app.initialize(argv=[*__import__("sys").argv[1:], "--ServerApp.allow_root=True"], new_httpserver=False)
cls = app.web_app.settings["kernel_websocket_connection_class"]
print(cls.__name__)
"""


def _isolated_jupyter_env(tmp_path: Path) -> dict[str, str]:
    """No user-level Jupyter config: only what the install put in ``<venv>/etc/jupyter``."""
    return dict(os.environ, JUPYTER_PLATFORM_DIRS="1", JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
                JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))


def test_as_installed_the_server_builds_nodelay_connections_unless_turned_off(tmp_path: Path) -> None:
    """A server with no user config (only the venv's, where the install enabled the extension)."""
    def connection_class(*flags: str) -> str:
        out = subprocess.run([sys.executable, "-c", SERVER_CLASS, *flags], capture_output=True, text=True,
                             env=_isolated_jupyter_env(tmp_path), cwd=tmp_path, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    assert connection_class() == "NoDelayZMQChannelsWebsocketConnection"
    assert connection_class("--NbbundleServer.tcp_nodelay=False") == "ZMQChannelsWebsocketConnection"


class _Connection:
    """The shape the server gives a kernel websocket connection: a handler, then ``connect()``."""

    def __init__(self, websocket_handler: tornado.websocket.WebSocketHandler) -> None:
        self.websocket_handler = websocket_handler

    async def connect(self) -> None:
        self.connected = True


def _nodelay_seen_by_a_websocket(connection_class: type) -> int:
    """Open a real websocket on 127.0.0.1 whose ``open`` connects ``connection_class``; return
    the TCP_NODELAY option of the server side's socket, as the handler reads it."""

    class Handler(tornado.websocket.WebSocketHandler):
        async def open(self) -> None:
            await connection_class(websocket_handler=self).connect()
            sock = self.ws_connection.stream.socket  # type: ignore[union-attr]
            self.write_message(str(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))

    async def run() -> int:
        server = tornado.web.Application([("/ws", Handler)]).listen(0, address="127.0.0.1")
        port = next(iter(server._sockets.values())).getsockname()[1]
        try:
            client = await tornado.websocket.websocket_connect(f"ws://127.0.0.1:{port}/ws")
            message = await asyncio.wait_for(client.read_message(), 10)
            client.close()
            return int(message)
        finally:
            server.stop()

    return asyncio.run(run())


def test_a_nodelay_connection_sets_tcp_nodelay_on_the_websocket_socket() -> None:
    assert _nodelay_seen_by_a_websocket(_Connection) == 0  # tornado's default: Nagle on
    nodelay = nodelay_connection_class(_Connection)
    assert _nodelay_seen_by_a_websocket(nodelay) != 0
    assert nodelay_connection_class(_Connection).__mro__[1] is _Connection
