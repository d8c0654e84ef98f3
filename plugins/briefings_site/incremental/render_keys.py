"""What a page shows, as a digest: the key under which the writer may leave
a page unrendered when it is the same as last build's (see writer.py).

A page's key covers everything its template can read:

- build-wide: Pelican's settings, every template of the theme, and the
  versions of Briefings, Pelican and Jinja (whose code renders the page);
- the variables its template reads (with the templates it extends, imports
  or includes), as Jinja's own analysis of the templates finds them: the
  page's arguments (``article``, ``player``…) and context entries (``pages``,
  the site-wide index…). A setting is covered by the settings digest.

A Pelican content object (article or page) is digested whole: every
attribute (metadata, briefing, Read more, player URLs…) and its text, raw
and with its internal links resolved. The page of an article also depends
on what the article refers to (the briefings its Read more links show),
digested whole in turn; what those refer to is known by path only. Other
values are digested as JSON; dataclass instances (players, briefing cards)
and content objects are digested once a build, however many pages show
them.

A template with a dynamic reference, an environment whose filters or
functions read the whole context, or a value with no plain digest gives no
key: that page is rendered every time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import pickle
from functools import partial
from types import MappingProxyType

import jinja2
import pelican
from jinja2 import meta
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from briefings.cache import code_version
from briefings.files import write_whole
from briefings.model import Briefing, Player, Quote, TimelineEntry, Timex
from briefings_site.incremental.compat import content_data, linked_text

#: Variables the writer itself sets for each page: the page's file name and
#: site URL, which every key holds.
_PAGE_VARIABLES = frozenset({"output_file", "localsiteurl"})


#: The numbered pages before and after the one shown (``articles_next_page``…):
#: a page links to them, and is not rendered again when what they list changes.
_NEIGHBOUR_PAGES = ("_previous_page", "_next_page")


def _neighbour(page: Page) -> list:
    return ["Page", page.number, page.url, page.save_as]


class Undigestible(TypeError):
    """A value the keys cannot digest plainly: its page is always rendered."""


class PageKeys:
    """The keys of one build's pages."""

    def __init__(self, settings: dict, folder: str):
        self._site_settings = settings
        self._build = _digest(code_version(), pelican.__version__, jinja2.__version__, _settings_json(settings))
        self._template_digests: dict[int, tuple[jinja2.Environment, str | None]] = {}
        self._reads = _TemplateReads(os.path.join(folder, "template-reads.json"))
        self._contents: dict[int, tuple[Content, str, list[Content]]] = {}
        self._context_values: dict[tuple[str, int], tuple[object, str]] = {}
        self._records: dict[int, tuple[object, str]] = {}
        self._encoder = json.JSONEncoder(default=self._by_digest, sort_keys=True, ensure_ascii=False)

    def page_key(self, template: jinja2.Template, context: dict, kwargs: dict, name: str,
                 siteurl: str | None, relative_urls: bool) -> str | None:
        """The key of the page ``name`` rendered from ``template``, or None."""
        environment = template.environment
        templates = self._template_digest(environment)
        if templates is None:
            return None
        variables = self._reads.get(environment, _digest(self._build, templates), template.name)
        if variables is None:
            return None
        parts = [self._build, templates, template.name, name, siteurl or "", str(relative_urls)]
        try:
            for variable in sorted(variables):
                parts += [variable, self._variable(variable, environment, context, kwargs, relative_urls)]
        except (Undigestible, TypeError, ValueError):
            return None
        return _digest(*parts)

    def save(self) -> None:
        """Keep what was learnt of the templates for the next build."""
        self._reads.save()

    def made_from(self, variable: str, value, key: str) -> None:
        """The context entry ``variable`` (``value``) is made from inputs of
        key ``key`` (see :meth:`data_key`) alone: that is its digest, and
        it is not digested itself (the site index's players, made from
        every briefing, would cost a second on each build)."""
        self._context_values[(variable, id(value))] = (value, _digest("made from", key))

    def data_key(self, *values) -> str | None:
        """The key of a file made from ``values`` (content objects are
        digested whole) under this build's settings and code, or None."""
        try:
            return _digest(self._build, self._encode(values))
        except (Undigestible, TypeError, ValueError):
            return None

    def _variable(self, variable, environment, context, kwargs, relative_urls) -> str:
        if variable in kwargs:
            value = kwargs[variable]
            if isinstance(value, Page) and variable.endswith(_NEIGHBOUR_PAGES):
                return self._encode(_neighbour(value))
            return self._subject(value) if isinstance(value, Content) else self._encode(value)
        if variable in _PAGE_VARIABLES or (variable == "SITEURL" and relative_urls):
            return "page"
        if variable in context:
            value = context[variable]
            if variable in self._site_settings and value is self._site_settings[variable]:
                return "setting"
            return self._context_value(variable, value)
        return "global" if variable in environment.globals else "absent"

    def _context_value(self, variable: str, value) -> str:
        """Context entries are the same objects for every page of a build:
        each is digested once."""
        key = (variable, id(value))
        if key not in self._context_values:
            self._context_values[key] = (value, _digest(self._encode(value)))
        return self._context_values[key][1]

    def _subject(self, content: Content) -> str:
        """A page's own content object, and the ones it refers to."""
        digest, refers_to = self._content_digest(content)
        return _digest(digest, *(self._content_digest(other)[0] for other in refers_to))

    def _content_digest(self, content: Content) -> tuple[str, list[Content]]:
        """A content object's digest, and the content objects it refers to."""
        if id(content) not in self._contents:
            text = linked_text(content)
            if getattr(content, "source_path", None) is None or text is None:
                raise Undigestible(content)
            refers_to: list[Content] = []
            # Its data (the metadata Pelican does not mirror as attributes
            # too), and the text as pages show it: {filename} links become
            # the URLs of the briefings they name.
            unmirrored = {name: value for name, value in content.metadata.items()
                          if getattr(content, name.lower(), None) is not value}
            record = json.dumps([type(content).__name__, content_data(content), unmirrored],
                                default=partial(_by_path, refers_to), sort_keys=True, ensure_ascii=False)
            self._contents[id(content)] = (content, _digest(record, text), refers_to)
        return self._contents[id(content)][1:]

    def _encode(self, value) -> str:
        return self._encoder.encode(value)

    def _by_digest(self, value):
        if isinstance(value, Content):
            return ["content", self._content_digest(value)[0]]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._record(value)
        return _plain(value)

    def _record(self, value) -> list[str]:
        """A dataclass instance (a player, a briefing card, a quote…) is
        digested once a build, though many pages list it."""
        if id(value) not in self._records:
            self._records[id(value)] = (value, _digest(self._encode(_plain(value))))
        return ["record", self._records[id(value)][1]]

    def _template_digest(self, environment: jinja2.Environment) -> str | None:
        """Every template the environment can load, so that a change to any
        of them renders every page again (None: no page can be skipped)."""
        if id(environment) not in self._template_digests:
            digest = None
            if not _reads_context_itself(environment):
                try:
                    names = sorted(environment.loader.list_templates())
                    sources = [environment.loader.get_source(environment, name)[0] for name in names]
                    digest = _digest(*names, *sources)
                except (TypeError, jinja2.TemplateError):
                    pass  # a loader that cannot list its templates
            self._template_digests[id(environment)] = (environment, digest)
        return self._template_digests[id(environment)][1]


