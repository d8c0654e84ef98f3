"""``briefings timeline`` and the collection of a content folder's briefings,
on a test site written for it (tests/fixtures/topic_site): wire stories of a
drought and of a budget fight in one (fictional) city, tagged Drought and
Budget (one story both), with the same mayor and council member in both; a
hand-written Markdown briefing, a draft and a page beside them.

The site is annotated once (a first run of the command, in a subprocess);
every other run reads the annotation cache it filled.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefings.cli import main as briefings
from briefings.collect import collect, find_sources
from briefings.slugs import slugify
from briefings.topic_timeline import split_sentences

FIXTURE = Path(__file__).parent / "fixtures" / "topic_site" / "content"
DROUGHT = {
    "corvallen-declares-drought-emergency-as-reservoir-falls-to-record-low",
    "watering-ban-takes-effect-across-corvallen",
    "council-approves-emergency-pipeline-from-the-tamsin-river",
    "lake-hollis-dips-below-a-quarter-full-despite-watering-ban",
    "storms-bring-relief-to-corvallen-but-the-watering-ban-stays",
    "corvallen-eases-its-watering-ban-after-a-wet-week",
    "pipeline-budget-hole",
}
BUDGET = {
    "varga-proposes-budget-with-deep-cuts-to-libraries",
    "library-supporters-pack-council-hearing-on-budget-cuts",
    "corvallen-council-passes-budget-and-restores-library-hours",
    "varga-vetoes-library-money-in-corvallen-budget",
    "council-overrides-mayors-library-veto",
    "pipeline-budget-hole",
}
#: The briefings of the site: the draft and the page are none.
SLUGS = DROUGHT | BUDGET


def run(site: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefings.cli", "timeline", *arguments], cwd=site,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def annotated(tmp_path_factory) -> Path:
    """A site folder holding the test content, annotated once."""
    site = tmp_path_factory.mktemp("topic-site")
    shutil.copytree(FIXTURE, site / "content")
    first = run(site)
    assert first.returncode == 0, first.stderr
    return site


@pytest.fixture
def site(annotated, tmp_path) -> Path:
    """A copy of the annotated site, for a test to change or run in."""
    copy = tmp_path / "site"
    shutil.copytree(annotated, copy)
    return copy


@pytest.fixture
def timeline(site, monkeypatch, capsys):
    """The command run in-process in the site: (exit code, stdout, stderr)."""
    monkeypatch.chdir(site)

    def call(*arguments: str) -> tuple[int, str, str]:
        code = briefings(["timeline", *arguments])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def texts_of(slugs: set[str]) -> str:
    """The text of the fixture files of ``slugs`` (for finding sentences)."""
    by_slug = {}
    for path in FIXTURE.rglob("*.*"):
        text = path.read_text(encoding="utf-8")
        slug = re.search(r"^Slug: (.+)$", text, re.MULTILINE)
        title = re.search(r"^Title: (.+)$", text, re.MULTILINE)[1]
        by_slug[slug[1] if slug else slugify(title)] = " ".join(text.split())
    return "\n".join(by_slug[slug] for slug in slugs)


def check_entries(entries: list, allowed: set[str] = SLUGS) -> None:
    """The contract's JSON: a list, oldest first, of {date, summary, sources},
    each summary in the words of its sources, which are briefings of the site."""
    assert isinstance(entries, list) and entries
    for entry in entries:
        assert set(entry) == {"date", "summary", "sources"}
        assert dt.date.fromisoformat(entry["date"]).isoformat() == entry["date"]
        assert isinstance(entry["summary"], str) and entry["summary"].strip()
        assert isinstance(entry["sources"], list) and entry["sources"]
        assert set(entry["sources"]) <= allowed, entry
        sources = texts_of(set(entry["sources"]))
        for start, end in split_sentences(entry["summary"]):
            assert entry["summary"][start:end] in sources, entry
    dates = [entry["date"] for entry in entries]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)


# -- the command, in a subprocess and in-process ----------------------------------------------


def test_json_as_the_contract_says_in_a_subprocess(annotated):
    result = run(annotated)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    check_entries(json.loads(result.stdout))


def test_in_process_gives_what_the_subprocess_gives(annotated, timeline):
    code, out, err = timeline("--tag", "Budget", "--sentences", "2")
    assert code == 0 and err == ""
    assert json.loads(out) == json.loads(run(annotated, "--tag", "Budget", "--sentences", "2").stdout)


def test_every_path_given_is_read(annotated, timeline):
    code, out, _ = timeline("content/raw", "content/briefings/watering-ban-eased.md")
    assert code == 0
    check_entries(json.loads(out))
    code, out, _ = timeline("content/briefings")  # the draft is left out: one briefing
    assert code == 0
    assert {s for entry in json.loads(out) for s in entry["sources"]} == {
        "corvallen-eases-its-watering-ban-after-a-wet-week"}


# -- what it chooses --------------------------------------------------------------------------------


def test_dates_at_most_n(timeline):
    code, out, _ = timeline("--dates", "3")
    assert code == 0
    entries = json.loads(out)
    assert len(entries) == 3
    check_entries(entries)
    code, out, _ = timeline("--dates", "40")
    assert 3 < len(json.loads(out)) <= 40


def test_sentences_at_most_k(timeline):
    counts = {}
    for k in (1, 2):
        code, out, _ = timeline("--sentences", str(k), "--dates", "8")
        assert code == 0
        entries = json.loads(out)
        check_entries(entries)
        counts[k] = [len(split_sentences(entry["summary"])) for entry in entries]
        assert max(counts[k]) <= k
    assert max(counts[2]) == 2  # the second sentence is there when asked for


def test_from_and_to_are_inclusive(timeline):
    code, out, _ = timeline("--from", "2024-06-10", "--to", "2024-06-27", "--dates", "40")
    assert code == 0
    entries = json.loads(out)
    check_entries(entries)
    dates = [entry["date"] for entry in entries]
    assert all("2024-06-10" <= date <= "2024-06-27" for date in dates)
    assert {"2024-06-10", "2024-06-27"} <= set(dates)  # both ends are dates of the story
    code, out, _ = timeline("--from", "2024-06-11", "--to", "2024-06-26", "--dates", "40")
    assert not {"2024-06-10", "2024-06-27"} & {entry["date"] for entry in json.loads(out)}


def test_tag_chooses_its_briefings_whatever_its_case(timeline):
    code, out, _ = timeline("--tag", "drought", "--dates", "40")
    assert code == 0
    entries = json.loads(out)
    check_entries(entries, DROUGHT)
    assert timeline("--tag", "DROUGHT", "--dates", "40")[1] == out
    code, out, _ = timeline("--tag", "Budget", "--dates", "40")
    check_entries(json.loads(out), BUDGET)
    # the library fight is no part of the drought's story
    assert "2024-07-18" in {entry["date"] for entry in json.loads(out)}
    assert "2024-07-18" not in {entry["date"] for entry in entries}


def test_player_by_surname_is_the_player_of_every_briefing(timeline):
    code, by_surname, err = timeline("--player", "Okoro", "--dates", "40")
    assert code == 0, err
    entries = json.loads(by_surname)
    okoro = {slug for slug in SLUGS if "Okoro" in texts_of({slug})}
    check_entries(entries, okoro)
    sources = {s for entry in entries for s in entry["sources"]}
    assert sources & DROUGHT - BUDGET and sources & BUDGET - DROUGHT  # both stories
    assert timeline("--player", "Daniel Okoro", "--dates", "40")[1] == by_surname
    assert timeline("--player", "daniel-okoro", "--dates", "40")[1] == by_surname  # by its id


def test_player_named_in_every_briefing_but_one(timeline):
    code, out, _ = timeline("--player", "Varga", "--dates", "40")
    assert code == 0
    varga = {slug for slug in SLUGS if "Varga" in texts_of({slug})}
    check_entries(json.loads(out), varga)
    assert "lake-hollis-dips-below-a-quarter-full-despite-watering-ban" not in varga


def test_markdown_has_a_line_per_date_with_links(timeline):
    code, out, _ = timeline("--tag", "budget", "--format", "markdown")
    assert code == 0
    _, json_out, _ = timeline("--tag", "budget")
    entries = json.loads(json_out)
    lines = out.splitlines()
    assert lines[0] == "# Timeline: Budget"
    dates = {slug: b.date.isoformat() for slug, b in collect(["content"]).briefings}
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == len(entries) == len([line for line in lines if line.strip()]) - 1
    for line, entry in zip(items, entries):
        day = dt.date.fromisoformat(entry["date"])
        assert line.startswith(f"- **{day.day} {day:%B %Y}**: ")
        # Each briefing at its dated address (the site's default pattern).
        links = re.findall(r"\]\((\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/\)", line)
        assert [slug for *_, slug in links] == entry["sources"]
        for *day_parts, slug in links:
            assert "-".join(day_parts) == dates[slug]


def test_markdown_links_follow_the_sites_article_url(timeline, site):
    (site / "pelicanconf.py").write_text('ARTICLE_URL = "briefings/{slug}/"\n', encoding="utf-8")
    code, out, _ = timeline("--tag", "budget", "--format", "markdown")
    assert code == 0
    links = re.findall(r"\]\(([^)]*)\)", out)
    assert links and all(re.fullmatch(r"briefings/[a-z0-9-]+/", link) for link in links)


# -- errors -----------------------------------------------------------------------------------


def test_unknown_player_is_one_line_with_candidates(annotated):
    result = run(annotated, "--player", "Vargas")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "'Vargas'" in lines[0] and "Elena Varga" in lines[0]


def test_unknown_tag_is_one_line_naming_the_tags(timeline):
    code, out, err = timeline("--tag", "weather")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "Drought" in err and "Budget" in err


def test_bad_files_are_named_one_line_each_after_the_timeline(site):
    (site / "content" / "raw" / "bad-date.txt").write_text(
        "Title: A bad date\nDate: 2024-13-45\n\nThe council met on Monday.\n", encoding="utf-8")
    (site / "content" / "raw" / "empty.txt").write_bytes(b"")
    (site / "content" / "briefings" / "no-title.md").write_text("Date: 2024-07-01\n\n## Article\n\nText.\n",
                                                                encoding="utf-8")
    result = run(site, "--tag", "budget")
    assert result.returncode == 1
    check_entries(json.loads(result.stdout), BUDGET)  # the rest is printed
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    for name in ("bad-date.txt", "empty.txt", "no-title.md"):
        assert sum(name in line for line in lines) == 1, lines


@pytest.mark.parametrize("arguments", [["--from", "2024-02-30"], ["--to", "yesterday"], ["--dates", "0"],
                                       ["--sentences", "two"], ["--tag", "Budget", "--player", "Varga"]])
def test_bad_options_are_usage_errors(annotated, arguments):
    result = run(annotated, *arguments)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "usage:" in result.stderr


def test_from_after_to_is_an_error(timeline):
    code, out, err = timeline("--from", "2024-07-01", "--to", "2024-06-01")
    assert code == 2 and out == "" and len(err.splitlines()) == 1


def test_it_writes_nothing_but_the_annotation_cache(site, timeline):
    def files() -> dict[str, tuple[int, int]]:
        """Every file and folder but the cache's, as it is (the site's own
        folder changes when the cache's folder is made)."""
        return {str(p.relative_to(site)): (p.stat().st_mtime_ns, p.stat().st_size)
                for p in site.rglob("*") if p.relative_to(site).parts[0] != ".cache"}

    shutil.rmtree(site / ".cache")
    before = files()
    for arguments in ([], ["--format", "markdown"], ["--player", "Varga"], ["--player", "Nobody"]):
        timeline(*arguments)
    assert files() == before
    assert {p.name for p in site.iterdir()} == {"content", ".cache"}
    assert (site / ".cache" / "annotations.sqlite").is_file()
    assert {p.name for p in (site / ".cache").iterdir()} <= {"annotations.sqlite", "annotations.sqlite-journal"}


