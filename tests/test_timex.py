"""Temporal expressions: each normalisation rule, then the seed article's bar."""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.annotate.timex.find import FUTURE, PAST, PRESENT, duration_value, find_timexes, normalise, parse_number

PUB = dt.date(2021, 12, 29)  # a Wednesday


def tag(nlp, text: str, pub: dt.date | None = PUB) -> dict[str, tuple[str, str]]:
    """{timex text: (type, value)} for ``text`` published on ``pub``."""
    return {t.text: (t.type, t.value) for t in find_timexes(nlp(text), pub)}


# ------------------------------------------------------------ pure normaliser


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Dec. 7", PAST, ("DATE", "2021-12-07")),
        ("Jan. 10", None, ("DATE", "2022-01-10")),
        ("Jan. 10", PAST, ("DATE", "2022-01-10")),  # a year back is too far
        ("March 3", PAST, ("DATE", "2021-03-03")),
        ("March 3", FUTURE, ("DATE", "2022-03-03")),
        ("December 7, 1941", None, ("DATE", "1941-12-07")),
        ("7 December 2021", None, ("DATE", "2021-12-07")),
        ("Tuesday, Oct. 12", PAST, ("DATE", "2021-10-12")),
        ("2021-12-07", None, ("DATE", "2021-12-07")),
        ("12/7/2021", None, ("DATE", "2021-12-07")),
        ("November", PAST, ("DATE", "2021-11")),
        ("February", None, ("DATE", "2022-02")),
        ("late January", FUTURE, ("DATE", "2022-01")),
        ("last March", None, ("DATE", "2021-03")),
        ("July 1998", None, ("DATE", "1998-07")),
        ("June last year", None, ("DATE", "2020-06")),
        ("1962", None, ("DATE", "1962")),
        ("fiscal 2020", None, ("DATE", "2020")),
        ("the end of 2022", None, ("DATE", "2022")),
        ("the 1990s", None, ("DATE", "199")),
        ("the mid-1980s", None, ("DATE", "198")),
        ("the '60s", None, ("DATE", "196")),
        ("the 20th century", None, ("DATE", "19")),
        ("the twenty-first century", None, ("DATE", "20")),
    ],
)
def test_calendar_dates(text, tense, expected):
    assert normalise(text, PUB, tense) == expected


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Thursday", FUTURE, "2021-12-30"),
        ("Thursday", PAST, "2021-12-23"),
        ("Thursday", None, "2021-12-23"),  # news reports: without a tense, the last one
        ("Thursday", PRESENT, "2021-12-30"),  # "the summit opens Thursday"
        ("Sunday", None, "2021-12-26"),
        ("Wednesday", PAST, "2021-12-29"),  # the publication day itself
        ("last Friday", None, "2021-12-24"),
        ("next Monday", None, "2022-01-03"),
        ("this Monday", None, "2021-12-27"),
        ("today", None, "2021-12-29"),
        ("yesterday", None, "2021-12-28"),
        ("tomorrow", None, "2021-12-30"),
        ("Christmas Eve", PAST, "2021-12-24"),
        ("Halloween", FUTURE, "2022-10-31"),
        ("Christmas", FUTURE, "2021-12-25"),  # four days back beats a year ahead
        ("New Year's Day", None, "2022-01-01"),
        ("Thanksgiving", PAST, "2021-11-25"),
        ("Easter", FUTURE, "2022-04-17"),
        ("Labor Day", PAST, "2021-09-06"),
    ],
)
def test_days(text, tense, expected):
    assert normalise(text, PUB, tense) == ("DATE", expected)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("Friday morning", PAST, "2021-12-24TMO"),
        ("tonight", None, "2021-12-29TNI"),
        ("last night", None, "2021-12-28TNI"),
        ("this afternoon", None, "2021-12-29TAF"),
        ("3 p.m.", None, "2021-12-29T15:00"),
        ("10:30 a.m. EST Thursday", FUTURE, "2021-12-30T10:30"),
        ("noon", None, "2021-12-29T12:00"),
        ("midnight Friday", PAST, "2021-12-24T24:00"),
    ],
)
def test_times(text, tense, expected):
    assert normalise(text, PUB, tense) == ("TIME", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", "2021-W51"),
        ("this week", "2021-W52"),
        ("next week", "2022-W01"),
        ("last weekend", "2021-W51-WE"),
        ("earlier this month", "2021-12"),
        ("last month", "2021-11"),
        ("next month", "2022-01"),
        ("this year", "2021"),
        ("late last year", "2020"),
        ("early next year", "2022"),
        ("the end of the year", "2021"),
        ("year-end", "2021"),
        ("the past year", "2020"),
        ("the weekend", "2021-W51-WE"),
        ("this decade", "202"),
        ("last quarter", "2021-Q3"),
        ("30 years ago", "1991"),
        ("two months ago", "2021-10"),
        ("six weeks ago", "2021-W46"),
        ("10 days ago", "2021-12-19"),
        ("a decade ago", "201"),
        ("several years ago", "PAST_REF"),
        ("a fortnight ago", "2021-W50"),
        ("two fortnights ago", "2021-W48"),
        ("6,000 years ago", "PAST_REF"),
        ("20,000 years from now", "FUTURE_REF"),
    ],
)
def test_relative_to_publication(text, expected):
    assert normalise(text, PUB) == ("DATE", expected)


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("the summer", PAST, "2021-SU"),
        ("the summer", FUTURE, "2022-SU"),
        ("last fall", None, "2021-FA"),
        ("this winter", None, "2021-WI"),
        ("next spring", None, "2022-SP"),
        ("summer 1998", None, "1998-SU"),
        ("the third quarter", PAST, "2021-Q3"),
        ("the fourth quarter", None, "2021-Q4"),
        ("the first quarter", FUTURE, "2022-Q1"),
        ("the second half of 2019", None, "2019-H2"),
        ("fourth-quarter", None, "2021-Q4"),
        ("the year-ago third quarter", None, "2020-Q3"),
        ("the 2019 third quarter", None, "2019-Q3"),
    ],
)
def test_seasons_and_quarters(text, tense, expected):
    assert normalise(text, PUB, tense) == ("DATE", expected)


