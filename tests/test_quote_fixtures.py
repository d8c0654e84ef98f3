"""Quotes on fresh articles, read and annotated as the site reads them.

Each ``tests/fixtures/quotes/NAME.txt`` is a raw article written for these
tests (a White House briefing, a wire story with several speakers, a court
story, an interview with a quotation over several paragraphs, a match report,
a company's recall, a wildfire, a president's spokesman on the wire, a pasted
page with readers' comments, a court report quoting filings); ``NAME.quotes``
lists, one a line, the first words of each quoted passage and who an editor
says said it:

    We have always said -> Karine Jean-Pierre
    Second Wind -> none

``none`` means the words are in quotation marks but are no quotation (a
title, a name, a slogan, a scare quote) and must not be reported.  A quotation
belongs to the longest listed beginning of its text; every reported quotation
must be listed, and every listed speaker must be the one given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.annotate.pipeline import annotate_doc
from briefings.ingest import read_article

FIXTURES = Path(__file__).parent / "fixtures" / "quotes"
ARTICLES = sorted(path.stem for path in FIXTURES.glob("*.txt"))
NOT_A_QUOTE = "none"


def expectations(name: str) -> dict[str, str]:
    """First words -> speaker (or ``none``) of the article ``name``."""
    expected = {}
    for line in (FIXTURES / f"{name}.quotes").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words, _, speaker = line.rpartition(" -> ")
            expected[words.strip()] = speaker.strip()
    return expected


#: Expectations the annotators do not meet yet, and why: each must still fail
#: (strict), so that the day it passes it is noticed and taken off this list.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}


def _case(name: str, words: str):
    reason = KNOWN_FAILURES.get((name, words))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(name, words, marks=marks, id=f"{name}:{words[:24]}")


CASES = [_case(name, words) for name in ARTICLES for words in expectations(name)]


@pytest.fixture(scope="module")
def annotated(nlp):
    """Each article's quotes, grouped by the listed beginning they belong to
    (``None`` for a quote no listed beginning fits)."""
    found = {}
    for name in ARTICLES:
        article = read_article(FIXTURES / f"{name}.txt")
        briefing = annotate_doc(article, nlp(article.text))
        listed = sorted(expectations(name), key=len, reverse=True)
        groups: dict[str | None, list] = {}
        for quote in briefing.quotes:
            key = next((words for words in listed if quote.text.startswith(words)), None)
            groups.setdefault(key, []).append(quote)
        found[name] = groups
    return found


def test_every_article_has_expectations():
    assert len(ARTICLES) >= 6
    for name in ARTICLES:
        assert expectations(name), name


@pytest.mark.parametrize(("name", "words"), CASES)
def test_expected_quote_and_speaker(annotated, name, words):
    speaker = expectations(name)[words]
    quotes = annotated[name].get(words, [])
    if speaker == NOT_A_QUOTE:
        assert quotes == [], f"“{words}” is not a quotation"
    else:
        assert [q.speaker for q in quotes] == [speaker], [q.text for q in quotes]


@pytest.mark.parametrize("name", ARTICLES)
def test_no_unexpected_quotes(annotated, name):
    assert [q.text for q in annotated[name].get(None, [])] == []
