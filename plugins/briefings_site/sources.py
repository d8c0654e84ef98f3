"""Finding the site's source files: regular files inside the content
folder, and nothing else.

Pelican walks the content folder following every symbolic link: a link to
``/etc/passwd`` was published as a briefing, a link to a folder above made
the walk go round for ever, and a named pipe (FIFO) made the build wait for
ever for a writer. Each generator walks here instead (see :func:`use`):

- a symbolic link is followed only where it leads to a file or folder
  inside the content folder, and a folder is walked once (a link to one
  already walked, a loop, is not followed again);
- only regular files are sources: a named pipe, a socket, a device or a
  link to nothing is reported and left out, never opened;
- a link out of the content folder is reported and left out.

Each such file is reported once per build, as an error naming it: what it
would have been is not built.
"""

from __future__ import annotations

import fnmatch
import logging
import os
import stat
from functools import partial

from briefings.errors import BriefingError
from briefings.files import kind_of

log = logging.getLogger(__name__)


def use(generator) -> None:
    """Have ``generator`` (a Pelican generator, just made) find its files here."""
    generator.get_files = partial(get_files, generator)
    generator.briefings_reported = set()


def get_files(generator, paths, exclude: list[str] | None = None, extensions=None) -> set[str]:
    """Pelican's ``Generator.get_files``: the files under ``paths`` (relative
    to the content folder) that the generator reads, but only the regular
    files inside the content folder (see above)."""
    if isinstance(paths, str):
        paths = [paths]
    exclusions: dict[str, set[str]] = {}
    for excluded in exclude or []:
        parent, name = os.path.split(os.path.join(generator.path, excluded))
        exclusions.setdefault(parent, set()).add(name)
    walk = _Walk(generator, exclusions, extensions)
    for path in paths:
        root = os.path.join(generator.path, path) if path else generator.path
        if os.path.isdir(root) and walk.inside(root):
            walk.folder(root)
        elif os.path.lexists(root) and walk.wanted(path):
            walk.file(root, path)
    return walk.files


class _Walk:
    def __init__(self, generator, exclusions: dict[str, set[str]], extensions):
        self.generator = generator
        self.content = generator.path
        self.root = os.path.realpath(generator.path)
        self.exclusions = exclusions
        self.ignores = generator.settings["IGNORE_FILES"]
        self.extensions = tuple(generator.readers.extensions) if extensions is None else extensions
        self.files: set[str] = set()
        self.walked: set[tuple[int, int]] = set()

    def inside(self, path: str) -> bool:
        """Whether ``path`` (links followed) lies in the content folder."""
        real = os.path.realpath(path)
        return real == self.root or real.startswith(self.root + os.sep)

    def wanted(self, relative: str) -> bool:
        """Whether the generator reads a file of this name (Pelican's rule:
        not ignored, and of one of its extensions)."""
        name = os.path.basename(relative)
        if any(fnmatch.fnmatch(name, ignore) for ignore in self.ignores):
            return False
        return self.extensions is False or os.path.splitext(name)[1][1:] in self.extensions

    def folder(self, top: str) -> None:
        pending = [top]
        while pending:
            folder = pending.pop()
            try:
                status = os.stat(folder)
                entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
            except OSError as error:
                self._report(folder, f"cannot be read ({error.strerror or error})")
                continue
            if (status.st_dev, status.st_ino) in self.walked:
                continue  # a link back to a folder walked already: a loop
            self.walked.add((status.st_dev, status.st_ino))
            excluded = self.exclusions.get(folder, ())
            for entry in entries:
                path = os.path.join(folder, entry.name)
                is_folder = _is_folder(entry)
                if is_folder and (entry.name in excluded
                                  or any(fnmatch.fnmatch(entry.name, ignore) for ignore in self.ignores)):
                    continue
                relative = os.path.relpath(path, self.content)
                if entry.is_symlink() and not self.inside(path):
                    if is_folder or self.wanted(relative):
                        self._report(path, f"is a link to {os.path.realpath(path)}, outside the content folder: "
                                           "not read")
                    continue
                if is_folder:
                    pending.append(path)
                elif self.wanted(relative):
                    self.file(path, relative)

    def file(self, path: str, relative: str) -> None:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            self._report(path, "is a link to nothing: not read")
            return
        if not self.inside(path):
            self._report(path, f"is a link to {os.path.realpath(path)}, outside the content folder: not read")
        elif (kind := kind_of(mode)) is not None:
            self._report(path, f"is {kind}, not a file: not read")
        else:
            self.files.add(relative)

    def _report(self, path: str, message: str) -> None:
        if path not in self.generator.briefings_reported:
            self.generator.briefings_reported.add(path)
            log.error("%s", BriefingError(path, message))


def _is_folder(entry: os.DirEntry) -> bool:
    """Whether ``entry`` is a folder, or a link to one."""
    try:
        return stat.S_ISDIR(entry.stat(follow_symlinks=True).st_mode)
    except OSError:
        return False
