"""Annotation on a Dask cluster (a LocalCluster of worker processes here):
the cache it fills is the local pool's, entry for entry; a run stopped
half-way is finished by the next, which sends only what is missing; a worker
that dies loses only its batch; bad sources and articles are reported by name.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import cloudpickle
import dask
import pytest

import briefings.cluster
from archive import write_archive
from briefings.batch import annotate_missing
from briefings.cache import AnnotationCache, article_key
from briefings.cluster import ClusterError, annotate_batch, annotate_on_cluster, connect, read_source, sources_under

# The tasks below travel to the workers by value (the workers cannot import
# this test module).
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def entries(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT key, briefing FROM annotations"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    folder = tmp_path_factory.mktemp("archive")
    return folder, write_archive(folder)


@pytest.fixture(scope="module")
def pool_cache(archive, tmp_path_factory):
    """The cache the local process pool fills (made before any cluster
    starts: the pool forks this process)."""
    folder, _ = archive
    articles = []
    for path, problem in sources_under([folder]):
        try:
            article = None if problem else read_source(path)
        except Exception:
            continue
        if article is not None:
            articles.append(article)
    path = tmp_path_factory.mktemp("pool") / "annotations.sqlite"
    assert annotate_missing(articles, AnnotationCache(path), processes=2) == len(articles)
    return path


@pytest.fixture(scope="module")
def client(pool_cache):
    with connect("local:2") as client:
        yield client


def quiet(messages: list[str]):
    return messages.append


def test_a_two_worker_cluster_fills_the_cache_the_local_pool_fills(archive, pool_cache, client, tmp_path):
    folder, made = archive
    reported: list[str] = []
    cache_path = tmp_path / "annotations.sqlite"
    summary = annotate_on_cluster(client, [folder], AnnotationCache(cache_path), report=quiet(reported), size=8)

    expected = entries(pool_cache)
    assert len(expected) == len(made["good"]) + len(made["briefing"])
    assert entries(cache_path) == expected  # entry for entry, byte for byte
    assert summary.workers == 2 and summary.batches >= 13
    assert summary.annotated == len(expected) and summary.cached == 0
    # Each bad source once, on one line naming it; the page and ignored files not at all.
    bad = made["bad_read"] + made["bad_annotate"]
    assert summary.failed == len(bad) == len(reported)
    for path in bad:
        assert sum(str(path) in line for line in reported) == 1
    assert all("\n" not in line for line in reported)
    assert "too far in the past or the future" in next(line for line in reported if "far-future" in line)
    assert not any(str(path) in line for line in reported for path in made["page"] + made["ignored"])

    again = annotate_on_cluster(client, [folder], AnnotationCache(cache_path), report=quiet([]))
    # Only what the annotators fail on is sent again (it is never stored).
    assert (again.sent, again.cached, again.failed) == (len(made["bad_annotate"]), len(expected), len(bad))


class Stop(Exception):
    pass


def recording(articles, version, log):
    """The workers' task, which also notes each key it was sent."""
    with open(log, "a", encoding="utf-8") as file:
        file.writelines(article_key(a) + "\n" for a in articles)
    return annotate_batch(articles, version)


def test_a_run_stopped_half_way_is_finished_by_the_next_which_sends_only_the_rest(
        archive, pool_cache, client, tmp_path):
    folder, made = archive
    cache_path = tmp_path / "annotations.sqlite"
    stored_then: list[int] = []

    def stop_after_three(summary):
        if summary.batches == 3:
            stored_then.append(summary.annotated)
            raise Stop

    with pytest.raises(Stop):
        annotate_on_cluster(client, [folder], AnnotationCache(cache_path), report=quiet([]), size=8,
                            task=functools.partial(recording, log=str(tmp_path / "first.txt")),
                            on_stored=stop_after_three)
    stored = entries(cache_path)
    assert 0 < len(stored) == stored_then[0] <= 3 * 8  # written as each batch came

    log = tmp_path / "second.txt"
    summary = annotate_on_cluster(client, [folder], AnnotationCache(cache_path), report=quiet([]), size=8,
                                  task=functools.partial(recording, log=str(log)))
    sent = log.read_text(encoding="utf-8").split()
    everything = entries(pool_cache)
    never_stored = {article_key(read_source(str(path))) for path in made["bad_annotate"]}
    assert summary.cached == len(stored)
    assert sorted(sent) == sorted((set(everything) - set(stored)) | never_stored)  # the rest, each once
    assert entries(cache_path) == everything


