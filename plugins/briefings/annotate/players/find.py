"""Players: the people, organisations, places and groups an article names.

:func:`find_players` collects candidate mentions (``players.mentions``), merges
them into players (``players.merging``), finds the mentions spaCy missed by
looking for the players' names again, and reads roles off the parse
(``players.roles``).  :func:`rank_players` (``players.salience``) orders them
once quotes are attributed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from briefings.annotate.nlp import doc_text, load_nlp
from briefings.annotate.players import world
from briefings.annotate.players.listings import list_siblings, listing_mentions, prose_teams
from briefings.annotate.players.mentions import (
    LABEL_KINDS,
    Mention,
    collect_mentions,
    credit_ranges,
)
from briefings.annotate.players.merging import (
    bracketed_acronyms,
    canonical,
    cluster,
    drop_products,
    kind_of,
    norm_key,
    resolve_parts,
)
from briefings.annotate.players.roles import best_role, role_of
from briefings.annotate.players.salience import rank_players
from briefings.model import Player

__all__ = ["find_players", "rank_players"]


def find_players(doc: Doc, title: str = "", exclude: Iterable[str] = ()) -> list[Player]:
    """The players named in ``doc.text``, merged across mentions.

    ``title`` is the headline: it helps tell what a name is, but only names
    that occur in the text make players.  ``exclude`` names contributors and
    bylines, who are never players.
    """
    nlp = load_nlp()
    strong = listing_mentions(doc)
    prose = [m for m in prose_teams(doc) if not any(s.start < m.end and m.start < s.end for s in strong)]
    strong += prose
    candidates = strong + [
        m
        for m in collect_mentions(doc, title, nlp)
        if m.in_title or not any(s.start < m.end and m.start < s.end for s in strong)
    ]
    # the teams of a result told in a sentence say nothing of the other names in it
    candidates += list_siblings(doc, [m for m in candidates if not any(m is p for p in prose)])
    candidates = _drop_common_words(doc, candidates)
    candidates = [m for m in candidates if not _not_a_player(doc, m)]
    candidates = _drop_quoted_titles(doc, candidates)
    candidates += bracketed_acronyms(doc_text(doc), candidates)
    mentions = _drop_excluded(drop_products(resolve_parts(candidates)), exclude)
    clusters = [_before_introduction(doc, ms) for ms in cluster(mentions)]
    clusters = [ms for ms in clusters if any(not m.in_title for m in ms)]
    _add_missed(doc, clusters, candidates, nlp.make_doc)
    return [_player(doc, ms) for ms in clusters]


def _drop_common_words(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Drop one-word "names" the article also writes in lower case ("Women")."""
    lower = {t.text for t in doc if t.is_lower}
    return [
        m
        for m in mentions
        if m.strong or len(m.words) > 1 or m.text.isupper() or m.text.lower() not in lower
    ]


#: Titles whose "of" phrase is part of the title, not a player: "Secretary
#: of the Interior", "Minister of State", "Secretary of Defense".
TITLE_HEADS = frozenset(
    """secretary minister undersecretary commissioner chancellor director attorney lord president chairman
    chairwoman chair governor""".split()
)


def _not_a_player(doc: Doc, mention: Mention) -> bool:
    """A time zone, a currency code beside an amount, a company's legal form
    alone, an event ("World Cup"), a label before a colon ("Attendance:"),
    or a single word cut from a title ("Interior" from "Secretary of the
    Interior")."""
    text = mention.text
    if world.is_time_zone(text) or world.is_legal_form(text) or world.is_event(text):
        return True
    span = mention.span if mention.span is not None and mention.span.doc is doc else None
    if span is None:
        return False
    if world.is_currency_code(text) and _beside_an_amount(span):
        return True
    if len(span) == 1 and span.end < len(doc) and doc[span.end].text == ":" and (
        span.start == 0 or "\n" in doc[span.start - 1].text or doc[span.start - 1].is_space
    ):
        return True  # "Attendance: 30,000", "Scorer: ..."
    root = span.root
    return (
        len(mention.words) == 1
        and root.dep_ == "pobj"
        and root.head.lower_ == "of"
        and root.head.head.lower_ in TITLE_HEADS
        and root.head.head.is_title
    )


