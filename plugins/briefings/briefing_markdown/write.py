"""Writing a briefing as editable Markdown (what ``briefings import`` and
``briefings annotate --format markdown`` print)."""

from __future__ import annotations

from briefings.briefing_markdown.generated import entry_records, item, with_generated_line
from briefings.markup import escape_markdown
from briefings.model import Briefing, Player, Quote, TimelineEntry
from briefings.timevalues import value_span


def to_markdown(briefing: Briefing, slug: str | None = None, source: str | None = None) -> str:
    """The editable Markdown of a briefing, with its ``Generated`` line;
    ``source`` is the raw article's path relative to the briefing's folder,
    recorded in that line (see :func:`~.generated.imported_from`)."""
    text, records = _render(briefing, slug)
    return with_generated_line(text, records, source)


def _render(briefing: Briefing, slug: str | None) -> tuple[str, dict[str, list[str]]]:
    head = [f"Title: {briefing.title}"]
    if briefing.date:
        head.append(f"Date: {briefing.date.isoformat()}")
    for key, value in (
        ("Source", briefing.source),
        ("URL", briefing.url),
        ("Tags", ", ".join(briefing.tags)),
        ("Authors", ", ".join(briefing.authors)),
        ("Contributors", ", ".join(briefing.contributors)),
        ("Slug", slug),
    ):
        if value:
            head.append(f"{key}: {value}")
    parts = ["\n".join(head)]
    key_players = [p for p in briefing.players if p.key]
    others = [p for p in briefing.players if not p.key]
    key_lines = [item(_player_line(p)) for p in key_players]
    other_lines = [item(_player_line(p)) for p in others]
    quote_lines = [item(_quote_line(q)) for q in briefing.quotes]
    timeline_lines = [item(_timeline_line(e)) for e in briefing.timeline]
    parts.append(_section("Key players", key_lines))
    if others:
        parts.append(_section("Also mentioned", other_lines))
    parts.append(_section("Quotes", quote_lines))
    parts.append(_section("Timeline", timeline_lines))
    paragraphs = [escape_markdown(p) for p in briefing.text.split("\n\n")]
    parts.append("## Article\n\n" + "\n\n".join(paragraphs))
    if briefing.read_more:
        parts.append(_section("Read more", [item(f"[{title}]({target})") for title, target in briefing.read_more]))
    records = {
        "players": entry_records("players", "key players", key_players, key_lines)
        + entry_records("players", "also mentioned", others, other_lines),
        "quotes": entry_records("quotes", "quotes", briefing.quotes, quote_lines),
        "timeline": entry_records("timeline", "timeline", briefing.timeline, timeline_lines),
    }
    return "\n\n".join(parts) + "\n", records


def _section(title: str, lines: list[str]) -> str:
    return f"## {title}\n\n" + "\n".join(lines)


def _player_line(player: Player) -> str:
    line = f"**{player.name}** ({player.kind})"
    line += f": {player.role}." if player.role else "."
    aliases = [a for a in player.aliases if a != player.name]
    if aliases:
        line += f" Also: {', '.join(aliases)}."
    return line


def _quote_line(quote: Quote) -> str:
    text = " ".join(quote.text.split())
    line = f"…“{text}”…" if quote.partial else f"“{text}”"
    return f"{line} — {quote.speaker}" if quote.speaker else line


def _timeline_line(entry: TimelineEntry) -> str:
    when = entry.value
    span = value_span(entry.value)
    if span != (entry.start_date, entry.end_date):
        start = entry.value if span and span[0] == entry.start_date else entry.start_date
        when = f"{start} to {entry.end_date}"
    notes = [entry.text] if entry.text else []
    if entry.upcoming:
        notes.append("upcoming")
    note = f" ({', '.join(notes)})" if notes else ""
    return f"**{when}**{note}: {entry.event}"
