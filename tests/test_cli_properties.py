"""The command line over generated content folders (hypothesis): odd names,
links good and hostile, symbolic links, named pipes, front matter, drafts,
duplicate titles and slugs, broken files. Whatever the content, each
command

- ends without a traceback;
- exits non-zero exactly when it reported an error;
- changes no file outside output/ and .cache/ but the briefings that
  ``import`` and ``new`` write (never one an author edited, unless
  ``--force``), and nothing outside the site's folder;
- writes no page with an address that would run in the reader's browser,
  and publishes nothing from outside the content folder.

The examples are few, and the same on every run (each builds a site
several times); articles are a sentence or two, annotated in this process
with the model loaded once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.briefing_markdown import is_untouched
from briefings.cli import main as briefings
from scratch import changed, make_site, snapshot

SECRET = "The launch code is swordfish."
SENTENCES = [
    "Sergei Ryabkov met Wendy Sherman in Geneva on Monday, officials said.",
    "“We will not give up,” Ryabkov told reporters on Jan. 10.",
    "NATO said the alliance would meet in Brussels next week.",
    "The talks <script>alert(1)</script> ended & began again.",
    "Prices rose 3% last year, the ministry said.",
]
TITLES = ["Talks in Geneva", "Talks in Geneva", "<b>Bold</b> & “quoted”", "../../etc/passwd", "日内瓦会谈",
          "A " + "very " * 40 + "long title", "Generated: not a header"]
DATES = ["2022-01-10", "2021-12-29", "0001-01-01", "9999-12-31", "2021-02-30", "next week"]
SLUGS = ["../../escape", "talks-in-geneva", "same", "/etc/passwd", "..", ""]
NAMES = ["talks", "Talks In Geneva", "ünïcødé", "-dash", "..dots", "with;semicolon", "quote'd", "日内瓦",
         "%41", "x" * 120, "same", "new\nline", "esc\x1b[31mape", "<b>tag</b>", "{filename}"]
LINKS = [
    "[a link](https://example.org/)", "[mail](mailto:desk@example.org)", "[x]({alert}javascript:alert(1))",
    "[x](javascript:alert(1))", "[x](data:text/html,<b>x</b>)", "[x]({index}javascript:alert(1))",
    "[another]({filename}talks.md)", "[gone]({filename}gone.md)", "[up]({filename}../../secret.md)",
    "![img]({static}../../secret.png)", "<vbscript:msgbox(1)>", "[x]({filename}//evil.example/x)",
]


@st.composite
def raw_articles(draw) -> bytes:
    header = []
    if draw(st.booleans()):
        header.append(f"Title: {draw(st.sampled_from(TITLES))}")
    if draw(st.booleans()):
        header.append(f"Date: {draw(st.sampled_from(DATES))}")
    if draw(st.booleans()):
        header.append(f"Slug: {draw(st.sampled_from(SLUGS))}")
    if draw(st.booleans()):
        header.append(f"URL: {draw(st.sampled_from(['https://example.org/a', 'javascript:alert(1)']))}")
    body = "\n\n".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=2)))
    text = ("\n".join(header) + "\n\n" if header else "") + body + "\n"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "cp1252"]))
    return text.encode(encoding, errors="replace")


@st.composite
def markdown_briefings(draw) -> str:
    front = [f"Title: {draw(st.sampled_from(TITLES))}"]
    if draw(st.booleans()):
        front.append(f"Date: {draw(st.sampled_from(DATES))}")
    if draw(st.booleans()):
        front.append(f"Status: {draw(st.sampled_from(['draft', 'hidden', 'published', 'bogus']))}")
    if draw(st.booleans()):
        front.append(f"Slug: {draw(st.sampled_from(SLUGS))}")
    if draw(st.integers(0, 4)) == 0:
        front.append(draw(st.sampled_from(["Save_as: ../../../pwned.html", "Template: ../../x", "URL: javascript:x",
                                           "Generated: sha256:0 players:zz from:../../secret.md",
                                           "Summary: <script>alert(1)</script>", "Tags: <i>x</i>, ../.., ,",
                                           "Authors: <script>alert(1)</script>"])))
    sentences = draw(st.lists(st.sampled_from(SENTENCES + LINKS), min_size=1, max_size=3))
    text = "\n".join(front) + "\n\n## Article\n\n" + "\n\n".join(sentences) + "\n"
    if draw(st.booleans()):
        text += "\n## Read more\n\n" + "\n".join(f"- {link}" for link in draw(
            st.lists(st.sampled_from([link for link in LINKS if link.startswith("[")]), min_size=1, max_size=2)))
    return text + "\n"


@st.composite
def content_trees(draw) -> list[tuple[str, str, object]]:
    """(kind, path under content/, data) of each entry."""
    entries = []
    for _ in range(draw(st.integers(1, 3))):
        entries.append(("file", f"raw/{draw(st.sampled_from(NAMES))}.txt", draw(raw_articles())))
    for _ in range(draw(st.integers(0, 2))):
        entries.append(("file", f"briefings/{draw(st.sampled_from(NAMES))}.md", draw(markdown_briefings())))
    if draw(st.booleans()):
        entries.append(("file", "pages/about.md", f"Title: About\n\n{draw(st.sampled_from(LINKS))}\n"))
    specials = draw(st.lists(st.sampled_from(["empty", "binary", "fifo", "link-inside", "link-outside",
                                              "link-dangling", "loop", "link-folder-outside", "html", "rst"]),
                             max_size=3))
    for special in specials:
        name = draw(st.sampled_from(NAMES))
        entries.append((special, f"raw/{special}-{name}.txt", None))
    return entries


def _lay_out(site: Path, entries) -> list[str]:
    """Write the entries into the site's content folder; returns the raw
    articles' paths (relative to the site)."""
    content = site / "content"
    raws = []
    for kind, relative, data in entries:
        path = content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        made = {"loop": path.with_suffix(""), "link-folder-outside": path.with_suffix(""),
                "html": path.with_suffix(".html"), "rst": path.with_suffix(".rst")}.get(kind, path)
        if os.path.lexists(made):
            continue  # drawn twice
        if kind == "file":
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        elif kind == "empty":
            path.write_bytes(b"")
        elif kind == "binary":
            path.write_bytes(bytes(range(256)) * 8)
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link-inside":
            os.symlink(os.path.relpath(raws[0], "content/raw") if raws else "../pages/about.md", path)
        elif kind == "link-outside":
            os.symlink(site.parent / "secret.md", path)
        elif kind == "link-dangling":
            os.symlink(site.parent / "nothing-here.txt", path)
        elif kind == "loop":
            os.symlink(".", path.with_suffix(""))
        elif kind == "link-folder-outside":
            os.symlink(site.parent, path.with_suffix(""))
        elif kind == "html":
            path.with_suffix(".html").write_text(
                "<html><head><title>Evil</title><meta name='date' content='2022-01-01'></head><body>"
                "<script>alert(1)</script><a href='javascript:alert(2)'>x</a></body></html>", encoding="utf-8")
        elif kind == "rst":
            path.with_suffix(".rst").write_text(
                "Evil\n####\n\n:date: 2022-01-01\n\n.. raw:: html\n\n   <script>alert(3)</script>\n", encoding="utf-8")
        if relative.startswith("raw/") and relative.endswith(".txt"):
            raws.append(os.path.join("content", relative))
    return raws


