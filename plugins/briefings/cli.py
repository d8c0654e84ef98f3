"""The ``briefings`` command line (see the contract in the README).

Every command does all it can, reports each bad file on one line naming it,
and exits non-zero if anything failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import logging
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

from briefings.errors import BriefingError, printable


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
    ann.add_argument("--cluster", metavar="ADDRESS",
                     help="fill the annotation cache on a Dask cluster instead of printing: FILEs may be folders; "
                          "ADDRESS is a scheduler's (tcp://host:8786), or local:N for N workers on this machine")
    ann.add_argument("--cache", metavar="FILE", help="with --cluster: the annotation cache to fill "
                                                     "(default: .cache/annotations.sqlite, the site's)")
    ann.set_defaults(run=cmd_annotate)

    cache = commands.add_parser("cache", help="move annotation-cache entries between machines")
    cache_commands = cache.add_subparsers(title="cache commands", required=True, metavar="COMMAND")
    export = cache_commands.add_parser("export", help="write the cache's entries of the current annotators "
                                                      "to FILE (gzip-compressed JSON lines)")
    export.add_argument("file", metavar="FILE")
    export.add_argument("--cache", metavar="FILE", help="the annotation cache (default: .cache/annotations.sqlite)")
    export.set_defaults(run=cmd_cache_export)
    imp_cache = cache_commands.add_parser("import", help="add the entries of an export to the cache; never "
                                                         "replaces one, nor takes one of another annotator "
                                                         "or model version")
    imp_cache.add_argument("file", metavar="FILE")
    imp_cache.add_argument("--cache", metavar="FILE", help="the annotation cache (default: .cache/annotations.sqlite)")
    imp_cache.set_defaults(run=cmd_cache_import)

    new = commands.add_parser("new", help="write a skeleton Markdown briefing to fill in")
    new.add_argument("title")
    new.add_argument("--content", default="content", help="content folder (default: content)")
    new.set_defaults(run=cmd_new)

    timeline = commands.add_parser(
        "timeline", help="print the timeline of a topic: the days that mattered, each in the briefings' words",
        description="Prints the timeline of the briefings under the paths (all of them, or those of a tag or of a "
                    "player): the days that mattered, oldest first, each summarised in sentences of the briefings "
                    "that report it. Writes nothing but the annotation cache (.cache/annotations.sqlite).")
    timeline.add_argument("paths", nargs="*", metavar="PATH", default=["content"],
                          help="folders or files of raw articles and Markdown briefings (default: content)")
    topic = timeline.add_mutually_exclusive_group()
    topic.add_argument("--tag", help="only the briefings of this tag (any case, as in its address)")
    topic.add_argument("--player", metavar="NAME",
                       help="only the briefings that name this player (a name, an alias, a surname or its id)")
    timeline.add_argument("--dates", type=_positive, metavar="N", help="at most N dates (default: by the topic's size)")
    timeline.add_argument("--sentences", type=_positive, default=1, metavar="K",
                          help="at most K sentences per date (default: 1)")
    timeline.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="no date before this one")
    timeline.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD", help="no date after this one")
    timeline.add_argument("--format", choices=("json", "markdown"), default="json")
    timeline.set_defaults(run=cmd_timeline)

    serve = commands.add_parser("serve", help="build the site, serve it on localhost and rebuild it on every change")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--output", default="output", help="output folder (default: output)")
    serve.add_argument("--no-reload", action="store_true",
                       help="build once and serve: no watching, no rebuilds, no reload script")
    serve.set_defaults(run=cmd_serve)

    publish = commands.add_parser("publish", help="push output/ to the gh-pages branch")
    publish.add_argument("--output", default="output")
    publish.add_argument("--no-push", action="store_true", help="commit to gh-pages without pushing")
    publish.add_argument("--remote", default="origin", help="the remote to push to (default: origin)")
    publish.add_argument("--force", action="store_true",
                         help="replace the remote's gh-pages even if it holds a newer deploy (a force-push)")
    publish.set_defaults(run=cmd_publish)
    return parser


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date: write YYYY-MM-DD") from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number <= 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number above 0")
    return number


def _report(error: Exception) -> None:
    print(f"error: {error}", file=sys.stderr)


# --- annotate --------------------------------------------------------------


def cmd_annotate(args) -> int:
    if args.cluster is not None:
        return cmd_annotate_cluster(args)
    if args.cache is not None:
        _report(BriefingError(None, "--cache goes with --cluster: annotate alone writes nothing"))
        return 2
    from briefings.annotate.pipeline import annotate
    from briefings.briefing_markdown import to_markdown
    from briefings.ingest import read_article
    from briefings.slugs import slugify

    failed = False
    for name in args.files:
        try:
            article = read_article(name, date=args.date)
            briefing = _annotated(name, article, annotate, date_given=args.date is not None)
        except BriefingError as error:
            _report(error)
            failed = True
            continue
        try:
            if args.format == "json":
                print(json.dumps(briefing.to_json(), ensure_ascii=False), flush=True)
            else:
                # As import would write it into content/briefings/.
                source = os.path.relpath(os.path.abspath(name), os.path.abspath(os.path.join("content", "briefings")))
                print(to_markdown(briefing, slugify(briefing.slug or briefing.title), source), flush=True)
        except BrokenPipeError:  # the reader of our output has gone (| head)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1 if failed else 0
    return 1 if failed else 0


def _annotated(name, article, annotate, date_given: bool = False):
    """``annotate(article)``, with any failure of the annotators reported as
    bad input of the file ``name`` (its date, when that is what they could
    not place) rather than a traceback."""
    from briefings.errors import annotator_failure
    from briefings.ingest.header import header_line

    try:
        return annotate(article)
    except BriefingError:
        raise
    except Exception as error:
        line = header_line(name, "date") if article.date and not date_given else None
        raise annotator_failure(name, error, article.date, line) from error


# --- annotate --cluster, cache export / import ----------------------------------


def cmd_annotate_cluster(args) -> int:
    """Fill the annotation cache on a Dask cluster: nothing on stdout, the
    progress, each failure and a summary on stderr."""
    if args.date is not None or args.format != "json":
        _report(BriefingError(None, "--cluster fills the cache as the site build reads the files: "
                                    "--date and --format do not go with it"))
        return 2
    from briefings.cache import AnnotationCache
    from briefings.cluster import ClusterError, annotate_on_cluster, cache_path, connect, parse_address

    try:
        parse_address(args.cluster)
        cache = AnnotationCache(cache_path(args.cache))
        with connect(args.cluster) as client:
            summary = annotate_on_cluster(client, args.files, cache)
    except ClusterError as error:
        _report(BriefingError(None, str(error)))
        return 1
    except KeyboardInterrupt:
        _report(BriefingError(None, "interrupted: what was annotated is stored; run again to finish"))
        return 130
    print(summary.line(), file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_cache_export(args) -> int:
    from briefings.cache import AnnotationCache, TransferError
    from briefings.cluster import cache_path

    path = cache_path(args.cache)
    if not path.is_file():
        _report(BriefingError(path, "no annotation cache here: nothing to export"))
        return 1
    try:
        summary = AnnotationCache(path).export_to(args.file)
    except TransferError as error:
        _report(BriefingError(None, str(error)))
        return 1
    left_out = f"; {summary.other_version} of other annotator versions left out" if summary.other_version else ""
    print(printable(f"exported {summary.moved} entries to {args.file}{left_out}"), file=sys.stderr)
    return 0


def cmd_cache_import(args) -> int:
    from briefings.cache import AnnotationCache, TransferError
    from briefings.cluster import cache_path

    try:
        summary = AnnotationCache(cache_path(args.cache)).import_from(args.file)
    except TransferError as error:
        _report(BriefingError(None, str(error)))
        return 1
    parts = [f"imported {summary.moved} entries from {args.file}", f"{summary.present} already here"]
    if summary.other_version:
        versions = ", ".join(sorted(summary.other_versions))
        parts.append(f"{summary.other_version} of another annotator or model version skipped ({versions})")
    if summary.mismatched:
        parts.append(f"{summary.mismatched} whose briefing does not match its key skipped")
    print(printable("; ".join(parts)), file=sys.stderr)
    return 0


# --- import ------------------------------------------------------------------


def cmd_import(args) -> int:
    from briefings.briefing_markdown import imported_from, is_untouched, to_markdown
    from briefings.cache import DEFAULT_PATH, AnnotationCache
    from briefings.files import read_regular, write_new
    from briefings.ingest import read_article
    from briefings.ingest.decode import decode
    from briefings.slugs import slugify

    cache = AnnotationCache(DEFAULT_PATH)
    content = Path(args.content)
    target_dir = content / "briefings"
    failed = False
    written: dict[Path, str] = {}
    owners = _slug_owners(content)
    for name in args.files:
        try:
            if problem := _outside(target_dir, content):
                raise BriefingError(target_dir, problem)
            if _outside(os.path.dirname(os.path.abspath(name)), content) is None and (
                    problem := _outside(name, content)):
                raise BriefingError(name, problem.replace("not written there", "not read"))
            briefing = _annotated(name, read_article(name), cache.annotate)
            slug = slugify(briefing.slug or briefing.title)
            target = target_dir / f"{slug}.md"
            source = os.path.abspath(name)
            if target in written:
                raise BriefingError(name, f"has the slug {slug!r} of {written[target]}, imported above: "
                                          "give it a 'Slug:' header of its own")
            if problem := _taken(slug, target, source, owners):
                raise BriefingError(name, problem)
            existing = _existing(target, read_regular, decode)
            if existing is not None:
                generated = _generated(existing.replace("\r\n", "\n"))
                origin = imported_from(generated, target)
                if origin is not None and origin != source:
                    raise BriefingError(name, f"has the slug {slug!r} of {target}, which was imported from "
                                              f"{os.path.relpath(origin)}: give this article a 'Slug:' header "
                                              "of its own")
                if generated is None:
                    raise BriefingError(name, f"has the slug {slug!r} of {target}, which was written by hand: "
                                              "give this article a 'Slug:' header of its own")
                if not args.force and not is_untouched(existing):
                    print(printable(f"warning: {target}: edited since it was imported; kept as it is "
                          "(use --force to overwrite)"), file=sys.stderr)
                    written[target] = name
                    continue
            text = to_markdown(briefing, slug, os.path.relpath(source, os.path.abspath(target_dir)))
            try:
                target_dir.mkdir(parents=True, exist_ok=True)
                write_new(target, text.encode("utf-8"), replace=existing is not None)
            except OSError as error:
                raise BriefingError(target, f"cannot be written: {error.strerror or error}") from None
        except BriefingError as error:
            _report(error)
            failed = True
            continue
        written[target] = name
        print(printable(f"{name} -> {target}"))
    return 1 if failed else 0


def _slug_owners(content: Path) -> dict[str, list[str]]:
    """The Markdown briefings of the content folder (drafts apart, which
    have pages of their own), by slug, as the build gives them one: a
    briefing keeps its slug whatever its file is called. Only the front
    matter is read; a file the build cannot read is the build's to report."""
    from briefings.briefing_markdown import FRONT_MATTER_KEYS
    from briefings.collect import MARKDOWN_EXTENSIONS, find_sources
    from briefings.files import read_regular
    from briefings.ingest.decode import decode
    from briefings.ingest.header import read_fields
    from briefings.slugs import slugify

    owners: dict[str, list[str]] = {}
    if not content.is_dir():
        return owners
    files, _ = find_sources([content])
    for path in files:
        if not path.endswith(tuple(f".{extension}" for extension in MARKDOWN_EXTENSIONS)):
            continue
        try:
            lines = decode(read_regular(path), path).replace("\r\n", "\n").split("\n")
            meta, _ = read_fields(lines, path, FRONT_MATTER_KEYS, "front matter")
        except (OSError, BriefingError):
            continue
        title, slug = meta.get("title", ("", 0))[0], meta.get("slug", ("", 0))[0]
        if title.strip() and meta.get("status", ("", 0))[0].strip().lower() != "draft":
            owners.setdefault(slugify(slug or title), []).append(path)
    return owners


