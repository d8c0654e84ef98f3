"""Locks on folders, so that two builds never work in one folder at once.

A build writes its output folder and its caches with temporary files,
records and search shards that another build at the same time would
overwrite or move away. Each build holds an exclusive lock on each of those
folders (``flock`` on the folder itself: no lock file is left in the
output, and the system frees the lock of a process that ends, however it
ends). A second build waits for the first, and says so.

A process holds each lock once: a build of this process that stopped
before its end (``pelican --autoreload`` goes on after a failed build)
still holds its locks, and the next build of the process takes them over.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os

log = logging.getLogger(__name__)

#: The folders this process holds a lock on (real paths), with the open
#: folder that holds it.
_HELD: dict[str, int] = {}


def lock_folders(folders, what: str = "a build") -> list[str]:
    """Lock each folder (made if missing), waiting for another process that
    holds one; returns the real paths locked. Folders are locked in one
    order (by real path), so that two builds never wait for each other."""
    locked = []
    for real in sorted({os.path.realpath(folder) for folder in folders}):
        if real in _HELD:
            locked.append(real)
            continue
        os.makedirs(real, exist_ok=True)
        handle = os.open(real, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("%s: another build is using this folder; waiting for it to finish", real)
                fcntl.flock(handle, fcntl.LOCK_EX)
        except BaseException:
            os.close(handle)
            raise
        _HELD[real] = handle
        locked.append(real)
    return locked


def unlock_folders(folders=None) -> None:
    """Free the locks on ``folders`` (real paths; all of this process's by
    default)."""
    for real in list(_HELD if folders is None else folders):
        handle = _HELD.pop(real, None)
        if handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(handle, fcntl.LOCK_UN)
            os.close(handle)


def held() -> set[str]:
    """The folders this process holds a lock on."""
    return set(_HELD)
