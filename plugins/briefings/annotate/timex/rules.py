"""The rules of the tagger: each a pattern (over the raw text) and the
normaliser that turns its match into a TIMEX3 ``(type, value)``.

Order matters only between matches of equal extent: the first rule wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from briefings.annotate.timex.amounts import (
    r_accounting_year,
    r_duration,
    r_month_set,
    r_set,
    r_set_adverb,
    r_unit_long,
    r_vague_units,
    r_weekday_set,
)
from briefings.annotate.timex.anchoring import Context, Result
from briefings.annotate.timex.calendar import HOLIDAYS
from briefings.annotate.timex.dates import (
    r_century,
    r_clock,
    r_decade,
    r_deictic_day,
    r_full_date,
    r_holiday,
    r_iso,
    r_month,
    r_ordinal_day,
    r_part_of_day,
    r_season,
    r_spelled_year,
    r_weekday,
    r_weekend,
    r_year,
    spelled_year,
)
from briefings.annotate.timex.relative import (
    r_ago,
    r_anaphoric,
    r_quarter,
    r_quarter_code,
    r_ref,
    r_relative,
    r_unit_before,
    r_year_ago_adj,
)
from briefings.annotate.timex.tense import PAST
from briefings.annotate.timex.vocabulary import DAY_WORDS, ORDINALS, SET_ADVERBS, WEEKDAY_NAMES, P, rx


def r_day_words(m: re.Match, ctx: Context) -> Result:
    """Days read out, as in broadcast transcripts: 'February twenty-third',
    'the eighth of March'."""
    word = " ".join(m.group("dayword").lower().split())
    return r_full_date(_WithDay(m, DAY_WORDS[word]), ctx)


class _WithDay:
    """A match whose "day" group reads as the day given (for the normalisers of digits)."""

    def __init__(self, m: re.Match, day: int):
        self._m, self._day = m, day

    def group(self, name):
        if name == "year" and self._m.group("spelled"):
            return str(spelled_year(self._m.group("spelled")))
        return str(self._day) if name == "day" else self._m.group(name)

    def groupdict(self):
        return {**self._m.groupdict(), "day": str(self._day)}


def r_someday(m: re.Match, ctx: Context) -> Result:
    """'will one day be', 'someday': an unknown time ahead (behind, told in the past)."""
    return "DATE", "PAST_REF" if ctx.tense == PAST else "FUTURE_REF"


def r_day_span(m: re.Match, ctx: Context) -> Result:
    """The first day of "June 26-28" (a later day of the month must follow:
    "May 4-2" is a score)."""
    if not int(m.group("day")) < int(m.group("last")) <= 31:
        return None
    return r_full_date(m, ctx)


_DAYS = {"full_date", "weekday", "deictic", "holiday"}
_REL = r"(?P<rel>(?i:this|last|next|past|coming|previous|current))\s+"
_HOLIDAY = "|".join(HOLIDAYS)
#: (name, pattern, normaliser); names are used by the spaCy checks below.
RULES: list[tuple[str, re.Pattern, Callable[[re.Match, Context], Result]]] = [
    (
        "iso",
        rx(r"(?:(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)|(?P<um>1[0-2]|0?[1-9])/(?P<ud>[0-3]?\d)/(?P<uy>(?:19|20)?\d\d))"),
        r_iso,
    ),
    (
        "full_date",
        rx(r"(?:{WEEKDAY},?\s+)?(?:{MOD})?{MONTH_D}\s+{DAY}(?:,?\s+{YEAR})?(?!,\d)"),
        r_full_date,
    ),
    (
        # the first day of "June 26-28": the second is added after normalisation
        "day_span",
        re.compile(
            r"(?<![\w'’-])" + r"{MONTH_D}\s+{DAY}(?P<year>(?!))?(?=[-–](?P<last>[0-3]?\d)(?!\d|-\w))".format(**P), re.X
        ),
        r_day_span,
    ),
    (
        "day_words",
        rx(r"{MONTH_D}\s+(?:(?i:the)\s+)?(?P<dayword>{DAY_WORDS})(?:,?\s+(?:{YEAR}|{SPELLED_YEAR}))?"),
        r_day_words,
    ),
    (
        "day_words_of",
        rx(r"(?:(?i:the)\s+)?(?P<dayword>{DAY_WORDS})\s+(?i:of)\s+{MONTH}(?:,?\s+(?:{YEAR}|{SPELLED_YEAR}))?"),
        r_day_words,
    ),
    (
        "day_month",
        rx(r"(?:(?i:the)\s+)?{DAY}\s+(?:(?i:of)\s+)?{MONTH}(?:,?\s+{YEAR})?"),
        r_full_date,
    ),
    (
        "month",
        rx(
            r"(?:{MOD})?(?:" + _REL + r")?{MONTH}(?!\s+[0-3]?\d(?:st|nd|rd|th)?\b(?!,\d))"
            r"(?:,?\s+(?:(?i:of)\s+)?(?:{YEAR}|{SPELLED_YEAR})|\s+(?P<rel2>(?i:this|last|next))\s+(?i:year))?"
        ),
        r_month,
    ),
    (
        "year",
        rx(r"(?:{MOD}|(?i:pre|post)-)?(?:(?i:(?:the\s+)?(?:fiscal|calendar)(?:\s+year)?|the\s+year|FY)\s*)?{YEAR}"),
        r_year,
    ),
    ("decade", rx(r"(?:(?i:the)\s+)?(?:{MOD})?(?P<decade>(?:1[5-9]|20)\d0|['’]\d0)['’]?s"), r_decade),
    (
        "spelled_year",
        rx(
            r"(?:(?i:the\s+year)\s+)?{SPELLED_YEAR}(?!\s+(?i:years|days|people|dollars)\b)"
            r"|(?i:the)\s+(?:{MOD})?(?P<decade_word>(?i:twenties|thirties|forties|fifties|sixties|seventies|"
            r"eighties|nineties))"
        ),
        r_spelled_year,
    ),
    (
        "century",
        rx(
            r"(?:(?i:the)\s+)?(?:{MOD})?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|(?i:"
            + "|".join(sorted((w for w in ORDINALS if w not in ("last", "final")), key=len, reverse=True))
            + r"))[\s-](?i:century)"
        ),
        r_century,
    ),
    (
        "relative",
        rx(
            r"(?:{MOD})?(?P<rel>(?i:this|last|next|past|coming|previous|current|the\s+current|the\s+full|"
            r"the\s+previous|the\s+coming|the\s+past|the\s+last|the\s+next))\s+(?P<unit>(?i:week|weekend|month|quarter|year|fiscal\s+year|decade|century))"
        ),
        r_relative,
    ),
    (
        "accounting_year",
        rx(r"(?i:the\s+(?:fiscal\s+|full\s+)?year)(?=\s+(?i:ended|ending)\b)"),
        r_accounting_year,
    ),
    (
        "the_year",
        rx(r"(?P<rel>(?i:the))\s+(?P<unit>(?i:(?:fiscal\s+)?year))(?!-|\s+(?i:ended|ending|before|after|earlier|later|ago|when|that)\b)"),
        r_relative,
    ),
    (
        "edge_of_unit",
        rx(r"{MOD}(?P<rel>(?i:the))\s+(?P<unit>(?i:week|month|year|decade|century))"),
        r_relative,
    ),
    (
        "year_end",
        rx(r"(?P<rel>)(?P<unit>(?i:year|month))(?:[\s-]|['’]s\s+)(?i:end)"),
        r_relative,
    ),
    (
        "anaphoric",
        rx(
            r"(?:(?P<mod>(?i:earlier|later|early|late))\s+)?(?P<rel>(?i:that(?:\s+same)?|the\s+same|the\s+following|the\s+next|"
            r"the\s+previous|the\s+preceding|the\s+prior))\s+(?P<unit>(?i:day|week|weekend|month|quarter|year|"
            r"morning|afternoon|evening|night))"
        ),
        r_anaphoric,
    ),
    (
        "unit_before",
        rx(r"(?i:the)\s+(?P<unit>(?i:day|week|month|year))\s+(?P<dir>(?i:before|after|earlier|later))"),
        r_unit_before,
    ),
    (
        "ago",
        rx(
            r"(?:{APPROX})?(?P<num>{NUM}|{VAGUE})[\s-]+{UNIT}(?:\s+(?i:or\s+so))?\s+"
            r"(?P<dir>(?i:ago|from\s+(?:now|today)|hence|(?:earlier|later)(?!\s+(?i:this|last|next)\b)))"
        ),
        r_ago,
    ),
    ("year_ago_adj", rx(r"(?i:year-(?:ago|earlier))(?!\s+(?i:quarter|period|half))"), r_year_ago_adj),
    (
        "quarter",
        rx(
            r"(?P<pre>(?i:the|this\s+year['’]s|last\s+year['’]s|next\s+year['’]s)\s+(?![\w]+-(?i:quarter|half)))?"
            r"(?:(?P<pyear>(?:1[6-9]|20)\d\d)\s+)?"
            r"(?P<adjs>(?:(?i:fiscal|latest|current|same|comparable|corresponding|year-ago|year-earlier|prior-year|"
            r"previous|prior|recent|just-ended|most\s+recent)[\s-]+)*)"
            r"(?:(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+(?:(?i:fiscal)[\s-]+)?)?"
            r"(?P<qu>(?i:quarter|half|period))"
            r"(?!\s+(?i:of)\s+(?!(?i:fiscal\s+)?(?:1[6-9]|20)\d\d|[A-Z]{{0,2}}[$#£€]|{ANY_QREL}))"
            r"(?:\s+(?:(?i:of|in|ended)\s+)?(?:(?i:fiscal)\s+)?{YEAR}|(?P<ago>\s+(?i:a\s+year\s+(?:ago|earlier)))"
            r"|\s+(?:(?i:of|in)\s+)?{QREL})?"
        ),
        r_quarter,
    ),
    (
        "quarter_code",
        rx(r"(?P<code>Q[1-4]|H[12])(?:(?:\s+|-)(?:(?i:of|fiscal)\s+)?{YEAR})?"),
        r_quarter_code,
    ),
    (
        "set",
        rx(
            r"(?:(?i:once|twice|thrice|\w+\s+times)\s+)?(?i:every|each|per|a|an)\s+(?!(?i:couple)\b)(?:(?P<every>{NUM}|(?i:other))\s+)?"
            r"(?P<unit>(?i:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|seasons?))"
        ),
        r_set,
    ),
    ("someday", rx(r"(?i:one\s+day|some\s*day)"), r_someday),
    (
        "duration",
        rx(
            r"(?:(?i:the)\s+(?![\w.]+-))?(?:(?i:past|last|next|coming|previous|following|first|final|initial|latest|"
            r"remaining|additional|other)\s+)?(?:{APPROX})?(?P<num>{NUM}|{VAGUE})[\s-]+(?:(?i:more|additional|straight|"
            r"consecutive|full|long)[\s-]+)?{UNIT}(?P<half>\s+(?i:and\s+a\s+half))?(?:-long)?(?!-old|\s+old\b)"
            r"(?!(?<=quarter)\s+of\b)(?!(?<=quarters)\s+of\b)"
        ),
        r_duration,
    ),
    (
        "vague_units",
        rx(
            r"(?:(?i:the)\s+)?(?:(?i:recent|coming|past|last|next|following|previous|first)\s+)?"
            r"(?P<unit>(?i:hours|days|weeks|months|years|decades|centuries))"
            r"(?:\s+(?i:or|and)\s+(?i:hours|days|weeks|months|years|decades))?(?!\s+(?i:ago)\b)"
        ),
        r_vague_units,
    ),
    ("unit_long", rx(r"(?P<unit>(?i:hour|day|week|month|year|decade)s?)-(?i:long)"), r_unit_long),
    (
        "season",
        rx(
            r"(?:{MOD})?(?:(?P<rel>(?i:this|last|next|past|coming|the|that|every|each|current|the\s+same))[\s-]+)?"
            r"(?P<season>(?i:spring|summer|fall|autumn|winter))(?:\s+(?:(?i:of)\s+)?(?:{YEAR}|{SPELLED_YEAR}))?"
        ),
        r_season,
    ),
    ("holiday", rx(r"(?:" + _REL + r")?(?P<holiday>" + _HOLIDAY + r")(?:,?\s+{YEAR})?"), r_holiday),
    (
        "weekday",
        rx(r"(?:(?P<rel>(?i:this|last|next|past|coming|previous|following|current))\s+)?{WEEKDAY}(?:\s+{PART})?"),
        r_weekday,
    ),
    ("weekend", rx(r"(?i:the\s+weekend)"), r_weekend),
    (
        "weekday_set",
        rx(
            r"(?:(?P<each>(?i:every|each))\s+)?(?P<weekday>" + WEEKDAY_NAMES + r")"
            r"(?(each)|(?=s\b|\s+(?i:morning|afternoon|evening|night)s\b))s?(?:\s+{PART}(?(each)|s))?"
        ),
        r_weekday_set,
    ),
    ("month_set", rx(r"(?i:every|each)\s+{MONTH}"), r_month_set),
    (
        "deictic",
        rx(
            r"(?:(?i:early|late)\s+)?(?P<deixis>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|"
            r"today|tonight|yesterday|tomorrow|last(?=\s+night)|this(?=\s+(?:morning|afternoon|evening)))"
            r")(?:\s+{PART})?"
        ),
        r_deictic_day,
    ),
    (
        "ref",
        rx(
            r"(?P<refword>(?i:now|currently|current|nowadays|these\s+days|at\s+present|presently|recently|"
            r"lately|the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future|the\s+(?:near|short|long)\s+term|"
            r"the\s+(?:recent\s+|distant\s+)?past))"
        ),
        r_ref,
    ),
    ("set_adverb", rx(r"(?i:" + "|".join(SET_ADVERBS) + ")"), r_set_adverb),
    (
        "part_of_day",
        rx(
            r"(?:(?P<the>(?i:the))\s+)?(?!(?i:midnight))(?:(?P<pmod>(?i:early|late|mid))[\s-]?)?{PART}"
            r"(?:\s+(?:(?P<deixis>(?i:yesterday|today|tomorrow))|(?:(?P<rel>(?i:last|this|next))\s+)?{WEEKDAY}))?"
        ),
        r_part_of_day,
    ),
    (
        "ordinal_day",
        rx(
            r"(?:(?<=\b(?i:on)\s)|(?<=\b(?i:by)\s)|(?<=\b(?i:until)\s)|(?<=\b(?i:since)\s)|(?<=\b(?i:from)\s))"
            r"(?i:the\s+)(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?!\s+(?i:of)\b)"
        ),
        r_ordinal_day,
    ),
    (
        "clock",
        rx(
            r"(?:(?P<hour>[012]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am|pm)(?!\w))"
            r"|{CLOCK_CUE}(?P<hour24>[012]?\d):(?P<minute24>[0-5]\d)(?![.:]?\d)"
            r"|(?P<hourz>[012]?\d)[:.h](?P<minutez>[0-5]\d)(?=\s*{ZONE})"
            r"|(?P<military>[012]\d[0-5]\d)(?=\s*{ZONE})"
            r"|(?P<word>(?i:noon|midnight|midday))"
            r"|(?P<hourp>1[0-2]|0?[1-9])(?::(?P<minutep>[0-5]\d))?(?:\s+(?i:o['’]clock))?\s+"
            r"(?P<daypart>(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)))"
            r"(?:\s*{ZONE}|\s+(?i:local\s+time))?"
            r"(?:,?\s+(?:(?i:on)\s+)?(?:{WEEKDAY}|(?P<deixis>(?i:today|yesterday|tomorrow))"
            r"|{MONTH_D}\s+{DAY}(?:,?\s+{YEAR})?(?!,\d)))?"
        ),
        r_clock,
    ),
]

_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
#: words without which a rule cannot match: a text lacking them skips the rule (a speed-up only;
#: each is implied by the rule's own pattern)
TRIGGERS: dict[str, re.Pattern] = {
    name: re.compile(pattern)
    for name, pattern in {
        "full_date": _MONTH_WORD,
        "day_span": _MONTH_WORD,
        "day_words": _MONTH_WORD,
        "day_words_of": _MONTH_WORD,
        "day_month": _MONTH_WORD,
        "month": _MONTH_WORD,
        "month_set": _MONTH_WORD,
        "decade": r"0['’]?s\b",
        "century": r"(?i)century",
        "relative": r"(?i)week|month|quarter|year|decade|century",
        "accounting_year": r"(?i)year",
        "the_year": r"(?i)year",
        "edge_of_unit": r"(?i)week|month|year|decade|century",
        "year_end": r"(?i)end",
        "anaphoric": r"(?i)day|week|month|quarter|year|morning|afternoon|evening|night",
        "unit_before": r"(?i)before|after|earlier|later",
        "ago": r"(?i)ago|from|hence|earlier|later",
        "year_ago_adj": r"(?i)year-",
        "quarter": r"(?i)quarter|half|period",
        "quarter_code": r"[QH][1-4]",
        "someday": r"(?i)day",
        "unit_long": r"(?i)-long",
        "season": r"(?i)spring|summer|fall|autumn|winter",
        "weekday": r"day\b|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\.",
        "weekend": r"(?i)weekend",
        "weekday_set": r"day",
        "part_of_day": r"(?i)morning|afternoon|evening|night",
        "ordinal_day": r"\d(?:st|nd|rd|th)",
    }.items()
}
