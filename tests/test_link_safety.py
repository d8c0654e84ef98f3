"""No address that runs or loads something in the reader's browser
(``javascript:``, ``vbscript:``, ``data:``…) ever reaches a link or an
image: not from a briefing, a page or a Read more entry, whatever prefix
or spelling carries it, and not from Pelican's resolution of its own
prefixes either. Each is an error naming its line, and the pages are
checked once more as written."""

from __future__ import annotations

import re

import pytest

from briefings.briefing_markdown import parse_markdown
from briefings.errors import BriefingError
from briefings.markup import render_markdown, url_problem
from briefings_site.writing import safe_urls
from scratch import ARTICLE, make_site
from site_build import briefing_dir, build_site, soup

#: Markdown that tries to make a link or an image run a script, with the
#: address that must not be followed.
HOSTILE = {
    "unknown-prefix": "[x]({alert}javascript:alert(1))",
    "unknown-prefix-image": "![x]({x}javascript:alert(1))",
    "known-prefix-then-scheme": "[x]({index}javascript:alert(1))",
    "filename-then-scheme": "[x]({filename}javascript:alert(1))",
    "tag-then-scheme": "[x]({tag}vbscript:msgbox(1))",
    "javascript": "[x](javascript:alert(1))",
    "upper-case": "[x](JaVaScRiPt:alert(1))",
    "entity": "[x](&#x6A;avascript:alert(1))",
    "autolink": "<javascript:alert(1)>",
    "reference": "[x][ref]\n\n[ref]: javascript:alert(1)",
    "vbscript": "[x](vbscript:msgbox(1))",
    "data-html": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "file": "[x](file:///etc/passwd)",
    "protocol-relative-after-prefix": "[x]({filename}//evil.example/x.md)",
}
SAFE = ["[x](https://example.org/a?b=c#d)", "[x](mailto:desk@example.org)", "[x](../other/)", "[x](#section)",
        "[x]({filename}other.md)", "[x]({static}images/map.png)", "[x]({tag}nato)", "[x](/about/)"]

_BAD_ADDRESS = re.compile(r"""(?:href|src)\s*=\s*["']?\s*(?:javascript|vbscript|data|file):""", re.IGNORECASE)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_link_is_an_error_naming_its_line(name):
    text = f"Title: T\nDate: 2022-01-10\n\n## Article\n\nThe talks began on Monday.\n\n{HOSTILE[name]}\n"
    with pytest.raises(BriefingError) as raised:
        parse_markdown(text, "briefing.md")
    assert str(raised.value).startswith("briefing.md:8: the link "), raised.value
    # Rendered all the same (as the reader would), it links nowhere.
    assert not _BAD_ADDRESS.search(render_markdown(HOSTILE[name]))


@pytest.mark.parametrize("markdown", SAFE)
def test_ordinary_links_pass(markdown):
    assert url_problem(re.search(r"\]\((.*)\)", markdown)[1]) is None
    assert "href=" in render_markdown(markdown) or "src=" in render_markdown(markdown)


def test_a_hostile_read_more_entry_is_an_error_naming_its_line():
    text = ("Title: T\nDate: 2022-01-10\n\n## Article\n\nText.\n\n## Read more\n\n"
            "- [Fine](https://example.org/)\n- [Bad]({alert}javascript:alert%281%29)\n")
    with pytest.raises(BriefingError) as raised:
        parse_markdown(text, "briefing.md")
    assert str(raised.value).startswith("briefing.md:11: the link '{alert}"), raised.value


def test_hostile_links_never_reach_a_page_of_the_site(tmp_path, nlp):
    files = {"content/raw/talks.txt": ARTICLE}
    for number, name in enumerate(sorted(HOSTILE)):
        files[f"content/briefings/{name}.md"] = (f"Title: Hostile {name}\nDate: 2022-01-{number + 1:02}\n\n"
                                                 f"## Article\n\nThe talks began.\n\n{HOSTILE[name]}\n")
        files[f"content/pages/{name}.md"] = f"Title: Page {name}\n\n{HOSTILE[name]}\n"
    site = make_site(tmp_path / "site", files)
    errors = build_site(site / "content", site / "output", site / ".cache")
    for name in HOSTILE:
        for folder in ("briefings", "pages"):
            naming = [error for error in errors if f"/{folder}/{name}.md:" in error]
            assert len(naming) == 1 and "the link" in naming[0], (name, folder, errors)
    assert len(errors) == 2 * len(HOSTILE), errors
    pages = list((site / "output").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert not _BAD_ADDRESS.search(page.read_text(encoding="utf-8")), page


def test_every_page_is_checked_as_written_whatever_made_its_addresses(tmp_path, nlp):
    # A theme whose template writes an author's field into a link, as a
    # careless theme might: the page is still written without the address.
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE.replace(
        "Date:", "Source: javascript:alert(document.cookie)\nDate:")})
    template = site / "theme" / "templates" / "article.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block content %}", '{% block content %}<a class="src" '
                                     'href="{{ article.briefing.source }}">source</a>', 1), encoding="utf-8")
    errors = build_site(site / "content", site / "output", site / ".cache", THEME=str(site / "theme"))
    page = briefing_dir(site / "output", "talks-resume-in-geneva") / "index.html"
    assert soup(page).select_one("a.src")["href"] == "#"
    assert len(errors) == 1 and "talks-resume-in-geneva/index.html" in errors[0] and "javascript" in errors[0]


@pytest.mark.parametrize("html, kept", [
    ('<a href="javascript:alert(1)">x</a>', False),
    ("<a HREF='jav&#x61;script:alert(1)'>x</a>", False),
    ('<a href="  java\tscript:alert(1)">x</a>', False),
    ("<img src=data:text/html,x>", False),
    ('<form action="vbscript:x"></form>', False),
    ('<a href="https://example.org/">x</a>', True),
    ('<a href="../../players/">x</a>', True),
    ('<p>the words href=javascript:x, as text</p>', True),
])
def test_safe_urls(html, kept):
    assert (safe_urls(html, "page.html") == html) is kept
