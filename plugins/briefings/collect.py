"""Gathering the briefings of a site's sources, as the site build reads them,
without Pelican: for the command line (``briefings timeline``), and for any
tool that needs a folder's briefings.

::

    from briefings.collect import collect

    collection = collect(["content"])          # the default cache file
    for error in collection.errors:            # one line each, naming the file
        print(error)
    for slug, briefing in collection.briefings:
        ...

Step by step (each usable alone):

1. :func:`find_sources`: the raw articles (``.txt``) and Markdown briefings
   (``.md``…) under the paths, in the order of their paths. A folder is
   walked as the build walks the content folder: only regular files are
   sources; a symbolic link is followed only where it leads inside the
   folder walked, and a folder once (a loop is not followed again); a named
   pipe, a device, a link to nothing or out of the folder is reported and
   left out, never opened. The page folders (``pages/`` at the top of the
   folder) hold plain pages, not briefings: they are not read.
2. :func:`read_source`: a file's bytes decoded and ingested, a raw article
   into its cleaned :class:`~briefings.model.Article`, a Markdown file into
   its parsed briefing.
3. :func:`one_per_slug`: one source per briefing. An imported Markdown
   briefing replaces the raw article it was imported from (both have the
   same slug); any other two sources of one slug are an error naming both,
   and the Markdown one (or the first by path) is kept. Drafts are left out
   (they have no page among the briefings), and so are hidden briefings
   (built, but listed nowhere), unless asked for.
4. :func:`annotate_sources`: each article's annotations, from the annotation
   cache; the misses are annotated on every core when there are many of them
   (:mod:`briefings.batch`). A Markdown briefing is the author's sections
   merged with the annotators' (:func:`~briefings.briefing_markdown.to_briefing`).

Nothing is written but the annotation cache.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefings.errors import BriefingError, annotator_failure
from briefings.files import kind_of, read_regular
from briefings.model import Article, Briefing
from briefings.slugs import slugify

if TYPE_CHECKING:
    from briefings.briefing_markdown import MarkdownBriefing
    from briefings.cache import AnnotationCache

#: Raw articles and Markdown briefings, by the extensions the site reads.
RAW_EXTENSIONS = ("txt",)
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
#: Folders of plain pages, relative to the top of the content folder.
PAGE_PATHS = ("pages",)
#: File names left out, as Pelican's ``IGNORE_FILES`` (matched against a
#: file's or folder's own name, as the build matches them).
IGNORE_FILES = ("**/.*",)
#: The statuses whose briefings are listed on the site.
LISTED = ("published",)


@dataclass
class Source:
    """One source file, read: a raw article or a parsed Markdown briefing."""

    #: The file's path, as found under the path given (for messages).
    path: str
    #: The cleaned article (of a Markdown file: its article section).
    article: Article
    #: A Markdown file's parsed briefing; None for a raw article.
    markdown: MarkdownBriefing | None = None

    @property
    def slug(self) -> str:
        """The briefing's slug, as the site gives it (its address)."""
        chosen = self.markdown.slug if self.markdown is not None else None
        return slugify(chosen or self.article.slug or self.article.title)

    @property
    def status(self) -> str:
        """``published``, ``hidden`` or ``draft`` (a raw article is published)."""
        return (self.markdown.status if self.markdown is not None else None) or "published"

    @property
    def is_raw(self) -> bool:
        return self.markdown is None


