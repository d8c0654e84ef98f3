"""The site-wide pages: one per key player, the players index, the merged
timeline and quotes by speaker (in the manner of Pelican's author pages)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

from pelican.generators import Generator

from briefings.files import write_whole
from briefings.site_index import build_site_index
from briefings_site.search import plan_shards

PAGES = {
    # template: (URL, file)
    "players": ("players/", "players/index.html"),
    "timeline": ("timeline/", "timeline/index.html"),
    "quotes": ("quotes/", "quotes/index.html"),
    "search": ("search/", "search/index.html"),
}
PAGE_URLS = [url for url, _ in PAGES.values() if url != "search/"] + ["archives/", "tags/"]
PLAYER_URL = "players/{slug}/"
PLAYER_SAVE_AS = "players/{slug}/index.html"


@dataclass(frozen=True, eq=False)
class BriefingCard:
    """What the site-wide pages show of each briefing they list: its URL,
    title and date (as the ``dateline`` macro shows it).

    They are given cards, not the articles, so that they depend on these
    alone (see render_keys.py): a briefing's new text renders its own page
    again, not every page that lists it.
    """

    url: str
    title: str
    date: dt.datetime
    locale_date: str
    undated: bool

    @classmethod
    def of(cls, article) -> BriefingCard:
        return cls(article.url, article.title, article.date, article.locale_date, getattr(article, "undated", False))


def _load_records(path: Path) -> dict[str, str]:
    try:
        with open(path, "rb") as file:
            records = pickle.load(file)
        return records if isinstance(records, dict) else {}
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return {}  # none yet, or damaged: made again


def _save_records(path: Path, records: dict[str, str]) -> None:
    write_whole(path, pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))


class BriefingPagesGenerator(Generator):
    """Builds the site index from the briefings the article generator read."""

    def generate_context(self):
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "briefing")]
        self.articles = articles
        self.cards = [BriefingCard.of(article) for article in articles]
        index = build_site_index([(card, article.briefing) for card, article in zip(self.cards, articles)])
        self.players = [p for p in index.players if p.key]
        for player in self.players:
            player.url = PLAYER_URL.format(slug=player.slug)
            player.save_as = PLAYER_SAVE_AS.format(slug=player.slug)
        for article, players in zip(articles, index.by_briefing, strict=True):
            article.player_urls = {name: player.url for name, player in players.items() if player.key}
        self.context.update(
            site_players=self.players,
            site_timeline=index.timeline,
            site_quotes=index.quotes,
            site_player_urls={player.name: player.url for player in self.players},
            briefings_pages={name: url for name, (url, _) in PAGES.items()},
            search_indexes=plan_shards(self.settings, [article.save_as for article in articles]),
        )

    def generate_output(self, writer):
        for player in self.players:
            writer.write_file(player.save_as, self.get_template("player"), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], player=player, url=player.url)
        for name, (url, save_as) in PAGES.items():
            writer.write_file(save_as, self.get_template(name), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=url)
        # GitHub Pages serves 404.html for a missing page at any depth, so
        # its links must not be relative to where it was found.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)
        # The export and the sitemap are made only when what they list changed.
        writer.write_text("briefings.json", partial(self._export, writer), key=writer.data_key("export", self.articles))
        writer.write_text("sitemap.xml", self._sitemap, key=writer.data_key("sitemap", self._sitemap_urls()))
        # GitHub Pages: no Jekyll processing, and the custom domain if any.
        writer.write_text(".nojekyll", "")
        if self.settings.get("BRIEFINGS_CNAME"):
            writer.write_text("CNAME", self.settings["BRIEFINGS_CNAME"] + "\n")

    def _export(self, writer) -> str:
        """``briefings.json``: every briefing's annotations, for other tools.

        Each briefing's record is kept between builds (under its key, see
        :meth:`~briefings_site.writer.ChangedFilesWriter.data_key`): a
        rebuild after one briefing changed makes that record alone.
        """
        path = Path(self.settings["CACHE_PATH"]) / "export-records.pickle"
        kept = _load_records(path)
        records, keys = [], {}
        for card, article in zip(self.cards, self.articles):
            key = writer.data_key("export record", article)
            record = kept.get(key)
            if not isinstance(record, str):
                record = json.dumps({"url": card.url, "slug": article.slug, **article.briefing.to_json()},
                                    ensure_ascii=False)
            records.append(record)
            if key is not None:
                keys[key] = record
        if keys.keys() != kept.keys():
            _save_records(path, keys)
        return "[" + ", ".join(records) + "]"  # as json.dumps would join them

    def _sitemap_urls(self) -> list[str]:
        return ["", *PAGE_URLS, *(card.url for card in self.cards), *(p.url for p in self.players),
                *(p.url for p in self.context.get("pages", []))]

    def _sitemap(self) -> str:
        site = self.settings.get("SITEURL", "")
        rows = "\n".join(f"  <url><loc>{escape(site)}/{escape(url)}</loc></url>" for url in self._sitemap_urls())
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</urlset>\n')

