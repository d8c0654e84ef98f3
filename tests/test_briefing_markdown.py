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


def _edit(markdown: str, old: str, new: str) -> str:
    assert markdown.count(old) == 1, old
    return markdown.replace(old, new)


def newer() -> Briefing:
    """What better annotators find in the same article later on."""
    found = briefing()
    found.players[0].role = "head of state"
    found.players.append(Player("Joe Biden", "person", "U.S. president", key=True))
    found.quotes.append(Quote("Talks are set", 50, 63, speaker="Geneva"))
    found.timeline[0].event = "Putin said it on Thursday."
    found.timeline.insert(0, TimelineEntry("2021-12-07", "2021-12-07", "2021-12-07", "Dec. 7", "A call.", "s"))
    return found


def test_an_imported_file_left_alone_follows_the_annotators():
    parsed = parse_markdown(to_markdown(briefing()), "x.md")
    assert {unit: set(positions) for unit, positions in parsed.untouched.items()} == {
        "players": {0, 1}, "quotes": {0}, "timeline": {0, 1}}
    assert parsed.retired == {"players": set(), "quotes": set(), "timeline": set()}
    result = to_briefing(parsed, newer())
    assert [(p.name, p.role) for p in result.players] == [
        ("Vladimir Putin", "head of state"), ("Geneva", None), ("Joe Biden", "U.S. president")]
    assert [q.text for q in result.quotes] == ["It is you who must act,", "Talks are set"]
    assert [e.event for e in result.timeline] == ["A call.", "Putin said it on Thursday.", "A span."]


def test_an_edited_entry_is_the_authors_and_the_others_still_follow():
    markdown = _edit(to_markdown(briefing()), "Russian president", "President of Russia")
    parsed = parse_markdown(markdown, "x.md")
    assert set(parsed.untouched["players"]) == {1}
    result = to_briefing(parsed, newer())
    assert [(p.name, p.role) for p in result.players] == [
        ("Vladimir Putin", "President of Russia"), ("Geneva", None), ("Joe Biden", "U.S. president")]
    assert len(result.quotes) == 2 and len(result.timeline) == 3


def test_a_deleted_entry_stays_deleted_even_under_another_name():
    markdown = _edit(to_markdown(briefing()), "- **Geneva** (place).\n", "")
    markdown = _edit(markdown, "- **2022-01 to 2022-02-28** (late January or February, upcoming): A span.\n", "")
    found = newer()
    found.players[1] = Player("Geneva, Switzerland", "place", aliases=["Geneva"], mentions=3)
    result = to_briefing(parse_markdown(markdown, "x.md"), found)
    assert [p.name for p in result.players] == ["Vladimir Putin", "Joe Biden"]
    assert [e.event for e in result.timeline] == ["A call.", "Putin said it on Thursday."]


def test_a_fixed_speaker_wins_and_is_not_doubled_by_the_annotators():
    markdown = _edit(to_markdown(briefing()), "act,” — Vladimir Putin", "act,” — Dmitry Peskov")
    result = to_briefing(parse_markdown(markdown, "x.md"), newer())
    assert [(q.text, q.speaker) for q in result.quotes] == [
        ("It is you who must act,", "Dmitry Peskov"), ("Talks are set", "Geneva")]


def test_an_added_entry_is_kept_and_not_doubled_when_the_annotators_find_it():
    markdown = _edit(to_markdown(briefing()), "## Also mentioned\n\n",
                     "## Also mentioned\n\n- **Biden** (person): the U.S. president. Also: Joe Biden.\n")
    result = to_briefing(parse_markdown(markdown, "x.md"), newer())
    assert [(p.name, p.role) for p in result.players] == [
        ("Vladimir Putin", "head of state"), ("Biden", "the U.S. president"), ("Geneva", None)]


def test_moving_a_player_between_sections_is_an_edit():
    markdown = to_markdown(briefing())
    moved = _edit(_edit(markdown, "- **Geneva** (place).\n", ""), "## Key players\n\n",
                  "## Key players\n\n- **Geneva** (place).\n")
    result = to_briefing(parse_markdown(moved, "x.md"), newer())
    assert [(p.name, p.key) for p in result.players] == [
        ("Geneva", True), ("Vladimir Putin", True), ("Joe Biden", True)]


def test_a_section_written_by_hand_is_the_authors_whole():
    written = f"Title: Talks\n\n## Key players\n\n- **Vladimir Putin** (person).\n\n## Article\n\n{TEXT}\n"
    result = to_briefing(parse_markdown(written, "x.md"), newer())
    assert [p.name for p in result.players] == ["Vladimir Putin"]
    assert len(result.quotes) == 2  # the sections left out are the annotators'


@pytest.mark.parametrize("record", ["sha256:0 players:0123456789 quotes:zz", "sha256:0 players:abc.def"])
def test_an_unreadable_record_leaves_every_entry_to_the_author(record):
    markdown = to_markdown(briefing())
    head, _, rest = markdown.partition("\nGenerated: ")
    damaged = f"{head}\nGenerated: {record}\n{rest.partition(chr(10))[2]}"
    result = to_briefing(parse_markdown(damaged, "x.md"), newer())
    assert [(p.name, p.role) for p in result.players] == [("Vladimir Putin", "Russian president"), ("Geneva", None)]


def test_an_emptied_section_stays_empty():
    markdown = to_markdown(briefing())
    start = markdown.index("## Quotes\n\n") + len("## Quotes\n\n")
    end = markdown.index("## Timeline")
    parsed = parse_markdown(markdown[:start] + "\n" + markdown[end:], "x.md")
    assert parsed.quotes == [] and parsed.untouched["quotes"] == {}
    assert to_briefing(parsed, briefing()).quotes == []
    # what the annotators find later is new, so it is added
    assert [q.text for q in to_briefing(parsed, newer()).quotes] == ["Talks are set"]
