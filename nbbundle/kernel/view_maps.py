"""The source map a live view gets with each module version it runs.

A view evaluates a module's init function as ``(`` + code + ``)`` under the script name
``nbbundle:///<id>?v=<version>`` (``js/view-code.js``), one script per version. Its map names the
source ``nbbundle:///<id>``, the same for every version, and carries the cell's text as written
(TypeScript and JSX included): DevTools shows the cell's own code under one stable name, and a
breakpoint set there is set again in the next version's script. Modules of packages
(``node_modules``) get none: the widget's state is saved in the notebook, and their maps
would double it for code nobody edits in a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

from nbbundle.bundle.render import render_mapped
from nbbundle.compile.text.source_map import MappedText, source_map, to_json

if TYPE_CHECKING:
    from nbbundle.bundle.graph import ModuleNode
    from nbbundle.bundle.link import LinkedModule

#: What a view puts before the code it evaluates (``evaluateModule``): the map counts it.
_OPENING = "("


def source_url(module_id: str) -> str:
    """``nbbundle:///<id>``, each path segment escaped as ``encodeURIComponent`` does (the
    script names ``js/view-code.js`` gives are these plus ``?v=<version>``)."""
    return "nbbundle:///" + "/".join(quote(part, safe="!'()*") for part in module_id.split("/"))


def view_map(node: ModuleNode, linked: LinkedModule, code: str,
             content_of: Callable[[ModuleNode], str | None]) -> str | None:
    """The map (JSON) of ``code``, the init function of ``node`` as rendered, as a view evaluates
    it; None for a package's module or one with nothing of the user's (JSON, CSS).
    ``content_of`` gives the text the module was built from."""
    if node.file is not None and "node_modules" in node.file.parts:
        return None
    content = content_of(node)
    mapped = None if content is None else render_mapped(node, linked, content)
    if mapped is None or mapped.text != code:
        return None
    named = MappedText(mapped.text, mapped.segments, source_url(node.id), mapped.content)
    return to_json(source_map(_OPENING + mapped.text, [(len(_OPENING), named)]))
