"""The build benchmark (``make bench``): Briefings against plain Pelican and
spaCy alone, on the BBC corpus.

    python -m benchmarks.bench [--articles N] [--runs R] [--scale]

Every figure is the median of R runs, each a fresh process, and is printed
with its ratio to a baseline measured in the same script, since machines are
noisy:

- cold build (empty caches), warm build (nothing changed), one article
  changed, and the peak memory of a cold build (all processes together);
- plain Pelican building the same articles as plain Markdown with the same
  theme, and spaCy alone parsing the same texts with the same processes;
- with ``--cluster``: the corpus annotated through a two-worker Dask
  ``LocalCluster`` (``briefings annotate --cluster local:2``) against the
  local process pool of the build (two processes), each a fresh process
  timed end to end (start, reading, model loads, annotation, storing), in
  turns; their caches compared entry for entry, and the site built from
  each compared file for file; and the cost model's figures (CPU seconds
  per article, the client's reading per article). ``--cluster-only`` runs
  that alone;
- with ``--scale``: warm builds of about 2,000 and 20,000 articles, the
  corpus topped up by varying its articles (new titles and dates), built in
  turns, at least five times each.  The variants' annotations are copied
  from their originals' into the cache, since a warm build reads
  annotations and never makes them (articles the annotators fail on are
  left out).
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

from briefings.batch import annotate_missing
from briefings.cache import AnnotationCache, article_key
from briefings.cluster import read_source, sources_under
from briefings.ingest import parse_article
from briefings.ingest.decode import decode
from briefings.model import Article

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = ROOT.parent / "shared" / "data" / "bbc"
PYTHON = sys.executable

BRIEFINGS_SETTINGS = """
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *
PATH = "content"
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
CACHE_PATH = "cache/pelican"
BRIEFINGS_CACHE_PATH = "cache/annotations.sqlite"
BRIEFINGS_PROCESSES = {processes}
"""
# Plain Pelican: no plugin, so the theme's filters are stand-ins (the
# templates only call them for briefings, which a plain site has none of).
PLAIN_SETTINGS = BRIEFINGS_SETTINGS + """
PLUGINS = []
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
JINJA_FILTERS = {{"when": str, "news_article_json_ld": str, "player_links": lambda text, *_: text}}
"""
SPACY_ALONE = """
import sys, json
from briefings.annotate.nlp import load_nlp
texts = json.load(open(sys.argv[1]))
for doc in load_nlp().pipe(texts, n_process=int(sys.argv[2]), batch_size=32):
    pass
