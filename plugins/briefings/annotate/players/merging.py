"""Merging mentions into players: one cluster of mentions per person or body.

Mentions are grouped by their normalised form; forms are then joined when one
is the acronym of another ("U.S." and "United States") or a shorter form of a
longer name in the same article ("Sullivan" and "Jake Sullivan").  A surname
shared by several people goes to the nearest preceding full name, so two
people who share a surname are never merged.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from briefings.annotate.players import world
from briefings.annotate.players.mentions import LABEL_KINDS, Mention

#: Small words left out of acronyms ("United States of America" is "USA").
ACRONYM_STOP = frozenset("of the and for de du la le des del di & on in".split())


def norm_key(text: str) -> str:
    """The form mentions are compared by: case, periods and "the" ignored."""
    text = text.replace("’", "'").lower()
    text = re.sub(r"'s?$", "", text).replace(".", "")
    text = re.sub(r"^the\s+", "", text)
    return " ".join(text.split())


def initials(text: str) -> str:
    """Upper-case initials of the words of a multiword name ("" if one word)."""
    words = [w for w in re.split(r"[\s-]+", text) if w and w.lower() not in ACRONYM_STOP]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words)


def acronym(text: str) -> str:
    """``text`` as an acronym ("U.S." -> "US"), or "" if it is not one."""
    letters = text.replace(".", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else ""


class _Union:
    def __init__(self, keys):
        self.parent = {k: k for k in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def resolve_parts(mentions: list[Mention]) -> list[Mention]:
    """Hyphenated modifiers become their names when those are named elsewhere."""
    known = {norm_key(m.text) for m in mentions if not m.parts}
    out = []
    for mention in mentions:
        parts = [p for p in mention.parts if norm_key(p.text) in known]
        if parts:
            out += parts
        elif mention.label:
            out.append(mention)
    return out


def drop_products(mentions: list[Mention]) -> list[Mention]:
    """Drop forms used mostly to name a weapon or product."""
    uses = defaultdict(list)
    for mention in mentions:
        uses[norm_key(mention.text)].append(mention.product)
    return [m for m in mentions if sum(u := uses[norm_key(m.text)]) * 2 < len(u)]


def _labels(mentions: list[Mention]) -> Counter:
    return Counter(m.label for m in mentions if m.label)


def _join_acronyms(forms: dict[str, list[Mention]], union: _Union) -> None:
    by_initials = defaultdict(set)
    for key, ms in forms.items():
        if _labels(ms)["PERSON"] == 0 and (abbr := initials(ms[0].text)):
            by_initials[abbr].add(key)
    for key, ms in forms.items():
        long = by_initials.get(acronym(ms[0].text), ())
        if len(long) == 1 and _labels(ms)["PERSON"] == 0:
            union.join(key, next(iter(long)))


def _shorter_forms(forms: dict[str, list[Mention]]) -> dict[str, list[str]]:
    """For each form, the longer forms it may abbreviate.

    A person is referred to by surname (the last words of the full name); an
    organisation by the first or last words of its name ("Villa" for "Aston
    Villa") when it is tagged as one both times.
    """
    longer = defaultdict(list)
    by_words = {key: key.split() for key in forms}
    for long_key, long_ms in forms.items():
        labels = _labels(long_ms)
        words = by_words[long_key]
        if len(words) < 2:
            continue
        for n in range(1, len(words)):
            suffix = " ".join(words[-n:])
            if labels["PERSON"] and suffix in forms:
                longer[suffix].append(long_key)
            elif labels["ORG"]:
                for short in (suffix, " ".join(words[:n])):
                    if short in forms and (_labels(forms[short])["ORG"] or _company_prefix(short, long_key, forms)):
                        longer[short].append(long_key)
    return longer


def _company_prefix(short: str, long_key: str, forms: dict[str, list[Mention]]) -> bool:
    """Whether a one-word form the tagger took for a person is the first
    word of a company's name ("Nordhavn" of "Nordhavn Shipping A/S")."""
    long_text = forms[long_key][0].text
    return (
        len(short.split()) == 1
        and long_key.startswith(short + " ")
        and set(_labels(forms[short])) <= {"PERSON"}
        and (world.has_legal_form(long_text) or world.ends_like_organization(long_text))
    )


def cluster(mentions: list[Mention]) -> list[list[Mention]]:
    """Group ``mentions`` into one list per player, in order of first mention."""
    forms: dict[str, list[Mention]] = defaultdict(list)
    for mention in sorted(mentions, key=lambda m: (m.in_title, m.start)):
        forms[norm_key(mention.text)].append(mention)
    union = _Union(forms)
    _join_acronyms(forms, union)
    ambiguous = {}
    for short, longs in _shorter_forms(forms).items():
        roots = {union.find(k) for k in longs}
        if len(roots) == 1:
            union.join(short, longs[0])
        else:
            ambiguous[short] = longs
    groups: dict[str, list[Mention]] = defaultdict(list)
    for key, ms in forms.items():
        if key not in ambiguous:
            groups[union.find(key)] += ms
    for short, longs in ambiguous.items():
        for mention in forms[short]:
            groups[union.find(_nearest(mention, longs, forms))].append(mention)
    clusters = [sorted(ms, key=lambda m: (m.in_title, m.start)) for ms in groups.values()]
    return sorted(clusters, key=lambda ms: (ms[0].in_title, ms[0].start))


def _nearest(mention: Mention, keys: list[str], forms: dict[str, list[Mention]]) -> str:
    """The form among ``keys`` mentioned last before ``mention`` (else first after)."""
    def distance(key: str) -> tuple[int, int]:
        before = [mention.start - m.start for m in forms[key] if m.start <= mention.start]
        after = [m.start - mention.start for m in forms[key] if m.start > mention.start]
        return (0, min(before)) if before else (1, min(after, default=0))

    return min(keys, key=distance)


#: Prepositions of place: "in Balkh", "from Abuja", "near Karlstad".
LOCATIVE = frozenset("in from near outside across throughout around within inside".split())
#: Nouns a place is apposed to or compounded with: "Samangan province",
#: "Mazar-i-Sharif, the capital of Balkh".
PLACE_NOUNS = frozenset(
    """city cities town towns village villages capital capitals province provinces state states region regions
    district districts county counties port ports island islands suburb suburbs area areas country countries
    municipality prefecture governorate""".split()
)


def kind_of(mentions: list[Mention]) -> str:
    """The kind of a player, by a vote of its mentions' labels, corrected by
    world knowledge.

    Mentions read from listings (see ``players.listings``) outvote spaCy's.  A
    full name tagged PERSON once is a person everywhere; otherwise the
    majority decides, ties going to person.  A facility that acts ("the White
    House said") is an organisation.  Then what the world knows: a name
    ending in a company's legal form is an organisation; a country is a
    place; a region or city is a place rather than a person, and rather
    than an organisation where the article uses it as a place ("in
    Karlstad") and never as a team in a results table.
    """
    votes = Counter()
    strong = [m for m in mentions if m.strong]
    for mention in strong or mentions:
        if not mention.label:
            continue
        kind = LABEL_KINDS[mention.label]
        if mention.label == "FAC" and mention.span is not None:
            if mention.span.root.dep_ in ("nsubj", "nsubjpass", "compound") or (
                mention.span.root.head.lower_ == "by"
            ):
                kind = "organization"
        votes[kind] += 1
    body = [m for m in mentions if not m.in_title] or mentions
    if any(world.has_legal_form(m.text) for m in body) or (
        any(world.ends_like_organization(m.text) for m in body) and not any(world.is_country(m.text) for m in body)
    ):
        return "organization"
    # "Baltic Freight", tagged a person, short for "Baltic Freight Holdings", tagged an organisation
    longest_org = max((len(m.words) for m in mentions if m.label == "ORG"), default=0)
    full_name = any(m.label == "PERSON" and longest_org <= len(m.words) > 1 for m in mentions)
    if full_name and not strong:
        return "person"
    if votes["group"] and len(votes) > 1:
        del votes["group"]
    voted = max(votes, key=lambda k: (votes[k], k == "person", k == "organization"))
    if voted != "person" and not strong and any(_apposed_to_a_person(m) for m in mentions):
        return "person"  # "Indonesia's energy minister, Bahlil Lahadalia"
    if voted == "person" and all(_brand_case(m.text) for m in body):
        return "organization"  # "OpenAI", "YouTube": no one's name is written so
    return _known_place(mentions, voted, bool(strong)) or voted


#: Nouns for people by what they do, that a name apposed to is a person's.
PERSON_NOUNS = frozenset(
    """minister spokesman spokeswoman spokesperson president leader chief head director secretary official
    adviser advisor governor mayor senator lawmaker legislator analyst economist executive chairman chairwoman
    founder manager coach player striker captain author writer professor researcher scientist lawyer attorney
    judge officer commander ambassador envoy negotiator candidate premier chancellor king queen prince
    editor reporter correspondent son daughter wife husband brother sister mother father""".split()
)


#: Prefixes after which a surname takes a second capital: McGwire, MacLeod,
#: DeShields, LeBron, DiMaggio, VanDyke, O'Neill.
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|O'|O’|D'|D’|St)\w")


