"""Pagefind's search index of the built site.

Pagefind is given only the briefings' pages: they are the pages the theme
marks for indexing (``data-pagefind-body``), and reading the others too
(players, lists) would triple its time. Once Pelican has written them, it
runs in the background while the rest of the site is made, and the build
waits for it at its end; a build that removes a briefing's page runs it at
the end, once the page is gone.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from fnmatch import fnmatchcase
from itertools import takewhile
from pathlib import Path, PurePosixPath

from briefings_site.writer import ChangedFilesWriter

log = logging.getLogger(__name__)

#: The Pagefind run of each build in progress, by its settings.
_RUNNING: dict[int, subprocess.Popen] = {}


def start(generator, writer) -> None:
    """Index the briefings' pages now that they are written, unless the
    index is current or a page of the last build is still to be removed."""
    settings = generator.settings
    pages = indexed_pages(settings)
    if not settings["BRIEFINGS_SEARCH"] or not isinstance(writer, ChangedFilesWriter):
        return
    if any(_matches(name, pages) for name in writer.not_yet_written()):
        return
    if not _is_current(Path(generator.output_path), pages):
        _RUNNING[id(settings)] = _pagefind(generator.output_path, pages)


def complete(pelican) -> None:
    """At the end of the build: wait for the index, or build it now."""
    settings = pelican.settings
    process = _RUNNING.pop(id(settings), None)
    pages = indexed_pages(settings)
    if process is None and settings["BRIEFINGS_SEARCH"] and not _is_current(Path(pelican.output_path), pages):
        process = _pagefind(pelican.output_path, pages)
    if process is not None:
        _, errors = process.communicate()
        if process.returncode != 0:
            reason = (errors.strip().splitlines() or ["no message"])[-1]
            log.error("the search index could not be built (pagefind: %s)", reason)


def indexed_pages(settings) -> str:
    """The glob of the briefings' pages (``ARTICLE_SAVE_AS`` with a ``*`` for
    each field)."""
    return re.sub(r"\{[^}]*\}", "*", settings["ARTICLE_SAVE_AS"])


def _pagefind(output: str, pages: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "pagefind", "--site", output, "--glob", pages, "--quiet"]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _matches(name: str, pages: str) -> bool:
    """Whether the output file ``name`` is one the glob ``pages`` names
    (where ``*`` never spans folders)."""
    parts, pattern = PurePosixPath(name).parts, PurePosixPath(pages).parts
    return len(parts) == len(pattern) and all(map(fnmatchcase, parts, pattern))


def _is_current(output: Path, pages: str) -> bool:
    """True when no page the glob ``pages`` names changed, appeared or went
    since Pagefind last ran. The writer leaves unchanged pages untouched, so
    their times tell, and a page that went changed its folder's time."""
    entry = output / "pagefind" / "pagefind-entry.json"
    folder = output.joinpath(*takewhile(lambda part: "*" not in part, PurePosixPath(pages).parent.parts))
    if not entry.exists() or not folder.is_dir():
        return False
    indexed = entry.stat().st_mtime_ns
    return all(mtime < indexed for mtime in _page_and_folder_times(str(folder)))


def _page_and_folder_times(folder: str):
    """Modification times of the HTML pages and folders under ``folder``
    (itself included), Pagefind's own folder left out."""
    yield os.stat(folder).st_mtime_ns
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "pagefind":
                    yield from _page_and_folder_times(entry.path)
            elif entry.name.endswith(".html"):
                yield entry.stat().st_mtime_ns
