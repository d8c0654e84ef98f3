"""The site-wide view of many briefings: one player per real-world entity
across briefings, what the site says of each, the merged timeline, quotes by
speaker.

Who is who is decided by :mod:`briefings.entities` (and the editor's file,
:mod:`briefings.editor_file`); this module gathers, for each identity, what
its page shows.  The site (the Pelican plugin) calls it once a build::

    from briefings.editor_file import read_editor_file
    from briefings.site_index import build_site_index

    editor = read_editor_file(content / "players.conf")    # none there: empty
    index = build_site_index([(card, article.briefing) for ...], editor=editor,
                             slugs=[article.slug for ...])
    for error in index.errors:                              # one line each
        log.error(error)
    for player in index.pages:          # the players that get a page
        url = f"players/{player.id}/"   # player.id is stable and unique
    index.by_briefing[i]                # briefing i: mention string -> player
                                        # (names, aliases, quote speakers)
    index.players_of[i][j]              # the player of briefing i's j-th player
                                        # (for briefings.json's "id" and "url")

A player gets a page when it is a key player of some briefing, a named
speaker of a quote, or named in two briefings or more (:attr:`SitePlayer.page`);
every mention of such a player can link to it.  Nothing here refers from one
player to another object: companions are (id, name, count), so a page's
data digests plainly.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Generic, NamedTuple, TypeVar

from briefings.entities import Identity, no_collection, resolve
from briefings.model import Briefing, Quote, TimelineEntry

Ref = TypeVar("Ref")

#: Companions shown on a player's page, at most.
COMPANIONS = 10


class Companion(NamedTuple):
    """A player often seen with another: in how many briefings."""

    id: str
    name: str
    count: int


@dataclass
class RoleSpell(Generic[Ref]):
    """A role a player is given, from the first to the last briefing that
    gives it (dates are the briefings'; None when undated)."""

    role: str
    first: dt.date | None
    last: dt.date | None
    sources: list[Ref] = field(default_factory=list)


@dataclass
class QuoteInContext(Generic[Ref]):
    """A quote of the player, with the sentence (or sentences) it is in."""

    quote: Quote
    sentence: str
    source: Ref
    date: dt.date | None


@dataclass
class SitePlayer(Generic[Ref]):
    """A player of the site, with what each briefing says of it."""

    name: str
    slug: str
    kind: str
    key: bool = False
    names: set[str] = field(default_factory=set)
    roles: list[tuple[str, Ref]] = field(default_factory=list)
    #: The briefings that name it, newest first (undated last).
    briefings: list[Ref] = field(default_factory=list)
    quotes: list[tuple[Quote, Ref]] = field(default_factory=list)
    timeline: list[tuple[TimelineEntry, Ref]] = field(default_factory=list)
    #: The site-wide identity (also its ``slug``): stable, unique.
    id: str = ""
    #: Whether it gets a page: a key player, a named speaker, or named in
    #: two briefings or more (and not hidden by the editor).
    page: bool = False
    #: Whether some quote is attributed to it by name.
    speaker: bool = False
    #: Roles over time, oldest first.
    role_history: list[RoleSpell[Ref]] = field(default_factory=list)
    #: Its quotes, newest first, each with its sentence.
    quotes_in_context: list[QuoteInContext[Ref]] = field(default_factory=list)
    #: The players with a page most often named in the same briefings.
    companions: list[Companion] = field(default_factory=list)


@dataclass
class SiteIndex(Generic[Ref]):
    players: list[SitePlayer[Ref]]
    #: For each briefing (in the order given): its players' names and
    #: aliases, and its quotes' speakers, → the site player they are.
    by_briefing: list[dict[str, SitePlayer[Ref]]]
    timeline: list[tuple[str, list[tuple[TimelineEntry, Ref]]]]
    quotes: list[tuple[str, list[tuple[Quote, Ref]]]]
    #: For each briefing: the site player of each of its players, in order.
    players_of: list[list[SitePlayer[Ref]]] = field(default_factory=list)
    by_id: dict[str, SitePlayer[Ref]] = field(default_factory=dict)
    #: Problems with the editor's file, one line each ("file:line: ...").
    errors: list[str] = field(default_factory=list)

    @property
    def pages(self) -> list[SitePlayer[Ref]]:
        """The players that get a page, most named first."""
        return [p for p in self.players if p.page]


def build_site_index(items: list[tuple[Ref, Briefing]], editor=None, slugs: list[str] | None = None) -> SiteIndex[Ref]:
    """Players, timeline and quotes of ``items``: (reference, briefing) pairs,
    the reference being whatever the caller links to (a Pelican article), one
    pair per reference.  ``editor`` is the editor's file
    (:func:`briefings.editor_file.read_editor_file`), ``slugs`` the
    briefings' slugs it names them by (by default their own)."""
    with no_collection():
        return _build(items, editor, slugs)


def _build(items, editor, slugs) -> SiteIndex:
    briefings = [briefing for _, briefing in items]
    resolution = resolve(briefings, editor, slugs)
    site: dict[int, SitePlayer[Ref]] = {}
    for identity in resolution.identities:
        site[id(identity)] = SitePlayer(name=identity.name, slug=identity.id, id=identity.id, kind=identity.kind)
    by_briefing: list[dict[str, SitePlayer[Ref]]] = []
    players_of: list[list[SitePlayer[Ref]]] = []
    speakers: dict[str, list[tuple[Quote, Ref]]] = defaultdict(list)
    roles: dict[int, dict[str, RoleSpell]] = defaultdict(dict)
    for position, (ref, briefing) in enumerate(items):
        here: dict[str, SitePlayer[Ref]] = {}
        mine: list[SitePlayer[Ref]] = []
        named: set[int] = set()
        for player, identity in zip(briefing.players, resolution.of_player[position], strict=True):
            site_player = site[id(identity)]
            mine.append(site_player)
            site_player.key = site_player.key or player.key
            site_player.names.add(player.name)
            site_player.names.update(player.aliases)
            if id(site_player) not in named:
                named.add(id(site_player))
                site_player.briefings.append(ref)
            for role in player.roles or ([player.role] if player.role else []):
                _note_role(roles[id(site_player)], site_player, role, ref, briefing.date)
            for mention in (player.name, *player.aliases):
                here.setdefault(mention, site_player)
        for speaker, identity in resolution.of_speaker[position].items():
            site_player = site[id(identity)]
            here.setdefault(speaker, site_player)
            if id(site_player) not in named:
                named.add(id(site_player))
                site_player.briefings.append(ref)
        by_briefing.append(here)
        players_of.append(mine)
        boundaries = None
        for quote in briefing.quotes:
            speaker = here.get(quote.speaker) if quote.speaker else None
            if speaker:
                speaker.speaker = True
                speaker.quotes.append((quote, ref))
                boundaries = boundaries or sentence_boundaries(briefing.text)
                sentence = sentence_around(briefing.text, quote.start, quote.end, boundaries=boundaries)
                speaker.quotes_in_context.append(QuoteInContext(quote, sentence, ref, briefing.date))
            if quote.speaker:
                speakers[speaker.name if speaker else quote.speaker].append((quote, ref))
        _own_events(briefing, ref, here)
    hidden = {id(site[id(i)]) for i in resolution.identities if i.hidden}
    newest = sorted(range(len(items)), key=lambda n: _newest_first(items[n][1].date, n))
    rank = {id(items[n][0]): place for place, n in enumerate(newest)}
    for site_player in site.values():
        site_player.names.add(site_player.name)
        site_player.page = id(site_player) not in hidden and _worth_a_page(site_player)
        if len(site_player.briefings) > 1:
            site_player.briefings.sort(key=lambda ref: rank[id(ref)])
        if len(site_player.quotes_in_context) > 1:
            site_player.quotes_in_context.sort(key=lambda q: rank[id(q.source)])
        if id(site_player) in roles:
            site_player.role_history = sorted(roles[id(site_player)].values(), key=_oldest_first)
    _companions(site, resolution, items)
    ranked = sorted(site.values(), key=lambda p: (-len(p.briefings), p.name.lower(), p.id))
    quotes = sorted(speakers.items(), key=lambda item: (-len(item[1]), item[0].lower()))
    return SiteIndex(ranked, by_briefing, _timeline(items), quotes, players_of,
                     {p.id: p for p in ranked}, list(resolution.errors))


def _worth_a_page(player: SitePlayer) -> bool:
    """Key players, named speakers and players of two briefings or more,
    unless the "name" is no name: a month or a weekday (a dateline's "Aug"),
    a single letter."""
    if not (player.key or player.speaker or len(player.briefings) >= 2):
        return False
    letters = sum(c.isalpha() for c in player.name)
    return letters >= 2 and player.name.lower().rstrip(".") not in _CALENDAR_WORDS


#: Months and weekdays, in full and abbreviated (English, as the annotators read).
_CALENDAR_WORDS = frozenset(
    w.lower() for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name, *calendar.day_abbr,
                        "Sept"))


