"""``briefings serve``: the site is rebuilt in the server's process on every
change, open pages reload, and the files on disk are a build's.

The server runs in threads of the test on a free port; each edit waits for
the rebuild it starts (its generation), never for a time."""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import briefings.batch
from briefings.annotate.nlp import load_nlp
from briefings_site import serve
from site_build import ErrorLog, build_site, copy_example_content, site_settings

ROOT = Path(__file__).resolve().parent.parent
CUBA_SOURCE = "briefings/cuban-missile-crisis-1962.md"
CUBA_PAGE = "briefings/the-cuban-missile-crisis-the-showdown-moscow-keeps-invoking/index.html"
NATO_SOURCE = "raw/nato-russia-council-brussels.txt"
NATO_PAGE = "briefings/nato-russia-council-meets-for-the-first-time-since-2019/index.html"
#: Long enough for any rebuild on a loaded machine: a deadline, not a timing.
REBUILD_DEADLINE = 600


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _edit_and_wait(site: serve.Site, path: Path, text: str) -> serve.Outcome:
    """Write ``text`` to ``path`` (None: remove it) and wait for the rebuild
    it starts."""
    since = site.generation
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    assert site.wait(since, REBUILD_DEADLINE) != since, "no rebuild followed the edit"
    return site.last


def _add_to_article(path: Path, sentence: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert "## Article\n" in text
    return text.replace("## Article\n", f"## Article\n\n{sentence}\n", 1)


@pytest.fixture
def served(tmp_path, monkeypatch):
    """The example site, built and served with live reload: (site, its
    root, the base URL, the pools started, the errors logged)."""
    content = copy_example_content(tmp_path / "content")
    pools = []
    real_pool = briefings.batch._pool
    monkeypatch.setattr(briefings.batch, "_pool", lambda processes: pools.append(processes) or real_pool(processes))
    reports: list[str] = []
    site = serve.Site(lambda: site_settings(content, tmp_path / "output", tmp_path / "cache"), report=reports.append)
    site.reports = reports
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    try:
        assert site.build().ok, reports
        with serve.Running(site).start() as running:
            yield site, tmp_path, f"http://127.0.0.1:{running.port}", pools, errors.messages
    finally:
        logging.getLogger().removeHandler(errors)


def test_edits_under_the_server_show_on_disk_and_over_http_and_match_a_build(served):
    site, root, base, pools, errors = served
    content, output = root / "content", root / "output"
    page = output / CUBA_PAGE
    url = f"{base}/{CUBA_PAGE.removesuffix('index.html')}"
    pools.clear()  # the first build may annotate on all cores; the rebuilds must not start a pool

    # A word, then a new quote sentence: each on disk and over HTTP.
    outcome = _edit_and_wait(site, content / CUBA_SOURCE, _add_to_article(
        content / CUBA_SOURCE, "Historians in Zanzibarville still argue about the blockade."))
    assert outcome.ok, site.reports
    assert "Zanzibarville" in page.read_text(encoding="utf-8")
    assert b"Zanzibarville" in _get(url)[1]
    quote = "“We were eyeball to eyeball with the Quuxolotl committee,” Dean Rusk told reporters on Monday."
    assert _edit_and_wait(site, content / CUBA_SOURCE, _add_to_article(content / CUBA_SOURCE, quote)).ok
    shown = page.read_text(encoding="utf-8")
    assert "Quuxolotl" in shown and "Zanzibarville" in shown
    assert b"Quuxolotl" in _get(url)[1]

    # The model was loaded once, in the server, and the edits annotated there.
    assert load_nlp.cache_info().currsize == 1
    assert pools == []

    # A deleted briefing: its page is gone, on disk and over HTTP.
    assert (output / NATO_PAGE).is_file()
    assert _edit_and_wait(site, content / NATO_SOURCE, None).ok
    assert not (output / NATO_PAGE).exists()
    assert _get(f"{base}/{NATO_PAGE}")[0] == 404

    # What the server wrote is what a build of the same sources writes.
    fresh = root / "fresh"
    assert build_site(content, fresh, root / "fresh-cache") == []
    comparison = filecmp.dircmp(output, fresh, ignore=["pagefind"])
    _assert_same_tree(comparison)
    assert not errors


def _assert_same_tree(comparison: filecmp.dircmp) -> None:
    assert comparison.left_only == [] and comparison.right_only == [], comparison.report()
    _, mismatch, trouble = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
    assert mismatch == [] and trouble == [], (comparison.left, mismatch)
    for sub in comparison.subdirs.values():
        _assert_same_tree(sub)


def test_a_bad_edit_is_reported_and_keeps_the_last_good_page(served):
    site, root, base, _, errors = served
    content, page = root / "content", root / "output" / CUBA_PAGE
    before = page.read_bytes()
    bad = "Title: The Cuban missile crisis\nDate: the fourteenth of Octember\n\n## Article\n\nText.\n"
    outcome = _edit_and_wait(site, content / CUBA_SOURCE, bad)
    assert not outcome.ok and outcome.stopped is None and outcome.problems >= 1
    assert any(CUBA_SOURCE in message for message in errors), errors  # the build names the file
    assert any("problem(s) above" in line for line in site.reports)
    assert page.read_bytes() == before
    assert _get(f"{base}/{CUBA_PAGE.removesuffix('index.html')}")[0] == 200
    # Fixed, it builds again, and the page follows.
    errors.clear()
    fixed = _add_to_article(ROOT / "content" / CUBA_SOURCE, "Fixed in Quillborough.")
    assert _edit_and_wait(site, content / CUBA_SOURCE, fixed).ok
    assert "Quillborough" in page.read_text(encoding="utf-8")
    assert not errors


def test_pages_are_served_with_the_reload_script_that_the_files_do_not_hold(served):
    site, root, base, _, _ = served
    for address, file in (("/", "index.html"), (f"/{CUBA_PAGE}", CUBA_PAGE),
                          (f"/{CUBA_PAGE.removesuffix('index.html')}", CUBA_PAGE)):
        status, body = _get(base + address)
        on_disk = (root / "output" / file).read_bytes()
        assert status == 200
        assert serve.RELOAD_PATH.encode() not in on_disk
        assert body == serve.with_reload_script(on_disk, site.generation)
        assert body.index(serve.RELOAD_PATH.encode()) < body.rindex(b"</body>")
    # Other files are served as they are.
    status, body = _get(f"{base}/briefings.json")
    assert status == 200 and body == (root / "output" / "briefings.json").read_bytes()
    # The poll: the generation now, at once when it is not the one asked about.
    status, body = _get(f"{base}{serve.RELOAD_PATH}?since={site.generation + 5}")
    assert status == 200 and body == f'{{"generation": {site.generation}}}'.encode()
    since = site.generation
    _edit_and_wait(site, root / "content" / CUBA_SOURCE,
                   _add_to_article(root / "content" / CUBA_SOURCE, "A line for the reload."))
    assert _get(f"{base}{serve.RELOAD_PATH}?since={since}")[1] == f'{{"generation": {since + 1}}}'.encode()


def test_the_watcher_sees_added_written_and_removed_files_but_not_scratch_files(tmp_path):
    (tmp_path / "a.md").write_text("one", encoding="utf-8")
    first = serve.snapshot([tmp_path])
    (tmp_path / ".a.md.swp").write_text("scratch", encoding="utf-8")
    (tmp_path / "a.md~").write_text("backup", encoding="utf-8")
    assert serve.snapshot([tmp_path]) == first
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("two", encoding="utf-8")
    second = serve.snapshot([tmp_path])
    assert set(second) - set(first) == {str(tmp_path / "sub" / "b.txt")}
    (tmp_path / "a.md").write_text("one, longer", encoding="utf-8")
    assert serve.snapshot([tmp_path])[str(tmp_path / "a.md")] != second[str(tmp_path / "a.md")]
    (tmp_path / "a.md").unlink()
    assert str(tmp_path / "a.md") not in serve.snapshot([tmp_path])


def test_briefings_serve_builds_serves_and_stops(tmp_path):
    site = tmp_path / "site"
    copy_example_content(site / "content")
    shutil.copy(ROOT / "pelicanconf.py", site / "pelicanconf.py")
    for folder in ("theme", "plugins"):
        os.symlink(ROOT / folder, site / folder)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with open(tmp_path / "stderr.txt", "wb") as stderr:
        server = subprocess.Popen([sys.executable, "-m", "briefings.cli", "serve", "--port", str(port)],
                                  cwd=site, stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        for line in server.stdout:  # Pelican's summary of the first build, then the server's line
            if line.startswith("Serving"):
                break
        assert line.startswith(f"Serving output/ at http://localhost:{port}/"), (tmp_path / "stderr.txt").read_text()
        status, body = _get(f"http://127.0.0.1:{port}/")
        on_disk = (site / "output" / "index.html").read_bytes()
        assert status == 200 and body == serve.with_reload_script(on_disk, 1)
    finally:
        server.terminate()
        server.wait(timeout=60)
