"""Topic timelines: the days that mattered in a set of briefings, each told in
a few of the briefings' own sentences.

A journalist's timeline of a long story lists the twenty or fifty days that
mattered, with a line or two on what happened each day. Written from
annotated briefings (no parse needed: the text, the timexes and the
publication dates are enough), in two steps, after the date-wise approach
of Gholipour Ghalandari & Ifrim (2020):

1. **Dates.** Every sentence that dates something to a day refers to that day.
   A day scores by the briefings that refer to it: those published after it
   count most, and the more the longer after it they still go back to it (up
   to a year); a reference in a briefing's opening sentences counts double
   (it is what the briefing is about); one published the day before only
   announces it; a day far from every briefing's publication is history to
   them and counts the less the farther it is, so that one look back does
   not outweigh the reports of the time. The
   burst of briefings published on the day and the day after adds a little
   (:func:`day_scores`). The highest-scoring days are taken.
2. **Summaries.** A day's candidates are the sentences that refer to it and the
   opening sentences, dating nothing, of the briefings published on it or the
   day after. Their TF-IDF centroid says what the day was about: the words
   both kinds use, each as much as both do (geometric mean). The summary is
   built a sentence at a time, each time taking the sentence that brings the
   summary's words closest to the centroid (so a second sentence adds what the
   first left out rather than repeating it), after the summary-by-centroid
   of DATEWISE. Left out: sentences written a month or more later (they look
   back rather than report) unless nothing else tells the day, sentences too
   short or too long, fragments of a sentence split in two, page furniture
   and runs of capitals (glued headlines, captions), and any sentence already
   used on another day or a near-copy of one (:func:`summarise_day`). A wire
   dateline ("NEW ORLEANS (AP) --") is not part of the sentence. A day with
   nothing to tell gives way to the next.

Each sentence is attributed to every briefing that carries it (wire copy is
often carried word for word).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import importlib.util
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from briefings.model import Briefing

#: Weights of a day's evidence (see :func:`rank_days`).
LATER_WEIGHT = 1.0  # a briefing published after the day that refers to it
SAME_DAY_WEIGHT = 1.0  # a briefing published on the day that refers to it
EARLIER_WEIGHT = 0.25  # a briefing that announces the day in advance
PUBLISHED_WEIGHT = 0.25  # a briefing published on the day or the day after
LEAD_BONUS = 1.0  # more for a reference in a briefing's opening sentences
GAP_WEIGHT = 0.25  # more the longer after the day a briefing refers to it (log of days)...
GAP_DAYS = 365  # ...up to a year: a look back over decades is not a story still followed
#: A day far from every publication day of the briefings is history to them
#: (a look back's 1961 in a story of last month): its references count the
#: less, the farther it is, in steps of this many days (see :func:`_nearness`).
NEAR_DAYS = 30
#: Opening sentences of a briefing: they speak for its publication day, and a
#: day they refer to is prominent in it.
LEAD_SENTENCES = 10
#: A sentence written this many days after the day or more looks back on it
#: rather than reports it: it helps find the day, not tell it.
RECENT_DAYS = 30
#: Two sentences this similar (cosine of their TF-IDF vectors) say the same.
NEAR_COPY = 0.6
#: Sentences shorter or longer than this (in words) make poor summaries.
MIN_WORDS, MAX_WORDS = 6, 50


@dataclass
class TopicDate:
    """One day of a topic timeline: what happened, and the briefings that say so."""

    date: dt.date
    sentences: list[str]
    sources: list[str] = field(default_factory=list)
    #: the briefings that carry each sentence, as ``sources`` names them
    carriers: list[list[str]] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return " ".join(self.sentences)

    def to_json(self) -> dict:
        """``{"date", "summary", "sources"}``, as ``briefings timeline`` prints it."""
        return {"date": self.date.isoformat(), "summary": self.summary, "sources": list(self.sources)}


def default_dates(count: int) -> int:
    """How many days a timeline of ``count`` briefings shows when not told:
    about one and a half times the square root, from 5 to 50."""
    return max(5, min(50, round(1.5 * math.sqrt(count))))


def topic_timeline(
    briefings: Sequence[Briefing],
    slugs: Sequence[str] | None = None,
    *,
    dates: int | None = None,
    sentences: int = 1,
    start: dt.date | None = None,
    end: dt.date | None = None,
    prepared: Sentences | None = None,
) -> list[TopicDate]:
    """The timeline of ``briefings``, oldest day first.

    ``slugs`` name the briefings in ``sources`` (default: each briefing's
    ``slug``). At most ``dates`` days (default: :func:`default_dates`), each
    summarised in at most ``sentences`` sentences; only days from ``start`` to
    ``end`` when given. Briefings without a publication date still count for
    the days they refer to. ``prepared`` (:meth:`Sentences.of` a set of
    briefings that holds these) saves splitting and counting their
    sentences again, when many timelines are made of the same briefings.
    """
    if slugs is None:
        slugs = [b.slug or f"briefing-{i + 1}" for i, b in enumerate(briefings)]
    if len(slugs) != len(briefings):
        raise ValueError("one slug per briefing is needed")
    if dates is None:
        dates = default_dates(len(briefings))
    if dates <= 0 or sentences <= 0 or not briefings:
        return []
    corpus = prepared.corpus(briefings) if prepared is not None else Corpus.build(briefings)
    if not corpus.sentences:
        return []
    timeline: list[TopicDate] = []
    used: list[int] = []
    for day in rank_days(corpus, start, end):
        chosen = summarise_day(corpus, day, sentences, used)
        if not chosen:
            continue
        used += chosen
        sources = _oldest_first(corpus, {b for i in chosen for b in corpus.carriers[corpus.keys[i]]})
        carriers = [[slugs[b] for b in _oldest_first(corpus, corpus.carriers[corpus.keys[i]])] for i in chosen]
        timeline.append(TopicDate(day, [corpus.sentences[i] for i in chosen], [slugs[b] for b in sources], carriers))
        if len(timeline) == dates:
            break
    timeline.sort(key=lambda entry: entry.date)
    return timeline


def _oldest_first(corpus: Corpus, briefings) -> list[int]:
    """Briefings (positions) by publication day, the undated last."""
    return sorted(briefings, key=lambda b: (corpus.published[b] or dt.date.max, b))


# -- sentences -----------------------------------------------------------------------------------

#: Words that end in a full stop without ending a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm",
    "rev", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "ft", "mt", "fig", "approx", "est", "dept", "univ", "pres", "supt", "det", "insp", "messrs",
}
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)\.$")
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
#: A wire story's dateline before its first sentence: "NEW ORLEANS (AP) -- ".
_DATELINE = re.compile(r"^[A-Z][A-Z.,'\- ]+[A-Z.](?: \([A-Za-z .]+\))? ?(?:-{1,2}|–|—) (?=[\"“‘A-Z0-9])")
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:T.*)?$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``: a full stop, question
    or exclamation mark before a capital or a digit ends one, unless it ends
    an abbreviation or an initial; a blank line always does."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        if not match.group(0).startswith("\n"):
            before = _WORD_BEFORE.search(text, max(0, match.start() - 20), match.start() + 1)
            word = before.group(1) if before else ""
            if word.lower() in _ABBREVIATIONS or re.fullmatch(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]", word):
                continue
        end = match.start() + len(match.group(0).rstrip())
        if text[start:end].strip():
            spans.append(_strip(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _day(value: str) -> dt.date | None:
    match = _DAY.match(value)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


@dataclass
class Corpus:
    """The briefings' sentences, what days they refer to, and their vectors."""

    sentences: list[str]
    #: the briefing each sentence comes from, and its place in it (0 = first)
    briefing: list[int]
    position: list[int]
    #: days each sentence refers to
    refers: list[set[dt.date]]
    #: a sentence's wording reduced to its words, and the briefings carrying it
    keys: list[str]
    carriers: dict[str, list[int]]
    published: list[dt.date | None]
    #: L2-normalised TF-IDF rows, one per sentence
    vectors: sparse.csr_matrix
    #: whether a sentence reads well on its own in a summary
    fit: np.ndarray

    @functools.cached_property
    def mentions(self) -> dict[dt.date, list[int]]:
        """The sentences that refer to each day."""
        out: dict[dt.date, list[int]] = defaultdict(list)
        for i, days in enumerate(self.refers):
            for day in days:
                out[day].append(i)
        return dict(out)

    @functools.cached_property
    def leads(self) -> dict[dt.date, list[int]]:
        """The opening sentences that date nothing, by publication day."""
        out: dict[dt.date, list[int]] = defaultdict(list)
        for i, days in enumerate(self.refers):
            published = self.published[self.briefing[i]]
            if not days and published is not None and self.position[i] < LEAD_SENTENCES:
                out[published].append(i)
        return dict(out)

    @classmethod
    def build(cls, briefings: Sequence[Briefing]) -> Corpus:
        return Sentences.of(briefings).corpus(briefings)


