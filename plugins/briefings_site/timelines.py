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
- on each timeline page, ``topic`` (its :class:`TopicPage`); on the index
  of years ``years`` (:class:`EventYear` each), on a year's page ``year``,
  ``previous_year`` and ``next_year``.

Settings (settings.py): ``BRIEFINGS_TIMELINE_MIN_BRIEFINGS``,
``BRIEFINGS_TIMELINE_SENTENCES``, and the addresses
``BRIEFINGS_TAG_TIMELINE_*``, ``BRIEFINGS_PLAYER_TIMELINE_*``,
``BRIEFINGS_TIMELINE_EVENTS_*`` and ``BRIEFINGS_TIMELINE_YEAR_*``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup
from pelican.generators import Generator

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
class EventYear:
    """The dated events of one year, as the site's index groups them
    (``groups``: ``YYYY-MM`` or, for events over several months, ``YYYY``,
    each with its (entry, briefing) pairs)."""

    year: str
    url: str
    save_as: str
    count: int
    groups: tuple


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


class TopicTimelinesGenerator(Generator):
    """Makes the topic timelines from the briefings read, and writes their
    pages and the events' pages by year."""

    def generate_context(self):
        started = time.process_time()
        settings = self.settings
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "briefing")]
        least = settings["BRIEFINGS_TIMELINE_MIN_BRIEFINGS"]
        sentences = settings["BRIEFINGS_TIMELINE_SENTENCES"]
        self.topics: list[TopicPage] = []
        links: dict[str, dict[str, str]] = {"tags": {}, "players": {}}
        # each briefing's sentences split and counted once, for all the timelines it is in
        prepared = Sentences.of([article.briefing for article in articles])

        if settings["BRIEFINGS_TAG_TIMELINE_SAVE_AS"]:
            by_tag: dict[str, tuple[object, list]] = {}
            for article in articles:
                for tag in getattr(article, "tags", None) or []:
                    by_tag.setdefault(tag.slug, (tag, []))[1].append(article)
            for slug, (tag, tagged) in sorted(by_tag.items()):
                if len(tagged) < least:
                    continue
                page = make_topic("tag", tag.name, settings["BRIEFINGS_TAG_TIMELINE_URL"].format(slug=slug),
                                  settings["BRIEFINGS_TAG_TIMELINE_SAVE_AS"].format(slug=slug),
                                  tag.url if settings.get("TAG_SAVE_AS") else "", tagged, sentences,
                                  prepared=prepared)
                if page is not None:
                    self.topics.append(page)
                    links["tags"][slug] = page.url

        if settings["BRIEFINGS_PLAYER_TIMELINE_SAVE_AS"]:
            by_url = {article.url: article for article in articles}
            for player in self.context.get("site_players", []):
                theirs = [by_url[ref.url] for ref in player.briefings if getattr(ref, "url", None) in by_url]
                if len(theirs) < least:
                    continue
                slug = player.slug
                page = make_topic("player", player.name, settings["BRIEFINGS_PLAYER_TIMELINE_URL"].format(slug=slug),
                                  settings["BRIEFINGS_PLAYER_TIMELINE_SAVE_AS"].format(slug=slug),
                                  getattr(player, "url", ""), theirs, sentences, prepared=prepared)
                if page is not None:
                    self.topics.append(page)
                    links["players"][slug] = page.url

        self.years = self._years() if settings["BRIEFINGS_TIMELINE_SAVE_AS"] else []
        events = settings["BRIEFINGS_TIMELINE_EVENTS_URL"] if self.years and self._events_made() else ""
        site = None
        if settings["BRIEFINGS_TIMELINE_SAVE_AS"] and articles:
            site = make_topic("site", settings.get("SITENAME", ""), settings["BRIEFINGS_TIMELINE_URL"],
                              settings["BRIEFINGS_TIMELINE_SAVE_AS"], "", articles, sentences, events, prepared)
        if site is None and events:
            # nothing to tell, but events to list: the site's timeline page links to them
            site = TopicPage("site", settings.get("SITENAME", ""), settings["BRIEFINGS_TIMELINE_URL"],
                             settings["BRIEFINGS_TIMELINE_SAVE_AS"], "", len(articles), (), Markup(""), "", events)
        self.context.update(topic_timelines=links, site_topic_timeline=site)
        log.debug("topic timelines: %d pages and the site's in %.2f s of processor time", len(self.topics),
                  time.process_time() - started)

    def _events_made(self) -> bool:
        settings = self.settings
        return bool(settings["BRIEFINGS_TIMELINE_EVENTS_SAVE_AS"] and settings["BRIEFINGS_TIMELINE_YEAR_SAVE_AS"])

    def _years(self) -> list[EventYear]:
        """The site's dated events (the site index's, oldest first) by year."""
        by_year: dict[str, list] = {}
        for group, entries in self.context.get("site_timeline", []):
            by_year.setdefault(group[:4], []).append((group, entries))
        url, save_as = self.settings["BRIEFINGS_TIMELINE_YEAR_URL"], self.settings["BRIEFINGS_TIMELINE_YEAR_SAVE_AS"]
        return [EventYear(year, url.format(year=year), save_as.format(year=year),
                          sum(len(entries) for _, entries in groups), tuple(groups))
                for year, groups in by_year.items()]

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
                writer.write_file(year.save_as, template, self.context, relative_urls=relative_urls, url=year.url,
                                  year=year, years=self.years,
                                  previous_year=self.years[n - 1] if n else None,
                                  next_year=self.years[n + 1] if n + 1 < len(self.years) else None)
