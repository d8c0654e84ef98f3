"""Telling quotations from titles, names and headings, and whole from partial.

A title, a name or a heading in quotation marks is no quotation.  It shows by
its surroundings: a word such as "program" or "titled" before it, or
"program" after it; "so-called" or "known (to colleagues) as" before it; a
participle "called" naming the noun before it (a group called “Open
Streets”); the noun for a work it is in apposition to (Davis' commentary,
“Melania, tell your immigrant story,”); a nickname between given name and
surname (Robert C. “Bobby” Scott); a Title-Cased phrase after a possessive
or a preposition ("on CBS's “Face the Nation”") or standing as a paragraph
of its own (a section heading).  A quotation that is all in parentheses is a
stage direction of a transcript ("(CROSSTALK)").  A term qualifying a noun
(:func:`modifies_noun`, the “Cinderella” label) is no quotation of the cue
whose topic that noun is.

A quotation is *partial* when it is a fragment of the article's own sentence
(called Ukraine a “protectorate”), not an utterance that stands on its own
after a full stop, a colon or the comma of its cue.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from briefings.annotate.quotes.marks import Span

#: Nouns for works and names: next to a Title-Cased quotation they make it a
#: title ("the program “Putin.”", "his “Keepin' It Real” radio program").
_WORKS = frozenset(
    """program programme show series film movie documentary book novel memoir
    song album record play poem article essay column headline episode podcast
    magazine slogan hashtag motto nickname commentary editorial op-ed anthem
    hymn newsletter blog website""".split()
)
#: Words after which anything quoted is a title or a name.
_TITLING = frozenset(
    "titled entitled named nicknamed headlined labelled labeled so-called".split()
)
#: Words that make what follows a name: "so-called", "known (to colleagues)
#: as (the)", "billed as".
_NAME_BEFORE = re.compile(
    r"\b(?:so-called|(?:known|billed)(?: \w+){0,3} as)(?: the| a| an| his| her| their| its)?[\s(]*$",
    re.IGNORECASE,
)
_NAMING = frozenset("call dub name nickname title".split())
_MINOR = frozenset("a an the of and or in on at to for with by from as vs nor but".split())
_WORD = re.compile(r"[^\W_][\w'’.-]*")
_TITLE_MAX_WORDS = 8


def is_title_cased(text: str) -> bool:
    """Every word capitalised but the minor ones ("Face the Nation")."""
    words = _WORD.findall(text)
    if not words or len(words) > _TITLE_MAX_WORDS or not words[0][0].isupper():
        return False
    return all(not w[0].islower() or w.lower() in _MINOR for w in words)


def is_stage_direction(words: str) -> bool:
    """A transcript's stage direction: "(CROSSTALK)", "(LAUGHTER.)"."""
    words = words.strip()
    return words.startswith("(") and words.rstrip(".").endswith(")")


def _naming_participle(doc: Doc, word) -> bool:
    """"called" naming the noun right before it: a group called “Open
    Streets” (not "Tim Cook, called “total political crap”", which the parser
    may hang the same way)."""
    if word.lemma_.lower() not in _NAMING or word.dep_ != "acl" or word.i == 0:
        return False
    noun = doc[word.i - 1]
    return noun.i == word.head.i and noun.ent_type_ != "PERSON"


def _named_work(text: str, span: Span, before) -> bool:
    """A title in apposition to the work it names, whatever its case: Ouisa
    Davis' commentary, “Melania, tell your immigrant story,” is …  (Not the
    work a quotation comes from: "In a column, “We must act,” she wrote.")"""
    if before is None or not _is_work(before) or before.dep_ == "pobj":
        return False
    return text[before.idx + len(before) : span.open_at].strip() in ("", ",")


def is_title(doc: Doc, text: str, span: Span, outer: TokenSpan, left: int) -> bool:
    """Whether the quoted ``span`` of ``text`` (``doc.text``) is a title, a
    name or a heading."""
    words = text[span.start : span.end]
    if is_stage_direction(words):
        return True
    before = _word_before(doc, outer.start, left)
    if before is not None and (
        before.lower_ in _TITLING or _naming_participle(doc, before)
    ):
        return True
    if _NAME_BEFORE.search(text, max(0, span.open_at - 60), span.open_at) or _named_work(text, span, before):
        return True
    if not is_title_cased(words):
        return False
    after = doc[outer.end] if outer.end < len(doc) else None
    if after is not None and after.dep_ in ("compound", "amod"):
        after = after.head
    return (
        _alone(text, span)
        or _is_nickname(doc, outer, words)
        or any(w is not None and _is_work(w) for w in (before, after))
        or (before is not None and (before.tag_ == "POS" or before.pos_ == "ADP"))
    )


def modifies_noun(doc: Doc, outer: TokenSpan) -> bool:
    """Whether the quotation qualifies the noun after it, as a term does:
    the “Cinderella” label, the notorious “carried interest” loophole,
    scorched “smart” chargers."""
    if outer.end >= len(doc) or len(outer) > 6:
        return False
    after = doc[outer.end]
    if after.pos_ not in ("NOUN", "PROPN"):
        return False
    inside = [t for t in outer if not t.is_punct]
    return bool(inside) and all(outer.start <= t.head.i < outer.end or t.head.i == after.i for t in inside) and any(
        t.head.i == after.i and t.dep_ in ("compound", "amod", "nmod") for t in inside
    )


def _alone(text: str, span: Span) -> bool:
    """Whether the quotation is a paragraph of its own (a heading)."""
    line_start = text.rfind("\n", 0, span.open_at) + 1
    line_end = text.find("\n", span.close_at)
    after = text[span.close_at : line_end if line_end >= 0 else len(text)]
    return not text[line_start : span.open_at].strip() and not after.strip(" .")


def _is_nickname(doc: Doc, outer: TokenSpan, words: str) -> bool:
    """Robert C. “Bobby” Scott: a name between given name and surname."""
    if outer.start == 0 or outer.end >= len(doc) or len(words.split()) > 2:
        return False
    return doc[outer.start - 1].pos_ == "PROPN" and doc[outer.end].pos_ == "PROPN"


def _word_before(doc: Doc, start: int, left: int):
    i = start - 1
    while i >= left and doc[i].is_punct:
        i -= 1
    return doc[i] if i >= left else None


def _is_work(word) -> bool:
    """A noun for a work ("program", "book"), not a verb ("shown")."""
    return word.pos_ in ("NOUN", "PROPN") and (word.lower_ in _WORKS or word.lemma_.lower() in _WORKS)


def is_partial(text: str, span: Span, resumes: bool) -> bool:
    """A fragment of the article's sentence rather than a whole utterance.

    ``resumes`` tells that an earlier quotation in the same sentence precedes
    this one: after a comma, this is then the second half of an interrupted
    quotation ("“…,” he said, “and …”"), whole however it begins.
    """
    if span.continuation:
        return False
    p_start = text.rfind("\n", 0, span.open_at) + 1
    before = text[p_start : span.open_at].rstrip()
    if not before or before[-1] in ".?!:":
        return False
    if not before.endswith(","):
        return True
    return not (resumes or text[span.start : span.start + 1].isupper())