def _note_role(spells: dict[str, RoleSpell], player: SitePlayer, role: str, ref, date) -> None:
    key = " ".join(role.lower().split())
    spell = spells.get(key)
    if spell is None:
        spell = spells[key] = RoleSpell(role, date, date)
        player.roles.append((role, ref))
    elif spell.sources and spell.sources[-1] is ref:
        return
    else:
        player.roles.append((role, ref))
        if date is not None:
            spell.first = date if spell.first is None else min(spell.first, date)
            spell.last = date if spell.last is None else max(spell.last, date)
    spell.sources.append(ref)


def _oldest_first(spell: RoleSpell) -> tuple:
    return (spell.first is None, spell.first or dt.date.min, spell.role.lower())


def _newest_first(date: dt.date | None, position: int) -> tuple:
    return (date is None, -(date.toordinal()) if date else 0, position)


def _own_events(briefing: Briefing, ref, here: dict[str, SitePlayer]) -> None:
    """Each timeline entry goes to the players its sentence names."""
    if not briefing.timeline or not here:
        return
    for entry in briefing.timeline:
        sentence = entry.sentence
        given: set[int] = set()
        for mention, site_player in here.items():
            if id(site_player) not in given and mention in sentence and _names(mention, sentence):
                given.add(id(site_player))
                site_player.timeline.append((entry, ref))


