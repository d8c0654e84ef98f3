"""The timeline: dated events of an article, oldest first.

Every DATE or TIME expression whose value fixes at least a year becomes an
entry, spanning the days its value covers; two dates joined by "or", "to",
"and" or a dash ("late January or February") make one entry spanning both.
Durations, sets and vague references ("recently") are left out: they do not
place anything on a calendar.  The event is a one-line "who did what" built
from the dependency parse of the clause that governs the expression.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Span, Token

from briefings.annotate.nlp import doc_text
from briefings.annotate.syntax import AUXILIARIES, CLAUSE_SUBJECTS, governing_verb
from briefings.annotate.timex.tense import FUTURE, clause_tense
from briefings.model import TimelineEntry, Timex
from briefings.timevalues import value_span

MAX_EVENT = 120

_RANGE_GLUE = re.compile(r"\s*(?:or|to|and|through|until|till|-|–|—)\s*\Z")
_OBJECTS = ("dobj", "dative", "attr", "acomp", "oprd", "pobj")
#: dependents that make a noun phrase long without saying who or what
_PRUNED = {"relcl", "acl", "appos", "advcl", "parataxis", "ccomp", "punct", "mark", "npadvmod", "prep"}
_REPORTING = {"say", "tell", "announce", "report", "warn", "add", "claim", "state", "write", "predict", "reveal"}


#: a week's weekend, which briefings.timevalues.value_span does not cover
_WEEKEND = re.compile(r"(\d{4}-W\d\d)-WE\Z")


def calendar_span(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by a TIMEX3 value with at least a year, or None.

    :func:`briefings.timevalues.value_span` does the work; only a weekend
    (``2021-W51-WE``: Saturday and Sunday) is handled here.
    """
    weekend = _WEEKEND.match(value)
    span = value_span(weekend.group(1) if weekend else value)
    if span is None:
        return None
    first, last = map(dt.date.fromisoformat, span)
    return (last - dt.timedelta(days=1) if weekend else first), last


def _keep(token: Token, skip: set[int]) -> bool:
    if token.i in skip or token.dep_ in _PRUNED and token.dep_ != "punct":
        return False
    # punctuation only inside a word ("Biden-Putin", "U.S.-Soviet")
    return token.dep_ != "punct" or (not token.whitespace_ and token.i > 0 and not token.nbor(-1).whitespace_)


def _phrase(token: Token, skip: set[int], preps: int) -> list[Token]:
    """A dependent's subtree without clauses, appositions and the timex itself,
    keeping at most ``preps`` nested prepositional phrases."""
    out = [token]
    for child in token.children:
        if child.dep_ == "prep" and token.pos_ in ("NOUN", "PROPN") and child.i not in skip and preps > 0:
            out.extend(_phrase(child, skip, preps - 1))
        elif _keep(child, skip):
            out.extend(_phrase(child, skip, preps))
    return out


def _clause(verb: Token, skip: set[int], preps: int, with_subject: bool = True, depth: int = 0) -> list[Token]:
    """Subject, verb group and objects of ``verb`` (with a reported clause after it)."""
    out = [verb]
    has_object = False
    for child in verb.children:
        if child.i in skip:
            continue
        dep = child.dep_
        if dep in CLAUSE_SUBJECTS and with_subject or dep in (*AUXILIARIES, "neg", "prt"):
            out.extend(_phrase(child, skip, preps))
        elif dep in _OBJECTS:
            out.extend(_phrase(child, skip, preps))
            has_object = True
        elif dep == "xcomp" and depth < 2:
            out.extend(_clause(child, skip, preps, False, depth + 1))
            has_object = True
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and child.i not in skip and depth < 2:
            if verb.lemma_ in _REPORTING or not has_object:
                out.extend(_clause(child, skip, preps, True, depth + 1))
                has_object = True
                break
    if not has_object:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.i not in skip and c.i > verb.i), None)
        if prep is not None:
            out.extend(_phrase(prep, skip, preps))
    return out


