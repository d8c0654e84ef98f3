"""The topic timelines on the site (plugins/briefings_site/timelines.py), by
real builds: a timeline page per tag and per key player with enough
briefings, linked from their pages; the site's timeline tells the days that
mattered, and every dated event is one click away, one page a year."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from briefings.collect import collect
from briefings.topic_timeline import Corpus, day_scores, rank_days, topic_timeline
from briefings_site import timelines
from briefings_site.settings import BY_NAME, SettingError, complete
from briefings_site.timelines import year_parts
from site_build import briefing_dir, build_site, soup

#: A port strike told over a month in wire copy, and a look back at the
#: port's history, written for these tests (tests/fixtures/port_strike). Ana
#: Ribeiro, the union leader, is in all seven stories of the strike; Miguel
#: Costa, of the port authority, in three. Labour tags all eight, Portugal four.
PORT_STRIKE = Path(__file__).parent / "fixtures" / "port_strike"


@pytest.fixture(scope="module")
def strike_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("strike-site")
    content = root / "content"
    shutil.copytree(PORT_STRIKE, content)
    # a player of five briefings has a timeline here (the default is ten)
    errors = build_site(content, root / "output", root / "cache", BRIEFINGS_SEARCH=False,
                        BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS=5)
    assert errors == []
    return root / "output"


@pytest.fixture(scope="module")
def strike_briefings(strike_site):
    """The strike site's briefings, from the annotation cache its build filled."""
    collection = collect([strike_site.parent / "content"], cache=strike_site.parent / "cache" / "annotations.sqlite")
    assert collection.errors == []
    return collection.briefings


def _days(page) -> list[dt.date]:
    return [dt.date.fromisoformat(t["datetime"]) for t in page.select(".topic-days .topic-day time")]


# -- the example site ------------------------------------------------------------------------------


def test_every_tag_of_the_example_site_with_enough_briefings_has_a_timeline_linked_from_its_page(example_site):
    output, errors = example_site
    assert errors == []
    tags = sorted(p.name for p in (output / "tags").iterdir() if p.is_dir())
    assert {"nato", "russia", "united-states", "ukraine", "history"} <= set(tags)
    # a tag of two briefings or more (the setting's default) has a timeline, a tag of one has none
    counts = {tag: int(soup(output / "tags" / tag / "index.html").select_one(".page-head .meta").get_text().split()[0])
              for tag in tags}
    alone = [tag for tag in tags if counts[tag] < 2]
    followed = [tag for tag in tags if counts[tag] >= 2]
    assert {"nato", "russia"} <= set(followed)
    for tag in alone:
        assert soup(output / "tags" / tag / "index.html").select_one(".timeline-link") is None, tag
        assert not (output / "tags" / tag / "timeline").exists(), tag
    for tag in followed:
        page = soup(output / "tags" / tag / "index.html")
        link = page.select_one(".timeline-link a")
        assert link is not None, tag
        target = (output / "tags" / tag / link["href"]).resolve() / "index.html"
        assert target == (output / "tags" / tag / "timeline" / "index.html").resolve()
        timeline = soup(target)
        days = _days(timeline)
        assert days and days == sorted(days), tag
        # each day told in sentences, each attributed to a briefing of the site that has the tag
        for item in timeline.select(".topic-days > li"):
            for told in item.select("p"):
                links = told.select(".told-by a")
                assert links, told.get_text()
                for a in links:
                    briefing = soup((target.parent / a["href"]).resolve() / "index.html")
                    assert tag in [Path(t["href"].rstrip("/")).name for t in briefing.select("a[href*='tags/']")]
        # the way back to the tag's page
        back = timeline.select_one(".kicker a")
        assert (target.parent / back["href"]).resolve() == (output / "tags" / tag).resolve()


