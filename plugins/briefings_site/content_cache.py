"""Pelican's own content cache, kept from serving what other code read.

Pelican's content cache (``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``) keeps
what the readers made of each source and serves it while the source is
unchanged. The plugin's readers make briefings with the annotators: a
briefing made by another version of Briefings must not be served. The
incremental engine keeps its own readers' cache, in a folder of the code's
version (incremental/reader_cache.py); Pelican's own cache is used when the
engine is off, or caches at the generators' level. So each build records
the version of the code it leaves Pelican's cache from, and the first build
of other code has Pelican ignore that cache (and write it anew), as
``pelican --ignore-cache`` does.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from briefings.cache import code_version
from briefings.files import write_whole
from briefings_site.settings import cache_dir

log = logging.getLogger(__name__)


class ContentCache:
    """Pelican's content cache for one build (``engine_reads`` when the
    incremental engine keeps the readers' cache in its place)."""

    def __init__(self, settings, engine_reads: bool):
        self.settings = settings
        pelican_reads = not engine_reads or settings["CONTENT_CACHING_LAYER"] == "generator"
        self.used = pelican_reads and bool(settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"])
        self.record_path = Path(cache_dir(settings)) / "pelican-cache.json"
        self.key = os.path.realpath(settings["CACHE_PATH"])
        #: The setting as the user gave it, while this build ignores the cache.
        self.given: bool | None = None

    def ignore_if_stale(self) -> None:
        """Before Pelican loads it: ignore a cache another version of the
        code left (or one of unknown origin)."""
        if not self.used or not self.settings["LOAD_CONTENT_CACHE"] or self._recorded() == code_version():
            return
        log.info("%s: Pelican's content cache is ignored for this build: it was written by other code",
                 self.settings["CACHE_PATH"])
        self.given = self.settings["LOAD_CONTENT_CACHE"]
        self.settings["LOAD_CONTENT_CACHE"] = False

    def restore(self) -> None:
        """Once Pelican has made its generators (and loaded its caches):
        the setting as given again."""
        if self.given is not None:
            self.settings["LOAD_CONTENT_CACHE"], self.given = self.given, None

    def record(self) -> None:
        """At the end of the build: Pelican's cache is this code's."""
        if self.used and self._recorded() != code_version():
            records = self._records()
            records[self.key] = code_version()
            write_whole(self.record_path, json.dumps(records, sort_keys=True).encode("utf-8"))

    def _recorded(self) -> str | None:
        return self._records().get(self.key)

    def _records(self) -> dict[str, str]:
        try:
            records = json.loads(self.record_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return records if isinstance(records, dict) else {}
