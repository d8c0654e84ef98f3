"""The build's folders: the output folder checked before anything is
written or removed, the folders locked while the build runs, and how it
ended recorded for ``briefings publish``. (Whatever the build: these
guards do not depend on the incremental engine.)

- The output folder may not be a file, nor be, hold or lie inside a folder
  of the site's sources (content, theme, plugins, caches) or hold the
  site's folder: Pelican empties it when ``DELETE_OUTPUT_DIRECTORY`` is set
  (as for publishing). Nor may a build write into a folder of other files:
  only into an empty one, or one that a build of this site wrote (one it
  has a record of), so that no file of its own is overwritten or emptied.
- The output folder and the cache folders are locked for the build (see
  :mod:`briefings.locks`): a second build in the same folders waits.
- Each build records, per output folder, whether it is under way, or ended
  and with how many errors: ``briefings publish`` pushes only the output of
  a build that ended without one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import weakref
from pathlib import Path

from briefings.errors import BriefingError
from briefings.files import output_problem, write_whole
from briefings.locks import lock_folders, unlock_folders
from briefings_site.settings import cache_dir, records_folder

log = logging.getLogger(__name__)


class OutputFolderError(BriefingError):
    """An output folder the build may not write into."""


def output_name(output_path: str) -> str:
    """A name of the output folder ``output_path``, for the records kept of
    it: two sites built with one cache keep theirs apart."""
    return hashlib.sha256(os.path.realpath(output_path).encode()).hexdigest()[:16]


def check_output(settings) -> None:
    """Raise :class:`OutputFolderError` for an output folder the build may
    not use (see above); called before anything is written or removed."""
    output = settings["OUTPUT_PATH"]
    sources = [("the content folder", settings["PATH"]), ("the theme", settings["THEME"]),
               *(("a plugins folder", folder) for folder in settings.get("PLUGIN_PATHS") or []),
               ("the cache", settings["CACHE_PATH"]), ("the plugin's cache", cache_dir(settings)),
               ("the output records", records_folder(settings))]
    if settings.get("BRIEFINGS_CACHE_PATH"):
        cache_folder = os.path.dirname(os.path.abspath(settings["BRIEFINGS_CACHE_PATH"]))
        sources.append(("the annotation cache's folder", cache_folder))
    problem = output_problem(output, sources, os.getcwd())
    if problem is None and _holds_files(output) and not _built_here(settings, output):
        # Any build: a development build would overwrite a file of the same
        # name, and take the folder for its own (a build for publishing
        # would then empty it).
        problem = ("the output folder holds files that no build of this site wrote: empty it yourself, or choose "
                   "another folder")
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
    folders = [settings["OUTPUT_PATH"], settings["CACHE_PATH"], cache_dir(settings), records_folder(settings)]
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


class Hold:
    """One build's hold on its folders, from its start: they are locked,
    its errors counted, and its record says it is under way until
    :meth:`end` records how it ended (or :meth:`abandon` lets go of a build
    that stopped half-way)."""

    def __init__(self, settings):
        self.settings = settings
        self.locked = lock_folders(locked_folders(settings))  # first: waits for another build in the same folders
        self.errors = _Errors()
        logging.getLogger().addHandler(self.errors)
        # A build that stopped half-way and is dropped counts no more.
        self._release = weakref.finalize(self, logging.getLogger().removeHandler, self.errors)
        _record(settings, {"state": "building"})

    def end(self) -> None:
        """The end of the build: record how it went, free its folders."""
        if self._release.alive:
            self._release()
            _record(self.settings, {"state": "built", "errors": self.errors.count})
            unlock_folders(self.locked)

    def abandon(self) -> None:
        """After a build that stopped before its end: free its folders; its
        record says it did not finish."""
        if self._release.alive:
            self._release()
            unlock_folders(self.locked)


def abandon(settings) -> None:
    """Free the folders of a build with ``settings`` that stopped before its
    end (an exception), for a command that goes on."""
    unlock_folders({os.path.realpath(folder) for folder in locked_folders(settings)})


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
