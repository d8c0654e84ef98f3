"""Each build's pre-pass: hand every cache miss to annotation workers before
Pelican's readers (which read one file at a time) ask for them.

The workers annotate while Pelican reads every other source from its cache:
the sources they annotate are read last, and their readers first wait for
the workers and store what they made. The readers also take the sources as
the pre-pass ingested them, instead of ingesting them again. A
:class:`Prepass` is what the readers are given for that (their ``Ahead``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable

from briefings.batch import Annotating, Workers, early_worker, missing_articles, workers_for
from briefings.cache import AnnotationCache, article_key
from briefings.errors import BriefingError
from briefings.files import read_regular
from briefings.model import Article
from briefings.related import import_numerics
from briefings_site.incremental import compat
from briefings_site.readers import MARKDOWN_EXTENSIONS, RAW_EXTENSIONS, ingest


class Prepass:
    """The pre-pass of one build, and what it made for the readers."""

    def __init__(self, settings):
        self.settings = settings
        #: Sources ingested ahead, by path and bytes, each waiting for its reader.
        self._ingested: dict[tuple[str, str], object] = {}
        #: The sources (absolute paths) whose annotations were handed to
        #: workers, and what was handed; then, should the workers fail, the
        #: sources and the failure.
        self._awaited: tuple[set[str], _Handed] | None = None
        self._failure: tuple[set[str], Exception] | None = None
        #: A worker started as the build began (see :meth:`start`).
        self._early: Workers | None = None

    # --- the build's steps ----------------------------------------------------

    def start(self) -> None:
        """At the start of the build, before Pelican reads its cache, start a
        worker loading the model (see :func:`~briefings.batch.early_worker`),
        for the pre-pass to give the few articles that changed, if any."""
        self._early = early_worker(self.settings["BRIEFINGS_PROCESSES"])

    def run(self, generator) -> None:
        """Get the annotation cache ready for the readers, on all cores.

        Sources whose exact bytes were annotated before are not even read;
        the rest are ingested (once: their readers take what was ingested
        here) and their cache misses handed to workers, so the readers only
        ever hit the cache. A bad file is left for its reader to report.
        """
        early, self._early = self._early, None
        with contextlib.ExitStack() as stack:
            if early is not None:
                stack.callback(early.pool.terminate)  # whatever happens before the workers take it over
            self._hand_over(generator, early, stack)  # takes the workers out of the stack if it hands them work

    def check(self) -> None:
        """At the end of reading: store what no reader asked for, and raise
        the workers' failure if they failed (Pelican would report a reader's
        failure and skip its file; this one must end the build)."""
        self._finish()
        failure, self._failure = self._failure, None
        self._ingested.clear()  # what no reader took: a file Pelican served from its cache
        if failure is not None:
            raise failure[1]

    def drop(self) -> None:
        """End whatever this pre-pass still runs (a build that failed)."""
        self._failure = None
        self._ingested.clear()
        if self._early is not None:
            self._early.pool.terminate()
            self._early = None
        if self._awaited is not None:
            _, handed = self._awaited
            self._awaited = None
            handed.drop()

    # --- what the readers are given (readers.Ahead) ---------------------------

    def ready(self, path: str) -> bool:
        """Before the source at ``path`` is read: wait for the workers if
        they annotate it; False if they failed on it."""
        if self._awaited is not None and path in self._awaited[0]:
            self._finish()
        return self._failure is None or path not in self._failure[0]

    def take(self, path: str, data: bytes):
        """The source at ``path`` as ingested ahead from exactly ``data``."""
        return self._ingested.pop(_ingest_key(path, data), None)

    def ingest_ahead(self, path: str, data: bytes) -> Article | None:
        """Ingest a source; return the article to annotate (None for a
        briefing without text). Its reader takes what was ingested here, if
        it reads the same bytes; so warnings (a missing date) come once."""
        parsed = ingest(path, data)
        self._ingested[_ingest_key(path, data)] = parsed
        article = parsed if isinstance(parsed, Article) else parsed.article
        return article if article.text else None

    # --- inside --------------------------------------------------------------

    def _finish(self) -> None:
        """Store what was handed to the workers, if anything is left; keep
        their failure for :meth:`check`."""
        if self._awaited is not None:
            paths, handed = self._awaited
            self._awaited = None
            try:
                handed.finish()
            except Exception as error:
                self._failure = paths, error

    def _hand_over(self, generator, early: Workers | None, stack: contextlib.ExitStack) -> None:
        settings = generator.settings
        cache = AnnotationCache(settings["BRIEFINGS_CACHE_PATH"])
        self._ingested.clear()
        changed = []
        for relative in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"],
                                            extensions=RAW_EXTENSIONS + MARKDOWN_EXTENSIONS):
            path = os.path.abspath(os.path.join(generator.path, relative))
            try:
                data = read_regular(path)
            except OSError:
                continue  # its reader reports it
            if not cache.source_done(data):
                changed.append((path, data))
        # Workers load the model while the changed sources are ingested.
        workers = stack.enter_context(workers_for(len(changed), settings["BRIEFINGS_PROCESSES"], early))
        articles = {}
        for path, data in changed:
            try:
                article = self.ingest_ahead(path, data)
            except BriefingError:
                continue  # its reader reports it (and will on every build)
            if article is not None:
                articles[path] = article
        missing = missing_articles(list(articles.values()), cache)
        annotating = Annotating(missing, cache, workers)

        # Bad files and briefings without text too: there is nothing in them
        # to annotate, and counted as changed they would start workers every
        # build.
        def done() -> None:
            cache.mark_sources_done([data for _, data in changed])

        if workers is None or not annotating.missing:  # nothing handed over: annotated here, now
            annotating.finish()
            done()
            return
        # Every source of a missing article (two may have the same: a raw
        # article and its imported briefing), though each is annotated once.
        keys = {article_key(article) for article in missing}
        awaited = {path for path, article in articles.items() if article_key(article) in keys}
        self._awaited = awaited, _Handed(annotating, done, stack.pop_all())
        # Pelican reads them last (it reads every other source while their
        # annotation is made); should it fail before, the workers end at once.
        compat.read_last(generator, lambda name: os.path.abspath(os.path.join(generator.path, name)) in awaited)
        compat.on_failure_while_reading(generator, self.drop)


class _Handed:
    """What the pre-pass handed to workers: the readers :meth:`finish` it."""

    def __init__(self, annotating: Annotating, done: Callable[[], None], workers: contextlib.ExitStack):
        self._annotating = annotating
        self._done = done
        self._workers = workers

    def finish(self) -> None:
        """Wait for the workers and store their annotations, then end them."""
        with self._workers:
            import_numerics()  # while the workers finish: Read more will be computed again
            self._annotating.finish()
            self._done()

    def drop(self) -> None:
        self._workers.close()


def _ingest_key(path: str, data: bytes) -> tuple[str, str]:
    return os.path.abspath(path), hashlib.sha256(data).hexdigest()
