"""A whole web page pasted as a raw article: its headline and its text,
without the markup, scripts and navigation around them."""

from __future__ import annotations

import re

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


def html_page(body: str, path) -> tuple[str, str] | None:
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
    return " ".join(title.split()), _text(root or soup.body or soup, heading)


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