def test_anaphora_use_the_last_date():
    assert normalise("that day", PUB, ref="2021-11-03") == ("DATE", "2021-11-03")
    assert normalise("the following week", PUB, ref="2021-11-03") == ("DATE", "2021-W45")
    assert normalise("later that year", PUB, ref="1962-10-16") == ("DATE", "1962")
    assert normalise("two days later", PUB, ref="2021-11-03") == ("DATE", "2021-11-05")
    # after a quarter, "a year earlier" is the same quarter a year before
    assert normalise("a year earlier", PUB, ref="2021-Q3") == ("DATE", "2020-Q3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("175 days", "P175D"),
        ("three weeks", "P3W"),
        ("some weeks", "PXW"),
        ("a few days", "PXD"),
        ("the past two months", "P2M"),
        ("more than a year", "P1Y"),
        ("five-year", "P5Y"),
        ("a year and a half", "P1Y6M"),
        ("2 1/2 years", "P2Y6M"),
        ("5 1/2 hours", "PT5H30M"),
        ("a minute and a half", "PT1M30S"),
        ("a couple of years", "P2Y"),
        ("the next couple of weeks", "P2W"),
        ("two decades", "P20Y"),
        ("decades", "PXDE"),
        ("90 minutes", "PT90M"),
        ("recent weeks", "PXW"),
        ("the coming months", "PXM"),
    ],
)
def test_durations(text, expected):
    assert normalise(text, PUB) == ("DURATION", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("each season", "P3M"),
        ("every year", "P1Y"),
        ("every two weeks", "P2W"),
        ("twice a week", "P1W"),
        ("daily", "P1D"),
        ("annually", "P1Y"),
        ("every summer", "XXXX-SU"),
        ("every Monday", "XXXX-WXX-1"),
        ("Tuesday nights", "XXXX-WXX-2TNI"),
        ("every Monday morning", "XXXX-WXX-1TMO"),
        ("each July", "XXXX-07"),
    ],
)
def test_sets(text, expected):
    assert normalise(text, PUB) == ("SET", expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now", "PRESENT_REF"),
        ("currently", "PRESENT_REF"),
        ("recently", "PAST_REF"),
        ("the past", "PAST_REF"),
        ("the future", "FUTURE_REF"),
    ],
)
def test_vague_references(text, expected):
    assert normalise(text, PUB) == ("DATE", expected)


def test_without_publication_date_unknown_parts_stay_x():
    assert normalise("Dec. 7", None) == ("DATE", "XXXX-12-07")
    assert normalise("Thursday", None) == ("DATE", "XXXX-WXX-4")
    assert normalise("last week", None) == ("DATE", "XXXX-WXX")
    assert normalise("November", None) == ("DATE", "XXXX-11")
    assert normalise("the summer", None) == ("DATE", "XXXX-SU")
    assert normalise("1962", None) == ("DATE", "1962")


def test_numbers_and_duration_values():
    assert parse_number("twenty-five") == 25
    assert parse_number("175,000") == 175000
    assert parse_number("a") == 1
    assert parse_number("several") is None
    assert duration_value(1.5, "hour") == "PT1H30M"
    assert duration_value(0.5, "hour") == "PT30M"
    assert duration_value(1.5, "day") == "P1DT12H"
    assert duration_value(1.5, "month") == "P1.5M"  # no smaller unit in whole numbers
    assert duration_value(None, "century") == "PXCE"


# ------------------------------------------------------------ in context


def test_tense_picks_the_weekday(nlp):
    doc = nlp("The minister resigned Thursday. Her successor will be sworn in Thursday.")
    assert [t.value for t in find_timexes(doc, PUB)] == ["2021-12-23", "2021-12-30"]


