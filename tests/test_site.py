"""End to end: a real Pelican build of the example content, checked in the HTML."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from briefings.cli import main as briefings
from site_build import briefing_dir, build_site, copy_example_content, soup

SEED_SLUG = "russian-officials-see-a-time-frame-of-just-weeks-for-biden-to-agree-to-demands"
#: Its address: news-style, by its date (the site's default ARTICLE_URL).
SEED_URL = f"2021/12/29/{SEED_SLUG}/"


@pytest.fixture(scope="module")
def site(example_site):
    return example_site


def seed_page(output):
    return soup(briefing_dir(output, SEED_SLUG) / "index.html")


def test_example_site_builds_without_errors(site):
    output, errors = site
    assert errors == []
    cards = soup(output / "index.html").select("main .card h2 a")
    assert len(cards) == 6


def test_seed_briefing_shows_every_section(site):
    output, _ = site
    page = seed_page(output)
    headings = [h.get_text() for h in page.select("main article h2")]
    assert headings == ["The article", "Key players", "Quotes", "Timeline", "Read more"]  # the article first
    assert page.select_one("h1").get_text().startswith("Russian officials see a time frame")
    assert page.select_one("time")["datetime"] == "2021-12-29"
    assert "The Washington Post" in page.select_one(".source").get_text()
    contributors = page.select_one(".contributors").get_text()
    assert "John Wagner, Sean Sullivan, Meryl Kornfield, Karoun Demirjian" in contributors


def test_seed_article_is_repaired_and_has_no_dangling_read_more(site):
    output, _ = site
    body = seed_page(output).select_one(".article-body").get_text()
    assert "â" not in body
    assert "Ukraine’s border" in body
    assert "Read more:" not in body
    assert "contributed to this report" not in body


def test_seed_briefing_lists_players_quotes_and_timeline(site):
    output, _ = site
    page = seed_page(output)
    players = [p.get_text() for p in page.select(".players .player-name")]
    assert "Putin" in " ".join(players) and "NATO" in players
    assert all(name not in " ".join(players) for name in ("John Wagner", "Sean Sullivan"))
    speakers = [c.get_text() for c in page.select(".quotes figcaption")]
    assert len(speakers) >= 9
    assert any("Peskov" in s for s in speakers)
    dates = [t["datetime"] for t in page.select(".timeline-list time")]
    assert "2021-12-07" in dates and "2022-01-10" in dates
    assert dates == sorted(dates)


def test_read_more_links_resolve_to_briefings_of_the_site(site):
    output, _ = site
    links = seed_page(output).select(".read-more a")
    assert 3 <= len(links) <= 5
    for link in links:
        target = (briefing_dir(output, SEED_SLUG) / link["href"]).resolve()
        assert (target / "index.html").exists() or target.exists(), link["href"]


def test_search_indexes_each_briefing_by_its_own_words(site):
    """Pagefind's record of a page (a fragment, gzipped JSON after a tag)
    holds the briefing's text and players, not the titles of the briefings
    its Read more links to."""
    output, _ = site
    indexed = {}
    for fragment in (output / "pagefind" / "shard-0" / "fragment").iterdir():
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        indexed[record["url"]] = record["content"]
    content = indexed[f"/{SEED_URL}"]
    page = seed_page(output)
    assert page.select_one(".article-body p").get_text()[:60] in content
    assert "Peskov" in content
    titles = [link.get_text() for link in page.select(".read-more a")]
    assert titles and not any(title in content for title in titles)


def test_hand_written_read_more_link_comes_first(site):
    output, _ = site
    slug = "russia-publishes-its-draft-security-treaties-with-the-u-s-and-nato"
    page = soup(briefing_dir(output, slug) / "index.html")
    first = page.select(".read-more a")[0]
    assert first.get_text() == "How NATO grew eastward after the Cold War"
    assert first["href"].rstrip("/").endswith("how-nato-grew-eastward-after-the-cold-war")


def test_article_text_is_escaped(tmp_path):
    content = tmp_path / "content"
    (content / "raw").mkdir(parents=True)
    (content / "raw" / "x.txt").write_text(
        "Title: Script <script>alert(1)</script>\nDate: 2022-01-01\n\n"
        "The minister said <script>alert(1)</script> was *not* a heading.\n", encoding="utf-8")
    assert build_site(content, tmp_path / "out", tmp_path / "cache") == []
    page = (briefing_dir(tmp_path / "out", "script-script-alert-1-script") / "index.html").read_text()
    assert "<script>alert" not in page  # the theme's own scripts are not the article's
    assert "&lt;script&gt;alert(1)&lt;/script&gt; was *not* a heading" in page


def test_bad_files_are_reported_and_the_rest_builds(tmp_path):
    content = copy_example_content(tmp_path / "content")
    (content / "raw" / "empty.txt").write_bytes(b"")
    (content / "raw" / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (content / "raw" / "bad-date.txt").write_text("Title: X\nDate: 2021-02-30\n\nText.", encoding="utf-8")
    broken = "Title: X\n\n## Players\n\n- x\n\n## Article\n\nText."
    (content / "briefings" / "broken.md").write_text(broken, encoding="utf-8")
    errors = build_site(content, tmp_path / "out", tmp_path / "cache")
    joined = "\n".join(errors)
    for name, message in [("empty.txt", "empty"), ("binary.txt", "binary"), ("bad-date.txt", "2021-02-30"),
                          ("broken.md:3", "unknown section")]:
        assert re.search(rf"{re.escape(name)}.*{message}", joined), (name, joined)
    assert len(soup(tmp_path / "out" / "index.html").select("main .card")) == 6


def test_import_edit_rebuild(tmp_path, monkeypatch, capsys):
    content = copy_example_content(tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    raw = content / "raw" / "putin-biden-security-guarantees.txt"
    assert briefings(["import", str(raw), "--content", str(content)]) == 0
    markdown = content / "briefings" / f"{SEED_SLUG}.md"
    text = markdown.read_text(encoding="utf-8")
    assert "## Key players" in text and "## Article" in text

    edited = text.replace("## Key players\n\n", "## Key players\n\n- **Karoun Test** (person): the editor's pick.\n", 1)
    markdown.write_text(edited, encoding="utf-8")
    assert briefings(["import", str(raw), "--content", str(content)]) == 0
    assert "edited since it was imported" in capsys.readouterr().err
    assert markdown.read_text(encoding="utf-8") == edited

    assert build_site(content, tmp_path / "out", tmp_path / "cache") == []
    page = soup(briefing_dir(tmp_path / "out", SEED_SLUG) / "index.html")
    assert "Karoun Test" in [p.get_text() for p in page.select(".player-name")]
    assert "the editor's pick" in page.select_one(".players").get_text()
    assert len(soup(tmp_path / "out" / "index.html").select("main .card")) == 6

    assert briefings(["import", str(raw), "--content", str(content), "--force"]) == 0
    assert "Karoun Test" not in markdown.read_text(encoding="utf-8")


def test_player_pages_merge_names_across_briefings(site):
    output, _ = site
    index = soup(output / "players" / "index.html")
    names = [a.get_text() for a in index.select("main .index-list a")]
    assert "Vladimir Putin" in names and "Putin" not in names
    page = soup(output / "players" / "vladimir-putin" / "index.html")
    titles = [a.get_text() for a in page.select("#briefings-heading + ul a")]
    assert any(t.startswith("Russian officials see") for t in titles)
    assert "Russia publishes its draft security treaties with the U.S. and NATO" in titles
    assert len(page.select(".quotes .quote")) >= 4


def test_seed_players_link_to_their_pages(site):
    output, _ = site
    links = seed_page(output).select(".players a.player-name")
    assert links
    for link in links:
        target = (briefing_dir(output, SEED_SLUG) / link["href"]).resolve()
        assert (target / "index.html").exists(), link["href"]


def test_timeline_and_quotes_pages(site):
    output, _ = site
    timeline = soup(output / "timeline" / "index.html")
    dates = [t["datetime"] for t in timeline.select(".topic-days time")]
    assert dates == sorted(dates)
    assert "2021-12-07" in dates
    events = soup(output / "timeline" / "events" / "2021" / "index.html")
    dates = [t["datetime"] for t in events.select(".timeline-list time")]
    assert dates == sorted(dates) and "2021-12-07" in dates
    quotes = soup(output / "quotes" / "index.html")
    speakers = [h.get_text() for h in quotes.select("main h2")]
    assert "Vladimir Putin" in speakers


def test_two_briefings_with_one_slug_are_reported_and_neither_overwrites(tmp_path):
    content = copy_example_content(tmp_path / "content")
    twin = content / "briefings" / "twin.md"
    # The same day: one address (on another day it would have a page of its own).
    twin.write_text("Title: How NATO grew eastward after the Cold War\nDate: 2021-12-20\n\n## Article\n\n"
                    "A second text with the same title.\n", encoding="utf-8")
    errors = build_site(content, tmp_path / "out", tmp_path / "cache")
    assert len(errors) == 1
    assert "twin.md" in errors[0] and "nato-enlargement-since-1999.md" in errors[0] and "Slug" in errors[0]
    page = soup(briefing_dir(tmp_path / "out", "how-nato-grew-eastward-after-the-cold-war") / "index.html")
    assert "A second text" not in page.get_text()


def test_authored_markdown_features_and_broken_links(tmp_path):
    content = copy_example_content(tmp_path / "content")
    (content / "briefings" / "features.md").write_text(
        "Title: Markdown features\nDate: 2022-01-20\n\n## Article\n\n"
        "See [the NATO briefing]({filename}nato-enlargement-since-1999.md) and [a lost one]({filename}gone.md).\n\n"
        "### Members by year\n\n| Year | Joined |\n|---|---|\n| 1999 | 3 |\n| 2004 | 7 |\n\n"
        "NATO[^1] grew.\n\n[^1]: The North Atlantic Treaty Organization.\n\n"
        "Enlargement\n: The admission of new members.\n",
        encoding="utf-8",
    )
    errors = build_site(content, tmp_path / "out", tmp_path / "cache")
    assert len(errors) == 1
    assert "features.md:6" in errors[0] and "gone.md" in errors[0]
    page = soup(briefing_dir(tmp_path / "out", "markdown-features") / "index.html")
    body = page.select_one(".article-body")
    link = body.find("a", string="the NATO briefing")
    assert link["href"].rstrip("/").endswith("2021/12/20/how-nato-grew-eastward-after-the-cold-war")
    assert body.select_one("h3#members-by-year")
    assert [td.get_text() for td in body.select("table td")] == ["1999", "3", "2004", "7"]
    assert body.select_one(".footnotes") and body.select_one("dl dt").get_text() == "Enlargement"


def test_a_bad_file_is_reported_again_on_the_next_build(tmp_path):
    content = copy_example_content(tmp_path / "content")
    (content / "raw" / "bad-date.txt").write_text("Title: X\nDate: 2021-02-30\n\nText.", encoding="utf-8")
    (content / "briefings" / "script-link.md").write_text(
        "Title: Links\nDate: 2022-01-02\n\n## Article\n\nText.\n\n## Read more\n\n- [Click](javascript://x%0aalert%281%29)\n",
        encoding="utf-8")
    (content / "briefings" / "lost-link.md").write_text(
        "Title: Lost\nDate: 2022-01-03\n\n## Article\n\nSee gone.md.\n\n## Read more\n\n- [Gone]({filename}gone.md)\n",
        encoding="utf-8")
    for _ in range(2):  # the second build reads from the caches
        errors = "\n".join(build_site(content, tmp_path / "out", tmp_path / "cache"))
        assert "bad-date.txt:2" in errors and "2021-02-30" in errors
        assert "script-link.md:10: the link 'javascript:" in errors  # refused: a link that would run a script
        assert "lost-link.md:10: the Read more link '{filename}gone.md' names no briefing" in errors
    assert not (briefing_dir(tmp_path / "out", "links")).exists()
    hrefs = [a["href"] for a in soup(briefing_dir(tmp_path / "out", "lost") / "index.html").find_all("a", href=True)]
    assert not [href for href in hrefs if "gone" in href]


def test_briefings_of_one_date_are_listed_in_the_order_of_their_files(tmp_path):
    """Pelican reads files in no fixed order: without one, the lists of a
    rebuild would change though nothing did."""
    content = copy_example_content(tmp_path / "content")
    for name in ("b-second.txt", "a-first.txt", "c-third.txt"):
        (content / "raw" / name).write_text(
            f"Title: Harbour news {name[0]}\nDate: 2030-01-01\n\nThe harbour reopened on Tuesday.\n", encoding="utf-8")
    assert build_site(content, tmp_path / "out", tmp_path / "cache") == []
    titles = [a.get_text() for a in soup(tmp_path / "out" / "index.html").select("main .card h2 a")][:3]
    assert titles == ["Harbour news a", "Harbour news b", "Harbour news c"]
