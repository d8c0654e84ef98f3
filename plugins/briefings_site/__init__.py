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
    Build Pagefind's search index of the site (default True; see search.py).
``BRIEFINGS_SEARCH_SHARD_PAGES``
    About how many briefings each shard of the search index holds (default
    250): a rebuild indexes again only the shards whose pages changed.
``BRIEFINGS_OUTPUT_RECORDS``
    Folder of the records of what each build wrote into its output folder,
    which let the next one skip unchanged pages and remove stale ones, and
    of how its last build ended (default: ``outputs`` under ``CACHE_PATH``).

The plugin sets ``BRIEFINGS_CACHE_ROOT`` itself: ``CACHE_PATH`` as given,
before a folder of the code's version is added to it (see build.py).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup
from pelican import signals
from pelican.utils import order_content

from briefings.cache import DEFAULT_PATH, code_version
from briefings.errors import BriefingError
from briefings.related import cached_related_briefings
from briefings.timevalues import describe
from briefings_site import build, collector, reader_cache, search, sources
from briefings_site.pages import BriefingPagesGenerator
from briefings_site.prepass import annotate_in_parallel, start_loading_model
from briefings_site.readers import (
    RAW_EXTENSIONS,
    MarkdownBriefingReader,
    RawArticleReader,
    check_annotations,
    link_target,
)
from briefings_site.writer import ChangedFilesWriter, finish_build

log = logging.getLogger(__name__)

DEFAULTS = {
    "BRIEFINGS_CACHE_PATH": str(DEFAULT_PATH),
    "BRIEFINGS_READ_MORE": 5,
    "BRIEFINGS_PROCESSES": None,
    "BRIEFINGS_SEARCH": True,
    "BRIEFINGS_SEARCH_SHARD_PAGES": search.SHARD_PAGES,
}


def set_defaults(pelican) -> None:
    """Check the output folder (before Pelican may empty it), and complete
    the settings."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    build.check_output(settings)
    settings["BRIEFINGS_CACHE_ROOT"] = settings["CACHE_PATH"]
    # Kept across versions of the code: a file written by one version is
    # still removed by the next when its page is gone.
    settings.setdefault("BRIEFINGS_OUTPUT_RECORDS", os.path.join(settings["CACHE_PATH"], "outputs"))
    # Pelican's content cache holds briefings as read and annotated: a change
    # of the code or the model must not serve stale ones.
    settings["CACHE_PATH"] = os.path.join(settings["CACHE_PATH"], code_version())


def set_up_generator(generator) -> None:
    """Each generator finds its files safely (see sources.py), and has the
    theme's filters and compiled templates."""
    sources.use(generator)
    set_up_templates(generator)


def set_up_templates(generator) -> None:
    """The theme's filters, and compiled templates kept between builds (a
    rebuild that renders few pages would spend its time compiling them)."""
    generator.env.filters["when"] = describe
    generator.env.filters["news_article_json_ld"] = news_article_json_ld
    generator.env.bytecode_cache = FileSystemBytecodeCache(_compiled_templates_folder(generator.settings))


def _compiled_templates_folder(settings) -> str:
    """Jinja keys compiled templates by their source alone: the options they
    were compiled with (and Jinja's version) name the folder."""
    options = json.dumps(settings.get("JINJA_ENVIRONMENT", {}), sort_keys=True, default=repr)
    digest = hashlib.sha256(f"{jinja2.__version__}\0{options}".encode()).hexdigest()[:16]
    folder = os.path.join(settings["CACHE_PATH"], "templates", digest)
    os.makedirs(folder, exist_ok=True)
    return folder


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
    """The site's sources are raw articles and Markdown briefings, read by
    this plugin's readers alone: Pelican's others (HTML, reStructuredText)
    would put an author's raw HTML, scripts included, into the site, and
    take output paths from its metadata. Only Pelican's reader of static
    files (for ``{static}`` links) is kept."""
    for extension in list(readers.reader_classes):
        if extension != "static":
            del readers.reader_classes[extension]
    for reader in (RawArticleReader, MarkdownBriefingReader):
        for extension in reader.file_extensions:
            readers.reader_classes[extension] = reader
    reader_cache.use_shards(readers)


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


