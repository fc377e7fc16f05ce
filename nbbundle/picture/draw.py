"""A picture of an entry's module graph, as an SVG document (``%nbbundle graph``).

Boxes are modules, coloured by kind (JS, CSS, JSON, CommonJS, TypeScript, TSX, JSX); a cell module has a solid
border, a file from disk a dashed one. Arrows are imports, dashed for ``import()``. HMR
boundaries (the entry, modules that accept themselves or a dependency) have a thick outline and
a badge. The last update is orange: the changed modules and every module of each boundary's
chain; a full reload is a note under the title. Modules whose latest cell run failed are red
with a ✗.

The SVG is also data: every module is ``<g class="node" data-id data-kind data-origin …>`` and
every import ``<g class="edge" data-from data-to data-kind>``, so tests and tools can read it.
Module ids come from users and are escaped everywhere; the output depends only on the graph.
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING

from nbbundle.compile.kinds import KIND_BY_SUFFIX, TYPESCRIPT_KINDS
from nbbundle.hmr.propagate import FullReload
from nbbundle.picture.layout import Box, Route, layered_layout

if TYPE_CHECKING:
    from collections.abc import Collection, Sequence

    from nbbundle.compile.errors import Diagnostic
    from nbbundle.bundle.graph import ModuleGraph, ModuleNode
    from nbbundle.hmr.propagate import LastUpdate

MAX_LABEL = 28
"""Longer ids are shortened in the middle (the full id is in the tooltip)."""
MAX_WIDTH = 1400.0
CHAR = 7.3
"""Estimated advance of one 12px monospace character."""
MARGIN = 20.0
NODE_HEIGHT = 28.0
MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace"
SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
KINDS = {  # kind → (fill, border, legend name)
    "js": ("#fef9c3", "#a16207", "JavaScript"),
    "css": ("#dbeafe", "#1d4ed8", "CSS"),
    "json": ("#dcfce7", "#15803d", "JSON"),
    "cjs": ("#f3e8ff", "#7e22ce", "CommonJS"),
    "ts": ("#e0e7ff", "#4338ca", "TypeScript"),
    "tsx": ("#cffafe", "#0e7490", "TSX"),
    "jsx": ("#fce7f3", "#be185d", "JSX"),
    "asset": ("#ffedd5", "#c2410c", "Asset"),
}
EDGE, HOT, FAILED, INK = "#64748b", "#ea580c", "#dc2626", "#1e293b"
_KIND_OF = {"esm": "js", "cjs": "cjs", "json": "json", "css": "css", "asset": "asset"}
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class GraphPicture:
    """An SVG picture that notebooks display (``nbbundle.draw_module_graph()``)."""

    def __init__(self, svg: str, entry: str = "") -> None:
        self.svg = svg
        self.entry = entry

    def __repr__(self) -> str:
        return f"GraphPicture({self.entry!r})"

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_html_(self) -> str:
        return f'<div class="nbbundle-graph" style="overflow:auto;max-height:720px">{self.svg}</div>'


def draw_graph(
    graph: ModuleGraph,
    entry_id: str,
    *,
    cells: Collection[str] = frozenset(),
    failed: Collection[str] | Mapping[str, Sequence[Diagnostic]] = frozenset(),
    last_update: LastUpdate | None = None,
) -> str:
    """The SVG document of what ``entry_id`` reaches, statically or with ``import()``.

    ``cells`` are the ids of cell modules (the others are files from disk); ``failed`` the cells
    whose latest run failed (with their diagnostics, for the tooltip, when a mapping).
    """
    entry = graph.get_module_by_id(entry_id)
    if entry is None:
        msg = f"There is no module {entry_id!r}."
        raise KeyError(msg)
    nodes = graph.reachable([entry])
    edges = [(node, dep, kind) for node in nodes for dep, kind in _imports(node)]
    labels = {node.id: _label(node.id, failed=node.id in failed) for node in nodes}
    widths = {node.id: max(56.0, _text_width(labels[node.id]) + 22,
                           sum(_badge_width(text) + 3 for _, text in _boundaries(node, entry_id)) + 10)
              for node in nodes}
    layout = layered_layout([n.id for n in nodes], widths, [(a.id, b.id) for a, b, _ in edges],
                            node_height=NODE_HEIGHT, max_width=MAX_WIDTH - 2 * MARGIN)
    changed, path, note = _update_path(last_update, {n.id for n in nodes})
    legend, legend_height = _legend(max(layout.width, 640.0))
    width = max(layout.width, 640.0) + 2 * MARGIN
    top = 52.0 + (18.0 if note else 0.0)
    left = (width - layout.width) / 2
    height = top + layout.height + 32 + legend_height + MARGIN
    count = f"{len(nodes)} module{'s' if len(nodes) != 1 else ''}, {len(edges)} import{'s' if len(edges) != 1 else ''}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="nbbundle-graph" width="{_number(width)}" '
        f'height="{_number(height)}" viewBox="0 0 {_number(width)} {_number(height)}" '
        f'style="max-width:100%;height:auto;background:#fff" font-family="{_escaped(SANS)}">',
        "<defs>",
        *(f'<marker id="nbbundle-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
          f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,1 L9,5 L0,9 z" fill="{color}"/></marker>'
          for name, color in (("plain", EDGE), ("hot", HOT))),
        "</defs>",
        f'<text x="{_number(MARGIN)}" y="28" font-size="15" font-weight="600" fill="{INK}">'
        f'<tspan font-family="{_escaped(MONO)}">{_escaped(_clean(entry_id))}</tspan>'
        f'<tspan font-weight="400" fill="{EDGE}" font-size="12" dx="10">{count}</tspan></text>',
    ]
    if note:
        color = FAILED if isinstance(last_update and last_update.decision, FullReload) else HOT
        out.append(f'<text class="note" x="{_number(MARGIN)}" y="48" font-size="12" fill="{color}">'
                   f"{_escaped(_shorten(note, int(width / 6.6)))}</text>")
    out.append(f'<g transform="translate({_number(left)},{_number(top)})">')
    for (source, target, kind), route in zip(edges, layout.routes, strict=True):
        hot = source.id in path and target.id in path  # the update flowed from target to source
        box = layout.boxes[source.id]
        out.append(_edge(source.id, target.id, kind, route, box, hot=hot, faint=len(nodes) > 30))
    for node in nodes:
        out.append(_node(node, labels[node.id], layout.boxes[node.id], entry_id=entry_id,
                         origin="cell" if node.id in cells else "file", failed=failed,
                         update="changed" if node.id in changed else "path" if node.id in path else None))
    out += ["</g>", f'<g class="legend" transform="translate({_number(MARGIN)},{_number(height - MARGIN - legend_height)})">',
            *legend, "</g>", "</svg>"]
    return "\n".join(out) + "\n"


def _imports(node: ModuleNode) -> list[tuple[ModuleNode, str]]:
    dynamic = sorted(node.dynamic_imported_modules, key=lambda dep: dep.id)
    return [(dep, "static") for dep in node.import_order] + [(dep, "dynamic") for dep in dynamic]


def _kind(node: ModuleNode) -> str:
    source_kind = KIND_BY_SUFFIX.get(posixpath.splitext(node.id)[1])
    if source_kind in TYPESCRIPT_KINDS:  # compiled to JavaScript, but written in TypeScript or JSX
        return source_kind
    if node.transform_result is not None:
        return _KIND_OF[node.transform_result.kind]
    suffix = node.id.rsplit(".", 1)[-1]
    return suffix if suffix in ("css", "json", "cjs") else "js"


def _boundaries(node: ModuleNode, entry_id: str) -> list[tuple[str, str]]:
    """(data-boundary word, badge text) for each way ``node`` takes an update."""
    hot = node.transform_result.hot if node.transform_result is not None else None
    found = []
    if node.id == entry_id:
        found.append(("entry", "entry"))
    if node.is_self_accepting or node.type == "css" or (hot is not None and hot.self_accepting):
        found.append(("self", "accepts"))
    elif node.accepted_hmr_exports is not None:
        found.append(("exports", "accepts exports"))
    deps = sorted(dep.id for dep in node.accepted_hmr_deps)
    if deps:
        found.append(("dep", f"accepts {_shorten(deps[0], 16)}" if len(deps) == 1 else f"accepts {len(deps)} deps"))
    return found


def _update_path(last_update: LastUpdate | None, ids: set[str]) -> tuple[set[str], set[str], str]:
    """Changed ids, every id on the update's path (chains and boundaries), and the note."""
    if last_update is None:
        return set(), set(), ""
    changed = set(last_update.changed) & ids
    what = ", ".join(last_update.changed) or "nothing"
    decision = last_update.decision
    if isinstance(decision, FullReload):
        path = changed
        note = f"last update ({last_update.name}): {what} changed → full reload: {decision.reason}"
    else:
        path = changed | {i for b in decision.boundaries for i in (*b.chain, b.boundary)}
        took = "; ".join(f"{b.boundary} ({b.kind})" for b in decision.boundaries)
        note = f"last update ({last_update.name}): {what} changed → " + (
            f"accepted by {took}" if took else "no view ran it yet, nothing to replace")
    if not (path & ids or last_update.name in ids):
        return set(), set(), ""  # an update of another entry's graph
    return changed, path & ids, note


