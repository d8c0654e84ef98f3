"""The ``briefings`` command line (see the contract in the README).

Every command does all it can, reports each bad file on one line naming it,
and exits non-zero if anything failed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from briefings.errors import BriefingError


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefings", description="Annotated news briefings, built with Pelican.")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site and its search index into output/")
    build.add_argument("--publish", action="store_true", help="use publishconf.py (absolute URLs, feeds)")
    build.add_argument("--output", default="output", help="output folder (default: output)")
    build.set_defaults(run=cmd_build)

    imp = commands.add_parser("import", help="write raw articles as editable Markdown briefings")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--force", action="store_true", help="overwrite briefings that have been edited")
    imp.add_argument("--content", default="content", help="content folder (default: content)")
    imp.set_defaults(run=cmd_import)

    ann = commands.add_parser("annotate", help="print the annotations of raw articles; writes nothing")
    ann.add_argument("files", nargs="+", metavar="FILE")
    ann.add_argument("--date", type=_date, help="publication date YYYY-MM-DD (overrides the files')")
    ann.add_argument("--format", choices=("json", "markdown"), default="json")
    ann.set_defaults(run=cmd_annotate)

    new = commands.add_parser("new", help="write a skeleton Markdown briefing to fill in")
    new.add_argument("title")
    new.add_argument("--content", default="content", help="content folder (default: content)")
    new.set_defaults(run=cmd_new)

    serve = commands.add_parser("serve", help="serve output/ on localhost (search needs HTTP)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--output", default="output")
    serve.set_defaults(run=cmd_serve)

    publish = commands.add_parser("publish", help="push output/ to the gh-pages branch")
    publish.add_argument("--output", default="output")
    publish.add_argument("--no-push", action="store_true", help="commit to gh-pages without pushing")
    publish.set_defaults(run=cmd_publish)
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD") from None


def _report(error: Exception) -> None:
    print(f"error: {error}", file=sys.stderr)


# --- annotate --------------------------------------------------------------


def cmd_annotate(args) -> int:
    from briefings.annotate.pipeline import annotate
    from briefings.briefing_markdown import to_markdown
    from briefings.ingest import read_article
    from briefings.slugs import slugify

    failed = False
    for name in args.files:
        try:
            briefing = _annotated(name, lambda: annotate(read_article(name, date=args.date)))
        except BriefingError as error:
            _report(error)
            failed = True
            continue
        try:
            if args.format == "json":
                print(json.dumps(briefing.to_json(), ensure_ascii=False), flush=True)
            else:
                print(to_markdown(briefing, slugify(briefing.slug or briefing.title)), flush=True)
        except BrokenPipeError:  # the reader of our output has gone (| head)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1 if failed else 0
    return 1 if failed else 0


def _annotated(name, make):
    """``make()``, with any failure of the annotators reported as bad input
    of the file ``name`` rather than a traceback."""
    try:
        return make()
    except BriefingError:
        raise
    except Exception as error:
        raise BriefingError(name, f"the annotators failed on this article ({type(error).__name__}: {error}); "
                                  "please report it") from error


# --- import ------------------------------------------------------------------


def cmd_import(args) -> int:
    from briefings.briefing_markdown import is_untouched, to_markdown
    from briefings.cache import DEFAULT_PATH, AnnotationCache
    from briefings.ingest import read_article
    from briefings.ingest.decode import decode
    from briefings.slugs import slugify

    cache = AnnotationCache(DEFAULT_PATH)
    target_dir = Path(args.content) / "briefings"
    failed = False
    written: dict[Path, str] = {}
    for name in args.files:
        try:
            briefing = _annotated(name, lambda: cache.annotate(read_article(name)))
            slug = slugify(briefing.slug or briefing.title)
            target = target_dir / f"{slug}.md"
            if target in written:
                raise BriefingError(name, f"has the same slug {slug!r} as {written[target]}: give it a 'Slug:' header")
            if target.exists() and not args.force and not is_untouched(decode(target.read_bytes(), target)):
                print(f"{target}: edited since it was imported; kept as it is (use --force to overwrite)",
                      file=sys.stderr)
                continue
        except BriefingError as error:
            _report(error)
            failed = True
            continue
        written[target] = name
        target_dir.mkdir(parents=True, exist_ok=True)
        target.write_text(to_markdown(briefing, slug), encoding="utf-8")
        print(f"{name} -> {target}")
    return 1 if failed else 0


# --- new ---------------------------------------------------------------------

SKELETON = """Title: {title}
Date: {date}
Status: draft

## Key players

- **Name of a person** (person): their role, as the article gives it.

## Quotes

- “The words, exactly as said.” — Name of a person

## Timeline

- **{date}** (today): What happened.

## Article

Write the article here, in Markdown.
"""


def cmd_new(args) -> int:
    from briefings.slugs import slugify

    target = Path(args.content) / "briefings" / f"{slugify(args.title)}.md"
    if target.exists():
        _report(BriefingError(target, "already exists; edit it, or choose another title"))
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(SKELETON.format(title=args.title, date=dt.date.today().isoformat()), encoding="utf-8")
    print(target)
    return 0


# --- build, serve, publish -----------------------------------------------------


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def cmd_build(args) -> int:
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    init_logging(level=logging.WARNING)
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    settings_file = "publishconf.py" if args.publish else "pelicanconf.py"
    if not Path(settings_file).exists():
        _report(BriefingError(settings_file, "not found: run briefings build in the site's folder"))
        return 1
    settings = read_settings(settings_file, override={"OUTPUT_PATH": args.output})
    Pelican(settings).run()
    if counter.count:
        print(f"error: {counter.count} problem(s) above; the rest of the site was built", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args) -> int:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.output)
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"Serving {args.output}/ at http://localhost:{args.port}/ (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


def cmd_publish(args) -> int:
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--force", "--message", "Publish the site", args.output]
    if not args.no_push:
        command.insert(3, "--push")
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