# -- the collection of a content folder ---------------------------------------------------------


def test_collect_reads_the_site_as_the_build_does(annotated, monkeypatch):
    monkeypatch.chdir(annotated)
    collection = collect(["content"])
    assert collection.errors == []
    assert {slug for slug, _ in collection.briefings} == SLUGS  # no draft, no page
    assert len(collection.briefings) == len(SLUGS)
    by_slug = dict(collection.briefings)
    assert by_slug["pipeline-budget-hole"].tags == ["Budget", "Drought"]
    assert by_slug["corvallen-eases-its-watering-ban-after-a-wet-week"].date == dt.date(2024, 7, 23)
    assert all(briefing.players for briefing in by_slug.values())
    assert collect(["content"], statuses=("published", "draft")).briefings[0][0] == "notes-for-a-budget-explainer"


def test_an_imported_briefing_replaces_its_raw_article(site, timeline):
    raw = "content/raw/library-veto.txt"
    assert briefings(["import", raw]) == 0
    imported = site / "content" / "briefings" / "varga-vetoes-library-money-in-corvallen-budget.md"
    text = imported.read_text(encoding="utf-8")
    imported.write_text(text.replace("vetoed the $9 million", "struck out the $9 million"), encoding="utf-8")
    collection = collect(["content"])
    assert collection.errors == []
    assert len(collection.briefings) == len(SLUGS)
    index = [slug for slug, _ in collection.briefings].index("varga-vetoes-library-money-in-corvallen-budget")
    assert collection.paths[index].endswith(".md")
    assert "struck out the $9 million" in collection.briefings[index][1].text


