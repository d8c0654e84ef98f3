"""The site-wide index: players merged across briefings, timeline, quotes."""

from briefings.model import Briefing, Player, Quote, TimelineEntry
from briefings.site_index import build_site_index


def entry(value, start, end, sentence):
    return TimelineEntry(value, start, end, value, sentence, sentence)


def test_short_name_joins_the_only_long_name_it_can_mean():
    one = Briefing("One", "Putin spoke.", players=[Player("Putin", "person", key=True)],
                   quotes=[Quote("Yes", 0, 3, speaker="Putin")])
    two = Briefing("Two", "Vladimir Putin spoke.", players=[
        Player("Vladimir Putin", "person", "Russian president", aliases=["Putin"], key=True,
               roles=["Russian president"])])
    index = build_site_index([("one", one), ("two", two)])
    [putin] = [p for p in index.players if "Putin" in p.name]
    assert putin.name == "Vladimir Putin"
    assert putin.briefings == ["one", "two"]
    assert putin.roles == [("Russian president", "two")]
    assert [q.text for q, _ in putin.quotes] == ["Yes"]
    assert index.quotes == [("Vladimir Putin", [(one.quotes[0], "one")])]


def test_two_people_sharing_a_surname_stay_apart():
    one = Briefing("One", "Sullivan spoke.", players=[Player("Sullivan", "person", key=True)])
    two = Briefing("Two", "", players=[Player("Jake Sullivan", "person", key=True),
                                        Player("Sean Sullivan", "person", key=True)])
    names = sorted(p.name for p in build_site_index([("one", one), ("two", two)]).players)
    assert names == ["Jake Sullivan", "Sean Sullivan", "Sullivan"]


def test_players_are_ranked_by_briefings_and_slugs_are_unique():
    briefings = [
        ("a", Briefing("A", "", players=[Player("NATO", "organization", key=True), Player("Nato", "place")])),
        ("b", Briefing("B", "", players=[Player("NATO", "organization", key=True)])),
        ("c", Briefing("C", "", players=[Player("Geneva", "place")])),
    ]
    index = build_site_index(briefings)
    assert [(p.name, len(p.briefings)) for p in index.players] == [("NATO", 2), ("Geneva", 1)]
    assert len({p.slug for p in index.players}) == len(index.players)


def test_timeline_is_oldest_first_grouped_by_month_or_year_and_linked_to_players():
    one = Briefing("One", "", players=[Player("Kennedy", "person", key=True)], timeline=[
        entry("1962-10-22", "1962-10-22", "1962-10-22", "Kennedy announced a quarantine."),
        entry("1962", "1962-01-01", "1962-12-31", "The crisis."),
    ])
    two = Briefing("Two", "", timeline=[entry("1962-10", "1962-10-01", "1962-10-31", "Missiles found.")])
    index = build_site_index([("one", one), ("two", two)])
    assert [(group, [e.value for e, _ in entries]) for group, entries in index.timeline] == [
        ("1962", ["1962"]), ("1962-10", ["1962-10", "1962-10-22"])]
    [kennedy] = index.players
    assert [e.value for e, _ in kennedy.timeline] == ["1962-10-22"]


def test_a_short_name_only_joins_a_player_of_its_own_kind():
    one = Briefing("One", "", players=[Player("Jordan", "place", key=True)])
    two = Briefing("Two", "", players=[Player("Michael Jordan", "person", key=True)])
    three = Briefing("Three", "", players=[Player("Jordan", "place", key=True)])
    index = build_site_index([("one", one), ("two", two), ("three", three)])
    assert sorted((p.name, p.kind, len(p.briefings)) for p in index.players) == [
        ("Jordan", "place", 2), ("Michael Jordan", "person", 1)]


def test_quotes_page_and_player_page_agree_on_the_speaker():
    one = Briefing("One", "", players=[Player("Dmitry Peskov", "person", aliases=["Peskov"], key=True)],
                   quotes=[Quote("No", 0, 2, speaker="Peskov")])
    index = build_site_index([("one", one)])
    [peskov] = index.players
    assert [q.text for q, _ in peskov.quotes] == ["No"]
    assert [speaker for speaker, _ in index.quotes] == ["Dmitry Peskov"]
