"""The timeline strip of one briefing: its dated events on a time axis.

Points (events of one day) are dots on the axis, spans (a week, a month, a
year…) bars above it, each labelled with its event in lanes above the marks
so that no two labels touch and no leader line crosses a label.  A dashed
line marks the day the briefing was published; events still to come are
drawn hollow.  When events lie decades apart and cluster in weeks, a linear
axis would pile the cluster into one spot: the axis is then drawn with every
gap between dates shortened to the log of its length, long empty stretches
marked with a break, and the dates written under the events.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from briefings.model import TimelineEntry

from ._svg import (
    Box,
    Stacked,
    attrs,
    clean,
    document,
    esc,
    fit,
    hidden,
    link,
    make_id,
    stack_labels,
    text_width,
    tooltip,
)
from ._time import (
    Tick,
    TimeScale,
    anchor_x,
    label_box,
    linear_scale,
    linear_ticks,
    long_day,
    long_when,
    moment,
    parse_day,
    place_labels,
    precision,
    short_when,
    warped_scale,
)

LABEL_SIZE = 13
TICK_SIZE = 12
LANE = 18  # px between label baselines
MARGIN = 10
INSET = 8  # px from the margin to the first and last mark
ROW = 10  # px between span rows
DOT = 5  # dot radius
MIN_BAR = 6
#: Closer than this (px) on a linear axis, two events' dates need the shortened axis.
CROWDED = 9
#: A gap shortened this much more than the axis on average, and this long, gets a break mark.
BREAK_SQUEEZE, BREAK_DAYS = 0.5, 180

_HEADING = re.compile(r"^#+\s*")
# A Markdown heading run into an event's text ("… had asked ## Read more"): the event ends before it.
_RUN_ON = re.compile(r"\s#{1,6}\s.*$")


@dataclass
class _Mark:
    start: dt.date
    end: dt.date
    entries: list[TimelineEntry] = field(default_factory=list)
    href: str | None = None
    upcoming: bool = False

    @property
    def point(self) -> bool:
        return self.start == self.end

    @property
    def t0(self) -> float:
        return moment(self.start) + (0.5 if self.point else 0.0)

    @property
    def t1(self) -> float:
        return moment(self.start) + 0.5 if self.point else moment(self.end) + 1.0

    @property
    def when(self) -> str:
        return long_when(self.start, self.end)

    @property
    def more(self) -> str:
        """" (+3)" after the label of a mark of four events."""
        return f" (+{len(self.entries) - 1})" if len(self.entries) > 1 else ""


def _event_text(entry: TimelineEntry) -> str:
    text = clean(_RUN_ON.sub("", _HEADING.sub("", clean(entry.event or ""))))
    return text or clean(entry.text or entry.sentence or "")


def _marks(entries: Sequence[TimelineEntry], published: dt.date | None, links) -> list[_Mark]:
    marks: dict[tuple[dt.date, dt.date], _Mark] = {}
    for i, entry in enumerate(entries):
        start = parse_day(entry.start_date)
        end = parse_day(entry.end_date) or start
        if start is None:
            continue
        start, end = min(start, end), max(start, end)
        mark = marks.setdefault((start, end), _Mark(start, end))
        mark.entries.append(entry)
        mark.upcoming = mark.upcoming or bool(entry.upcoming) or (published is not None and start > published)
        if mark.href is None and links is not None and i < len(links):
            mark.href = links[i]
    return sorted(marks.values(), key=lambda m: (m.start, m.end))


def timeline_strip(
    entries: Sequence[TimelineEntry],
    published: dt.date | None = None,
    *,
    links: Sequence[str | None] | None = None,
    width: int = 680,
    title: str = "Timeline of the events in this briefing",
    id: str | None = None,
    style: bool = True,
    max_lanes: int = 6,
) -> Markup:
    """The timeline strip of a briefing as an inline ``<svg>`` (empty Markup
    when no entry has a date).

    ``entries`` are the briefing's :class:`~briefings.model.TimelineEntry`
    (``start_date``/``end_date`` ISO days, ``event`` the label); entries on
    the same days share one mark. ``published`` is marked with a dashed line;
    entries after it or flagged ``upcoming`` are drawn hollow. ``links[i]``,
    when given, makes entry ``i``'s mark and label a link (an ``#anchor`` in
    the page, or a URL). ``width`` is the width the picture is drawn for, in
    CSS px: it shrinks to fit narrower boxes and never grows past it; for
    phones draw a second one about 360 wide (see :func:`responsive`).
    ``title`` names the picture for screen readers; its ``<desc>`` is
    :func:`timeline_strip_summary` with every event. ``id`` (default: from
    the content) prefixes the ids of the title and description. ``style``
    False leaves out the ``<style>`` element (the theme then includes
    :func:`style_sheet`). At most ``max_lanes`` rows of labels: a mark whose
    label fits in none keeps its dot, its tooltip and its place in the
    description.
    """
    marks = _marks(entries, published, links)
    if not marks:
        return Markup("")
    ident = make_id("strip", (_marks_key(marks), published, width, title), id)
    layout = _layout(marks, published, width, max_lanes)
    desc = timeline_strip_summary(entries, published, detail=True, shortened=layout.scale.warped)
    return document("strip", ident, width, layout.height, title, desc, layout.body, style)


def _marks_key(marks: Sequence[_Mark]) -> list:
    return [(m.start, m.end, [_event_text(e) for e in m.entries], m.href, m.upcoming) for m in marks]


def timeline_strip_summary(
    entries: Sequence[TimelineEntry],
    published: dt.date | None = None,
    *,
    detail: bool = False,
    shortened: bool | None = None,
) -> str:
    """The strip in words, for a caption or screen readers: how many events,
    from when to when, the publication day and how many events are still to
    come ("" when none has a date). ``detail`` adds every event with its date.
    ``shortened`` (default: as :func:`timeline_strip` would draw it at 680 px)
    says whether the picture shortens long gaps."""
    marks = _marks(entries, published, None)
    if not marks:
        return ""
    count = sum(len(m.entries) for m in marks)
    first, last = marks[0], max(marks, key=lambda m: m.end)
    noun = "event" if count == 1 else "events"
    if len(marks) == 1:
        text = f"Timeline of {count} dated {noun}: {first.when}"
    else:
        start = long_when(first.start, first.start if first.point else _unit_end(first.start, first.end))
        end = long_when(_unit_start(last.start, last.end), last.end)
        text = f"Timeline of {count} dated {noun}, from {start} to {end}"
    if published:
        text += f"; the briefing was published on {long_day(published)}"
    upcoming = sum(len(m.entries) for m in marks if m.upcoming)
    if upcoming:
        text += f", and {upcoming} {'event is' if upcoming == 1 else 'events are'} still to come"
    text += "."
    if shortened is None:
        shortened = _choose_scale(marks, published, 680).warped
    if shortened:
        text += " Long gaps between dates are shortened."
    if detail:
        items = [f"{m.when}: {_event_text(e)}" for m in marks for e in m.entries]
        text += " " + "; ".join(items) + "."
    return text


def _unit_end(start: dt.date, end: dt.date) -> dt.date:
    """The last day of the first unit (year, month or day) of a span."""
    unit = precision(start, end)
    if unit == "year":
        return dt.date(start.year, 12, 31)
    if unit == "month":
        return dt.date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])
    return start


def _unit_start(start: dt.date, end: dt.date) -> dt.date:
    """The first day of the last unit (year, month or day) of a span."""
    unit = precision(start, end)
    if unit == "year":
        return dt.date(end.year, 1, 1)
    if unit == "month":
        return dt.date(end.year, end.month, 1)
    return end


# -- layout ----------------------------------------------------------------------------------------


@dataclass
class _Layout:
    scale: TimeScale
    height: float
    body: str


def _moments(marks: Sequence[_Mark], published: dt.date | None) -> list[float]:
    moments = [t for m in marks for t in (m.t0, m.t1)]
    if published:
        moments.append(moment(published) + 0.5)
    return moments


def _choose_scale(marks: Sequence[_Mark], published: dt.date | None, width: float) -> TimeScale:
    """Linear when every two dates stand apart on it, else shortened gaps."""
    x0, x1 = MARGIN + INSET, width - MARGIN - INSET
    moments = _moments(marks, published)
    lo, hi = min(moments), max(moments)
    if hi - lo < 14:  # at least a fortnight, centred on the events
        middle = (lo + hi) / 2
        lo, hi = middle - 7, middle + 7
    else:
        pad = (hi - lo) * 0.02
        lo, hi = lo - pad, hi + pad
    scale = linear_scale(lo, hi, x0, x1)
    starts = sorted({m.t0 for m in marks} | ({moment(published) + 0.5} if published else set()))
    xs = [scale(t) for t in starts]
    if any(b - a < CROWDED for a, b in zip(xs, xs[1:])):
        return warped_scale(moments, x0, x1)
    return scale


def _bars(marks: Sequence[_Mark], scale: TimeScale) -> dict[int, tuple[float, float, int]]:
    """Each span's (left, right, row): spans packed into rows above the axis, first fit."""
    rows: list[float] = []
    out = {}
    for i in sorted((i for i, m in enumerate(marks) if not m.point), key=lambda i: (marks[i].t0, -marks[i].t1)):
        left, right = scale(marks[i].t0), scale(marks[i].t1)
        if right - left < MIN_BAR:
            middle = (left + right) / 2
            left, right = middle - MIN_BAR / 2, middle + MIN_BAR / 2
        for row, end in enumerate(rows):
            if end + 3 <= left:
                rows[row] = right
                break
        else:
            row = len(rows)
            rows.append(right)
        out[i] = (left, right, row)
    return out


