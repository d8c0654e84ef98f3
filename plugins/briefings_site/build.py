"""The start and the end of each build: the output folder checked before
anything is written or removed, the build's folders locked, and the build's
outcome recorded for ``briefings publish``.

- The output folder may not be a file, nor be, hold or lie inside a folder
  of the site's sources (content, theme, plugins, caches) or hold the
  site's folder: Pelican empties it when ``DELETE_OUTPUT_DIRECTORY`` is set
  (as for publishing). Then it may only empty a folder that a build of
  this site wrote (one it has a record of), never one of other files.
- The output folder and the cache folders are locked for the build (see
  :mod:`briefings.locks`): a second build in the same folders waits.
- Each build records, per output folder, whether it is under way, or ended
  and with how many errors: ``briefings publish`` pushes only the output of
  a build that ended without one.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from briefings.errors import BriefingError
from briefings.files import output_problem, write_whole
from briefings.locks import lock_folders, unlock_folders
from briefings_site.writer import output_name

log = logging.getLogger(__name__)


class OutputFolderError(BriefingError):
    """An output folder the build may not write into."""


def records_folder(settings) -> str:
    """The folder of the records kept of each output folder (settings
    ``BRIEFINGS_OUTPUT_RECORDS``, by default ``outputs`` under the cache)."""
    return settings.get("BRIEFINGS_OUTPUT_RECORDS") or os.path.join(settings["CACHE_PATH"], "outputs")


def check_output(settings) -> None:
    """Raise :class:`OutputFolderError` for an output folder the build may
    not use (see above); called before anything is written or removed."""
    output = settings["OUTPUT_PATH"]
    sources = [("the content folder", settings["PATH"]), ("the theme", settings["THEME"]),
               *(("a plugins folder", folder) for folder in settings.get("PLUGIN_PATHS") or []),
               ("the cache", settings["CACHE_PATH"]), ("the output records", records_folder(settings))]
    if settings.get("BRIEFINGS_CACHE_PATH"):
        cache_folder = os.path.dirname(os.path.abspath(settings["BRIEFINGS_CACHE_PATH"]))
        sources.append(("the annotation cache's folder", cache_folder))
    problem = output_problem(output, sources, os.getcwd())
    if problem is None and settings.get("DELETE_OUTPUT_DIRECTORY") and _holds_files(output) \
            and not _built_here(settings, output):
        problem = ("the output folder holds files that no build of this site wrote, and a build for publishing "
                   "empties it first: empty it yourself, or choose another folder")
    if problem is not None:
        raise OutputFolderError(output, problem)


def _holds_files(folder: str) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return False


def _built_here(settings, output: str) -> bool:
    """Whether a build of this site has written into ``output`` (its records
    of it are kept)."""
    name = output_name(output)
    folder = Path(records_folder(settings))
    return (folder / f"{name}.json").exists() or (folder / f"{name}.status").exists()


def locked_folders(settings) -> list[str]:
    """The folders a build writes: its output and its caches."""
    folders = [settings["OUTPUT_PATH"], settings.get("BRIEFINGS_CACHE_ROOT") or settings["CACHE_PATH"]]
    if settings.get("BRIEFINGS_CACHE_PATH"):
        folders.append(os.path.dirname(os.path.abspath(settings["BRIEFINGS_CACHE_PATH"])))
    return folders


class _Errors(logging.Handler):
    """Counts the errors logged during a build."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


#: The error count of the build under way, by its settings.
_COUNTERS: dict[int, _Errors] = {}


def start(settings) -> None:
    """The start of a build: lock its folders, record it as under way."""
    lock_folders(locked_folders(settings))
    counter = _COUNTERS.pop(id(settings), None)
    if counter is not None:  # of a build of this process that stopped before its end
        logging.getLogger().removeHandler(counter)
    counter = _COUNTERS[id(settings)] = _Errors()
    logging.getLogger().addHandler(counter)
    _record(settings, {"state": "building"})


def end(settings) -> None:
    """The end of a build: record how it went, free its folders."""
    counter = _COUNTERS.pop(id(settings), None)
    if counter is not None:
        logging.getLogger().removeHandler(counter)
        _record(settings, {"state": "built", "errors": counter.count})
    unlock_folders()


def abandon(settings) -> None:
    """After a build that stopped before its end (an exception): free its
    folders; its record says it did not finish."""
    counter = _COUNTERS.pop(id(settings), None)
    if counter is not None:
        logging.getLogger().removeHandler(counter)
    unlock_folders()


def _record(settings, status: dict) -> None:
    write_whole(status_path(settings, settings["OUTPUT_PATH"]), json.dumps(status).encode("utf-8"))


def status_path(settings, output: str) -> Path:
    """The record of the last build into ``output``."""
    return Path(records_folder(settings)) / f"{output_name(output)}.status"


def last_build(settings, output: str) -> str | None:
    """Why the output folder ``output`` may not be published (None when its
    last build ended without an error)."""
    try:
        status = json.loads(status_path(settings, output).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"{output} was not built by briefings build (or its record is gone): build the site first"
    if not isinstance(status, dict) or status.get("state") != "built":
        return f"the last build of {output} did not finish: build the site again"
    if status.get("errors"):
        return f"the last build of {output} failed ({status['errors']} error(s)): fix them and build again"
    return None
