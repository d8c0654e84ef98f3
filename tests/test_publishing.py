"""What a published site gives the rest of the web, on real builds of the
example content: canonical links, Open Graph and Twitter card metadata on
every page type, each briefing's share image (a PNG made once for its
headline and date), the favicon, robots.txt and the sitemap's dates; and
the feeds of the site, of each tag and of each player, linked from their
pages."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from site_build import build_site, copy_example_content, soup

SITE = "https://example.org/news"
RUSSIA = "russia-draft-security-treaties.md"
SUMMARY = "Moscow sets out, in two draft treaties, the guarantees it wants from the West."
ATOM = "{http://www.w3.org/2005/Atom}"


def _content(root: Path) -> Path:
    content = copy_example_content(root / "content")
    source = content / "briefings" / RUSSIA
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Date: 2021-12-17\n", f"Date: 2021-12-17\nSummary: {SUMMARY}\n", 1),
                      encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The example content (one briefing with a Summary and a Modified
    date) built for publishing under a sub-path."""
    root = tmp_path_factory.mktemp("published")
    content = _content(root)
    errors = build_site(content, root / "output", root / "cache", "publishconf.py", SITEURL=SITE)
    assert errors == []
    return root


def export(output: Path) -> list[dict]:
    return json.loads((output / "briefings.json").read_text(encoding="utf-8"))


def briefing_page(output: Path, slug: str) -> Path:
    url = next(record["url"] for record in export(output) if record["slug"] == slug)
    return output / url / "index.html"


def meta(page, key: str) -> str | None:
    tag = page.select_one(f'meta[property="{key}"], meta[name="{key}"]')
    return tag["content"] if tag is not None else None


def pages_of_every_type(output: Path) -> dict[str, tuple[Path, str]]:
    """(file, address) of a page of each type."""
    first = export(output)[0]["url"]
    types = {"home": "", "briefing": first, "players": "players/", "player": "players/vladimir-putin/",
             "tags": "tags/", "tag": "tags/nato/", "timeline": "timeline/", "quotes": "quotes/",
             "search": "search/", "archives": "archives/", "page": "pages/about/"}
    return {name: (output / url / "index.html", url) for name, url in types.items()}


def test_every_page_type_has_canonical_open_graph_and_twitter_metadata(published):
    output = published / "output"
    kinds = {"briefing": "article", "player": "profile"}
    for name, (path, url) in pages_of_every_type(output).items():
        page = soup(path)
        canonical = page.select_one('link[rel="canonical"]')["href"]
        assert canonical == f"{SITE}/{url}", name
        assert meta(page, "og:url") == canonical
        assert meta(page, "og:type") == kinds.get(name, "website"), name
        assert meta(page, "og:title") and meta(page, "twitter:title") == meta(page, "og:title")
        description = page.select_one('meta[name="description"]')["content"]
        assert description.strip() and meta(page, "og:description") == description, name
        assert meta(page, "twitter:description") == description
        image = meta(page, "og:image")
        assert image.startswith(f"{SITE}/share/") and image.endswith(".png"), name
        assert (output / image[len(SITE) + 1:]).is_file()
        assert meta(page, "twitter:card") == "summary_large_image"
        assert meta(page, "twitter:image") == image
    # A page that is not at an address of its own has no canonical link.
    assert soup(output / "404.html").select_one('link[rel="canonical"]') is None


def test_a_briefing_is_an_article_with_its_standfirst_times_and_own_image(published):
    output = published / "output"
    page = soup(briefing_page(output, "russia-publishes-its-draft-security-treaties-with-the-u-s-and-nato"))
    assert meta(page, "og:title") == "Russia publishes its draft security treaties with the U.S. and NATO"
    assert meta(page, "og:description") == SUMMARY  # the standfirst
    assert meta(page, "article:published_time").startswith("2021-12-17")
    assert meta(page, "article:modified_time").startswith("2021-12-18")  # its Modified line
    assert {tag["content"] for tag in page.select('meta[property="article:tag"]')} >= {"Russia", "NATO"}
    # The reader sees it too.
    assert "Updated 18 December 2021" in page.select_one(".dateline").get_text(" ", strip=True)
    assert page.select(".dateline time")[1]["datetime"] == "2021-12-18"
    record = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert record["dateModified"].startswith("2021-12-18") and record["image"] == meta(page, "og:image")
    # Each briefing its own image; other pages the site's.
    images = {meta(soup(output / r["url"] / "index.html"), "og:image") for r in export(output)}
    assert len(images) == len(export(output))
    assert meta(soup(output / "index.html"), "og:image") not in images


def test_the_share_image_is_a_1200_by_630_png(published):
    output = published / "output"
    page = soup(briefing_page(output, "russia-publishes-its-draft-security-treaties-with-the-u-s-and-nato"))
    with Image.open(output / meta(page, "og:image")[len(SITE) + 1:]) as image:
        assert image.format == "PNG" and image.size == (1200, 630)
        # Drawn: ink on paper, not a blank card.
        colours = image.convert("L").getextrema()
        assert colours[0] < 60 and colours[1] > 240


