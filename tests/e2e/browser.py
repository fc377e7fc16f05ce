"""Shared pieces of the browser tests: Debian's Chromium under Playwright, a static server."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from missing_tools import CHROMIUM, needs

if TYPE_CHECKING:
    from collections.abc import Iterator

# Playwright cannot download its own browser here; these flags keep Debian's Chromium from
# reaching for the network at start (see E2E-RECIPE.md).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

requires_chromium = needs("chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    requested: list[str]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        self.requested.append(self.path)


@contextlib.contextmanager
def static_server(root: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve ``root`` on 127.0.0.1; yield the base URL and the list of requested paths."""
    requested: list[str] = []
    handler = functools.partial(type("Handler", (_QuietHandler,), {"requested": requested}), directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium_page() -> Iterator[object]:
    """A fresh page in headless Chromium; page errors fail the test at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page
            assert errors == [], errors
        finally:
            browser.close()
