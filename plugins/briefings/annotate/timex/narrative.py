"""Reference times other than the publication date.

News anchors an underspecified expression ("Oct. 28", "in March",
"Saturday") on the day it was published.  Three things move that anchor, as
HeidelTime's narrative mode and TimeML's guidelines have it:

- a passage that narrates the past: after "On Oct. 22, 1962, Kennedy spoke",
  a past-tense "On Oct. 28" is the 28th of that October, not of the year of
  publication.  The passage's reference time is the last fully specified date
  (one that names its year); it holds until an expression anchored on the
  publication date ("yesterday", "last week", "this year") or a date close to
  it brings the story back to the present;
- a quotation from a dated occasion: "today" in "its leaders declared in
  April 2008: 'We agreed today...'" is a day of April 2008;
- the two ends of a range ("between March and May", "from Nov. 30 to
  Jan. 2") are read together, so that the end never comes before the start.

:func:`story_anchor` and :func:`occasion_anchor` say which date to anchor on;
:func:`align_ranges` mends the ends of a range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefings.annotate.syntax import VERBS
from briefings.annotate.timex.tense import PAST
from briefings.model import Timex
from briefings.timevalues import value_span

if TYPE_CHECKING:
    from spacy.tokens import Span

#: rules whose match may leave the year open (when it has no year group)
UNDERSPECIFIED = {"full_date", "day_span", "day_words", "day_words_of", "day_month", "month"}
#: rules read from the last date mentioned ("the following year", "two days later")
ANAPHORIC = {"anaphoric", "unit_before", "ago", "season", "weekday"}
#: rules that are read from the publication date whatever the text says
DEICTIC = {"deictic", "relative", "the_year", "edge_of_unit", "year_end", "ago", "year_ago_adj"}
#: how far back (days) a passage's reference time must lie for the passage to narrate the past
FAR = 300

_YEAR_GROUPS = ("year", "spelled", "iy", "uy", "pyear")
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)")


def names_year(m: re.Match) -> bool:
    """Whether the match writes its year out ("Oct. 22, 1962", "July 2019")."""
    return any(m.groupdict().get(g) for g in _YEAR_GROUPS)


def leaves_year_open(name: str, m: re.Match) -> bool:
    """An expression whose year comes from an anchor: "Oct. 28", "in March"
    (not with "last", "next" or "this", which count from the publication
    date).  Weekdays, seasons and holidays in news are read from the
    publication date even after a date long past: "the company was founded
    in May 1985; on Friday it said" is this Friday."""
    if name not in UNDERSPECIFIED or names_year(m):
        return False
    groups = m.groupdict()
    rel = (groups.get("rel") or "").strip().lower()
    return not (rel and rel != "the") and not groups.get("rel2")


@dataclass(frozen=True)
class Story:
    """The reference time of a passage: the last date that named its year."""

    value: str
    first: dt.date
    last: dt.date

    @property
    def granularity(self) -> str:
        """day, month or year (a week, a season or a quarter count as their year)."""
        if _DAY.match(self.value):
            return "day"
        return "month" if _MONTH.fullmatch(self.value) else "year"


def adverbial(span: Span) -> bool:
    """Whether the expression dates a clause ("On Oct. 22, 1962, Kennedy
    spoke", "Kennedy spoke in October 1962") rather than a noun ("the Dec. 21,
    1988, bombing", "the 1962 crisis") or a relative clause ("which was
    founded in 1946"): only the first sets a passage's time."""
    before = span.doc[span.start - 1] if span.start else None
    if before is not None and before.tag_ in ("DT", "PRP$", "POS") and span[0].tag_ != "DT":
        return False  # "the Dec. 21, 1988, bombing", "Russia's 2014 annexation"
    root = span.root
    head = root.head
    if root.dep_ in ("npadvmod", "tmod", "advmod", "conj") and head.pos_ in VERBS:
        verb = head
    elif root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in VERBS:
        verb = head.head
    else:
        return False
    # a relative clause tells the background of a noun: "Westbrook, which was founded in 1946, named ..."
    return verb.dep_ not in ("relcl", "acl")


def story_of(timex: Timex) -> Story | None:
    """The story a dated expression sets, or None if it has no calendar span."""
    if timex.type not in ("DATE", "TIME"):
        return None
    span = value_span(timex.value)
    if span is None:
        return None
    return Story(timex.value, *map(dt.date.fromisoformat, span))


