"""Roles of people, in the article's own words, read off the dependency parse.

Three shapes cover most of news writing:

- a title compounded before the name: "Kremlin spokesman Dmitry Peskov";
- an apposition after the name: "Nikolai Patrushev, Russia's security council
  chief, said";
- the name in apposition to a noun before it: "Biden's national security
  adviser, Jake Sullivan, said".
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from briefings.annotate.players.mentions import HONORIFICS

#: A role longer than this is a clause, not a title.
MAX_WORDS = 10
PREMODIFIERS = ("compound", "amod", "nmod", "poss")
#: Dependencies that end a role phrase read from an apposition.
CLAUSES = ("relcl", "acl", "advcl", "punct", "cc", "conj", "appos")


def _trim(tokens: list[Token]) -> str | None:
    """The tokens as a role: no leading article, short, naming a position.

    It must hold a common noun ("spokesman") or end in a capitalised title
    outside any entity ("Senator"), so "Britain's" alone is no role.
    """
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct or tokens[0].lower_ in HONORIFICS):
        tokens = tokens[1:]  # "the", and "Mr." or "Dr.", which are no roles
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "case"):
        tokens = tokens[:-1]
    if not tokens or len(tokens) > MAX_WORDS:
        return None
    if any(_is_verb(t) for t in tokens):
        return None
    title = any(t.pos_ == "PROPN" and not t.ent_type_ for t in tokens)  # "Senator", "Mayor of London"
    if not title and not any(t.pos_ == "NOUN" for t in tokens):
        return None
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _is_verb(token: Token) -> bool:
    """A verb that makes the phrase a clause; a participle modifying a noun
    ("managing director", "elected mayor") is part of a title."""
    if token.tag_ in ("VBG", "VBN") and token.dep_ in ("amod", "compound", "nmod"):
        return False
    return token.pos_ in ("VERB", "AUX")


def best_role(roles: list[str]) -> str | None:
    """The one role shown: the most specific stated, i.e. the one with the
    most words ("director of the Bureau of Ocean Energy Management" over
    "director"), the first stated on a tie; a past role ("former governor
    of New Mexico") only when there is no present one."""
    return max(roles, key=lambda role: (not _PAST.match(role), len(role.split())), default=None)


_PAST = re.compile(r"^(?:former|ex-|then-?|late|onetime|one-time|erstwhile)\b", re.IGNORECASE)


def _phrase(head: Token) -> list[Token]:
    """``head`` with its modifiers, stopping at clauses and commas."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in CLAUSES:
            continue
        tokens += list(child.subtree)
    tokens.sort(key=lambda t: t.i)
    # keep the contiguous run around the head
    start = end = tokens.index(head)
    while start > 0 and tokens[start - 1].i == tokens[start].i - 1:
        start -= 1
    while end + 1 < len(tokens) and tokens[end + 1].i == tokens[end].i + 1:
        end += 1
    return tokens[start : end + 1]


def role_of(span: Span) -> str | None:
    """The role phrase next to the person named by ``span``, if any."""
    root = span.root
    before = [t for t in root.lefts if t.i < span.start and t.dep_ in PREMODIFIERS]
    if before:
        start = min(t.left_edge.i for t in before)
        role = _trim(list(span.doc[start : span.start]))
        if role:
            return role
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            role = _trim(_phrase(child))
            if role:
                return role
    head = root.head
    title = head.pos_ == "NOUN" or (head.pos_ == "PROPN" and not head.ent_type_)  # "The Mayor of London, Sadiq Khan"
    if root.dep_ == "appos" and title and head.i < span.start:
        tokens = [t for t in _phrase(head) if t.i < span.start]
        return _trim(tokens)
    return None
