"""Annotating an archive on a Dask cluster (``briefings annotate --cluster``).

Annotations are a pure function of the article, cached by content (see
:mod:`briefings.cache`), so filling the cache for a large archive is a map
over the cache misses, which Dask's distributed scheduler runs on as many
machines as it has workers. This process (the client) reads and cleans the
sources, as the site build reads them, finds the cache misses, and sends them
to the workers in batches; each worker loads the spaCy model once (when it
starts, see :class:`ModelLoader`, and at worst on its first batch, see
:func:`~briefings.annotate.nlp.load_nlp`) and annotates a batch as the local
pool does (:func:`annotate_batch`: one ``nlp.pipe`` over the batch). The
client stores each batch's briefings in its cache as soon as the batch is
done, so a run stopped half-way and started again only sends what is still
missing; the workers need no cache, nor the sources.

Failures:

- a batch whose worker dies is run again by Dask on another worker (or the
  same one, restarted); a batch that kills its worker again and again is
  split into single articles, so only the article at fault is lost;
- an article the annotators fail on is reported by name, on one line, and
  the rest goes on;
- a worker whose annotators or model differ from the client's (its briefings
  would be stored under keys they do not belong to) stops the run, with what
  was stored kept; so does a scheduler left without any worker for
  :data:`NO_WORKERS` seconds.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from distributed import WorkerPlugin

from briefings.cache import AnnotationCache, annotator_version, article_key
from briefings.errors import BriefingError, annotator_failure
from briefings.files import read_regular, regular_files
from briefings.model import Article, Briefing

#: The sources the site build reads (as its readers: ``briefings_site.readers``):
#: raw articles and Markdown briefings; the pages under ``pages/`` are not
#: annotated.
RAW_EXTENSIONS = ("txt",)
MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")
PAGE_FOLDERS = ("pages",)

#: Most articles in a batch: one task, one ``nlp.pipe``. A batch of 32 takes
#: a worker about three seconds, long against the scheduler's few
#: milliseconds per task and short enough that a lost batch costs little.
BATCH = 32
#: Batches in flight per worker thread: enough that no worker waits for
#: the client between two batches, few enough that the client holds only
#: the articles being annotated, however large the archive.
AHEAD = 3
#: Times a batch that raised is run again (a worker lost mid-batch is not a
#: raise: Dask reschedules that batch by itself, up to its
#: ``distributed.scheduler.allowed-failures``).
RETRIES = 2

#: The scheduler's settings for a local cluster (a remote scheduler is
#: started with them: see the README). A worker thread is given one batch at
#: a time, not one more queued behind it: when a worker dies, the batch it
#: was running is the only one suspected (Dask gives up on a batch after
#: ``allowed-failures`` deaths), and no batch waits behind a long one.
SCHEDULER_CONFIG = {"distributed.scheduler.worker-saturation": 1.0}
#: Seconds a run waits on a scheduler that has no worker left (all lost, and
#: none restarted or joining) before it stops, with what was stored kept:
#: Dask itself would wait for workers for ever.
NO_WORKERS = 300.0

log = logging.getLogger(__name__)


class ClusterError(Exception):
    """The cluster cannot be used (no scheduler there, no worker, workers of
    other versions): one line; what was stored is kept."""


@dataclass
class Summary:
    """What a run did, counted in sources (files) and articles."""

    sources: int = 0
    #: Articles already in the cache (or met twice in this run).
    cached: int = 0
    #: Articles sent to the cluster, and of those, annotated and stored.
    sent: int = 0
    annotated: int = 0
    #: Sources with nothing to annotate (a Markdown briefing without text).
    empty: int = 0
    #: Sources or articles that failed, each reported on one line.
    failed: int = 0
    batches: int = 0
    workers: int = 0
    #: Articles without a publication date (their relative dates stay unresolved).
    undated: int = 0
    seconds: float = 0.0
    #: CPU seconds the workers spent on the batches stored.
    cpu: float = 0.0
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary ``annotate --cluster`` prints at the end."""
        rate = f", {self.annotated / self.seconds:.1f} articles/s" if self.seconds and self.annotated else ""
        if self.annotated:
            rate += f", {self.cpu / self.annotated:.3f} worker CPU s per article"
        undated = f"; {self.undated} without a publication date" if self.undated else ""
        return (f"{self.sources} sources: {self.annotated} articles annotated on the cluster ({self.batches} "
                f"batches, {self.workers} workers, {self.seconds:.0f} s{rate}), {self.cached} already in the cache, "
                f"{self.empty} with nothing to annotate, {self.failed} failed{undated}")


