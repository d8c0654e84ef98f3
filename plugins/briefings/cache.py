"""A persistent, content-addressed cache of annotations.

Annotations are a pure function of the article (text, title, date, bylines),
the annotators' code and the model, so the key hashes exactly those: an
unchanged article is never annotated twice, and a change to the annotators'
source or to the model invalidates every entry, and nothing else does.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
from dataclasses import asdict
from pathlib import Path

from briefings.annotate.nlp import model_version
from briefings.model import Article, Briefing

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


def source_digest(data: bytes) -> str:
    """A source file's bytes under the current code: seen before, it needs
    no reading at all."""
    return hashlib.sha256(data + code_version().encode()).hexdigest()


class AnnotationCache:
    """Briefings by article key, in one SQLite file (or in memory for ``None``)."""

    def __init__(self, path: str | Path | None):
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(":memory:" if path is None else str(path))
        self._db.execute("CREATE TABLE IF NOT EXISTS annotations (key TEXT PRIMARY KEY, briefing TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS sources (digest TEXT PRIMARY KEY)")

    def __contains__(self, article: Article) -> bool:
        query = "SELECT 1 FROM annotations WHERE key = ?"
        return self._db.execute(query, (article_key(article),)).fetchone() is not None

    def get(self, article: Article) -> Briefing | None:
        row = self._db.execute("SELECT briefing FROM annotations WHERE key = ?", (article_key(article),)).fetchone()
        return Briefing.from_dict(json.loads(row[0])) if row else None

    def put(self, article: Article, briefing: Briefing) -> None:
        self.put_many([(article, briefing)])

    def put_many(self, pairs) -> None:
        """Store (article, briefing) pairs in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO annotations VALUES (?, ?)",
                [(article_key(a), json.dumps(b.to_dict(), ensure_ascii=False)) for a, b in pairs],
            )

    def source_done(self, data: bytes) -> bool:
        """True when a source file with exactly these bytes was annotated
        with the current annotators (a warm build need not even read it)."""
        query = "SELECT 1 FROM sources WHERE digest = ?"
        return self._db.execute(query, (source_digest(data),)).fetchone() is not None

    def mark_sources_done(self, sources: list[bytes]) -> None:
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO sources VALUES (?)", [(source_digest(d),) for d in sources])

    def annotate(self, article: Article) -> Briefing:
        """The cached briefing of ``article``, annotating it on a miss."""
        briefing = self.get(article)
        if briefing is None:
            from briefings.annotate.pipeline import annotate  # spaCy only on a miss

            briefing = annotate(article)
            self.put(article, briefing)
        return briefing
