"""Document-level accuracy of the players against CoNLL-2003 gold entities.

Run ``python -m benchmarks.players [PATH] [--errors]``; PATH defaults
to ``../shared/data/conll2003/eng.testa`` next to the repository.

Documents are split on ``-DOCSTART-`` and detokenised (sentences become
paragraphs); a first sentence set in capitals is the headline and is passed as
``title``, the rest is the text.  Scoring, per document:

- gold: the set of (name, type) of every PER, ORG and LOC entity in the
  document, headline included (MISC is ignored);
- predicted: one item per player of kind person, organization or place (PER,
  ORG, LOC); groups correspond to MISC and are not scored;
- names are compared normalised: case, periods, a leading "the" and a final
  possessive are ignored, so "U.S." matches "US" and "the Kremlin" "Kremlin";
- a gold entity is found when some player of its type has it as its name or
  one of its aliases; a player is correct when its name or one of its aliases
  is a gold entity of its type.

Precision, recall and F1 are micro-averaged over documents (counts summed),
overall and on the tuning and checking halves (:mod:`benchmarks.halves`; a
document is named ``eng.testa:N`` by its ordinal in the file).  The same run
scores spaCy alone on the same text (title and text, entity labels PERSON,
ORG and GPE/LOC/FAC, each distinct name once) for comparison.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.halves import HALVES, Counts, counts_in_halves, totals
from briefings.annotate.nlp import load_nlp
from briefings.annotate.players.find import find_players
from briefings.annotate.players.mentions import is_caps_line
from briefings.annotate.players.merging import norm_key

DEFAULT_PATH = Path(__file__).parents[1].parent / "shared/data/conll2003/eng.testa"
KIND_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't"}
NO_SPACE_AFTER = {"(", "[", "{", "$"}


@dataclass
class Document:
    title: str
    text: str
    gold: set[tuple[str, str]] = field(default_factory=set)
    name: str = ""


@dataclass
class Score(Counts):
    """Counts summed over documents."""

    found: int = 0
    gold: int = 0
    correct: int = 0
    predicted: int = 0

    def add(self, predicted: list[tuple[set[str], str]], gold: set[tuple[str, str]]) -> None:
        """Score one document: ``predicted`` holds (names, type) per item."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.found += sum(any(t == gt and g in names for names, t in predicted) for g, gt in gold)
        self.correct += sum(any((n, t) in gold for n in names) for names, t in predicted)

    def report(self, label: str) -> str:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{label:<12} P={p:.3f} R={r:.3f} F1={f:.3f}  (gold {self.gold}, predicted {self.predicted})"


def detokenise(tokens: list[str]) -> str:
    """Tokens joined as running text: no space before punctuation, quotes paired."""
    out, quote_open = "", False
    for index, token in enumerate(tokens):
        space = index > 0 and token not in NO_SPACE_BEFORE and tokens[index - 1] not in NO_SPACE_AFTER
        if token == '"':
            space = index > 0 and not quote_open
            quote_open = not quote_open
        elif index > 0 and tokens[index - 1] == '"' and quote_open:
            space = False
        out += (" " if space else "") + token
    return out


def _entities(rows: list[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(text, type) of the IOB entities of one sentence."""
    current: list[str] = []
    kind = None
    for token, tag in rows + [("", "O")]:
        if current and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            yield detokenise(current), kind
            current = []
        if tag != "O":
            kind = tag[2:]
            current.append(token)


def read_conll(path: Path) -> Iterator[Document]:
    """The documents of a CoNLL-2003 file."""
    ordinal = 0
    for block in re.split(r"^-DOCSTART-.*$", path.read_text(encoding="utf-8"), flags=re.M):
        sentences = []
        for chunk in re.split(r"\n\s*\n", block.strip()):
            rows = [(line.split()[0], line.split()[-1]) for line in chunk.splitlines() if line.strip()]
            if rows:
                sentences.append(rows)
        if not sentences:
            continue
        lines = [detokenise([t for t, _ in rows]) for rows in sentences]
        title = lines.pop(0) if len(lines) > 1 and is_caps_line(lines[0]) else ""
        gold = {
            (norm_key(text), kind)
            for rows in sentences
            for text, kind in _entities(rows)
            if kind in ("PER", "ORG", "LOC")
        }
        yield Document(title, "\n\n".join(lines), gold, f"{path.name}:{ordinal}")
        ordinal += 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--errors", action="store_true", help="print misses and false players")
    args = parser.parse_args(argv)
    nlp = load_nlp()
    ours, spacy_alone = [], Score()
    documents = list(read_conll(args.path))
    for document in documents:
        doc = nlp(document.text)
        players = find_players(doc, title=document.title)
        predicted = [
            ({norm_key(n) for n in (p.name, *p.aliases)}, KIND_TYPES[p.kind])
            for p in players
            if p.kind in KIND_TYPES
        ]
        score = Score()
        score.add(predicted, document.gold)
        ours.append((document.name, score))
        ents = list(doc.ents) + (list(nlp(document.title).ents) if document.title else [])
        baseline = {(norm_key(e.text), SPACY_TYPES[e.label_]) for e in ents if e.label_ in SPACY_TYPES}
        spacy_alone.add([({n}, t) for n, t in baseline], document.gold)
        if args.errors:
            _print_errors(document, predicted)
    sums = totals(ours, Score)
    print(spacy_alone.report("spaCy alone"))
    print(sums["overall"].report("players"))
    print(counts_in_halves(d.name for d in documents))
    for half in HALVES:
        print(sums[half].report(f"  {half}"))


def _print_errors(document: Document, predicted: list[tuple[set[str], str]]) -> None:
    print(f"## {document.title or document.text[:60]}")
    for name, kind in sorted(document.gold):
        if not any(t == kind and name in names for names, t in predicted):
            print(f"  MISS {kind} {name}")
    for names, kind in predicted:
        if not any((n, kind) in document.gold for n in names):
            print(f"  FALSE {kind} {sorted(names)}")


if __name__ == "__main__":
    main()