class _Messages(logging.Handler):
    """The errors a command logs (what a terminal shows of them)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.errors: list[str] = []
        self.tracebacks: list[str] = []

    def emit(self, record):
        self.errors.append(record.getMessage())
        if record.exc_info:
            self.tracebacks.append(record.getMessage())


_BAD_ADDRESS = re.compile(r"""\s(?:href|src|action|poster)\s*=\s*["']?\s*(?:javascript|vbscript|data|file):""",
                          re.IGNORECASE)


def _run(arguments: list[str], capsys) -> tuple[int, list[str], str]:
    """Run a command: its exit code, its errors, and all it printed."""
    messages = _Messages()
    logging.getLogger().addHandler(messages)
    try:
        code = briefings(arguments)
    finally:
        logging.getLogger().removeHandler(messages)
    printed = capsys.readouterr()
    assert messages.tracebacks == [], (arguments, messages.tracebacks)
    errors = messages.errors + [line for line in printed.err.splitlines() if line.startswith("error:")]
    return code, errors, printed.out + printed.err


#: More examples, drawn at random, for a deeper search than the suite's
#: (e.g. BRIEFINGS_EXAMPLES=200 .venv/bin/python -m pytest tests/test_cli_properties.py).
EXAMPLES = os.environ.get("BRIEFINGS_EXAMPLES")


