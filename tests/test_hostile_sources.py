"""Sources and caches that used to crash or hang a build: drafts, static
files, named pipes, links out of the content folder and in loops, a damaged
annotation cache, two builds at once, a broken search shard; and the
messages of links to files outside the site, of Read more entries and of
dates the annotators cannot place."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from briefings.cli import main as briefings
from briefings.locks import lock_folders, unlock_folders
from scratch import ARTICLE, make_site, write
from site_build import build_site, soup

DRAFT_TITLE = "Geneva talks, day two"


def _build(site, **overrides) -> list[str]:
    return build_site(site / "content", site / "output", site / ".cache", **overrides)


def _listed(output) -> str:
    """Everything that lists the site's briefings."""
    parts = [(output / name).read_text(encoding="utf-8") for name in
             ("index.html", "archives/index.html", "sitemap.xml", "briefings.json", "players/index.html",
              "timeline/index.html", "quotes/index.html")]
    return "\n".join(parts)


# --- drafts ----------------------------------------------------------------------


def test_a_draft_builds_under_drafts_and_is_not_listed(tmp_path, monkeypatch, capsys, nlp):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    monkeypatch.chdir(site)
    assert briefings(["new", DRAFT_TITLE]) == 0
    draft = site / "content" / "briefings" / "geneva-talks-day-two.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace(
        "Write the article here, in Markdown.", "Ryabkov and Sherman met again in Geneva on Tuesday."),
        encoding="utf-8")
    capsys.readouterr()
    assert briefings(["build"]) == 0, capsys.readouterr().err
    page = site / "output" / "drafts" / "geneva-talks-day-two.html"
    assert soup(page).select_one("h1").get_text() == DRAFT_TITLE
    assert "met again in Geneva" in page.read_text(encoding="utf-8")
    assert DRAFT_TITLE not in _listed(site / "output") and "geneva-talks-day-two" not in _listed(site / "output")
    assert "Talks resume in Geneva" in _listed(site / "output")
    assert not (site / "output" / "briefings" / "geneva-talks-day-two").exists()


def test_a_draft_page_is_not_published(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE,
                                         "content/pages/plans.md": "Title: Plans\nStatus: draft\n\nNot yet.\n"})
    assert _build(site) == []
    assert not (site / "output" / "pages" / "plans").exists()
    assert "Plans" not in (site / "output" / "index.html").read_text(encoding="utf-8")


def test_an_unknown_status_is_an_error_naming_its_line(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE, "content/briefings/odd.md":
                                         "Title: Odd\nDate: 2022-01-10\nStatus: skip\n\n## Article\n\nText.\n"})
    errors = _build(site)
    assert len(errors) == 1 and errors[0].startswith(str(site / "content" / "briefings" / "odd.md") + ":3: ")


# --- static files --------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2a1f0b60000000049454e44ae426082")


def test_static_links_build_and_copy_their_file(tmp_path, nlp):
    site = make_site(tmp_path / "site", {
        "content/raw/talks.txt": ARTICLE,
        "content/images/map.png": PNG,
        "content/briefings/map.md": ("Title: A map\nDate: 2022-01-11\n\n## Article\n\n"
                                     "The talks were held here: ![map of Geneva]({static}../images/map.png)\n"),
    })
    assert _build(site) == []
    image = soup(site / "output" / "briefings" / "a-map" / "index.html").select_one(".article-body img")
    assert (site / "output" / "briefings" / "a-map" / image["src"]).resolve().read_bytes() == PNG


@pytest.mark.parametrize("target, why", [
    ("{static}missing.png", "names no file of the site"),
    ("{static}../../outside.png", "outside the site's content folder"),
    ("{filename}../../outside.md", "outside the site's content folder"),
    ("{filename}gone.md", "names no file of the site"),
    ("{static}linked.png", "outside the site's content folder"),
    ("{static}pipe.png", "names a named pipe (FIFO), not a file"),
])
def test_a_link_to_a_file_outside_the_site_is_an_error_naming_its_line(tmp_path, nlp, target, why):
    site = make_site(tmp_path / "site", {
        "content/raw/talks.txt": ARTICLE,
        "content/briefings/links.md":
            f"Title: Links\nDate: 2022-01-11\n\n## Article\n\nFirst.\n\nSee [it]({target}).\n",
    })
    write(tmp_path / "outside.png", PNG)  # exists, beside the site: never part of it
    write(tmp_path / "outside.md", "Title: Outside\n\nNot of the site.\n")
    os.symlink(tmp_path / "outside.png", site / "content" / "briefings" / "linked.png")
    os.mkfifo(site / "content" / "briefings" / "pipe.png")  # Pelican would copy it: wait for ever
    errors = _build(site)
    assert len(errors) == 1, errors
    assert errors[0].startswith(str(site / "content" / "briefings" / "links.md") + ":8: ") and why in errors[0]
    assert not [path for path in (site / "output").rglob("outside*")]
    assert not [path for path in (site / "output").rglob("linked*")]


