"""The dateline that opens wire and newspaper copy: where the story was filed.

``KABUL, Afghanistan (AP) —``, ``WASHINGTON (Reuters) -``, ``TOKYO, March 20
(Reuters) -``, ``LONDON —``, ``LONDON 1996-08-30``: a place set in capitals
(with its state or country in ordinary case), then optionally a date and an
agency's tag, then a dash.  It is not part of the story: it leaves the text
and becomes the article's dateline place.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
#: A word of the place in capitals ("ST. LOUIS", "N'DJAMENA", "PORT-AU-PRINCE").
_CAPS_WORD = r"[A-Z][A-Z.'’\-]*"
#: A region after the place, in ordinary case or abbreviated ("Afghanistan", "Calif.", "N.Y.", "England").
_REGION_WORD = r"[A-Z][A-Za-z.'’\-]*"
_DATELINE = re.compile(
    rf"""^(?P<place>{_CAPS_WORD}(?:\ {_CAPS_WORD}){{0,3}})
        (?:,\ (?P<region>{_REGION_WORD}(?:\ {_REGION_WORD}){{0,2}}))??
        (?:,?\ (?P<date>{_MONTH}\ \d{{1,2}}(?:,\ \d{{4}})?))?
        (?:\ ?\((?P<agency>[A-Z][\w.&\ ]{{0,30}}?)\))?
        (?:\ +(?:-{{1,2}}|–|—)\ +|\ +(?=\d{{4}}-\d\d-\d\d$)|:\ +)
    """,
    re.VERBOSE,
)
#: A wire dateline set alone on its line: "LONDON 1996-08-30".
_BARE = re.compile(rf"^(?P<place>{_CAPS_WORD}(?:\ {_CAPS_WORD}){{0,3}})\ +\d{{4}}-\d\d-\d\d$", re.VERBOSE)


def split_dateline(paragraph: str) -> tuple[str, str] | None:
    """``(place, rest)`` when ``paragraph`` opens with a dateline, else None.

    The place is given in ordinary case with its region ("Kabul,
    Afghanistan"); the rest is the paragraph after the dash (empty for a
    dateline set alone).
    """
    if match := _BARE.match(paragraph):
        return _place(match["place"], None), ""
    match = _DATELINE.match(paragraph)
    if match is None or not _is_caps_place(match["place"]):
        return None
    rest = paragraph[match.end():]
    if match.group().rstrip().endswith(":") and not match["agency"]:
        return None  # "NOTE: ..." or "UPDATE: ..." is no dateline
    if not rest or not (rest[0].isupper() or rest[0] in "\"“‘'(" or rest[0].isdigit()):
        return None
    return _place(match["place"], match["region"]), rest


def _is_caps_place(place: str) -> bool:
    letters = [c for c in place if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _place(place: str, region: str | None) -> str:
    name = " ".join(_name_case(word) for word in place.split())
    return f"{name}, {region}" if region else name


def _name_case(word: str) -> str:
    """A capitals word in ordinary case: "KABUL" "Kabul", "PORT-AU-PRINCE"
    "Port-Au-Prince", "ST." "St.", "U.N." stays."""
    if re.fullmatch(r"(?:[A-Z]\.)+", word):
        return word
    return re.sub(r"[A-Za-z]+", lambda m: m.group().capitalize(), word.lower())
