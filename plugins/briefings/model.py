"""The one data model every stage shares: a briefing and its annotations.

Ingest produces an :class:`Article` (cleaned text plus header metadata); the
annotators add players, quotes, timexes and a timeline to make a
:class:`Briefing`; the Markdown format and the site only ever read and write
these classes.  ``Briefing.to_json`` is the JSON of the command-line contract.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

PLAYER_KINDS = ("person", "organization", "place", "group")


@dataclass
class Player:
    """A person, organisation, place or group, merged across its mentions."""

    name: str
    kind: str
    role: str | None = None
    mentions: int = 1
    aliases: list[str] = field(default_factory=list)
    salience: float = 0.0
    key: bool = False
    #: Character offsets (start, end) of every mention in the article text.
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: Every role phrase seen next to the name; ``role`` is the one shown.
    roles: list[str] = field(default_factory=list)


@dataclass
class Quote:
    """A direct or partial quotation and who said it.

    ``start``/``end`` index the words inside the quotation marks; the
    ``speaker_*`` offsets index the mention the attribution rests on (which may
    be a pronoun), while ``speaker`` is the canonical player name or a
    description such as "a senior administration official".
    """

    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_text: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    partial: bool = False


@dataclass
class Timex:
    """A temporal expression with its TIMEX3 type and normalised value.

    ``mod`` is TimeML's modifier of the value, when the expression has one:
    START ("early 2022"), MID ("mid-2011"), END ("late January"), APPROX
    ("about two years"), MORE_THAN, LESS_THAN, EQUAL_OR_MORE, EQUAL_OR_LESS.
    """

    text: str
    start: int
    end: int
    type: str
    value: str
    mod: str | None = None


@dataclass
class TimelineEntry:
    """A dated event: a date or span, and a one-line description of it."""

    value: str
    start_date: str
    end_date: str
    text: str
    event: str
    sentence: str
    upcoming: bool = False


@dataclass
class Article:
    """A cleaned article, before annotation: what ingest hands on."""

    title: str
    text: str
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    #: The URL and file name an author chose, if any (else from the title).
    slug: str | None = None
    #: The place of the dateline the copy opened with ("Kabul, Afghanistan").
    dateline: str | None = None


@dataclass
class Briefing:
    """An annotated article: the unit the Markdown format and the site use."""

    title: str
    text: str
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    slug: str | None = None
    dateline: str | None = None
    players: list[Player] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    #: Links to other briefings written by hand: (title, target) pairs.
    read_more: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def from_article(cls, article: Article, **annotations) -> Briefing:
        return cls(**asdict(article), **annotations)

    def to_json(self) -> dict:
        """The JSON object of ``briefings annotate`` (see the contract)."""
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "url": self.url,
            "tags": list(self.tags),
            "text": self.text,
            "contributors": list(self.contributors),
            "authors": list(self.authors),
            "dateline": self.dateline,
            "players": [_fields(p, leave_out="spans") for p in self.players],
            "quotes": [_fields(q) for q in self.quotes],
            "timexes": [_fields(t) for t in self.timexes],
            "timeline": [_fields(e) for e in self.timeline],
        }

    def to_dict(self) -> dict:
        """Every field, for caches: :meth:`from_dict` gives the same briefing."""
        record = _fields(self)
        record["date"] = self.date.isoformat() if self.date else None
        for name in ("players", "quotes", "timexes", "timeline"):
            record[name] = [_fields(item) for item in record[name]]
        return record

    @classmethod
    def from_dict(cls, record: dict) -> Briefing:
        record = dict(record)
        record["date"] = dt.date.fromisoformat(record["date"]) if record.get("date") else None
        record["players"] = [
            Player(**{**p, "spans": [tuple(s) for s in p.get("spans", [])]}) for p in record.get("players", [])
        ]
        record["quotes"] = [Quote(**q) for q in record.get("quotes", [])]
        record["timexes"] = [Timex(**t) for t in record.get("timexes", [])]
        record["timeline"] = [TimelineEntry(**e) for e in record.get("timeline", [])]
        record["read_more"] = [tuple(link) for link in record.get("read_more", [])]
        return cls(**record)


def _fields(record, leave_out: str | None = None) -> dict:
    """A flat record's fields as a dict: ``dataclasses.asdict`` without its
    deep copy, which made exporting a large site's annotations slow."""
    fields = {name: value for name, value in vars(record).items() if name != leave_out}
    for name, value in fields.items():
        if isinstance(value, list):
            fields[name] = [list(v) if isinstance(v, tuple) else v for v in value]
    return fields
