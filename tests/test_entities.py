"""Cross-briefing identities (briefings.entities) on briefings built by hand:
one id per real-world entity, and never one id for two."""

from __future__ import annotations

from briefings.entities import resolve
from briefings.model import Briefing, Player, Quote
from briefings.names import expansions_in, person_name, place_of


def player(name, kind="person", aliases=(), role=None, key=False):
    return Player(name, kind, role=role, aliases=list(aliases), key=key, roles=[role] if role else [])


def briefing(title, *players, text="", quotes=(), slug=None):
    return Briefing(title, text, players=list(players), quotes=list(quotes), slug=slug)


def ids(briefings):
    """{(briefing index, player name): id}, and the resolution."""
    resolution = resolve(briefings)
    found = {(b, p.name): resolution.of_player[b][i].id
             for b, item in enumerate(briefings) for i, p in enumerate(item.players)}
    return found, resolution


def test_surname_honorific_and_title_join_the_full_name_across_briefings():
    site = [
        briefing("a", player("Vladimir Putin", aliases=["Putin"], role="Russian president")),
        briefing("b", player("Putin")),
        briefing("c", player("Mr. Putin")),
        briefing("d", player("President Putin")),
        briefing("e", player("Vladimir Vladimirovich Putin's")),
    ]
    found, resolution = ids(site)
    assert len({found[k] for k in found}) == 1
    [putin] = resolution.identities
    assert putin.name == "Vladimir Putin" and putin.id == "vladimir-putin"


def test_a_middle_initial_joins_but_two_middles_stay_apart():
    site = [
        briefing("a", player("John F. Kennedy")),
        briefing("b", player("John Kennedy")),
        briefing("c", player("George W. Bush")),
        briefing("d", player("George H. W. Bush")),
        briefing("e", player("George H.W. Bush")),
        briefing("f", player("George Bush")),
        briefing("g", player("Bush")),
    ]
    found, _ = ids(site)
    assert found[(0, "John F. Kennedy")] == found[(1, "John Kennedy")] == "john-f-kennedy"
    assert found[(2, "George W. Bush")] == "george-w-bush"
    assert found[(3, "George H. W. Bush")] == found[(4, "George H.W. Bush")] == "george-h-w-bush"
    # "George Bush" and "Bush" may be either: apart from both (and each other).
    others = {found[(5, "George Bush")], found[(6, "Bush")]}
    assert len(others) == 2 and not others & {"george-w-bush", "george-h-w-bush"}


def test_a_generational_suffix_must_agree():
    found, _ = ids([briefing("a", player("Robert F. Kennedy")), briefing("b", player("Robert F. Kennedy Jr."))])
    assert found[(0, "Robert F. Kennedy")] != found[(1, "Robert F. Kennedy Jr.")]


def test_countries_and_unions_under_any_of_their_names():
    site = [
        briefing("a", player("United States", "place"), player("Britain", "place"), player("EU", "organization")),
        briefing("b", player("U.S.", "place"), player("UK", "place"), player("European Union", "organization")),
        briefing("c", player("The United States", "place"), player("United Kingdom", "place")),
        briefing("d", player("America", "place"), player("United States of America", "place"), player("US", "place")),
        briefing("e", player("USA", "organization"), player("Great Britain", "place")),
    ]
    found, resolution = ids(site)
    by_id = {}
    for key, value in found.items():
        by_id.setdefault(value, set()).add(key[1])
    assert by_id["united-states"] == {"United States", "U.S.", "The United States", "America",
                                      "United States of America", "US", "USA"}
    assert by_id["united-kingdom"] == {"Britain", "UK", "United Kingdom", "Great Britain"}
    assert by_id["european-union"] == {"EU", "European Union"}
    names = {i.id: i.name for i in resolution.identities}
    assert names["united-states"] == "United States" and names["european-union"] == "European Union"


