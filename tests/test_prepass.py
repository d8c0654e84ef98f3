"""The cold build's pre-pass and its batches: every source ingested once,
cache misses annotated in parallel only when there are enough of them."""

from __future__ import annotations

import contextlib
import datetime as dt
import faulthandler
import importlib
import multiprocessing
import os
import shutil
import signal
from collections import Counter
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

import briefings.batch as batch
from briefings.annotate.nlp import load_nlp
from briefings.annotate.pipeline import annotate
from briefings.batch import PARSE_BATCH, annotate_missing
from briefings.cache import AnnotationCache
from briefings.ingest import read_article
from briefings.model import Article
from briefings_site.incremental.prepass import Prepass
from briefings_site.readers import MarkdownBriefingReader, RawArticleReader
from conftest import CONTENT, SEED
from site_build import briefing_dir, build_site, copy_example_content, soup


@pytest.fixture
def decoded(monkeypatch) -> Counter:
    """How many times each file was decoded (the first step of ingesting
    it), by file name."""
    counts: Counter = Counter()
    module = importlib.import_module("briefings.ingest.decode")
    decode = module.decode

    def counting(data, path):
        counts[str(path).rsplit("/", 1)[-1]] += 1
        return decode(data, path)

    monkeypatch.setattr(module, "decode", counting)
    return counts


def reader_settings(content) -> dict:
    return {**DEFAULT_CONFIG, "PATH": str(content), "BRIEFINGS_CACHE_PATH": None}


def test_a_cold_build_ingests_each_source_once(tmp_path, decoded):
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    sources = [p.name for folder in ("raw", "briefings", "pages") for p in (content / folder).iterdir()]
    assert decoded == Counter(sources)
    assert len(soup(tmp_path / "out" / "index.html").select("main .card")) == 6


def test_a_cold_build_starts_its_workers_before_it_ingests(tmp_path, monkeypatch):
    import briefings_site.incremental.prepass as prepass

    monkeypatch.setattr(batch, "ARTICLES_PER_WORKER", 1)  # a pool for the example's few articles
    events = []
    workers_for, ingest = prepass.workers_for, prepass.Prepass.ingest_ahead

    @contextlib.contextmanager
    def recorded_workers(count, processes, early):
        with workers_for(count, processes, early) as workers:
            events.append(("workers", workers is not None))
            yield workers

    monkeypatch.setattr(prepass, "workers_for", recorded_workers)
    monkeypatch.setattr(prepass.Prepass, "ingest_ahead",
                        lambda self, path, data: events.append("ingest") or ingest(self, path, data))
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False,
                      BRIEFINGS_PROCESSES=2) == []
    assert events[0] == ("workers", True) and events.count("ingest") == len(events) - 1 > 1
    assert len(soup(tmp_path / "out" / "index.html").select("main .card")) == 6


def test_bad_files_and_briefings_without_text_start_no_workers_on_the_next_build(tmp_path, monkeypatch):
    import briefings_site.incremental.prepass as prepass

    monkeypatch.setattr(batch, "ARTICLES_PER_WORKER", 1)
    content = copy_example_content(tmp_path / "content")
    (content / "raw" / "empty.txt").write_bytes(b"")
    (content / "raw" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (content / "briefings" / "draft.md").write_text("Title: A draft\n\n## Key players\n\n- Someone\n",
                                                    encoding="utf-8")
    first = build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False)
    assert len(first) == 3
    counts = []
    workers_for = prepass.workers_for
    monkeypatch.setattr(prepass, "workers_for", lambda count, processes, early: counts.append(count) or workers_for(
        count, processes, early))
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == first
    assert counts == [0]


def test_a_rebuild_annotates_a_changed_article_in_the_worker_started_with_the_build(tmp_path, monkeypatch):
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    source = content / "raw" / "geneva-strategic-stability-talks.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nThe delegations met again in Lausanne.\n",
                      encoding="utf-8")
    with monkeypatch.context() as patch:
        record = annotating_processes(patch, tmp_path)
        started = early_workers_started(patch)
        assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False,
                          BRIEFINGS_PROCESSES=2) == []
    assert started == [2]
    annotators = record.read_text(encoding="utf-8").split()
    assert len(annotators) == 1 and int(annotators[0]) != os.getpid()
    assert not multiprocessing.active_children()  # the worker was ended
    page = briefing_dir(tmp_path / "out", "u-s-and-russian-diplomats-meet-in-geneva-over-ukraine-and-nato")
    assert "Lausanne" in soup(page / "index.html").select_one("main").get_text()


def test_a_build_with_nothing_changed_ends_its_early_worker_unused(tmp_path, monkeypatch):
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    with monkeypatch.context() as patch:
        record = annotating_processes(patch, tmp_path)
        started = early_workers_started(patch)
        assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False,
                          BRIEFINGS_PROCESSES=2) == []
    assert started == [2] and not record.exists()
    assert not multiprocessing.active_children()