def test_date_hanging_on_an_adjective_ignores_tense(nlp):
    found = tag(nlp, "The board declared a dividend payable Jan. 15.")
    assert found["Jan. 15"] == ("DATE", "2022-01-15")


def test_infinitive_after_present_verb_is_future(nlp):
    found = tag(nlp, "The mayor plans to unveil the budget Friday.")
    assert found["Friday"] == ("DATE", "2021-12-31")


def test_infinitive_of_a_plan_is_future_even_after_a_past_verb(nlp):
    found = tag(nlp, "The delegation planned to fly home on Friday.")
    assert found["Friday"] == ("DATE", "2021-12-31")


def test_plan_in_the_pluperfect_was_overtaken(nlp):
    found = tag(nlp, "The bid was extended. It had been due to lapse Friday evening.")
    assert found["Friday evening"] == ("TIME", "2021-12-24TEV")


def test_a_state_holding_now_ends_ahead(nlp):
    # the present perfect tells a state that still holds: the time it lasts until is still to come;
    # the simple past tells one that is over
    found = tag(nlp, "The agency has given the family until 9 a.m. Monday to reply.")
    assert found["9 a.m. Monday"] == ("TIME", "2022-01-03T09:00")
    found = tag(nlp, "The lenders have extended the credit line through February.")
    assert found["February"] == ("DATE", "2022-02")
    assert tag(nlp, "The shop stayed open until Monday.")["Monday"] == ("DATE", "2021-12-27")


def test_a_day_something_was_planned_for_is_the_nearer_one(nlp):
    # what was planned or scheduled for a weekday may be just past or still ahead: the nearer one
    text = "A strike planned for Thursday was called off. A rally scheduled for Monday went ahead."
    found = tag(nlp, text)  # published on a Wednesday
    assert found["Thursday"] == ("DATE", "2021-12-30")
    assert found["Monday"] == ("DATE", "2021-12-27")


def test_possessive_weekday_is_a_known_past_day(nlp):
    found = tag(nlp, "The tenants will appeal Monday's eviction ruling.")
    assert found["Monday"] == ("DATE", "2021-12-27")


def test_clock_time_with_a_date(nlp):
    found = tag(nlp, "The tender offer runs until 5 p.m. EST, Jan. 4, the company said.")
    assert found == {"5 p.m. EST, Jan. 4": ("TIME", "2022-01-04T17:00")}


def test_previous_and_following_weekday_count_from_the_last_date():
    assert normalise("previous Friday", PUB, ref="2021-12-17") == ("DATE", "2021-12-10")
    assert normalise("following Monday", PUB, ref="2021-12-17") == ("DATE", "2021-12-20")


def test_accounting_year_is_a_duration(nlp):
    found = tag(nlp, "The chain earned $4 million in the fiscal year ended Sept. 30.")
    assert found["the fiscal year"] == ("DURATION", "P1Y")
    assert found["Sept. 30"] == ("DATE", "2021-09-30")


def test_the_year_is_the_current_one(nlp):
    found = tag(nlp, "The shares touched a high for the year in June; sales for the full year will rise.")
    assert found["the year"] == found["the full year"] == ("DATE", "2021")


def test_month_and_season_with_a_year_read_out():
    assert normalise("January nineteen ninety-seven", PUB) == ("DATE", "1997-01")
    assert normalise("the winter of nineteen ninety-four", PUB) == ("DATE", "1994-WI")


def test_nouns_that_look_like_times(nlp):
    text = "Marchers joined the annual March for Life; for the mayor it was high noon."
    assert tag(nlp, text) == {}


def test_unit_long_compounds():
    assert normalise("day-long", PUB) == ("DURATION", "P1D")
    assert normalise("decades-long", PUB) == ("DURATION", "PXDE")


def test_a_day_after_a_month_keeps_the_day_unknown():
    assert normalise("that same day", PUB, ref="2021-10") == ("DATE", "2021-10-XX")
    assert normalise("that day", PUB, ref="2021-10-05") == ("DATE", "2021-10-05")


def test_title_in_capitals_is_not_a_date(nlp):
    found = tag(nlp, 'The senator said on NBC\'s "This Week" that talks would resume this week.')
    assert found == {"this week": ("DATE", "2021-W52")}


def test_quarter_followed_by_an_amount(nlp):
    found = tag(nlp, "The bank posted a loss for the third quarter of $12 million.")
    assert found["the third quarter"] == ("DATE", "2021-Q3")


def test_a_fiscal_quarter_is_numbered_in_the_year_it_is_reported(nlp):
    # a fiscal first quarter reported in October is not next year's calendar
    # first quarter; what it is compared with is the same quarter a year before
    text = "The maker of workstations earned $5 million in the fiscal first quarter, down from a year earlier."
    found = tag(nlp, text, dt.date(2021, 10, 26))
    assert found["the fiscal first quarter"] == ("DATE", "2021-Q1")
    assert found["a year earlier"] == ("DATE", "2020-Q1")