def test_world_knowledge_comes_from_the_packages():
    assert place_of("Russian Federation") == place_of("Russia")
    assert place_of("Türkiye") == place_of("Turkey")
    assert place_of("UAE").name == "United Arab Emirates"
    assert place_of("DPRK") == place_of("North Korea")
    assert place_of("USSR") == place_of("Soviet Union")
    assert place_of("IRA") is None  # not the initials of an official name
    assert place_of("Jordan") is not None and place_of("Bank of America") is None


def test_an_acronym_joins_the_long_form_a_briefing_spells_out():
    text = "The head of the International Atomic Energy Agency (IAEA) visited the plant."
    site = [
        briefing("a", player("International Atomic Energy Agency", "organization", aliases=["IAEA"]), text=text),
        briefing("b", player("IAEA", "organization")),
        briefing("c", player("the IAEA's", "organization")),
    ]
    found, resolution = ids(site)
    assert len(set(found.values())) == 1
    assert resolution.identities[0].name == "International Atomic Energy Agency"
    assert expansions_in("WHO (World Health Organization) said") == {"WHO": "World Health Organization"}
    assert expansions_in("the Organization of the Petroleum Exporting Countries (OPEC)") == {
        "OPEC": "Organization of the Petroleum Exporting Countries"}
    assert expansions_in("the Bank (ECB) said") == {}  # its initials are not the acronym


def test_an_acronym_spelt_out_two_ways_joins_the_one_its_briefing_points_to():
    site = [
        briefing("a", player("African National Congress", "organization", aliases=["ANC"]),
                 player("South Africa", "place"), player("Cyril Ramaphosa"), player("Johannesburg", "place")),
        briefing("b", player("Alliance for National Change", "organization", aliases=["ANC"]),
                 player("Ruritania", "place"), player("Rudolf Rassendyll")),
        briefing("c", player("ANC", "organization"), player("Cyril Ramaphosa"), player("Johannesburg", "place")),
        briefing("d", player("ANC", "organization"), player("Zenda", "place")),
    ]
    found, _ = ids(site)
    assert found[(2, "ANC")] == found[(0, "African National Congress")]
    long_forms = {found[(0, "African National Congress")], found[(1, "Alliance for National Change")]}
    assert found[(3, "ANC")] not in long_forms


def test_two_companies_that_share_a_word_stay_apart():
    site = [
        briefing("a", player("Bank of America", "organization", aliases=["Bank"])),
        briefing("b", player("Bank of England", "organization", aliases=["Bank"])),
        briefing("c", player("Bank", "organization")),
        briefing("d", player("Bank of America Corp.", "organization")),
        briefing("e", player("General Motors", "organization"), player("General Electric", "organization")),
    ]
    found, _ = ids(site)
    assert found[(0, "Bank of America")] == found[(3, "Bank of America Corp.")]
    assert len({found[(0, "Bank of America")], found[(1, "Bank of England")], found[(2, "Bank")]}) == 3
    assert found[(4, "General Motors")] != found[(4, "General Electric")]


def test_two_sullivans_told_apart_by_the_company_they_keep():
    jake = [player("Jake Sullivan", aliases=["Sullivan"], role="national security adviser"),
            player("Wang Yi"), player("China", "place"), player("Beijing", "place"),
            player("White House", "organization")]
    dan = [player("Dan Sullivan", aliases=["Sullivan"], role="senator"), player("Alaska", "place"),
           player("Lisa Murkowski"), player("Anchorage", "place")]
    site = [
        briefing("a", *jake),
        briefing("b", *dan),
        briefing("c", player("Sullivan"), player("Wang Yi"), player("Beijing", "place")),
        briefing("d", player("Sullivan"), player("Lisa Murkowski"), player("Alaska", "place")),
        briefing("e", player("Sullivan"), player("Paris", "place")),
        briefing("f", player("Sullivan", role="the senator")),
    ]
    found, _ = ids(site)
    assert found[(2, "Sullivan")] == "jake-sullivan"
    assert found[(3, "Sullivan")] == "dan-sullivan"
    assert found[(5, "Sullivan")] == "dan-sullivan"  # by the role word they share
    assert found[(4, "Sullivan")] not in {"jake-sullivan", "dan-sullivan"}  # nothing to tell: apart
    assert found[(0, "Jake Sullivan")] != found[(1, "Dan Sullivan")]


