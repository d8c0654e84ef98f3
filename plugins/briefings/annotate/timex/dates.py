"""Normalisers for expressions that name a calendar date or time: "Dec. 7",
"1998", "the 1990s", "last fall", "Christmas", "Thursday night", "today",
"3 p.m."."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from briefings.annotate.timex.amounts import parse_number
from briefings.annotate.timex.anchoring import (
    Context,
    Result,
    choose,
    ref_date,
    resolve_day,
    resolve_month,
    resolve_season,
    resolve_weekday,
)
from briefings.annotate.timex.calendar import add_months, fmt_day, fmt_week, holiday_rule, month_day
from briefings.annotate.timex.tense import FUTURE, PAST, PRESENT
from briefings.annotate.timex.vocabulary import (
    DAY_PARTS,
    NUMBER_WORDS,
    ORDINALS,
    SEASONS,
    group_text,
    month_of,
    weekday_of,
)


def _with_part(value: str, m: re.Match) -> tuple[str, str]:
    """A day, or a TIME on it when a part of the day follows ('Friday night')."""
    part = group_text(m, "part")
    return ("TIME", f"{value}T{DAY_PARTS[part]}") if part else ("DATE", value)


def r_full_date(m: re.Match, ctx: Context) -> Result:
    """'Dec. 7, 2021', 'Tuesday, Dec. 7', '7 December', 'Dec. 7': a day; the year,
    when missing, from anchor and tense."""
    month, day = month_of(m), int(m.group("day"))
    if m.group("year"):
        d = month_day(int(m.group("year")), month, day)
        return ("DATE", fmt_day(d)) if d else None
    value = resolve_day(month, day, ctx)
    return ("DATE", value) if value else None


def r_iso(m: re.Match, ctx: Context) -> Result:
    """'2021-12-07' and US numeric dates '12/7/2021'."""
    if m.group("iy"):
        d = month_day(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    else:
        year = int(m.group("uy"))
        year += 2000 if year < 50 else 1900 if year < 100 else 0
        d = month_day(year, int(m.group("um")), int(m.group("ud")))
    return ("DATE", fmt_day(d)) if d else None


def r_month(m: re.Match, ctx: Context) -> Result:
    """'November', 'late January', 'July 1998', 'last March', 'June last year',
    'January nineteen ninety-seven'."""
    month = month_of(m)
    if year := _year_of(m):
        return "DATE", f"{year}-{month:02d}"
    rel = group_text(m, "rel") or group_text(m, "rel2")
    if group_text(m, "rel2") and ctx.anchor:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
        return "DATE", f"{year:04d}-{month:02d}"
    return "DATE", resolve_month(month, ctx, rel)


def r_year(m: re.Match, ctx: Context) -> Result:
    """'1962', 'fiscal 1989', 'early 2022', 'the end of 2021'."""
    return "DATE", m.group("year")


def r_decade(m: re.Match, ctx: Context) -> Result:
    """'the 1990s', 'the mid-1980s', "the '90s" -> 199, 198, 199."""
    digits = m.group("decade")
    if digits.startswith(("'", "’")):
        two = int(digits[1:])
        century = 19
        if ctx.anchor and 2000 + two <= ctx.anchor.year:
            century = 20
        return "DATE", f"{century}{two // 10}"
    return "DATE", digits[:3]


def spelled_year(text: str) -> int:
    """'nineteen ninety-six' -> 1996, 'two thousand ten' -> 2010."""
    words = text.lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        return 2000 + int(parse_number(" ".join(w for w in words[2:] if w != "and") or "zero"))
    return 1900 + int(parse_number(" ".join(w for w in words[1:] if w not in ("hundred", "and", "oh")) or "zero"))


def _year_of(m: re.Match) -> str | None:
    """The year of a match, in digits or read out; None if it has none."""
    groups = m.groupdict()
    if groups.get("year"):
        return groups["year"]
    return f"{spelled_year(groups['spelled']):04d}" if groups.get("spelled") else None


def r_spelled_year(m: re.Match, ctx: Context) -> Result:
    """Years and decades read out, as in broadcast transcripts:
    'nineteen ninety-six', 'the year two thousand', 'the nineties'."""
    if m.group("decade_word"):
        tens = NUMBER_WORDS[m.group("decade_word").lower()[:-3] + "y"]
        return "DATE", f"19{tens // 10}"
    return "DATE", _year_of(m)


def r_century(m: re.Match, ctx: Context) -> Result:
    """'the 20th century' -> 19, 'the twenty-first century' -> 20."""
    word = m.group("ord").lower()
    n = int(word[:-2]) if word[0].isdigit() else ORDINALS.get(word)
    return ("DATE", f"{n - 1:02d}") if n else None


def r_season(m: re.Match, ctx: Context) -> Result:
    """'the summer', 'last fall', 'summer 2021', 'the winter of nineteen ninety-four',
    'every winter' (a set)."""
    season = SEASONS[m.group("season").lower()]
    rel = group_text(m, "rel")
    if rel in ("every", "each"):
        return "SET", f"XXXX-{season}"
    if year := _year_of(m):
        return "DATE", f"{year}-{season}"
    if rel in ("that", "the same") and (ref := ref_date(ctx)):
        return "DATE", f"{ref[0].year:04d}-{season}"
    return "DATE", resolve_season(season, ctx, rel)


def r_holiday(m: re.Match, ctx: Context) -> Result:
    """'Christmas Eve', 'Thanksgiving', 'last Easter', 'Christmas 2020'."""
    rule = holiday_rule(m.group("holiday"))
    if m.group("year"):
        return "DATE", fmt_day(rule(int(m.group("year"))))
    if ctx.anchor is None:
        return "DATE", "XXXX-XX-XX"
    rel = group_text(m, "rel")
    tense = PAST if rel == "last" else FUTURE if rel in ("next", "coming") else ctx.tense
    options = [(fmt_day(d), d, d) for d in (rule(y) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2))]
    if rel in ("last", "next", "coming"):
        options = [o for o in options if (o[1] < ctx.anchor) == (rel == "last")]
    return "DATE", choose(options, ctx.anchor, tense)


def r_weekend(m: re.Match, ctx: Context) -> Result:
    """'the weekend': the coming one in the future tense, else the last one."""
    if ctx.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    in_weekend = ctx.anchor.weekday() >= 5
    if ctx.tense in (FUTURE, PRESENT) or in_weekend:
        return "DATE", fmt_week(ctx.anchor) + "-WE"
    return "DATE", fmt_week(ctx.anchor - dt.timedelta(weeks=1)) + "-WE"


def r_weekday(m: re.Match, ctx: Context) -> Result:
    """'Thursday', 'last Friday', 'Sunday night', 'the previous Friday'.

    "Previous" and "following" are anaphoric (TimeML): the weekday before or
    after the last day mentioned, not the publication date.
    """
    rel = group_text(m, "rel")
    if rel in ("previous", "following") and (ref := ref_date(ctx)) and ref[1] == "day":
        ctx = replace(ctx, anchor=ref[0])
        rel = "last" if rel == "previous" else "next"
    return _with_part(resolve_weekday(weekday_of(m), ctx, rel), m)


def r_deictic_day(m: re.Match, ctx: Context) -> Result:
    """'today', 'yesterday', 'tomorrow', 'tonight', 'last night', 'this morning'."""
    word = group_text(m, "deixis")
    offset = {"yesterday": -1, "tomorrow": 1, "last": -1}.get(word.split()[0], 0)
    if "day before" in word:
        offset = -2
    elif "day after" in word:
        offset = 2
    value = fmt_day(ctx.anchor + dt.timedelta(days=offset)) if ctx.anchor else "XXXX-XX-XX"
    if word in ("tonight", "last night"):
        return "TIME", f"{value}TNI"
    if word == "this" and not m.group("part"):
        return None
    return _with_part(value, m)


def _ref_day(ctx: Context) -> str:
    """The day a time with no day of its own falls on: the last day mentioned,
    else the publication date.  A day still ahead is not the day of what a
    past clause tells ("will reopen Monday. ... told reporters at 9:30 a.m.")."""
    ref = ref_date(ctx)
    if ref and ref[1] == "day" and not (ctx.tense == PAST and ctx.anchor and ref[0] > ctx.anchor):
        return fmt_day(ref[0])
    return fmt_day(ctx.anchor) if ctx.anchor else "XXXX-XX-XX"


def r_part_of_day(m: re.Match, ctx: Context) -> Result:
    """'mid-afternoon yesterday', 'early morning Tuesday', 'by mid afternoon',
    'through the morning': a part of a day, the day named or else the day
    being told about (the last day mentioned, or the publication date)."""
    if m.group("deixis"):
        offset = {"yesterday": -1, "tomorrow": 1}.get(m.group("deixis").lower(), 0)
        day = fmt_day(ctx.anchor + dt.timedelta(days=offset)) if ctx.anchor else "XXXX-XX-XX"
    elif m.group("weekday"):
        day = resolve_weekday(weekday_of(m), ctx, group_text(m, "rel"))
    else:
        day = _ref_day(ctx)
    return "TIME", f"{day}T{DAY_PARTS[group_text(m, 'part')]}"


def r_ordinal_day(m: re.Match, ctx: Context) -> Result:
    """'on the 4th': a day of the month being told about (the last date's), or
    else of the publication month, or a month back or ahead as the tense says."""
    day = int(m.group("day"))
    ref = ref_date(ctx)
    if ref and ref[1] in ("day", "month"):
        d = month_day(ref[0].year, ref[0].month, day)
        return ("DATE", fmt_day(d)) if d else None
    if ctx.anchor is None:
        return ("DATE", f"XXXX-XX-{day:02d}") if 1 <= day <= 31 else None
    base = ctx.anchor
    options = []
    for months in (-1, 0, 1):
        first = add_months(base.replace(day=1), months)
        d = month_day(first.year, first.month, day)
        if d:
            options.append((fmt_day(d), d, d))
    if not options:
        return None
    return "DATE", choose(options, base, ctx.tense)


def r_clock(m: re.Match, ctx: Context) -> Result:
    """'3 p.m.', '10:30 a.m. EST Tuesday', 'noon Saturday', '5 p.m. EST, Nov. 9', '16:08 GMT',
    '0800 UTC': a time on a day."""
    word = group_text(m, "word")
    if word:
        hour, minute = (12, 0) if word in ("noon", "midday") else (24, 0)
    elif m.group("daypart"):
        hour, minute = int(m.group("hourp")) % 12, int(m.group("minutep") or 0)
        part = group_text(m, "daypart")
        if "morning" not in part and not ("night" in part and hour < 5):
            hour += 12  # "9 in the evening", "10 at night"; but "2 at night" is early on
    else:
        military = m.group("military")
        hour = int(military[:2] if military else m.group("hour") or m.group("hour24") or m.group("hourz"))
        minute = int(military[2:] if military else m.group("minute") or m.group("minute24") or m.group("minutez") or 0)
        ampm = (m.group("ampm") or "").lower()
        if hour > 24 or minute > 59 or (ampm and not 1 <= hour <= 12):
            return None
        if ampm.startswith("p") and hour != 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
    if m.group("weekday"):
        day = resolve_weekday(weekday_of(m), ctx, None)
    elif m.group("month"):
        date = r_full_date(m, ctx)
        if date is None:
            return None
        day = date[1]
    elif m.group("deixis"):
        offset = {"yesterday": -1, "tomorrow": 1}.get(m.group("deixis").lower(), 0)
        day = fmt_day(ctx.anchor + dt.timedelta(days=offset)) if ctx.anchor else "XXXX-XX-XX"
    else:
        day = _ref_day(ctx)
    if hour == 24:
        return "TIME", f"{day}T24:00"
    return "TIME", f"{day}T{hour:02d}:{minute:02d}"
