"""Slugs: the file and URL name of a briefing.

Made here rather than by Pelican so that ``briefings import`` and the site
agree on it; only letters, digits and hyphens survive, so a slug can never
name a path outside the output folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_LENGTH = 80


def slugify(text: str) -> str:
    """``"Putin’s ‘red line’ on NATO"`` → ``"putins-red-line-on-nato"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    # A title with no Latin letters or digits still needs a slug of its own.
    return slug or "briefing-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
