"""Pictures made at build time: static, self-describing inline SVG.

Three pictures, each a pure function of plain data that returns the
``<svg>`` as :class:`markupsafe.Markup`, and a companion that says the same
in words (for a caption, or for readers who cannot see it):

- :func:`timeline_strip` / :func:`timeline_strip_summary`: a briefing's dated
  events on a time axis;
- :func:`events_chart` / :func:`events_chart_summary`: how many events (or
  briefings) fall in each day, week, month or year of a topic, with the days
  that matter picked out;
- :func:`players_network` / :func:`players_network_summary`: a player and the
  players most often seen with it; :func:`seen_together` counts them.

Every picture needs no JavaScript and no font.  It has a ``<title>`` and a
``<desc>`` (the summary, in full): ``role="img"`` named by both, or, when it
has links, ``role="group"`` named by the title and described by the desc,
with each link named by an ``aria-label`` and the rest hidden from assistive
technology (links inside an image are never announced).  Every text and
attribute is escaped and links are restricted to relative, http(s) and
mailto URLs.  Colours come from CSS custom properties (``--pic-accent``…,
else the theme's ``--accent``…, else a light and a dark literal chosen by
the page's ``color-scheme``; see :func:`style_sheet`), text is
``currentColor``.  A viewBox makes each 100% wide up to the width it was
drawn for.  :func:`responsive` pairs a wide and a narrow drawing of one
picture so that phones get labels at a readable size.

Typical use in a theme (Jinja)::

    {{ responsive(timeline_strip, article.timeline, article.date,
                  links=anchors, title="Timeline: " ~ article.title) }}
    <p class="caption">{{ timeline_strip_summary(article.timeline, article.date) }}</p>
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from ._svg import safe_href, style_sheet
from .chart import events_chart, events_chart_summary
from .network import Node, players_network, players_network_summary, seen_together
from .strip import timeline_strip, timeline_strip_summary

__all__ = [
    "Node",
    "events_chart",
    "events_chart_summary",
    "players_network",
    "players_network_summary",
    "responsive",
    "safe_href",
    "seen_together",
    "style_sheet",
    "timeline_strip",
    "timeline_strip_summary",
]

#: Below this width (CSS px) of the box it sits in, :func:`responsive` shows the narrow drawing.
BREAKPOINT = 560


def responsive(picture: Callable[..., Markup], *args, wide: int = 680, narrow: int = 360, **kwargs) -> Markup:
    """One picture drawn twice, ``wide`` and ``narrow`` px wide, in a
    ``<div class="bp-responsive">`` whose width picks one by a CSS container
    query (below 560 px: the narrow one), so the labels stay at a readable
    size on a phone. ``picture`` is one of the picture functions, called with
    ``args`` and ``kwargs``; an ``id`` given there gets ``-wide`` and
    ``-narrow`` appended. The hidden drawing is ``display: none``: out of
    the accessibility tree and the tab order. Empty when the picture is."""
    given = kwargs.pop("id", None)
    drawings = []
    for name, width in (("wide", wide), ("narrow", narrow)):
        ident = f"{given}-{name}" if given else None
        svg = picture(*args, width=width, id=ident, **kwargs)
        if not svg:
            return Markup("")
        drawings.append(Markup(str(svg).replace('class="bp ', f'class="bp-{name} bp ', 1)))
    return Markup('<div class="bp-responsive">') + drawings[0] + drawings[1] + Markup("</div>")
