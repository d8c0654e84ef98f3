"""News-style dated addresses (``2021/12/29/slug/``), the site's default:
every briefing is at its date's address, wherever a page, the export, the
sitemap or the search index names it; two briefings with one headline on
different days have two pages; and a site may set addresses of its own."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest

from site_build import build_site, copy_example_content, soup

TALKS = "Talks resume in Geneva"


def briefing(title: str, date: str, text: str) -> str:
    return f"Title: {title}\nDate: {date}\nTags: Diplomacy\n\n## Article\n\n{text}\n"


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    """The example site and two briefings with one headline, a month apart."""
    root = tmp_path_factory.mktemp("dated")
    content = copy_example_content(root / "content")
    (content / "briefings" / "talks-january.md").write_text(briefing(
        TALKS, "2022-01-10", "Diplomats of the United States and Russia met in Geneva on Monday for talks on "
        "Ukraine, the State Department said."), encoding="utf-8")
    (content / "briefings" / "talks-february.md").write_text(briefing(
        TALKS, "2022-02-07", "The talks in Geneva resumed on Monday after a pause of four weeks, officials in "
        "Moscow said."), encoding="utf-8")
    errors = build_site(content, root / "output", root / "cache")
    return root / "output", errors


def export(output: Path) -> list[dict]:
    return json.loads((output / "briefings.json").read_text(encoding="utf-8"))


def test_each_briefing_is_at_its_dates_address(twice):
    output, errors = twice
    assert errors == []
    records = export(output)
    assert len(records) == 8
    for record in records:
        year, month, day = record["date"].split("-")
        assert record["url"] == f"{year}/{month}/{day}/{record['slug']}/"
        page = soup(output / record["url"] / "index.html")
        assert page.select_one("h1").get_text(" ", strip=True) == " ".join(record["title"].split())
    assert not (output / "briefings").exists()


def test_one_headline_on_two_days_makes_two_pages(twice):
    output, _ = twice
    talks = [r for r in export(output) if r["title"] == TALKS]
    assert [r["url"] for r in talks] == ["2022/02/07/talks-resume-in-geneva/", "2022/01/10/talks-resume-in-geneva/"]
    texts = {soup(output / r["url"] / "index.html").select_one(".article-body p").get_text() for r in talks}
    assert len(texts) == 2
    # Both listed on the front page, each linking its own page.
    home = [a["href"].removeprefix("./") for a in soup(output / "index.html").select("main .card h2 a")]
    assert {h for h in home if "talks-resume" in h} == {r["url"] for r in talks}


def test_the_sitemap_search_index_and_read_more_name_the_dated_pages(twice):
    output, _ = twice
    urls = {r["url"] for r in export(output)}
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"<loc>/{url}</loc>" in sitemap for url in urls)
    # Pagefind indexed every briefing's page (its fragments name their URL).
    indexed = set()
    for fragment in (output / "pagefind").glob("shard-*/fragment/*"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        indexed.add(record["url"].removeprefix("/"))
    assert indexed == urls
    # Read more links resolve to dated pages.
    seed = next(r for r in export(output) if r["slug"].startswith("russian-officials"))
    page = output / seed["url"] / "index.html"
    links = [a["href"] for a in soup(page).select(".read-more a")]
    assert links and all((page.parent / href / "index.html").resolve().is_file() for href in links)
    assert all(re.search(r"\d{4}/\d{2}/\d{2}/[a-z0-9-]+/$", href) for href in links)


def test_a_site_may_keep_addresses_without_the_date(tmp_path):
    content = copy_example_content(tmp_path / "content")
    errors = build_site(content, tmp_path / "output", tmp_path / "cache", ARTICLE_URL="briefings/{slug}/",
                        ARTICLE_SAVE_AS="briefings/{slug}/index.html")
    assert errors == []
    records = export(tmp_path / "output")
    assert records and all(r["url"] == f"briefings/{r['slug']}/" for r in records)
    assert all((tmp_path / "output" / r["url"] / "index.html").is_file() for r in records)
    assert list((tmp_path / "output" / "pagefind").glob("shard-*/pagefind-entry.json"))


def test_an_imported_briefing_whose_date_was_edited_still_replaces_its_raw_article(tmp_path):
    from briefings.cli import main as briefings

    content = copy_example_content(tmp_path / "content")
    raw = content / "raw" / "nato-russia-council-brussels.txt"
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert briefings(["import", str(raw.relative_to(tmp_path))]) == 0
    finally:
        os.chdir(cwd)
    imported = next((content / "briefings").glob("nato-russia-council*.md"))
    text = imported.read_text(encoding="utf-8")
    imported.write_text(re.sub(r"^Date: .*$", "Date: 2022-01-13", text, count=1, flags=re.MULTILINE),
                        encoding="utf-8")
    assert build_site(content, tmp_path / "output", tmp_path / "cache") == []
    council = [r for r in export(tmp_path / "output") if r["slug"].startswith("nato-russia-council")]
    assert [r["url"][:11] for r in council] == ["2022/01/13/"]
    assert not (tmp_path / "output" / "2022" / "01" / "12").exists()
