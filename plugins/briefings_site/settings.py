"""The plugin's settings, in one place: each with its default, its type and
what it does. Set them in ``pelicanconf.py`` like Pelican's own.

At the start of a build (:func:`complete`) every ``BRIEFINGS_*`` setting is
checked: a value of the wrong kind ends the build with one line naming the
setting, an unknown ``BRIEFINGS_*`` name is warned about (a typo would
otherwise go unnoticed), and the missing ones get their defaults.

The site-wide pages' addresses follow Pelican's ``*_URL`` / ``*_SAVE_AS``
convention: ``BRIEFINGS_PLAYER_URL`` is the link, ``BRIEFINGS_PLAYER_SAVE_AS``
the file written (an empty one: the page is not made). The theme reads them
from the ``briefings_pages`` context (see ARCHITECTURE.md).
"""

from __future__ import annotations

import difflib
import logging
import os
import string
from dataclasses import dataclass
from types import MappingProxyType

from briefings.cache import DEFAULT_PATH
from briefings.errors import BriefingError

log = logging.getLogger(__name__)


class SettingError(BriefingError):
    """A setting the build cannot use: the build stops, naming it."""

    def __init__(self, name: str, value, wanted: str):
        super().__init__(None, f"the setting {name} is {value!r}: {wanted}")


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    #: What the value must be, as the error says it.
    wanted: str
    #: Whether a value is one: ``check(value) -> bool``.
    check: object
    doc: str


def _flag(value) -> bool:
    return isinstance(value, bool)


def _count(least: int):
    return lambda value: isinstance(value, int) and not isinstance(value, bool) and value >= least


def _path(value) -> bool:
    return isinstance(value, (str, os.PathLike)) and bool(os.fspath(value))


def _optional(check):
    return lambda value: value is None or check(value)


def _text(value) -> bool:
    return isinstance(value, str)


def _address(fields: frozenset[str], optional: bool = True):
    """A ``*_URL`` or ``*_SAVE_AS`` pattern: text whose ``{fields}`` are
    exactly ``fields`` (empty, if ``optional``: the page is not made)."""
    def check(value) -> bool:
        if not isinstance(value, str):
            return False
        if not value:
            return optional
        try:
            named = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError:
            return False
        return named == fields
    return check


_SLUG = frozenset({"slug"})
_NONE: frozenset[str] = frozenset()


def _page(name: str, what: str, url: str) -> tuple[Setting, Setting]:
    """The ``_URL`` and ``_SAVE_AS`` settings of a site-wide page."""
    return (
        Setting(f"BRIEFINGS_{name}_URL", url, "an address relative to the site, without '{…}' fields",
                _address(_NONE), f"The address of {what}."),
        Setting(f"BRIEFINGS_{name}_SAVE_AS", f"{url}index.html" if url.endswith("/") else url,
                "a file path relative to the output folder, without '{…}' fields ('' for no page)",
                _address(_NONE), f"The file of {what} ('' makes none)."),
    )


def _pattern(name: str, what: str, url: str, fields: frozenset[str]) -> tuple[Setting, Setting]:
    """The ``_URL`` and ``_SAVE_AS`` settings of pages made one per
    ``fields`` (a tag's timeline, a year's events)."""
    named = ", ".join(f"'{{{field}}}'" for field in sorted(fields))
    return (
        Setting(f"BRIEFINGS_{name}_URL", url, f"an address relative to the site, with {named}",
                _address(fields, optional=False), f"The address of {what}."),
        Setting(f"BRIEFINGS_{name}_SAVE_AS", f"{url}index.html" if url.endswith("/") else url,
                f"a file path relative to the output folder, with {named} ('' for no pages)",
                _address(fields), f"The file of {what} ('' makes none)."),
    )


