"""The built site in a real browser: Playwright driving Debian's Chromium.

The example site is served over HTTP (search needs it), its pages are read,
links followed, a search run, and axe-core checks accessibility. Screenshots
at phone and desktop widths are kept in the test's temporary folder.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import re
import shutil
import threading

import pytest

from site_build import briefing_pages, build_site, copy_example_content
from test_site import SEED_SLUG, SEED_URL

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}

if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def base_url(example_site):
    output, _ = example_site
    assert (output / "pagefind" / "shard-0" / "pagefind.js").exists()  # the build made the search index
    with serving(output) as url:
        yield url


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    """The example site with its search index in several shards: (URL, output folder)."""
    root = tmp_path_factory.mktemp("sharded-site")
    content = copy_example_content(root / "content")
    # NATO, in four of the briefings, has a timeline of its own
    assert build_site(content, root / "output", root / "cache", BRIEFINGS_SEARCH_SHARD_PAGES=2,
                      BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS=2) == []
    assert len(list((root / "output" / "pagefind").glob("shard-*/pagefind.js"))) > 1
    with serving(root / "output") as url:
        yield url, root / "output"


@contextlib.contextmanager
def serving(folder):
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def test_seed_briefing_shows_its_sections(page, base_url):
    page.goto(f"{base_url}/{SEED_URL}")
    for name in ("Key players", "Quotes", "Timeline", "Read more"):
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="The article", exact=True)).to_be_attached()  # for screen readers
    expect(page.locator(".quote").first).to_be_visible()
    expect(page.locator(".strip svg >> visible=true")).to_have_count(1)  # the drawing that fits its column
    expect(page.locator(".timeline-list li").first).to_be_hidden()  # folded under the strip
    page.get_by_text("18 dated events", exact=True).click()
    expect(page.locator(".timeline-list li").first).to_be_visible()


def test_follow_a_read_more_link_and_a_player_link(page, base_url):
    page.goto(f"{base_url}/{SEED_URL}")
    link = page.locator(".read-more a").first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="Key players", exact=True)).to_be_visible()

    page.goto(f"{base_url}/{SEED_URL}")
    player = page.locator(".players a.player-name").first
    name = player.inner_text()
    player.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)  # the site-wide name may be longer
    expect(page.get_by_role("heading", name="Briefings", exact=True)).to_be_visible()


def test_search_finds_a_briefing_by_a_player_and_by_a_quote(page, base_url):
    page.goto(f"{base_url}/search/")
    box = page.get_by_label("Words, names or quotes to find")
    for query in ("Peskov", "impeccable"):
        box.fill(query)
        result = page.locator(".search-result-link").first
        expect(result).to_be_visible(timeout=10_000)
        expect(result).to_contain_text("Russian officials see a time frame")


def found(page, url: str, query: str) -> list[tuple[str, str]]:
    """The results a search of the site at ``url`` lists: (title, link)."""
    page.goto(f"{url}/search/?q={query}")
    expect(page.locator("#search-status")).to_contain_text("found", timeout=10_000)
    expect(page.locator("#search-status")).not_to_contain_text("No briefing")
    links = page.locator(".search-result-link")
    return sorted(zip(links.all_inner_texts(), (links.nth(i).get_attribute("href") for i in range(links.count()))))


def test_a_search_over_shards_finds_what_one_index_finds(page, base_url, sharded_site):
    sharded_url, _ = sharded_site
    for query in ("NATO", "Peskov", "Bucharest", "Geneva"):
        assert found(page, sharded_url, query) == found(page, base_url, query) != []
    title, link = found(page, sharded_url, "Peskov")[0]
    assert link == f"/{SEED_URL}"
    page.goto(sharded_url + link)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_shard_that_fails_to_load_leaves_the_others_searchable(page, sharded_site, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(sharded_site[1], output)
    shards = sorted((output / "pagefind").glob("shard-*"))
    seed_shard = next(s for s in shards if any(SEED_SLUG.encode() in gzip.decompress(f.read_bytes())
                                                for f in (s / "fragment").iterdir()))
    shutil.rmtree(next(s for s in shards if s != seed_shard))
    with serving(output) as url:
        assert [link for _, link in found(page, url, "Peskov")] == [f"/{SEED_URL}"]


# -- The theme: every page type, at a phone's and a desktop's width, light and dark.

PAGES = {
    "home": "/",
    "briefing": f"/{SEED_URL}",
    "players": "/players/",
    "player": "/players/vladimir-putin/",
    "tags": "/tags/",
    "tag": "/tags/nato/",
    "timeline": "/timeline/",
    "tag timeline": "/tags/nato/timeline/",
    "player timeline": "/players/nato/timeline/",
    "events by year": "/timeline/events/",
    "events of a year": "/timeline/events/2021/",
    "quotes": "/quotes/",
    "search": "/search/?q=Geneva",
    "archives": "/archives/",
    "not found": "/404.html",
    "page": "/pages/about/",
}
SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}
#: The page's background in each scheme (the theme's --bg).
BACKGROUND = {"light": "rgb(251, 250, 247)", "dark": "rgb(20, 21, 23)"}
#: Records the page's chosen scheme when <body> first exists: what the first paint uses.
SCHEME_AT_FIRST_PAINT = """
new MutationObserver((records, observer) => {
  if (document.body) {
    window.schemeAtBody = document.documentElement.getAttribute("data-theme");
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


@contextlib.contextmanager
def screen(browser, size="desktop", **options):
    width, height = SCREENS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def box(locator) -> dict:
    return locator.bounding_box()


@pytest.mark.parametrize("size", SCREENS)
def test_the_article_starts_on_the_first_screen(browser, base_url, size):
    with screen(browser, size) as page:
        page.goto(f"{base_url}/{SEED_URL}")
        headline, first = box(page.locator("h1")), box(page.locator(".article-body p").first)
        assert headline["y"] + headline["height"] <= first["y"]
        assert first["y"] + first["height"] <= SCREENS[size][1]  # the whole first paragraph
        aside, body = box(page.locator(".briefing-aside")), box(page.locator(".article-body"))
        if size == "desktop":  # the players, quotes and timeline beside the article, from the top
            assert aside["x"] >= body["x"] + body["width"] and aside["y"] < SCREENS[size][1]
        else:  # after it
            assert aside["y"] >= body["y"] + body["height"]


def test_the_article_follows_its_byline_whatever_the_length_of_the_aside(browser, base_url, example_site):
    with screen(browser, "desktop") as page:
        for name, path in briefing_pages(example_site[0]).items():
            page.goto(f"{base_url}/{path.parent.relative_to(example_site[0]).as_posix()}/")
            # As tall as the aside of a briefing of many players, quotes and events.
            page.add_style_tag(content=".briefing-aside { min-height: 4000px; }")
            header, body = box(page.locator(".briefing-header")), box(page.locator(".article-body"))
            aside = box(page.locator(".briefing-aside"))
            assert 0 <= body["y"] - (header["y"] + header["height"]) < 40, name
            assert aside["x"] > body["x"] + body["width"], name


MEASURE = """
(selector) => {
  // Characters on each full line (not a paragraph's last) of the article.
  const counts = [];
  const range = document.createRange();
  for (const paragraph of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let top = null, count = 0, node;
    while ((node = walker.nextNode())) {
      for (let i = 0; i < node.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect || rect.width === 0) continue;
        if (top !== null && rect.top > top + rect.height / 2) { counts.push(count); count = 0; }
        if (top === null || rect.top > top + rect.height / 2) top = rect.top;
        count++;
      }
    }
  }
  return counts;
}
"""


def test_the_article_is_set_at_a_reading_measure(browser, base_url):
    with screen(browser, "desktop") as page:
        page.goto(f"{base_url}/{SEED_URL}")
        lines = page.evaluate(MEASURE, ".article-body p:not(:first-of-type)")
        assert len(lines) > 40
        assert 60 <= sum(lines) / len(lines) <= 75, sum(lines) / len(lines)


def test_read_more_puts_each_date_under_its_title(browser, base_url):
    for size in SCREENS:
        with screen(browser, size) as page:
            page.goto(f"{base_url}/{SEED_URL}")
            for item in page.locator(".related li").all():
                title, meta = box(item.locator("a")), box(item.locator(".meta"))
                assert title["y"] + title["height"] <= meta["y"] + 1


def test_the_scheme_switch_toggles_and_is_remembered(browser, base_url):
    with screen(browser, color_scheme="light") as page:
        page.add_init_script(SCHEME_AT_FIRST_PAINT)
        page.goto(f"{base_url}/{SEED_URL}")
        toggle = page.get_by_role("button", name="Dark theme")
        expect(toggle).to_have_attribute("aria-pressed", "false")
        assert background(page) == BACKGROUND["light"]
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        assert background(page) == BACKGROUND["dark"]
        # The pictures follow the page's colours.
        dot = page.locator(".strip svg >> visible=true").locator(".bp-dot").first
        assert dot.evaluate("e => getComputedStyle(e).fill") == "rgb(255, 138, 128)"
        # Another page opens dark from its first paint.
        page.goto(f"{base_url}/players/")
        assert page.evaluate("window.schemeAtBody") == "dark" and background(page) == BACKGROUND["dark"]
        # The reader's choice outlives the system's: light on a dark system.
        page.get_by_role("button", name="Dark theme").click()
        page.emulate_media(color_scheme="dark")
        page.reload()
        assert page.evaluate("window.schemeAtBody") == "light" and background(page) == BACKGROUND["light"]
        expect(page.get_by_role("button", name="Dark theme")).to_have_attribute("aria-pressed", "false")


def test_without_javascript_the_scheme_is_the_systems_and_every_list_is_whole(browser, base_url, example_site):
    for scheme in ("light", "dark"):
        with screen(browser, java_script_enabled=False, color_scheme=scheme) as page:
            page.goto(f"{base_url}/players/")
            assert background(page) == BACKGROUND[scheme]
            expect(page.locator(".theme-toggle")).to_be_hidden()
            expect(page.locator("[data-filter]")).to_be_hidden()
            players = len(list((example_site[0] / "players").glob("*/index.html")))
            expect(page.locator(".index-list a >> visible=true")).to_have_count(players)


@pytest.mark.parametrize("size", SCREENS)
def test_search_from_the_header(browser, base_url, size):
    with screen(browser, size) as page:
        page.goto(f"{base_url}/players/vladimir-putin/")
        box_ = page.get_by_role("searchbox", name="Search the briefings")
        box_.fill("Peskov")
        box_.press("Enter")
        expect(page).to_have_url(f"{base_url}/search/?q=Peskov")
        expect(page.get_by_label("Words, names or quotes to find")).to_have_value("Peskov")
        result = page.locator(".search-results li").first
        expect(result.locator(".search-result-link")).to_contain_text("Russian officials see", timeout=10_000)
        expect(result.locator(".meta")).to_have_text("29 December 2021")
        expect(result.locator("p mark").first).to_have_text(re.compile("Peskov"))
        # The excerpt is the article's own words.
        excerpt = result.locator("p").inner_text()
        page.goto(f"{base_url}/{SEED_URL}")
        words = " ".join((page.locator("h1").inner_text() + " " + page.locator(".article-body").inner_text()).split())
        pieces = [" ".join(piece.split()) for piece in excerpt.split(". ") if len(piece.split()) > 2]
        assert pieces and all(piece.rstrip(".") in words for piece in pieces), (pieces, excerpt)


def test_the_players_filter_narrows_the_list(page, base_url):
    page.goto(f"{base_url}/players/")
    every = page.locator(".index-list a >> visible=true").count()
    box_ = page.get_by_label("Filter by name")
    box_.fill("putin")
    expect(page.locator(".index-list a >> visible=true")).to_have_text(["Vladimir Putin"])
    expect(page.locator("#filter-status")).to_have_text("1 player matches")
    expect(page.locator("#kind-place")).to_be_hidden()
    box_.fill("")
    expect(page.locator(".index-list a >> visible=true")).to_have_count(every)
    page.locator(".az a").first.click()
    assert page.evaluate("location.hash") and page.locator(page.evaluate("location.hash")).is_visible()


def test_a_mark_of_the_timeline_strip_opens_its_event(page, base_url):
    page.goto(f"{base_url}/{SEED_URL}")
    mark = page.locator(".strip svg >> visible=true").locator("a").first
    mark.focus()  # a link like any other: reached and followed from the keyboard
    page.keyboard.press("Enter")
    target = page.evaluate("location.hash")
    assert target.startswith("#event-")
    expect(page.locator(target)).to_be_in_viewport()
    expect(page.locator(".timeline details")).to_have_attribute("open", "")


def test_more_quotes_unfold_on_a_phone(browser, base_url):
    with screen(browser, "phone") as page:
        page.goto(f"{base_url}/{SEED_URL}")
        hidden = page.locator(".quotes details .quote")
        expect(hidden.first).to_be_hidden()
        page.get_by_text(re.compile(r"^\d+ more quotes$")).click()
        expect(hidden.first).to_be_visible()


def test_keyboard_users_can_skip_to_the_content_and_see_where_they_are(page, base_url):
    page.goto(f"{base_url}/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()
    expect(page.locator(".skip")).to_be_in_viewport()
    page.keyboard.press("Tab")
    brand = page.locator(".site-header .brand")
    expect(brand).to_be_focused()
    outline = brand.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
    assert outline[0] == "solid" and outline[1] >= 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SCREENS)
@pytest.mark.parametrize("name", PAGES)
def test_no_accessibility_violations(browser, base_url, sharded_site, name, size, scheme):
    # players of ten briefings have a timeline by default: the example site
    # with a lower threshold shows one
    site = sharded_site[0] if name == "player timeline" else base_url
    with screen(browser, size, color_scheme=scheme) as page:
        assert page.goto(site + PAGES[name]).ok

        if name == "search":
            expect(page.locator("#search-status")).to_contain_text("found", timeout=10_000)
        results = Axe().run(page)
        assert results.response["violations"] == [], results.generate_report()


def test_no_accessibility_violations_in_the_scheme_a_reader_chose(browser, base_url):
    with screen(browser, "phone", color_scheme="light") as page:
        page.goto(f"{base_url}/{SEED_URL}")
        page.get_by_role("button", name="Dark theme").click()
        page.get_by_text(re.compile(r"^\d+ more quotes$")).click()
        page.get_by_text("18 dated events", exact=True).click()
        assert background(page) == BACKGROUND["dark"]
        results = Axe().run(page)
        assert results.response["violations"] == [], results.generate_report()


@pytest.mark.parametrize("size", SCREENS)
def test_screenshots_of_every_page_type(browser, base_url, tmp_path_factory, size):
    """Nothing sticks out sideways; the screenshots are kept in the test's folder."""
    folder = tmp_path_factory.mktemp("screenshots")
    for scheme in ("light", "dark"):
        with screen(browser, size, color_scheme=scheme) as page:
            for name, path in PAGES.items():
                page.goto(base_url + path)
                assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[size][0], name
                shot = folder / f"{name.replace(' ', '-')}-{size}-{scheme}.png"
                page.screenshot(path=shot, full_page=True)
                assert shot.stat().st_size > 10_000


def test_the_development_build_reads_from_disk(page, example_site):
    """Opened as files (output/index.html), every link leads to a page, not
    to a folder's listing: a briefing, a player, the navigation, home."""
    output, _ = example_site
    page.goto((output / "index.html").as_uri())
    headline = page.locator("main .card h2 a").first
    title = headline.inner_text()
    headline.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.endswith("/index.html")
    assert re.search(r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/index\.html$", page.url)
    expect(page.locator("h1")).to_have_text(title)
    page.locator(".players a.player-name").first.click()
    page.wait_for_load_state()
    assert re.search(r"/players/[a-z0-9-]+/index\.html$", page.url)
    page.locator(".site-nav a", has_text="Timeline").click()
    page.wait_for_load_state()
    assert page.url.endswith("/timeline/index.html")
    expect(page.locator("h1")).to_have_count(1)
    page.locator(".site-header a.brand").click()
    page.wait_for_load_state()
    assert page.url == (output / "index.html").as_uri()