def test_a_read_more_error_names_the_read_more_line(tmp_path, nlp):
    site = make_site(tmp_path / "site", {
        "content/raw/talks.txt": ARTICLE,
        "content/briefings/more.md": ("Title: More\nDate: 2022-01-11\n\n## Article\n\n"
                                      "Once there was [a link]({filename}gone.md) in the text.\n\n"
                                      "## Read more\n\n- [Gone]({filename}gone.md)\n"),
    })
    errors = _build(site)
    more = str(site / "content" / "briefings" / "more.md")
    assert sorted(errors) == sorted([
        f"{more}:6: the link '{{filename}}gone.md' names no file of the site",
        f"{more}:10: the Read more link '{{filename}}gone.md' names no briefing of the site",
    ])


# --- what the content folder holds -------------------------------------------------------


def _run(arguments, cwd):
    """The command line in a process of its own (a guard against a hang,
    not a measure of time)."""
    return subprocess.run([sys.executable, "-m", "briefings.cli", *arguments], cwd=cwd, capture_output=True,
                          text=True, timeout=900)


def test_pipes_and_links_out_of_the_content_folder_or_in_loops(tmp_path, monkeypatch, capsys, nlp):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    secret = write(tmp_path / "secret.txt", "Title: Secret\nDate: 2022-01-10\n\nThe password is swordfish.\n")
    raw = site / "content" / "raw"
    os.mkfifo(raw / "pipe.txt")
    os.symlink(secret, raw / "secret.txt")
    os.symlink(tmp_path, raw / "up")  # a folder above
    os.symlink(tmp_path / "nothing.txt", raw / "dangling.txt")
    (site / "content" / "loops").mkdir()
    os.symlink("../loops", site / "content" / "loops" / "a")
    os.symlink("../loops", site / "content" / "loops" / "b")
    os.symlink("../raw", site / "content" / "loops" / "raw")  # inside: followed, once
    (site / ".cache").mkdir()
    run = _run(["build"], site)
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("ERROR")]
    for name in ("pipe.txt", "secret.txt", "up", "dangling.txt"):
        assert len([error for error in errors if f"/raw/{name}:" in error]) == 1, (name, errors)
    assert len(errors) == 4, errors
    assert "Traceback" not in run.stderr
    pages = {page.parent.name for page in (site / "output" / "briefings").glob("*/index.html")}
    assert pages == {"talks-resume-in-geneva"}
    assert "swordfish" not in "".join(path.read_text(encoding="utf-8", errors="replace")
                                      for path in (site / "output").rglob("*") if path.is_file())
    # import and annotate are told what a pipe is, and go on.
    monkeypatch.chdir(site)
    for command in ("import", "annotate"):
        assert briefings([command, "content/raw/pipe.txt", "content/raw/talks.txt"]) == 1
        captured = capsys.readouterr()
        assert captured.err.strip() == ("error: content/raw/pipe.txt: cannot read the file: it is a named pipe "
                                        "(FIFO), not a file")
        assert "talks" in captured.out.lower()


