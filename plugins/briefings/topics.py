"""Topics: the briefings of a tag, or of a player, out of a set of briefings.

A tag is named as on the site, whatever its case or punctuation ("Ukraine
crisis", "ukraine-crisis": the tag's address is the same). A player is named
by any name or alias a briefing gives it, or by its site-wide id (as in its
page's address), and is found across briefings by the site's own resolution
of who is who (:func:`briefings.site_index.build_site_index`): "Putin" finds
the Vladimir Putin of every briefing, as a surname alone finds the one person
of that surname. A name that fits no player, or several, is an error
(:class:`NoSuchPlayer`) that lists the candidates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from briefings.model import Briefing
from briefings.names import base_key, person_name
from briefings.site_index import SiteIndex, SitePlayer

#: Candidates a message lists at most.
CANDIDATES = 6


def tag_key(tag: str) -> str:
    """A tag as its address on the site names it (Pelican's slug of a tag:
    accents folded, punctuation dropped, lower case, spaces as hyphens)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", tag)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def with_tag(briefings: Sequence[Briefing], tag: str) -> list[int]:
    """The positions of the briefings that carry ``tag``."""
    key = tag_key(tag)
    return [n for n, briefing in enumerate(briefings) if any(tag_key(t) == key for t in briefing.tags)]


def tags_of(briefings: Sequence[Briefing]) -> list[str]:
    """The tags of ``briefings``, the most used first (one spelling each)."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for briefing in briefings:
        for tag in dict.fromkeys(briefing.tags):
            key = tag_key(tag)
            spelling.setdefault(key, tag)
            counts[key] += 1
    return [spelling[key] for key, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


class NoSuchPlayer(LookupError):
    """No player, or several, of the name asked for; ``candidates`` are
    the players it may have meant."""

    def __init__(self, name: str, candidates: list[SitePlayer], ambiguous: bool):
        self.name = name
        self.candidates = candidates
        self.ambiguous = ambiguous
        listed = ", ".join(f"{p.name} ({p.id})" for p in candidates[:CANDIDATES])
        if ambiguous:
            message = f"the player {name!r} may be any of {listed}: name one by its id"
        elif candidates:
            message = f"no player {name!r} in these briefings; did you mean {listed}?"
        else:
            message = f"no player {name!r} in these briefings"
        super().__init__(message)


def find_player(index: SiteIndex, name: str) -> SitePlayer:
    """The player ``name`` names: by its id, else by the name it goes by or
    any name or alias a briefing gives it, else (a person named by a surname
    alone, or by the first and last of their names) by the person's name
    taken apart. The first of these that fits one player decides; one that
    fits several raises :class:`NoSuchPlayer` listing them."""
    wanted = " ".join(name.split())
    if wanted in index.by_id:
        return index.by_id[wanted]
    key = base_key(wanted)
    if not key:
        raise NoSuchPlayer(name, [], False)
    for fits in (lambda p: any(base_key(n) == key for n in p.names | {p.name}), _person_fit(wanted)):
        found = [p for p in index.players if fits(p)]
        if len(found) == 1:
            return found[0]
        if found:
            raise NoSuchPlayer(name, _ranked(found), True)
    raise NoSuchPlayer(name, _near(index, wanted), False)


def _person_fit(wanted: str):
    """Whether a person goes by the name ``wanted``, when that is a surname
    alone ("Putin") or a first name and a surname ("Vladimir Putin" for
    "Vladimir Vladimirovich Putin")."""
    asked = person_name(wanted)
    if not asked.surname:
        return lambda player: False

    def fits(player: SitePlayer) -> bool:
        if player.kind != "person":
            return False
        for known in player.names:
            parts = person_name(known)
            if parts.surname != asked.surname or parts.bare:
                continue
            if asked.bare or asked.first == parts.first:
                return True
        return False

    return fits


def _ranked(players: list[SitePlayer]) -> list[SitePlayer]:
    """Players with a page first, then the most named."""
    return sorted(players, key=lambda p: (not p.page, -len(p.briefings), p.name.lower(), p.id))


def _near(index: SiteIndex, wanted: str) -> list[SitePlayer]:
    """The players whose names are nearest to ``wanted`` (by spelling),
    nearest first."""
    by_key: dict[str, list[SitePlayer]] = {}
    for player in index.players:
        for known in player.names | {player.name}:
            by_key.setdefault(base_key(known), []).append(player)
    close = difflib.get_close_matches(base_key(wanted), list(by_key), n=CANDIDATES * 2, cutoff=0.6)
    found = {id(p): p for key in close for p in _ranked(by_key[key])}
    return list(found.values())[:CANDIDATES]


__all__ = ["NoSuchPlayer", "find_player", "tag_key", "tags_of", "with_tag"]
