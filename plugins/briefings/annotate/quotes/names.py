"""Naming the speaker a cue's subject stands for.

A subject token becomes a *mention* (the characters the attribution rests
on) and a *speaker*: the canonical name of the player the mention belongs to,
the person a pronoun refers back to, or, for an unnamed source, its
description as first introduced ("a senior administration official" even when
the later attribution says "the senior administration official").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from briefings.annotate.nlp import doc_text
from briefings.annotate.syntax import SUBJECTS
from briefings.model import Player

_PERSONAL = frozenset("he she".split())
_PRONOUNS = frozenset("he she it they i we you him her them".split())
_DEFINITE = frozenset("the this that".split())


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    speaker: str | None
    #: Whether the source is a person, someone "he" or "she" may refer to.
    person: bool = False


class Namer:
    """Maps subject tokens of one document to mentions and speakers."""

    def __init__(self, doc: Doc, players: list[Player]):
        self.doc = doc
        self.text = doc_text(doc)
        self._by_start: list[tuple[int, int, Player]] = sorted(
            ((start, end, player) for player in players for start, end in player.spans),
            key=lambda mention: mention[:2],
        )
        self._starts = [start for start, _, _ in self._by_start]
        self._names: dict[str, Player] = {}
        for player in players:
            for name in (player.name, *player.aliases):
                self._names.setdefault(name.lower(), player)
                self._names.setdefault(name.split()[-1].lower(), player)
        self._subjects = self._subject_mentions()

    def _player_at(self, start: int, end: int) -> tuple[int, int, Player] | None:
        """The player mention overlapping the characters ``start:end``."""
        i = bisect.bisect_left(self._starts, end)
        for j in range(i - 1, max(i - 4, -1), -1):
            m_start, m_end, player = self._by_start[j]
            if m_end > start:
                return m_start, m_end, player
        return None

    def _subject_mentions(self) -> tuple[list[int], list[str]]:
        """Person subjects in text order, for resolving he and she.

        Player mentions of kind person count, and PERSON entities the players
        left out; only those heading a clause subject are antecedents, which
        keeps objects and possessors ("sanctions against Putin") out.
        """
        offsets, people = [], []
        for token in self.doc:
            if token.dep_ not in SUBJECTS or token.pos_ != "PROPN":
                continue
            if token.lower_ not in _PRONOUNS and self.is_person(token):
                name = self._name_span(token)
                offsets.append(token.idx)
                people.append(self.named(name.start_char, name.end_char).speaker)
        return offsets, people

    def is_person(self, token: Token) -> bool:
        """Whether ``token`` names or stands for a person."""
        if token.lower_ in _PERSONAL:
            return True
        found = self._player_at(token.idx, token.idx + len(token))
        if found:
            return found[2].kind == "person"
        return token.ent_type_ == "PERSON"

    def _name_span(self, token: Token) -> Span:
        """The proper name ``token`` heads: it and the compound words before."""
        start = token.i
        while start > 0:
            word = self.doc[start - 1]
            if word.dep_ != "compound" or word.pos_ != "PROPN" or word.head.i > token.i:
                break
            start -= 1
        return self.doc[start : token.i + 1]

    def _description(self, words: Span) -> str:
        """A common-noun source as first introduced: "the official" said
        after "a senior official" was introduced stays "a senior official"."""
        if words[0].lower_ not in _DEFINITE or len(words) < 2:
            return words.text
        rest = re.escape(words[1:].text)
        before = self.text[: words.start_char]
        earlier = re.search(rf"\b(?:an?|one) {rest}\b", before, re.IGNORECASE)
        return earlier.group() if earlier else words.text

    def resolve_pronoun(self, offset: int) -> str | None:
        """The latest person subject, or quoted speaker, before ``offset``."""
        offsets, people = self._subjects
        i = bisect.bisect_left(offsets, offset)
        return people[i - 1] if i else None

    def note_speaker(self, mention: Mention) -> None:
        """Make a person found speaking an antecedent for later pronouns."""
        if mention.person and mention.speaker:
            offsets, people = self._subjects
            i = bisect.bisect_left(offsets, mention.start)
            if i == len(offsets) or offsets[i] != mention.start:
                offsets.insert(i, mention.start)
                people.insert(i, mention.speaker)

    def is_known(self, start: int, end: int) -> bool:
        """Whether the name at ``start:end`` is a player's or a person's."""
        text = self.text[start:end].lower()
        if self._player_at(start, end) or text in self._names:
            return True
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ == "PERSON" for t in span)

    def named(self, start: int, end: int) -> Mention:
        """The mention of a name at ``start:end``, matched to its player by
        position, by full name, or by surname ("WALLACE" for Chris Wallace)."""
        found = self._player_at(start, end)
        if found:
            m_start, m_end, player = found
            text = self.text[m_start:m_end]
            return Mention(m_start, m_end, text, player.name, player.kind == "person")
        text = self.text[start:end]
        player = self._names.get(text.lower()) or self._names.get(text.split()[-1].lower())
        if player:
            return Mention(start, end, text, player.name, player.kind == "person")
        span = self.doc.char_span(start, end, alignment_mode="expand")
        person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
        return Mention(start, end, text, text, person)

    def mention(self, token: Token) -> Mention:
        """The mention and speaker for the subject ``token``."""
        start, end = token.idx, token.idx + len(token)
        if token.lower_ in _PRONOUNS:
            if token.lower_ in _PERSONAL:
                return Mention(start, end, token.text, self.resolve_pronoun(start), True)
            return Mention(start, end, token.text, None)
        if token.pos_ == "PROPN":
            name = self._name_span(token)
            return self.named(name.start_char, name.end_char)
        found = self._player_at(start, end)
        if found:
            return self.named(*found[:2])
        words = self.doc[token.left_edge.i : token.i + 1]
        return Mention(words.start_char, words.end_char, words.text, self._description(words))