def test_a_quarter_still_to_begin_is_not_told_in_the_past(nlp):
    # in October, "the first quarter" alone is the nearer one ahead, but not in a past clause
    pub = dt.date(2021, 10, 26)
    assert tag(nlp, "Sales rose in the first quarter.", pub)["the first quarter"] == ("DATE", "2021-Q1")
    assert tag(nlp, "Sales will rise in the first quarter.", pub)["the first quarter"] == ("DATE", "2022-Q1")


def test_the_fiscal_year_is_the_current_one(nlp):
    found = tag(nlp, "The company expects to post a loss for the fiscal year, its chief said.")
    assert found["the fiscal year"] == ("DATE", "2021")


def test_a_weekday_before_to_is_no_range_with_a_month(nlp):
    # "Friday to December's figures" is a revision made on Friday to a month's
    # figures: no range whose start would move to the year before
    text = "After a downward revision Friday to December's figures, payrolls rose."
    found = tag(nlp, text, dt.date(2022, 2, 4))  # a Friday
    assert found == {"Friday": ("DATE", "2022-02-04"), "December": ("DATE", "2021-12")}


def test_a_range_of_weekdays_ends_after_it_starts(nlp):
    found = tag(nlp, "The fair will be open from Friday to Monday.", dt.date(2022, 2, 4))
    assert found == {"Friday": ("DATE", "2022-02-04"), "Monday": ("DATE", "2022-02-07")}


def test_the_closing_day_of_a_quarter_in_a_relative_clause_keeps_the_quarter(nlp):
    text = "Profit fell in the third quarter, which ended Sept. 30. A year earlier, the quarter had been strong."
    found = tag(nlp, text, dt.date(2021, 10, 26))
    assert found["A year earlier"] == ("DATE", "2020-Q3")
    assert found["the quarter"] == ("DATE", "2021-Q3")


def test_a_season_after_a_preposition_and_adjectives(nlp):
    found = tag(nlp, "Furniture sales fell after a wet summer.", dt.date(2021, 10, 26))
    assert found["summer"] == ("DATE", "2021-SU")


def test_the_quarter_a_year_ago_is_one_expression(nlp):
    found = tag(nlp, "Profit in the third quarter rose. For the quarter a year ago, the bank earned less.")
    assert found["the quarter a year ago"] == ("DATE", "2020-Q3")


def test_comparisons_stay_on_the_reported_quarter(nlp):
    # an outlook for a quarter still under way, and a look back at an earlier
    # quarter, do not move what "a year earlier" compares with
    text = (
        "The retailer's third-quarter profit rose 8% from a year earlier. The storm will cut fourth-quarter "
        "sales, it said. After a weak second quarter, margins widened, compared with a year earlier."
    )
    values = [(t.text, t.value) for t in find_timexes(nlp(text), dt.date(2021, 11, 2))]
    assert values.count(("a year earlier", "2020-Q3")) == 2


def test_past_tense_month_stays_in_the_past(nlp):
    found = tag(nlp, "Exports fell sharply in March, the ministry said.")
    assert found["March"] == ("DATE", "2021-03")


def test_modal_month_goes_forward(nlp):
    found = tag(nlp, "The new line could open in March.")
    assert found["March"] == ("DATE", "2022-03")


def test_false_friends_are_not_timexes(nlp):
    text = (
        "After the fall of the Berlin Wall, Theresa May said prices may spring back. "
        "The Sunday Times sold 2000 copies and hired a second reporter."
    )
    assert tag(nlp, text) == {}


def test_unreliable_vague_words_are_left_out(nlp):
    assert tag(nlp, "The plant will close soon; it previously made quarterly reports for future owners.") == {}


def test_spelled_out_years(nlp):
    found = tag(nlp, "The dam was finished in nineteen ninety-six and will be rebuilt by the year two thousand ten.")
    assert found == {"nineteen ninety-six": ("DATE", "1996"), "the year two thousand ten": ("DATE", "2010")}


def test_years_need_a_date_reading(nlp):
    assert tag(nlp, "The agency hired 1500 workers in 1998.") == {"1998": ("DATE", "1998")}


def test_set_after_a_quantity(nlp):
    found = tag(nlp, "The field pumps 300,000 barrels a day and spent a year idle.")
    assert found["a day"] == ("SET", "P1D")
    assert found["a year"] == ("DURATION", "P1Y")


def test_earlier_this_month_is_not_an_offset_from_the_amount_before_it(nlp):
    found = tag(nlp, "I was there for over a fortnight earlier this month.")
    assert found == {"a fortnight": ("DURATION", "P2W"), "earlier this month": ("DATE", "2021-12")}


def test_ago_before_this_week_is_still_a_date(nlp):
    found = tag(nlp, "Two years ago this week, the plant closed.")
    assert found["Two years ago"] == ("DATE", "2019")


