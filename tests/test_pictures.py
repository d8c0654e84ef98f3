"""The pictures (briefings.pictures): real SVG, parsed as XML and measured,
and rendered in Chromium at phone and desktop widths, light and dark."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.model import TimelineEntry
from briefings.pictures import (
    Node,
    events_chart,
    events_chart_summary,
    players_network,
    players_network_summary,
    responsive,
    seen_together,
    style_sheet,
    timeline_strip,
    timeline_strip_summary,
)
from briefings.pictures._svg import Box, text_width

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & Co "quoted" \x07'


def entry(start: str, end: str | None = None, event: str = "Something happened", upcoming: bool = False):
    return TimelineEntry(value=start, start_date=start, end_date=end or start, text=start, event=event,
                         sentence=event, upcoming=upcoming)


# Modelled on the timeline the annotators give the example article
# content/raw/putin-biden-security-guarantees.txt (published 29 December 2021):
# eighteen events from 1962 to February 2022, most of them in three weeks.
SEED_PUBLISHED = dt.date(2021, 12, 29)
SEED_TIMELINE = [
    entry("1962-01-01", "1962-12-31", "The tensions over Ukraine could turn into a Cuban missile crisis scenario"),
    entry("1991-01-01", "1991-12-31", "Putin has aired grievances over NATO's expansion into Eastern Europe"),
    entry("2021-01-01", "2021-12-31", "The Biden-Putin talks come with fears"),
    entry("2021-06-01", "2021-08-31", "A long essay published"),
    entry("2021-11-01", "2021-11-30", "Nikolai Patrushev called Ukraine a protectorate in a newspaper interview"),
    entry("2021-12-01", "2021-12-31", "An unclassified U.S. intelligence analysis found Russia was preparing"),
    entry("2021-12-01", "2021-12-31", "Deputy foreign minister Sergei Ryabkov warned the tensions could turn"),
    entry("2021-12-07", None, "Biden warned Putin"),
    entry("2021-12-20", "2021-12-26", "Putin made it clear"),
    entry("2021-12-20", "2021-12-26", "He told a Western journalist"),
    entry("2021-12-20", "2021-12-26", "Biden's national security adviser said the United States had its own list"),
    entry("2021-12-20", "2021-12-26", "Putin threatened to respond with military-technical measures"),
    entry("2021-12-24", None, "Kremlin spokesman Dmitry Peskov linked Russia's test of a multiple rocket launcher"),
    entry("2021-12-26", None, "Kremlin spokesman Dmitry Peskov linked Russia's test"),
    entry("2021-12-30", None, "Biden plans to tell Putin it will respond to further incursions", upcoming=True),
    entry("2022-01-01", "2022-02-28", "The offensive could take place", upcoming=True),
    entry("2022-01-10", None, "Talks planned between U.S. and Russian officials", upcoming=True),
    entry("2022-01-10", None, "The United States had its own list of security concerns", upcoming=True),
]


def parse(svg) -> ET.Element:
    """The picture as XML (a parse error fails the test), checked for what every picture must have."""
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%" and re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and desc is not None and desc.text
    links = root.findall(f".//{SVG}a")
    if links:  # a group of links, named and described; the rest hidden from assistive technology
        assert root.get("role") == "group"
        assert root.get("aria-labelledby") == title.get("id") and root.get("aria-describedby") == desc.get("id")
        assert all(a.get("aria-label") for a in links)
        for child in root:
            if child.tag not in (f"{SVG}title", f"{SVG}desc", f"{SVG}style", f"{SVG}a"):
                assert child.tag == f"{SVG}g" and child.get("aria-hidden") == "true", child.tag
    else:  # one image
        assert root.get("role") == "img"
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.find(f".//{SVG}script") is None and root.find(f".//{SVG}foreignObject") is None
    for element in root.iter():
        for name in element.attrib:
            assert not name.lower().startswith("on")  # no event handlers
        href = element.get("href")
        if href is not None:
            assert not href.lower().startswith(("javascript:", "data:", "vbscript:"))
    return root


def size_of(element: ET.Element) -> tuple[float, bool]:
    classes = (element.get("class") or "").split()
    return (12.0 if "bp-small" in classes else 13.0), "bp-strong" in classes


def text_boxes(root: ET.Element, which) -> list[tuple[str, Box]]:
    """(text, box) of the texts ``which(element)`` picks, each line measured as the module measures."""
    out = []
    for element in root.iter(f"{SVG}text"):
        if not which(element):
            continue
        size, bold = size_of(element)
        anchor = element.get("text-anchor", "start")
        lines = list(element.iter(f"{SVG}tspan")) or [element]
        for line in lines:
            text = line.text or ""
            width = text_width(text, size, bold)
            x, y = float(line.get("x")), float(line.get("y"))
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            out.append((text, Box(left, y - 0.8 * size, left + width, y + 0.25 * size)))
    return out


def assert_apart(boxes: list[tuple[str, Box]]) -> None:
    for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
        assert not box_a.overlaps(box_b), f"{a!r} and {b!r} overlap"


def event_labels(root):
    return text_boxes(root, lambda e: e.get("class") is None)


def tick_labels(root) -> list[str]:
    return [e.text for e in root.iter(f"{SVG}text") if e.get("class") == "bp-muted bp-small"]


# -- the timeline strip ----------------------------------------------------------------------------


def test_the_seed_timeline_as_a_strip():
    links = [f"#event-{i}" for i in range(len(SEED_TIMELINE))]
    svg = timeline_strip(SEED_TIMELINE, SEED_PUBLISHED, links=links, title="Timeline: Russian officials")
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Timeline: Russian officials"
    # One mark per date: the four "last week" events share one bar, as do the two of 10 January.
    marks = root.findall(f"{SVG}a")
    assert len(marks) == 13
    assert [a.get("href") for a in marks][:3] == ["#event-0", "#event-1", "#event-2"]
    assert len(root.findall(f".//{SVG}circle")) == 5 and len(root.findall(f".//{SVG}rect")) == 8
    # 1962 to 2022 with a cluster of weeks: the gaps are shortened, and long empty ones broken.
    assert len(root.findall(f".//{SVG}line[@class='bp-axis bp-break']")) == 4
    assert tick_labels(root)[:3] == ["1962", "1991", "2021"]
    # Events to come are drawn apart (hollow); the publication day is marked.
    assert len(root.findall(f".//{SVG}g[@class='bp-upcoming']")) == 3
    assert root.find(f".//{SVG}line[@class='bp-now']") is not None
    assert any(t.text == "Published 29 Dec 2021" for t in root.iter(f"{SVG}text"))
    labels = event_labels(root)
    assert len(labels) >= 8
    assert_apart(labels)
    desc = root.find(f"{SVG}desc").text
    assert desc.startswith("Timeline of 18 dated events, from 1962 to February 2022; the briefing was published "
                           "on 29 December 2021, and 4 events are still to come. Long gaps between dates are "
                           "shortened. 1962: The tensions over Ukraine")
    assert "20 to 26 December 2021: Putin made it clear; 20 to 26 December 2021: He told" in desc


def test_a_strip_is_the_same_for_the_same_input_and_differs_with_it():
    one = timeline_strip(SEED_TIMELINE, SEED_PUBLISHED)
    assert one == timeline_strip(list(SEED_TIMELINE), SEED_PUBLISHED)
    other = timeline_strip(SEED_TIMELINE[1:], SEED_PUBLISHED)
    assert one != other and parse(one).get("id") != parse(other).get("id")


def test_hostile_text_and_links_are_escaped_or_dropped():
    entries = [entry("2021-12-01", None, HOSTILE), entry("2021-12-09", None, "Fine & dandy")]
    links = ["javascript:alert(1)", '#a" onmouseover="alert(1)']
    svg = timeline_strip(entries, dt.date(2021, 12, 10), links=links, title=HOSTILE, id='x"><script>')
    assert "<script>" not in str(svg) and "\x07" not in str(svg)
    root = parse(svg)
    assert root.find(f"{SVG}title").text == '<script>alert("x")</script> & Co "quoted"'
    anchors = root.findall(f"{SVG}a")
    assert [a.get("href") for a in anchors] == ['#a" onmouseover="alert(1)']  # the javascript: link is gone
    assert "&amp; Co" in str(svg) and "Fine &amp; dandy" in str(svg)
    assert root.get("id") == "x-script"


def test_a_crowded_strip_keeps_its_labels_apart_and_its_leaders_clear():
    week = [entry(f"2021-12-{day:02d}", None, f"Event {n} of a busy week with a long description of it")
            for n, day in enumerate(itertools.islice(itertools.cycle(range(1, 8)), 40))]
    history = [entry("1962-10-22", None, "Kennedy announced a naval quarantine"), entry("1991-12-26", None, HOSTILE)]
    for width in (680, 360):
        root = parse(timeline_strip(history + week, dt.date(2021, 12, 8), width=width))
        labels = event_labels(root)
        assert len(labels) >= 4
        assert_apart(labels)
        for _, box in labels:
            assert 0 <= box.left and box.right <= width
        for line in root.iter(f"{SVG}line"):
            if line.get("class") != "bp-leader":
                continue
            x, top, bottom = float(line.get("x1")), float(line.get("y1")), float(line.get("y2"))
            for text, box in labels:
                assert not (box.left <= x <= box.right and box.top < bottom and top < box.bottom), text
        # Seven dates, so seven marks, each with all its events in its tooltip.
        assert len(root.findall(f".//{SVG}circle")) == 9


@pytest.mark.parametrize(
    ("dates", "expect"),
    [
        # Ten days: days, the first with its month and year, the first of a month with its month.
        ([f"2021-12-{d:02d}" for d in range(1, 11)], r"\d{1,2}( (Nov|Dec))?( 2021)?"),
        # Three months: months, or the 1st and 15th of each.
        (["2021-10-03", "2021-11-10", "2021-12-20"], r"(Oct|Nov|Dec)( 2021)?|\d{1,2}( (Oct|Nov|Dec))?( 2021)?"),
        # Six years: years.
        ([f"{y}-06-01" for y in range(2015, 2021)], r"20(1[5-9]|2[01])"),
        # A century, one event a decade: decades or more.
        ([f"{y}-01-01" for y in range(1905, 2006, 10)], r"19\d0|2000"),
    ],
)
def test_strip_ticks_suit_the_range(dates, expect):
    entries = [entry(d) for d in dates]
    root = parse(timeline_strip(entries))
    ticks = tick_labels(root)
    assert len(ticks) >= 3, ticks
    assert all(re.fullmatch(expect, t) for t in ticks), ticks
    assert root.find(f".//{SVG}line[@class='bp-axis bp-break']") is None  # linear: nothing shortened
    xs = [float(e.get("x1")) for e in root.iter(f"{SVG}line")
          if e.get("class") == "bp-axis" and e.get("x1") == e.get("x2")]
    steps = [b - a for a, b in zip(xs, xs[1:])]
    assert max(steps) / min(steps) <= 1.25, steps  # one calendar step (a month is 28 to 31 days, 1st to 15th 14)


def test_decade_ticks_fall_on_decades():
    root = parse(timeline_strip([entry(f"{y}-01-01") for y in range(1905, 2006, 10)]))
    years = [int(t) for t in tick_labels(root)]
    assert all(y % 10 == 0 for y in years) and len(set(b - a for a, b in zip(years, years[1:]))) == 1


def test_an_empty_strip_and_one_event():
    assert timeline_strip([]) == "" and timeline_strip_summary([]) == ""
    assert timeline_strip([entry("not a date")]) == ""
    root = parse(timeline_strip([entry("2021-12-07", None, "Biden warned Putin")], SEED_PUBLISHED))
    assert len(root.findall(f".//{SVG}circle")) == 1
    assert [t for t, _ in event_labels(root)] == ["Biden warned Putin"]
    assert len(tick_labels(root)) >= 2
    assert timeline_strip_summary([entry("2021-12-07")], SEED_PUBLISHED) == (
        "Timeline of 1 dated event: 7 December 2021; the briefing was published on 29 December 2021.")


def test_markdown_run_into_an_event_is_not_shown():
    entries = [entry("2021-12-07", None, "## Article President Vladimir Putin had asked ## Read more")]
    root = parse(timeline_strip(entries))
    assert [t for t, _ in event_labels(root)] == ["Article President Vladimir Putin had asked"]


def test_spans_and_points_are_drawn_where_their_dates_are():
    entries = [entry("2021-01-01", "2021-12-31", "The year"), entry("2021-07-01", None, "Midsummer")]
    root = parse(timeline_strip(entries, dt.date(2022, 1, 1)))
    bar, dot = root.find(f".//{SVG}rect"), root.find(f".//{SVG}circle")
    left, width = float(bar.get("x")), float(bar.get("width"))
    # On a linear axis 1 July is about half way through the year's bar.
    assert abs((float(dot.get("cx")) - left) / width - 0.5) < 0.02


# -- the chart -------------------------------------------------------------------------------------


def bars(root) -> list[tuple[float, float]]:
    """(x, height) of every bar, from the paths of plain and marked bars."""
    out = []
    for path in root.iter(f"{SVG}path"):
        if path.get("class") in ("bp-bar", "bp-bar-hi"):
            for x, base, top in re.findall(r"M([\d.]+) ([\d.]+)V([\d.]+)", path.get("d")):
                out.append((float(x), float(base) - float(top)))
    return sorted(out)


def test_twenty_thousand_briefings_make_a_small_chart():
    start = dt.date(2015, 1, 1)
    days = [start + dt.timedelta(days=(i * 7919) % 2557) for i in range(20_000)]  # seven years, spread
    chosen = [dt.date(2016, 6, 23), dt.date(2020, 3, 11)]
    svg = events_chart(days, chosen, links={chosen[0]: "#referendum"}, notes={chosen[1]: "A pandemic <declared>"})
    assert len(str(svg)) < 40_000
    root = parse(svg)
    counts = [int(n.replace(",", "")) for n in re.findall(r": ([\d,]+) briefings?</title>", str(svg))]
    assert sum(counts) == 20_000 and len(counts) <= 120  # months: 84 bars
    assert len(counts) == 84
    summary = events_chart_summary(days, chosen)
    assert summary.startswith("Briefings per month, from January 2015 to December 2021: 20,000 briefings in all")
    assert "Days that matter, marked: 23 June 2016, 11 March 2020." in summary
    assert "A pandemic <declared>" in root.find(f"{SVG}desc").text
    assert [a.get("href") for a in root.findall(f"{SVG}a")] == ["#referendum"]
    assert len(root.findall(f".//{SVG}path[@class='bp-bar-hi']")) == 1


@pytest.mark.parametrize(("days", "bucket"), [(10, "day"), (100, "day"), (200, "week"), (1000, "month"),
                                              (3000, "month"), (4000, "year"), (20_000, "year")])
def test_the_bucket_follows_the_range(days, bucket):
    first = dt.date(1960, 1, 1)
    dates = [first, first + dt.timedelta(days=days // 2), first + dt.timedelta(days=days - 1)]
    assert events_chart_summary(dates).startswith(f"Briefings per {bucket},")


def test_bars_are_as_tall_as_their_counts():
    counts = {dt.date(2022, 1, 3): 1, dt.date(2022, 1, 5): 2, dt.date(2022, 1, 7): 4}
    root = parse(events_chart(counts, bucket="day"))
    heights = [h for _, h in bars(root)]
    assert len(heights) == 3
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.2) and heights[2] == pytest.approx(4 * heights[0], abs=0.2)
    assert events_chart(counts, bucket="week") != events_chart(counts, bucket="day")
    with pytest.raises(ValueError, match="bucket"):
        events_chart(counts, bucket="fortnight")


def test_what_falls_outside_the_chart_is_told():
    dates = ["2021-11-30", "2021-12-01", "2021-12-02", "2022-01-05", "bad"]
    summary = events_chart_summary(dates, ["1962-10-22", "2021-12-02"], start=dt.date(2021, 12, 1),
                                   end=dt.date(2021, 12, 31), unit=("event", "events"))
    assert summary.startswith("Events per day, from 1 December 2021 to 31 December 2021: 2 events in all")
    assert "Not shown: 1 event before and 1 event after." in summary
    assert "Outside the chart: 22 October 1962." in summary


def test_an_empty_chart_and_one_day():
    assert events_chart([]) == "" and events_chart_summary([]) == ""
    root = parse(events_chart([dt.date(2021, 12, 7)], [dt.date(2021, 12, 7)], title=HOSTILE))
    assert len(bars(root)) == 1
    assert any(t.text == "7 Dec 2021" for t in root.iter(f"{SVG}text"))


def test_many_days_that_matter_keep_their_labels_apart():
    days = [dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(365) for _ in range(1 + i % 5)]
    chosen = [dt.date(2021, 1, 1) + dt.timedelta(days=i) for i in range(3, 365, 9)]
    for width in (680, 360):
        root = parse(events_chart(days, chosen, width=width))
        labels = text_boxes(root, lambda e: "bp-accent" in (e.get("class") or ""))
        assert len(labels) >= 3
        assert_apart(labels)
        assert_apart(text_boxes(root, lambda e: e.get("class") == "bp-muted bp-small"))


# -- the network -----------------------------------------------------------------------------------


def node_boxes(root) -> list[Box]:
    out = []
    for element in root.iter():
        if "bp-node" not in (element.get("class") or ""):
            continue
        if element.tag == f"{SVG}circle":
            x, y, r = (float(element.get(k)) for k in ("cx", "cy", "r"))
            out.append(Box(x - r, y - r, x + r, y + r))
        elif element.tag == f"{SVG}rect":
            x, y, w, h = (float(element.get(k)) for k in ("x", "y", "width", "height"))
            out.append(Box(x, y, x + w, y + h))
        else:
            points = re.findall(r"([\d.]+) ([\d.]+)", element.get("d"))
            xs, ys = [float(p[0]) for p in points], [float(p[1]) for p in points]
            out.append(Box(min(xs), min(ys), max(xs), max(ys)))
    return out


KINDS = ("person", "organization", "place", "group")


def crowd(count: int, long: bool = False) -> list[tuple[Node, int]]:
    names = ["Vladimir Putin", "Joe Biden", "North Atlantic Treaty Organization", "Organization for Security and "
             "Co-operation in Europe", "Ukraine", "Wendy Sherman", "Sergei Ryabkov", "Jens Stoltenberg", "Geneva",
             "European Union", "Kremlin", "Dmitry Peskov", "Jake Sullivan", "Moscow", "Brussels"]
    out = []
    for i in range(count):
        name = names[i % len(names)] + (f" {i}" if i >= len(names) else "")
        if long:
            name += " and the Very Long Name of the Ministry of Something"
        out.append((Node(name, KINDS[i % 4], f"/players/p{i}/"), 1 + (i * 7) % 11))
    return out


@pytest.mark.parametrize("width", [460, 360])
@pytest.mark.parametrize("long", [False, True])
def test_a_crowded_network_keeps_labels_apart_and_off_the_nodes(width, long):
    root = parse(players_network(Node("Sergei Lavrov", "person", "/players/lavrov/"), crowd(30, long), width=width))
    assert len(root.findall(f"{SVG}a")) == 13  # the twelve most seen and the centre, each a link
    labels = text_boxes(root, lambda e: e.get("text-anchor") is not None and "bp-small" not in (e.get("class") or ""))
    assert len(labels) >= (12 if not long else 6)
    assert_apart(labels)
    nodes = node_boxes(root)
    assert len(nodes) == 13 + len({k for k in KINDS})  # and the legend's four
    for text, box in labels:
        assert 0 <= box.left and box.right <= width, text
        for node in nodes:
            assert not box.overlaps(node), text


def test_kinds_differ_by_shape_and_the_weights_show():
    neighbours = [(Node("Joe Biden", "person", "/p/biden/"), 5), (Node("NATO", "organization", "/p/nato/"), 3),
                  (Node("Ukraine", "place", "/p/ukraine/"), 2), (Node("Protesters", "group"), 1)]
    root = parse(players_network(("Vladimir Putin", "person"), neighbours))
    shapes = {el.get("class").split()[1]: el.tag.replace(SVG, "") for el in root.iter()
              if "bp-node" in (el.get("class") or "") and "bp-centre" not in el.get("class")}
    assert shapes == {"bp-person": "circle", "bp-organization": "rect", "bp-place": "path", "bp-group": "path"}
    edges = sorted((int(re.search(r": (\d+) briefing", line.find(f"{SVG}title").text).group(1)),
                    float(line.get("stroke-width")))
                   for line in root.iter(f"{SVG}line") if line.get("class") == "bp-edge")
    assert [count for count, _ in edges] == [1, 2, 3, 5]
    widths = [width for _, width in edges]
    assert widths == sorted(widths) and widths[-1] > 2 * widths[0]  # the more often together, the thicker
    # A player without a page is drawn, not linked.
    assert sorted(a.get("href") for a in root.findall(f"{SVG}a")) == ["/p/biden/", "/p/nato/", "/p/ukraine/"]
    assert players_network_summary("Vladimir Putin", neighbours) == (
        "Vladimir Putin is seen most often with 4 players; briefings together: Joe Biden (person, 5), "
        "NATO (organisation, 3), Ukraine (place, 2), Protesters (group, 1).")


def test_a_network_is_deterministic_and_escapes_names():
    neighbours = [(Node(HOSTILE, "person", "javascript:alert(1)"), 3), (Node("A & B", "organization"), 1)]
    one = players_network(Node("<b>Centre</b>", "place"), neighbours)
    assert one == players_network(Node("<b>Centre</b>", "place"), list(neighbours))
    root = parse(one)
    assert "<b>" not in str(one) and "&lt;b&gt;Centre&lt;/b&gt;" in str(one)
    assert root.findall(f"{SVG}a") == []  # the only link was javascript:
    assert root.find(f"{SVG}title").text == "Players seen with <b>Centre</b>"
    assert players_network("Nobody", []) == "" and players_network_summary("Nobody", []) == ""


def test_seen_together_counts_briefings_not_mentions():
    groups = [["Putin", "Biden", "Biden", "NATO"], ["Putin", "Biden"], ["Putin", "Ukraine", "NATO"], ["Biden", "NATO"]]
    neighbours, between = seen_together(groups, "Putin", limit=2)
    assert neighbours == [("Biden", 2), ("NATO", 2)]
    assert between == {("Biden", "NATO"): 1}
    root = parse(players_network("Putin", neighbours, between={("Biden", "NATO"): 2}))
    assert len(root.findall(f".//{SVG}line[@class='bp-edge-side']")) == 1


# -- together --------------------------------------------------------------------------------------


def test_responsive_pairs_a_wide_and_a_narrow_drawing():
    html = str(responsive(timeline_strip, SEED_TIMELINE, SEED_PUBLISHED, id="strip"))
    root = ET.fromstring(html)
    assert root.get("class") == "bp-responsive"
    wide, narrow = root.findall(f"{SVG}svg")
    assert wide.get("id") == "strip-wide" and narrow.get("id") == "strip-narrow"
    assert wide.get("class").startswith("bp-wide bp ") and narrow.get("class").startswith("bp-narrow bp ")
    assert wide.get("viewBox").split()[2] == "680" and narrow.get("viewBox").split()[2] == "360"
    assert responsive(timeline_strip, []) == ""


def test_colours_come_from_the_page():
    css = style_sheet()
    svg = str(timeline_strip(SEED_TIMELINE, SEED_PUBLISHED)) + str(events_chart([dt.date(2021, 1, 1)])) + str(
        players_network("A", [("B", 1)]))
    # No colour in the drawings themselves: only classes, and the style sheet's custom properties.
    assert not re.search(r'(fill|stroke|color)="(?!transparent)', svg)
    assert re.findall(r"#[0-9a-f]{6}", svg.replace(css, "")) == []
    assert "--bp-accent:var(--pic-accent,var(--accent,light-dark(#0b5cad,#7db7ff)))" in css
    assert "prefers-color-scheme:dark" in css and "currentColor" in css


# -- in a browser ----------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
THEME = """
:root { --bg: #fdfdfb; --fg: #1d1f21; --muted: #555b61; --accent: #0b5cad; --line: #d9dcdf; color-scheme: light; }
:root.dark { --bg: #15171a; --fg: #e8e9ea; --muted: #a9b0b7; --accent: #7db7ff; --line: #33383e; color-scheme: dark; }
body { background: var(--bg); color: var(--fg); margin: 0; font: 18px/1.6 Georgia, serif; }
main { max-width: 46rem; margin: 0 auto; padding: 0 16px; }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font: 14px/1.4 system-ui, sans-serif; }
"""


def picture_page(dark: bool) -> str:
    groups = [["Putin", "Biden", "NATO"], ["Putin", "Biden"], ["Putin", "Ukraine", "NATO", "Biden"]]
    neighbours, between = seen_together(groups, "Putin")
    kinds = {"Biden": "person", "NATO": "organization", "Ukraine": "place"}
    nodes = [(Node(n, kinds[n], f"#p-{n}"), c) for n, c in neighbours]
    pictures = [
        (responsive(timeline_strip, SEED_TIMELINE, SEED_PUBLISHED, links=[f"#e{i}" for i in range(18)], id="strip"),
         timeline_strip_summary(SEED_TIMELINE, SEED_PUBLISHED)),
        (responsive(events_chart, [e.start_date for e in SEED_TIMELINE] * 3, [SEED_PUBLISHED], id="chart"),
         events_chart_summary([e.start_date for e in SEED_TIMELINE] * 3, [SEED_PUBLISHED])),
        (responsive(players_network, Node("Putin", "person"), nodes, between=between, wide=460, id="network"),
         players_network_summary("Putin", nodes)),
    ]
    figures = "".join(f"<figure>{svg}<figcaption>{caption}</figcaption></figure>" for svg, caption in pictures)
    return (f'<!doctype html><html lang="en" class="{"dark" if dark else ""}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Pictures</title>'
            f"<style>{THEME}</style></head><body><main><h1>Pictures</h1>{figures}</main></body></html>")


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


# The real boxes of every label of every shown picture, grouped by picture.
MEASURE = """() => [...document.querySelectorAll('svg.bp')].filter(s => s.getBoundingClientRect().width > 0).map(s => ({
  id: s.id, width: s.getBoundingClientRect().width, viewBox: s.viewBox.baseVal.width,
  texts: [...s.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, tick: t.classList.contains('bp-small'), size: parseFloat(getComputedStyle(t).fontSize),
            box: [r.left, r.top, r.right, r.bottom]};
  }),
  dot: getComputedStyle(s.querySelector('.bp-dot, .bp-bar, .bp-node')).fill,
}))"""


def contrast(one: str, two: str) -> float:
    """The WCAG contrast ratio of two CSS rgb() colours."""
    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_pictures_in_chromium(browser, tmp_path_factory, width, dark):
    from axe_playwright_python.sync_playwright import Axe

    folder = tmp_path_factory.mktemp("pictures")
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="dark" if dark else "light")
    page = context.new_page()
    page.set_content(picture_page(dark))
    shown = page.evaluate(MEASURE)
    # One drawing of each picture shows: the narrow ones on a phone.
    assert sorted(p["id"] for p in shown) == sorted(
        f"{name}-{'narrow' if width < 600 else 'wide'}" for name in ("strip", "chart", "network"))
    for picture in shown:
        assert picture["width"] <= picture["viewBox"] + 0.5  # never drawn bigger than designed
        scale = picture["width"] / picture["viewBox"]
        # Labels at least 11 px high on the screen: readable on a phone.
        assert all(t["size"] * scale >= 10.5 for t in picture["texts"]), picture["id"]
        labels = [t for t in picture["texts"] if t["text"].strip()]
        for a, b in itertools.combinations(labels, 2):
            (l1, t1, r1, b1), (l2, t2, r2, b2) = a["box"], b["box"]
            overlap = min(r1, r2) - max(l1, l2), min(b1, b2) - max(t1, t2)
            assert not (overlap[0] > 1 and overlap[1] > 1), (picture["id"], a["text"], b["text"])
    # The colours follow the scheme: marks stand out from the page (3:1, as WCAG asks of graphics).
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for picture in shown:
        assert contrast(picture["dot"], background) >= 3, (picture["id"], picture["dot"], background)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()
    path = folder / f"pictures-{width}-{'dark' if dark else 'light'}.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 10_000
    context.close()


def test_the_text_measure_is_generous_in_chromium(browser):
    """Labels are placed with widths from a table: the browser's own sans
    serif must not set them wider (else labels measured apart could touch)."""
    page = browser.new_page()
    samples = ["Kremlin spokesman Dmitry Peskov linked Russia's test", "1 Dec 2021", "WWW MMM", "iiii llll",
               "Organisation for Security and Co-operation in Europe", "Zürich – São Paulo…"]
    page.set_content("<svg xmlns='http://www.w3.org/2000/svg' width='2000' height='100' "
                     "style='font:13px system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif'>"
                     + "".join(f"<text x='0' y='{20 + i * 14}'>{s}</text>" for i, s in enumerate(samples)) + "</svg>")
    widths = page.evaluate("() => [...document.querySelectorAll('text')].map(t => t.getBBox().width)")
    for sample, real in zip(samples, widths):
        assert real <= text_width(sample, 13) + 0.5, sample
        assert real >= 0.8 * text_width(sample, 13), sample  # and not so generous that labels look far apart
    page.close()


def test_all_pictures_fit_math():  # the ellipse, the log scale: sane numbers for odd inputs
    far = [entry("0001-01-01"), entry("9999-12-31")]
    parse(timeline_strip(far))
    parse(events_chart(["0001-01-01", "9999-12-31"]))
    assert math.isfinite(float(parse(players_network("A", [("B", 10**9)])).get("viewBox").split()[3]))


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.dates(dt.date(1800, 1, 1), dt.date(2100, 1, 1)), st.integers(0, 400), st.text(max_size=60)),
             max_size=25),
    st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
    st.sampled_from([680, 360]),
)
def test_any_timeline_makes_a_well_formed_strip_with_labels_apart(events, published, width):
    entries = [entry(start.isoformat(), (start + dt.timedelta(days=days)).isoformat()
                     if start + dt.timedelta(days=days) <= dt.date(2100, 1, 1) else None, text)
               for start, days, text in events]
    svg = timeline_strip(entries, published, width=width, links=[f"#e{i}" for i in range(len(entries))])
    if not entries:
        assert svg == ""
        return
    root = parse(svg)
    labels = event_labels(root)
    assert_apart(labels)
    assert all(0 <= box.left and box.right <= width for _, box in labels)
    assert_apart([(t, b) for t, b in text_boxes(root, lambda e: e.get("class") == "bp-muted bp-small")])
