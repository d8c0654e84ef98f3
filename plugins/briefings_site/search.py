"""Pagefind's search index of the built site, in shards.

Pagefind is given only the briefings' pages: they are the pages the theme
marks for indexing (``data-pagefind-body``), and reading the others too
(players, lists) would triple its time.

Pagefind cannot update an index, only make it anew, which takes seconds at
a few thousand pages. So the pages are split into shards by a stable hash
of their URL, each shard its own index under ``pagefind/shard-N/``, and the
search page merges them (Pagefind's ``mergeIndex``; each shard ranks its
results by its own statistics). A shard is indexed again only when what
Pagefind reads of its pages changed: a rebuild after one briefing changed
indexes one shard. What Pagefind reads is a page less the sections it is
told to ignore whole (``data-pagefind-ignore="all"``: Read more, say, which
changes on many pages when one briefing changes).

Once Pelican has written the briefings' pages, the stale shards are
indexed in the background (a few at a time) while the rest of the site is
made, and the build waits for them at its end; a build that removes a
briefing's page indexes at the end, once the page is gone. A shard is
replaced only once Pagefind has made its new index, so a failure leaves
the last good one in place.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import logging
import math
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from briefings.files import shard_of, write_whole
from briefings_site.writer import ChangedFilesWriter, output_name

log = logging.getLogger(__name__)

#: Pages a shard holds at most, about, before the site is split further
#: (setting BRIEFINGS_SEARCH_SHARD_PAGES); the shards are a power of two.
SHARD_PAGES = 250
#: Shards at most: the search page fetches a part of each for each search.
MAX_SHARDS = 16
#: Bumped when what is recorded of the shards changes meaning.
RECORD_VERSION = 2
#: A section Pagefind reads nothing of (Pagefind's "index" mode of
#: ``data-pagefind-ignore`` would still read its filters and metadata).
_IGNORED = re.compile(r"""<(section|aside|div|nav)\b[^>]*\bdata-pagefind-ignore=["']all["'].*?</\1>""",
                      re.DOTALL | re.IGNORECASE)

#: The indexing of each build in progress, and its number of shards, by
#: the build's settings.
_RUNNING: dict[int, _Indexing] = {}
_COUNTS: dict[int, int] = {}


def shard_count(pages: int, per_shard: int = SHARD_PAGES) -> int:
    """How many shards ``pages`` pages are split into."""
    wanted = math.ceil(pages / max(per_shard, 1))
    return min(MAX_SHARDS, 1 << max(wanted - 1, 0).bit_length())


def plan_shards(settings, pages: list[str]) -> list[str]:
    """The output folders of this build's shards that hold pages, ``pages``
    being the output files of its briefings (the search page lists them)."""
    glob = indexed_pages(settings)
    pages = [page for page in pages if _indexed(page, glob)]
    count = _COUNTS[id(settings)] = shard_count(len(pages), settings["BRIEFINGS_SEARCH_SHARD_PAGES"])
    return [f"pagefind/shard-{number}/" for number in sorted({shard_of(_url(page), count) for page in pages})]


def start(generator, writer) -> None:
    """Index the stale shards now that the briefings' pages are written,
    unless a page of the last build is still to be removed."""
    settings = generator.settings
    if not settings["BRIEFINGS_SEARCH"] or not isinstance(writer, ChangedFilesWriter):
        return
    glob = indexed_pages(settings)
    if any(_matches(name, glob) for name in writer.not_yet_written()):
        return
    earlier = _RUNNING.pop(id(settings), None)
    if earlier is not None:  # a build of this process that failed before its end (autoreload)
        earlier.wait()
    _RUNNING[id(settings)] = _index_stale_shards(generator.output_path, settings)


def complete(pelican) -> None:
    """At the end of the build: wait for the shards, or index them now."""
    settings = pelican.settings
    indexing = _RUNNING.pop(id(settings), None)
    if indexing is None and settings["BRIEFINGS_SEARCH"]:
        indexing = _index_stale_shards(pelican.output_path, settings)
    _COUNTS.pop(id(settings), None)
    if indexing is not None:
        indexing.wait()


def indexed_pages(settings) -> str:
    """The glob of the briefings' pages (``ARTICLE_SAVE_AS`` with a ``*`` for
    each field)."""
    return re.sub(r"\{[^}]*\}", "*", settings["ARTICLE_SAVE_AS"])


@dataclass
class _Indexing:
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


def _index_stale_shards(output: str, settings) -> _Indexing:
    pages = _pages(Path(output), indexed_pages(settings))
    count = _COUNTS.get(id(settings)) or shard_count(len(pages), settings["BRIEFINGS_SEARCH_SHARD_PAGES"])
    folder = Path(settings["CACHE_PATH"]) / "search-shards"
    name = output_name(output)  # one record per output folder
    record_path = folder / f"{name}.json"
    kept = _read_record(record_path)
    layout = {"version": RECORD_VERSION, "pagefind": _pagefind_version(), "count": count}
    if {key: kept.get(key) for key in layout} != layout:
        shutil.rmtree(Path(output) / "pagefind", ignore_errors=True)  # another layout or Pagefind: all anew
        kept = {}
    known = {url: entry for shard in kept.get("shards", {}).values() for url, entry in shard.items()}
    shards: dict[str, dict[str, list]] = {str(number): {} for number in range(count)}
    for url, path in pages.items():
        shards[str(shard_of(url, count))][url] = _page_entry(path, known.get(url))
    indexing = _Indexing(record_path, {**layout, "shards": shards})
    runner = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)  # a few Pagefind runs at a time
    for number in range(count):
        index = Path(output) / "pagefind" / f"shard-{number}"
        current = {url: entry[2] for url, entry in shards[str(number)].items()}
        before = {url: entry[2] for url, entry in kept.get("shards", {}).get(str(number), {}).items()}
        if current and (current != before or not shard_is_whole(index, len(current))):
            files = [pages[url].relative_to(output).as_posix() for url in current]
            indexing.runs[number] = runner.submit(_index_shard, files, Path(output), folder / f"{name}-{index.name}",
                                                  index)
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


