"""Rebuilds render only the pages whose inputs changed, rewrite only the
files whose bytes change, and remove the pages that are gone."""

from __future__ import annotations

import gzip
import shutil

import jinja2
import pytest

from briefings.slugs import slugify
from site_build import ROOT, briefing_dir, build_site, copy_example_content, soup

NATO_COUNCIL = "nato-russia-council-meets-for-the-first-time-since-2019"
GENEVA = "u-s-and-russian-diplomats-meet-in-geneva-over-ukraine-and-nato"


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The files rendered from templates by the builds of a test, in order."""
    files: list[str] = []
    render = jinja2.Template.render

    def recording(self, *args, **kwargs):
        files.append(dict(*args, **kwargs).get("output_file"))
        return render(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", recording)
    return files


def built_files(output) -> dict[str, bytes]:
    """Pages, feeds and data, by path; the theme's assets are Pelican's own
    copies and the search index is Pagefind's."""
    return {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*")
            if p.suffix in (".html", ".json", ".xml") and "pagefind" not in p.relative_to(output).parts}


def test_rebuild_rewrites_only_what_changed(tmp_path):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    before = {p: p.stat().st_mtime_ns for p in map(output.joinpath, built_files(output))}
    assert len(before) > 30

    search_index = output / "pagefind" / "shard-0" / "pagefind-entry.json"
    indexed = search_index.stat().st_mtime_ns

    assert build_site(content, output, tmp_path / "cache") == []
    assert [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime] == []
    assert search_index.stat().st_mtime_ns == indexed  # nothing changed, nothing to index

    about = content / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache") == []
    rewritten = {p.relative_to(output).as_posix() for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}
    assert "pages/about/index.html" in rewritten
    assert "briefings.json" not in rewritten
    assert search_index.stat().st_mtime_ns == indexed  # Pagefind indexes the briefings' pages alone
    assert not any(name.endswith(".briefings-new") for name in map(str, output.rglob("*")))


def test_rebuild_with_nothing_changed_renders_nothing(tmp_path, rendered):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache", DEFAULT_PAGINATION=2) == []
    assert any(name.startswith("2021/12/") for name in rendered)  # the briefings
    assert any(name.startswith("players/") for name in rendered)
    assert {"index.html", "index2.html", "index3.html"} <= set(rendered)  # the numbered lists too
    rendered.clear()

    assert build_site(content, output, tmp_path / "cache", DEFAULT_PAGINATION=2) == []
    assert rendered == []


#: The edits of an author, each made to the site the one before left: a word,
#: a new quote, a new player, a briefing deleted.
EDITS = [
    ("a word", "nato-enlargement-since-1999.md", "NATO declined to give", "NATO refused to give"),
    ("a new quote", "russia-draft-security-treaties.md", "## Article\n",
     "## Quotes\n\n- \u201cThe proposals are not a menu.\u201d \u2014 Sergei Ryabkov\n\n## Article\n"),
    ("a new player", "nato-enlargement-since-1999.md", "## Article\n",
     "- **Hungary** (place): joined the alliance in March 1999.\n\n## Article\n"),
    ("a deleted briefing", "cuban-missile-crisis-1962.md", None, None),
]