class _TemplateReads:
    """What each template reads (see :func:`_variables_read`), kept in a
    file between builds: finding it compiles the templates, a cost a
    rebuild that renders few pages would not otherwise pay. Stored under a
    key made of the templates' sources and the settings."""

    def __init__(self, path: str):
        self._path = path
        self._stored: dict[str, dict[str, list[str] | None]] | None = None
        self._reads: dict[tuple[str, str], frozenset[str] | None] = {}
        self._found: dict[str, dict[str, list[str] | None]] = {}

    def get(self, environment: jinja2.Environment, key: str, name: str) -> frozenset[str] | None:
        if (key, name) not in self._reads:
            stored = self._load().get(key, {})
            if name in stored:
                reads = None if stored[name] is None else frozenset(stored[name])
            else:
                reads = _variables_read(environment, name)
                self._found.setdefault(key, {})[name] = None if reads is None else sorted(reads)
            self._reads[(key, name)] = reads
        return self._reads[(key, name)]

    def save(self) -> None:
        if not self._found:
            return
        record = {key: {**self._load().get(key, {}), **found} for key, found in self._found.items()}
        write_whole(self._path, json.dumps(record).encode("utf-8"))

    def _load(self) -> dict[str, dict[str, list[str] | None]]:
        if self._stored is None:
            try:
                with open(self._path, encoding="utf-8") as file:
                    stored = json.load(file)
                self._stored = {key: reads for key, reads in stored.items() if _valid_reads(reads)}
            except (OSError, ValueError, AttributeError):
                self._stored = {}  # none yet, or damaged: found again
        return self._stored


