"""Time on a horizontal axis: dates as numbers, scales, ticks and their labels.

A moment is a float count of days (``date.toordinal()``, a day's noon being
``ordinal + 0.5``).  A :class:`TimeScale` maps moments to x coordinates,
either linearly or piecewise, with long empty gaps shortened (see
:func:`warped_scale`).  Tick labels are short and concise ("Oct", "2022",
"7 Dec") in the way news graphics write them.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ._svg import Box, text_box, text_width

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = tuple(calendar.month_name[1:])


def parse_day(value: object) -> dt.date | None:
    """A date from a date or an ISO ``YYYY-MM-DD`` string (a time part is ignored), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def moment(day: dt.date) -> float:
    return float(day.toordinal())


def day_of(t: float) -> dt.date:
    return dt.date.fromordinal(max(1, min(dt.date.max.toordinal(), int(math.floor(t)))))


# -- wording ---------------------------------------------------------------------------------------


def short_day(day: dt.date, year: bool = True) -> str:
    """"22 Oct 1962" (or "22 Oct")."""
    return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def long_day(day: dt.date) -> str:
    """"22 October 1962"."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def _month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).day == 1


def precision(start: dt.date, end: dt.date) -> str:
    """"year", "month" or "day": the calendar unit a span of days is made of."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return "year"
    if start.day == 1 and _month_end(end):
        return "month"
    return "day"


def short_when(start: dt.date, end: dt.date, year: bool = True) -> str:
    """A span's start as an axis writes it: "1962", "Oct 1962", "22 Oct 1962"."""
    unit = precision(start, end)
    if unit == "year":
        return str(start.year)
    if unit == "month":
        return MONTHS[start.month - 1] + (f" {start.year}" if year else "")
    return short_day(start, year)


def long_when(start: dt.date, end: dt.date) -> str:
    """A span in words: "1962", "1991 to 2021", "October 1962", "January to
    February 2022", "22 October 1962", "20 to 26 December 2021"."""
    unit = precision(start, end)
    if unit == "year":
        return str(start.year) if start.year == end.year else f"{start.year} to {end.year}"
    if unit == "month":
        first = f"{MONTH_NAMES[start.month - 1]} {start.year}"
        if (start.year, start.month) == (end.year, end.month):
            return first
        if start.year == end.year:
            return f"{MONTH_NAMES[start.month - 1]} to {MONTH_NAMES[end.month - 1]} {end.year}"
        return f"{first} to {MONTH_NAMES[end.month - 1]} {end.year}"
    if start == end:
        return long_day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.day} {MONTH_NAMES[end.month - 1]} {end.year}"
    return f"{long_day(start)} to {long_day(end)}"


# -- scales ----------------------------------------------------------------------------------------


@dataclass
class TimeScale:
    """A piecewise-linear map from moments (``ts``, increasing) to x (``xs``)."""

    ts: list[float]
    xs: list[float]
    warped: bool = False

    def __call__(self, t: float) -> float:
        ts, xs = self.ts, self.xs
        if t <= ts[0]:
            return xs[0] + (t - ts[0]) * self._rate(0)
        if t >= ts[-1]:
            return xs[-1] + (t - ts[-1]) * self._rate(len(ts) - 2)
        i = bisect.bisect_right(ts, t) - 1
        return xs[i] + (t - ts[i]) * self._rate(i)

    def _rate(self, i: int) -> float:
        i = max(0, min(i, len(self.ts) - 2))
        span = self.ts[i + 1] - self.ts[i]
        return (self.xs[i + 1] - self.xs[i]) / span if span else 0.0

    @property
    def start(self) -> float:
        return self.ts[0]

    @property
    def end(self) -> float:
        return self.ts[-1]

    def gaps(self) -> Iterable[tuple[float, float, float, float]]:
        """(t0, t1, x0, x1) of each piece."""
        for i in range(len(self.ts) - 1):
            yield self.ts[i], self.ts[i + 1], self.xs[i], self.xs[i + 1]


def linear_scale(t0: float, t1: float, x0: float, x1: float) -> TimeScale:
    if t1 <= t0:
        t1 = t0 + 1
    return TimeScale([t0, t1], [x0, x1])


#: Added to every gap of a shortened axis, so that the dates of a cluster stand apart.
STEP = 1.5


def warped_scale(moments: Iterable[float], x0: float, x1: float) -> TimeScale:
    """A scale through ``moments`` where each gap between neighbours is
    drawn ``log(1 + days)`` wide: a day's gap stays visible next to a
    century's, the order and the clusters of events read at a glance, and the
    axis labels say what is shortened."""
    ts = sorted(set(moments))
    if len(ts) == 1:
        return linear_scale(ts[0] - 1, ts[0] + 1, x0, x1)
    widths = [math.log1p(b - a) + STEP for a, b in zip(ts, ts[1:])]
    total = sum(widths)
    xs = [x0]
    for width in widths:
        xs.append(xs[-1] + (x1 - x0) * width / total)
    return TimeScale(ts, xs, warped=True)


# -- calendar ticks --------------------------------------------------------------------------------

#: Tick levels, coarsest first: (unit, step).
LEVELS = (
    [("year", step) for step in (1000, 500, 200, 100, 50, 20, 10, 5, 2, 1)]
    + [("month", 6), ("month", 3), ("month", 1), ("day", 14), ("day", 7), ("day", 2), ("day", 1)]
)


