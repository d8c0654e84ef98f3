"""The timeline: dated events of an article, oldest first.

Every DATE or TIME expression whose value fixes at least a year becomes an
entry, spanning the days its value covers; two dates joined by "or", "to",
"and" or a dash ("late January or February") make one entry spanning both.
Durations, sets and vague references ("recently") are left out: they do not
place anything on a calendar, and neither does the base of a comparison
("fell 12% from a year earlier").  The event is a one-line "who did what" in
the article's words, built from the dependency parse of what the expression
dates (:func:`describe_event`): its clause, its own conjunct, or the event
noun it dates ("the 2014 annexation"; "a 2014 model" dates nothing), with
numbers, negations and "since"/"until" kept and pronoun subjects replaced by
the names they stand for.  The same event on the same days is one entry.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from briefings.annotate.nlp import doc_text
from briefings.annotate.syntax import AUXILIARIES, CLAUSE_SUBJECTS, VERBS, governing_verb
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
    if token.dep_ == "punct" and token.text == "," and token.i + 1 < len(token.doc):
        return token.doc[token.i + 1].dep_ == "conj"  # a list: "Poland, Hungary and the Czech Republic"
    # punctuation only inside a word ("Biden-Putin", "U.S.-Soviet")
    return token.dep_ != "punct" or (not token.whitespace_ and token.i > 0 and not token.nbor(-1).whitespace_)


def _phrase(token: Token, skip: set[int], preps: int) -> list[Token]:
    """A dependent's subtree without clauses, appositions and the timex itself,
    keeping at most ``preps`` nested prepositional phrases."""
    out = [token]
    for child in token.children:
        if child.dep_ == "prep" and child.i not in skip and preps > 0 and (
            token.pos_ in ("NOUN", "PROPN") or token.pos_ == "ADJ" and child.lower_ == "of"
        ):
            out.extend(_phrase(child, skip, preps - 1))
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and child.left_edge.i == token.i + 1:
            out.extend(_phrase(child, skip, preps))  # "former city treasurer Martin Hale"
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
        if dep in CLAUSE_SUBJECTS and child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            continue  # "who", "which": the noun they stand for is added by the caller
        if dep in CLAUSE_SUBJECTS and with_subject or dep in (*AUXILIARIES, "neg", "prt"):
            out.extend(_phrase(child, skip, preps))
        elif dep == "advmod" and child.tag_ == "RB" and _inside_verb_group(child, verb):
            out.append(child)  # "was first elected", "had never met"
        elif dep == "prep" and child.lower_ == "of" and child.i > verb.i:
            out.extend(_phrase(child, skip, preps))  # "felt the worst of war", "died of cancer": the object goes on
        elif dep in ("npadvmod", "advmod", "prep") and _has_number(child, skip):
            out.extend(_phrase(child, skip, preps))  # a number is never lost: "fell 12%", "to six years"
        elif dep == "mark" and child.lower_ in _SIDE_OF_DATE and with_subject and (
            any(c.i < child.i for c in _subjects(verb)) and child.i < verb.i
        ):
            # a misparsed "after" between subject and verb ("its first enlargement after the Cold War came")
            out.extend(_phrase(child, skip, preps))
        elif dep in _OBJECTS:
            out.extend(_phrase(child, skip, preps))
            has_object = True
        elif dep == "xcomp" and depth < 2:
            out.extend(_clause(child, skip, preps, False, depth + 1))
            has_object = True
    if not has_object:
        # "saw and felt the worst of war": the object of the verb's conjunct
        for child in verb.children:
            if child.dep_ == "conj" and child.pos_ in VERBS and child.i not in skip and not _subjects(child):
                out.extend([c for c in verb.children if c.dep_ == "cc" and c.i < child.i])
                out.extend(_clause(child, skip, preps, False, depth + 1))
                has_object = True
                break
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and child.i not in skip and depth < 2 and not _quoted(child):
            if verb.lemma_ in _REPORTING or not has_object:
                out.extend(_clause(child, skip, preps, True, depth + 1))
                has_object = True
                break
    if not has_object:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.i not in skip and c.i > verb.i), None)
        if prep is not None:
            out.extend(_phrase(prep, skip, preps))
    return out


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in CLAUSE_SUBJECTS]


def _inside_verb_group(adverb: Token, verb: Token) -> bool:
    auxes = [c.i for c in verb.children if c.dep_ in AUXILIARIES]
    return bool(auxes) and min(auxes) < adverb.i < verb.i


def _has_number(token: Token, skip: set[int]) -> bool:
    return not any(t.i in skip for t in token.subtree) and any(t.like_num for t in token.subtree)


def _quoted(verb: Token) -> bool:
    """A reported clause in quotation marks is the quotation's own event, dated apart."""
    doc = verb.doc
    before = doc[verb.left_edge.i - 1] if verb.left_edge.i else None
    return any(t.text in "“\"" for t in verb.subtree) or before is not None and before.text in "“\""


