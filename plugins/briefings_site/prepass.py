"""Each build's pre-pass: hand every cache miss to annotation workers before
Pelican's readers (which read one file at a time) ask for them.

The workers annotate while Pelican reads every other source from its cache:
the sources they annotate are read last, and their readers first wait for
the workers and store what they made (see :func:`readers.await_annotations
<briefings_site.readers.await_annotations>`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from briefings.batch import Annotating, Workers, early_worker, missing_articles, workers_for
from briefings.cache import AnnotationCache, article_key
from briefings.errors import BriefingError
from briefings.files import read_regular
from briefings.related import import_numerics
from briefings_site.readers import (
    MARKDOWN_EXTENSIONS,
    RAW_EXTENSIONS,
    await_annotations,
    drop_annotations,
    forget_ingested,
    ingest_ahead,
)

#: The worker the running build started early (see :func:`start_loading_model`):
#: a process runs one build at a time.
_early: Workers | None = None


def start_loading_model(pelican) -> None:
    """Before Pelican reads its cache (at the start of each build), start a
    worker loading the model (see :func:`~briefings.batch.early_worker`),
    for the pre-pass to give the few articles that changed, if any."""
    global _early
    drop_annotations()  # of a build that failed before its readers took them
    if _early is not None:  # of a build that failed before its pre-pass
        _early.pool.terminate()
    _early = early_worker(pelican.settings["BRIEFINGS_PROCESSES"])


def annotate_in_parallel(generator) -> None:
    """Get the annotation cache ready for the readers, on all cores.

    Sources whose exact bytes were annotated before are not even read; the
    rest are ingested (once: their readers take what was ingested here) and
    their cache misses handed to workers, so the readers only ever hit the
    cache. A bad file is left for its reader to report.
    """
    global _early
    early, _early = _early, None
    with contextlib.ExitStack() as stack:
        if early is not None:
            stack.callback(early.pool.terminate)  # whatever happens before the workers take it over
        _hand_over(generator, early, stack)  # takes the workers out of the stack if it hands them work


def _hand_over(generator, early: Workers | None, stack: contextlib.ExitStack) -> None:
    settings = generator.settings
    cache = AnnotationCache(settings["BRIEFINGS_CACHE_PATH"])
    forget_ingested()
    extensions = RAW_EXTENSIONS + MARKDOWN_EXTENSIONS
    changed = []
    for relative in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"],
                                        extensions=extensions):
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
            article = ingest_ahead(path, data)
        except BriefingError:
            continue  # its reader reports it (and will on every build)
        if article is not None:
            articles[path] = article
    missing = missing_articles(list(articles.values()), cache)
    annotating = Annotating(missing, cache, workers)

    # Bad files and briefings without text too: there is nothing in them to
    # annotate, and counted as changed they would start workers every build.
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
    await_annotations(awaited, _Handed(annotating, done, stack.pop_all()))
    _read_last(generator, awaited)
    _drop_on_failure(generator)


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


def _drop_on_failure(generator) -> None:
    """Should Pelican fail while it reads (before the readers took what was
    handed to the workers), end the workers at once, not when the next
    build starts (``pelican --autoreload``)."""
    generate_context = generator.generate_context

    def generate_context_or_drop():
        try:
            generate_context()
        except BaseException:
            drop_annotations()
            raise

    generator.generate_context = generate_context_or_drop


def _read_last(generator, paths: set[str]) -> None:
    """Have Pelican read the sources at ``paths`` last: it reads in no set
    order, and it reads every other source while their annotation is made."""
    get_files = generator.get_files

    def changed_last(*args, **kwargs):
        files = get_files(*args, **kwargs)
        return sorted(files, key=lambda name: os.path.abspath(os.path.join(generator.path, name)) in paths)

    generator.get_files = changed_last
