"""The site-wide pages: one per player of the site (each real-world entity
once, see briefings.site_index), the players index, the merged timeline, the
quotes by speaker and the search page (in the manner of Pelican's author
pages), and the files made for other tools: the export ``briefings.json``,
the sitemap, and GitHub Pages' ``.nojekyll``/``CNAME``.

Who is who is worked out once a build, over every briefing, with the
editor's file (``BRIEFINGS_PLAYERS_FILE``, ``content/players.conf``) read
anew each time: its unreadable lines are build errors, one line each. Each
briefing then carries, for its templates, the site player of every name it
uses (``player_urls``: its page's address, for those that have one;
``player_names``, ``player_kinds``: the name and kind the site gives it;
``player_repeats``: its players shown under another of its names), and for
the export the identity of each of its players (``player_ids``).

Their addresses are settings (``BRIEFINGS_PLAYER_URL``… see settings.py),
given to the theme in the ``briefings_pages`` context: the address of each
site-wide page (``players``, ``timeline``, ``quotes``, ``search``) and of
Pelican's ``archives`` and ``tags`` pages, by name, for those the build
makes.
"""

from __future__ import annotations

import json
import logging
import os
from functools import partial
from xml.sax.saxutils import escape

import markupsafe
from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import sanitised_join

from briefings.editor_file import read_editor_file
from briefings.files import write_whole
from briefings.site_index import build_site_index
from briefings_site import publishing, search
from briefings_site.cards import BriefingCard
from briefings_site.settings import SITE_PAGES, direct_template_url, page_file, page_url, players_file

log = logging.getLogger(__name__)

#: Pelican's own pages that the site's navigation names.
PELICAN_PAGES = ("archives", "tags")


def site_pages(settings) -> dict[str, str]:
    """The ``briefings_pages`` context: the address of each page the site's
    navigation names, by name, for those the build makes."""
    pages = {name: page_url(settings, name) for name in SITE_PAGES if page_file(settings, name)}
    for name in PELICAN_PAGES:
        url = direct_template_url(settings, name)
        if url is not None:
            pages[name] = url
    return pages


def sitemap_from_another_plugin(settings) -> bool:
    """Whether pelican-sitemap makes the sitemap (it lists every page
    written): the plugin then makes none of its own."""
    return any(name in ("sitemap", "pelican.plugins.sitemap") for name in map(str, settings.get("PLUGINS") or []))


