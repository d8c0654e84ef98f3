"""The annotation pipeline: one parse, then the annotators in the order
their inputs need (quotes are attributed to players; players are ranked
knowing who is quoted)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from briefings.annotate.nlp import load_nlp
from briefings.annotate.players import find_players, rank_players
from briefings.annotate.quotes import find_quotes
from briefings.annotate.timeline import build_timeline
from briefings.annotate.timex import find_timexes
from briefings.model import Article, Briefing


def annotate_doc(article: Article, doc: Doc) -> Briefing:
    """Annotate ``article`` whose text has already been parsed into ``doc``."""
    exclude = [*article.contributors, *article.authors]
    players = find_players(doc, title=article.title, exclude=exclude)
    quotes = find_quotes(doc, players)
    players = rank_players(players, quotes, doc, title=article.title)
    timexes = find_timexes(doc, article.date)
    timeline = build_timeline(doc, timexes, article.date)
    return Briefing.from_article(
        article, players=players, quotes=quotes, timexes=timexes, timeline=timeline
    )


def annotate(article: Article, nlp: Language | None = None) -> Briefing:
    """Parse and annotate one article."""
    nlp = nlp or load_nlp()
    return annotate_doc(article, nlp(article.text))