@dataclass
class Sentences:
    """The sentences of a set of briefings, split, dated and counted once
    (:meth:`of`), from which the corpus of any of them is made without
    splitting or counting again (:meth:`corpus`): a site makes a timeline
    per tag and per player, and a briefing is in many of them."""

    #: each briefing's rows, by its identity (the briefings are kept, so that it stays theirs)
    rows: dict[int, range]
    briefings: list[Briefing]
    sentences: list[str]
    position: list[int]
    refers: list[set[dt.date]]
    keys: list[str]
    fit: np.ndarray
    #: sublinear term frequencies, one row per sentence (see :func:`_counts`)
    counts: sparse.csr_matrix

    @classmethod
    def of(cls, briefings: Sequence[Briefing]) -> Sentences:
        rows, sentences, position, refers, keys, tokens = {}, [], [], [], [], []
        for briefing in briefings:
            if id(briefing) in rows:
                continue
            first = len(sentences)
            spans = split_sentences(briefing.text)
            starts = [s for s, _ in spans]
            days: list[set[dt.date]] = [set() for _ in spans]
            for timex in briefing.timexes:
                day = _day(timex.value) if timex.type in ("DATE", "TIME") else None
                if day is None:
                    continue
                i = _find(starts, timex.start)
                if i is not None and timex.start < spans[i][1]:
                    days[i].add(day)
            seen = set()
            for i, (s, e) in enumerate(spans):
                text = _DATELINE.sub("", " ".join(briefing.text[s:e].split()), count=1)
                words = _TOKEN.findall(text.lower())
                key = " ".join(words)
                if not key or key in seen:
                    continue
                seen.add(key)
                sentences.append(text)
                position.append(i)
                refers.append(days[i])
                keys.append(key)
                tokens.append(words)
            rows[id(briefing)] = range(first, len(sentences))
        fit = np.array([_fits(text, len(words)) for text, words in zip(sentences, tokens)], dtype=bool)
        return cls(rows, list(briefings), sentences, position, refers, keys, fit, _counts(tokens))

    def corpus(self, briefings: Sequence[Briefing]) -> Corpus:
        """The corpus of ``briefings``, each one of those this was made of."""
        rows: list[int] = []
        owner: list[int] = []
        carriers: dict[str, list[int]] = defaultdict(list)
        for b, briefing in enumerate(briefings):
            for r in self.rows[id(briefing)]:
                rows.append(r)
                owner.append(b)
                carriers[self.keys[r]].append(b)
        index = np.array(rows, dtype=np.int64)
        return Corpus([self.sentences[r] for r in rows], owner, [self.position[r] for r in rows],
                      [self.refers[r] for r in rows], [self.keys[r] for r in rows], dict(carriers),
                      [b.date for b in briefings], _weighted(self.counts[index]), self.fit[index])