def _taken(slug: str, target: Path, source: str, owners: dict[str, list[str]]) -> str | None:
    """Why the briefing of slug ``slug`` may not be written at ``target``:
    another Markdown briefing (by another name) has that slug, and the build
    would keep one of the two and leave the other out."""
    from briefings.briefing_markdown import imported_from
    from briefings.files import read_regular
    from briefings.ingest.decode import decode

    for path in owners.get(slug, []):
        if os.path.realpath(path) == os.path.realpath(target):
            continue  # the file import writes: see the checks that follow
        try:
            origin = imported_from(_generated(decode(read_regular(path), path).replace("\r\n", "\n")), path)
        except (OSError, BriefingError):
            origin = None
        how = ("this article's briefing, renamed" if origin == source
               else f"imported from {os.path.relpath(origin)}" if origin else "another briefing")
        return (f"has the slug {slug!r} of {path} ({how}); a second briefing {target} would clash with it: give "
                "this article a 'Slug:' header of its own")
    return None


def _outside(folder, content: Path) -> str | None:
    """Why ``folder`` (or a file) may not be used: it leads out of the
    content folder (by a symbolic link)."""
    real, root = os.path.realpath(folder), os.path.realpath(content)
    if real != root and not real.startswith(root + os.sep):
        return f"leads to {real}, outside the content folder {content}: not written there"
    return None


