"""The plugin as a Pelican plugin: one Build per run, its settings, the
incremental engine behind a fence that changes nothing of the site, and
Pelican's contracts kept (``content_written`` for every page, kept ones
included, so that a sitemap plugin lists them all)."""

from __future__ import annotations

import ast
import gc
import importlib
import logging
import pkgutil
import re
import shutil
import weakref
from collections import Counter
from collections.abc import MutableMapping, MutableSequence, MutableSet
from pathlib import Path

import jinja2
import pelican
import pytest
from blinker import ANY
from pelican import Pelican, signals

import briefings_site
from briefings.cache import code_version
from briefings_site.build import Build
from briefings_site.settings import SettingError, complete
from fixture_site import write_fixture_site
from scratch import make_site
from site_build import (
    ROOT,
    briefing_dir,
    briefing_pages,
    build_site,
    copy_example_content,
    run_build,
    site_settings,
    soup,
)
from test_links import missing

PLUGIN = ROOT / "plugins" / "briefings_site"


def files_of(output: Path) -> dict[str, bytes]:
    """Every file of a built site, by path."""
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in output.rglob("*") if path.is_file()}


def differences(first: Path, second: Path) -> list[str]:
    one, other = files_of(first), files_of(second)
    return sorted(name for name in one.keys() | other.keys() if one.get(name) != other.get(name))


def html_pages(output: Path) -> set[str]:
    return {str(path) for path in output.rglob("*.html")}


# --- incremental or not, the same site ------------------------------------------


def build_both_ways(root: Path, content: Path, change) -> dict[str, list[str]]:
    """Build ``content`` with the engine and without (one annotation cache),
    from nothing and again after ``change(content)``; the files that differ
    between the two outputs each time."""
    annotations = root / "shared" / "annotations.sqlite"  # a folder of its own: no output may lie in it
    outputs = {}
    for incremental in (True, False):
        outputs[incremental] = root / f"output-{incremental}"
        shutil.copytree(content, root / f"content-{incremental}")
    found = {}
    for step in ("cold", "after a change"):
        for incremental in (True, False):
            if step != "cold":
                change(root / f"content-{incremental}")
            errors = build_site(root / f"content-{incremental}", outputs[incremental], root / f"cache-{incremental}",
                                BRIEFINGS_INCREMENTAL=incremental, BRIEFINGS_CACHE_PATH=str(annotations))
            assert errors == [], (step, incremental, errors)
        found[step] = differences(outputs[True], outputs[False])
    return found


def add_a_sentence(path: Path):
    def change(content: Path) -> None:
        source = content / path
        source.write_bytes(source.read_bytes() + b"\nThe delegations met again in Lausanne on Friday.\n")
    return change


def test_the_example_site_is_the_same_with_the_engine_and_without(tmp_path):
    content = copy_example_content(tmp_path / "content")
    found = build_both_ways(tmp_path, content, add_a_sentence(Path("raw/geneva-strategic-stability-talks.txt")))
    assert found == {"cold": [], "after a change": []}
    page = briefing_dir(tmp_path / "output-False", "u-s-and-russian-diplomats-meet-in-geneva-over-ukraine-and-nato")
    assert "Lausanne" in (page / "index.html").read_text(encoding="utf-8")


def test_a_varied_site_of_fifty_briefings_is_the_same_with_the_engine_and_without(tmp_path):
    briefings = write_fixture_site(tmp_path / "content")
    assert briefings >= 50
    found = build_both_ways(tmp_path, tmp_path / "content", add_a_sentence(Path("raw/article-07.txt")))
    assert found == {"cold": [], "after a change": []}
    output = tmp_path / "output-False"
    listed = {a["href"] for a in soup(output / "archives" / "index.html").select("main a")}
    built = set(briefing_pages(output))
    drafts = list((output / "drafts").glob("*.html"))
    # Published briefings are listed; hidden ones built, not listed; drafts apart.
    assert len(listed) >= 40 and len(built) > len(listed) and drafts
    assert len(list((output / "players").glob("*/index.html"))) >= 5
    assert list((output / "pagefind").glob("shard-*/pagefind-entry.json"))


# --- Pelican's contract: content_written for every page ------------------------


def written_by_a_build(settings) -> Counter:
    """The files a build of ``settings`` sends ``content_written`` for."""
    sent: Counter = Counter()

    def record(path, context):
        sent[str(path)] += 1

    signals.content_written.connect(record)
    try:
        assert run_build(Pelican(settings)) == []
    finally:
        signals.content_written.disconnect(record)
    return sent