def _node(node: ModuleNode, label: str, box: Box, *, entry_id: str, origin: str,
          failed: Collection[str] | Mapping[str, Sequence[Diagnostic]], update: str | None) -> str:
    kind = _kind(node)
    fill, border, kind_name = KINDS[kind]
    boundaries = _boundaries(node, entry_id)
    is_failed = node.id in failed
    attrs = f'class="node" data-id="{_escaped(node.id)}" data-kind="{kind}" data-origin="{origin}"'
    if boundaries:
        attrs += f' data-boundary="{" ".join(word for word, _ in boundaries)}"'
    if update:
        attrs += f' data-update="{update}"'
    if is_failed:
        attrs += ' data-failed="true"'
    tip = [node.id, f"{kind_name} · {'cell' if origin == 'cell' else 'file from disk'}"]
    tip += [text if word != "dep" else "accepts " + ", ".join(sorted(d.id for d in node.accepted_hmr_deps))
            for word, text in boundaries if word != "entry"]
    if is_failed:
        diagnostics = failed[node.id] if isinstance(failed, Mapping) else ()
        tip.append("✗ " + (diagnostics[0].message if diagnostics else "the latest run of this cell failed"))
    out = [f"<g {attrs}>", f"<title>{_escaped(_clean(chr(10).join(tip)))}</title>"]
    if update:
        pad = 4.0 if update == "changed" else 3.5
        out.append(f'<rect class="halo" x="{_number(box.x - pad)}" y="{_number(box.y - pad)}" width="{_number(box.width + 2 * pad)}" '
                   f'height="{_number(box.height + 2 * pad)}" rx="9" fill="{HOT if update == "changed" else "none"}" '
                   f'stroke="{HOT}" stroke-width="{2.5 if update == "path" else 0}"/>')
    stroke = FAILED if is_failed else border
    dash = ' stroke-dasharray="5 3"' if origin == "file" else ""
    out.append(f'<rect class="box" x="{_number(box.x)}" y="{_number(box.y)}" width="{_number(box.width)}" height="{_number(box.height)}" '
               f'rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{3 if boundaries else 1.3}"{dash}/>')
    mark = f'<tspan fill="{FAILED}" font-weight="700">✗ </tspan>' if is_failed else ""
    text = _escaped(label[2:] if is_failed else label)
    out.append(f'<text x="{_number(box.x + box.width / 2)}" y="{_number(box.y + box.height / 2 + 4)}" text-anchor="middle" '
               f'font-family="{_escaped(MONO)}" font-size="12" fill="{INK}">{mark}{text}</text>')
    right = box.x + box.width - 4
    for word, badge in reversed(boundaries):
        badge_width = _badge_width(badge)
        right -= badge_width
        color = "#334155" if word == "entry" else "#0f766e"
        out.append(f'<g class="badge"><rect x="{_number(right)}" y="{_number(box.y - 8)}" width="{_number(badge_width)}" height="14" '
                   f'rx="7" fill="{color}"/><text x="{_number(right + badge_width / 2)}" y="{_number(box.y + 2.5)}" '
                   f'text-anchor="middle" font-size="9.5" fill="#fff">{_escaped(badge)}</text></g>')
        right -= 3
    out.append("</g>")
    return "".join(out)


