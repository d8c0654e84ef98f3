"""A whole web page pasted as a raw article: its headline and its text,
without the markup, scripts and navigation around them."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import NamedTuple

from bs4 import BeautifulSoup, Tag
from bs4.builder import ParserRejectedMarkup
from bs4.element import PreformattedString

from briefings.errors import BriefingError

# A page starts with its doctype or <html> tag and goes on with more tags; an
# article that mentions markup ("<!DOCTYPE html> opens every page") goes on
# with words.
_HTML_DOCUMENT = re.compile(
    r"\A(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b[^>]*>\s*<[!a-z]",
    re.IGNORECASE | re.DOTALL,
)
_NOT_TEXT = frozenset(("head", "title", "script", "style", "noscript", "template", "iframe", "object", "svg",
                       "canvas", "nav", "aside", "form", "button", "footer"))
_BLOCKS = frozenset(("address", "article", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "h1", "h2",
                     "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre", "section", "table",
                     "td", "th", "tr", "ul"))


class Page(NamedTuple):
    """What a pasted web page gives: its headline and text, and what its
    markup says of when it was published and by whom."""

    headline: str
    text: str
    date: dt.date | None = None
    authors: list[str] = []


#: <meta> names and properties that give the publication date, most trusted first.
_DATE_METAS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
               "date", "dc.date.issued", "dc.date", "sailthru.date", "parsely-pub-date")
_AUTHOR_METAS = ("author", "article:author", "parsely-author", "dc.creator", "sailthru.author")
_ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")


def html_page(body: str, path) -> Page | None:
    """The headline and the text of a whole web page pasted as an article,
    its paragraphs separated by blank lines; None when ``body`` is not a page
    (markup quoted in a plain-text article is part of its text).

    The headline is the first <h1>, else the <title> (which often carries
    the site's name too); the text is the page's <main>, else its longest
    <article>, else its <body>, without scripts, styles, navigation, forms
    or footers.
    """
    if not _HTML_DOCUMENT.match(body.lstrip()):
        return None
    try:
        soup = BeautifulSoup(body, "html.parser")
    except ParserRejectedMarkup:
        raise BriefingError(path, "this web page's HTML cannot be read: paste the article's text instead") from None
    heading = next((h for h in soup("h1") if h.get_text().strip() and not h.find_parent(_NOT_TEXT)), None)
    title = heading.get_text() if heading else soup.title.get_text() if soup.title else ""
    root = soup.find("main") or max(soup("article"), key=lambda tag: len(tag.get_text()), default=None)
    linked = _linked_data(soup)
    return Page(
        " ".join(title.split()),
        _text(root or soup.body or soup, heading),
        _published(soup, linked),
        _authors(soup, linked),
    )


def _linked_data(soup: BeautifulSoup) -> list[dict]:
    """The objects of the page's JSON-LD blocks (schema.org), flattened out
    of lists and ``@graph``; a block that is not valid JSON is skipped."""
    found: list[dict] = []
    for script in soup("script", type=re.compile(r"^\s*application/ld\+json\s*$", re.IGNORECASE)):
        try:
            data = json.loads(script.string or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(v for k, v in item.items() if k == "@graph")
    return found


def _published(soup: BeautifulSoup, linked: list[dict]) -> dt.date | None:
    """The publication date the page's markup gives: a <meta> such as
    ``article:published_time``, JSON-LD ``datePublished``, or the first
    ``<time datetime>`` (in that order)."""
    metas = {}
    for meta in soup("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = meta["content"]
    candidates = [metas.get(key) for key in _DATE_METAS]
    candidates += [item.get("datePublished") for item in linked]
    candidates += [time.get("datetime") for time in soup("time")]
    for value in candidates:
        if isinstance(value, str) and (date := _iso_date(value)):
            return date
    return None


def _iso_date(value: str) -> dt.date | None:
    match = _ISO_DATE.match(value.strip())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


def _authors(soup: BeautifulSoup, linked: list[dict]) -> list[str]:
    """The authors the page's markup names (JSON-LD, else <meta name=author>)."""
    names: list[str] = []
    for item in linked:
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            name = author.get("name") if isinstance(author, dict) else author
            if isinstance(name, str) and name.strip() and name.strip() not in names:
                names.append(" ".join(name.split()))
    if not names:
        for meta in soup("meta"):
            key = (meta.get("property") or meta.get("name") or "").strip().lower()
            content = " ".join((meta.get("content") or "").split())
            if key in _AUTHOR_METAS and content and not content.startswith("http") and content not in names:
                names.append(content)
    return names


def _text(root: Tag, heading: Tag | None) -> str:
    """The text under ``root`` but not in ``heading``: a blank line around
    each block element, a line break for each <br>.

    Walked with a stack, not by recursion, and without changing the tree:
    pages can nest deeper than Python recurses, and bs4 finds a tag among
    its siblings by a linear search.
    """
    parts: list[str] = []
    stack = [(iter(root.children), False)]
    while stack:
        children, is_block = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            if is_block:
                parts.append("\n\n")
        elif isinstance(node, Tag):
            if node is heading or node.name in _NOT_TEXT:
                continue
            is_block = node.name in _BLOCKS
            if is_block or node.name == "br":
                parts.append("\n\n" if is_block else "\n")
            stack.append((iter(node.children), is_block))
        elif not isinstance(node, PreformattedString):  # comments, doctypes, CDATA
            parts.append(node)
    return "".join(parts)
