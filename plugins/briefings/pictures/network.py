"""The players seen together with one player: a small radial network.

The player sits in the middle; the players most often named in the same
briefings sit around it, the more often the closer, the bigger and joined by
a thicker line.  Kinds differ by shape as well as colour (a person is a
circle, an organisation a square, a place a triangle, a group a diamond), so
the picture reads without colour too.  Round the ellipse, from the top,
more and less seen players alternate; there is no randomness: the same input gives the same
picture, byte for byte.  The ellipse they sit on grows taller until no two
labels touch and no label covers a node.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from markupsafe import Markup

from briefings.model import PLAYER_KINDS

from ._svg import Box, attrs, clean, document, esc, hidden, link, make_id, num, text_width, tooltip, wrap

LABEL_SIZE = 13
MARGIN = 10
LINE = 1.2 * LABEL_SIZE
CENTRE_R = 15.0
KIND_NAMES = {"person": "Person", "organization": "Organisation", "place": "Place", "group": "Group"}
#: Two neighbours seen together in fewer briefings than this get no line between them.
MIN_BETWEEN = 2
#: How tall the ellipse of neighbours is, as a share of its width, tried in turn.
SHAPES = (0.62, 0.72, 0.84, 1.0, 1.2, 1.45, 1.75, 2.1, 2.6, 3.2)


@dataclass(frozen=True)
class Node:
    """A player in the network: its name, kind (see
    :data:`briefings.model.PLAYER_KINDS`) and the URL of its page (or None)."""

    name: str
    kind: str = "person"
    href: str | None = None


def _node(value) -> Node:
    if isinstance(value, Node):
        return value
    if isinstance(value, str):
        return Node(value)
    if isinstance(value, tuple | list):
        return Node(*value)
    return Node(value.name, getattr(value, "kind", "person"), getattr(value, "href", None))


def seen_together(
    groups: Iterable[Iterable[str]], name: str, limit: int = 12
) -> tuple[list[tuple[str, int]], dict[tuple[str, str], int]]:
    """Who is seen with ``name``: ``groups`` are the players of each briefing
    (one iterable of names per briefing; a name twice in one counts once).
    Returns the ``limit`` players most often in the same briefings as
    ``name`` with how many (most first, then by name), and for each pair of
    those (a, b) with a < b how many briefings have both: the lines between
    neighbours."""
    together: Counter = Counter()
    chosen_groups = []
    for group in groups:
        members = set(group)
        if name in members:
            members.discard(name)
            together.update(members)
            chosen_groups.append(members)
    neighbours = sorted(together.items(), key=lambda item: (-item[1], item[0]))[:limit]
    shown = {n for n, _ in neighbours}
    pairs: Counter = Counter()
    for members in chosen_groups:
        for a, b in combinations(sorted(members & shown), 2):
            pairs[(a, b)] += 1
    return neighbours, dict(pairs)


def _kind_class(kind: str) -> str:
    return f"bp-{kind}" if kind in PLAYER_KINDS else "bp-other"


def _shape(kind: str, x: float, y: float, r: float, extra: str = "") -> str:
    """A node: a circle, square, triangle or diamond of about the area of a circle of radius ``r``."""
    cls = f'class="bp-node {_kind_class(kind)}{extra}"'
    if kind == "organization":
        side = 1.77 * r
        return f"<rect {cls} {attrs(x=x - side / 2, y=y - side / 2, width=side, height=side, rx=1.5)}/>"
    if kind == "place":
        a = 2.69 * r
        h = a * math.sqrt(3) / 2
        return (
            f'<path {cls} d="M{num(x)} {num(y - 2 * h / 3)}L{num(x + a / 2)} {num(y + h / 3)}'
            f'H{num(x - a / 2)}z"/>'
        )
    if kind == "group":
        d = 1.25 * r
        return (f'<path {cls} d="M{num(x)} {num(y - d)}L{num(x + d)} {num(y)}'
                f'L{num(x)} {num(y + d)}L{num(x - d)} {num(y)}z"/>')
    return f"<circle {cls} {attrs(cx=x, cy=y, r=r)}/>"


def _extent(kind: str, r: float) -> float:
    """Half the height (and width) of a node's shape."""
    return {"organization": 0.89 * r, "place": 1.56 * r, "group": 1.25 * r}.get(kind, r)


@dataclass
class _Placed:
    node: Node
    count: int
    x: float
    y: float
    r: float
    angle: float
    lines: list[str]
    near: float = 1.0
    bold: bool = False
    beside: bool = True  # the label beside the node, else above or below it
    anchor: str = "start"
    text_x: float = 0.0
    first_base: float = 0.0
    box: Box | None = None