def _render(tokens: list[Token]) -> str:
    tokens = sorted(set(tokens), key=lambda t: t.i)
    parts = []
    for token, nxt in zip(tokens, tokens[1:] + [None]):
        glue = token.whitespace_ or (" " if nxt is not None and nxt.i != token.i + 1 else "")
        parts.append(token.text + glue)
    text = re.sub(r"\s+", " ", "".join(parts)).strip(" ,;:—–-\"“”")
    return text[:1].upper() + text[1:]


def _subject_chain(verb: Token) -> list[Token]:
    """Verbs from ``verb`` up to the one with the subject, through infinitives and
    coordination: in "Biden plans to tell Putin Thursday" the chain is tell, plans."""
    chain = [verb]
    while not any(c.dep_ in CLAUSE_SUBJECTS for c in chain[-1].children) and len(chain) < 4:
        link = chain[-1]
        infinitive = link.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in link.children)
        if link.dep_ not in ("xcomp", "conj") and not infinitive or link.head.i == link.i:
            break
        chain.append(link.head)
    return chain


def describe_event(span: Span) -> str:
    """'Who did what' for the clause governing ``span``, one line, at most ~120 chars."""
    verb = governing_verb(span)
    if verb is None:
        return _shorten(span.sent.text)
    skip = {t.i for t in span}
    # a preposition whose only object is the timex ("on Sunday") goes with it
    head = span.root.head
    if head.dep_ == "prep" and len(list(head.children)) == 1:
        skip.add(head.i)
    chain = _subject_chain(verb)
    for preps in (2, 1, 0):
        text = _render(_event_tokens(verb, chain, skip, preps))
        if len(text) <= MAX_EVENT:
            break
    return _shorten(text)


def _event_tokens(verb: Token, chain: list[Token], skip: set[int], preps: int) -> list[Token]:
    tokens = _clause(verb, skip, preps, with_subject=len(chain) == 1)
    for lower, upper in zip(chain, chain[1:]):
        subject = [t for c in upper.children if c.dep_ in CLAUSE_SUBJECTS for t in _phrase(c, skip, preps)]
        if lower.dep_ == "conj":
            tokens += subject
        else:
            tokens += [t for t in _clause(upper, skip | {t.i for t in lower.subtree}, preps) if t.i < lower.i]
    if verb.dep_ in ("acl", "relcl") and len(chain) == 1:
        # "a long essay published in the summer": the noun is what happened
        tokens += _phrase(verb.head, skip | {t.i for t in verb.subtree}, preps)
    return tokens


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_EVENT:
        return text
    return text[: MAX_EVENT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _groups(doc: Doc, timexes: list[Timex]) -> list[list[Timex]]:
    """Datable timexes, with ranges ("late January or February") grouped."""
    groups: list[list[Timex]] = []
    for timex in timexes:
        if timex.type not in ("DATE", "TIME") or calendar_span(timex.value) is None:
            continue
        previous = groups[-1][-1] if groups else None
        if previous is not None and _RANGE_GLUE.match(doc_text(doc)[previous.end : timex.start]):
            groups[-1].append(timex)
        else:
            groups.append([timex])
    return groups


def build_timeline(doc: Doc, timexes: list[Timex], pub_date: dt.date | None) -> list[TimelineEntry]:
    """One entry per dated event of ``doc``, oldest first."""
    entries = []
    for group in _groups(doc, timexes):
        first, last = group[0], group[-1]
        spans = [calendar_span(t.value) for t in group]
        start, end = min(s[0] for s in spans), max(s[1] for s in spans)
        span = doc.char_span(first.start, last.end, alignment_mode="expand")
        future = clause_tense(span) == FUTURE
        upcoming = start > pub_date or (future and end >= pub_date) if pub_date else future
        value = first.value if len(group) == 1 else f"{first.value}/{last.value}"
        entries.append(
            TimelineEntry(
                value=value,
                start_date=start.isoformat(),
                end_date=end.isoformat(),
                text=doc_text(doc)[first.start : last.end],
                event=describe_event(span),
                sentence=" ".join(span.sent.text.split()),
                upcoming=upcoming,
            )
        )
    entries.sort(key=lambda e: (e.start_date, e.end_date))
    return entries