def test_the_example_sites_timeline_tells_the_days_that_mattered_and_links_every_event_by_year(example_site):
    output, _ = example_site
    page = soup(output / "timeline" / "index.html")
    days = _days(page)
    assert days and days == sorted(days)
    # the days of the story the briefings report, not the history piece's look back to the Cuban missile
    # crisis: a day two reports of the time give outweighs one a single look back goes back to
    published = [dt.date.fromisoformat(t["datetime"][:10]) for t in soup(output / "archives" / "index.html")
                 .select("main time[datetime]")]
    assert published and all(min(published) - dt.timedelta(days=60) <= day <= max(published) for day in days)
    assert dt.date(1962, 10, 28) not in days
    assert page.select_one(".topic-chart svg") is not None
    events = page.select_one(".events-link a")
    index = (output / "timeline" / events["href"]).resolve() / "index.html"
    years = soup(index).select(".year-index a")
    assert [a.get_text() for a in years] == sorted(a.get_text() for a in years)
    counted = 0
    for a in years:
        year = soup((index.parent / a["href"]).resolve() / "index.html")
        assert year.select_one("h1").get_text() == a.get_text()
        listed = year.select(".timeline-list time")
        assert listed and all(t["datetime"].startswith(a.get_text()) for t in listed)
        counted += len(listed)
    # every event of every briefing is on one of the years' pages
    exported = json.loads((output / "briefings.json").read_text(encoding="utf-8"))
    assert counted == sum(len(b["timeline"]) for b in exported)


# -- a site of a story told over a month -----------------------------------------------------------


def test_a_player_in_enough_briefings_gets_a_timeline_linked_from_their_page(strike_site):
    page = soup(strike_site / "players" / "ana-ribeiro" / "index.html")
    link = page.select_one(".timeline-link a")
    assert link is not None
    target = (strike_site / "players" / "ana-ribeiro" / link["href"]).resolve() / "index.html"
    timeline = soup(target)
    days = _days(timeline)
    # the strike's days, as the stories date them
    assert {dt.date(2023, 3, 6), dt.date(2023, 3, 14), dt.date(2023, 3, 20)} <= set(days)
    assert all(dt.date(2023, 3, 1) <= day <= dt.date(2023, 3, 31) for day in days)
    text = timeline.select_one(".topic-days").get_text(" ")
    assert "walked out" in text or "deal" in text


def test_a_player_in_fewer_briefings_than_the_setting_gets_no_timeline(strike_site):
    assert BY_NAME["BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS"].default == 10
    assert BY_NAME["BRIEFINGS_TAG_TIMELINE_MIN_BRIEFINGS"].default == 2
    # Miguel Costa is in three stories: a page of his own, no timeline
    page = soup(strike_site / "players" / "miguel-costa" / "index.html")
    assert page.select_one(".timeline-link") is None
    assert not (strike_site / "players" / "miguel-costa" / "timeline").exists()


def test_the_sites_timeline_shows_the_days_that_mattered_not_the_oldest(strike_site, strike_briefings):
    page = soup(strike_site / "timeline" / "index.html")
    days = _days(page)
    # the days the core's topic timeline chooses, told in the same sentences, each linked to its briefings
    chosen = topic_timeline([b for _, b in strike_briefings], [slug for slug, _ in strike_briefings],
                            sentences=BY_NAME["BRIEFINGS_TIMELINE_SENTENCES"].default)
    assert days == [entry.date for entry in chosen]
    for item, entry in zip(page.select(".topic-days > li"), chosen):
        told = item.select("p")
        assert [p.contents[0].strip() for p in told] == entry.sentences
        for p, carriers in zip(told, entry.carriers):
            assert [a["href"] for a in p.select(".told-by a")] == [
                f"../{briefing_dir(strike_site, slug).relative_to(strike_site).as_posix()}/" for slug in carriers[:3]]
    # the strike's first and last days are among them
    assert dt.date(2023, 3, 6) in days and dt.date(2023, 3, 20) in days
    # every event is one click away, on its year's page, the oldest first
    index = (strike_site / "timeline" / page.select_one(".events-link a")["href"]).resolve() / "index.html"
    years = [a.get_text() for a in soup(index).select(".year-index a")]
    assert years[0] == "1961" and years[-1] == "2023"
    events = [t["datetime"] for year in years
              for t in soup(strike_site / "timeline" / "events" / year / "index.html").select(".timeline-list time")]
    assert "1961-05-02" in events and "2012-12-03" in events
    oldest = [dt.date.fromisoformat(d) for d in dict.fromkeys(events) if len(d) == 10][:len(days)]
    assert days != oldest
    # a year's page leads to the next and back to the index
    year = soup(strike_site / "timeline" / "events" / "1961" / "index.html")
    assert year.select_one("a[rel=next]").get_text().strip().startswith("1974")