def test_share_images_are_made_once_for_their_headline_and_date(tmp_path):
    content = _content(tmp_path)
    output, cache = tmp_path / "output", tmp_path / "cache"
    assert build_site(content, output, cache, "publishconf.py", SITEURL=SITE) == []
    slug = "russia-publishes-its-draft-security-treaties-with-the-u-s-and-nato"
    before = {p.name: p.stat().st_mtime_ns for p in (output / "share").iterdir()}
    kept = {p.name: p.stat().st_mtime_ns for p in (cache / "pelican" / "briefings" / "share-images").iterdir()}
    old = meta(soup(briefing_page(output, slug)), "og:image").rsplit("/", 1)[1]
    # A new headline: a new image at a new address; the old one is gone.
    source = content / "briefings" / RUSSIA
    source.write_text(source.read_text(encoding="utf-8").replace(
        "Title: Russia publishes its draft security treaties", "Title: Russia publishes two draft treaties", 1),
        encoding="utf-8")
    assert build_site(content, output, cache, "publishconf.py", SITEURL=SITE) == []
    page = soup(briefing_page(output, "russia-publishes-two-draft-treaties-with-the-u-s-and-nato"))
    new = meta(page, "og:image").rsplit("/", 1)[1]
    assert new != old and (output / "share" / new).is_file() and not (output / "share" / old).exists()
    after = {p.name: p.stat().st_mtime_ns for p in (output / "share").iterdir()}
    assert set(after) == (set(before) - {old}) | {new}
    # The others were not drawn again.
    folder = cache / "pelican" / "briefings" / "share-images"
    assert {name: folder.joinpath(name).stat().st_mtime_ns for name in kept} == kept


def test_the_favicon_is_svg_with_a_png_fallback(published):
    output = published / "output"
    page = soup(output / "index.html")
    icons = {link.get("type"): link["href"] for link in page.select('link[rel="icon"]')}
    assert set(icons) == {"image/svg+xml", "image/png"}
    assert icons["image/svg+xml"].startswith(SITE)
    svg = output / icons["image/svg+xml"][len(SITE) + 1:]
    assert ET.parse(svg).getroot().tag.endswith("svg")
    with Image.open(output / icons["image/png"][len(SITE) + 1:]) as image:
        assert image.format == "PNG" and image.size == (32, 32)
    touch = page.select_one('link[rel="apple-touch-icon"]')["href"]
    with Image.open(output / touch[len(SITE) + 1:]) as image:
        assert image.size == (180, 180)


