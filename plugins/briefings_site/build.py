"""One build of the site: the object whose methods are the plugin's signal
receivers, and which holds everything the build knows.

Pelican sends ``initialized`` when it is made; the plugin then makes a
:class:`Build`, which connects its receivers. A Pelican object that runs
again (``pelican --autoreload`` with the same settings) gets a fresh Build
at the start of each run, and the last one's receivers are disconnected.
The Pelican object holds its build, and blinker holds the receivers weakly:
a build goes with its Pelican.

Which receiver runs at which signal, and why, is in ARCHITECTURE.md. The
incremental engine (incremental/) is called at fixed points, and only when
it runs (``BRIEFINGS_INCREMENTAL``, and a Pelican it was tested with).
"""

from __future__ import annotations

import functools
import logging
from functools import partial

from blinker import ANY
from pelican import signals

from briefings.pictures import responsive, style_sheet, timeline_strip, timeline_strip_summary
from briefings.related import related_briefings
from briefings.timevalues import describe
from briefings.topic_timeline import split_sentences
from briefings_site import contents, folders, incremental, search, settings, sources
from briefings_site.content_cache import ContentCache
from briefings_site.pages import BriefingPagesGenerator, also_called, player_links
from briefings_site.readers import MarkdownBriefingReader, RawArticleReader
from briefings_site.timelines import TopicTimelinesGenerator
from briefings_site.writing import CheckedWriter

log = logging.getLogger(__name__)

#: The functions the theme's templates call (pictures, standfirsts), by the
#: name they call them. The templates test each with ``is defined``.
THEME_FUNCTIONS = (("responsive", responsive), ("timeline_strip", timeline_strip), ("picture_style", style_sheet),
                   ("timeline_strip_summary", timeline_strip_summary), ("split_sentences", split_sentences))


def _of_this_build(receiver):
    """A receiver that acts for this build's own run only: another Pelican
    of this process (another site, or a build that stopped half-way and is
    still referenced) sends the same signals. Its sender (a generator, the
    readers, the generators) has the run's settings."""
    @functools.wraps(receiver)
    def checked(self, sender, *args, **kwargs):
        first = sender[0] if isinstance(sender, list) and sender else sender
        if getattr(first, "settings", None) is not self.settings:
            return None
        return receiver(self, sender, *args, **kwargs)
    return checked