def test_days_that_two_reports_of_the_time_give_outweigh_a_look_back_at_history(strike_briefings):
    briefings = [b for _, b in strike_briefings]
    corpus = Corpus.build(briefings)
    scores = day_scores(corpus)
    # the look back's days (1961 to 2012), each in one opening sentence of one briefing
    history = [day for day in scores if day.year < 2023]
    assert {dt.date(1961, 5, 2), dt.date(1974, 6, 14), dt.date(1985, 10, 9)} <= set(history)
    # the days of the strike that two briefings or more refer to
    reported = [day for day, sentences in corpus.mentions.items()
                if day.year == 2023 and len({corpus.briefing[i] for i in sentences}) >= 2]
    assert reported
    assert min(scores[day] for day in reported) > max(scores[day] for day in history)
    # the site's timeline tells the strike first: the history comes after every such day, if at all
    ranked = rank_days(corpus)
    assert max(map(ranked.index, reported)) < min(map(ranked.index, history))


def test_the_tags_of_the_strike_site_have_timelines_from_two_briefings(strike_site, tmp_path):
    # Labour tags all eight stories, Portugal four of them: both have one
    assert (strike_site / "tags" / "labour" / "timeline" / "index.html").exists()
    assert (strike_site / "tags" / "portugal" / "timeline" / "index.html").exists()
    # with a threshold of five, Portugal has none
    content = tmp_path / "content"
    shutil.copytree(PORT_STRIKE, content)
    assert build_site(content, tmp_path / "output", tmp_path / "cache", BRIEFINGS_SEARCH=False,
                      BRIEFINGS_TAG_TIMELINE_MIN_BRIEFINGS=5) == []
    assert (tmp_path / "output" / "tags" / "labour" / "timeline" / "index.html").exists()
    assert not (tmp_path / "output" / "tags" / "portugal" / "timeline").exists()
    assert soup(tmp_path / "output" / "tags" / "portugal" / "index.html").select_one(".timeline-link") is None


