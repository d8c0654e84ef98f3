"""Players: finding, merging, excluding, roles, kinds and salience."""

from __future__ import annotations

import pytest

from briefings.annotate.players.find import find_players, rank_players
from briefings.model import Quote

SEED_PARAGRAPHS = [
    "Russian officials see a time frame of just weeks for Biden to agree to demands that have long been ruled out by NATO, including Russia vetoing the security decisions of Ukraine or other nations in the region.",
    "The Biden-Putin talks come with fears Putin may invade Ukraine, amid a Russian military buildup near Ukraine’s border for the second time this year. Some analysts warn that Russia’s insistence that a complex security deal be negotiated in such a short time could be a pretext for military action.",
    "In their previous Dec. 7 video conference Biden warned Putin of tough new sanctions if Russia escalates action against Ukraine, a threat the Kremlin has shrugged off, saying it is used to Western sanctions.",
    "Putin last week made it clear he would not wait long for the written security guarantees he demands, saying he was not interested in negotiations, only results.",
    "“It is you who must give us guarantees, and you must do it immediately, right now,” he told a Western journalist last week at his annual news conference, when asked if he would rule out invading Ukraine. “It is the United States that has come to our home with its missiles and is already standing at our doorstep.”",
    "Biden plans to tell Putin Thursday that while the United States is prepared to proceed diplomatically, it will respond to further incursions with economic sanctions, NATO reinforcement and assistance to Ukrainian efforts to defend itself, according to a senior administration official, speaking to reporters anonymously under ground rules set by the White House.",
    "U.S. officials hope that talks between the leaders may help cool the crisis ahead of talks planned Jan. 10 between U.S. and Russian officials, likely in Geneva.",
    "“I think both leaders believe that there is genuine value in direct leader-to-leader engagement, that we are in a moment of crisis and have been for some weeks now given the Russian buildup,” the senior administration official said.",
    "Biden’s national security adviser, Jake Sullivan, said last week that the United States had its own list of security concerns about Russian actions to bring to the Jan. 10 talks.",
    "An unclassified U.S. intelligence analysis revealed by The Washington Post earlier this month found that Russia was preparing to move as many as 175,000 forces in preparation for an invasion, though the White House has said Putin hasn’t made a decision yet. U.S. officials and military analysts have predicted that if Putin decides to proceed, the offensive could take place in late January or February.",
    "Putin blames Western aggression for the rising military tension over Ukraine and last week threatened to respond with “military-technical measures” if his security demands were not met, without indicating what the measures would be.",
    "On Sunday, Kremlin spokesman Dmitry Peskov explicitly linked Russia’s test of a multiple firing of Tsirkon hypersonic missiles on Christmas Eve with Moscow’s demands for security guarantees, saying Russia hoped that its demands would “thus become more compelling.” He was interviewed on state television on the program, “Putin.”",
    "Putin, who has often boasted that Russia leads the world in hypersonic missile technology, said the first Tsirkon missile salvo test was “successful, impeccable.” He called it “a major event in the life of our country and a significant step in raising Russia’s security.”",
    "In recent weeks Putin has aired grievances over NATO’s expansion into Eastern Europe after the fall of the USSR 30 years ago, and his belief that part of Ukraine’s territory historically belongs to Russia.",
    "Putin has marked out Ukraine membership of NATO as a “red line” that Russia will not accept. In a long essay published in the summer, he made it clear he sees Ukraine as part of Moscow’s sphere of influence, writing that Ukraine could only be truly sovereign in partnership with Russia.",
    "Other officials have been increasingly bellicose: earlier this month deputy foreign minister Sergei Ryabkov warned that the tensions over Ukraine could turn into a Cuban missile crisis scenario — the U.S.-Soviet showdown in 1962 over Moscow’s construction of missile bases in Cuba that brought the world to the brink of nuclear war.",
    "Nikolai Patrushev, Russia’s security council chief, called Ukraine a “protectorate” in a newspaper interview in November, adding an ominous note: “There’s potential in Ukraine for an outburst of tensions so strong that millions of Ukrainians will flee to seek refuge in other places.”",
]
SEED_TEXT = "\n\n".join(SEED_PARAGRAPHS)
SEED_TITLE = "Russian officials see a time frame of just weeks for Biden to agree to demands that have…"
SEED_CONTRIBUTORS = ["John Wagner", "Sean Sullivan", "Meryl Kornfield", "Karoun Demirjian"]


