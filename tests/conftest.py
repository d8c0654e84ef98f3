"""Shared fixtures: the spaCy pipeline (loaded once), and the example content."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.annotate.nlp import load_nlp

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = CONTENT / "raw" / "putin-biden-security-guarantees.txt"


@pytest.fixture(scope="session")
def nlp():
    return load_nlp()


@pytest.fixture(scope="session")
def seed_article():
    """The example raw article, cleaned (its header gives the date 2021-12-29)."""
    from briefings.ingest import read_article

    return read_article(SEED)