# --- reading the sources ------------------------------------------------------


def sources_under(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[str, str | None]]:
    """``(path, problem)`` of each source under ``paths`` (files, or folders
    walked as the site build walks its content folder)."""
    return regular_files(paths, RAW_EXTENSIONS + MARKDOWN_EXTENSIONS, leave_out=PAGE_FOLDERS)


def read_source(path: str) -> Article | None:
    """The article to annotate in the source at ``path``, as the site's
    readers make it: a raw article cleaned, or a Markdown briefing's
    article; None for a briefing without text (the build reports that).
    Bad input raises :class:`BriefingError` naming the file."""
    from briefings.briefing_markdown import parse_markdown
    from briefings.ingest import parse_article
    from briefings.ingest.decode import decode

    try:
        data = read_regular(path)
    except OSError as error:
        raise BriefingError(path, f"cannot read the file: {error.strerror or error}") from None
    text = decode(data, path)
    if path.endswith(tuple(f".{extension}" for extension in MARKDOWN_EXTENSIONS)):
        article = parse_markdown(text, path).article
    else:
        article = parse_article(text, path, warn=False)
    return article if article.text else None


# --- on the workers -------------------------------------------------------------


class ModelLoader(WorkerPlugin):
    """A Dask worker plugin: each worker starts loading the model as it
    starts (and so does every worker that joins later), in the background,
    while the client is still reading the sources."""

    name = "briefings-model"

    def setup(self, worker) -> None:
        threading.Thread(target=_load_quietly, name="briefings-model", daemon=True).start()


_loading = threading.Lock()


def _model():
    """The model, loaded once per worker process (whoever asks first loads
    it, the other waits)."""
    with _loading:
        # The annotators too: two threads importing spaCy at once can meet
        # it half-imported.
        import briefings.annotate.pipeline  # noqa: F401
        from briefings.annotate.nlp import load_nlp

        return load_nlp()


def _load_quietly() -> None:
    try:
        _model()
    except Exception:  # met again by the first batch, which stops the run
        pass


class WorkerProblem(Exception):
    """A worker that cannot annotate at all: its annotators or model are not
    the client's, or it cannot load the model."""


class BatchResult(NamedTuple):
    """What a worker sends back for a batch: each article's briefing or its
    failure as ``(type name, message, out of range)``, in order, and the CPU
    seconds the batch took (for the cost model)."""

    results: list[tuple[Briefing | None, tuple | None]]
    cpu: float


def annotate_batch(articles: list[Article], version: str) -> BatchResult:
    """On a worker: annotate a batch, as the local pool does
    (:func:`briefings.batch._annotate_batch`: ``parse_many``, the short
    texts parsed again at once, then the annotators), so the briefings are
    the same. ``version`` is the client's annotator version, which must be
    this worker's too."""
    here = annotator_version()
    if here != version:
        raise WorkerProblem(f"a worker's annotators or model differ from the client's (version {here}, the "
                            f"client's {version}): install the same versions of briefings and its requirements")
    try:
        nlp = _model()
    except Exception as error:
        raise WorkerProblem(f"a worker cannot load the model ({type(error).__name__}: {error})") from None
    started = time.thread_time()
    results = _annotate(articles, nlp)
    return BatchResult(results, time.thread_time() - started)


def _annotate(articles: list[Article], nlp) -> list[tuple[Briefing | None, tuple | None]]:
    from briefings.annotate.pipeline import annotate_doc, parse_again_at_once, parse_many

    try:
        # A long text in pieces, as the local pool parses it (memory).
        docs = list(parse_many((a.text for a in articles), nlp))
    except Exception as error:
        if len(articles) == 1:
            return [(None, _failure(error))]
        # An article the parser fails on: each parsed alone, so that only it fails.
        return [result for article in articles for result in _annotate([article], nlp)]
    parse_again_at_once(articles, docs, nlp)
    results = []
    for article, doc in zip(articles, docs, strict=True):
        try:
            results.append((annotate_doc(article, doc), None))
        except Exception as error:
            results.append((None, _failure(error)))
    return results


