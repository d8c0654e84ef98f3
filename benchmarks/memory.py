"""The memory benchmark: one huge article, just under the length limit.

    python -m benchmarks.memory [BBC_FOLDER] [--chars N] [--steps]

Writes a realistic article of about 950,000 characters (a header, then BBC
articles one after another as its paragraphs, in an order that mixes the
topics), and prints the peak memory (MB) of

- ``briefings annotate FILE``;
- ``briefings build`` of the example site (``content/``) with that article
  added to its raw articles, from empty caches;

each as the resident memory of the process and its children together
(sampled, as ``make bench`` does) and of the largest single process (the
kernel's own high-water mark, exact). The bar is 1 GB for both.

``--steps`` also annotates the article in this process, stage by stage,
printing the peak resident memory of each stage above what was resident
before it: where the memory goes.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import DEFAULT_DIR, ROOT, run

TARGET_CHARS = 950_000
BAR_MB = 1024
BRIEFINGS = str(Path(sys.executable).with_name("briefings"))


def huge_article(folder: Path, chars: int = TARGET_CHARS) -> str:
    """A raw article of about ``chars`` characters (never more): a header,
    then the BBC articles' headlines and paragraphs, topics in turn."""
    by_topic = [sorted(topic.glob("*.txt")) for topic in sorted(folder.iterdir()) if topic.is_dir()]
    files = [f for group in zip(*by_topic) for f in group]
    parts = ["Title: A year of news from the BBC, 2004-2005\nDate: 2005-12-31\nSource: BBC News\n"]
    size = len(parts[0])
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace").strip()
        headline, _, body = text.partition("\n")
        paragraphs = [headline.strip(), *(p.strip() for p in body.split("\n") if p.strip())]
        for paragraph in paragraphs:
            if size + len(paragraph) + 2 > chars:
                return "\n\n".join(parts) + "\n"
            parts.append(paragraph)
            size += len(paragraph) + 2
    raise SystemExit(f"{folder}: not enough text for {chars:,} characters")


def measured(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Seconds, peak MB of the process tree (sampled) and of its largest
    single process (the kernel's high-water mark of any child waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    seconds, tree = run(command, cwd)
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of the children is the largest ever: only a new high says
    # something about this command (the commands are run largest last).
    return seconds, tree, (largest / 1024 if largest > before else float("nan"))


def site_with(article: str, work: Path) -> Path:
    """The example site (content/, settings, theme and plugins of this
    checkout) with ``article`` added to its raw articles."""
    site = work / "site"
    shutil.copytree(ROOT / "content", site / "content")
    (site / "content" / "raw" / "a-year-of-news.txt").write_text(article, encoding="utf-8")
    shutil.copy(ROOT / "pelicanconf.py", site / "pelicanconf.py")
    for name in ("theme", "plugins"):
        (site / name).symlink_to(ROOT / name)
    return site


def steps(path: Path) -> None:
    """Annotate the article at ``path`` here, printing each stage's peak
    resident memory above what was resident before it (Linux only)."""
    from briefings.annotate import pipeline
    from briefings.annotate.nlp import load_nlp
    from briefings.annotate.players.find import find_players, rank_players
    from briefings.annotate.quotes.find import find_quotes
    from briefings.annotate.timeline import build_timeline
    from briefings.annotate.timex.find import find_timexes
    from briefings.ingest import read_article
    from briefings.model import Briefing

    def stage(name, work):
        resident = _status_kb("VmRSS")
        Path("/proc/self/clear_refs").write_text("5")  # the high-water mark starts again from here
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
        peak, after = _status_kb("VmHWM"), _status_kb("VmRSS")
        print(f"{name:28}{(peak - resident) / 1024:9.0f}{(after - resident) / 1024:9.0f}{seconds:9.1f}")
        return result

    print(f"{'stage':28}{'peak MB':>9}{'kept MB':>9}{'seconds':>9}  (above the memory resident before it)")
    print(f"{'(resident at start)':28}{_status_kb('VmRSS') / 1024:9.0f}")
    nlp = stage("load the model", load_nlp)
    article = stage("read the article", lambda: read_article(str(path)))
    doc = stage("parse", lambda: pipeline.parse(article.text, nlp))
    exclude = [*article.contributors, *article.authors]
    players = stage("players", lambda: find_players(doc, title=article.title, exclude=exclude))
    quotes = stage("quotes", lambda: find_quotes(doc, players))
    players = stage("rank players", lambda: rank_players(players, quotes, doc, title=article.title))
    timexes = stage("timexes", lambda: find_timexes(doc, article.date))
    timeline = stage("timeline", lambda: build_timeline(doc, timexes, article.date, players, quotes))
    briefing = stage("briefing", lambda: Briefing.from_article(
        article, players=players, quotes=quotes, timexes=timexes, timeline=timeline))
    stage("to JSON", briefing.to_json)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Peak memory with one huge article.")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--chars", type=int, default=TARGET_CHARS, help="the article's length (default: 950,000)")
    parser.add_argument("--steps", action="store_true", help="also the memory of each stage of annotating")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # each figure as it comes: they take minutes
    if not args.folder.is_dir():
        sys.exit(f"no BBC data at {args.folder}")

    with tempfile.TemporaryDirectory(prefix="briefings-memory-") as temporary:
        work = Path(temporary)
        article = huge_article(args.folder, args.chars)
        path = work / "a-year-of-news.txt"
        path.write_text(article, encoding="utf-8")
        print(f"one article of {len(article):,} characters, {len(article.split()):,} words\n")
        if args.steps:
            steps(path)
            print()
        print(f"{'':34}{'seconds':>9}{'all MB':>9}{'largest':>9}  bar")
        seconds, tree, largest = measured([BRIEFINGS, "annotate", str(path)], work)
        print(f"{'briefings annotate':34}{seconds:9.1f}{tree:9.0f}{largest:9.0f}  < {BAR_MB} MB")
        site = site_with(article, work)
        seconds, tree, largest = measured([BRIEFINGS, "build"], site)
        print(f"{'briefings build (example + it)':34}{seconds:9.1f}{tree:9.0f}{largest:9.0f}  < {BAR_MB} MB")


if __name__ == "__main__":
    main()
