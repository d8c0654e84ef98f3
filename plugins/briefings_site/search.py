"""Pagefind's search index of the built site, in shards.

Pagefind is given only the briefings' pages: they are the pages the theme
marks for indexing (``data-pagefind-body``), and reading the others too
(players, lists) would triple its time.

The pages are split into shards by a stable hash of their URL, each shard
its own index under ``pagefind/shard-N/``, and the search page merges them
(Pagefind's ``mergeIndex``; each shard ranks its results by its own
statistics): so that the incremental engine can index again only the
shards whose pages changed (see incremental/search_shards.py). Without the
engine, every shard is indexed anew at the end of the build
(:func:`index_site`). A shard is replaced only once Pagefind has made its
new index, so a failure leaves the last good one in place.
"""

from __future__ import annotations

import contextlib
import glob
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
from concurrent.futures import ThreadPoolExecutor
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from types import MappingProxyType

from briefings.files import shard_of
from briefings_site.folders import output_name
from briefings_site.settings import cache_dir

log = logging.getLogger(__name__)

#: Shards at most: the search page fetches a part of each for each search.
MAX_SHARDS = 16


def shard_count(pages: int, per_shard: int) -> int:
    """How many shards ``pages`` pages are split into (a power of two, each
    of about ``per_shard`` pages at most)."""
    wanted = math.ceil(pages / max(per_shard, 1))
    return min(MAX_SHARDS, 1 << max(wanted - 1, 0).bit_length())


def plan(settings, pages: list[str]) -> tuple[int, list[str]]:
    """How many shards this build has, and the folders of those that hold
    pages (the search page lists them), ``pages`` being the output files
    of its briefings."""
    pattern = indexed_pages(settings)
    pages = [page for page in pages if indexed(page, pattern)]
    count = shard_count(len(pages), settings["BRIEFINGS_SEARCH_SHARD_PAGES"])
    return count, [f"pagefind/shard-{number}/" for number in sorted({shard_of(url_of(page), count) for page in pages})]


def indexed_pages(settings) -> str:
    """The glob of the briefings' pages: ``ARTICLE_SAVE_AS`` with each date
    field as the digits it writes (``{date:%Y}`` is four), so that dated
    addresses (``2021/12/29/slug/``) name no other page of as many folders
    (``players/nato/timeline/``), and a ``*`` for every other field."""
    return re.sub(r"\{[^}]*\}", _field_glob, settings["ARTICLE_SAVE_AS"])


#: What a date's strftime directives write, as globs.
_DIRECTIVES = MappingProxyType({"Y": "[0-9]" * 4, "m": "[0-9]" * 2, "d": "[0-9]" * 2, "y": "[0-9]" * 2,
                                "H": "[0-9]" * 2, "M": "[0-9]" * 2, "j": "[0-9]" * 3})


def _field_glob(match: re.Match) -> str:
    field = match.group(0)[1:-1]
    name, _, spec = field.partition(":")
    if name.split(".")[0] != "date" or not spec:
        return "*"
    out, rest = [], spec
    while rest:
        if rest.startswith("%") and len(rest) > 1:
            out.append(_DIRECTIVES.get(rest[1], "*"))
            rest = rest[2:]
        else:
            out.append("[" + rest[0] + "]" if rest[0] in "*?[]" else rest[0])
            rest = rest[1:]
    return re.sub(r"\*+", "*", "".join(out))


def pages_of(output: Path, pattern: str) -> dict[str, Path]:
    """The pages the glob names under ``output``, by URL path."""
    pages = {}
    for path in output.glob(pattern):
        relative = path.relative_to(output).as_posix()
        if indexed(relative, pattern):
            pages[url_of(relative)] = path
    return pages


def indexed(page: str, pattern: str) -> bool:
    """Whether the output file ``page`` is a page to index: one the glob
    names, outside Pagefind's own folder."""
    return matches(page, pattern) and PurePosixPath(page).parts[0] != "pagefind"


def matches(name: str, pattern: str) -> bool:
    """Whether the output file ``name`` is one the glob ``pattern`` names
    (where ``*`` never spans folders)."""
    parts, wanted = PurePosixPath(name).parts, PurePosixPath(pattern).parts
    return len(parts) == len(wanted) and all(map(fnmatchcase, parts, wanted))


def url_of(page: str) -> str:
    """The URL path of the output file ``page``, as Pagefind gives it."""
    return "/" + page.removesuffix("index.html")


def work_prefix(settings, output: str, shard: int) -> Path:
    """Where Pagefind's runs for a shard of ``output`` keep their
    configuration (in the plugin's folder, which the build holds locked)."""
    return Path(cache_dir(settings)) / "search-work" / f"{output_name(output)}-shard-{shard}"


def index_site(output: str, settings, count: int) -> None:
    """Index every shard of the site in ``output`` anew (a few at a time),
    and remove what ``pagefind/`` holds besides."""
    pages = pages_of(Path(output), indexed_pages(settings))
    shards: dict[int, list[str]] = {}
    for url, path in sorted(pages.items()):
        shards.setdefault(shard_of(url, count), []).append(path.relative_to(output).as_posix())
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as runner:
        runs = {number: runner.submit(index_shard, files, Path(output), work_prefix(settings, output, number),
                                      Path(output) / "pagefind" / f"shard-{number}")
                for number, files in shards.items()}
    for _, run in sorted(runs.items()):
        if (reason := run.result()) is not None:
            log.error("the search index could not be built (pagefind: %s)", reason)
    folder = Path(output) / "pagefind"
    if folder.is_dir():
        for entry in folder.iterdir():
            if entry.name in {f"shard-{number}" for number in shards}:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        if not any(folder.iterdir()):
            folder.rmdir()


def index_shard(files: list[str], site: Path, work_prefix: Path, index: Path) -> str | None:
    """Index one shard's pages (``files``, relative to ``site``) into
    ``index``; None, or why it failed.

    Pagefind reads the site itself, given the shard's files as one glob in
    a configuration file (on a command line, a large shard's would be too
    long, in a folder of its own named after ``work_prefix``), and writes
    its index beside ``index`` under a name of its own, which replaces
    ``index`` once it succeeded. This may run in a thread beside the build:
    it does next to no work in Python, which would wait for the build's own.
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
