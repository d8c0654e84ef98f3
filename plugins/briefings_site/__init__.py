"""The Briefings Pelican plugin: readers for raw articles and Markdown
briefings, Read more links, and the site-wide pages.

Add ``"briefings_site"`` to ``PLUGINS`` with ``plugins`` in ``PLUGIN_PATHS``.
Settings (all optional):

``BRIEFINGS_CACHE_PATH``
    SQLite file of cached annotations (default ``.cache/annotations.sqlite``;
    ``None`` keeps them in memory for one build).
``BRIEFINGS_READ_MORE``
    How many related briefings end each briefing (default 5).
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from briefings.related import related_briefings
from briefings.timevalues import describe
from briefings_site.pages import BriefingPagesGenerator
from briefings_site.readers import MarkdownBriefingReader, RawArticleReader

log = logging.getLogger(__name__)

DEFAULTS = {
    "BRIEFINGS_CACHE_PATH": ".cache/annotations.sqlite",
    "BRIEFINGS_READ_MORE": 5,
}


def set_defaults(pelican) -> None:
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def add_template_filters(generator) -> None:
    generator.env.filters["when"] = describe
    generator.env.filters["news_article_json_ld"] = news_article_json_ld


def news_article_json_ld(article, siteurl: str, sitename: str) -> Markup:
    """schema.org ``NewsArticle`` metadata of a briefing, safe inside <script>."""
    briefing = article.briefing
    record = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": f"{siteurl}/{article.url}",
        "publisher": {"@type": "Organization", "name": briefing.source or sitename},
        "author": [{"@type": "Person", "name": name} for name in briefing.authors or briefing.contributors],
        "about": [{"@type": _SCHEMA_TYPES[p.kind], "name": p.name} for p in briefing.players if p.key],
    }
    if briefing.date:
        record["datePublished"] = briefing.date.isoformat()
    # "<" escaped so that no text of the article can close the script element.
    return Markup(json.dumps(record, ensure_ascii=False).replace("<", "\\u003c"))


_SCHEMA_TYPES = {"person": "Person", "organization": "Organization", "place": "Place", "group": "Organization"}


def add_readers(readers) -> None:
    for reader in (RawArticleReader, MarkdownBriefingReader):
        for extension in reader.file_extensions:
            readers.reader_classes[extension] = reader


def drop_superseded_raw_articles(generator) -> None:
    """A raw article that has been imported is built from its Markdown briefing.

    Both carry the same slug; the Markdown file (the editable one) wins.
    """
    markdown_slugs = {a.slug for a in generator.articles if not a.source_path.endswith(".txt")}
    kept = []
    for article in generator.articles:
        if article.source_path.endswith(".txt") and article.slug in markdown_slugs:
            log.info("%s: built from its imported Markdown briefing instead", article.source_path)
            continue
        kept.append(article)
    generator.articles = kept


def add_read_more(generator) -> None:
    """Each briefing's ``read_more``: hand-written links first, then the most
    related briefings of the site."""
    articles = [a for a in generator.articles if hasattr(a, "briefing")]
    count = generator.settings["BRIEFINGS_READ_MORE"]
    by_source = {str(Path(a.source_path).resolve()): a for a in articles}
    for article, related in zip(articles, related_briefings([a.briefing for a in articles], count)):
        links = _manual_links(article, by_source)
        taken = {link["article"].slug for link in links if link["article"]}
        for item in related:
            other = articles[item.index]
            if other.slug not in taken and len(links) < count:
                links.append({"article": other, "title": other.title, "url": other.url, "shared": item.shared_players})
        article.read_more = links


def _manual_links(article, by_source) -> list[dict]:
    """The author's own links; ``{filename}`` targets become the briefing's URL."""
    links = []
    content_root = Path(article.settings["PATH"]).resolve()
    for title, target in article.briefing.read_more:
        if "://" in target or target.startswith(("/", "#")) and not target.startswith("{"):
            links.append({"article": None, "title": title, "url": target, "shared": []})
            continue
        relative = re.sub(r"^\{(?:filename|static)\}", "", target)
        base = content_root if relative.startswith("/") else Path(article.source_path).resolve().parent
        other = by_source.get(str((base / relative.lstrip("/")).resolve()))
        if other is None:
            log.error("%s: the Read more link %r names no briefing of the site", article.source_path, target)
            continue
        links.append({"article": other, "title": title, "url": other.url, "shared": []})
    return links


def add_generators(pelican):
    return BriefingPagesGenerator


def register() -> None:
    signals.initialized.connect(set_defaults)
    signals.readers_init.connect(add_readers)
    signals.generator_init.connect(add_template_filters)
    signals.article_generator_pretaxonomy.connect(drop_superseded_raw_articles)
    signals.article_generator_finalized.connect(add_read_more)
    signals.get_generators.connect(add_generators)
