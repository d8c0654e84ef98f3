"""Pelican's cache of what its readers read, kept in shards.

Pelican keeps its readers' cache in one pickle, and writes it whole again
after every build: after one briefing changed, a rebuild of 2,000
briefings spent 0.2 s writing 18 MB, and one of 20,000 two seconds. The
cache is kept instead in shards, files by a hash of the source path, in the
engine's folder of the code's version (a briefing read by other code is
read again), and a build writes only the shards of the sources it read
anew (none if it read none). Pelican's own file is neither written nor
used: the shards are loaded in its place, on first use or by :meth:`load`.

A file skipped for bad input is not cached: it must be read, and reported,
again on the next build, not served from the cache as a silent skip.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

from briefings.files import shard_of, write_whole
from briefings_site.incremental.compat import ReadersCache

log = logging.getLogger(__name__)

SHARDS = 64


class ShardedCache:
    """The content cache of one Pelican ``Readers`` object, in shards under
    ``folder``."""

    def __init__(self, readers, folder: Path):
        self._pelican = ReadersCache(readers)
        self._folder = folder
        self._loaded = False
        self._read: set[str] = set()
        self._get_cached_data, self._cache_data = self._pelican.replace(self.get_cached_data, self.cache_data,
                                                                         self.save)

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
        if self._loaded:
            return
        self._loaded = True
        self._pelican.entries = {}  # not Pelican's own file, which another build's code may have written
        if not self._pelican.loads:
            return
        for number in range(SHARDS):
            path = self._shards() / f"{number}.pickle"
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
                self._pelican.entries.update(shard)

    def save(self) -> None:
        """Write the shards that hold the sources read anew."""
        if not self._pelican.saves or not self._read:
            return
        shards: dict[int, dict] = {shard_of(path, SHARDS): {} for path in self._read}
        for path, entry in self._pelican.entries.items():
            number = shard_of(path, SHARDS)
            if number in shards:
                shards[number][path] = entry
        for number, shard in shards.items():
            path = self._shards() / f"{number}.pickle"
            try:
                write_whole(path, pickle.dumps(shard, protocol=pickle.HIGHEST_PROTOCOL))
            except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:  # as Pelican's own
                log.warning("%s: could not save the cache of what was read (%s)", path, error)
        self._read.clear()

    def _shards(self) -> Path:
        """A folder per cache (known once Pelican set its cacher up)."""
        return self._folder / f"{self._pelican.name}.shards-{SHARDS}"
