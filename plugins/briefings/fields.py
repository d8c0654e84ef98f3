"""``Key: value`` lines: the header block of a raw article and the front
matter of a Markdown briefing are both written this way, and read here.

A block is ``Key: value`` lines up to the first blank line; the values of
the fields both know (a date, an address, a list) are read alike.
"""

from __future__ import annotations

import datetime as dt
import re

from briefings.errors import BriefingError

#: One ``Key: value`` line.
FIELD_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*?)\s*$")


def read_fields(lines: list[str], path, known: tuple[str, ...], what: str) -> tuple[dict[str, tuple[str, int]], int]:
    """``Key: value`` lines up to the first blank one, as the raw header and
    the Markdown front matter both write them: each key (lower case) with
    its value and line number, and the index of the first line after.
    ``what`` names the block in errors."""
    fields: dict[str, tuple[str, int]] = {}
    seen: dict[str, tuple[str, int]] = {}  # by the field a key gives (Author and Authors: one)
    for index, line in enumerate(lines):
        if not line.strip():
            return fields, index + 1
        match = FIELD_LINE.match(line)
        if not match:
            raise BriefingError(path, f"{what} lines read 'Key: value', and a blank line ends them", index + 1)
        key = match["key"].lower()
        if key not in known:
            names = ", ".join(k.capitalize() for k in known)
            raise BriefingError(path, f"unknown {what} key {match['key']!r} (known: {names})", index + 1)
        # A second line of one field would silently replace the first.
        field = _SAME_FIELD.get(key, key)
        if field in seen:
            first, line_number = seen[field]
            raise BriefingError(path, f"{match['key']!r} repeats the {what}'s {first!r} of line {line_number}: "
                                      "keep one line, with every value on it", index + 1)
        seen[field] = (match["key"], index + 1)
        fields[key] = (match["value"], index + 1)
    return fields, len(lines)


#: Keys that give one field.
_SAME_FIELD = {"author": "authors"}


def parse_date(value: str, path, line: int | None = None) -> dt.date:
    """A ``YYYY-MM-DD`` date (a time after it is allowed and ignored)."""
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise BriefingError(path, f"the date {value!r} is not a date: write it as YYYY-MM-DD", line) from None


def check_url(value: str, path, line: int | None = None) -> str:
    """The address of the original article: a web address, nothing else
    (a ``javascript:`` address would run in the reader's browser)."""
    if value and not re.match(r"^https?://\S+$", value.strip(), re.IGNORECASE):
        raise BriefingError(path, f"the URL {value!r} is not a web address: write it as https://…", line)
    return value.strip()


def split_list(value: str) -> list[str]:
    """``"a, b and c"`` or ``"a; b"`` as a list."""
    parts = re.split(r"\s*[,;]\s*|\s+and\s+", value.strip())
    return [part for part in parts if part]


def header_line(path, key: str) -> int | None:
    """The line of ``key`` in the header (or front matter) of the file at
    ``path``, for messages; None when there is none or the file cannot be
    read."""
    from briefings.files import read_regular
    from briefings.ingest.decode import decode

    try:
        text = decode(read_regular(path), path)
    except (OSError, BriefingError):
        return None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            return None
        match = FIELD_LINE.match(line)
        if match and match["key"].lower() == key:
            return number
    return None