def _existing(target: Path, read_regular, decode) -> str | None:
    """The text of the briefing at ``target``, or None if there is none; a
    link, a folder or an unreadable file there is an error."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        raise BriefingError(target, f"cannot be read: {error.strerror or error}") from None
    if stat.S_ISLNK(mode):
        raise BriefingError(target, "is a symbolic link: import does not write through it; remove it first")
    try:
        return decode(read_regular(target), target)
    except OSError as error:
        raise BriefingError(target, f"cannot be read: {error.strerror or error}") from None


def _generated(text: str) -> str | None:
    """The value of the front matter's ``Generated`` line."""
    for line in text.partition("\n\n")[0].split("\n"):
        if line.startswith("Generated:"):
            return line[len("Generated:"):].strip()
    return None


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
    from briefings.files import write_new
    from briefings.slugs import slugify

    content = Path(args.content)
    title = " ".join(args.title.split())  # one line: a line break would end the front matter
    if not title:
        _report(BriefingError(None, "the title is empty: give the briefing a title"))
        return 1
    if problem := _title_problem(title):
        _report(BriefingError(None, f"the title {title!r} {problem}"))
        return 1
    target = content / "briefings" / f"{slugify(title)}.md"
    try:
        if problem := _outside(target.parent, content):
            raise BriefingError(target.parent, problem)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_new(target, SKELETON.format(title=title, date=dt.date.today().isoformat()).encode("utf-8"))
    except FileExistsError:
        _report(BriefingError(target, "already exists; edit it, or choose another title"))
        return 1
    except OSError as error:
        _report(BriefingError(target, f"cannot be written: {error.strerror or error}"))
        return 1
    except BriefingError as error:
        _report(error)
        return 1
    print(target)
    return 0