def test_the_sites_own_sitemap_lists_every_timeline_page(strike_site):
    sitemap = (strike_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>[^<]*?/?((?:[^/<]+/)*)</loc>", sitemap))
    written = {path.parent.relative_to(strike_site).as_posix() + "/"
               for path in strike_site.rglob("index.html") if "timeline" in path.parts}
    assert {"players/ana-ribeiro/timeline/", "tags/labour/timeline/", "timeline/events/", "timeline/events/1961/",
            "timeline/"} <= written
    assert written <= listed


# -- what a rebuild makes again -------------------------------------------------------------------


def test_a_rebuild_makes_only_the_timelines_of_the_topics_whose_briefings_changed(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(PORT_STRIKE, content)
    made: list[tuple[str, str, bool]] = []
    make_topic = timelines.make_topic

    def counted(kind, name, url, save_as, home, articles, *args, **kwargs):
        history = any(Path(a.source_path).name == "port-history.txt" for a in articles)
        made.append((kind, name, history))
        return make_topic(kind, name, url, save_as, home, articles, *args, **kwargs)

    monkeypatch.setattr(timelines, "make_topic", counted)

    def build() -> list[tuple[str, str, bool]]:
        made.clear()
        # three briefings are enough here: Miguel Costa and the tag Portugal get timelines too
        assert build_site(content, tmp_path / "output", tmp_path / "cache", BRIEFINGS_SEARCH=False,
                          BRIEFINGS_TAG_TIMELINE_MIN_BRIEFINGS=3, BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS=3) == []
        return list(made)

    cold = build()
    assert {("player", "Ana Ribeiro", False), ("tag", "Portugal", False), ("site", "", True)} <= {
        (kind, name if kind != "site" else "", history) for kind, name, history in cold}
    assert build() == []  # nothing changed: every timeline kept
    history = content / "port-history.txt"
    history.write_text(history.read_text(encoding="utf-8") + "\nThe port was rebuilt in 1975.\n", encoding="utf-8")
    again = build()
    # the site's and the others the look back is in; not the strike's player, nor a tag it does not have
    assert again and all(history for _, _, history in again)
    assert {kind for kind, _, _ in again} >= {"site", "tag"}
    assert sorted(again) == sorted(entry for entry in cold if entry[2])


def test_a_long_year_of_events_is_told_over_pages_whole_months_where_they_fit():
    groups = [("2005-01", list(range(3))), ("2005-02", list(range(2))), ("2005-03", list(range(9))),
              ("2005", list(range(1)))]
    pages = year_parts(groups, 4)
    assert [[(group, len(entries), continued) for group, entries, continued in page] for page in pages] == [
        [("2005-01", 3, False)],  # February would not fit beside January: it starts the next page
        [("2005-02", 2, False)],
        [("2005-03", 4, False)], [("2005-03", 4, True)], [("2005-03", 1, True), ("2005", 1, False)],
    ]
    assert all(sum(len(entries) for _, entries, _ in page) <= 4 for page in pages)
    # every event once, in order
    assert [e for page in pages for _, entries, _ in page for e in entries] == [e for _, es in groups for e in es]


def test_a_year_of_more_events_than_a_page_holds_is_paged(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PORT_STRIKE, content)
    output = tmp_path / "output"
    assert build_site(content, output, tmp_path / "cache", BRIEFINGS_SEARCH=False,
                      BRIEFINGS_TIMELINE_EVENTS_PER_PAGE=5) == []
    year = output / "timeline" / "events" / "2023"
    first = soup(year / "index.html")
    pages = [year / "index.html"]
    link = first.select_one("nav[aria-label^='Pages'] a[rel=next]")
    while link is not None:
        pages.append((pages[-1].parent / link["href"]).resolve() / "index.html")
        link = soup(pages[-1]).select_one("nav[aria-label^='Pages'] a[rel=next]")
    assert len(pages) >= 3 and pages[1] == (year / "2" / "index.html").resolve()
    events = [soup(page).select(".timeline-list time") for page in pages]
    assert all(0 < len(listed) <= 5 for listed in events)
    stated = int(re.match(r"([\d,]+) dated event", first.select_one(".meta").get_text()).group(1).replace(",", ""))
    assert sum(map(len, events)) == stated
    days = [t["datetime"] for listed in events for t in listed]
    assert days == sorted(days, key=lambda d: d[:7])  # month by month, across the pages
    # the index of months leads to the page each month starts on
    for a in first.select(".month-index a"):
        target, _, anchor = a["href"].partition("#")
        page = (year / target).resolve() / "index.html" if target else year / "index.html"
        assert soup(page).select_one(f"#{anchor}") is not None
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert "timeline/events/2023/2/" in sitemap


# -- settings -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, value", [
    ("BRIEFINGS_TAG_TIMELINE_MIN_BRIEFINGS", 0),
    ("BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS", 0),
    ("BRIEFINGS_TIMELINE_SENTENCES", "2"),
    ("BRIEFINGS_TAG_TIMELINE_URL", "tags/timeline/"),
    ("BRIEFINGS_TIMELINE_YEAR_SAVE_AS", "timeline/{slug}/index.html"),
    ("BRIEFINGS_TIMELINE_EVENTS_PER_PAGE", 0),
    ("BRIEFINGS_TIMELINE_YEAR_PAGE_URL", "timeline/events/{year}/"),
])
def test_a_wrong_timeline_setting_names_itself(name, value):
    with pytest.raises(SettingError, match=re.escape(name)):
        complete({"CACHE_PATH": "cache", name: value})