def test_offsets_index_the_text(nlp):
    text = "Talks resumed on Sunday after a break of three weeks."
    for timex in find_timexes(nlp(text), PUB):
        assert text[timex.start : timex.end] == timex.text
    assert [t.text for t in find_timexes(nlp(text), PUB)] == ["Sunday", "three weeks"]


# ------------------------------------------------------------ the seed article

SEED = "\n\n".join(
    [
        "The Biden-Putin talks come with fears Putin may invade Ukraine, amid a Russian military buildup near "
        "Ukraine’s border for the second time this year.",
        "In their previous Dec. 7 video conference Biden warned Putin of tough new sanctions if Russia escalates "
        "action against Ukraine, a threat the Kremlin has shrugged off, saying it is used to Western sanctions.",
        "Putin last week made it clear he would not wait long for the written security guarantees he demands, "
        "saying he was not interested in negotiations, only results.",
        "Biden plans to tell Putin Thursday that while the United States is prepared to proceed diplomatically, it "
        "will respond to further incursions with economic sanctions, NATO reinforcement and assistance to Ukrainian "
        "efforts to defend itself, according to a senior administration official.",
        "U.S. officials hope that talks between the leaders may help cool the crisis ahead of talks planned Jan. 10 "
        "between U.S. and Russian officials, likely in Geneva.",
        "“I think both leaders believe that there is genuine value in direct leader-to-leader engagement, that we "
        "are in a moment of crisis and have been for some weeks now given the Russian buildup,” the senior "
        "administration official said.",
        "Biden’s national security adviser, Jake Sullivan, said last week that the United States had its own list "
        "of security concerns about Russian actions to bring to the Jan. 10 talks.",
        "An unclassified U.S. intelligence analysis revealed by The Washington Post earlier this month found that "
        "Russia was preparing to move as many as 175,000 forces in preparation for an invasion. U.S. officials and "
        "military analysts have predicted that if Putin decides to proceed, the offensive could take place in late "
        "January or February.",
        "On Sunday, Kremlin spokesman Dmitry Peskov explicitly linked Russia’s test of a multiple firing of Tsirkon "
        "hypersonic missiles on Christmas Eve with Moscow’s demands for security guarantees.",
        "In recent weeks Putin has aired grievances over NATO’s expansion into Eastern Europe after the fall of the "
        "USSR 30 years ago, and his belief that part of Ukraine’s territory historically belongs to Russia.",
        "In a long essay published in the summer, he made it clear he sees Ukraine as part of Moscow’s sphere of "
        "influence.",
        "Other officials have been increasingly bellicose: earlier this month deputy foreign minister Sergei Ryabkov "
        "warned that the tensions over Ukraine could turn into a Cuban missile crisis scenario — the U.S.-Soviet "
        "showdown in 1962 over Moscow’s construction of missile bases in Cuba.",
        "Nikolai Patrushev, Russia’s security council chief, called Ukraine a “protectorate” in a newspaper "
        "interview in November.",
    ]
)


@pytest.fixture(scope="module")
def seed_timexes(nlp):
    return find_timexes(nlp(SEED), PUB)


def test_seed_values(seed_timexes):
    found = [(t.text, t.value) for t in seed_timexes]
    expected = [
        ("this year", "2021"),
        ("Dec. 7", "2021-12-07"),
        ("last week", "2021-W51"),
        ("Thursday", "2021-12-30"),
        ("Jan. 10", "2022-01-10"),
        ("some weeks", "PXW"),
        ("now", "PRESENT_REF"),
        ("last week", "2021-W51"),
        ("Jan. 10", "2022-01-10"),
        ("earlier this month", "2021-12"),
        ("late January", "2022-01"),
        ("February", "2022-02"),
        ("Sunday", "2021-12-26"),
        ("Christmas Eve", "2021-12-24"),
        ("recent weeks", "PXW"),
        ("30 years ago", "1991"),
        ("the summer", "2021-SU"),
        ("earlier this month", "2021-12"),
        ("1962", "1962"),
        ("November", "2021-11"),
    ]
    assert found == expected


def test_seed_types(seed_timexes):
    types = {t.text: t.type for t in seed_timexes}
    assert types["some weeks"] == types["recent weeks"] == "DURATION"
    assert {types[k] for k in ("Dec. 7", "Thursday", "the summer", "30 years ago")} == {"DATE"}


def test_seed_offsets(seed_timexes):
    for timex in seed_timexes:
        assert SEED[timex.start : timex.end] == timex.text
    assert [t.start for t in seed_timexes] == sorted(t.start for t in seed_timexes)


# ------------------------------------------------------------ anchoring, second round


def test_past_tense_month_a_month_ahead_is_last_years(nlp):
    found = tag(nlp, "The hospital changed its name in December, a spokesman said.", dt.date(2021, 10, 27))
    assert found["December"] == ("DATE", "2020-12")


