"""Accuracy measurements of the annotators against public data sets, and the
build benchmark: run from the repository's root (``make eval``, ``make
bench``), not installed with the package."""