def _failure(error: Exception) -> tuple[str, str, bool]:
    """An annotator's failure as plain data (its exception may not travel)."""
    out_of_range = isinstance(error, OverflowError) or (isinstance(error, ValueError) and "out of range" in str(error))
    return type(error).__name__, str(error), out_of_range


# --- on the client ----------------------------------------------------------------


def parse_address(address: str) -> int | str:
    """``local:N`` as N (workers of a local cluster), any other address as it
    is; a bad ``local:`` is a :class:`ClusterError`."""
    if address.startswith("local:"):
        count = address[len("local:"):]
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--cluster {address}: write local:N with N workers (1 or more), such as local:2")
        return int(count)
    return address


@contextlib.contextmanager
def connect(address: str, timeout: float = 30):
    """A Dask client of the scheduler at ``address``, or of a new local
    cluster of N single-threaded worker processes for ``local:N``, with
    workers ready and loading the model."""
    import dask
    from distributed import Client, LocalCluster

    target = parse_address(address)
    with contextlib.ExitStack() as stack:
        # Dask's own warnings (a worker lost, a task retried) would break the progress line.
        logging.getLogger("distributed").setLevel(logging.ERROR)
        if isinstance(target, int):
            # One batch per worker thread at a time (see SCHEDULER_CONFIG).
            with dask.config.set(SCHEDULER_CONFIG):
                cluster = stack.enter_context(LocalCluster(
                    n_workers=target, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=None, silence_logs=logging.CRITICAL,
                    # Its HTTP endpoints on a free port (not 8787, which another cluster may hold).
                    scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"}))
            client = stack.enter_context(Client(cluster))
        else:
            try:
                with dask.config.set({"distributed.comm.timeouts.connect": f"{timeout}s"}):
                    client = stack.enter_context(Client(target, timeout=timeout))
            except (OSError, TimeoutError, ValueError) as error:
                raise ClusterError(f"--cluster {address}: no Dask scheduler answers there ({error})") from None
        client.register_plugin(ModelLoader(), name=ModelLoader.name)
        try:
            client.wait_for_workers(target if isinstance(target, int) else 1, timeout=timeout * 4)
        except TimeoutError:
            raise ClusterError(f"--cluster {address}: the scheduler has no workers (start some with "
                               "'dask worker ADDRESS')") from None
        yield client


def threads_of(client) -> int:
    """Worker threads the scheduler has now (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def batch_size(sources: int, threads: int) -> int:
    """Articles per batch: :data:`BATCH`, or fewer for a small run, so that
    every worker has a few batches (they then finish about together)."""
    return max(1, min(BATCH, math.ceil(sources / (4 * threads))))


def annotate_on_cluster(
    client,
    paths: Iterable[str | os.PathLike],
    cache: AnnotationCache,
    *,
    report: Callable[[str], None] = lambda message: print(message, file=sys.stderr),
    progress: bool | None = None,
    task: Callable = annotate_batch,
    on_stored: Callable[[Summary], None] | None = None,
    size: int | None = None,
) -> Summary:
    """Annotate the cache misses under ``paths`` on the cluster of ``client``
    and store them in ``cache`` as each batch is done; returns what was done.

    Each bad source or article is reported on one line through ``report``;
    a progress line goes to stderr when ``progress`` (default: when stderr
    is a terminal). ``task`` is what the workers run on a batch (see
    :func:`annotate_batch`); ``on_stored`` is called after each batch is
    stored; ``size`` sets the batch size.
    """
    from distributed import as_completed

    started = time.perf_counter()
    summary = Summary(workers=len(client.nthreads()))
    sources = list(sources_under(paths))
    summary.sources = len(sources)
    threads = threads_of(client)
    size = size or batch_size(len(sources), threads)
    version = annotator_version()
    run = _Run(client, cache, summary, report, task, version, on_stored)
    progress_line = _Progress(len(sources), sys.stderr.isatty() if progress is None else progress)
    run.progress = progress_line
    pending: list[tuple[Article, str, str]] = []  # (article, key, source)
    done = as_completed(loop=client.loop, raise_errors=False)
    run.done = done
    try:
        for path, problem in sources:
            if problem is not None:
                run.fail(BriefingError(path, problem))
                progress_line.advance()
                continue
            try:
                article = read_source(path)
            except BriefingError as error:
                run.fail(error)
                progress_line.advance()
                continue
            if article is None:
                summary.empty += 1
                progress_line.advance()
                continue
            if article.date is None:
                summary.undated += 1
            key = article_key(article)
            if key in run.in_flight:
                run.in_flight[key].append(path)  # the same article twice: annotated once
                continue
            if run.cached(key):
                summary.cached += 1
                progress_line.advance()
                continue
            run.in_flight[key] = [path]
            pending.append((article, key, path))
            if len(pending) >= size:
                run.submit(pending)
                pending = []
            run.collect(block=done.count() >= AHEAD * run.threads())
        if pending:
            run.submit(pending)
        while not done.is_empty():
            run.collect(block=True)
    finally:
        progress_line.close()
        if not done.is_empty():  # stopped half-way: what was sent and not stored is dropped
            for future in list(done.futures):
                future.cancel()
    summary.seconds = time.perf_counter() - started
    return summary


class _Run:
    """The batches of one run in flight: sent, then stored or reported."""

    def __init__(self, client, cache, summary, report, task, version, on_stored):
        self.client = client
        self.cache = cache
        self.summary = summary
        self.report = report
        self.task = task
        self.version = version
        self.on_stored = on_stored
        #: The sources of each article sent and not stored yet, by key.
        self.in_flight: dict[str, list[str]] = {}
        #: Each batch in flight: its articles, keys and sources.
        self.batches: dict = {}
        self.done = None
        self.progress = None
        self._threads = (0.0, 1)
        self._watched = 0.0
        self._no_workers_since: float | None = None

    def threads(self) -> int:
        """Worker threads the cluster has (asked of the scheduler at most
        every few seconds: workers come and go)."""
        asked, count = self._threads
        if time.perf_counter() - asked > 5:
            self._threads = time.perf_counter(), threads_of(self.client)
        return self._threads[1]

    def cached(self, key: str) -> bool:
        return self.cache.has_key(key)

    def submit(self, batch: list[tuple[Article, str, str]]) -> None:
        future = self.client.submit(self.task, [article for article, _, _ in batch], self.version,
                                    retries=RETRIES, pure=False)
        self.batches[future.key] = batch
        self.summary.sent += len(batch)
        self.done.add(future)

    def collect(self, block: bool) -> None:
        """Store (or report) every batch done; with ``block``, wait for one."""
        if block:
            while not self.done.has_ready() and not self.done.is_empty():
                self.watch()
                time.sleep(0.1)
        for future in self.done.next_batch(block=False) if self.done.has_ready() else ():
            self.finish(future)

    def watch(self) -> None:
        """Stop the run (:class:`ClusterError`) when the scheduler has had no
        worker for :data:`NO_WORKERS` seconds."""
        now = time.perf_counter()
        if now - self._watched < 5:
            return
        self._watched = now
        if self.client.nthreads():
            self._no_workers_since = None
        elif self._no_workers_since is None:
            self._no_workers_since = now
        elif now - self._no_workers_since > NO_WORKERS:
            raise ClusterError(f"the cluster has had no workers for {NO_WORKERS:.0f} s: what was annotated is "
                               "stored; run again when it has some")

    def outcome(self, future) -> tuple[BatchResult | None, BaseException | None]:
        """A batch's result, or the error it met. A result lost with its
        worker before it was fetched is computed again: wait for it."""
        while True:
            while not future.done():
                self.watch()
                time.sleep(0.1)
            if future.status == "error":
                return None, future.exception()
            try:
                return future.result(timeout=1), None
            except TimeoutError:  # lost again meanwhile
                continue

    def finish(self, future) -> None:
        batch = self.batches.pop(future.key)
        if future.status == "cancelled":
            return
        try:
            result, error = self.outcome(future)
        except ClusterError:
            raise
        except Exception as problem:  # the result could not be fetched, or read
            result, error = None, problem
        if error is not None:  # raised on the worker, or the workers died on it
            self.failed(batch, error)
            return
        results, cpu = result
        pairs = []
        for (article, key, _), (briefing, failure) in zip(batch, results, strict=True):
            paths = self.in_flight.pop(key, [])
            if briefing is not None:
                pairs.append((article, briefing))
            for path in paths:
                if failure is not None:
                    self.fail(_failure_of(path, article, failure))
                self.progress.advance()
        self.cache.put_many(pairs)
        self.summary.annotated += len(pairs)
        self.summary.cpu += cpu
        self.summary.batches += 1
        if self.on_stored is not None:
            self.on_stored(self.summary)

    def failed(self, batch, error: Exception) -> None:
        """A batch that raised, or that its workers died on."""
        from distributed import KilledWorker

        if isinstance(error, WorkerProblem):
            raise ClusterError(f"{error}; nothing more was sent, and what was stored is kept")
        if len(batch) > 1:
            # A batch that kept killing its worker (or raised): each of
            # its articles alone, so that only one at fault fails.
            self.summary.sent -= len(batch)
            for one in batch:
                self.submit([one])
            return
        article, key, _ = batch[0]
        why = "its worker died on it each time" if isinstance(error, KilledWorker) else \
            f"{type(error).__name__}: {error}"
        for path in self.in_flight.pop(key, []):
            self.fail(BriefingError(path, f"the cluster could not annotate this article ({why})"))
            self.progress.advance()
        return

    def fail(self, error: BriefingError) -> None:
        self.summary.failed += 1
        self.summary.messages.append(str(error))
        self.progress.clear()
        self.report(f"error: {error}")


def _failure_of(path: str, article: Article, failure: tuple[str, str, bool]) -> BriefingError:
    """The one-line error of an article the annotators failed on (see
    :func:`briefings.errors.annotator_failure`)."""
    from briefings.ingest.header import header_line

    name, message, out_of_range = failure
    error = OverflowError(message) if out_of_range else type(name, (Exception,), {})(message)
    line = header_line(path, "date") if article.date else None
    return annotator_failure(path, error, article.date, line)


class _Progress:
    """A progress line on stderr: redrawn in place on a terminal, else a
    line now and then (a log of a long run)."""

    EVERY = 30.0  # seconds between lines when not on a terminal

    def __init__(self, total: int, terminal: bool):
        self.total = total
        self.count = 0
        self.terminal = terminal
        self.started = self.last = time.perf_counter()
        self.shown = False

    def advance(self, count: int = 1) -> None:
        self.count += count
        now = time.perf_counter()
        if self.terminal and (now - self.last > 0.2 or self.count == self.total):
            self._show("\r", "")
            self.last = now
        elif not self.terminal and now - self.last > self.EVERY:
            self._show("", "\n")
            self.last = now

    def _show(self, start: str, end: str) -> None:
        elapsed = time.perf_counter() - self.started
        rate = self.count / elapsed if elapsed else 0.0
        left = f", {(self.total - self.count) / rate:.0f} s left" if rate and self.count < self.total else ""
        percent = 100 * self.count / self.total if self.total else 100
        sys.stderr.write(f"{start}annotate: {self.count}/{self.total} sources ({percent:.0f}%), "
                         f"{rate:.1f}/s{left}\x1b[K{end}" if self.terminal else
                         f"annotate: {self.count}/{self.total} sources ({percent:.0f}%), {rate:.1f}/s{left}{end}")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        """Make room for a message."""
        if self.terminal and self.shown:
            sys.stderr.write("\r\x1b[K")
            self.shown = False

    def close(self) -> None:
        if self.terminal and self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


def cache_path(path: str | os.PathLike | None) -> Path:
    from briefings.cache import DEFAULT_PATH

    return Path(path) if path else DEFAULT_PATH