def players_of(nlp, text, **kwargs):
    doc = nlp(text)
    return doc, {p.name: p for p in find_players(doc, **kwargs)}


def named(players, name):
    """The player called ``name`` by name or alias, or None."""
    for player in players.values():
        if name == player.name or name in player.aliases:
            return player
    return None


@pytest.fixture(scope="module")
def seed(nlp):
    doc = nlp(SEED_TEXT)
    found = find_players(doc, title=SEED_TITLE, exclude=SEED_CONTRIBUTORS)
    return doc, rank_players(found, [], doc, title=SEED_TITLE)


# Merging


def test_surname_joins_the_full_name(nlp):
    _, players = players_of(
        nlp,
        "Senator Maria Delgado said on Monday that the bill would pass. "
        "Delgado added that the vote could come next week.",
    )
    assert list(players) == ["Maria Delgado"]
    delgado = players["Maria Delgado"]
    assert delgado.aliases == ["Delgado"] and delgado.mentions == 2


def test_people_sharing_a_surname_stay_apart(nlp):
    doc, players = players_of(
        nlp,
        "Anna Kowalski, the mayor of the town, opened the bridge with her brother "
        "Piotr Kowalski. Kowalski, who built it, said the river had flooded twice.",
    )
    assert {"Anna Kowalski", "Piotr Kowalski"} <= set(players)
    assert players["Anna Kowalski"].mentions == 1
    # the lone surname goes to the nearest full name before it
    assert players["Piotr Kowalski"].mentions == 2
    assert "Kowalski" not in players


def test_contributor_is_never_a_player_but_namesake_is(nlp):
    _, players = players_of(
        nlp,
        "National security adviser Jake Sullivan will travel to Geneva. "
        "Sullivan said the talks would be hard.\n\nSean Sullivan contributed to this report.",
        exclude=["Sean Sullivan"],
    )
    assert players["Jake Sullivan"].mentions == 2
    assert not any("Sean" in p.name for p in players.values())
    _, alone = players_of(nlp, "Sullivan said the talks would be hard.", exclude=["Sean Sullivan"])
    assert named(alone, "Sullivan") is None


def test_us_and_the_united_states_are_one_place(nlp):
    _, players = players_of(
        nlp,
        "The U.S. sent aid in March. Later the United States sent troops, "
        "and U.S. officials said more would follow.",
    )
    us = players["United States"]
    assert us.kind == "place" and us.aliases == ["U.S."] and us.mentions == 3


def test_spans_index_the_text(seed):
    doc, players = seed
    for player in players:
        texts = {player.name, *player.aliases}
        if player.kind == "person":
            texts.add(player.name.split()[-1])
        assert all(doc.text[a:b] in texts for a, b in player.spans), player


# Exclusion


def test_nationality_adjectives_are_no_players_but_peoples_are_groups(nlp):
    _, players = players_of(
        nlp,
        "Russian officials met French diplomats in Vienna, while millions of Ukrainians fled west.",
    )
    assert "Russian" not in players and "French" not in players
    assert players["Vienna"].kind == "place"
    assert players["Ukrainians"].kind == "group"


def test_weapons_are_no_players(nlp):
    _, players = players_of(
        nlp,
        "The navy test-fired Kalibr cruise missiles from the Black Sea, "
        "and later a Bulava missile from a submarine.",
    )
    assert set(players) == {"Black Sea"}


def test_hyphenated_modifier_gives_its_names(nlp):
    _, players = players_of(
        nlp,
        "Biden called Putin on Friday. The Biden-Putin talks ended early, "
        "and the U.S.-Soviet history came up.\n\nThe U.S. said little.",
    )
    assert not any("-" in name for name in players)
    assert players["Biden"].mentions == 2 and players["Putin"].mentions == 2
    assert players["U.S."].mentions == 2


