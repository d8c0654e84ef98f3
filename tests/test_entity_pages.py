"""One real-world entity, one page: real builds of the example site plus a
dozen fresh articles (fixtures/entity_site, written for this test: wire
copy and a market report naming the same people and organisations under
varied names, "Vladimir Putin"/"Putin"/"Mr. Putin", "the United
States"/"U.S."/"America", the International Monetary Fund spelt out in one
article only, Joe and Jill Biden, speakers quoted who are no key player).

The site is built once as it comes, then again (a warm build, through the
incremental engine) with an editor's ``players.conf`` that merges, splits,
names, hides and has two lines that cannot apply.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefings.cli import main as briefings
from briefings_site.pages import player_links
from scratch import ARTICLE, make_site
from site_build import build_site, copy_example_content, soup

FIXTURES = Path(__file__).parent / "fixtures" / "entity_site"
KREMLIN = "kremlin-says-new-u-s-sanctions-will-not-change-mr-putins-course"
OPEC = "oil-producers-extend-output-cuts-into-the-second-quarter"
SPEECH = "joe-biden-uses-state-of-the-union-speech-to-attack-putin-and-rally-support-for"
JILL = "first-lady-jill-biden-tours-community-colleges-in-ohio"

EDITOR_FILE = f"""\
# Who is who on this site.
# The annotators cut OPEC's long name in two, and the Saudi minister's:
merge: OPEC | Petroleum Exporting Countries
name: OPEC | Organization of the Petroleum Exporting Countries
kind: OPEC | organization
merge: Abdulaziz | Prince Abdulaziz bin Salman
name: abdulaziz | Prince Abdulaziz bin Salman
# "Washington" in the Kremlin's words is the American government:
split: Washington | briefings: {KREMLIN} | name: US government
kind: US government | organization
hide: State of the Union
merge: Nobody At All | Vladimir Putin
frobnicate: Kremlin
"""


@dataclass
class Site:
    output: Path
    errors: list[str]

    @property
    def export(self) -> list[dict]:
        return json.loads((self.output / "briefings.json").read_text(encoding="utf-8"))

    def briefing(self, slug: str) -> dict:
        return next(b for b in self.export if b["slug"] == slug)

    def url(self, slug: str) -> str:
        """The address of the briefing ``slug`` (dated: 2024/02/24/slug/)."""
        return self.briefing(slug)["url"]

    def pages(self) -> set[str]:
        """The player pages written, as addresses ("players/<id>/")."""
        return {f"players/{p.parent.name}/" for p in (self.output / "players").glob("*/index.html")}

    def page(self, url: str):
        return soup(self.output / url / "index.html")


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Site, Site]:
    root = tmp_path_factory.mktemp("entity-site")
    content = copy_example_content(root / "content")
    for path in sorted(FIXTURES.glob("*.txt")):
        shutil.copy(path, content / "raw" / path.name)
    errors = build_site(content, root / "output", root / "cache")
    shutil.copytree(root / "output", root / "plain")
    (content / "players.conf").write_text(EDITOR_FILE, encoding="utf-8")
    edited = build_site(content, root / "output", root / "cache")
    return Site(root / "plain", errors), Site(root / "output", edited)


@pytest.fixture(scope="module")
def plain(sites) -> Site:
    return sites[0]


@pytest.fixture(scope="module")
def edited(sites) -> Site:
    return sites[1]


def target(page: str, href: str) -> str:
    """The site address a relative link on the page at ``page`` leads to."""
    return posixpath.normpath(posixpath.join(page, href)).strip("/") + "/"


def ids_of(site: Site, *names: str) -> set[str]:
    """The ids the site gives players named (or also called) ``names``, in
    every briefing."""
    return {p["id"] for b in site.export for p in b["players"]
            if p["name"] in names or set(p.get("aliases") or ()) & set(names)}


def once(players: list[dict], shown: set[str] = frozenset()) -> list[dict]:
    """``players`` without those of an identity in ``shown`` or before them."""
    seen, kept = set(shown), []
    for player in players:
        if player["id"] not in seen:
            seen.add(player["id"])
            kept.append(player)
    return kept


# --- the pages are the site's identities ----------------------------------------------------------------------


@pytest.mark.parametrize("which", ["plain", "edited"])
def test_the_pages_built_are_the_identities_with_a_page_in_the_export(sites, which):
    site = sites[0] if which == "plain" else sites[1]
    urls: dict[str, set] = {}
    for briefing in site.export:
        for player in briefing["players"]:
            urls.setdefault(player["id"], set()).add(player["url"])
    assert all(len(found) == 1 for found in urls.values())  # one identity, one address (or none)
    with_page = {next(iter(found)) for found in urls.values()} - {None}
    assert with_page == site.pages()
    assert all(url == f"players/{identity}/" for identity, found in urls.items() for url in found if url)
    # The players index lists every page, once.
    listed = [target("players/", a["href"]) for a in site.page("players").select("main .index-list a")]
    assert sorted(listed) == sorted(with_page)


def test_a_page_per_entity_under_all_its_names(plain):
    assert plain.errors == []
    # Each entity of the fresh articles, by every name they use: one identity.
    for names in [("Vladimir Putin", "Putin"), ("United States", "U.S.", "America"),
                  ("International Monetary Fund", "IMF"), ("Dmitry Peskov",), ("Joe Biden",),
                  ("Kremlin",), ("Volodymyr Zelenskiy",)]:
        assert len(ids_of(plain, *names)) == 1, names
    # The two Bidens stay apart; "Biden" alone in the first lady's article is her.
    assert ids_of(plain, "Jill Biden") == {"jill-biden"} and ids_of(plain, "Joe Biden") == {"joe-biden"}
    credits = [a for a in plain.page(plain.url(JILL)).select(".quotes .speaker")]
    assert credits and {target(plain.url(JILL), a["href"]) for a in credits} == {"players/jill-biden/"}
    # Titled with the fullest name; a surname alone titles no page of its own.
    putin = plain.page("players/vladimir-putin")
    assert putin.select_one("h1").get_text() == "Vladimir Putin"
    heads = [(page.select_one("h1").get_text(), page.select_one(".kicker").get_text())
             for page in map(plain.page, plain.pages())]
    titles = [title for title, _ in heads]
    assert len(titles) == len(set(titles))
    people = [title for title, kind in heads if kind == "Person"]
    assert not [t for t in people if " " not in t and any(n.endswith(" " + t) for n in people)]


def test_a_player_of_one_briefing_that_no_one_quotes_and_no_key_player_has_no_page(plain):
    counts: dict[str, int] = {}
    for briefing in plain.export:
        for identity in {p["id"] for p in briefing["players"]}:
            counts[identity] = counts.get(identity, 0) + 1
    for briefing in plain.export:
        speakers = {q["speaker"] for q in briefing["quotes"]}
        for player in briefing["players"]:
            named = {player["name"], *(player.get("aliases") or ())}
            if counts[player["id"]] == 1 and not player["key"] and not named & speakers:
                assert player["url"] is None, player["name"]
    for name in ("Serhiy Marchenko", "Super", "West", "Nordvik Bank"):
        assert ids_of(plain, name) and not [p for b in plain.export for p in b["players"]
                                            if p["name"] == name and p["url"]]


@pytest.mark.xfail(strict=True, reason="the annotators cut 'The Organization of the Petroleum Exporting Countries "
                                       "(OPEC)' after a dateline into 'OPEC' and a person 'Petroleum Exporting "
                                       "Countries'; the editor's file mends it (below)")
def test_no_page_for_a_fragment_of_a_name(plain):
    assert "players/petroleum-countries/" not in plain.pages()


# --- every mention links to its page ---------------------------------------------------------------------


def test_every_named_speaker_is_credited_with_a_link_to_a_page(plain):
    credited = 0
    for briefing in plain.export:
        page = briefing["url"]
        names = {n for p in briefing["players"] for n in (p["name"], *(p.get("aliases") or ()))}
        credits = plain.page(page).select(".quotes figcaption .speaker")
        assert len(credits) == len(briefing["quotes"])
        for quote, credit in zip(briefing["quotes"], credits, strict=True):
            if quote["speaker"] in names:
                assert credit.name == "a", (briefing["slug"], quote["speaker"])
                assert target(page, credit["href"]) in plain.pages()
                credited += 1
    assert credited >= 20
    # Quoted, though no key player: a page, and the credit leads there.
    for name, slug in [("Hanna Lindqvist", "oil-climbs-as-traders-weigh-opec-cuts-against-weak-chinese-demand"),
                       ("Oleksandra Matviichuk", "zelenskiy-marks-two-years-of-war-with-call-for-more-air-defence")]:
        page = plain.url(slug)
        links = [a for a in plain.page(page).select(".quotes a.speaker") if a.get_text() == name]
        assert links and target(page, links[0]["href"]) in plain.pages()


def test_key_players_also_mentioned_and_chips_link_exactly_to_the_pages_there_are(plain):
    home = plain.page("")
    for briefing in plain.export:
        page = briefing["url"]
        html = plain.page(page)
        # Each identity once, a key player if any of its mentions is one.
        key = once([p for p in briefing["players"] if p["key"]])
        others = once([p for p in briefing["players"] if not p["key"]], {p["id"] for p in key})
        for players, selector in [(key, ".players .player-name"), (others, ".players .also-name")]:
            shown = html.select(selector)
            assert len(shown) == len(players)
            for player, element in zip(players, shown, strict=True):
                if player["url"]:
                    assert element.name == "a" and target(page, element["href"]) == player["url"]
                else:
                    assert element.name == "span", player["name"]
    # The home page's chips: the canonical name, a link when there is a page.
    chips = home.select(".card .chips .chip")
    assert chips and all(target("", chip["href"]) in plain.pages() for chip in chips if chip.name == "a")
    assert "Putin" not in [chip.get_text() for chip in chips]  # "Mr. Putin"'s briefing shows the full name
    assert "Vladimir Putin" in [chip.get_text() for chip in chips]


def test_timeline_entries_link_the_players_they_name(plain):
    links = 0
    for briefing in plain.export:
        page = briefing["url"]
        for link in plain.page(page).select(".timeline-list .player-link"):
            assert target(page, link["href"]) in plain.pages()
            links += 1
    assert links >= 10
    # the site's events, one page a year
    on_timeline = [(f"timeline/events/{year.name}/", a) for year in (plain.output / "timeline" / "events").iterdir()
                   if year.is_dir() for a in plain.page(f"timeline/events/{year.name}").select(".player-link")]
    assert on_timeline and all(target(page, a["href"]) in plain.pages() for page, a in on_timeline)
    kremlin = plain.page(plain.url(KREMLIN))
    named = {a.get_text(): target(plain.url(KREMLIN), a["href"]) for a in kremlin.select(".player-link")}
    assert named.get("Putin") == "players/vladimir-putin/"


# --- the player's page -----------------------------------------------------------------------------------


def test_a_player_page_shows_roles_quotes_events_companions_and_briefings_newest_first(plain):
    url = "players/vladimir-putin/"
    page = plain.page(url)
    mine = [b for b in plain.export if any(p["id"] == "vladimir-putin" for p in b["players"])]
    dates = [t["datetime"] for t in page.select("#briefings-heading + ul time")]
    assert len(dates) == len(mine) and dates == sorted(dates, reverse=True)
    roles = page.select(".roles li")
    assert any(li.select_one(".role-sources a") and re.search(r"\d{4}", li.get_text()) for li in roles)
    in_context = page.select(".quotes figure.in-context")
    assert in_context and all(f.select_one("strong") for f in in_context)  # the words, in their sentence
    events = page.select(".timeline-list li")
    assert events
    assert not [a for a in page.select(".timeline-list .player-link") if target(url, a["href"]) == url]
    companions = page.select(".companions li")
    assert companions
    for item in companions:
        assert target(url, item.select_one("a")["href"]) in plain.pages()
        assert re.search(r"in \d+ briefings?", item.get_text())


# --- the editor's file -----------------------------------------------------------------------------------


def test_the_editors_file_wins_and_its_bad_lines_are_reported_with_their_line(edited):
    assert len(edited.errors) == 2
    assert {re.search(r"players\.conf:(\d+): ", e).group(1) for e in edited.errors} == {"12", "13"}
    pages = edited.pages()
    assert "players/vladimir-putin/" in pages  # the rest built
    # merge: one identity, one page.
    assert len(ids_of(edited, "OPEC", "Petroleum Exporting Countries")) == 1
    assert "players/petroleum-countries/" not in pages
    opec = edited.page(f"players/{ids_of(edited, 'OPEC').pop()}")
    assert opec.select_one("h1").get_text() == "Organization of the Petroleum Exporting Countries"
    assert opec.select_one(".kicker").get_text() == "Organisation"
    # merge and name: the minister's page is titled as the editor wrote.
    minister = ids_of(edited, "Abdulaziz", "Prince Abdulaziz bin Salman")
    assert len(minister) == 1
    assert edited.page(f"players/{minister.pop()}").select_one("h1").get_text() == "Prince Abdulaziz bin Salman"
    # split: "Washington" in the Kremlin's briefing is a player of its own, an organisation.
    in_kremlin = next(p for p in edited.briefing(KREMLIN)["players"] if p["name"] == "Washington")
    assert in_kremlin["id"] not in {p["id"] for b in edited.export if b["slug"] != KREMLIN
                                    for p in b["players"] if p["name"] == "Washington"}
    government = edited.page(in_kremlin["url"])
    assert government.select_one("h1").get_text() == "US government"
    assert government.select_one(".kicker").get_text() == "Organisation"
    chips = {li.select_one(".player-name").get_text(): li.select_one(".player-kind").get_text()
             for li in edited.page(edited.url(KREMLIN)).select(".players .player")}
    assert chips["US government"] == "organization"
    # hide: no page, no link, and the warm build removed the page it had.
    assert "players/state-of-the-union/" not in pages
    # A briefing that names one player twice (merged by the editor) shows it once.
    opec = edited.page(edited.url(OPEC))
    names = [e.get_text() for e in opec.select(".players .player-name, .players .also-name")]
    assert len(names) == len(set(names)) == len(once(edited.briefing(OPEC)["players"]))
    speech = edited.page(edited.url(SPEECH))
    shown = [e for e in speech.select(".players .player-name") if e.get_text() == "State of the Union"]
    assert shown and shown[0].name == "span"


def test_a_bad_editors_file_fails_the_build_command_and_its_setting_names_another(tmp_path, monkeypatch, caplog):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE,
                                         "content/players.conf": "kind: Sergei Ryabkov | person\nsplit: nobody\n"})
    monkeypatch.chdir(site)
    assert briefings(["build"]) != 0
    assert re.search(r"players\.conf:2: split needs", caplog.text)
    assert (site / "output" / "players" / "sergei-ryabkov" / "index.html").is_file()
    (site / "content" / "editor").mkdir()
    (site / "content" / "editor" / "who.conf").write_text("hide: Sergei Ryabkov\n", encoding="utf-8")
    errors = build_site(site / "content", site / "other", site / ".cache", BRIEFINGS_PLAYERS_FILE="editor/who.conf")
    assert errors == []
    assert (site / "other" / "players" / "wendy-sherman" / "index.html").is_file()
    assert not (site / "other" / "players" / "sergei-ryabkov" / "index.html").exists()


def test_player_links_escape_the_text_and_link_whole_names_longest_first():
    urls = {"Putin": "players/vladimir-putin/", "Vladimir Putin": "players/vladimir-putin/",
            "U.S.": "players/united-states/", "Kyiv": "players/kyiv/"}
    html = str(player_links("Vladimir Putin <b>met</b> U.S. envoys; Putinism & Kyivstar, Kyiv.", urls, "..",
                            skip="players/kyiv/"))
    assert html == ('<a class="player-link" href="../players/vladimir-putin/">Vladimir Putin</a> '
                    '&lt;b&gt;met&lt;/b&gt; <a class="player-link" href="../players/united-states/">U.S.</a> '
                    "envoys; Putinism &amp; Kyivstar, Kyiv.")


# --- the site index kept between builds ------------------------------------------------------------------


def test_the_site_index_kept_between_builds_is_the_one_made_anew(tmp_path, nlp, monkeypatch):
    from briefings.annotate.pipeline import annotate
    from briefings.editor_file import parse_editor_file
    from briefings.ingest import read_article
    from briefings.site_index import build_site_index
    from briefings_site.incremental import site_index as kept

    class Card:  # a build's reference to a briefing
        pass

    briefings = [annotate(read_article(path), nlp) for path in sorted(FIXTURES.glob("*.txt"))[:6]]
    slugs = [f"b{n}" for n in range(len(briefings))]
    cards = [Card() for _ in briefings]
    editor = parse_editor_file("merge: Kremlin | Vladimir Putin\n")
    made = build_site_index(list(zip(cards, briefings)), editor=editor, slugs=slugs)
    assert kept.with_references(kept.cached_site_index(tmp_path, briefings, slugs, editor), cards) == made

    def not_again(*args, **kwargs):
        raise AssertionError("made anew")

    with monkeypatch.context() as patch:
        patch.setattr(kept, "build_site_index", not_again)
        assert kept.with_references(kept.cached_site_index(tmp_path, briefings, slugs, editor), cards) == made
        with pytest.raises(AssertionError, match="made anew"):  # the editor's file changed
            kept.cached_site_index(tmp_path, briefings, slugs, parse_editor_file("hide: Kremlin\n"))
        with pytest.raises(AssertionError, match="made anew"):  # a briefing changed
            kept.cached_site_index(tmp_path, briefings[:-1], slugs[:-1], editor)
    other = parse_editor_file("hide: Kremlin\n")
    hidden = kept.with_references(kept.cached_site_index(tmp_path, briefings, slugs, other), cards)
    assert hidden == build_site_index(list(zip(cards, briefings)), editor=other, slugs=slugs) != made
    assert all(isinstance(ref, Card) for player in hidden.players for ref in player.briefings)
