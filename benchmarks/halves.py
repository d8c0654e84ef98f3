"""The tuning half and the checking half of every evaluation corpus.

A rule is tuned on one half and kept only if it also helps the other, so
every evaluation prints its figures on both (and overall).  Each document
goes to a half by its identifier alone, whatever else the corpus holds:
the first byte of the SHA-256 of the identifier (UTF-8), even for the
tuning half, odd for the checking half.  The split is by document, never
by sentence, and stays put when documents are added or removed.

The identifiers:

- CoNLL-2003: ``eng.testa:N``, the file's name and the document's ordinal
  in it (``-DOCSTART-`` blocks, from 0), as its documents have no names;
- PolNeAR: the article's name (the annotation file's, without the
  annotator suffix), e.g. ``ABC_2016-10-08_Trump-apologizes``;
- TimeBank and AQUAINT: the ``.tml`` file's path under the data folder,
  e.g. ``TimeBank/ABC19980108.1830.0711.tml``;
- BBC: the article's topic folder and file name, e.g. ``business/001.txt``
  (Read more counts each link in the half of the article it is shown on).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import fields
from typing import TypeVar

TUNING, CHECKING = "tuning", "checking"
HALVES = (TUNING, CHECKING)
OVERALL = "overall"

T = TypeVar("T")


def half_of(identifier: str) -> str:
    """The half the document named ``identifier`` belongs to."""
    first = hashlib.sha256(identifier.encode("utf-8")).digest()[0]
    return TUNING if first % 2 == 0 else CHECKING


def totals(scored: Iterable[tuple[str, T]], zero: Callable[[], T]) -> dict[str, T]:
    """The sum of per-document scores overall and in each half: ``scored``
    holds (identifier, score) pairs, and scores add up with ``+``."""
    sums = {OVERALL: zero(), TUNING: zero(), CHECKING: zero()}
    for identifier, score in scored:
        sums[OVERALL] = sums[OVERALL] + score
        half = half_of(identifier)
        sums[half] = sums[half] + score
    return sums


def counts_in_halves(identifiers: Iterable[str]) -> str:
    """How many documents each half holds, as one line."""
    halves = [half_of(i) for i in identifiers]
    counts = f"{TUNING} {halves.count(TUNING)}, {CHECKING} {halves.count(CHECKING)}"
    return f"halves by document (benchmarks/halves.py): {counts}"


class Counts:
    """A dataclass of counts that adds up field by field."""

    def __add__(self, other):
        return type(self)(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})