def _render(tokens: list[Token], names: dict[int, str] | None = None) -> str:
    """The tokens in text order, a pronoun subject replaced by the name it stands for."""
    tokens = sorted(set(tokens), key=lambda t: t.i)
    names = names or {}
    parts = []
    for token, nxt in zip(tokens, tokens[1:] + [None]):
        glue = token.whitespace_ or (" " if nxt is not None and nxt.i != token.i + 1 else "")
        parts.append(names.get(token.i, token.text) + glue)
    text = re.sub(r"\s+", " ", "".join(parts)).strip(" ,;:—–-\"“”")
    return text[:1].upper() + text[1:]


def _subject_chain(verb: Token) -> list[Token]:
    """Verbs from ``verb`` up to the one with the subject, through infinitives and
    coordination: in "Biden plans to tell Putin Thursday" the chain is tell, plans."""
    chain = [verb]
    while not any(c.dep_ in CLAUSE_SUBJECTS for c in chain[-1].children) and len(chain) < 4:
        link = chain[-1]
        infinitive = link.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in link.children)
        if link.dep_ not in ("xcomp", "conj", "acomp") and not infinitive or link.head.i == link.i:
            break
        chain.append(link.head)
    return chain


def describe_event(span: Span, context: EventContext | None = None) -> str | None:
    """'Who did what' for the clause ``span`` dates, one line, at most ~120 chars.

    The clause is the one the expression dates, which is not always the
    sentence's main clause: an expression in a noun phrase dates that noun
    when it names an event ("the 2014 annexation", "Russia's test of a missile
    on Christmas Eve", the object of "linked"), and None is returned when the
    noun names a thing ("a 2014 model"); in a coordination the expression
    dates its own conjunct ("joined in 2009, Montenegro in 2017"). A
    preposition that says which side of the date the event lies on ("had not
    met since July 2019") is kept with the date; a pronoun subject is
    replaced by the name it stands for.
    """
    context = context or EventContext()
    skip = {t.i for t in span} | context.other_dates
    head = span.root.head
    keep_date = head.dep_ == "prep" and head.lower_ in _SIDE_OF_DATE and head.i != span.root.i
    if keep_date:
        skip -= {t.i for t in span}
    else:
        for token in span:  # a preposition whose only object is the timex ("on Sunday") goes with it
            if token.head.dep_ == "prep" and all(c.i in skip for c in token.head.children):
                skip.add(token.head.i)
    when = next((t for t in span.root.children if t.dep_ in ("relcl", "advcl") and t.i >= span.end
                 and any(c.lower_ == "when" for c in t.children)), None)
    if when is not None:
        # "since March 2011, when an earthquake killed 18,000 people": the date dates the when-clause
        tokens = [t for t in _clause(when, skip, 2) if t.lower_ != "when"]
        return _shorten(_render(tokens, context.names(tokens)))
    noun = _dated_noun(span)
    if noun is not None and not (noun[0] and noun[1].lemma_.lower() in MEASURE_NOUNS):
        modifier, top = noun
        if modifier and not _names_event(top):
            return None
        if _names_event(top) and not (modifier and _occasion_of_clause(top)):
            tokens = [t for t in _phrase(top, skip, 2) if modifier or t.i < span.start]
            return _shorten(_render(tokens, context.names(tokens)))
    verb = governing_verb(span)
    if verb is None:
        return _shorten(span.sent.text)
    gapped = _gapped_subject(span, verb)
    if gapped is not None:
        subject = list(span.doc[gapped.left_edge.i : span.root.head.i])
        return _shorten(_render(subject, context.names(subject)) + " " + _render(_verb_group(verb)).lower())
    conjunct = _own_conjunct(span, verb)
    chain = _subject_chain(verb)
    for preps in (2, 1, 0):
        if conjunct is not None:
            tokens = _clause(verb, skip | _prep_tokens(verb, conjunct), preps) + _phrase(conjunct, skip, preps)
        else:
            tokens = _event_tokens(verb, chain, skip, preps)
        if keep_date:
            tokens += [head, *span]
        text = _render(tokens, context.names(tokens))
        if len(text) <= MAX_EVENT:
            break
    return _shorten(text)