def test_credit_lines_name_nobody(nlp):
    _, players = players_of(
        nlp,
        "PARIS 2021-05-04\n\nThe government said on Tuesday that taxes would rise.\n\n"
        "Reporting by Jane Doe; Editing by Tom Roe",
    )
    assert set(players) == {"Paris"}
    assert players["Paris"].kind == "place"


# Roles


def test_roles_before_and_after_the_name(nlp):
    _, players = players_of(
        nlp,
        "Kremlin spokesman Dmitry Peskov said the offer was serious. Nikolai Patrushev, "
        "Russia's security council chief, disagreed. The company's chief executive, "
        "Laura Chen, declined to comment. Senator Maria Delgado did not.",
    )
    assert players["Dmitry Peskov"].role == "Kremlin spokesman"
    assert players["Nikolai Patrushev"].role == "Russia's security council chief"
    assert players["Laura Chen"].role == "company's chief executive"
    assert players["Maria Delgado"].role == "Senator"
    assert players["Kremlin"].role is None


def test_a_place_before_a_name_is_no_role(nlp):
    _, players = players_of(nlp, "Britain's Tony Blair met President Jacques Chirac in Paris.")
    assert players["Tony Blair"].role is None
    assert players["Jacques Chirac"].role == "President"


# Kinds


def test_kinds_of_seats_of_power_people_and_places(nlp):
    _, players = players_of(
        nlp,
        "The White House said on Monday that the Kremlin had been warned. "
        "Jake Sullivan flew to Geneva.",
    )
    assert players["White House"].kind == "organization"
    assert players["Kremlin"].kind == "organization"
    assert players["Jake Sullivan"].kind == "person"
    assert players["Geneva"].kind == "place"


def test_listings_tell_teams_athletes_and_countries(nlp):
    _, players = players_of(
        nlp,
        "Standings after Saturday's games:\n\nWigan 4 3 1 0 9 4 10\n\nHalifax 4 2 1 1 6 5 7\n\n"
        "Women's 100 metres:\n\n1. Marta Kovacs (Hungary) 12.45 seconds\n\n"
        "At Leeds: J. Pritchard 45, T. Holloway 12.",
    )
    assert players["Wigan"].kind == players["Halifax"].kind == "organization"
    assert players["Marta Kovacs"].kind == "person"
    assert players["Hungary"].kind == "place"
    assert players["J. Pritchard"].kind == players["T. Holloway"].kind == "person"


def test_capitals_headline_line_is_read_in_true_case(nlp):
    _, players = players_of(
        nlp,
        "ROMANIA BEAT LITHUANIA IN CHISINAU\n\nCHISINAU 1996-08-31\n\n"
        "Romania beat Lithuania 2-1 in a friendly match on Saturday.",
    )
    assert players["Chisinau"].kind == "place"
    assert players["Romania"].mentions == 2


# The seed


def test_seed_key_players(seed):
    _, players = seed
    key = {p.name for p in players if p.key}
    assert key == {"Putin", "Biden", "Russia", "Ukraine", "NATO", "United States"}
    assert players[0].key and players[0].salience >= players[-1].salience


def test_seed_players_and_kinds(seed):
    _, players = seed
    kinds = {p.name: p.kind for p in players}
    assert kinds["Putin"] == kinds["Biden"] == kinds["Jake Sullivan"] == "person"
    assert kinds["Kremlin"] == kinds["White House"] == kinds["NATO"] == "organization"
    assert kinds["United States"] == kinds["Ukraine"] == kinds["Geneva"] == "place"
    assert kinds["Ukrainians"] == "group"
    names = " ".join(kinds)
    for absent in ("Tsirkon", "Sean", "Russian", "Western", "Biden-Putin", "Soviet"):
        assert absent not in names


def test_seed_merges_and_roles(seed):
    doc, players = seed
    by_name = {p.name: p for p in players}
    assert by_name["Putin"].mentions >= 11
    # the program's title, “Putin.”, is no mention of the man
    program = doc.text.index("“Putin.”") + 1
    assert (program, program + len("Putin")) not in by_name["Putin"].spans
    assert "U.S." in by_name["United States"].aliases
    assert by_name["Dmitry Peskov"].role == "Kremlin spokesman"
    assert by_name["Sergei Ryabkov"].role == "deputy foreign minister"
    assert by_name["Nikolai Patrushev"].role == "Russia’s security council chief"
    assert by_name["Jake Sullivan"].role in (
        "Biden’s national security adviser",
        "national security adviser to Biden",
    )


