"""Words of temporal expressions and the regular-expression pieces built from them.

The tables map words to numbers or TIMEX3 codes; ``P`` holds the named
pieces the rules in :mod:`timex.rules` are assembled from, and :func:`rx`
compiles a rule.  The ``*_of`` helpers read a rule's match back into numbers.
"""

from __future__ import annotations

import re

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
SMALL_NUMBERS = (
    "zero one two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORDS = {w: i for i, w in enumerate(SMALL_NUMBERS)} | {
    w: 20 + 10 * i for i, w in enumerate(TENS)
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
_FIRST_NINE = "first second third fourth fifth sixth seventh eighth ninth".split()
#: days of the month read out: "the twenty-third" -> 23
DAY_WORDS = {w: i for w, i in ORDINALS.items() if w not in ("last", "final")} | {
    f"{tens}{sep}{word}": base + i
    for tens, base, words in (("twenty", 20, _FIRST_NINE), ("thirty", 30, _FIRST_NINE[:1]))
    for i, word in enumerate(words, start=1)
    for sep in ("-", " ")
} | {"thirtieth": 30}
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

_ONES_RX = "|".join(SMALL_NUMBERS[1:10])
_TEENS_RX = "|".join(SMALL_NUMBERS[10:])
_TENS_RX = "|".join(TENS)
_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
P = {
    # a month standing alone must be spelt out or abbreviated with a period
    "MONTH": rf"(?P<month>(?:{_MONTH_NAMES})\b|(?:{_MONTH_ABBR})\.)",
    # before a day number the period of an abbreviation may be missing
    "MONTH_D": rf"(?P<month>(?:{_MONTH_NAMES}|(?:{_MONTH_ABBR})\.?))",
    "WEEKDAY": rf"(?P<weekday>(?:{WEEKDAY_NAMES})\b|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.)",
    "YEAR": r"(?P<year>(?:1[6-9]|20)\d\d)(?![\d%])",
    "DAY": r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d)",
    "DAY_WORDS": r"(?i:" + "|".join(sorted(DAY_WORDS, key=len, reverse=True)).replace(" ", r"\s+") + r")",
    "NUM": (
        r"(?:\d+(?:[.,]\d+)*(?:\s+\d/\d)?|(?i:(?:a|an|one|a\s+half|half\s+an?)|"
        rf"(?:{'|'.join(TENS)})(?:[\s-](?:{'|'.join(SMALL_NUMBERS[1:10])}))?|"
        rf"{'|'.join(reversed(SMALL_NUMBERS[1:]))}|a\s+dozen|dozen|(?:a|one)\s+hundred|hundred|(?:a\s+)?couple\s+of)\b)"
    ),
    "VAGUE": r"(?i:several|a\s+few|few|some|many|"
    r"a\s+number\s+of|dozens\s+of|hundreds\s+of|numerous|countless)",
    "UNIT": r"(?P<unit>(?i:seconds?|minutes?|hours?|days?|weeks?|fortnights?|"
    r"months?|quarters?|years?|decades?|century|centuries))",
    "APPROX": r"(?P<approx>(?i:about|around|approximately|roughly|nearly|almost|"
    r"some|(?:no\s+)?more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|"
    r"up\s+to|well\s+over|just\s+over|just\s+under)\s+)",
    "MOD": r"(?P<mod>(?i:early|late|mid|earlier|later|(?:the\s+)?(?:end|beginning|start|"
    r"middle)\s+of))[\s-]+",
    "PART": r"(?P<part>(?i:morning|afternoon|evening|night))",
    # a year named relative to the publication date: "the first quarter of last year"
    "QREL": r"(?P<qrel>(?i:last|this|next|the\s+previous|the\s+current|the\s+same|the\s+following|the)\s+(?i:year))\b",
    "ANY_QREL": r"(?i:last|this|next|the\s+previous|the\s+current|the\s+same|the\s+following|the)\s+(?i:year)\b",
    # a time zone after a clock time: "16:08 GMT", "0800 UTC", "9 a.m. EDT"
    "ZONE": r"(?:[A-Z]{1,3}[SD]T|[A-Z]{2,3}T|GMT|UTC|MSK|Z)(?:[+-]\d\d?(?::?\d\d)?)?\b",
    # words after which "16:30" is a clock time
    "CLOCK_CUE": r"(?:(?<=\b(?i:at)\s)|(?<=\b(?i:by)\s)|(?<=\b(?i:until)\s)|(?<=\b(?i:till)\s)|(?<=\b(?i:before)\s)"
    r"|(?<=\b(?i:after)\s)|(?<=\b(?i:around)\s)|(?<=\b(?i:from)\s)|(?<=\b(?i:since)\s)|(?<=\b(?i:about)\s))",
    # a year read out, as in broadcast transcripts: "nineteen ninety-six", "two thousand ten"
    "SPELLED_YEAR": (
        r"(?P<spelled>(?i:nineteen[\s-]+(?:hundred(?:\s+and)?[\s-]+)?"
        rf"(?:(?:{_TENS_RX})(?:[\s-](?:{_ONES_RX}))?|{_TEENS_RX}|oh[\s-](?:{_ONES_RX}))"
        rf"|two\s+thousand(?:[\s-]+(?:and\s+)?(?:{_TEENS_RX}|{_ONES_RX}))?))"
    ),
}


def rx(pattern: str) -> re.Pattern:
    """Compile a rule: fill in the shared pieces, anchor it on word boundaries."""
    return re.compile(r"(?<![\w'’-])" + pattern.format(**P) + r"(?!\w|-\w)", re.X)


def group_text(m: re.Match, group: str) -> str | None:
    """The text of a named group, lower-cased with its spaces normalised (None if absent)."""
    value = m.group(group) if group in m.re.groupindex else None
    return " ".join(value.lower().split()) if value else None


def month_of(m: re.Match) -> int:
    return MONTHS[m.group("month").lower().rstrip(".")]


def weekday_of(m: re.Match) -> int:
    return WEEKDAYS[m.group("weekday").lower().rstrip(".")]
