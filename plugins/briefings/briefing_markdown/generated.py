"""The ``Generated`` line: the record of what ``briefings import`` wrote.

It holds a hash of the whole file (see :func:`fingerprint`), then for each
entry of the players, quotes and timeline a pair of short hashes, of the
entry's identity (a player's name, a quote's words, a timeline entry's date
and expression) and of its line as written, then the raw article the file
was imported from::

    Generated: sha256:… players:1a2b3c.4d5e6f,… quotes:… timeline:… from:../raw/a.txt

Reading it back tells the entries the author left alone from those edited,
added or deleted (see :mod:`.merge`).
"""

from __future__ import annotations

import hashlib
import os
import re
from urllib.parse import quote, unquote_to_bytes

#: The units of a briefing that the record covers, and their sections.
UNITS = {"players": ("key players", "also mentioned"), "quotes": ("quotes",), "timeline": ("timeline",)}

_HASH_LENGTH = 6  # hex digits: a chance in millions that an edit goes unseen
_RECORD = re.compile(rf"^(?P<identity>[0-9a-f]{{{_HASH_LENGTH}}})\.(?P<line>[0-9a-f]{{{_HASH_LENGTH}}})$")


def item(line: str) -> str:
    """An entry's line as a list item."""
    return f"- {line}"


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_LENGTH]


def line_digest(section: str, line: str) -> str:
    """The hash of an entry's line as written, and of the section holding it
    (moving a player to "Also mentioned" is an edit too)."""
    return _hash(f"{section}\n{' '.join(line.split())}")


def identity(unit: str, entry) -> str:
    """The hash of what an entry is about, whatever is said of it: a player's
    name, a quote's words, a timeline entry's date and expression."""
    if unit == "players":
        return _words_hash(entry.name)
    return _words_hash(entry.text if unit == "quotes" else f"{entry.value} {entry.text}")


def identities(unit: str, entry) -> set[str]:
    """Every identity an entry answers to: a player's aliases too."""
    if unit == "players":
        return {_words_hash(name) for name in (entry.name, *entry.aliases)}
    return {identity(unit, entry)}


def _words_hash(text: str) -> str:
    return _hash(" ".join(text.casefold().split()))


def entry_records(unit: str, section: str, entries: list, lines: list[str]) -> list[str]:
    """The ``identity.line`` hashes of a section's entries."""
    return [f"{identity(unit, entry)}.{line_digest(section, line)}" for entry, line in zip(entries, lines)]


def parse_records(generated: str | None) -> dict[str, list[tuple[str, str]]]:
    """The (identity, line) hashes per unit of a ``Generated`` line; a unit
    with an unreadable record has none, so that all its entries count as the
    author's (nothing is lost to a damaged record)."""
    records: dict[str, list[tuple[str, str]]] = {}
    for part in (generated or "").split()[1:]:
        unit, sep, tokens = part.partition(":")
        if not sep or unit not in UNITS:
            continue
        pairs = [_RECORD.match(token) for token in tokens.split(",") if token]
        if all(pairs):
            records[unit] = [(match["identity"], match["line"]) for match in pairs]
    return records


def with_generated_line(text: str, records: dict[str, list[str]], source: str | None = None) -> str:
    """Add the ``Generated`` line: the hash of the whole file, then the
    record of each entry, so that the entries the author has not touched can
    be told apart and kept up to date by the annotators, then the raw
    article it was imported from."""
    head, _, rest = text.partition("\n\n")
    units = " ".join(f"{unit}:{','.join(tokens)}" for unit, tokens in records.items())
    if source is not None:
        # The name's own bytes (os.fsencode): a file name need not be UTF-8.
        units += f" from:{quote(os.fsencode(source), safe='/')}"
    return f"{head}\nGenerated: {fingerprint(text)} {units}\n\n{rest}"


def fingerprint(text: str) -> str:
    """A short hash of a briefing file's text, its ``Generated`` line left
    out (the front matter's: a line of the article that starts with the
    same word is the author's, and counts)."""
    head, blank, rest = text.partition("\n\n")
    head = "\n".join(line for line in head.split("\n") if not line.startswith("Generated:"))
    return "sha256:" + hashlib.sha256((head + blank + rest).encode("utf-8")).hexdigest()[:16]


def imported_from(generated: str | None, path) -> str | None:
    """The raw article (an absolute path) that the briefing file at ``path``
    was imported from, as its ``Generated`` line records it; None for a
    file written by hand, or imported before import recorded it."""
    for part in (generated or "").split()[1:]:
        if part.startswith("from:") and len(part) > len("from:"):
            folder = os.path.dirname(os.path.abspath(path))
            return os.path.normpath(os.path.join(folder, os.fsdecode(unquote_to_bytes(part[len("from:"):]))))
    return None


def is_untouched(text: str) -> bool:
    """True when a file written by import has not been edited since."""
    match = re.search(r"^Generated:\s*(\S+)", text.partition("\n\n")[0], re.MULTILINE)
    return bool(match) and match[1] == fingerprint(text)
