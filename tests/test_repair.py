"""Text repair: ordinary mojibake and the lossy kind of the seed."""

import pytest

from briefings.ingest.repair import repair_text


def test_seed_reads_cleanly(seed_article):
    text = seed_article.text
    assert "â" not in text
    assert "Ukraine’s border" in text
    assert "“It is you who must give us guarantees, and you must do it immediately, right now,” he told" in text
    assert "Cuban missile crisis scenario — the U.S.-Soviet showdown" in text
    assert "Putin hasn’t made a decision" in text
    assert "respond with “military-technical measures” if" in text
    assert "on the program, “Putin.”" in text


@pytest.mark.parametrize(
    "damaged, repaired",
    [
        ("Russiaâs demands", "Russia’s demands"),
        ("he hasnât decided, theyâre sure, weâll see", "he hasn’t decided, they’re sure, we’ll see"),
        ("âNo,â she said.", "“No,” she said."),
        ("a crisis â the showdown", "a crisis — the showdown"),
        ("the Ukrainiansâ land, Russiaâs aim", "the Ukrainians’ land, Russia’s aim"),
        ("the years 1990â1995, Moscowâs view", "the years 1990–1995, Moscow’s view"),
    ],
)
def test_lossy_punctuation_is_restored_from_context(damaged, repaired):
    assert repair_text(damaged) == repaired


@pytest.mark.parametrize("real", ["pâté", "Château Margaux", "a pâté at the Château, Moscowâs"])
def test_a_real_circumflex_stays(real):
    assert "â" in repair_text(real).replace("Moscowâs", "")


def test_ordinary_mojibake_is_undone_without_uncurling_quotes():
    assert repair_text("The Kremlinâ€™s demands â€œnowâ€\x9d") == "The Kremlin’s demands “now”"


@pytest.mark.parametrize("text", ["北京，上海。「引用」（注）", "会談は１月１０日に始まった！", "Ｎ Korea"])
def test_full_width_characters_of_east_asian_text_stay(text):
    assert repair_text(text) == text


def test_control_characters_and_line_ends_are_cleaned():
    assert repair_text("one\r\ntwo\x00\x07 three\rfour") == "one\ntwo three\nfour"


@pytest.mark.parametrize(
    "glued, parted",
    [
        ("Carrick said,“Look, this is the deal.”", "Carrick said, “Look, this is the deal.”"),
        ("it said in a statement:“We are pleased.”", "it said in a statement: “We are pleased.”"),
        ("one view;“another” view", "one view; “another” view"),
    ],
)
def test_a_mark_glued_to_an_opening_quote_is_parted(glued, parted):
    assert repair_text(glued) == parted


@pytest.mark.parametrize("kept", [
    "“No,” she said.",  # a closing mark after the comma
    "scores of 3,“4” and 5",  # a figure, not a word, before the comma
    "He said, “Look.”",  # already parted
    'Carrick said,"Look"',  # a straight mark could as well close a quote
])
def test_other_marks_by_quotes_are_left_as_they_are(kept):
    assert repair_text(kept) == kept
