"""The one error type of bad input: it always names the file and, where there
is one, the line, so a build can report every bad file and build the rest."""

from __future__ import annotations

import os
import re

#: Characters that would break a message's one line or drive the terminal:
#: C0 and C1 controls, DEL, and Unicode's line and paragraph separators; and
#: those no output can encode: the noncharacters U+FFFE and U+FFFF, and the
#: lone surrogates that stand for the bytes of a file name that is not UTF-8.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` (a file name, a value from a file) fit for a one-line
    message: each control character shown as an escape (``\\n``)."""
    return _UNPRINTABLE.sub(lambda match: repr(match[0])[1:-1], text)


class BriefingError(Exception):
    """Bad input in a file: ``path:line: message``."""

    def __init__(self, path: str | os.PathLike | None, message: str, line: int | None = None):
        self.path = os.fspath(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return printable(self.message)  # about no file (a command's option, the repository)
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return printable(f"{where}: {self.message}")


#: Publication dates this far from the present (before the year 1000 or
#: after 9000) can put relative dates ("three years ago") outside the years
#: Python's dates have: a failure of the annotators on such a date is about
#: the date.
_FAR_YEARS = (1000, 9000)


def annotator_failure(path: str | os.PathLike | None, error: Exception, date=None,
                      date_line: int | None = None) -> BriefingError:
    """The error to report when the annotators fail on the article at
    ``path`` (published on ``date``, given on line ``date_line``): about the
    date when it is too far in the past or future for them, else a bug to
    report."""
    out_of_range = isinstance(error, OverflowError) or (isinstance(error, ValueError) and "out of range" in str(error))
    if out_of_range and date is not None and not _FAR_YEARS[0] <= date.year <= _FAR_YEARS[1]:
        return BriefingError(path, f"the date {date.isoformat()} is too far in the past or the future for the "
                                   "annotators to place the article's relative dates against it: check the date",
                             date_line)
    return BriefingError(path, f"the annotators failed on this article ({type(error).__name__}: {error}); "
                               "please report it")