@pytest.mark.parametrize("count", range(1, len(EDITS) + 1), ids=[edit[0] for edit in EDITS])
def test_an_edit_renders_only_the_pages_that_show_the_briefing(tmp_path, rendered, count):
    """After each kind of edit (each made to the site the ones before left),
    the pages rendered are the pages whose files change, and otherwise only
    pages that show the edited briefing: those of its players, the numbered
    lists its card is on (one numbered page, not the whole list), and the
    site-wide timeline, quotes and indexes it feeds (and the same of any
    other briefing whose page the edit changed). No other briefing's page is
    rendered unless it changed, and the site is the one a clean build
    makes."""
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache", DEFAULT_PAGINATION=2) == []
    name = EDITS[count - 1][0]
    for _kind, file, old, new in EDITS[:count]:
        source = content / "briefings" / file
        slug = _slug_of(source)
        before = built_files(output)
        shown = _pages_showing(output, slug)
        rendered.clear()
        if old is None:
            source.unlink()
        else:
            text = source.read_text(encoding="utf-8")
            assert old in text
            source.write_text(text.replace(old, new, 1), encoding="utf-8")
        assert build_site(content, output, tmp_path / "cache", DEFAULT_PAGINATION=2) == []
    after = built_files(output)
    pages = [page for page in after if page.endswith(".html")]
    changed = {page for page in pages if before.get(page) != after[page]}
    assert changed, name
    assert changed <= set(rendered), name  # (else the page would be stale: see the clean build below)
    shown |= _pages_showing(output, slug)
    for page in changed:  # briefings the edit changed too (now linking to a new player's page, say)
        if _is_briefing(page):
            shown |= _pages_showing(output, page.split("/")[3])
    needless = {page for page in set(rendered) - changed - shown - SITE_WIDE if not page.startswith("timeline/")}
    if {p for p in before if "timeline/" in p} != {p for p in after if "timeline/" in p}:
        # a tag or player gained or lost its timeline: the links to timelines,
        # which every tag's and player's page reads (topic_timelines), changed
        needless = {page for page in needless if not page.startswith(("players/", "tags/"))}
    assert needless == set(), name
    numbered = [page for page in rendered if page.split("/")[-1].startswith("index") and page[-6].isdigit()]
    assert all(page in shown for page in numbered), name

    clean_cache = tmp_path / "clean-cache"
    clean_cache.mkdir()
    shutil.copy(tmp_path / "cache" / "annotations.sqlite", clean_cache)
    assert build_site(content, tmp_path / "clean", clean_cache, DEFAULT_PAGINATION=2) == []
    assert built_files(tmp_path / "clean") == after


#: The site-wide pages every briefing feeds (and the site's timeline, its
#: events by year under ``timeline/``).
SITE_WIDE = {"timeline/index.html", "quotes/index.html", "players/index.html", "tags/index.html"}


def _slug_of(path) -> str:
    """The slug of a Markdown briefing, as the site makes it from its title."""
    title = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("Title:"))
    return slugify(title.removeprefix("Title:").strip())


def _pages_showing(output, slug: str) -> set[str]:
    """The briefing's own page, and the pages other than briefings' that
    link to it (its players' pages, the lists its card is on)."""
    folder = briefing_dir(output, slug)
    own = (folder / "index.html").relative_to(output).as_posix()
    found = {own} if (folder / "index.html").exists() else set()
    address = f"/{folder.relative_to(output).as_posix()}/"
    for page in output.rglob("*.html"):
        name = page.relative_to(output).as_posix()
        if name != own and not _is_briefing(name) and address in page.read_text(encoding="utf-8"):
            found.add(name)
    return found


def _is_briefing(name: str) -> bool:
    """Whether the output file ``name`` is a briefing's page (at its date's
    address, ``2021/12/20/slug/index.html``)."""
    parts = name.split("/")
    return len(parts) == 5 and all(part.isdigit() for part in parts[:3])


