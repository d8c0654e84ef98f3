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
from briefings.annotate.timex.amounts import duration_value, parse_number
from briefings.annotate.timex.anchoring import Context, Result
from briefings.annotate.timex.plausibility import plausible
from briefings.annotate.timex.rules import RULES
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


def _new_reference(timex: Timex, tense: str | None, ref: str | None, pub_date: dt.date | None) -> bool:
    """Whether ``timex`` becomes the reference for the anaphoric expressions after it.

    Any specific date or time does, except one computed from the reference
    itself, and two kinds of quarter in results stories, whose comparisons
    ("a year ago", "the latest quarter") concern the latest period reported:
    a quarter not over by publication and not reported in the past tense
    (an outlook: "will result in a fourth-quarter charge", in November; a
    fiscal fourth quarter that "reported" results is over), and a quarter
    before the current reference ("after a flat second quarter", in a story
    on the third).
    """
    value = timex.value
    if timex.type not in ("DATE", "TIME") or not value[:4].isdigit() or _RELATIVE_TO_REF.search(timex.text):
        return False
    if _QUARTER.fullmatch(value):
        last_day = dt.date.fromisoformat(value_span(value)[1])
        if pub_date and tense != PAST and last_day >= pub_date:
            return False
        if ref and _QUARTER.fullmatch(ref) and value < ref:
            return False
    return True


def find_timexes(doc: Doc, pub_date: dt.date | None) -> list[Timex]:
    """Every temporal expression of ``doc``, in text order, TIMEX3-normalised."""
    timexes = []
    ref = None
    for start, end, index, m in _candidates(doc):
        span = doc.char_span(start, end, alignment_mode="expand")
        tense = expression_tense(span)
        result = RULES[index][2](m, Context(pub_date, tense, ref))
        if result is None:
            continue
        timex = Timex(m.group(0), start, end, *result)
        timexes.append(timex)
        if _new_reference(timex, tense, ref, pub_date):
            ref = timex.value
    return timexes
