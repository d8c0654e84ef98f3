"""Running a real Pelican build of fixture content, as the site tests need."""

from __future__ import annotations

import glob
import logging
import shutil
from pathlib import Path

import jinja2
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


class ErrorLog(logging.Handler):
    """Collects the messages of ERROR records a build logs."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" | {record.exc_info[1]}"
        self.messages.append(text)


def copy_example_content(target: Path) -> Path:
    shutil.copytree(ROOT / "content", target)
    return target


def build_site(content: Path, output: Path, cache: Path, settings_file: str = "pelicanconf.py",
               **overrides) -> list[str]:
    """Build ``content`` into ``output`` with the project's settings; returns the errors logged."""
    return run_build(Pelican(site_settings(content, output, cache, settings_file, **overrides)))


def run_build(pelican: Pelican) -> list[str]:
    """Run a build; returns the errors logged."""
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    try:
        pelican.run()
    finally:
        logging.getLogger().removeHandler(errors)
    return errors.messages


def site_settings(content: Path, output: Path, cache: Path, settings_file: str = "pelicanconf.py",
                  **overrides) -> dict:
    """The project's settings for building ``content`` into ``output``.

    Templates fail loudly here: a variable they read that the build does not
    give (a renamed field, say) is an error, not an empty string."""
    settings = read_settings(
        str(ROOT / settings_file),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "CACHE_PATH": str(cache / "pelican"),
            "BRIEFINGS_CACHE_PATH": str(cache / "annotations.sqlite"),
            **overrides,
        },
    )
    if "JINJA_ENVIRONMENT" not in overrides:
        settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "undefined": jinja2.StrictUndefined}
    return settings


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


#: Where a briefing's page is, under the site's default news-style addresses
#: (``2021/12/29/slug/``): a glob of the output folder.
BRIEFING_GLOB = "[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html"


def briefing_pages(output: Path) -> dict[str, Path]:
    """The briefings' pages in ``output``, by slug (a slug on two days: the
    last by address)."""
    return {page.parent.name: page for page in sorted(output.glob(BRIEFING_GLOB))}


def briefing_dir(output: Path, slug: str) -> Path:
    """The folder of the page of the briefing ``slug`` (on whichever day);
    a folder that does not exist when there is none."""
    found = sorted(output.glob(BRIEFING_GLOB.replace("/*/", f"/{glob.escape(slug)}/")))
    return found[-1].parent if found else output / "no-briefing" / slug