def test_present_tense_month_is_the_coming_one():
    assert normalise("September", PUB, PRESENT) == ("DATE", "2022-09")
    assert normalise("September", PUB, PAST) == ("DATE", "2021-09")


def test_recent_date_after_an_old_one_is_read_from_publication(nlp):
    text = "The team watched the comet in January 2023. Their paper was published on March 11."
    found = tag(nlp, text, dt.date(2024, 3, 14))
    assert found["March 11"] == ("DATE", "2024-03-11")


def test_month_in_a_narrated_life_stays_in_the_story(nlp):
    text = (
        "On 12 October 1964 her first bridge opened to traffic; in December the city gave her its medal. "
        "Two years later she became a partner."
    )
    found = tag(nlp, text, dt.date(2023, 11, 20))
    assert found["December"] == ("DATE", "1964-12")
    assert found["Two years later"] == ("DATE", "1966")


def test_light_years_are_a_distance(nlp):
    found = tag(nlp, "The star lies 450 light years away, some light-years beyond the cloud, and has shone for years.")
    assert found == {"years": ("DURATION", "PXY")}


def test_today_in_a_name_is_not_a_date(nlp):
    found = tag(nlp, "He told USA Today he would run. This is VOA Today. Today, he said no.")
    assert found == {"Today": ("DATE", "2021-12-29")}


def test_a_full_date_in_the_name_of_an_event_still_dates_it(nlp):
    found = tag(nlp, "Travel agents saw few cancellations after the Aug. 7 embassy bombings in Nairobi.")
    assert found["Aug. 7"] == ("DATE", "2021-08-07")


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("In London at mid-afternoon yesterday, shares were up.", "mid-afternoon yesterday", "2021-12-28TAF"),
        ("By mid afternoon, officials said the raid was over.", "mid afternoon", "2021-12-29TAF"),
        ("Crews worked through the morning to clear the road.", "the morning", "2021-12-29TMO"),
        ("The ferry will leave at 4 in the morning, he said.", "4 in the morning", "2021-12-29T04:00"),
        ("The vote came at 10 at night.", "10 at night", "2021-12-29T22:00"),
        ("The polls open early morning Thursday.", "early morning Thursday", "2021-12-30TMO"),
    ],
)
def test_parts_of_the_day(nlp, text, expression, value):
    assert tag(nlp, text)[expression] == ("TIME", value)


def test_parts_of_the_day_that_are_not_a_time(nlp):
    assert tag(nlp, "He spent the night in a cell, read the morning paper and said owls hunt at night.") == {}
    assert tag(nlp, "He was shot on the night of Oct. 23 at home.") == {"Oct. 23": ("DATE", "2021-10-23")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Leaders will meet on April 24 and 25.", [("April 24", "2022-04-24"), ("25", "2022-04-25")]),
        ("The talks run June 26-28 in Vienna.", [("June 26", "2022-06-26"), ("28", "2022-06-28")]),
        ("They met on Sept. 14 and 18, 2010, in Paris.", [("Sept. 14", "2010-09-14"), ("18, 2010", "2010-09-18")]),
        ("The final ended May 4-2 after extra time.", []),
        ("Prices fell on March 3 and 2 percent more on March 4.",
         [("March 3", "2021-03-03"), ("March 4", "2021-03-04")]),
    ],
)
def test_a_second_day_of_the_same_month(nlp, text, expected):
    assert [(t.text, t.value) for t in find_timexes(nlp(text), PUB)] == expected


def test_hundreds_of_years_is_an_unknown_number():
    assert normalise("hundreds of years", PUB) == ("DURATION", "PXY")


def test_a_time_after_since_is_past(nlp):
    found = tag(nlp, "Sales are the lowest since February.", dt.date(2021, 12, 29))
    assert found["February"] == ("DATE", "2021-02")


def test_a_schedule_in_the_present_tense_lies_ahead_but_a_recent_month_stays(nlp):
    found = tag(nlp, "The law takes effect on January 1. Exports in February are up 3%.", dt.date(2024, 3, 14))
    assert found["January 1"] == ("DATE", "2025-01-01")
    assert found["February"] == ("DATE", "2024-02")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The trial began on the 4th.", [("the 4th", "2021-12-04")]),
        ("Talks resumed on Nov. 2 and broke down on the 9th.", [("Nov. 2", "2021-11-02"), ("the 9th", "2021-11-09")]),
        ("The vote will be held on the 3rd.", [("the 3rd", "2022-01-03")]),
        ("The shop on the 4th floor closed on the 20th anniversary.", []),
    ],
)
def test_a_bare_ordinal_day_is_in_the_month_told_about(nlp, text, expected):
    assert [(t.text, t.value) for t in find_timexes(nlp(text), PUB)] == expected


