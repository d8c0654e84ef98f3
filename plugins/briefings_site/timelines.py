"""The topic timelines' pages: the days that mattered, as a journalist's
timeline tells them, for each tag and each key player with enough
briefings, and for the whole site; and every dated event of the site, one
page per year.

The timelines are the core's (:mod:`briefings.topic_timeline`), made from
the briefings the build already read: no source is read or parsed again.
Their pages are written by :class:`TopicTimelinesGenerator`, which the
build adds after the site-wide pages' generator (it reads the key players
that generator found).

Given to the theme:

- ``topic_timelines``: the address of each timeline page, by the slug of
  its tag (``topic_timelines.tags``) or of its player
  (``topic_timelines.players``), for the tag and player pages to link to;
- ``site_topic_timeline``: the whole site's :class:`TopicPage` (None when
  there is nothing to tell), which the site's timeline page shows, with
  the address of the list of every event (``events``);
- ``topic_timeline_pages``: the address of every page written here,
  which the site's own sitemap lists;
- on each timeline page, ``topic`` (its :class:`TopicPage`); on the index
  of years ``years`` (:class:`EventYear` each), on each page of a year
  ``year``, ``part`` (:class:`EventPart`: which page, and its events),
  ``previous_part``, ``next_part``, ``previous_year`` and ``next_year``.

Settings (settings.py): ``BRIEFINGS_TAG_TIMELINE_MIN_BRIEFINGS``, ``BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS``,
``BRIEFINGS_TIMELINE_SENTENCES``, and the addresses
``BRIEFINGS_TAG_TIMELINE_*``, ``BRIEFINGS_PLAYER_TIMELINE_*``,
``BRIEFINGS_TIMELINE_EVENTS_*``, ``BRIEFINGS_TIMELINE_YEAR_*``,
``BRIEFINGS_TIMELINE_EVENTS_PER_PAGE`` and ``BRIEFINGS_TIMELINE_YEAR_PAGE_*``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from briefings.cache import code_version
from briefings.files import write_whole
from briefings.pictures import events_chart, events_chart_summary, responsive
from briefings.topic_timeline import Sentences, topic_timeline

log = logging.getLogger(__name__)

#: Briefings a sentence is attributed to by name at most (wire copy is
#: carried word for word by many); the others are counted.
SOURCES_SHOWN = 3
#: Characters of a day's summary in the chart's tooltip and description.
NOTE_LENGTH = 160


@dataclass(frozen=True)
class Source:
    """A briefing a sentence comes from."""

    url: str
    title: str


@dataclass(frozen=True)
class Told:
    """One sentence of a day, and the briefings that carry it (the first
    :data:`SOURCES_SHOWN`; ``more`` counts the rest)."""

    text: str
    sources: tuple[Source, ...]
    more: int = 0


@dataclass(frozen=True)
class Day:
    """A day that mattered: its date, its anchor on the page, and what
    happened, in the briefings' words."""

    date: dt.date
    anchor: str
    label: str
    told: tuple[Told, ...]


@dataclass(frozen=True, eq=False)
class TopicPage:
    """The timeline of a tag, of a player, or of the whole site."""

    #: "tag", "player" or "site"
    kind: str
    name: str
    url: str
    save_as: str
    #: the tag's or the player's own page ('' when none is made, and for the site)
    home: str
    #: how many briefings the timeline was made from
    briefings: int
    days: tuple[Day, ...]
    #: the briefings per period, the days of the timeline picked out (static SVG)
    chart: Markup
    chart_summary: str
    #: the list of every dated event, by year ('' when it is not made): the site's only
    events: str = ""


@dataclass(frozen=True)
class EventPart:
    """One page of a year's dated events: its number (1 is the year's own
    page) and its groups, each ``(group, entries, continued)``: the group
    (``YYYY-MM``, or ``YYYY`` for events over several months), its (entry,
    briefing) pairs on this page, and whether the page before holds the
    group's first ones (a month too long for one page)."""

    number: int
    url: str
    save_as: str
    groups: tuple


@dataclass(frozen=True)
class EventYear:
    """The dated events of one year, as the site's index groups them, on
    one page or more (``parts``); ``months``: each group, its count and the
    address of the page it starts on, for the year's index of months."""

    year: str
    url: str
    save_as: str
    count: int
    parts: tuple[EventPart, ...]
    months: tuple


