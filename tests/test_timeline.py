"""The timeline: spans of values, range merging, event descriptions, the seed bar."""

from __future__ import annotations

import datetime as dt

import pytest

from briefings.annotate.timeline import build_timeline, calendar_span
from briefings.annotate.timex.find import find_timexes

PUB = dt.date(2021, 12, 29)


def timeline(nlp, text: str, pub: dt.date | None = PUB):
    doc = nlp(text)
    return build_timeline(doc, find_timexes(doc, pub), pub)


@pytest.mark.parametrize(
    ("value", "start", "end"),
    [
        ("2021-12-07", "2021-12-07", "2021-12-07"),
        ("2021-12-30T15:00", "2021-12-30", "2021-12-30"),
        ("2021-W51", "2021-12-20", "2021-12-26"),
        ("2021-W51-WE", "2021-12-25", "2021-12-26"),
        ("2021-12", "2021-12-01", "2021-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2021-Q3", "2021-07-01", "2021-09-30"),
        ("2021-H1", "2021-01-01", "2021-06-30"),
        ("2021-SU", "2021-06-01", "2021-08-31"),
        ("2021-WI", "2021-12-01", "2022-02-28"),
        ("1991", "1991-01-01", "1991-12-31"),
        ("2021-12/2022-01", "2021-12-01", "2022-01-31"),
    ],
)
def test_calendar_span(value, start, end):
    first, last = calendar_span(value)
    assert (first.isoformat(), last.isoformat()) == (start, end)


@pytest.mark.parametrize("value", ["PAST_REF", "199", "XXXX-12-07", "P3W", "XXXX-SU"])
def test_values_without_a_year_have_no_span(value):
    assert calendar_span(value) is None


def test_durations_sets_and_vague_references_stay_off(nlp):
    text = "The ceasefire held for three weeks. Patrols run daily. Recently, the talks stalled. Now it is over."
    assert timeline(nlp, text) == []


def test_oldest_first_with_upcoming_flag(nlp):
    entries = timeline(nlp, "The council will vote on Jan. 10. It met on Dec. 7. The law was passed in 1998.")
    assert [e.value for e in entries] == ["1998", "2021-12-07", "2022-01-10"]
    assert [e.upcoming for e in entries] == [False, False, True]


def test_future_tense_marks_a_current_span_upcoming(nlp):
    (entry,) = timeline(nlp, "The company will publish its results this month.")
    assert entry.value == "2021-12" and entry.upcoming


def test_range_becomes_one_entry(nlp):
    (entry,) = timeline(nlp, "The offensive could take place in late January or February.")
    assert (entry.start_date, entry.end_date) == ("2022-01-01", "2022-02-28")
    assert entry.text == "late January or February"
    assert entry.value == "2022-01/2022-02"


def test_event_is_subject_verb_object(nlp):
    (entry,) = timeline(nlp, "On Sunday, the health minister announced new restrictions on large gatherings.")
    assert entry.event == "The health minister announced new restrictions on large gatherings"
    assert entry.sentence.startswith("On Sunday, the health minister")


def test_event_takes_the_subject_of_the_planning_verb(nlp):
    (entry,) = timeline(nlp, "The mayor plans to unveil the budget Friday, aides said.")
    assert entry.event.startswith("The mayor plans to unveil the budget")


def test_event_is_one_short_line(nlp):
    text = (
        "Last week the regional governor, who has held the post since 2015 and is widely expected to run for "
        "president, signed a decree ordering the immediate evacuation of the villages along the river, the "
        "railway line and the two motorways that connect the capital with the northern provinces."
    )
    entry = next(e for e in timeline(nlp, text) if e.text == "Last week")
    assert len(entry.event) <= 120
    assert entry.event.startswith("The regional governor signed a decree")
    assert "\n" not in entry.event


def test_without_publication_date_relative_dates_are_left_out(nlp):
    entries = timeline(nlp, "The council met Thursday. The treaty was signed in 1962.", pub=None)
    assert [e.value for e in entries] == ["1962"]


# ------------------------------------------------------------ the seed article

SEED = "\n\n".join(
    [
        "The Biden-Putin talks come with fears Putin may invade Ukraine, amid a Russian military buildup near "
        "Ukraine’s border for the second time this year.",
        "In their previous Dec. 7 video conference Biden warned Putin of tough new sanctions if Russia escalates "
        "action against Ukraine.",
        "Putin last week made it clear he would not wait long for the written security guarantees he demands.",
        "Biden plans to tell Putin Thursday that while the United States is prepared to proceed diplomatically, it "
        "will respond to further incursions with economic sanctions.",
        "U.S. officials hope that talks between the leaders may help cool the crisis ahead of talks planned Jan. 10 "
        "between U.S. and Russian officials, likely in Geneva.",
        "An unclassified U.S. intelligence analysis revealed by The Washington Post earlier this month found that "
        "Russia was preparing to move as many as 175,000 forces in preparation for an invasion. U.S. officials and "
        "military analysts have predicted that if Putin decides to proceed, the offensive could take place in late "
        "January or February.",
        "On Sunday, Kremlin spokesman Dmitry Peskov explicitly linked Russia’s test of a multiple firing of Tsirkon "
        "hypersonic missiles on Christmas Eve with Moscow’s demands for security guarantees.",
        "In recent weeks Putin has aired grievances over NATO’s expansion into Eastern Europe after the fall of the "
        "USSR 30 years ago.",
        "In a long essay published in the summer, he made it clear he sees Ukraine as part of Moscow’s sphere of "
        "influence.",
        "Nikolai Patrushev, Russia’s security council chief, called Ukraine a “protectorate” in a newspaper "
        "interview in November.",
    ]
)


@pytest.fixture(scope="module")
def seed_timeline(nlp):
    return timeline(nlp, SEED)


def test_seed_timeline_order_and_spans(seed_timeline):
    spans = [(e.text, e.start_date, e.end_date) for e in seed_timeline]
    assert spans == [
        ("30 years ago", "1991-01-01", "1991-12-31"),
        ("this year", "2021-01-01", "2021-12-31"),
        ("the summer", "2021-06-01", "2021-08-31"),
        ("November", "2021-11-01", "2021-11-30"),
        ("earlier this month", "2021-12-01", "2021-12-31"),
        ("Dec. 7", "2021-12-07", "2021-12-07"),
        ("last week", "2021-12-20", "2021-12-26"),
        ("Christmas Eve", "2021-12-24", "2021-12-24"),
        ("Sunday", "2021-12-26", "2021-12-26"),
        ("Thursday", "2021-12-30", "2021-12-30"),
        ("late January or February", "2022-01-01", "2022-02-28"),
        ("Jan. 10", "2022-01-10", "2022-01-10"),
    ]


def test_seed_upcoming(seed_timeline):
    assert [e.text for e in seed_timeline if e.upcoming] == ["Thursday", "late January or February", "Jan. 10"]


def test_seed_events(seed_timeline):
    events = {e.text: e.event for e in seed_timeline}
    assert events["Dec. 7"] == "Biden warned Putin of tough new sanctions"
    assert events["Thursday"].startswith("Biden plans to tell Putin")
    assert events["Sunday"].startswith("Kremlin spokesman Dmitry Peskov linked Russia’s test")
    assert events["November"].startswith("Nikolai Patrushev called Ukraine a protectorate")
    assert events["30 years ago"].startswith("Putin has aired grievances")
    assert events["late January or February"] == "The offensive could take place"
    for entry in seed_timeline:
        assert 0 < len(entry.event) <= 120
        assert entry.sentence in SEED
