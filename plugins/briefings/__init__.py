"""Briefings: annotated news briefings from raw articles.

The package is the core library: ingest (repair, header, byline), the
annotators, the one data model, and the Markdown briefing format.  It knows
nothing of Pelican; the site lives in the sibling ``briefings_site`` plugin.
"""

__version__ = "0.1.0"
