"""The cold build's pre-pass: annotate every cache miss in parallel before
Pelican's readers, which read one file at a time, ask for them."""

from __future__ import annotations

import os
from pathlib import Path

from briefings.batch import annotate_missing
from briefings.cache import AnnotationCache
from briefings.errors import BriefingError
from briefings_site.readers import MARKDOWN_EXTENSIONS, RAW_EXTENSIONS, forget_ingested, ingest_ahead


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
    articles, sources = [], []
    extensions = RAW_EXTENSIONS + MARKDOWN_EXTENSIONS
    for relative in generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"],
                                        extensions=extensions):
        path = os.path.join(generator.path, relative)
        try:
            data = Path(path).read_bytes()
            if cache.source_done(data):
                continue
            article = ingest_ahead(path, data)
        except (OSError, BriefingError):
            continue  # its reader reports it
        if article is not None:
            articles.append(article)
            sources.append(data)
    annotate_missing(articles, cache, settings["BRIEFINGS_PROCESSES"])
    cache.mark_sources_done(sources)