def test_a_warm_rebuild_sends_content_written_once_for_every_page(tmp_path, monkeypatch):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache") == []
    rendered = []
    render = jinja2.Template.render
    monkeypatch.setattr(jinja2.Template, "render", lambda self, *a, **k: rendered.append(1) or render(self, *a, **k))
    sent = written_by_a_build(site_settings(content, output, tmp_path / "cache"))
    assert set(sent) == html_pages(output) and set(sent.values()) == {1}
    assert len(rendered) < len(sent) / 4  # most pages were kept, and still announced


def test_pelican_sitemap_lists_every_page_cold_and_warm(tmp_path):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    settings = {"PLUGINS": ["briefings_site", "sitemap"], "SITEURL": "https://example.org"}
    for _ in ("cold", "warm"):
        assert build_site(content, output, tmp_path / "cache", **settings) == []
        sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
        assert "<lastmod>" in sitemap  # pelican-sitemap's, not the plugin's own (which it then does not write)
        listed = set(re.findall(r"<loc>https://example.org/(.*?)</loc>", sitemap))
        pages = {re.sub(r"(^|/)index\.html$", r"\1", str(Path(page).relative_to(output)))
                 for page in html_pages(output)}
        assert len(pages) > 30 and pages <= listed, pages - listed


# --- one Build per run -----------------------------------------------------------


def receivers_of(settings) -> list:
    """The receivers of the builds with ``settings`` now connected."""
    return [receiver for signal in (signals.get_generators, signals.generator_init, signals.finalized)
            for receiver in signal.receivers_for(ANY) if isinstance(getattr(receiver, "__self__", None), Build)
            and receiver.__self__.settings is settings]


def test_each_run_of_one_pelican_is_a_new_build_and_the_last_one_is_gone(tmp_path):
    content = copy_example_content(tmp_path / "content")
    settings = site_settings(content, tmp_path / "output", tmp_path / "cache", BRIEFINGS_SEARCH=False)
    site = Pelican(settings)  # as pelican --autoreload: one Pelican, run again on each change
    first = site.briefings_build
    assert run_build(site) == []
    first_build = weakref.ref(first)
    del first
    (content / "pages" / "about.md").write_text("Title: About\n\nChanged.\n", encoding="utf-8")
    assert run_build(site) == []
    gc.collect()
    assert first_build() is None and site.briefings_build is not None
    assert {receiver.__self__ for receiver in receivers_of(settings)} == {site.briefings_build}
    assert "Changed." in (tmp_path / "output" / "pages" / "about" / "index.html").read_text(encoding="utf-8")


def test_another_pelicans_signals_are_not_this_builds(tmp_path):
    """Two sites built in one process: the first one's Build, still alive,
    does nothing in the second one's run."""
    first = copy_example_content(tmp_path / "first")
    site = Pelican(site_settings(first, tmp_path / "out-1", tmp_path / "cache-1", BRIEFINGS_SEARCH=False))
    assert run_build(site) == []
    second = tmp_path / "second"
    (second / "pages").mkdir(parents=True)
    (second / "pages" / "about.md").write_text("Title: About\n\nA site of no briefings yet.\n", encoding="utf-8")
    assert build_site(second, tmp_path / "out-2", tmp_path / "cache-2", BRIEFINGS_SEARCH=False) == []
    assert not briefing_pages(tmp_path / "out-2")
    assert site.briefings_build is not None  # alive throughout


def module_names() -> list[str]:
    return sorted(name for _, name, _ in pkgutil.walk_packages(briefings_site.__path__, "briefings_site."))


def test_the_plugin_keeps_no_state_in_its_modules():
    """No ``global`` statement, and no mutable object at module level: every
    fact of a build lives on its Build."""
    for path in PLUGIN.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [node for node in ast.walk(tree) if isinstance(node, (ast.Global, ast.Nonlocal))], path
    for name in module_names():
        module = importlib.import_module(name)
        mutable = [key for key, value in vars(module).items()
                   if not key.startswith("__") and isinstance(value, (MutableMapping, MutableSequence, MutableSet))]
        assert mutable == [], (name, mutable)


def pelican_private_names() -> set[str]:
    """Every private name Pelican's code defines or uses (``_cache``,
    ``_open_w``, ``_context``…)."""
    names = set()
    for path in Path(pelican.__file__).parent.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "name", None)
            if isinstance(name, str) and name.startswith("_") and not name.startswith("__"):
                names.add(name)
    return names


