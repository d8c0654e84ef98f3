"""The site-wide view of many briefings: one player across briefings, the
merged timeline, quotes by speaker.

A player's identity across the site is its canonical name.  "Putin" in one
briefing joins "Vladimir Putin" in another when that is the only player of the
same kind on the site the short name could mean (the only person whose name
ends with it, or whose aliases include it); otherwise they stay apart.  A
player's kind is the one most briefings give it.  Names an author wrote in
a Markdown briefing are canonical names like any other, so an author's fix of
a name wins everywhere.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from briefings.model import Briefing, Player, Quote, TimelineEntry
from briefings.slugs import slugify

Ref = TypeVar("Ref")


@dataclass
class SitePlayer(Generic[Ref]):
    """A player of the site, with what each briefing says of it."""

    name: str
    slug: str
    kind: str
    key: bool = False
    names: set[str] = field(default_factory=set)
    roles: list[tuple[str, Ref]] = field(default_factory=list)
    briefings: list[Ref] = field(default_factory=list)
    quotes: list[tuple[Quote, Ref]] = field(default_factory=list)
    timeline: list[tuple[TimelineEntry, Ref]] = field(default_factory=list)


@dataclass
class SiteIndex(Generic[Ref]):
    players: list[SitePlayer[Ref]]
    #: For each briefing (in the order given): its players' names and
    #: aliases → the site player they are.
    by_briefing: list[dict[str, SitePlayer[Ref]]]
    timeline: list[tuple[str, list[tuple[TimelineEntry, Ref]]]]
    quotes: list[tuple[str, list[tuple[Quote, Ref]]]]


def build_site_index(items: list[tuple[Ref, Briefing]]) -> SiteIndex[Ref]:
    """Players, timeline and quotes of ``items``: (reference, briefing) pairs,
    the reference being whatever the caller links to (a Pelican article), one
    pair per reference."""
    canonical = _canonical_names(briefing for _, briefing in items)
    players: dict[str, SitePlayer[Ref]] = {}
    kinds: dict[str, dict[str, int]] = {}  # not Counters: slow to make by the thousand
    by_briefing: list[dict[str, SitePlayer[Ref]]] = []
    speakers: dict[str, list[tuple[Quote, Ref]]] = defaultdict(list)
    for ref, briefing in items:
        here: dict[str, SitePlayer[Ref]] = {}
        # The roles this briefing gave each site player so far (by the
        # player's id): searching the player's whole lists instead would be
        # quadratic in its briefings.
        given: dict[int, set[str]] = {}
        for player in briefing.players:
            name = canonical.get((player.name, player.kind), player.name)
            key = name.lower()
            site_player = players.get(key)
            if site_player is None:
                site_player = players[key] = SitePlayer(name=name, slug="", kind=player.kind)
                kinds[key] = {}
            kind_counts = kinds[key]
            kind_counts[player.kind] = kind_counts.get(player.kind, 0) + 1
            site_player.key = site_player.key or player.key
            site_player.names.add(player.name)
            site_player.names.update(player.aliases)
            roles = given.get(id(site_player))
            if roles is None:  # the first time this briefing names the player
                roles = given[id(site_player)] = set()
                site_player.briefings.append(ref)
            for role in player.roles or ([player.role] if player.role else []):
                if role not in roles:
                    roles.add(role)
                    site_player.roles.append((role, ref))
            for mention in (player.name, *player.aliases):
                here.setdefault(mention, site_player)
        by_briefing.append(here)
        for quote in briefing.quotes:
            speaker = here.get(quote.speaker) if quote.speaker else None
            if speaker:
                speaker.quotes.append((quote, ref))
            if quote.speaker:
                speakers[speaker.name if speaker else quote.speaker].append((quote, ref))
        names = [(player.name, {player.name, *player.aliases}) for player in briefing.players]
        for entry in briefing.timeline:
            sentence = entry.sentence
            for name, mentions in names:
                for mention in mentions:
                    if mention in sentence:
                        here[name].timeline.append((entry, ref))
                        break
    for key, site_player in players.items():  # the kind most briefings give (the first seen on a tie)
        site_player.kind = max(kinds[key], key=kinds[key].get)
    ranked = sorted(players.values(), key=lambda p: (-len(p.briefings), p.name.lower()))
    _assign_slugs(ranked)
    quotes = sorted(speakers.items(), key=lambda item: (-len(item[1]), item[0].lower()))
    return SiteIndex(ranked, by_briefing, _timeline(items), quotes)


def _canonical_names(briefings) -> dict[tuple[str, str], str]:
    """Short names that can only mean one longer player name of the site of
    the same kind: (short name, kind) → long name."""
    long_names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for briefing in briefings:
        for player in briefing.players:
            for short in _short_forms(player):
                long_names[(short, player.kind)].add(player.name)
    mapping = {}
    for (short, kind), candidates in long_names.items():
        candidates.discard(short)
        if len(candidates) == 1:
            mapping[(short, kind)] = next(iter(candidates))
    return mapping


def _short_forms(player: Player) -> set[str]:
    forms = {alias for alias in player.aliases if alias != player.name}
    words = player.name.split()
    if player.kind == "person" and len(words) > 1:
        forms.add(words[-1])
    return forms


def _assign_slugs(players: list[SitePlayer]) -> None:
    taken: set[str] = set()
    for player in players:
        slug = base = slugify(player.name)
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        taken.add(slug)
        player.slug = slug


def _timeline(items) -> list[tuple[str, list[tuple[TimelineEntry, Ref]]]]:
    """Every briefing's timeline, oldest first, grouped by month (``YYYY-MM``),
    or by year (``YYYY``) for entries that span more than a month."""
    entries = sorted(
        ((entry, ref) for ref, briefing in items for entry in briefing.timeline),
        key=lambda pair: (pair[0].start_date, pair[0].end_date),
    )
    groups: dict[str, list] = {}
    for entry, ref in entries:
        month = entry.start_date[:7]
        group = month if month == entry.end_date[:7] else entry.start_date[:4]
        groups.setdefault(group, []).append((entry, ref))
    return list(groups.items())
