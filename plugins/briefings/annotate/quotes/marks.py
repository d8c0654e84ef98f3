"""Pairing quotation marks into quoted spans, paragraph by paragraph.

Any style counts: curly “ ” and ‘ ’, straight " and ', the typewriter ''
pair, guillemets and „.  Straight marks carry no direction, so whether a mark
opens or closes is read from the characters on either side of it.  Single
marks are only taken at the top level (inside a double-quoted span they are a
quote within the quote) and must sit at word edges, since ’ and ' are also
apostrophes.

A paragraph that opens a quote and never closes it continues the quote in the
next paragraph when that one opens with a mark again (the usual convention for
long quotations); each paragraph's part becomes its own :class:`Span`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
_MARK = re.compile("''|``|[\"“”„«»‘’']")
#: Paragraphs are lines (articles separate them by one or two newlines),
#: from their first visible character.
_PARAGRAPH = re.compile(r"[^\s][^\n]*")
#: Characters after which a straight mark opens rather than closes.
_OPENS_AFTER = " \t\n([{—–-/"
#: Left-over markup (<a href="…">), whose marks quote nothing.
_TAG = re.compile(r"<[^<>]*>")
_LETTER = re.compile(r"[^\W\d_]")
#: Elisions written with a leading apostrophe, not opening quotes.
_ELISION = re.compile(r"(?:em|til|n|cause|tis|twas|\d0s|\d\d)\b", re.IGNORECASE)


@dataclass
class Span:
    """The text between a pair of marks (marks and outer spaces excluded)."""

    start: int
    end: int
    #: Offset of the opening mark.
    open_at: int
    #: Offset just past the closing mark (or the paragraph end).
    close_at: int
    #: True when the quote goes on in the next paragraph.
    continues: bool = False
    #: True when this span continues a quote from the previous paragraph.
    continuation: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


def _role(text: str, start: int, end: int) -> str:
    """Whether the mark at ``text[start:end]`` opens, closes, or is unclear."""
    mark = text[start:end]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    space_before = before in _OPENS_AFTER or before in "\"“‘'"
    space_after = after.isspace() or after in ".,;:!?)]}—–-\"”’'"
    if mark in DOUBLE_OPEN or mark in SINGLE_OPEN or mark == "``":
        return "close" if space_after and not space_before else "open"
    if mark in DOUBLE_CLOSE or mark in SINGLE_CLOSE:
        return "open" if space_before and not space_after else "close"
    if space_before and not space_after:
        return "open"
    if space_after and not space_before:
        return "close"
    return "either"


def _is_double(mark: str) -> bool:
    return mark not in ("'", SINGLE_OPEN, SINGLE_CLOSE)


def _family(mark: str) -> str:
    if mark == '"':
        return "straight"
    return "typewriter" if mark in ("''", "``") else "curly"


def _single_opens(text: str, start: int, end: int, para_end: int) -> bool:
    """A single mark opens a quote only at a word start that is no elision."""
    before = text[start - 1] if start else " "
    if before.isalnum() or end >= para_end or not text[end].isalnum():
        return False
    return not _ELISION.match(text, end)


def _single_closes(text: str, start: int, end: int) -> bool:
    """A single mark closes at a word end: after a letter or stop, not mid-word."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isspace() or after.isalnum():
        return False
    # A plural possessive ("the voters’ anger") ends a word with a mark too.
    return not (before == "s" and after == " " and text[end + 1 : end + 2].islower())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _opens_paragraph(text: str, start: int, end: int) -> bool:
    match = _MARK.match(text, start)
    return bool(match) and match.end() <= end and _is_double(match.group())


def quoted_spans(text: str) -> list[Span]:
    """Every top-level quoted span of ``text``, in text order."""
    spans: list[Span] = []
    paragraphs = _paragraphs(text)
    carried = False
    for index, (p_start, p_end) in enumerate(paragraphs):
        spans_here, carried = _paragraph_spans(text, p_start, p_end, carried)
        if carried:
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            carried = bool(following) and _opens_paragraph(text, *following)
            if spans_here and carried:
                spans_here[-1].continues = True
            elif spans_here and not _plausible_unclosed(text, spans_here[-1], p_start):
                spans_here.pop()
        spans.extend(s for s in spans_here if _LETTER.search(text, s.start, s.end))
    return spans


def _plausible_unclosed(text: str, span: Span, p_start: int) -> bool:
    """An unclosed quote that is not continued is kept only if it opens the
    paragraph or follows a colon: otherwise the mark is more likely a stray
    (inches, a damaged character) than a quotation."""
    before = text[p_start : span.open_at].rstrip()
    return not before or before.endswith(":")


def _paragraph_spans(
    text: str, p_start: int, p_end: int, carried: bool
) -> tuple[list[Span], bool]:
    """Spans of one paragraph, and whether a double quote is left open."""
    pairer = _Pairer(text, p_start, p_end, carried)
    for match in _MARK.finditer(text, p_start, p_end):
        if match.start() in pairer.tags:
            continue
        if _is_double(match.group()):
            pairer.double(match.start(), match.end())
        else:
            pairer.single(match.start(), match.end())
    return pairer.finish()


class _Pairer:
    """The state of pairing the marks of one paragraph, left to right."""

    def __init__(self, text: str, start: int, end: int, carried: bool):
        self.text, self.start, self.end, self.carried = text, start, end, carried
        self.tags = {i for tag in _TAG.finditer(text, start, end) for i in range(*tag.span())}
        self.spans: list[Span] = []
        self.open_at: int | None = None  # the open double mark
        self.family: str | None = None  # its style: curly, straight or typewriter
        self.nested = False  # inside a quotation within it, in another style
        self.single_at: int | None = None  # the open single mark (top level)
        self.content = start

    def double(self, m_start: int, m_end: int) -> None:
        mark = self.text[m_start:m_end]
        role = _role(self.text, m_start, m_end)
        if self.open_at is not None and self.family != _family(mark):
            # Another style inside the quotation: a quotation within it, or,
            # in careless text, the mark that closes it (“…").
            if self.nested or role != "close":
                self.nested = not self.nested
                return
        if self.open_at is None and role != "close":
            self.open_at, self.content, self.single_at = m_start, m_end, None
            self.family, self.nested = _family(mark), False
        elif self.open_at is not None and role != "open":
            self.spans.append(_span(self.text, self.open_at, self.content, m_start, m_end))
            self.open_at = None
        elif self.open_at is not None:
            # Two openings in a row: the first was a stray; start again here.
            self.open_at, self.content = m_start, m_end

    def single(self, m_start: int, m_end: int) -> None:
        if self.open_at is not None:
            return
        if self.single_at is None:
            if _single_opens(self.text, m_start, m_end, self.end):
                self.single_at, self.content = m_start, m_end
        elif _single_closes(self.text, m_start, m_end):
            self.spans.append(_span(self.text, self.single_at, self.content, m_start, m_end))
            self.single_at = None

    def finish(self) -> tuple[list[Span], bool]:
        still_open = self.open_at is not None
        if still_open:
            self.spans.append(_span(self.text, self.open_at, self.content, self.end, self.end))
        if self.carried and self.spans and self.spans[0].open_at == self.start:
            self.spans[0].continuation = True
        return self.spans, still_open


def _span(text: str, open_at: int, content: int, close: int, close_at: int) -> Span:
    start, end = _trim(text, content, close)
    return Span(start, end, open_at, close_at)
