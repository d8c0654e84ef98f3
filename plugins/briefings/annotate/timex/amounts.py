"""Durations and sets: amounts of time ("three weeks", "decades") and
recurrences ("every two years", "weekly", "on Sundays")."""

from __future__ import annotations

import re

from briefings.annotate.timex.anchoring import Context, Result
from briefings.annotate.timex.vocabulary import (
    DAY_PARTS,
    NUMBER_WORDS,
    SET_ADVERBS,
    UNITS,
    VAGUE_UNIT,
    P,
    group_text,
    month_of,
    weekday_of,
)


def parse_number(text: str) -> float | None:
    """'175' -> 175, 'twenty-five' -> 25, 'a' -> 1, '1 1/2' -> 1.5, 'a couple of' -> 2; vague -> None."""
    t = " ".join(text.lower().replace("-", " ").split())
    if re.fullmatch(r"[\d.,]+(?: \d/\d)?", t):
        whole, _, frac = t.partition(" ")
        value = float(whole.replace(",", ""))
        if frac:
            num, den = frac.split("/")
            value += int(num) / int(den)
        return value
    if t in ("a", "an", "one"):
        return 1
    if t in ("a half", "half a", "half an"):
        return 0.5
    if t in ("a couple of", "couple of"):
        return 2
    if t.endswith(("dozens of", "hundreds of", "thousands of", "scores of")):
        return None  # an unknown number: "hundreds of years"
    if "dozen" in t:
        return 12
    if "hundred" in t:
        return 100
    total = 0
    for word in t.split():
        if word not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[word]
    return total


#: where the fraction of a unit goes: (letter, is a time unit) -> (factor, smaller letter, is a time unit)
_SMALLER = {
    ("Y", False): (12, "M", False),
    ("W", False): (7, "D", False),
    ("D", False): (24, "H", True),
    ("H", True): (60, "M", True),
    ("M", True): (60, "S", True),
}


def duration_value(amount: float | None, unit: str) -> str:
    """TIMEX3 duration: (3, 'week') -> P3W, (None, 'week') -> PXW, (2.5, 'year') -> P2Y6M.

    A fraction is written in the next smaller unit, as TimeML does: "5 1/2
    hours" is PT5H30M, "a day and a half" P1DT12H, "half an hour" PT30M.
    """
    letter, is_time, mult = UNITS[unit]
    if amount is None:
        return f"P{'T' if is_time else ''}X{VAGUE_UNIT.get(unit, letter)}"
    whole, fraction = divmod(amount * mult, 1)
    parts = [(whole, letter, is_time)] if whole or not fraction else []
    if fraction:
        factor, smaller, smaller_is_time = _SMALLER.get((letter, is_time), (0, letter, is_time))
        if not factor or fraction * factor != int(fraction * factor):
            return f"P{'T' if is_time else ''}{amount * mult:g}{letter}"
        parts.append((fraction * factor, smaller, smaller_is_time))
    date = "".join(f"{n:g}{u}" for n, u, time in parts if not time)
    time = "".join(f"{n:g}{u}" for n, u, time in parts if time)
    return f"P{date}" + (f"T{time}" if time else "")


def unit_name(word: str) -> str:
    word = word.lower()
    if word == "centuries":
        return "century"
    return word[:-1] if word.endswith("s") else word


def r_duration(m: re.Match, ctx: Context) -> Result:
    """'175 days', 'the past two months', 'some weeks', 'five-year', 'a year and a half'."""
    unit = unit_name(m.group("unit"))
    amount = parse_number(m.group("num")) if m.group("num") else None
    if m.group("num") and amount is None and not re.match(P["VAGUE"], m.group("num")):
        return None
    if m.group("half"):
        amount = (amount or 0) + 0.5 if amount is not None else None
    return "DURATION", duration_value(amount, unit)


def r_accounting_year(m: re.Match, ctx: Context) -> Result:
    """'the year ended Sept. 30', 'the fiscal year ending June 30': a reporting
    period of twelve months, measured back from its closing date, so a
    duration (the closing date is an expression of its own)."""
    return "DURATION", "P1Y"


def r_unit_long(m: re.Match, ctx: Context) -> Result:
    """'a day-long meeting' -> P1D, 'a decades-long feud' -> PXDE: one unit, or an
    unspecified number of them."""
    word = m.group("unit").lower()
    return "DURATION", duration_value(None if word.endswith("s") else 1, unit_name(word))


def r_vague_units(m: re.Match, ctx: Context) -> Result:
    """Bare plurals: 'for weeks', 'in recent years', 'decades' -> PXW, PXY, PXDE."""
    return "DURATION", duration_value(None, unit_name(m.group("unit")))


def r_set(m: re.Match, ctx: Context) -> Result:
    """'each season', 'every two years', 'twice a week', '$5 a day', 'per year'."""
    unit_word = group_text(m, "unit")
    if unit_word in ("season", "seasons"):
        return "SET", "P3M"
    amount = 1.0
    if m.group("every"):
        amount = 2 if m.group("every").lower() == "other" else parse_number(m.group("every"))
        if amount is None:
            return None
    return "SET", duration_value(amount, unit_name(unit_word))


def r_set_adverb(m: re.Match, ctx: Context) -> Result:
    """'daily', 'weekly', 'annually'."""
    return "SET", SET_ADVERBS[m.group(0).lower()]


def r_weekday_set(m: re.Match, ctx: Context) -> Result:
    """'every Monday', 'on Sundays', 'Tuesday nights' -> XXXX-WXX-1, XXXX-WXX-7, XXXX-WXX-2TNI."""
    part = group_text(m, "part")
    return "SET", f"XXXX-WXX-{weekday_of(m) + 1}" + (f"T{DAY_PARTS[part]}" if part else "")


def r_month_set(m: re.Match, ctx: Context) -> Result:
    """'every July', 'each March' -> XXXX-07, XXXX-03."""
    return "SET", f"XXXX-{month_of(m):02d}"
