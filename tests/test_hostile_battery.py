"""A second hostile round through the command line: characters no feed can
carry, front matter that says one thing twice, a raw article whose slug is a
briefing's under another file name, file names and titles that are not
UTF-8, and output folders inside a file or a repository's history. Each
used to lose or hide an author's words, stop a build, or end in a
traceback."""

from __future__ import annotations

import os
import sys
import xml.dom.minidom

import pytest

from briefings.briefing_markdown import parse_markdown
from briefings.cli import main as briefings
from briefings.errors import BriefingError
from briefings.files import output_problem
from briefings.ingest import parse_article
from briefings.ingest.header import split_header
from scratch import ARTICLE, make_site
from site_build import briefing_dir

BRIEFING = ("Title: Ryabkov and Sherman talk again\nDate: 2022-01-11\nTags: Russia, NATO\n\n## Article\n\n"
            "Sergei Ryabkov met Wendy Sherman in Geneva again on Tuesday, diplomats said.\n")


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith(("error:", "ERROR:"))]


# --- characters that no page or feed can carry -------------------------------------


@pytest.mark.parametrize("where, text, line", [
    ("title", BRIEFING.replace("talk again", "talk\x01again"), 1),
    ("tag", BRIEFING.replace("NATO", "NA\x0bTO"), 3),
    ("body", BRIEFING.replace("in Geneva", "in\x0cGeneva"), 7),
    ("NUL", BRIEFING.replace("Sherman talk", "Sherman\x00talk"), 1),
    ("noncharacter", BRIEFING.replace("diplomats", "diplo\ufffemats"), 7),
])
def test_a_character_no_feed_can_carry_is_an_error_naming_its_line(where, text, line):
    with pytest.raises(BriefingError) as caught:
        parse_markdown(text, "talks.md")
    assert caught.value.line == line and "\n" not in str(caught.value)
    assert "talks.md" in str(caught.value)


def test_raw_articles_lose_their_noncharacters():
    article = parse_article("Title: Talks \ufffe resume\nDate: 2022-01-10\n\n"
                            "Sergei Ryabkov met \uffff Wendy Sherman in Geneva \U0001fffe on Monday.\n", "talks.txt")
    assert " ".join(article.title.split()) == "Talks resume"
    assert "Sherman in Geneva on Monday" in " ".join(article.text.split())
    assert not any(char in article.title + article.text for char in "\ufffe\uffff\U0001fffe")


def test_a_control_character_never_stops_a_build_for_publishing(tmp_path, monkeypatch, capsys, caplog, nlp):
    # A title with a control character used to stop the writing of the feed,
    # and with it the whole build; a raw article's U+FFFF made the feed
    # unreadable XML, and the build said nothing.
    site = make_site(tmp_path / "site", {
        "content/raw/talks.txt": ARTICLE,
        "content/raw/brussels.txt": ARTICLE.replace("Talks resume in Geneva", "Talks \uffff go on in Brussels")
                                           .replace("Geneva on", "Brussels on"),
        "content/briefings/again.md": BRIEFING.replace("talk again", "talk\x01again"),
    })
    monkeypatch.chdir(site)
    monkeypatch.setenv("SITEURL", "https://briefings.example.org")
    code = briefings(["build", "--publish"])
    err = capsys.readouterr().err
    assert code == 1 and "please report" not in err and "Traceback" not in err
    logged = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(logged) == 1 and "again.md:1: the line holds the character \\x01" in logged[0], logged
    feed = site / "output" / "feeds" / "all.atom.xml"
    titles = [node.firstChild.data for node in xml.dom.minidom.parse(str(feed)).getElementsByTagName("title")]
    assert "Talks resume in Geneva" in titles and "Talks go on in Brussels" in titles
    assert (briefing_dir(site / "output", "talks-resume-in-geneva") / "index.html").is_file()


# --- front matter that says one thing twice --------------------------------------------