def test_two_sources_of_one_slug_are_an_error_naming_both(site, monkeypatch):
    monkeypatch.chdir(site)
    copy = site / "content" / "raw" / "library-veto-again.txt"
    shutil.copy(site / "content" / "raw" / "library-veto.txt", copy)
    collection = collect(["content"])
    assert len(collection.briefings) == len(SLUGS)
    [error] = collection.errors
    assert "library-veto-again.txt" in str(error) and "library-veto.txt" in str(error)


def test_links_out_of_the_folder_and_pipes_are_reported_never_read(site, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("Title: Outside\nDate: 2024-06-01\n\nA story from elsewhere, told on Monday.\n")
    raw = site / "content" / "raw"
    os.symlink(outside, raw / "outside-link.txt")
    os.symlink(tmp_path, raw / "outside-folder")
    os.symlink(raw / "nowhere.txt", raw / "dangling.txt")
    os.mkfifo(raw / "pipe.txt")
    os.symlink(site / "content", raw / "loop")  # a folder already walked
    files, errors = find_sources([site / "content"])
    assert len(files) == len(SLUGS) + 1  # the draft is found (and left out later)
    assert sorted(Path(e.path).name for e in errors) == ["dangling.txt", "outside-folder", "outside-link.txt",
                                                        "pipe.txt"]
    assert all(str(e).count("\n") == 0 for e in errors)


def test_pages_are_not_briefings(site, monkeypatch):
    monkeypatch.chdir(site)
    files, errors = find_sources(["content"])
    assert errors == [] and files and not any("pages" in Path(f).parts for f in files)


def test_collect_finds_the_briefings_the_site_builds(site, monkeypatch):
    """The same briefings, by the same slugs, as a real build of the site: with
    an imported briefing, a hidden one, a clash of slugs and a broken file."""
    from site_build import briefing_pages, build_site

    monkeypatch.chdir(site)
    assert briefings(["import", "content/raw/budget-passed.txt"]) == 0
    shutil.copy(site / "content" / "raw" / "library-veto.txt", site / "content" / "raw" / "library-veto-again.txt")
    (site / "content" / "raw" / "empty.txt").write_bytes(b"")
    hidden = (FIXTURE / "briefings" / "watering-ban-eased.md").read_text(encoding="utf-8")
    hidden = hidden.replace("Title: Corvallen eases", "Title: Hidden: Corvallen eases")
    (site / "content" / "briefings" / "hidden.md").write_text(hidden.replace("Tags:", "Status: hidden\nTags:"),
                                                             encoding="utf-8")
    errors = build_site(site / "content", site / "output", site / ".cache", BRIEFINGS_SEARCH=False)
    built = set(briefing_pages(site / "output"))
    collection = collect(["content"], statuses=("published", "hidden"))
    assert {slug for slug, _ in collection.briefings} == built
    assert "hidden-corvallen-eases-its-watering-ban-after-a-wet-week" in built
    assert "hidden-corvallen-eases-its-watering-ban-after-a-wet-week" not in dict(collect(["content"]).briefings)
    assert sorted(Path(error.path).name for error in collection.errors) == ["empty.txt", "library-veto.txt"]
    assert len(errors) == 2 and all(any(Path(e.path).name in message for e in collection.errors)
                                    for message in errors)