def year_parts(groups: Sequence, most: int) -> list[list[tuple[str, list, bool]]]:
    """The groups of a year, ``(group, entries)`` each, on pages of at most
    ``most`` events: a group starts a new page when it does not fit on the
    current one, and only a group longer than a page is split."""
    pages: list[list[tuple[str, list, bool]]] = [[]]
    filled = 0
    for group, entries in groups:
        entries = list(entries)
        if filled and filled + len(entries) > most:
            pages.append([])
            filled = 0
        start = 0
        while start < len(entries):
            if filled == most:
                pages.append([])
                filled = 0
            piece = entries[start:start + most - filled]
            pages[-1].append((group, piece, start > 0))
            filled += len(piece)
            start += len(piece)
    return pages


def day_label(day: dt.date) -> str:
    """A day as a timeline heads it: "Monday 20 December 2021"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def make_topic(kind: str, name: str, url: str, save_as: str, home: str, articles: Sequence, sentences: int,
               events_url: str = "", prepared: Sentences | None = None) -> TopicPage | None:
    """The timeline page of ``articles`` (Pelican articles carrying their
    briefing), or None when they date nothing worth telling. ``prepared``:
    the sentences of the site's briefings, split and counted once."""
    entries = topic_timeline([article.briefing for article in articles], [str(n) for n in range(len(articles))],
                             sentences=sentences, prepared=prepared)
    if not entries:
        return None
    days = []
    for entry in entries:
        told = []
        for text, carriers in zip(entry.sentences, entry.carriers or [entry.sources] * len(entry.sentences)):
            shown = [articles[int(n)] for n in carriers[:SOURCES_SHOWN]]
            told.append(Told(text, tuple(Source(a.url, a.title) for a in shown), max(0, len(carriers) - SOURCES_SHOWN)))
        days.append(Day(entry.date, f"day-{entry.date.isoformat()}", day_label(entry.date), tuple(told)))
    events = event_days(articles)
    highlights = [day.date for day in days]
    start, end = _span(events, highlights)
    links = {day.date: f"#{day.anchor}" for day in days}
    notes = {day.date: _shorten(" ".join(t.text for t in day.told)) for day in days}
    title = "Dated events over time" if kind == "site" else f"Dated events of {name} over time"
    unit = ("dated event", "dated events")
    chart = responsive(events_chart, events, highlights, links=links, notes=notes, title=title, unit=unit,
                       start=start, end=end, id=f"{kind}-chart")
    # the caption says what the chart counts; the days are listed below it (and in the chart's description)
    summary = events_chart_summary(events, highlights, unit=unit, start=start, end=end).split(" Days that matter")[0]
    return TopicPage(kind, name, url, save_as, home, len(articles), tuple(days), chart, summary, events_url)


def event_days(articles: Sequence) -> list[dt.date]:
    """The day of each event of the briefings' timelines dated to one day."""
    days = []
    for article in articles:
        for entry in article.briefing.timeline:
            if entry.start_date == entry.end_date and len(entry.start_date) == 10:
                try:
                    days.append(dt.date.fromisoformat(entry.start_date))
                except ValueError:
                    continue
    return days


def _span(events: list[dt.date], highlights: list[dt.date]) -> tuple[dt.date | None, dt.date | None]:
    """The chart's first and last day: the timeline's days, and all but the
    farthest few events on either side (a look back to 1881 would leave the
    bars of a story of two years too thin to see)."""
    if not events:
        return None, None
    ordered = sorted(events)
    cut = len(ordered) // 50
    start, end = ordered[cut], ordered[len(ordered) - 1 - cut]
    return min([start, *highlights]), max([end, *highlights])


def _shorten(text: str) -> str:
    if len(text) <= NOTE_LENGTH:
        return text
    return text[:NOTE_LENGTH].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Planned:
    """A timeline page to make: what :func:`make_topic` is given."""

    kind: str
    #: the tag's or the player's slug ('' for the site)
    slug: str
    name: str
    url: str
    save_as: str
    home: str
    articles: tuple
    events_url: str = ""


