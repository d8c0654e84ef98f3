"""The Briefings Pelican plugin: readers for raw articles and Markdown
briefings, Read more links, the site-wide pages (players, timeline,
quotes, search) and the search index.

Add ``"briefings_site"`` to ``PLUGINS`` with ``plugins`` in ``PLUGIN_PATHS``.
Its settings, all optional, are in settings.py; how a build runs (which
receiver runs at which signal, and the incremental engine behind its
fence) is in ARCHITECTURE.md.
"""

from __future__ import annotations

import logging

from pelican import signals

from briefings_site.build import Build
from briefings_site.folders import OutputFolderError
from briefings_site.settings import SettingError

#: Errors about the site's settings or folders that stop a build: their one
#: line says all.
_SITE_ERRORS = (OutputFolderError, SettingError)


def _without_traceback(record: logging.LogRecord) -> bool:
    """Pelican logs the exception that stops it with its traceback: for the
    plugin's own one-line errors about the site (an output folder refused,
    a wrong setting), the line alone says all."""
    if record.exc_info and isinstance(record.exc_info[1], _SITE_ERRORS):
        record.exc_info = None
        record.exc_text = None
    return True


def register() -> None:
    pelican_log = logging.getLogger("pelican")
    if _without_traceback not in pelican_log.filters:
        pelican_log.addFilter(_without_traceback)
    signals.initialized.connect(Build.begin)

