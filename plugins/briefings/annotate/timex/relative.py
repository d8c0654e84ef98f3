"""Normalisers for expressions relative to the publication date or to the last
date mentioned: "last week", "that day", "two years ago", "the third
quarter", "recently"."""

from __future__ import annotations

import datetime as dt
import re

from briefings.annotate.timex.amounts import duration_value, parse_number, unit_name
from briefings.annotate.timex.anchoring import Context, Result, choose, ref_date, resolve_day
from briefings.annotate.timex.calendar import (
    UNKNOWN,
    add_months,
    add_years,
    at_granularity,
    fmt_day,
    fmt_month,
    fmt_quarter,
    month_day,
    shift,
)
from briefings.annotate.timex.tense import PAST
from briefings.annotate.timex.vocabulary import DAY_PARTS, ORDINALS, P, group_text, month_of

_REL_OFFSET = {
    "this": 0,
    "current": 0,
    "the current": 0,
    "the full": 0,
    "the": 0,
    "last": -1,
    "past": -1,
    "previous": -1,
    "the previous": -1,
    "the preceding": -1,
    "the prior": -1,
    "next": 1,
    "coming": 1,
    "the coming": 1,
    "the next": 1,
    "the past": -1,
    "the last": -1,
    "the following": 1,
}


def r_relative(m: re.Match, ctx: Context) -> Result:
    """'last week', 'earlier this month', 'next year', 'the end of the year';
    'the past decade' is the ten years up to now (a duration), 'the last
    decade' the decade before this one."""
    unit = unit_name(group_text(m, "unit").replace("fiscal ", ""))
    rel = group_text(m, "rel") or "this"
    if rel in ("past", "the past") and unit in ("decade", "century") and not group_text(m, "mod"):
        return "DURATION", duration_value(1, unit)
    offset = _REL_OFFSET[rel]
    if ctx.anchor is None:
        return "DATE", UNKNOWN[unit]
    return "DATE", at_granularity(shift(ctx.anchor, unit, offset), unit)


def r_anaphoric(m: re.Match, ctx: Context) -> Result:
    """'that day', 'the following week', 'later that year': relative to the last date.

    A day after a coarser reference ("in October 1998 ... that same day")
    keeps what the reference knows and leaves the rest unknown: 1998-10-XX.
    """
    unit = unit_name(group_text(m, "unit"))
    offset = _REL_OFFSET.get(group_text(m, "rel"), 0)
    base = ref_date(ctx)
    if base is None:
        if ctx.anchor is None:
            return "DATE", UNKNOWN.get(unit, "XXXX-XX-XX")
        base = (ctx.anchor, "day")
    if unit in ("day", *DAY_PARTS) and base[1] in ("month", "year"):
        known = fmt_month(base[0]) if base[1] == "month" else f"{base[0].year:04d}-XX"
        return ("DATE", f"{known}-XX") if unit == "day" else ("TIME", f"{known}-XXT{DAY_PARTS[unit]}")
    if unit in DAY_PARTS:
        return "TIME", f"{fmt_day(shift(base[0], 'day', offset))}T{DAY_PARTS[unit]}"
    return "DATE", at_granularity(shift(base[0], unit, offset), unit)


def r_unit_before(m: re.Match, ctx: Context) -> Result:
    """'the month before', 'the year after', 'the day earlier': the unit next to
    the last date mentioned (the publication date if none)."""
    unit = unit_name(group_text(m, "unit"))
    base = ref_date(ctx) or ((ctx.anchor, "day") if ctx.anchor else None)
    if base is None:
        return "DATE", UNKNOWN[unit]
    step = -1 if group_text(m, "dir") in ("before", "earlier") else 1
    if unit == "day" and base[1] != "day":
        return None
    return "DATE", at_granularity(shift(base[0], unit, step), unit)


def r_ago(m: re.Match, ctx: Context) -> Result:
    """'30 years ago', 'two weeks earlier', 'a year ago' (the quarter a year before
    when the last date was a quarter), 'several years ago' -> PAST_REF."""
    unit = unit_name(m.group("unit"))
    direction = group_text(m, "dir")
    amount = parse_number(m.group("num")) if m.group("num") else None
    forward = direction in ("later", "from now", "from today", "hence", "after")
    if amount is None or amount != int(amount):
        return "DATE", "FUTURE_REF" if forward else "PAST_REF"
    base_ref = ref_date(ctx) if direction in ("earlier", "later") else None
    ref_quarter = ref_date(ctx) if unit == "year" and amount == 1 else None
    if ref_quarter and ref_quarter[1] == "quarter":
        return "DATE", fmt_quarter(add_years(ref_quarter[0], -1 if not forward else 1))
    base = base_ref[0] if base_ref else ctx.anchor
    if base is None:
        return "DATE", UNKNOWN.get(unit, "XXXX-XX-XX")
    n = int(amount) * (1 if forward else -1)
    if unit in ("hour", "minute", "second"):
        return "DATE", fmt_day(base)
    try:
        moved = shift(base, unit, n)
    except (ValueError, OverflowError):  # off the calendar: "6,000 years ago"
        return "DATE", "FUTURE_REF" if forward else "PAST_REF"
    return "DATE", at_granularity(moved, unit)


def r_year_ago_adj(m: re.Match, ctx: Context) -> Result:
    """'year-earlier', 'year-ago' used as adjectives: a year before the reference."""
    ref = ref_date(ctx)
    if ref and ref[1] == "quarter":
        return "DATE", fmt_quarter(add_years(ref[0], -1))
    if ctx.anchor is None:
        return "DATE", "XXXX"
    return "DATE", f"{ctx.anchor.year - 1:04d}"