def test_a_pre_pass_that_fails_ends_its_early_worker(tmp_path, monkeypatch):
    import sqlite3

    content = copy_example_content(tmp_path / "content")
    started = early_workers_started(monkeypatch)

    def broken(self, data):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(AnnotationCache, "source_done", broken)
    with pytest.raises(sqlite3.OperationalError):
        build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False, BRIEFINGS_PROCESSES=2)
    assert started == [2] and not multiprocessing.active_children()


def test_workers_that_cannot_load_the_model_end_a_rebuild_with_the_error(tmp_path, monkeypatch, caplog):
    import briefings.annotate.nlp as nlp_module
    import briefings.annotate.pipeline as pipeline

    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    source = content / "raw" / "geneva-strategic-stability-talks.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nThe delegations met again.\n", encoding="utf-8")

    def broken():
        raise OSError("the model is not installed")

    started = early_workers_started(monkeypatch)
    monkeypatch.setattr(nlp_module, "load_nlp", broken)
    monkeypatch.setattr(pipeline, "load_nlp", broken)
    with pytest.raises(OSError, match="not installed"):
        build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False, BRIEFINGS_PROCESSES=2)
    assert started == [2] and not multiprocessing.active_children()
    assert "not installed" not in caplog.text  # said once, by the error that ends the build, not per article


def test_a_build_that_fails_while_pelican_reads_ends_the_workers_at_once(tmp_path, monkeypatch):
    from pelican.generators import ArticlesGenerator

    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    source = content / "raw" / "geneva-strategic-stability-talks.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nThe delegations met again.\n", encoding="utf-8")
    started = early_workers_started(monkeypatch)

    def broken(self, content):  # Pelican's own step after each article read, outside its reader's guard
        raise RuntimeError("broken")

    monkeypatch.setattr(ArticlesGenerator, "add_source_path", broken)
    with pytest.raises(RuntimeError, match="broken"):
        build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False, BRIEFINGS_PROCESSES=2)
    assert started == [2] and not multiprocessing.active_children()


def test_no_early_worker_with_one_process_or_with_the_model_loaded_here(monkeypatch):
    load_nlp()
    assert batch.early_worker(2) is None  # this process would annotate at once
    monkeypatch.setattr(batch, "_model_loaded_here", lambda: False)
    assert batch.early_worker(1) is None
    monkeypatch.setattr(batch.os, "cpu_count", lambda: 1)
    assert batch.early_worker(None) is None


def early_workers_started(monkeypatch) -> list:
    """The processes setting of each early worker started, as though the
    model were not loaded in this process (the tests' process has it)."""
    import briefings_site.incremental.prepass as prepass

    monkeypatch.setattr(batch, "_model_loaded_here", lambda: False)
    started = []
    early_worker = prepass.early_worker

    def recorded(processes):
        worker = early_worker(processes)
        if worker is not None:
            started.append(processes)
        return worker

    monkeypatch.setattr(prepass, "early_worker", recorded)
    return started


def annotating_processes(monkeypatch, tmp_path) -> Path:
    """A file that gets the id of each process that annotates an article
    (workers too: they fork from this one, and annotate through the
    module's function)."""
    import briefings.annotate.pipeline as pipeline

    record = tmp_path / "annotated-by"
    annotate_doc = pipeline.annotate_doc

    def recorded(article, doc):
        with open(record, "a", encoding="utf-8") as file:
            file.write(f"{os.getpid()}\n")
        return annotate_doc(article, doc)

    monkeypatch.setattr(pipeline, "annotate_doc", recorded)
    return record


def test_the_reader_takes_the_article_the_prepass_ingested(tmp_path, decoded):
    path = str(shutil.copy(SEED, tmp_path / "seed.txt"))
    ahead = Prepass(reader_settings(tmp_path))
    article = ahead.ingest_ahead(path, (tmp_path / "seed.txt").read_bytes())
    _, metadata = RawArticleReader(reader_settings(tmp_path), ahead=ahead).read(path)
    assert decoded["seed.txt"] == 1
    assert metadata["briefing"].text == article.text and metadata["title"] == article.title


def test_changed_bytes_are_ingested_again(tmp_path, decoded):
    path = str(shutil.copy(SEED, tmp_path / "seed.txt"))
    ahead = Prepass(reader_settings(tmp_path))
    ahead.ingest_ahead(path, (tmp_path / "seed.txt").read_bytes())
    changed = "Title: Talks postponed\nDate: 2022-01-04\n\nThe talks in Geneva were postponed by a week.\n"
    (tmp_path / "seed.txt").write_text(changed, encoding="utf-8")
    _, metadata = RawArticleReader(reader_settings(tmp_path), ahead=ahead).read(path)
    assert decoded["seed.txt"] == 2
    assert metadata["title"] == "Talks postponed"
    assert metadata["briefing"].text == "The talks in Geneva were postponed by a week."