SETTINGS: tuple[Setting, ...] = (
    Setting("BRIEFINGS_INCREMENTAL", True, "True or False", _flag,
            "Rebuild incrementally (the engine in incremental/): read, render and index only what changed. "
            "False builds everything each time, as plain Pelican does; the output is the same."),
    Setting("BRIEFINGS_CACHE_DIR", None, "a folder", _optional(_path),
            "The plugin's own files between builds (default: a folder 'briefings' in Pelican's CACHE_PATH)."),
    Setting("BRIEFINGS_CACHE_PATH", str(DEFAULT_PATH), "an SQLite file, or None", _optional(_path),
            "The annotation cache (None keeps annotations in memory for one build)."),
    Setting("BRIEFINGS_READ_MORE", 5, "a whole number, 0 or more", _count(0),
            "How many related briefings end each briefing."),
    Setting("BRIEFINGS_PROCESSES", None, "a whole number, 1 or more, or None (one per core)", _optional(_count(1)),
            "Processes that annotate a cold build."),
    Setting("BRIEFINGS_SEARCH", True, "True or False", _flag, "Build Pagefind's search index of the briefings."),
    Setting("BRIEFINGS_SEARCH_SHARD_PAGES", 250, "a whole number, 1 or more", _count(1),
            "About how many briefings each shard of the search index holds."),
    Setting("BRIEFINGS_OUTPUT_RECORDS", None, "a folder", _optional(_path),
            "The records of what each build wrote into its output folder, and of how it ended "
            "(default: 'outputs' in BRIEFINGS_CACHE_DIR)."),
    Setting("BRIEFINGS_THEME_FUNCTIONS", True, "True or False", _flag,
            "Give the templates the functions the theme calls: the pictures (responsive, timeline_strip, "
            "timeline_strip_summary, picture_style) and split_sentences. False: a theme's own "
            "JINJA_GLOBALS, or none."),
    Setting("BRIEFINGS_CNAME", None, "a domain name, or None", _optional(_text),
            "A custom domain, written to CNAME for GitHub Pages."),
    Setting("BRIEFINGS_PLAYER_URL", "players/{slug}/", "an address relative to the site, with '{slug}'",
            _address(_SLUG, optional=False), "The address of a player's page."),
    Setting("BRIEFINGS_PLAYER_SAVE_AS", "players/{slug}/index.html",
            "a file path relative to the output folder, with '{slug}'", _address(_SLUG, optional=False),
            "The file of a player's page."),
    Setting("BRIEFINGS_PLAYER_FEED_ATOM", None,
            "a file path relative to the output folder, with '{slug}', or None (no feed)",
            _optional(_address(_SLUG, optional=False)),
            "The Atom feed of a player's briefings (publishconf.py: feeds/players/{slug}.atom.xml)."),
    Setting("BRIEFINGS_PLAYER_FEED_RSS", None,
            "a file path relative to the output folder, with '{slug}', or None (no feed)",
            _optional(_address(_SLUG, optional=False)),
            "The RSS feed of a player's briefings (publishconf.py: feeds/players/{slug}.rss.xml)."),
    Setting("BRIEFINGS_SHARE_IMAGES", True, "True or False", _flag,
            "Draw a share image (1200x630 PNG) of each briefing and of the site, for Open Graph and "
            "Twitter cards, into share/ in the output."),
    Setting("BRIEFINGS_ROBOTS_TXT", True, "True or False", _flag,
            "Write robots.txt (the drafts not crawled; the sitemap's address when SITEURL is absolute)."),
    Setting("BRIEFINGS_PLAYERS_FILE", "players.conf", "a file path (relative to the content folder)", _path,
            "The editor's file of who is who (merge, split, name, kind, hide), read if it is there."),
    *_page("PLAYERS", "the players' index", "players/"),
    *_page("TIMELINE", "the site's timeline", "timeline/"),
    *_page("QUOTES", "the quotes by speaker", "quotes/"),
    *_page("SEARCH", "the search page", "search/"),
    # The topic timelines (timelines.py): the days that mattered, per tag, per key player and site-wide.
    Setting("BRIEFINGS_TAG_TIMELINE_MIN_BRIEFINGS", 2, "a whole number, 1 or more", _count(1),
            "A tag gets a timeline page of the days that mattered from this many briefings."),
    Setting("BRIEFINGS_PLAYER_TIMELINE_MIN_BRIEFINGS", 10, "a whole number, 1 or more", _count(1),
            "A player gets a timeline page of the days that mattered from this many briefings (a site has "
            "few tags and many players: each timeline costs its build time)."),
    Setting("BRIEFINGS_TIMELINE_SENTENCES", 2, "a whole number, 1 or more", _count(1),
            "At most this many sentences tell each day of a topic timeline."),
    *_pattern("TAG_TIMELINE", "a tag's timeline", "tags/{slug}/timeline/", _SLUG),
    *_pattern("PLAYER_TIMELINE", "a key player's timeline", "players/{slug}/timeline/", _SLUG),
    *_page("TIMELINE_EVENTS", "every dated event, by year (linked from the site's timeline)", "timeline/events/"),
    *_pattern("TIMELINE_YEAR", "the dated events of one year", "timeline/events/{year}/", frozenset({"year"})),
    Setting("BRIEFINGS_TIMELINE_EVENTS_PER_PAGE", 250, "a whole number, 1 or more", _count(1),
            "A year of more dated events than this is told over several pages, a month not split unless it must."),
    *_pattern("TIMELINE_YEAR_PAGE", "the further pages of one year's dated events", "timeline/events/{year}/{number}/",
              frozenset({"year", "number"})),
)