def _names(mention: str, sentence: str) -> bool:
    """Whether ``sentence`` names ``mention`` as a whole word."""
    at = sentence.find(mention)
    while at >= 0:
        end = at + len(mention)
        if (at == 0 or not sentence[at - 1].isalnum()) and (end == len(sentence) or not sentence[end].isalnum()):
            return True
        at = sentence.find(mention, at + 1)
    return False


_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")


def sentence_around(text: str, start: int, end: int, limit: int = 600,
                    boundaries: tuple[list[int], list[int], list[int]] | None = None) -> str:
    """The sentence (or sentences) of ``text`` that hold ``text[start:end]``,
    at most about ``limit`` characters either side; "" for a quote not
    found in it.  ``boundaries`` is :func:`sentence_boundaries` of the text,
    for many quotes of one text."""
    if start < 0 or end > len(text) or start >= end:
        return ""
    found, stops, begins = boundaries or sentence_boundaries(text)
    at = bisect.bisect_right(begins, start) - 1
    begin = begins[at] if at >= 0 else 0
    # The quote's own last word may end the sentence ("… home.” Then").
    at = bisect.bisect_left(found, max(start, end - 1))
    stop = stops[at] if at < len(found) else len(text)
    return text[max(begin, start - limit) : min(stop, end + limit)].strip()


def sentence_boundaries(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where each sentence end is found, where it stops (after a closing
    quotation mark) and where the next sentence begins."""
    found, stops, begins = [], [], []
    for match in _SENTENCE_END.finditer(text):
        found.append(match.start())
        stops.append(match.start() + len(match.group(0).rstrip()))
        begins.append(match.end())
    return found, stops, begins


def _companions(site: dict[int, SitePlayer], resolution, items) -> None:
    """The players with a page most often named in a player's briefings:
    the counts are the co-occurrence matrix of players with a page (one
    sparse product, not a count per pair in Python)."""
    import numpy as np
    from scipy import sparse

    players = list(site.values())
    number = {key: n for n, key in enumerate(site)}
    paged = [player.page for player in players]
    rows, columns = [], []
    for position in range(len(items)):
        present = {number[id(identity)] for identity in resolution.of_player[position]}
        present.update(number[id(identity)] for identity in resolution.of_speaker[position].values())
        shown = [n for n in present if paged[n]]
        if len(shown) > 1:
            rows.extend([position] * len(shown))
            columns.extend(shown)
    if not rows:
        return
    incidence = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, columns)),
                                  shape=(len(items), len(players)))
    together = (incidence.T @ incidence).tocsr()
    together.setdiag(0)
    together.eliminate_zeros()
    for n in range(len(players)):
        begin, end = together.indptr[n], together.indptr[n + 1]
        if begin == end:
            continue
        others, counts = together.indices[begin:end], together.data[begin:end]
        if len(counts) > COMPANIONS:
            least = np.partition(counts, len(counts) - COMPANIONS)[len(counts) - COMPANIONS]
            keep = counts >= least
            others, counts = others[keep], counts[keep]
        kept = sorted(zip(others.tolist(), counts.tolist()),
                      key=lambda item: (-item[1], players[item[0]].name.lower(), players[item[0]].id))
        players[n].companions = [Companion(players[o].id, players[o].name, count) for o, count in kept[:COMPANIONS]]


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


__all__ = ["Companion", "Identity", "QuoteInContext", "RoleSpell", "SiteIndex", "SitePlayer", "build_site_index",
           "sentence_around"]