def test_changed_briefing_rerenders_its_page_and_the_pages_that_show_the_change(tmp_path, rendered):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    slug = "how-nato-grew-eastward-after-the-cold-war"
    listing = {p.parent.name for p in output.glob("players/*/index.html")
               if f"2021/12/20/{slug}/" in p.read_text(encoding="utf-8")}
    assert {"georgia", "russia"} <= listing
    search_index = output / "pagefind" / "shard-0" / "pagefind-entry.json"
    indexed = search_index.stat().st_mtime_ns
    rendered.clear()

    # A role written by hand: shown on the briefing's page and on its
    # player's; the other players' pages list the briefing, not the role.
    nato = content / "briefings" / "nato-enlargement-since-1999.md"
    nato.write_text(nato.read_text(encoding="utf-8").replace(
        "named with Ukraine at the 2008 Bucharest summit", "a candidate since the Bucharest summit"),
        encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache") == []
    assert f"2021/12/20/{slug}/index.html" in rendered
    player_pages = [name for name in rendered if name.startswith("players/") and name != "players/index.html"]
    assert player_pages == ["players/georgia/index.html"]
    assert "a candidate since the Bucharest summit" in (output / "players" / "georgia" / "index.html").read_text()
    assert search_index.stat().st_mtime_ns > indexed


def test_rebuild_after_changes_is_the_same_as_a_clean_build(tmp_path):
    """No page shows stale data: a rebuild after a retitled briefing (shown
    on many pages), an edited one and a deleted one makes the same files as
    a build from nothing."""
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []

    cuban = content / "briefings" / "cuban-missile-crisis-1962.md"
    cuban.write_text(cuban.read_text(encoding="utf-8").replace(
        "Title: The Cuban missile crisis, the showdown Moscow keeps invoking", "Title: Thirteen days in 1962"),
        encoding="utf-8")
    nato = content / "briefings" / "nato-enlargement-since-1999.md"
    nato.write_text(nato.read_text(encoding="utf-8").replace("(place): named with", "(place): listed with"),
                    encoding="utf-8")
    (content / "raw" / "geneva-strategic-stability-talks.txt").unlink()
    assert build_site(content, output, tmp_path / "cache") == []

    clean_cache = tmp_path / "clean-cache"
    clean_cache.mkdir()
    shutil.copy(tmp_path / "cache" / "annotations.sqlite", clean_cache)  # the same annotations, faster
    assert build_site(content, tmp_path / "clean", clean_cache) == []
    incremental, clean = built_files(output), built_files(tmp_path / "clean")
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if incremental[name] != clean[name]] == []
    assert "Thirteen days in 1962" in incremental["players/john-f-kennedy/index.html"].decode()


