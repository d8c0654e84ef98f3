"""Fresh WikiNews-like articles (a science story, an obituary narrating a
life, a sports season recap, a disaster story with clock times), each with
the TIMEX3 value a careful annotator gives its expressions
(tests/fixtures/timex/expected.json, written before the tagger's output was
read)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.annotate.timex.find import find_timexes
from briefings.ingest import read_article

FIXTURES = Path(__file__).parent / "fixtures" / "timex"
EXPECTED = {name: spec for name, spec in json.loads((FIXTURES / "expected.json").read_text()).items()
            if not name.startswith("_")}


@pytest.fixture(scope="module")
def tagged(nlp):
    out = {}
    for name in EXPECTED:
        article = read_article(FIXTURES / f"{name}.txt")
        out[name] = find_timexes(nlp(article.text), article.date)
    return out


CASES = [(name, i) for name, spec in EXPECTED.items() for i in range(len(spec["expressions"]))]


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}-{i}" for n, i in CASES])
def test_expected_value(tagged, name, index):
    spec = EXPECTED[name]["expressions"][index]
    found = tagged[name]
    shown = "\n".join(f"  {t.text!r}: {t.type} {t.value}" for t in found)
    assert any(
        (spec["text"] in t.text or t.text in spec["text"]) and t.value == spec["value"] for t in found
    ), f"no {spec} in\n{shown}"


@pytest.mark.parametrize("name", list(EXPECTED))
def test_ages_scores_and_amounts_are_not_times(tagged, name):
    for timex in tagged[name]:
        for text in EXPECTED[name]["no_timex"]:
            assert text not in timex.text and timex.text not in text, f"{timex.text!r} tagged"
