"""A Pelican writer that leaves a file alone when its bytes would not change.

A rebuild after one article changed then rewrites only the pages that depend
on it, so file timestamps, rsync and Pages deploys see only real changes.
Every file is written to a temporary name first and moved into place, so a
build that stops half-way never leaves a half-written page.
"""

from __future__ import annotations

import filecmp
import io
import os

from pelican.writers import Writer

TEMPORARY_SUFFIX = ".briefings-new"


class ChangedFilesWriter(Writer):
    def _open_w(self, filename, encoding, override=False):
        # Pelican's own bookkeeping (no file written twice) runs on the
        # temporary name, which maps one to one to the real one.
        handle = super()._open_w(filename + TEMPORARY_SUFFIX, encoding, override)
        if handle.name == os.devnull:
            return handle
        return _ReplaceIfChanged(handle, filename)


def write_if_changed(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` as the writer writes pages: through a
    temporary file, and only if the bytes change (for the files the plugin
    writes itself, such as the sitemap)."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with _ReplaceIfChanged(open(f"{path}{TEMPORARY_SUFFIX}", "w", encoding="utf-8"), os.fspath(path)) as file:
        file.write(text)


class _ReplaceIfChanged(io.TextIOBase):
    """A text file that replaces ``target`` on close, if its bytes differ.

    A text stream, so that writers which wrap binary files (the feeds' XML
    writer) write text to it.
    """

    def __init__(self, handle, target: str):
        super().__init__()
        self._handle = handle
        self._target = target
        self._failed = False

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self._handle.write(text)

    def close(self) -> None:
        if not self.closed:
            self._handle.close()
            temporary = self._handle.name
            unchanged = os.path.exists(self._target) and filecmp.cmp(temporary, self._target, shallow=False)
            if self._failed or unchanged:
                os.unlink(temporary)
            else:
                os.replace(temporary, self._target)
        super().close()

    def __exit__(self, kind, value, traceback):
        self._failed = kind is not None  # a failed render leaves the old page in place
        return super().__exit__(kind, value, traceback)