class BriefingPagesGenerator(Generator):
    """Builds the site index from the briefings the article generator read,
    and writes the site-wide pages."""

    #: How the site index is made: ``build_site_index``, or the engine's,
    #: which keeps it between builds (see :meth:`with_engine`).
    make_site_index = staticmethod(build_site_index)

    @classmethod
    def with_engine(cls, engine) -> type[BriefingPagesGenerator]:
        """The generator of a build with the incremental engine."""
        return type(cls.__name__, (cls,), {"make_site_index": staticmethod(engine.site_index)})

    def generate_context(self):
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "briefing")]
        self.articles = articles
        self.cards = [BriefingCard.of(article) for article in articles]
        editor = read_editor_file(players_file(self.settings))
        # Once a build, over every briefing: who is who across the site.
        slugs = [article.slug for article in articles]
        index = self.make_site_index([(card, article.briefing) for card, article in zip(self.cards, articles)],
                                     editor=editor, slugs=slugs)
        #: What the site index and the players' pages are made from.
        self.site_index_inputs = (self.cards, [article.briefing for article in articles], slugs, editor)
        for error in index.errors:  # the editor's file: "path:line: what is wrong"
            log.error("%s", error)
        self.players = index.pages
        url = self.settings["BRIEFINGS_PLAYER_URL"]
        for player in index.players:
            player.url = url.format(slug=player.id) if player.page else None
        for player in self.players:
            player.save_as = self.settings["BRIEFINGS_PLAYER_SAVE_AS"].format(slug=player.id)
            #: (name, address, count) of the players most often seen with it.
            player.companion_links = [(c.name, url.format(slug=c.id), c.count) for c in player.companions]
        for article, card, mentions, players in zip(articles, self.cards, index.by_briefing, index.players_of,
                                                    strict=True):
            article.player_urls = {name: player.url for name, player in mentions.items() if player.page}
            article.player_names = {name: player.name for name, player in mentions.items()}
            article.player_kinds = {name: player.kind for name, player in mentions.items()}
            article.player_ids = [(player.id, player.url) for player in players]
            article.player_repeats = repeats(article.briefing.players, players)
            card.player_urls.update(article.player_urls)
        for article in (*self.context.get("hidden_articles", []), *self.context.get("drafts", [])):
            # The site's players are those of its listed briefings.
            article.player_urls, article.player_names, article.player_kinds = {}, {}, {}
            article.player_ids, article.player_repeats = [], []
        #: How many shards the search index has, and those the search page loads.
        self.shard_count, shards = search.plan(self.settings, [article.save_as for article in articles])
        # Open Graph and Twitter cards: a share image of each briefing and of the site.
        self.share_images = publishing.ShareImages(self.settings) if self.settings["BRIEFINGS_SHARE_IMAGES"] else None
        self.shown: dict[str, tuple[str, str]] = {}
        site_image = None
        if self.share_images is not None:
            for article in (*articles, *self.context.get("hidden_articles", [])):
                undated = getattr(article, "undated", False)
                shown = (article.title, "" if undated else article.locale_date)
                article.share_image = self.share_images.name(shown[0], None if undated else article.date,
                                                             shown[1])
                self.shown[article.share_image] = shown
            site_image = self.share_images.name(self.settings.get("SITESUBTITLE") or self.settings["SITENAME"], None)
            self.shown[site_image] = (self.settings.get("SITESUBTITLE") or self.settings["SITENAME"], "")
        self.context.update(
            site_address=publishing.site_address(self.settings),
            site_share_image=site_image,
            site_players=self.players,
            site_timeline=index.timeline,
            site_quotes=index.quotes,
            site_player_urls={player.name: player.url for player in self.players},
            briefings_pages=site_pages(self.settings),
            search_indexes=shards,
        )

    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        writer.made_from(self.context, ["site_players", "site_timeline", "site_quotes", "site_player_urls"],
                         self.site_index_inputs)
        # The players' pages are made from the briefings, their slugs and
        # cards and the editor's file alone (and the settings and code).
        pages = [(player.save_as, {"player": player, "url": player.url}) for player in self.players]
        writer.write_pages("players", self.get_template("player"), pages, self.context, relative_urls,
                           inputs=self.site_index_inputs)
        for name in SITE_PAGES:
            if page_file(self.settings, name):
                writer.write_file(page_file(self.settings, name), self.get_template(name), self.context,
                                  relative_urls=relative_urls, url=page_url(self.settings, name))
        # GitHub Pages serves 404.html for a missing page at any depth, so
        # its links must not be relative to where it was found.
        writer.write_file("404.html", self.get_template("404"), self.context, relative_urls=False)
        # The export and the sitemap are made only when what they list changed.
        text = _TextFiles(writer)
        text.write("briefings.json", partial(self._export, writer), key=("export", self.articles))
        if not sitemap_from_another_plugin(self.settings):
            text.write("sitemap.xml", self._sitemap, key=("sitemap", self._sitemap_urls()))
        # GitHub Pages: no Jekyll processing, and the custom domain if any.
        text.write(".nojekyll", "")
        if self.settings.get("BRIEFINGS_CNAME"):
            text.write("CNAME", self.settings["BRIEFINGS_CNAME"] + "\n")
        if self.settings["BRIEFINGS_ROBOTS_TXT"]:
            text.write("robots.txt", publishing.robots_txt(self.settings))
        if self.share_images is not None:
            self.share_images.write(writer.output_path, self.shown)
        self._player_feeds(writer)

    def _player_feeds(self, writer) -> None:
        """The Atom and RSS feeds of each player's briefings (newest first)."""
        by_card = {id(card): article for card, article in zip(self.cards, self.articles)}
        for setting, feed_type in (("BRIEFINGS_PLAYER_FEED_ATOM", "atom"), ("BRIEFINGS_PLAYER_FEED_RSS", "rss")):
            path = self.settings.get(setting)
            if not path:
                continue
            for player in self.players:
                articles = [by_card[id(card)] for card in player.briefings if id(card) in by_card]
                writer.write_feed(articles, self.context, path.format(slug=player.id), feed_type=feed_type,
                                  feed_title=player.name)

    def _export(self, writer) -> str:
        """``briefings.json``: every briefing's annotations, for other tools
        (each briefing's record made once, or kept by the writer)."""
        def record(item) -> str:
            card, article = item
            fields = article.briefing.to_json()
            # Each player's site-wide identity, and its page (None: it has none).
            for player, (identity, url) in zip(fields["players"], article.player_ids, strict=True):
                player["id"], player["url"] = identity, url
            # ``url`` is the briefing's address on the site; the article's own
            # address (annotate's ``url``) is ``source_url`` here.
            fields["source_url"] = fields.pop("url", None)
            return json.dumps({"url": card.url, "slug": article.slug, **fields}, ensure_ascii=False)

        items = list(zip(self.cards, self.articles))
        records = writer.records("export", items, record) if hasattr(writer, "records") else map(record, items)
        return "[" + ", ".join(records) + "]"  # as json.dumps would join them

    def _sitemap_urls(self) -> list[tuple[str, str | None]]:
        """(address, lastmod) of each page the sitemap lists: a briefing's
        date (or ``Modified``), the newest of a player's briefings, the
        newest briefing for the front page."""
        listed = [url for name, url in site_pages(self.settings).items() if name != "search"]
        newest = max((card.lastmod for card in self.cards if card.lastmod), default=None)

        def latest(player) -> str | None:
            return max((card.lastmod for card in player.briefings if getattr(card, "lastmod", None)), default=None)

        return [("", newest), *((url, None) for url in listed), *((card.url, card.lastmod) for card in self.cards),
                *((p.url, latest(p)) for p in self.players),
                *((p.url, None) for p in self.context.get("pages", [])),
                # timelines.py's, made before any page is written
                *((url, None) for url in self.context.get("topic_timeline_pages", ()))]

    def _sitemap(self) -> str:
        site = self.settings.get("SITEURL", "")

        def row(url: str, lastmod: str | None) -> str:
            when = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
            return f"  <url><loc>{escape(site)}/{escape(url)}</loc>{when}</url>"

        rows = "\n".join(row(url, lastmod) for url, lastmod in self._sitemap_urls())
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</urlset>\n')