def test_two_people_with_one_surname_are_never_one():
    site = [briefing("a", player("Mike Johnson")), briefing("b", player("Boris Johnson")),
            briefing("c", player("Johnson"), player("Boris Johnson"))]
    found, _ = ids(site)
    assert found[(0, "Mike Johnson")] != found[(1, "Boris Johnson")]
    assert found[(2, "Johnson")] == found[(1, "Boris Johnson")]  # named in full in its own briefing


def test_a_surname_no_one_bears_in_full_is_one_entity_and_a_place_stays_a_place():
    site = [briefing("a", player("Madonna")), briefing("b", player("Madonna")),
            briefing("c", player("Jordan", "place")), briefing("d", player("Michael Jordan"))]
    found, _ = ids(site)
    assert found[(0, "Madonna")] == found[(1, "Madonna")]
    assert found[(2, "Jordan")] != found[(3, "Michael Jordan")]


def test_a_short_name_the_site_learns_in_one_briefing_serves_the_others():
    # "Xi" is Xi Jinping where both are named; elsewhere "Xi" alone is him too.
    site = [briefing("a", player("Xi Jinping"), player("Xi")), briefing("b", player("Xi"), player("Taiwan", "place"))]
    found, _ = ids(site)
    assert found[(0, "Xi")] == found[(0, "Xi Jinping")] == found[(1, "Xi")] == "xi-jinping"


def test_a_name_used_only_inside_a_quote_is_not_the_title_nor_the_key():
    text = "NATO met. “NATO allies will stand firm,” he said."
    start = text.index("NATO allies")
    quote = Quote("NATO allies will stand firm,", start, text.index("”"), speaker="he")
    allies = Player("NATO allies", "organization", aliases=["NATO"], spans=[(0, 4), (start, start + 11)])
    site = [briefing("a", allies, text=text, quotes=[quote]), briefing("b", player("NATO", "organization"))]
    found, resolution = ids(site)
    assert found[(0, "NATO allies")] == found[(1, "NATO")] == "nato"
    assert resolution.identities[0].name == "NATO"


def test_ids_stay_the_same_when_unrelated_briefings_are_added():
    site = [briefing("a", player("Vladimir Putin", aliases=["Putin"]), player("Kremlin", "organization")),
            briefing("b", player("Sullivan"), player("U.S.", "place")),
            briefing("c", player("Jake Sullivan"), player("Dan Sullivan"))]
    before, _ = ids(site)
    more = site + [briefing(f"x{n}", player(f"Person{n} Unrelated{n}"), player(f"Town{n}", "place"))
                   for n in range(30)]
    after, _ = ids(more)
    assert {k: v for k, v in after.items() if k[0] < 3} == before
    assert len(set(after.values())) == len(after)  # no two players here are one


def test_a_named_speaker_not_among_the_players_has_an_identity():
    site = [briefing("a", player("Rhodri Davies"), player("Cardiff", "place")),
            briefing("b", player("Cardiff", "place"), quotes=[Quote("We will", 0, 7, speaker="Mr Davies")])]
    resolution = resolve(site)
    assert resolution.of_speaker[1]["Mr Davies"].id == "rhodri-davies"


def test_person_names_are_taken_apart():
    assert person_name("President George H.W. Bush") == (("george", "h", "w"), ("bush",), "")
    assert person_name("Ursula von der Leyen").surname == ("von", "der", "leyen")
    assert person_name("Mr. Putin's").bare
    assert person_name("Martin Luther King Jr.").suffix == "jr"
