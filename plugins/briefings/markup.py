"""Markdown to HTML with markdown-it-py: CommonMark plus tables, footnotes,
definition lists and heading ids.

Raw HTML is not passed through: text from articles is always shown as text.
Pelican's link prefixes (``{filename}``, ``{static}``…) are kept as they
are (markdown-it would percent-encode the braces, and Pelican would no
longer see them), and only those: every link and image address is checked
(see :func:`url_problem`), so that no ``javascript:`` address, nor any other
that would run or load something in the reader's browser, becomes a link.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

#: Pelican's link prefixes, each followed by a path of the site (or a name).
PELICAN_PREFIXES = ("filename", "static", "attach", "tag", "category", "index", "author")
#: Prefixes whose path names a file of the site.
FILE_PREFIXES = ("filename", "static", "attach")
#: The schemes a link may have; an address without one is relative.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp", "ftps"})

_PELICAN_PREFIX = re.compile(r"^\{(?P<name>\w+)\}(?P<rest>.*)$", re.DOTALL)
# As a browser reads a scheme: after leading spaces and controls, with tabs
# and line breaks taken out anywhere.
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_EDGES = "".join(map(chr, range(0x21)))
# Characters that would start Markdown syntax inside a paragraph of plain text.
# "&" only where it would start an entity ("&amp;").
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~]|&(?=#?\w+;))")
# A paragraph opening with one of these could start a heading, a quote, a
# list, a thematic break or a definition.
_BLOCK_START = re.compile(r"^(\s*)([#>+=:-]|\d+[.)](?=\s|$))")


@dataclass
class Rendered:
    """A Markdown text's HTML, and the address of every link and image in
    it with its line (counted from 0 in the text), as written."""

    html: str
    links: list[tuple[str, int]] = field(default_factory=list)


def scheme_of(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (lower case), or None for
    a relative address."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip(_URL_EDGES))
    match = _SCHEME.match(cleaned)
    return match[1].lower() if match else None


def url_problem(url: str) -> str | None:
    """Why ``url`` may not be a link or image address, or None when it may:
    a web, mail or relative address, or a path after one of Pelican's
    prefixes."""
    prefixed = _PELICAN_PREFIX.match(url)
    if prefixed:
        name, rest = prefixed["name"], prefixed["rest"]
        if name not in PELICAN_PREFIXES:
            known = ", ".join(f"{{{known}}}" for known in PELICAN_PREFIXES)
            return f"the link {url!r} has the prefix {{{name}}}, which is none of Pelican's ({known})"
        if scheme_of(rest) is not None or rest.strip(_URL_EDGES).startswith(("//", "\\\\")):
            return f"the link {url!r} has an address after {{{name}}}: write a path of the site there"
        return None
    scheme = scheme_of(url)
    if scheme is not None and scheme not in SAFE_SCHEMES:
        return (f"the link {url!r} is a '{scheme}:' address, which could run in the reader's browser; "
                "links are web (https://…), mail (mailto:…) or relative addresses")
    return None


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin).use(deflist_plugin).use(anchors_plugin, max_level=4, permalink=False)
    default_normalize = md.normalizeLink

    def normalize_link(url: str) -> str:
        match = _PELICAN_PREFIX.match(url)
        if match:
            return "{" + match["name"] + "}" + default_normalize(match["rest"])
        return default_normalize(url)

    md.normalizeLink = normalize_link
    # Every address is let through the parse, to be checked (and, if bad,
    # taken out) by render() with its line: markdown-it's own check would
    # drop a bad link without a word, and lets "{name}javascript:" through.
    md.validateLink = lambda url: True
    return md


def render(text: str) -> Rendered:
    """The HTML of a Markdown text and its links. A link whose address is
    not allowed (see :func:`url_problem`) is rendered without it."""
    md = _parser()
    env: dict = {}
    tokens = md.parse(text, env)
    links = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            attribute = "href" if child.type == "link_open" else "src" if child.type == "image" else None
            if attribute is None or attribute not in child.attrs:
                continue
            url = str(child.attrs[attribute])
            links.append((url, line))
            if url_problem(url) is not None:
                del child.attrs[attribute]
    return Rendered(md.renderer.render(tokens, md.options, env), links)


def render_markdown(text: str) -> str:
    """The HTML of a Markdown text (see :func:`render`)."""
    return render(text).html


def escape_markdown(paragraph: str) -> str:
    """A paragraph of plain text as Markdown that renders back to that text."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", paragraph)
    return _BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(match: re.Match) -> str:
    marker = match[2]
    if marker[0].isdigit():  # "1." starts a list; "1\." does not
        return match[1] + marker[:-1] + "\\" + marker[-1]
    return match[1] + "\\" + marker
