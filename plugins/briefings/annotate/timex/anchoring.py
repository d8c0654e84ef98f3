"""Placing underspecified expressions on the calendar.

"March 3", "November", "the summer", "Thursday" leave the year (or the week)
open.  It comes from the anchor (the publication date) and the tense of the
governing clause; anaphoric expressions use the last date mentioned instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from briefings.annotate.timex.calendar import (
    add_months,
    fmt_day,
    fmt_month,
    month_day,
    season_of,
    season_span,
)
from briefings.annotate.timex.tense import FUTURE, NEAREST, PAST, PRESENT


@dataclass(frozen=True)
class Context:
    """What normalisation may use besides the expression itself."""

    anchor: dt.date | None = None
    tense: str | None = None
    #: value of the last specific date mentioned before the expression
    ref: str | None = None


#: what a normaliser returns: TIMEX3 (type, value), or None to reject the match
Result = tuple[str, str] | None


#: how much further a reading on the wrong side of the anchor for the tense counts
WRONG_SIDE_WEIGHT = 10
#: the present tense with a date is mostly a schedule ("the window opens in
#: September"): a reading behind the anchor counts this much further
PRESENT_WEIGHT = 5


def choose(options: list[tuple[str, dt.date, dt.date]], anchor: dt.date, tense: str | None) -> str:
    """Pick among candidate readings (value, first day, last day) of an expression.

    The nearest to ``anchor`` wins, but a reading on the wrong side for the
    tense ("said ... in March" is not next March) counts ten times its
    distance: tense decides unless the reading it wants is much further away
    than the other ("talks were set for Jan. 10", written on Dec. 29; but
    "changed ... in December", written on Oct. 27, is last December).  The
    present tense leans ahead ("the window opens in September", written in
    March, is this September, not last).
    """

    def cost(option):
        _, lo, hi = option
        if lo <= anchor <= hi:
            return 0
        d = (lo - anchor).days if lo > anchor else (hi - anchor).days
        if (tense == PAST and d > 0) or (tense == FUTURE and d < 0):
            return abs(d) * WRONG_SIDE_WEIGHT
        return abs(d) * (PRESENT_WEIGHT if tense == PRESENT and d < 0 else 1)

    return min(options, key=cost)[0]


def resolve_day(month: int, day: int, ctx: Context) -> str | None:
    """A month and day without a year: the year comes from anchor and tense."""
    if not 1 <= day <= 31:
        return None
    if ctx.anchor is None:
        return f"XXXX-{month:02d}-{day:02d}"
    options = []
    for year in range(ctx.anchor.year - 1, ctx.anchor.year + 2):
        d = month_day(year, month, day)
        if d:
            options.append((fmt_day(d), d, d))
    return choose(options, ctx.anchor, ctx.tense) if options else None


def resolve_month(month: int, ctx: Context, rel: str | None = None) -> str:
    if ctx.anchor is None:
        return f"XXXX-{month:02d}"
    year = ctx.anchor.year
    if rel in ("last", "past", "previous"):
        return f"{year - 1 if month >= ctx.anchor.month else year:04d}-{month:02d}"
    if rel in ("next", "coming"):
        return f"{year + 1 if month <= ctx.anchor.month else year:04d}-{month:02d}"
    if rel == "this":
        return f"{year:04d}-{month:02d}"
    options = []
    for y in (year - 1, year, year + 1):
        lo = dt.date(y, month, 1)
        options.append((fmt_month(lo), lo, add_months(lo, 1) - dt.timedelta(days=1)))
    return choose(options, ctx.anchor, ctx.tense)


def resolve_season(season: str, ctx: Context, rel: str | None) -> str:
    if ctx.anchor is None:
        return f"XXXX-{season}"
    cur_year, cur = season_of(ctx.anchor)
    if rel in ("this", "current"):
        year = cur_year if season == cur else ctx.anchor.year
        return f"{year:04d}-{season}"
    options = []
    for y in range(ctx.anchor.year - 2, ctx.anchor.year + 2):
        lo, hi = season_span(y, season)
        if rel in ("last", "past", "previous") and hi >= ctx.anchor:
            continue
        if rel in ("next", "coming") and lo <= ctx.anchor:
            continue
        options.append((f"{y:04d}-{season}", lo, hi))
    tense = PAST if rel in ("last", "past", "previous") else FUTURE if rel in ("next", "coming") else ctx.tense
    return choose(options, ctx.anchor, tense)


def resolve_weekday(weekday: int, ctx: Context, rel: str | None) -> str:
    """Weekdays fall within a week of the anchor, on the side the tense gives.

    News mostly reports what happened, so without a tense the last one wins;
    the present ("the law takes effect Monday") points ahead.
    """
    if ctx.anchor is None:
        return f"XXXX-WXX-{weekday + 1}"
    anchor = ctx.anchor
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if rel == "this":
        return fmt_day(anchor + dt.timedelta(days=weekday - anchor.weekday()))
    if rel in ("last", "past", "previous"):
        offset = -(back or 7)
    elif rel in ("next", "coming"):
        offset = ahead or 7
    elif ctx.tense in (FUTURE, PRESENT) or ctx.tense == NEAREST and ahead < back:
        offset = ahead
    else:
        offset = -back
    return fmt_day(anchor + dt.timedelta(days=offset))


def ref_date(ctx: Context) -> tuple[dt.date, str] | None:
    """The reference date and its granularity, from the last specific date."""
    ref = ctx.ref or ""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", ref):
        return dt.date(*map(int, m.groups())), "day"
    if m := re.fullmatch(r"(\d{4})-(\d\d)", ref):
        return dt.date(int(m[1]), int(m[2]), 1), "month"
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", ref):
        return dt.date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"
    if m := re.fullmatch(r"(\d{4})-Q(\d)", ref):
        return dt.date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"
    if m := re.fullmatch(r"(\d{4})(?:-\w+)?", ref):
        return dt.date(int(m[1]), 1, 1), "year"
    return None
