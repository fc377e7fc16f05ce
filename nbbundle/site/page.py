"""The exported site's ``index.html`` and ``runtime.js`` (see ``site_export`` for the layout).

Everything a module or a user chose (module ids, the title, the widget state) reaches the page
in one of two escaped forms, so no text can break out of the markup:

* attribute values and text (file names, title) go through ``html.escape``;
* the configuration is JSON inside ``<script type="application/json">`` where ``<``, ``>``,
  ``&``, U+2028 and U+2029 are written as ``\\u`` escapes: ``</script>`` and ``<!--`` cannot
  appear in it, and the JSON still parses to the same value.

Module code never goes inline: it lives in resource files, whose ids are JSON string literals.
"""

from __future__ import annotations

import functools
import html
import json
from typing import TYPE_CHECKING, Any

from nbbundle._version import __version__
from nbbundle.bundle.runtime_prelude import concatenate

if TYPE_CHECKING:
    from collections.abc import Sequence

#: The runtime file that holds the page's mount code (``js/site.js``).
SITE_ENTRY = "site.js"
CONFIG_ID = "nbbundle-site"
CONTAINER_ID = "nbbundle-app"

_SCRIPT_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@functools.cache
def site_runtime(minified: bool = False) -> str:
    """``runtime.js``: the module system, the loader and ``js/site.js`` as one classic script
    (``minified``: a minified export's, names local to its function shortened)."""
    body = f"(function () {{\n\"use strict\";\n{concatenate(SITE_ENTRY)}startSite(globalThis);\n}})();\n"
    if minified:
        from nbbundle.compile.minify import minify_module

        body = "".join(minify_module(body, module=False)[0])
    return f"// nbbundle {__version__} site runtime\n{body}"


def script_json(value: Any) -> str:
    """JSON that is safe as the text of a ``<script>`` element (and still the same JSON)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    # The escaped characters can only occur inside JSON strings, where \\u escapes mean the same.
    return "".join(_SCRIPT_JSON_ESCAPES.get(char, char) for char in text)


def index_html(*, title: str, config: dict[str, Any], styles: Sequence[str], scripts: Sequence[str],
               legacy: bool, runtime: str = "runtime.js") -> str:
    """The page: initial styles, the configuration, the runtime, the initial script resources.

    ``styles`` and ``scripts`` are file names relative to the page, in the order to load them;
    ``runtime`` is the runtime's file name.
    Modern: module scripts (deferred, run in document order); legacy: classic scripts. Either
    way ``runtime.js`` runs first and mounts the entry after DOMContentLoaded, which follows
    every deferred and module script.
    """
    script_type = "" if legacy else ' type="module"'
    lines = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="nbbundle {html.escape(__version__)}">',
        f"<title>{html.escape(title)}</title>",
        '<link rel="icon" href="data:,">',  # no favicon request, so no 404 in the console
        *(f'<link rel="stylesheet" href="{_href(name)}">' for name in styles),
        f'<script type="application/json" id="{CONFIG_ID}">{script_json(config)}</script>',
        f'<script src="{_href(runtime)}"></script>',
        *(f'<script{script_type} src="{_href(name)}"></script>' for name in scripts),
        "</head>",
        "<body>",
        f'<div id="{CONTAINER_ID}" class="nbbundle-root"></div>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)


def _href(file_name: str) -> str:
    # File names are already reduced to [A-Za-z0-9._-] (site_export._safe_name); escape anyway.
    return html.escape(file_name, quote=True)
