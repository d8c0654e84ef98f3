"""A persistent, content-addressed cache of annotations.

Annotations are a pure function of the article (text, title, date, bylines),
the annotators' code and the model, so the key hashes exactly those: an
unchanged article is never annotated twice, and a change to the annotators'
source or to the model invalidates every entry, and nothing else does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import json
import logging
import os
import sqlite3
import stat
import tempfile
import zlib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from briefings.annotate.nlp import model_version
from briefings.files import open_regular
from briefings.model import Article, Briefing

log = logging.getLogger(__name__)

#: Where annotations are kept unless a site's settings say otherwise.
DEFAULT_PATH = Path(".cache") / "annotations.sqlite"
PACKAGE = Path(__file__).parent


def annotator_sources(package: Path = PACKAGE) -> list[Path]:
    """What annotations depend on: every module of the annotators, in all
    their sub-packages, and the modules they use."""
    return [*sorted((package / "annotate").rglob("*.py")), package / "model.py", package / "timevalues.py"]


ANNOTATOR_SOURCES = tuple(annotator_sources())


@functools.cache
def annotator_version() -> str:
    """A hash of the annotators' source code and of the model's version."""
    return _digest_of(ANNOTATOR_SOURCES, model_version())


@functools.cache
def code_version() -> str:
    """A hash of all of Briefings' code and of the model's version: what a
    built page depends on besides its source file and the templates."""
    return _digest_of(sorted(PACKAGE.parent.glob("briefings*/**/*.py")), model_version())


def _digest_of(sources, extra: str, root: Path = PACKAGE.parent) -> str:
    """A hash of ``extra`` and of each source's path under ``root`` and bytes
    (the path, not the bare name: several modules are ``find.py``)."""
    digest = hashlib.sha256(extra.encode())
    for source in sources:
        name = source.relative_to(root).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def article_key(article: Article) -> str:
    """The cache key of an article: every field of it (the headline and the
    bylines matter to the annotators too) and the annotators' version."""
    record = asdict(article)
    record["date"] = article.date.isoformat() if article.date else None
    payload = json.dumps(record, sort_keys=True, ensure_ascii=False) + annotator_version()
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _connect(name: str) -> sqlite3.Connection:
    """A connection to the cache ``name`` with its tables (which reads the
    file: a damaged one fails here, or on a later query). A second build or
    an import writing at the same time is waited for."""
    db = sqlite3.connect(name, timeout=60)
    try:
        db.execute("CREATE TABLE IF NOT EXISTS annotations (key TEXT PRIMARY KEY, briefing TEXT)")
        db.execute("CREATE TABLE IF NOT EXISTS sources (digest TEXT PRIMARY KEY)")
    except BaseException:
        db.close()
        raise
    return db


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite found the file damaged, or not a database at all."""
    return getattr(error, "sqlite_errorname", "") in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or (
        type(error) is sqlite3.DatabaseError and any(
            words in str(error) for words in ("malformed", "not a database")))


def source_digest(data: bytes) -> str:
    """A source file's bytes under the current code: seen before, it needs
    no reading at all."""
    return hashlib.sha256(data + code_version().encode()).hexdigest()


class AnnotationCache:
    """Briefings by article key, in one SQLite file (or in memory for ``None``).

    A cache is only ever a cache: a damaged file is reported, set aside and
    made anew (its articles are annotated again), and one that cannot be
    opened at all (its folder is a file, it is read-only…) is reported and
    kept in memory for this run, rather than stopping a build or an import.
    """

    def __init__(self, path: str | Path | None):
        self.path = None if path is None else Path(path)
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return _connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return _connect(str(self.path))
        except sqlite3.DatabaseError as error:
            if not _is_damage(error):
                return self._in_memory(error)
            self._set_aside(error)
        except OSError as error:
            return self._in_memory(error)
        try:
            return _connect(str(self.path))
        except (sqlite3.DatabaseError, OSError) as error:
            return self._in_memory(error)

    def _in_memory(self, error: Exception) -> sqlite3.Connection:
        log.warning("%s: the annotation cache cannot be used (%s); annotations are kept for this run only",
                    os.path.abspath(self.path), error)
        return _connect(":memory:")

    def _set_aside(self, error: Exception) -> None:
        """Move a damaged cache file out of the way (beside it, for a look;
        the one set aside before is replaced)."""
        damaged = self.path.with_name(self.path.name + ".damaged")
        log.warning("%s: the annotation cache is damaged (%s): it is made anew, and its articles are annotated "
                    "again (the damaged file is kept as %s)", os.path.abspath(self.path), error, damaged.name)
        with contextlib.suppress(OSError):
            os.replace(self.path, damaged)
        for suffix in ("-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    def _run(self, operation):
        """``operation(db)``; on damage found on the way, the cache is made
        anew and the operation done again."""
        try:
            return operation(self._db)
        except sqlite3.DatabaseError as error:
            if self.path is None or not _is_damage(error):
                raise
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._set_aside(error)
            self._db = self._open()
            return operation(self._db)

    def __contains__(self, article: Article) -> bool:
        query = "SELECT 1 FROM annotations WHERE key = ?"
        return self._run(lambda db: db.execute(query, (article_key(article),)).fetchone()) is not None

    def get(self, article: Article) -> Briefing | None:
        query = "SELECT briefing FROM annotations WHERE key = ?"
        row = self._run(lambda db: db.execute(query, (article_key(article),)).fetchone())
        if row is None:
            return None
        try:
            return Briefing.from_dict(json.loads(row[0]))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None  # an entry that does not read back: annotated again

    def put(self, article: Article, briefing: Briefing) -> None:
        self.put_many([(article, briefing)])

    def put_many(self, pairs) -> None:
        """Store (article, briefing) pairs in one transaction."""
        rows = [(article_key(a), json.dumps(b.to_dict(), ensure_ascii=False)) for a, b in pairs]

        def store(db):
            with db:
                db.executemany("INSERT OR REPLACE INTO annotations VALUES (?, ?)", rows)

        self._run(store)

    def source_done(self, data: bytes) -> bool:
        """True when a source file with exactly these bytes was annotated
        with the current annotators (a warm build need not even read it)."""
        query = "SELECT 1 FROM sources WHERE digest = ?"
        return self._run(lambda db: db.execute(query, (source_digest(data),)).fetchone()) is not None

    def mark_sources_done(self, sources: list[bytes]) -> None:
        rows = [(source_digest(d),) for d in sources]

        def store(db):
            with db:
                db.executemany("INSERT OR IGNORE INTO sources VALUES (?)", rows)

        self._run(store)

    def annotate(self, article: Article) -> Briefing:
        """The cached briefing of ``article``, annotating it on a miss."""
        briefing = self.get(article)
        if briefing is None:
            from briefings.annotate.pipeline import annotate  # spaCy only on a miss

            briefing = annotate(article)
            self.put(article, briefing)
        return briefing

    def has_key(self, key: str) -> bool:
        """Whether an entry of ``key`` (see :func:`article_key`) is here."""
        query = "SELECT 1 FROM annotations WHERE key = ?"
        return self._run(lambda db: db.execute(query, (key,)).fetchone()) is not None

    def export_to(self, path: str | Path) -> TransferSummary:
        """Write the entries of the current annotators and model to ``path``
        (see :data:`EXPORT_FORMAT`), whole or not at all; entries of other
        versions (and any that do not read back) are left out and counted."""
        return export_cache(self, Path(path))

    def import_from(self, path: str | Path) -> TransferSummary:
        """Add the entries of the export at ``path`` made by the current
        annotators and model and not already here, all in one transaction
        (a damaged file imports nothing: :class:`TransferError`)."""
        return import_cache(self, Path(path))


# --- a cache that travels: export and import ----------------------------------------------------

#: An export is gzip-compressed JSON lines: first a header
#: ``{"format": EXPORT_FORMAT, "format_version": 1, "annotator": …, "model": …, "entries": N}``,
#: then one line per entry: ``{"key": …, "annotator": …, "model": …, "briefing": {…}}``.
#: ``annotator`` is :func:`annotator_version` (a hash of the annotators'
#: code and of the model's version, the version a key is made with) and
#: ``model`` the model's and spaCy's versions, for people to read.
EXPORT_FORMAT = "briefings-annotation-cache"
EXPORT_FORMAT_VERSION = 1
#: Entries imported per statement (all in one transaction).
_IMPORT_CHUNK = 500


class TransferError(Exception):
    """An export that cannot be written, or a file that cannot be imported:
    one line naming it (and the line of the damage, where there is one)."""


@dataclass
class TransferSummary:
    """What an export or an import did with the entries."""

    #: Entries exported, or imported (new here).
    moved: int = 0
    #: Entries of another annotator or model version: not exported, or not
    #: imported (with the versions met, for the message).
    other_version: int = 0
    other_versions: set[str] = field(default_factory=set)
    #: Import: entries already in the cache (kept as they are).
    present: int = 0
    #: Entries whose briefing does not match their key (altered, or made by
    #: something else than the annotators): left out.
    mismatched: int = 0


def entry_key(record: dict) -> str:
    """The key under which a briefing (as :meth:`Briefing.to_dict` makes
    it) is stored with the current annotators: the key of its article, whose
    fields a briefing carries unchanged."""
    from briefings.model import Article

    names = [f.name for f in fields(Article)]
    article = Article(**{name: record[name] for name in names})
    if article.date is not None:
        article.date = dt.date.fromisoformat(article.date)
    return article_key(article)


def _current_entry(key: str, text: str) -> dict | None:
    """The briefing record of the entry ``key`` if it was made by the
    current annotators (its key is its article's key under their version),
    else None."""
    try:
        record = json.loads(text)
        return record if entry_key(record) == key else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def export_cache(cache: AnnotationCache, path: Path) -> TransferSummary:
    summary = TransferSummary()
    version, model = annotator_version(), model_version()
    if problem := _not_replaceable(path):
        raise TransferError(f"{path}: {problem}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".new")
    except OSError as error:
        raise TransferError(f"{path}: cannot be written ({error.strerror or error})") from None
    try:
        with os.fdopen(handle, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as file:
            file.write(_line({"format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION,
                              "annotator": version, "model": model}))
            for key, text in cache._db.execute("SELECT key, briefing FROM annotations ORDER BY key"):
                record = _current_entry(key, text)
                if record is None:
                    summary.other_version += 1
                    continue
                file.write(_line({"key": key, "annotator": version, "model": model, "briefing": record}))
                summary.moved += 1
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise TransferError(f"{path}: cannot be written ({error.strerror or error})") from None
    except sqlite3.DatabaseError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise TransferError(f"{cache.path}: the annotation cache cannot be read ({error}): nothing "
                            "exported") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return summary


def _line(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _not_replaceable(path: Path) -> str | None:
    """Why an export may not be written at ``path``: something is there
    that is not an earlier export (never overwritten)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"cannot be written ({error.strerror or error})"
    if not stat.S_ISREG(mode):
        return "exists and is not a file: not overwritten"
    try:
        with gzip.open(path, "rb") as file:
            header = json.loads(file.readline(1 << 20))
        if isinstance(header, dict) and header.get("format") == EXPORT_FORMAT:
            return None
    except (OSError, EOFError, ValueError, zlib.error):
        pass
    return "exists and is not an annotation-cache export: not overwritten (choose another name)"


def import_cache(cache: AnnotationCache, path: Path) -> TransferSummary:
    summary = TransferSummary()
    version = annotator_version()
    try:
        source = open_regular(path)
    except OSError as error:
        raise TransferError(f"{path}: cannot be read ({error.strerror or error})") from None
    rows: list[tuple[str, str]] = []

    def store(db) -> None:
        rows.clear()
        summary.moved = summary.present = summary.other_version = summary.mismatched = 0
        number = 0
        source.seek(0)
        with db:  # one transaction: a damaged file imports nothing
            for number, line in enumerate(_lines(source, path), start=1):
                if number == 1:
                    _check_header(line, path)
                    continue
                entry = _entry(line, path, number)
                if entry["annotator"] != version:
                    summary.other_version += 1
                    summary.other_versions.add(str(entry.get("model") or entry["annotator"]))
                    continue
                record = entry["briefing"]
                try:
                    matches = entry_key(record) == entry["key"]
                except (ValueError, TypeError, KeyError, AttributeError):
                    matches = False
                if not matches:
                    summary.mismatched += 1
                    continue
                rows.append((entry["key"], json.dumps(record, ensure_ascii=False)))
                if len(rows) >= _IMPORT_CHUNK:
                    _insert(db, rows, summary)
            if number == 0:
                raise TransferError(f"{path}: empty: not an annotation-cache export")
            _insert(db, rows, summary)

    with source:
        try:
            cache._run(store)
        except sqlite3.DatabaseError as error:
            raise TransferError(f"{cache.path}: the annotation cache cannot be written ({error}): nothing "
                                "imported") from None
    return summary


def _insert(db: sqlite3.Connection, rows: list[tuple[str, str]], summary: TransferSummary) -> None:
    """Add ``rows`` that are not in the cache yet (an entry there is never
    replaced)."""
    before = db.total_changes
    db.executemany("INSERT OR IGNORE INTO annotations VALUES (?, ?)", rows)
    added = db.total_changes - before
    summary.moved += added
    summary.present += len(rows) - added
    rows.clear()


def _lines(source, path: Path):
    """The non-blank lines of the gzip-compressed file ``source``; damage is
    a TransferError."""
    number = 0
    try:
        with gzip.GzipFile(fileobj=source, mode="rb") as file:
            for line in file:
                if line.strip():
                    number += 1
                    yield line
    except (OSError, EOFError, zlib.error) as error:
        where = f"{path}" if number == 0 else f"{path}:{number + 1}"
        raise TransferError(f"{where}: not an annotation-cache export, or damaged ({error})") from None


def _check_header(line: bytes, path: Path) -> None:
    try:
        header = json.loads(line)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("format") != EXPORT_FORMAT:
        raise TransferError(f"{path}:1: not an annotation-cache export (its first line is no export header)")
    if header.get("format_version") != EXPORT_FORMAT_VERSION:
        raise TransferError(f"{path}:1: an export of format version {header.get('format_version')!r}; this "
                            f"version of briefings reads version {EXPORT_FORMAT_VERSION}")


def _entry(line: bytes, path: Path, number: int) -> dict:
    try:
        entry = json.loads(line)
    except ValueError as error:
        raise TransferError(f"{path}:{number}: damaged entry ({error})") from None
    if (not isinstance(entry, dict) or not isinstance(entry.get("key"), str)
            or not isinstance(entry.get("annotator"), str) or not isinstance(entry.get("briefing"), dict)):
        raise TransferError(f"{path}:{number}: damaged entry (it needs a key, an annotator version and a briefing)")
    return entry
