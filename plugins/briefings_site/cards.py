"""What the pages that list a briefing show of it, as a value of its own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from briefings_site import publishing


@dataclass(frozen=True, eq=False)
class BriefingCard:
    """What the site-wide pages show of each briefing they list: its URL,
    title and date (as the ``dateline`` macro shows it).

    They are given cards, not the articles, so that they depend on these
    alone (see incremental/render_keys.py): a briefing's new text renders
    its own page again, not every page that lists it.
    """

    url: str
    title: str
    date: dt.datetime
    locale_date: str
    undated: bool
    #: The names the briefing uses for players that have a page → its
    #: address (for the timeline entries listed on other pages).
    player_urls: dict[str, str] = field(default_factory=dict)
    #: The sitemap's ``lastmod`` (its ``Modified`` date, else its date).
    lastmod: str | None = None

    @classmethod
    def of(cls, article, url: str | None = None) -> BriefingCard:
        """The card of ``article`` (``url``: its URL, if already known)."""
        return cls(url if url is not None else article.url, article.title, article.date, article.locale_date,
                   getattr(article, "undated", False), lastmod=publishing.lastmod(article))
