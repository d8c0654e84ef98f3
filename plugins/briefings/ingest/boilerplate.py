"""What is not the article: advertising lines, photo credits, the dangling
"Read more:" stub, and the byline and contributors line, which become
metadata."""

from __future__ import annotations

import re

from briefings.ingest.header import split_list

_NOISE = re.compile(
    r"""^(?:
        advertisement
      | story\ continues\ (?:below|after)(?:\ (?:this|the))?\ advertisement
      | (?:skip|close)\ advertisement
      | (?:\(?(?:AP|AFP|Reuters|EPA|Getty\ Images)\ Photo.*)
      | (?:photo(?:graph)?s?|image|credit)\s*(?:by\b|:).{0,120}
      | .{0,200}\((?:[A-Z][\w.]*\ )?(?:Photo|Photograph)\s*(?:by|/|:).{0,80}\)
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_READ_MORE = re.compile(r"^(?:read|see)\s+more\s*:?\s*$", re.IGNORECASE)
_CONTRIBUTORS = re.compile(
    r"^(?P<names>[^.]{3,300}?)\s+contributed\s+(?:to\s+this\s+(?:report|story|article)|reporting)\b.*$",
    re.IGNORECASE,
)
_REPORTING_BY = re.compile(r"^\(?\s*(?:additional\s+)?reporting\s+by\s+(?P<names>[^;)]+)", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|By|BY)\s+(?P<names>[A-Z][\w.'’-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'’-]*){1,8})\s*$")


def strip_boilerplate(paragraphs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split paragraphs into (body, authors, contributors)."""
    body: list[str] = []
    authors: list[str] = []
    contributors: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.strip()
        if _READ_MORE.match(text) and body:
            break  # the stub and the links after it belong to the old site
        if _NOISE.match(text):
            continue
        if index == 0 and (match := _BYLINE.match(text)):
            authors.extend(split_list(match["names"]))
            continue
        if match := (_CONTRIBUTORS.match(text) or _REPORTING_BY.match(text)):
            contributors.extend(name for name in split_list(match["names"]) if name not in contributors)
            continue
        body.append(text)
    return body, authors, contributors