@pytest.mark.parametrize("lines, line", [
    ("Title: Talks resume\nTitle: Talks resume in Geneva\nDate: 2022-01-10", 2),
    ("Title: Talks resume\nDate: 2022-01-10\nDate: 2023-01-10", 3),
    ("Title: Talks resume\nAuthor: Jane Doe\nTags: Russia\nAuthors: John Roe", 4),
])
def test_a_front_matter_key_given_twice_is_an_error_naming_the_second(lines, line):
    with pytest.raises(BriefingError) as caught:
        parse_markdown(f"{lines}\n\n## Article\n\nSergei Ryabkov spoke in Geneva.\n", "talks.md")
    assert caught.value.line == line
    with pytest.raises(BriefingError) as caught:
        split_header(f"{lines}\n\nSergei Ryabkov spoke in Geneva.\n", "talks.txt")
    assert caught.value.line == line


# --- import: a slug taken under another file name ---------------------------------------


def test_import_refuses_the_slug_of_a_briefing_whatever_its_file_name(tmp_path, monkeypatch, capsys, nlp):
    # The hand-written briefing's file is not named after its slug: import
    # used to write a second briefing of that slug, which the build then
    # left out (or left the author's out), after an import that said nothing.
    mine = ARTICLE.replace("Date: 2022-01-10\n", "Date: 2022-01-10\n\n## Article\n").replace("officials", "I")
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE, "content/briefings/my-geneva.md": mine})
    monkeypatch.chdir(site)
    assert briefings(["import", "content/raw/talks.txt"]) == 1
    [error] = _errors(capsys.readouterr().err)
    assert "content/raw/talks.txt" in error and "my-geneva.md" in error and "Slug:" in error
    assert sorted(os.listdir(site / "content" / "briefings")) == ["my-geneva.md"]


def test_import_takes_a_file_name_that_is_not_utf8(tmp_path, monkeypatch, capsys, nlp):
    # The name's bytes went into the Generated line's record of the source,
    # which could not encode them: a traceback, and the files after it
    # were not imported.
    site = make_site(tmp_path / "site")
    raw = os.fsencode(site / "content" / "raw") + b"/talks-\xff.txt"
    with open(raw, "wb") as file:
        file.write(ARTICLE.encode("utf-8"))
    monkeypatch.chdir(site)
    name = os.fsdecode(raw)
    assert briefings(["annotate", "--format", "markdown", name]) == 0
    assert briefings(["import", name]) == 0
    out = capsys.readouterr().out
    assert "talks-\\udcff.txt -> content/briefings/talks-resume-in-geneva.md" in out
    # The build knows the briefing for the raw article's own: no clash.
    assert briefings(["build"]) == 0, capsys.readouterr().err


# --- new: titles that are not text --------------------------------------------------


@pytest.mark.parametrize("title", ["Talks \udcff resume", "Talks\x1b[31m resume", "Talks \x00resume"])
def test_new_refuses_a_title_that_is_not_text(title, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert briefings(["new", title]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("error: the title")
    assert not (tmp_path / "content").exists()


# --- output folders ------------------------------------------------------------------


def test_the_output_folder_is_never_inside_a_file_or_a_repositorys_history(tmp_path):
    (tmp_path / "README.md").write_text("# Mine\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    sources = [("the content folder", tmp_path / "content")]
    assert "inside the file" in output_problem(tmp_path / "README.md" / "site", sources)
    assert "is a repository's own folder (.git)" in output_problem(tmp_path / ".git", sources)
    assert "lies inside a repository's own folder" in output_problem(tmp_path / ".git" / "site", sources)
    assert output_problem(tmp_path / "output", sources) is None


def test_a_build_into_a_repositorys_history_is_refused(tmp_path, monkeypatch, capsys):
    # A build wrote the site into .git; a build for publishing then took
    # .git for its own output folder and emptied it: the history was gone.
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    monkeypatch.chdir(site)
    for command in (["build", "--output", ".git"], ["build", "--publish", "--output", ".git"],
                    ["build", "--output", "README.md/site"]):
        assert briefings(command) == 1
        [error] = _errors(capsys.readouterr().err)
        assert "please report" not in error
    assert sorted(os.listdir(site / ".git")) == ["HEAD"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc, where no one may make a folder")
def test_an_output_folder_that_cannot_be_made_is_one_line_naming_it(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    monkeypatch.chdir(site)
    assert briefings(["build", "--output", "/proc/briefings-site"]) == 1
    [error] = _errors(capsys.readouterr().err)
    assert error.startswith("error: /proc/briefings-site") and "please report" not in error
