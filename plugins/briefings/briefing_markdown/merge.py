"""The merge: the briefing a file stands for, from what its author wrote and
what the annotators found, entry by entry (see :func:`to_briefing`)."""

from __future__ import annotations

from dataclasses import replace

from briefings.briefing_markdown.generated import identities, identity
from briefings.briefing_markdown.read import MarkdownBriefing
from briefings.model import Briefing, Player, Quote, TimelineEntry


def to_briefing(parsed: MarkdownBriefing, machine: Briefing) -> Briefing:
    """The briefing a file stands for, merged entry by entry with the
    annotators' ``machine`` run on the same article.

    A section the author left out is the annotators'.  A section without a
    record of what import wrote (written by hand) is the author's, whole.
    In an imported section, each entry left as written follows the
    annotators, each entry edited or added by the author is kept as written,
    identities the author edited or deleted are never brought back, and what
    the annotators newly find is added.
    """
    briefing = Briefing.from_article(
        parsed.article, timexes=machine.timexes, read_more=list(parsed.read_more),
        players=machine.players, quotes=machine.quotes, timeline=machine.timeline,
    )
    if parsed.players is not None:
        players = [_with_machine_data(p, machine) for p in parsed.players]
        briefing.players = _merge(parsed, "players", players, machine.players, _same_player)
    if parsed.quotes is not None:
        quotes = [_with_speaker_mention(q, machine) for q in parsed.quotes]
        quotes = _merge(parsed, "quotes", quotes, machine.quotes, _same_quote)
        briefing.quotes = sorted(quotes, key=lambda q: (q.start < 0, q.start))
    if parsed.timeline is not None:
        timeline = _merge(parsed, "timeline", parsed.timeline, machine.timeline, _same_entry)
        briefing.timeline = sorted(timeline, key=lambda e: (e.start_date, e.end_date))
    return briefing


def _merge(parsed: MarkdownBriefing, unit: str, written: list, found: list, same) -> list:
    """One unit's entries: the author's ``written`` merged with the
    annotators' ``found`` (see :func:`to_briefing`)."""
    if unit not in parsed.untouched:
        return written
    untouched, retired = parsed.untouched[unit], parsed.retired[unit]
    found_by_identity: dict[str, list] = {}
    for entry in found:
        for name in identities(unit, entry):
            found_by_identity.setdefault(name, []).append(entry)
    merged, taken = [], set()
    for position, entry in enumerate(written):
        if position not in untouched:
            merged.append(entry)
            continue
        for twin in found_by_identity.get(untouched[position], []):
            if id(twin) not in taken:
                taken.add(id(twin))
                merged.append(twin)
    authors = [entry for position, entry in enumerate(written) if position not in untouched]
    for entry in found:
        if id(entry) in taken or identities(unit, entry) & retired or any(same(entry, own) for own in authors):
            continue
        merged.append(entry)
    return merged


def _same_player(found: Player, written: Player) -> bool:
    return bool(identities("players", found) & identities("players", written))


def _same_quote(found: Quote, written: Quote) -> bool:
    overlap = written.start >= 0 and found.start < written.end and written.start < found.end
    return overlap or identity("quotes", found) == identity("quotes", written)


def _same_entry(found: TimelineEntry, written: TimelineEntry) -> bool:
    return identity("timeline", found) == identity("timeline", written)


def _with_speaker_mention(quote: Quote, machine: Briefing) -> Quote:
    """The author's quote, with the mention the annotators based the same
    attribution on, if any."""
    twin = next((q for q in machine.quotes if (q.start, q.end) == (quote.start, quote.end)), None)
    if twin and twin.speaker == quote.speaker:
        return replace(quote, speaker_text=twin.speaker_text, speaker_start=twin.speaker_start,
                       speaker_end=twin.speaker_end)
    return quote


def _with_machine_data(player: Player, machine: Briefing) -> Player:
    """The author's player, with mentions and salience of the same player
    as the annotators found it (by name or alias)."""
    twin = next((m for m in machine.players if _same_player(m, player)), None)
    if twin is None:
        return player
    return replace(player, mentions=twin.mentions, spans=twin.spans, salience=twin.salience,
                   aliases=player.aliases or [a for a in twin.aliases if a != player.name])
