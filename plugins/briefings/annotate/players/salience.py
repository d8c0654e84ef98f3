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


def _names(player: Player) -> set[str]:
    """What names ``player``: its name, an alias or its surname."""
    names = {player.name, *player.aliases}
    if player.kind == "person":
        names.add(player.name.split()[-1])
    names.discard("")
    return names


def _named_in(names: set[str], text: str) -> bool:
    """Whether ``text`` holds one of ``names`` as a whole word, in any case.

    What a case-insensitive regular expression between ``\\w`` boundaries
    finds, found with ``str.find`` where lower case gives the same answer (an
    ASCII name in a text without the few letters re folds otherwise): this
    test is made for every player of every article, and compiling a pattern
    per player cost more than the rest of the ranking.
    """
    lowered = text.lower() if _FOLDED_APART.isdisjoint(text) else None
    for name in names:
        if lowered is None or not name.isascii():
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
                return True
            continue
        needle = name.lower()
        start = lowered.find(needle)
        while start != -1:
            end = start + len(needle)
            if not (start and _is_word(lowered[start - 1])) and not (end < len(lowered) and _is_word(lowered[end])):
                return True
            start = lowered.find(needle, start + 1)
    return False


#: Letters re matches to an ASCII letter ignoring case that str.lower does
#: not lower to it (dotted and dotless i, long s).
_FOLDED_APART = frozenset("İıſ")


def _is_word(char: str) -> bool:
    """``\\w`` of Python's re: a letter or digit of any script, or ``_``."""
    return char.isalnum() or char == "_"


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
        names = _names(player)
        features = {
            "mentions": math.log1p(player.mentions) / math.log1p(most) if most else 0.0,
            "early": 1 - first / max(len(text), 1),
            "headline": float(_named_in(names, headline)),
            "lede": float(_named_in(names, lede)),
            "quoted": quoted.get(player.name, 0) / most_quoted if most_quoted else 0.0,
        }
        player.salience = round(sum(WEIGHTS[k] * v for k, v in features.items()), 3)
    ranked = sorted(players, key=lambda p: (-p.salience, min(p.spans, default=(0, 0))))
    for index, player in enumerate(ranked):
        player.key = index < MAX_KEY and player.salience >= MIN_KEY
    return ranked
