"""The site-wide pages: one per key player, the players index, the merged
timeline and quotes by speaker (in the manner of Pelican's author pages)."""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape

from pelican.generators import Generator

from briefings.site_index import build_site_index
from briefings_site.writer import write_if_changed

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


class BriefingPagesGenerator(Generator):
    """Builds the site index from the briefings the article generator read."""

    def generate_context(self):
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "briefing")]
        self.articles = articles
        index = build_site_index([(article, article.briefing) for article in articles])
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
        self._write_export()
        self._write_sitemap()
        # GitHub Pages: no Jekyll processing, and the custom domain if any.
        write_if_changed(Path(self.output_path) / ".nojekyll", "")
        if self.settings.get("BRIEFINGS_CNAME"):
            write_if_changed(Path(self.output_path) / "CNAME", self.settings["BRIEFINGS_CNAME"] + "\n")

    def _write_export(self):
        """``briefings.json``: every briefing's annotations, for other tools."""
        records = [{"url": article.url, "slug": article.slug, **article.briefing.to_json()}
                   for article in self.articles]
        write_if_changed(Path(self.output_path) / "briefings.json",
                         json.dumps(records, ensure_ascii=False))  # indent would bypass the C encoder

    def _write_sitemap(self):
        site = self.settings.get("SITEURL", "")
        urls = ["", *PAGE_URLS, *(a.url for a in self.articles), *(p.url for p in self.players),
                *(p.url for p in self.context.get("pages", []))]
        rows = "\n".join(f"  <url><loc>{escape(site)}/{escape(url)}</loc></url>" for url in urls)
        write_if_changed(
            Path(self.output_path) / "sitemap.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}\n</urlset>\n',
        )