def _find(starts: list[int], offset: int) -> int | None:
    """Index of the sentence starting at or before ``offset``."""
    lo, hi = 0, len(starts)
    while lo < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid + 1
        else:
            hi = mid
    return lo - 1 if lo else None


def _fits(text: str, words: int) -> bool:
    """A sentence fit for a summary: of a reasonable length, a statement that
    starts as one (a capital, a digit or a quotation mark: not the tail of a
    sentence split in two), with its brackets closed, no page furniture
    (``|`` separators, bullets) and not a run of capitals (a glued headline
    or caption)."""
    if not MIN_WORDS <= words <= MAX_WORDS or text.endswith(("?", ":")):
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"):
        return False
    if "|" in text or text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        return False
    letters = sum(map(str.isalpha, text))
    return bool(letters) and sum(map(str.isupper, text)) / letters < 0.3


@functools.cache
def _stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from its data module alone: importing
    spaCy itself takes longer than a timeline of a few hundred briefings."""
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return frozenset()
    path = Path(spec.origin).parent / "lang" / "en" / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_briefings_spacy_en_stop_words", path)
    if module_spec is None or module_spec.loader is None:
        return frozenset()
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


def _tfidf(tokens: list[list[str]]) -> sparse.csr_matrix:
    """Sublinear TF-IDF rows (stop words left out), L2-normalised."""
    return _weighted(_counts(tokens))


def _counts(tokens: list[list[str]]) -> sparse.csr_matrix:
    """Sublinear term frequencies (1 + log of the count; stop words left
    out), one row per sentence."""
    stop = _stop_words()
    vocabulary: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, words in enumerate(tokens):
        counts: dict[int, int] = defaultdict(int)
        for word in words:
            if word in stop or len(word) < 2:
                continue
            counts[vocabulary.setdefault(word, len(vocabulary))] += 1
        for c, n in counts.items():
            rows.append(r)
            cols.append(c)
            vals.append(1.0 + math.log(n))
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(tokens), max(1, len(vocabulary))))


def _weighted(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    """Term frequencies weighted by their inverse frequency among these rows, L2-normalised."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = np.log((1 + matrix.shape[0]) / (1 + df)) + 1.0
    matrix = matrix @ sparse.diags(idf)
    norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


