"""Read more: related briefings by text and by shared key players."""

import pytest

from briefings.model import Briefing, Player
from briefings.related import related_briefings


def briefing(title, text, *players):
    return Briefing(title, text, players=[Player(name, "person", key=True, salience=0.5) for name in players])


def three_briefings() -> list[Briefing]:
    """Two related briefings and one about something else (new each time:
    tests change them)."""
    return [
        briefing("Talks", "Diplomats met in Geneva to discuss missiles and troops.", "Ryabkov"),
        briefing("More talks", "Geneva talks on missiles and troops continued.", "Ryabkov"),
        briefing("Football", "The striker scored twice as the club won the cup final."),
    ]


def test_related_by_text_and_players_most_related_first():
    items = [
        briefing(
            "Talks", "Diplomats met in Geneva to discuss missiles and troops near the border.", "Sherman", "Ryabkov"
        ),
        briefing("More talks", "Geneva talks on missiles and troops continued between diplomats.", "Ryabkov"),
        briefing("Football", "The striker scored twice as the club won the cup final at the stadium."),
        briefing("Treaty", "Ryabkov presented the draft treaty on missiles.", "Ryabkov"),
    ]
    related = related_briefings(items, count=3)
    assert [r.index for r in related[0]][:2] == [1, 3]
    assert related[0][0].shared_players == ["Ryabkov"]
    assert all(r.index != 2 for r in related[0])
    assert all(r.index != i for i, rs in enumerate(related) for r in rs)


def test_fewer_than_two_briefings_have_no_related():
    assert related_briefings([briefing("Only", "Text.")]) == [[]]
    assert related_briefings([]) == []


def test_cached_related_briefings_are_computed_again_only_when_their_inputs_change(tmp_path, monkeypatch):
    from briefings import related

    items = three_briefings()
    path = tmp_path / "read-more.json"
    expected = related_briefings(items, count=2)
    assert related.cached_related_briefings(items, 2, path) == expected

    def fail(*args):
        raise AssertionError("computed again")

    monkeypatch.setattr(related, "related_briefings", fail)
    assert related.cached_related_briefings(items, 2, path) == expected

    monkeypatch.undo()
    items[2].players.append(Player("Ryabkov", "person", key=True, salience=0.5))
    assert related.cached_related_briefings(items, 2, path) == related_briefings(items, count=2) != expected
    path.write_text("{damaged", encoding="utf-8")
    assert related.cached_related_briefings(items, 2, path) == related_briefings(items, count=2)


def test_a_rebuild_counts_the_words_of_changed_texts_alone(tmp_path, monkeypatch):
    from briefings import related

    items = three_briefings()
    path = tmp_path / "read-more.json"
    related.cached_related_briefings(items, 2, path)
    items[2] = briefing("Football", "The striker scored twice as the club won the cup final in Geneva.")
    expected = related_briefings(items, count=2)
    counted = []
    count_words = related.term_counts
    monkeypatch.setattr(related, "term_counts", lambda text: counted.append(text) or count_words(text))
    assert related.cached_related_briefings(items, 2, path) == expected
    assert counted == ["Football\nThe striker scored twice as the club won the cup final in Geneva."]
    monkeypatch.undo()
    (tmp_path / "read-more.json.terms").write_bytes(b"damaged")
    items[1] = briefing("More talks", "Talks on missiles continued.")
    assert related.cached_related_briefings(items, 2, path) == related_briefings(items, count=2)


def test_equal_scores_are_ranked_by_position_whatever_their_number():
    # Eight briefings alike but for one word each: every pair scores the same.
    alike = [briefing("Talks", f"Diplomats discuss missiles and troops in Geneva with {word}.")
             for word in "alpha bravo charlie delta echo foxtrot golf hotel".split()]
    others = [briefing("Talks", f"The {word} won the cup final.") for word in "lions tigers bears wolves".split()]
    related = related_briefings(alike + others, count=5)
    assert [r.index for r in related[0]] == [1, 2, 3, 4, 5]
    assert [r.index for r in related[4]] == [0, 1, 2, 3, 5]
    assert len({r.score for row in related[:8] for r in row}) == 1


def test_terms_taken_from_a_last_build_are_the_terms_counted_afresh():
    import numpy as np

    from briefings.related import Terms

    texts = ["Geneva talks on missiles.", "The club won the cup.", "Missiles, troops and talks in Geneva."]
    kept = Terms.of(texts, ["a", "b", "c"])
    # Texts dropped, reordered and new ones added, as a rebuild meets them.
    now = ["Troops at the border, talks in Vienna.", texts[2], "Cup final in Vienna.", texts[0]]
    keys = ["d", "c", "e", "a"]
    reused, fresh = Terms.of(now, keys, kept), Terms.of(now, keys)
    assert reused.words == fresh.words
    assert fresh.words[:4] == ["troops", "border", "talks", "vienna"]  # columns in order of first use
    for name in ("bounds", "columns", "frequencies"):
        assert np.array_equal(getattr(reused, name), getattr(fresh, name))


DAMAGES = {
    "columns past the vocabulary": lambda kept: {**kept, "columns": kept["columns"] + len(kept["words"])},
    "columns of another type": lambda kept: {**kept, "columns": kept["columns"].astype(float)},
    "a word twice": lambda kept: {**kept, "words": kept["words"][:-1] + kept["words"][:1]},
    "texts past the terms": lambda kept: {**kept, "bounds": kept["bounds"] + 1},
}


@pytest.mark.parametrize("damage", DAMAGES)
def test_kept_terms_that_do_not_hold_together_are_counted_again(tmp_path, monkeypatch, damage):
    import pickle

    from briefings import related

    items = three_briefings()
    path = tmp_path / "read-more.json"
    expected = related.cached_related_briefings(items, 2, path)
    terms_path = tmp_path / "read-more.json.terms"
    terms_path.write_bytes(pickle.dumps(DAMAGES[damage](pickle.loads(terms_path.read_bytes()))))
    path.unlink()
    counted = []
    count_words = related.term_counts
    monkeypatch.setattr(related, "term_counts", lambda text: counted.append(text) or count_words(text))
    assert related.cached_related_briefings(items, 2, path) == expected
    assert len(counted) == 3