def test_pelicans_private_names_are_reached_in_the_compat_module_alone():
    private = pelican_private_names()
    assert {"_cache", "_open_w", "_context", "_content", "_written_files"} <= private
    found = {}
    for path in PLUGIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in private:
                found.setdefault(path.relative_to(PLUGIN).as_posix(), set()).add(node.attr)
            if isinstance(node, ast.Constant) and node.value in private:
                found.setdefault(path.relative_to(PLUGIN).as_posix(), set()).add(node.value)
    assert set(found) == {"incremental/compat.py"}, found


# --- Pelican versions the engine was not tested with ---------------------------------


def test_on_an_untested_pelican_the_site_is_built_without_the_engine(tmp_path, monkeypatch, caplog):
    content = copy_example_content(tmp_path / "content")
    assert build_site(content, tmp_path / "tested", tmp_path / "cache-tested") == []
    monkeypatch.setattr(pelican, "__version__", "4.13.0")
    with caplog.at_level(logging.WARNING):
        assert build_site(content, tmp_path / "untested", tmp_path / "cache-untested",
                          BRIEFINGS_CACHE_PATH=str(tmp_path / "cache-tested" / "annotations.sqlite")) == []
    warned = [record for record in caplog.records if "incremental engine was tested with" in record.getMessage()]
    assert len(warned) == 1 and "4.13.0" in warned[0].getMessage()
    assert not (tmp_path / "cache-untested" / "pelican" / "briefings" / code_version()).exists()
    assert differences(tmp_path / "tested", tmp_path / "untested") == []


# --- Pelican's own content cache ------------------------------------------------------


def test_without_the_engine_pelicans_cache_of_other_code_is_not_served(tmp_path, monkeypatch):
    import briefings_site.content_cache as content_cache
    from briefings_site import readers

    content = copy_example_content(tmp_path / "content")
    settings = {"BRIEFINGS_INCREMENTAL": False, "BRIEFINGS_SEARCH": False}
    assert build_site(content, tmp_path / "output", tmp_path / "cache", **settings) == []
    read = []
    ingest = readers.ingest
    monkeypatch.setattr(readers, "ingest", lambda path, data: read.append(path) or ingest(path, data))
    assert build_site(content, tmp_path / "output", tmp_path / "cache", **settings) == []
    assert read == []  # served from Pelican's cache
    monkeypatch.setattr(content_cache, "code_version", lambda: "another version")
    built = site_settings(content, tmp_path / "output", tmp_path / "cache", **settings)
    assert run_build(Pelican(built)) == []
    assert len(read) == 7 and built["LOAD_CONTENT_CACHE"] is True  # all read anew, the setting as given
    read.clear()
    assert build_site(content, tmp_path / "output", tmp_path / "cache", **settings) == []
    assert read == []


# --- settings -------------------------------------------------------------------------


def test_settings_get_their_defaults_and_a_plugin_folder_of_their_own():
    settings = {"CACHE_PATH": "/site/cache", "BRIEFINGS_READ_MORE": 3}
    complete(settings)
    assert settings["BRIEFINGS_READ_MORE"] == 3 and settings["BRIEFINGS_INCREMENTAL"] is True
    assert settings["CACHE_PATH"] == "/site/cache"  # the user's, as given
    assert settings["BRIEFINGS_CACHE_DIR"] == "/site/cache/briefings"
    assert settings["BRIEFINGS_OUTPUT_RECORDS"] == "/site/cache/briefings/outputs"
    assert settings["BRIEFINGS_PLAYER_URL"] == "players/{slug}/"


@pytest.mark.parametrize("name, value", [
    ("BRIEFINGS_READ_MORE", "five"), ("BRIEFINGS_READ_MORE", -1), ("BRIEFINGS_READ_MORE", True),
    ("BRIEFINGS_INCREMENTAL", "no"), ("BRIEFINGS_PROCESSES", 0), ("BRIEFINGS_SEARCH_SHARD_PAGES", 2.5),
    ("BRIEFINGS_PLAYER_URL", "people/"), ("BRIEFINGS_PLAYER_SAVE_AS", "people/{name}.html"),
    ("BRIEFINGS_TIMELINE_URL", "when/{slug}/"), ("BRIEFINGS_QUOTES_SAVE_AS", None), ("BRIEFINGS_CACHE_DIR", ""),
])
def test_a_wrong_setting_is_one_error_naming_it(name, value):
    with pytest.raises(SettingError) as raised:
        complete({"CACHE_PATH": "cache", name: value})
    assert str(raised.value).startswith(f"the setting {name} is {value!r}: ") and "\n" not in str(raised.value)