#: prepositions that put the event on one side of the date, not at it
_SIDE_OF_DATE = {"since", "until", "till", "before", "after", "by", "through"}
#: nouns that name something that happens (so can be dated by a year before them)
EVENT_NOUNS = {
    "accident", "acquisition", "address", "agreement", "annexation", "announcement", "arrest", "assassination",
    "attack", "attacks", "ban", "battle", "blast", "blockade", "bombing", "campaign", "ceasefire", "ceremony",
    "championship", "clash", "clashes", "collapse", "conference", "congress", "convention", "coup", "crackdown",
    "crash", "crisis", "cup", "deal", "death", "debate", "decision", "defeat", "deployment", "disaster", "downturn",
    "earthquake", "election", "elections", "embargo", "eruption", "escalation", "exercise", "exercises",
    "expansion", "explosion", "famine", "final", "fire", "firing", "flood", "floods", "games", "genocide",
    "hearing", "inauguration", "incursion", "independence", "interview", "invasion", "killing", "killings",
    "landing", "launch", "massacre", "meeting", "merger", "olympics", "offensive", "outbreak", "pandemic",
    "parade", "plebiscite", "primary", "protest", "protests", "raid", "rally", "recession", "referendum",
    "reform", "revolution", "riot", "riots", "ruling", "sanctions", "session", "settlement", "shooting",
    "siege", "speech", "standoff", "storm", "strike", "strikes", "summit", "takeover", "talks", "test", "tests",
    "treaty", "trial", "uprising", "verdict", "visit", "vote", "war", "wedding", "withdrawal",
}


#: nouns measured over a period: "second-quarter profit fell 12%" dates the clause
MEASURE_NOUNS = {
    "profit", "earnings", "revenue", "sales", "loss", "income", "output", "growth", "delivery", "shipment",
    "result", "export", "import", "production", "spending", "inflation", "unemployment", "gdp", "dividend",
    "margin", "budget", "deficit", "surplus", "turnover", "volume",
}


def _names_event(noun: Token) -> bool:
    return noun.lower_ in EVENT_NOUNS or noun.lemma_.lower() in EVENT_NOUNS


