"""Accuracy of quote finding and attribution on PolNeAR.

    python -m benchmarks.quotes [DATA_DIR] [--split dev [train …]] [--show KIND [--half HALF]]

PolNeAR annotates attributions in brat standoff: a Source, a Cue and a Content
span (each possibly in several fragments) per attribution.  Not all of them are
quotations, so the gold direct quotes are defined here as:

* **gold direct quote**: an attribution whose Content contains text inside
  quotation marks; its *quoted part* is the characters of the Content that
  lie between a pair of double marks (“ ” " '' « „) or curly single marks
  (‘ ’) of the same paragraph, marks being paired by this module alone, not by
  the code under test.  An interrupted or multi-paragraph quotation annotated
  as one attribution is one gold quote.
* A system quote **matches** a gold quote when its span overlaps the gold
  quote's quoted part.  Precision is the share of system quotes that match
  some gold quote, recall the share of gold quotes matched by some system
  quote.
* **Speaker accuracy** is measured on the matched system quotes: the speaker
  is right when the mention given (``speaker_start:speaker_end``) overlaps the
  Source of a gold quote it matches.  Gold quotes without a Source
  (``Attribution-no-source``) are left out of it, as there is nothing to
  compare with.

An article annotated by several annotators is scored once, on the annotation
whose file name sorts first.  The figures are printed overall and on the
tuning and checking halves (:mod:`benchmarks.halves`, by article name), for
each split asked for: ``dev`` is the one rules are tuned on (its tuning half),
``train`` (ten times larger) is held out, a check that is never tuned on.
``--show`` prints the errors of one kind, of the tuning half only with
``--half tuning``.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.halves import HALVES, Counts, counts_in_halves, half_of, totals
from briefings.annotate.nlp import load_nlp
from briefings.annotate.players.find import find_players
from briefings.annotate.quotes.find import find_quotes
from briefings.model import Quote

DEFAULT_DATA = Path(__file__).parents[1].parent / "shared/data/polnear"
_DOUBLE = re.compile("''|[\"“”«»„]")
_SINGLE = re.compile("[‘’]")

Interval = tuple[int, int]


@dataclass
class GoldQuote:
    """A gold direct quote: its quoted characters and its Source, if any."""

    quoted: list[Interval]
    source: list[Interval]


def _overlaps(a: Interval, spans: list[Interval]) -> bool:
    return any(a[0] < end and start < a[1] for start, end in spans)


def _quoted_mask(text: str) -> list[bool]:
    """Which characters of ``text`` lie between quotation marks."""
    mask = [False] * len(text)
    offset = 0
    for paragraph in text.split("\n"):
        for pattern in (_DOUBLE, _SINGLE):
            opened = None
            for mark in pattern.finditer(paragraph):
                char = mark.group()
                before = paragraph[mark.start() - 1 : mark.start()]
                after = paragraph[mark.end() : mark.end() + 1]
                if pattern is _SINGLE and (after.isalpha() if char == "’" else before.isalnum()):
                    continue  # an apostrophe (it’s, and Trump‘s in careless text)
                if opened is None and char not in "”»’":
                    opened = mark.end()
                elif opened is not None and char not in "“«„‘":
                    mask[offset + opened : offset + mark.start()] = [True] * (mark.start() - opened)
                    opened = None
            if opened is not None:
                mask[offset + opened : offset + len(paragraph)] = [True] * (len(paragraph) - opened)
        offset += len(paragraph) + 1
    return mask


def _intervals(mask: list[bool], text: str, start: int, end: int) -> list[Interval]:
    found, run = [], None
    for i in range(start, end + 1):
        inside = i < end and mask[i]
        if inside and run is None:
            run = i
        elif not inside and run is not None:
            if any(c.isalnum() for c in text[run:i]):
                found.append((run, i))
            run = None
    return found


def read_gold(ann: Path, text: str) -> list[GoldQuote]:
    """The gold direct quotes of one brat annotation file."""
    spans: dict[str, list[Interval]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if fields[0].startswith("T") and len(fields) > 1:
            _, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = [
                (int(a), int(b)) for a, b in (part.split() for part in offsets.split(";"))
            ]
        elif fields[0].startswith("E") and len(fields) > 1:
            events.append(dict(role.split(":", 1) for role in fields[1].split()))
    mask = _quoted_mask(text)
    gold = []
    for event in events:
        content = spans.get(event.get("Content", ""), [])
        quoted = [iv for start, end in content for iv in _intervals(mask, text, start, end)]
        if quoted:
            gold.append(GoldQuote(quoted, spans.get(event.get("Source", ""), [])))
    return gold


def articles(data: Path, split: str) -> Iterator[tuple[str, str, list[GoldQuote]]]:
    """(name, text, gold quotes) of every article of ``split``."""
    seen = set()
    for ann in sorted((data / split / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name in seen:
            continue
        seen.add(name)
        text = (data / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        yield name, text, read_gold(ann, text)


@dataclass
class Score(Counts):
    system: int = 0
    matched_system: int = 0
    gold: int = 0
    matched_gold: int = 0
    judged: int = 0
    right_speaker: int = 0

    def report(self) -> str:
        precision = self.matched_system / self.system if self.system else 0.0
        recall = self.matched_gold / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = self.right_speaker / self.judged if self.judged else 0.0
        return (
            f"quotes: system {self.system}, gold {self.gold}\n"
            f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}\n"
            f"speaker accuracy {accuracy:.3f} ({self.right_speaker}/{self.judged})"
        )


def score_article(
    text: str, quotes: list[Quote], gold: list[GoldQuote], score: Score, show: str | None
) -> None:
    """Add one article's counts to ``score``; print its errors of kind ``show``."""
    score.system += len(quotes)
    score.gold += len(gold)
    found = [False] * len(gold)
    for quote in quotes:
        span = (quote.start, quote.end)
        matches = [i for i, g in enumerate(gold) if _overlaps(span, g.quoted)]
        for i in matches:
            found[i] = True
        if not matches:
            _show(show, "fp", text, quote.start, quote.end, quote.speaker_text)
            continue
        score.matched_system += 1
        sources = [gold[i].source for i in matches if gold[i].source]
        if not sources:
            continue
        score.judged += 1
        mention = (quote.speaker_start or 0, quote.speaker_end or 0)
        if quote.speaker_start is not None and any(_overlaps(mention, s) for s in sources):
            score.right_speaker += 1
        else:
            gold_source = "|".join(text[a:b] for a, b in sources[0])
            note = f"{quote.speaker_text} ≠ {gold_source}"
            _show(show, "speaker", text, quote.start, quote.end, note)
    score.matched_gold += sum(found)
    for hit, g in zip(found, gold):
        if not hit:
            source = "|".join(text[a:b] for a, b in g.source)
            _show(show, "fn", text, g.quoted[0][0], g.quoted[0][1], source)


