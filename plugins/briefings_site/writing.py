"""The last check of every page, and the writer that makes it.

The sources' links are checked where they are read (see readers.py); a
theme can still put an author's field into a link. So every page, feed and
sitemap is checked once more as it is written (:func:`safe_urls`): an
address that is not a web, mail or relative one is an error, and is
replaced by ``#``. :class:`CheckedWriter` is Pelican's writer with that
check (the incremental engine's writer is one too), and with the plugin's
own text files (the export, the sitemap) written through it.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from pelican.utils import sanitised_join
from pelican.writers import Writer

from briefings.errors import BriefingError
from briefings.files import write_whole
from briefings.markup import SAFE_SCHEMES, scheme_of

log = logging.getLogger(__name__)

#: Files whose addresses are checked as they are written.
CHECKED = (".html", ".htm", ".xml")


class CheckedWriter(Writer):
    """Pelican's writer, each page, feed and text file checked as it is
    written (see above)."""

    def write_file(self, name, template, context, *args, **kwargs):
        if name:
            template = _CheckedTemplate(template, self.output_path)
        return super().write_file(name, template, context, *args, **kwargs)

    def write_feed(self, elements, context, path=None, *args, **kwargs):
        feed = super().write_feed(elements, context, path, *args, **kwargs)
        if path:
            target = sanitised_join(self.output_path, path)
            text = Path(target).read_text(encoding="utf-8")
            checked = checked_text(text, target)
            if checked != text:
                write_whole(target, checked.encode("utf-8"), readable=True)
        return feed

    def made_from(self, context: dict, names: list[str], inputs) -> None:
        """The context entries ``names`` are made from ``inputs`` alone (a
        writer that keeps pages may digest ``inputs`` in their place)."""

    def write_pages(self, group: str, template, pages: list[tuple[str, dict]], context, relative_urls: bool,
                    inputs) -> None:
        """Write ``pages`` (file name, arguments) of one template, whose
        arguments are all made from ``inputs`` (a writer that keeps pages
        may keep them all when ``inputs`` did not change)."""
        for name, kwargs in pages:
            self.write_file(name, template, context, relative_urls=relative_urls, **kwargs)

    def write_text(self, name: str, text, key: str | None = None) -> None:
        """Write a file the plugin makes itself (``text``, or a function
        that makes it; ``key`` lets a writer that keeps files unchanged
        know when it is: see :meth:`data_key`)."""
        path = sanitised_join(self.output_path, name)
        text = text() if callable(text) else text
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_whole(path, checked_text(text, path).encode("utf-8"), readable=True)

    def data_key(self, *values) -> str | None:
        """A key of the data a file is made from: None, as this writer
        makes every file anew."""
        return None

    def records(self, name: str, items: list, make) -> list:
        """``make(item)`` for each item (a writer that keeps what it made
        may take it from the last build)."""
        return [make(item) for item in items]


class _CheckedTemplate:
    """A template whose output is checked (Pelican's writer only renders
    the templates it is given)."""

    def __init__(self, template, output_path: str):
        self.template = template
        self.output_path = output_path

    def render(self, context: dict) -> str:
        text = self.template.render(context)
        return checked_text(text, sanitised_join(self.output_path, context["output_file"]))


def checked_text(text: str, path: str) -> str:
    """``text`` of the output file at ``path``, its addresses checked if it
    is a page, a feed or a sitemap."""
    return safe_urls(text, path) if path.endswith(CHECKED) else text


#: A start tag, read as the browser reads it: a ``>`` inside a quoted
#: value does not end it.
_TAG = re.compile(r"""<[a-zA-Z][^\s/>]*(?:"[^"]*"|'[^']*'|[^'">])*>""")
#: The tag's name, then each attribute: its name, and its value if it has one
#: (quoted or not). Walking them one by one, words inside another
#: attribute's value ("href=javascript:…" in an ``aria-label``) are never
#: taken for attributes.
_TAG_NAME = re.compile(r"<[a-zA-Z][^\s/>]*")
_ATTRIBUTE_NAME = re.compile(r"[\s/]*(?P<name>[^\s/>][^\s/>=]*)")  # as HTML reads names: quotes too
_ATTRIBUTE_VALUE = re.compile(r"""\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s>]*))""")
#: The attributes of an HTML tag that hold an address the browser follows
#: or loads.
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "cite", "data", "background", "srcset", "xlink:href", "ping"})


def safe_urls(page: str, name: str) -> str:
    """``page`` (the HTML of the output file ``name``), with every address
    checked as Pelican and the templates made it: one that is not a web,
    mail or relative address (``javascript:``, ``data:``…) is an error, and
    is replaced by ``#``. (The sources' links are checked where they are
    written; this is the last check, of every page, whatever made it.)"""
    def unsafe(attribute: str, value: str) -> bool:
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if attribute == "srcset" else [value]
        for scheme in map(scheme_of, map(html.unescape, urls)):
            if scheme is not None and scheme not in SAFE_SCHEMES:
                log.error("%s", BriefingError(name, f"the address {value[:80]!r} was left out of the page: it is "
                                                    f"a '{scheme}:' address"))
                return True
        return False

    def check(tag_match: re.Match) -> str:
        tag = tag_match[0]
        if ":" not in tag and "&" not in tag:
            return tag  # no scheme can be spelt: relative addresses only
        position = _TAG_NAME.match(tag).end()
        parts = [tag[:position]]
        while attribute := _ATTRIBUTE_NAME.match(tag, position):
            value = _ATTRIBUTE_VALUE.match(tag, attribute.end())
            end = value.end() if value else attribute.end()
            text = None if value is None else next((v for v in value.group("double", "single", "bare")
                                                    if v is not None), "")
            if text is not None and attribute["name"].lower() in _URL_ATTRIBUTES \
                    and unsafe(attribute["name"].lower(), text):
                parts.append(f'{tag[position:attribute.end()]}="#"')
            else:
                parts.append(tag[position:end])
            position = end
        parts.append(tag[position:])
        return "".join(parts)

    return _TAG.sub(check, page)
