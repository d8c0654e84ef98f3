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
import shutil
import threading

import pytest

from site_build import build_site, copy_example_content
from test_site import SEED_SLUG

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
    assert build_site(content, root / "output", root / "cache", BRIEFINGS_SEARCH_SHARD_PAGES=2) == []
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
    page.goto(f"{base_url}/briefings/{SEED_SLUG}/")
    for name in ("Key players", "Quotes", "Timeline", "The article", "Read more"):
        expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    expect(page.locator(".quote").first).to_be_visible()
    expect(page.locator(".timeline-list li").first).to_be_visible()


def test_follow_a_read_more_link_and_a_player_link(page, base_url):
    page.goto(f"{base_url}/briefings/{SEED_SLUG}/")
    link = page.locator(".read-more a").first
    title = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="Key players", exact=True)).to_be_visible()

    page.goto(f"{base_url}/briefings/{SEED_SLUG}/")
    player = page.locator(".players a.player-name").first
    name = player.inner_text()
    player.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)  # the site-wide name may be longer
    expect(page.get_by_role("heading", name="Briefings", exact=True)).to_be_visible()


def test_search_finds_a_briefing_by_a_player_and_by_a_quote(page, base_url):
    page.goto(f"{base_url}/search/")
    box = page.get_by_label("Search titles, key players and quotes")
    for query in ("Peskov", "impeccable"):
        box.fill(query)
        result = page.locator(".search-result-link").first
        expect(result).to_be_visible(timeout=10_000)
        expect(result).to_contain_text("Russian officials see a time frame")


def found(page, url: str, query: str) -> list[tuple[str, str]]:
    """The results a search of the site at ``url`` lists: (title, link)."""
    page.goto(f"{url}/search/?q={query}")
    expect(page.locator("#search-status")).to_contain_text("found", timeout=10_000)
    links = page.locator(".search-result-link")
    return sorted(zip(links.all_inner_texts(), (links.nth(i).get_attribute("href") for i in range(links.count()))))


def test_a_search_over_shards_finds_what_one_index_finds(page, base_url, sharded_site):
    sharded_url, _ = sharded_site
    for query in ("NATO", "Peskov", "Bucharest", "Geneva"):
        assert found(page, sharded_url, query) == found(page, base_url, query) != []
    title, link = found(page, sharded_url, "Peskov")[0]
    assert link == f"/briefings/{SEED_SLUG}/"
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
        assert [link for _, link in found(page, url, "Peskov")] == [f"/briefings/{SEED_SLUG}/"]


def test_keyboard_users_can_skip_to_the_content(page, base_url):
    page.goto(f"{base_url}/")
    page.keyboard.press("Tab")
    expect(page.locator(".skip")).to_be_focused()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", f"/briefings/{SEED_SLUG}/", "/players/vladimir-putin/", "/players/",
                                  "/timeline/", "/quotes/", "/search/", "/archives/"])
def test_no_serious_accessibility_violations(page, base_url, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_at_phone_and_desktop_width(browser, base_url, tmp_path_factory, width):
    folder = tmp_path_factory.mktemp("screenshots")
    context = browser.new_context(viewport=dict(zip(("width", "height"), WIDTHS[width])))
    page = context.new_page()
    for name, path in (("home", "/"), ("briefing", f"/briefings/{SEED_SLUG}/"),
                       ("player", "/players/vladimir-putin/")):
        page.goto(base_url + path)
        # Nothing may stick out sideways on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width][0]
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        assert (folder / f"{name}-{width}.png").stat().st_size > 10_000
    context.close()