def _label(placed: _Placed) -> None:
    """Put a node's label outside it, away from the centre: beside it on
    the left and right of the ellipse (when ``placed.beside``), else above or below."""
    cos, sin = math.cos(placed.angle), math.sin(placed.angle)
    ext = _extent(placed.node.kind, placed.r)
    widths = [text_width(line, LABEL_SIZE, placed.bold) for line in placed.lines]
    width = max(widths, default=0.0)
    n = len(placed.lines)
    if placed.beside and abs(cos) > 0.35:
        placed.anchor = "start" if cos > 0 else "end"
        placed.text_x = placed.x + (ext + 5) * (1 if cos > 0 else -1)
        placed.first_base = placed.y + 0.35 * LABEL_SIZE - (n - 1) * LINE / 2
    else:
        placed.anchor = "middle"
        placed.text_x = placed.x
        if sin < 0:
            placed.first_base = placed.y - ext - 5 - 0.25 * LABEL_SIZE - (n - 1) * LINE
        else:
            placed.first_base = placed.y + ext + 4 + 0.8 * LABEL_SIZE
    left = {"start": placed.text_x, "middle": placed.text_x - width / 2, "end": placed.text_x - width}[placed.anchor]
    placed.box = Box(left, placed.first_base - 0.8 * LABEL_SIZE, left + width,
                     placed.first_base + 0.25 * LABEL_SIZE + (n - 1) * LINE)


def _room(p: _Placed, half: float) -> float:
    """The widest ellipse (its half width) that keeps ``p``'s label within ``half`` of the centre."""
    cos = abs(math.cos(p.angle))
    width = max(text_width(line, LABEL_SIZE) for line in p.lines)
    if cos < 1e-9:
        return math.inf
    if p.beside and cos > 0.35:
        return (half - _extent(p.node.kind, p.r) - 5 - width) / (p.near * cos)
    return (half - width / 2) / (p.near * cos)


def _widest(items: Sequence[_Placed], half: float) -> float:
    """The half width of the ellipse: as wide as the labels beside the
    nodes leave room for; while that is under three quarters of the room,
    the label that narrows it most goes above or below its node instead."""
    for p in items:
        p.beside = True
    while True:
        rooms = [(_room(p, half), k) for k, p in enumerate(items)]
        rx, k = min(rooms)
        if rx >= 0.75 * (half - 20) or not items[k].beside:
            return max(min(rx, half - 20), 0.3 * half)
        items[k].beside = False


def _node_box(p: _Placed) -> Box:
    ext = _extent(p.node.kind, p.r)
    return Box(p.x - ext, p.y - ext, p.x + ext, p.y + ext)


def _clashes(items: Sequence[_Placed]) -> list[tuple[int, int, str]]:
    """What touches: (i, j, "label") when labels i and j do, (i, j, "node")
    when label i covers node j, (i, j, "nodes") when nodes i and j overlap."""
    out = []
    for i, a in enumerate(items):
        for j, b in enumerate(items):
            if i == j:
                continue
            if j > i and _node_box(a).overlaps(_node_box(b), 2):
                out.append((i, j, "nodes"))
            if a.box is None:
                continue
            if j > i and b.box is not None and a.box.overlaps(b.box, 3):
                out.append((i, j, "label"))
            elif a.box.overlaps(_node_box(b), 2):
                out.append((i, j, "node"))
    return out


def _order(neighbours: Sequence[tuple[Node, int]]) -> list[tuple[Node, int]]:
    """Round the ellipse from the top, clockwise: the most seen and the less
    seen in turn (the first, the middle one, the second, the one after the
    middle…), so that near and far nodes alternate, their labels stagger and
    the picture is balanced."""
    ranked = sorted(neighbours, key=lambda item: (-item[1], item[0].name.lower()))
    half = (len(ranked) + 1) // 2
    return [item for pair in itertools.zip_longest(ranked[:half], ranked[half:]) for item in pair if item]


