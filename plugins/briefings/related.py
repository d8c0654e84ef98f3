"""Read more: the briefings most related to each briefing of a site.

Relatedness mixes two signals: the cosine similarity of the article texts
(tf-idf), and the key players two briefings share, weighted by their salience
in both.  Both are sparse matrix products, done in blocks of rows with each
text cut to its most distinctive terms, so the work grows with the number of
briefings times the few that share a distinctive term with each, and memory
stays bounded: thousands of briefings take seconds.

:func:`cached_related_briefings` keeps the last result in a file, keyed by a
digest of everything the result depends on; numpy and scipy are imported
only when it must be computed, so that a rebuild that finds it pays for
neither. Beside it, the texts' terms are kept (see :class:`Terms`), so
that a rebuild after one briefing changed counts the words of that one
alone (idf and the similarities are global, and computed again whole, to
the same result as from scratch).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from briefings.files import write_whole
from briefings.model import Briefing

TEXT_WEIGHT = 0.9
PLAYER_WEIGHT = 0.1
#: The first few related briefings only need to share something; the rest
#: of the list must be clearly related.
ALWAYS_SHOWN = 3
MIN_SCORE = 0.05
#: Terms kept per text: its most distinctive ones.
TERMS_PER_TEXT = 120
#: Rows of the similarity matrix computed at once.
BLOCK = 1024
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]", re.UNICODE)
#: English function words: in a small site idf cannot tell them apart from
#: content words, and two briefings sharing only "the" are not related.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such
than that the their theirs them themselves then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours yourself
yourselves said says say told its it's he's she's mr mrs ms would've also one two new
""".split())


@dataclass
class Related:
    index: int
    score: float
    shared_players: list[str]


