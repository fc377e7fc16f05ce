"""A layered (Sugiyama-style) layout of a directed graph, top to bottom, for the graph picture.

Pure geometry in pixels; ``draw.py`` turns it into SVG. The steps:

1. break cycles: edges that close a loop in a depth-first walk from the root are turned around
   for the layout (and drawn back up, as upward curves);
2. layers: a node sits one layer below the longest path that reaches it from the root;
3. wrap: a layer wider than ``max_width`` is dealt round-robin into several rows (each row is
   a layer from then on, so edges into the lower rows thread between the boxes of the upper);
4. dummies: an edge spanning several layers gets a point in each layer it crosses, so it takes
   a slot there and never runs through a box;
5. order: barycenter sweeps down and up, keeping the order with the fewest crossings;
6. x: each layer moves toward the mean of its neighbours' x, by isotonic regression (the
   closest positions that keep the order and the spacing) clipped to the widest layer's width.

Everything iterates over lists in a fixed order, so the same graph always gives the same layout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

DUMMY_GAP = 10.0
"""Horizontal space between two edges passing through the same layer (a box gets ``gap``)."""


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    """``x``, ``y`` is the top left corner."""


@dataclass(frozen=True, slots=True)
class Route:
    points: tuple[tuple[float, float], ...]
    """From the source's port to the target's; two points per layer crossed in between."""
    upward: bool
    """The edge closes a cycle: it leaves the top of its source and enters the target's bottom."""


@dataclass(frozen=True, slots=True)
class Layout:
    boxes: dict[str, Box]
    routes: list[Route | None]
    """One per edge, by index; ``None`` for a node's edge to itself (the picture draws a loop)."""
    width: float
    height: float


def layered_layout(
    nodes: Sequence[str],
    widths: Mapping[str, float],
    edges: Sequence[tuple[str, str]],
    *,
    node_height: float = 28.0,
    layer_gap: float = 56.0,
    gap: float = 24.0,
    max_width: float = 1400.0,
) -> Layout:
    """Lay out ``nodes`` (the first is the root, all reachable from it) and ``edges``."""
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[s], index[t]) for s, t in edges]
    back = _back_edges(len(nodes), pairs)
    dag = [(t, s) if k in back else (s, t) for k, (s, t) in enumerate(pairs)]
    layer = _wrap(_longest_paths(len(nodes), dag), [widths[n] for n in nodes], gap, max_width)
    width = [widths[n] for n in nodes]
    chains: list[list[int] | None] = []
    for s, t in dag:
        if s == t:
            chains.append(None)
            continue
        chain = [s]
        for dummy_layer in range(layer[s] + 1, layer[t]):
            chain.append(len(width))
            width.append(0.0)
            layer.append(dummy_layer)
        chains.append([*chain, t])
    real = len(nodes)
    layers = _order([c for c in chains if c], layer)
    x, used = _place(layers, [c for c in chains if c], width, real, gap, max_width)
    top = [layer_number * (node_height + layer_gap) for layer_number in layer]
    boxes = {n: Box(x[i] - width[i] / 2, top[i], width[i], node_height) for i, n in enumerate(nodes)}
    routes = _routes(chains, back, x, top, width, node_height)
    return Layout(boxes, routes, used, len(layers) * (node_height + layer_gap) - layer_gap)


