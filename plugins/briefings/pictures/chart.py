"""The chart of a topic over time: how many events (or briefings) fall in each
day, week, month or year, with the days that matter picked out.

The counts are aggregated before anything is drawn, into at most
:data:`MAX_BARS` bars, so twenty thousand briefings make a chart as small as
twenty.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ._svg import attrs, clean, document, esc, fit, hidden, link, make_id, stack_labels, text_width, tooltip
from ._time import (
    MONTH_NAMES,
    TimeScale,
    anchor_x,
    label_box,
    linear_ticks,
    long_day,
    parse_day,
    short_day,
)

BUCKETS = ("day", "week", "month", "year")
#: The finest bucket that makes at most this many bars is the automatic one.
MAX_BARS = 120
#: Fewer day bars than this and the range is widened around the data.
MIN_DAYS = 7
LABEL_SIZE = 12
MARGIN = 10
LANE = 16


def _bucket_of(day: dt.date, bucket: str) -> int:
    if bucket == "day":
        return day.toordinal()
    if bucket == "week":
        return day.toordinal() - day.weekday()
    if bucket == "month":
        return day.year * 12 + day.month - 1
    return day.year


def _start_of(key: int, bucket: str) -> dt.date:
    if bucket in ("day", "week"):
        return dt.date.fromordinal(key)
    if bucket == "month":
        return dt.date(key // 12, key % 12 + 1, 1)
    return dt.date(key, 1, 1)


def _next(key: int, bucket: str) -> int:
    return key + (7 if bucket == "week" else 1)


def _keys(first: dt.date, last: dt.date, bucket: str) -> list[int]:
    key, end = _bucket_of(first, bucket), _bucket_of(last, bucket)
    out = []
    while key <= end:
        out.append(key)
        key = _next(key, bucket)
    return out


def period_name(key: int, bucket: str) -> str:
    """A bar's period in words: "7 December 2021", "week of 20 December
    2021", "December 2021", "2021"."""
    start = _start_of(key, bucket)
    if bucket == "day":
        return long_day(start)
    if bucket == "week":
        return "week of " + long_day(start)
    if bucket == "month":
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    return str(start.year)


@dataclass
class _Data:
    bucket: str
    keys: list[int]
    counts: list[int]
    before: int
    after: int
    highlights: dict[int, list[dt.date]]  # bar index → days
    outside: list[dt.date]

    @property
    def total(self) -> int:
        return sum(self.counts)


def _day_counts(dates) -> Counter:
    counts: Counter = Counter()
    if isinstance(dates, Mapping):
        for day, count in dates.items():
            day = _as_day(day)
            if day is not None and count:
                counts[day] += int(count)
        return counts
    for day in dates:
        day = _as_day(day)
        if day is not None:
            counts[day] += 1
    return counts


def _as_day(value) -> dt.date | None:
    return parse_day(value)


