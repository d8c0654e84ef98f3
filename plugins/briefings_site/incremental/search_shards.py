"""The search index, shard by shard: only the shards whose pages changed are
indexed again (see search.py for the shards themselves).

Pagefind cannot update an index, only make it anew, which takes seconds at
a few thousand pages. A shard is indexed again only when what Pagefind
reads of its pages changed: a rebuild after one briefing changed indexes
one shard. What Pagefind reads is a page less the sections it is told to
ignore whole (``data-pagefind-ignore="all"``: Read more, say, which changes
on many pages when one briefing changes). A record per output folder keeps,
for each shard, its pages' times, sizes and digests of what Pagefind reads.

Once Pelican has written the briefings' pages, the stale shards are
indexed in the background (a few at a time) while the rest of the site is
made, and the build waits for them at its end (:class:`Indexing`); a build
that removes a briefing's page indexes at the end, once the page is gone.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from briefings.files import shard_of, write_whole
from briefings_site.folders import output_name
from briefings_site.search import index_shard, indexed_pages, pages_of, work_prefix

log = logging.getLogger(__name__)

#: Bumped when what is recorded of the shards changes meaning.
RECORD_VERSION = 2
#: A section Pagefind reads nothing of (Pagefind's "index" mode of
#: ``data-pagefind-ignore`` would still read its filters and metadata).
_IGNORED = re.compile(r"""<(section|aside|div|nav)\b[^>]*\bdata-pagefind-ignore=["']all["'].*?</\1>""",
                      re.DOTALL | re.IGNORECASE)


@dataclass
class Indexing:
    """The Pagefind runs of one build, by shard, and the record to keep once
    they end."""

    record_path: Path
    record: dict
    runs: dict[int, Future] = field(default_factory=dict)

    def wait(self) -> None:
        for number, run in sorted(self.runs.items()):
            reason = run.result()
            if reason is not None:
                log.error("the search index could not be built (pagefind: %s)", reason)
                self.record["shards"].pop(str(number), None)  # indexed again next time
        write_whole(self.record_path, json.dumps(self.record).encode("utf-8"))


def index_stale_shards(output: str, settings, count: int, folder: Path) -> Indexing:
    """Start indexing the shards of ``output`` whose pages changed since the
    record in ``folder`` was made (the runs go on in the background)."""
    pages = pages_of(Path(output), indexed_pages(settings))
    record_path = folder / f"{output_name(output)}.json"  # one record per output folder
    kept = _read_record(record_path)
    layout = {"version": RECORD_VERSION, "pagefind": _pagefind_version(), "count": count}
    if {key: kept.get(key) for key in layout} != layout:
        shutil.rmtree(Path(output) / "pagefind", ignore_errors=True)  # another layout or Pagefind: all anew
        kept = {}
    known = {url: entry for shard in kept.get("shards", {}).values() for url, entry in shard.items()}
    shards: dict[str, dict[str, list]] = {str(number): {} for number in range(count)}
    for url, path in pages.items():
        shards[str(shard_of(url, count))][url] = _page_entry(path, known.get(url))
    indexing = Indexing(record_path, {**layout, "shards": shards})
    runner = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)  # a few Pagefind runs at a time
    for number in range(count):
        index = Path(output) / "pagefind" / f"shard-{number}"
        current = {url: entry[2] for url, entry in shards[str(number)].items()}
        before = {url: entry[2] for url, entry in kept.get("shards", {}).get(str(number), {}).items()}
        if current and (current != before or not shard_is_whole(index, len(current))):
            files = [pages[url].relative_to(output).as_posix() for url in current]
            indexing.runs[number] = runner.submit(index_shard, files, Path(output),
                                                  work_prefix(settings, output, number), index)
        elif not current:
            shutil.rmtree(index, ignore_errors=True)
    runner.shutdown(wait=False)  # the runs go on in the background; wait() collects them
    return indexing


def shard_is_whole(index: Path, pages: int) -> bool:
    """Whether the shard's index at ``index`` is one Pagefind finished, of
    ``pages`` pages: its entry file reads, and names the files it needs,
    which are there. (A record says what was indexed, not that the index is
    still whole: a build stopped or run twice at once could break it.)"""
    try:
        entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        counted = sum(int(language["page_count"]) for language in languages)
        needed = [index / "pagefind.js", *(index / f"pagefind.{language['hash']}.pf_meta" for language in languages),
                  *(index / f"wasm.{language['wasm']}.pagefind" for language in languages)]
        fragments = sum(1 for _ in (index / "fragment").iterdir())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return counted == pages and fragments >= pages and all(path.is_file() for path in needed)


def _pagefind_version() -> str | None:
    """Pagefind's version: shards of two versions must not be merged."""
    try:
        return version("pagefind")
    except PackageNotFoundError:
        return None


def _page_entry(path: Path, known: list | None) -> list:
    """[modification time, size, digest of what Pagefind reads]; the digest
    is taken again only when the file's time or size changed."""
    stat = path.stat()
    if known and known[:2] == [stat.st_mtime_ns, stat.st_size]:
        return known
    text = _IGNORED.sub("", path.read_text(encoding="utf-8", errors="replace"))
    return [stat.st_mtime_ns, stat.st_size, hashlib.sha256(text.encode("utf-8")).hexdigest()]


def _read_record(path: Path) -> dict:
    """The record of the last build's shards; none if missing or damaged, so
    that every shard is indexed again."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    try:
        valid = all(isinstance(number, str) and all(
            isinstance(url, str) and isinstance(entry, list) and len(entry) == 3
            and isinstance(entry[0], int) and isinstance(entry[1], int) and isinstance(entry[2], str)
            for url, entry in shard.items()) for number, shard in record["shards"].items())
    except (TypeError, KeyError, AttributeError):
        valid = False
    return record if valid else {}
