"""Edit-to-page time under ``briefings serve``, on the BBC corpus.

A site of N BBC articles (raw articles, as in bench.py) is built once with
``briefings build`` (the annotation cache warm), then served with
``briefings serve``. Edits of several kinds follow, one at a time; for each,
the time from the end of the write to the change of the page's file on disk
(written anew, created or removed) is measured, and the rebuild's own end
(the server's report) is waited for before the next edit. The first edit
after the server starts also loads the model, and is shown apart; the
median of the others is the figure.

    python -m benchmarks.serve_bench [--count N] [--rounds R]
"""

from __future__ import annotations

import argparse
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench import CORPUS_SIZE, DEFAULT_DIR, PYTHON, ROOT, load_corpus, write_site

#: The settings of the served site: the bench's, read from pelicanconf.py
#: (the name ``briefings serve`` reads), with the project's own settings
#: run rather than imported (the site's file has the same name).
SITE_SETTINGS = """
exec(compile(open({project!r}, encoding="utf-8").read(), {project!r}, "exec"))
{bench}
"""
#: Long enough for any rebuild: a stuck server is an error, not a figure.
DEADLINE = 600.0
QUOTE = "“We will not accept another delay, and neither will our members,” {name} told reporters on Monday."


class Server:
    """``briefings serve`` in the site's folder; its report lines as they come."""

    def __init__(self, site: Path):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen([PYTHON, "-m", "briefings.cli", "serve", "--port", str(self.port)],
                                        cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        for stream in (self.process.stdout, self.process.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, *starts: str) -> str:
        """The next report line that starts with one of ``starts``."""
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                if self.process.poll() is not None:
                    raise RuntimeError("briefings serve ended") from None
                continue
            if line.startswith(starts):
                return line
        raise RuntimeError(f"briefings serve did not report {starts} in {DEADLINE} s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def _state(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_mtime_ns, info.st_size


def edit(server: Server, page: Path, change: Callable[[], None]) -> tuple[float, float]:
    """Seconds from the end of ``change`` to ``page`` changing on disk, and
    to the rebuild's end."""
    before = _state(page)
    change()
    written = time.perf_counter()
    end = written + DEADLINE
    while _state(page) == before:
        if time.perf_counter() > end:
            raise RuntimeError(f"{page} did not change")
        time.sleep(0.002)
    to_page = time.perf_counter() - written
    report = server.wait_for("built in", "error:")
    to_end = time.perf_counter() - written
    if report.startswith("error:"):
        raise RuntimeError(f"the rebuild failed: {report}")
    return to_page, to_end


def _replace_word(path: Path, word: str) -> Callable[[], None]:
    def change() -> None:
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        words = body.split(" ")
        words[len(words) // 2] = word
        path.write_text(f"{header}\n\n{' '.join(words)}", encoding="utf-8")
    return change


def _add_quote(path: Path, name: str) -> Callable[[], None]:
    def change() -> None:
        text = path.read_text(encoding="utf-8").rstrip("\n")
        path.write_text(f"{text}\n\n{QUOTE.format(name=name)}\n", encoding="utf-8")
    return change


def _write(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Edit-to-page time under briefings serve, on the BBC corpus.")
    parser.add_argument("--folder", type=Path, default=DEFAULT_DIR, help="the BBC corpus (bbc/ with its topics)")
    parser.add_argument("--count", type=int, default=CORPUS_SIZE, help=f"articles (default: {CORPUS_SIZE})")
    parser.add_argument("--rounds", type=int, default=2, help="edits of each kind (default: 2)")
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        sys.exit(f"no BBC data at {args.folder}")
    articles = load_corpus(args.folder, args.count)
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as work:
        site = write_site(Path(work) / "site", articles, markdown=False, processes=args.processes)
        bench_settings = (site / "settings.py").read_text(encoding="utf-8")
        bench_settings = bench_settings.replace("from pelicanconf import *", "")
        (site / "pelicanconf.py").write_text(
            SITE_SETTINGS.format(project=str(ROOT / "pelicanconf.py"), bench=bench_settings), encoding="utf-8")
        content = site / "content"
        started = time.perf_counter()
        subprocess.run([PYTHON, "-m", "briefings.cli", "build"], cwd=site, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"{len(articles)} BBC articles; warm cache built in {time.perf_counter() - started:.1f} s")

        server = Server(site)
        try:
            server.wait_for("Serving")
            rows = _edits(server, content, site / "output", articles, args.rounds)
        finally:
            server.stop()
    first, rest = rows[0], rows[1:]
    print(f"\n{'edit':<44} {'to page (s)':>12} {'to rebuilt (s)':>15}")
    for name, to_page, to_end in rows:
        print(f"{name:<44} {to_page:>12.2f} {to_end:>15.2f}")
    print(f"\nfirst edit after the server started (loads the model): {first[1]:.2f} s to its page")
    print(f"edit-to-page under briefings serve, median of {len(rest)} edits: "
          f"{statistics.median(r[1] for r in rest):.2f} s (to the rebuild's end: "
          f"{statistics.median(r[2] for r in rest):.2f} s)")
    print(f"machine load: {os.getloadavg()[0]:.1f} (1 min), {os.cpu_count()} cores")


def _edits(server: Server, content: Path, output: Path, articles: list[tuple[str, str]],
           rounds: int) -> list[tuple[str, float, float]]:
    count = len(articles)

    def source(index: int) -> Path:
        return content / f"{index:05}.txt"

    def page(index: int | str) -> Path:
        return output / "briefings" / f"article-{index}" / "index.html"

    rows = []
    step = max(1, count // (4 * rounds + 2))
    picks = iter(range(0, count, step))
    for round_ in range(rounds):
        kinds = []
        index = next(picks)
        kinds.append((f"a word in article {index}", page(index), _replace_word(source(index), f"Zorblax{round_}")))
        index = next(picks)
        kinds.append((f"a new quote in article {index}", page(index),
                      _add_quote(source(index), ["Maria Keller", "Samuel Okafor"][round_ % 2])))
        new = f"new-{round_}"
        title, text = articles[-1 - round_]  # its text under a new title: a new article to annotate
        kinds.append((f"a new article ({new})", page(new),
                      _write(content / f"{new}.txt",
                             f"Title: {title} (new {round_})\nDate: 2006-06-0{round_ + 1}\nSlug: article-{new}\n\n"
                             f"{text}\n")))
        index = next(picks)
        kinds.append((f"article {index} deleted", page(index), source(index).unlink))
        if round_ == 0:  # the first edit loads the model: a word, again, after it
            index = next(picks)
            kinds.insert(0, (f"a word in article {index} (first edit)", page(index),
                             _replace_word(source(index), "Quillborough")))
        for name, target, change in kinds:
            to_page, to_end = edit(server, target, change)
            rows.append((name, to_page, to_end))
    return rows


if __name__ == "__main__":
    main()
