"""Nothing an author wrote is lost: output folders that would swallow the
sources, import's record of what it wrote, briefings that would take one
another's place, and links where a file is to be written."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from briefings.briefing_markdown import is_untouched
from briefings.cli import main as briefings
from scratch import ARTICLE, changed, make_site, snapshot, write
from site_build import briefing_dir, build_site

# --- the output folder ---------------------------------------------------------


@pytest.mark.parametrize("output", [
    "content", "content/briefings", "content/raw/../briefings", "plugins", "theme", "theme/templates", "tests", ".",
    "..", "README.md", "content/briefings/new", ".cache", ".cache/pelican",
])
@pytest.mark.parametrize("publish", [True, False], ids=["publish", "development"])
def test_build_refuses_an_output_folder_that_would_swallow_the_sources(tmp_path, monkeypatch, capsys, output,
                                                                        publish):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    # "tests" is not a folder Pelican knows of: refused as a folder of files that no build wrote
    (site / ".cache" / "pelican").mkdir(parents=True)
    (site / ".cache" / "annotations.sqlite").write_bytes(b"")
    monkeypatch.chdir(site)
    before = snapshot(tmp_path, leave_out=())
    assert briefings(["build", *(["--publish"] if publish else []), "--output", output]) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {output}: "), errors
    assert "Traceback" not in errors[0]
    assert changed(before, snapshot(tmp_path, leave_out=())) == []


def test_a_publishing_build_empties_only_a_folder_it_built(tmp_path, monkeypatch, capsys, nlp):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    monkeypatch.chdir(site)
    mine = write(site / "mine" / "notes.txt", "An author's notes.\n")
    assert briefings(["build", "--publish", "--output", "mine"]) == 1
    assert "holds files that no build of this site wrote" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "An author's notes.\n"
    # A folder the site was built into is emptied before the next build for publishing.
    assert briefings(["build", "--output", "site-output"]) == 0
    stale = write(site / "site-output" / "stale.html", "old")
    assert briefings(["build", "--publish", "--output", "site-output"]) == 0
    assert not stale.exists() and (site / "site-output" / "index.html").exists()


def test_plain_pelican_refuses_it_too(tmp_path):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    before = snapshot(tmp_path, leave_out=())
    command = [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py", "-o", "content/briefings"]
    run = subprocess.run(command,
                         cwd=site, capture_output=True, text=True, timeout=600)
    assert run.returncode != 0
    said = " ".join((run.stdout + run.stderr).split())  # Pelican's log wraps its lines
    assert "content/briefings" in said and "is the content folder" not in said and "lies inside the content" in said
    assert "Traceback" not in said
    assert changed(before, snapshot(tmp_path, leave_out=())) == []


# --- import's record of what it wrote ----------------------------------------------


def test_a_line_of_the_article_starting_with_generated_is_the_authors(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    monkeypatch.chdir(site)
    assert briefings(["import", "content/raw/talks.txt"]) == 0
    briefing = site / "content" / "briefings" / "talks-resume-in-geneva.md"
    text = briefing.read_text(encoding="utf-8")
    # A line of its own at the head of the article's paragraph.
    edited = text.replace("## Article\n\n", "## Article\n\nGenerated: by the author, by hand.\n")
    briefing.write_text(edited, encoding="utf-8")
    assert not is_untouched(edited)
    assert briefings(["import", "content/raw/talks.txt"]) == 0
    assert "edited since it was imported" in capsys.readouterr().err
    assert briefing.read_text(encoding="utf-8") == edited


# --- two sources, one briefing ---------------------------------------------------------


def test_importing_two_articles_of_one_title_one_at_a_time(tmp_path, monkeypatch, capsys):
    other = ARTICLE.replace("on Monday", "on Tuesday")
    site = make_site(tmp_path / "site", {"content/raw/a.txt": ARTICLE, "content/raw/b.txt": other})
    monkeypatch.chdir(site)
    assert briefings(["import", "content/raw/a.txt"]) == 0
    briefing = site / "content" / "briefings" / "talks-resume-in-geneva.md"
    first = briefing.read_bytes()
    capsys.readouterr()
    for force in ([], ["--force"]):
        assert briefings(["import", "content/raw/b.txt", *force]) == 1
        error = capsys.readouterr().err.strip()
        assert error.startswith("error: content/raw/b.txt: ") and "\n" not in error
        assert "talks-resume-in-geneva.md" in error and "content/raw/a.txt" in error
        assert briefing.read_bytes() == first
    # Importing the first one again updates its own briefing.
    assert briefings(["import", "content/raw/a.txt"]) == 0
    assert briefing.read_bytes() == first


def test_import_never_replaces_a_hand_written_briefing_of_the_same_slug(tmp_path, monkeypatch, capsys):
    # The same day as the raw article: one page (on different days, each has its own).
    mine = "Title: Talks resume in Geneva\nDate: 2022-01-10\n\n## Article\n\nMy own account of the talks.\n"
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE,
                                         "content/briefings/talks-resume-in-geneva.md": mine})
    monkeypatch.chdir(site)
    for force in ([], ["--force"]):
        assert briefings(["import", "content/raw/talks.txt", *force]) == 1
        error = capsys.readouterr().err
        assert "content/raw/talks.txt" in error and "talks-resume-in-geneva.md" in error and "by hand" in error
    assert (site / "content" / "briefings" / "talks-resume-in-geneva.md").read_text(encoding="utf-8") == mine


def test_a_raw_article_with_the_slug_of_a_hand_written_briefing_is_reported(tmp_path, nlp):
    # The same day as the raw article: one page (on different days, each has its own).
    mine = "Title: Talks resume in Geneva\nDate: 2022-01-10\n\n## Article\n\nMy own account of the talks.\n"
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE,
                                         "content/briefings/mine.md": mine})
    errors = build_site(site / "content", site / "output", site / ".cache")
    assert len(errors) == 1, errors
    assert errors[0].startswith(str(site / "content" / "raw" / "talks.txt") + ": ")
    assert "mine.md" in errors[0] and "Slug" in errors[0]
    page = (briefing_dir(site / "output", "talks-resume-in-geneva") / "index.html").read_text(encoding="utf-8")
    assert "My own account" in page


def test_an_imported_briefing_stands_for_its_raw_article_only(tmp_path, monkeypatch, capsys, nlp):
    other = ARTICLE.replace("on Monday", "on Tuesday")
    site = make_site(tmp_path / "site", {"content/raw/a.txt": ARTICLE})
    monkeypatch.chdir(site)
    assert briefings(["import", "content/raw/a.txt"]) == 0
    assert build_site(site / "content", site / "output", site / ".cache") == []  # a.txt: built from its briefing
    write(site / "content" / "raw" / "b.txt", other)  # another article, the same title
    errors = build_site(site / "content", site / "output", site / ".cache")
    assert len(errors) == 1 and "b.txt" in errors[0] and "talks-resume-in-geneva.md" in errors[0], errors
    assert "imported from" in errors[0] and "a.txt" in errors[0]


def test_hidden_and_draft_briefings_of_one_slug_are_reported_not_crashed_on(tmp_path, nlp):
    text = "Title: Talks resume in Geneva\nDate: 2022-01-10\nStatus: {status}\n\n## Article\n\nText {n}.\n"
    site = make_site(tmp_path / "site", {
        "content/raw/talks.txt": ARTICLE,
        "content/briefings/hidden.md": text.format(status="hidden", n=1),
        "content/briefings/draft-1.md": text.format(status="draft", n=2),
        "content/briefings/draft-2.md": text.format(status="draft", n=3),
        "content/pages/one.md": "Title: About\n\nOne.\n",
        "content/pages/two.md": "Title: About\n\nTwo.\n",
    })
    errors = build_site(site / "content", site / "output", site / ".cache")
    assert len(errors) == 3, errors
    assert any("talks.txt" in error and "hidden.md" in error for error in errors)
    assert any("draft-2.md" in error and "draft-1.md" in error for error in errors)
    assert any("two.md" in error and "one.md" in error for error in errors)
    assert "Text 2." in (site / "output" / "drafts" / "talks-resume-in-geneva.html").read_text(encoding="utf-8")


# --- where import and new write ------------------------------------------------------


@pytest.mark.parametrize("kind", ["dangling", "to-a-file"])
@pytest.mark.parametrize("command", ["import", "new"])
def test_import_and_new_never_write_through_a_link(tmp_path, monkeypatch, capsys, kind, command):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    elsewhere = tmp_path / "elsewhere.md"
    if kind == "to-a-file":
        elsewhere.write_text("Someone else's file.\n", encoding="utf-8")
    os.symlink(elsewhere, site / "content" / "briefings" / "talks-resume-in-geneva.md")
    monkeypatch.chdir(site)
    before = snapshot(tmp_path)
    arguments = ["import", "content/raw/talks.txt", "--force"] if command == "import" else ["new", ARTICLE[7:29]]
    assert briefings(arguments) == 1
    error = capsys.readouterr().err.strip()
    assert "talks-resume-in-geneva.md" in error and "\n" not in error
    after = snapshot(tmp_path)
    assert [path for path in changed(before, after) if not path.startswith("site/.cache")] == []


def test_import_never_writes_outside_the_content_folder_through_a_linked_folder(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    (site / "content" / "briefings").rmdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", site / "content" / "briefings")
    monkeypatch.chdir(site)
    assert briefings(["import", "content/raw/talks.txt"]) == 1
    assert "outside the content folder" in capsys.readouterr().err
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_a_write_error_is_one_line_and_import_goes_on(tmp_path, monkeypatch, capsys):
    other = ARTICLE.replace("Talks resume in Geneva", "Talks end in Geneva")
    site = make_site(tmp_path / "site", {"content/raw/a.txt": ARTICLE, "content/raw/b.txt": other})
    (site / "content" / "briefings" / "talks-resume-in-geneva.md").mkdir()  # in the way of a.txt's briefing
    monkeypatch.chdir(site)
    assert briefings(["import", "content/raw/a.txt", "content/raw/b.txt"]) == 1
    captured = capsys.readouterr()
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1 and "talks-resume-in-geneva.md" in errors[0] and "folder" in errors[0], errors
    assert (site / "content" / "briefings" / "talks-end-in-geneva.md").is_file()
    assert "b.txt -> " in captured.out
