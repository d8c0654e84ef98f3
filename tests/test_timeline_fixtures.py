"""Fresh articles of the kinds a timeline goes wrong on (a historical
narration, quoted past speeches, agency wire with clock times, a market
report, a court and election story), each with what a careful editor expects
on its timeline (tests/fixtures/timeline/expected.json, written before the
annotator's output was read)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.annotate.pipeline import annotate_doc
from briefings.ingest import read_article

FIXTURES = Path(__file__).parent / "fixtures" / "timeline"
EXPECTED = {name: spec for name, spec in json.loads((FIXTURES / "expected.json").read_text()).items()
            if not name.startswith("_")}


@pytest.fixture(scope="module")
def briefings(nlp):
    out = {}
    for name in EXPECTED:
        article = read_article(FIXTURES / f"{name}.txt")
        out[name] = annotate_doc(article, nlp(article.text))
    return out


def _holds(event: str, spec: dict) -> bool:
    event = event.casefold()
    return (
        all(words.casefold() in event for words in spec.get("contains", []))
        and (not spec.get("contains_any") or any(w.casefold() in event for w in spec["contains_any"]))
        and not any(words.casefold() in event for words in spec.get("excludes", []))
    )


def _matches(entry, spec: dict) -> bool:
    return (
        entry.value == spec["value"]
        and ("text" not in spec or entry.text == spec["text"])
        and ("upcoming" not in spec or entry.upcoming == spec["upcoming"])
        and _holds(entry.event, spec)
    )


CASES = [(name, i) for name, spec in EXPECTED.items() for i in range(len(spec["entries"]))]


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_expected_entry(briefings, name, index):
    spec = EXPECTED[name]["entries"][index]
    timeline = briefings[name].timeline
    shown = "\n".join(f"  {e.value} ({e.text}): {e.event}" for e in timeline)
    assert any(_matches(e, spec) for e in timeline), f"no entry for {spec} in\n{shown}"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_no_wrong_entry(briefings, name):
    """No entry of a wrong date for an event, and no number read as a date."""
    briefing = briefings[name]
    for spec in EXPECTED[name].get("absent", []):
        wrong = [e for e in briefing.timeline if e.value == spec["value"] and _holds(e.event, spec)]
        assert not wrong, f"{spec}: {wrong}"
    texts = {t.text for t in briefing.timexes}
    for text in EXPECTED[name].get("no_timex", []):
        assert text not in texts


@pytest.mark.parametrize("name", list(EXPECTED))
def test_entries_are_true_to_their_sentence(briefings, name):
    """Each entry's expression is in its own sentence, the sentence is the
    article's, and no date and event is told twice."""
    briefing = briefings[name]
    seen = set()
    text = " ".join(briefing.text.split())
    for entry in briefing.timeline:
        assert entry.text in entry.sentence
        assert entry.sentence in text
        assert entry.event
        key = (entry.start_date, entry.end_date, entry.event.casefold())
        assert key not in seen, entry
        seen.add(key)
