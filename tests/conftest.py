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


@pytest.fixture(scope="session")
def example_site(tmp_path_factory):
    """The example content built once by a real Pelican run: (output folder, errors logged)."""
    from site_build import build_site, copy_example_content

    root = tmp_path_factory.mktemp("example-site")
    content = copy_example_content(root / "content")
    errors = build_site(content, root / "output", root / "cache")
    return root / "output", errors