def _title_problem(title: str) -> str | None:
    """Why ``title`` cannot be a briefing's (None when it can): it holds
    bytes that are not text in the terminal's encoding, or a character that
    no page or feed can carry."""
    if re.search("[\ud800-\udfff]", title):
        return "is not valid text (a byte that is not UTF-8): type it again"
    if match := re.search("[\x00-\x1f\x7f\ufffe\uffff]", title):
        return f"holds the character {printable(match[0])}, which no page or feed can carry: leave it out"
    return None


# --- timeline ----------------------------------------------------------------


def cmd_timeline(args) -> int:
    from briefings.collect import collect
    from briefings.topic_timeline import topic_timeline

    if args.start and args.end and args.start > args.end:
        _report(BriefingError(None, f"--from {args.start} is after --to {args.end}: no date is in that span"))
        return 2
    collection = collect(args.paths)
    for error in collection.errors:
        _report(error)
    failed = bool(collection.errors)
    slugs = [slug for slug, _ in collection.briefings]
    briefings = [briefing for _, briefing in collection.briefings]
    try:
        chosen, title = _topic(args, briefings, slugs)
    except BriefingError as error:
        _report(error)
        return 1
    if chosen is None:
        return 1
    entries = topic_timeline([briefings[n] for n in chosen], [slugs[n] for n in chosen], dates=args.dates,
                             sentences=args.sentences, start=args.start, end=args.end)
    if args.format == "json":
        text = json.dumps([entry.to_json() for entry in entries], ensure_ascii=False, indent=2)
    else:
        titles = {slug: briefing.title for slug, briefing in collection.briefings}
        text = _timeline_markdown(entries, title, titles)
    try:
        print(text, flush=True)
    except BrokenPipeError:  # the reader of our output has gone (| head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1 if failed else 0


