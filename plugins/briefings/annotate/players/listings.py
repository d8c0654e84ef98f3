"""Names in listings: results, standings, scorecards and start lists.

A tagger trained on prose has no context in a line such as "Wigan 4 3 1 0 9 4
10" or "1. Tanja Damaske (Germany) 66.60 metres", but the shape of the line
says what its names are:

- a name followed by a bracketed name is a competitor and their country: a
  person if the competitor's name has two words or more, else a team;
- a name starting with an initial ("H. Morris", "G Thorpe") is a person;
- a name followed by a score or a standings row, or either side of "v", is a
  team.

These mentions are *strong*: they decide the kind of the player they join,
and replace whatever spaCy tagged at the same place.  The names of a list
are alike, so the names spaCy missed in a listing line take the kind of the
names it found there (:func:`list_siblings`).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from spacy.tokens import Doc

from briefings.annotate.nlp import doc_text
from briefings.annotate.players import world
from briefings.annotate.players.mentions import NAME_PARTICLES, Mention

_CAP = r"[A-Z][A-Za-z'’.&-]*"
_PART = "|".join(sorted(NAME_PARTICLES))
NAME = re.compile(rf"{_CAP}(?:[ \t]+(?:(?:{_PART})[ \t]+)?{_CAP})*")
BRACKETED = re.compile(rf"[ \t]*\(({NAME.pattern})\)")
SCORE = re.compile(r"[ \t]+\d+(?:[ \t]|$|\()")
FIXTURE = re.compile(r"(?:^|\s)vs?\.?[ \t]+$|^[ \t]+vs?\.?[ \t]")
INITIAL = re.compile(r"^[A-Z]\.?[ \t]+[A-Z][a-z]")
#: A full stop after a word of two letters or more, then a space: the end of a sentence, not an initial.
SENTENCE_END = re.compile(r"\w{2}\.[ \t]")
#: Entity types that make a capitalised word something else ("May 17").
NOT_NAMES = ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT")


def is_listing(line: str) -> bool:
    """Whether ``line`` reads like a table row rather than a sentence.

    It has no lower-case words but short ones (scorecards abbreviate: "c Vaas
    b Chandana", "not out"), or it has figures and few such words ("Steffi
    Graf (Germany) beat Natasha Zvereva (Belarus) 6-1 6-3").
    """
    words = [w for w in line.split() if w.isalpha()]
    lower = [w for w in words if w.islower() and len(w) > 3]
    figures = any(c.isdigit() for c in line)
    return bool(words) and (not lower or figures and len(lower) * 3 <= len(words))


def listing_mentions(doc: Doc) -> list[Mention]:
    """Strong mentions read from the shape of the listing lines of ``doc``."""
    mentions, offset = [], 0
    for line in doc_text(doc).split("\n"):
        if is_listing(line):
            mentions += _line_mentions(doc, line, offset)
        offset += len(line) + 1
    return mentions


def _line_mentions(doc: Doc, line: str, offset: int) -> list[Mention]:
    found = []
    for match in NAME.finditer(line):
        name, rest = match.group(), line[match.end() :]
        if any(c.isdigit() for c in name) or _is_other(doc, offset + match.start(), offset + match.end()):
            continue
        bracket = BRACKETED.match(rest)
        if bracket and not _is_acronym(bracket.group(1), name):
            label = "PERSON" if len(name.split()) > 1 else "ORG"
            found.append(_strong(name, offset + match.start(), label))
            start = offset + match.end() + bracket.start(1)
            found.append(_strong(bracket.group(1), start, "GPE"))
        elif INITIAL.match(name):
            found.append(_strong(name, offset + match.start(), "PERSON"))
        elif SCORE.match(rest) or FIXTURE.search(line[: match.start()]) or FIXTURE.match(rest):
            found.append(_strong(name, offset + match.start(), "ORG"))
    return found


def _is_other(doc: Doc, start: int, end: int) -> bool:
    """Whether spaCy read these characters as a date, number or the like."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is None or any(t.ent_type_ in NOT_NAMES for t in span)


def _is_acronym(short: str, name: str) -> bool:
    return short.isupper() and short.replace(".", "") == "".join(w[0] for w in name.split())


def _strong(text: str, start: int, label: str) -> Mention:
    return Mention(text, start, start + len(text), label, strong=True)


def list_siblings(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Untagged names in listing lines, with the kind most names there have.

    "Romesh Kaluwitharana, Asanka Gurusinha, Aravinda de Silva": if two or
    more names of a line are people (and most are), so are the others.
    """
    found, offset = [], 0
    ordered = sorted((m for m in mentions if not m.in_title), key=lambda m: m.start)
    starts = [m.start for m in ordered]
    for line in doc_text(doc).split("\n"):
        end = offset + len(line)
        if is_listing(line):
            inside = ordered[bisect.bisect_left(starts, offset) : bisect.bisect_left(starts, end)]
            labels = Counter(m.label for m in inside if m.label)
            label, count = labels.most_common(1)[0] if labels else ("", 0)
            if count >= 2 and count * 2 > len(inside):
                found += _untagged(doc, line, offset, inside, label)
        offset = end + 1
    return found


def _untagged(doc: Doc, line: str, offset: int, inside: list[Mention], label: str):
    for match in NAME.finditer(line):
        start, end = offset + match.start(), offset + match.end()
        if any(m.start < end and start < m.end for m in inside) or any(c.isdigit() for c in match.group()):
            continue
        if SENTENCE_END.search(match.group()):
            continue  # "GMT. Nordhavn": two sentences, not one name
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or any(t.ent_type_ in NOT_NAMES for t in span):
            continue
        if len(span) == 1 and span[0].pos_ != "PROPN":
            continue
        yield Mention(match.group(), start, end, label)


#: A result in running text: "3-1", "2–0" (a set score such as "6-3" too).
PROSE_SCORE = re.compile(r"(?<![\w.,-])\d{1,2}[-–]\d{1,2}(?![\w.,%-]*\w)")
#: How the sides hang from the verb of a result: "City beat Arsenal", "drew with Leeds", "lost to Celtic".
SIDE_DEPS = ("nsubj", "dobj", "npadvmod")
SIDE_PREPOSITIONS = ("with", "to", "against", "over")


def prose_teams(doc: Doc) -> list[Mention]:
    """Strong team mentions from results told in sentences: the names
    either side of a verb that carries a score ("Manchester City beat
    Arsenal 3-1 on Sunday", "Liverpool, who drew 1-1"), which are teams
    whatever the tagger thought (a city, say).  A name tagged as a
    person's is left alone: tennis players win by scores too.
    """
    text = doc_text(doc)
    if not PROSE_SCORE.search(text):
        return []
    found: list[Mention] = []
    for match in PROSE_SCORE.finditer(text):
        score = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if score is None:
            continue
        verb = next((t for t in score if t.head.i not in range(score.start, score.end)), score.root).head
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        sides = [c for c in verb.children if c.dep_ in SIDE_DEPS and c.i not in range(score.start, score.end)]
        sides += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in SIDE_PREPOSITIONS
                  for g in c.children if g.dep_ == "pobj"]
        # "lost 2-1 at Leeds": a town after "at" is its club's ground (a stadium is named otherwise)
        sides += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "at"
                  for g in c.children if g.dep_ == "pobj" and world.place_kind(g.text) in (world.CITY, world.REGION)]
        if verb.dep_ == "relcl":
            sides.append(verb.head)  # "Liverpool, who drew 1-1"
        for side in sides:
            mention = _side(doc, side)
            if mention is not None and all(m.start != mention.start for m in found):
                found.append(mention)
    return found


def _side(doc: Doc, side) -> Mention | None:
    if side.pos_ != "PROPN" or not side.is_title or side.ent_type_ in ("PERSON", *NOT_NAMES):
        return None
    words = [t for t in side.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.is_title] + [side]
    span = doc[words[0].i : side.i + 1]
    if any(t.ent_type_ == "PERSON" for t in span):
        return None
    if any(c.dep_ == "prep" for c in side.children):
        return None  # "Republic of Ireland": a longer name than the words before it
    if len(span) > 1 and not (
        any(world.place_kind(t.text) for t in span) and all(t.ent_type_ in ("ORG", "GPE", "LOC") for t in span)
    ):
        return None  # "Steffi Graf beat ...": a club's name of several words holds its town's, and is tagged
    return _strong(span.text, span.start_char, "ORG")
