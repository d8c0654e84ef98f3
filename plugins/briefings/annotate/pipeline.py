"""The annotation pipeline: one parse, then the annotators in the order
their inputs need (quotes are attributed to players; players are ranked
knowing who is quoted)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from briefings.annotate.nlp import load_nlp
from briefings.annotate.players.find import find_players, rank_players
from briefings.annotate.players.mentions import reparse_texts, store_reparses
from briefings.annotate.quotes.find import find_quotes
from briefings.annotate.timeline import build_timeline
from briefings.annotate.timex.find import find_timexes
from briefings.model import Article, Briefing


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
    return annotate_doc(article, nlp(article.text))
