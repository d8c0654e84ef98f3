"""What the incremental engine needs of Pelican beyond its public API, in
one place, for the Pelican versions it was tested with.

The engine reaches into Pelican's readers' content cache, its writer's
record of the files written and the context a page is rendered with, the
text of a content object as its links resolve, and the order in which a
generator reads its files. None of that is public: a Pelican the engine was
not tested with may do it otherwise, so on any other version
(:func:`unsupported`) the engine is switched off, with one warning, and
the site is built without it (the same site, more slowly). Nothing outside
this module touches a private name of Pelican's.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pelican
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer

#: The Pelican versions the engine was tested with (pinned in pyproject.toml).
TESTED = ("4.12.0",)


def unsupported() -> str | None:
    """Why the engine cannot run with the installed Pelican (None: it can)."""
    if pelican.__version__ in TESTED:
        return None
    return (f"Pelican {pelican.__version__} is not a version the incremental engine was tested with "
            f"({', '.join(TESTED)}): the site is built without it, in full, each time")


# --- the readers' content cache (pelican.cache.FileDataCacher) -------------


class ReadersCache:
    """The content cache of a Pelican ``Readers`` object: what it read,
    by source path, with each file's stamp."""

    def __init__(self, readers):
        self.readers = readers

    @property
    def name(self) -> str:
        """The cache's name ('' for readers that cache nothing)."""
        return os.path.basename(self.readers._cache_path)

    @property
    def loads(self) -> bool:
        """Whether Pelican would load it (reader-level caching, loading on)."""
        settings = self.readers.settings
        return settings["CONTENT_CACHING_LAYER"] == "reader" and settings["LOAD_CONTENT_CACHE"] and bool(self.name)

    @property
    def saves(self) -> bool:
        return bool(self.readers._cache_data_policy)

    @property
    def entries(self) -> dict:
        return self.readers._cache

    @entries.setter
    def entries(self, value: dict) -> None:
        self.readers._cache = value

    def replace(self, get_cached_data: Callable, cache_data: Callable,
                save_cache: Callable) -> tuple[Callable, Callable]:
        """Have the readers use these methods for their cache (called when
        the readers are made, before Pelican loads its file); returns
        Pelican's own ``get_cached_data`` and ``cache_data``."""
        own = self.readers.get_cached_data, self.readers.cache_data
        self.readers.get_cached_data = get_cached_data
        self.readers.cache_data = cache_data
        self.readers.save_cache = save_cache
        return own


# --- the writer (pelican.writers.Writer) -------------------------------------


class WriterHooks(Writer):
    """Pelican's writer, with its private steps under public names for a
    subclass: :meth:`open_output` opens each file written (Pelican's
    ``_open_w``), and the sets of files written and overridden so far."""

    def _open_w(self, filename, encoding, override=False):
        return self.open_output(filename, encoding, override)

    def open_output(self, filename, encoding, override=False):
        return super()._open_w(filename, encoding, override)

    @property
    def written_files(self) -> set[str]:
        return self._written_files

    @property
    def overridden_files(self) -> set[str]:
        return self._overridden_files


def page_context(context: dict, name: str, kwargs: dict, relative_urls: bool) -> dict:
    """The context Pelican renders the page ``name`` with (and sends with
    ``content_written``), as ``Writer.write_file`` makes it."""
    local = context.copy()
    local["localsiteurl"] = local.get("localsiteurl", None)
    if relative_urls:
        relative_url = path_to_url(get_relative_path(name))
        local["SITEURL"] = relative_url
        local["localsiteurl"] = relative_url
    local["output_file"] = name
    local.update(kwargs)
    return local


def paginated_pages(name: str, url, paginated: dict, kwargs: dict, settings: dict, template_name: str):
    """The numbered pages Pelican's ``Writer.write_file`` makes of a
    paginated page (the home page, a tag's page), as ``(file name,
    arguments)`` pairs in its order: each can then be written as a page of
    its own, with a key of its own. (Pelican does this loop inside
    ``write_file``; this is the same loop.)"""
    per_page = settings["PAGINATED_TEMPLATES"][template_name] or settings["DEFAULT_PAGINATION"]
    paginators = {key: Paginator(name, url, value, settings, per_page) for key, value in paginated.items()}
    first = next(iter(paginators.values()))
    for number in range(first.num_pages):
        arguments = kwargs.copy()
        for key, paginator in paginators.items():
            page = paginator.page(number + 1)
            arguments.update({
                f"{key}_paginator": paginator,
                f"{key}_page": page,
                f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                f"{key}_next_page": paginator.page(number + 2) if number + 1 < paginator.num_pages else None,
            })
        yield page.save_as, arguments


# --- content objects (pelican.contents.Content) ------------------------------

#: Attributes of a content object that are not its data: the site's settings
#: and context, and the metadata, which Pelican mirrors as attributes.
_NOT_DATA = frozenset({"settings", "_context", "metadata"})


def content_data(content: Content) -> dict:
    """A content object's own attributes (its text and metadata among
    them), without the settings and context it shares with every other."""
    return {name: value for name, value in vars(content).items() if name not in _NOT_DATA}


def linked_text(content: Content) -> str | None:
    """The text as pages show it: ``{filename}`` links turned into the
    addresses of what they name (and ``{attach}`` files moved, as a render
    moves them); None for a content object whose text a plugin makes
    (``_get_content``), which cannot be known before it is rendered."""
    if hasattr(content, "_get_content"):
        return None
    return content._update_content(content._content, "") if content._content else ""


# --- generators (pelican.generators.Generator) --------------------------------


def read_last(generator, last: Callable[[str], bool]) -> None:
    """Have ``generator`` read the files for which ``last(path)`` (a path
    relative to its content folder) is true after all others: Pelican reads
    them in the order its ``get_files`` gives."""
    get_files = generator.get_files

    def ordered(*args, **kwargs):
        return sorted(get_files(*args, **kwargs), key=last)

    generator.get_files = ordered


def on_failure_while_reading(generator, callback: Callable[[], None]) -> None:
    """Call ``callback`` should ``generator`` fail while it reads (its
    ``generate_context`` raises), then let the failure go on."""
    generate_context = generator.generate_context

    def guarded():
        try:
            generate_context()
        except BaseException:
            callback()
            raise

    generator.generate_context = guarded