def test_years_before_and_after(nlp):
    found = {t.text: (t.value, t.mod) for t in find_timexes(nlp("The post-1959 rules replaced pre-1950 law."), PUB)}
    assert found == {"post-1959": ("1959", "AFTER"), "pre-1950": ("1950", "BEFORE")}


def test_the_near_term_is_the_future():
    assert normalise("the near term", PUB) == ("DATE", "FUTURE_REF")
    assert normalise("the long term", PUB) == ("DATE", "FUTURE_REF")


def test_a_quarter_ended_on_a_day_is_the_calendar_quarter_it_mostly_covers(nlp):
    text = (
        "In the quarter ended July 31, Jayark earned $1 million. Results for that quarter included a charge, "
        "and sales rose from a year earlier."
    )
    found = [(t.text, t.value) for t in find_timexes(nlp(text), dt.date(1989, 10, 30))]
    assert found == [("the quarter", "1989-Q2"), ("July 31", "1989-07-31"), ("that quarter", "1989-Q2"),
                     ("a year earlier", "1988-Q2")]


def test_the_night_of_another_event_is_not_a_time_of_day(nlp):
    assert tag(nlp, "The FAA released tapes from the night the flight went down.") == {}


def test_the_closing_day_of_a_duration_stays_the_reference(nlp):
    text = "He joined in 1985. For the six months ended Aug. 12, net income fell from a year earlier."
    found = tag(nlp, text, dt.date(1989, 10, 26))
    assert found["a year earlier"] == ("DATE", "1988")


def test_what_is_expected_is_to_come_and_what_was_announced_is_past(nlp):
    found = tag(nlp, "Snow is heavy, with more expected by Saturday morning. The decision, announced Monday, stands.")
    assert found == {"Saturday morning": ("TIME", "2022-01-01TMO"), "Monday": ("DATE", "2021-12-27")}


def test_a_clock_time_in_local_time_on_a_weekday(nlp):
    found = tag(nlp, "Police said the gunman opened fire shortly before 9 a.m. local time on Tuesday.")
    assert found == {"9 a.m. local time on Tuesday": ("TIME", "2021-12-28T09:00")}


def test_the_past_decade_is_a_span_up_to_now_and_last_century_the_one_before(nlp):
    found = tag(nlp, "Over the past decade, sales doubled. Last century was violent; in the last decade prices fell.",
                dt.date(2016, 6, 4))
    assert found == {"the past decade": ("DURATION", "P10Y"), "Last century": ("DATE", "19"),
                     "the last decade": ("DATE", "200")}


def test_a_part_of_the_day_in_a_habit_is_not_a_time(nlp):
    text = "Net use tends to peak in the evening. The shop opens in the morning. Crews will work through the night."
    assert tag(nlp, text) == {"the night": ("TIME", "2021-12-29TNI")}


def test_after_a_longer_reporting_period_comparisons_are_by_year(nlp):
    text = (
        "The company lost $1 million in the third quarter, compared with a year-earlier profit. "
        "For the nine months, it lost $3 million, compared with year-earlier net income of $2 million."
    )
    values = [(t.text, t.value) for t in find_timexes(nlp(text), dt.date(1989, 11, 2))]
    assert values == [("the third quarter", "1989-Q3"), ("year-earlier", "1988-Q3"), ("the nine months", "P9M"),
                      ("year-earlier", "1988")]


def test_what_is_put_off_until_a_day_is_put_off_to_a_day_ahead(nlp):
    found = tag(nlp, "The judge adjourned the hearing until Monday. The strike lasted until Monday.")
    assert [t.value for t in find_timexes(nlp("The judge adjourned the hearing until Monday."), PUB)] == ["2022-01-03"]
    assert found["Monday"] == ("DATE", "2021-12-27")  # the last one: "lasted until Monday"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The program starts on February twenty third.", "February twenty third", "2022-02-23"),
        ("The vote is set for the eighth of March, nineteen ninety-eight.",
         "the eighth of March, nineteen ninety-eight", "1998-03-08"),
        ("Workers march on May first.", "May first", "2022-05-01"),
    ],
)
def test_days_read_out(nlp, text, expression, value):
    assert tag(nlp, text)[expression] == ("DATE", value)


def test_a_month_before_an_ordinal_noun_is_not_a_day_read_out(nlp):
    assert "May second" not in tag(nlp, "She finished in May second place.")


def test_a_week_from_today():
    assert normalise("a week from today", PUB) == ("DATE", "2022-W01")


def test_the_same_period_last_year_is_one_expression(nlp):
    text = "Sales in the latest quarter were $1.2 billion, against $1.1 billion in the same period last year."
    values = [(t.text, t.value) for t in find_timexes(nlp(text), dt.date(1989, 10, 27))]
    assert values == [("the latest quarter", "1989-Q3"), ("the same period last year", "1988-Q3")]