def _edge(source: str, target: str, kind: str, route: Route | None, box: Box, *, hot: bool,
          faint: bool) -> str:
    """One import; in a big picture the plain ones are lighter, so that the boxes stand out."""
    if route is None:  # a module importing itself: a loop on the right side of its box
        x, y, h = box.x + box.width, box.y, box.height
        d = f"M{_number(x)},{_number(y + 8)} C{_number(x + 24)},{_number(y)} {_number(x + 24)},{_number(y + h)} {_number(x + 1)},{_number(y + h - 8)}"
    else:
        d = _path(route.points, bow=28.0 if route.upward else 0.0)
    dash = ' stroke-dasharray="6 4"' if kind == "dynamic" else ""
    color, marker = (HOT, "hot") if hot else (EDGE, "plain")
    attrs = f'class="edge" data-from="{_escaped(source)}" data-to="{_escaped(target)}" data-kind="{kind}"'
    if hot:
        attrs += ' data-update="path"'
    if route is not None and route.upward:
        attrs += ' data-upward="true"'
    if faint and not hot:
        dash += ' stroke-opacity="0.7"'
    return (f'<g {attrs}><path d="{d}" fill="none" stroke="{color}" stroke-width="{2.2 if hot else 1.3}"{dash} '
            f'marker-end="url(#nbbundle-arrow-{marker})"/></g>')


