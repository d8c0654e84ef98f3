"""Pelican readers: raw ``.txt`` articles and Markdown briefings.

Both produce the same thing: the article's HTML as the content, and the
annotated :class:`~briefings.model.Briefing` in the ``briefing`` metadata,
which the theme renders as key players, quotes and timeline.

A reader reads one file: decode, ingest (or parse the Markdown), annotate
(through the annotation cache). The incremental engine's pre-pass may have
done some of that ahead, for all files at once: a reader given it (an
:class:`Ahead`) takes what it made.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from briefings.cache import AnnotationCache
from briefings.errors import BriefingError, annotator_failure
from briefings.fields import header_line
from briefings.files import kind_of, read_regular
from briefings.model import Article, Briefing
from briefings.slugs import slugify

if TYPE_CHECKING:
    from briefings.briefing_markdown import MarkdownBriefing

log = logging.getLogger(__name__)

#: Pelican needs a date to order articles; an undated briefing is shown as
#: "undated" and sorted last, and its relative dates stay unresolved.
UNDATED = SafeDatetime(1970, 1, 1)


class Ahead(Protocol):
    """What was done ahead of the readers (the incremental engine's
    pre-pass), which they take instead of doing it again."""

    def ready(self, path: str) -> bool:
        """Called before the file at ``path`` (absolute) is read: wait for
        what is being made for it; False if that failed."""
        ...

    def take(self, path: str, data: bytes) -> Article | MarkdownBriefing | None:
        """The file at ``path`` as ingested ahead from exactly ``data``."""
        ...


class _BriefingReader(BaseReader):
    enabled = True
    #: None of its own: Pelican registers every direct subclass of
    #: BaseReader under its extensions, and BaseReader's own ("static", for
    #: the files that ``{static}`` links name) would make this reader, and
    #: not Pelican's, read them.
    file_extensions: list[str] = []

    def __init__(self, settings, ahead: Ahead | None = None):
        super().__init__(settings)
        self.cache = AnnotationCache(settings.get("BRIEFINGS_CACHE_PATH"))
        self.ahead = ahead

    def read(self, source_path):
        """Read a file; bad input is reported on one line naming the file (and
        line) and the file is skipped, so the rest of the site builds."""
        if self.ahead is not None and not self.ahead.ready(os.path.abspath(source_path)):
            return "", {"status": "skip"}  # what was made ahead failed, which ends the build
        try:
            return self.read_briefing(source_path)
        except BriefingError as error:
            log.error("%s", error)
        except OSError as error:
            log.error("%s", BriefingError(source_path, f"cannot read the file: {error.strerror or error}"))
        except Exception as error:  # a bug must not stop the site
            log.error("%s", BriefingError(source_path, f"could not be read ({type(error).__name__}: {error}); "
                                                       "please report it"))
        return "", {"status": "skip"}

    def read_briefing(self, source_path):
        raise NotImplementedError

    def _read_source(self, path: str) -> Article | MarkdownBriefing:
        """The file at ``path`` ingested: as it was ingested ahead, when
        exactly these bytes were, else now."""
        data = read_regular(path)
        parsed = self.ahead.take(path, data) if self.ahead is not None else None
        return parsed if parsed is not None else ingest(path, data)

    def _annotate(self, article: Article, source_path: str) -> Briefing:
        """The annotators' briefing of ``article``; their failure is bad
        input of the file (its date, or a bug to report)."""
        try:
            return self.cache.annotate(article)
        except Exception as error:  # an annotator's bug must not stop the site
            line = header_line(source_path, "date") if article.date else None
            raise annotator_failure(source_path, error, article.date, line) from error

    def _metadata(self, briefing: Briefing, slug: str | None, source_path: str) -> dict:
        metadata = {
            "title": briefing.title,
            "slug": slugify(slug or briefing.slug or briefing.title),
            "briefing": briefing,
            "undated": briefing.date is None,
            "date": _datetime(briefing.date) if briefing.date else UNDATED,
            # Every briefing has them, given or not, as the theme reads them.
            "tags": self.process_metadata("tags", ", ".join(briefing.tags)) if briefing.tags else [],
            "source": briefing.source,
        }
        if briefing.authors:
            metadata["authors"] = self.process_metadata("authors", ", ".join(briefing.authors))
        return metadata


RAW_EXTENSIONS = ("txt",)
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


def ingest(path: str, data: bytes) -> Article | MarkdownBriefing:
    """A source file's bytes, ingested: a raw article's cleaned article, or a
    Markdown file's parsed briefing.

    The ingest and Markdown modules are imported only when a file is read: a
    warm build reads none (Pelican serves every source from its cache).
    """
    from briefings.briefing_markdown import parse_markdown
    from briefings.ingest import parse_article
    from briefings.ingest.decode import decode

    text = decode(data, path)
    if path.endswith(RAW_EXTENSIONS):
        return parse_article(text, path)
    return parse_markdown(text, path)


class RawArticleReader(_BriefingReader):
    """A raw news article: repaired, cleaned and annotated."""

    file_extensions = list(RAW_EXTENSIONS)

    def read_briefing(self, source_path):
        briefing = self._annotate(self._read_source(source_path), source_path)
        content = "\n".join(f"<p>{html.escape(p)}</p>" for p in briefing.text.split("\n\n"))
        return content, self._metadata(briefing, None, source_path)


class MarkdownBriefingReader(_BriefingReader):
    """A Markdown briefing, imported or written by hand (markdown-it-py).

    Files under the page paths are plain pages: rendered, not annotated.
    """

    file_extensions = list(MARKDOWN_EXTENSIONS)

    def read_briefing(self, source_path):
        from briefings.briefing_markdown import imported_from, to_briefing  # imported when read, as in ingest

        parsed = self._read_source(source_path)
        self._check_file_links(parsed.file_links, source_path)
        content = parsed.body_html
        if self._is_page(source_path):
            metadata = {"title": parsed.article.title, "file_links": parsed.file_links}
            if parsed.slug:
                metadata["slug"] = slugify(parsed.slug)
            if parsed.status:
                metadata["status"] = parsed.status
            return content, metadata
        if not parsed.article.text:
            raise BriefingError(source_path, "the briefing has no article text: write it under '## Article'")
        briefing = to_briefing(parsed, self._annotate(parsed.article, source_path))
        metadata = self._metadata(briefing, parsed.slug, source_path)
        metadata["file_links"] = parsed.file_links
        metadata["read_more_lines"] = parsed.read_more_lines
        metadata["imported_from"] = imported_from(parsed.generated, source_path)
        metadata["hand_written"] = parsed.generated is None
        if parsed.summary:
            metadata["summary"] = html.escape(parsed.summary)  # Pelican takes a summary for HTML
        if parsed.modified is not None:
            metadata["modified"] = _datetime(parsed.modified)
        if parsed.status:
            metadata["status"] = parsed.status
            if parsed.status == "draft":
                # Pelican writes a draft with its category, and this site
                # gives briefings none (CATEGORY_SAVE_AS is empty).
                metadata["category"] = self.process_metadata("category", self.settings["DEFAULT_CATEGORY"])
        return content, metadata

    def _check_file_links(self, links: list[tuple[str, int]], source_path: str) -> None:
        """A link to a file (``{filename}``, ``{static}``, ``{attach}``) must
        name one inside the content folder: Pelican would otherwise copy a
        ``{static}`` file from anywhere into the site."""
        for url, line in links:
            target = link_target(url, source_path, self.settings["PATH"])
            if target is None:
                raise BriefingError(source_path, f"the link {url!r} names a file outside the site's content folder",
                                    line)
            try:
                kind = kind_of(os.stat(os.path.join(self.settings["PATH"], target)).st_mode)
            except OSError:
                continue  # no such file: reported once every source is read (check_content_links)
            if kind is not None:
                raise BriefingError(source_path, f"the link {url!r} names {kind}, not a file", line)

    def _is_page(self, source_path) -> bool:
        content_root = Path(self.settings["PATH"]).resolve()
        parents = Path(source_path).resolve().parents
        return any(content_root / page_path in parents for page_path in self.settings.get("PAGE_PATHS", []))


def link_target(url: str, source_path: str, content: str) -> str | None:
    """The path, relative to the content folder ``content``, of the file
    that a ``{filename}``, ``{static}`` or ``{attach}`` link of the file at
    ``source_path`` names, as Pelican finds it (relative to the file's
    folder, or to the content folder after a ``/``); None when that lies
    outside the content folder, by its path or by a symbolic link."""
    from urllib.parse import unquote, urlparse

    rest = url[url.index("}") + 1:]
    path = unquote(urlparse(rest).path)
    content = os.path.abspath(content)
    if path.startswith("/"):
        relative = os.path.normpath(path.lstrip("/"))
    else:
        folder = os.path.relpath(os.path.dirname(os.path.abspath(source_path)), content)
        relative = os.path.normpath(os.path.join(folder, path))
    if relative == ".." or relative.startswith(("../", "/")) or "\0" in relative:
        return None
    root = os.path.realpath(content)
    real = os.path.realpath(os.path.join(content, relative))
    if real != root and not real.startswith(root + os.sep):
        return None
    return relative


def _datetime(date: dt.date) -> SafeDatetime:
    return SafeDatetime(date.year, date.month, date.day)
