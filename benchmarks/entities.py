"""Cross-briefing identities: are the site's players the real entities?

    python -m benchmarks.entities [--bbc DIR] [--scale N] [--show]

1. **Fixture articles with gold identities** (``tests/fixtures/entities``:
   news articles written for this test, sharing people, organisations and
   places under varied names, with ``gold.json`` giving each entity's id and
   the forms each article names it by).  The articles are annotated by the
   real pipeline (through the annotation cache) and resolved as a site.
   Each player whose name (or, failing that, an alias) the gold lists is an
   item; players the gold does not list (annotation errors: "Aug", "Biden
   and Sunak") are counted and left out.  Printed: B-cubed precision,
   recall and F1 of the site's identities against the gold ones, and
   *pages per entity*: for each gold entity named in two articles or more,
   the number of site identities its players are spread over (1.0 is
   perfect), with the entities split and the identities that merge two
   gold entities.
2. **The BBC corpus** (2,225 articles, no gold): the time to resolve it, the
   merges to look at (a person identity whose full names have different
   first names, other than an initial, or surnames; an identity whose names
   share no word), and
   surname-only pages next to a full-name page of the same surname.
3. **Scale**: the corpus replicated to N briefings (20,000 by default) with
   every replica's players renamed (each word gets a suffix of its own), so
   the identities multiply as on a larger site; the time to resolve it and
   to build the whole site index.

Each article of the fixture set and of the BBC corpus falls in a tuning or a
checking half (:mod:`benchmarks.halves`, by file name); B-cubed is also
printed per half (items of that half's articles, identities as resolved over
the whole site).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

from benchmarks.halves import HALVES, OVERALL, half_of
from briefings.batch import annotate_missing
from briefings.cache import DEFAULT_PATH, AnnotationCache
from briefings.entities import resolve
from briefings.ingest import read_article
from briefings.model import Article, Briefing
from briefings.names import person_name, words
from briefings.site_index import build_site_index

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "entities"
BBC_DIR = ROOT.parent / "shared" / "data" / "bbc"


def annotated(articles: list[Article]) -> list[Briefing]:
    """The articles annotated by the real pipeline, through the cache."""
    cache = AnnotationCache(DEFAULT_PATH)
    annotate_missing(articles, cache)
    return [cache.get(article) for article in articles]


def load_fixtures(folder: Path = FIXTURES) -> tuple[list[str], list[Briefing], dict]:
    paths = sorted(folder.glob("*.txt"))
    briefings = annotated([read_article(path) for path in paths])
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    return [p.name for p in paths], briefings, gold


def gold_key(text: str) -> str:
    """How gold forms and player names are compared: folded words, no
    honorific or leading article."""
    tokens = words(text)
    while len(tokens) > 1 and tokens[0] in ("the", "mr", "mrs", "ms"):
        tokens = tokens[1:]
    return " ".join(tokens)


def gold_items(names: list[str], briefings: list[Briefing], gold: dict) -> tuple[list, list]:
    """((article, player index, gold id) for each scored player, unscored
    (article, player name))."""
    items, unscored = [], []
    for b, (name, briefing) in enumerate(zip(names, briefings)):
        forms = {gold_key(form): entity for entity, many in gold.get(name, {}).items() for form in many}
        for i, player in enumerate(briefing.players):
            entity = forms.get(gold_key(player.name))
            if entity is None:
                entity = next((forms[gold_key(a)] for a in player.aliases if gold_key(a) in forms), None)
            if entity is None:
                unscored.append((name, player.name))
            else:
                items.append((b, i, entity))
    return items, unscored


def b_cubed(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of (predicted, gold) cluster labels."""
    if not pairs:
        return 0.0, 0.0, 0.0
    by_predicted, by_gold, both = Counter(), Counter(), Counter()
    for predicted, gold in pairs:
        by_predicted[predicted] += 1
        by_gold[gold] += 1
        both[(predicted, gold)] += 1
    precision = sum(both[(p, g)] / by_predicted[p] for p, g in pairs) / len(pairs)
    recall = sum(both[(p, g)] / by_gold[g] for p, g in pairs) / len(pairs)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score_fixtures(show: bool) -> None:
    names, briefings, gold = load_fixtures()
    items, unscored = gold_items(names, briefings, gold)
    resolution = resolve(briefings)
    predicted = [(resolution.of_player[b][i].id, entity) for b, i, entity in items]
    print(f"Fixture site: {len(briefings)} articles, {len(items)} players scored, "
          f"{len(unscored)} not in the gold (annotation errors) left out")
    for half in (OVERALL, *HALVES):
        chosen = [pair for pair, (b, _, _) in zip(predicted, items) if half == OVERALL or half_of(names[b]) == half]
        p, r, f = b_cubed(chosen)
        print(f"  {half:8} B-cubed precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  ({len(chosen)} players)")
    spread: dict[str, set[str]] = defaultdict(set)
    articles: dict[str, set[int]] = defaultdict(set)
    for (identity, entity), (b, _, _) in zip(predicted, items):
        spread[entity].add(identity)
        articles[entity].add(b)
    several = [e for e in spread if len(articles[e]) >= 2]
    pages = sum(len(spread[e]) for e in several) / max(1, len(several))
    print(f"  pages per entity named in two articles or more: {pages:.2f} ({len(several)} entities)")
    merged: dict[str, set[str]] = defaultdict(set)
    for identity, entity in predicted:
        merged[identity].add(entity)
    wrong = {i: e for i, e in merged.items() if len(e) > 1}
    print(f"  identities merging two gold entities: {len(wrong)}"
          + "".join(f"\n    {i}: {', '.join(sorted(e))}" for i, e in sorted(wrong.items())))
    if show:
        split = {e: spread[e] for e in several if len(spread[e]) > 1}
        print(f"  entities on more than one identity: {len(split)}")
        for entity, ids in sorted(split.items()):
            print(f"    {entity}: {', '.join(sorted(ids))}")
        print("  left out:", "; ".join(f"{n}: {p}" for n, p in unscored))