def _arrange(centre: Node, neighbours, width: float) -> tuple[list[_Placed], _Placed]:
    top = max(count for _, count in neighbours)
    low = min(count for _, count in neighbours)
    wrap_w = min(130.0, width * 0.28)
    items = [
        _Placed(node, count, 0, 0, 5 + 7 * math.sqrt(count / top), 0, wrap(node.name, wrap_w, LABEL_SIZE) or ["?"])
        for node, count in _order(neighbours)
    ]
    lines = wrap(centre.name, wrap_w * 1.3, LABEL_SIZE, bold=True) or ["?"]
    core = _Placed(centre, 0, 0, 0, CENTRE_R, math.pi / 2, lines, bold=True)
    n = len(items)
    step = 2 * math.pi / n
    half = width / 2 - MARGIN
    tries = itertools.product(SHAPES, (False, True), (0.0, 0.5, 0.25, 0.75), (1, -1))
    for shape, stagger, turn, side in tries:
        core.angle = side * math.pi / 2  # the centre's name below it, or above
        for k, p in enumerate(items):
            if n == 1:
                p.angle = 0.0
            elif n == 2:
                p.angle = math.pi * k
            else:
                p.angle = -math.pi / 2 + (k + turn) * step
            p.near = 1 - 0.28 * ((p.count - low) / (top - low) if top > low else 1)
            if stagger and k % 2:
                p.near *= 0.8
        rx = _widest(items, half)
        ry = max(rx * shape, 60.0)
        for p in items:
            p.x, p.y = rx * p.near * math.cos(p.angle), ry * p.near * math.sin(p.angle)
            _label(p)
        _label(core)
        if not _clashes([*items, core]) and all(-half <= p.box.left and p.box.right <= half for p in items):
            return items, core
    # Nothing fits (very long names on a narrow drawing): the tallest layout,
    # without the labels of the less seen players that still clash.
    while True:
        clash = next((c for c in _clashes([*items, core]) if c[2] != "nodes"), None)
        if clash is None:
            break
        i, j, what = clash
        droppable = [k for k in ((i, j) if what == "label" else (i,)) if k < len(items)]
        if droppable:
            items[min(droppable, key=lambda k: (items[k].count, -k))].box = None
        else:  # the centre's own name, on a drawing too small for it
            core.box = None
    for p in items:
        if p.box is not None and not (-half <= p.box.left and p.box.right <= half):
            p.box = None
    return items, core


def players_network(
    centre: Node | tuple | str,
    neighbours: Sequence[tuple[Node | tuple | str, int]],
    *,
    between: Mapping[tuple[str, str], int] | None = None,
    limit: int = 12,
    width: int = 460,
    title: str | None = None,
    unit: tuple[str, str] = ("briefing", "briefings"),
    id: str | None = None,
    style: bool = True,
) -> Markup:
    """The players seen with ``centre`` as an inline ``<svg>`` (empty Markup
    when it is seen with nobody).

    ``centre`` and each neighbour are a :class:`Node` (name, kind, href) or a
    tuple of those fields (or just a name); ``neighbours`` pairs each with
    how many briefings name both (:func:`seen_together` counts them). The
    ``limit`` most seen are drawn, each linked to its ``href``. ``between``
    maps pairs of neighbour names (a, b) to their briefings together: drawn
    as thin dotted lines when at least :data:`MIN_BETWEEN`, the strongest
    pairs only, as many as there are neighbours. ``width``, ``title``, ``id``, ``style``: as for
    :func:`~briefings.pictures.timeline_strip`; the description is
    :func:`players_network_summary`.
    """
    centre = _node(centre)
    shown = _shown(neighbours, limit)
    if not shown:
        return Markup("")
    title = title or f"Players seen with {clean(centre.name)}"
    desc = players_network_summary(centre, shown, limit=limit, unit=unit, between=between)
    ident = make_id("network", (centre, shown, sorted((between or {}).items()), width, title), id)
    height, body = _draw(centre, shown, between or {}, width, unit)
    return document("network", ident, width, height, title, desc, body, style)


def _shown(neighbours, limit: int) -> list[tuple[Node, int]]:
    merged: dict[str, tuple[Node, int]] = {}
    for value, count in neighbours:
        node = _node(value)
        if count <= 0 or not clean(node.name):
            continue
        if node.name in merged:
            count += merged[node.name][1]
        merged[node.name] = (node, int(count))
    return sorted(merged.values(), key=lambda item: (-item[1], item[0].name.lower()))[:limit]


def players_network_summary(
    centre: Node | tuple | str,
    neighbours: Sequence[tuple[Node | tuple | str, int]],
    *,
    limit: int = 12,
    unit: tuple[str, str] = ("briefing", "briefings"),
    between: Mapping[tuple[str, str], int] | None = None,
) -> str:
    """The network in words: who is seen with the player and in how many
    briefings, most first ("" when nobody)."""
    centre = _node(centre)
    shown = _shown(neighbours, limit)
    if not shown:
        return ""
    parts = [f"{clean(node.name)} ({KIND_NAMES.get(node.kind, clean(node.kind)).lower()}, {count})"
             for node, count in shown]
    text = (f"{clean(centre.name)} is seen most often with {len(shown)} "
            f"{'player' if len(shown) == 1 else 'players'}; {unit[1]} together: " + ", ".join(parts) + ".")
    names = {node.name for node, _ in shown}
    pairs = [(a, b, c) for (a, b), c in sorted((between or {}).items()) if a in names and b in names and c > 0]
    if pairs:
        pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
        text += " Also seen together: " + ", ".join(f"{clean(a)} and {clean(b)} ({c})" for a, b, c in pairs[:5]) + "."
    return text