# --- caches ------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["text", "truncated", "overwritten"])
def test_a_damaged_annotation_cache_is_made_anew(tmp_path, monkeypatch, capsys, caplog, nlp, damage):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    monkeypatch.chdir(site)
    assert briefings(["build"]) == 0
    cache = site / ".cache" / "annotations.sqlite"
    data = cache.read_bytes()
    if damage == "text":
        cache.write_text("This is not a database.\n", encoding="utf-8")
    elif damage == "truncated":
        cache.write_bytes(data[:len(data) // 2 + 100])
    else:
        cache.write_bytes(data[:100] + b"\xff" * (len(data) - 100))
    (site / "content" / "raw" / "more.txt").write_text(ARTICLE.replace("Monday", "Tuesday").replace(
        "resume", "go on"), encoding="utf-8")
    caplog.clear()
    assert briefings(["build"]) == 0
    assert "annotation cache is damaged" in caplog.text and "Traceback" not in capsys.readouterr().err
    assert (site / "output" / "briefings" / "talks-go-on-in-geneva" / "index.html").exists()
    cache.write_text("Damaged again.\n", encoding="utf-8")
    assert briefings(["import", "content/raw/more.txt"]) == 0
    assert (site / ".cache" / "annotations.sqlite.damaged").read_text(encoding="utf-8") == "Damaged again.\n"
    assert (site / "content" / "briefings" / "talks-go-on-in-geneva.md").is_file()


def test_a_second_build_in_the_same_folders_waits_for_the_first(tmp_path, nlp):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    (site / "output").mkdir()
    lock_folders([site / "output"])  # as a build under way holds it
    try:
        second = subprocess.Popen([sys.executable, "-m", "briefings.cli", "build"], cwd=site,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        said = ""
        deadline = time.monotonic() + 600  # a guard against a hang, not a measure
        while "waiting" not in said and time.monotonic() < deadline and second.poll() is None:
            said += second.stderr.readline()
        assert "another build is using this folder" in said and str((site / "output").resolve()) in said
        assert second.poll() is None and list((site / "output").iterdir()) == []
    finally:
        unlock_folders()
    out, err = second.communicate(timeout=900)
    assert second.returncode == 0, err
    assert (site / "output" / "briefings" / "talks-resume-in-geneva" / "index.html").exists()


def test_pages_are_written_by_temporary_files_of_their_own(tmp_path, nlp):
    # Another build's temporary file (or anything) at the name the writer
    # once used for all of them is left alone.
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    assert _build(site) == []  # (a build writes only into a folder of its own)
    foreign = site / "output" / "index.html.briefings-new"
    foreign.mkdir(parents=True)
    (site / "output" / "index.html").unlink()
    (site / "content" / "raw" / "talks.txt").write_text(ARTICLE + "\nThe talks resume in March.\n", encoding="utf-8")
    assert _build(site) == []
    assert foreign.is_dir() and (site / "output" / "index.html").is_file()
    assert oct((site / "output" / "index.html").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("damage", ["meta", "fragments", "entry"])
def test_a_broken_search_shard_is_indexed_again(tmp_path, nlp, damage):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    assert _build(site) == []
    shard = site / "output" / "pagefind" / "shard-0"
    entry = json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8"))
    if damage == "meta":
        for meta in shard.glob("*.pf_meta"):
            meta.unlink()
    elif damage == "fragments":
        shutil.rmtree(shard / "fragment")
    else:
        (shard / "pagefind-entry.json").write_text("{", encoding="utf-8")
    assert _build(site) == []
    assert json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8")) == entry
    assert list(shard.glob("*.pf_meta")) and list((shard / "fragment").iterdir())
    assert not list(shard.parent.glob(".shard-*"))  # no temporary folder left behind


# --- dates the annotators cannot place --------------------------------------------------------


@pytest.mark.parametrize("date", ["0001-01-01", "9999-12-31"])
def test_an_extreme_date_is_a_message_about_the_date(tmp_path, monkeypatch, capsys, nlp, date):
    words = "The talks began last week and end next year, officials said.\n"
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE,
                                         "content/raw/far.txt": f"Title: Far away\nDate: {date}\n\n{words}"})
    write(tmp_path / "undated.txt", words)
    monkeypatch.chdir(site)
    assert briefings(["annotate", "content/raw/far.txt"]) == 1
    message = capsys.readouterr().err.strip()
    assert message.startswith(f"error: content/raw/far.txt:2: the date {date} ") and "report" not in message
    assert briefings(["annotate", "../undated.txt", "--date", date]) == 1
    message = capsys.readouterr().err.strip()
    assert message.startswith(f"error: ../undated.txt: the date {date} ") and "report" not in message
    errors = _build(site)
    assert len(errors) == 1 and errors[0].startswith(str(site / "content" / "raw" / "far.txt") + f":2: the date {date}")


def test_an_empty_title_is_an_error_naming_its_line():
    from briefings.briefing_markdown import parse_markdown
    from briefings.errors import BriefingError

    with pytest.raises(BriefingError) as raised:
        parse_markdown("Date: 2022-01-10\nTitle:   \n\n## Article\n\nText.\n", "empty.md")
    assert str(raised.value).startswith("empty.md:2: the front matter needs a 'Title: …' line")