def _lead(mark: int, marks, scale, bars) -> float:
    if marks[mark].point:
        return scale(marks[mark].t0)
    left, right, _ = bars[mark]
    return left + min(4.0, (right - left) / 2)


def _variants(mark: _Mark, width: float, room: float) -> list[str]:
    """The mark's event cut to fit three widths and the room up to the next
    mark, longest first, with its count of more events kept."""
    longest = min(width * 0.42, 300.0)
    text, more = _event_text(mark.entries[0]), mark.more
    out = []
    limits = sorted({longest, longest * 0.6, 120.0} | ({room} if 64 <= room < longest else set()), reverse=True)
    for limit in limits:
        variant = fit(text, limit - text_width(more, LABEL_SIZE), LABEL_SIZE)
        if variant and (" " in variant or not out):
            variant += more
            if variant not in out:
                out.append(variant)
    return out


def _labels(marks, scale, bars, width: float, max_lanes: int) -> list[Stacked]:
    leads = [_lead(i, marks, scale, bars) for i in range(len(marks))]
    items = []
    for i, mark in enumerate(marks):
        after = [x for x in leads if x > leads[i] + 1]
        room = (min(after) - leads[i] - 8) if after else width - MARGIN - leads[i]
        items.append((leads[i], _variants(mark, width, room)))
    return stack_labels(items, LABEL_SIZE, MARGIN, width - MARGIN, max_lanes)


