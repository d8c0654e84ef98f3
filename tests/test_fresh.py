"""Fresh articles, written for these tests, read as an editor would check them.

Each ``fixtures/fresh/NAME.txt`` is a raw article with the damage seen in
real copy (datelines, bylines, credit and promotional lines, pasted web
pages); ``NAME.json`` says what a careful editor expects of it, written
before the annotator was run on it:

- ``date``, ``dateline``, ``authors``, ``contributors`` (and ``title`` when
  given): the article's metadata;
- ``players``: each expected player, found by its name or an alias (or one
  of ``aliases_ok``), of the kind given (one kind or a list of acceptable
  ones), and with one of the roles listed under ``role`` when there is one;
  ``exact`` asks for the name itself ("Netherlands", not "The Netherlands");
- ``not_players``: names no player may have (as name or alias);
- ``not_person``: names that may be players, but not people;
- ``not_roles``: words that are never a player's role;
- ``quoted_not_mentions``: quoted phrases inside which no player is mentioned;
- ``not_in_text``: strings the cleaned text must not hold;
- ``known_misses``: the expectations the annotator does not meet yet, by
  test (``players``, ``no_players``), each as the test words it, added after the run and never by editing the
  expectations above: a miss that gets fixed fails the test until it is
  taken off the list, and any other miss fails it at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.annotate.pipeline import annotate
from briefings.ingest import read_article

FRESH = Path(__file__).parent / "fixtures" / "fresh"
ARTICLES = sorted(p.stem for p in FRESH.glob("*.txt"))


@pytest.fixture(scope="module")
def annotated(nlp):
    """Every fresh article, read and annotated once."""
    return {name: annotate(read_article(FRESH / f"{name}.txt"), nlp) for name in ARTICLES}


def expectations(name: str) -> dict:
    return json.loads((FRESH / f"{name}.json").read_text(encoding="utf-8"))


def names_of(player) -> set[str]:
    return {player.name, *player.aliases}


def test_there_are_a_dozen_fresh_articles_each_with_expectations():
    assert len(ARTICLES) >= 12
    assert all((FRESH / f"{name}.json").exists() for name in ARTICLES)


@pytest.mark.parametrize("name", ARTICLES)
def test_metadata(annotated, name):
    briefing, expected = annotated[name], expectations(name)
    assert (briefing.date.isoformat() if briefing.date else None) == expected["date"]
    assert briefing.dateline == expected["dateline"]
    assert briefing.authors == expected["authors"]
    assert briefing.contributors == expected["contributors"]
    if "title" in expected:
        assert briefing.title == expected["title"]


@pytest.mark.parametrize("name", ARTICLES)
def test_what_is_not_the_article_leaves_the_text(annotated, name):
    text = annotated[name].text
    for fragment in expectations(name).get("not_in_text", []):
        assert fragment not in text, fragment


@pytest.mark.parametrize("name", ARTICLES)
def test_expected_players_kinds_and_roles(annotated, name):
    briefing, expected = annotated[name], expectations(name)
    wrong = []
    for want in expected["players"]:
        accepted = {want["name"], *want.get("aliases_ok", [])}
        found = [p for p in briefing.players if accepted & names_of(p)]
        if want.get("exact"):
            found = [p for p in found if p.name == want["name"]]
        kinds = want["kind"] if isinstance(want["kind"], list) else [want["kind"]]
        if not found:
            wrong.append(f"missing {want['name']}")
        elif found[0].kind not in kinds:
            wrong.append(f"{want['name']} is a {found[0].kind}, not a {'/'.join(kinds)}")
        elif "role" in want and found[0].role not in want["role"]:
            wrong.append(f"{want['name']} has the role {found[0].role!r}, not one of {want['role']}")
    check(wrong, expected, "players")


@pytest.mark.parametrize("name", ARTICLES)
def test_what_is_no_player(annotated, name):
    briefing, expected = annotated[name], expectations(name)
    wrong = []
    for player in briefing.players:
        names = names_of(player)
        wrong += [f"player {n}" for n in expected.get("not_players", []) if n in names]
        if player.kind == "person":
            wrong += [f"{n} is a person" for n in expected.get("not_person", []) if n in names]
        for role in player.roles:
            if role in expected.get("not_roles", []) or role.split()[0] in expected.get("not_roles", []):
                wrong.append(f"{player.name} has the role {role!r}")
    for phrase in expected.get("quoted_not_mentions", []):
        start = briefing.text.index(phrase)
        end = start + len(phrase)
        wrong += [
            f"{p.name} mentioned in the quote {phrase!r}"
            for p in briefing.players
            if any(start <= a and b <= end for a, b in p.spans)
        ]
    check(wrong, expected, "no_players")


def check(wrong: list[str], expected: dict, test: str) -> None:
    """Nothing wrong but the known misses of this test."""
    known = expected.get("known_misses", {}).get(test, [])
    assert sorted(wrong) == sorted(known), {
        "unexpected": sorted(set(wrong) - set(known)),
        "fixed (take it off known_misses)": sorted(set(known) - set(wrong)),
    }
