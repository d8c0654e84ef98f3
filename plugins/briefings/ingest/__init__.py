"""Ingest: a raw article file becomes a clean :class:`~briefings.model.Article`.

Steps, in order: decode the bytes, repair the text, split off the optional
header, take the text out of a pasted web page, split paragraphs, drop
boilerplate and promotional lines, turn the byline, the credit lines and the
dateline into metadata, and derive a headline when there is none.  A pasted
page's markup gives the date and the authors when the header does not.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from briefings.errors import BriefingError
from briefings.files import read_regular
from briefings.ingest.boilerplate import strip_boilerplate
from briefings.ingest.dateline import split_dateline
from briefings.ingest.decode import decode
from briefings.ingest.header import parse_date, split_header, split_list
from briefings.ingest.html import html_page
from briefings.ingest.repair import repair_text
from briefings.model import Article

log = logging.getLogger(__name__)

HEADLINE_MAX = 90
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})[.!?](?=\s|$)")


def read_article(path: str | Path, date: dt.date | None = None) -> Article:
    """Read and clean the raw article at ``path``; ``date`` overrides its header."""
    path = Path(path)
    try:
        data = read_regular(path)
    except OSError as error:
        raise BriefingError(path, f"cannot read the file: {error.strerror or error}") from None
    return parse_article(decode(data, path), path, date=date)


def parse_article(text: str, path, date: dt.date | None = None, warn: bool = True) -> Article:
    """Clean an article's decoded ``text`` (``path`` names it in messages;
    ``warn=False`` keeps quiet about a missing date)."""
    fields, body = split_header(repair_text(text), path, check_date=date is None)
    title = fields.get("title", "")
    page = html_page(body, path)
    if page:
        # The page's entities may have hidden damage and control characters.
        headline, body = repair_text(page.headline), repair_text(page.text)
        title = title or " ".join(headline.split())
    paragraphs = split_paragraphs(body)
    if (
        not title
        and len(paragraphs) > 1
        and looks_like_headline(paragraphs[0])
        and split_dateline(paragraphs[0]) is None
    ):
        title = paragraphs.pop(0)
    found = strip_boilerplate(paragraphs)
    paragraphs, authors = found.body, found.authors
    if not paragraphs:
        raise BriefingError(path, "the article has no text after its header and boilerplate")
    if date is None and "date" in fields:
        date = parse_date(fields["date"], path)
    if date is None and page:
        date = page.date  # the page's own markup, when the header gives none
    if not authors and page:
        authors = [repair_text(name) for name in page.authors]
    if date is None and warn:
        log.warning("%s: no publication date (add a 'Date: YYYY-MM-DD' header); relative dates stay unresolved", path)
    if "author" in fields or "authors" in fields:
        authors = split_list(fields.get("author") or fields["authors"])
    return Article(
        title=title or headline_from_lede(paragraphs[0]),
        text="\n\n".join(paragraphs),
        date=date,
        source=fields.get("source") or None,
        url=fields.get("url") or None,
        tags=split_list(fields.get("tags", "")),
        authors=authors,
        contributors=found.contributors,
        slug=fields.get("slug") or None,
        dateline=found.dateline,
    )


def split_paragraphs(body: str) -> list[str]:
    """Paragraphs are blank-line separated; where the text has no blank lines
    at all (as when pasted from a web page), each line is one."""
    body = body.strip()
    if re.search(r"\n\s*\n", body):
        blocks = re.split(r"\n\s*\n", body)
        paragraphs = [" ".join(line.strip() for line in block.split("\n")) for block in blocks]
    else:
        paragraphs = body.split("\n")
    return [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in paragraphs if p.strip()]


def looks_like_headline(paragraph: str) -> bool:
    """A short first line without closing punctuation (as in BBC's files)."""
    return len(paragraph) <= 120 and not paragraph.rstrip().endswith((".", "?", "!", ":", "”", '"'))


def headline_from_lede(lede: str) -> str:
    """The lede's first sentence, or its first clause, cut at a whole word."""
    lede = lede.lstrip(" .,;:!?…-–—")  # "… and then" or a stray mark opens no sentence
    if not lede:
        return "Untitled briefing"
    match = _SENTENCE_END.search(lede)
    sentence = lede[: match.start()] if match else lede
    if len(sentence) <= HEADLINE_MAX:
        return sentence.strip()
    window = sentence[: HEADLINE_MAX + 1]
    clause = max(window.rfind(", "), window.rfind("; "), window.rfind(" — "))
    if clause >= HEADLINE_MAX // 2:
        return window[:clause].strip()
    return window[: window.rfind(" ")].rstrip(",;:—- ") + "…"
