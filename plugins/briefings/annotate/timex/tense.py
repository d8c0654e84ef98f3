"""Tense of the clause governing an expression, read from spaCy's parse.

It decides which side of the publication date an underspecified expression
falls on: "said Thursday" is the last Thursday, "will meet Thursday" the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefings.annotate.syntax import AUXILIARIES, VERBS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PAST, PRESENT, FUTURE = "PAST", "PRESENT", "FUTURE"
#: no side: the nearer reading wins (what was arranged for a day may be just past or just ahead)
NEAREST = "NEAREST"


_FUTURE_AUX = {
    "will", "'ll", "’ll", "shall", "wo", "would", "could", "may", "might", "should", "can", "must", "'d", "’d",
}
_PRESENT_AUX = {"is", "are", "am", "'s", "’s", "'re", "’re"}
#: words whose infinitive complement is a plan, so lies ahead ("planned to leave Thursday")
#: participles whose date is still to come: "snow expected by Saturday", "a peak forecast for May"
_EXPECTATION = {"expect", "forecast", "predict", "project"}
#: verbs that move something to a later time: a time "until" which it is moved lies ahead
_POSTPONEMENT = {"postpone", "delay", "adjourn", "defer", "extend", "suspend", "recess", "push"}
#: verbs whose object is an arrangement for a time
_ARRANGEMENT = {"plan", "schedule", "slate"}
_INTENTION = {
    "plan", "intend", "schedule", "set", "due", "expect", "prepare", "aim", "hope", "want",
    "agree", "promise", "vow", "threaten", "decide", "ready", "likely",
}


def _verb_tense(verb: Token, depth: int = 0, bound: bool = False, ends: bool = False) -> str | None:
    """PAST, PRESENT or FUTURE of the clause headed by ``verb``.

    Modals count as future (plans, predictions, "would" as the future in
    the past); the perfect counts as past;
    the progressive with a date is usually an arrangement ("is meeting
    Thursday"), so future; a bare past participle ("the decision, announced
    Wednesday") is past.  An infinitive takes its tense from the verb it
    complements: "plans to tell Putin Thursday" is future, but after a past
    verb the infinitive could fall either side, so no tense, unless the verb
    states an intention ("planned to leave Thursday"): what is planned is
    still to come when it is reported, unless the plan is in the pluperfect
    ("had been due to expire Friday": overtaken).  Participles
    without auxiliaries modify something else and inherit its tense.
    """
    auxes = [c for c in verb.children if c.dep_ in AUXILIARIES]
    words = {a.lower_ for a in auxes}
    if bound and verb.lemma_.lower() in _POSTPONEMENT:
        return FUTURE  # "postponed until Tuesday": reported as soon as it is decided, so still ahead
    if words & _FUTURE_AUX or (verb.head.lower_ == "going" and "to" in words):
        return FUTURE
    if ends and words & {"has", "have", "'ve", "’ve"}:
        return FUTURE  # "has given them until Tuesday": a state holding now ends at a time still ahead
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return PAST
    if verb.tag_ in ("VBN", "VBG") and words & {"has", "have", "'ve", "’ve", "having"}:
        return PAST
    if verb.tag_ == "VBG" and words & _PRESENT_AUX:
        return FUTURE
    if verb.tag_ in ("VBZ", "VBP") or words & (_PRESENT_AUX | {"do", "does"}):
        return PRESENT
    if verb.tag_ == "VBN" and not auxes:
        # "the decision, announced Wednesday"; but what is "expected" or "forecast" is to come,
        # and what is "planned" or "scheduled" for a day may be just past or still ahead
        lemma = verb.lemma_.lower()
        return FUTURE if lemma in _EXPECTATION else NEAREST if lemma in _ARRANGEMENT else PAST
    if depth < 3 and verb.head.i != verb.i and verb.head.pos_ in (*VERBS, "ADJ"):
        if (verb.tag_ == "VB" or _misread_infinitive(verb)) and "to" in words:
            if verb.head.lemma_.lower() in _INTENTION and not _pluperfect(verb.head):
                return FUTURE
            outer = _verb_tense(verb.head, depth + 1)
            return FUTURE if outer in (PRESENT, FUTURE) else None
        if verb.tag_ == "VBG":
            return _verb_tense(verb.head, depth + 1)
    return None


def _misread_infinitive(token: Token) -> bool:
    """A verb the tagger read as an adjective after "to": in "expect the
    heat to last until Friday", "last" is a verb whatever its tag."""
    return token.pos_ == "ADJ" and token.dep_ in ("ccomp", "xcomp") and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in token.children
    )


def _pluperfect(word: Token) -> bool:
    """``word`` (or the copula of an adjective: "had been due") carries "had"."""
    verb = word.head if word.dep_ == "acomp" else word
    return any(c.dep_ in AUXILIARIES and c.lower_ in ("had", "'d", "’d") for c in verb.children)


def clause_tense(span: Span) -> str | None:
    """Tense of the clause that governs ``span``.

    None in verbless text, and when the expression hangs on an adjective
    ("a dividend payable Dec. 15", "effective Feb. 1"): such dates are as
    often ahead of the clause's tense as behind it.
    """
    token = span.root
    gapped = False
    while (token.pos_ not in VERBS or _noun_misread(token)) and token.head.i != token.i:
        gapped = token.dep_ in ("conj", "npadvmod", "dep") and token.head.pos_ in VERBS and token.head.i < token.i
        token = token.head
        if token.pos_ == "ADJ" and not _misread_infinitive(token):
            return None
    if token.pos_ not in VERBS and not _misread_infinitive(token):
        return None
    if gapped:
        # "the council was due to meet on Wednesday, and the OSCE on Thursday":
        # the second date is read with the verb left out, "was due to meet"
        token = _innermost(token)
    word = span.root.head.lower_
    return _verb_tense(token, bound=word in ("until", "till", "before"), ends=word in ("until", "till", "through"))


def _noun_misread(token: Token) -> bool:
    """A noun the tagger read as a verb: "the missile strikes on Thursday targeted"
    has "strikes" as the subject, so it is a noun whatever its tag."""
    return token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and token.tag_ in ("VBZ", "VBP")


def _innermost(verb: Token) -> Token:
    """The last verb of a chain ("was due to meet": meet)."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.pos_ in VERBS:
            return _innermost(child)
        if child.dep_ == "acomp":
            inner = next((c for c in child.children if c.dep_ == "xcomp" and c.pos_ in VERBS), None)
            if inner is not None:
                return _innermost(inner)
    return verb


def expression_tense(span: Span) -> str | None:
    """The tense that places ``span`` on the calendar.

    A time in the possessive ("Friday's ruling", "Wednesday's meeting") names
    the time of an event the reader is told about as known, so it lies
    behind (or on) the publication date whatever the clause around it says
    ("they will appeal Wednesday's ruling").  So does a time after "since"
    ("the lowest since March", "up 4% since January").  Otherwise the
    governing clause decides.
    """
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and after.tag_ == "POS":
        return PAST
    before = span.doc[span.start - 1] if span.start else None
    if before is not None and before.lower_ == "since" and span.root.head.i == before.i:
        return PAST
    return clause_tense(span)
