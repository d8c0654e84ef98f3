"""Benchmarks and accuracy evaluations on ../shared/data (``make eval``)."""
