"""Files: sources read only when they are regular files; the build's own
records (caches, indexes) written whole or not at all, and spread over
shards by a stable hash; authors' files written without following links."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

_KINDS = {stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFDIR: "a folder", stat.S_IFCHR: "a device",
          stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def kind_of(mode: int) -> str | None:
    """What a file of ``mode`` (as ``os.stat`` gives it) is, when it is not
    a regular file: "a named pipe (FIFO)", "a folder"…; None for a regular
    file."""
    if stat.S_ISREG(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular(path: str | os.PathLike) -> bytes:
    """The bytes of the regular file at ``path``.

    Anything else (a named pipe, which would wait for a writer for ever, a
    device, a folder) raises an :class:`OSError` saying what it is, before a
    byte is read: the file is opened without waiting and looked at first.
    """
    with open_regular(path) as file:
        return file.read()


def open_regular(path: str | os.PathLike):
    """The regular file at ``path``, open for reading in binary (for a file
    too large to read at once); anything else raises as in
    :func:`read_regular`."""
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        kind = kind_of(os.fstat(handle).st_mode)
        if kind is not None:
            raise OSError(errno.EINVAL, f"it is {kind}, not a file", os.fspath(path))
        os.set_blocking(handle, True)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def write_new(path: str | os.PathLike, data: bytes, replace: bool = False) -> None:
    """Write an author's file (an imported briefing, a skeleton) at
    ``path``, never through a symbolic link, whole or not at all.

    Without ``replace``, the file must not exist; with it, an existing
    regular file is replaced (by way of a temporary file beside it, so the
    old file stays whole until the new one is). A link at ``path``, even a
    dangling one, or anything but a regular file raises
    :class:`FileExistsError` or :class:`OSError`.
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISLNK(mode):
        raise OSError(errno.ELOOP, "it is a symbolic link: not written through it", os.fspath(path))
    if mode is not None and not replace:
        raise FileExistsError(errno.EEXIST, "it exists already", os.fspath(path))
    if mode is not None and (kind := kind_of(mode)):
        raise OSError(errno.EINVAL, f"it is {kind}, not a file", os.fspath(path))
    if not replace:
        # O_EXCL: made here and now, or an error (a link that appeared
        # meanwhile included); a failed write leaves no part of a file.
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        return
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)  # replaces a link itself, should one appear meanwhile
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _read_umask() -> int:
    """The process's umask (read by setting it, and setting it back: once,
    on import, before any thread of ours runs)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _umask() -> int:
    return _UMASK


def write_whole(path: str | os.PathLike, data: bytes, readable: bool = False) -> None:
    """Write ``data`` to ``path`` by way of a temporary file beside it, so
    that an interrupted build leaves the old file or the new one, never a
    part of either; the folder is made if missing. ``readable`` gives the
    file the permissions of any new file (a page of the site), rather than
    the owner's alone."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own: two builds sharing a cache folder must not write
    # (and move away) each other's temporary file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
        if readable:
            os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def shard_of(name: str, count: int) -> int:
    """The shard (``0`` to ``count - 1``) of ``name``, by a hash that is the
    same in every process (``hash()`` is not)."""
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:4], "big") % count


#: The folders in which version control keeps a repository's history.
_VERSION_CONTROL = frozenset((".git", ".hg", ".svn", ".bzr", "_darcs", ".fossil"))


def output_problem(output: str | os.PathLike, sources, project: str | os.PathLike | None = None) -> str | None:
    """Why ``output`` may not be a site's output folder (None when it may):
    it is a file, or it is, holds or lies inside one of ``sources`` ((name,
    folder) pairs: the content folder, the theme, the caches…), or it is or holds
    the ``project`` folder. Pelican empties the output folder of a build
    for publishing: any of those would be lost."""
    output_path = Path(output)
    if output_path.exists() and not output_path.is_dir():
        return "the output folder is a file: choose a folder for the site (such as output)"
    real = Path(os.path.realpath(output))
    # The nearest folder that exists: the build makes the rest of the path.
    existing = next(folder for folder in (real, *real.parents) if os.path.lexists(folder))
    if not existing.is_dir():
        return f"the output folder would lie inside the file {existing}: choose a folder for the site (such as output)"
    if vcs := next((part for part in real.parts if part in _VERSION_CONTROL), None):
        relation = "is" if real.name == vcs else "lies inside"
        return (f"the output folder {relation} a repository's own folder ({vcs}), which holds its history: "
                "choose another (such as output)")
    for name, source in sources:
        source_real = Path(os.path.realpath(source))
        if real == source_real:
            relation = "is"
        elif source_real.is_relative_to(real):
            relation = "holds"
        elif real.is_relative_to(source_real):
            relation = "lies inside"
        else:
            continue
        return f"the output folder {relation} {name} ({source}): choose another (such as output)"
    if project is not None and Path(os.path.realpath(project)).is_relative_to(real):
        relation = "is" if real == Path(os.path.realpath(project)) else "holds"
        return f"the output folder {relation} the site's folder ({project}): choose another (such as output)"
    return None


def regular_files(paths, extensions: tuple[str, ...], leave_out: tuple[str, ...] = ()):
    """The files under ``paths`` to read, as the site build finds its sources
    (see ``briefings_site.sources``), for commands that take files and folders.

    Yields ``(path, problem)``: ``problem`` is None for a file to read, else
    why the path is not read (a named pipe, a link to nothing or out of the
    folder, a folder that cannot be read, a path that does not exist). A path
    named is yielded as it is (reading it tells whether it is a file). Under
    a folder named, only regular files with one of ``extensions`` are read,
    hidden files and folders are left out (as Pelican ignores them), and so
    are the folders directly inside it named in ``leave_out`` (a site's
    pages); a symbolic link is followed only where it leads inside the
    folder named, and a folder is walked once (a link back up is a loop).
    """
    for top in paths:
        top = os.fspath(top)
        if not os.path.lexists(top):
            yield top, "no such file or folder"
        elif os.path.isdir(top):
            yield from _walk(top, extensions, leave_out)
        else:
            yield top, None


def _walk(top: str, extensions: tuple[str, ...], leave_out: tuple[str, ...]):
    root = os.path.realpath(top)
    suffixes = tuple(f".{extension}" for extension in extensions)

    def inside(path: str) -> bool:
        real = os.path.realpath(path)
        return real == root or real.startswith(root + os.sep)

    walked: set[tuple[int, int]] = set()
    pending = [top]
    while pending:
        folder = pending.pop()
        try:
            status = os.stat(folder)
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name, reverse=True)
        except OSError as error:
            yield folder, f"cannot be read ({error.strerror or error})"
            continue
        if (status.st_dev, status.st_ino) in walked:
            continue
        walked.add((status.st_dev, status.st_ino))
        files, folders = [], []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(folder, entry.name)
            try:
                mode = os.stat(path).st_mode
            except OSError:
                if entry.name.endswith(suffixes):
                    files.append((path, "is a link to nothing: not read"))
                continue
            is_folder = stat.S_ISDIR(mode)
            if is_folder and folder == top and entry.name in leave_out:
                continue
            if not is_folder and not entry.name.endswith(suffixes):
                continue
            if entry.is_symlink() and not inside(path):
                files.append((path, f"is a link to {os.path.realpath(path)}, outside {top}: not read"))
            elif is_folder:
                folders.append(path)
            elif (kind := kind_of(mode)) is not None:
                files.append((path, f"is {kind}, not a file: not read"))
            else:
                files.append((path, None))
        yield from reversed(files)
        pending.extend(folders)
