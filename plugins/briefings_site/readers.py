"""Pelican readers: raw ``.txt`` articles and Markdown briefings.

Both produce the same thing: the article's HTML as the content, and the
annotated :class:`~briefings.model.Briefing` in the ``briefing`` metadata,
which the theme renders as key players, quotes and timeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from briefings.cache import AnnotationCache
from briefings.errors import BriefingError, annotator_failure
from briefings.files import kind_of, read_regular
from briefings.ingest.header import header_line
from briefings.model import Article, Briefing
from briefings.slugs import slugify

if TYPE_CHECKING:
    from briefings.briefing_markdown import MarkdownBriefing

log = logging.getLogger(__name__)

#: Pelican needs a date to order articles; an undated briefing is shown as
#: "undated" and sorted last, and its relative dates stay unresolved.
UNDATED = SafeDatetime(1970, 1, 1)


class _BriefingReader(BaseReader):
    enabled = True
    #: None of its own: Pelican registers every direct subclass of
    #: BaseReader under its extensions, and BaseReader's own ("static", for
    #: the files that ``{static}`` links name) would make this reader, and
    #: not Pelican's, read them.
    file_extensions: list[str] = []

    def __init__(self, settings):
        super().__init__(settings)
        self.cache = AnnotationCache(settings.get("BRIEFINGS_CACHE_PATH"))

    def read(self, source_path):
        """Read a file; bad input is reported on one line naming the file (and
        line) and the file is skipped, so the rest of the site builds."""
        path = os.path.abspath(source_path)
        if _awaited is not None and path in _awaited[0]:
            finish_annotations()
        if _failure is not None and path in _failure[0]:
            return "", {"status": "skip"}  # the workers failed on it, which ends the build (check_annotations)
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
        }
        if briefing.tags:
            metadata["tags"] = self.process_metadata("tags", ", ".join(briefing.tags))
        if briefing.authors:
            metadata["authors"] = self.process_metadata("authors", ", ".join(briefing.authors))
        if briefing.source:
            metadata["source"] = briefing.source
        return metadata


RAW_EXTENSIONS = ("txt",)
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


#: Sources the pre-pass of this build has ingested, by path and bytes, each
#: waiting for its reader (see :func:`ingest_ahead`).
_ingested: dict[tuple[str, str], Article | MarkdownBriefing] = {}


def ingest_ahead(path: str, data: bytes) -> Article | None:
    """Ingest a source for the pre-pass; return the article to annotate (None
    for a briefing without text).

    Its reader takes what was ingested here instead of ingesting the file
    again (decoding, repair and header parsing are the costly part of
    reading), provided it reads exactly the same bytes; so warnings (a
    missing date) come from here, once.
    """
    parsed = _ingest(path, data)
    _ingested[_ingest_key(path, data)] = parsed
    article = parsed if isinstance(parsed, Article) else parsed.article
    return article if article.text else None


class _Awaited(Protocol):
    def finish(self) -> None: ...

    def drop(self) -> None: ...


#: Annotations the pre-pass handed to workers, and the sources (by absolute
#: path) whose readers need them (see :func:`await_annotations`).
_awaited: tuple[set[str], _Awaited] | None = None
#: The sources of the annotations the workers failed to make, and why.
_failure: tuple[set[str], Exception] | None = None


def await_annotations(paths: set[str], handed: _Awaited) -> None:
    """The pre-pass handed the annotation of the sources at ``paths`` to
    workers: the first of their readers calls ``handed.finish()``, which
    stores them, before it looks for its own (or, if none reads, the end of
    reading calls it)."""
    global _awaited
    drop_annotations()
    _awaited = paths, handed


def finish_annotations() -> None:
    """Store what the pre-pass handed to workers, if anything is left.

    Should the workers fail (a model that cannot be loaded), the failure is
    kept for :func:`check_annotations` to raise: Pelican would report a
    reader's failure and skip its file, and this one must end the build.
    """
    global _awaited, _failure
    if _awaited is not None:
        paths, handed = _awaited
        _awaited = None
        try:
            handed.finish()
        except Exception as error:
            _failure = paths, error


def check_annotations() -> None:
    """At the end of reading: store what no reader asked for, and raise the
    workers' failure if they failed."""
    global _failure
    finish_annotations()
    failure, _failure = _failure, None
    if failure is not None:
        raise failure[1]


def drop_annotations() -> None:
    """Drop what a build that failed half-way handed to workers."""
    global _awaited, _failure
    _failure = None
    if _awaited is not None:
        _, handed = _awaited
        _awaited = None
        handed.drop()


def forget_ingested() -> None:
    """Drop what an earlier build ingested ahead and no reader took (a file
    Pelican served from its own cache)."""
    _ingested.clear()


def _ingest_key(path: str, data: bytes) -> tuple[str, str]:
    return os.path.abspath(path), hashlib.sha256(data).hexdigest()


def _ingest(path: str, data: bytes) -> Article | MarkdownBriefing:
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


def _read_source(path: str) -> Article | MarkdownBriefing:
    """The file at ``path`` ingested: taken from the pre-pass when it ingested
    these very bytes, else ingested now."""
    data = read_regular(path)
    parsed = _ingested.pop(_ingest_key(path, data), None)
    return parsed if parsed is not None else _ingest(path, data)


class RawArticleReader(_BriefingReader):
    """A raw news article: repaired, cleaned and annotated."""

    file_extensions = list(RAW_EXTENSIONS)

    def read_briefing(self, source_path):
        briefing = self._annotate(_read_source(source_path), source_path)
        content = "\n".join(f"<p>{html.escape(p)}</p>" for p in briefing.text.split("\n\n"))
        return content, self._metadata(briefing, None, source_path)


class MarkdownBriefingReader(_BriefingReader):
    """A Markdown briefing, imported or written by hand (markdown-it-py).

    Files under the page paths are plain pages: rendered, not annotated.
    """

    file_extensions = list(MARKDOWN_EXTENSIONS)

    def read_briefing(self, source_path):
        from briefings.briefing_markdown import imported_from, to_briefing  # imported when read, as in _ingest

        parsed = _read_source(source_path)
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
