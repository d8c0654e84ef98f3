"""The annotation pipeline: one parse, then the annotators in the order
their inputs need (quotes are attributed to players; players are ranked
knowing who is quoted).

The parse of a long text is made in pieces (see :func:`parse_many`): spaCy
parses a text with every layer's activations for all its words at once,
about 3 KB a character, so one article near the length limit took 3 GB
whole. In pieces of :data:`PIECE_CHARS`, joined into one ``Doc``, it takes
a few hundred megabytes, and the annotators read one document as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from briefings.annotate.nlp import load_nlp
from briefings.annotate.players.find import find_players, rank_players
from briefings.annotate.players.mentions import reparse_texts, store_reparses
from briefings.annotate.quotes.find import find_quotes
from briefings.annotate.timeline import build_timeline
from briefings.annotate.timex.find import find_timexes
from briefings.model import Article, Briefing

#: Longest text parsed whole, as it always was; a longer one is parsed in
#: pieces. News articles are a few thousand characters: only an archive,
#: a transcript or a book pasted as one article is longer.
WHOLE_CHARS = 50_000
#: Longest piece of a text parsed in pieces (a paragraph longer than that
#: is cut at a sentence's end, or else between words).
PIECE_CHARS = 20_000
#: Most characters parsed in one ``nlp.pipe`` batch of whole texts (the
#: activations of a batch are held at once, as those of one text are).
BATCH_CHARS = 50_000

#: Where a piece may end: after a line break (and the blank lines after
#: it), else after a sentence's end, else after any space.
_PARAGRAPH_END = re.compile(r"\n\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def annotate_doc(article: Article, doc: Doc) -> Briefing:
    """Annotate ``article`` whose text has already been parsed into ``doc``."""
    exclude = [*article.contributors, *article.authors]
    players = find_players(doc, title=article.title, exclude=exclude)
    quotes = find_quotes(doc, players)
    players = rank_players(players, quotes, doc, title=article.title)
    timexes = find_timexes(doc, article.date)
    timeline = build_timeline(doc, timexes, article.date, players, quotes)
    return Briefing.from_article(
        article, players=players, quotes=quotes, timexes=timexes, timeline=timeline
    )


def parse_again_at_once(articles: list[Article], docs: list[Doc], nlp: Language) -> None:
    """Parse the short texts that the player annotator parses again (the
    headlines, capitals lines) of many articles in one go, ahead of
    :func:`annotate_doc`. An article this fails on is left to fail there,
    where its failure is reported."""
    wanted, texts = [], []
    for article, doc in zip(articles, docs, strict=True):
        try:
            texts += reparse_texts(doc, article.title, nlp)
        except Exception:
            continue
        wanted.append((doc, article.title))
    try:
        parsed = list(nlp.pipe(texts))
    except Exception:
        return  # each article parses its own again, and a failure is its own
    store_reparses(wanted, parsed)


def annotate(article: Article, nlp: Language | None = None) -> Briefing:
    """Parse and annotate one article."""
    nlp = nlp or load_nlp()
    return annotate_doc(article, parse(article.text, nlp))


def parse(text: str, nlp: Language, whole_chars: int = WHOLE_CHARS, piece_chars: int = PIECE_CHARS) -> Doc:
    """The parse of one text: ``nlp(text)``, or for a text longer than
    ``whole_chars``, the parses of its pieces (see :func:`pieces`) joined."""
    if len(text) <= whole_chars:
        return nlp(text)
    return _joined(nlp, pieces(text, piece_chars))


def parse_many(texts: Iterable[str], nlp: Language, whole_chars: int = WHOLE_CHARS,
               piece_chars: int = PIECE_CHARS, batch_chars: int = BATCH_CHARS) -> Iterator[Doc]:
    """The parses of ``texts``, in order: the short ones by ``nlp.pipe`` in
    batches of at most ``batch_chars`` characters, each longer than
    ``whole_chars`` on its own in pieces (see :func:`parse`)."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(text) > whole_chars or size + len(text) > batch_chars):
            yield from nlp.pipe(batch)
            batch, size = [], 0
        if len(text) > whole_chars:
            yield parse(text, nlp, whole_chars, piece_chars)
        else:
            batch.append(text)
            size += len(text)
    if batch:
        yield from nlp.pipe(batch)


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most about ``size`` characters that
    join into it again: each ends after a line break and the blank space
    after it, else (a paragraph longer than ``size``) after a sentence's
    end, else after a space, looked for in the second half of its length,
    so that no word and as few sentences as may be are cut."""
    result, start = [], 0
    while len(text) - start > size:
        end = _piece_end(text, start + size // 2, start + size)
        result.append(text[start:end])
        start = end
    result.append(text[start:])
    return result


def _piece_end(text: str, lo: int, hi: int) -> int:
    for pattern in (_PARAGRAPH_END, _SENTENCE_END, _SPACE):
        ends = [match.end() for match in pattern.finditer(text, lo, hi)]
        if ends:  # with all the blank space after it, cut at ``hi`` or not
            space = _SPACE.match(text, ends[-1])
            return space.end() if space else ends[-1]
    return hi  # one "word" longer than half a piece: cut inside it


def _joined(nlp: Language, texts: list[str]) -> Doc:
    """One ``Doc`` of the parses of ``texts``, whose text is theirs joined
    and whose offsets index it. The words' activations (``doc.tensor``)
    are not kept: the annotators never read them, and they would be a
    fifth of the joined document."""
    docs = []
    for doc in nlp.pipe(texts, batch_size=1):
        doc.tensor = numpy.zeros((0, 0), dtype="float32")
        docs.append(doc)
    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
