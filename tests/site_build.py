"""Running a real Pelican build of fixture content, as the site tests need."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

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
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    try:
        Pelican(settings).run()
    finally:
        logging.getLogger().removeHandler(errors)
    return errors.messages


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
