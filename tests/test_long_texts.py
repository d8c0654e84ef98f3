"""A text too long to parse whole is parsed in pieces and joined into one
document: its text, offsets and sentences stay right. The limits are made
small here, so that the texts stay the size of a few articles."""

from __future__ import annotations

from pathlib import Path

import pytest

import briefings.annotate.pipeline as pipeline
from briefings.annotate.nlp import load_nlp
from briefings.annotate.pipeline import annotate_doc, parse, parse_many, pieces
from briefings.ingest import read_article
from conftest import CONTENT

FIXTURES = Path(__file__).parent / "fixtures"
WHOLE, PIECE = 2_000, 1_500


def long_text() -> str:
    """The example site's raw articles and the timeline fixtures, one
    after another: some fifteen thousand characters of news."""
    paths = sorted((CONTENT / "raw").glob("*.txt")) + sorted((FIXTURES / "timeline").glob("*.txt"))
    return "\n\n".join(read_article(path).text for path in paths)


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def starts(parts: list[str]) -> list[int]:
    offsets, at = [], 0
    for part in parts:
        offsets.append(at)
        at += len(part)
    return offsets


def test_pieces_join_into_the_text_and_end_at_paragraphs():
    text = long_text()
    parts = pieces(text, PIECE)
    assert "".join(parts) == text
    assert len(parts) > 5
    for part in parts[:-1]:
        assert len(part.rstrip()) <= PIECE
        assert "\n" in part[len(part.rstrip()):]  # a paragraph's end, with the blank line after it
        assert len(part) >= PIECE // 2
    assert not any(part[0].isspace() for part in parts)


def test_a_paragraph_longer_than_a_piece_is_cut_at_a_sentence_end_then_between_words():
    paragraph = " ".join(f"Talks resumed on day {n} in Geneva." for n in range(100))
    parts = pieces(paragraph, 300)
    assert "".join(parts) == paragraph
    assert all(part.endswith(". ") for part in parts[:-1])
    words = "word " * 200
    parts = pieces(words, 101)
    assert "".join(parts) == words
    assert all(part.endswith(" ") and len(part) <= 101 for part in parts)
    assert pieces("x" * 250, 100) == ["x" * 100, "x" * 100, "x" * 50]  # no space at all: cut anyway


def test_a_long_text_is_parsed_in_pieces_with_its_text_offsets_and_sentences(nlp, monkeypatch):
    text = long_text()
    parsed = []
    pipe = nlp.pipe
    monkeypatch.setattr(nlp, "pipe", lambda texts, **kw: (parsed.append(d.text) or d for d in pipe(texts, **kw)))
    doc = parse(text, nlp, whole_chars=WHOLE, piece_chars=PIECE)
    assert parsed == pieces(text, PIECE)

    assert doc.text == text
    assert all(text[t.idx:t.idx + len(t)] == t.text for t in doc)
    assert all(text[e.start_char:e.end_char] == e.text for e in doc.ents)
    assert doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB") and doc.has_annotation("LEMMA")
    # Cut at paragraph ends, the words are those of the whole text's parse.
    whole = nlp(text)
    assert [(t.idx, t.text) for t in doc] == [(t.idx, t.text) for t in whole]

    # Each piece begins a sentence, no sentence runs over into the next
    # piece, and each piece's parse is kept as it was made.
    offsets = starts(parsed)
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    assert set(offsets) <= {start for start, _ in sentences}
    assert not any(start < offset < end for start, end in sentences for offset in offsets)
    alone = [(offset + s.start_char, offset + s.end_char)
             for offset, piece in zip(offsets, parsed, strict=True) for s in nlp(piece).sents]
    assert sentences == alone
    piece = nlp(parsed[2])
    joined = doc.char_span(offsets[2], offsets[2] + len(parsed[2]))
    assert [(t.dep_, t.head.i - t.i, t.lemma_, t.ent_type_) for t in joined] == \
        [(t.dep_, t.head.i - t.i, t.lemma_, t.ent_type_) for t in piece]
    assert all(t.head.i >= joined.start and t.head.i < joined.end for t in joined)


def test_a_text_within_the_limit_is_parsed_whole_as_before(nlp, monkeypatch):
    text = long_text()[:WHOLE]
    monkeypatch.setattr(pipeline, "pieces", lambda *args: pytest.fail("cut into pieces"))
    assert parse(text, nlp, whole_chars=WHOLE, piece_chars=PIECE).to_bytes() == nlp(text).to_bytes()
    article = read_article(sorted((CONTENT / "raw").glob("*.txt"))[0])
    assert parse(article.text, nlp).to_bytes() == nlp(article.text).to_bytes()  # the real limits


def test_many_texts_keep_their_order_and_batches_their_size(nlp, monkeypatch):
    text = long_text()
    texts = [text[:600], text[600:1500], text, text[1500:1900], text[:800], text[:1200]]
    batches = []
    pipe = nlp.pipe
    monkeypatch.setattr(nlp, "pipe", lambda texts, **kw: batches.append(list(texts)) or pipe(batches[-1], **kw))
    docs = list(parse_many(texts, nlp, whole_chars=WHOLE, piece_chars=PIECE, batch_chars=2_000))
    assert [d.text for d in docs] == texts
    assert batches == [texts[:2], pieces(text, PIECE), texts[3:5], texts[5:]]
    assert [(t.idx, t.tag_, t.dep_) for t in docs[3]] == [(t.idx, t.tag_, t.dep_) for t in nlp(texts[3])]


def test_an_article_annotated_from_pieces_finds_what_the_whole_parse_finds(nlp):
    article = read_article(sorted((CONTENT / "raw").glob("*.txt"))[0])
    text = long_text()
    article = type(article)(title=article.title, text=text, date=article.date, slug="long")
    whole = annotate_doc(article, nlp(text))
    pieced = annotate_doc(article, parse(text, nlp, whole_chars=WHOLE, piece_chars=PIECE))
    names = {p.name for p in whole.players if p.key}
    assert names and names == {p.name for p in pieced.players if p.key}
    assert {(t.start, t.end, t.value) for t in pieced.timexes} == {(t.start, t.end, t.value) for t in whole.timexes}
    same = {(q.start, q.end, q.speaker) for q in whole.quotes} & {(q.start, q.end, q.speaker) for q in pieced.quotes}
    assert len(same) >= 0.8 * len(whole.quotes) > 0
