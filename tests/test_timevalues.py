"""Calendar spans and reader's wording of TIMEX3 values."""

import pytest

from briefings.timevalues import describe, value_span


@pytest.mark.parametrize(
    "value, span",
    [
        ("2021-12-07", ("2021-12-07", "2021-12-07")),
        ("2021-12", ("2021-12-01", "2021-12-31")),
        ("2021-W51", ("2021-12-20", "2021-12-26")),
        ("2021-SU", ("2021-06-01", "2021-08-31")),
        ("2021-WI", ("2021-12-01", "2022-02-28")),
        ("2024-Q1", ("2024-01-01", "2024-03-31")),
        ("1991", ("1991-01-01", "1991-12-31")),
        ("2022-01/2022-02", ("2022-01-01", "2022-02-28")),
        ("2021-12-30T15:00", ("2021-12-30", "2021-12-30")),
        ("PAST_REF", None),
        ("XXXX-12-07", None),
        ("199", None),
        ("2021-02-30", None),
        ("2022-01/someday", None),
    ],
)
def test_value_span(value, span):
    assert value_span(value) == span


@pytest.mark.parametrize(
    "args, text",
    [
        (("2021-12-07",), "7 December 2021"),
        (("2021-12",), "December 2021"),
        (("2021-W51",), "week of 20 December 2021"),
        (("2021-SU",), "summer 2021"),
        (("2022-01/2022-02",), "January 2022 to February 2022"),
        (("2022-01", "2022-01-01", "2022-02-28"), "January 2022 to February 2022"),
        (("2022-01", "2022-01-01", "2022-02-14"), "January 2022 to 14 February 2022"),
        (("PRESENT_REF",), "PRESENT_REF"),
    ],
)
def test_describe(args, text):
    assert describe(*args) == text