def article_digest(article) -> str:
    """A digest of all a timeline takes from a briefing's page: its
    briefing whole, its address and title (the timelines attribute their
    sentences by them). Pickled without pickle's memo, so that it depends
    on the values alone, not on which of them are one object."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump((article.briefing, article.url, article.title))
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


class KeptTimelines:
    """The timeline pages of the last build, each under the key of what it
    was made from (its briefings' digests, its own address and name, the
    setting of sentences and the code), in ``folder``: a rebuild makes only
    the timelines of the topics whose briefings changed. Those of topics
    gone are dropped."""

    FILE = "topic-timelines.pickle"

    def __init__(self, folder: str | os.PathLike, sentences: int):
        self.path = Path(folder) / self.FILE
        self._build = f"{code_version()}\0{sentences}"
        self._digests: dict[int, str] = {}

    def pages(self, planned: Sequence[Planned], make: Callable[[Planned], TopicPage | None]) -> list:
        """``make(plan)`` for each plan not kept, else the page kept (None
        included: a topic with nothing to tell stays so)."""
        kept = self._load()
        made, keys = [], {}
        for plan in planned:
            key = self._key(plan)
            if key in kept:
                page = kept[key]
            else:
                page = make(plan)
            made.append(page)
            keys[key] = page
        if keys.keys() != kept.keys():
            write_whole(self.path, pickle.dumps(keys, protocol=pickle.HIGHEST_PROTOCOL))
        return made

    def _key(self, plan: Planned) -> str:
        digest = hashlib.sha256()
        for part in (self._build, plan.kind, plan.slug, plan.name, plan.url, plan.save_as, plan.home, plan.events_url,
                     *map(self._digest, plan.articles)):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def _digest(self, article) -> str:
        found = self._digests.get(id(article))
        if found is None:
            found = self._digests[id(article)] = article_digest(article)
        return found

    def _load(self) -> dict:
        try:
            with open(self.path, "rb") as file:
                kept = pickle.load(file)
            return kept if isinstance(kept, dict) else {}
        except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
            return {}  # none yet, or damaged: made again


class TopicTimelinesGenerator(Generator):
    """Makes the topic timelines from the briefings read, and writes their
    pages and the events' pages by year."""

    #: Where the timelines are kept between builds (the incremental
    #: engine's folder), or None: every timeline is made every build.
    keep_folder: str | None = None

    @classmethod
    def with_engine(cls, engine) -> type[TopicTimelinesGenerator]:
        """The generator of a build with the incremental engine."""
        return type(cls.__name__, (cls,), {"keep_folder": str(engine.folder)})

    def generate_context(self):
        started = time.process_time()
        settings = self.settings
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "briefing")]
        sentences = settings["BRIEFINGS_TIMELINE_SENTENCES"]
        planned: list[Planned] = []

        if settings["BRIEFINGS_TAG_TIMELINE_SAVE_AS"]:
            by_tag: dict[str, tuple[object, list]] = {}
            for article in articles:
                for tag in getattr(article, "tags", None) or []:
                    by_tag.setdefault(tag.slug, (tag, []))[1].append(article)
            for slug, (tag, tagged) in sorted(by_tag.items()):
                if len(tagged) >= settings["BRIEFINGS_TAG_TIMELINE_MIN_BRIEFINGS"]:
                    planned.append(Planned("tag", slug, tag.name,
                                           settings["BRIEFINGS_TAG_TIMELINE_URL"].format(slug=slug),
                                           settings["BRIEFINGS_TAG_TIMELINE_SAVE_AS"].format(slug=slug),
                                           tag.url if settings.get("TAG_SAVE_AS") else "", tuple(tagged)))

        if settings["BRIEFINGS_PLAYER_TIMELINE_SAVE_AS"]:
            by_url = {article.url: article for article in articles}
            for player in self.context.get("site_players", []):
                theirs = [by_url[ref.url] for ref in player.briefings if getattr(ref, "url", None) in by_url]
                if len(theirs) >= settings["BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS"]:
                    slug = player.slug
                    planned.append(Planned("player", slug, player.name,
                                           settings["BRIEFINGS_PLAYER_TIMELINE_URL"].format(slug=slug),
                                           settings["BRIEFINGS_PLAYER_TIMELINE_SAVE_AS"].format(slug=slug),
                                           getattr(player, "url", ""), tuple(theirs)))

        self.years = self._years() if settings["BRIEFINGS_TIMELINE_SAVE_AS"] else []
        events = settings["BRIEFINGS_TIMELINE_EVENTS_URL"] if self.years and self._events_made() else ""
        if settings["BRIEFINGS_TIMELINE_SAVE_AS"] and articles:
            planned.append(Planned("site", "", settings.get("SITENAME", ""), settings["BRIEFINGS_TIMELINE_URL"],
                                   settings["BRIEFINGS_TIMELINE_SAVE_AS"], "", tuple(articles), events))

        # each briefing's sentences split and counted once, for all the timelines
        # made (only if one is: a rebuild may keep them all)
        prepared: list[Sentences] = []
        made: list[str] = []

        def make(plan: Planned) -> TopicPage | None:
            made.append(plan.url)
            if not prepared:
                prepared.append(Sentences.of([article.briefing for article in articles]))
            return make_topic(plan.kind, plan.name, plan.url, plan.save_as, plan.home, plan.articles, sentences,
                              plan.events_url, prepared[0])

        if self.keep_folder is not None:
            pages = KeptTimelines(self.keep_folder, sentences).pages(planned, make)
        else:
            pages = [make(plan) for plan in planned]

        self.topics: list[TopicPage] = []
        links: dict[str, dict[str, str]] = {"tags": {}, "players": {}}
        site = None
        for plan, page in zip(planned, pages, strict=True):
            if plan.kind == "site":
                site = page
            elif page is not None:
                self.topics.append(page)
                links[f"{plan.kind}s"][plan.slug] = page.url
        if site is None and events:
            # nothing to tell, but events to list: the site's timeline page links to them
            site = TopicPage("site", settings.get("SITENAME", ""), settings["BRIEFINGS_TIMELINE_URL"],
                             settings["BRIEFINGS_TIMELINE_SAVE_AS"], "", len(articles), (), Markup(""), "", events)
        # every page this generator writes, for the site's own sitemap (pages.py)
        written = [page.url for page in self.topics]
        if self.years and self._events_made():
            written.append(settings["BRIEFINGS_TIMELINE_EVENTS_URL"])
            written += [part.url for year in self.years for part in year.parts]
        self.context.update(topic_timelines=links, site_topic_timeline=site, topic_timeline_pages=written)
        log.debug("topic timelines: %d pages and the site's, %d made, in %.2f s of processor time", len(self.topics),
                  len(made), time.process_time() - started)

    def _events_made(self) -> bool:
        settings = self.settings
        return bool(settings["BRIEFINGS_TIMELINE_EVENTS_SAVE_AS"] and settings["BRIEFINGS_TIMELINE_YEAR_SAVE_AS"])

    def _years(self) -> list[EventYear]:
        """The site's dated events (the site index's, oldest first) by year,
        each year on as many pages as its events need."""
        by_year: dict[str, list] = {}
        for group, entries in self.context.get("site_timeline", []):
            by_year.setdefault(group[:4], []).append((group, entries))
        settings = self.settings
        url, save_as = settings["BRIEFINGS_TIMELINE_YEAR_URL"], settings["BRIEFINGS_TIMELINE_YEAR_SAVE_AS"]
        page_url = settings["BRIEFINGS_TIMELINE_YEAR_PAGE_URL"]
        page_save_as = settings["BRIEFINGS_TIMELINE_YEAR_PAGE_SAVE_AS"]
        # without an address for further pages, a year is one page
        most = settings["BRIEFINGS_TIMELINE_EVENTS_PER_PAGE"] if page_save_as else None
        years = []
        for year, groups in by_year.items():
            if most:
                pieces = year_parts(groups, most)
            else:
                pieces = [[(group, list(entries), False) for group, entries in groups]]
            parts = tuple(EventPart(1, url.format(year=year), save_as.format(year=year), tuple(pieces[0])) if n == 0
                          else EventPart(n + 1, page_url.format(year=year, number=n + 1),
                                         page_save_as.format(year=year, number=n + 1), tuple(piece))
                          for n, piece in enumerate(pieces))
            counts = {group: len(entries) for group, entries in groups}
            months = tuple((group, counts[group], part.url)
                           for part in parts for group, _, continued in part.groups if not continued)
            years.append(EventYear(year, parts[0].url, parts[0].save_as, sum(counts.values()), parts, months))
        return years

    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        if self.topics:
            template = self.get_template("timeline_topic")
            for page in self.topics:
                writer.write_file(page.save_as, template, self.context, relative_urls=relative_urls,
                                  url=page.url, topic=page)
        if self.years and self._events_made():
            writer.write_file(self.settings["BRIEFINGS_TIMELINE_EVENTS_SAVE_AS"], self.get_template("timeline_events"),
                              self.context, relative_urls=relative_urls,
                              url=self.settings["BRIEFINGS_TIMELINE_EVENTS_URL"], years=self.years)
            template = self.get_template("timeline_year")
            for n, year in enumerate(self.years):
                previous_year = self.years[n - 1] if n else None
                next_year = self.years[n + 1] if n + 1 < len(self.years) else None
                for p, part in enumerate(year.parts):
                    writer.write_file(part.save_as, template, self.context, relative_urls=relative_urls, url=part.url,
                                      year=year, part=part, previous_year=previous_year, next_year=next_year,
                                      previous_part=year.parts[p - 1] if p else None,
                                      next_part=year.parts[p + 1] if p + 1 < len(year.parts) else None)
