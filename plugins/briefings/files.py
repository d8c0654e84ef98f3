"""The build's own records (caches, indexes): written whole or not at all,
and spread over shards by a stable hash."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path


def write_whole(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` by way of a temporary file beside it, so
    that an interrupted build leaves the old file or the new one, never a
    part of either; the folder is made if missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own: two builds sharing a cache folder must not write
    # (and move away) each other's temporary file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    try:
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