# -- dates ---------------------------------------------------------------------------------------


def day_scores(corpus: Corpus, start: dt.date | None = None, end: dt.date | None = None) -> dict[dt.date, float]:
    """Each day's score: the briefings that refer to it (after it, on it, or
    before it, weighted so; more when in their opening sentences, more the
    longer after it they still do, up to a year; less the farther the day
    is from every briefing's publication) and those published on it or the
    day after. So a day that two reports of the time give outweighs one a
    single look back goes back to."""
    weight: dict[tuple[dt.date, int], float] = {}
    nearness = _nearness(corpus.published)
    for i, days in enumerate(corpus.refers):
        b = corpus.briefing[i]
        published = corpus.published[b]
        lead = 1.0 + (LEAD_BONUS if corpus.position[i] < LEAD_SENTENCES else 0.0)
        for day in days:
            if published is None or published > day:
                gap = min((published - day).days, GAP_DAYS) if published else 1
                w = LATER_WEIGHT * (1.0 + GAP_WEIGHT * math.log1p(gap))
            elif published == day:
                w = SAME_DAY_WEIGHT
            else:
                w = EARLIER_WEIGHT
            w *= lead * nearness(day)
            if w > weight.get((day, b), 0.0):
                weight[(day, b)] = w
    count: dict[dt.date, int] = defaultdict(int)
    for published in corpus.published:
        if published is not None:
            count[published] += 1
    scores: dict[dt.date, float] = dict.fromkeys(count, 0.0)
    for (day, _), w in weight.items():
        scores[day] = scores.get(day, 0.0) + w
    return {
        day: score + PUBLISHED_WEIGHT * (count.get(day, 0) + count.get(day + dt.timedelta(days=1), 0))
        for day, score in scores.items()
        if not (start and day < start or end and day > end)
    }


def _nearness(published: Sequence[dt.date | None]):
    """How much a reference to a day counts by how near the day is to the
    briefings' publication days: 1 within :data:`NEAR_DAYS` of one, then
    less the farther it is from the nearest (1 / (1 + log10(distance /
    NEAR_DAYS)): a third of it at decades). Undated briefings: 1."""
    days = sorted({day.toordinal() for day in published if day is not None})
    if not days:
        return lambda day: 1.0

    @functools.cache
    def near(day: dt.date) -> float:
        n = day.toordinal()
        at = bisect.bisect_left(days, n)
        distance = min(abs(days[j] - n) for j in (at - 1, at) if 0 <= j < len(days))
        return 1.0 if distance <= NEAR_DAYS else 1.0 / (1.0 + math.log10(distance / NEAR_DAYS))

    return near


