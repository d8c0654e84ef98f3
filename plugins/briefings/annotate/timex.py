"""Temporal expressions: find them in news text and normalise them TIMEX3-style.

A small HeidelTime-like tagger.  Each rule is a regular expression over the
text plus a function that turns its match into a TIMEX3 ``(type, value)``
pair.  All rules run over the whole text; overlapping matches are resolved in
favour of the longest, then the rules are normalised in text order, so that
anaphoric expressions ("that day", "a year earlier") can use the last date
mentioned as their reference.

Expressions that leave the year (or the week) open are anchored on the
publication date; which side of it they fall on comes from the tense of the
clause governing the expression (spaCy's parse): "said Thursday" is the last
Thursday, "will meet Thursday" the next one, and without a tense the nearest
candidate wins.  Without a publication date the unknown parts stay ``X``.

:func:`normalise` is the pure core (text, anchor date, tense -> type and
value) and is what the tests exercise rule by rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Doc, Span, Token

from briefings.model import Timex

PAST, PRESENT, FUTURE = "PAST", "PRESENT", "FUTURE"

# ---------------------------------------------------------------- vocabulary

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: i for i, w in enumerate(_SMALL)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS)
}
ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
        "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
        "nineteenth twentieth".split(),
        start=1,
    )
} | {"twenty-first": 21, "last": 4, "final": 4}
#: unit word -> (TIMEX3 duration letter, is a time unit needing "T", multiplier)
UNITS = {
    "second": ("S", True, 1),
    "minute": ("M", True, 1),
    "hour": ("H", True, 1),
    "day": ("D", False, 1),
    "week": ("W", False, 1),
    "fortnight": ("W", False, 2),
    "month": ("M", False, 1),
    "quarter": ("Q", False, 1),
    "year": ("Y", False, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
}
#: letters used for vague amounts ("decades" -> PXDE, TIMEX2/TimeML usage)
VAGUE_UNIT = {"decade": "DE", "century": "CE"}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
SET_ADVERBS = {
    "hourly": "PT1H",
    "daily": "P1D",
    "nightly": "P1D",
    "weekly": "P1W",
    "biweekly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "yearly": "P1Y",
    "annually": "P1Y",
}

# ---------------------------------------------------------------- patterns

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
_WEEKDAY_FULL = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
P = {
    # a month standing alone must be spelt out or abbreviated with a period
    "MONTH": rf"(?P<month>(?:{_MONTH_FULL})\b|(?:{_MONTH_ABBR})\.)",
    # before a day number the period of an abbreviation may be missing
    "MONTH_D": rf"(?P<month>(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?))",
    "WEEKDAY": rf"(?P<weekday>(?:{_WEEKDAY_FULL})\b|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.)",
    "YEAR": r"(?P<year>(?:1[6-9]|20)\d\d)(?![\d%])",
    "DAY": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d)",
    "NUM": (
        r"(?:\d+(?:[.,]\d+)*(?:\s+\d/\d)?|(?i:(?:a|an|one|a\s+half|half\s+an?)|"
        rf"(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_SMALL[1:10])}))?|"
        rf"{'|'.join(reversed(_SMALL[1:]))}|a\s+dozen|dozen|(?:a|one)\s+hundred|hundred)\b)"
    ),
    "VAGUE": r"(?i:several|a\s+few|few|some|many|a\s+couple\s+of|couple\s+of|"
    r"a\s+number\s+of|dozens\s+of|hundreds\s+of|numerous|countless)",
    "UNIT": r"(?P<unit>(?i:seconds?|minutes?|hours?|days?|weeks?|fortnights?|"
    r"months?|quarters?|years?|decades?|century|centuries))",
    "APPROX": r"(?P<approx>(?i:about|around|approximately|roughly|nearly|almost|"
    r"some|(?:no\s+)?more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|"
    r"up\s+to|well\s+over|just\s+over|just\s+under)\s+)",
    "MOD": r"(?P<mod>(?i:early|late|mid|earlier|later|(?:the\s+)?(?:end|beginning|start|"
    r"middle)\s+of))[\s-]+",
    "PART": r"(?P<part>(?i:morning|afternoon|evening|night))",
}


def _rx(pattern: str) -> re.Pattern:
    """Compile a rule: fill in the shared pieces, anchor it on word boundaries."""
    return re.compile(r"(?<![\w'’-])" + pattern.format(**P) + r"(?!\w|-\w)", re.X)


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class Context:
    """What normalisation may use besides the expression itself."""

    anchor: dt.date | None = None
    tense: str | None = None
    #: value of the last specific date mentioned before the expression
    ref: str | None = None


def _add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _add_years(d: dt.date, n: int) -> dt.date:
    return _add_months(d, 12 * n)


def fmt_day(d: dt.date) -> str:
    return d.isoformat()


def fmt_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year}-W{week:02d}"


def fmt_month(d: dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def _quarter(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def fmt_quarter(d: dt.date) -> str:
    return f"{d.year:04d}-Q{_quarter(d)}"


def _shift(d: dt.date, unit: str, n: int) -> dt.date:
    """``d`` moved by ``n`` units (day, week, month, quarter, year, decade, century)."""
    if unit == "day":
        return d + dt.timedelta(days=n)
    if unit in ("week", "weekend"):
        return d + dt.timedelta(weeks=n)
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120, "century": 1200}
    return _add_months(d, n * months[unit])


def _at_granularity(d: dt.date, unit: str) -> str:
    """The TIMEX3 value of the ``unit`` containing ``d``."""
    if unit in ("day", "hour", "minute", "second", "night", "morning", "afternoon", "evening"):
        return fmt_day(d)
    if unit == "week":
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


_UNKNOWN = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}


def _choose(options: list[tuple[str, dt.date, dt.date]], anchor: dt.date, tense: str | None) -> str:
    """Pick among candidate readings (value, first day, last day) of an expression.

    The nearest to ``anchor`` wins, but a reading on the wrong side for the
    tense ("said ... in March" is not next March) counts eight times its
    distance: tense decides unless the reading it wants is much further away
    than the other ("talks were set for Jan. 10", written on Dec. 29).
    """

    def cost(option):
        _, lo, hi = option
        if lo <= anchor <= hi:
            return 0
        d = (lo - anchor).days if lo > anchor else (hi - anchor).days
        wrong = (tense == PAST and d > 0) or (tense == FUTURE and d < 0)
        return abs(d) * (8 if wrong else 1)

    return min(options, key=cost)[0]


def _month_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve_day(month: int, day: int, ctx: Context) -> str | None:
    """A month and day without a year: the year comes from anchor and tense."""
    if not 1 <= day <= 31:
        return None
    if ctx.anchor is None:
        return f"XXXX-{month:02d}-{day:02d}"
    options = []
    for year in range(ctx.anchor.year - 1, ctx.anchor.year + 2):
        d = _month_day(year, month, day)
        if d:
            options.append((fmt_day(d), d, d))
    return _choose(options, ctx.anchor, ctx.tense) if options else None


def _resolve_month(month: int, ctx: Context, rel: str | None = None) -> str:
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
        options.append((fmt_month(lo), lo, _add_months(lo, 1) - dt.timedelta(days=1)))
    return _choose(options, ctx.anchor, ctx.tense)


def season_span(year: int, season: str) -> tuple[dt.date, dt.date]:
    """First and last day of a season; winter runs from December into the next year."""
    lo = dt.date(year, SEASON_START[season], 1)
    return lo, _add_months(lo, 3) - dt.timedelta(days=1)


def _season_of(d: dt.date) -> tuple[int, str]:
    """The (year, season) ``d`` falls in; January belongs to the previous winter."""
    if d.month < 3:
        return d.year - 1, "WI"
    return d.year, next(code for code, month in reversed(SEASON_START.items()) if month <= d.month)


def _resolve_season(season: str, ctx: Context, rel: str | None) -> str:
    if ctx.anchor is None:
        return f"XXXX-{season}"
    cur_year, cur = _season_of(ctx.anchor)
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
    return _choose(options, ctx.anchor, tense)


def _resolve_weekday(weekday: int, ctx: Context, rel: str | None) -> str:
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
    elif ctx.tense in (FUTURE, PRESENT):
        offset = ahead
    else:
        offset = -back
    return fmt_day(anchor + dt.timedelta(days=offset))


def _easter(year: int) -> dt.date:
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


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
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
    r"Good\s+Friday": lambda y: _easter(y) - dt.timedelta(days=2),
    r"Easter(?:\s+Sunday)?": _easter,
    r"Easter\s+Monday": lambda y: _easter(y) + dt.timedelta(days=1),
    r"Juneteenth": lambda y: dt.date(y, 6, 19),
    r"Independence\s+Day|July\s+(?:4th|Fourth)|(?:the\s+)?Fourth\s+of\s+July": lambda y: dt.date(y, 7, 4),
    r"Halloween": lambda y: dt.date(y, 10, 31),
    r"Veterans\s+Day|Armistice\s+Day": lambda y: dt.date(y, 11, 11),
    r"Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day|MLK\s+Day": lambda y: _nth_weekday(y, 1, 0, 3),
    r"Presidents['’]?\s+Day": lambda y: _nth_weekday(y, 2, 0, 3),
    r"Mother['’]s\s+Day": lambda y: _nth_weekday(y, 5, 6, 2),
    r"Memorial\s+Day": lambda y: _nth_weekday(y, 5, 0, -1),
    r"Father['’]s\s+Day": lambda y: _nth_weekday(y, 6, 6, 3),
    r"Labou?r\s+Day": lambda y: _nth_weekday(y, 9, 0, 1),
    r"Columbus\s+Day": lambda y: _nth_weekday(y, 10, 0, 2),
    r"Election\s+Day": lambda y: _nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    r"Thanksgiving(?:\s+Day)?": lambda y: _nth_weekday(y, 11, 3, 4),
}
_HOLIDAY_RES = [(re.compile(k + r"\Z"), f) for k, f in HOLIDAYS.items()]


def _holiday(name: str) -> Callable[[int], dt.date]:
    name = " ".join(name.split())
    return next(f for rx, f in _HOLIDAY_RES if rx.match(name))


# ---------------------------------------------------------------- numbers


def parse_number(text: str) -> float | None:
    """'175' -> 175, 'twenty-five' -> 25, 'a' -> 1, '1 1/2' -> 1.5; vague -> None."""
    t = " ".join(text.lower().replace("-", " ").split())
    if re.fullmatch(r"[\d.,]+(?: \d/\d)?", t):
        whole, _, frac = t.partition(" ")
        value = float(whole.replace(",", ""))
        if frac:
            num, den = frac.split("/")
            value += int(num) / int(den)
        return value
    if t in ("a", "an", "one"):
        return 1
    if t in ("a half", "half a", "half an"):
        return 0.5
    if "dozen" in t:
        return 12
    if "hundred" in t:
        return 100
    total = 0
    for word in t.split():
        if word not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[word]
    return total


def duration_value(amount: float | None, unit: str) -> str:
    """TIMEX3 duration: (3, 'week') -> P3W, (None, 'week') -> PXW, (1.5, 'year') -> P18M."""
    letter, is_time, mult = UNITS[unit]
    t = "T" if is_time else ""
    if amount is None:
        return f"P{t}X{VAGUE_UNIT.get(unit, letter)}"
    amount *= mult
    if amount != int(amount):
        smaller = {("Y", False): (12, "M"), ("W", False): (7, "D"), ("D", False): (24, "H"), ("H", True): (60, "M")}
        if (letter, is_time) in smaller:
            factor, letter = smaller[(letter, is_time)]
            amount *= factor
            t = "T" if letter in ("H", "M") and (is_time or factor == 24) else t
    return f"P{t}{amount:g}{letter}"


def _unit(word: str) -> str:
    word = word.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") else word


# ---------------------------------------------------------------- rules

Result = tuple[str, str] | None


def _lower(m: re.Match, group: str) -> str | None:
    value = m.group(group) if group in m.re.groupindex else None
    return " ".join(value.lower().split()) if value else None


def _month_of(m: re.Match) -> int:
    return MONTHS[m.group("month").lower().rstrip(".")]


def _day_of_week(m: re.Match) -> int:
    return WEEKDAYS[m.group("weekday").lower().rstrip(".")]


def _with_part(value: str, m: re.Match) -> tuple[str, str]:
    """A day, or a TIME on it when a part of the day follows ('Friday night')."""
    part = _lower(m, "part")
    return ("TIME", f"{value}T{DAY_PARTS[part]}") if part else ("DATE", value)


def r_full_date(m: re.Match, ctx: Context) -> Result:
    """'Dec. 7, 2021', 'Tuesday, Dec. 7', '7 December', 'Dec. 7': a day; the year,
    when missing, from anchor and tense."""
    month, day = _month_of(m), int(m.group("day"))
    if m.group("year"):
        d = _month_day(int(m.group("year")), month, day)
        return ("DATE", fmt_day(d)) if d else None
    value = _resolve_day(month, day, ctx)
    return ("DATE", value) if value else None


def r_month(m: re.Match, ctx: Context) -> Result:
    """'November', 'late January', 'July 1998', 'last March', 'June last year'."""
    month = _month_of(m)
    if m.group("year"):
        return "DATE", f"{m.group('year')}-{month:02d}"
    rel = _lower(m, "rel") or _lower(m, "rel2")
    if _lower(m, "rel2") and ctx.anchor:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
        return "DATE", f"{year:04d}-{month:02d}"
    return "DATE", _resolve_month(month, ctx, rel)


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


def r_spelled_year(m: re.Match, ctx: Context) -> Result:
    """Years and decades read out, as in broadcast transcripts:
    'nineteen ninety-six', 'the year two thousand', 'the nineties'."""
    if m.group("decade_word"):
        tens = NUMBER_WORDS[m.group("decade_word").lower()[:-3] + "y"]
        return "DATE", f"19{tens // 10}"
    words = m.group("spelled").lower().replace("-", " ").split()
    if words[:2] == ["two", "thousand"]:
        rest = parse_number(" ".join(w for w in words[2:] if w != "and") or "zero")
        return "DATE", f"{2000 + int(rest):04d}"
    rest = parse_number(" ".join(w for w in words[1:] if w not in ("hundred", "and", "oh")) or "zero")
    return "DATE", f"{1900 + int(rest):04d}"


def r_century(m: re.Match, ctx: Context) -> Result:
    """'the 20th century' -> 19, 'the twenty-first century' -> 20."""
    word = m.group("ord").lower()
    n = int(word[:-2]) if word[0].isdigit() else ORDINALS.get(word)
    return ("DATE", f"{n - 1:02d}") if n else None


_REL_OFFSET = {
    "this": 0,
    "current": 0,
    "the current": 0,
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
    """'last week', 'earlier this month', 'next year', 'the end of the year'."""
    unit = _unit(_lower(m, "unit").replace("fiscal ", ""))
    offset = _REL_OFFSET[_lower(m, "rel") or "this"]
    if ctx.anchor is None:
        return "DATE", _UNKNOWN[unit]
    return "DATE", _at_granularity(_shift(ctx.anchor, unit, offset), unit)


def _ref_date(ctx: Context) -> tuple[dt.date, str] | None:
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


def r_anaphoric(m: re.Match, ctx: Context) -> Result:
    """'that day', 'the following week', 'later that year': relative to the last date."""
    unit = _unit(_lower(m, "unit"))
    offset = _REL_OFFSET.get(_lower(m, "rel"), 0)
    base = _ref_date(ctx)
    if base is None:
        if ctx.anchor is None:
            return "DATE", _UNKNOWN.get(unit, "XXXX-XX-XX")
        base = (ctx.anchor, "day")
    if unit in DAY_PARTS:
        return "TIME", f"{fmt_day(_shift(base[0], 'day', offset))}T{DAY_PARTS[unit]}"
    return "DATE", _at_granularity(_shift(base[0], unit, offset), unit)


def r_ago(m: re.Match, ctx: Context) -> Result:
    """'30 years ago', 'two weeks earlier', 'a year ago' (the quarter a year before
    when the last date was a quarter), 'several years ago' -> PAST_REF."""
    unit = _unit(m.group("unit"))
    direction = _lower(m, "dir")
    amount = parse_number(m.group("num")) if m.group("num") else None
    forward = direction in ("later", "from now", "hence", "after")
    if amount is None or amount != int(amount):
        return "DATE", "FUTURE_REF" if forward else "PAST_REF"
    base_ref = _ref_date(ctx) if direction in ("earlier", "later") else None
    ref_quarter = _ref_date(ctx) if unit == "year" and amount == 1 else None
    if ref_quarter and ref_quarter[1] == "quarter":
        return "DATE", fmt_quarter(_add_years(ref_quarter[0], -1 if not forward else 1))
    base = base_ref[0] if base_ref else ctx.anchor
    if base is None:
        return "DATE", _UNKNOWN.get(unit, "XXXX-XX-XX")
    n = int(amount) * (1 if forward else -1)
    if unit in ("hour", "minute", "second"):
        return "DATE", fmt_day(base)
    return "DATE", _at_granularity(_shift(base, unit, n), unit)


def r_year_ago_adj(m: re.Match, ctx: Context) -> Result:
    """'year-earlier', 'year-ago' used as adjectives: a year before the reference."""
    ref = _ref_date(ctx)
    if ref and ref[1] == "quarter":
        return "DATE", fmt_quarter(_add_years(ref[0], -1))
    if ctx.anchor is None:
        return "DATE", "XXXX"
    return "DATE", f"{ctx.anchor.year - 1:04d}"


def r_duration(m: re.Match, ctx: Context) -> Result:
    """'175 days', 'the past two months', 'some weeks', 'five-year', 'a year and a half'."""
    unit = _unit(m.group("unit"))
    amount = parse_number(m.group("num")) if m.group("num") else None
    if m.group("num") and amount is None and not re.match(P["VAGUE"], m.group("num")):
        return None
    if m.group("half"):
        amount = (amount or 0) + 0.5 if amount is not None else None
    return "DURATION", duration_value(amount, unit)


def r_vague_units(m: re.Match, ctx: Context) -> Result:
    """Bare plurals: 'for weeks', 'in recent years', 'decades' -> PXW, PXY, PXDE."""
    return "DURATION", duration_value(None, _unit(m.group("unit")))


def r_quarter(m: re.Match, ctx: Context) -> Result:
    """'the third quarter', 'fourth-quarter', 'the first half of 2021', 'the latest quarter'."""
    kind = _lower(m, "qu")
    adjs = _lower(m, "adjs") or ""
    pre = _lower(m, "pre") or ""
    ordinal = _lower(m, "ord")
    letter, size = ("H", 6) if kind == "half" else ("Q", 3)
    n = ORDINALS.get(ordinal) if ordinal else None
    if kind == "half" and ordinal in ("last", "final"):
        n = 2
    if kind == "half" and n not in (1, 2):
        return None
    year = int(m.group("year") or m.group("pyear") or 0) or None
    if ordinal in ("last", "final") and kind == "quarter" and not year and "year" not in pre and ctx.anchor:
        return "DATE", fmt_quarter(_add_months(ctx.anchor, -3))
    if year is None and "year" in pre and ctx.anchor:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[pre.split()[0]]
    year_ago = bool(re.search(r"year-(?:ago|earlier)|prior-year", adjs))
    if n and year:
        return "DATE", f"{year:04d}-{letter}{n}"
    if n:
        if ctx.anchor is None:
            return "DATE", f"XXXX-{letter}{n}"
        options = []
        for y in (ctx.anchor.year - 1, ctx.anchor.year, ctx.anchor.year + 1):
            lo = dt.date(y, size * (n - 1) + 1, 1)
            options.append((f"{y - year_ago:04d}-{letter}{n}", lo, _add_months(lo, size) - dt.timedelta(days=1)))
        # quarters are reported after they end, so tense says little: nearest
        return "DATE", _choose(options, ctx.anchor, None)
    if kind == "half":
        return None
    # no ordinal: the quarter being talked about, or the one just ended
    ref = _ref_date(ctx)
    if "current" in adjs and ctx.anchor:
        base = ctx.anchor
    elif ref and ref[1] == "quarter":
        base = ref[0]
    elif ctx.anchor:
        base = _add_months(ctx.anchor, -3)
    else:
        return "DATE", "XXXX-QX"
    if year_ago or year is not None:
        base = _add_years(base, -1) if year is None else dt.date(year, base.month, 1)
    return "DATE", fmt_quarter(base)


def r_season(m: re.Match, ctx: Context) -> Result:
    """'the summer', 'last fall', 'summer 2021', 'every winter' (a set)."""
    season = SEASONS[m.group("season").lower()]
    rel = _lower(m, "rel")
    if rel in ("every", "each"):
        return "SET", f"XXXX-{season}"
    if m.group("year"):
        return "DATE", f"{m.group('year')}-{season}"
    if rel in ("that", "the same") and (ref := _ref_date(ctx)):
        return "DATE", f"{ref[0].year:04d}-{season}"
    return "DATE", _resolve_season(season, ctx, rel)


def r_holiday(m: re.Match, ctx: Context) -> Result:
    """'Christmas Eve', 'Thanksgiving', 'last Easter', 'Christmas 2020'."""
    rule = _holiday(m.group("holiday"))
    if m.group("year"):
        return "DATE", fmt_day(rule(int(m.group("year"))))
    if ctx.anchor is None:
        return "DATE", "XXXX-XX-XX"
    rel = _lower(m, "rel")
    tense = PAST if rel == "last" else FUTURE if rel in ("next", "coming") else ctx.tense
    options = [(fmt_day(d), d, d) for d in (rule(y) for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2))]
    if rel in ("last", "next", "coming"):
        options = [o for o in options if (o[1] < ctx.anchor) == (rel == "last")]
    return "DATE", _choose(options, ctx.anchor, tense)


def r_weekend(m: re.Match, ctx: Context) -> Result:
    """'the weekend': the coming one in the future tense, else the last one."""
    if ctx.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    in_weekend = ctx.anchor.weekday() >= 5
    if ctx.tense in (FUTURE, PRESENT) or in_weekend:
        return "DATE", fmt_week(ctx.anchor) + "-WE"
    return "DATE", fmt_week(ctx.anchor - dt.timedelta(weeks=1)) + "-WE"


def r_weekday(m: re.Match, ctx: Context) -> Result:
    """'Thursday', 'last Friday', 'Sunday night'."""
    return _with_part(_resolve_weekday(_day_of_week(m), ctx, _lower(m, "rel")), m)


def r_weekday_set(m: re.Match, ctx: Context) -> Result:
    """'every Monday', 'on Sundays' -> XXXX-WXX-1, XXXX-WXX-7."""
    return "SET", f"XXXX-WXX-{_day_of_week(m) + 1}"


def r_deictic_day(m: re.Match, ctx: Context) -> Result:
    """'today', 'yesterday', 'tomorrow', 'tonight', 'last night', 'this morning'."""
    word = _lower(m, "deixis")
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


def r_ref(m: re.Match, ctx: Context) -> Result:
    """Vague references: 'now', 'currently', 'recently', 'the past', 'the future'.

    Words that only sometimes refer to a time ("soon", "previously", the
    adjectives "recent" and "future") are left out: TimeML annotates them too
    unevenly for them to pay.
    """
    word = _lower(m, "refword")
    if "future" in word:
        return "DATE", "FUTURE_REF"
    if re.search(r"past|recent|lately", word):
        return "DATE", "PAST_REF"
    return "DATE", "PRESENT_REF"


def r_set(m: re.Match, ctx: Context) -> Result:
    """'each season', 'every two years', 'twice a week', '$5 a day', 'per year'."""
    unit_word = _lower(m, "unit")
    if unit_word in ("season", "seasons"):
        return "SET", "P3M"
    amount = 1.0
    if m.group("every"):
        amount = 2 if m.group("every").lower() == "other" else parse_number(m.group("every"))
        if amount is None:
            return None
    return "SET", duration_value(amount, _unit(unit_word))


def r_set_adverb(m: re.Match, ctx: Context) -> Result:
    """'daily', 'weekly', 'annually'."""
    return "SET", SET_ADVERBS[m.group(0).lower()]


def r_clock(m: re.Match, ctx: Context) -> Result:
    """'3 p.m.', '10:30 a.m. EST Tuesday', 'noon Saturday': a time on a day."""
    word = _lower(m, "word")
    if word:
        hour, minute = (12, 0) if word in ("noon", "midday") else (24, 0)
    else:
        hour = int(m.group("hour") or m.group("hour24"))
        minute = int(m.group("minute") or m.group("minute24") or 0)
        ampm = (m.group("ampm") or "").lower()
        if hour > 24 or minute > 59 or (ampm and not 1 <= hour <= 12):
            return None
        if ampm.startswith("p") and hour != 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
    if m.group("weekday"):
        day = _resolve_weekday(_day_of_week(m), ctx, None)
    elif m.group("deixis"):
        offset = {"yesterday": -1, "tomorrow": 1}.get(m.group("deixis").lower(), 0)
        day = fmt_day(ctx.anchor + dt.timedelta(days=offset)) if ctx.anchor else "XXXX-XX-XX"
    else:
        ref = _ref_date(ctx)
        day = fmt_day(ref[0]) if ref and ref[1] == "day" else fmt_day(ctx.anchor) if ctx.anchor else "XXXX-XX-XX"
    if hour == 24:
        return "TIME", f"{day}T24:00"
    return "TIME", f"{day}T{hour:02d}:{minute:02d}"


def r_iso(m: re.Match, ctx: Context) -> Result:
    """'2021-12-07' and US numeric dates '12/7/2021'."""
    if m.group("iy"):
        d = _month_day(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    else:
        year = int(m.group("uy"))
        year += 2000 if year < 50 else 1900 if year < 100 else 0
        d = _month_day(year, int(m.group("um")), int(m.group("ud")))
    return ("DATE", fmt_day(d)) if d else None


_REL = r"(?P<rel>(?i:this|last|next|past|coming|previous|current))\s+"
_ONES_RX = "|".join(_SMALL[1:10])
_TEENS_RX = "|".join(_SMALL[10:])
_TENS_RX = "|".join(_TENS)
_HOLIDAY = "|".join(HOLIDAYS)

#: (name, pattern, normaliser); names are used by the spaCy checks below.
RULES: list[tuple[str, re.Pattern, Callable[[re.Match, Context], Result]]] = [
    (
        "iso",
        _rx(r"(?:(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)|(?P<um>1[0-2]|0?[1-9])/(?P<ud>[0-3]?\d)/(?P<uy>(?:19|20)?\d\d))"),
        r_iso,
    ),
    (
        "full_date",
        _rx(r"(?:{WEEKDAY},?\s+)?(?:{MOD})?{MONTH_D}\s+{DAY}(?:,?\s+{YEAR})?(?!,\d)"),
        r_full_date,
    ),
    (
        "day_month",
        _rx(r"(?:(?i:the)\s+)?{DAY}\s+(?:(?i:of)\s+)?{MONTH}(?:,?\s+{YEAR})?"),
        r_full_date,
    ),
    (
        "month",
        _rx(
            r"(?:{MOD})?(?:" + _REL + r")?{MONTH}(?!\s+[0-3]?\d(?:st|nd|rd|th)?\b(?!,\d))"
            r"(?:,?\s+(?:(?i:of)\s+)?{YEAR}|\s+(?P<rel2>(?i:this|last|next))\s+(?i:year))?"
        ),
        r_month,
    ),
    ("year", _rx(r"(?:{MOD})?(?:(?i:(?:the\s+)?(?:fiscal|calendar)(?:\s+year)?|the\s+year|FY)\s*)?{YEAR}"), r_year),
    ("decade", _rx(r"(?:(?i:the)\s+)?(?:{MOD})?(?P<decade>(?:1[5-9]|20)\d0|['’]\d0)['’]?s"), r_decade),
    (
        "spelled_year",
        _rx(
            r"(?:(?i:the\s+year)\s+)?(?P<spelled>(?i:nineteen[\s-]+(?:hundred(?:\s+and)?[\s-]+)?"
            rf"(?:(?:{_TENS_RX})(?:[\s-](?:{_ONES_RX}))?|{_TEENS_RX}|oh[\s-](?:{_ONES_RX}))"
            rf"|two\s+thousand(?:[\s-]+(?:and\s+)?(?:{_TEENS_RX}|{_ONES_RX}))?))(?!\s+(?i:years|days|people|dollars)\b)"
            r"|(?i:the)\s+(?:{MOD})?(?P<decade_word>(?i:twenties|thirties|forties|fifties|sixties|seventies|"
            r"eighties|nineties))"
        ),
        r_spelled_year,
    ),
    (
        "century",
        _rx(
            r"(?:(?i:the)\s+)?(?:{MOD})?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|(?i:"
            + "|".join(sorted(ORDINALS, key=len, reverse=True))
            + r"))[\s-](?i:century)"
        ),
        r_century,
    ),
    (
        "relative",
        _rx(
            r"(?:{MOD})?(?P<rel>(?i:this|last|next|past|coming|previous|current|the\s+current|"
            r"the\s+previous|the\s+coming|the\s+past|the\s+last|the\s+next))\s+(?P<unit>(?i:week|weekend|month|quarter|year|fiscal\s+year|decade|century))"
        ),
        r_relative,
    ),
    (
        "edge_of_unit",
        _rx(r"{MOD}(?P<rel>(?i:the))\s+(?P<unit>(?i:week|month|year|decade|century))"),
        r_relative,
    ),
    (
        "year_end",
        _rx(r"(?P<rel>)(?P<unit>(?i:year|month))(?:[\s-]|['’]s\s+)(?i:end)"),
        r_relative,
    ),
    (
        "anaphoric",
        _rx(
            r"(?:(?P<mod>(?i:earlier|later|early|late))\s+)?(?P<rel>(?i:that|the\s+same|the\s+following|the\s+next|"
            r"the\s+previous|the\s+preceding|the\s+prior))\s+(?P<unit>(?i:day|week|weekend|month|quarter|year|"
            r"morning|afternoon|evening|night))"
        ),
        r_anaphoric,
    ),
    (
        "ago",
        _rx(
            r"(?:{APPROX})?(?P<num>{NUM}|{VAGUE})[\s-]+{UNIT}(?:\s+(?i:or\s+so))?\s+"
            r"(?P<dir>(?i:ago|earlier|later|from\s+now|hence))"
        ),
        r_ago,
    ),
    ("year_ago_adj", _rx(r"(?i:year-(?:ago|earlier))(?!\s+(?i:quarter|period|half))"), r_year_ago_adj),
    (
        "quarter",
        _rx(
            r"(?P<pre>(?i:the|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s)\s+(?![\w]+-(?i:quarter|half)))?"
            r"(?:(?P<pyear>(?:1[6-9]|20)\d\d)\s+)?"
            r"(?P<adjs>(?:(?i:fiscal|latest|current|same|comparable|year-ago|year-earlier|prior-year|"
            r"previous|prior|recent|just-ended|most\s+recent)[\s-]+)*)"
            r"(?:(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+(?:(?i:fiscal)[\s-]+)?)?"
            r"(?P<qu>(?i:quarter|half|period))(?!\s+(?i:of)\s+(?!(?i:fiscal\s+)?(?:1[6-9]|20)\d\d))"
            r"(?:\s+(?:(?i:of|in|ended)\s+)?(?:(?i:fiscal)\s+)?{YEAR})?"
        ),
        r_quarter,
    ),
    (
        "set",
        _rx(
            r"(?:(?i:once|twice|thrice|\w+\s+times)\s+)?(?i:every|each|per|a|an)\s+(?:(?P<every>{NUM}|(?i:other))\s+)?"
            r"(?P<unit>(?i:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|seasons?))"
        ),
        r_set,
    ),
    (
        "duration",
        _rx(
            r"(?:(?i:the)\s+(?![\w.]+-))?(?:(?i:past|last|next|coming|previous|following|first|final|initial|latest|"
            r"remaining|additional|other)\s+)?(?:{APPROX})?(?P<num>{NUM}|{VAGUE})[\s-]+(?:(?i:more|additional|straight|"
            r"consecutive|full|long)[\s-]+)?{UNIT}(?P<half>\s+(?i:and\s+a\s+half))?(?:-long)?(?!-old|\s+old\b)"
            r"(?!(?<=quarter)\s+of\b)(?!(?<=quarters)\s+of\b)"
        ),
        r_duration,
    ),
    (
        "vague_units",
        _rx(r"(?:(?i:the)\s+)?(?:(?i:recent|coming|past|last|next|following|previous)\s+)?(?P<unit>(?i:hours|days|weeks|months|years|decades|centuries))(?!\s+(?i:of|ago)\b)"),
        r_vague_units,
    ),
    (
        "season",
        _rx(
            r"(?:{MOD})?(?:(?P<rel>(?i:this|last|next|past|coming|the|that|every|each|current|the\s+same))[\s-]+)?"
            r"(?P<season>(?i:spring|summer|fall|autumn|winter))(?:\s+(?:(?i:of)\s+)?{YEAR})?"
        ),
        r_season,
    ),
    ("holiday", _rx(r"(?:" + _REL + r")?(?P<holiday>" + _HOLIDAY + r")(?:,?\s+{YEAR})?"), r_holiday),
    ("weekday", _rx(r"(?:" + _REL + r")?{WEEKDAY}(?:\s+{PART})?"), r_weekday),
    ("weekend", _rx(r"(?i:the\s+weekend)"), r_weekend),
    (
        "weekday_set",
        _rx(r"(?:(?P<each>(?i:every|each))\s+)?(?P<weekday>" + _WEEKDAY_FULL + r")(?(each)|s)"),
        r_weekday_set,
    ),
    (
        "deictic",
        _rx(
            r"(?:(?i:early|late)\s+)?(?P<deixis>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
            r"today|tonight|yesterday|tomorrow|last(?=\s+night)|this(?=\s+(?:morning|afternoon|evening)))"
            r")(?:\s+{PART})?"
        ),
        r_deictic_day,
    ),
    (
        "ref",
        _rx(
            r"(?P<refword>(?i:now|currently|current|nowadays|these\s+days|at\s+present|presently|recently|"
            r"lately|the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future|"
            r"the\s+(?:recent\s+|distant\s+)?past))"
        ),
        r_ref,
    ),
    ("set_adverb", _rx(r"(?i:" + "|".join(SET_ADVERBS) + ")"), r_set_adverb),
    (
        "clock",
        _rx(
            r"(?:(?P<hour>[012]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm)(?!\w))"
            r"|(?<=\b(?i:at)\s)(?P<hour24>[012]?\d):(?P<minute24>[0-5]\d)"
            r"|(?P<word>(?i:noon|midnight|midday)))"
            r"(?:\s+(?:[A-Z]{{2,4}}T|GMT|UTC))?"
            r"(?:\s+(?:(?i:on)\s+)?(?:{WEEKDAY}|(?P<deixis>(?i:today|yesterday|tomorrow))))?"
        ),
        r_clock,
    ),
]


# ---------------------------------------------------------------- the parse


def normalise(text: str, anchor: dt.date | None = None, tense: str | None = None, ref: str | None = None) -> Result:
    """TIMEX3 ``(type, value)`` of one expression read on its own, or None.

    ``anchor`` is the publication date, ``tense`` one of PAST, PRESENT, FUTURE
    (or None) for the clause the expression sits in, and ``ref`` the value of
    the last date mentioned before it (for "that day", "a year earlier").
    """
    ctx = Context(anchor, tense, ref)
    for _, rx, rule in RULES:
        m = rx.fullmatch(text)
        if m and (result := rule(m, ctx)):
            return result
    return None


_FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo", "would", "could", "may", "might", "should", "can", "must", "'d", "’d"}
_PRESENT_AUX = {"is", "are", "am", "'s", "’s", "'re", "’re"}
_NON_TEMPORAL_ENTS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "FAC", "PRODUCT", "LAW", "GPE", "NORP", "LOC"}


def _verb_tense(verb: Token, depth: int = 0) -> str | None:
    """PAST, PRESENT or FUTURE of the clause headed by ``verb``.

    Modals count as future (plans, predictions, "would" as the future in
    the past); the perfect counts as past;
    the progressive with a date is usually an arrangement ("is meeting
    Thursday"), so future; a bare past participle ("the decision, announced
    Wednesday") is past.  An infinitive takes its tense from the verb it
    complements: "plans to tell Putin Thursday" is future, but after a past
    verb the infinitive could fall either side, so no tense.  Participles
    without auxiliaries modify something else and inherit its tense.
    """
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or (verb.head.lower_ == "going" and "to" in words):
        return FUTURE
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ in ("VBN", "VBG") and words & {"has", "have", "'ve", "’ve", "having"}:
        return PAST
    if verb.tag_ == "VBG" and words & _PRESENT_AUX:
        return FUTURE
    if verb.tag_ in ("VBZ", "VBP") or words & (_PRESENT_AUX | {"do", "does"}):
        return PRESENT
    if verb.tag_ == "VBN" and not auxes:
        return PAST
    if depth < 3 and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        if verb.tag_ == "VB" and "to" in words:
            outer = _verb_tense(verb.head, depth + 1)
            return FUTURE if outer in (PRESENT, FUTURE) else None
        if verb.tag_ == "VBG":
            return _verb_tense(verb.head, depth + 1)
    return None


def governing_verb(span: Span) -> Token | None:
    """The verb of the clause ``span`` belongs to, climbing the parse from its root."""
    token = span.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def clause_tense(span: Span) -> str | None:
    """Tense of the clause that governs ``span``.

    None in verbless text, and when the expression hangs on an adjective
    ("a dividend payable Dec. 15", "effective Feb. 1"): such dates are as
    often ahead of the clause's tense as behind it.
    """
    token = span.root
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
        if token.pos_ == "ADJ":
            return None
    return _verb_tense(token) if token.pos_ in ("VERB", "AUX") else None


_SEASON_PREPS = {"in", "during", "since", "by", "until", "till", "through", "over", "throughout", "before", "after", "from"}
_SET_COUNTERS = {"once", "twice", "thrice", "times"}


def _plausible(name: str, m: re.Match, span: Span) -> bool:
    """spaCy's view on matches the patterns alone cannot settle."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if name != "holiday" and any(t.ent_type_ in _NON_TEMPORAL_ENTS for t in span):
        return False
    if name == "year" and not m.group("mod") and len(span) == 1:
        token = span[0]
        if token.ent_type_ in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
            return False
        if token.dep_ == "nummod" and token.ent_type_ != "DATE":
            return False
        if prev is not None and prev.text in ("$", "#", "No.", "No"):
            return False
    if name == "season":
        if m.group("season").lower() in ("fall", "spring") and span[-1].pos_ == "VERB":
            return False
        if not m.group("year"):
            if nxt is not None and nxt.lower_ == "of":
                return False
            if not (m.group("rel") or m.group("mod")) and (prev is None or prev.lower_ not in _SEASON_PREPS):
                return False
    if name == "quarter":
        kind = m.group("qu").lower()
        if not (m.group("pre") or m.group("adjs") or m.group("ord") or m.group("pyear")):
            return False
        if kind == "period" and not (m.group("adjs") or m.group("pyear")):
            return False
        if kind == "half" and not m.group("ord"):
            return False
    if name == "month" and not (m.group("year") or m.group("rel") or m.group("mod")):
        if span[0].tag_ == "MD" or (nxt is not None and nxt.pos_ == "PROPN" and nxt.ent_type_ == "PERSON"):
            return False
    if name == "set" and m.group(0).split()[0].lower() in ("a", "an"):
        if prev is None or not (prev.tag_ in ("CD", "NNS", "NN", "$") or prev.lower_ in _SET_COUNTERS):
            return False
    if name in ("duration", "ago", "set", "vague_units"):
        unit = next((t for t in reversed(span) if t.lower_.startswith(m.group("unit").lower()[:3])), span[-1])
        if unit.pos_ not in ("NOUN", "PROPN", "NUM"):
            return False
    if name == "vague_units" and prev is not None and prev.pos_ == "NUM":
        return False
    if name == "ref" and m.group(0).lower() == "current":
        return span[0].pos_ == "ADJ"
    if name == "set_adverb" and span[0].dep_ == "amod":
        return False  # "a quarterly dividend", "a daily newspaper"
    return True


def _candidates(doc: Doc) -> list[tuple[int, int, int, re.Match]]:
    """Every plausible rule match, overlapping ones resolved longest first."""
    text = doc.text
    found = []
    for index, (name, rx, _) in enumerate(RULES):
        for m in rx.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and len(span) and _plausible(name, m, span):
                found.append((m.start(), m.end(), index, m))
    found.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken = bytearray(len(text))
    chosen = []
    for start, end, index, m in found:
        if not any(taken[start:end]):
            taken[start:end] = b"\1" * (end - start)
            chosen.append((start, end, index, m))
    return sorted(chosen)


#: expressions computed from the reference date do not become the reference
_RELATIVE_TO_REF = re.compile(r"(?i)\b(?:ago|earlier|later|year-ago|year-earlier|previous|prior|following)\b")


def find_timexes(doc: Doc, pub_date: dt.date | None) -> list[Timex]:
    """Every temporal expression of ``doc``, in text order, TIMEX3-normalised."""
    timexes = []
    ref = None
    for start, end, index, m in _candidates(doc):
        span = doc.char_span(start, end, alignment_mode="expand")
        result = RULES[index][2](m, Context(pub_date, clause_tense(span), ref))
        if result is None:
            continue
        kind, value = result
        timexes.append(Timex(m.group(0), start, end, kind, value))
        if kind in ("DATE", "TIME") and value[:4].isdigit() and not _RELATIVE_TO_REF.search(m.group(0)):
            ref = value
    return timexes
