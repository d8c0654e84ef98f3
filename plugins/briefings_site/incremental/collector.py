"""Keeping Python's cyclic garbage collector off the build's own objects.

A build holds every article it read (from Pelican's cache: millions of
objects) until it ends, and each full collection walks all of them: at a few
thousand articles, the handful of full collections a build triggers, and the
one Python runs when the process exits, took about a quarter of a warm
build. So the objects alive at each point where the build has made what it
keeps are frozen (``gc.freeze``): collections then walk only what was made
since. Garbage is still freed by reference counting; only a cycle made
before a freeze and dropped after it waits for the next build of the same
process (``pelican --autoreload``), which unfreezes and
collects once before it freezes again.

While Pelican reads its cache, there is no collection at all: unpickling
makes those millions of objects and no garbage, yet set off collections
that walked all that was read so far (at 20,000 articles, three quarters
of the time spent reading the cache).
"""

from __future__ import annotations

import gc


def reclaim() -> None:
    """At the start of a build: reclaim an earlier build of this process,
    and collect as usual (a build that failed may have left it paused)."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.enable()


def pause() -> None:
    """Before Pelican reads its cache: collect nothing until it is read."""
    gc.disable()


def cache_read() -> None:
    """Pelican's cache is read: freeze it, and collect again."""
    gc.freeze()
    gc.enable()


def keep(*_) -> None:
    """Freeze what the build made so far and keeps (the articles read, the
    site index, or at the end everything, so that exiting walks nothing)."""
    gc.freeze()