def test_robots_txt_names_the_sitemap_and_keeps_out_the_drafts(published, example_site):
    robots = (published / "output" / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert robots[0] == "User-agent: *"
    assert "Disallow: /drafts/" in robots
    assert f"Sitemap: {SITE}/sitemap.xml" in robots
    # A development build has no absolute address to give.
    development = (example_site[0] / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in development and "Sitemap:" not in development


def test_the_sitemap_dates_each_briefing_by_its_modified_or_published_date(published):
    output = published / "output"
    root = ET.parse(output / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    dates = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
             for url in root.findall("s:url", ns)}
    for record in export(output):
        wanted = "2021-12-18" if record["slug"].startswith("russia-publishes") else record["date"]
        assert dates[f"{SITE}/{record['url']}"] == wanted
    assert dates[f"{SITE}/"] == max(record["date"] for record in export(output))
    putin = [r["date"] for r in export(output) if any(p["id"] == "vladimir-putin" for p in r["players"])]
    assert dates[f"{SITE}/players/vladimir-putin/"] == max(putin)  # the newest of its briefings


def test_a_site_without_share_images_or_robots_txt(tmp_path):
    content = copy_example_content(tmp_path / "content")
    errors = build_site(content, tmp_path / "output", tmp_path / "cache", BRIEFINGS_SHARE_IMAGES=False,
                        BRIEFINGS_ROBOTS_TXT=False)
    assert errors == []
    page = soup(tmp_path / "output" / "index.html")
    assert meta(page, "og:image") is None and meta(page, "twitter:card") == "summary"
    assert not (tmp_path / "output" / "share").exists() and not (tmp_path / "output" / "robots.txt").exists()


def test_a_draft_is_not_indexed(tmp_path):
    content = copy_example_content(tmp_path / "content")
    (content / "briefings" / "plans.md").write_text(
        "Title: Plans for the summit\nDate: 2022-01-20\nStatus: draft\n\n## Article\n\n"
        "Officials in Brussels said on Thursday that the summit would open in June.\n", encoding="utf-8")
    assert build_site(content, tmp_path / "output", tmp_path / "cache") == []
    drafts = list((tmp_path / "output" / "drafts").rglob("*.html"))
    assert drafts and meta(soup(drafts[0]), "robots") == "noindex"
    assert meta(soup(tmp_path / "output" / "index.html"), "robots") is None


def feed_links(page) -> dict[str, str]:
    return {link["type"]: link["href"] for link in page.select('head link[rel="alternate"]')}


def atom_entries(path: Path) -> list[str]:
    return [entry.find(f"{ATOM}link").get("href") for entry in ET.parse(path).getroot().iter(f"{ATOM}entry")]


def rss_entries(path: Path) -> list[str]:
    return [item.findtext("link") for item in ET.parse(path).getroot().iter("item")]


def test_the_site_has_atom_and_rss_feeds_linked_from_every_page(published):
    output = published / "output"
    urls = [f"{SITE}/{record['url']}" for record in export(output)]
    assert atom_entries(output / "feeds" / "all.atom.xml") == urls  # newest first
    assert rss_entries(output / "feeds" / "all.rss.xml") == urls
    for name, (path, _) in pages_of_every_type(output).items():
        page = soup(path)
        links = {link["href"] for link in page.select('head link[rel="alternate"]')}
        assert {f"{SITE}/feeds/all.atom.xml", f"{SITE}/feeds/all.rss.xml"} <= links, name
        shown = {a["href"] for a in page.select("footer .feeds a")}
        assert shown == {f"{SITE}/feeds/all.atom.xml", f"{SITE}/feeds/all.rss.xml"}, name


def test_each_tag_has_its_feeds_linked_and_shown_on_its_page(published):
    output = published / "output"
    tagged = [f"{SITE}/{r['url']}" for r in export(output) if "NATO" in r["tags"]]
    assert atom_entries(output / "feeds" / "tags" / "nato.atom.xml") == tagged
    assert rss_entries(output / "feeds" / "tags" / "nato.rss.xml") == tagged
    page = soup(output / "tags" / "nato" / "index.html")
    wanted = {f"{SITE}/feeds/tags/nato.atom.xml", f"{SITE}/feeds/tags/nato.rss.xml"}
    assert wanted <= {link["href"] for link in page.select('head link[rel="alternate"]')}
    assert {a["href"] for a in page.select("main .feeds a")} == wanted


def test_each_player_has_the_feeds_of_its_briefings(published):
    output = published / "output"
    for player in ("vladimir-putin", "jens-stoltenberg"):
        named = [f"{SITE}/{r['url']}" for r in export(output) if any(p["id"] == player for p in r["players"])]
        assert named and atom_entries(output / "feeds" / "players" / f"{player}.atom.xml") == named
        assert rss_entries(output / "feeds" / "players" / f"{player}.rss.xml") == named
        page = soup(output / "players" / player / "index.html")
        wanted = {f"{SITE}/feeds/players/{player}.atom.xml", f"{SITE}/feeds/players/{player}.rss.xml"}
        assert wanted <= {link["href"] for link in page.select('head link[rel="alternate"]')}
        assert {a["href"] for a in page.select("main .feeds a")} == wanted
    title = ET.parse(output / "feeds" / "players" / "vladimir-putin.atom.xml").getroot().findtext(f"{ATOM}title")
    assert title.endswith("Vladimir Putin")  # "<site> - <player>", as Pelican titles a tag's
    # Every player with a page has both, and no other feed is there.
    players = {p.name for p in (output / "players").iterdir() if p.is_dir()}
    feeds = {p.name for p in (output / "feeds" / "players").iterdir()}
    assert feeds == {f"{name}.{kind}.xml" for name in players for kind in ("atom", "rss")}


def test_a_development_build_has_no_feeds(example_site):
    output = example_site[0]
    assert not (output / "feeds").exists()
    assert soup(output / "index.html").select('link[rel="alternate"], .feeds') == []


def test_without_the_dejavu_fonts_the_card_is_drawn_in_pillows_own_font(monkeypatch, caplog):
    from briefings_site import publishing

    monkeypatch.setattr(publishing, "_FONT_FOLDERS", ("/nowhere",))
    publishing.font_file.cache_clear()
    publishing._warn_without_fonts.cache_clear()
    try:
        with caplog.at_level("WARNING"):
            first = publishing.draw_card("Briefings", "Talks resume in Geneva", "10 January 2022")
            publishing.draw_card("Briefings", "Talks end in Geneva", "11 January 2022")
        from io import BytesIO

        with Image.open(BytesIO(first)) as image:
            assert image.size == (1200, 630) and image.convert("L").getextrema()[0] < 60
        warnings = [r.getMessage() for r in caplog.records if "fonts-dejavu-core" in r.getMessage()]
        assert len(warnings) == 1  # said once
        # Drawn in another font: kept under another key.
        without = publishing.image_key("Briefings", "Talks resume in Geneva", "10 January 2022")
    finally:
        monkeypatch.undo()
        publishing.font_file.cache_clear()
    assert publishing.image_key("Briefings", "Talks resume in Geneva", "10 January 2022") != without
