"""Score the temporal tagger against TimeML gold (TimeBank / AQUAINT ``.tml``).

Usage::

    python -m benchmarks.timex [DATA_DIR] [--errors [HALF]]

DATA_DIR defaults to ``$BRIEFINGS_TIMEBANK`` or ``../shared/data/timebank-aquaint``
next to the repository.  Each document's ``<TEXT>`` is stripped of tags, tagged
with its ``<DCT>`` as publication date, and compared with the gold TIMEX3s:

* strict extent: same start and end; relaxed extent: any overlap (each gold
  expression matched at most once);
* value (TempEval-3 style): a relaxed match whose value equals the gold value;
  precision over system expressions, recall over gold ones;
* type accuracy over relaxed matches;
* for comparison, spaCy's DATE and TIME entities alone as the expressions
  found, scored for extent the same way.

The figures are printed overall and on the tuning and checking halves
(:mod:`benchmarks.halves`, by the ``.tml`` file's path under DATA_DIR).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.halves import HALVES, counts_in_halves, half_of, totals
from briefings.annotate.nlp import load_nlp
from briefings.annotate.timex.find import find_timexes

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared/data/timebank-aquaint"

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str


@dataclass
class Document:
    name: str
    dct: dt.date
    text: str
    gold: list[Gold]


def read_tml(path: Path) -> Document:
    """Plain text of ``<TEXT>`` with its gold TIMEX3 offsets, and the DCT."""
    source = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>.*?value=\"(\d{4})-?(\d\d)-?(\d\d)", source, re.S)
    body = re.search(r"<TEXT>(.*)</TEXT>", source, re.S).group(1)
    parts: list[str] = []
    length = 0
    gold: list[Gold] = []
    open_timex = None
    pos = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[pos : tag.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1):
            attrs = open_timex[1]
            gold.append(Gold(open_timex[0], length, attrs["type"], attrs.get("value", "")))
            open_timex = None
        else:
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
    parts.append(html.unescape(body[pos:]))
    date = dt.date(*map(int, dct.groups()))
    return Document(path.stem, date, "".join(parts), gold)


def _prf(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Found:
    """An expression found, by the tagger or by spaCy's entities alone."""

    text: str
    start: int
    end: int
    type: str
    value: str


def spacy_alone(parsed) -> list[Found]:
    """spaCy's DATE and TIME entities taken as the expressions (no value)."""
    return [Found(e.text, e.start_char, e.end_char, e.label_, "") for e in parsed.ents if e.label_ in ("DATE", "TIME")]


def count(documents: list[Document], show_errors: bool | set[str] = False) -> tuple[list[Counter], list[Counter]]:
    """Per document, the counts the figures are made of: expressions found
    and gold, and matches (relaxed, strict, with the gold value and type);
    then the same for spaCy's DATE and TIME entities alone.  ``show_errors``
    is True or the set of document names whose errors to print."""
    nlp = load_nlp()
    counted, baseline = [], []
    for doc, parsed in zip(documents, nlp.pipe(d.text for d in documents)):
        baseline.append(_match(doc, spacy_alone(parsed), False))
        shown = show_errors is True or (bool(show_errors) and doc.name in show_errors)
        counted.append(_match(doc, find_timexes(parsed, doc.dct), shown))
    return counted, baseline


def _match(doc: Document, system: list, show_errors: bool) -> Counter:
    counts = Counter(system=len(system), gold=len(doc.gold))
    used: set[int] = set()
    for g in doc.gold:
        match = next(
            (i for i, s in enumerate(system) if i not in used and s.start < g.end and g.start < s.end),
            None,
        )
        gold_text = doc.text[g.start : g.end]
        if match is None:
            if show_errors:
                print(f"MISS  {doc.name} {gold_text!r} {g.type} {g.value}")
            continue
        used.add(match)
        s = system[match]
        counts["relaxed"] += 1
        counts["strict"] += (s.start, s.end) == (g.start, g.end)
        counts["typed"] += s.type == g.type
        counts["valued"] += s.value == g.value
        if show_errors and s.value != g.value:
            print(f"VALUE {doc.name} {gold_text!r} {g.value} <- {s.text!r} {s.value} [{doc.dct}]")
        elif show_errors and (s.start, s.end) != (g.start, g.end):
            print(f"SPAN  {doc.name} {gold_text!r} <- {s.text!r}")
    if show_errors:
        for i, s in enumerate(system):
            if i not in used:
                print(f"FALSE {doc.name} {s.text!r} {s.type} {s.value}")
    return counts


def figures(counts: Counter) -> dict[str, tuple[float, float, float]]:
    """Precision, recall and F1 of the summed ``counts`` (and type accuracy)."""
    n_sys, n_gold, relaxed = counts["system"], counts["gold"], counts["relaxed"]
    return {
        "strict extent": _prf(counts["strict"], n_sys, n_gold),
        "relaxed extent": _prf(relaxed, n_sys, n_gold),
        "value": _prf(counts["valued"], n_sys, n_gold),
        "type accuracy": (counts["typed"] / relaxed if relaxed else 0.0,) * 3,
        "counts": (n_sys, n_gold, relaxed),
    }


def _print_figures(counts: Counter, indent: str = "") -> None:
    scores = figures(counts)
    scores.pop("counts")
    accuracy = scores.pop("type accuracy")[0]
    for name, (p, r, f) in scores.items():
        print(f"{indent}{name:15} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    print(f"{indent}{'type accuracy':15} {accuracy:.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", nargs="?", default=os.environ.get("BRIEFINGS_TIMEBANK", DEFAULT_DIR))
    parser.add_argument(
        "--errors", nargs="?", const="all", choices=("all", *HALVES),
        help="list every miss, false hit and wrong value (of one half only, when named)",
    )
    args = parser.parse_args(argv)
    paths = sorted(Path(args.data_dir).rglob("*.tml"))
    if not paths:
        sys.exit(f"no .tml files under {args.data_dir}")
    names = [path.relative_to(args.data_dir).as_posix() for path in paths]
    shown: bool | set[str] = args.errors == "all"
    if args.errors in HALVES:
        shown = {p.stem for p, n in zip(paths, names) if half_of(n) == args.errors}
    counted, baseline = count([read_tml(p) for p in paths], shown)
    sums = totals(zip(names, counted), Counter)
    alone = totals(zip(names, baseline), Counter)
    n_sys, n_gold, relaxed = figures(sums["overall"])["counts"]
    print(f"{len(paths)} documents, {n_gold} gold timexes, {n_sys} found, {relaxed} overlapping")
    _print_figures(sums["overall"])
    print(counts_in_halves(names))
    for half in HALVES:
        n_sys, n_gold, relaxed = figures(sums[half])["counts"]
        print(f"{half}: {n_gold} gold timexes, {n_sys} found, {relaxed} overlapping")
        _print_figures(sums[half], "  ")
    print("spaCy's DATE and TIME entities alone (extent only):")
    for part in ("overall", *HALVES):
        scores = figures(alone[part])
        line = "  ".join(f"{name} P {p:.3f} R {r:.3f} F1 {f:.3f}" for name, (p, r, f) in scores.items()
                         if name in ("strict extent", "relaxed extent"))
        print(f"  {part:9} {line}")


if __name__ == "__main__":
    main()