def is_far(story: Story | None, pub_date: dt.date | None) -> bool:
    """A story of a day or a month well before publication: the passage
    narrates the past.  A year alone ("in 1987") is not enough: news goes
    back to the present without saying so ("a program approved in 1987 ...
    had bought shares through Sept. 29")."""
    return bool(story and pub_date and story.granularity != "year" and (pub_date - story.last).days > FAR)


def is_far_year(story: Story | None, pub_date: dt.date | None) -> bool:
    """A story of a year well before publication ("In 1995, a doctor was shot
    on Nov. 8"): it holds for the rest of its own sentence."""
    return bool(story and pub_date and story.granularity == "year" and (pub_date - story.last).days > FAR)


def story_anchor(story: Story) -> dt.date:
    """The day an underspecified expression in the story is read from: the
    story's day, or the middle of its month or year."""
    if story.granularity == "day":
        return story.first
    if story.granularity == "month":
        return story.first + dt.timedelta(days=14)
    return dt.date(story.first.year, 7, 1)


def quotations(text: str) -> list[tuple[int, int]]:
    """Spans of the text inside quotation marks (curly or straight, paired in order)."""
    spans = []
    for m in re.finditer(r"“([^“”]*)”|(?<![\w])\"([^\"]*)\"", text):
        spans.append((m.start() + 1, m.end() - 1))
    return spans


def inside(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    return next(((lo, hi) for lo, hi in spans if lo <= start and end <= hi), None)


def coarser(value: str, occasion: Story) -> str:
    """``value`` cut to the occasion's precision: "today" on an occasion known
    only as April 2008 is April 2008."""
    if occasion.granularity == "month" and _DAY.match(value):
        return occasion.value[:7]
    if occasion.granularity == "year" and re.match(r"\d{4}-", value):
        return occasion.value[:4]
    return value


_RANGE_GLUE = re.compile(r"\s*(?:-|–|—|to|through|until|till|and)\s*\Z", re.I)
_RANGE_OPEN = re.compile(r"\b(?:from|between)\s*\Z", re.I)
_MONTH_VALUE = re.compile(r"(\d{4})(-\d\d(?:-\d\d)?)\Z")
#: a day named by its weekday is fixed by the week: moved by a year it would be another weekday
_DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
_WEEKDAY_NAME = re.compile(r"(?i)\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b")


def align_ranges(text: str, timexes: list[Timex], explicit: list[bool], tenses: list[str | None]) -> None:
    """Read the two ends of a range together ("between March and May", "from
    Nov. 30 to Jan. 2", "March to May 2012"): an end that leaves its year open
    takes it from the other end, and the end never comes before the start."""
    for i in range(len(timexes) - 1):
        a, b = timexes[i], timexes[i + 1]
        glue = text[a.end : b.start]
        if not _RANGE_GLUE.match(glue) or len(glue) > 10:
            continue
        if glue.strip().lower() == "and" and not _RANGE_OPEN.search(text[max(0, a.start - 10) : a.start]):
            continue
        ma, mb = _MONTH_VALUE.match(a.value), _MONTH_VALUE.match(b.value)
        if not (ma and mb) or explicit[i] and explicit[i + 1]:
            continue
        if text.startswith(("'s", "’s"), b.end):
            continue  # "a revision Friday to December's figures": the second names a noun's time
        if _WEEKDAY_NAME.search(a.text) or _WEEKDAY_NAME.search(b.text):
            _align_weekdays(a, b, explicit[i + 1] or tenses[i + 1] == PAST)
            continue
        ya, yb = int(ma[1]), int(mb[1])
        if explicit[i + 1] or not explicit[i] and tenses[i + 1] == PAST:
            ya = yb if ma[2] <= mb[2] else yb - 1
        else:
            yb = ya if mb[2] >= ma[2] else ya + 1
        a.value, b.value = f"{ya:04d}{ma[2]}", f"{yb:04d}{mb[2]}"


def _align_weekdays(a: Timex, b: Timex, end_fixed: bool) -> None:
    """"from Friday to Monday": days named by their weekday are moved by a
    week (by a year they would be other weekdays), and only when both are
    days, so that the end comes after the start."""
    da, db = _DAY_VALUE.match(a.value), _DAY_VALUE.match(b.value)
    if not (da and db) or da[0] <= db[0]:
        return
    week = dt.timedelta(days=7)
    if end_fixed:
        a.value = (dt.date.fromisoformat(da[0]) - week).isoformat() + a.value[10:]
    else:
        b.value = (dt.date.fromisoformat(db[0]) + week).isoformat() + b.value[10:]