def _index_shard(files: list[str], site: Path, work_prefix: Path, index: Path) -> str | None:
    """Index one shard's pages (``files``, relative to ``site``) into
    ``index``; None, or why it failed.

    Pagefind reads the site itself, given the shard's files as one glob in
    a configuration file (on a command line, a large shard's would be too
    long, in a folder of its own named after ``work_prefix``), and writes its index
    beside ``index`` under a name of its own, which replaces ``index`` once
    it succeeded. This runs in a thread beside the build: it does next to no
    work in Python, which would wait for the build's own.
    """
    try:
        index.parent.mkdir(parents=True, exist_ok=True)
        work_prefix.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(index, work_prefix)
        made = Path(tempfile.mkdtemp(dir=index.parent, prefix=f".{index.name}.", suffix=".new"))
        work = Path(tempfile.mkdtemp(dir=work_prefix.parent, prefix=f"{work_prefix.name}."))
    except OSError as error:
        return str(error)
    try:
        (work / "pagefind.json").write_text(json.dumps({"glob": _glob_of(files)}), encoding="utf-8")
        # The folders as flags, which outrank the environment; the glob
        # (from the file, which does not) out of the environment.
        environment = {name: value for name, value in os.environ.items() if name not in _OUR_PAGEFIND_VARIABLES}
        command = [sys.executable, "-m", "pagefind", "--site", str(site.resolve()),
                   "--output-path", str(made.resolve()), "--quiet"]
        run = subprocess.run(command, cwd=work, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True)
        if run.returncode != 0:
            return (run.stderr.strip().splitlines() or ["no message"])[-1]
        old = index.with_name(f".{index.name}.{made.name}.old")
        with contextlib.suppress(FileNotFoundError):
            os.rename(index, old)  # moved away whole, then removed: never a half-removed shard in its place
        os.rename(made, index)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as error:
        return str(error)
    finally:
        shutil.rmtree(made, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    return None


def _remove_leftovers(index: Path, work_prefix: Path) -> None:
    """Remove what a stopped build left of its runs for ``index`` (the
    build holds the lock of its output and cache folders: no other build
    is running there)."""
    leftovers = [*index.parent.glob(f".{glob.escape(index.name)}.*"),
                 *work_prefix.parent.glob(f"{glob.escape(work_prefix.name)}.*"), work_prefix]
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


#: What Pagefind would otherwise take from the environment over the
#: configuration file: the glob, and the older names of the folders.
_OUR_PAGEFIND_VARIABLES = frozenset({"PAGEFIND_GLOB", "PAGEFIND_SOURCE", "PAGEFIND_BUNDLE_DIR",
                                     "PAGEFIND_OUTPUT_SUBDIR"})


def _glob_of(files: list[str]) -> str:
    """A glob of exactly ``files``: their folder in common, then each one's
    rest (so that Pagefind need only walk that folder)."""
    folder = posixpath.commonpath([posixpath.dirname(name) for name in files])
    start = len(folder) + 1 if folder else 0
    alternatives = ",".join(_literal_glob(name[start:]) for name in files)
    return f"{_literal_glob(folder)}/{{{alternatives}}}" if folder else f"{{{alternatives}}}"


def _literal_glob(path: str) -> str:
    """A glob that matches ``path``: Pagefind's globs escape their special
    characters with a backslash. A backslash itself cannot be escaped: it
    matches any one character (the glob may then match another page)."""
    return "?".join(re.sub(r"([?*$:<>()\[\]{},])", r"\\\1", part) for part in path.split("\\"))


def _pages(output: Path, glob: str) -> dict[str, Path]:
    """The pages the glob names under ``output``, by URL path."""
    pages = {}
    for path in output.glob(glob):
        relative = path.relative_to(output).as_posix()
        if _indexed(relative, glob):
            pages[_url(relative)] = path
    return pages


def _indexed(page: str, glob: str) -> bool:
    """Whether the output file ``page`` is a page to index: one the glob
    names, outside Pagefind's own folder."""
    return _matches(page, glob) and PurePosixPath(page).parts[0] != "pagefind"


def _url(page: str) -> str:
    """The URL path of the output file ``page``, as Pagefind gives it."""
    return "/" + page.removesuffix("index.html")


def _page_entry(path: Path, known: list | None) -> list:
    """[modification time, size, digest of what Pagefind reads]; the digest
    is taken again only when the file's time or size changed."""
    stat = path.stat()
    if known and known[:2] == [stat.st_mtime_ns, stat.st_size]:
        return known
    text = _IGNORED.sub("", path.read_text(encoding="utf-8", errors="replace"))
    return [stat.st_mtime_ns, stat.st_size, hashlib.sha256(text.encode("utf-8")).hexdigest()]


def _matches(name: str, pages: str) -> bool:
    """Whether the output file ``name`` is one the glob ``pages`` names
    (where ``*`` never spans folders)."""
    parts, pattern = PurePosixPath(name).parts, PurePosixPath(pages).parts
    return len(parts) == len(pattern) and all(map(fnmatchcase, parts, pattern))


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
