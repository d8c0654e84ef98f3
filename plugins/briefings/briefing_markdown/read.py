"""Reading a briefing file: its front matter (see :mod:`briefings.fields`),
its sections, and each entry, every error naming the file and the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from briefings.briefing_markdown.generated import item, line_digest, parse_records
from briefings.errors import BriefingError, printable
from briefings.fields import check_url, parse_date, read_fields, split_list
from briefings.markup import FILE_PREFIXES, render, url_problem
from briefings.model import PLAYER_KINDS, Article, Player, Quote, TimelineEntry
from briefings.timevalues import value_span

FRONT_MATTER_KEYS = (
    "title", "date", "source", "url", "tags", "authors", "author",
    "contributors", "slug", "summary", "status", "generated", "modified",
)
STATUSES = ("published", "draft", "hidden")
SECTIONS = ("key players", "also mentioned", "quotes", "timeline", "article", "read more")

_HEADING = re.compile(r"^##\s+(?P<name>.+?)\s*#*\s*$")
_ITEM = re.compile(r"^[-*+]\s+(?P<body>.*)$")
_PLAYER = re.compile(r"^\*\*(?P<name>.+?)\*\*(?=\s*[(.:]|\s*$)\s*(?:\((?P<kind>[^)]*)\))?\s*(?P<rest>.*)$")
_QUOTE = re.compile(r"^(?P<pre>…)?[“\"](?P<text>.+)[”\"](?P<post>…)?\s*(?:—\s*(?P<speaker>.+?))?\s*$")
_TIMELINE = re.compile(r"^\*\*(?P<date>[^*]+)\*\*\s*(?:\((?P<note>[^)]*)\))?\s*:\s*(?P<event>.*)$")
_LINK = re.compile(r"^\[(?P<title>[^\]]+)\]\((?P<target>[^)\s]+)\)\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_SPAN = re.compile(r"^(?P<start>\S+)\s+to\s+(?P<end>\S+)$")
# Markdown's own line breaks and indents; other spaces are the author's.
_ASCII_SPACE = re.compile(r"[ \t\r\n]+")
_BLOCKS = ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "th", "td", "pre"]


@dataclass
class MarkdownBriefing:
    """A parsed briefing file: its article, and the sections the author wrote."""

    article: Article
    slug: str | None = None
    summary: str | None = None
    status: str | None = None
    generated: str | None = None
    #: The date the author last changed it (``Modified: YYYY-MM-DD``).
    modified: object = None
    players: list[Player] | None = None
    quotes: list[Quote] | None = None
    timeline: list[TimelineEntry] | None = None
    read_more: list[tuple[str, str]] = field(default_factory=list)
    #: Per unit ("players", "quotes", "timeline"): the positions of the
    #: entries left exactly as import wrote them.
    untouched: dict[str, set[int]] = field(default_factory=dict)
    #: Per unit: identities import wrote that the author since edited or
    #: deleted; the annotators' entries of these identities are left out.
    retired: dict[str, set[str]] = field(default_factory=dict)
    #: The article section as written (Markdown), for rendering.
    body_markdown: str = ""
    #: Its HTML (rendered once, with every link address checked).
    body_html: str = ""
    #: The line of the file where ``body_markdown`` starts.
    body_line: int = 1
    #: Links to files of the site (``{filename}``, ``{static}``,
    #: ``{attach}``) in the article, with their lines in the file.
    file_links: list[tuple[str, int]] = field(default_factory=list)
    #: The line of each Read more entry, in the order of ``read_more``.
    read_more_lines: list[int] = field(default_factory=list)


def parse_markdown(text: str, path) -> MarkdownBriefing:
    """Parse a briefing file; errors name ``path`` and the line."""
    lines = text.replace("\r\n", "\n").split("\n")
    _check_characters(lines, path)
    meta, body_start = read_fields(lines, path, FRONT_MATTER_KEYS, "front matter")
    sections = _split_sections(lines, body_start, path)
    if not meta.get("title", ("", 0))[0].strip():
        raise BriefingError(path, "the front matter needs a 'Title: …' line, with a title",
                            meta.get("title", ("", 1))[1])
    date = parse_date(meta["date"][0], path, meta["date"][1]) if "date" in meta else None
    status = _get(meta, "status")
    if status is not None:
        status = status.strip().lower()
        if status not in STATUSES:
            raise BriefingError(path, f"the status {meta['status'][0]!r} is none of {', '.join(STATUSES)} "
                                "(a draft is built under drafts/, not listed; a hidden briefing is built, "
                                "not listed)", meta["status"][1])
    if "url" in meta:
        check_url(meta["url"][0], path, meta["url"][1])
    article_start, article_lines = sections.get("article", (0, []))
    leading_blank = next((n for n, line in enumerate(article_lines) if line.strip()), 0)
    body_line = article_start + 1 + leading_blank
    body_markdown = "\n".join(article_lines).strip()
    rendered = render(body_markdown)
    file_links = []
    for url, offset in rendered.links:
        if problem := url_problem(url):
            raise BriefingError(path, problem, body_line + offset)
        if url.startswith(tuple(f"{{{prefix}}}" for prefix in FILE_PREFIXES)):
            file_links.append((url, body_line + offset))
    article = Article(
        title=meta["title"][0],
        text=html_text(rendered.html),
        date=date,
        source=_get(meta, "source"),
        url=_get(meta, "url"),
        tags=split_list(_get(meta, "tags") or ""),
        authors=split_list(_get(meta, "authors") or _get(meta, "author") or ""),
        contributors=split_list(_get(meta, "contributors") or ""),
        slug=_get(meta, "slug"),
    )
    parsed = MarkdownBriefing(
        article=article,
        slug=_get(meta, "slug"),
        summary=_get(meta, "summary"),
        status=status,
        generated=_get(meta, "generated"),
        modified=parse_date(meta["modified"][0], path, meta["modified"][1]) if "modified" in meta else None,
        body_markdown=body_markdown,
        body_html=rendered.html,
        body_line=body_line,
        file_links=file_links,
    )
    records = parse_records(parsed.generated)
    if "key players" in sections or "also mentioned" in sections:
        players = [
            *_players(sections.get("key players"), True, path),
            *_players(sections.get("also mentioned"), False, path),
        ]
        parsed.players = _compare_with_record(parsed, "players", players, records)
    if "quotes" in sections:
        quotes = _quotes(sections["quotes"], article.text, path)
        parsed.quotes = _compare_with_record(parsed, "quotes", quotes, records)
    if "timeline" in sections:
        timeline = _timeline(sections["timeline"], path)
        parsed.timeline = _compare_with_record(parsed, "timeline", timeline, records)
    if "read more" in sections:
        links = _links(sections["read more"], path)
        parsed.read_more = [(title, target) for title, target, _ in links]
        parsed.read_more_lines = [line for _, _, line in links]
    return parsed


def _compare_with_record(parsed: MarkdownBriefing, unit: str, entries: list[tuple], records: dict) -> list:
    """The entries of a unit, from (entry, line hash) pairs; with a record of
    what import wrote, note which entries are untouched and which identities
    the author retired by editing or deleting their entries."""
    if unit in records:
        written = {line: identity for identity, line in records[unit]}
        untouched = {position: written[line] for position, (_, line) in enumerate(entries) if line in written}
        parsed.untouched[unit] = untouched
        parsed.retired[unit] = {identity for identity, _ in records[unit]} - set(untouched.values())
    return [entry for entry, _ in entries]


def _get(meta: dict[str, tuple[str, int]], key: str) -> str | None:
    value = meta.get(key, ("", 0))[0]
    return value or None


def _split_sections(lines: list[str], start: int, path) -> dict[str, tuple[int, list[str]]]:
    """Sections by name: (line number of the heading, lines of the section).

    Text before the first section is the article when there is no
    ``## Article`` section (a plain Markdown post).
    """
    sections: dict[str, tuple[int, list[str]]] = {}
    preamble: list[str] = []
    current, name, in_fence = preamble, None, False
    first_unknown: tuple[str, int] | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            title = heading["name"].strip().lower()
            if title in SECTIONS:
                if title in sections:
                    raise BriefingError(path, f"the section '## {heading['name']}' appears twice", index + 1)
                name, current = title, []
                sections[title] = (index + 1, current)
                continue
            if name not in (None, "article"):
                raise _unknown_section(path, heading["name"], index + 1)
            if name is None and first_unknown is None:
                first_unknown = (heading["name"], index + 1)
        current.append(line)
    if any(line.strip() for line in preamble):
        if "article" in sections:
            if first_unknown:
                raise _unknown_section(path, *first_unknown)
            raise BriefingError(path, "text before the first section: move it under '## Article'", start + 1)
        sections["article"] = (start, preamble)  # as if under a heading on the line before
    return sections


def _unknown_section(path, name: str, line: int) -> BriefingError:
    known = ", ".join(s.capitalize() for s in SECTIONS)
    return BriefingError(
        path, f"unknown section '## {name}' (known: {known}); headings of the article itself go under "
              "'## Article'", line)


def _items(section: tuple[int, list[str]], what: str, path):
    """(line number, item text) of each list item; other text is an error."""
    first, lines = section
    for offset, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        match = _ITEM.match(line.strip())
        if not match:
            raise BriefingError(path, f"each {what} is a list item starting with '- '", first + offset)
        yield first + offset, match["body"].strip()


def _hashed_items(section, name: str, what: str, path):
    """(line number, item text, line hash) of each list item."""
    for line, body in _items(section, what, path):
        yield line, body, line_digest(name, item(body))


def _players(section, key: bool, path) -> list[tuple[Player, str]]:
    if section is None:
        return []
    players = []
    for line, body, digest in _hashed_items(section, "key players" if key else "also mentioned", "player", path):
        match = _PLAYER.match(body)
        if not match or not match["name"].strip():
            raise BriefingError(path, "a player needs a name in bold: '- **Name** (kind): role.'", line)
        kind = (match["kind"] or "").strip().lower() or "person"
        if kind not in PLAYER_KINDS:
            raise BriefingError(path, f"unknown kind {kind!r} of player (one of: {', '.join(PLAYER_KINDS)})", line)
        role, aliases = _role_and_aliases(match["rest"])
        name = match["name"].strip()
        players.append((Player(name=name, kind=kind, role=role, key=key, aliases=aliases,
                               roles=[role] if role else []), digest))
    return players


def _role_and_aliases(rest: str) -> tuple[str | None, list[str]]:
    rest = rest.strip()
    aliases: list[str] = []
    head, sep, tail = rest.rpartition("Also:")
    if sep:
        aliases = split_list(tail.strip().removesuffix("."))
        rest = head.strip()
    role = rest.removeprefix(":").strip().removesuffix(".").strip() if rest.startswith(":") else None
    return role or None, aliases


def _quotes(section, text: str, path) -> list[tuple[Quote, str]]:
    quotes = []
    cursor = 0
    for line, body, digest in _hashed_items(section, "quotes", "quote", path):
        match = _QUOTE.match(body)
        if not match or not match["text"].strip():
            raise BriefingError(path, "a quote needs its words in quotation marks: '- “…” — Speaker'", line)
        words = match["text"].strip()
        start, end = locate(words, text, cursor)
        if start >= 0:
            cursor = end
        quotes.append((Quote(
            text=text[start:end] if start >= 0 else words,
            start=start, end=end,
            speaker=(match["speaker"] or "").strip() or None,
            partial=bool(match["pre"] or match["post"]),
        ), digest))
    return quotes


def locate(words: str, text: str, cursor: int = 0) -> tuple[int, int]:
    """Offsets of quoted ``words`` in ``text`` (whitespace may differ), or (-1, -1).

    Right after an opening quotation mark first, from ``cursor`` on (quotes
    are listed in text order); anywhere as a last resort.
    """
    words_pattern = r"\s+".join(re.escape(w) for w in words.split())
    quoted = re.compile(rf"(?<=[“\"‘']){words_pattern}")
    anywhere = re.compile(words_pattern)
    match = (quoted.search(text, cursor) or quoted.search(text) or anywhere.search(text, cursor)
             or anywhere.search(text))
    return (match.start(), match.end()) if match else (-1, -1)


def _timeline(section, path) -> list[tuple[TimelineEntry, str]]:
    entries = []
    for line, body, digest in _hashed_items(section, "timeline", "timeline entry", path):
        match = _TIMELINE.match(body)
        if not match:
            raise BriefingError(path, "a timeline entry reads '- **YYYY-MM-DD** (when): what happened'", line)
        when = match["date"].strip()
        span = _SPAN.match(when)
        value, last = (span["start"], span["end"]) if span else (when, when)
        first_days, last_days = value_span(value), value_span(last)
        if first_days is None or last_days is None:
            raise BriefingError(
                path, f"the timeline date {when!r} does not parse: write YYYY-MM-DD, YYYY-MM, YYYY, "
                "YYYY-Www, or 'START to END'", line)
        bounds = (first_days[0], last_days[1])
        notes = [n.strip() for n in (match["note"] or "").split(",") if n.strip()]
        upcoming = "upcoming" in notes
        notes = [n for n in notes if n != "upcoming"]
        event = match["event"].strip()
        entries.append((TimelineEntry(
            value=value, start_date=bounds[0], end_date=bounds[1],
            text=", ".join(notes), event=event, sentence=event, upcoming=upcoming,
        ), digest))
    return entries


def _links(section, path) -> list[tuple[str, str, int]]:
    """(title, target, line) of each Read more entry."""
    links = []
    for line, body in _items(section, "link", path):
        match = _LINK.match(body)
        if not match:
            raise BriefingError(path, "a Read more entry is a link: '- [Title]({filename}other.md)'", line)
        if problem := url_problem(match["target"]):
            raise BriefingError(path, problem, line)
        links.append((match["title"], match["target"], line))
    return links


def plain_text(markdown: str) -> str:
    """The article's words without Markdown markup, one paragraph per block.

    The annotators read this; offsets of quotes and players index it.
    """
    return html_text(render(markdown).html)


def html_text(html: str) -> str:
    """The words of rendered Markdown (see :func:`plain_text`)."""
    soup = BeautifulSoup(html, "html.parser")
    blocks = [_ASCII_SPACE.sub(" ", el.get_text()).strip() for el in soup.find_all(_BLOCKS) if not el.find(_BLOCKS)]
    return "\n\n".join(block for block in blocks if block)


#: Characters that no page or feed can carry (XML forbids them): the
#: controls but tabs and line ends, and the noncharacters U+FFFE and U+FFFF.
_UNCARRIED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def _check_characters(lines: list[str], path) -> None:
    """An error naming the first line that holds a character no page or
    feed can carry (a title with one would stop the feed's writing)."""
    for number, line in enumerate(lines, start=1):
        if match := _UNCARRIED.search(line):
            raise BriefingError(path, f"the line holds the character {printable(match[0])}, which no page or feed "
                                      "can carry: delete it", number)