@settings(max_examples=int(EXAMPLES or 10), deadline=None, derandomize=not EXAMPLES,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(entries=content_trees(), force=st.booleans(),
       last=st.sampled_from(["publish-output", "publish-content", "publish-briefings", "publish-root",
                             "publish-readme", "publish-tests", "new", "annotate"]))
def test_the_command_line_over_generated_content(tmp_path_factory, capsys, nlp, entries, force, last):
    root = tmp_path_factory.mktemp("tree")
    (root / "secret.md").write_text(f"Title: Secret\n\n{SECRET}\n", encoding="utf-8")
    (root / "secret.png").write_bytes(b"\x89PNG secret")
    site = make_site(root / "site")
    raws = _lay_out(site, entries)
    commands = [["build"], ["import", *raws, *(["--force"] if force else [])], ["build"]]
    commands.append({
        "publish-output": ["build", "--publish", "--output", "output"],
        "publish-content": ["build", "--publish", "--output", "content"],
        "publish-briefings": ["build", "--publish", "--output", "content/briefings"],
        "publish-root": ["build", "--publish", "--output", "."],
        "publish-readme": ["build", "--publish", "--output", "README.md"],
        "publish-tests": ["build", "--publish", "--output", "tests"],
        "new": ["new", TITLES[len(entries) % len(TITLES)]],
        "annotate": ["annotate", *raws],
    }[last])
    with contextlib.chdir(site):
        for arguments in commands:
            before = snapshot(root)
            code, errors, printed = _run(arguments, capsys)
            assert "Traceback" not in printed, (arguments, printed)
            assert all("\n" not in error and "\x1b" not in error for error in errors), errors
            assert (code != 0) == bool(errors), (arguments, code, errors)
            after = snapshot(root)
            for path in changed(before, after):
                _assert_may_change(path, before, after, arguments)
    for page in (site / "output").rglob("*"):
        if page.is_file() and page.suffix in (".html", ".xml", ".json"):
            text = page.read_text(encoding="utf-8", errors="replace")
            assert SECRET not in text and "swordfish" not in text, page
            if page.suffix == ".html":
                assert not _BAD_ADDRESS.search(text), page
                assert "<script>alert" not in text and "<i>x</i>" not in text, page
    assert not [path for path in (site / "output").rglob("secret*")]


def _assert_may_change(path: str, before: dict, after: dict, arguments: list[str]) -> None:
    """Only output/ and .cache/ change, and the briefings import and new write."""
    parts = path.split("/")
    assert parts[0] == "site", (path, arguments)
    if parts[1] in ("output", ".cache"):
        return
    assert arguments[0] in ("import", "new"), (path, arguments)
    assert parts[1:3] == ["content", "briefings"] and len(parts) == 4 and path.endswith(".md"), (path, arguments)
    assert isinstance(after.get(path), bytes), (path, arguments)
    old = before.get(path)
    if old is None:
        return  # a new briefing
    assert arguments[0] == "import", (path, arguments)
    assert "--force" in arguments or is_untouched(old.decode("utf-8")), (path, arguments)
