"""The one error type of bad input: it always names the file and, where there
is one, the line, so a build can report every bad file and build the rest."""

from __future__ import annotations

import os


class BriefingError(Exception):
    """Bad input in a file: ``path:line: message``."""

    def __init__(self, path: str | os.PathLike | None, message: str, line: int | None = None):
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"
