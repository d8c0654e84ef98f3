"""Lighthouse scores of the example site, page type by page type, in the
light and the dark scheme: ``make lighthouse`` (not part of ``make test``).

The example content is built for publishing (``publishconf.py``) with
``SITEURL`` the local address it is then served at, so that the pages are
those a deploy serves (canonical links, feeds, share images). Lighthouse
(npm ``lighthouse@12.2.3``, installed by the Makefile into
``.cache/lighthouse``) runs Debian's Chromium headless, with its default
mobile settings; the dark scheme is Chromium's own preference
(``--blink-settings=preferredColorScheme=0``), as a reader's system would
set it.

    python -m benchmarks.lighthouse [--lighthouse PATH] [--page NAME]...

prints a table of the four scores (performance, accessibility, best
practices, SEO) and, under it, every audit that kept a score from 100.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SCHEMES = {"light": [], "dark": ["--blink-settings=preferredColorScheme=0"]}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serving(folder: Path, port: int):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(work: Path, site: str) -> Path:
    """The example content built for publishing at ``site``; its output."""
    sys.path.insert(0, str(ROOT / "tests"))
    from site_build import build_site, copy_example_content

    content = copy_example_content(work / "content")
    cache = work / "cache"
    cache.mkdir()
    annotations = ROOT / ".cache" / "annotations.sqlite"
    if annotations.is_file():  # the example site's annotations, if built before
        shutil.copy(annotations, cache / "annotations.sqlite")
    errors = build_site(content, work / "output", cache, "publishconf.py", SITEURL=site)
    if errors:
        raise SystemExit("the example site did not build: " + "; ".join(errors))
    return work / "output"


def pages(output: Path) -> dict[str, str]:
    """A page of each type: name -> address."""
    records = json.loads((output / "briefings.json").read_text(encoding="utf-8"))
    found = {"home": "", "briefing": records[0]["url"], "player": "players/vladimir-putin/",
             "tag": "tags/nato/", "timeline": "timeline/", "search": "search/"}
    topics = sorted(p for p in output.glob("timelines/*/index.html"))
    if topics:  # topic timelines, where the site has them
        found["topic timeline"] = topics[0].parent.relative_to(output).as_posix() + "/"
    return {name: url for name, url in found.items() if (output / url / "index.html").is_file()}


def run(lighthouse: str, url: str, flags: list[str], report: Path) -> dict:
    chrome = " ".join(["--headless=new", "--no-sandbox", "--disable-gpu", *flags])
    command = [lighthouse, url, "--output=json", f"--output-path={report}", f"--chrome-flags={chrome}",
               f"--only-categories={','.join(CATEGORIES)}", "--quiet"]
    environment = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(command, check=True, env=environment, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lighthouse", default=str(ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" /
                                                     "lighthouse"))
    parser.add_argument("--page", action="append", help="only these page types (home, briefing, player…)")
    parser.add_argument("--scheme", action="append", choices=sorted(SCHEMES))
    parser.add_argument("--keep", help="a folder to keep the reports in")
    args = parser.parse_args(argv)
    if not Path(args.lighthouse).exists():
        print(f"Lighthouse is not installed at {args.lighthouse}: run make lighthouse", file=sys.stderr)
        return 2
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="briefings-lighthouse-") as work:
        work = Path(work)
        output = build(work, f"http://127.0.0.1:{port}")
        reports = Path(args.keep) if args.keep else work / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        rows, problems = [], []
        with serving(output, port) as site:
            for name, url in pages(output).items():
                if args.page and name not in args.page:
                    continue
                for scheme, flags in SCHEMES.items():
                    if args.scheme and scheme not in args.scheme:
                        continue
                    slug = f"{name.replace(' ', '-')}-{scheme}"
                    result = run(args.lighthouse, f"{site}/{url}", flags, reports / f"{slug}.json")
                    scores = [result["categories"][c]["score"] for c in CATEGORIES]
                    rows.append((name, scheme, *(round(s * 100) if s is not None else "-" for s in scores)))
                    for category in CATEGORIES:
                        for ref in result["categories"][category]["auditRefs"]:
                            audit = result["audits"][ref["id"]]
                            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                                problems.append(f"{name} ({scheme}), {category}: {audit['id']}: {audit['title']} "
                                                f"({audit.get('displayValue') or audit['score']})")
                    print(f"{name} ({scheme}): {rows[-1][2:]}", file=sys.stderr, flush=True)
    header = ("page", "scheme", "performance", "accessibility", "best practices", "SEO")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(map(str, row)) + " |")
    if problems:
        print("\nWhat kept a score from 100:")
        for line in problems:
            print("- " + line)
    return 0 if all(score == 100 for row in rows for score in row[2:]) else 1


if __name__ == "__main__":
    sys.exit(main())
