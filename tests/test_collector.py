"""A build keeps what it holds out of the garbage collector's walks, and the
next build in the same process (``pelican --autoreload``) reclaims what the first
one dropped."""

from __future__ import annotations

import gc
import weakref

from pelican import signals

from site_build import build_site, copy_example_content


class Cycle:
    def __init__(self):
        self.me = self


def test_a_build_freezes_what_it_holds_and_the_next_build_reclaims_it(tmp_path):
    content = copy_example_content(tmp_path / "content")
    held: list[Cycle] = []

    def make_cycle(generator):
        held.append(Cycle())

    signals.article_generator_finalized.connect(make_cycle)
    try:
        assert build_site(content, tmp_path / "output", tmp_path / "cache") == []
    finally:
        signals.article_generator_finalized.disconnect(make_cycle)
    cycle = weakref.ref(held.pop())
    gc.collect()
    assert cycle() is not None  # frozen by the build: no collection walks it

    assert build_site(content, tmp_path / "output", tmp_path / "cache") == []
    assert cycle() is None


def test_nothing_is_collected_while_pelican_reads_its_cache(tmp_path, monkeypatch):
    from pelican.cache import FileDataCacher

    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "output", tmp_path / "cache") == []
    collecting = []
    read_cache = FileDataCacher.__init__

    def recorded(self, *args, **kwargs):
        collecting.append(gc.isenabled())
        read_cache(self, *args, **kwargs)

    monkeypatch.setattr(FileDataCacher, "__init__", recorded)
    assert build_site(content, tmp_path / "output", tmp_path / "cache") == []
    assert collecting[0] is False  # the articles' cache, read first
    assert gc.isenabled()