def calendar_ticks(unit: str, step: int, first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates from ``first`` to ``last`` a level marks: years divisible by
    ``step``; months every ``step`` from January; the 1st and 15th (step 14),
    Mondays (step 7), or every ``step`` days from the 1st."""
    out: list[dt.date] = []
    if unit == "year":
        year = first.year if first == dt.date(first.year, 1, 1) else first.year + 1
        year = -(-year // step) * step
        while year <= last.year and year <= 9999:
            out.append(dt.date(year, 1, 1))
            year += step
        return out
    if unit == "month":
        year, month = first.year, first.month
        if first.day != 1:
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        while (year, month) <= (last.year, last.month):
            if (month - 1) % step == 0:
                out.append(dt.date(year, month, 1))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    day = first
    while day <= last:
        if step == 14:
            if day.day in (1, 15):
                out.append(day)
        elif step == 7:
            if day.weekday() == 0:
                out.append(day)
        elif step == 1 or ((day.day - 1) % step == 0 and day.day < 30):  # not the 31st next to the 1st
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def concise_labels(unit: str, days: Sequence[dt.date]) -> list[str]:
    """Labels of one level's ticks: the year on the first tick and where it
    changes, the month where it changes ("Oct", "2022", "Feb"; "8 Nov 2021",
    "15", "22", "1 Dec")."""
    labels = []
    for i, day in enumerate(days):
        before = days[i - 1] if i else None
        if unit == "year":
            labels.append(str(day.year))
        elif unit == "month":
            if before is None:
                labels.append(f"{MONTHS[day.month - 1]} {day.year}" if day.month != 1 else str(day.year))
            elif day.year != before.year:
                labels.append(str(day.year))
            else:
                labels.append(MONTHS[day.month - 1])
        else:
            if before is None:
                labels.append(short_day(day))
            elif day.year != before.year:
                labels.append(short_day(day))
            elif day.month != before.month:
                labels.append(short_day(day, year=False))
            else:
                labels.append(str(day.day))
    return labels


@dataclass
class Tick:
    x: float
    label: str
    day: dt.date
    strong: bool = False


def linear_ticks(
    scale: TimeScale,
    x_min: float,
    x_max: float,
    size: float,
    gap: float = 12.0,
    reserved: Sequence[Box] = (),
    spacing: float = 64.0,
) -> list[Tick]:
    """The finest calendar level with at most one tick per ``spacing`` px
    whose every label fits between ``x_min`` and ``x_max`` without touching
    another (or a ``reserved`` box); a level with a single tick only when no
    level has two."""
    first, last = day_of(scale.start), day_of(scale.end)
    most = max(3, int((x_max - x_min) // spacing))
    best: list[Tick] = []
    for unit, step in LEVELS:
        days = calendar_ticks(unit, step, first, last)
        at_noon = unit == "day"
        days = [d for d in days if scale.start <= moment(d) + (0.5 if at_noon else 0) <= scale.end]
        if not days:
            continue
        if len(days) > most:
            if best:
                break
            continue
        labels = concise_labels(unit, days)
        ticks = [Tick(scale(moment(d) + (0.5 if at_noon else 0)), label, d) for d, label in zip(days, labels)]
        if not _all_fit(ticks, x_min, x_max, size, gap, reserved):
            if len(best) > 1:
                break
            continue
        if len(ticks) > 1 or not best:
            best = ticks
    return best


def _all_fit(ticks: Sequence[Tick], x_min: float, x_max: float, size: float, gap: float, reserved) -> bool:
    boxes: list[Box] = list(reserved)
    for tick in ticks:
        box = label_box(tick.x, 0.0, tick.label, size, x_min, x_max)[1]
        if box is None or any(box.overlaps(other, gap) for other in boxes):
            return False
        boxes.append(box)
    return True


def label_box(x: float, baseline: float, label: str, size: float, x_min: float, x_max: float, bold: bool = False):
    """(anchor, box) of a label centred under ``x``, moved in to stay between
    ``x_min`` and ``x_max``; box None when it cannot fit at all."""
    width = text_width(label, size, bold)
    if width > x_max - x_min:
        return "middle", None
    if x - width / 2 < x_min:
        return "start", text_box(x_min, baseline, width, size, "start")
    if x + width / 2 > x_max:
        return "end", text_box(x_max, baseline, width, size, "end")
    return "middle", text_box(x, baseline, width, size, "middle")


def place_labels(
    candidates: Sequence[tuple[float, str, bool]],
    size: float,
    x_min: float,
    x_max: float,
    gap: float = 10.0,
    reserved: Sequence[Box] = (),
) -> list[tuple[int, str, Box]]:
    """Greedy placement on one line: candidates (x, label, bold) in order of
    importance; each is kept if its box touches no kept one. Returns (index,
    anchor, box) of the kept ones."""
    kept: list[tuple[int, str, Box]] = []
    boxes = list(reserved)
    for i, (x, label, bold) in enumerate(candidates):
        anchor, box = label_box(x, 0.0, label, size, x_min, x_max, bold)
        if box is None or any(box.overlaps(other, gap) for other in boxes):
            continue
        kept.append((i, anchor, box))
        boxes.append(box)
    return kept


def anchor_x(anchor: str, box: Box) -> float:
    return {"start": box.left, "middle": (box.left + box.right) / 2, "end": box.right}[anchor]
