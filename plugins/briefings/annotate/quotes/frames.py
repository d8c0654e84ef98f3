"""The attribution frame of each quotation: the rest of its sentence.

spaCy's sentence splits are unreliable around quotation marks (a quotation
ending in a full stop is often cut off from its "he said"), so sentences are
found here by scanning tokens for a stop or a line break, stepping over other
quotations as wholes: a quotation that ends its sentence ("“…done.” Then")
ends the frame, one that does not ("“…,” he said, “…”") belongs to it.
"""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as TokenSpan

from briefings.annotate.quotes.marks import Span

_STOPS = frozenset(".?!")


def sentence_goes_on(text: str, span: Span) -> bool:
    """Whether the sentence continues after the closing mark: not when the
    quotation ended on a full stop and a new sentence or paragraph follows.
    ("“Why?” Smith asked" goes on: a question or exclamation needs no
    lower-case word to be followed by its cue.)"""
    after = text[span.close_at : span.close_at + 3].lstrip(" ")
    if not after or after[0] == "\n":
        return False
    return text[span.start : span.end][-1:] != "." or after[0].islower()


class Frames:
    """Token extents of the quotations of ``doc`` and of their sentences."""

    def __init__(self, doc: Doc, text: str, spans: list[Span]):
        self.doc = doc
        self.spans = spans
        self.outers = [self.tokens(s.open_at, s.close_at) for s in spans]
        self.goes_on = [sentence_goes_on(text, s) for s in spans]
        #: For each token, the index of the quotation it is part of, or -1.
        self.quote_of = [-1] * len(doc)
        for index, outer in enumerate(self.outers):
            self.quote_of[outer.start : outer.end] = [index] * len(outer)

    def tokens(self, start: int, end: int) -> TokenSpan:
        """The tokens covering the characters ``start:end``."""
        return self.doc.char_span(start, end, alignment_mode="expand")

    def quoted(self, i: int) -> bool:
        return self.quote_of[i] >= 0

    def _ends_sentence(self, i: int) -> bool:
        text = self.doc[i].text
        return text in _STOPS or "\n" in text

    def frame(self, index: int) -> tuple[int, int]:
        """Token bounds ``(left, right)`` of the sentence around quotation
        ``index``, the quotation included."""
        outer = self.outers[index]
        left = outer.start
        while left > 0:
            other = self.quote_of[left - 1]
            if other >= 0:
                if not self.goes_on[other]:
                    break
                left = self.outers[other].start
            elif self._ends_sentence(left - 1):
                break
            else:
                left -= 1
        right = outer.end
        while self.goes_on[index] and right < len(self.doc):
            other = self.quote_of[right]
            if other >= 0:
                right = self.outers[other].end
                if not self.goes_on[other]:
                    break
            elif self._ends_sentence(right):
                right += 1
                break
            else:
                right += 1
        return left, right

    def sentence_before(self, i: int) -> tuple[int, int]:
        """Token bounds of the last sentence ending before token ``i``
        (across a paragraph break), quotations stepped over."""
        end = i
        while end > 0 and self.doc[end - 1].is_space:
            end -= 1
        start = end - 1
        while start > 0 and not (
            self.quote_of[start - 1] < 0 and self._ends_sentence(start - 1)
        ):
            start -= 1
        return max(start, 0), end