def _topic(args, briefings, slugs) -> tuple[list[int] | None, str]:
    """The positions of the briefings of the topic asked for, and its title;
    None (the problem reported) when there are none such."""
    from briefings.topics import NoSuchPlayer, find_player, tags_of, with_tag

    if args.tag is not None:
        chosen = with_tag(briefings, args.tag)
        if not chosen:
            known = ", ".join(tags_of(briefings)[:10]) or "none"
            raise BriefingError(None, f"no briefing has the tag {args.tag!r} (tags: {known})")
        return chosen, next(t for t in briefings[chosen[0]].tags if _same_tag(t, args.tag))
    if args.player is not None:
        from briefings.editor_file import FILE_NAME, read_editor_file
        from briefings.site_index import build_site_index

        folder = next((p for p in args.paths if os.path.isfile(os.path.join(p, FILE_NAME))), None)
        editor = read_editor_file(os.path.join(folder, FILE_NAME)) if folder else None
        index = build_site_index(list(enumerate(briefings)), editor=editor, slugs=slugs)
        for error in index.errors:
            print(f"error: {printable(error)}", file=sys.stderr)
        try:
            player = find_player(index, args.player)
        except NoSuchPlayer as error:
            raise BriefingError(None, str(error)) from None
        return sorted(player.briefings), player.name
    return list(range(len(briefings))), ""


def _same_tag(tag: str, asked: str) -> bool:
    from briefings.topics import tag_key

    return tag_key(tag) == tag_key(asked)


def _timeline_markdown(entries, title: str, titles: dict[str, str]) -> str:
    """The timeline as Markdown to paste: a heading, then a line per date
    with its summary and links to its briefings (as the site addresses them)."""
    from briefings.markup import escape_markdown

    lines = [f"# Timeline: {escape_markdown(title)}" if title else "# Timeline", ""]
    for entry in entries:
        links = ", ".join(f"[{escape_markdown(' '.join(titles.get(slug, slug).split()))}](briefings/{slug}/)"
                          for slug in entry.sources)
        lines.append(f"- **{entry.date.day} {entry.date:%B %Y}**: {escape_markdown(entry.summary)} ({links})")
    if not entries:
        lines.append("No dated events in these briefings.")
    return "\n".join(lines)


# --- build, serve, publish -----------------------------------------------------


class _ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _settings(settings_file: str, **override):
    """Pelican's settings from ``settings_file``, or a BriefingError saying
    what is missing."""
    from pelican.settings import get_settings_from_file, read_settings

    if not Path(settings_file).is_file():
        raise BriefingError(settings_file, "not found: run briefings in the site's folder")
    try:
        return read_settings(settings_file, override=override)
    except Exception as error:
        try:
            path = get_settings_from_file(settings_file).get("PATH", "content")
        except Exception:
            path = None
        if path is not None and not Path(path).is_dir():
            raise BriefingError(path, "the content folder is missing: write the site's sources there "
                                      "(see the README)") from None
        raise BriefingError(settings_file, f"the settings cannot be read ({type(error).__name__}: {error})") from None


