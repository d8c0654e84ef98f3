"""Markdown to HTML with markdown-it-py: CommonMark plus tables, footnotes,
definition lists and heading ids.

Raw HTML is not passed through: text from articles is always shown as text.
Pelican's ``{filename}`` / ``{static}`` link prefixes are kept as they are
(markdown-it would percent-encode the braces, and Pelican would no longer see
them).
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

_PELICAN_PREFIX = re.compile(r"^(\{\w+\})(.*)$", re.DOTALL)
# Characters that would start Markdown syntax inside a paragraph of plain text.
# "&" only where it would start an entity ("&amp;").
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~]|&(?=#?\w+;))")
# A paragraph opening with one of these could start a heading, a quote, a
# list, a thematic break or a definition.
_BLOCK_START = re.compile(r"^(\s*)([#>+=:-]|\d+[.)](?=\s|$))")


@functools.cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin).use(deflist_plugin).use(anchors_plugin, max_level=4, permalink=False)
    default_normalize = md.normalizeLink

    def normalize_link(url: str) -> str:
        match = _PELICAN_PREFIX.match(url)
        if match:
            return match[1] + default_normalize(match[2])
        return default_normalize(url)

    md.normalizeLink = normalize_link
    return md


def render_markdown(text: str) -> str:
    """The HTML of a Markdown text."""
    return _parser().render(text)


def escape_markdown(paragraph: str) -> str:
    """A paragraph of plain text as Markdown that renders back to that text."""
    escaped = _INLINE_SPECIAL.sub(r"\\\1", paragraph)
    return _BLOCK_START.sub(_escape_block_start, escaped)


def _escape_block_start(match: re.Match) -> str:
    marker = match[2]
    if marker[0].isdigit():  # "1." starts a list; "1\." does not
        return match[1] + marker[:-1] + "\\" + marker[-1]
    return match[1] + "\\" + marker
