"""Calendar spans of TIMEX3 values: what days ``2021-W51`` or ``2021-SU`` cover.

Shared by the timeline (to date and order events) and the Markdown format (to
check an author's dates).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_QUARTERS = {f"Q{q}": (3 * q - 2, 3 * q) for q in range(1, 5)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}
_VALUE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})(?:-(?P<day>\d{2}))?|W(?P<week>\d{2})|(?P<part>SP|SU|FA|WI|Q[1-4]|H[12])))?(?:T.*)?$"
)


def value_span(value: str) -> tuple[str, str] | None:
    """First and last day (ISO) of a TIMEX3 date value, or None if it has none.

    A range ``2022-01/2022-02`` spans from the first day of its first value to
    the last day of its second.
    """
    first, slash, last = (value or "").partition("/")
    if slash:
        spans = value_span(first), value_span(last)
        return (spans[0][0], spans[1][1]) if None not in spans else None
    match = _VALUE.match(value or "")
    if not match:
        return None
    year = int(match["year"])
    try:
        if match["day"]:
            day = dt.date(year, int(match["month"]), int(match["day"]))
            return day.isoformat(), day.isoformat()
        if match["month"]:
            first, last = _months(year, int(match["month"]), int(match["month"]))
        elif match["week"]:
            monday = dt.date.fromisocalendar(year, int(match["week"]), 1)
            first, last = monday, monday + dt.timedelta(days=6)
        elif match["part"]:
            months = {**_SEASONS, **_QUARTERS, **_HALVES}[match["part"]]
            first, last = _months(year, *months)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None
    return first.isoformat(), last.isoformat()


def _months(year: int, first: int, last: int) -> tuple[dt.date, dt.date]:
    """First day of month ``first`` to last day of month ``last`` (13, 14 run into the next year)."""
    end_year, end_month = year + (last - 1) // 12, (last - 1) % 12 + 1
    return dt.date(year, first, 1), dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])


_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_PART_NAMES = {**_SEASON_NAMES, "Q1": "first quarter of", "Q2": "second quarter of", "Q3": "third quarter of",
               "Q4": "fourth quarter of", "H1": "first half of", "H2": "second half of"}


def describe(value: str, start_date: str | None = None, end_date: str | None = None) -> str:
    """A reader's wording of a date value: "7 December 2021", "summer 2021",
    "January 2022 to February 2022" for a range or a span that runs past its value."""
    first, slash, last = value.partition("/")
    if slash:
        return f"{_describe_value(first)} to {_describe_value(last)}"
    text = _describe_value(value)
    span = value_span(value)
    if span and end_date and end_date != span[1]:
        end = dt.date.fromisoformat(end_date)
        last_of_month = (end + dt.timedelta(days=1)).day == 1
        text += " to " + (end.strftime("%B %Y") if last_of_month else _day(end))
    return text


def _describe_value(value: str) -> str:
    match = _VALUE.match(value or "")
    if not match:
        return value
    year = match["year"]
    try:
        if match["day"]:
            return _day(dt.date(int(year), int(match["month"]), int(match["day"])))
        if match["month"]:
            return dt.date(int(year), int(match["month"]), 1).strftime("%B %Y")
        if match["week"]:
            return "week of " + _day(dt.date.fromisocalendar(int(year), int(match["week"]), 1))
    except ValueError:
        return value
    if match["part"]:
        return f"{_PART_NAMES[match['part']]} {year}"
    return year


def _day(date: dt.date) -> str:
    return f"{date.day} {date.strftime('%B %Y')}"
