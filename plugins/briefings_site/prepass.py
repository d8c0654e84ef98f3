"""The cold build's pre-pass: annotate every cache miss in parallel before
Pelican's readers, which read one file at a time, ask for them."""

from __future__ import annotations

import os
from pathlib import Path

from briefings.batch import Workers, annotate_missing, early_worker, workers_for
from briefings.cache import AnnotationCache
from briefings.errors import BriefingError
from briefings.related import import_numerics
from briefings_site.readers import MARKDOWN_EXTENSIONS, RAW_EXTENSIONS, forget_ingested, ingest_ahead


#: The worker each build started early (see :func:`start_loading_model`), by
#: the id of the build's settings.
_EARLY: dict[int, Workers] = {}


def start_loading_model(pelican) -> None:
    """Before Pelican reads its cache (at the start of each build), start a
    worker loading the model (see :func:`~briefings.batch.early_worker`),
    for the pre-pass to give the few articles that changed, if any."""
    settings = pelican.settings
    stale = _EARLY.pop(id(settings), None)  # from a build that failed before its pre-pass
    if stale is not None:
        stale.pool.terminate()
    early = early_worker(settings["BRIEFINGS_PROCESSES"])
    if early is not None:
        _EARLY[id(settings)] = early


def annotate_in_parallel(generator) -> None:
    """Warm the annotation cache before the readers run, on all cores.

    Sources whose exact bytes were annotated before are not even read; the
    rest are ingested (once: their readers take what was ingested here) and
    their cache misses annotated in parallel, so the readers (one file at a
    time) only ever hit the cache. A bad file is left for its reader to
    report.
    """
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
    early = _EARLY.pop(id(settings), None)
    with workers_for(len(changed), settings["BRIEFINGS_PROCESSES"], early) as workers:
        articles = []
        for path, data in changed:
            try:
                article = ingest_ahead(path, data)
            except BriefingError:
                continue  # its reader reports it (and will on every build)
            if article is not None:
                articles.append(article)
        if workers is not None and articles:
            import_numerics()  # while the workers load the model: Read more will need them
        annotate_missing(articles, cache, settings["BRIEFINGS_PROCESSES"], workers)
    # Bad files and briefings without text too: there is nothing in them to
    # annotate, and counted as changed they would start workers every build.
    cache.mark_sources_done([data for _, data in changed])
