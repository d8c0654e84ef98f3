"""What the annotators read off spaCy's dependency parse alike: the labels
of subjects and auxiliaries, and the walks from a span to the verb it hangs
from.

Labels are ClearNLP's, as spaCy's English models give them.  spaCy itself
is not imported here, so that importing this module stays light.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: The subject of a verb, active or passive.
SUBJECTS = ("nsubj", "nsubjpass")
#: Any subject of a clause: also "there" in "there were talks" (``expl``) and
#: a clause as subject ("what he said angered them": ``csubj``).
CLAUSE_SUBJECTS = (*SUBJECTS, "expl", "csubj")
#: Auxiliaries of a verb, active or passive ("has", "will", "was" in "was told").
AUXILIARIES = ("aux", "auxpass")
#: Parts of speech of the word heading a clause.
VERBS = ("VERB", "AUX")


def governing_verb(span: Span) -> Token | None:
    """The verb of the clause ``span`` belongs to, climbing the parse from its root."""
    token = span.root
    while token.pos_ not in VERBS and token.head.i != token.i:
        token = token.head
    return token if token.pos_ in VERBS else None


def heads_above(span: Span, frame: tuple[int, int]) -> Iterator[Token]:
    """The words outside ``span`` that its words hang from, nearest first,
    within the token bounds ``frame``."""
    lo, hi = frame
    for token in span:
        head = token.head
        while not span.start <= head.i < span.end and lo <= head.i < hi:
            yield head
            if head.head.i == head.i:
                break
            head = head.head


def verb_above(span: Span, frame: tuple[int, int]) -> Token | None:
    """The nearest verb outside ``span`` that its words hang from, within ``frame``."""
    for head in heads_above(span, frame):
        if head.pos_ in VERBS:
            return head
    return None