def test_a_markdown_briefing_is_parsed_once_for_prepass_and_reader(tmp_path, decoded):
    source = CONTENT / "briefings" / "russia-draft-security-treaties.md"
    path = str(shutil.copy(source, tmp_path / source.name))
    ahead = Prepass(reader_settings(tmp_path))
    article = ahead.ingest_ahead(path, source.read_bytes())
    content, metadata = MarkdownBriefingReader(reader_settings(tmp_path), ahead=ahead).read(path)
    assert decoded[source.name] == 1
    assert metadata["title"] == article.title and "<p>" in content


def test_an_undated_article_is_warned_about_once_per_build(tmp_path, caplog):
    content = tmp_path / "content"
    (content / "raw").mkdir(parents=True)
    (content / "raw" / "undated.txt").write_text(
        "Title: Talks resume\n\nThe talks in Geneva resumed after a week.\n", encoding="utf-8")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    warnings = [r for r in caplog.records if "no publication date" in r.getMessage()]
    assert len(warnings) == 1 and "undated.txt" in warnings[0].getMessage()


def example_articles():
    return [read_article(path) for path in sorted((CONTENT / "raw").glob("*.txt"))]


def test_a_handful_of_misses_is_annotated_without_a_pool(monkeypatch):
    def no_pool(*args):
        raise AssertionError("a pool was started")

    monkeypatch.setattr(batch.multiprocessing, "get_context", no_pool)
    articles = example_articles()
    cache = AnnotationCache(None)
    assert annotate_missing(articles, cache, processes=4) == len(articles)
    assert all(article in cache for article in articles)


def test_workers_annotate_as_this_process_does(monkeypatch):
    monkeypatch.setattr(batch, "ARTICLES_PER_WORKER", 1)  # a pool even for three misses
    started = []
    get_context = batch.multiprocessing.get_context

    def recorded(method):
        started.append(method)
        return get_context(method)

    monkeypatch.setattr(batch.multiprocessing, "get_context", recorded)
    articles = example_articles()
    cache = AnnotationCache(None)
    assert annotate_missing(articles, cache, processes=2) == len(articles)
    assert started == ["fork"]
    assert [cache.get(a) for a in articles] == [annotate(a) for a in articles]


def test_a_batch_parses_its_headlines_in_one_go_and_annotates_as_one_article_at_a_time(monkeypatch):
    capitals = Article(
        title="NATO CHIEF WARNS MOSCOW OVER TROOPS",
        text="BRUSSELS (Reuters) - NATO chief Jens Stoltenberg warned Moscow on Tuesday.\n\n"
             "TALKS IN PARIS\n\nEmmanuel Macron met Olaf Scholz in Paris to discuss the troops.",
        date=dt.date(2022, 1, 11), slug="capitals")
    articles = [*example_articles(), capitals]
    expected = [annotate(article) for article in articles]
    nlp = load_nlp()
    calls = []
    pipe = nlp.pipe
    monkeypatch.setattr(nlp, "pipe", lambda texts, **kwargs: calls.append(1) or pipe(texts, **kwargs))
    assert [briefing for _, briefing in batch._annotate_batch(articles)] == expected
    assert len(calls) == 2  # the articles, then all their headlines and capitals lines
    assert any(p.name == "Jens Stoltenberg" for p in expected[-1].players)


def test_workers_that_cannot_load_the_model_end_the_build_with_the_error(monkeypatch):
    import briefings.annotate.nlp as nlp_module

    def broken():
        raise OSError("the model is not installed")

    monkeypatch.setattr(batch, "ARTICLES_PER_WORKER", 1)
    monkeypatch.setattr(nlp_module, "load_nlp", broken)
    def stuck(*args):
        faulthandler.dump_traceback(all_threads=True)  # where it is stuck, in the test's output
        pytest.fail("the pool kept restarting its workers")

    signal.signal(signal.SIGALRM, stuck)
    signal.alarm(60)
    try:
        with pytest.raises(OSError, match="not installed"):
            annotate_missing(example_articles(), AnnotationCache(None), processes=2)
    finally:
        signal.alarm(0)


@pytest.mark.parametrize("processes", [1, 2, 4])
def test_batches_hold_every_article_once_in_order(processes):
    articles = list(range(403))
    batches = batch._batches(articles, processes)
    assert [a for b in batches for a in b] == articles
    assert max(map(len, batches)) == PARSE_BATCH
    assert len(batches[-1]) == (403 % PARSE_BATCH if processes == 1 else 1)


def test_the_model_loads_every_component_the_annotators_read():
    nlp = load_nlp()
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert "senter" not in nlp.component_names  # disabled in the package: not even loaded
    doc = nlp("Sergei Ryabkov said on Friday that talks had begun. They met in Geneva.")
    assert [t.tag_ for t in doc][:3] == ["NNP", "NNP", "VBD"] and doc[2].lemma_ == "say"
    assert [s.text for s in doc.sents][1] == "They met in Geneva."
    assert [(e.text, e.label_) for e in doc.ents][0] == ("Sergei Ryabkov", "PERSON")
