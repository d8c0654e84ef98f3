"""The editable Markdown briefing: writing, reading back, and errors."""

import datetime as dt

import pytest

from briefings.briefing_markdown import is_untouched, parse_markdown, plain_text, to_briefing, to_markdown
from briefings.errors import BriefingError
from briefings.model import Briefing, Player, Quote, TimelineEntry

TEXT = "Putin said “It is you who must act,” on Thursday.\n\nTalks are set for *Jan. 10* in #Geneva."


def briefing():
    return Briefing(
        title="Talks on security",
        text=TEXT,
        date=dt.date(2021, 12, 29),
        source="The Post",
        tags=["Russia", "NATO"],
        contributors=["Ann Lee", "Bo Chan"],
        players=[
            Player("Vladimir Putin", "person", "Russian president", aliases=["Putin"], key=True),
            Player("Geneva", "place"),
        ],
        quotes=[Quote("It is you who must act,", 12, 35, speaker="Vladimir Putin")],
        timeline=[
            TimelineEntry("2021-12-30", "2021-12-30", "2021-12-30", "Thursday", "Putin said it.", "s"),
            TimelineEntry("2022-01", "2022-01-01", "2022-02-28", "late January or February", "A span.", "s", True),
        ],
    )


def test_round_trip_keeps_what_the_file_carries():
    original = briefing()
    parsed = parse_markdown(to_markdown(original, "talks"), "talks.md")
    assert parsed.slug == "talks"
    assert parsed.article.title == original.title
    assert parsed.article.text == original.text
    assert parsed.article.date == original.date
    assert parsed.article.tags == original.tags
    assert parsed.article.contributors == original.contributors
    assert [(p.name, p.kind, p.role, p.aliases, p.key) for p in parsed.players] == [
        (p.name, p.kind, p.role, p.aliases, p.key) for p in original.players
    ]
    assert [(q.text, q.start, q.end, q.speaker, q.partial) for q in parsed.quotes] == [
        (q.text, q.start, q.end, q.speaker, q.partial) for q in original.quotes
    ]
    assert [(e.value, e.start_date, e.end_date, e.text, e.event, e.upcoming) for e in parsed.timeline] == [
        (e.value, e.start_date, e.end_date, e.text, e.event, e.upcoming) for e in original.timeline
    ]


def test_markdown_special_characters_in_raw_text_stay_text():
    markdown = to_markdown(briefing())
    assert r"\*Jan. 10\*" in markdown
    assert parse_markdown(markdown, "x.md").article.text == TEXT


def test_an_edit_is_detected():
    markdown = to_markdown(briefing())
    assert is_untouched(markdown)
    assert not is_untouched(markdown.replace("Russian president", "President of Russia"))
    assert not is_untouched("Title: Written by hand\n\nText.")


def test_author_sections_win_and_missing_ones_are_filled_in():
    machine = briefing()
    machine.players[0].spans = [(0, 5)]
    machine.players[0].mentions = 4
    edited = (
        "Title: Talks\nDate: 2021-12-29\n\n## Key players\n\n- **Vladimir Putin** (person): President of Russia.\n\n"
        f"## Article\n\n{TEXT}\n"
    )
    result = to_briefing(parse_markdown(edited, "x.md"), machine)
    assert [(p.name, p.role, p.mentions) for p in result.players] == [("Vladimir Putin", "President of Russia", 4)]
    assert result.quotes == machine.quotes
    assert result.timeline == machine.timeline


def test_plain_markdown_post_is_all_article():
    parsed = parse_markdown("Title: About\n\nSome *text*.\n\n## A heading of its own\n\nMore.\n", "about.md")
    assert parsed.article.text == "Some text.\n\nA heading of its own\n\nMore."
    assert parsed.players is None and parsed.quotes is None


def test_plain_text_keeps_inline_words_together():
    assert plain_text("A **bold**ly *new* [link](x) text.\n\n- one\n- two") == "A boldly new link text.\n\none\n\ntwo"


@pytest.mark.parametrize(
    "source, line, message",
    [
        ("Title: T\nthis is not a field\n\n## Article\n\nText.", 2, "Key: value"),
        ("Title: T\nColour: red\n\n## Article\n\nText.", 2, "unknown front matter key"),
        ("Date: 2021-12-01\n\n## Article\n\nText.", 1, "Title"),
        ("Title: T\n\n## Players galore\n\n- x\n\n## Article\n\nText.", 3, "unknown section"),
        ("Title: T\n\n## Key players\n\n- (person) no name\n\n## Article\n\nText.", 5, "name in bold"),
        ("Title: T\n\n## Key players\n\n- **X** (robot)\n\n## Article\n\nText.", 5, "unknown kind"),
        ("Title: T\n\n## Timeline\n\n- **next Tuesday**: x\n\n## Article\n\nText.", 5, "does not parse"),
        ("Title: T\n\n## Quotes\n\n- “” — Somebody\n\n## Article\n\nText.", 5, "quotation marks"),
        ("Title: T\n\n## Quotes\n\n## Quotes\n\n## Article\n\nText.", 5, "appears twice"),
        ("Title: T\nDate: 29/12/2021\n\nText.", 2, "YYYY-MM-DD"),
    ],
)
def test_errors_name_the_file_and_line(source, line, message):
    with pytest.raises(BriefingError) as error:
        parse_markdown(source, "content/briefings/x.md")
    assert str(error.value).startswith(f"content/briefings/x.md:{line}: ")
    assert message in str(error.value)


def test_sections_the_author_did_not_touch_are_left_to_the_annotators():
    markdown = to_markdown(briefing())
    assert parse_markdown(markdown, "x.md").untouched == {"players", "quotes", "timeline"}

    edited = parse_markdown(markdown.replace("Russian president", "President of Russia"), "x.md")
    assert edited.untouched == {"quotes", "timeline"}

    newer = briefing()  # what newer annotators find in the same article
    newer.quotes = [Quote("Talks are set", 50, 63, speaker="Geneva")]
    newer.players[0].role = "head of state"
    result = to_briefing(edited, newer)
    assert result.quotes == newer.quotes
    assert [p.role for p in result.players] == ["President of Russia", None]


def test_an_emptied_section_stays_empty():
    markdown = to_markdown(briefing())
    start = markdown.index("## Quotes\n\n") + len("## Quotes\n\n")
    end = markdown.index("## Timeline")
    parsed = parse_markdown(markdown[:start] + "\n" + markdown[end:], "x.md")
    assert parsed.quotes == [] and "quotes" not in parsed.untouched
    assert to_briefing(parsed, briefing()).quotes == []
