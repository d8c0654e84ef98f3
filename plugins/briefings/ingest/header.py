"""The optional header block of a raw article: ``Key: value`` lines, then a
blank line (read by :mod:`briefings.fields`, as the Markdown front matter
is).  A file whose first line is not a known key has no header."""

from __future__ import annotations

from briefings.fields import FIELD_LINE as _LINE
from briefings.fields import check_url, parse_date, read_fields
from briefings.fields import header_line as header_line  # re-exported: the readers and the cli use it here
from briefings.fields import split_list as split_list  # re-exported: ingest uses it here

HEADER_KEYS = ("title", "date", "source", "url", "tags", "author", "authors", "slug")


def split_header(text: str, path, check_date: bool = True) -> tuple[dict[str, str], str]:
    """Split ``text`` into its header fields and its body (``check_date``
    False when a date given from outside overrides the header's)."""
    lines = text.split("\n")
    first = _LINE.match(lines[0]) if lines else None
    if not first or first["key"].lower() not in HEADER_KEYS:
        return {}, text
    fields, body_start = read_fields(lines, path, HEADER_KEYS, "header")
    if "date" in fields and check_date:
        parse_date(fields["date"][0], path, fields["date"][1])
    if "url" in fields:
        check_url(fields["url"][0], path, fields["url"][1])
    return {key: value for key, (value, _) in fields.items()}, "\n".join(lines[body_start:])
