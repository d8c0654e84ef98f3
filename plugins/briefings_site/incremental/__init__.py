"""The incremental engine: what makes a rebuild take the time of what
changed, not of the whole site. Behind this fence, and nowhere else:

- the pre-pass (prepass.py): every source not annotated yet is handed to
  workers on all cores before Pelican's readers ask for it, and each source
  is ingested once;
- the readers' cache in shards (reader_cache.py), of which a rebuild writes
  only those of the sources it read anew;
- the render keys and the changed-files writer (render_keys.py, writer.py):
  a page whose inputs are unchanged is not rendered, a file whose bytes are
  unchanged is not written, and the pages of deleted briefings are removed;
- the search index by shards (search_shards.py): only the shards whose
  pages changed are indexed again, in the background;
- Read more's word counts and the site index (site_index.py) kept between
  builds, and the templates kept compiled;
- the garbage collector kept off what the build holds (collector.py).

With ``BRIEFINGS_INCREMENTAL = False``, or on a Pelican version the engine
was not tested with (compat.py), the build runs without it and makes the
same site. An :class:`Engine` serves one build; the build (build.py) calls
it at the points named in ARCHITECTURE.md.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache

from briefings.cache import code_version
from briefings.related import cached_related_briefings
from briefings_site.incremental import collector, compat
from briefings_site.incremental.prepass import Prepass
from briefings_site.incremental.reader_cache import ShardedCache
from briefings_site.incremental.search_shards import Indexing, index_stale_shards
from briefings_site.incremental.site_index import cached_site_index, with_references
from briefings_site.incremental.writer import ChangedFilesWriter
from briefings_site.search import indexed_pages, matches
from briefings_site.settings import cache_dir


def folder(settings) -> Path:
    """The engine's files between builds of this version of the code (a
    change of the code or the model starts afresh: briefings read or pages
    rendered by other code are not used)."""
    return Path(cache_dir(settings)) / code_version()


class Engine:
    """The incremental engine of one build."""

    def __init__(self, settings):
        self.settings = settings
        self.folder = folder(settings)
        self.prepass = Prepass(settings)
        self._reader_caches: dict[int, ShardedCache] = {}
        self._indexing: Indexing | None = None
        # The writer Pelican makes for this build, with the engine's folder.
        self.writer_class = type("ChangedFilesWriter", (ChangedFilesWriter,), {"folder": str(self.folder)})

    # --- the build's steps, in order ---------------------------------------------

    def start(self) -> None:
        """The start of the build, before Pelican reads its cache: collect
        what an earlier build of this process left, start a worker loading
        the model, then collect nothing while the cache is read."""
        collector.reclaim()
        self.prepass.start()  # a fork: of what this build holds only, and with the collector on
        collector.pause()

    def readers_made(self, readers) -> None:
        """Keep the readers' cache in shards."""
        self._reader_caches[id(readers)] = ShardedCache(readers, self.folder / "readers")

    def generator_made(self, generator) -> None:
        """Keep its templates compiled between builds (a rebuild that renders
        few pages would spend its time compiling them). Jinja keys compiled
        templates by their source alone: the options they were compiled with
        (and Jinja's version) name the folder."""
        options = json.dumps(self.settings.get("JINJA_ENVIRONMENT", {}), sort_keys=True, default=repr)
        digest = hashlib.sha256(f"{jinja2.__version__}\0{options}".encode()).hexdigest()[:16]
        templates = self.folder / "templates" / digest
        os.makedirs(templates, exist_ok=True)
        generator.env.bytecode_cache = FileSystemBytecodeCache(str(templates))

    def articles_generator_made(self, generator) -> None:
        """Read Pelican's cache of the articles' readers, then run the
        pre-pass."""
        cache = self._reader_caches.get(id(generator.readers))
        if cache is not None:
            cache.load()
        collector.cache_read()
        self.prepass.run(generator)

    def articles_read(self) -> None:
        """Every article is read: the pre-pass is done (or its failure ends
        the build)."""
        self.prepass.check()

    def keep(self) -> None:
        """Keep what the build made so far out of the collector's walks."""
        collector.keep()

    def related(self, briefings: list, count: int) -> list:
        """Read more, the words of unchanged texts counted last build."""
        return cached_related_briefings(briefings, count, self.folder / "read-more.json")

    def site_index(self, items: list, editor=None, slugs: list[str] | None = None):
        """Who is who across the site, kept from last build when no briefing,
        slug or line of the editor's file changed."""
        index = cached_site_index(self.folder, [briefing for _, briefing in items], slugs, editor)
        return with_references(index, [ref for ref, _ in items])

    def briefings_written(self, writer, count: int) -> None:
        """The briefings' pages are written: index the stale search shards
        now, in the background, unless a page of the last build is still to
        be removed (then at the end)."""
        if not self.settings["BRIEFINGS_SEARCH"] or not isinstance(writer, ChangedFilesWriter):
            return
        pattern = indexed_pages(self.settings)
        if not any(matches(name, pattern) for name in writer.not_yet_written()):
            self._indexing = index_stale_shards(writer.output_path, self.settings, count,
                                                self.folder / "search-shards")

    def finish(self, writer, output: str, count: int, keep_stale: bool = False) -> None:
        """The end of the build: remove the pages that are gone (unless
        ``keep_stale``), then complete the search index (in this order, so
        that a removed page leaves the index too)."""
        if isinstance(writer, ChangedFilesWriter):
            writer.finish(keep_stale)
        indexing, self._indexing = self._indexing, None
        if indexing is None and self.settings["BRIEFINGS_SEARCH"]:
            indexing = index_stale_shards(output, self.settings, count, self.folder / "search-shards")
        if indexing is not None:
            indexing.wait()

    def abandon(self) -> None:
        """After a build that stopped half-way: end its workers and wait for
        its indexing, so that the next build starts clean."""
        self.prepass.drop()
        indexing, self._indexing = self._indexing, None
        if indexing is not None:
            indexing.wait()


def unsupported() -> str | None:
    """Why the engine cannot run here (a Pelican it was not tested with)."""
    return compat.unsupported()
