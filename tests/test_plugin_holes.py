"""Holes of the second hostile round that lay in the site plugin (each
test failed before its fix):

- The last check of every page (``safe_urls``) looked for address
  attributes with a pattern run over the whole tag, values included: the
  words ``href=javascript:…`` inside another attribute's value (a timeline
  entry in a picture's ``aria-label``, a role in a ``meta`` description)
  were "replaced" by ``href="#"``, whose quotes ended that value early,
  and the rest of the words became attributes of their own: ``onfocus=…
  autofocus`` ran a script on opening the page.
- A build into a folder that held files no build of the site wrote
  overwrote them (an ``index.html`` of one's own), and took the folder
  for its own: the next build for publishing emptied it.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from briefings.cli import main as briefings
from briefings_site.writing import safe_urls
from scratch import ARTICLE, make_site
from site_build import briefing_dir, build_site, soup

#: Words of an author (or of a raw article) that spell attributes.
SPELLS_ATTRIBUTES = "Talks ended href=javascript:void onfocus=alert(document.domain) autofocus tabindex=0 x."


@pytest.mark.parametrize("html", [
    f'<a class="bp-mark" href="#event-1" aria-label="5 January 2022: {SPELLS_ATTRIBUTES}">1</a>',
    '<meta name="description" content="Ryabkov, as role &#34;onmouseover=alert(9) href=javascript:alert(10)&#34;">',
    "<img alt='a src=data:x onerror=alert(1)' src=\"map.png\">",
])
def test_safe_urls_reads_no_address_inside_another_attributes_value(html):
    before = BeautifulSoup(html, "html.parser").find(True).attrs
    after = BeautifulSoup(safe_urls(html, "page.html"), "html.parser").find(True).attrs
    assert after == before


def test_a_timeline_entry_never_becomes_attributes_of_the_page(tmp_path, nlp):
    briefing = ("Title: Geneva talks end\nDate: 2022-01-05\n\n## Timeline\n\n"
                f"- **2022-01-05** (today): {SPELLS_ATTRIBUTES}\n\n## Article\n\n"
                "Talks ended in Geneva on January 5, 2022.\n")
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE, "content/briefings/end.md": briefing})
    build_site(site / "content", site / "output", site / ".cache")
    page = soup(briefing_dir(site / "output", "geneva-talks-end") / "index.html")
    marks = page.select("a.bp-mark")
    assert marks and all(set(mark.attrs) == {"class", "href", "aria-label"} for mark in marks)
    assert all(SPELLS_ATTRIBUTES in mark["aria-label"] for mark in marks)


def test_a_build_never_takes_a_folder_of_other_files_for_its_output(tmp_path, monkeypatch, capsys):
    site = make_site(tmp_path / "site", {"content/raw/talks.txt": ARTICLE})
    docs = site / "docs"
    docs.mkdir()
    (docs / "index.html").write_text("<p>The project's own documentation.</p>\n", encoding="utf-8")
    (docs / "notes.txt").write_text("Notes.\n", encoding="utf-8")
    monkeypatch.chdir(site)
    first = briefings(["build", "--output", "docs"])
    then = briefings(["build", "--publish", "--output", "docs"])
    assert (docs / "notes.txt").is_file()
    assert (docs / "index.html").read_text(encoding="utf-8") == "<p>The project's own documentation.</p>\n"
    assert first == 1 and then == 1
