"""Pelican's cache of what its readers read, kept in shards.

Pelican keeps its readers' cache in one pickle, and writes it whole again
after every build: after one briefing changed, a rebuild of 2,000
briefings spent 0.2 s writing 18 MB, and one of 20,000 two seconds. The
cache is kept instead in shards, files by a hash of the source path, and a
build writes only the shards of the sources it read anew (none if it read
none). Pelican's own file is never written, so Pelican loads nothing: the
shards are loaded in its place, on first use or by :func:`load`.

A file skipped for bad input is not cached: it must be read, and reported,
again on the next build, not served from the cache as a silent skip.

This reaches into Pelican's cacher (``_cache``, ``_cache_path``, and its
methods, replaced on the readers object).
"""

from __future__ import annotations

import logging
import os
import pickle
from pathlib import Path

from briefings.files import shard_of, write_whole

log = logging.getLogger(__name__)

SHARDS = 64


def use_shards(readers) -> None:
    """Keep the cache of ``readers`` (a Pelican ``Readers``, just made) in
    shards."""
    readers._briefings_shards = _ShardedCache(readers)


def load(readers) -> None:
    """Load the cache of ``readers`` now, if not yet loaded."""
    cache = getattr(readers, "_briefings_shards", None)
    if cache is not None:
        cache.load()


class _ShardedCache:
    def __init__(self, readers):
        self._readers = readers
        self._get_cached_data = readers.get_cached_data
        self._cache_data = readers.cache_data
        self._loaded = False
        self._read: set[str] = set()
        readers.get_cached_data = self.get_cached_data
        readers.cache_data = self.cache_data
        readers.save_cache = self.save

    def get_cached_data(self, path, default=None):
        self.load()
        return self._get_cached_data(path, default)

    def cache_data(self, path, data):
        if data[1].get("status") != "skip":
            self.load()  # so that a later load keeps what was cached since
            self._cache_data(path, data)
            self._read.add(path)

    def load(self) -> None:
        """Fill the readers' cache from the shards (a damaged shard is left
        out: its sources are read again)."""
        settings = self._readers.settings
        # As Pelican decides whether to load a readers' cache (one with no
        # name has no file of its own).
        loads = (settings["CONTENT_CACHING_LAYER"] == "reader" and settings["LOAD_CONTENT_CACHE"]
                 and os.path.basename(self._readers._cache_path) != "")
        if self._loaded:
            return
        self._loaded = True
        if not loads:
            return
        for number in range(SHARDS):
            path = self._folder() / f"{number}.pickle"
            try:
                with open(path, "rb") as file:
                    shard = pickle.load(file)
            except FileNotFoundError:
                continue
            except Exception as error:  # unpickling damaged data can raise almost anything
                log.warning("%s: the cache of what was read is damaged: its sources are read again (%s)",
                            path, error)
                continue
            if isinstance(shard, dict):
                self._readers._cache.update(shard)

    def save(self) -> None:
        """Write the shards that hold the sources read anew."""
        if not self._readers._cache_data_policy or not self._read:
            return
        shards: dict[int, dict] = {shard_of(path, SHARDS): {} for path in self._read}
        for path, entry in self._readers._cache.items():
            number = shard_of(path, SHARDS)
            if number in shards:
                shards[number][path] = entry
        for number, shard in shards.items():
            path = self._folder() / f"{number}.pickle"
            try:
                write_whole(path, pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:  # as Pelican's own
                log.warning("%s: could not save the cache of what was read (%s)", path, error)
        self._read.clear()

    def _folder(self) -> Path:
        """Beside Pelican's own file (known once its cacher is set up)."""
        return Path(f"{self._readers._cache_path}.shards-{SHARDS}")

