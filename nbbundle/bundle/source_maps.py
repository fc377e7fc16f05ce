"""Source maps of what a build, an export or a view runs (the format: ``compile/text/source_map.py``).

A ``MapRecorder`` is the ``render`` a plan uses when maps are asked for: it renders each module as
usual and keeps the rendered text with its map (``render.render_mapped``). Once a file's text is
assembled (runtime, wrappers, manifest around the functions), ``file_map`` finds each function
in it and writes one map for the file, the wrappers' lines being mere offsets. Maps are off by
default in ``build``: nothing here runs unless they are asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from nbbundle.bundle.render import render_mapped, render_module
from nbbundle.compile.text.source_map import MappedText, data_url, locate, source_map, to_json, url_comment

if TYPE_CHECKING:
    from nbbundle.bundle.graph import ModuleNode
    from nbbundle.bundle.link import LinkedModule

SourceMapKind = Literal["external", "inline"]


class MapRecorder:
    """A ``render`` for ``plan_resources`` that also keeps each function's map, in render order.

    ``content_of`` gives a module's text as compiled (a file's, a cell's); a module it has no
    text for (None), or with nothing of the user's in it (JSON, CSS), is rendered by ``render``.
    """

    def __init__(self, content_of: Callable[[ModuleNode], str | None],
                 render: Callable[[ModuleNode, LinkedModule], str] = render_module) -> None:
        self.content_of = content_of
        self.render = render
        """How a module without a map is rendered (the anywidget export's CSS modules)."""
        self.mapped: list[MappedText] = []

    def __call__(self, node: ModuleNode, linked: LinkedModule) -> str:
        content = self.content_of(node)
        mapped = render_mapped(node, linked, content) if content is not None else None
        if mapped is None:
            return self.render(node, linked)
        self.mapped.append(mapped)
        return mapped.text


def file_map(code: str, mapped: list[MappedText], file: str, source_root: str | None = None) -> str:
    """The map (JSON) of one output file ``code`` named ``file``; ``source_root``: where the
    sources' paths start, relative to the file (``../`` for a bundle one folder below the root)."""
    result = source_map(code, locate(code, mapped), file)
    if source_root:
        result = {"version": 3, "file": file, "sourceRoot": source_root,
                  **{k: v for k, v in result.items() if k not in ("version", "file")}}
    return to_json(result)


def with_map(code: str, map_json: str, kind: SourceMapKind, map_name: str) -> str:
    """``code`` ending with the comment that names its map: ``map_name`` beside it, or inline."""
    url = data_url(map_json) if kind == "inline" else map_name
    return code + ("" if code.endswith("\n") else "\n") + url_comment(url) + "\n"