def r_quarter(m: re.Match, ctx: Context) -> Result:
    """'the third quarter', 'fourth-quarter', 'the first half of 2021', 'the latest quarter',
    'the quarter a year ago' (the same quarter a year before)."""
    kind = group_text(m, "qu")
    adjs = group_text(m, "adjs") or ""
    pre = group_text(m, "pre") or ""
    ordinal = group_text(m, "ord")
    letter, size = ("H", 6) if kind == "half" else ("Q", 3)
    n = ORDINALS.get(ordinal) if ordinal else None
    if kind == "half" and ordinal in ("last", "final"):
        n = 2
    if kind == "half" and n not in (1, 2):
        return None
    year = int(m.group("year") or m.group("pyear") or 0) or None
    if qrel := group_text(m, "qrel"):
        year = _relative_year(qrel, ctx)
        if year is None:
            return "DATE", f"XXXX-{letter}{ORDINALS[ordinal] if ordinal else 'X'}"
    if ordinal in ("last", "final") and kind == "quarter" and not year and "year" not in pre and ctx.anchor:
        return "DATE", fmt_quarter(add_months(ctx.anchor, -3))
    if year is None and "year" in pre and ctx.anchor:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[pre.split()[0]]
    year_ago = bool(re.search(r"year-(?:ago|earlier)|prior-year", adjs) or m.group("ago"))
    if n and not year and ctx.anchor and re.search(r"(?i)\bfiscal\b", m.group(0)):
        # a fiscal quarter does not follow the calendar's: it is numbered in the
        # year it is reported in ("the fiscal first quarter", reported in October)
        year = ctx.anchor.year - year_ago
    if n and year:
        return "DATE", f"{year:04d}-{letter}{n}"
    if n:
        if ctx.anchor is None:
            return "DATE", f"XXXX-{letter}{n}"
        options = []
        for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1):
            lo = dt.date(y, size * (n - 1) + 1, 1)
            options.append((f"{y - year_ago:04d}-{letter}{n}", lo, add_months(lo, size) - dt.timedelta(days=1)))
        # quarters are reported after they end, so tense says little: nearest;
        # but what a past clause tells has not happened in a quarter still to begin
        return "DATE", choose(options, ctx.anchor, PAST if ctx.tense == PAST else None)
    if kind == "half":
        return None
    if (closing := _closing_day(m, ctx)) and kind == "quarter" and not (year_ago or year is not None):
        return "DATE", fmt_quarter(closing - dt.timedelta(days=45))
    # no ordinal: the quarter being talked about, or the one just ended
    ref = ref_date(ctx)
    if "current" in adjs and ctx.anchor:
        base = ctx.anchor
    elif ref and ref[1] == "quarter":
        base = ref[0]
    elif ctx.anchor:
        base = add_months(ctx.anchor, -3)
    else:
        return "DATE", "XXXX-QX"
    if year_ago or year is not None:
        base = add_years(base, -1) if year is None else dt.date(year, base.month, 1)
    return "DATE", fmt_quarter(base)


_CLOSING = re.compile(rf"\s+(?:ended|ending)\s+{P['MONTH_D']}\s+{P['DAY']}(?:,?\s+{P['YEAR']})?")


def _closing_day(m: re.Match, ctx: Context) -> dt.date | None:
    """The day a reporting period closes on, when one follows it: "the quarter
    ended July 31" (the calendar quarter it mostly falls in is its value)."""
    after = _CLOSING.match(m.string, m.end())
    if after is None:
        return None
    month, day = month_of(after), int(after.group("day"))
    if after.group("year"):
        return month_day(int(after.group("year")), month, day)
    value = resolve_day(month, day, Context(ctx.anchor, PAST, ctx.ref)) if ctx.anchor else None
    return dt.date.fromisoformat(value) if value else None


def _relative_year(words: str, ctx: Context) -> int | None:
    """The year of "last year", "this year", "the previous year", "the same year":
    from the publication date, or from the last date mentioned for the anaphoric ones."""
    words = words.removesuffix(" year")
    if words in ("the previous", "the same", "the following"):
        ref = ref_date(ctx)
        if ref:
            return ref[0].year + {"the previous": -1, "the same": 0, "the following": 1}[words]
    if ctx.anchor is None:
        return None
    return ctx.anchor.year + {"last": -1, "next": 1, "the previous": -1, "the following": 1}.get(words, 0)


def r_quarter_code(m: re.Match, ctx: Context) -> Result:
    """'Q3 2012', 'H1', 'Q4': a quarter or half written as analysts do; without
    a year, the nearest one to the publication date."""
    code = m.group("code")
    if m.group("year"):
        return "DATE", f"{m.group('year')}-{code}"
    if ctx.anchor is None:
        return "DATE", f"XXXX-{code}"
    size, n = (6, int(code[1])) if code[0] == "H" else (3, int(code[1]))
    options = []
    for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1):
        lo = dt.date(y, size * (n - 1) + 1, 1)
        options.append((f"{y:04d}-{code}", lo, add_months(lo, size) - dt.timedelta(days=1)))
    return "DATE", choose(options, ctx.anchor, None)


def r_ref(m: re.Match, ctx: Context) -> Result:
    """Vague references: 'now', 'currently', 'recently', 'the past', 'the future',
    'the near term'.

    Words that only sometimes refer to a time ("soon", "previously", the
    adjectives "recent" and "future") are left out: TimeML annotates them too
    unevenly for them to pay.
    """
    word = group_text(m, "refword")
    if "future" in word or word.endswith("term"):
        return "DATE", "FUTURE_REF"
    if re.search(r"past|recent|lately", word):
        return "DATE", "PAST_REF"
    return "DATE", "PRESENT_REF"