def _path(points: Sequence[tuple[float, float]], *, bow: float = 0.0) -> str:
    """Straight through each layer an edge crosses, S-curves with vertical tangents between.

    ``bow`` bends the curves sideways: an edge that closes a cycle goes back up as an arc
    instead of running alongside the edge it answers.
    """
    (x0, y0), *rest = points
    d = [f"M{_number(x0)},{_number(y0)}"]
    for (x1, y1), (x2, y2) in zip(points, rest, strict=False):
        if abs(x1 - x2) < 0.5 and not (bow and abs(y1 - y2) > 40):
            d.append(f"L{_number(x2)},{_number(y2)}")
        else:
            middle = (y1 + y2) / 2
            d.append(f"C{_number(x1 + bow)},{_number(middle)} {_number(x2 + bow)},{_number(middle)} {_number(x2)},{_number(y2)}")
    return " ".join(d)


def _legend(width: float) -> tuple[list[str], float]:
    """Samples with captions, flowed into lines no wider than ``width``."""
    items: list[tuple[float, str, str]] = []  # (sample width, sample svg at 0,0, caption)
    for kind, (fill, border, name) in KINDS.items():
        items.append((26, f'<rect x="0" y="-10" width="26" height="14" rx="4" fill="{fill}" stroke="{border}"/>', name))
    items += [
        (26, f'<rect x="0" y="-10" width="26" height="14" rx="4" fill="#fff" stroke="{INK}"/>', "cell"),
        (26, f'<rect x="0" y="-10" width="26" height="14" rx="4" fill="#fff" stroke="{INK}" stroke-dasharray="5 3"/>',
         "file from disk"),
        (30, f'<path d="M0,-3 H28" stroke="{EDGE}" stroke-width="1.3" marker-end="url(#nbbundle-arrow-plain)"/>', "import"),
        (30, f'<path d="M0,-3 H28" stroke="{EDGE}" stroke-width="1.3" stroke-dasharray="6 4" '
             'marker-end="url(#nbbundle-arrow-plain)"/>', "import()"),
        (44, f'<rect x="0" y="-10" width="44" height="14" rx="4" fill="#fff" stroke="{INK}" stroke-width="3"/>'
             '<rect x="6" y="-7" width="32" height="8" rx="4" fill="#0f766e"/>', "HMR boundary"),
        (26, f'<rect x="0" y="-10" width="26" height="14" rx="4" fill="#fff" stroke="{HOT}" stroke-width="2.5"/>',
         "last update"),
        (26, f'<rect x="-3" y="-13" width="32" height="20" rx="6" fill="{HOT}"/><rect x="0" y="-10" width="26" '
             'height="14" rx="4" fill="#fff"/>', "changed"),
        (12, f'<text x="0" y="1" font-size="13" font-weight="700" fill="{FAILED}">✗</text>', "failed"),
    ]
    out, x, y = [], 0.0, 0.0
    for sample_width, sample, caption in items:
        item_width = sample_width + 6 + len(caption) * 6.4 + 18
        if x and x + item_width > width:
            x, y = 0.0, y + 22
        out.append(f'<g transform="translate({_number(x)},{_number(y + 12)})">{sample}<text x="{_number(sample_width + 6)}" y="1" '
                   f'font-size="11" fill="{INK}">{_escaped(caption)}</text></g>')
        x += item_width
    return out, y + 16


def _label(module_id: str, *, failed: bool) -> str:
    text = _clean(module_id)
    if len(text) > MAX_LABEL:
        text = text[:10] + "…" + text[-(MAX_LABEL - 11):]
    return "✗ " + text if failed else text


def _badge_width(text: str) -> float:
    return len(text) * 5.6 + 10


def _text_width(text: str) -> float:
    return CHAR * sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clean(text: str) -> str:
    """Characters XML cannot carry at all (control characters, lone surrogates) become �."""
    return _UNSAFE.sub("\ufffd", text)


def _escaped(text: str) -> str:
    """Text for SVG: characters XML cannot carry replaced (``_clean``), markup characters escaped."""
    return html.escape(_clean(text), quote=True)


def _number(value: float) -> str:
    """A coordinate, to a tenth of a pixel, without trailing zeros."""
    return f"{round(value, 1):g}"
