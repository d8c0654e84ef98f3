"""The site-wide view of many briefings: one player across briefings, the
merged timeline, quotes by speaker.

A player's identity across the site is its canonical name.  "Putin" in one
briefing joins "Vladimir Putin" in another when that is the only player of the
site the short name could mean (the only person whose name ends with it, or
whose aliases include it); otherwise they stay apart.  Names an author wrote in
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
    #: (player name in a briefing, briefing ref) → site player
    by_mention: dict[tuple[str, int], SitePlayer[Ref]]
    timeline: list[tuple[str, list[tuple[TimelineEntry, Ref]]]]
    quotes: list[tuple[str, list[tuple[Quote, Ref]]]]


def build_site_index(items: list[tuple[Ref, Briefing]]) -> SiteIndex[Ref]:
    """Players, timeline and quotes of ``items``: (reference, briefing) pairs,
    the reference being whatever the caller links to (a Pelican article)."""
    canonical = _canonical_names(briefing for _, briefing in items)
    players: dict[str, SitePlayer[Ref]] = {}
    by_mention: dict[tuple[str, int], SitePlayer[Ref]] = {}
    for index, (ref, briefing) in enumerate(items):
        for player in briefing.players:
            name = canonical.get(player.name, player.name)
            site_player = players.get(name.lower())
            if site_player is None:
                site_player = players[name.lower()] = SitePlayer(name=name, slug="", kind=player.kind)
            site_player.key = site_player.key or player.key
            site_player.names.update({player.name, *player.aliases})
            if ref not in site_player.briefings:
                site_player.briefings.append(ref)
            for role in player.roles or ([player.role] if player.role else []):
                if (role, ref) not in site_player.roles:
                    site_player.roles.append((role, ref))
            by_mention[(player.name, index)] = site_player
        for quote in briefing.quotes:
            speaker = by_mention.get((quote.speaker, index)) if quote.speaker else None
            if speaker is None and quote.speaker:
                speaker = next((by_mention[(p.name, index)] for p in briefing.players
                                if quote.speaker in p.aliases), None)
            if speaker:
                speaker.quotes.append((quote, ref))
        for entry in briefing.timeline:
            for player in briefing.players:
                if any(name in entry.sentence for name in {player.name, *player.aliases}):
                    by_mention[(player.name, index)].timeline.append((entry, ref))
    ranked = sorted(players.values(), key=lambda p: (-len(p.briefings), p.name.lower()))
    _assign_slugs(ranked)
    return SiteIndex(ranked, by_mention, _timeline(items), _quotes(items, canonical))


def _canonical_names(briefings) -> dict[str, str]:
    """Short names that unambiguously mean a longer player name of the site."""
    long_names: dict[str, set[str]] = defaultdict(set)
    full_names: set[str] = set()
    for briefing in briefings:
        for player in briefing.players:
            full_names.add(player.name)
            for short in _short_forms(player):
                long_names[short].add(player.name)
    mapping = {}
    for short, candidates in long_names.items():
        candidates.discard(short)
        if len(candidates) == 1:
            mapping[short] = next(iter(candidates))
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
    months: dict[str, list] = {}
    for entry, ref in entries:
        month = entry.start_date[:7]
        group = month if month == entry.end_date[:7] else entry.start_date[:4]
        months.setdefault(group, []).append((entry, ref))
    return list(months.items())


def _quotes(items, canonical: dict[str, str]) -> list[tuple[str, list[tuple[Quote, Ref]]]]:
    """Quotes grouped by speaker (canonical name or description), most quoted first."""
    speakers: dict[str, list] = defaultdict(list)
    for ref, briefing in items:
        for quote in briefing.quotes:
            if quote.speaker:
                speakers[canonical.get(quote.speaker, quote.speaker)].append((quote, ref))
    return sorted(speakers.items(), key=lambda item: (-len(item[1]), item[0].lower()))
