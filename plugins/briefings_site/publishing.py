"""What a published site gives the rest of the web: the share image of each
briefing (and one of the site) for Open Graph and Twitter cards, robots.txt,
the sitemap's dates, and the feeds of each player.

The share images are PNG (what Open Graph consumers read), 1200×630, drawn
with Pillow at build time: the site's name, the headline and the date. Each
is made once for its content (name, headline, date and this drawing's
version) and kept in the plugin's folder (``share-images/`` in
``BRIEFINGS_CACHE_DIR``); a build copies it to ``share/<digest>.png`` in
the output, so a new headline is a new address (no stale card in a social
network's cache), and removes from ``share/`` the images no page names.

The type is the system's DejaVu (Debian's ``fonts-dejavu-core``) when it is
there, else the font Pillow itself ships (with one warning): nothing is
downloaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import textwrap
from functools import cache
from pathlib import Path
from types import MappingProxyType

from briefings.files import write_whole
from briefings_site.settings import cache_dir

log = logging.getLogger(__name__)

#: The folder of the share images in the output (owned by the plugin: an
#: image there that no page names is removed).
SHARE_FOLDER = "share"
#: Open Graph's recommended size.
WIDTH, HEIGHT = 1200, 630
#: Bumped when the drawing changes: every image is made again.
DRAWING = "1"

#: The theme's light colours (theme/static/css/briefings.css).
PAPER, INK, MUTED, ACCENT, LINE = "#fbfaf7", "#1c1b19", "#5b5851", "#b0262c", "#dcd8cf"

_FONT_FOLDERS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts")
_FACES = MappingProxyType({"serif-bold": "DejaVuSerif-Bold.ttf", "sans-bold": "DejaVuSans-Bold.ttf",
                           "sans": "DejaVuSans.ttf"})


def site_address(settings) -> str | None:
    """The site's absolute address (``SITEURL`` when it is one, without a
    final slash), which canonical links, Open Graph and the sitemap need;
    None for a development build (``SITEURL = ""``)."""
    url = str(settings.get("SITEURL") or "")
    return url.rstrip("/") if url.startswith(("http://", "https://")) else None


@cache
def font_file(face: str) -> str | None:
    """The DejaVu file of ``face``, if the system has it."""
    for folder in _FONT_FOLDERS:
        path = Path(folder) / _FACES[face]
        if path.is_file():
            return str(path)
    return None


@cache
def _warn_without_fonts() -> None:
    """Said once a process: the fonts are missing."""
    log.warning("share images: the DejaVu fonts are not installed (Debian: fonts-dejavu-core); "
                "they are drawn in Pillow's own font")


def _font(face: str, size: int):
    from PIL import ImageFont

    path = font_file(face)
    if path is not None:
        return ImageFont.truetype(path, size)
    _warn_without_fonts()
    return ImageFont.load_default(size)


def image_key(site: str, title: str, date: str) -> str:
    """The digest an image is kept and addressed under: what it shows, the
    drawing's version and the fonts it is drawn in."""
    fonts = "|".join(str(font_file(face)) for face in sorted(_FACES))
    text = "\x1f".join((DRAWING, fonts, site, title, date))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels (a word longer than
    a line is cut)."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
            continue
        while draw.textlength(word, font=font) > width and len(word) > 1:
            cut = max(1, int(len(word) * width / draw.textlength(word, font=font)) - 1)
            lines.append(word[:cut] + "-")
            word = word[cut:]
        lines.append(word)
    return lines