def load_bbc(folder: Path) -> tuple[list[str], list[Briefing]]:
    from benchmarks.related import load

    briefings, _, names = load(folder)
    return names, annotated([Article(**{k: getattr(b, k) for k in Article.__dataclass_fields__}) for b in briefings])


def check_bbc(folder: Path, show: bool) -> list[Briefing]:
    names, briefings = load_bbc(folder)
    kept = [b for b in briefings if b is not None]
    resolution, seconds, cpu = timed(resolve, kept)
    index, index_seconds, index_cpu = timed(build_site_index, [(i, b) for i, b in enumerate(kept)])
    players = sum(len(b.players) for b in kept)
    print(f"BBC: {len(kept)} briefings, {players} players -> {len(resolution.identities)} identities, "
          f"{len(index.pages)} with a page; resolved in {seconds:.1f} s ({cpu:.1f} s of CPU), whole site index "
          f"{index_seconds:.1f} s ({index_cpu:.1f} s of CPU)")
    people = []
    unrelated = []
    for identity in resolution.identities:
        forms = {m.name for m in identity.mentions}
        if identity.kind == "person":
            full = {(n.first, n.surname) for n in map(person_name, forms) if not n.bare}
            firsts = {first for first, _ in full}
            whole = {first for first in firsts if len(first) > 1}  # "R" stands for "Roland"
            if len(whole) > 1 or any(not any(w.startswith(f) for w in whole) for f in firsts - whole if whole) \
                    or len({surname for _, surname in full}) > 1:
                people.append((identity.id, sorted(forms)))
        keys = [set(words(f)) for f in forms]
        if len(forms) > 1 and not set.intersection(*keys) and identity.key and not identity.key.startswith("place:"):
            unrelated.append((identity.id, sorted(forms)))
    print(f"  person identities with two first names or surnames (suspicious merges): {len(people)}")
    for identity, forms in people[:40]:
        print(f"    {identity}: {' | '.join(forms[:8])}")
    print(f"  other identities whose names share no word (acronyms, countries...): {len(unrelated)}")
    for identity, forms in unrelated[: 40 if show else 15]:
        print(f"    {identity}: {' | '.join(forms[:8])}")
    by_surname: dict[tuple, list] = defaultdict(list)
    for player in index.pages:
        if player.kind == "person":
            name = person_name(player.name)
            by_surname[name.surname].append((name.bare, player))
    lone = [(s, ps) for s, ps in by_surname.items() if any(b for b, _ in ps) and any(not b for b, _ in ps)]
    print(f"  surname-only pages beside a full-name page of that surname: {len(lone)}")
    if show:
        for _, ps in sorted(lone, key=lambda x: x[0])[:60]:
            print("    " + " / ".join(f"{p.name} ({len(p.briefings)})" for _, p in ps))
    return kept


def renamed(briefing: Briefing, replica: int) -> Briefing:
    """A copy whose players and speakers have names of their own: each word
    of a name gets the replica's suffix ("Putin" -> "Putinqb")."""
    tag = "q" + "".join(chr(ord("a") + int(d)) for d in str(replica))

    def rename(name: str | None) -> str | None:
        return re.sub(r"[A-Za-z]+", lambda m: m.group(0) + tag, name) if name else name

    players = [replace(p, name=rename(p.name), aliases=[rename(a) for a in p.aliases]) for p in briefing.players]
    quotes = [replace(q, speaker=rename(q.speaker)) for q in briefing.quotes]
    return replace(briefing, players=players, quotes=quotes, slug=f"{briefing.slug or 'b'}-{replica}")


def scale(briefings: list[Briefing], count: int) -> None:
    site = [renamed(b, n // len(briefings)) if n >= len(briefings) else b
            for n, b in ((n, briefings[n % len(briefings)]) for n in range(count))]
    (resolution, seconds, cpu), (_, index_seconds, index_cpu) = timed(resolve, site), timed(
        build_site_index, [(i, b) for i, b in enumerate(site)])
    players = sum(len(b.players) for b in site)
    print(f"Scale: {count} briefings ({players} players, replicas renamed) -> {len(resolution.identities)} "
          f"identities; resolved in {seconds:.1f} s ({cpu:.1f} s of CPU), whole site index {index_seconds:.1f} s "
          f"({index_cpu:.1f} s of CPU)")


def timed(function, *args):
    """(result, seconds, CPU seconds) of a call: the machine may be shared."""
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - start, time.process_time() - cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=BBC_DIR)
    parser.add_argument("--scale", type=int, default=20_000, help="briefings in the scale test (0: none)")
    parser.add_argument("--show", action="store_true", help="list the split entities and more merges")
    args = parser.parse_args(argv)
    score_fixtures(args.show)
    if not args.bbc.is_dir():
        sys.exit(f"no BBC data at {args.bbc}")
    kept = check_bbc(args.bbc, args.show)
    if args.scale:
        scale(kept, args.scale)


if __name__ == "__main__":
    main()
