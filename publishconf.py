"""Pelican settings for publishing (GitHub Pages): absolute URLs and feeds.

``SITEURL`` comes from the ``SITEURL`` environment variable, e.g.
``https://user.github.io/repo`` for a project site or ``https://example.org``
for a custom domain.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
# Each tag's feeds and each player's (the briefings that name it).
TAG_FEED_ATOM = "feeds/tags/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tags/{slug}.rss.xml"
BRIEFINGS_PLAYER_FEED_ATOM = "feeds/players/{slug}.atom.xml"
BRIEFINGS_PLAYER_FEED_RSS = "feeds/players/{slug}.rss.xml"
DELETE_OUTPUT_DIRECTORY = True
# A custom domain: written to output/CNAME for GitHub Pages.
BRIEFINGS_CNAME = os.environ.get("CNAME") or None