def _aggregate(dates, highlights, bucket: str, start, end) -> _Data | None:
    counts = _day_counts(dates)
    marked = sorted({d for d in (_as_day(h) for h in highlights) if d is not None})
    days = list(counts) + marked
    if not days:
        return None
    first = _as_day(start) or min(days)
    last = _as_day(end) or max(days)
    if last < first:
        first, last = last, first
    if bucket == "auto":
        bucket = next((b for b in BUCKETS if len(_keys(first, last, b)) <= MAX_BARS), "year")
        if bucket == "day" and (last - first).days + 1 < MIN_DAYS and start is None and end is None:
            extra = MIN_DAYS - ((last - first).days + 1)
            first -= dt.timedelta(days=extra // 2)
            last += dt.timedelta(days=extra - extra // 2)
    elif bucket not in BUCKETS:
        raise ValueError(f"bucket must be 'auto' or one of {', '.join(BUCKETS)}, not {bucket!r}")
    keys = _keys(first, last, bucket)
    index = {key: i for i, key in enumerate(keys)}
    bars = [0] * len(keys)
    before = after = 0
    for day, count in counts.items():
        if day < first:
            before += count
        elif day > last:
            after += count
        else:
            bars[index[_bucket_of(day, bucket)]] += count
    lit: dict[int, list[dt.date]] = {}
    outside = []
    for day in marked:
        if first <= day <= last:
            lit.setdefault(index[_bucket_of(day, bucket)], []).append(day)
        else:
            outside.append(day)
    return _Data(bucket, keys, bars, before, after, lit, outside)


def _days_label(days: list[dt.date], year: bool = True) -> str:
    """"7 Dec 2021", or for several days in one bar "20–25 Apr 2010", "28 Apr–3 May 2010"."""
    first, last = days[0], days[-1]
    if first == last:
        return short_day(first, year)
    end = short_day(last, year)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{end}"
    if first.year == last.year:
        return f"{short_day(first, False)}\u2013{end}"
    return f"{short_day(first)}\u2013{short_day(last)}"


def _nice_step(top: int, ticks: int = 4) -> int:
    raw = max(1.0, top / ticks)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)


def events_chart(
    dates: Iterable[dt.date | str] | Mapping[dt.date | str, int],
    highlights: Iterable[dt.date | str] = (),
    *,
    links: Mapping[dt.date, str] | None = None,
    notes: Mapping[dt.date, str] | None = None,
    bucket: str = "auto",
    start: dt.date | None = None,
    end: dt.date | None = None,
    unit: tuple[str, str] = ("briefing", "briefings"),
    width: int = 680,
    title: str = "Briefings over time",
    id: str | None = None,
    style: bool = True,
    max_lanes: int = 4,
) -> Markup:
    """A bar chart of counts over time as an inline ``<svg>`` (empty Markup
    when there is nothing to count).

    ``dates`` are one day per event (each briefing's publication day, or each
    day the briefings refer to), or a mapping day → count. They are counted
    per ``bucket``: "day", "week" (from Monday), "month", "year", or "auto"
    (the finest that gives at most :data:`MAX_BARS` bars). ``highlights``
    are the days that matter (a topic timeline's dates): their bars are
    coloured and marked, each with its date as label, a link to
    ``links[day]`` when given and ``notes[day]`` (say, the day's summary) in
    its tooltip and the description. The chart runs from ``start`` to ``end``
    (default: the first and last of the dates and highlights); what falls
    outside is counted in the description. ``unit`` is the (singular,
    plural) noun counted. ``width``, ``title``, ``id``, ``style``: as for
    :func:`~briefings.pictures.timeline_strip`.
    """
    data = _aggregate(dates, highlights, bucket, start, end)
    if data is None:
        return Markup("")
    links = {_as_day(k): v for k, v in (links or {}).items()}
    notes = {_as_day(k): v for k, v in (notes or {}).items()}
    summary = _summary(data, unit, notes, detail=True)
    ident = make_id("chart", (data.bucket, data.keys[0], data.counts, sorted(data.highlights.items()), width, title,
                              sorted(links.items(), key=str), sorted(notes.items(), key=str)), id)
    height, body = _draw(data, width, unit, links, notes, max_lanes)
    return document("chart", ident, width, height, title, summary, body, style)


def events_chart_summary(
    dates: Iterable[dt.date | str] | Mapping[dt.date | str, int],
    highlights: Iterable[dt.date | str] = (),
    *,
    notes: Mapping[dt.date, str] | None = None,
    bucket: str = "auto",
    start: dt.date | None = None,
    end: dt.date | None = None,
    unit: tuple[str, str] = ("briefing", "briefings"),
    detail: bool = False,
) -> str:
    """The chart in words: the period counted, the total, the busiest
    periods and the days that matter ("" when there is nothing to count);
    ``detail`` adds each day's note."""
    data = _aggregate(dates, highlights, bucket, start, end)
    if data is None:
        return ""
    return _summary(data, unit, {_as_day(k): v for k, v in (notes or {}).items()}, detail)


def _count(n: int, unit: tuple[str, str]) -> str:
    return f"{n:,} {unit[0] if n == 1 else unit[1]}"


def _summary(data: _Data, unit, notes, detail: bool) -> str:
    first, last = data.keys[0], data.keys[-1]
    per = {"day": "day", "week": "week", "month": "month", "year": "year"}[data.bucket]
    text = (
        f"{unit[1].capitalize()} per {per}, from {period_name(first, data.bucket)} to "
        f"{period_name(last, data.bucket)}: {_count(data.total, unit)} in all"
    )
    busiest = sorted((i for i, c in enumerate(data.counts) if c), key=lambda i: (-data.counts[i], i))[:3]
    if busiest:
        text += "; the most in " + ", ".join(
            f"{period_name(data.keys[i], data.bucket)} ({data.counts[i]:,})" for i in busiest
        )
    text += "."
    if data.before or data.after:
        parts = []
        if data.before:
            parts.append(f"{_count(data.before, unit)} before")
        if data.after:
            parts.append(f"{_count(data.after, unit)} after")
        text += " Not shown: " + " and ".join(parts) + "."
    days = sorted(d for ds in data.highlights.values() for d in ds)
    if days:
        text += " Days that matter, marked: " + ", ".join(long_day(d) for d in days) + "."
    if data.outside:
        text += " Outside the chart: " + ", ".join(long_day(d) for d in data.outside) + "."
    if detail:
        noted = [f"{long_day(d)}: {clean(notes[d])}" for d in days + data.outside if notes.get(d)]
        if noted:
            text += " " + " ".join(n if n.endswith((".", "!", "?")) else n + "." for n in noted)
    return text


def _draw(data: _Data, width: int, unit, links, notes, max_lanes: int) -> tuple[float, str]:
    top_count = max(data.counts) if data.counts else 0
    step = _nice_step(max(top_count, 1))
    y_top = max(step, math.ceil(top_count / step) * step)
    grid = list(range(0, y_top + 1, step))
    label_w = max(text_width(f"{g:,}", LABEL_SIZE) for g in grid)
    plot_left = MARGIN + label_w + 6
    plot_right = width - MARGIN
    slot = (plot_right - plot_left) / len(data.keys)
    if slot > 48:  # few bars: keep them narrow, and centred
        extra = (slot - 48) * len(data.keys)
        plot_left, plot_right, slot = plot_left + extra / 2, plot_right - extra / 2, 48.0
    gap = 0.0 if slot < 2.5 else max(0.5, min(3.0, slot * 0.18))

    # Labels of the days that matter, in lanes above the plot.
    spots = sorted(data.highlights)
    items = []
    for i in spots:
        days = data.highlights[i]
        items.append((plot_left + (i + 0.5) * slot, [_days_label(days), _days_label(days, year=False)]))
    stacked = stack_labels(items, LABEL_SIZE, MARGIN, width - MARGIN, max_lanes, bold=True)
    lanes = max((s.lane + 1 for s in stacked), default=0)

    head = 16.0  # the line naming what is counted
    plot_top = head + 8 + lanes * LANE + (10 if spots else 0)
    plot_h = 150.0 if width >= 560 else 120.0
    base = plot_top + plot_h
    tick_base = base + 18
    height = tick_base + 6

    def y_of(count: float) -> float:
        return base - plot_h * count / y_top

    parts = [
        f'<text class="bp-muted bp-small bp-strong" {attrs(x=float(MARGIN), y=12.0)}>'
        f"{esc(fit(unit[1].capitalize() + ' per ' + data.bucket, width - 2 * MARGIN, LABEL_SIZE, True))}</text>"
    ]
    for g in grid:
        y = y_of(g)
        kind = "bp-axis" if g == 0 else "bp-grid"
        parts.append(f'<line class="{kind}" {attrs(x1=plot_left, x2=plot_right, y1=y, y2=y)}/>')
        parts.append(
            f'<text class="bp-muted bp-small" {attrs(x=plot_left - 6, y=y + 4, text_anchor="end")}>{g:,}</text>'
        )

    # Bars: one path for the plain ones, one for the marked ones, and a tooltip rectangle each.
    plain, lit = [], []
    for i, count in enumerate(data.counts):
        if not count:
            continue
        x, y = plot_left + i * slot + gap / 2, y_of(count)
        (lit if i in data.highlights else plain).append(f"M{x:.1f} {base:.1f}V{y:.1f}h{slot - gap:.1f}V{base:.1f}z")
    if plain:
        parts.append(f'<path class="bp-bar" d="{"".join(plain)}"/>')
    if lit:
        parts.append(f'<path class="bp-bar-hi" d="{"".join(lit)}"/>')
    for i, count in enumerate(data.counts):
        if count:
            x = plot_left + i * slot
            parts.append(
                f'<rect fill="transparent" {attrs(x=x, y=plot_top, width=slot, height=plot_h)}>'
                f"{tooltip(f'{period_name(data.keys[i], data.bucket)}: {_count(count, unit)}')}</rect>"
            )

    # Axis ticks: a time scale through the bars' edges.
    ts = [float(_start_of(k, data.bucket).toordinal()) for k in data.keys]
    ts.append(float(_start_of(_next(data.keys[-1], data.bucket), data.bucket).toordinal())
              if data.keys[-1] < (9999 if data.bucket == "year" else 9999 * 12 + 11) else ts[-1] + 1)
    xs = [plot_left + i * slot for i in range(len(ts))]
    scale = TimeScale(ts, xs)
    for tick in linear_ticks(scale, MARGIN, width - MARGIN, LABEL_SIZE):
        anchor, box = label_box(tick.x, 0.0, tick.label, LABEL_SIZE, MARGIN, width - MARGIN)
        parts.append(f'<line class="bp-axis" {attrs(x1=tick.x, x2=tick.x, y1=base, y2=base + 4)}/>')
        parts.append(
            f'<text class="bp-muted bp-small" {attrs(x=anchor_x(anchor, box), y=tick_base, text_anchor=anchor)}>'
            f"{esc(tick.label)}</text>"
        )

    # The days that matter: a marker over the bar, the date above it, a link.
    parts = [hidden("".join(parts))]
    by_item = {s.item: s for s in stacked}
    for n, i in enumerate(spots):
        days = data.highlights[i]
        x = plot_left + (i + 0.5) * slot
        y = y_of(data.counts[i]) - 4
        hint = "; ".join(
            f"{long_day(d)}" + (f": {clean(notes[d])}" if notes.get(d) else "") for d in days
        ) + f" ({_count(data.counts[i], unit)} in the {data.bucket})"
        shapes = [f'<path class="bp-accent" d="M{x - 4:.1f} {y - 6:.1f}h8l-4 6z"/>']
        label = by_item.get(n)
        if label is not None:
            lane_base = head + 8 + (lanes - label.lane) * LANE - 4
            shapes.insert(0, f'<line class="bp-leader" {attrs(x1=x, x2=x, y1=lane_base + 4, y2=y - 7)}/>')
            shapes.append(
                f'<text class="bp-accent bp-small bp-strong" {attrs(x=label.left, y=lane_base)}>'
                f"{esc(label.text)}</text>"
            )
        href = next((links[d] for d in days if links.get(d)), None)
        parts.append(link(href, tooltip(hint) + "".join(shapes), hint))
    return height, "".join(parts)

