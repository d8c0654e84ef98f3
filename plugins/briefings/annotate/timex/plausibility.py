"""spaCy's view on pattern matches the patterns alone cannot settle: "May" the
modal, "fall" the verb, "1,989" the number, "a quarter of the votes"."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from briefings.annotate.timex.vocabulary import MONTHS, SEASONS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Span

TIME_WORDS = "|".join([*MONTHS, *WEEKDAYS, *SEASONS, "christmas", "easter", "summer", "spring", "fiscal", "year"])


_NON_TEMPORAL_ENTS = {"PERSON", "ORG", "WORK_OF_ART", "EVENT", "FAC", "PRODUCT", "LAW", "GPE", "NORP", "LOC"}
_SEASON_PREPS = {
    "in", "during", "since", "by", "until", "till", "through", "over", "throughout", "before", "after", "from",
}
_SET_COUNTERS = {"once", "twice", "thrice", "times"}
#: expressions that still date the event whose name they are in: "the Aug. 7 bombings", "the 2012 Olympics"
_DATES_OF_EVENTS = {"full_date", "day_month", "iso", "year"}
#: prepositions after which "the morning", "mid-afternoon" is the part of the day told about
_PART_PREPS = {"in", "during", "through", "throughout", "by", "until", "till", "since", "from", "all", "into"}


def plausible(name: str, m: re.Match, span: Span) -> bool:
    """spaCy's view on matches the patterns alone cannot settle."""
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if name not in ("holiday", "clock") and any(t.ent_type_ in _NON_TEMPORAL_ENTS for t in span):
        # a full date still dates the event it names: "the Aug. 7 embassy bombings"
        if not (name in _DATES_OF_EVENTS and all(t.ent_type_ in ("EVENT", "DATE", "") for t in span)):
            return False
    if name == "year" and not m.group("mod") and len(span) == 1 and not m.group(0)[0].isalpha():
        token = span[0]
        if token.ent_type_ in ("CARDINAL", "MONEY", "QUANTITY", "PERCENT"):
            return False
        if token.dep_ == "nummod" and token.ent_type_ != "DATE":
            return False
        if prev is not None and prev.text in ("$", "#", "No.", "No"):
            return False
        if _name_before(prev, span):
            return False  # a number in a name: "the Russell 2000", "Windows 2000", "Euro 2012"
    if name == "season":
        if m.group("season").lower() in ("fall", "spring") and span[-1].pos_ == "VERB":
            return False
        if not m.group("year"):
            if nxt is not None and nxt.lower_ == "of":
                return False
            if not (m.group("rel") or m.group("mod")) and not _after_preposition(span, _SEASON_PREPS):
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
        if prev is not None and prev.tag_ in ("DT", "JJ") and any(c.dep_ == "prep" for c in span[0].children):
            return False  # the noun: "the annual March for Life", "the March on Washington"
    if name == "set" and m.group(0).split()[0].lower() in ("a", "an"):
        if prev is None or not (prev.tag_ in ("CD", "NNS", "NN", "$") or prev.lower_ in _SET_COUNTERS):
            return False
    if name in ("duration", "ago", "set", "vague_units"):
        unit = next((t for t in reversed(span) if t.lower_.startswith(m.group("unit").lower()[:3])), span[-1])
        if unit.pos_ not in ("NOUN", "PROPN", "NUM"):
            return False
        before = [t.lower_ for t in doc[max(0, unit.i - 2) : unit.i]]
        if before[-1:] == ["light"] or before == ["light", "-"]:
            return False  # "450 light years from Earth": a distance
    if name == "vague_units" and prev is not None and prev.pos_ == "NUM":
        return False
    if name == "vague_units" and prev is not None and prev.lower_ in ("early", "small", "wee") and m.group(
        "unit"
    ).lower() == "hours":
        return False  # "the early hours of Thursday": a part of the day, dated by what follows
    if name == "ref" and m.group(0).lower() == "current":
        return span[0].pos_ == "ADJ"
    if name == "set_adverb" and span[0].dep_ == "amod":
        return False  # "a quarterly dividend", "a daily newspaper"
    if name == "clock" and m.group("word") and prev is not None and prev.lower_ == "high":
        return False  # "high noon": a showdown, not a time
    if name in ("deictic", "ref") and span[0].text[0].isupper() and not span[0].is_sent_start and prev is not None:
        if prev.pos_ == "PROPN" and prev.text[0].isupper() and prev.whitespace_:
            return False  # a name: "USA Today", "VOA Today", "BBC Radio 4's Today" is caught by the entity
    if name == "someday" and m.group(0).lower().startswith("one") and (nxt is None or nxt.pos_ not in ("VERB", "AUX")):
        return False  # "one day" before a verb is "someday"; elsewhere a day's length
    if name == "unit_before" and (
        nxt is not None and nxt.pos_ in ("DET", "NOUN", "PROPN", "NUM", "PRON", "ADJ")
        or any(c.dep_ in ("pobj", "pcomp") for c in span[-1].children)
    ):
        return False  # "the day before the election", "the day before returning": next to an event
    if name == "day_words" and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "NUM"):
        return False  # "in May second place"
    if name == "ordinal_day" and nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "NUM"):
        return False  # "on the 4th floor", "the 20th anniversary"
    if name == "part_of_day" and not (m.group("deixis") or m.group("weekday")):
        part = span[-1]
        if prev is None or prev.lower_ not in _PART_PREPS or part.dep_ in ("compound", "amod", "nmod"):
            return False  # "spent the night", "at night", "the morning newspaper"
        if any(c.dep_ in ("relcl", "acl") for c in part.children):
            return False  # "the night the plane went down": the night of another event
        if _habitual(span):
            return False  # a habit: "the shop opens in the morning", "use tends to peak in the evening"
        if nxt is not None and (nxt.lower_ == "of" or nxt.pos_ in ("NOUN", "PROPN")):
            return False  # "the morning of Oct. 23": the date is the expression
    if name == "relative" and all(word[0].isupper() for word in m.group(0).split()):
        return False  # a title in running text: ABC's "This Week", "Next Year in Jerusalem"
    return True


def _after_preposition(span: Span, preps: set[str]) -> bool:
    """One of ``preps`` comes right before ``span``, or before the article and
    adjectives that open its noun phrase ("after a wet summer", "in the long hot summer")."""
    i = span.start - 1
    while i >= 0 and span.start - i <= 4 and span.doc[i].pos_ in ("DET", "ADJ") and span.doc[i].dep_ in ("det", "amod"):
        i -= 1
    return i >= 0 and span.doc[i].lower_ in preps


def _habitual(span: Span) -> bool:
    """The clause is in the simple present (through an infinitive: "tends to
    happen"), which with a part of the day tells a habit."""
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children) and verb.head.i != verb.i:
        verb = verb.head
    return verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


#: capitalised words that date the year after them rather than name something
_DATING_WORDS = {"fy", "in", "since", "by", "until", "from", "of", "before", "after", "through", "during", "and", "or"}


def _name_before(prev, span: Span) -> bool:
    """A capitalised noun right before a year, with nothing between them, makes
    the year part of a name ("the Russell 2000", "Windows 2000", "Vision 2030"),
    unless the word is itself a time word (a month, a season) or a preposition."""
    if prev is None or prev.whitespace_ == "" or prev.i + 1 != span.start:
        return False
    if prev.pos_ not in ("PROPN", "NOUN", "X") or not prev.text[:1].isupper():
        return False
    word = prev.lower_.rstrip(".")
    return word not in _DATING_WORDS and not re.fullmatch(TIME_WORDS, word)