def _show(show: str | None, kind: str, text: str, start: int, end: int, note) -> None:
    if show == kind:
        context = text[max(0, start - 150) : end + 100].replace("\n", " ¶ ")
        print(f"[{kind}] {text[start:end][:80]!r} -- {note}\n    {context}\n")


def score_split(data: Path, split: str, show: str | None = None, half: str | None = None) -> None:
    """Score every article of ``split`` and print the figures."""
    nlp = load_nlp()
    scored = []
    corpus = list(articles(data, split))
    docs = nlp.pipe(text for _, text, _ in corpus)
    for (name, text, gold), doc in zip(corpus, docs):
        title = text.split("\n", 1)[0]
        quotes = find_quotes(doc, find_players(doc, title=title, exclude=[]))
        score = Score()
        shown = show if half is None or half_of(name) == half else None
        score_article(text, quotes, gold, score, shown)
        scored.append((name, score))
    sums = totals(scored, Score)
    print(f"{split}: {len(corpus)} articles")
    print(sums["overall"].report())
    print(counts_in_halves(name for name, _, _ in corpus))
    for part in HALVES:
        print(f"{part}:")
        print(textwrap.indent(sums[part].report(), "  "))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", nargs="+", default=["dev"], help="splits to score, in turn")
    parser.add_argument("--show", choices=("fp", "fn", "speaker"), help="print these errors")
    parser.add_argument("--half", choices=HALVES, help="print the errors of this half only")
    args = parser.parse_args(argv)
    for split in args.split:
        score_split(args.data, split, args.show, args.half)


if __name__ == "__main__":
    main()