def test_the_unit_before_or_after_the_last_date(nlp):
    text = "Prices rose 0.3% in September after rising 0.2% the month before. He won in 1996 and the year after."
    found = tag(nlp, text)
    assert found["the month before"] == ("DATE", "2021-08")
    assert found["the year after"] == ("DATE", "1997")
    assert tag(nlp, "The day before the election, he left. He rested the day before returning home.") == {}


def test_a_morning_after_a_year_keeps_the_day_unknown():
    assert normalise("the next morning", PUB, ref="1990") == ("TIME", "1990-XX-XXTMO")


def test_a_noun_misread_as_a_verb_does_not_set_the_tense(nlp):
    found = tag(nlp, "The U.S. missile strikes on Thursday targeted sites in two countries.")
    assert found == {"Thursday": ("DATE", "2021-12-23")}


def test_bare_units_before_of_and_pairs_of_units(nlp):
    found = tag(nlp, "It could take weeks or months of work. Agents arrived within hours of the blast. "
                     "He was held in the early hours of Thursday morning.")
    assert found == {"weeks or months": ("DURATION", "PXW"), "hours": ("DURATION", "PTXH"),
                     "Thursday morning": ("TIME", "2021-12-23TMO")}


def test_a_year_sets_the_story_for_the_rest_of_its_sentence(nlp):
    text = "In 1995, a doctor in Ontario was wounded by a sniper on Nov. 8. The board met on Oct. 2."
    found = [(t.text, t.value) for t in find_timexes(nlp(text), dt.date(1998, 10, 25))]
    assert found == [("1995", "1995"), ("Nov. 8", "1995-11-08"), ("Oct. 2", "1998-10-02")]


def test_one_day_before_a_verb_is_someday(nlp):
    found = [(t.text, t.type, t.value) for t in find_timexes(nlp(
        "He hopes he will one day be an astronaut. He had been in the job one day. It may happen someday."), PUB)]
    assert found == [("one day", "DATE", "FUTURE_REF"), ("one day", "DURATION", "P1D"),
                     ("someday", "DATE", "FUTURE_REF")]


def test_a_date_in_a_relative_clause_does_not_set_the_story(nlp):
    text = "Westbrook, which was founded on May 3, 1946, named a new chief executive on June 4."
    found = tag(nlp, text, dt.date(1989, 11, 1))
    assert found["June 4"] == ("DATE", "1989-06-04")


def test_a_quoted_deictic_word_does_not_become_the_narrations_reference(nlp):
    text = 'In a speech on Dec. 5, 1999, Castro had said: "This week, the whole country will march." ' \
           "The marches began the next day."
    found = tag(nlp, text, dt.date(2000, 1, 15))
    assert found["the next day"] == ("DATE", "1999-12-06")


@pytest.mark.parametrize(
    "text",
    [
        "Tues. night", "Thurs. morning", "the 1990s", "the '60s", "the 20th century", "earlier this month",
        "the end of the year", "year-end", "that same day", "the month before", "two weeks from today",
        "a year hence", "year-ago", "the third quarter", "H1 2021", "some day", "a day-long strike",
        "last fall", "every Monday", "the weekend", "Tuesday nights", "through the morning",
        "the day after Christmas", "on the 4th", "the week of March 6", "June 26-28", "the eighth of March",
        "February twenty third", "each July", "Dec. 7", "7 December 2021", "late January",
    ],
)
def test_a_rules_trigger_is_in_every_text_it_matches(text):
    """The words a rule is skipped without are really needed by its pattern."""
    from briefings.annotate.timex.rules import RULES, TRIGGERS

    for name, rx_, _ in RULES:
        if name in TRIGGERS and rx_.search(text):
            assert TRIGGERS[name].search(text), (name, text)


def test_infinitive_misread_as_an_adjective_keeps_its_tense(nlp):
    # the tagger reads "last" after "to" as an adjective; it is the verb of a forecast
    found = tag(nlp, "Forecasters expect the cold snap to last until Monday.")
    assert found["Monday"] == ("DATE", "2022-01-03")


def test_a_date_looked_back_to_sets_no_story(nlp):
    # "since records began in 1881" is the comparison's start; the clock time is on Monday
    found = tag(nlp, "Power failed on Monday, the worst outage since records began in 1881. "
                     "The operator said demand peaked at 5:40 p.m.")
    assert found["5:40 p.m."] == ("TIME", "2021-12-27T17:40")


def test_a_day_still_ahead_is_not_the_day_of_a_past_clock_time(nlp):
    found = tag(nlp, "The school will reopen on Monday. The mayor announced the decision at 9:30 a.m.")
    assert found["Monday"] == ("DATE", "2022-01-03")
    assert found["9:30 a.m."] == ("TIME", "2021-12-29T09:30")


def test_a_date_a_state_lasts_until_sets_no_story(nlp):
    found = tag(nlp, "The minister visited the town on Monday. Schools had stayed shut until Sunday. "
                     "He spoke to parents at noon.")
    assert found["noon"] == ("TIME", "2021-12-27T12:00")
