"""Date arithmetic for TIMEX3 values: shifting dates, formatting them at a
granularity (day, week, month, quarter, year, decade, century), seasons and
the dates of holidays."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: dt.date, n: int) -> dt.date:
    return add_months(d, 12 * n)


def fmt_day(d: dt.date) -> str:
    return d.isoformat()


def fmt_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def fmt_month(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def fmt_quarter(d: dt.date) -> str:
    return f"{d.year:04d}-Q{quarter_of(d)}"


def shift(d: dt.date, unit: str, n: int) -> dt.date:
    """``d`` moved by ``n`` units (day, week, month, quarter, year, decade, century)."""
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + dt.timedelta(weeks=n)
    if unit == "fortnight":
        return d + dt.timedelta(weeks=2 * n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
    return add_months(d, n * months[unit])


def at_granularity(d: dt.date, unit: str) -> str:
    """The TIMEX3 value of the ``unit`` containing ``d``."""
    if unit in ("day", "hour", "minute", "second", "night", "morning", "afternoon", "evening"):
        return fmt_day(d)
    if unit in ("week", "fortnight"):
        return fmt_week(d)
    if unit == "weekend":
        return fmt_week(d) + "-WE"
    if unit == "month":
        return fmt_month(d)
    if unit == "quarter":
        return fmt_quarter(d)
    if unit == "decade":
        return f"{d.year // 10:03d}"
    if unit == "century":
        return f"{d.year // 100:02d}"
    return f"{d.year:04d}"


UNKNOWN = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "fortnight": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}


def month_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def season_span(year: int, season: str) -> tuple[dt.date, dt.date]:
    """First and last day of a season; winter runs from December into the next year."""
    lo = dt.date(year, SEASON_START[season], 1)
    return lo, add_months(lo, 3) - dt.timedelta(days=1)


def season_of(d: dt.date) -> tuple[int, str]:
    """The (year, season) ``d`` falls in; January belongs to the previous winter."""
    if d.month < 3:
        return d.year - 1, "WI"
    return d.year, next(code for code, month in reversed(SEASON_START.items()) if month <= d.month)


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lw = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lw) // 451
    month, day = divmod(h + lw - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th (``-1``: last) ``weekday`` of a month."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


HOLIDAYS: dict[str, Callable[[int], dt.date]] = {
    r"Christmas\s+Eve": lambda y: dt.date(y, 12, 24),
    r"Christmas(?:\s+Day)?": lambda y: dt.date(y, 12, 25),
    r"Boxing\s+Day": lambda y: dt.date(y, 12, 26),
    r"New\s+Year['’]s\s+Eve": lambda y: dt.date(y, 12, 31),
    r"New\s+Year['’]s(?:\s+Day)?": lambda y: dt.date(y, 1, 1),
    r"Valentine['’]s\s+Day": lambda y: dt.date(y, 2, 14),
    r"St\.?\s+Patrick['’]s\s+Day": lambda y: dt.date(y, 3, 17),
    r"Good\s+Friday": lambda y: easter(y) - dt.timedelta(days=2),
    r"Easter(?:\s+Sunday)?": easter,
    r"Easter\s+Monday": lambda y: easter(y) + dt.timedelta(days=1),
    r"Juneteenth": lambda y: dt.date(y, 6, 19),
    r"Independence\s+Day|July\s+(?:4th|Fourth)|(?:the\s+)?Fourth\s+of\s+July": lambda y: dt.date(y, 7, 4),
    r"Halloween": lambda y: dt.date(y, 10, 31),
    r"Veterans\s+Day|Armistice\s+Day": lambda y: dt.date(y, 11, 11),
    r"Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day|MLK\s+Day": lambda y: nth_weekday(y, 1, 0, 3),
    r"Presidents['’]?\s+Day": lambda y: nth_weekday(y, 2, 0, 3),
    r"Mother['’]s\s+Day": lambda y: nth_weekday(y, 5, 6, 2),
    r"Memorial\s+Day": lambda y: nth_weekday(y, 5, 0, -1),
    r"Father['’]s\s+Day": lambda y: nth_weekday(y, 6, 6, 3),
    r"Labou?r\s+Day": lambda y: nth_weekday(y, 9, 0, 1),
    r"Columbus\s+Day": lambda y: nth_weekday(y, 10, 0, 2),
    r"Election\s+Day": lambda y: nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    r"Thanksgiving(?:\s+Day)?": lambda y: nth_weekday(y, 11, 3, 4),
}
_HOLIDAY_RES = [(re.compile(k + r"\Z"), f) for k, f in HOLIDAYS.items()]


def holiday_rule(name: str) -> Callable[[int], dt.date]:
    name = " ".join(name.split())
    return next(f for rx, f in _HOLIDAY_RES if rx.match(name))