def repeats(players: list, site_players: list) -> list[int]:
    """The positions of a briefing's players that are shown elsewhere in it:
    the site joined them to another of its players, a key player or one
    listed before them."""
    key = {site.id for player, site in zip(players, site_players) if player.key}
    seen: dict[bool, set[str]] = {True: set(), False: set(key)}
    found = []
    for position, (player, site) in enumerate(zip(players, site_players)):
        if site.id in seen[bool(player.key)]:
            found.append(position)
        seen[bool(player.key)].add(site.id)
    return found


def player_links(text: str, urls: dict[str, str], siteurl: str = "", skip: str | None = None) -> Markup:
    """The theme's filter ``player_links``: ``text`` (escaped) with each
    whole-word mention of a player that has a page (``urls``: a briefing's
    ``player_urls``) a link to it, the longest mention first; a mention of
    the page ``skip`` (the page the text is shown on) is left as text."""
    text = str(text)
    spans: list[tuple[int, int, str | None]] = []
    taken = bytearray(len(text))
    for mention in sorted((m for m in urls if m), key=len, reverse=True):
        at = text.find(mention)
        while at >= 0:
            end = at + len(mention)
            whole = (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if whole and not any(taken[at:end]):
                taken[at:end] = b"\1" * (end - at)
                spans.append((at, end, urls[mention]))
            at = text.find(mention, end if whole else at + 1)
    out, last = [], 0
    for start, end, url in sorted(spans):
        out.append(markupsafe.escape(text[last:start]))
        if url == skip:
            out.append(markupsafe.escape(text[start:end]))
        else:
            out.append(Markup('<a class="player-link" href="{}/{}">{}</a>').format(siteurl, url, text[start:end]))
        last = end
    out.append(markupsafe.escape(text[last:]))
    return Markup("").join(out)


def also_called(names, name: str) -> list[str]:
    """The theme's filter ``also_called``: the names other than ``name``
    that a player's page lists, in alphabetical order whatever order
    ``names`` come in (a set's order changes from process to process, and
    two builds of one site must be the same). Names that differ only in case are one name, shown in the
    form with the most capitals ("Labour Party", not "Labour party"); the
    page's own name in another case is not listed."""
    forms: dict[str, str] = {}
    for other in names:
        folded = other.casefold()
        if folded == name.casefold():
            continue
        kept = forms.get(folded)
        if kept is None or _capitals(other) > _capitals(kept) or (
                _capitals(other) == _capitals(kept) and other < kept):
            forms[folded] = other
    return [forms[folded] for folded in sorted(forms)]


def _capitals(text: str) -> int:
    return sum(character.isupper() for character in text)


class _TextFiles:
    """The plugin's own files, through the build's writer when it is the
    plugin's (which checks them, and keeps those unchanged), else plainly."""

    def __init__(self, writer):
        self.writer = writer

    def write(self, name: str, text, key: tuple = ()) -> None:
        if hasattr(self.writer, "write_text"):
            self.writer.write_text(name, text, key=self.writer.data_key(*key) if key else None)
            return
        path = sanitised_join(self.writer.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_whole(path, (text() if callable(text) else text).encode("utf-8"), readable=True)
