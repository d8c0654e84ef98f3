"""Writing the build's own records (caches, indexes) whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` by way of a temporary file beside it, so
    that an interrupted build leaves the old file or the new one, never a
    part of either; the folder is made if missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".new")
    temporary.write_bytes(data)
    os.replace(temporary, path)
