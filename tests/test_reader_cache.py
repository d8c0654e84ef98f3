"""Pelican's cache of what the readers read, in shards: a rebuild writes
the shards of what it read anew, and nothing else."""

from __future__ import annotations

import logging

from site_build import build_site, copy_example_content, soup


def shards(cache):
    return {path: path.stat().st_mtime_ns
            for path in cache.glob("pelican/briefings/*/readers/ArticlesGenerator-Readers.shards-*/*")}


def test_a_rebuild_writes_the_shard_of_the_changed_source_alone(tmp_path):
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    first = shards(tmp_path / "cache")
    assert len(first) > 1
    assert not list((tmp_path / "cache").glob("pelican/**/ArticlesGenerator-Readers"))  # Pelican's own: none

    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    assert shards(tmp_path / "cache") == first  # nothing read anew, nothing written

    source = content / "raw" / "nato-russia-council-brussels.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("Brussels", "Brussels, Belgium", 1),
                      encoding="utf-8")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    after = shards(tmp_path / "cache")
    assert after.keys() == first.keys()
    assert sum(after[path] != first[path] for path in first) == 1


def test_a_damaged_shard_is_read_again(tmp_path, caplog):
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    expected = soup(tmp_path / "out" / "index.html").select("main .card")
    for path in shards(tmp_path / "cache"):
        path.write_bytes(b"damaged")
    with caplog.at_level(logging.WARNING):
        assert build_site(content, tmp_path / "out", tmp_path / "cache", BRIEFINGS_SEARCH=False) == []
    assert "damaged" in caplog.text
    assert soup(tmp_path / "out" / "index.html").select("main .card") == expected
    assert all(path.read_bytes() != b"damaged" for path in shards(tmp_path / "cache"))
