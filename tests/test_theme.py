"""The theme's pages, as HTML: every page type has its landmarks, one
headline and headings in order; what each page type promises a reader
(standfirsts, player chips, players by kind from A to Z, one date heading
per day, quotes in their sentences) is there; nothing the outside world
wrote is marked safe; and the templates build without the functions the
plugin gives them, and with every undefined name an error.

How the pages look and behave in a browser is tests/test_browser.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2
import pytest

from briefings.ingest import read_article
from site_build import ROOT, briefing_dir, build_site, copy_example_content, soup
from test_site import SEED_SLUG, SEED_URL

PAGES = {
    "home": "index.html",
    "briefing": f"{SEED_URL}index.html",
    "players": "players/index.html",
    "player": "players/vladimir-putin/index.html",
    "tags": "tags/index.html",
    "tag": "tags/nato/index.html",
    "timeline": "timeline/index.html",
    "quotes": "quotes/index.html",
    "search": "search/index.html",
    "archives": "archives/index.html",
    "not found": "404.html",
    "page": "pages/about/index.html",
}
GENEVA = "u-s-and-russian-diplomats-meet-in-geneva-over-ukraine-and-nato"
CUBA = "the-cuban-missile-crisis-the-showdown-moscow-keeps-invoking"
HOSTILE = "<script>alert(1)</script> & Sons"


@pytest.fixture(scope="module")
def output(example_site):
    output, errors = example_site
    assert errors == []
    return output


def _target(output: Path, page: Path, href: str) -> Path:
    """The index.html a relative link of ``page`` leads to."""
    path = (page.parent / href.split("#")[0]).resolve()
    return path / "index.html" if path.is_dir() else path


@pytest.mark.parametrize("name", PAGES)
def test_every_page_type_has_its_landmarks_one_headline_and_headings_in_order(output, name):
    page = soup(output / PAGES[name])
    assert page.html["lang"] == "en"
    assert page.select_one('meta[name="viewport"]')["content"] == "width=device-width, initial-scale=1"
    assert page.select_one('meta[name="description"]')["content"].strip()
    # A banner, the main content and the footer, once each, at the top level.
    assert [e.name for e in page.body.find_all(["header", "main", "footer"], recursive=False)] == \
           ["header", "main", "footer"]
    assert page.select_one("body > a.skip")["href"] == "#main" and page.select_one("main")["id"] == "main"
    assert page.select_one("header nav")["aria-label"]
    # The search box of the header sends its words to the search page as ?q=.
    form = page.select_one("header form[role=search]")
    assert form["method"] == "get" and form["action"].rstrip("/").endswith("search")
    assert form.select_one("input[type=search]")["name"] == "q"
    assert page.select_one(f'label[for="{form.select_one("input")["id"]}"]').get_text(strip=True)
    levels = [int(h.name[1]) for h in page.select("main h1, main h2, main h3, main h4, main h5, main h6")]
    assert levels.count(1) == 1 and levels[0] == 1, levels
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:])), levels


def test_one_small_style_sheet_of_the_readers_own_fonts(output):
    sheets = list((output / "theme").rglob("*.css"))
    assert [sheet.name for sheet in sheets] == ["briefings.css"]
    css = sheets[0].read_text(encoding="utf-8")
    assert len(css.encode()) < 24_000
    assert "@font-face" not in css and "@import" not in css and "url(" not in css
    for name in PAGES:
        page = soup(output / PAGES[name])
        assert len(page.select('link[rel="stylesheet"]')) == 1
        # Nothing from another site is loaded: no script, style or image from elsewhere.
        assert not [e for e in page.select("script[src], link[href], img[src]")
                    if re.match(r"(https?:)?//", e.get("src") or e.get("href"))]


def test_the_scheme_is_set_before_the_style_sheet_is_read(output):
    head = soup(output / "index.html").head
    first_script = head.find("script")
    assert "localStorage" in first_script.string and "data-theme" in first_script.string
    assert head.find_all(["script", "link"]).index(first_script) < \
           head.find_all(["script", "link"]).index(head.select_one('link[rel="stylesheet"]'))


def test_only_what_pelican_or_the_picture_makers_made_is_marked_safe():
    marked = set()
    for template in (ROOT / "theme" / "templates").glob("*.html"):
        marked |= set(re.findall(r"\{\{\s*([^{}|]+?)\s*\|\s*safe\s*\}\}", template.read_text(encoding="utf-8")))
    assert marked == {"article.content", "page.content", "picture_style()"}


def test_the_navigation_says_where_the_reader_is(output):
    current = {name: [a.get_text() for a in soup(output / PAGES[name]).select("header [aria-current=page]")]
               for name in ("home", "players", "timeline", "quotes", "tags", "archives", "briefing")}
    assert current == {"home": ["Briefings", "Latest"], "players": ["Players"], "timeline": ["Timeline"],
                       "quotes": ["Quotes"], "tags": ["Tags"], "archives": ["Archives"], "briefing": []}


def test_a_briefing_opens_with_its_headline_byline_and_article(output):
    page = soup(output / PAGES["briefing"])
    article = page.select_one("article.briefing")
    # In reading order: the article, then its players, quotes and timeline, then Read more.
    order = [child.get("class")[0] for child in article.find_all(recursive=False)]
    assert order == ["briefing-header", "article-body", "briefing-aside", "read-more"]
    header = article.select_one(".briefing-header")
    assert [a.get_text() for a in header.select(".kicker a")] == ["Russia", "Ukraine", "NATO"]
    assert header.select_one(".byline .dateline").get_text(" ", strip=True) == \
           "29 December 2021 · The Washington Post"
    # The tags, byline and the article's hidden heading are not the article's words: not indexed.
    for element in (header.select_one(".kicker"), header.select_one(".byline"), page.select_one("#article-heading")):
        assert element.has_attr("data-pagefind-ignore")
    assert article["data-pagefind-meta"] == "date:29 December 2021"


def test_a_briefing_has_a_timeline_strip_linked_to_its_events(output):
    page = soup(output / PAGES["briefing"])
    strip = page.select_one(".timeline .strip")
    drawings = strip.select("svg")
    assert len(drawings) == 2  # a wide and a narrow drawing, one shown by the width of the column
    events = {li["id"] for li in page.select(".timeline-list li")}
    links = {a["href"].lstrip("#") for svg in drawings for a in svg.select("a")}
    assert links and links <= events
    assert strip.select_one("figcaption").get_text().startswith("Timeline of 18 dated events")
    assert len(page.head.select("style")) == 1  # the pictures' rules, once


def test_cards_have_a_standfirst_and_player_chips(output):
    home = soup(output / "index.html")
    cards = {card.select_one("h2 a")["href"].strip("/").split("/")[-1]: card for card in home.select(".card")}
    # The first sentence, whole (not cut at "U.S."), when the headline is an editor's.
    geneva = read_article(ROOT / "content" / "raw" / "geneva-strategic-stability-talks.txt")
    assert cards[GENEVA].select_one(".standfirst").get_text() == geneva.text.split("\n")[0]
    # The second sentence when the headline was made from the first.
    seed = cards[SEED_SLUG].select_one(".standfirst").get_text()
    assert seed.startswith("The Biden-Putin talks come with fears Putin may invade Ukraine")
    assert home.select_one(".card.lead") is home.select_one(".card")
    for card in cards.values():
        chips = card.select(".chips a.chip")
        assert chips
        for chip in chips:
            target = soup(_target(output, output / "index.html", chip["href"]))
            names = target.select_one("h1").get_text() + " " + target.select_one(".player-head").get_text()
            assert chip.get_text() in names, chip


def test_read_more_keeps_each_title_and_its_date_apart(output):
    for li in soup(output / PAGES["briefing"]).select(".read-more li"):
        title, meta = li.select_one("a"), li.select_one(".meta")
        assert meta.select_one("time")["datetime"] and meta.parent is li and title.parent is li
        assert not re.search(r"\d{4}[A-Za-z]", li.get_text()), li.get_text()


def test_players_are_grouped_by_kind_from_a_to_z(output):
    page = soup(output / PAGES["players"])
    kinds = {"kind-person": "Person", "kind-organization": "Organisation", "kind-place": "Place"}
    assert [group["id"] for group in page.select(".kind-group")] == list(kinds)
    ids = {element["id"] for element in page.select("[id]")}
    for group in page.select(".kind-group"):
        names = []
        for link in group.select(".index-list a"):
            target = soup(_target(output, output / PAGES["players"], link["href"]))
            assert target.select_one(".kicker").get_text() == kinds[group["id"]]
            names.append(link.get_text())
        # People by surname, the others by name; each under its initial.
        key = (lambda name: name.split()[-1]) if group["id"] == "kind-person" else (lambda name: name)
        assert names == sorted(names, key=lambda name: key(name).lower())
        for letter in group.select(".letter"):
            assert {key(a.get_text())[0].upper() for a in letter.select(".index-list a")} == \
                   {letter.select_one("h3").get_text()}
        letters = group.select(".az a")
        assert {a["href"].lstrip("#") for a in letters} == {div["id"] for div in group.select(".letter")} <= ids
        assert len(group.select(".az a, .az span")) >= 26
    # The filter is there for JavaScript to show; the full list works without it.
    assert page.select_one("[data-filter]").has_attr("hidden")


def test_the_events_of_each_year_say_each_month_and_each_date_once(output):
    index = output / "timeline" / "events" / "index.html"
    years = [a.get_text() for a in soup(index).select(".year-index a")]
    assert years == sorted(set(years)) and len(years) > 5
    for year in years:
        page = soup(output / "timeline" / "events" / year / "index.html")
        assert page.select_one("h1").get_text() == year
        months = [h.get_text() for h in page.select(".event-month > h2")]
        assert months and len(months) == len(set(months))
        for section in page.select(".event-month"):
            labels = [(li.select_one("time").get_text(), "same-date" in li["class"]) for li in section.select("li")]
            assert labels
            for (before, _), (label, same) in zip([(None, False)] + labels, labels):
                assert same == (label == before), (year, label)
                assert label != year and not (label.endswith(" " + year) and label.count(year) == 1), (year, label)
            assert all(li.select_one("a.source")["href"] for li in section.select("li"))


def test_quotes_are_shown_in_their_sentence_with_their_speaker_linked(output):
    page = soup(output / PAGES["quotes"])
    seed = read_article(ROOT / "content" / "raw" / "putin-biden-security-guarantees.txt").text
    sentence = next(s for s in re.split(r"(?<=\.)\s+", seed) if "“red line”" in s)
    red_line = next(f for f in page.select("figure.quote") if "red line" in f.get_text())
    assert red_line.select_one("blockquote").get_text() == sentence
    assert red_line.select_one("blockquote strong").get_text() == "red line"
    putin = next(s for s in page.select("section.speaker-group") if s.h2.get_text() == "Vladimir Putin")
    assert putin.h2.a["href"].rstrip("/").endswith("players/vladimir-putin")
    for figure in page.select("figure.quote"):
        assert soup(_target(output, output / PAGES["quotes"], figure.figcaption.a["href"])).select_one("h1")


def test_a_player_page_shows_briefings_quotes_roles_timeline_and_companions(output):
    page = soup(output / PAGES["player"])
    assert page.select_one(".kicker").get_text() == "Person"
    assert [h.get_text() for h in page.select("main h2")] == ["Briefings", "Quotes", "Roles", "Timeline",
                                                              "Often seen with"]
    assert all(f.select_one("blockquote strong") for f in page.select(".quotes figure"))


@pytest.fixture(scope="module")
def variant_sites(tmp_path_factory, example_site):
    """The example content with an author's summary and a hostile player
    name, built twice: with Jinja's StrictUndefined, and without the plugin's
    template functions. ({name: output folder})"""
    root = tmp_path_factory.mktemp("theme-variants")
    content = copy_example_content(root / "content")
    cuba = content / "briefings" / "cuban-missile-crisis-1962.md"
    cuba.write_text(cuba.read_text(encoding="utf-8").replace(
        "Tags:", "Summary: Thirteen days in <b>October</b> & what Moscow learnt.\nTags:", 1), encoding="utf-8")
    nato = content / "briefings" / "nato-enlargement-since-1999.md"
    nato.write_text(nato.read_text(encoding="utf-8").replace(
        "- **Russia** (place).", f"- **Russia** (place).\n- **{HOSTILE}** (organization): a firm.", 1),
        encoding="utf-8")
    annotations = example_site[0].parent / "cache" / "annotations.sqlite"
    # A site's own touches, as the README says: a menu item, no pages on the menu, its accent colour.
    overrides = root / "templates"
    overrides.mkdir()
    (overrides / "base.html").write_text('{% extends "!theme/base.html" %}{% block site_head %}'
                                         "<style>:root { --accent: #0a5c36; }</style>{% endblock %}",
                                         encoding="utf-8")
    # Its logo, a static file of its content.
    (content / "images").mkdir()
    shutil.copy(ROOT / "theme" / "static" / "favicon.svg", content / "images" / "logo.svg")
    outputs = {}
    for name, settings in (("strict", {"STATIC_PATHS": ["images"], "SITELOGO": "images/logo.svg",
                                       "SITELOGO_WIDTH": 28, "SITELOGO_HEIGHT": 28,
                                       "JINJA_ENVIRONMENT": {"trim_blocks": True, "lstrip_blocks": True,
                                                             "autoescape": True,
                                                             "undefined": jinja2.StrictUndefined},
                                       "MENUITEMS": [("Code", "https://example.org/code")],
                                       "DISPLAY_PAGES_ON_MENU": False,
                                       "THEME_TEMPLATES_OVERRIDES": [str(overrides)]}),
                           ("bare", {"BRIEFINGS_THEME_FUNCTIONS": False})):
        cache = root / f"cache-{name}"
        cache.mkdir()
        shutil.copy(annotations, cache / "annotations.sqlite")
        assert build_site(content, root / name, cache, **settings) == [], name
        outputs[name] = root / name
    return outputs


def test_an_authors_summary_is_the_standfirst_escaped(variant_sites):
    page = soup(briefing_dir(variant_sites["strict"], CUBA) / "index.html")
    summary = "Thirteen days in <b>October</b> & what Moscow learnt."  # as written: text, not markup
    assert page.select_one(".briefing-header .standfirst").get_text() == summary
    card = next(c for c in soup(variant_sites["strict"] / "index.html").select(".card") if CUBA in c.h2.a["href"])
    assert card.select_one(".standfirst").get_text() == summary
    for path in (briefing_dir(variant_sites["strict"], CUBA) / "index.html", variant_sites["strict"] / "index.html"):
        assert "<b>October" not in path.read_text(encoding="utf-8")


def test_a_hostile_name_is_text_on_every_page_that_shows_it(variant_sites):
    output = variant_sites["strict"]
    shown = 0
    for path in output.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html, path
        page = soup(path)
        shown += any(HOSTILE in e.get_text() or HOSTILE.lower() in e.get("data-names", "")
                     for e in page.select("main a, main span, main li"))
    assert shown >= 3  # its briefing, the players index and its own page at least


def test_without_the_site_functions_the_theme_still_builds(variant_sites):
    page = soup(variant_sites["bare"] / PAGES["briefing"])
    assert page.select_one(".timeline svg") is None and not page.head.select("style")
    assert page.select_one(".timeline details").has_attr("open")  # the list, shown since there is no strip
    assert len(page.select(".timeline-list li")) == 18
    assert soup(variant_sites["bare"] / "index.html").select(".card .standfirst")


def test_a_site_adds_its_menu_and_colours_without_copying_the_theme(variant_sites):
    for name in PAGES:
        page = soup(variant_sites["strict"] / PAGES[name])
        assert [a.get_text() for a in page.select("header nav a")][-2:] == ["Archives", "Code"]
        assert "--accent: #0a5c36" in str(page.head)
        logo = page.select_one("header a.brand img.logo")
        assert logo["alt"] == "" and logo["width"] == "28" and logo["height"] == "28"  # the name says it
        src = logo["src"]  # relative to the page, or (the 404 page) to the site's root
        folder = variant_sites["strict"] if src.startswith("/") else (variant_sites["strict"] / PAGES[name]).parent
        assert (folder / src.lstrip("/")).resolve().is_file(), name
    assert soup(variant_sites["bare"] / "index.html").select("img.logo") == []
    assert "About" in [a.get_text() for a in soup(variant_sites["bare"] / "index.html").select("header nav a")]
