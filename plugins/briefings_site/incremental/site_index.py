"""The site index kept between builds: who is who across every briefing
costs about 2 s at 2,000 briefings and 11 s at 20,000, and a rebuild that
changed no briefing and not the editor's file gets the same index.

It is kept under a key made of the code's version, every briefing (in
order, by the digest of its annotations), their slugs and the editor's
file as read; with positions in place of the build's references (the
briefings' cards), which :func:`with_references` puts back.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from briefings.cache import code_version
from briefings.entities import no_collection
from briefings.files import write_whole
from briefings.site_index import SiteIndex, build_site_index
from briefings_site.incremental.render_keys import _pickled_digest


def cached_site_index(folder: Path, briefings: list, slugs: list[str], editor) -> SiteIndex[int]:
    """The site index of ``briefings`` (references: their positions), the
    one kept last build when nothing it depends on changed."""
    key = _key(briefings, slugs, editor)
    path = Path(folder) / "site-index.pickle"
    try:
        # Loading makes objects by the million: the collector would walk
        # them over and over (four times the load's own time).
        with open(path, "rb") as file, no_collection():
            kept_key, index = pickle.load(file)
        if kept_key == key:
            return index
    except (OSError, EOFError, ValueError, TypeError, AttributeError, ImportError, pickle.UnpicklingError):
        pass  # none yet, or damaged: made anew
    index = build_site_index(list(enumerate(briefings)), editor=editor, slugs=slugs)
    with no_collection():
        write_whole(path, pickle.dumps((key, index), protocol=pickle.HIGHEST_PROTOCOL))
    return index


def with_references(index: SiteIndex[int], references: list) -> SiteIndex:
    """``index`` with each position replaced by the reference at that
    position (in place)."""
    refs = references
    for player in index.players:
        player.briefings = [refs[n] for n in player.briefings]
        player.roles = [(role, refs[n]) for role, n in player.roles]
        player.quotes = [(quote, refs[n]) for quote, n in player.quotes]
        player.timeline = [(entry, refs[n]) for entry, n in player.timeline]
        for spell in player.role_history:
            spell.sources = [refs[n] for n in spell.sources]
        for item in player.quotes_in_context:
            item.source = refs[item.source]
    index.timeline = [(group, [(entry, refs[n]) for entry, n in entries]) for group, entries in index.timeline]
    index.quotes = [(speaker, [(quote, refs[n]) for quote, n in quotes]) for speaker, quotes in index.quotes]
    return index


def _key(briefings: list, slugs: list[str], editor) -> str:
    digest = hashlib.sha256()
    for part in (code_version(), *(_pickled_digest(b) for b in briefings), *(slugs or ()),
                 _pickled_digest(editor) if editor is not None else ""):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()