def _beside_an_amount(span) -> bool:
    doc = span.doc
    near = [doc[i] for i in (span.start - 1, span.end) if 0 <= i < len(doc)]
    return any(t.like_num or t.ent_type_ in ("MONEY", "CARDINAL", "QUANTITY") for t in near)


_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def quoted_ranges(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks."""
    return [(m.start() + 1, m.end() - 1) for m in _QUOTE.finditer(doc_text(doc))]


def _before_introduction(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """A person's surname is no mention of them inside a quotation that
    comes before the article names them in full: a word of the speaker's
    ("“We are running on Hope,” said Daniel Hope")."""
    full = [m.start for m in mentions if not m.in_title and len(m.words) > 1 and m.label == "PERSON"]
    if not full:
        return mentions
    quotes = quoted_ranges(doc)
    return [
        m
        for m in mentions
        if m.in_title
        or len(m.words) > 1
        or m.start > min(full)
        or not any(a <= m.start and m.end <= b for a, b in quotes)
    ]


def _drop_quoted_titles(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Drop a name that is the whole of what a pair of quotation marks
    holds: the title of a programme, book or song ("the program, “Putin.”"),
    not a mention of whoever bears the name."""
    titles = set()
    text = doc_text(doc)
    for start, end in quoted_ranges(doc):
        inner = text[start:end].rstrip(" .,!?;:")
        if inner and len(inner.split()) <= 8:
            titles.add((start, start + len(inner)))
    return [m for m in mentions if m.in_title or (m.start, m.end) not in titles]


def _drop_excluded(mentions: list[Mention], exclude: Iterable[str]) -> list[Mention]:
    """Drop contributors, and their surnames unless someone else bears them."""
    names = {norm_key(n) for n in exclude if n.strip()}
    surnames = {n.split()[-1] for n in names}
    others = {
        norm_key(m.text).split()[-1]
        for m in mentions
        if len(m.words) > 1 and norm_key(m.text) not in names
    }
    surnames -= others
    return [m for m in mentions if norm_key(m.text) not in names | surnames]


def _add_missed(
    doc: Doc, clusters: list[list[Mention]], candidates: list[Mention], make_doc
) -> None:
    """Add the occurrences of each player's names that NER did not tag.

    A person's surname counts as one of their names.  A name used for two
    players (a shared surname) is left alone, and so is anything inside
    another entity ("May" in a date, a contributor's name).
    """
    owner: dict[str, int] = {}
    for index, ms in enumerate(clusters):
        texts = {m.text for m in ms if not m.in_title}
        if kind_of(ms) == "person":
            texts |= {t.split()[-1] for t in texts if t.split()[-1].istitle()}
        for text in texts:
            owner[text] = index if owner.get(text, index) == index else -1
    matcher = PhraseMatcher(doc.vocab)
    for text, index in owner.items():
        if index >= 0:
            matcher.add(str(index), [make_doc(text)])
    # quoted words are the speaker's, not a mention found by string ("running on Hope")
    taken = [(m.start, m.end) for m in candidates if not m.in_title] + credit_ranges(doc) + quoted_ranges(doc)
    for match_id, start, end in matcher(doc):
        span = doc[start:end]
        if any(a < span.end_char and span.start_char < b for a, b in taken):
            continue
        if any(t.ent_type_ and t.ent_type_ not in LABEL_KINDS for t in span):
            continue
        if span[0].ent_iob_ == "I" or (end < len(doc) and doc[end].ent_iob_ == "I"):
            continue  # part of a longer name
        if not all(t.pos_ == "PROPN" for t in span if t.is_alpha):
            continue
        index = int(doc.vocab.strings[match_id])
        clusters[index].append(Mention(span.text, span.start_char, span.end_char, "", span=span))
        taken.append((span.start_char, span.end_char))


def _player(doc: Doc, mentions: list[Mention]) -> Player:
    name, aliases = canonical(mentions)
    kind = kind_of(mentions)
    body = sorted((m for m in mentions if not m.in_title), key=lambda m: m.start)
    roles: list[str] = []
    if kind == "person":
        for mention in body:
            if mention.span is not None and mention.span.doc is doc:
                role = role_of(mention.span)
                if role and role not in roles:
                    roles.append(role)
    return Player(
        name=name,
        kind=kind,
        role=best_role(roles),
        mentions=len(body),
        aliases=aliases,
        spans=[(m.start, m.end) for m in body],
        roles=roles,
    )
