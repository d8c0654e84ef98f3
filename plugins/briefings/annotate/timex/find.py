"""Temporal expressions: find them in news text and normalise them TIMEX3-style.

A small HeidelTime-like tagger.  Each rule (:mod:`timex.rules`) is a regular
expression over the text plus a function that turns its match into a TIMEX3
``(type, value)`` pair.  All rules run over the whole text; overlapping
matches are resolved in favour of the longest, then the rules are normalised
in text order, so that anaphoric expressions ("that day", "a year earlier")
can use the last date mentioned as their reference.

Expressions that leave the year (or the week) open are anchored on the
publication date; which side of it they fall on comes from the tense of the
clause governing the expression (spaCy's parse, :mod:`timex.tense`): "said
Thursday" is the last Thursday, "will meet Thursday" the next one, and without
a tense the nearest candidate wins.  Without a publication date the unknown
parts stay ``X``.

:func:`normalise` is the pure core (text, anchor date, tense -> type and
value) and is what the tests exercise rule by rule.

Modules: ``timex.vocabulary`` (words, pattern pieces), ``timex.calendar``
(date arithmetic, seasons, holidays), ``timex.anchoring`` (filling in what an
expression leaves open), ``timex.dates`` / ``timex.relative`` /
``timex.amounts`` (the normalisers), ``timex.rules`` (patterns paired with
normalisers), ``timex.plausibility`` (parse-based vetoes), ``timex.tense``.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from briefings.annotate.nlp import doc_text
from briefings.annotate.syntax import AUXILIARIES, governing_verb
from briefings.annotate.timex.amounts import duration_value, parse_number
from briefings.annotate.timex.anchoring import Context, Result
from briefings.annotate.timex.calendar import month_day
from briefings.annotate.timex.narrative import (
    ANAPHORIC,
    DEICTIC,
    Story,
    adverbial,
    align_ranges,
    coarser,
    inside,
    is_far,
    is_far_year,
    leaves_year_open,
    names_year,
    quotations,
    story_anchor,
    story_of,
)
from briefings.annotate.timex.plausibility import plausible
from briefings.annotate.timex.rules import RULES, TRIGGERS
from briefings.annotate.timex.tense import FUTURE, PAST, PRESENT, clause_tense, expression_tense
from briefings.model import Timex
from briefings.timevalues import value_span

__all__ = [
    "FUTURE",
    "PAST",
    "PRESENT",
    "clause_tense",
    "duration_value",
    "find_timexes",
    "normalise",
    "parse_number",
]


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


def _candidates(doc: Doc) -> list[tuple[int, int, int, re.Match]]:
    """Every plausible rule match, overlapping ones resolved longest first."""
    text = doc_text(doc)
    found = []
    for index, (name, rx, _) in enumerate(RULES):
        if (trigger := TRIGGERS.get(name)) and not trigger.search(text):
            continue
        for m in rx.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None and len(span) and plausible(name, m, span):
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
_QUARTER = re.compile(r"\d{4}-Q\d")
_SEASON_VALUE = re.compile(r"\d{4}-(?:SP|SU|FA|WI)")
#: the closing day of a quarter named just before ("the quarter ended Sept. 30"): the quarter stays the reference
_PERIOD_VALUE = re.compile(r"\d{4}-[QH]\d")
#: a reporting period longer than a quarter ("the nine months", "the year"), after which comparisons are by year
_REPORTING_PERIOD = re.compile(
    r"(?i)the\s+(?:(?:first\s+)?(?:six|nine|6|9|12|twelve)\s+months|(?:fiscal\s+|full\s+)?year)"
)
_CLOSES_PERIOD = re.compile(
    r"(?i)\b(?:quarter|half|year|months|period),?\s+(?:(?:which|that)\s+)?(?:ended|ending|ends)\s+(?:on\s+)?\Z"
)


_BOUNDS = ("since", "until", "till")


def _bounds_an_interval(span) -> bool:
    """The expression bounds an interval reaching the story's time: the start
    of a comparison looking back ("the hottest since records began in 1881",
    "the lowest since 1995") or the end of a state ("schools stay shut until
    Monday").  A background, not the time the story moves to."""
    token = span.root
    for _ in range(4):
        if token.lower_ in _BOUNDS and token.dep_ in ("prep", "mark"):
            return True
        if token.head.i == token.i or token.dep_ in ("ROOT", "ccomp", "conj", "relcl", "xcomp"):
            return False
        if token.dep_ == "advcl":
            return any(c.lower_ in _BOUNDS and c.dep_ == "mark" for c in token.children)
        token = token.head
    return False


def _new_reference(timex: Timex, tense: str | None, ref: str | None, pub_date: dt.date | None) -> bool:
    """Whether ``timex`` becomes the reference for the anaphoric expressions after it.

    Any specific date or time does, except one computed from the reference
    itself, and two kinds of quarter in results stories, whose comparisons
    ("a year ago", "the latest quarter") concern the latest period reported:
    a quarter not over by publication and not reported in the past tense
    (an outlook: "will result in a fourth-quarter charge", in November; a
    fiscal fourth quarter that "reported" results is over), and a quarter
    before the current reference ("after a flat second quarter", in a story
    on the third); nor does a season while a quarter or half is the reference.
    """
    value = timex.value
    if timex.type not in ("DATE", "TIME") or not value[:4].isdigit() or _RELATIVE_TO_REF.search(timex.text):
        return False
    if ref and _PERIOD_VALUE.fullmatch(ref) and _SEASON_VALUE.fullmatch(value):
        return False  # "fell in the quarter ... after a wet summer": a season is no reporting period
    if _QUARTER.fullmatch(value):
        last_day = dt.date.fromisoformat(value_span(value)[1])
        if pub_date and tense != PAST and last_day >= pub_date:
            return False
        if ref and _QUARTER.fullmatch(ref) and value < ref:
            return False
    return True


_MODS = [
    (re.compile(r"(?i)(?:the\s+)?(?:early|start\s+of|beginning\s+of|dawn\s+of)\b"), "START"),
    (re.compile(r"(?i)(?:the\s+)?(?:mid|middle\s+of)\b"), "MID"),
    (re.compile(r"(?i)(?:the\s+)?(?:late|end\s+of|close\s+of)\b"), "END"),
    (re.compile(r"(?i)(?:about|around|approximately|roughly|some|circa)\b"), "APPROX"),
    (re.compile(r"(?i)(?:more\s+than|over|well\s+over|just\s+over)\b"), "MORE_THAN"),
    (re.compile(r"(?i)(?:less\s+than|fewer\s+than|nearly|almost|just\s+under|under)\b"), "LESS_THAN"),
    (re.compile(r"(?i)at\s+least\b"), "EQUAL_OR_MORE"),
    (re.compile(r"(?i)pre-"), "BEFORE"),
    (re.compile(r"(?i)post-"), "AFTER"),
    (re.compile(r"(?i)(?:at\s+most|up\s+to|no\s+more\s+than)\b"), "EQUAL_OR_LESS"),
]


def timex_mod(text: str, type_: str) -> str | None:
    """TimeML's ``mod`` of an expression, read off its first words: "early
    2022" START, "mid-2011" MID, "late January" END, "about two years" APPROX."""
    for rx_, mod in _MODS:
        if rx_.match(text):
            if mod in ("START", "MID", "END") and type_ not in ("DATE", "TIME"):
                return None
            return mod
    return None


def find_timexes(doc: Doc, pub_date: dt.date | None) -> list[Timex]:
    """Every temporal expression of ``doc``, in text order, TIMEX3-normalised.

    Underspecified expressions are anchored on the publication date, or on
    the reference time of a passage narrating the past, or on the occasion of
    the quotation they are in (:mod:`timex.narrative`).
    """
    text = doc_text(doc)
    quotes = quotations(text)
    timexes: list[Timex] = []
    explicit: list[bool] = []
    tenses: list[str | None] = []
    pending: list[tuple[int, re.Match, tuple[int, int]]] = []  # deictic words in quotations
    ref = None
    story: Story | None = None
    story_sentence = -1  # where the story's date is: a year alone sets a story for its own sentence
    for start, end, index, m in _candidates(doc):
        name, _, rule = RULES[index]
        span = doc.char_span(start, end, alignment_mode="expand")
        tense = expression_tense(span)
        quoted = inside(quotes, start, end)
        ctx = Context(pub_date, tense, ref)
        far = is_far(story, pub_date) or story_sentence == span.sent.start and is_far_year(story, pub_date)
        narrated = leaves_year_open(name, m) and tense == PAST and far
        result = None
        if narrated:
            result, narrated = _narrated_reading(rule, m, _story_context(story, name, span, ref), story, ctx)
        else:
            result = rule(m, ctx)
        if result is None:
            continue
        value = result[1]
        timex = Timex(m.group(0), start, end, result[0], value, timex_mod(m.group(0), result[0]))
        timexes.append(timex)
        explicit.append(names_year(m))
        tenses.append(tense)
        rereads = quoted and name in DEICTIC | {"weekday"} and not narrated
        if rereads:
            pending.append((len(timexes) - 1, m, quoted))
        closes_ref = ref and _PERIOD_VALUE.fullmatch(ref) and _CLOSES_PERIOD.search(text[max(0, start - 30) : start])
        # a quoted "this week" is read again from its occasion below: the narration's reference stays
        if (_new_reference(timex, tense, ref, pub_date) and not closes_ref and name != "unit_before" and not rereads
                and not _bounds_an_interval(span)):
            ref = timex.value
        elif ref and _PERIOD_VALUE.fullmatch(ref) and _REPORTING_PERIOD.fullmatch(timex.text):
            ref = ref[:4]  # "for the nine months ... year-earlier": no longer the quarter, but its year
        if (names_year(m) or narrated or name in ANAPHORIC and _FROM_REF.search(timex.text)) and adverbial(span):
            story = story_of(timex) or story
            story_sentence = span.sent.start
        elif (name in DEICTIC | {"weekday"} or leaves_year_open(name, m)) and not quoted:
            story = None  # read from the publication date: back to the present
    for i, m, quoted in pending:
        _read_in_occasion(doc, timexes, i, m, quoted, quotes, pub_date)
    align_ranges(text, timexes, explicit, tenses)
    return _second_days(doc, text, timexes)


#: "April 24 and 25", "June 26-28", "March 3 to 5, 2012": a second day of the same month
_SECOND_DAY = re.compile(
    r"(?:\s*[-–]\s*|\s+(?:and|or|to|through|until|till)\s+)([0-3]?\d)(?:st|nd|rd|th)?(?!\d|[.,:]\d|-\w)"
    r"(?:,?\s+((?:1[6-9]|20)\d\d)(?![\d%]))?"
)
_DAY_VALUE = re.compile(r"(\d{4})-(\d\d)-(\d\d)\Z")


def _second_days(doc: Doc, text: str, timexes: list[Timex]) -> list[Timex]:
    """Add the bare second day of "April 24 and 25" or "June 26-28" (read in
    the month and year of the first), and give a first day the year that
    only the second names ("Sept. 14 and 18, 2010")."""
    out: list[Timex] = []
    dropped: set[int] = set()
    for i, timex in enumerate(timexes):
        if i in dropped:
            continue
        out.append(timex)
        day = _DAY_VALUE.match(timex.value)
        after = _SECOND_DAY.match(text, timex.end)
        if not (day and after and timex.type == "DATE" and timex.text[-1:].isdigit()):
            continue
        following = timexes[i + 1] if i + 1 < len(timexes) else None
        if following and following.start < after.end():
            if not (after.group(2) and following.start == after.start(2) and following.value == after.group(2)):
                continue  # the number is part of the next expression
            dropped.add(i + 1)  # the year of "Sept. 14 and 18, 2010" is the days' year
        number = doc.char_span(after.start(1), after.end(1), alignment_mode="expand")
        if number is not None and number.root.dep_ == "nummod" and number.root.head.i > number.root.i:
            dropped.discard(i + 1)
            continue  # an amount: "on March 5 and 6 people died"
        year = after.group(2) or day[1]
        second = month_day(int(year), int(day[2]), int(after.group(1)))
        if second is None or second.isoformat() <= f"{year}-{day[2]}-{day[3]}":
            dropped.discard(i + 1)
            continue
        if after.group(2):
            timex.value = f"{year}-{day[2]}-{day[3]}"
        start, end = after.start(1), after.end(2) if after.group(2) else after.end(1)
        out.append(Timex(text[start:end], start, end, "DATE", second.isoformat(), None))
    return out


_FROM_REF = re.compile(r"(?i)\b(?:that|same|following|next|previous|preceding|prior|earlier|later)\b")


def _story_context(story: Story, name: str, span, ref: str | None) -> Context:
    """How an expression is read inside a story: from the story's day, forward
    (a narrative moves on) unless the clause is in the pluperfect."""
    return Context(story_anchor(story), PAST if _pluperfect_clause(span) else FUTURE, ref)


def _narrated_reading(rule, m: re.Match, story_ctx: Context, story: Story, ctx: Context) -> tuple[Result, bool]:
    """The reading of a year-less date in a passage narrating the past, and
    whether it is the story's: the story's day unless the publication date
    has a past reading nearer to it than the story's is to the story
    ("observed in January 2023 ... published on March 11", in March 2024,
    is this March 11).  Returns (result, read in the story)."""
    in_story = rule(m, story_ctx)
    if in_story is None or ctx.anchor is None:
        return in_story, in_story is not None
    from_publication = rule(m, ctx)
    if from_publication is None or _after(from_publication[1], ctx.anchor):
        return in_story, True  # told in the past tense: not a date to come
    if _distance(from_publication[1], ctx.anchor) < _distance(in_story[1], story_anchor(story)):
        return from_publication, False
    return in_story, True


def _after(value: str, anchor: dt.date) -> bool:
    span = value_span(value)
    return span is not None and dt.date.fromisoformat(span[0]) > anchor


def _distance(value: str, anchor: dt.date) -> int:
    """Days between ``anchor`` and the calendar span of ``value`` (0 inside it)."""
    span = value_span(value)
    if span is None:
        return 1 << 30
    lo, hi = map(dt.date.fromisoformat, span)
    return 0 if lo <= anchor <= hi else min(abs((lo - anchor).days), abs((hi - anchor).days))


def _pluperfect_clause(span) -> bool:
    verb = governing_verb(span)
    return verb is not None and any(c.dep_ in AUXILIARIES and c.lower_ in ("had", "'d", "’d") for c in verb.children)


def _read_in_occasion(doc, timexes, i, m, quoted, quotes, pub_date) -> None:
    """Read "today", "this week", "Monday" in a quotation from the date of the
    occasion it was said at: a date in the same sentences outside the quotation."""
    timex = timexes[i]
    lo, hi = quoted
    sentences = [s for s in doc.sents if s.start_char <= hi and lo <= s.end_char]
    if not sentences:
        return
    first, last = sentences[0].start_char, sentences[-1].end_char
    text = doc_text(doc)
    first = max(first, text.rfind("\n", 0, lo) + 1)
    last = min(last, text.find("\n", hi) % (len(text) + 1))
    occasions = [
        t for t in timexes
        if first <= t.start < last and not inside(quotes, t.start, t.end) and story_of(t) and t.value[:4].isdigit()
        and t.type in ("DATE", "TIME") and not _DURATION_LIKE.search(t.text)
    ]
    if not occasions:
        return
    occasion = min(occasions, key=lambda t: min(abs(t.start - hi), abs(t.end - lo)))
    story = story_of(occasion)
    if pub_date and story.first <= pub_date <= story.last:
        return
    name, _, rule = RULES[_rule_index(m)]
    result = rule(m, Context(story.first, None, occasion.value))
    if result is not None:
        timex.value = coarser(result[1], story)


_DURATION_LIKE = re.compile(r"(?i)\b(?:ago|earlier|later|since)\b")


def _rule_index(m: re.Match) -> int:
    return next(i for i, (_, rx_, _) in enumerate(RULES) if rx_ is m.re)