def cached_related_briefings(briefings: list[Briefing], count: int, path: str | os.PathLike) -> list[list[Related]]:
    """:func:`related_briefings`, kept in the JSON file ``path`` until its
    inputs change (a missing or damaged file is computed again), with the
    terms of the texts in ``path`` + ``.terms``."""
    digest = inputs_digest(briefings, count)
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
        if record["digest"] == digest:
            return [[Related(*item) for item in row] for row in record["related"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    terms_path = Path(f"{path}.terms")
    keys = [hashlib.sha256(_text(b).encode("utf-8", "surrogatepass")).hexdigest() for b in briefings]
    terms = Terms.of([_text(b) for b in briefings], keys, _load_terms(terms_path))
    related = related_briefings(briefings, count, terms)
    rows = [[[r.index, r.score, r.shared_players] for r in row] for row in related]
    write_whole(terms_path, pickle.dumps({"version": _TERMS_VERSION, **vars(terms)}, protocol=pickle.HIGHEST_PROTOCOL))
    write_whole(path, json.dumps({"digest": digest, "related": rows}).encode("utf-8"))
    return related


def _load_terms(path: Path) -> Terms | None:
    """The terms kept by the last computation, if made as they are now."""
    try:
        with open(path, "rb") as file:
            kept = pickle.load(file)
        if kept.pop("version") == _TERMS_VERSION:
            return Terms(**kept).checked()
    except Exception:  # none yet, or damaged (unpickling can raise almost anything): counted again
        pass
    return None


def import_numerics() -> None:
    """Import numpy and scipy (about 0.2 s) ahead of time: a
    build that waits for its annotation workers, and will then compute Read
    more again, imports them while it waits."""
    import numpy  # noqa: F401
    from scipy import sparse  # noqa: F401


def inputs_digest(briefings: list[Briefing], count: int) -> str:
    """A digest of all that :func:`related_briefings` reads: each briefing's
    title, text and key players (name and salience), in order."""
    digest = hashlib.sha256(str(count).encode())
    for briefing in briefings:
        players = [(p.name, p.salience) for p in briefing.players if p.key]
        digest.update(json.dumps([briefing.title, briefing.text, players]).encode())
    return digest.hexdigest()


def related_briefings(briefings: list[Briefing], count: int = 5, terms: Terms | None = None) -> list[list[Related]]:
    """For each briefing, up to ``count`` others, most related first.
    ``terms`` are the texts' terms, when already known."""
    import numpy as np

    n = len(briefings)
    if n < 2:
        return [[] for _ in briefings]
    if terms is None:
        terms = Terms.of([_text(b) for b in briefings])
    texts = _keep_top_terms(_tfidf(terms), TERMS_PER_TEXT)
    players = _player_matrix(briefings)
    key_names = [{p.name.lower() for p in b.players if p.key} for b in briefings]
    result = []
    for start in range(0, n, BLOCK):
        rows = slice(start, min(start + BLOCK, n))
        scores = (TEXT_WEIGHT * (texts[rows] @ texts.T) + PLAYER_WEIGHT * (players[rows] @ players.T)).tocsr()
        for offset in range(scores.shape[0]):
            i = start + offset
            row = slice(scores.indptr[offset], scores.indptr[offset + 1])  # getrow() would copy a matrix
            indices, data = scores.indices[row], scores.data[row]
            keep = (indices != i) & (data > 0)
            indices, data = indices[keep], data[keep]
            if len(data) > count:  # sort only the candidates: the best ``count`` and any tied with the last
                best = data >= np.partition(data, -count)[-count]
                indices, data = indices[best], data[best]
            order = [k for rank, k in enumerate(np.lexsort((indices, -data))[:count])
                     if rank < ALWAYS_SHOWN or data[k] >= MIN_SCORE]
            result.append([Related(int(indices[k]), float(data[k]), _shared(briefings[i], key_names[indices[k]]))
                           for k in order])
    return result


def _text(briefing: Briefing) -> str:
    """What the text similarity reads of a briefing."""
    return briefing.title + "\n" + briefing.text


def term_counts(text: str) -> dict[str, int]:
    """How often each word of ``text`` occurs (lowercased), function words
    left out."""
    words = Counter(map(str.lower, _WORD.findall(text)))
    for word in STOP_WORDS.intersection(words):
        del words[word]
    return dict(words)


#: What kept terms depend on besides the texts: how :func:`term_counts`
#: counts, and how :meth:`Terms.of` weighs the counts.
_TERMS_VERSION = hashlib.sha256(json.dumps([_WORD.pattern, sorted(STOP_WORDS), "1 + log(count)"]).encode()).hexdigest()


@dataclass
class Terms:
    """The terms of texts, as the tf-idf matrix is made of them: for each
    text, in the order given, its words' columns and their sublinear term
    frequencies (1 + log count), all texts' one after the other
    (``bounds[i]:bounds[i + 1]`` are text ``i``'s).

    Columns are numbered in the order of their words' first use, so that
    the matrix is the same however the terms were come by; ``words`` are
    the columns' words and ``keys`` name the texts (for the next build).
    """

    keys: list[str]
    words: list[str]
    bounds: object  # numpy arrays (numpy is imported only where needed)
    columns: object
    frequencies: object

    @classmethod
    def of(cls, texts: list[str], keys: list[str] | None = None, kept: Terms | None = None) -> Terms:
        """The terms of ``texts``; those whose key is among ``kept``'s are
        taken from there, the others counted with :func:`term_counts`."""
        import numpy as np

        keys = list(keys) if keys is not None else [str(i) for i in range(len(texts))]
        words = list(kept.words) if kept else []
        kept_spans = dict(zip(kept.keys, zip(kept.bounds[:-1], kept.bounds[1:]))) if kept else {}
        numbers: dict[str, int] | None = None  # of the words, made only if a text is counted
        columns, frequencies = [np.empty(0, np.int64)], [np.empty(0, np.float64)]
        for key, text in zip(keys, texts, strict=True):
            if key in kept_spans:
                start, end = kept_spans[key]
                columns.append(kept.columns[start:end])
                frequencies.append(kept.frequencies[start:end])
                continue
            if numbers is None:
                numbers = {word: number for number, word in enumerate(words)}
            counts = term_counts(text)
            for word in counts:
                if word not in numbers:
                    numbers[word] = len(words)
                    words.append(word)
            columns.append(np.array([numbers[word] for word in counts], dtype=np.int64))
            frequencies.append(np.array([1 + math.log(number) for number in counts.values()], dtype=np.float64))
        bounds = np.cumsum([0, *map(len, columns[1:])])
        all_columns = np.concatenate(columns)
        used, first = np.unique(all_columns, return_index=True)
        in_order = used[np.argsort(first)]  # the words used, in order of first use
        renumbered = np.zeros(len(words), dtype=np.int64)
        renumbered[in_order] = np.arange(len(in_order))
        return cls(keys, [words[i] for i in in_order], bounds, renumbered[all_columns], np.concatenate(frequencies))

    def checked(self) -> Terms:
        """These terms, if they hold together (a damaged file might not)."""
        import numpy as np

        arrays = {"i": (self.bounds, self.columns), "f": (self.frequencies,)}
        if not (isinstance(self.keys, list) and isinstance(self.words, list)
                and all(isinstance(a, np.ndarray) and a.ndim == 1 and a.dtype.kind == kind
                        for kind, group in arrays.items() for a in group)
                and len(set(self.words)) == len(self.words)
                and len(self.bounds) == len(self.keys) + 1 and self.bounds[0] == 0
                and np.all(np.diff(self.bounds) >= 0)
                and self.bounds[-1] == len(self.columns) == len(self.frequencies)
                and (len(self.columns) == 0 or 0 <= self.columns.min() <= self.columns.max() < len(self.words))):
            raise ValueError("damaged terms")
        return self


def _tfidf(terms: Terms):
    """Rows: texts; columns: words; sublinear tf times idf, rows of unit
    length.

    A word in every text (or, in a large site, in more than half of them)
    weighs nothing.
    """
    import numpy as np
    from scipy import sparse

    n = len(terms.keys)
    rows = np.repeat(np.arange(n), np.diff(terms.bounds))
    matrix = sparse.csr_matrix((terms.frequencies, (rows, terms.columns)), shape=(n, max(len(terms.words), 1)),
                               dtype=np.float64)
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log(n / np.maximum(df, 1))
    if n >= 20:
        idf[df > n / 2] = 0.0
    return _unit_rows(matrix @ sparse.diags(idf))


def _keep_top_terms(matrix, keep: int):
    import numpy as np
    from scipy import sparse

    matrix = matrix.tocsr()
    matrix.eliminate_zeros()
    data = matrix.data.copy()
    for i in range(matrix.shape[0]):
        start, end = matrix.indptr[i], matrix.indptr[i + 1]
        if end - start > keep:
            row = data[start:end]
            row[row < np.partition(row, -keep)[-keep]] = 0.0
    pruned = sparse.csr_matrix((data, matrix.indices, matrix.indptr), shape=matrix.shape)
    pruned.eliminate_zeros()
    return _unit_rows(pruned)


def _player_matrix(briefings: list[Briefing]):
    """Rows: briefings; columns: key players' names; values: their salience
    times their rarity on the site (a player who is key everywhere, such as
    the country the site is about, relates nothing)."""
    import numpy as np
    from scipy import sparse

    columns: dict[str, int] = {}
    rows, cols, values = [], [], []
    for i, briefing in enumerate(briefings):
        for player in briefing.players:
            if player.key:
                rows.append(i)
                cols.append(columns.setdefault(player.name.lower(), len(columns)))
                values.append(max(player.salience, 0.1))
    n = len(briefings)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(n, max(len(columns), 1)))
    matrix.sum_duplicates()
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return _unit_rows(matrix @ sparse.diags(np.log(n / np.maximum(df, 1))))


def _unit_rows(matrix):
    import numpy as np
    from scipy import sparse

    matrix = sparse.csr_matrix(matrix)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def _shared(a: Briefing, key_names: set[str]) -> list[str]:
    """The key players of ``a`` among ``key_names`` (another's, lowercased)."""
    return [p.name for p in a.players if p.key and p.name.lower() in key_names]