def cmd_build(args) -> int:
    from pelican import Pelican
    from pelican.log import init as init_logging

    from briefings_site import folders

    init_logging(level=logging.WARNING)
    counter = _ErrorCounter()
    logging.getLogger().addHandler(counter)
    settings_file = "publishconf.py" if args.publish else "pelicanconf.py"
    try:
        settings = _settings(settings_file, OUTPUT_PATH=args.output)
        try:
            Pelican(settings).run()
        finally:
            folders.abandon(settings)  # if it stopped half-way: its folders are free
    except folders.OutputFolderError as error:
        _report(BriefingError(args.output or "''", error.message))  # as the user wrote it
        return 1
    except BriefingError as error:
        _report(error)
        return 1
    except OSError as error:  # a folder it cannot write (read-only, full…): which, and why
        logging.getLogger(__name__).debug("the build stopped", exc_info=True)
        where = error.filename if error.filename is not None else args.output
        _report(BriefingError(where, f"cannot be written ({error.strerror or error}): the build stopped"))
        return 1
    except Exception as error:  # a bug: one line, not a traceback (the rest is in the debug log)
        logging.getLogger(__name__).debug("the build stopped", exc_info=True)
        _report(BriefingError(None, f"the build stopped ({type(error).__name__}: {error}); please report it"))
        return 1
    finally:
        logging.getLogger().removeHandler(counter)
    if counter.count:
        print(f"error: {counter.count} problem(s) above; the rest of the site was built", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args) -> int:
    from pelican.log import init as init_logging

    from briefings_site.serve import serve

    init_logging(level=logging.WARNING)
    settings_file = "pelicanconf.py"
    return serve(functools.partial(_settings, settings_file, OUTPUT_PATH=args.output), args.port,
                 settings_files=[settings_file], reload=not args.no_reload)


def cmd_publish(args) -> int:
    try:
        _publish(args)
    except BriefingError as error:
        _report(error)
        return 1
    return 0


def _publish(args) -> None:
    """Check that the output is a finished build's, then commit it to the
    ``gh-pages`` branch, and push that unless ``--no-push``: never over a
    deploy made from a commit this one does not have, unless ``--force``."""
    import ghp_import

    from briefings_site.folders import last_build

    settings_file = next((name for name in ("publishconf.py", "pelicanconf.py") if Path(name).is_file()), None)
    settings = _settings(settings_file) if settings_file else {"CACHE_PATH": "cache"}
    if problem := last_build(settings, args.output):
        raise BriefingError(None, f"{problem}; nothing was published")
    if _git("rev-parse", "--git-dir") is None:
        raise BriefingError(None, "this folder is not in a git repository: publish pushes the site to its "
                                  "gh-pages branch")
    head = _git("rev-parse", "HEAD")
    if not args.no_push:
        if _git("remote", "get-url", args.remote) is None:
            raise BriefingError(None, f"the repository has no remote {args.remote!r} to push to: add it "
                                      f"(git remote add {args.remote} URL), or publish with --no-push")
        fetched = _git("fetch", "--quiet", args.remote, f"+refs/heads/gh-pages:refs/remotes/{args.remote}/gh-pages")
        if fetched is None and _git("ls-remote", "--exit-code", "--heads", args.remote, "gh-pages") is not None:
            raise BriefingError(None, f"cannot fetch gh-pages from {args.remote!r} to compare with its last deploy")
        if not args.force and (newer := _newer_deploy(args.remote, head)):
            raise BriefingError(None, f"{newer}; publish with --force to replace it")
    message = f"Publish the site from {head}" if head else "Publish the site"
    try:
        ghp_import.ghp_import(args.output, mesg=message, nojekyll=True, remote=args.remote, branch="gh-pages",
                              push=not args.no_push, force=args.force)
    except ghp_import.GhpError as error:
        raise BriefingError(None, f"cannot commit the site to gh-pages ({error})") from None
    except subprocess.CalledProcessError:
        raise BriefingError(None, f"the push to {args.remote!r} was refused (see git's message above): "
                                  "fetch and build again, or publish with --force") from None


def _newer_deploy(remote: str, head: str | None) -> str | None:
    """What would be overwritten: the remote's ``gh-pages`` holds a deploy
    made from a commit that this branch does not have (a newer one, or
    another line of work); None when it holds none, or an older one."""
    deployed = _git("log", "-1", "--format=%s", f"refs/remotes/{remote}/gh-pages")
    if not deployed:
        return None
    match = re.search(r"\bfrom ([0-9a-f]{40})\b", deployed)
    if match is None or head is None:
        return None  # not made by publish from a known commit: history keeps it, nothing is lost
    if _git("merge-base", "--is-ancestor", match[1], head) is None:
        return (f"{remote}/gh-pages holds a deploy made from {match[1][:12]}, a commit this branch does not "
                "have (a newer one?)")
    return None


def _git(*arguments: str) -> str | None:
    """git's output, or None when it fails (or is missing)."""
    try:
        run = subprocess.run(["git", *arguments], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return run.stdout.strip() if run.returncode == 0 else None


if __name__ == "__main__":
    sys.exit(main())
