"""End to end: an author's fixes to an imported briefing win on every page
of the site, while the entries left alone follow newer annotators."""

from __future__ import annotations

import pytest

from briefings.briefing_markdown import parse_markdown
from briefings.cache import AnnotationCache
from briefings.cli import main as briefings
from briefings.model import Player
from site_build import build_site, copy_example_content, soup

SEED = "content/raw/putin-biden-security-guarantees.txt"
SEED_SLUG = "russian-officials-see-a-time-frame-of-just-weeks-for-biden-to-agree-to-demands"
QUOTE = "…“thus become more compelling.”…"


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory):
    """The example site after importing the seed, dropping a key player and
    fixing a speaker in its briefing."""
    root = tmp_path_factory.mktemp("authoring")
    content = copy_example_content(root / "content")
    assert briefings(["import", str(root / SEED), "--content", str(content)]) == 0
    path = content / "briefings" / f"{SEED_SLUG}.md"
    imported = path.read_text(encoding="utf-8")
    assert "- **Ukraine** (place).\n" in imported and f"{QUOTE} — Dmitry Peskov\n" in imported
    edited = imported.replace("- **Ukraine** (place).\n", "").replace(
        f"{QUOTE} — Dmitry Peskov\n", f"{QUOTE} — Sergei Ryabkov\n")
    path.write_text(edited, encoding="utf-8")
    _newer_annotators_run(root / "cache" / "annotations.sqlite", parse_markdown(edited, path).article)
    errors = build_site(content, root / "out", root / "cache")
    return root / "out", errors


def _newer_annotators_run(cache_path, article):
    """Cache what better annotators would find in the article since import:
    a role for Putin and one more key player; Ukraine and Peskov's quote are
    still there, as the author must not see them come back."""
    cache = AnnotationCache(cache_path)
    found = cache.annotate(article)
    assert "Ukraine" in [p.name for p in found.players]
    putin = next(p for p in found.players if p.name == "Putin")
    putin.role = "Russian president"
    found.players.append(Player("Olaf Scholz", "person", "German chancellor", key=True, mentions=2))
    cache.put(article, found)


def test_the_edited_briefing_builds(edited_site):
    _, errors = edited_site
    assert errors == []


def test_a_dropped_player_is_gone_from_the_briefing_and_its_player_page(edited_site):
    output, _ = edited_site
    page = soup(output / "briefings" / SEED_SLUG / "index.html")
    names = [a.get_text() for a in page.select(".players .player-name")]
    assert "Ukraine" not in names
    assert {"Vladimir Putin", "Joe Biden", "Russia", "NATO"} <= set(names)  # each by its name on the site
    ukraine = output / "players" / "ukraine" / "index.html"
    if ukraine.exists():  # other briefings may still name Ukraine
        links = [a["href"] for a in soup(ukraine).select("main a[href]")]
        assert not any(SEED_SLUG in href for href in links)


def test_a_fixed_speaker_is_used_on_the_briefing_and_the_quotes_page(edited_site):
    output, _ = edited_site
    page = soup(output / "briefings" / SEED_SLUG / "index.html")
    cards = [card.get_text(" ", strip=True) for card in page.select(".quotes figure")]
    fixed = [card for card in cards if "thus become more compelling" in card]
    assert fixed and all("Sergei Ryabkov" in card and "Peskov" not in card for card in fixed)

    quotes = soup(output / "quotes" / "index.html")
    speakers = {section.select_one("h2").get_text(strip=True): section.get_text(" ", strip=True)
                for section in quotes.select("main section.quotes")}
    assert "thus become more compelling" in speakers["Sergei Ryabkov"]
    assert "thus become more compelling" not in speakers.get("Dmitry Peskov", "")


def test_entries_left_alone_follow_newer_annotators(edited_site):
    output, _ = edited_site
    players = soup(output / "briefings" / SEED_SLUG / "index.html").select(".players .player")
    roles = {p.select_one(".player-name").get_text(): p.get_text(" ", strip=True) for p in players}
    assert "Russian president" in roles["Vladimir Putin"]
    assert "German chancellor" in roles["Olaf Scholz"]
