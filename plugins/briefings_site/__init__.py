"""The Briefings Pelican plugin: readers for raw articles and Markdown
briefings, Read more links, and the site-wide pages.

Add ``"briefings_site"`` to ``PLUGINS`` with ``plugins`` in ``PLUGIN_PATHS``.
Settings (all optional):

``BRIEFINGS_CACHE_PATH``
    SQLite file of cached annotations (default ``.cache/annotations.sqlite``;
    ``None`` keeps them in memory for one build).
``BRIEFINGS_READ_MORE``
    How many related briefings end each briefing (default 5).
``BRIEFINGS_PROCESSES``
    Processes that annotate a cold build (default: one per core).
``BRIEFINGS_SEARCH``
    Build Pagefind's search index after the site (default True).
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

from markupsafe import Markup
from pelican import signals

from briefings.cache import DEFAULT_PATH, code_version
from briefings.related import related_briefings
from briefings.timevalues import describe
from briefings_site.pages import BriefingPagesGenerator
from briefings_site.prepass import annotate_in_parallel
from briefings_site.readers import MarkdownBriefingReader, RawArticleReader
from briefings_site.writer import ChangedFilesWriter

log = logging.getLogger(__name__)

DEFAULTS = {
    "BRIEFINGS_CACHE_PATH": str(DEFAULT_PATH),
    "BRIEFINGS_READ_MORE": 5,
    "BRIEFINGS_PROCESSES": None,
    "BRIEFINGS_SEARCH": True,
}


def set_defaults(pelican) -> None:
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    # Pelican's content cache holds briefings as read and annotated: a change
    # of the code or the model must not serve stale ones.
    settings["CACHE_PATH"] = os.path.join(settings["CACHE_PATH"], code_version())


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
    # A file skipped for bad input must be read (and reported) again on the
    # next build, not served from Pelican's cache as a silent skip.
    cache_data = readers.cache_data

    def cache_unless_skipped(path, data):
        if data[1].get("status") != "skip":
            cache_data(path, data)

    readers.cache_data = cache_unless_skipped


def drop_superseded_raw_articles(generator) -> None:
    """One briefing per slug.

    A raw article that has been imported is built from its Markdown briefing
    (the editable one): both carry the same slug. Two briefings of the same
    kind with the same slug are an error: the first keeps the slug, the
    other is reported and left out, and nothing is overwritten.
    """
    by_slug: dict[str, object] = {}
    for article in sorted(generator.articles, key=lambda a: (a.source_path.endswith(".txt"), a.source_path)):
        other = by_slug.get(article.slug)
        if other is None:
            by_slug[article.slug] = article
        elif article.source_path.endswith(".txt") and not other.source_path.endswith(".txt"):
            log.info("%s: built from its imported Markdown briefing %s", article.source_path, other.source_path)
        else:
            log.error("%s: the slug %r is already used by %s; give this briefing a 'Slug:' of its own",
                      article.source_path, article.slug, other.source_path)
    kept = set(map(id, by_slug.values()))
    generator.articles = [a for a in generator.articles if id(a) in kept]


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
    for title, target in article.briefing.read_more:
        if re.match(r"^(?:https?://|/|#)", target, re.IGNORECASE):
            links.append({"article": None, "title": title, "url": target, "shared": []})
            continue
        other = by_source.get(str(_resolve(article, target)))
        if other is None:
            log.error("%s: the Read more link %r names no briefing of the site", _where(article, target), target)
            continue
        links.append({"article": other, "title": title, "url": other.url, "shared": []})
    return links


_CONTENT_LINK = re.compile(r"""(?:href|src)=["'](\{(?:filename|static)\}[^"'#?]+)""")


def check_content_links(generator) -> None:
    """Every ``{filename}`` or ``{static}`` link in a briefing's text must
    name a file of the site: a broken one is an error, not a dead link."""
    for article in generator.articles:
        for target in _CONTENT_LINK.findall(getattr(article, "_content", "") or ""):
            if not _resolve(article, target).exists():
                log.error("%s: the link %r names no file of the site", _where(article, target), target)


def _resolve(article, target: str) -> Path:
    """The content file a ``{filename}`` link (or a bare relative path) names."""
    relative = re.sub(r"^\{(?:filename|static)\}", "", target)
    if relative.startswith("/"):
        return (Path(article.settings["PATH"]) / relative.lstrip("/")).resolve()
    return (Path(article.source_path).parent / relative).resolve()


def _where(article, text: str) -> str:
    """``path:line`` of the first line of the article's source holding ``text``."""
    try:
        lines = Path(article.source_path).read_text(encoding="utf-8", errors="replace").split("\n")
    except OSError:
        return article.source_path
    number = next((n for n, line in enumerate(lines, start=1) if text in line), None)
    return f"{article.source_path}:{number}" if number else article.source_path


def add_generators(pelican):
    return BriefingPagesGenerator


def use_changed_files_writer(pelican):
    return ChangedFilesWriter


def build_search_index(pelican) -> None:
    """Pagefind's index of the built site, so that a plain Pelican build has
    search too (``BRIEFINGS_SEARCH = False`` leaves it out)."""
    if not pelican.settings["BRIEFINGS_SEARCH"] or _search_index_is_current(Path(pelican.output_path)):
        return
    command = [sys.executable, "-m", "pagefind", "--site", pelican.output_path, "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        reason = (result.stderr.strip().splitlines() or ["no message"])[-1]
        log.error("the search index could not be built (pagefind: %s)", reason)


def _search_index_is_current(output: Path) -> bool:
    """True when no page changed since Pagefind last indexed the site (the
    writer leaves unchanged pages untouched, so their times tell)."""
    entry = output / "pagefind" / "pagefind-entry.json"
    if not entry.exists():
        return False
    indexed = entry.stat().st_mtime_ns
    pages = (p for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts)
    return all(page.stat().st_mtime_ns < indexed for page in pages)


def register() -> None:
    signals.initialized.connect(set_defaults)
    signals.readers_init.connect(add_readers)
    signals.generator_init.connect(add_template_filters)
    signals.article_generator_init.connect(annotate_in_parallel)
    signals.article_generator_pretaxonomy.connect(drop_superseded_raw_articles)
    signals.article_generator_finalized.connect(add_read_more)
    signals.article_generator_finalized.connect(check_content_links)
    signals.get_generators.connect(add_generators)
    signals.get_writer.connect(use_changed_files_writer)
    signals.finalized.connect(build_search_index)