def draw_card(site: str, title: str, date: str) -> bytes:
    """The PNG of a share card: the site's name over a rule, the headline
    as large as fits in five lines, the date at the foot."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    margin = 72
    draw.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    draw.text((margin, 58), site, font=_font("sans-bold", 34), fill=ACCENT)
    draw.line((margin, 118, WIDTH - margin, 118), fill=LINE, width=3)
    top, bottom = 150, HEIGHT - 110
    for size in (72, 64, 58, 52, 46, 40, 36):
        font = _font("serif-bold", size)
        leading = round(size * 1.18)
        lines = _wrap(draw, title, font, WIDTH - 2 * margin)
        if len(lines) * leading <= bottom - top:
            break
    else:  # the longest headlines end with an ellipsis
        fit = max(1, (bottom - top) // leading)
        lines = lines[:fit]
        lines[-1] = textwrap.shorten(lines[-1] + " …", width=max(len(lines[-1]), 2), placeholder=" …")
    for number, line in enumerate(lines):
        draw.text((margin, top + number * leading), line, font=font, fill=INK)
    if date:
        draw.text((margin, HEIGHT - 80), date, font=_font("sans", 30), fill=MUTED)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class ShareImages:
    """The share images of one build: ``name(title, date)`` gives the
    output file of an image (made, or taken from the plugin's folder);
    :meth:`write` puts those named into the output folder."""

    def __init__(self, settings):
        self.site = str(settings.get("SITENAME") or "")
        self.folder = Path(cache_dir(settings)) / "share-images"
        self.wanted: dict[str, str] = {}  # output file -> key

    def name(self, title: str, date: dt.datetime | None, locale_date: str = "") -> str:
        """The output file (``share/<digest>.png``) of the card of
        ``title`` on ``date``."""
        shown = locale_date if date is not None else ""
        key = image_key(self.site, " ".join(str(title).split()), shown)
        path = f"{SHARE_FOLDER}/{key}.png"
        self.wanted[path] = key
        return path

    def _made(self, key: str, title_date: tuple[str, str]) -> Path:
        kept = self.folder / f"{key}.png"
        if not kept.is_file():
            write_whole(kept, draw_card(self.site, *title_date), readable=True)
        return kept

    def write(self, output: str, shown: dict[str, tuple[str, str]]) -> None:
        """Copy each wanted image into ``output`` (``shown``: its title and
        date, by output file), unless it is there already, and remove the
        images of ``share/`` no page names any more."""
        target_folder = Path(output) / SHARE_FOLDER
        target_folder.mkdir(parents=True, exist_ok=True)
        for path, key in self.wanted.items():
            target = Path(output) / path
            if target.is_file():
                continue  # named by its content: the same image
            try:
                shutil.copyfile(self._made(key, shown[path]), target)
            except OSError as error:
                log.error("%s: the share image could not be written: %s", target, error)
        for stale in target_folder.glob("*.png"):
            if f"{SHARE_FOLDER}/{stale.name}" not in self.wanted:
                stale.unlink(missing_ok=True)


def robots_txt(settings) -> str:
    """robots.txt: every page may be crawled but the drafts; the sitemap's
    address when the site has an absolute one (a development build has
    none)."""
    lines = ["User-agent: *"]
    drafts = str(settings.get("DRAFT_SAVE_AS") or "").split("/")[0]
    if drafts and "{" not in drafts and "." not in drafts:
        lines.append(f"Disallow: /{drafts}/")
    else:
        lines.append("Disallow:")
    address = site_address(settings)
    from briefings_site.pages import sitemap_from_another_plugin

    if address is not None:
        lines += ["", f"Sitemap: {address}/sitemap.xml"]
    elif not sitemap_from_another_plugin(settings):
        lines += ["", "# The sitemap's address is written here when SITEURL is an absolute address."]
    return "\n".join(lines) + "\n"


def lastmod(article) -> str | None:
    """The sitemap's ``lastmod`` of a briefing: its ``Modified`` date, else
    its date (None when it is undated)."""
    if getattr(article, "undated", False):
        return None
    when = getattr(article, "modified", None) or getattr(article, "date", None)
    if when is None:
        return None
    if when.tzinfo is None or (when.hour, when.minute, when.second) == (0, 0, 0):
        return when.date().isoformat()
    return when.isoformat(timespec="seconds")