def _back_edges(count: int, pairs: list[tuple[int, int]]) -> set[int]:
    """Indexes of edges that reach a node still on the depth-first stack (they close a loop)."""
    out: list[list[tuple[int, int]]] = [[] for _ in range(count)]
    for k, (s, t) in enumerate(pairs):
        if s != t:
            out[s].append((t, k))
    state = [0] * count  # 0 unseen, 1 on the stack, 2 done
    back: set[int] = set()
    for start in range(count):
        if state[start]:
            continue
        state[start] = 1
        stack = [(start, iter(out[start]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state[child[0]] == 1:
                back.add(child[1])
            elif state[child[0]] == 0:
                state[child[0]] = 1
                stack.append((child[0], iter(out[child[0]])))
    return back


def _longest_paths(count: int, dag: list[tuple[int, int]]) -> list[int]:
    indegree = [0] * count
    out: list[list[int]] = [[] for _ in range(count)]
    for s, t in dag:
        if s != t:
            out[s].append(t)
            indegree[t] += 1
    layer = [0] * count
    ready = [n for n in range(count) if indegree[n] == 0]
    while ready:
        node = ready.pop(0)
        for child in out[node]:
            layer[child] = max(layer[child], layer[node] + 1)
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return layer


def _wrap(layer: list[int], width: list[float], gap: float, max_width: float) -> list[int]:
    """Split layers wider than ``max_width`` into rows; later layers move down to make room.

    The budget keeps some room for the edges that will pass between the boxes.
    """
    budget = max_width * 0.8
    by_layer: dict[int, list[int]] = {}
    for node, number in enumerate(layer):
        by_layer.setdefault(number, []).append(node)
    wrapped = list(layer)
    shift = 0
    for number in sorted(by_layer):
        members = by_layer[number]
        total = sum(width[n] for n in members) + gap * (len(members) - 1)
        rows = max(1, math.ceil(total / budget))
        for position, node in enumerate(members):
            wrapped[node] = number + shift + position % rows
        shift += rows - 1
    return wrapped


def _order(chains: list[list[int]], layer: list[int]) -> list[list[int]]:
    """Items per layer, left to right: barycenter sweeps, best of eight by crossing count."""
    count = len(layer)
    preds: list[list[int]] = [[] for _ in range(count)]
    succs: list[list[int]] = [[] for _ in range(count)]
    for chain in chains:
        for a, b in zip(chain, chain[1:], strict=False):
            succs[a].append(b)
            preds[b].append(a)
    layers: list[list[int]] = [[] for _ in range(max(layer) + 1)]
    for item in range(count):
        layers[layer[item]].append(item)
    best = [list(items) for items in layers]
    best_crossings = _crossings(layers, succs)
    for sweep in range(8):
        downward = sweep % 2 == 0
        numbers = range(1, len(layers)) if downward else range(len(layers) - 2, -1, -1)
        for number in numbers:
            neighbours = preds if downward else succs
            reference = layers[number - 1] if downward else layers[number + 1]
            _reorder(layers[number], neighbours, {item: i for i, item in enumerate(reference)})
        crossings = _crossings(layers, succs)
        if crossings < best_crossings:
            best, best_crossings = [list(items) for items in layers], crossings
    return best


def _reorder(items: list[int], neighbours: list[list[int]], position: dict[int, int]) -> None:
    """Sort by the mean position of the neighbours; items without neighbours keep their slot."""
    keyed = [(sum(position[n] for n in neighbours[item]) / len(neighbours[item]), i, item)
             for i, item in enumerate(items) if neighbours[item]]
    slots = [i for i, item in enumerate(items) if neighbours[item]]
    for slot, (_, _, item) in zip(slots, sorted(keyed), strict=True):
        items[slot] = item


def _crossings(layers: list[list[int]], succs: list[list[int]]) -> int:
    total = 0
    for upper, lower in zip(layers, layers[1:], strict=False):
        position = {item: i for i, item in enumerate(lower)}
        ends = sorted((i, position[b]) for i, a in enumerate(upper) for b in succs[a])
        tree = [0] * (len(lower) + 1)  # Fenwick tree over lower positions seen so far
        for seen, (_, b) in enumerate(ends):
            at, not_greater = b + 1, 0
            while at > 0:
                not_greater += tree[at]
                at -= at & -at
            total += seen - not_greater
            at = b + 1
            while at <= len(lower):
                tree[at] += 1
                at += at & -at
    return total


def _place(
    layers: list[list[int]], chains: list[list[int]], width: list[float], real: int,
    gap: float, max_width: float,
) -> tuple[list[float], float]:
    """Centre x of every item, and the width used."""
    neighbours: list[list[int]] = [[] for _ in width]
    for chain in chains:
        for a, b in zip(chain, chain[1:], strict=False):
            neighbours[a].append(b)
            neighbours[b].append(a)
    offsets, packed = _offsets(layers, width, real, gap)
    while max(packed) > max_width and gap > 6:  # too many boxes side by side: tighten the gaps
        gap *= 0.8
        offsets, packed = _offsets(layers, width, real, gap)
    room = max(packed)
    x = [0.0] * len(width)
    for items, offset, size in zip(layers, offsets, packed, strict=True):
        for item, at in zip(items, offset, strict=True):
            x[item] = (room - size) / 2 + at
    number_of = {item: number for number, items in enumerate(layers) for item in items}
    for sweep in ("down", "up", "down", "up", "both"):
        numbers = range(len(layers)) if sweep != "up" else range(len(layers) - 1, -1, -1)
        for number in numbers:
            wanted = []
            for item in layers[number]:
                near = [x[n] for n in neighbours[item] if sweep == "both"
                        or number_of[n] == number + (-1 if sweep == "down" else 1)]
                wanted.append(sum(near) / len(near) if near else x[item])
            weights = [1.0 if item < real else 2.0 for item in layers[number]]
            shifted = _isotonic([w - o for w, o in zip(wanted, offsets[number], strict=True)], weights)
            limit = room - packed[number]
            for item, at, offset in zip(layers[number], shifted, offsets[number], strict=True):
                x[item] = min(max(at, 0.0), limit) + offset
    left = min(x[i] - width[i] / 2 for i in range(len(width)))
    right = max(x[i] + width[i] / 2 for i in range(len(width)))
    return [value - left for value in x], right - left


def _offsets(
    layers: list[list[int]], width: list[float], real: int, gap: float,
) -> tuple[list[list[float]], list[float]]:
    """Centre of each item when its layer is packed from x = 0, and each layer's packed width."""
    offsets, packed = [], []
    for items in layers:
        at, row = 0.0, []
        for i, item in enumerate(items):
            if i:
                before = items[i - 1]
                space = gap if before < real and item < real else max(DUMMY_GAP, gap / 2)
                at += width[before] / 2 + space + width[item] / 2
            else:
                at = width[item] / 2
            row.append(at)
        offsets.append(row)
        packed.append(at + width[items[-1]] / 2 if items else 0.0)
    return offsets, packed


def _isotonic(values: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence closest to ``values`` (weighted least squares): pool
    adjacent violators."""
    blocks: list[tuple[float, float, int]] = []
    for value, weight in zip(values, weights, strict=True):
        blocks.append((value, weight, 1))
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, w2, c2), (m1, w1, c1) = blocks.pop(), blocks.pop()
            blocks.append(((m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2))
    return [mean for mean, _, size in blocks for _ in range(size)]


def _routes(
    chains: list[list[int] | None], back: set[int], x: list[float], top: list[float],
    width: list[float], height: float,
) -> list[Route | None]:
    """Points of every edge; edges leaving (or entering) one box get ports spread along it."""
    leaving: dict[int, list[tuple[float, int]]] = {}
    entering: dict[int, list[tuple[float, int]]] = {}
    for k, chain in enumerate(chains):
        if chain:
            leaving.setdefault(chain[0], []).append((x[chain[1]], k))
            entering.setdefault(chain[-1], []).append((x[chain[-2]], k))
    port: dict[tuple[int, int, bool], float] = {}
    for ends, is_out in ((leaving, True), (entering, False)):
        for item, uses in ends.items():
            uses.sort()
            step = min(10.0, width[item] * 0.6 / (len(uses) - 1)) if len(uses) > 1 else 0.0
            for i, (_, k) in enumerate(uses):
                port[item, k, is_out] = x[item] + (i - (len(uses) - 1) / 2) * step
    routes: list[Route | None] = []
    for k, chain in enumerate(chains):
        if not chain:
            routes.append(None)
            continue
        points = [(port[chain[0], k, True], top[chain[0]] + height)]
        for item in chain[1:-1]:
            points += [(x[item], top[item]), (x[item], top[item] + height)]
        points.append((port[chain[-1], k, False], top[chain[-1]]))
        upward = k in back
        routes.append(Route(tuple(reversed(points)) if upward else tuple(points), upward))
    return routes
