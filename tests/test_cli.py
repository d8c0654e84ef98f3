"""The command line of the contract: annotate, import, new, and their errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefings.cli import main as briefings
from conftest import SEED

PLAYER_FIELDS = {"name": str, "kind": str, "mentions": int, "aliases": list, "salience": float, "key": bool}
QUOTE_FIELDS = {"text": str, "start": int, "end": int, "partial": bool}
TIMEX_FIELDS = {"text": str, "start": int, "end": int, "type": str, "value": str}
TIMELINE_FIELDS = {"value": str, "start_date": str, "end_date": str, "text": str, "event": str, "sentence": str}


@pytest.fixture(scope="module")
def seed_json():
    result = subprocess.run(
        [sys.executable, "-m", "briefings.cli", "annotate", str(SEED), "--date", "2021-12-29"],
        capture_output=True, text=True, check=True,
    )
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    return json.loads(lines[0])


def _check_fields(record, fields):
    for name, kind in fields.items():
        assert isinstance(record[name], kind), (name, record)


def test_annotate_prints_the_contract_json(seed_json):
    assert seed_json["date"] == "2021-12-29"
    assert seed_json["title"]
    assert seed_json["contributors"] == ["John Wagner", "Sean Sullivan", "Meryl Kornfield", "Karoun Demirjian"]
    text = seed_json["text"]
    assert "â" not in text
    for player in seed_json["players"]:
        _check_fields(player, PLAYER_FIELDS)
        assert player["kind"] in ("person", "organization", "place", "group")
        assert player["role"] is None or isinstance(player["role"], str)
    for quote in seed_json["quotes"]:
        _check_fields(quote, QUOTE_FIELDS)
        assert text[quote["start"]:quote["end"]] == quote["text"]
        if quote["speaker_start"] is not None:
            assert text[quote["speaker_start"]:quote["speaker_end"]] == quote["speaker_text"]
    for timex in seed_json["timexes"]:
        _check_fields(timex, TIMEX_FIELDS)
        assert text[timex["start"]:timex["end"]] == timex["text"]
        assert timex["type"] in ("DATE", "TIME", "DURATION", "SET")
    for entry in seed_json["timeline"]:
        _check_fields(entry, TIMELINE_FIELDS)
    starts = [e["start_date"] for e in seed_json["timeline"]]
    assert starts == sorted(starts)


def test_annotate_without_a_date_keeps_unknown_parts(tmp_path, capsys):
    path = tmp_path / "undated.txt"
    path.write_text("Talks are planned for Jan. 10 in Geneva, officials said on Thursday.\n", encoding="utf-8")
    assert briefings(["annotate", str(path)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["date"] is None
    values = {t["text"]: t["value"] for t in record["timexes"]}
    assert values["Jan. 10"] == "XXXX-01-10"


def test_annotate_reports_bad_files_and_goes_on(tmp_path, capsys):
    good = tmp_path / "good.txt"
    good.write_text("Title: Good\nDate: 2022-01-10\n\nThe talks began on Monday.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert briefings(["annotate", str(empty), str(good), str(tmp_path / "missing.txt")]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["title"] for line in captured.out.splitlines()] == ["Good"]
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2
    assert str(empty) in errors[0] and "empty" in errors[0]
    assert "missing.txt" in errors[1]


def test_annotate_markdown_is_what_import_writes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "a.txt"
    text = "Title: Talks resume\nDate: 2022-01-10\n\nSherman met Ryabkov in Geneva on Monday.\n"
    path.write_text(text, encoding="utf-8")
    assert briefings(["annotate", str(path), "--format", "markdown"]) == 0
    printed = capsys.readouterr().out
    assert briefings(["import", str(path), "--content", str(tmp_path / "content")]) == 0
    written = (tmp_path / "content" / "briefings" / "talks-resume.md").read_text(encoding="utf-8")
    assert printed.rstrip("\n") == written.rstrip("\n")


def test_new_writes_a_skeleton_that_builds_and_never_overwrites(tmp_path, capsys):
    content = tmp_path / "content"
    assert briefings(["new", "Geneva talks: day two", "--content", str(content)]) == 0
    skeleton = content / "briefings" / "geneva-talks-day-two.md"
    from briefings.briefing_markdown import parse_markdown

    parsed = parse_markdown(skeleton.read_text(encoding="utf-8"), skeleton)
    assert parsed.article.title == "Geneva talks: day two"
    skeleton.write_text(skeleton.read_text(encoding="utf-8") + "\nMine.\n", encoding="utf-8")
    assert briefings(["new", "Geneva talks: day two", "--content", str(content)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert skeleton.read_text(encoding="utf-8").endswith("Mine.\n")


def test_every_command_has_help():
    for command in ("build", "import", "annotate", "new", "serve", "publish"):
        with pytest.raises(SystemExit) as done:
            briefings([command, "--help"])
        assert done.value.code == 0


def test_date_option_overrides_even_a_malformed_header_date(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("Title: T\nDate: 29/12/2021\n\nThe talks began on Monday.\n", encoding="utf-8")
    assert briefings(["annotate", str(path)]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert briefings(["annotate", str(path), "--date", "2022-01-12"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["date"] == "2022-01-12"
    assert {t["text"]: t["value"] for t in record["timexes"]}["Monday"] == "2022-01-10"


def test_an_annotator_failure_is_one_line_naming_the_file(tmp_path, monkeypatch, capsys):
    import briefings.annotate.pipeline as pipeline

    good = tmp_path / "good.txt"
    good.write_text("Title: Good\nDate: 2022-01-10\n\nThe talks began on Monday.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("Title: Bad\nDate: 2022-01-10\n\nThe talks failed on Monday.\n", encoding="utf-8")
    real = pipeline.annotate_doc

    def failing(article, doc):
        if article.title == "Bad":
            raise ValueError("an annotator bug")
        return real(article, doc)

    monkeypatch.setattr(pipeline, "annotate_doc", failing)
    assert briefings(["annotate", str(bad), str(good)]) == 1
    captured = capsys.readouterr()
    assert [json.loads(line)["title"] for line in captured.out.splitlines()] == ["Good"]
    assert captured.err.count("\n") == 1 and str(bad) in captured.err and "an annotator bug" in captured.err


def test_import_never_lets_two_articles_overwrite_each_other(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"Title: Talks resume\nDate: 2022-01-10\n\nText of {name}.\n", encoding="utf-8")
    assert briefings(["import", "a.txt", "b.txt", "--content", "content"]) == 1
    assert "b.txt" in capsys.readouterr().err
    assert "Text of a.txt." in (tmp_path / "content" / "briefings" / "talks-resume.md").read_text(encoding="utf-8")