def test_an_unknown_setting_is_named_in_a_warning(caplog):
    with caplog.at_level(logging.WARNING):
        complete({"CACHE_PATH": "cache", "BRIEFINGS_READMORE": 3, "BRIEFINGS_SEARCH": False})
    assert [record.getMessage() for record in caplog.records] == [
        "the setting BRIEFINGS_READMORE is not one of the Briefings plugin's (did you mean BRIEFINGS_READ_MORE?): "
        "it is ignored"]


def test_a_build_with_a_wrong_setting_stops_with_one_line(tmp_path, monkeypatch, capsys):
    from briefings.cli import main as briefings

    site = make_site(tmp_path / "site")
    with open(site / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('BRIEFINGS_PLAYER_URL = "people/{name}/"\n')
    monkeypatch.chdir(site)
    assert briefings(["build"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: the setting BRIEFINGS_PLAYER_URL is 'people/{name}/': ") and "\n" not in error
    assert not (site / "output").exists()


def test_the_site_pages_go_where_the_settings_say(tmp_path):
    content = copy_example_content(tmp_path / "content")
    output = tmp_path / "output"
    addresses = {"BRIEFINGS_PLAYER_URL": "people/{slug}.html", "BRIEFINGS_PLAYER_SAVE_AS": "people/{slug}.html",
                 "BRIEFINGS_PLAYERS_URL": "people/", "BRIEFINGS_PLAYERS_SAVE_AS": "people/index.html",
                 "BRIEFINGS_TIMELINE_URL": "when.html", "BRIEFINGS_TIMELINE_SAVE_AS": "when.html",
                 "BRIEFINGS_QUOTES_URL": "said/", "BRIEFINGS_QUOTES_SAVE_AS": "said/index.html",
                 "BRIEFINGS_SEARCH_SAVE_AS": "",
                 "BRIEFINGS_PLAYER_TIMELINE_URL": "people/{slug}-when.html",
                 "BRIEFINGS_PLAYER_TIMELINE_SAVE_AS": "people/{slug}-when.html",
                 "BRIEFINGS_TIMELINE_EVENTS_URL": "when/", "BRIEFINGS_TIMELINE_EVENTS_SAVE_AS": "when/index.html",
                 "BRIEFINGS_TIMELINE_YEAR_URL": "when/{year}.html",
                 "BRIEFINGS_TIMELINE_YEAR_SAVE_AS": "when/{year}.html",
                 "BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS": 2}  # Putin has a timeline
    assert build_site(content, output, tmp_path / "cache", **addresses) == []
    assert (output / "people" / "vladimir-putin.html").is_file() and (output / "when.html").is_file()
    assert (output / "people" / "vladimir-putin-when.html").is_file() and (output / "when" / "2021.html").is_file()
    assert not any((output / name).exists() for name in ("players", "timeline", "quotes", "search"))
    for page in (output / "index.html", output / "404.html", output / "people" / "vladimir-putin.html"):
        html = soup(page)
        nav = [re.sub(r"^(\.\./|\./|/)+", "", a["href"]) for a in html.select("header nav a")]  # from the root
        assert nav[:6] == ["", "people/", "when.html", "said/", "tags/", "archives/"], (page, nav)
        assert not html.select("form[role=search]") and "search/" not in str(html), page  # no search page: no box
    quotes = soup(output / "said" / "index.html")
    assert any(a["href"].endswith("people/vladimir-putin.html") for a in quotes.select("main h2 a"))
    assert missing(output) == []


# --- templates fail loudly in the tests ------------------------------------------------


def test_a_template_that_reads_a_missing_field_fails_the_build(tmp_path):
    content = copy_example_content(tmp_path / "content")
    overrides = tmp_path / "templates"
    overrides.mkdir()
    article = (ROOT / "theme" / "templates" / "article.html").read_text(encoding="utf-8")
    (overrides / "article.html").write_text(article.replace("article.title", "article.headline", 1),
                                            encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError, match="headline"):
        build_site(content, tmp_path / "output", tmp_path / "cache", THEME_TEMPLATES_OVERRIDES=[str(overrides)])
