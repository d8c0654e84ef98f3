"""The editor's file: who is who, as the site's editor decides it.

The site finds its players' identities by itself (:mod:`briefings.entities`);
where it is wrong, the editor writes ``content/players.conf``, and on the
next build the file wins::

    # Who is who on this site.  One instruction a line; "#" starts a comment.
    # A player is named by its id (as in its page's address, players/<id>/)
    # or by any name the site knows it by (case, accents and "the" ignored).

    # Two players the site kept apart are one:
    merge: Putin | Vladimir Putin

    # One player the site joined is two: the mentions in some briefings
    # (by their slugs, as in their addresses), or those by one name, become
    # a player of their own, with the name (and kind) given:
    split: Sullivan | briefings: geneva-talks, nato-summit | name: Sean Sullivan
    split: George Bush | alias: Bush Sr. | name: George H. W. Bush

    # The name a player's page is titled with, and its kind:
    name: vladimir-putin | Vladimir Putin
    kind: Hamas | organization

    # No page for it, and no links to one:
    hide: Reuters

Instructions apply in the order written, each to the result of those before
it: a player made by a ``split`` can be named (by its new name) below it.
A merged player keeps the first one's id; a player split off gets an id
from its name.  A line that cannot be read, or that names no player or a
name several players share (use the id then), is reported as
``content/players.conf:LINE: what is wrong`` and left out; the rest of the
file still applies.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from briefings.errors import BriefingError
from briefings.model import PLAYER_KINDS
from briefings.names import base_key
from briefings.slugs import slugify

#: The file's usual place in a site's sources.
FILE_NAME = "players.conf"
VERBS = ("merge", "split", "name", "kind", "hide")


@dataclass
class Instruction:
    verb: str
    line: int
    #: The players the instruction names (for ``split``: the one to split).
    players: list[str]
    #: ``split``: briefing slugs or an alias; ``name``/``kind``: the value.
    briefings: list[str] = field(default_factory=list)
    alias: str | None = None
    name: str | None = None
    kind: str | None = None
    text: str = ""


@dataclass
class EditorFile:
    """A parsed editor's file; ``errors`` holds its unreadable lines."""

    path: str
    instructions: list[Instruction] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_editor_file(path: str | os.PathLike) -> EditorFile:
    """The editor's file at ``path`` (none there: an empty one)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return EditorFile(os.fspath(path))
    except (OSError, UnicodeDecodeError) as error:
        return EditorFile(os.fspath(path), errors=[str(BriefingError(path, f"cannot be read: {error}"))])
    return parse_editor_file(text, path)


def parse_editor_file(text: str, path: str | os.PathLike = FILE_NAME) -> EditorFile:
    parsed = EditorFile(os.fspath(path))
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _without_comment(raw).strip()
        if not line:
            continue
        try:
            parsed.instructions.append(_instruction(line, number, path))
        except BriefingError as error:
            parsed.errors.append(str(error))
    return parsed


def _without_comment(line: str) -> str:
    if line.lstrip().startswith("#"):
        return ""
    cut = line.find(" #")
    return line if cut < 0 else line[:cut]


def _instruction(line: str, number: int, path) -> Instruction:
    verb, colon, rest = line.partition(":")
    verb = verb.strip().lower()
    if not colon or verb not in VERBS:
        raise BriefingError(path, f"an instruction starts with one of {', '.join(v + ':' for v in VERBS)}", number)
    fields = [f.strip() for f in rest.split("|")]
    if any(not f for f in fields):
        raise BriefingError(path, f"an empty field in '{verb}:' (fields are separated by '|')", number)
    made = Instruction(verb, number, [], text=line)
    if verb == "merge":
        if len(fields) < 2:
            raise BriefingError(path, "merge needs two players or more: 'merge: A | B'", number)
        made.players = fields
    elif verb == "hide":
        made.players = fields
    elif verb in ("name", "kind"):
        if len(fields) != 2:
            raise BriefingError(path, f"{verb} needs a player and a {verb}: '{verb}: player | {verb}'", number)
        made.players = [fields[0]]
        if verb == "kind":
            kind = fields[1].lower()
            if kind not in PLAYER_KINDS:
                raise BriefingError(path, f"unknown kind {fields[1]!r} (one of: {', '.join(PLAYER_KINDS)})", number)
            made.kind = kind
        else:
            made.name = fields[1]
    else:  # split
        made.players = [fields[0]]
        for option in fields[1:]:
            key, colon, value = option.partition(":")
            key, value = key.strip().lower(), value.strip()
            if not colon or not value or key not in ("briefings", "alias", "name", "kind"):
                raise BriefingError(path, f"split takes 'briefings: slug, slug', 'alias: name', 'name: new name' "
                                          f"and 'kind: kind', not {option!r}", number)
            if key == "briefings":
                made.briefings = [slugify(s) for s in value.split(",") if s.strip()]
            elif key == "alias":
                made.alias = value
            elif key == "name":
                made.name = value
            else:
                if value.lower() not in PLAYER_KINDS:
                    raise BriefingError(path, f"unknown kind {value!r} (one of: {', '.join(PLAYER_KINDS)})", number)
                made.kind = value.lower()
        if bool(made.briefings) == bool(made.alias):
            raise BriefingError(path, "split needs either 'briefings: slug, slug' or 'alias: name'", number)
    return made


# --- applying it -------------------------------------------------------------


def apply_editor(editor: EditorFile, resolution, briefings, slugs: list[str]) -> list[str]:
    """Apply the editor's instructions to a :class:`~briefings.entities.
    Resolution` in place; returns the problems, one line each (the file's
    unreadable lines first)."""
    from briefings.entities import Identity

    errors = list(editor.errors)
    identities = resolution.identities
    finder = _Finder(identities)
    for instruction in editor.instructions:
        try:
            targets = [finder.find(name, editor.path, instruction.line) for name in instruction.players]
        except BriefingError as error:
            errors.append(str(error))
            continue
        if instruction.verb == "merge":
            keep = targets[0]
            for other in targets[1:]:
                if other is keep:
                    continue
                keep.mentions.extend(other.mentions)
                keep.fixed_name = keep.fixed_name or other.fixed_name
                keep.fixed_kind = keep.fixed_kind or other.fixed_kind
                identities.remove(other)
            _refresh(keep, briefings)
        elif instruction.verb == "split":
            source = targets[0]
            if instruction.briefings:
                wanted = set(instruction.briefings)
                moved = [m for m in source.mentions if slugify(slugs[m.briefing]) in wanted]
                what = "in briefings " + ", ".join(instruction.briefings)
            else:
                alias = base_key(instruction.alias)
                moved = [m for m in source.mentions if alias in {base_key(n) for n in (m.name, *m.aliases)}]
                what = f"called {instruction.alias!r}"
            if not moved:
                errors.append(str(BriefingError(editor.path, f"{instruction.players[0]!r} has no mention {what}",
                                                instruction.line)))
                continue
            kept = [m for m in source.mentions if m not in moved]
            new = Identity(id=_new_id(instruction, source, identities), key=f"split:{instruction.text}",
                           mentions=moved, fixed_name=instruction.name, fixed_kind=instruction.kind)
            identities.append(new)
            _refresh(new, briefings)
            if kept:
                source.mentions = kept
                _refresh(source, briefings)
            else:
                identities.remove(source)
        elif instruction.verb == "name":
            targets[0].fixed_name = instruction.name
            targets[0].name = instruction.name
        elif instruction.verb == "kind":
            targets[0].fixed_kind = instruction.kind
            targets[0].kind = instruction.kind
        else:
            for target in targets:
                target.hidden = True
        finder = _Finder(identities) if instruction.verb in ("merge", "split", "name") else finder
    of_player = [[None] * len(row) for row in resolution.of_player]
    of_speaker = [{} for _ in resolution.of_speaker]
    for identity in identities:
        for mention in identity.mentions:
            if mention.index >= 0:
                of_player[mention.briefing][mention.index] = identity
            else:
                of_speaker[mention.briefing][mention.name] = identity
    resolution.of_player, resolution.of_speaker = of_player, of_speaker
    return errors


def _refresh(identity, briefings) -> None:
    from briefings.entities import _kind, canonical_name

    identity.kind = identity.fixed_kind or _kind(identity.mentions)
    identity.name = identity.fixed_name or canonical_name(identity)


def _new_id(instruction: Instruction, source, identities) -> str:
    taken = {i.id for i in identities}
    base = slugify(instruction.name) if instruction.name else f"{source.id}-{_hash(instruction.text)}"
    made = base
    while made in taken:
        made = f"{base}-{_hash(made + instruction.text)}"
    return made


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


class _Finder:
    """Identities by id, by title and by any name of their mentions."""

    def __init__(self, identities):
        self.by_id = {i.id: i for i in identities}
        self.by_title: dict[str, dict] = {}
        self.by_name: dict[str, dict] = {}
        for identity in identities:
            self.by_title.setdefault(base_key(identity.name), {})[id(identity)] = identity
            for mention in identity.mentions:
                for name in (mention.name, *mention.aliases):
                    self.by_name.setdefault(base_key(name), {})[id(identity)] = identity

    def find(self, name: str, path, line: int):
        if name in self.by_id:
            return self.by_id[name]
        key = base_key(name)
        for table in (self.by_title, self.by_name):
            found = list(table.get(key, {}).values())
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                ids = ", ".join(sorted(i.id for i in found)[:6])
                raise BriefingError(path, f"{name!r} may be any of several players ({ids}): write its id", line)
        raise BriefingError(path, f"no player {name!r} on the site", line)