BY_NAME = MappingProxyType({setting.name: setting for setting in SETTINGS})

#: The site-wide pages (templates of the theme) with the settings of their
#: address, in the order of the site's navigation.
SITE_PAGES = ("players", "timeline", "quotes", "search")


def complete(settings) -> None:
    """Check the ``BRIEFINGS_*`` settings (see above) and fill in the
    missing ones; raise :class:`SettingError` for a wrong value."""
    for name in sorted(key for key in settings if key.startswith("BRIEFINGS_") and key not in BY_NAME):
        close = difflib.get_close_matches(name, BY_NAME, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        log.warning("the setting %s is not one of the Briefings plugin's%s: it is ignored", name, hint)
    for setting in SETTINGS:
        if setting.name in settings and not setting.check(settings[setting.name]):
            raise SettingError(setting.name, settings[setting.name], setting.wanted)
        settings.setdefault(setting.name, setting.default)
    if settings["BRIEFINGS_CACHE_DIR"] is None:
        settings["BRIEFINGS_CACHE_DIR"] = os.path.join(settings["CACHE_PATH"], "briefings")
    if settings["BRIEFINGS_OUTPUT_RECORDS"] is None:
        settings["BRIEFINGS_OUTPUT_RECORDS"] = os.path.join(settings["BRIEFINGS_CACHE_DIR"], "outputs")


def cache_dir(settings) -> str:
    """The plugin's folder between builds (settings not completed yet too)."""
    return os.fspath(settings.get("BRIEFINGS_CACHE_DIR") or os.path.join(settings["CACHE_PATH"], "briefings"))


def records_folder(settings) -> str:
    """The folder of the records kept of each output folder."""
    return os.fspath(settings.get("BRIEFINGS_OUTPUT_RECORDS") or os.path.join(cache_dir(settings), "outputs"))


def page_url(settings, name: str) -> str:
    """The address of the site-wide page ``name`` (see :data:`SITE_PAGES`)."""
    return settings[f"BRIEFINGS_{name.upper()}_URL"]


def page_file(settings, name: str) -> str:
    """The file of the site-wide page ``name`` ('' when it is not made)."""
    return settings[f"BRIEFINGS_{name.upper()}_SAVE_AS"]


def direct_template_url(settings, name: str) -> str | None:
    """The address of Pelican's page of the direct template ``name``
    (``archives``, ``tags``…) as Pelican works it out (``ARCHIVES_URL``,
    by default ``archives.html``); None when Pelican does not make it."""
    if name not in settings["DIRECT_TEMPLATES"] or not settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"):
        return None
    return settings.get(f"{name.upper()}_URL", f"{name}.html")


def players_file(settings) -> str:
    """The editor's file of who is who: ``BRIEFINGS_PLAYERS_FILE``, a
    relative path taken in the content folder."""
    return os.path.join(settings["PATH"], os.fspath(settings["BRIEFINGS_PLAYERS_FILE"]))