class Build:
    """One run of Pelican with the plugin (see above)."""

    #: A build that logged an error removes no page of the last build (the
    #: page of a briefing being fixed stays up): ``briefings serve`` sets it
    #: on the build of each of its Pelicans; with the engine only.
    keep_pages_on_error = False

    @classmethod
    def begin(cls, pelican) -> None:
        """Receiver of ``initialized``: check and complete the settings,
        check the output folder (before Pelican may empty it), and make the
        first build of this Pelican."""
        settings.complete(pelican.settings)
        folders.check_output(pelican.settings)
        cls(pelican)

    def __init__(self, pelican):
        self.settings = pelican.settings
        self.engine = self._engine()
        self.content_cache = ContentCache(self.settings, engine_reads=self.engine is not None)
        self.started = False
        #: While it runs: its hold on its folders, the site-wide pages'
        #: generator, and the writer.
        self.hold: folders.Hold | None = None
        self.pages: BriefingPagesGenerator | None = None
        self.writer = None
        pelican.briefings_build = self
        for signal, receiver, sender in self._receivers(pelican):
            signal.connect(receiver, sender=sender)  # weakly: the build goes with its Pelican

    def _receivers(self, pelican):
        """(signal, receiver, sender) of each signal the build listens to:
        the run's own signals by its Pelican, the others by any sender
        (each receiver checks it is of this run)."""
        any_sender = ANY
        return [
            (signals.get_generators, self.start, pelican),
            (signals.readers_init, self.readers_made, any_sender),
            (signals.generator_init, self.generator_made, any_sender),
            (signals.article_generator_init, self.articles_generator_made, any_sender),
            (signals.article_generator_pretaxonomy, self.articles_read, any_sender),
            (signals.article_generator_finalized, self.articles_done, any_sender),
            (signals.page_generator_finalized, self.pages_read, any_sender),
            (signals.all_generators_finalized, self.all_read, any_sender),
            (signals.get_writer, self.choose_writer, pelican),
            (signals.article_writer_finalized, self.briefings_written, any_sender),
            (signals.finalized, self.finish, pelican),
        ]

    def _engine(self):
        if not self.settings["BRIEFINGS_INCREMENTAL"]:
            return None
        reason = incremental.unsupported()
        if reason is not None:
            log.warning("%s", reason)
            return None
        return incremental.Engine(self.settings)

    # --- the receivers, in the order of a run ---------------------------------

    def start(self, pelican):
        """``get_generators``, the first signal of each run: lock the
        folders, start the engine; add the site-wide pages' generator. A
        second run of this Pelican is a new build."""
        if self.started:
            self.abandon()
            return Build(pelican).start(pelican)
        self.started = True
        self.hold = folders.Hold(self.settings)  # first: waits for another build in the same folders
        self.content_cache.ignore_if_stale()
        if self.engine is not None:
            self.engine.start()
            # in this order: the second reads the first's players
            return BriefingPagesGenerator.with_engine(self.engine), TopicTimelinesGenerator.with_engine(self.engine)
        return BriefingPagesGenerator, TopicTimelinesGenerator

    @_of_this_build
    def readers_made(self, readers) -> None:
        """``readers_init``: the site's sources are raw articles and Markdown
        briefings, read by this plugin's readers alone: Pelican's others
        (HTML, reStructuredText) would put an author's raw HTML, scripts
        included, into the site, and take output paths from its metadata.
        Only Pelican's reader of static files (for ``{static}`` links) is
        kept."""
        for extension in list(readers.reader_classes):
            if extension != "static":
                del readers.reader_classes[extension]
        ahead = self.engine.prepass if self.engine is not None else None
        for reader in (RawArticleReader, MarkdownBriefingReader):
            for extension in reader.file_extensions:
                readers.reader_classes[extension] = partial(reader, ahead=ahead)
        if self.engine is not None:
            self.engine.readers_made(readers)

    @_of_this_build
    def generator_made(self, generator) -> None:
        """``generator_init``: each generator finds its files safely (see
        sources.py), and has the theme's filters and functions (a site's
        own ``JINJA_GLOBALS`` of the same name win)."""
        sources.use(generator)
        generator.env.filters["when"] = describe
        generator.env.filters["news_article_json_ld"] = contents.news_article_json_ld
        generator.env.filters["player_links"] = player_links
        generator.env.filters["also_called"] = also_called
        if self.settings["BRIEFINGS_THEME_FUNCTIONS"]:
            for name, function in THEME_FUNCTIONS:
                generator.env.globals.setdefault(name, function)
        if self.engine is not None:
            self.engine.generator_made(generator)

    @_of_this_build
    def articles_generator_made(self, generator) -> None:
        """``article_generator_init``: the engine's pre-pass, before Pelican
        reads a single article."""
        if self.engine is not None:
            self.engine.articles_generator_made(generator)

    @_of_this_build
    def articles_read(self, generator) -> None:
        """``article_generator_pretaxonomy``: every article is read, and none
        is listed yet: one briefing per page, in a set order."""
        if self.engine is not None:
            self.engine.articles_read()
        contents.drop_superseded_raw_articles(generator)
        contents.order_same_day_by_path(generator)
        if self.engine is not None:
            self.engine.keep()

    @_of_this_build
    def articles_done(self, generator) -> None:
        """``article_generator_finalized``: Read more, and no author pages
        that are not written."""
        related = self.engine.related if self.engine is not None else related_briefings
        contents.add_read_more(generator, related)
        contents.skip_unwritten_author_pages(generator)

    @_of_this_build
    def pages_read(self, generator) -> None:
        """``page_generator_finalized``: one plain page per address."""
        contents.drop_colliding_pages(generator)

    @_of_this_build
    def all_read(self, generators) -> None:
        """``all_generators_finalized``: every source is read (a briefing may
        link to a page): check the links of every text."""
        self.content_cache.restore()
        self.pages = next((g for g in generators if isinstance(g, BriefingPagesGenerator)), None)
        contents.check_content_links(generators)
        if self.engine is not None:
            self.engine.keep()

    def choose_writer(self, pelican):
        """``get_writer``: the engine's writer, or Pelican's with the last
        check of every page."""
        return self.engine.writer_class if self.engine is not None else CheckedWriter

    @_of_this_build
    def briefings_written(self, generator, writer) -> None:
        """``article_writer_finalized``: the briefings' pages are written;
        the engine indexes the changed search shards in the background."""
        self.writer = writer
        if not isinstance(writer, CheckedWriter):
            log.warning("another plugin's writer (%s) writes the site: its pages are not checked as they are "
                        "written", type(writer).__name__)
        if self.engine is not None:
            self.engine.briefings_written(writer, self._shard_count())

    def finish(self, pelican) -> None:
        """``finalized``: complete the search index, record how the build
        ended, free the folders."""
        if self.engine is not None:
            keep = self.keep_pages_on_error and self.hold.errors.count > 0
            self.engine.finish(self.writer, pelican.output_path, self._shard_count(), keep_stale=keep)
        elif self.settings["BRIEFINGS_SEARCH"]:
            search.index_site(pelican.output_path, self.settings, self._shard_count())
        self.content_cache.record()
        self.hold.end()
        self.pages = self.writer = None  # what the build held is not kept until the next one
        if self.engine is not None:
            self.engine.keep()

    # --- the end of a build that did not finish ----------------------------------

    def abandon(self) -> None:
        """Let go of this build (one that stopped half-way, or ended): free
        its folders and workers, and disconnect its receivers."""
        self.content_cache.restore()
        if self.engine is not None:
            self.engine.abandon()
        if self.hold is not None:
            self.hold.abandon()
        self.pages = self.writer = None
        for signal, receiver, _ in self._receivers(None):
            signal.disconnect(receiver)

    def _shard_count(self) -> int:
        if self.pages is not None:
            return self.pages.shard_count
        return search.shard_count(0, self.settings["BRIEFINGS_SEARCH_SHARD_PAGES"])