def add_read_more(generator) -> None:
    """Each briefing's ``read_more``: hand-written links first, then the most
    related briefings of the site."""
    articles = [a for a in generator.articles if hasattr(a, "briefing")]
    count = generator.settings["BRIEFINGS_READ_MORE"]

    @functools.cache
    def by_source() -> dict:  # resolving paths costs system calls: only if an author wrote links
        return {str(Path(a.source_path).resolve()): a for a in articles}

    urls = [a.url for a in articles]  # Pelican works a URL out anew on each use
    cache = Path(generator.settings["CACHE_PATH"]) / "read-more.json"
    for article, related in zip(articles, cached_related_briefings([a.briefing for a in articles], count, cache)):
        links = _manual_links(article, by_source)
        taken = {link["article"].slug for link in links if link["article"]}
        for item in related:
            other = articles[item.index]
            if other.slug not in taken and len(links) < count:
                links.append({"article": other, "title": other.title, "url": urls[item.index],
                              "shared": item.shared_players})
        article.read_more = links


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
    context = contents[0]._context
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


def start_build(pelican) -> None:
    """The start of each build, before Pelican reads its cache. (One
    receiver, as a signal's receivers run in no set order.)"""
    build.start(pelican.settings)  # first: waits for another build in the same folders
    collector.reclaim()
    start_loading_model(pelican)  # a fork: of what this build holds only, and with the collector on
    collector.pause()


def cache_read(generator) -> None:
    """The articles' generator is made: read Pelican's cache of its readers,
    then the pre-pass."""
    reader_cache.load(generator.readers)
    collector.cache_read()
    annotate_in_parallel(generator)


def articles_read(generator) -> None:
    """Pelican has read every article: store the annotations handed to
    workers that no reader asked for (and end the build if they failed)."""
    check_annotations()


def add_generators(pelican):
    return BriefingPagesGenerator


def use_changed_files_writer(pelican):
    return ChangedFilesWriter


def finish(pelican) -> None:
    """Remove the pages that are gone, then complete the search index (in
    this order, so that a removed page leaves the index too)."""
    finish_build(pelican.settings)
    search.complete(pelican)
    build.end(pelican.settings)


def _without_traceback(record: logging.LogRecord) -> bool:
    """Pelican logs the exception that stops it with its traceback: for our
    own one-line errors about the site (an output folder refused), the line
    alone says all."""
    if record.exc_info and isinstance(record.exc_info[1], build.OutputFolderError):
        record.exc_info = None
        record.exc_text = None
    return True


def register() -> None:
    pelican_log = logging.getLogger("pelican")
    if _without_traceback not in pelican_log.filters:
        pelican_log.addFilter(_without_traceback)
    signals.initialized.connect(set_defaults)
    signals.readers_init.connect(add_readers)
    signals.generator_init.connect(set_up_generator)
    signals.article_generator_init.connect(cache_read)
    signals.article_generator_pretaxonomy.connect(articles_read)
    signals.article_generator_pretaxonomy.connect(drop_superseded_raw_articles)
    signals.article_generator_pretaxonomy.connect(order_same_day_by_path)
    signals.article_generator_pretaxonomy.connect(collector.keep)
    signals.article_generator_finalized.connect(add_read_more)
    signals.all_generators_finalized.connect(check_content_links)
    signals.page_generator_finalized.connect(drop_colliding_pages)
    signals.article_generator_finalized.connect(skip_unwritten_author_pages)
    signals.all_generators_finalized.connect(collector.keep)
    signals.get_generators.connect(add_generators)
    signals.get_generators.connect(start_build)
    signals.get_writer.connect(use_changed_files_writer)
    signals.article_writer_finalized.connect(search.start)
    signals.finalized.connect(finish)
    signals.finalized.connect(collector.keep)