def rank_days(corpus: Corpus, start: dt.date | None = None, end: dt.date | None = None) -> list[dt.date]:
    """Days from the most to the least important (ties: the earlier first)."""
    scores = day_scores(corpus, start, end)
    return sorted(scores, key=lambda day: (-scores[day], day))


# -- summaries -----------------------------------------------------------------------------------


def candidates(corpus: Corpus, day: dt.date) -> tuple[list[int], list[int]]:
    """Sentences that refer to ``day``, and the undated opening sentences of
    briefings published on it or the day after."""
    mentions = corpus.mentions.get(day, [])
    leads = corpus.leads.get(day, []) + corpus.leads.get(day + dt.timedelta(days=1), [])
    return mentions, leads


def summarise_day(corpus: Corpus, day: dt.date, count: int, used: list[int]) -> list[int]:
    """Up to ``count`` sentences (indices) that say what happened on ``day``:
    the summary closest to the day's centroid, built a sentence at a time
    (each time the sentence that brings the summary's words nearest to it),
    leaving out any sentence too near one already used."""
    mentions, leads = candidates(corpus, day)
    fit = [i for i in dict.fromkeys(mentions + leads) if corpus.fit[i]]
    # what was written at the time; a day only looked back on is told as it is remembered
    pool = [i for i in fit if _recent(corpus, i, day)] or fit
    if not pool:
        return []
    vectors = corpus.vectors
    centroid = _centroid(vectors, mentions, leads)
    if centroid is None:
        return []
    rows = vectors[pool]
    similarity = rows @ centroid
    # a sentence sharing no word with the centroid says nothing of the day
    open_ = similarity > 0
    # the summary's vector is the sum of its rows: kept as its dot product with
    # the centroid, its squared length and its dot product with every row
    # (dense products of vocabulary-long vectors are slow in a busy BLAS)
    toward, length, overlap = 0.0, 0.0, np.zeros(len(pool))
    chosen: list[int] = []
    taken = list(used)
    while len(chosen) < count and open_.any():
        # cosine of (summary + sentence) with the centroid; rows have unit length
        gain = (toward + similarity) / np.sqrt(length + 2 * overlap + 1.0)
        j = int(np.argmax(np.where(open_, gain, -np.inf)))
        open_[j] = False
        i = pool[j]
        if taken and (vectors[taken] @ vectors[i].T).max() >= NEAR_COPY:
            continue
        chosen.append(i)
        taken.append(i)
        toward += similarity[j]
        length += 2 * overlap[j] + 1.0
        overlap += (rows @ rows[j].T).toarray().ravel()
    return chosen


def _written(corpus: Corpus, i: int, day: dt.date) -> int | None:
    """How many days after ``day`` sentence ``i`` was published (None: unknown)."""
    published = corpus.published[corpus.briefing[i]]
    return None if published is None else (published - day).days


def _recent(corpus: Corpus, i: int, day: dt.date) -> bool:
    """Whether sentence ``i`` was written less than :data:`RECENT_DAYS` after ``day``."""
    written = _written(corpus, i, day)
    return written is None or written < RECENT_DAYS


def _centroid(vectors: sparse.csr_matrix, mentions: list[int], leads: list[int]) -> np.ndarray | None:
    """The day's centroid: where there are both referring sentences and
    opening sentences, the words both use, each as much as both do (the
    geometric mean of the two means); else the mean of the one kind there is."""
    parts = [np.asarray(vectors[group].mean(axis=0)).ravel() for group in (mentions, leads) if group]
    if not parts:
        return None
    centroid = parts[0]
    if len(parts) == 2:
        centroid = np.sqrt(parts[0] * parts[1])
        if not centroid.any():
            centroid = parts[0] + parts[1]
    norm = math.sqrt(float((centroid * centroid).sum()))
    return centroid / norm if norm else None