def dying(articles, version, marks):
    """The workers' task, with a worker that dies: on the first batch of the
    run once, and on every batch holding the article titled POISON."""
    if any(a.title == "POISON" for a in articles):
        os._exit(1)
    first = Path(marks) / "died-once"
    if not first.exists():
        first.touch()
        os._exit(1)
    return annotate_batch(articles, version)


def test_a_worker_that_dies_loses_only_its_batch_and_an_article_that_kills_it_is_named(tmp_path):
    folder = tmp_path / "archive"
    made = write_archive(folder, count=10)
    poison = folder / "wire" / "poison.txt"
    poison.write_text("Title: POISON\nDate: 2022-01-05\n\nA worker dies reading this article.\n", encoding="utf-8")
    marks = tmp_path / "marks"
    marks.mkdir()
    reported: list[str] = []
    cache_path = tmp_path / "annotations.sqlite"
    # A batch may outlive one worker: at the second death it is taken for bad.
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), connect("local:2") as client:
        summary = annotate_on_cluster(client, [folder], AnnotationCache(cache_path), report=quiet(reported),
                                      task=functools.partial(dying, marks=str(marks)), size=3)
    assert (marks / "died-once").exists()
    assert [line for line in reported if "poison" in line] == [
        f"error: {poison}: the cluster could not annotate this article (its worker died on it each time)"]
    assert summary.annotated == len(made["good"]) + len(made["briefing"])
    assert len(entries(cache_path)) == summary.annotated
    assert summary.failed == len(made["bad_read"]) + len(made["bad_annotate"]) + 1


def test_workers_of_another_annotator_version_stop_the_run(archive, client, tmp_path, monkeypatch):
    folder, _ = archive
    monkeypatch.setattr(briefings.cluster, "annotator_version", lambda: "0123456789abcdef")
    cache_path = tmp_path / "annotations.sqlite"
    with pytest.raises(ClusterError, match="annotators or model differ from the client's"):
        annotate_on_cluster(client, [folder], AnnotationCache(cache_path), report=quiet([]))
    assert entries(cache_path) == {}


def test_the_command_prints_nothing_and_reports_on_stderr(tmp_path):
    folder = tmp_path / "few"
    folder.mkdir()
    (folder / "one.txt").write_text("Title: One\nDate: 2022-02-02\n\nThe mayor of Porto said on Monday that the "
                                    "harbour would reopen.\n", encoding="utf-8")
    (folder / "two.txt").write_text("Title: Two\nDate: 2022-13-02\n\nThe council met.\n", encoding="utf-8")
    briefings_command = Path(sys.executable).with_name("briefings")
    run = subprocess.run([str(briefings_command), "annotate", "--cluster", "local:1", "--cache",
                          str(tmp_path / "c.sqlite"), str(folder)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert lines[0].startswith(f"error: {folder / 'two.txt'}:2: ")
    assert lines[-1].startswith("2 sources: 1 articles annotated on the cluster")
    assert len(entries(tmp_path / "c.sqlite")) == 1


@pytest.mark.parametrize("arguments, message", [
    (["--cluster", "local:0"], "write local:N with N workers"),
    (["--cluster", "local:two"], "write local:N with N workers"),
    (["--cluster", "local:2", "--date", "2022-01-01"], "--date and --format do not go with it"),
    (["--cache", "c.sqlite"], "--cache goes with --cluster"),
])
def test_bad_cluster_options_are_one_line(arguments, message, tmp_path, capsys):
    from briefings.cli import main

    assert main(["annotate", *arguments, str(tmp_path)]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err and captured.err.count("\n") == 1


def slow(articles, version):
    """The workers' task, slow enough that the workers are gone before it ends."""
    import time

    time.sleep(60)
    return annotate_batch(articles, version)


def test_a_cluster_left_without_workers_stops_the_run_on_one_line(tmp_path, monkeypatch):
    folder = tmp_path / "archive"
    write_archive(folder, count=6)
    monkeypatch.setattr(briefings.cluster, "NO_WORKERS", 1.0)
    cache_path = tmp_path / "annotations.sqlite"
    with connect("local:1") as client:
        # All the workers gone for good, as when their machines are lost.
        client.loop.call_later(3, lambda: client.cluster.scale(0))
        with pytest.raises(ClusterError, match=r"^the cluster has had no workers for 1 s: what was annotated is "
                                               r"stored; run again when it has some$"):
            annotate_on_cluster(client, [folder], AnnotationCache(cache_path), report=quiet([]), task=slow)
    assert entries(cache_path) == {}
