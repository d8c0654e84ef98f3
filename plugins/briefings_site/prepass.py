"""Each build's pre-pass: annotate every cache miss, in parallel, before
Pelican's readers (which read one file at a time) ask for them."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from briefings.batch import Workers, annotate_missing, early_worker, workers_for
from briefings.cache import AnnotationCache
from briefings.errors import BriefingError
from briefings.related import import_numerics
from briefings_site.readers import MARKDOWN_EXTENSIONS, RAW_EXTENSIONS, forget_ingested, ingest_ahead

#: The worker the running build started early (see :func:`start_loading_model`):
#: a process runs one build at a time.
_early: Workers | None = None


def start_loading_model(pelican) -> None:
    """Before Pelican reads its cache (at the start of each build), start a
    worker loading the model (see :func:`~briefings.batch.early_worker`),
    for the pre-pass to give the few articles that changed, if any."""
    global _early
    _end_early_worker()  # of a build that failed before its pre-pass
    _early = early_worker(pelican.settings["BRIEFINGS_PROCESSES"])


def _end_early_worker() -> None:
    global _early
    if _early is not None:
        _early.pool.terminate()
        _early = None


def annotate_in_parallel(generator) -> None:
    """Warm the annotation cache before the readers run, on all cores.

    Sources whose exact bytes were annotated before are not even read; the
    rest are ingested (once: their readers take what was ingested here) and
    their cache misses annotated in parallel, so the readers (one file at a
    time) only ever hit the cache. A bad file is left for its reader to
    report.
    """
    global _early
    early, _early = _early, None
    with contextlib.ExitStack() as stack:
        if early is not None:
            stack.callback(early.pool.terminate)  # whatever happens before the workers take it over
        _annotate_changed(generator, early)


def _annotate_changed(generator, early: Workers | None) -> None:
    settings = generator.settings
    cache = AnnotationCache(settings["BRIEFINGS_CACHE_PATH"])
    forget_ingested()
    extensions = RAW_EXTENSIONS + MARKDOWN_EXTENSIONS
    changed = []
    for relative in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"],
                                        extensions=extensions):
        path = os.path.join(generator.path, relative)
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue  # its reader reports it
        if not cache.source_done(data):
            changed.append((path, data))
    # Workers load the model while the changed sources are ingested.
    with workers_for(len(changed), settings["BRIEFINGS_PROCESSES"], early) as workers:
        articles = []
        for path, data in changed:
            try:
                article = ingest_ahead(path, data)
            except BriefingError:
                continue  # its reader reports it (and will on every build)
            if article is not None:
                articles.append(article)
        # Read more will be computed again: what it imports is imported
        # while this process waits for the workers.
        annotate_missing(articles, cache, settings["BRIEFINGS_PROCESSES"], workers, while_waiting=import_numerics)
    # Bad files and briefings without text too: there is nothing in them to
    # annotate, and counted as changed they would start workers every build.
    cache.mark_sources_done([data for _, data in changed])
