"""How central each player is to an article, and which few are key.

Salience mixes what an editor would look at: how often a player is mentioned
(on a log scale, relative to the most mentioned), how early, whether the
headline and the lede name it, and whether it is quoted.  The key players are
the most salient few, those well above the rest.
"""

from __future__ import annotations

import math
import re

from spacy.tokens import Doc

from briefings.annotate.nlp import doc_text
from briefings.model import Player, Quote

WEIGHTS = {"mentions": 0.5, "early": 0.1, "headline": 0.2, "lede": 0.1, "quoted": 0.1}
#: At most this many key players, each with at least this salience.
MAX_KEY = 6
MIN_KEY = 0.4


def _name_pattern(player: Player) -> re.Pattern | None:
    """What names ``player`` in a text: its name, an alias or its surname
    (None if it has no name). One pattern per player, compiled here: re's own
    cache of patterns is too small for the names of a batch of articles."""
    names = {player.name, *player.aliases}
    if player.kind == "person":
        names.add(player.name.split()[-1])
    names.discard("")
    if not names:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, sorted(names)))})(?!\w)", re.IGNORECASE)


def rank_players(
    players: list[Player], quotes: list[Quote], doc: Doc, title: str = ""
) -> list[Player]:
    """Set salience and ``key`` on ``players``; return them most salient first."""
    if not players:
        return []
    text = doc_text(doc)
    lede = text.strip().split("\n\n")[0]
    headline = title.strip() or next(iter(doc.sents)).text
    quoted = {}
    for quote in quotes:
        if quote.speaker:
            quoted[quote.speaker] = quoted.get(quote.speaker, 0) + 1
    most = max(p.mentions for p in players)
    most_quoted = max(quoted.values(), default=0)
    for player in players:
        first = min((s for s, _ in player.spans), default=len(text))
        named = _name_pattern(player)
        features = {
            "mentions": math.log1p(player.mentions) / math.log1p(most) if most else 0.0,
            "early": 1 - first / max(len(text), 1),
            "headline": float(named is not None and named.search(headline) is not None),
            "lede": float(named is not None and named.search(lede) is not None),
            "quoted": quoted.get(player.name, 0) / most_quoted if most_quoted else 0.0,
        }
        player.salience = round(sum(WEIGHTS[k] * v for k, v in features.items()), 3)
    ranked = sorted(players, key=lambda p: (-p.salience, min(p.spans, default=(0, 0))))
    for index, player in enumerate(ranked):
        player.key = index < MAX_KEY and player.salience >= MIN_KEY
    return ranked