# Salience


def test_being_quoted_raises_salience(nlp):
    text = (
        "Maria Delgado and Tom Walsh met in Dublin on Monday.\n\n"
        "Delgado spoke first. Walsh spoke second.\n\n"
        "“We agree,” Delgado said."
    )
    doc = nlp(text)
    players = find_players(doc)
    quote = Quote(text="We agree,", start=text.index("We"), end=text.index(",”"), speaker="Maria Delgado")
    ranked = rank_players(players, [quote], doc)
    assert ranked[0].name == "Maria Delgado"
    unquoted = rank_players(find_players(doc), [], doc)
    delgado = next(p for p in unquoted if p.name == "Maria Delgado")
    assert ranked[0].salience > delgado.salience


def test_no_players_no_ranking(nlp):
    doc = nlp("It rained all day.")
    assert find_players(doc) == []
    assert rank_players([], [], doc) == []


# Names, kinds and roles an editor would sign off


def test_honorifics_are_never_roles_and_middle_initials_are_names(nlp):
    _, players = players_of(
        nlp,
        "Former President George H. W. Bush signed the order in 1990. Dr. Ana T. Ruiz, the director of the "
        "Census Bureau, said the count was late. Ms. Ruiz added that Mr. Bush had backed it.",
    )
    bush, ruiz = named(players, "George H. W. Bush"), named(players, "Ana T. Ruiz")
    assert bush.role == "Former President" and bush.kind == "person"
    assert ruiz.role == "director of the Census Bureau"
    assert not {"Mr.", "Ms.", "Dr."} & {*bush.roles, *ruiz.roles}


def test_the_most_specific_present_role_is_shown(nlp):
    _, players = players_of(
        nlp,
        "Secretary of the Interior Margaret L. Ostrander spoke on Tuesday. Ostrander, a former governor of "
        "New Mexico, said the review would end soon.",
    )
    ostrander = named(players, "Margaret L. Ostrander")
    assert ostrander.role == "Secretary of the Interior"
    assert "former governor of New Mexico" in ostrander.roles
    assert named(players, "Interior") is None


def test_no_leading_the_in_a_country_but_in_a_city(nlp):
    _, players = players_of(nlp, "Officials from The Gambia met envoys in The Hague on Monday.")
    assert named(players, "Gambia").kind == "place"
    assert named(players, "The Gambia") is None


def test_currencies_time_zones_and_legal_forms_are_no_players(nlp):
    _, players = players_of(
        nlp,
        "Nordhavn Shipping A/S will buy Baltic Freight Holdings LLC for EUR 2.1 billion, it said at 1105 GMT. "
        "Nordhavn shares rose to DKK 412.",
    )
    assert named(players, "Nordhavn Shipping A/S").kind == "organization"
    assert named(players, "Baltic Freight Holdings LLC").kind == "organization"
    for word in ("EUR", "GMT", "DKK", "LLC", "A/S"):
        assert named(players, word) is None, word


def test_places_said_to_be_places_are_places(nlp):
    _, players = players_of(
        nlp,
        "Classes resumed in Balkh and Samangan provinces. In Mazar-i-Sharif, the capital of Balkh, attendance "
        "was thin. Traders in Kano and Abuja were hopeful, and Apapa, the city's older port, was choked.",
    )
    for name in ("Balkh", "Samangan", "Mazar-i-Sharif", "Abuja", "Apapa"):
        assert named(players, name).kind == "place", name


def test_clubs_in_a_result_are_organisations(nlp):
    _, players = players_of(
        nlp, "Manchester City beat Arsenal 3-1 on Sunday. Liverpool, who drew 1-1 on Saturday, are third."
    )
    for name in ("Manchester City", "Arsenal", "Liverpool"):
        assert named(players, name).kind == "organization", name


def test_a_full_name_apposed_to_a_title_is_a_person(nlp):
    _, players = players_of(nlp, "Indonesia's energy minister, Bahlil Lahadalia, said the plant could open.")
    assert named(players, "Bahlil Lahadalia").kind == "person"
