"""Read more: the briefings most related to each briefing of a site.

Relatedness mixes two signals, both computed as sparse matrix products so a
site of thousands of briefings takes seconds: the cosine similarity of the
article texts (tf-idf), and the key players the two share, weighted by their
salience in both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from briefings.model import Briefing

TEXT_WEIGHT = 0.6
PLAYER_WEIGHT = 0.4
MIN_SCORE = 0.05


@dataclass
class Related:
    index: int
    score: float
    shared_players: list[str]


def related_briefings(briefings: list[Briefing], count: int = 5) -> list[list[Related]]:
    """For each briefing, up to ``count`` others, most related first."""
    n = len(briefings)
    if n < 2:
        return [[] for _ in briefings]
    texts = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, max_df=0.5).fit_transform(
        [b.title + "\n" + b.text for b in briefings]
    )
    players, names = _player_matrix(briefings)
    scores = TEXT_WEIGHT * (texts @ texts.T) + PLAYER_WEIGHT * (players @ players.T)
    scores = sparse.csr_matrix(scores)
    scores.setdiag(0)
    scores.eliminate_zeros()
    result = []
    for i in range(n):
        row = scores.getrow(i)
        order = np.argsort(-row.data, kind="stable")[:count]
        picks = [(int(row.indices[k]), float(row.data[k])) for k in order if row.data[k] >= MIN_SCORE]
        result.append([Related(j, s, _shared(briefings[i], briefings[j])) for j, s in picks])
    return result


def _player_matrix(briefings: list[Briefing]) -> tuple[sparse.csr_matrix, list[str]]:
    """Rows: briefings; columns: player names; values: salience of key players."""
    columns: dict[str, int] = {}
    rows, cols, values = [], [], []
    for i, briefing in enumerate(briefings):
        for player in briefing.players:
            if player.key:
                rows.append(i)
                cols.append(columns.setdefault(player.name.lower(), len(columns)))
                values.append(max(player.salience, 0.1))
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(briefings), max(len(columns), 1)))
    return normalize(matrix), list(columns)


def _shared(a: Briefing, b: Briefing) -> list[str]:
    names = {p.name.lower() for p in b.players if p.key}
    return [p.name for p in a.players if p.key and p.name.lower() in names]
