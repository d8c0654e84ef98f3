"""Naming the speaker a cue's subject stands for.

A subject token becomes a *mention* (the characters the attribution rests
on) and a *speaker*: the canonical name of the player the mention belongs to,
the one a pronoun refers back to, or, for an unnamed source, its description
as first introduced.

- A description with a name in apposition is that name ("the White House
  press secretary, Karine Jean-Pierre, said" is Karine Jean-Pierre).
- A definite description refers back to the latest one who was introduced
  with the same noun: by a title before a name ("U.S. District Judge Laura
  Whitcombe" … "the judge said"), by an apposition ("A utility, Summit
  Power, said" … "the utility said"), or by an indefinite description ("a
  senior administration official" … "the official said", which stays a
  description).  A few nouns for a business ("the company", "the firm")
  refer back to the latest organisation named.
- A pronoun refers back to the latest compatible one named as the subject of
  a clause (:class:`Discourse`): "he" and "she" to a person of no other gender,
  "it" to an organisation or a thing, "they" to a group or a plural.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.attrs import DEP, POS, TAG
from spacy.parts_of_speech import PROPN
from spacy.tokens import Doc, Span, Token

from briefings.annotate.nlp import doc_text
from briefings.annotate.quotes.cues import SPEECH, THOUGHT
from briefings.annotate.syntax import SUBJECTS
from briefings.model import Player

#: Pronouns a source may be, and the gender the personal ones tell.
_PRONOUNS = frozenset("he she it they i we you him her them".split())
_GENDER_OF_PRONOUN = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "herself": "f"}
_RESOLVED = frozenset("he she it they".split())
_DEFINITE = frozenset("the this that".split())
_INDEFINITE = frozenset("a an one another".split())
#: Honorifics before a name, by gender.
_HONORIFICS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f"}
#: Nouns that tell a person's gender (besides those in -man and -woman:
#: spokesman, congresswoman).
_FEMALE = frozenset(
    """woman wife mother daughter sister aunt niece grandmother granddaughter
    widow girl queen princess duchess countess baroness actress lady
    girlfriend stepmother""".split()
)
_MALE = frozenset(
    """man husband father son brother uncle nephew grandfather grandson
    widower boy king prince duke baron gentleman boyfriend stepfather""".split()
)
#: Words in -man that are no man.
_NOT_MAN = frozenset("human shaman talisman caiman ottoman roman german".split())
#: Nouns for a business, which "the company said" refers back to.
_BUSINESS = frozenset(
    """company firm business corporation conglomerate group maker
    manufacturer producer retailer chain carrier airline operator lender
    bank insurer utility brokerage startup""".split()
)
_ORGANISATIONS = ("organization",)
_PERSON_KINDS = ("person",)


def gender_of_noun(word: str) -> str | None:
    """The gender a common noun tells ("spokeswoman" f, "chairman" m)."""
    word = word.lower()
    if word in _FEMALE or word.endswith(("woman", "women")):
        return "f"
    if word in _MALE or (word.endswith(("man", "men")) and word not in _NOT_MAN and len(word) > 4):
        return "m"
    return None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    speaker: str | None
    #: Whether the source is a person, someone "he" or "she" may refer to.
    person: bool = False


@dataclass
class _Entity:
    """Someone or something the article names or describes: what a pronoun
    must agree with."""

    kind: str | None = None
    plural: bool = False
    #: The text shows it is a person ("who", a gendered noun, "he"/"she").
    personal: bool = False
    genders: Counter = field(default_factory=Counter)

    @property
    def gender(self) -> str | None:
        if not self.genders:
            return None
        (top, count), *rest = self.genders.most_common(2)
        return top if not rest or rest[0][1] < count else None

    @property
    def person(self) -> bool:
        return self.personal or self.kind in _PERSON_KINDS

    def agrees(self, pronoun: str) -> bool:
        if pronoun in ("he", "she"):
            return self.person and not self.plural and self.gender in (None, _GENDER_OF_PRONOUN[pronoun])
        if pronoun == "it":
            return not self.person and not self.plural and self.kind in (None, *_ORGANISATIONS)
        return self.plural or self.kind in ("group", *_ORGANISATIONS)  # they


class Namer:
    """Maps subject tokens of one document to mentions and speakers.

    ``quoted`` tells the tokens inside quotations: names and pronouns there
    are the quoted speaker's, never antecedents in the article's discourse.
    """

    def __init__(self, doc: Doc, players: list[Player], quoted: Callable[[int], bool] = lambda i: False):
        self.doc = doc
        self.text = doc_text(doc)
        self.quoted = quoted
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
        self._entities: dict[str, _Entity] = {}
        #: (offset, noun lemma, speaker) of every noun that introduces someone:
        #: a title or an apposition of a name, or an indefinite description.
        self._introduced: list[tuple[int, str, str]] = []
        #: Offsets of organisation mentions and their names, in text order.
        self._organisations: list[tuple[int, str]] = []
        self._name_spans: dict[int, Span] = {}
        #: Subjects and roots outside the quotations, in text order.
        self._subjects: list[Token] = []
        self._read_names()
        self.discourse: Discourse | None = None
        Discourse(self)

    # Players and names ---------------------------------------------------

    def _player_at(self, start: int, end: int) -> tuple[int, int, Player] | None:
        """The player mention overlapping the characters ``start:end``."""
        i = bisect.bisect_left(self._starts, end)
        for j in range(i - 1, max(i - 4, -1), -1):
            m_start, m_end, player = self._by_start[j]
            if m_end > start:
                return m_start, m_end, player
        return None

    def is_person(self, token: Token) -> bool:
        """Whether ``token`` names or stands for a person."""
        if token.lower_ in ("he", "she"):
            return True
        name = self._name_span(token) if token.pos_ == "PROPN" else None
        if name is not None:
            mention = self.named(name.start_char, name.end_char)
            entity = self._entities.get(mention.speaker or "")
            if entity is not None:
                return entity.person
        found = self._player_at(token.idx, token.idx + len(token))
        if found:
            return found[2].kind == "person"
        return token.ent_type_ == "PERSON"

    def _name_span(self, token: Token) -> Span:
        """The proper name ``token`` heads: it and the compound words before."""
        span = self._name_spans.get(token.i)
        if span is None:
            span = self._name_spans[token.i] = self._find_name_span(token)
        return span

    def _find_name_span(self, token: Token) -> Span:
        start = token.i
        while start > 0:
            word = self.doc[start - 1]
            if _joins_name(self.doc, start - 1, token):
                start -= 2  # a hyphenated name, split by the tokeniser: "Owusu-Ansah"
                continue
            if word.dep_ != "compound" or word.pos_ != "PROPN" or word.head.i > token.i:
                break
            start -= 1
        return self.doc[start : token.i + 1]

    def is_known(self, start: int, end: int) -> bool:
        """Whether the name at ``start:end`` is a player's or a person's."""
        text = self.text[start:end].lower()
        if self._player_at(start, end) or text in self._names:
            return True
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(t.ent_type_ == "PERSON" for t in span)

    def named(self, start: int, end: int) -> Mention:
        """The mention of a name at ``start:end``, matched to its player by
        position, by full name, or by surname ("WALLACE" for Chris Wallace).
        A player found by position that covers only a piece of a name which is
        another player's ("Owusu" of "Owusu-Ansah") gives way to that one."""
        found = self._player_at(start, end)
        if found and start <= found[0] and found[1] <= end and found[1] - found[0] < end - start:
            whole = self._names.get(self.text[start:end].lower())
            if whole is not None and whole is not found[2]:
                found = None
        if found:
            m_start, m_end, player = found
            text = self.text[m_start:m_end]
            return Mention(m_start, m_end, text, player.name, self._is_person(player.name, player.kind))
        text = self.text[start:end]
        player = self._names.get(text.lower()) or self._names.get(text.split()[-1].lower())
        if player:
            return Mention(start, end, text, player.name, self._is_person(player.name, player.kind))
        span = self.doc.char_span(start, end, alignment_mode="expand")
        person = span is not None and any(t.ent_type_ == "PERSON" for t in span)
        return Mention(start, end, text, text, self._is_person(text, "person" if person else None))

    def _is_person(self, name: str, kind: str | None) -> bool:
        entity = self._entities.get(name)
        return entity.person if entity is not None else kind == "person"

    def _apposed_name(self, token: Token) -> Token | None:
        """The name in apposition to a common noun: "the press secretary,
        Karine Jean-Pierre," gives Jean-Pierre."""
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and not self.quoted(child.i):
                return child
        return None

    def mention(self, token: Token) -> Mention:
        """The mention and speaker for the subject ``token``."""
        start, end = token.idx, token.idx + len(token)
        lower = token.lower_
        if lower in _PRONOUNS:
            if lower in _RESOLVED:
                speaker = self.discourse.resolve(token)
                return Mention(start, end, token.text, speaker, lower in ("he", "she"))
            return Mention(start, end, token.text, None)
        if token.pos_ == "PROPN":
            name = self._name_span(token)
            return self.named(name.start_char, name.end_char)
        apposed = self._apposed_name(token)
        if apposed is not None:
            name = self._name_span(apposed)
            return self.named(name.start_char, name.end_char)
        found = self._player_at(start, end)
        if found:
            return self.named(*found[:2])
        if token.text[:1].isupper() and token.lower_ in self._names:
            return self.named(start, end)  # a surname the tagger took for a noun
        words = self._description_words(token)
        speaker = self.description(words)
        entity = self._entities.get(speaker)
        person = (entity is not None and entity.person) or gender_of_noun(token.lower_) is not None
        return Mention(words.start_char, words.end_char, words.text, speaker, person)

    def _description_words(self, token: Token) -> Span:
        """The words of a common-noun source: its noun phrase up to the
        noun, and a short "of" phrase after it ("hundreds of protesters",
        "the head of the agency")."""
        end = token.i + 1
        if end < len(self.doc) and self.doc[end].lower_ == "of" and self.doc[end].head.i == token.i:
            right = self.doc[end].right_edge.i + 1
            if right - end <= 4 and not any(self.quoted(i) for i in range(end, right)):
                end = right
        return self.doc[token.left_edge.i : end]

    def note_speaker(self, mention: Mention) -> None:
        """Make a source found speaking an antecedent for later pronouns."""
        if mention.speaker and mention.text.lower() not in _PRONOUNS:
            entity = self._entity(mention.speaker)
            entity.personal = entity.personal or mention.person
            self.discourse.add(mention.start, mention.speaker)

    # Reading the article's names, titles and descriptions ------------------

    def _entity(self, key: str) -> _Entity:
        entity = self._entities.get(key)
        if entity is None:
            entity = self._entities[key] = _Entity()
        return entity

    def entity(self, key: str | None) -> _Entity | None:
        return self._entities.get(key) if key else None

    def _read_names(self) -> None:
        """Every name and description outside the quotations: the kind and
        gender the text gives each one, and the nouns that introduce it."""
        for player in {id(p): p for *_, p in self._by_start}.values():
            entity = self._entity(player.name)
            entity.kind = entity.kind or player.kind
            entity.plural = player.kind == "group"
        doc = self.doc
        for i in _candidates(doc):
            if self.quoted(i):
                continue
            token = doc[i]
            pos, dep = token.pos_, token.dep_
            if dep in _SUBJECT_OR_ROOT:
                self._subjects.append(token)
            if pos == "PROPN" and not (dep == "compound" and token.head.pos_ == "PROPN"):
                self._read_name(token)
            elif pos == "NOUN" and token.tag_ == "NN" and token.left_edge.lower_ in _INDEFINITE:
                self._read_noun(token)

    def _read_name(self, token: Token) -> None:
        name = self._name_span(token)
        key = self.named(name.start_char, name.end_char).speaker
        entity = self._entity(key)
        if entity.kind is None:
            entity.kind = _KIND_OF_ENTITY.get(token.ent_type_)
        if entity.kind in _ORGANISATIONS:
            self._organisations.append((token.idx, key))
        before = self.doc[name.start - 1] if name.start > 0 else None
        if before is not None and before.lower_ in _HONORIFICS:
            entity.genders[_HONORIFICS[before.lower_]] += 1
        nouns = [w for w in name if w.i < token.i and w.lower_ not in _HONORIFICS]
        nouns += [c for c in token.children if c.dep_ in ("compound", "appos") and c.pos_ == "NOUN"]
        if token.dep_ == "appos" and token.head.pos_ == "NOUN":
            nouns.append(token.head)
        for noun in nouns:
            self._introduced.append((noun.idx, noun.lower_, key))
            if noun.pos_ == "NOUN":
                self._read_gender(entity, noun.lower_)
        for child in token.children:
            if child.dep_ == "relcl" and any(c.lower_ == "who" and c.dep_ in SUBJECTS for c in child.children):
                entity.personal = True
        self._read_pronouns(entity, token)

    def _read_gender(self, entity: _Entity, noun: str) -> None:
        gender = gender_of_noun(noun)
        if gender:
            entity.genders[gender] += 1
            entity.personal = True

    def _read_noun(self, token: Token) -> None:
        """An indefinite description ("a senior administration official")."""
        if self._apposed_name(token) is not None:
            return  # read with the name
        words = self._description_words(token)
        description = words.text
        if description[:1].isupper() and words[0].lower_ in _INDEFINITE:
            description = description[0].lower() + description[1:]
        entity = self._entity(description)
        self._read_gender(entity, token.lower_)
        for child in token.children:
            if child.dep_ == "relcl" and any(c.lower_ == "who" and c.dep_ in SUBJECTS for c in child.children):
                entity.personal = True
        self._introduced.append((token.idx, token.lower_, description))
        self._read_pronouns(entity, token)

    def _read_pronouns(self, entity: _Entity, token: Token) -> None:
        """The gender told by "himself" or "his" in the clause ``token`` is
        the subject of ("Briggs stayed behind to hose down his roof")."""
        name = token
        if token.dep_ == "appos":
            token = token.head
        if token.dep_ not in _SUBJECT_OR_ROOT:
            return
        if token.dep_ in SUBJECTS:
            verb = token.head
        elif token.dep_ == "ROOT":
            verb = token  # "Maria Santos, 72, …, left with her dogs", parsed around the name
        else:
            return
        for word in verb.subtree:
            gender = _GENDER_OF_PRONOUN.get(word.lower_)
            if gender is None or word.i < name.i or self.quoted(word.i):
                continue
            reflexive = word.lower_.endswith("self")
            if not (reflexive or (word.dep_ == "poss" and word.lower_ in ("his", "her"))):
                continue
            if self._same_clause(word, verb, name):
                entity.genders[gender] += 1
                entity.personal = True

    def _same_clause(self, word: Token, verb: Token, name: Token) -> bool:
        """Whether ``word`` hangs from ``verb`` without another subject or
        person named between ``name`` and it, nor a verb of saying above it
        (what one says or thinks is mostly about others: "Haverford called
        her tenure …")."""
        head = word.head
        while True:
            if head.i == name.i or head.lemma_.lower() in SPEECH or head.lemma_.lower() in THOUGHT:
                return False  # "Tom Reed, her deputy": the name's own apposition
            if head.i == verb.i:
                break
            if any(c.dep_ in SUBJECTS for c in head.children) or head.head.i == head.i or head.dep_ == "appos":
                return False
            head = head.head
        between = self.doc[name.i + 1 : word.i]
        return not any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in between)

    def description(self, words: Span) -> str:
        """The speaker a common-noun source stands for.  "The judge" after
        "Judge Laura Whitcombe" is Laura Whitcombe; "the official" after "a
        senior official" is "a senior official"; "the company" is the latest
        organisation named; otherwise the words themselves."""
        head = words.root
        if words[0].lower_ in _INDEFINITE and words.text[:1].isupper():
            return words.text[0].lower() + words.text[1:]  # as introduced ("A spokeswoman said")
        if words[0].lower_ not in _DEFINITE or len(words) < 2:
            return words.text
        noun = head.lower_
        for offset, introduced, speaker in reversed(self._introduced):
            if offset < words.start_char and introduced == noun:
                return speaker
        if noun in _BUSINESS:
            return self._latest_organisation(words.start_char) or words.text
        return words.text

    def _latest_organisation(self, offset: int) -> str | None:
        """The organisation last named as a subject before ``offset``, else
        the one last named ("Nordvik said …; Ekberg told the newspaper Dagens
        Industri that the company had …" is Nordvik)."""
        discourse = self.discourse
        if discourse is not None:
            for j in range(bisect.bisect_left(discourse.offsets, offset) - 1, -1, -1):
                entity = self._entities.get(discourse.keys[j])
                if entity is not None and entity.kind in _ORGANISATIONS and not entity.personal:
                    return discourse.keys[j]
        i = bisect.bisect_left(self._organisations, (offset, ""))
        return self._organisations[i - 1][1] if i else None