def _brand_case(name: str) -> bool:
    """Whether a one-word name has a capital inside that no surname prefix
    explains ("OpenAI", "PayPal", but not "McGwire")."""
    word = name.strip()
    if " " in word or not word[:1].isupper() or word.isupper():
        return False
    inner = any(c.isupper() for c in word[1:])
    return inner and not _NAME_PREFIX.match(word) and "-" not in word


def _apposed_to_a_person(mention: Mention) -> bool:
    """Whether a name of several words is apposed to a noun for a person
    ("the energy minister, Bahlil Lahadalia"; "Bahlil Lahadalia, the minister")."""
    span = mention.span
    if span is None or mention.in_title or len(mention.words) < 2 or world.place_kind(mention.text):
        return False
    root = span.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in PERSON_NOUNS and root.head.i < span.start:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in PERSON_NOUNS for c in root.children)


def _known_place(mentions: list[Mention], voted: str, strong: bool) -> str | None:
    """``"place"`` when world knowledge or the parse overrides the vote, else None."""
    if voted in ("place", "group"):
        return None
    kinds = {world.place_kind(m.text) for m in mentions if not m.in_title}
    if world.COUNTRY in kinds:
        return "place"
    if strong:
        return None
    if voted == "person" and any(_called_a_place(m) for m in mentions):
        return "place"  # "Apapa, the city's older port": whatever the gazetteer knows
    if not kinds & {world.REGION, world.CITY}:
        return None
    used_as_place = any(_used_as_place(m) for m in mentions)
    if used_as_place or (voted == "person" and world.REGION in kinds):
        return "place"
    return None


