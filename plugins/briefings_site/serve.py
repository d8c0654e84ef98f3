"""``briefings serve``: build the site, serve it on localhost, and rebuild it
in this same process whenever a source changes, with the pages open in a
browser reloading themselves once the rebuild is done.

What a rebuild keeps from the last one, in memory:

- the spaCy model: loaded once, after the first build (see :func:`preload`),
  so that the pre-pass annotates the few articles an edit changed here, at
  once, rather than in a worker that loads the model again on every edit
  (``briefings.batch.early_worker`` starts none when this process has it);
  the many articles of a large change go to a pool forked from this
  process, which has the model already;
- everything else a rebuild needs is what ``briefings build`` keeps between
  builds (the annotation cache, the readers' cache, Read more's word counts,
  the compiled templates, the render keys): each rebuild is a fresh Pelican
  with fresh settings and a fresh ``Build``, exactly as a ``briefings build``
  run, so the files it writes are the same, byte for byte.

The server never writes into the output folder: the live-reload script is
added to an HTML page as it is sent (:class:`Handler`), and asks
``/__briefings_reload`` whether a rebuild has finished since the page was
served. A source that cannot be read is reported on one line (its file and
line) by the build, which keeps that briefing's last good page; a rebuild
that stops altogether is reported on one line, and the pages already
written are served until the next change.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import io
import json
import logging
import os
import re
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from briefings.errors import BriefingError, printable

log = logging.getLogger(__name__)

#: The address the pages poll for the end of a rebuild.
RELOAD_PATH = "/__briefings_reload"
#: How long a poll waits for a rebuild before it answers "no change" (the
#: page then asks again).
POLL_WAIT = 20.0
#: How often the sources are looked at, in seconds.
WATCH_EVERY = 0.1
#: Editors' scratch files: not sources, and no reason to rebuild.
_SCRATCH = re.compile(r"(^\.|~$|^#.*#$|\.sw[a-p]$|^4913$)")

#: Added before ``</body>`` of every HTML page served (never written to disk).
#: It asks whether the site was rebuilt since generation ``{generation}``,
#: and reloads the page when it was; the server holds the question until a
#: rebuild ends or POLL_WAIT passes.
RELOAD_SCRIPT = """<script>/* added by briefings serve, not in the built page */
(function () {{
  var seen = {generation};
  function ask() {{
    fetch("{path}?since=" + seen, {{cache: "no-store"}})
      .then(function (answer) {{ return answer.json(); }})
      .then(function (state) {{
        if (state.generation !== seen) {{ location.reload(); }} else {{ ask(); }}
      }})
      .catch(function () {{ setTimeout(ask, 1000); }});
  }}
  ask();
}})();
</script>
"""


# --- the sources watched ---------------------------------------------------------


def snapshot(roots: Iterable[str | os.PathLike]) -> dict[str, tuple[int, int]]:
    """Every file under ``roots`` (folders or files), with its modification
    time and size: two snapshots differ when a file was added, removed or
    written. Editors' scratch files and hidden folders are left out; links
    are not followed (the build reads regular files only)."""
    found: dict[str, tuple[int, int]] = {}
    for root in roots:
        root = os.fspath(root)
        try:
            info = os.stat(root)
        except OSError:
            continue
        if not os.path.isdir(root):
            found[root] = (info.st_mtime_ns, info.st_size)
            continue
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if _SCRATCH.search(entry.name):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                        continue
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                found[entry.path] = (info.st_mtime_ns, info.st_size)
    return found


def watched(settings, settings_files: Iterable[str] = ()) -> list[str]:
    """What a rebuild follows: the content folder, the theme (when it is a
    folder of the site's) and the settings files."""
    roots = [settings["PATH"]]
    theme = settings.get("THEME")
    if theme and os.path.isdir(theme):
        roots.append(theme)
    roots.extend(os.path.abspath(name) for name in settings_files)
    return roots


# --- one build --------------------------------------------------------------------


@dataclass
class Outcome:
    """How one build ended: the problems it logged (each reported by the
    build as it met it), or the one that stopped it."""

    problems: int = 0
    stopped: str | None = None
    seconds: float = 0.0
    changed: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.stopped is None


class _Counter(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


def build(settings, keep_pages_on_error: bool = False) -> Outcome:
    """Build the site once with a fresh Pelican (as ``briefings build``),
    reporting what stopped it as one line rather than raising. With
    ``keep_pages_on_error``, a build that logs an error removes no page."""
    from pelican import Pelican

    from briefings_site import folders

    counter = _Counter()
    logging.getLogger().addHandler(counter)
    outcome = Outcome()
    began = time.perf_counter()
    try:
        try:
            pelican = Pelican(settings)
            pelican.briefings_build.keep_pages_on_error = keep_pages_on_error
            pelican.run()
        finally:
            folders.abandon(settings)  # if it stopped half-way: its folders are free
    except folders.OutputFolderError as error:
        outcome.stopped = str(BriefingError(settings["OUTPUT_PATH"], error.message))
    except BriefingError as error:
        outcome.stopped = str(error)
    except OSError as error:
        where = error.filename if error.filename is not None else settings["OUTPUT_PATH"]
        outcome.stopped = str(BriefingError(where, f"cannot be written ({error.strerror or error}): "
                                                   "the build stopped"))
    except Exception as error:  # a bug: one line here, the rest in the debug log
        log.debug("the build stopped", exc_info=True)
        outcome.stopped = str(BriefingError(None, f"the build stopped ({type(error).__name__}: {error}); "
                                                  "please report it"))
    finally:
        logging.getLogger().removeHandler(counter)
    outcome.problems = counter.count
    outcome.seconds = time.perf_counter() - began
    return outcome


def preload() -> threading.Thread:
    """Load the spaCy model in this process, in the background: from then
    on, a rebuild annotates the articles an edit changed here, with the
    model loaded (see the module's docstring). Join it before a rebuild."""
    def load() -> None:
        from briefings.annotate.nlp import load_nlp

        with contextlib.suppress(Exception):  # a rebuild that needs it meets the failure and reports it
            load_nlp()

    thread = threading.Thread(target=load, name="briefings-model", daemon=True)
    thread.start()
    return thread


# --- the site being served ----------------------------------------------------------


class Site:
    """The site a server builds and rebuilds: ``make_settings`` gives fresh
    settings for each build (the settings file is read again, so an edit of
    it counts), ``settings_files`` are watched with the sources."""

    def __init__(self, make_settings: Callable[[], dict], settings_files: Iterable[str] = (),
                 report: Callable[[str], None] | None = None):
        self.make_settings = make_settings
        self.settings_files = list(settings_files)
        self.report = report or _stderr
        settings = make_settings()
        self.output = os.path.abspath(settings["OUTPUT_PATH"])
        self.roots = watched(settings, self.settings_files)
        self._seen = snapshot(self.roots)
        #: How many builds have finished; the pages served ask for a change of it.
        self.generation = 0
        self._finished = threading.Condition()
        self._model: threading.Thread | None = None
        self.last: Outcome | None = None

    def build(self) -> Outcome:
        """One build, reported; the pages are told it finished."""
        if self._model is not None:
            self._model.join()  # the first rebuild only: the model is loaded once
        try:
            settings = self.make_settings()
        except BriefingError as error:
            outcome = Outcome(stopped=str(error))
        else:
            self.roots = watched(settings, self.settings_files)
            outcome = build(settings, keep_pages_on_error=True)
        self.last = outcome
        self._report(outcome)
        with self._finished:
            self.generation += 1
            self._finished.notify_all()
        return outcome

    def start_model(self) -> None:
        """After the first build: the model, loaded in the background."""
        if self._model is None:
            self._model = preload()

    def changed(self) -> list[str]:
        """The files added, removed or written since last asked (after they
        have stayed the same for a moment: an editor's save is whole)."""
        now = snapshot(self.roots)
        if now == self._seen:
            return []
        while True:  # wait for the writes to settle
            time.sleep(WATCH_EVERY / 2)
            again = snapshot(self.roots)
            if again == now:
                break
            now = again
        changed = sorted(name for name in now.keys() | self._seen.keys() if now.get(name) != self._seen.get(name))
        self._seen = now
        return changed

    def wait(self, since: int, timeout: float) -> int:
        """The generation, once it is not ``since`` or after ``timeout``."""
        with self._finished:
            self._finished.wait_for(lambda: self.generation != since, timeout)
            return self.generation

    def watch(self, stop: threading.Event) -> None:
        """Rebuild on every change until ``stop`` is set."""
        while not stop.wait(WATCH_EVERY):
            changed = self.changed()
            if changed:
                shown = ", ".join(os.path.relpath(name) for name in changed[:3])
                more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
                self.report(printable(f"changed: {shown}{more}; rebuilding"))
                self.build()

    def _report(self, outcome: Outcome) -> None:
        if outcome.stopped is not None:
            self.report(f"error: {printable(outcome.stopped)}")
            self.report("error: the rebuild stopped; serving the pages written so far until the next change")
        elif outcome.problems:
            self.report(f"error: {outcome.problems} problem(s) above; the rest of the site was built "
                        f"in {outcome.seconds:.2f} s (a briefing in error keeps its last good page)")
        else:
            self.report(f"built in {outcome.seconds:.2f} s")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


# --- serving ----------------------------------------------------------------------------


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder; with ``site`` (live reload), adds the
    reload script to each HTML page as it sends it, and answers the pages'
    polls. A reader who leaves mid-answer is no error."""

    site: Site | None = None

    def handle(self):
        with contextlib.suppress(ConnectionError):
            super().handle()

    def log_message(self, format, *args):  # noqa: A002 - the name http.server gives it
        pass  # one line per request would bury the build's reports

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a reload shows the rebuilt file
        super().end_headers()

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if self.site is not None and url.path == RELOAD_PATH:
            return self._answer_poll(url.query)
        return super().do_GET()

    def send_head(self):
        if self.site is None:
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = os.path.join(path, "index.html")
        if not path.endswith((".html", ".htm")):
            return super().send_head()
        try:
            with open(path, "rb") as file:
                page = file.read()
        except OSError:
            return super().send_head()  # its 404, as for any other file
        page = with_reload_script(page, self.site.generation)
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        return io.BytesIO(page)

    def _answer_poll(self, query: str) -> None:
        since = urllib.parse.parse_qs(query).get("since", [""])[0]
        generation = self.site.generation
        if since.isdigit():
            generation = self.site.wait(int(since), POLL_WAIT)
        body = json.dumps({"generation": generation}).encode()
        self.send_response(http.HTTPStatus.OK)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def with_reload_script(page: bytes, generation: int) -> bytes:
    """``page`` with the reload script before its last ``</body>`` (at its
    end if it has none)."""
    script = RELOAD_SCRIPT.format(generation=int(generation), path=html.escape(RELOAD_PATH)).encode()
    at = page.lower().rfind(b"</body>")
    if at < 0:
        return page + script
    return page[:at] + script + page[at:]


def server(output: str, port: int, site: Site | None) -> http.server.ThreadingHTTPServer:
    """An HTTP server of ``output`` on 127.0.0.1 (``port`` 0: any free one);
    OSError or OverflowError if the port cannot be had."""
    handler = type("SiteHandler", (Handler,), {"site": site})

    def make(*args, **kwargs):
        return handler(*args, directory=output, **kwargs)

    made = http.server.ThreadingHTTPServer(("127.0.0.1", port), make)
    made.daemon_threads = True  # a page's open poll does not hold up the end
    return made


class Running:
    """A server of ``site``'s output and, with ``reload``, the watcher that
    rebuilds it: bound at once (a busy port is known before a long build),
    started by :meth:`start`, ended by :meth:`stop` (or as a context)."""

    def __init__(self, site: Site, port: int = 0, reload: bool = True):
        self.site = site
        self.reload = reload
        self.httpd = server(site.output, port, site if reload else None)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> Running:
        self._threads = [threading.Thread(target=self.httpd.serve_forever, name="briefings-http", daemon=True)]
        if self.reload:
            self.site.start_model()
            self._threads.append(threading.Thread(target=self.site.watch, args=(self._stop,),
                                                  name="briefings-watch", daemon=True))
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._threads:
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join()

    def __enter__(self) -> Running:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(make_settings: Callable[[], dict], port: int, settings_files: Iterable[str] = (),
          reload: bool = True) -> int:
    """``briefings serve``: build, serve on 127.0.0.1:``port``, and rebuild
    on every change (unless not ``reload``) until interrupted. Returns the
    exit status."""
    try:
        site = Site(make_settings, settings_files)
    except BriefingError as error:
        _stderr(f"error: {error}")
        return 1
    try:
        running = Running(site, port, reload)
    except OverflowError:
        _stderr(f"error: the port {port} is not a port number (1 to 65535)")
        return 1
    except OSError as error:
        _stderr(f"error: cannot serve on port {port} ({error.strerror or error}): choose another with --port")
        return 1
    with running:
        site.build()
        if not Path(site.output).is_dir():
            return 1  # nothing to serve: the first build stopped before it wrote anything
        running.start()
        shown = os.path.relpath(site.output)
        watching = "; rebuilding on every change" if reload else ""
        print(printable(f"Serving {shown}/ at http://localhost:{running.port}/{watching} (Ctrl-C to stop)"),
              flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
    return 0