def test_changed_template_rerenders_every_page(tmp_path, rendered):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    overrides = tmp_path / "templates"
    overrides.mkdir()
    assert build_site(content, output, tmp_path / "cache", THEME_TEMPLATES_OVERRIDES=[str(overrides)]) == []
    first = list(rendered)
    rendered.clear()

    base = (ROOT / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
    (overrides / "base.html").write_text(base.replace("Built with Pelican.", "Built again."), encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache", THEME_TEMPLATES_OVERRIDES=[str(overrides)]) == []
    assert sorted(rendered) == sorted(first)
    pages = [p for p in output.rglob("*.html") if "pagefind" not in p.parts and p.name != "404.html"]
    assert pages and all("Built again." in page.read_text(encoding="utf-8") for page in pages)


def test_a_page_depends_on_whatever_its_templates_read(tmp_path, rendered):
    """A theme whose every page shows how many briefings the site has: a new
    briefing renders every page again, though none of them shows it."""
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    overrides = tmp_path / "templates"
    overrides.mkdir()
    base = (ROOT / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
    (overrides / "base.html").write_text(
        base.replace("Built with Pelican.", "{{ articles | length }} briefings."), encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache", THEME_TEMPLATES_OVERRIDES=[str(overrides)]) == []
    georgia = output / "players" / "georgia" / "index.html"
    assert "6 briefings." in georgia.read_text(encoding="utf-8")

    (content / "briefings" / "new.md").write_text(
        "Title: A new briefing\nDate: 2022-02-01\n\n## Article\n\nThe harbour reopened on Tuesday.\n",
        encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache", THEME_TEMPLATES_OVERRIDES=[str(overrides)]) == []
    assert "7 briefings." in georgia.read_text(encoding="utf-8")
    assert f"2022/01/12/{NATO_COUNCIL}/index.html" in rendered


def test_deleted_briefing_pages_are_removed_and_other_files_stay(tmp_path):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    search_index = output / "pagefind" / "shard-0" / "pagefind-entry.json"
    indexed = search_index.stat().st_mtime_ns
    ours = output / "notes" / "keep.txt"  # a file the build did not write
    ours.parent.mkdir()
    ours.write_text("mine", encoding="utf-8")
    edited = briefing_dir(output, GENEVA) / "index.html"  # written by the build, then edited by hand
    edited.write_text(edited.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8")

    (content / "raw" / "nato-russia-council-brussels.txt").unlink()
    (content / "raw" / "geneva-strategic-stability-talks.txt").unlink()
    assert build_site(content, output, tmp_path / "cache") == []
    assert not (briefing_dir(output, NATO_COUNCIL)).exists()
    listed = {a["href"].strip("/").split("/")[-1] for a in soup(output / "players" / "index.html").select("main li a")}
    assert {p.name for p in (output / "players").iterdir() if p.is_dir()} == listed  # players of no briefing left
    assert edited.exists() and ours.exists()
    assert (output / "theme").is_dir() and (output / "players" / "russia" / "index.html").exists()
    assert search_index.stat().st_mtime_ns > indexed  # the removed pages leave the search index


def test_damaged_record_renders_everything_and_removes_nothing(tmp_path, rendered):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    first = list(rendered)
    before = built_files(output)
    rendered.clear()

    records = list((tmp_path / "cache" / "pelican" / "briefings" / "outputs").glob("*.json"))
    assert len(records) == 1
    records[0].write_text('{"files": {"index.html": ', encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache") == []
    assert sorted(rendered) == sorted(first)
    assert built_files(output) == before


def test_a_changed_briefing_indexes_its_own_search_shard_again(tmp_path):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache", BRIEFINGS_SEARCH_SHARD_PAGES=2) == []
    entries = {p.parent.name: p.stat().st_mtime_ns for p in (output / "pagefind").glob("shard-*/pagefind-entry.json")}
    assert len(entries) > 1

    nato = content / "briefings" / "nato-enlargement-since-1999.md"
    nato.write_text(nato.read_text(encoding="utf-8") + "\nFinland joined in 2023, after a vote in Helsinki.\n",
                    encoding="utf-8")
    assert build_site(content, output, tmp_path / "cache", BRIEFINGS_SEARCH_SHARD_PAGES=2) == []
    again = [name for name, mtime in entries.items()
             if (output / "pagefind" / name / "pagefind-entry.json").stat().st_mtime_ns != mtime]
    assert len(again) == 1  # other pages' Read more may change, but Pagefind does not read it
    indexed = [gzip.decompress(f.read_bytes()) for f in (output / "pagefind" / again[0] / "fragment").iterdir()]
    assert any(b"Helsinki" in fragment for fragment in indexed)


def test_a_failed_search_index_keeps_the_last_one_and_is_made_again_next_build(tmp_path, monkeypatch):
    import briefings_site.search as search

    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    entry = output / "pagefind" / "shard-0" / "pagefind-entry.json"
    indexed = entry.stat().st_mtime_ns

    run = search.subprocess.run
    monkeypatch.setattr(search.subprocess, "run", lambda command, **kwargs: run(
        [*command[:-1], "--no-such-option"], **kwargs))
    nato = content / "briefings" / "nato-enlargement-since-1999.md"
    nato.write_text(nato.read_text(encoding="utf-8") + "\nFinland joined in 2023.\n", encoding="utf-8")
    errors = build_site(content, output, tmp_path / "cache")
    assert len(errors) == 1 and "search index could not be built" in errors[0]
    assert entry.stat().st_mtime_ns == indexed  # the last good index stays

    monkeypatch.undo()
    assert build_site(content, output, tmp_path / "cache") == []
    assert entry.stat().st_mtime_ns > indexed
    assert any(b"Finland" in gzip.decompress(f.read_bytes()) for f in (entry.parent / "fragment").iterdir())


def test_a_site_without_briefings_has_nothing_to_search(tmp_path):
    content = tmp_path / "content"
    (content / "pages").mkdir(parents=True)
    (content / "pages" / "about.md").write_text("Title: About\n\nAbout this site.\n", encoding="utf-8")
    assert build_site(content, tmp_path / "output", tmp_path / "cache") == []
    assert "const shards = []" in (tmp_path / "output" / "search" / "index.html").read_text(encoding="utf-8")
    assert not list((tmp_path / "output").glob("pagefind/shard-*"))


@pytest.mark.parametrize("author_pages", ["", "authors/{slug}/index.html"])
def test_author_pages_are_made_only_when_asked_for(tmp_path, monkeypatch, author_pages):
    from pelican.generators import ArticlesGenerator

    paired = []
    generate_authors = ArticlesGenerator.generate_authors
    monkeypatch.setattr(ArticlesGenerator, "generate_authors",
                        lambda self, write: paired.extend(self.authors) or generate_authors(self, write))
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "output", tmp_path / "cache", AUTHOR_SAVE_AS=author_pages) == []
    written = list((tmp_path / "output").glob("authors/*/index.html"))
    assert (bool(paired), bool(written)) == (bool(author_pages), bool(author_pages))


def test_an_annotation_has_one_key_however_its_values_are_shared():
    import json

    from briefings.model import Briefing, Player
    from briefings_site.incremental.render_keys import PageKeys

    role = "Kremlin spokesman"
    made = Briefing("Talks", "Text.", players=[Player("Dmitry Peskov", "person", role=role, roles=[role])])
    read_back = Briefing.from_dict(json.loads(json.dumps(made.to_dict())))  # as the annotation cache gives it
    assert read_back == made and read_back.players[0].role is not read_back.players[0].roles[0]
    keys = PageKeys({"SITENAME": "Briefings"}, "")
    other = Briefing("Talks", "Other text.", players=made.players)
    assert keys.data_key(made) == keys.data_key(read_back) != keys.data_key(other)


def test_a_shard_indexes_exactly_its_pages_whatever_their_names(tmp_path, monkeypatch):
    import json

    # Pagefind's settings from the environment do not change which pages, or where.
    monkeypatch.setenv("PAGEFIND_GLOB", "**/*.html")
    monkeypatch.setenv("PAGEFIND_SITE", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("PAGEFIND_OUTPUT_PATH", str(tmp_path / "elsewhere"))

    from briefings_site.search import index_shard

    site = tmp_path / "output"
    names = ["briefings/talks, day 1/index.html", "briefings/{draft}[2]/index.html",
             "briefings/wow! $5 (a\\b)/index.html", "briefings/other/index.html"]
    for name in names:
        (site / name).parent.mkdir(parents=True)
        (site / name).write_text(f"<html><body data-pagefind-body><h1>{name}</h1><p>Talks in Geneva.</p></body></html>",
                                 encoding="utf-8")
    index = site / "pagefind" / "shard-0"
    assert index_shard(names[:3], site, tmp_path / "work", index) is None
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == 3


def test_a_warm_build_keeps_the_player_pages_without_a_key_each(tmp_path, rendered, monkeypatch):
    """Nothing changed: the players' pages are kept as a whole, no page's
    own key worked out; one removed by hand is written again, and the
    others are still kept."""
    from briefings_site.incremental.render_keys import PageKeys

    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    players = sorted(p.relative_to(output).as_posix() for p in output.glob("players/*/index.html"))
    assert len(players) > 10
    keyed: list[str] = []
    page_key = PageKeys.page_key

    def counting(self, template, context, kwargs, name, *args):
        keyed.append(name)
        return page_key(self, template, context, kwargs, name, *args)

    monkeypatch.setattr(PageKeys, "page_key", counting)
    rendered.clear()
    assert build_site(content, output, tmp_path / "cache") == []
    assert rendered == []
    assert not set(players) & set(keyed)
    assert any(map(_is_briefing, keyed))  # the briefings' pages are keyed one by one

    (output / players[0]).unlink()
    keyed.clear()
    assert build_site(content, output, tmp_path / "cache") == []
    assert rendered == [players[0]]
    assert set(players) <= set(keyed)
    assert (output / players[0]).exists()


def test_only_briefings_pages_are_indexed_for_search_whatever_their_addresses():
    """Dated addresses (``2021/12/29/slug/``) have as many folders as a
    player's timeline (``players/nato/timeline/``): only a briefing's page is
    indexed (a timeline page in a shard also made it look unfinished, so that
    every rebuild indexed that shard again)."""
    from briefings_site.search import indexed_pages, matches

    dated = indexed_pages({"ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html"})
    assert matches("2021/12/29/talks-in-geneva/index.html", dated)
    for other in ("players/nato/timeline/index.html", "tags/nato/timeline/index.html",
                  "timeline/events/2005/2/index.html", "2021/12/talks/index.html"):
        assert not matches(other, dated), other
    plain = indexed_pages({"ARTICLE_SAVE_AS": "briefings/{slug}/index.html"})
    assert matches("briefings/talks/index.html", plain) and not matches("players/talks/index.html", plain)
    yearly = indexed_pages({"ARTICLE_SAVE_AS": "{date:%Y}/{slug}.html"})
    assert matches("2021/talks.html", yearly) and not matches("tags/talks.html", yearly)
