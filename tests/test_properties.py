"""Properties, checked on generated input (hypothesis): text repair, the
Markdown round trip of a briefing, a fuzz run of the raw-article reader, and
how salience finds a player's names.

Nothing here runs the annotators, so these tests do not load spaCy's model.  Every
test is bounded (``max_examples``) so that the file runs in well under 30 s.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import string
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from briefings.briefing_markdown import is_untouched, parse_markdown, to_briefing, to_markdown
from briefings.errors import BriefingError
from briefings.ingest import parse_article, split_paragraphs
from briefings.ingest.decode import decode
from briefings.ingest.header import split_list
from briefings.ingest.repair import repair_text
from briefings.model import PLAYER_KINDS, Article, Briefing, Player, Quote, TimelineEntry
from briefings.slugs import slugify
from briefings.timevalues import value_span

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# C0 controls (and DEL) other than the two a text may keep: newline and tab.
_FORBIDDEN_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

# --- text repair -----------------------------------------------------------

#: Pieces of damaged text as seen in scraped news: ordinary mojibake, the
#: bare "â" left by the lossy kind, a real "â", control bytes, line ends,
#: entities, and ordinary words and punctuation around them.
_DAMAGE = [
    "â€™", "â€œ", "â€\x9d", "â€”", "â€“", "Ã©", "Ã¨", "Ã¼", "Â ", "Â£", "Ã¢â‚¬â„¢",
    "â", "â", "â", "pâté", "Château",
    "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9d", "\r\n", "\r", "\n", "\n\n", "\t",
    "\u2028", "\ufeff", "&amp;", "&lt;", "<b>",
    " ", " ", "s", "t", "ll", "re", "d", "m", "ve", "Russia", "hasn", "the", "U.S.", "1990", "2021",
    ".", ",", ";", ":", "!", "?", "(", ")", "-", "/", "'", '"', "’", "“", "”", "—", "–", "é", "e\u0301",
]
damaged_text = st.lists(st.one_of(st.sampled_from(_DAMAGE), st.text(max_size=3)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=200), damaged_text)

#: Clean English as the lossy damage finds it: contractions and possessives,
#: spaced dashes, number ranges, quoted phrases, and words with a real "â".
_APOSTROPHE_WORDS = ["Russia’s", "Ukraine’s", "hasn’t", "don’t", "we’ll", "they’re", "I’d", "I’m", "we’ve"]
_PLAIN_WORDS = ["Moscow", "NATO", "talks", "said", "the", "no", "Geneva", "U.S.", "2021", "1990–1995",
                "pâté", "Château"]
_word = st.sampled_from(_APOSTROPHE_WORDS + _PLAIN_WORDS)
_phrase = st.one_of(_word, st.lists(_word, min_size=1, max_size=5).map(lambda words: "“" + " ".join(words) + "”"))


@st.composite
def clean_english(draw):
    phrases = draw(st.lists(_phrase, min_size=1, max_size=12))
    text = phrases[0]
    for phrase in phrases[1:]:
        text += draw(st.sampled_from([" ", ", ", " — ", ". ", " (", "\n"])) + phrase
    return text


def lossy(text: str) -> str:
    """The damage the repair undoes: ’ “ ” — – (UTF-8 E2 80 xx) read as
    Windows-1252 with everything after the "â" lost."""
    return re.sub("[’“”—–]", "â", text)


@FAST
@given(any_text)
@example("one\r\ntwo\x00\x07 three\rfour\x1b\x7f\x0c")
@example("\x0b\x1c\x1d\x1e\x1f")
def test_repair_never_raises_and_leaves_no_control_characters(text):
    repaired = repair_text(text)
    assert isinstance(repaired, str)
    assert not _FORBIDDEN_CONTROLS.search(repaired), repr(repaired)
    assert "\r" not in repaired
    assert unicodedata.is_normalized("NFC", repaired)


@FAST
@given(any_text)
@example("The Kremlinâ€™s demands â€œnowâ€\x9d")
@example("&amp;lt;")
@example("He said âthat isnâtâ true.")  # the apostrophe used to need a second pass
@example("âÂâ")  # restored marks used to complete a mojibake sequence
@example("1é\x80â")
@example("À\x0c\x86")  # a deleted form feed used to join a mojibake sequence
def test_repair_is_idempotent(text):
    once = repair_text(text)
    assert repair_text(once) == once


@FAST
@given(clean_english())
@example("Russia’s demands, “No,” he said — 1990–1995 (pâté at the Château)")
@example("“It’s not,” he said of “Ukraine’s” plan, “and it isn’t”.")
def test_lossy_punctuation_is_restored_exactly(text):
    # The damage is recognised by an apostrophe before a suffix, a quote mark or a dash.
    assume(re.search(r"’(?:s|t|d|m|ll|re|ve)\b|[“”—]", text))
    repaired = repair_text(lossy(text))
    assert repaired == text
    assert repair_text(repaired) == repaired


def test_lossy_damage_in_any_contraction_is_recognised():
    assert repair_text("Weâll see; theyâre sure, Iâm told.") == "We’ll see; they’re sure, I’m told."


def test_line_and_page_break_controls_keep_words_apart():
    assert repair_text("end of page one.\x0cPage two\x0bnext line").split() == [
        "end", "of", "page", "one.", "Page", "two", "next", "line"]


@pytest.mark.parametrize("damaged, repaired", [
    pytest.param("Ã\x85land Islands", "Åland Islands", id="A-ring"),
    pytest.param("Ñ\x85Ð¾Ñ\x80Ð¾Ñ\x88Ð¾", "хорошо", id="cyrillic-ha"),
    pytest.param("Ä\x85", "ą", id="a-ogonek"),
])
def test_latin1_mojibake_holding_u0085_is_repaired(damaged, repaired):
    assert repair_text(damaged) == repaired


_ASCII = string.ascii_letters + string.digits + " " + string.punctuation.replace("&", "")


@FAST
@given(st.text(alphabet=_ASCII, max_size=200))
@example("He said \"no\" -- and 'maybe' (50%) #1 [*] <b> `x` \\ | ~ ^ { } = + @ $")
def test_repair_leaves_clean_ascii_alone(text):
    # "&" is left out: "&amp;" is an HTML entity that ftfy rightly decodes.
    assert repair_text(text) == text


def _letters(first: int, last: int) -> list[str]:
    return [c for c in map(chr, range(first, last))
            if unicodedata.category(c)[0] in "LM" and unicodedata.normalize("NFKC", c) == c]


_WORLD = sorted(set(
    _letters(0x0370, 0x0400) + _letters(0x0400, 0x0460) + _letters(0x0590, 0x0600) + _letters(0x0600, 0x0700)
    + _letters(0x0900, 0x0980) + _letters(0x4E00, 0x4F00) + list(_ASCII) + list("“”‘’—–…«»")
))


@FAST
@given(st.text(alphabet=st.sampled_from(_WORLD), max_size=120).map(lambda t: unicodedata.normalize("NFC", t)))
@example("Путин сказал: «Нет». نحن هنا. שלום עולם. 北京 — “Ελλάδα”…")
def test_repair_leaves_clean_text_in_any_script_alone(text):
    assert repair_text(text) == text


def test_repair_examples_of_legitimate_changes():
    # What ftfy changes in text that is not damaged, and rightly so.
    assert repair_text("AT&amp;T") == "AT&T"
    assert repair_text("ﬁnal") == "final"
    assert repair_text("e\u0301") == "é"
    assert repair_text("a\u2028b") == "a\nb"


# --- the Markdown round trip ------------------------------------------------

# Printable characters: letters, marks, digits, punctuation, symbols and
# spaces, in any script (no controls, no line or paragraph separators).
_PRINTABLE = st.characters(categories=["L", "M", "N", "P", "S", "Zs"])
_MARKDOWN_SPECIAL = st.sampled_from(
    ["*", "_", "#", "> ", "- ", "+ ", "1. ", "2) ", "[", "]", "(", ")", "<", ">", "`", "```", "\\", "|", "~", "!",
     "\"", "'", "“", "”", "…", "—", ": ", "<script>alert(1)</script>", "<b>", "[x](http://e.org)", "![i](x.png)",
     "**", "__", " & ", "{filename}", "   ", "\t", "\u00a0", "=", "Generated: x", "Title: y"]
)
_QUOTED = st.builds(lambda mark, words: f"{mark[0]}{words}{mark[1]}",
                    st.sampled_from(["“”", '""', "‘’", "''"]), st.text(_PRINTABLE, min_size=1, max_size=20))
_CHUNK = st.one_of(st.text(_PRINTABLE, min_size=1, max_size=12), _MARKDOWN_SPECIAL, _QUOTED)


def _ingested(raw: str) -> str:
    """A paragraph as ingest leaves it (runs of spaces, tabs and no-break
    spaces made one space, ends stripped)."""
    paragraphs = split_paragraphs(raw)
    return " ".join(paragraphs)


paragraph = st.lists(_CHUNK, min_size=1, max_size=12).map("".join).map(_ingested).filter(bool)


def _one_line(value: str) -> str:
    return " ".join(value.split())


#: Characters that mean something to the format's own lines (bold, parentheses,
#: the colon and full stop of a player line, list separators, quote marks).
_LINE_SPECIAL = st.sampled_from(["*", "**", "(", ")", ":", ".", ",", ";", " and ", "—", "…", "“", "”", '"', "'",
                                 "Also:", "upcoming", " to ", "#", "_", "<b>", "&amp;", "[x](y)", "\\"])
line = (st.lists(st.one_of(st.text(_PRINTABLE, min_size=1, max_size=10), _LINE_SPECIAL), min_size=1, max_size=6)
        .map("".join).map(_one_line).filter(bool))
list_item = line.filter(lambda value: split_list(value) == [value])
name = line.filter(lambda value: "**" not in value)  # the one documented limit of a name
role = line.filter(lambda value: "Also:" not in value)
alias = list_item.filter(lambda value: "Also:" not in value)
# A speaker may hold quotation marks ('Joaquín “El Chapo” Guzmán') but not end
# with one (or with one and the ellipsis of a partial quote), nor have one
# followed by the dash that introduces the speaker.
speaker = line.filter(lambda value: not re.search(r'[”"]…?(\s*—|$)', value))


def _note_ok(value: str) -> bool:
    """A timeline note: its parts are separated by ", " ("Dec. 7, 2021"),
    none is "upcoming", and there is no ")" to end the parenthesis."""
    parts = value.split(", ")
    return ")" not in value and "upcoming" not in parts and all(part and "," not in part for part in parts)


note = line.filter(_note_ok)


@st.composite
def players(draw):
    result = []
    for _ in range(draw(st.integers(0, 4))):
        player_name = draw(name)
        aliases = [a for a in draw(st.lists(alias, max_size=3)) if a != player_name]
        result.append(Player(
            name=player_name,
            kind=draw(st.sampled_from(PLAYER_KINDS)),
            role=draw(st.none() | role),
            aliases=aliases,
            key=draw(st.booleans()),
        ))
    return result


_VALUE_FORMS = ["{y}", "{y}-{m:02}", "{y}-{m:02}-{d:02}", "{y}-W{w:02}", "{y}-{part}", "{y}-{m:02}-{d:02}T10:30"]


@st.composite
def timex_values(draw):
    form = draw(st.sampled_from(_VALUE_FORMS))
    value = form.format(
        y=draw(st.integers(1900, 2100)), m=draw(st.integers(1, 12)), d=draw(st.integers(1, 28)),
        w=draw(st.integers(1, 52)), part=draw(st.sampled_from(["SP", "SU", "FA", "WI", "Q1", "Q4", "H1", "H2"])),
    )
    assert value_span(value) is not None
    return value


@st.composite
def timeline_entries(draw):
    value = draw(timex_values())
    start, end = value_span(value)
    if draw(st.booleans()):  # a span that runs past its value: "2022-01 to 2022-02-28"
        later = draw(timex_values())
        end = max(end, value_span(later)[1])
    event = draw(st.one_of(st.just(""), line))
    return TimelineEntry(
        value=value, start_date=start, end_date=end, text=draw(st.one_of(st.just(""), note)),
        event=event, sentence=event, upcoming=draw(st.booleans()),
    )


def _words_pattern(words: str) -> str:
    return r"\s+".join(re.escape(w) for w in words.split())


def _found_again(words: str, text: str, start: int, cursor: int) -> bool:
    """The format carries a quote's words, not its offsets; a reader finds
    them again (see ``briefing_markdown.locate``): right after an opening
    quotation mark, from the end of the previous quote on, and without marks
    only as a last resort.  Whether that gives back ``start``."""
    quoted = re.compile(r"(?<=[“\"‘'])" + _words_pattern(words))
    if match := quoted.search(text, cursor) or quoted.search(text):
        return match.start() == start
    return re.compile(_words_pattern(words)).search(text, cursor).start() == start


@st.composite
def quotes_in(draw, text: str):
    """Quotes whose words are substrings of ``text``, in text order: mostly
    right after an opening quotation mark, as the annotators find them."""
    after_marks = [match.end() for match in re.finditer(r"[“\"‘']", text) if match.end() < len(text)]
    quotes = []
    cursor = 0
    for _ in range(draw(st.integers(0, 3))):
        candidates = [i for i in after_marks if i >= cursor]
        if candidates and draw(st.integers(0, 4)):
            start = draw(st.sampled_from(candidates))
        elif cursor < len(text):
            start = draw(st.integers(cursor, len(text) - 1))
        else:
            break
        end = draw(st.integers(start + 1, min(len(text), start + 60)))
        words = text[start:end]
        if words != words.strip() or not _found_again(words, text, start, cursor):
            continue
        quotes.append(Quote(
            text=words, start=start, end=end,
            speaker=draw(st.none() | speaker), partial=draw(st.booleans()),
        ))
        cursor = end
    return quotes


@st.composite
def briefings(draw, paragraphs):
    text = "\n\n".join(draw(st.lists(paragraphs, min_size=1, max_size=6)))
    return Briefing(
        title=draw(line),
        text=text,
        date=draw(st.none() | st.dates(min_value=dt.date(1000, 1, 1))),
        source=draw(st.none() | line),
        url=draw(st.none() | st.from_regex(r"https://[a-z]{1,10}\.org/[a-z0-9/_-]{0,20}", fullmatch=True)),
        tags=draw(st.lists(list_item, max_size=4)),
        authors=draw(st.lists(list_item, max_size=3)),
        contributors=draw(st.lists(list_item, max_size=4)),
        players=draw(players()),
        quotes=draw(quotes_in(text)),
        timeline=draw(st.lists(timeline_entries(), max_size=4)),
    )


def _assert_round_trip(original: Briefing, slug: str | None = None):
    markdown = to_markdown(original, slug)
    assert is_untouched(markdown)
    parsed = parse_markdown(markdown, "roundtrip.md")
    assert {unit: set(positions) for unit, positions in parsed.untouched.items()} == {
        "players": set(range(len(original.players))), "quotes": set(range(len(original.quotes))),
        "timeline": set(range(len(original.timeline)))}
    assert not any(parsed.retired.values())
    merged = to_briefing(parsed, original)  # left as written, the file is the annotators' output
    for unit in ("players", "quotes", "timeline"):
        assert sorted(map(repr, getattr(merged, unit))) == sorted(map(repr, getattr(original, unit)))
    article = parsed.article
    assert article.title == original.title
    assert article.date == original.date
    assert article.source == original.source
    assert article.url == original.url
    assert article.tags == original.tags
    assert article.authors == original.authors
    assert article.contributors == original.contributors
    assert parsed.slug == slug
    assert article.text == original.text
    ordered = [p for p in original.players if p.key] + [p for p in original.players if not p.key]
    if original.players:
        assert [(p.name, p.kind, p.role, p.aliases, p.key) for p in parsed.players] == [
            (p.name, p.kind, p.role, p.aliases, p.key) for p in ordered]
    assert [(q.text, q.speaker, q.partial, q.start, q.end) for q in parsed.quotes] == [
        (q.text, q.speaker, q.partial, q.start, q.end) for q in original.quotes]
    for quote in parsed.quotes:
        assert article.text[quote.start:quote.end] == quote.text
    assert [(e.value, e.start_date, e.end_date, e.text, e.event, e.upcoming) for e in parsed.timeline] == [
        (e.value, e.start_date, e.end_date, e.text, e.event, e.upcoming) for e in original.timeline]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(briefings(paragraph), st.none() | line.map(slugify))
def test_markdown_round_trip(original, slug):
    _assert_round_trip(original, slug)


def _specials_briefing() -> Briefing:
    text = "\n\n".join([
        "<html><head><script>alert('x')</script></head><body><p>Hi</p></body></html>",
        "# not a heading, > not a quote, 1. not a list, 2) nor this, - nor this, + nor this",
        "*stars* _under_ `code` ```fence``` ~~strike~~ [link](http://x.org) ![img](x.png) \\ | a | b |",
        "1. Still text. \"Straight\" and “curly” quotes — dashes – and… ellipses. {filename}x.md [^1]",
        "> Putin said “It is you who must act,” on Thursday.",
    ])
    words = "It is you who must act,"
    start = text.index(words)
    return Briefing(
        title="Talks: *what* [was] said #1 <b>",
        text=text,
        date=dt.date(2021, 12, 29),
        source="The Post <script>",
        tags=["Russia", "NATO & friends"],
        authors=["Ann O’Neil"],
        contributors=["Ann Lee", "Bo Chan"],
        players=[
            Player("Vladimir Putin", "person", "Russian president (since 2012)", aliases=["Putin"], key=True),
            Player("NATO (alliance)", "organization", "U.S.", aliases=["the alliance"], key=False),
            Player("Geneva", "place"),
        ],
        quotes=[
            Quote(words, start, start + len(words), speaker="Vladimir “Vova” Putin — Russia", partial=True),
            Quote("Straight", text.index("Straight"), text.index("Straight") + 8, speaker=None),
        ],
        timeline=[
            TimelineEntry("2021-12-30", "2021-12-30", "2021-12-30", "Thursday, Dec. 30, 2021",
                          "Putin said: “act”.", "s"),
            TimelineEntry("2022-01", "2022-01-01", "2022-02-28", "late January or February", "A span.", "s", True),
            TimelineEntry("2021-W51", "2021-12-20", "2021-12-26", "", "", "s"),
            TimelineEntry("2021-SU", "2021-06-01", "2021-08-31", "summer", "x", "s"),
        ],
    )


def test_markdown_round_trip_of_markdown_and_html_in_every_field():
    _assert_round_trip(_specials_briefing(), "talks")


def _text_briefing(text: str) -> Briefing:
    return Briefing(title="T", text=text, date=dt.date(2022, 1, 10))


@pytest.mark.parametrize("text", [
    pytest.param("Before.\n\n---\n\nAfter.", id="thematic-break"),
    pytest.param("Before.\n\n-- -\n\nAfter.", id="spaced-thematic-break"),
    pytest.param("Before.\n\n=====\n\nAfter.", id="setext-underline"),
    pytest.param("## Breaking news\n\nThe talks collapsed.", id="double-hash-heading"),
    pytest.param("Lede.\n\n##\n\nAfter.", id="bare-double-hash"),
    pytest.param("Lede.\n\n## Quotes\n\nAfter.", id="hash-quotes-section-name"),
    pytest.param("Lede.\n\n###### Six\n\n####### Seven", id="deep-headings"),
    pytest.param("The HTML was <p>AT&amp;T &copy; 2021 &#8217; &#x2019;</p>.", id="html-entities"),
    pytest.param("AT&T and R&D; Q&A, fish & chips &", id="ampersands-that-are-no-entities"),
    pytest.param("Term\n\n: a colon-led paragraph", id="definition-list"),
    pytest.param("Term\n\n~ a tilde-led paragraph", id="tilde-definition"),
    pytest.param("«\u202fNon\u202f», a dit le ministre, 10\u2009000 soldats\u3000ici.", id="unicode-spaces"),
    pytest.param("1) one\n\n2. two\n\n123456789. nine digits\n\n- dash\n\n+ plus\n\n> quote", id="list-markers"),
    pytest.param("```python\n\n~~~\n\nAfter the fences.", id="fences"),
    pytest.param("<!-- comment -->\n\n<div>block</div>\n\n<http://example.org>", id="html-blocks-and-autolinks"),
    pytest.param("[ref]: http://example.org\n\n[^1]: footnote\n\n| a | b |", id="definitions-and-tables"),
    pytest.param("Generated: sha256:0000\n\nTitle: not front matter", id="front-matter-lookalikes"),
])
def test_article_text_round_trip_of_block_syntax(text):
    original = _text_briefing(text)
    markdown = to_markdown(original)
    assert is_untouched(markdown)
    assert parse_markdown(markdown, "x.md").article.text == original.text


def test_player_name_with_a_star_round_trips():
    original = _text_briefing("E*Trade shares fell.")
    original.players = [Player("E*Trade", "organization", "a broker", key=True), Player("A*", "person", key=True)]
    parsed = parse_markdown(to_markdown(original), "x.md")
    assert [(p.name, p.role) for p in parsed.players] == [("E*Trade", "a broker"), ("A*", None)]


def test_quote_offsets_round_trip_when_its_words_occur_earlier():
    text = "Moscow calls the plan unacceptable. Ryabkov said the plan was “unacceptable.”"
    words = "unacceptable."
    start = text.rindex(words)
    original = _text_briefing(text)
    original.quotes = [Quote(words, start, start + len(words), speaker="Sergei Ryabkov", partial=True)]
    parsed = parse_markdown(to_markdown(original), "x.md")
    assert [(q.start, q.end) for q in parsed.quotes] == [(start, start + len(words))]


# --- fuzzing the raw-article reader ----------------------------------------

_HEADER_LINES = st.one_of(
    st.sampled_from([
        "Title: Talks in Geneva", "Date: 2022-01-10", "Date: 2021-13-45", "Date: tomorrow", "Date: ",
        "Date: 2022-01-10T10:00", "Source: Wire", "URL: https://example.org/a", "Tags: Russia, NATO",
        "Author: Ann Smith and Bo Chan", "Authors: A; B", "Slug: ../../evil", "Summary: x", "Colour: red",
        "Title:", "title : lower", "not a header", "Title: ../../etc/passwd", "URL: javascript:alert(1)",
        "URL: www.example.org/a", "URL: ",
    ]),
    st.builds("{}: {}".format, st.from_regex(r"[A-Za-z][\w-]{0,8}", fullmatch=True), st.text(max_size=20)),
)
_BODY_LINES = st.one_of(
    st.sampled_from([
        "", "", "Advertisement", "Story continues below advertisement", "(AP Photo/Jane Doe)", "Read more:",
        "By Ann Smith and Bo Chan", "Ann Lee contributed to this report.", "Reporting by Ann Lee; Editing by Bo",
        "Photo: Getty", "The talks began on Monday.", "“No,” he said.", "â", "Russiaâs demands",
        "<html><body><script>alert(1)</script></body></html>", "\x00\x00", "\r", "\t", "\u00a0", ". . .",
    ]),
    st.text(max_size=80),
)
raw_articles = st.builds(
    lambda header, body: "\n".join(header + body),
    st.lists(_HEADER_LINES, max_size=5),
    st.lists(_BODY_LINES, max_size=15),
)
_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1", "utf-32"]
raw_bytes = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda text, encoding: text.encode(encoding, errors="replace"),
              raw_articles, st.sampled_from(_ENCODINGS)),
    st.builds(lambda bom, data: bom + data,
              st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b""]),
              st.binary(max_size=200)),
    st.builds(lambda a, b, c: a.encode("utf-8") + b"\n" + b.encode("cp1252", errors="replace") + b"\n" + c,
              raw_articles, raw_articles, st.binary(max_size=20)),
)


def _check_read(read):
    """``read()`` returns a clean Article, or raises a one-line BriefingError naming the file."""
    try:
        article = read()
    except BriefingError as error:
        message = str(error)
        assert message.startswith("fuzz.txt:"), message
        assert "\n" not in message and "\r" not in message, message
        return None
    assert isinstance(article, Article)
    assert article.text.strip()
    assert not _FORBIDDEN_CONTROLS.search(article.text + article.title)
    assert article.title.strip() and "\n" not in article.title
    assert all("\n\n" not in p and p == p.strip() and p for p in article.text.split("\n\n"))
    return article


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), raw_articles))
@example("Title: T\nDate: 2021-13-45\n\nText.")
@example("Title: T\n\nAdvertisement\n")
@example("Date: ٢٠٢١-٠١-٠١\n\nText.")
def test_parse_article_returns_an_article_or_a_one_line_error(text):
    _check_read(lambda: parse_article(text, "fuzz.txt"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_bytes)
@example(b"")
@example(b"\x00" * 64)
@example(codecs.BOM_UTF16_LE + b"\x00")
@example(codecs.BOM_UTF8 + b"caf\xe9")
@example(bytes(range(256)))
def test_decode_and_parse_return_an_article_or_a_one_line_error(data):
    _check_read(lambda: parse_article(decode(data, "fuzz.txt"), "fuzz.txt"))


@pytest.mark.parametrize("lede", [". . . and then the talks in Geneva collapsed on Monday.", "?", "!!!", "—"])
def test_a_lede_starting_with_punctuation_still_gets_a_title(lede):
    article = parse_article(lede, "x.txt")
    assert article.title.strip(" .…?!—")


# A few letters of each kind: ASCII, other scripts, the letters re folds to
# ASCII ignoring case (İ ı ſ K), word joiners and separators.
NAME_LETTERS = "abkisABKIS" + "éÉßçÇ" + "İıſK" + "_0' -.’"


@settings(max_examples=400, deadline=None)
@given(st.frozensets(st.text(NAME_LETTERS, min_size=1, max_size=4), min_size=1, max_size=3),
       st.text(NAME_LETTERS, max_size=30))
@example(frozenset({"Kılıçdaroğlu"}), "KILIÇDAROĞLU WINS")
@example(frozenset({"Ross"}), "ROſS said")
def test_naming_a_player_is_a_case_insensitive_whole_word_search(names, text):
    from briefings.annotate.players.salience import _named_in

    expected = any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text, re.IGNORECASE) for n in names)
    assert _named_in(set(names), text) == expected
