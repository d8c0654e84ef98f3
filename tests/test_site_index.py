"""The site-wide index: players merged across briefings, timeline, quotes,
and what each player's page shows."""

import datetime as dt

from briefings.editor_file import parse_editor_file
from briefings.model import Briefing, Player, Quote, TimelineEntry
from briefings.site_index import Companion, build_site_index, sentence_around


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


# --- what the site needs of each player -------------------------------------------

def dated(title, day, *players, text="", quotes=(), timeline=()):
    return Briefing(title, text, date=dt.date.fromisoformat(day), players=list(players), quotes=list(quotes),
                    timeline=list(timeline))


def test_every_mention_speaker_and_also_mentioned_player_maps_to_one_site_player():
    one = Briefing("One", "", players=[Player("Vladimir Putin", "person", aliases=["Putin"], key=True),
                                        Player("Dmitry Peskov", "person")],  # "Also mentioned"
                   quotes=[Quote("No", 0, 2, speaker="Peskov"), Quote("Yes", 0, 3, speaker="Mr Putin")])
    two = Briefing("Two", "", players=[Player("Putin", "person"), Player("Peskov", "person")])
    index = build_site_index([("one", one), ("two", two)])
    putin, peskov = index.by_id["vladimir-putin"], index.by_id["dmitry-peskov"]
    assert index.by_briefing[0]["Putin"] is putin and index.by_briefing[0]["Mr Putin"] is putin
    assert index.by_briefing[1]["Putin"] is putin and index.by_briefing[1]["Peskov"] is peskov
    assert index.players_of == [[putin, peskov], [putin, peskov]]
    assert [q.text for q, _ in putin.quotes] == ["Yes"] and putin.speaker


def test_pages_for_key_players_named_speakers_and_players_of_two_briefings():
    one = Briefing("One", "", players=[Player("Jens Stoltenberg", "person", key=True), Player("Geneva", "place"),
                                        Player("Brussels", "place"), Player("Wendy Sherman", "person"),
                                        Player("Aug", "organization", key=True)],
                   quotes=[Quote("Talks", 0, 5, speaker="Wendy Sherman")])
    two = Briefing("Two", "", players=[Player("Geneva", "place"), Player("Oslo", "place")])
    index = build_site_index([("one", one), ("two", two)])
    assert sorted(p.id for p in index.pages) == ["geneva", "jens-stoltenberg", "wendy-sherman"]
    assert not index.by_id["aug"].page  # a dateline's month is not an entity


def test_the_player_page_data():
    text = "Talks opened in Geneva. “We will not back down,” Ryabkov said on Monday. Then they left."
    start = text.index("We will")
    first = dated("First", "2021-12-17",
                  Player("Sergei Ryabkov", "person", aliases=["Ryabkov"], key=True, roles=["deputy foreign minister"]),
                  Player("Geneva", "place"), text=text,
                  quotes=[Quote("We will not back down,", start, start + 22, speaker="Sergei Ryabkov")],
                  timeline=[entry("2021-12-13", "2021-12-13", "2021-12-13", "Ryabkov spoke in Geneva.")])
    second = dated("Second", "2022-01-10",
                   Player("Ryabkov", "person", roles=["deputy foreign minister"]), Player("Geneva", "place"),
                   Player("Wendy Sherman", "person", key=True, roles=["deputy secretary of state"]),
                   timeline=[entry("2022-01-10", "2022-01-10", "2022-01-10", "Sherman met the USA delegation.")])
    third = dated("Third", "2021-11-01", Player("Sergei Ryabkov", "person", roles=["diplomat"]))
    index = build_site_index([("first", first), ("second", second), ("third", third)])
    ryabkov = index.by_id["sergei-ryabkov"]
    assert ryabkov.briefings == ["second", "first", "third"]  # newest first
    assert [(s.role, s.first.isoformat(), s.last.isoformat(), s.sources) for s in ryabkov.role_history] == [
        ("diplomat", "2021-11-01", "2021-11-01", ["third"]),
        ("deputy foreign minister", "2021-12-17", "2022-01-10", ["first", "second"])]
    [said] = ryabkov.quotes_in_context
    assert said.sentence == "“We will not back down,” Ryabkov said on Monday."
    assert said.source == "first" and said.date == dt.date(2021, 12, 17)
    assert [e.value for e, _ in ryabkov.timeline] == ["2021-12-13"]
    assert ryabkov.companions == [Companion("geneva", "Geneva", 2), Companion("wendy-sherman", "Wendy Sherman", 1)]
    # "USA" is not a mention of a player named "US", nor "Sherman" of "Sherma".
    assert not index.by_id["geneva"].timeline[1:]


def test_the_editor_file_wins_and_its_errors_are_reported():
    one = Briefing("One", "", players=[Player("Sullivan", "person", key=True)])
    two = Briefing("Two", "", players=[Player("Jake Sullivan", "person", key=True), Player("Kremlin", "organization")])
    editor = parse_editor_file("merge: Sullivan | jake-sullivan\nname: Kremlin | The Kremlin\nhide: Nobody\n",
                               "content/players.conf")
    index = build_site_index([("one", one), ("two", two)], editor=editor)
    assert index.by_briefing[0]["Sullivan"] is index.by_id["jake-sullivan"]
    assert index.by_id["kremlin"].name == "The Kremlin"
    assert index.errors == ["content/players.conf:3: no player 'Nobody' on the site"]


def test_the_sentence_around_a_quote():
    text = "First one. He said: “It is over. We go home.” Then more.\nA new line."
    start = text.index("It is")
    assert sentence_around(text, start, text.index("”")) == "He said: “It is over. We go home.”"
    assert sentence_around(text, -1, 3) == ""
