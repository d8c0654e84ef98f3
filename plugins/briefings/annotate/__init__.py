"""The annotators: players, quotes, temporal expressions and the timeline.

They know nothing of Pelican: each takes one parsed spaCy ``Doc`` of the
cleaned article text and returns model objects whose offsets index that text.
:mod:`briefings.annotate.pipeline` runs them all.  This package's own import
is light, so that a warm build never imports spaCy.
"""
