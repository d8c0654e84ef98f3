"""A persistent, content-addressed cache of annotations.

Annotations are a pure function of the article (text, title, date, bylines),
the annotators' code and the model, so the key hashes exactly those: an
unchanged article is never annotated twice, and a change to the annotators'
source or to the model invalidates every entry, and nothing else does.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import sqlite3
from dataclasses import asdict
from pathlib import Path

from briefings.annotate.nlp import model_version
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