def _called_a_place(mention: Mention) -> bool:
    """Whether the article says what place it is: "Samangan province",
    "Apapa, the city's older port"."""
    span = mention.span
    if span is None or mention.in_title:
        return False
    root = span.root
    if root.dep_ in ("compound", "nmod") and root.head.lower_ in PLACE_NOUNS and root.head.i == span.end:
        return True
    return any(child.dep_ == "appos" and child.lower_ in PLACE_NOUNS for child in root.children)


def _used_as_place(mention: Mention) -> bool:
    """Whether the parse shows a place: "in Balkh", "Samangan province",
    "Mazar-i-Sharif, the capital of Balkh"."""
    span = mention.span
    if span is None or mention.in_title:
        return False
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return True
    if root.dep_ in ("compound", "nmod") and root.head.lower_ in PLACE_NOUNS:
        return True
    head = root.head
    if root.dep_ == "conj" and head.dep_ in ("pobj", "compound") and head.head.lower_ in LOCATIVE | PLACE_NOUNS:
        return True
    return _called_a_place(mention) or _listed_with_a_place(span)


def _listed_with_a_place(span) -> bool:
    """Whether a place tagged as one stands next to ``span`` in a list:
    "Kano and Abuja", "Vienna and Copenhagen"."""
    doc = span.doc
    before = doc[span.start - 2] if span.start >= 2 and doc[span.start - 1].lower_ in ("and", "or", ",") else None
    after = doc[span.end + 1] if span.end + 1 < len(doc) and doc[span.end].lower_ in ("and", "or", ",") else None
    return any(t is not None and t.ent_type_ in ("GPE", "LOC") for t in (before, after))


def canonical(mentions: list[Mention]) -> tuple[str, list[str]]:
    """The longest form as the name, the other spellings as aliases."""
    spellings = Counter(m.text for m in mentions)
    def rank(text: str) -> tuple:
        return (len(norm_key(text).split()), len(text), not text.isupper(), spellings[text])
    name = max(spellings, key=rank)
    aliases = []
    for text in spellings:
        if text != name and text not in aliases and norm_key(text) != norm_key(name):
            aliases.append(text)
    return name, aliases


BRACKETED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z.&]{1,9})\)")


def bracketed_acronyms(text: str, mentions: list[Mention]) -> list[Mention]:
    """Acronyms defined in brackets after a name: "Kurdistan Democratic Party (KDP)"."""
    found = []
    for mention in mentions:
        match = BRACKETED_ACRONYM.match(text, mention.end)
        if match and not mention.in_title and acronym(match.group(1)) == initials(mention.text):
            start = match.start(1)
            found.append(Mention(match.group(1), start, match.end(1), mention.label))
    return found