def _layout(marks: Sequence[_Mark], published: dt.date | None, width: float, max_lanes: int) -> _Layout:
    scale = _choose_scale(marks, published, width)
    bars = _bars(marks, scale)
    labels = _labels(marks, scale, bars, width, max_lanes)
    lanes = max((label.lane + 1 for label in labels), default=0)
    rows = max((row + 1 for _, _, row in bars.values()), default=0)
    x_min, x_max = MARGIN, width - MARGIN

    top = 4.0
    axis = top + lanes * LANE + 10 + rows * ROW + DOT + 4
    tick_base = axis + 20
    now_base = tick_base + 18
    height = (now_base if published else tick_base) + 6

    def lane_base(lane: int) -> float:
        return top + (lanes - lane) * LANE - 5

    def bar_y(row: int) -> float:  # centre of a bar
        return axis - DOT - 6 - row * ROW

    parts: list[str] = []
    now_x = scale(moment(published) + 0.5) if published else None
    reserved: list[Box] = []
    if now_x is not None:
        parts.append(f'<line class="bp-now" {attrs(x1=now_x, x2=now_x, y1=top, y2=now_base - 13.0)}/>')
        reserved.append(Box(now_x - 2, -20, now_x + 2, 20))

    # The axis, with a break in each long, empty and much-shortened gap.
    breaks = _breaks(marks, scale, width) if scale.warped else []
    start = MARGIN
    for middle in breaks:
        parts.append(f'<line class="bp-axis" {attrs(x1=float(start), x2=middle - 4, y1=axis, y2=axis)}/>')
        for dx in (-4, 0):
            parts.append(
                f'<line class="bp-axis bp-break" '
                f'{attrs(x1=middle + dx - 1, x2=middle + dx + 3, y1=axis + 5, y2=axis - 5)}/>'
            )
        start = middle + 2
    parts.append(f'<line class="bp-axis" {attrs(x1=float(start), x2=float(x_max), y1=axis, y2=axis)}/>')

    # Ticks and their labels.
    ticks = _ticks(marks, scale, width, reserved)
    for tick in ticks:
        parts.append(f'<line class="bp-axis" {attrs(x1=tick.x, x2=tick.x, y1=axis, y2=axis + 5)}/>')
    for tick, (anchor, box) in zip(ticks, _tick_boxes(ticks, x_min, x_max)):
        parts.append(
            f'<text class="bp-muted bp-small" {attrs(x=anchor_x(anchor, box), y=tick_base, text_anchor=anchor)}>'
            f"{esc(tick.label)}</text>"
        )

    # The publication day, under the axis.
    if published is not None and now_x is not None:
        label = f"Published {short_when(published, published)}"
        kept = place_labels([(now_x, label, True)], TICK_SIZE, x_min, x_max)
        if kept:
            _, anchor, box = kept[0]
            parts.append(
                f'<text class="bp-accent bp-small bp-strong" '
                f'{attrs(x=anchor_x(anchor, box), y=now_base, text_anchor=anchor)}>{esc(label)}</text>'
            )

    # The marks, each with its label and leader: one link.
    parts = [hidden("".join(parts))]
    by_mark = {label.item: label for label in labels}
    for i, mark in enumerate(marks):
        shapes = []
        label = by_mark.get(i)
        if mark.point:
            x = scale(mark.t0)
            mark_top = axis - DOT
            shapes.append(f'<circle class="bp-dot" {attrs(cx=x, cy=axis, r=float(DOT))}/>')
        else:
            left, right, row = bars[i]
            y = bar_y(row)
            mark_top = y - 3
            shapes.append(
                f'<rect class="bp-span" {attrs(x=left, y=y - 3, width=right - left, height=6.0, rx=3.0)}/>'
            )
        if label is not None:
            base = lane_base(label.lane)
            shapes.insert(
                0, f'<line class="bp-leader" {attrs(x1=label.lead, x2=label.lead, y1=base + 4, y2=mark_top - 1)}/>'
            )
            shapes.append(f"<text {attrs(x=label.left, y=base)}>{esc(label.text)}</text>")
        hint = "; ".join(f"{mark.when}: {_event_text(e)}" for e in mark.entries)
        body = tooltip(hint) + "".join(shapes)
        group = f'<g class="bp-upcoming">{body}</g>' if mark.upcoming else body
        parts.append(link(mark.href, group, hint))
    return _Layout(scale, height, "".join(parts))


