"""What the build does with the contents Pelican read, outside the readers:
one page per address, briefings in a set order, their Read more links, the
links of every text checked, and what the theme adds to a briefing's page.
Each function is called by a receiver of :class:`~briefings_site.build.Build`.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
from pathlib import Path
from types import MappingProxyType

from markupsafe import Markup
from pelican.utils import order_content

from briefings.errors import BriefingError
from briefings_site.cards import BriefingCard
from briefings_site.readers import RAW_EXTENSIONS, link_target

log = logging.getLogger(__name__)


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
        modified = getattr(article, "modified", None)
        if modified is not None and not getattr(article, "undated", False):
            record["dateModified"] = modified.isoformat()
    if getattr(article, "share_image", None):
        record["image"] = f"{siteurl}/{article.share_image}"
    # "<" escaped so that no text of the article can close the script element.
    return Markup(json.dumps(record, ensure_ascii=False).replace("<", "\\u003c"))


_SCHEMA_TYPES = MappingProxyType({"person": "Person", "organization": "Organization", "place": "Place",
                                  "group": "Organization"})


def drop_superseded_raw_articles(generator) -> None:
    """One briefing per page (published and hidden briefings share their
    pages' addresses, drafts have theirs).

    A raw article that has been imported is built from its Markdown briefing
    (the editable one): both carry the same slug, and the briefing records
    the raw article it was imported from. Any other two sources with one
    page are an error naming both: the Markdown one (or the first by path)
    keeps the page, the other is left out, and nothing is overwritten.
    """
    groups = (generator.articles, generator.hidden_articles, generator.drafts)
    # A raw article imported into a briefing gives way to it, wherever the
    # briefing's page is (its date, and so its address, may have been edited).
    imported = {getattr(a, "imported_from", None) for group in groups for a in group if not _is_raw(a)}
    for group in groups:
        for article in group:
            if _is_raw(article) and os.path.abspath(article.source_path) in imported:
                log.info("%s: built from its imported Markdown briefing", article.source_path)
        group[:] = [a for a in group if not (_is_raw(a) and os.path.abspath(a.source_path) in imported)]
    kept = _one_per_page([article for group in groups for article in group])
    for group in groups:
        group[:] = [article for article in group if id(article) in kept]


def drop_colliding_pages(generator) -> None:
    """One page per address: two pages with one slug are an error naming
    both (the first by path keeps it)."""
    groups = (generator.pages, generator.hidden_pages, generator.draft_pages)
    kept = _one_per_page([page for group in groups for page in group])
    for group in groups:
        group[:] = [page for page in group if id(page) in kept]


def _one_per_page(contents: list) -> set[int]:
    """The ids of the contents that keep their page; each other one is
    reported, or (a raw article its briefing was imported from) noted."""
    by_page: dict[str, object] = {}
    for content in sorted(contents, key=lambda c: (_is_raw(c), c.source_path)):
        page = content.save_as
        other = by_page.get(page)
        if other is None:
            by_page[page] = content
        elif _is_raw(content) and _imported_from(other, content):
            log.info("%s: built from its imported Markdown briefing %s", content.source_path, other.source_path)
        elif _is_raw(content) and not _is_raw(other):
            origin = getattr(other, "imported_from", None)
            why = (f"imported from {origin}" if origin else "written by hand" if getattr(other, "hand_written", True)
                   else "another briefing")
            log.error("%s", BriefingError(content.source_path,
                                          f"its slug {content.slug!r} is that of {other.source_path} "
                                          f"({why}), which keeps it; give this article a 'Slug:' header of its own"))
        else:
            log.error("%s", BriefingError(content.source_path, f"the slug {getattr(content, 'slug', page)!r} is "
                                          f"already used by {other.source_path}; give this one a 'Slug:' of its own"))
    return set(map(id, by_page.values()))


def _is_raw(content) -> bool:
    return content.source_path.endswith(tuple(f".{extension}" for extension in RAW_EXTENSIONS))


def _imported_from(briefing, raw) -> bool:
    """Whether the Markdown ``briefing`` was imported from the ``raw``
    article: as its ``Generated`` line records, or (imported before that
    line recorded it) not written by hand."""
    origin = getattr(briefing, "imported_from", None)
    if origin is not None:
        return origin == os.path.abspath(raw.source_path)
    return not getattr(briefing, "hand_written", True)


def order_same_day_by_path(generator) -> None:
    """Briefings of the same date in the same order on every build.

    Pelican reads files in the order of a set, which changes from one run to
    the next: pages listing briefings, Read more and the site index changed
    with it, and a build with nothing changed rewrote them.
    """
    by_path = sorted(generator.articles, key=lambda article: article.source_path)
    generator.articles = order_content(by_path, generator.settings["ARTICLE_ORDER_BY"])


def add_read_more(generator, related_briefings) -> None:
    """Each briefing's ``read_more``: hand-written links first, then the most
    related briefings of the site (``related_briefings(briefings, count)``,
    see :mod:`briefings.related`); hidden briefings and drafts have none."""
    articles = [a for a in generator.articles if hasattr(a, "briefing")]
    count = generator.settings["BRIEFINGS_READ_MORE"]

    @functools.cache
    def by_source() -> dict:  # resolving paths costs system calls: only if an author wrote links
        return {str(Path(a.source_path).resolve()): a for a in articles}

    urls = [a.url for a in articles]  # Pelican works a URL out anew on each use
    # A link shows the briefing's title, address and date: it is given those
    # (a card), not the briefing, so that a page depends on them alone (see
    # incremental/render_keys.py): an edit to a briefing's text renders
    # again its own page, not every page whose Read more links to it.
    cards = {id(a): BriefingCard.of(a, url) for a, url in zip(articles, urls)}
    for article, related in zip(articles, related_briefings([a.briefing for a in articles], count)):
        links = _manual_links(article, by_source)
        taken = {link["article"].slug for link in links if link["article"]}
        for item in related:
            other = articles[item.index]
            if other.slug not in taken and len(links) < count:
                links.append({"article": other, "title": other.title, "url": urls[item.index],
                              "shared": item.shared_players})
        for link in links:
            if link["article"] is not None:
                link["article"] = cards.get(id(link["article"])) or BriefingCard.of(link["article"])
        article.read_more = links
    for article in (*generator.hidden_articles, *generator.drafts):
        article.read_more = []  # related to the listed briefings, not listed itself: none


def skip_unwritten_author_pages(generator) -> None:
    """With no author pages (``AUTHOR_SAVE_AS`` empty), give Pelican no
    authors to make pages for: it still pairs each author with its articles
    by a scan of every article per article (3.8 s at 20,000 articles of one
    author), for pages it then does not write. The context keeps them."""
    if not generator.settings.get("AUTHOR_SAVE_AS"):
        generator.authors = []


def _manual_links(article, by_source) -> list[dict]:
    """The author's own links; ``{filename}`` targets become the briefing's URL."""
    links = []
    lines = getattr(article, "read_more_lines", [])
    for number, (title, target) in enumerate(article.briefing.read_more):
        if re.match(r"^(?:https?://|/|#)", target, re.IGNORECASE):
            links.append({"article": None, "title": title, "url": target, "shared": []})
            continue
        other = by_source().get(str(_resolve(article, target)))
        if other is None:
            line = lines[number] if number < len(lines) else None
            log.error("%s", BriefingError(article.source_path, f"the Read more link {target!r} names no briefing of "
                                          "the site", line))
            continue
        links.append({"article": other, "title": title, "url": other.url, "shared": []})
    return links


def check_content_links(generators) -> None:
    """Every ``{filename}``, ``{static}`` or ``{attach}`` link in a
    briefing's or a page's text must name a file of the site (one Pelican
    read or copies): a broken one is an error naming its line, not a dead
    link. (Once every generator has read its files: a briefing may link to
    a page.)"""
    contents = list({id(content): content for generator in generators for name in _CONTENT_LISTS
                     for content in getattr(generator, name, [])}.values())
    if not contents:
        return
    context = generators[0].context  # all generators share it
    files = {**context.get("generated_content", {}), **context.get("static_content", {})}
    for content in contents:
        for url, line in getattr(content, "file_links", []):
            target = link_target(url, content.source_path, content.settings["PATH"])
            if target is None or target not in files or not os.path.isfile(os.path.join(content.settings["PATH"],
                                                                                         target)):
                log.error("%s", BriefingError(content.source_path, f"the link {url!r} names no file of the site", line))


_CONTENT_LISTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages", "draft_pages")


def _resolve(article, target: str) -> Path:
    """The content file a ``{filename}`` link (or a bare relative path) names."""
    relative = re.sub(r"^\{(?:filename|static)\}", "", target)
    if relative.startswith("/"):
        return (Path(article.settings["PATH"]) / relative.lstrip("/")).resolve()
    return (Path(article.source_path).parent / relative).resolve()