def _dated_noun(span: Span) -> tuple[bool, Token] | None:
    """The noun ``span`` dates, when it dates a noun rather than a clause:
    (True, noun) for a date inside the noun phrase ("the 2014 annexation",
    "the Dec. 21, 1988, bombing"); (False, noun) for a date after a noun
    that is the subject or object of its clause ("linked Russia's test of a
    missile on Christmas Eve with ..."), the noun being the top of its
    chain of "of" phrases.  A date in an adverbial phrase ("said in an
    interview in November") dates the clause, so None."""
    root = span.root
    doc = span.doc
    before = doc[span.start - 1] if span.start else None
    after = doc[span.end] if span.end < len(doc) else None
    if root.dep_ in ("nummod", "compound", "amod", "nmod", "poss") and root.head.pos_ in ("NOUN", "PROPN") and (
        root.head.i > root.i
    ):
        return True, root.head
    if before is not None and before.tag_ in ("DT", "PRP$", "POS") and span[0].tag_ != "DT" and after is not None and (
        after.pos_ == "NOUN" or after.is_punct and after.i + 1 < len(doc) and doc[after.i + 1].pos_ == "NOUN"
    ):
        noun = after if after.pos_ == "NOUN" else doc[after.i + 1]
        return True, noun
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ in ("NOUN", "PROPN"):
        noun = root.head.head
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "of" and (
            noun.head.head.pos_ in ("NOUN", "PROPN")
        ):
            noun = noun.head.head
        if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "dative"):
            return False, noun
        if noun.dep_ == "pobj" and noun.head.lower_ in _SIDE_OF_DATE:
            return False, noun  # "had not been charged before his arrest in 2022": the arrest
    return None


def _occasion_of_clause(noun: Token) -> bool:
    """An event noun in an adverbial phrase of the clause ("In their Dec. 7
    video call, Biden warned Putin") is the occasion of the clause's event,
    so the date dates the clause."""
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ in ("in", "at", "during", "on") and head.head.pos_ in VERBS


def _verb_group(verb: Token) -> list[Token]:
    """The verb with its auxiliaries, negation and the verbs it chains to
    ("was due to meet")."""
    out = [verb, *(c for c in verb.children if c.dep_ in (*AUXILIARIES, "neg", "prt"))]
    for child in verb.children:
        if child.dep_ == "acomp" or child.dep_ == "xcomp" and child.pos_ in VERBS:
            out += _verb_group(child) if child.pos_ in VERBS else [child, *_verb_group_below(child)]
    return out


def _verb_group_below(adjective: Token) -> list[Token]:
    return [t for c in adjective.children if c.dep_ == "xcomp" for t in _verb_group(c)]


def _gapped_subject(span: Span, verb: Token) -> Token | None:
    """In "Albania joined in 2009, Montenegro in 2017", the subject of the
    clause whose verb is left out: a noun after the verb, hanging from it (or
    from another such noun) as a loose modifier, that the date hangs from."""
    head = span.root.head
    if head.dep_ != "prep":
        return None
    noun = head.head
    if noun.pos_ not in ("PROPN", "NOUN") or noun.i < verb.i or _names_event(noun):
        return None
    link = noun
    while link.dep_ == "conj" and link.head.i != verb.i:
        link = link.head
    if link.dep_ in ("npadvmod", "conj", "dep", "appos") and link.head.i == verb.i and link.pos_ in ("PROPN", "NOUN"):
        if any(c.dep_ in CLAUSE_SUBJECTS for c in verb.children):
            # "Montenegro in 2017 and North Macedonia in 2020": the parse may hang
            # both dates on the first name; the nearest name before the date is its subject
            names = [c for c in (noun, *noun.conjuncts) if noun.i <= c.i < head.i and c.pos_ == noun.pos_]
            return max(names, key=lambda t: t.i)
    return None


def _own_conjunct(span: Span, verb: Token) -> Token | None:
    """The coordinated phrase the expression is in, when it is not the first:
    "led to a hotline in 1963 and to the treaty the same year"."""
    token = span.root
    while token.head.i != token.i and token.i != verb.i:
        if token.dep_ == "conj" and token.pos_ not in VERBS and token.head.i != verb.i:
            return token
        token = token.head
    return None