def _valid_reads(reads) -> bool:
    return isinstance(reads, dict) and all(
        names is None or (isinstance(names, list) and all(isinstance(n, str) for n in names))
        for names in reads.values())


def _reads_context_itself(environment: jinja2.Environment) -> bool:
    """Whether a filter, test or global function from outside Jinja is given
    the whole context, and may read what no analysis of the templates sees."""
    functions = (*environment.filters.values(), *environment.tests.values(), *environment.globals.values())
    return any(getattr(function, "jinja_pass_arg", None) is _PASS_CONTEXT
               and not getattr(function, "__module__", "").startswith("jinja2.") for function in functions)


_PASS_CONTEXT = jinja2.pass_context(lambda: None).jinja_pass_arg


def _variables_read(environment: jinja2.Environment, name: str) -> frozenset[str] | None:
    """The variables a template reads from its context, with the templates
    it extends, imports and includes (None when one is named at run time)."""
    seen: set[str] = set()
    pending = [name]
    variables: set[str] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        tree = environment.parse(environment.loader.get_source(environment, current)[0])
        variables |= meta.find_undeclared_variables(tree)
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:
                return None
            pending.append(referenced)
    return frozenset(variables)


def _by_path(refers_to: list[Content], value):
    """JSON for the values inside a content object: the content objects it
    refers to are named by path (and digested with the page that shows them)."""
    if isinstance(value, Content):
        if value.source_path is None:
            raise Undigestible(value)
        refers_to.append(value)
        return ["content", value.source_path]
    return _plain(value)


#: The annotations: plain data (strings, numbers, lists, each other; no sets,
#: whose order changes from one process to the next), and the bulk of what
#: pages show. Pickled, which is several times faster than JSON.
_MODEL = (Briefing, Player, Quote, TimelineEntry, Timex)


#: Where an annotation is in its briefing's text: offsets, which pages use
#: to mark it in that text. A page of the briefing digests them with its text
#: (inside the briefing); a site-wide page shows the quote or expression,
#: not where it was, so its key leaves them out: an edit above a quote does
#: not render again every page that lists the quote.
_OFFSETS = MappingProxyType({Quote: ("start", "end", "speaker_start", "speaker_end"), Timex: ("start", "end")})


def _plain(value):
    """JSON for the values pages show besides content objects."""
    if isinstance(value, _MODEL):
        offsets = _OFFSETS.get(type(value))
        if offsets:
            value = dataclasses.replace(value, **dict.fromkeys(offsets))
        return [type(value).__name__, _pickled_digest(value)]
    if isinstance(value, Page):  # one numbered page of a paginated list
        return ["Page", value.number, value.url, value.save_as, value.object_list, value.paginator]
    if isinstance(value, Paginator):
        # What a template reads of the list as a whole: its size and pages.
        # Its items are each page's to show (``articles_page.object_list``);
        # a template that lists the whole list reads ``articles``.
        return ["Paginator", value.name, value.url, value.per_page, value.orphans, value.count, value.num_pages]
    if isinstance(value, URLWrapper):  # tags, categories, authors
        return [type(value).__name__, value.name, value.slug]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (dt.tzinfo, os.PathLike)):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__, vars(value)]
    raise Undigestible(value)


def _pickled_digest(value) -> str:
    """A digest of ``value`` pickled without pickle's memo, so that it
    depends on the values alone, not on which of them are one object (a
    briefing annotated in this process shares strings that one read back
    from the annotation cache does not). A cycle raises ValueError."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


def _settings_json(settings: dict) -> str:
    """The settings as JSON; settings that even that cannot write give a
    digest no other build shares, so that every page is rendered."""
    for sort_keys in (True, False):  # keys of mixed types cannot be sorted
        try:
            return json.dumps(settings, default=_setting, sort_keys=sort_keys, ensure_ascii=False)
        except (TypeError, ValueError):
            continue
    return os.urandom(16).hex()


def _setting(value):
    """JSON for a setting: a function or class by its name (its code is not
    digested), anything else by its plain form or, failing that, its type."""
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    try:
        return _plain(value)
    except Undigestible:
        return type(value).__qualname__


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
