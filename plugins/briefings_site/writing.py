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


#: A tag that may hold an address with a scheme (a colon, or an entity
#: that could spell one): the others hold relative addresses only.
_TAG = re.compile(r"<[a-zA-Z][^>:&]*[:&][^>]*>")
#: The attributes of an HTML tag that hold an address the browser follows
#: or loads, and their values (quoted or not).
_URL_ATTRIBUTE = re.compile(
    r"""(?P<before>\s(?P<name>href|src|action|formaction|poster|cite|data|background|srcset|xlink:href|ping)\s*=\s*)"""
    r"""(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'=<>`]+))""", re.IGNORECASE)


def safe_urls(page: str, name: str) -> str:
    """``page`` (the HTML of the output file ``name``), with every address
    checked as Pelican and the templates made it: one that is not a web,
    mail or relative address (``javascript:``, ``data:``…) is an error, and
    is replaced by ``#``. (The sources' links are checked where they are
    written; this is the last check, of every page, whatever made it.)"""
    def check(match: re.Match) -> str:
        value = match["double"] if match["double"] is not None else match["single"] or match["bare"] or ""
        urls = [part.strip().split(" ")[0] for part in value.split(",")] if match["name"].lower() == "srcset" \
            else [value]
        for scheme in map(scheme_of, map(html.unescape, urls)):
            if scheme is not None and scheme not in SAFE_SCHEMES:
                log.error("%s", BriefingError(name, f"the address {value[:80]!r} was left out of the page: it is "
                                                    f"a '{scheme}:' address"))
                return f'{match["before"]}"#"'
        return match[0]

    return _TAG.sub(lambda tag: _URL_ATTRIBUTE.sub(check, tag[0]), page)
