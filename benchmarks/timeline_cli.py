"""How long ``briefings timeline`` takes on a topic of BBC articles.

    python -m benchmarks.timeline_cli [--articles 400] [--runs 3] [--site N]

The first ``--articles`` BBC articles (cycling through the corpus as
:func:`benchmarks.bench.load_corpus` does) are written as raw articles into a
fresh content folder, each with a synthetic date (:func:`benchmarks.bench.article_date`)
and the tag ``topic``; with ``--site N``, N more articles of other tags
stand beside them (the command reads every source to find a topic's). The
figures: the cold run (an empty annotation cache: everything annotated, on
every core), then the median of ``--runs`` cached runs of the same command,
each a fresh process, as a user runs it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import DEFAULT_DIR, article_date, load_corpus

BRIEFINGS = Path(sys.executable).with_name("briefings")


def write_content(content: Path, articles: list[tuple[str, str]], topic: int) -> None:
    content.mkdir(parents=True)
    for index, (title, text) in enumerate(articles):
        tag = "topic" if index < topic else f"other-{index % 7}"
        header = f"Title: {title}\nDate: {article_date(index).isoformat()}\nSlug: article-{index}\nTags: {tag}\n\n"
        (content / f"{index:05}.txt").write_text(header + text + "\n", encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if run.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed:\n{run.stderr}")
    return seconds, run.stdout


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Speed of briefings timeline on BBC articles.")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--articles", type=int, default=400, help="articles of the topic (default: 400)")
    parser.add_argument("--site", type=int, default=0, help="articles of other topics beside them (default: 0)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        sys.exit(f"no BBC data at {args.folder}")
    with tempfile.TemporaryDirectory(prefix="briefings-timeline-") as temporary:
        site = Path(temporary)
        write_content(site / "content", load_corpus(args.folder, args.articles + args.site), args.articles)
        command = [str(BRIEFINGS), "timeline", "--tag", "topic"]
        cold, output = timed(command, site)
        cached = [timed(command, site)[0] for _ in range(args.runs)]
        name = _first_player(site)
        player = [timed([*command[:2], "--player", name, "--format", "markdown"], site)[0]
                  for _ in range(args.runs)]
        print(f"briefings timeline, a topic of {args.articles} articles in a content folder of "
              f"{args.articles + args.site}, {os.cpu_count()} cores")
        dates = output.count('"date"')
        print(f"cold (annotating):           {cold:6.1f} s   ({dates} dates)")
        print(f"cached (median of {args.runs}):       {statistics.median(cached):6.1f} s")
        print(f"cached --player {name!r} (median): {statistics.median(player):6.1f} s")


def _first_player(site: Path) -> str:
    """The player named in most briefings (for the --player runs)."""
    from briefings.collect import collect
    from briefings.site_index import build_site_index

    collection = collect([site / "content"], cache=site / ".cache" / "annotations.sqlite")
    index = build_site_index(list(enumerate(b for _, b in collection.briefings)))
    return index.pages[0].name


if __name__ == "__main__":
    main()