"""


# --- the corpus ----------------------------------------------------------------


CORPUS_SIZE = 2225


def load_corpus(folder: Path, count: int) -> list[tuple[str, str]]:
    """(title, body) of the first ``count`` BBC articles, cycling through the
    topics so that any prefix is a fair sample; past the corpus, variants."""
    by_topic = [sorted(topic.glob("*.txt")) for topic in sorted(folder.iterdir()) if topic.is_dir()]
    files = [f for group in zip(*by_topic) for f in group]
    files += sorted(set(f for group in by_topic for f in group) - set(files))
    articles = []
    for path in files:
        article = parse_article(decode(path.read_bytes(), path), path, warn=False)
        articles.append((article.title, article.text))
    result = []
    for index in range(count):
        title, text = articles[index % len(articles)]
        variant = index // len(articles)
        result.append((f"{title} ({variant + 1})" if variant else title, text))
    return result


def article_date(index: int) -> dt.date:
    return dt.date(2005, 1, 1) + dt.timedelta(days=index % 700)


def write_site(root: Path, articles: list[tuple[str, str]], markdown: bool, processes: int) -> Path:
    content = root / "content"
    content.mkdir(parents=True)
    for index, (title, text) in enumerate(articles):
        header = f"Title: {title}\nDate: {article_date(index).isoformat()}\nSlug: article-{index}\n\n"
        if markdown:
            (content / f"{index:05}.md").write_text(header + text + "\n", encoding="utf-8")
        else:
            (content / f"{index:05}.txt").write_text(header + text + "\n", encoding="utf-8")
    settings = (PLAIN_SETTINGS if markdown else BRIEFINGS_SETTINGS).format(
        root=str(ROOT), theme=str(ROOT / "theme"), plugins=str(ROOT / "plugins"), processes=processes)
    (root / "settings.py").write_text(settings, encoding="utf-8")
    return root


# --- measuring -------------------------------------------------------------------


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MB, the process and its children together)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    sampler = threading.Thread(target=_sample_memory, args=(process, peak), daemon=True)
    sampler.start()
    _, errors = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{errors.decode()[-2000:]}")
    return seconds, peak[0] / 1024


def _sample_memory(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], _tree_rss_kb(process.pid))
        time.sleep(0.05)


def _tree_rss_kb(pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += rss.get(current, 0)
        stack.extend(children.get(current, []))
    return total


def build(site: Path) -> tuple[float, float]:
    return run([PYTHON, "-m", "pelican", "content", "-s", "settings.py", "-o", "output", "-q"], site)


def clean(site: Path) -> None:
    for name in ("output", "cache"):
        shutil.rmtree(site / name, ignore_errors=True)


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- the benchmark ---------------------------------------------------------------


def measure(articles: list[tuple[str, str]], runs: int, processes: int, work: Path) -> dict[str, float]:
    briefings = write_site(work / "briefings", articles, markdown=False, processes=processes)
    plain = write_site(work / "plain", articles, markdown=True, processes=processes)
    texts = work / "texts.json"
    texts.write_text(json.dumps([text for _, text in articles]), encoding="utf-8")

    figures: dict[str, list[float]] = {k: [] for k in ("cold", "memory", "warm", "changed", "plain", "spacy")}
    for number in range(runs):
        clean(plain)
        figures["plain"].append(build(plain)[0])
        figures["spacy"].append(run([PYTHON, "-c", SPACY_ALONE, str(texts), str(processes)], work)[0])
        clean(briefings)
        seconds, memory = build(briefings)
        figures["cold"].append(seconds)
        figures["memory"].append(memory)
        figures["warm"].append(build(briefings)[0])
        changed = briefings / "content" / "00000.txt"
        changed.write_text(changed.read_text(encoding="utf-8") + f"\nA sentence added in run {number}.\n",
                           encoding="utf-8")
        figures["changed"].append(build(briefings)[0])
    return {name: median(values) for name, values in figures.items()}


def scale(folder: Path, processes: int, runs: int, work: Path) -> list[tuple[int, float, float]]:
    """Warm builds of about 2,000 and 20,000 articles: (articles, seconds,
    peak MB).

    The articles whose original the annotators fail on are left out: each
    build would try them again (loading spaCy), and no build would be warm.
    """
    originals_cache = AnnotationCache(work / "originals.sqlite")
    originals = [_as_read(i, title, text) for i, (title, text) in enumerate(load_corpus(folder, CORPUS_SIZE))]
    annotate_missing(originals, originals_cache, processes)
    made = [originals_cache.get(original) for original in originals]
    sites = {}
    for count in (2_000, 20_000):
        kept = [(i % CORPUS_SIZE, title, text) for i, (title, text) in enumerate(load_corpus(folder, count))
                if made[i % CORPUS_SIZE] is not None]
        site = write_site(work / f"scale-{count}", [(title, text) for _, title, text in kept], markdown=False,
                          processes=processes)
        _check_as_read(site, kept[0][1], kept[0][2])
        pairs = []
        for number, (original, title, text) in enumerate(kept):
            article = _as_read(number, title, text)
            pairs.append((article, replace(made[original], title=title, date=article.date, slug=article.slug)))
        AnnotationCache(site / "cache" / "annotations.sqlite").put_many(pairs)
        build(site)  # the first build fills Pelican's own cache
        sites[site] = len(kept)
    # Taken in turns, so that a machine growing slower or faster during the
    # runs moves both sizes alike, not the ratio.
    timings: dict[Path, list[tuple[float, float]]] = {site: [] for site in sites}
    for _ in range(runs):
        for site in sites:
            timings[site].append(build(site))
    return [(count, median([t for t, _ in timings[site]]), max(m for _, m in timings[site]))
            for site, count in sites.items()]


# --- on a cluster ------------------------------------------------------------------

#: The local pool, as a build uses it: the sources read as annotate --cluster
#: reads them, their misses annotated by briefings.batch.
LOCAL_POOL = """
import sys
from briefings.batch import annotate_missing
from briefings.cache import AnnotationCache
from briefings.cluster import read_source, sources_under
articles = [read_source(path) for path, problem in sources_under([sys.argv[1]]) if problem is None]
annotate_missing([a for a in articles if a is not None], AnnotationCache(sys.argv[2]), int(sys.argv[3]))
"""
CLUSTER_WORKERS = 2


def cpu_run(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """Seconds, CPU seconds of the process and all its descendants, and
    what it wrote on stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):  # 1: some article failed, reported (as in a build)
        raise RuntimeError(f"{' '.join(command)} failed:\n{process.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, process.stderr


def annotation_rows(path: Path) -> dict[str, str]:
    import sqlite3

    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT key, briefing FROM annotations"))


def same_tree(one: Path, other: Path) -> list[str]:
    """The files that differ between two folders (or are in one only)."""
    differ: list[str] = []

    def walk(compared: filecmp.dircmp, prefix: str) -> None:
        differ.extend(prefix + name for name in compared.left_only + compared.right_only + compared.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
        differ.extend(prefix + name for name in mismatch + errors)
        for name, sub in compared.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(one, other), "")
    return differ


def cluster(folder: Path, count: int, runs: int, work: Path) -> dict:
    """``count`` articles of the corpus annotated by the local pool and by a
    two-worker LocalCluster, in turns; the site built from each cache."""
    articles = load_corpus(folder, count)
    site = write_site(work / "cluster-site", articles, markdown=False, processes=CLUSTER_WORKERS)
    content = site / "content"
    briefings = str(Path(PYTHON).with_name("briefings"))
    caches = {"local": work / "local.sqlite", "cluster": work / "cluster.sqlite"}
    commands = {
        "local": lambda cache: [PYTHON, "-c", LOCAL_POOL, str(content), str(cache), str(CLUSTER_WORKERS)],
        "cluster": lambda cache: [briefings, "annotate", "--cluster", f"local:{CLUSTER_WORKERS}", "--cache",
                                  str(cache), str(content)],
    }
    timings: dict[str, list[tuple[float, float]]] = {"local": [], "cluster": []}
    summary = ""
    for number in range(runs):
        for name in (("local", "cluster") if number % 2 == 0 else ("cluster", "local")):
            caches[name].unlink(missing_ok=True)
            seconds, cpu, errors = cpu_run(commands[name](caches[name]), site)
            timings[name].append((seconds, cpu))
            if name == "cluster":
                summary = errors.strip().splitlines()[-1]
    local, clustered = annotation_rows(caches["local"]), annotation_rows(caches["cluster"])
    # The client's own part: reading and cleaning each source.
    start = time.process_time()
    for path, problem in sources_under([content]):
        if problem is None:
            read_source(path)
    reading = (time.process_time() - start) / len(articles)
    outputs = {}
    for name, cache in caches.items():
        clean(site)
        (site / "cache").mkdir()
        shutil.copy(cache, site / "cache" / "annotations.sqlite")
        build(site)
        after = annotation_rows(site / "cache" / "annotations.sqlite")
        if len(after) != len(annotation_rows(cache)):
            raise RuntimeError(f"the build after the {name} annotation annotated more articles")
        outputs[name] = work / f"output-{name}"
        shutil.move(site / "output", outputs[name])
    match = re.search(r"([\d.]+) worker CPU s per article", summary)
    return {
        "articles": len(local),
        "local": (median([t for t, _ in timings["local"]]), median([c for _, c in timings["local"]])),
        "cluster": (median([t for t, _ in timings["cluster"]]), median([c for _, c in timings["cluster"]])),
        "same_entries": local == clustered,
        "differing_pages": same_tree(outputs["local"], outputs["cluster"]),
        "pages": sum(len(files) for _, _, files in os.walk(outputs["local"])),
        "reading": reading,
        "summary": summary,
        "worker_cpu": float(match[1]) if match else None,
        "load": os.getloadavg(),
    }


def print_cluster(f: dict, runs: int) -> None:
    (local_s, local_cpu), (cluster_s, cluster_cpu) = f["local"], f["cluster"]
    n = f["articles"]
    print(f"\n{n} BBC articles annotated, {CLUSTER_WORKERS} workers each, median of {runs} runs in turns "
          f"(load average now {f['load'][0]:.1f}, {f['load'][1]:.1f}, {f['load'][2]:.1f} on {os.cpu_count()} cores)")
    print(f"{'':34}{'seconds':>9}  {'art./s':>7}  {'CPU s/art.':>10}")
    print(f"{'local process pool':34}{local_s:9.1f}  {n / local_s:7.1f}  {local_cpu / n:10.3f}")
    print(f"{'Dask LocalCluster':34}{cluster_s:9.1f}  {n / cluster_s:7.1f}  {cluster_cpu / n:10.3f}")
    print(f"throughput ratio cluster / local pool: {local_s / cluster_s:.2f} (bar: >= 0.9)")
    print(f"caches identical entry for entry: {'yes' if f['same_entries'] else 'NO'}")
    differ = f["differing_pages"]
    print(f"sites built from each cache identical: {'yes' if not differ else 'NO'} ({f['pages']} files"
          + (f"; differing: {', '.join(differ[:5])}" if differ else "") + ")")
    print(f"last cluster run: {f['summary']}")
    per_worker = 1 / f["worker_cpu"]
    print(f"cost model: {f['worker_cpu']:.3f} worker CPU s per article (the batches alone) = {per_worker:.1f} "
          f"articles per worker-second (a worker is a core); the client reads {f['reading'] * 1000:.1f} ms per "
          "article")
    hours = 1_000_000 / per_worker / 3600
    print(f"one million articles: {hours:.0f} worker-hours; on 64 workers {hours / 64 * 60:.0f} min, on 256 "
          f"{hours / 256 * 60:.0f} min; one client reads them in {1_000_000 * f['reading'] / 60:.0f} min")


def _as_read(number: int, title: str, text: str) -> Article:
    """The article the readers make of the site's file ``number`` (see
    :func:`write_site`): its annotations are cached under this one's key."""
    return Article(title=title, text=text, date=article_date(number), slug=f"article-{number}")


def _check_as_read(site: Path, title: str, text: str) -> None:
    path = site / "content" / "00000.txt"
    read = parse_article(decode(path.read_bytes(), path), path, warn=False)
    if article_key(read) != article_key(_as_read(0, title, text)):
        raise RuntimeError(f"{path}: the readers no longer read the bench's files as it expects")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build benchmark on the BBC corpus.")
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--articles", type=int, default=2225, help="how many articles (default: all 2,225)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is printed)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scale", action="store_true", help="also warm builds of 2,000 and 20,000 articles")
    parser.add_argument("--cluster", action="store_true",
                        help="also the corpus annotated on a two-worker Dask LocalCluster against the local pool")
    parser.add_argument("--cluster-only", action="store_true", help="only that")
    parser.add_argument("--cluster-runs", type=int, default=2, help="runs of each for --cluster (default: 2)")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        sys.exit(f"no BBC data at {args.folder}")

    with tempfile.TemporaryDirectory(prefix="briefings-bench-") as temporary:
        work = Path(temporary)
        if args.cluster_only:
            print_cluster(cluster(args.folder, args.articles, args.cluster_runs, work), args.cluster_runs)
            return
        articles = load_corpus(args.folder, args.articles)
        f = measure(articles, args.runs, args.processes, work)
        floor = f["spacy"] + f["plain"]
        print(f"{len(articles)} BBC articles, {args.processes} processes, median of {args.runs} runs\n")
        print(f"{'':34}{'seconds':>9}  {'ratio':>6}  bar")
        print(f"{'plain Pelican (baseline)':34}{f['plain']:9.1f}")
        print(f"{'spaCy alone':34}{f['spacy']:9.1f}")
        print(f"{'cold build':34}{f['cold']:9.1f}  {f['cold'] / floor:6.2f}  <= 1.3 x (spaCy alone + plain Pelican)")
        print(f"{'warm build':34}{f['warm']:9.1f}  {f['warm'] / f['plain']:6.2f}  <= 1.2 x plain Pelican")
        changed = f"{f['changed']:9.1f}  {f['changed'] / f['plain']:6.2f}"
        print(f"{'one article changed':34}{changed}  <= 0.8 x plain Pelican")
        print(f"{'peak memory of a cold build (MB)':34}{f['memory']:9.0f}")
        if args.scale:
            # The small build takes seconds: more runs steady its median.
            (small, small_s, small_mb), (large, large_s, large_mb) = scale(args.folder, args.processes,
                                                                           max(args.runs, 5), work)
            print(f"\nwarm build, {small:,} articles: {small_s:.1f} s, peak {small_mb:.0f} MB")
            print(f"warm build, {large:,} articles: {large_s:.1f} s, peak {large_mb:.0f} MB")
            print(f"ratio {large_s / small_s:.2f} (bar: < 10), peak memory bar: < 2048 MB")
        if args.cluster:
            print_cluster(cluster(args.folder, args.articles, args.cluster_runs, work), args.cluster_runs)


if __name__ == "__main__":
    main()
