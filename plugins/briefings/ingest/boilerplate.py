"""What is not the article: advertising and promotional lines, photo credits,
the dangling "Read more:" stub, and the byline, the credit lines and the
dateline, which become metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefings.ingest.dateline import split_dateline
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
#: A short line asking the reader to do something for the publisher: sign up,
#: subscribe, follow, click, download, share.
_PROMO = re.compile(
    r"""^\W*(?:
        sign\ up\b | subscribe\b | (?:get|try)\ (?:unlimited|full|digital|our|the)\b.{0,40}\b(?:access|newsletter|app)
      | follow\ (?:us|@|\w+['’]s\ (?:coverage|live|latest))\b | follow\ \w+\ on\ (?:twitter|x|facebook|instagram)\b
      | click\ here\b | tap\ here\b | download\ (?:our|the)\b.{0,30}\bapp\b
      | share\ this\ (?:article|story)\b | (?:like|join)\ us\ on\b | support\ (?:our|independent)\ journalism\b
      | (?:want|get)\ (?:more|the\ best)\b.{0,60}\b(?:newsletter|inbox)\b
      | don['’]t\ miss\b | already\ a\ subscriber\b | become\ a\ (?:member|subscriber)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
#: Words of an offer set in capitals ("SUBSCRIBE TODAY: GET 3 MONTHS FOR £1").
_OFFER_WORDS = re.compile(r"\b(?:SUBSCRIBE|SUBSCRIPTION|NEWSLETTER|SIGN UP|OFFER|FREE TRIAL|UNLIMITED ACCESS)\b")
#: A short line that only points at a web address ("AP soccer: https://…").
_LINK_LINE = re.compile(r"^[^.!?]{0,80}\bhttps?://\S+\s*$", re.IGNORECASE)
_PROMO_MAX_WORDS = 25
_READ_MORE = re.compile(r"^(?:read|see)\s+more\s*:?\s*$", re.IGNORECASE)

#: Who wrote it: "By Jane Roe", "By JANE ROE and JOHN DOE", "By Jane Roe, Staff Writer".
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:de|van|von|da|del|der|bin|al|la|le)?\s*[A-Z][\w.'’-]*){0,4}"
_NAMES = rf"{_NAME}(?:\s*(?:,|,?\s+and|&)\s+{_NAME})*"
_BYLINE = re.compile(rf"^(?:by|By|BY)\s+(?P<names>{_NAMES})(?:\s*,\s*(?P<desk>[^,]{{2,60}}))?\s*$")
#: A byline without "By": "Jane Roe, Associated Press".
_BARE_BYLINE = re.compile(rf"^(?P<names>{_NAME})\s*,\s*(?P<desk>[A-Z][\w.'’&-]*(?:\s+[A-Za-z][\w.'’&-]*){{0,5}})$")
#: What follows a name in a byline: a newsroom, a job, a place.
_DESK_WORDS = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|staff|columnist|contributor|bureau|chief|desk|press|news|wire"
    r"|reuters|agence|times|post|journal|herald|tribune|guardian|telegraph|daily|gazette|chronicle|ledger|media"
    r"|network|magazine|online)s?\b",
    re.IGNORECASE,
)
#: Separators between a byline's parts: "By Jane Roe · 10 February 2026 | Updated 11:05".
_BYLINE_PARTS = re.compile(r"\s+[·•|]\s+|\s+[-–—]\s+(?=\d|Updated|Published)")

#: Who helped: "… contributed to this report", "Additional reporting by …",
#: "(Reporting by …; Editing by …)", "Compiled by …", "Writing by …".
_CONTRIBUTED = re.compile(
    r"^(?P<names>[^.]{3,300}?)\s+contributed\s+(?:to\s+this\s+(?:report|story|article)|(?:additional\s+)?reporting)\b.*$",
    re.IGNORECASE,
)
_CREDIT_PART = re.compile(
    r"^(?:additional\s+)?(?:reporting|writing|editing|compiled|compilation|research|graphics|produced|"
    r"fact-checking|translation|translated|edited|written|reported)(?:\s+and\s+\w+)?\s+by\s+(?P<names>.+)$",
    re.IGNORECASE,
)
#: Where a credited person was: "Jane Roe in Warsaw", "Jane Roe from Kyiv".
_WHERE = re.compile(r"\s+(?:in|from|at)\s+[A-Z].*$")
#: Who a contributor is, before the name: "Associated Press writer Munir Ahmed".
_DESCRIPTION = re.compile(
    r"^.*?\b(?:writers?|reporters?|correspondents?|photographers?|journalists?|producers?|researchers?|"
    r"videographers?|editors?|staff)\s+(?=[A-Z])"
)


#: The longest byline and credit line: longer, the paragraph is the story's.
BYLINE_MAX = 160
CREDIT_MAX = 400


@dataclass
class Furniture:
    """What :func:`strip_boilerplate` takes out of the article's paragraphs."""

    body: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    dateline: str | None = None


def strip_boilerplate(paragraphs: list[str]) -> Furniture:
    """Split paragraphs into the body and the byline, credits and dateline."""
    found = Furniture()
    for paragraph in paragraphs:
        text = paragraph.strip()
        if _READ_MORE.match(text) and found.body:
            break  # the stub and the links after it belong to the old site
        if _NOISE.match(text) or is_promo(text):
            continue
        if not found.body and not found.dateline and (names := byline_names(text)):
            found.authors += [n for n in names if n not in found.authors]
            continue
        if names := credited_names(text):
            found.contributors += [n for n in names if n not in found.contributors]
            continue
        if not found.body and found.dateline is None and (dateline := split_dateline(text)):
            found.dateline, text = dateline
            if not text:
                continue
        found.body.append(text)
    return found


def is_promo(text: str) -> bool:
    """Whether a line asks the reader to sign up, subscribe, follow or click."""
    words = text.split()
    if len(words) > _PROMO_MAX_WORDS:
        return False
    if _PROMO.match(text) or _LINK_LINE.match(text):
        return True
    letters = [c for c in text if c.isalpha()]
    caps = letters and sum(c.isupper() for c in letters) >= 0.9 * len(letters)
    return bool(caps and _OFFER_WORDS.search(text))


def byline_names(text: str) -> list[str]:
    """The authors a byline names, or [] if ``text`` is no byline (a line
    of its own: one that goes on into the story is the story's)."""
    if len(text) > BYLINE_MAX:
        return []
    parts = [p for p in _BYLINE_PARTS.split(text) if p.strip()]
    if not parts:
        return []
    first = parts[0].strip()
    if match := _BYLINE.match(first):
        desk = match["desk"]
        if desk and not (_DESK_WORDS.search(desk) or desk.istitle()):
            return []
        names = split_list(match["names"])
        if len(names) > 1 and _DESK_WORDS.search(names[-1]):
            names.pop()  # "By Jane Roe, Staff Writer": the desk after the last comma
        return [_name_case(n) for n in names]
    if (match := _BARE_BYLINE.match(first)) and len(match["names"].split()) >= 2 and _DESK_WORDS.search(
        match["desk"]
    ):
        return [_name_case(match["names"])]
    return []


def credited_names(text: str) -> list[str]:
    """The people a credit line names, or [] if ``text`` is no credit line."""
    text = text.strip()
    if len(text) > CREDIT_MAX:
        return []
    inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    if match := _CONTRIBUTED.match(inner):
        return _names(match["names"])
    parts = [p.strip() for p in re.split(r"\s*;\s*", inner.rstrip(". ")) if p.strip()]
    matches = [_CREDIT_PART.match(p) for p in parts]
    if not parts or not all(matches):
        # "Reporting by X; more words": a credit line whose first part is one
        if matches and matches[0] and text.startswith("("):
            matches = matches[:1]
        else:
            return []
    names = []
    for match in matches:
        names += [n for n in _names(match["names"]) if n not in names]
    return names


def _names(text: str) -> list[str]:
    names = []
    for part in split_list(text.strip().rstrip(".")):
        part = _DESCRIPTION.sub("", _WHERE.sub("", part)).strip(" .")
        if part and part[0].isupper() and len(part.split()) <= 5:
            names.append(_name_case(part))
    return names


def _name_case(name: str) -> str:
    """A name set in capitals in ordinary case ("JANE ROE" "Jane Roe");
    a name already in mixed case stays as written."""
    if not name.isupper():
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m.group().capitalize(), name.lower())
