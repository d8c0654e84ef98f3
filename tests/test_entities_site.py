"""Identities across a site of fresh articles, annotated by the real pipeline.

The articles in fixtures/entities were written for this test: wire copy,
market reports and a historical piece sharing people, organisations and
places under varied names ("Mr. Putin", "U.S."/"America", "IAEA" spelt out
in one article only, two Sullivans, two Bushes, two Johnsons, Bank of
America and Bank of England).  gold.json gives the real entity of every form
each article names.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.entities import b_cubed, gold_items
from briefings.annotate.pipeline import annotate
from briefings.ingest import read_article
from briefings.site_index import build_site_index

FIXTURES = Path(__file__).parent / "fixtures" / "entities"


@pytest.fixture(scope="module")
def site(nlp):
    import json

    paths = sorted(FIXTURES.glob("*.txt"))
    briefings = [annotate(read_article(path), nlp) for path in paths]
    gold = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
    names = [p.name for p in paths]
    return names, briefings, gold, build_site_index(list(zip(names, briefings)))


def identity(site, article: str, name: str):
    names, briefings, _, index = site
    b = names.index(article)
    return index.by_briefing[b][name]


def test_no_two_entities_share_a_page_and_few_entities_have_two(site):
    names, briefings, gold, index = site
    items, _ = gold_items(names, briefings, gold)
    pairs = [(index.players_of[b][i].id, entity) for b, i, entity in items]
    precision, recall, f1 = b_cubed(pairs)
    assert precision == 1.0
    assert recall >= 0.93 and f1 >= 0.96
    spread, articles = defaultdict(set), defaultdict(set)
    for (page, entity), (b, _, _) in zip(pairs, items):
        spread[entity].add(page)
        articles[entity].add(b)
    several = [e for e in spread if len(articles[e]) > 1]
    assert sum(len(spread[e]) for e in several) / len(several) <= 1.3


def test_the_same_entity_under_its_many_names(site):
    putin = identity(site, "putin-xi-beijing-summit.txt", "Vladimir Putin")
    assert putin is identity(site, "iaea-zaporizhzhia-inspection.txt", "Vladimir Putin")
    assert putin.name == "Vladimir Putin" and putin.page
    us = identity(site, "uk-us-trade-talks.txt", "United States")
    for article, name in [("uk-us-trade-talks.txt", "America"), ("uk-us-trade-talks.txt", "United States of America"),
                          ("markets-wall-street-wrap.txt", "U.S."), ("bush-painting-exhibition.txt", "America")]:
        assert identity(site, article, name) is us
    assert us.name == "United States"
    assert identity(site, "johnson-memoir-release.txt", "UK") is identity(site, "uk-us-trade-talks.txt", "Britain")
    agency = identity(site, "iaea-zaporizhzhia-inspection.txt", "International Atomic Energy Agency")
    assert identity(site, "iaea-iran-enrichment-report.txt", "IAEA") is agency  # spelt out in the other article
    assert agency.name == "International Atomic Energy Agency"
    assert identity(site, "johnson-memoir-release.txt", "Johnson").id == "boris-johnson"


def test_namesakes_stay_apart(site):
    jake = identity(site, "sullivan-wang-vienna-talks.txt", "Jake Sullivan")
    dan = identity(site, "alaska-senator-arctic-bases.txt", "Dan Sullivan")
    assert jake is not dan
    assert identity(site, "sullivan-wang-malta-brief.txt", "Sullivan") is jake  # the company he keeps
    assert identity(site, "bush-state-funeral.txt", "George H. W. Bush") is not identity(
        site, "bush-state-funeral.txt", "George W. Bush")
    assert identity(site, "johnson-elected-house-speaker.txt", "Mike Johnson") is not identity(
        site, "boris-johnson-covid-inquiry.txt", "Boris Johnson")
    assert identity(site, "ecb-lagarde-pause.txt", "Bank of England") is not identity(
        site, "markets-wall-street-wrap.txt", "Bank of America")


def test_every_named_speaker_has_a_page(site):
    _, briefings, _, index = site
    for briefing, mentions in zip(briefings, index.by_briefing):
        for quote in briefing.quotes:
            if quote.speaker in mentions:
                assert mentions[quote.speaker].page, quote.speaker
    assert not any(p.page for p in index.players if p.name in ("Aug", "Oct", "Nov", "Dec"))
