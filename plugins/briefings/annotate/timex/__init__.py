"""Temporal expressions, found and normalised TIMEX3-style.

:mod:`.find` is the entry point (``find_timexes``, ``normalise``); the
other modules are described there.
"""