def _prep_tokens(verb: Token, conjunct: Token) -> set[int]:
    """The verb's prepositional phrases and objects other than the conjunct's, left out of its clause."""
    out = set()
    for child in verb.children:
        if child.dep_ in ("prep", *_OBJECTS) and conjunct not in child.subtree:
            out |= {t.i for t in child.subtree}
        elif child.dep_ in ("prep", *_OBJECTS):
            out |= {t.i for t in child.subtree} - {t.i for t in conjunct.subtree}
    return out


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


_PERSONAL = {"he": "person", "she": "person", "him": "person", "her": "person"}
_FIRST_PERSON = {"we", "i"}


@dataclass
class EventContext:
    """What an event line needs besides the parse: the other dates (left out
    of this one's clause), and who the pronouns stand for."""

    other_dates: set[int] = field(default_factory=set)
    #: token index of a pronoun subject -> the name it stands for
    pronouns: dict[int, str] = field(default_factory=dict)

    def names(self, tokens: list[Token]) -> dict[int, str]:
        return {t.i: self.pronouns[t.i] for t in tokens if t.i in self.pronouns}


def resolve_pronouns(doc: Doc, players=(), quotes=()) -> dict[int, str]:
    """The name each subject pronoun stands for, where the article makes it plain:

    - "he" or "she": the person named last before it (a player of kind
      person, by its canonical name, or a person spaCy recognises);
    - "we" or "I" in a quotation: the quotation's speaker;
    - "it": the singular subject of the sentence before, or of the clause
      before in the same sentence, when that is a name or a noun phrase;
    - "they": the nearest plural noun phrase before it in the same sentence,
      else the plural subject of the sentence before.
    """
    text_people = []
    for player in players:
        if player.kind == "person":
            text_people += [(start, end, player.name) for start, end in player.spans]
    if not text_people:
        text_people = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
    text_people.sort()
    people = {player.name for player in players if player.kind == "person"}
    names: dict[int, str] = {}
    for token in doc:
        if token.dep_ not in CLAUSE_SUBJECTS or token.tag_ != "PRP":
            continue
        word = token.lower_
        if word in _PERSONAL:
            before = [name for start, end, name in text_people if end <= token.idx]
            if before:
                names[token.i] = before[-1]
        elif word in _FIRST_PERSON:
            quote = next((q for q in quotes if q.start <= token.idx < q.end), None)
            if quote is not None and quote.speaker and quote.speaker not in people:
                names[token.i] = quote.speaker  # "we" of an organisation; a person's "we" is more than the person
        elif word in ("it", "they") and token.head.pos_ == "VERB" and token.head.lemma_ not in ("be", "seem", "appear"):
            antecedent = _antecedent(token, plural=word == "they")
            if antecedent is not None:
                phrase = _phrase(antecedent, set(), 1)
                name = _render(phrase)
                if min(phrase, key=lambda t: t.i).pos_ != "PROPN":
                    name = name[:1].lower() + name[1:]  # "The drafts" began its sentence
                names[token.i] = name
    return names