def _draw(centre: Node, shown, between, width: float, unit) -> tuple[float, str]:
    items, core = _arrange(centre, shown, width)
    everything = [*items, core]
    boxes = [_node_box(p) for p in everything] + [p.box for p in everything if p.box is not None]
    top = min(b.top for b in boxes)
    bottom = max(b.bottom for b in boxes)
    cx = width / 2
    dy = MARGIN + 2 - top
    legend_y = bottom + dy + 18
    kinds = [k for k in (*PLAYER_KINDS, "other") if any(_kind_key(p.node.kind) == k for p in everything)]
    legend, legend_h = _legend(kinds, width, legend_y, unit)
    height = legend_y + legend_h

    def at(p: _Placed) -> tuple[float, float]:
        return cx + p.x, p.y + dy

    top_count = max(p.count for p in items)
    parts = []
    index = {p.node.name: p for p in items}
    pairs = sorted(((a, b), c) for (a, b), c in between.items() if a in index and b in index and c >= MIN_BETWEEN)
    pairs = sorted(pairs, key=lambda pair: (-pair[1], pair[0]))[: len(items)]
    for (a, b), count in sorted(pairs):
        (x1, y1), (x2, y2) = at(index[a]), at(index[b])
        parts.append(
            f'<line class="bp-edge-side" {attrs(x1=x1, y1=y1, x2=x2, y2=y2)}>'
            f"{tooltip(f'{a} and {b}: {count} {unit[0] if count == 1 else unit[1]} together')}</line>"
        )
    ccx, ccy = at(core)
    for p in items:
        x, y = at(p)
        w = 1 + 5 * p.count / top_count
        parts.append(
            f'<line class="bp-edge" {attrs(x1=ccx, y1=ccy, x2=x, y2=y, stroke_width=w)}>'
            f"{tooltip(f'{centre.name} and {p.node.name}: {p.count} {unit[0] if p.count == 1 else unit[1]} together')}"
            "</line>"
        )
    parts = [hidden("".join(parts))]
    for p in items:
        x, y = at(p)
        hint = f"{p.node.name} ({KIND_NAMES.get(p.node.kind, p.node.kind).lower()}): {p.count} " \
               f"{unit[0] if p.count == 1 else unit[1]} with {centre.name}"
        body = tooltip(hint) + _shape(p.node.kind, x, y, p.r) + _text(p, dy, cx)
        parts.append(link(p.node.href, body, hint))
    body = _shape(core.node.kind, ccx, ccy, core.r, " bp-centre") + _text(core, dy, cx, strong=True)
    parts.append(link(core.node.href, tooltip(core.node.name) + body, core.node.name))
    parts.append(hidden(legend))
    return height, "".join(parts)


def _kind_key(kind: str) -> str:
    return kind if kind in PLAYER_KINDS else "other"


def _text(p: _Placed, dy: float, cx: float, strong: bool = False) -> str:
    if p.box is None:
        return ""
    spans = []
    for n, line in enumerate(p.lines):
        y = p.first_base + dy + n * LINE
        spans.append(f'<tspan {attrs(x=p.text_x + cx, y=y)}>{esc(line)}</tspan>')
    cls = ' class="bp-strong"' if strong else ""
    return f'<text{cls} {attrs(text_anchor=p.anchor)}>{"".join(spans)}</text>'


def _legend(kinds: Sequence[str], width: float, y: float, unit) -> tuple[str, float]:
    """A key of the shapes shown, in as many rows as it needs, and a note on the lines."""
    size = 12
    entries = [(k, KIND_NAMES.get(k, "Other")) for k in kinds]
    parts = []
    x, row = float(MARGIN), 0
    for kind, name in entries:
        w = 16 + text_width(name, size) + 14
        if x + w > width - MARGIN and x > MARGIN:
            x, row = float(MARGIN), row + 1
        yy = y + row * 18
        parts.append(_shape(kind if kind != "other" else "other", x + 6, yy - 4, 5.0))
        parts.append(f'<text class="bp-muted bp-small" {attrs(x=x + 16, y=yy)}>{esc(name)}</text>')
        x += w
    note = f"Thicker line: more {unit[1]} together"
    w = text_width(note, size)
    if x + w > width - MARGIN and x > MARGIN:
        x, row = float(MARGIN), row + 1
    parts.append(f'<text class="bp-muted bp-small" {attrs(x=x, y=y + row * 18)}>{esc(note)}</text>')
    return "".join(parts), row * 18 + 8
