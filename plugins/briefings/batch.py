"""Annotating many articles at once: the cache misses, on every core.

Each worker process loads the spaCy model once and annotates whole articles
(parse and annotators), so the parent only stores results; peak memory is
one model per worker plus the annotations, never a pile of parses. A
handful of misses (one article edited) is annotated by one worker, started
before they are known (see :func:`early_worker`), or else in this process: a
pool would only add its start-up and a model load per worker.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import multiprocessing.pool
import os
import sys
from collections.abc import Iterator
from typing import NamedTuple

from briefings.cache import AnnotationCache, article_key
from briefings.model import Article, Briefing

#: Results are stored in batches of this many, so an interrupted cold build
#: keeps most of its work.
STORE_EVERY = 64
#: Articles a worker parses at once (spaCy's nlp.pipe is faster in batches;
#: fewer where they are long, see :func:`briefings.annotate.pipeline.parse_many`).
PARSE_BATCH = 16
#: Fewest cache misses worth a worker of their own: a worker first loads the
#: model (seconds), and an article takes about a tenth of a second, so a
#: handful of misses is not worth a pool (see :func:`workers_for`).
ARTICLES_PER_WORKER = 16


def annotate_missing(articles: list[Article], cache: AnnotationCache, processes: int | None = None) -> int:
    """Annotate the articles not yet in ``cache``, in a pool if there are
    enough of them; returns how many there were."""
    missing = missing_articles(articles, cache)
    with workers_for(len(missing), processes) as workers:
        return Annotating(missing, cache, workers).finish()


class Annotating:
    """Articles (not in ``cache``: see :func:`missing_articles`) handed over
    to be annotated: to ``workers`` at once (see :func:`workers_for`), or to
    this process when :meth:`finish` is called, which stores their briefings
    in ``cache``. In between, this process is free to do other work."""

    def __init__(self, missing: list[Article], cache: AnnotationCache, workers: Workers | None):
        self.missing = missing
        self._cache = cache
        self._results = _annotate(self.missing, workers) if self.missing else iter(())

    def finish(self) -> int:
        """Store every briefing (as they come: an interrupted cold build
        keeps most of its work); returns how many articles were annotated."""
        if not self.missing:
            return 0
        from tqdm import tqdm  # only where there is work to show (a warm build has none)

        progress = tqdm(total=len(self.missing), desc="Annotating", unit="article", disable=_quiet(), leave=False)
        pending: list[tuple[Article, Briefing]] = []
        for article, briefing in self._results:
            progress.update()
            if briefing is not None:
                pending.append((article, briefing))
            if len(pending) >= STORE_EVERY:
                self._cache.put_many(pending)
                pending.clear()
        self._cache.put_many(pending)
        progress.close()
        return len(self.missing)


def missing_articles(articles: list[Article], cache: AnnotationCache) -> list[Article]:
    """The articles not in ``cache``, each once (by its key)."""
    return list({article_key(a): a for a in articles if a not in cache}.values())


@contextlib.contextmanager
def workers_for(count: int, processes: int | None = None, early: Workers | None = None):
    """Worker processes for about ``count`` articles. The workers start
    loading the model at once, so that a caller can start them before it
    has read the articles.

    Articles too few to be worth a pool are given to ``early`` (see
    :func:`early_worker`), or else to no workers (None: they are annotated
    in this process). ``early`` is ended in any case.
    """
    processes = min(processes or os.cpu_count() or 1, math.ceil(count / ARTICLES_PER_WORKER))
    with contextlib.ExitStack() as stack:
        if early is not None:
            stack.callback(early.pool.terminate)
        if processes <= 1:
            yield early if count else None
            return
        if early is not None:
            early.pool.terminate()  # its core is the new pool's
        pool = stack.enter_context(_pool(processes))
        yield Workers(pool, processes)


def early_worker(processes: int | None = None) -> Workers | None:
    """One worker that starts loading the model now, before anyone knows
    whether an article changed. A rebuild finds its few changed articles
    only after Pelican has read its cache, about the time it takes to load
    the model: the worker then has it (nearly) loaded, and annotates them.

    None where that would not help: with one process or core, or where this
    process has loaded the model already (it then annotates them at once).
    """
    if (processes or os.cpu_count() or 1) <= 1 or _model_loaded_here():
        return None
    return Workers(_pool(1), 1)


def _pool(processes: int) -> multiprocessing.pool.Pool:
    return multiprocessing.get_context("fork").Pool(processes, initializer=_load_model)


def _model_loaded_here() -> bool:
    nlp = sys.modules.get("briefings.annotate.nlp")
    return nlp is not None and nlp.load_nlp.cache_info().currsize > 0


class Workers(NamedTuple):
    """A pool of annotation workers, and how many processes it has."""

    pool: multiprocessing.pool.Pool
    processes: int


def _load_model() -> None:
    """Load the model in a new worker. A failure is left for the worker's
    first batch to meet again and send back: raised here, it would kill the
    worker, and the pool would start new ones for ever."""
    from briefings.annotate.nlp import load_nlp

    try:
        load_nlp()
    except Exception:
        pass


def _annotate(articles: list[Article], workers: Workers | None) -> Iterator[tuple[Article, Briefing | None]]:
    """Each article's briefing, as they come; workers are given every
    article at once."""
    if workers is None:
        return (result for batch in _batches(articles, 1) for result in _annotate_batch(batch))
    batches = workers.pool.imap_unordered(_annotate_batch, _batches(articles, workers.processes))
    return (result for batch in batches for result in batch)


def _batches(articles: list[Article], processes: int) -> list[list[Article]]:
    """The articles in batches of at most PARSE_BATCH; with several workers,
    smaller towards the end, so that they finish together rather than one of
    them working through a whole batch alone."""
    batches, start = [], 0
    while start < len(articles):
        left = len(articles) - start
        size = PARSE_BATCH if processes == 1 else min(PARSE_BATCH, math.ceil(left / (2 * processes)))
        batches.append(articles[start:start + size])
        start += size
    return batches


def _annotate_batch(articles: list[Article]) -> list[tuple[Article, Briefing | None]]:
    """Each article's briefing, or None where the annotators fail on it (whoever
    reads the article then meets the failure and reports it, naming the file)."""
    from briefings.annotate.nlp import load_nlp  # spaCy only where needed
    from briefings.annotate.pipeline import annotate_doc, parse_again_at_once, parse_many

    nlp = load_nlp()
    # Long texts in pieces, and no more characters at once than one of them
    # (spaCy holds a whole batch's activations): see parse_many.
    docs = list(parse_many((a.text for a in articles), nlp))
    parse_again_at_once(articles, docs, nlp)
    results = []
    for article, doc in zip(articles, docs, strict=True):
        try:
            results.append((article, annotate_doc(article, doc)))
        except Exception:
            results.append((article, None))
    return results


def _quiet() -> bool:
    """No progress bar in CI or when the output is not a terminal."""
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()
