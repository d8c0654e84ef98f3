"""Read more on the BBC corpus: the share of links that stay within the
article's own topic (business, entertainment, politics, sport, tech).

    python -m benchmarks.related [BBC_DIR] [--players]

Without ``--players`` only the texts are compared (fast, no annotation);
with it, every article is annotated first (through the annotation cache, so
a second run is quick) and shared key players count too, as on the site.

Read more is built over the whole corpus; each link is counted in the half
(:mod:`benchmarks.halves`, by ``topic/file name``) of the article it is
shown on, and the share is printed overall and on each half.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from benchmarks.halves import HALVES, counts_in_halves, totals
from briefings.batch import annotate_missing
from briefings.cache import DEFAULT_PATH, AnnotationCache
from briefings.ingest import parse_article
from briefings.ingest.decode import decode
from briefings.model import Article, Briefing
from briefings.related import related_briefings

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bbc"


def load(folder: Path) -> tuple[list[Briefing], list[str], list[str]]:
    """The briefings, their topics and their names (``topic/file name``)."""
    briefings, topics, names = [], [], []
    for path in sorted(folder.glob("*/*.txt")):
        article = parse_article(decode(path.read_bytes(), path), path, warn=False)
        briefings.append(Briefing.from_article(article))
        topics.append(path.parent.name)
        names.append(f"{path.parent.name}/{path.name}")
    return briefings, topics, names


def annotate_all(briefings: list[Briefing]) -> list[Briefing]:
    """The briefings annotated, on all cores, through the project's cache."""
    cache = AnnotationCache(DEFAULT_PATH)
    articles = [Article(**{name: getattr(b, name) for name in Article.__dataclass_fields__}) for b in briefings]
    annotate_missing(articles, cache)
    return [cache.get(article) for article in articles]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--players", action="store_true", help="annotate and use shared key players too")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        sys.exit(f"no BBC data at {args.folder}")
    briefings, topics, names = load(args.folder)
    if args.players:
        briefings = annotate_all(briefings)
    start = time.perf_counter()
    related = related_briefings(briefings, count=5)
    seconds = time.perf_counter() - start
    per_article = [
        (names[i], Counter(topics[item.index] == topics[i] for item in items)) for i, items in enumerate(related)
    ]
    sums = totals(per_article, Counter)
    links = sums["overall"]
    total = links[True] + links[False]
    print(f"Read more on {len(briefings)} BBC articles ({'texts and players' if args.players else 'texts only'}):")
    print(f"  links: {total} ({total / len(briefings):.2f} per article), built in {seconds:.1f} s")
    print(f"  within the article's topic: {links[True] / max(total, 1):.3f}")
    print(f"  {counts_in_halves(names)}")
    for half in HALVES:
        links = sums[half]
        total = links[True] + links[False]
        print(f"  {half}: within the article's topic {links[True] / max(total, 1):.3f} of {total} links")


if __name__ == "__main__":
    main()
