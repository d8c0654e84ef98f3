"""The pictures on a page, to look at: every example briefing's timeline
strip, a topic chart and a players network, in light and dark.

Usage::

    python -m benchmarks.pictures_demo [OUT_DIR] [--shots] [--no-theme]

Writes ``OUT_DIR/index.html`` (default: a folder in the system's temporary
folder) with the example content annotated (``content/``), and, when
``../shared/data/timeline17`` is there, the BP oil spill story's articles
counted per week with the journalists' dates picked out. ``--shots`` takes
full-page screenshots at 1280 and 390 px wide, light and dark, with Debian's
Chromium. ``--no-theme`` leaves the theme's style sheet out, to see the
pictures' own fallback colours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from briefings.pictures import (
    Node,
    events_chart,
    events_chart_summary,
    players_network,
    players_network_summary,
    responsive,
    seen_together,
    timeline_strip,
    timeline_strip_summary,
)

ROOT = Path(__file__).resolve().parent.parent
TIMELINE17 = ROOT.parent / "shared" / "data" / "timeline17"


def example_briefings():
    from briefings.annotate.pipeline import annotate
    from briefings.ingest import read_article

    files = sorted((ROOT / "content" / "briefings").glob("*.md")) + sorted((ROOT / "content" / "raw").glob("*.txt"))
    return [annotate(read_article(path)) for path in files]


def figure(svg, caption: str) -> str:
    return f'<figure class="pic">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'


def page(briefings, theme: bool) -> str:
    sections = []
    for briefing in briefings:
        links = [f"#event-{i}" for i in range(len(briefing.timeline))]
        svg = responsive(timeline_strip, briefing.timeline, briefing.date, links=links,
                         title=f"Timeline: {briefing.title}")
        caption = timeline_strip_summary(briefing.timeline, briefing.date)
        sections.append(f"<h2>{html.escape(briefing.title)}</h2>{figure(svg, caption)}")

    groups = [{p.name for p in b.players} for b in briefings]
    kinds = {p.name: p.kind for b in briefings for p in b.players}
    centre = max(kinds, key=lambda name: (sum(name in g for g in groups), name))
    neighbours, between = seen_together(groups, centre)
    nodes = [(Node(name, kinds[name], f"#player-{i}"), count) for i, (name, count) in enumerate(neighbours)]
    svg = responsive(players_network, Node(centre, kinds[centre]), nodes, between=between, wide=460)
    sections.append(f"<h2>Seen with {html.escape(centre)}</h2>"
                    f"{figure(svg, players_network_summary(Node(centre, kinds[centre]), nodes))}")

    story = TIMELINE17 / "bpoil_bbc"
    if story.exists():
        published, chosen = [], Counter()
        for folder in sorted(TIMELINE17.glob("bpoil_*")):
            published += [a["dct"] for a in json.loads((folder / "articles.json").read_text())]
            for timeline in folder.glob("*.timeline.json"):
                chosen.update({entry["date"] for entry in json.loads(timeline.read_text())})
        start, end = dt.date(2010, 4, 1), dt.date(2010, 12, 31)
        # The days most of the journalists' timelines have.
        agreed = sorted(chosen.items(), key=lambda item: (-item[1], item[0]))[:10]
        highlights = sorted(dt.date.fromisoformat(day) for day, _ in agreed)
        links = {d: f"#day-{d.isoformat()}" for d in highlights}
        svg = responsive(events_chart, published, highlights, links=links, start=start, end=end,
                         title="BP oil spill: articles over time")
        caption = events_chart_summary(published, highlights, start=start, end=end)
        sections.append(f"<h2>BP oil spill, {len(published):,} articles</h2>{figure(svg, caption)}")

    css = '<link rel="stylesheet" href="briefings.css">' if theme else ""
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Pictures</title>{css}<style>"
        "body{max-width:46rem;margin:0 auto;padding:0 1rem}"
        "figure.pic{margin:1rem 0}figcaption{color:var(--muted,#555);font:.85rem/1.4 system-ui,sans-serif}"
        f"</style></head><body><main><h1>Pictures</h1>{''.join(sections)}</main></body></html>"
    )


def shots(index: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for scheme in ("light", "dark"):
            for width in (1280, 390):
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                tab = context.new_page()
                tab.goto(index.as_uri())
                path = index.parent / f"pictures-{width}-{scheme}.png"
                tab.screenshot(path=str(path), full_page=True)
                out.append(path)
                for n, element in enumerate(tab.locator("figure.pic").all()):
                    path = index.parent / f"figure-{n}-{width}-{scheme}.png"
                    element.screenshot(path=str(path))
                    out.append(path)
                context.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path(tempfile.gettempdir()) / "briefings-pictures")
    parser.add_argument("--shots", action="store_true", help="take screenshots with Chromium")
    parser.add_argument("--no-theme", action="store_true", help="leave out the theme's style sheet")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "theme" / "static" / "css" / "briefings.css", args.out / "briefings.css")
    index = args.out / "index.html"
    index.write_text(page(example_briefings(), theme=not args.no_theme), encoding="utf-8")
    print(index)
    if args.shots:
        for path in shots(index):
            print(path)


if __name__ == "__main__":
    main()