_SUBJECT_OR_ROOT = frozenset((*SUBJECTS, "ROOT"))


def _joins_name(doc: Doc, i: int, head: Token) -> bool:
    """Whether token ``i`` is a hyphen inside a name headed by ``head``, with
    a proper noun right before it and no space on either side."""
    hyphen = doc[i]
    if i == 0 or hyphen.tag_ != "HYPH" or hyphen.whitespace_ or hyphen.head.i != head.i:
        return False
    before = doc[i - 1]
    return before.pos_ == "PROPN" and not before.whitespace_


def _candidates(doc: Doc) -> list[int]:
    """Indices of the tokens :meth:`Namer._read_names` reads: proper nouns,
    singular common nouns, subjects and roots (found on the arrays, without
    making a Token of every word)."""
    strings = doc.vocab.strings
    array = doc.to_array([POS, TAG, DEP])
    pos, tag, dep = array[:, 0], array[:, 1], array[:, 2]
    wanted = (pos == PROPN) | (tag == strings["NN"])
    for label in _SUBJECT_OR_ROOT:
        wanted |= dep == strings[label]
    return wanted.nonzero()[0].tolist()
_KIND_OF_ENTITY = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": "place", "LOC": "place"}


class Discourse:
    """Who each pronoun refers back to: the latest one named as the subject
    of a clause (or found speaking) that agrees with it, resolved in text
    order so that a resolved pronoun is itself the latest mention of its
    antecedent, and tells its gender."""

    def __init__(self, namer: Namer):
        self.namer = namer
        namer.discourse = self  # descriptions read the subjects so far
        self.offsets: list[int] = []
        self.keys: list[str] = []
        self.pronouns: list[Token] = []
        self.resolved: dict[int, str | None] = {}
        self.done = 0
        for token in namer._subjects:
            if token.lower_ in _RESOLVED:
                if token.dep_ in SUBJECTS:
                    self.pronouns.append(token)
            elif token.dep_ in SUBJECTS or token.pos_ == "PROPN":
                key = self._subject(token)
                if key:
                    self.add(token.idx, key)

    def _subject(self, token: Token) -> str | None:
        namer = self.namer
        if token.pos_ == "PROPN":
            name = namer._name_span(token)
            return namer.named(name.start_char, name.end_char).speaker
        if token.pos_ != "NOUN":
            return None
        mention = namer.mention(token)
        entity = namer._entity(mention.speaker)
        if mention.speaker == mention.text and token.tag_ in ("NNS", "NNPS"):
            entity.plural = True
        return mention.speaker

    def add(self, offset: int, key: str) -> None:
        i = bisect.bisect_right(self.offsets, offset)
        if i and self.offsets[i - 1] == offset and self.keys[i - 1] == key:
            return
        self.offsets.insert(i, offset)
        self.keys.insert(i, key)

    def resolve(self, token: Token) -> str | None:
        """The speaker the pronoun ``token`` refers back to."""
        while self.done < len(self.pronouns) and self.pronouns[self.done].i <= token.i:
            pronoun = self.pronouns[self.done]
            self.resolved[pronoun.i] = self._resolve(pronoun, record=True)
            self.done += 1
        if token.i in self.resolved:
            return self.resolved[token.i]
        return self._resolve(token, record=False)

    def _resolve(self, token: Token, record: bool) -> str | None:
        pronoun = token.lower_
        i = bisect.bisect_left(self.offsets, token.idx)
        for j in range(i - 1, -1, -1):
            key = self.keys[j]
            entity = self.namer.entity(key)
            if entity is not None and entity.agrees(pronoun):
                if record:
                    self.add(token.idx, key)
                    if pronoun in ("he", "she") and entity.gender is None:
                        entity.genders[_GENDER_OF_PRONOUN[pronoun]] += 1
                return key
        return None
