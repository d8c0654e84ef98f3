"""The annotators: players, quotes, temporal expressions and the timeline.

They know nothing of Pelican: each takes one parsed spaCy ``Doc`` of the
cleaned article text and returns model objects whose offsets index that text.
:mod:`briefings.annotate.pipeline` runs them all.  This package's own import
is light, so that a warm build never imports spaCy (and so are those of its
sub-packages).

By stage: ``players/``, ``quotes/`` and ``timex/`` (each with a ``find``
module as its entry point), ``timeline`` (dated events from the temporal
expressions), ``syntax`` (what the stages read off the dependency parse
alike), ``nlp`` (the shared spaCy pipeline) and ``pipeline``.
"""