def _antecedent(pronoun: Token, plural: bool) -> Token | None:
    doc = pronoun.doc
    sent = pronoun.sent
    if plural:
        candidates = [t for t in doc[sent.start : pronoun.i] if t.tag_ in ("NNS", "NNPS") and t.dep_ != "compound"]
    else:
        candidates = [
            t for t in doc[sent.start : pronoun.i]
            if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN") and t.tag_ in ("NN", "NNP")
        ]
    if candidates:
        return candidates[-1]
    if sent.start == 0:
        return None
    previous = doc[sent.start - 1].sent
    subjects = [t for t in previous if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN")]
    subjects = [t for t in subjects if (t.tag_ in ("NNS", "NNPS")) == plural]
    return subjects[0] if len(subjects) == 1 else None


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_EVENT:
        return text
    return text[: MAX_EVENT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _groups(doc: Doc, timexes: list[Timex]) -> list[list[Timex]]:
    """Datable timexes, with ranges ("late January or February") grouped.  The
    bare second day of "July 30 and 31" dates what the first does, so it is
    left to the first."""
    groups: list[list[Timex]] = []
    for timex in timexes:
        if timex.type not in ("DATE", "TIME") or calendar_span(timex.value) is None:
            continue
        if _BARE_DAY.fullmatch(timex.text):
            continue
        previous = groups[-1][-1] if groups else None
        if previous is not None and _RANGE_GLUE.match(doc_text(doc)[previous.end : timex.start]):
            groups[-1].append(timex)
        else:
            groups.append([timex])
    return groups


def build_timeline(
    doc: Doc, timexes: list[Timex], pub_date: dt.date | None, players=(), quotes=()
) -> list[TimelineEntry]:
    """One entry per dated event of ``doc``, oldest first.

    ``players`` and ``quotes`` (when given) say who the pronouns stand for.
    Two expressions of the same days that date the same event make one entry.
    """
    entries = []
    groups = _groups(doc, timexes)
    pronouns = resolve_pronouns(doc, players, quotes)
    text = doc_text(doc)
    for group in groups:
        first, last = group[0], group[-1]
        spans = [calendar_span(t.value) for t in group]
        start, end = min(s[0] for s in spans), max(s[1] for s in spans)
        span = doc.char_span(first.start, last.end, alignment_mode="expand")
        others = {
            t.i for other in groups if other is not group
            for t in doc.char_span(other[0].start, other[-1].end, alignment_mode="expand")
        }
        if _COMPARISON.search(text[max(0, first.start - 16) : first.start]) and _RELATIVE.search(first.text):
            continue  # the base of a comparison ("fell 12% from a year earlier") is not when anything happened
        event = describe_event(span, EventContext(others, pronouns))
        if event is None:
            continue  # the date of a thing, not of an event: "a 2014 model"
        future = clause_tense(span) == FUTURE
        upcoming = start > pub_date or (future and end >= pub_date) if pub_date else future
        value = first.value if len(group) == 1 else f"{first.value}/{last.value}"
        entries.append(
            TimelineEntry(
                value=value,
                start_date=start.isoformat(),
                end_date=end.isoformat(),
                text=text[first.start : last.end],
                event=event,
                sentence=" ".join(span.sent.text.split()),
                upcoming=upcoming,
            )
        )
    entries.sort(key=lambda e: (e.start_date, e.end_date))
    return _one_per_event(entries)


_BARE_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?")
_COMPARISON = re.compile(r"(?i)\b(?:from|than|over|with|versus|vs\.?)\s+(?:the\s+)?\Z")
_RELATIVE = re.compile(r"(?i)\b(?:ago|earlier|previous|prior|year-ago|year-earlier)\b")


def _one_per_event(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Drop an entry whose event another entry already tells on days within its
    own ("2008" and "April 2008" of one clause), or tells more fully on the same
    days ("the talks" and "talks planned between officials", both Jan. 10)."""
    kept: list[TimelineEntry] = []
    for entry in sorted(entries, key=lambda e: (_days(e), -len(e.event), e.start_date)):
        words = _event_words(entry.event)
        if any(
            entry.start_date <= k.start_date and k.end_date <= entry.end_date
            and (words == _event_words(k.event) or (entry.start_date, entry.end_date) == (k.start_date, k.end_date)
                 and words <= _event_words(k.event))
            for k in kept
        ):
            continue
        kept.append(entry)
    kept.sort(key=lambda e: (e.start_date, e.end_date))
    return kept


def _days(entry: TimelineEntry) -> int:
    return (dt.date.fromisoformat(entry.end_date) - dt.date.fromisoformat(entry.start_date)).days


def _event_words(event: str) -> frozenset[str]:
    return frozenset(re.sub(r"[^\w\s]", "", event.casefold()).split())