@dataclass
class Collection:
    """What :func:`collect` found: (slug, briefing) pairs in the order of
    their files' paths, the path of each, and every problem met, one
    :class:`~briefings.errors.BriefingError` (naming its file) each."""

    briefings: list[tuple[str, Briefing]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    errors: list[BriefingError] = field(default_factory=list)


def collect(
    paths: Sequence[str | os.PathLike] = ("content",),
    *,
    cache: AnnotationCache | str | os.PathLike | None = None,
    processes: int | None = None,
    statuses: Iterable[str] = LISTED,
    page_paths: Sequence[str] = PAGE_PATHS,
    ignore: Sequence[str] = IGNORE_FILES,
) -> Collection:
    """The briefings of the sources under ``paths`` (folders or files).

    ``cache`` is the annotation cache or its file (default:
    ``.cache/annotations.sqlite``); ``processes`` how many annotate its
    misses at most (default: one per core); ``statuses`` the briefings kept
    (default: the published ones). Bad files are reported in ``errors``, and
    the rest is collected.
    """
    from briefings.cache import DEFAULT_PATH, AnnotationCache

    if not isinstance(cache, AnnotationCache):
        cache = AnnotationCache(DEFAULT_PATH if cache is None else cache)
    collection = Collection()
    files, collection.errors = find_sources(paths, page_paths=page_paths, ignore=ignore)
    sources = []
    for path in files:
        try:
            sources.append(read_source(path))
        except BriefingError as error:
            collection.errors.append(error)
    kept, clashes = one_per_slug(sources)
    collection.errors += clashes
    wanted = set(statuses)
    kept = [source for source in kept if source.status in wanted]
    for source, briefing in zip(kept, annotate_sources(kept, cache, processes, collection.errors)):
        if briefing is not None:
            collection.briefings.append((source.slug, briefing))
            collection.paths.append(source.path)
    collection.errors.sort(key=lambda error: error.path or "")
    return collection


# -- 1. finding the sources ----------------------------------------------------------------------


def find_sources(
    paths: Sequence[str | os.PathLike],
    *,
    page_paths: Sequence[str] = PAGE_PATHS,
    ignore: Sequence[str] = IGNORE_FILES,
) -> tuple[list[str], list[BriefingError]]:
    """The source files under ``paths`` (each found once, in the order of
    their paths), and a :class:`BriefingError` for each file left out that
    a build would report. A file named in ``paths`` is read as named (it
    must be a regular file of a source's extension); a folder is walked as
    the content folder (see the module's notes)."""
    found: dict[str, str] = {}
    errors: list[BriefingError] = []
    for given in paths:
        path = os.fspath(given)
        if os.path.isdir(path):
            walk = _Walk(path, page_paths, ignore, errors)
            walk.folder(path)
            for file in walk.files:
                found.setdefault(os.path.abspath(file), file)
        elif not os.path.lexists(path):
            errors.append(BriefingError(path, "no such file or folder"))
        elif not _is_source(path):
            errors.append(BriefingError(path, "is not a raw article (.txt) or a Markdown briefing (.md): not read"))
        elif (problem := _not_a_file(path)) is not None:
            errors.append(BriefingError(path, problem))
        else:
            found.setdefault(os.path.abspath(path), path)
    return [found[key] for key in sorted(found)], errors


def _is_source(name: str) -> bool:
    return os.path.splitext(name)[1][1:] in RAW_EXTENSIONS + MARKDOWN_EXTENSIONS


def _not_a_file(path: str) -> str | None:
    """Why the file at ``path`` is not read (None: it is a regular file, or
    a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "is a link to nothing: not read" if os.path.islink(path) else "cannot be read"
    kind = kind_of(mode)
    return None if kind is None else f"is {kind}, not a file: not read"


class _Walk:
    """A folder walked as the site's build walks its content folder."""

    def __init__(self, top: str, page_paths: Sequence[str], ignore: Sequence[str], errors: list[BriefingError]):
        self.root = os.path.realpath(top)
        self.pages = {os.path.realpath(os.path.join(top, page)) for page in page_paths}
        self.ignore = tuple(ignore)
        self.errors = errors
        self.files: list[str] = []
        self.walked: set[tuple[int, int]] = set()

    def inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self.root or real.startswith(self.root + os.sep)

    def ignored(self, name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.ignore)

    def folder(self, top: str) -> None:
        pending = [top]
        while pending:
            folder = pending.pop()
            try:
                status = os.stat(folder)
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError as error:
                self.errors.append(BriefingError(folder, f"cannot be read ({error.strerror or error})"))
                continue
            if (status.st_dev, status.st_ino) in self.walked:
                continue  # a link back to a folder walked already: a loop
            self.walked.add((status.st_dev, status.st_ino))
            for entry in entries:
                path = os.path.join(folder, entry.name)
                is_folder = _is_folder(entry)
                if is_folder and (self.ignored(entry.name) or os.path.realpath(path) in self.pages):
                    continue
                if entry.is_symlink() and not self.inside(path):
                    if is_folder or self.wanted(entry.name):
                        self.errors.append(BriefingError(
                            path, f"is a link to {os.path.realpath(path)}, outside the content folder: not read"))
                    continue
                if is_folder:
                    pending.append(path)
                elif self.wanted(entry.name):
                    if (problem := _not_a_file(path)) is not None:
                        self.errors.append(BriefingError(path, problem))
                    else:
                        self.files.append(path)

    def wanted(self, name: str) -> bool:
        return not self.ignored(name) and _is_source(name)


def _is_folder(entry: os.DirEntry) -> bool:
    """Whether ``entry`` is a folder, or a link to one."""
    try:
        return stat.S_ISDIR(entry.stat(follow_symlinks=True).st_mode)
    except OSError:
        return False


# -- 2. reading them -----------------------------------------------------------------------------


def read_source(path: str | os.PathLike) -> Source:
    """The source file at ``path``, read (a regular file only) and ingested;
    bad input raises a :class:`BriefingError` naming the file (and line)."""
    from briefings.ingest.decode import decode

    path = os.fspath(path)
    try:
        data = read_regular(path)
    except OSError as error:
        raise BriefingError(path, f"cannot read the file: {error.strerror or error}") from None
    return parse_source(path, decode(data, path))


def parse_source(path: str, text: str) -> Source:
    """A source file's decoded ``text`` ingested (the kind of file by the
    extension of ``path``)."""
    if path.endswith(tuple(f".{extension}" for extension in RAW_EXTENSIONS)):
        from briefings.ingest import parse_article

        return Source(path, parse_article(text, path))
    from briefings.briefing_markdown import parse_markdown

    parsed = parse_markdown(text, path)
    if not parsed.article.text:
        raise BriefingError(path, "the briefing has no article text: write it under '## Article'")
    return Source(path, parsed.article, parsed)


# -- 3. one source per briefing ------------------------------------------------------------------


def one_per_slug(sources: Sequence[Source]) -> tuple[list[Source], list[BriefingError]]:
    """The sources that make a briefing (in the order given), and an error
    for each other one of the same slug (as the build reports it).

    Drafts each have a page of their own; published and hidden briefings
    share one address per slug and date (the site's news-style addresses,
    ``2021/12/29/slug/``: one headline on two days is two briefings). Of
    two sources of one address, the Markdown one, or else the first by
    path, keeps it; a raw article that a Markdown briefing was imported
    from is left out without a word, whatever the briefing's date.
    """
    kept: dict[int, Source] = {}
    by_slug: dict[tuple, Source] = {}
    errors: list[BriefingError] = []
    imported = {_origin(source) for source in sources if not source.is_raw}
    for number, source in sorted(enumerate(sources), key=lambda item: (item[1].is_raw, item[1].path)):
        if source.is_raw and os.path.abspath(source.path) in imported:
            continue
        draft = source.status == "draft"
        page = (draft, source.slug, None if draft else source.article.date)
        other = by_slug.get(page)
        if other is None:
            by_slug[page] = source
            kept[number] = source
        elif source.is_raw and _imported_from(other, source):
            continue
        elif source.is_raw and not other.is_raw:
            origin = _origin(other)
            why = (f"imported from {origin}" if origin else "written by hand" if other.markdown.generated is None
                   else "another briefing")
            errors.append(BriefingError(source.path, f"its slug {source.slug!r} is that of {other.path} ({why}), "
                                                     "which keeps it; give this article a 'Slug:' header of its own"))
        else:
            errors.append(BriefingError(source.path, f"the slug {source.slug!r} is already used by {other.path}; "
                                                     "give this one a 'Slug:' of its own"))
    return [kept[number] for number in sorted(kept)], errors


def _origin(markdown: Source) -> str | None:
    from briefings.briefing_markdown import imported_from

    return imported_from(markdown.markdown.generated, markdown.path)


def _imported_from(markdown: Source, raw: Source) -> bool:
    """Whether the Markdown briefing was imported from the raw article: as its
    ``Generated`` line records, or (imported before that line recorded it)
    not written by hand."""
    if markdown.is_raw:
        return False
    origin = _origin(markdown)
    if origin is not None:
        return origin == os.path.abspath(raw.path)
    return markdown.markdown.generated is not None


# -- 4. annotating them --------------------------------------------------------------------------


def annotate_sources(
    sources: Sequence[Source],
    cache: AnnotationCache,
    processes: int | None = None,
    errors: list[BriefingError] | None = None,
) -> list[Briefing | None]:
    """Each source's briefing (None for one the annotators failed on, with
    its error added to ``errors``): from ``cache``, its misses annotated
    first, on every core when there are many."""
    from briefings.batch import annotate_missing

    annotate_missing([source.article for source in sources], cache, processes)
    briefings: list[Briefing | None] = []
    for source in sources:
        try:
            briefings.append(_briefing(source, cache))
        except BriefingError as error:
            if errors is not None:
                errors.append(error)
            briefings.append(None)
    return briefings


def _briefing(source: Source, cache: AnnotationCache) -> Briefing:
    """The source's briefing: the annotators' (from the cache; annotated
    here if the workers failed on it, to report why), merged with a
    Markdown briefing's own sections."""
    from briefings.ingest.header import header_line

    try:
        machine = cache.annotate(source.article)
    except BriefingError:
        raise
    except Exception as error:
        line = header_line(source.path, "date") if source.article.date else None
        raise annotator_failure(source.path, error, source.article.date, line) from error
    if source.markdown is None:
        return machine
    from briefings.briefing_markdown import to_briefing

    return to_briefing(source.markdown, machine)


__all__ = [
    "IGNORE_FILES", "LISTED", "MARKDOWN_EXTENSIONS", "PAGE_PATHS", "RAW_EXTENSIONS", "Collection", "Source",
    "annotate_sources", "collect", "find_sources", "one_per_slug", "parse_source", "read_source",
]