def _breaks(marks: Sequence[_Mark], scale: TimeScale, width: float) -> list[float]:
    pieces = list(scale.gaps())
    average = (pieces[-1][3] - pieces[0][2]) / max(1e-9, pieces[-1][1] - pieces[0][0])
    out = []
    for t0, t1, x0, x1 in pieces:
        days = t1 - t0
        if days < BREAK_DAYS or (x1 - x0) / days >= BREAK_SQUEEZE * average or x1 - x0 < 14:
            continue
        if any(m.t0 <= t0 and m.t1 >= t1 for m in marks):
            continue  # a span runs through it: its bar shows the gap's length
        out.append((x0 + x1) / 2)
    return out


def _ticks(marks: Sequence[_Mark], scale: TimeScale, width: float, reserved: list[Box]) -> list[Tick]:
    x_min, x_max = MARGIN, width - MARGIN
    if not scale.warped:
        return linear_ticks(scale, x_min, x_max, TICK_SIZE, reserved=reserved)
    # Shortened axis: the events' own dates, the first, the last and each new
    # year's first before the others.
    order: list[int] = [0, len(marks) - 1]
    order += [i for i in range(1, len(marks)) if marks[i].start.year != marks[i - 1].start.year]
    order += list(range(len(marks)))
    seen: set[int] = set()
    order = [i for i in order if not (i in seen or seen.add(i))]
    candidates = [(scale(marks[i].t0), short_when(marks[i].start, marks[i].end), False) for i in order]
    kept = place_labels(candidates, TICK_SIZE, x_min, x_max, gap=10, reserved=reserved)
    chosen = sorted((order[k] for k, _, _ in kept), key=lambda i: marks[i].t0)
    ticks = []
    for n, i in enumerate(chosen):
        mark = marks[i]
        # The year once: "22 Oct" after "Oct 1962".
        same_year = n and marks[chosen[n - 1]].start.year == mark.start.year
        ticks.append(Tick(scale(mark.t0), short_when(mark.start, mark.end, year=not same_year), mark.start))
    return ticks


def _tick_boxes(ticks: Sequence[Tick], x_min: float, x_max: float):
    return [label_box(t.x, 0.0, t.label, TICK_SIZE, x_min, x_max) for t in ticks]

