"""Ingest: decoding, the header, boilerplate and byline, the headline."""

import codecs
import datetime as dt

import pytest

from briefings.errors import BriefingError
from briefings.ingest import headline_from_lede, parse_article, read_article


def test_seed_metadata(seed_article):
    assert seed_article.date == dt.date(2021, 12, 29)
    assert seed_article.source == "The Washington Post"
    assert seed_article.contributors == ["John Wagner", "Sean Sullivan", "Meryl Kornfield", "Karoun Demirjian"]
    assert "contributed to this report" not in seed_article.text
    assert not seed_article.text.rstrip().endswith("Read more:")
    assert seed_article.text.startswith("Russian officials see a time frame")
    assert seed_article.text.endswith("seek refuge in other places.”")
    assert len(seed_article.text.split("\n\n")) == 17


def test_headline_is_derived_from_the_lede_in_whole_words(seed_article):
    title = headline_from_lede(seed_article.text.split("\n\n")[0])
    assert len(title) <= 91
    assert seed_article.text.startswith(title.rstrip("…"))
    assert title.endswith("…") or title.endswith(tuple("abcdefghijklmnopqrstuvwxyz"))
    assert headline_from_lede("Short lede. Second sentence.") == "Short lede"


def test_header_fields(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Title: Talks in Geneva\nDate: 2022-01-10\nSource: Wire\nURL: https://example.org/a\n"
        "Tags: Russia, NATO\nAuthor: Ann Smith\n\nThe talks began on Monday.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert (article.title, article.date, article.source, article.url) == (
        "Talks in Geneva", dt.date(2022, 1, 10), "Wire", "https://example.org/a")
    assert article.tags == ["Russia", "NATO"]
    assert article.authors == ["Ann Smith"]
    assert article.text == "The talks began on Monday."


def test_date_argument_overrides_the_header(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Date: 2022-01-10\n\nThe talks began on Monday.\n", encoding="utf-8")
    assert read_article(path, date=dt.date(2020, 5, 1)).date == dt.date(2020, 5, 1)


def test_missing_date_warns_naming_the_file(tmp_path, caplog):
    path = tmp_path / "undated.txt"
    path.write_text("Nobody knows when this happened. It did, though.\n", encoding="utf-8")
    article = read_article(path)
    assert article.date is None
    assert "undated.txt" in caplog.text and "no publication date" in caplog.text


def test_bbc_style_first_line_is_the_headline():
    article = parse_article("Ad sales boost Time Warner profit\n\nQuarterly profits rose 76%.\n\nMore text.", "x.txt")
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.text.startswith("Quarterly profits")


def test_boilerplate_is_dropped():
    text = (
        "Title: T\n\nFirst paragraph.\n\nAdvertisement\n\nStory continues below advertisement\n\n"
        "(AP Photo/Jane Doe)\n\nSecond paragraph.\n\nReporting by Ann Lee; Editing by Bob Ray\n\nRead more:\n\nSome other story"
    )
    article = parse_article(text, "x.txt")
    assert article.text == "First paragraph.\n\nSecond paragraph."
    assert article.contributors == ["Ann Lee"]


def test_hard_wrapped_paragraphs_are_joined():
    article = parse_article("Title: T\n\nOne line\nwrapped here.\n\nNext one.", "x.txt")
    assert article.text == "One line wrapped here.\n\nNext one."


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("Café talks in Genève resumed.".encode("latin-1"), "latin-1"),
        ("Talks “resumed” – in Genève.".encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + "Talks in Genève resumed.".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF8 + "Talks in Genève resumed.".encode("utf-8"), "utf-8-sig"),
    ],
)
def test_encodings(tmp_path, data, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert "Gen" in read_article(path).text
    assert "Genève" in read_article(path).text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"Title: T\nDate: 2021-13-45\n\nText.", "2021-13-45"),
        (b"Title: T\nColour: red\n\nText.", "unknown header key"),
        (b"Title: T\n\nAdvertisement\n", "no text"),
    ],
)
def test_bad_input_gets_one_clear_message_naming_the_file(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(BriefingError) as error:
        read_article(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_header_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Title: T\nDate: tomorrow\n\nText.")
    with pytest.raises(BriefingError) as error:
        read_article(path)
    assert str(error.value).startswith(f"{path}:2: ")


def test_too_long_article_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("Title: Huge\n\n" + ("word " * 200_000 + "\n\n") * 5, encoding="utf-8")
    with pytest.raises(BriefingError, match="too long"):
        read_article(path)
