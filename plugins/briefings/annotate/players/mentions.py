"""Candidate mentions of players: spaCy's entities, cleaned and filtered.

A :class:`Mention` is one occurrence of a name, in the article text or in the
headline.  spaCy's NER is only the start: ALL-CAPS lines (Reuters headlines,
datelines) are re-parsed in true case, hyphenated compounds such as
"Biden-Putin talks" are split into their names, and mentions that are not
players are dropped (nationality adjectives, weapons and products, credit
lines, contributors).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from briefings.annotate.nlp import doc_text
from briefings.annotate.players import world

#: spaCy labels that can name a player, and the kind each suggests.
LABEL_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}

#: Head nouns that make the name before them a product or weapon, not a
#: player ("Tsirkon hypersonic missiles", "Patriot missile system").
PRODUCT_NOUNS = frozenset(
    """missile rocket warhead drone jet bomber fighter tank helicopter
    submarine frigate destroyer rifle howitzer launcher vaccine jab drug pill
    smartphone phone handset tablet laptop console chip processor software app
    browser car sedan truck engine satellite airliner""".split()
)

#: Honorifics dropped from a person's name; they are not roles either.
HONORIFICS = frozenset("mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame".split())

#: Lower-case words that may sit inside a name ("Bank of England").
NAME_PARTICLES = frozenset("of de du des la le del della di da dos van von der den al el bin ibn y".split())

#: Lower-case words that join two names but sit inside none ("Yorkshire at
#: Headingley"); "of", "for", "in" and "and" may be inside ("Human Rights in China").
SEPARATING_WORDS = frozenset("at near v vs vs. versus against or".split())

#: Sentences that credit the writers or the publication, not the story.
CREDIT = re.compile(
    r"contributed to this report|contributed reporting|\b(?:reporting|editing|"
    r"writing|compiled|additional reporting) by\b|copyright|©|all rights reserved",
    re.IGNORECASE,
)

#: A newswire dateline: a place in capitals, then a date, "(Agency)" or a dash.
DATELINE = re.compile(r"^([A-Z][A-Z.'\- ]*[A-Z.])\s+(?:\d{4}-\d\d-\d\d|\(|-|–|—)")


@dataclass
class Mention:
    """One occurrence of a name: its cleaned words and where it is."""

    text: str
    start: int
    end: int
    label: str
    in_title: bool = False
    #: The spaCy span it was read from, for roles (None if found by string).
    span: Span | None = None
    #: Whether this use names a weapon or product ("Tsirkon missiles").
    product: bool = False
    #: The names in a hyphenated modifier ("Biden-Putin talks"): they replace
    #: the mention when one of them is named elsewhere in the article.
    parts: list[Mention] = field(default_factory=list)
    #: Read from the shape of a listing line: decides the player's kind.
    strong: bool = False

    @property
    def words(self) -> list[str]:
        return self.text.split()


def is_caps_line(line: str) -> bool:
    """Whether ``line`` is set in capitals (a headline, a dateline)."""
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls in one of the sorted, disjoint ``ranges``."""
    index = bisect.bisect_right(ranges, (offset, float("inf"))) - 1
    return index >= 0 and ranges[index][0] <= offset < ranges[index][1]


def _casing(doc: Doc, lines: list[tuple[int, int]]) -> dict[str, str]:
    """The usual spelling of each lower-cased word outside capitals lines."""
    counts: dict[str, Counter] = {}
    for token in doc:
        if token.is_alpha and not inside(lines, token.idx):
            if token.is_sent_start and token.text.istitle():
                continue  # sentence-initial capitals say nothing of the word
            counts.setdefault(token.lower_, Counter())[token.text] += 1
    return {low: c.most_common(1)[0][0] for low, c in counts.items()}


def truecase(line: str, nlp: Language, casing: dict[str, str]) -> str:
    """``line`` in the case its words have in the article; same length.

    Words the article never spells otherwise are capitalised, so the names in
    a capitals headline look like names to the tagger.
    """
    out = []
    for token in nlp.make_doc(line):
        word = token.text
        if word.isalpha() and word.isupper():
            known = casing.get(word.lower())
            if known is not None:
                word = known
            elif len(word) > 1 and not token.is_stop:
                word = word.capitalize()
            else:
                word = word.lower()
            if token.i == 0:
                word = word[0].upper() + word[1:]
        out.append(word + token.whitespace_)
    text = "".join(out)
    return text if len(text) == len(line) else line


def caps_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``text`` set in capitals."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if is_caps_line(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def clean_span(span: Span, label: str | None = None) -> Span | None:
    """``span`` (an entity's, of ``label``, by default the span's own)
    without leading determiners/honorifics and trailing 's or punctuation."""
    label = span.label_ if label is None else label
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_punct
        or doc[start].lower_ in HONORIFICS
        or (doc[start].lower_ == "the" and (doc[start].is_lower or doc[start].is_sent_start or _opens(doc, start)))
        or (doc[start].pos_ == "ADP" and doc[start].lower_ not in NAME_PARTICLES and start + 1 < end)
    ):
        start += 1
    if end - start > 1 and doc[start].lower_ == "the" and world.is_country(doc[start + 1 : end].text):
        start += 1  # "The Gambia", "The Netherlands": the article is not part of a country's name
    if (label == "PERSON" and end - start >= 3 and doc[start].lower_ in OFFICE_TITLES
            and all(token.is_title for token in doc[start + 1 : end])):
        start += 1  # "Councillor Dave Whitlow": the title is not part of the name
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        if doc[end - 1].text == "." and doc[end - 2 : end - 1].text.isupper():
            break  # "U.S." tokenised as "U.S" + "."
        end -= 1
    if start == end:
        return None
    return doc[start:end]


def _opens(doc: Doc, index: int) -> bool:
    """Whether the word at ``index`` opens a quotation ("“The Interior Department owes")."""
    return index > 0 and doc[index - 1].text in ("“", '"', "‘", "``") and (
        index < 2 or doc[index - 2].is_space or not doc[index - 2].is_alpha
    )


def _separates(token) -> bool:
    """Whether ``token`` cannot be inside a name, so splits an entity there.

    spaCy runs neighbours together in tables and lists: "Grace Road,
    Leicestershire", "Yorkshire at Headingley", "Leicestershire 296",
    "Farrakhan's Nation of Islam".
    """
    if token.is_space:
        return "\n" in token.text  # no name runs across a line or paragraph break
    if token.is_punct:
        return token.text not in ("-", "&", ".", "'") and not _in_legal_form(token)
    if token.tag_ == "POS":
        return not _inside_a_name(token)
    if any(c.isdigit() for c in token.text):
        return True
    return token.text in SEPARATING_WORDS


def _in_legal_form(token) -> bool:
    """The slash of "A/S" (a Danish or Norwegian company's legal form)."""
    doc = token.doc
    return token.text == "/" and 0 < token.i < len(doc) - 1 and world.is_legal_form(
        doc[token.i - 1].text + "/" + doc[token.i + 1].text
    )


def _inside_a_name(token) -> bool:
    """Whether a possessive "'s" belongs to an organisation's name ("King's
    College London"), as its words before never name anything alone in
    the article; "Farrakhan's Nation of Islam" names Farrakhan elsewhere."""
    doc = token.doc
    if token.ent_iob_ != "I" or token.ent_type_ not in ("ORG", "FAC"):
        return False
    if token.i + 1 >= len(doc) or doc[token.i + 1].ent_iob_ != "I" or not doc[token.i + 1].is_title:
        return False
    start = token.i - 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    owner = doc[start : token.i]
    return doc_text(token.doc).count(owner.text) == 1


def split_span(ent: Span) -> list[Span]:
    """The names in an entity span, each cleaned (see :func:`_separates`)."""
    pieces, start = [], ent.start
    for token in list(ent) + [None]:
        if token is None or _separates(token):
            end = token.i if token is not None else ent.end
            piece = clean_span(ent.doc[start:end], ent.label_) if end > start else None
            if piece is not None and any(t.text[:1].isupper() for t in piece):  # "McGwire", "OpenAI" too
                pieces.append(piece)
            start = end + 1
    return pieces


def _next_noun(span: Span):
    """The first noun after ``span``, skipping adjectives and compounds."""
    for token in span.doc[span.end : span.end + 4]:
        if token.pos_ in ("ADJ", "PROPN") and token.dep_ in ("amod", "compound"):
            continue
        return token if token.pos_ == "NOUN" else None
    return None


def names_product(span: Span) -> bool:
    """Whether ``span`` is a modifier naming a weapon or product."""
    root = span.root
    if root.dep_ in ("poss", "nsubj", "nsubjpass", "dobj", "pobj", "appos"):
        return False
    heads = [_next_noun(span)]
    if root.dep_ in ("compound", "nmod", "amod"):
        heads.append(root.head)
    return any(h is not None and h.lemma_.lower() in PRODUCT_NOUNS for h in heads)


def is_adjectival(span: Span) -> bool:
    """Whether a NORP entity is used as an adjective ("Russian officials")."""
    root = span.root
    if root.tag_ in ("NNPS", "NNS"):
        return False  # "Ukrainians", "the Democrats": a group
    return root.pos_ == "ADJ" or root.dep_ in ("amod", "compound", "nmod")


def hyphen_parts(span: Span, offset: int, in_title: bool) -> list[Mention]:
    """The names joined by hyphens in a compound modifier ("Biden-Putin talks").

    Hyphens may sit inside a token ("U.S.-Soviet"), so this splits characters.
    """
    if "-" not in span.text or not any(
        t.pos_ == "NOUN" for t in span.doc[span.end : span.end + 3]
    ):
        return []
    parts, start = [], span.start_char
    for piece in span.text.split("-"):
        word = piece.strip()
        if word and word[0].isupper():
            begin = start + piece.index(word)
            parts.append(Mention(word, offset + begin, offset + begin + len(word), "", in_title))
        start += len(piece) + 1
    return parts


def credit_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of credit sentences ("X contributed to this report")."""
    return [(s.start_char, s.end_char) for s in doc.sents if CREDIT.search(s.text)]


def _span_mentions(spans, offset: int, in_title: bool) -> list[Mention]:
    """Mentions from entity ``spans``; ``offset`` maps them into the article text.

    (Capitals lines are parsed on their own, so their spans need an offset.)
    """
    mentions = []
    for ent in spans:
        label = ent.label_ if ent.label_ in LABEL_KINDS else _rescued_label(ent)
        if label is None:
            continue
        for span in split_span(ent):
            if label == "PERSON":
                span = with_first_name(span)
            elif label == "ORG":
                span = with_legal_form(span)
            mentions += _piece_mentions(span, label, offset, in_title)
    return mentions


#: Verbs whose subject speaks or acts as a body: a product never "declined to comment".
SPEECH_VERBS = frozenset("say tell decline comment announce confirm deny add warn report respond refuse".split())


def _rescued_label(ent: Span) -> str | None:
    """ORG for an entity the tagger gave another label that no player has,
    when its name ends in an organisation's word ("the Penzance Harbour
    Users' Association" read as a law) or it speaks ("Maersk, the industry
    leader, declined to comment" read as a product)."""
    if ent.label_ not in ("LAW", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC"):
        return None
    if world.ends_like_organization(ent.text):
        return "ORG"
    root = ent.root
    if ent.label_ == "PRODUCT" and root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS:
        return "ORG"
    return None


#: Nouns that an acronym before them names an organisation of: "the RMT union".
ORGANIZATION_NOUNS = frozenset(
    """union party group agency company firm bank council committee ministry department militia movement
    alliance coalition network broadcaster newspaper regulator watchdog insurer lender carrier airline
    federation association""".split()
)


def untagged_mentions(doc: Doc) -> list[Mention]:
    """Names the tagger left out that the parse shows plainly: a place said
    to be one ("Mazar-i-Sharif, the capital of Balkh") and an acronym naming
    an organisation ("the RMT union")."""
    found = []
    for token in doc:
        if token.ent_iob_ != "O" or token.pos_ != "PROPN":
            continue
        if token.dep_ == "pobj" and any(c.dep_ == "appos" and c.lower_ in _PLACE_APPOSITIONS for c in token.children):
            words = [t for t in token.subtree if t.i <= token.i]
            if all(t.ent_iob_ == "O" for t in words) and words[0].is_title:
                span = doc[words[0].i : token.i + 1]
                found.append(Mention(span.text, span.start_char, span.end_char, "GPE", span=span))
        elif _caps_name_start(token):
            end = token.i + 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].is_upper and doc[end].ent_iob_ == "O":
                end += 1
            span = doc[token.i : end]
            found.append(Mention(span.text, span.start_char, span.end_char, "ORG", span=span))
        elif (
            token.is_upper
            and len(token.text) >= 2
            and token.dep_ == "compound"
            and token.head.lower_ in ORGANIZATION_NOUNS
            and not world.is_time_zone(token.text)
            and not world.is_currency_code(token.text)
        ):
            found.append(Mention(token.text, token.idx, token.idx + len(token), "ORG", span=doc[token.i : token.i + 1]))
    return found


def _caps_name_start(token) -> bool:
    """The first of two or more untagged proper nouns in capitals ("CMA
    CGM"), in an ordinary sentence: a company's name."""
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    before = doc[token.i - 1] if token.i > 0 else None
    return (
        token.is_upper
        and len(token.text) >= 2
        and after is not None
        and after.pos_ == "PROPN"
        and after.is_upper
        and len(after.text) >= 2
        and after.ent_iob_ == "O"
        and not (before is not None and before.pos_ == "PROPN" and before.is_upper)
        and not any(world.is_time_zone(t.text) or world.is_currency_code(t.text) for t in (token, after))
        and _in_prose(token)
    )


def _in_prose(token) -> bool:
    """Whether the sentence of ``token`` is written mostly in lower case
    (not a table's heading or a line in capitals)."""
    words = [t for t in token.sent if t.is_alpha]
    return sum(t.is_lower for t in words) * 2 > len(words)


_PLACE_APPOSITIONS = frozenset("capital city town village province region district port".split())


#: Capitalised words before a name that are titles, not first names.
TITLE_WORDS = frozenset(
    """president vice premier prime minister chancellor senator representative congressman congresswoman governor
    mayor judge justice general colonel major captain lieutenant sergeant admiral commander chief secretary chair
    chairman chairwoman king queen prince princess emperor empress pope cardinal bishop archbishop father reverend
    rabbi imam sheikh ayatollah sultan emir lord lady sir dame doctor professor coach manager director ambassador
    commissioner inspector detective officer agent deputy speaker leader saint st councillor councilor councilman
    councilwoman alderman alderwoman assemblyman assemblywoman""".split()
)


#: Titles of office the tagger may take into a person's name; unlike a
#: royal or religious title ("Prince Charles", "Pope Francis"), never part of it.
OFFICE_TITLES = frozenset(
    """president premier chancellor senator congressman congresswoman governor mayor judge commissioner
    councillor councilor councilman councilwoman alderman alderwoman assemblyman assemblywoman""".split()
)


#: Last words of an organisation's name that "in" and a place may complete:
#: "United Nations Assistance Mission in Afghanistan", "Human Rights in China".
_IN_PLACE_HEADS = frozenset("mission office embassy delegation command force forces rights programme program".split())


def with_legal_form(span: Span) -> Span:
    """A company's name with the legal form the tagger left out ("Baltic
    Freight Holdings LLC", "Nordhavn Shipping A/S"), and a body's name with
    the place that ends it ("United Nations Assistance Mission in
    Afghanistan")."""
    doc = span.doc
    end = span.end
    if (
        end + 1 < len(doc)
        and span[-1].lower_ in _IN_PLACE_HEADS
        and span[-1].is_title
        and doc[end].lower_ == "in"
        and doc[end + 1].ent_iob_ == "B"
        and doc[end + 1].ent_type_ == "GPE"
    ):
        place_end = end + 2
        while place_end < len(doc) and doc[place_end].ent_iob_ == "I":
            place_end += 1
        return doc[span.start : place_end]
    if end + 2 < len(doc) and doc[end + 1].text == "/" and world.is_legal_form(doc[end : end + 3].text):
        return doc[span.start : end + 3]
    if end < len(doc) and world.is_legal_form(doc[end].text) and doc[end].text[0].isupper():
        return doc[span.start : end + 1]
    return span


def with_first_name(span: Span) -> Span:
    """A person's name with the first name the tagger left out ("Sadiq" of
    "Sadiq Khan"): a capitalised proper noun compounded with a one-word name, in no
    other entity, and neither a title ("President") nor an abbreviation."""
    doc = span.doc
    if span.start == 0 or len(span) > 1:
        return span  # a full name is left as the tagger found it
    before = doc[span.start - 1]
    if (
        before.pos_ == "PROPN"
        and before.is_title
        and before.ent_iob_ == "O"
        and before.dep_ == "compound"
        and span.start <= before.head.i < span.end
        and not before.text.endswith(".")
        and before.lower_ not in TITLE_WORDS
        and before.lower_ not in HONORIFICS
    ):
        return doc[span.start - 1 : span.end]
    return span


def _piece_mentions(span: Span, label: str, offset: int, in_title: bool) -> list[Mention]:
    """The mention one cleaned name makes, or none (a nationality adjective)."""
    parts = hyphen_parts(span, offset, in_title)
    if label == "NORP" and is_adjectival(span):
        if not parts:
            return []
        label = ""  # "U.S.-Soviet showdown": only its parts may be names
    mention = _mention(span, label, offset, in_title)
    mention.product = names_product(span)
    mention.parts = parts
    return [mention]


def _mention(span: Span, label: str, offset: int, in_title: bool) -> Mention:
    return Mention(
        span.text, offset + span.start_char, offset + span.end_char, label, in_title, span
    )


def dateline_place(line: str, offset: int) -> Mention | None:
    """The place of a newswire dateline ("LONDON 1996-08-30"), if ``line`` is one."""
    match = DATELINE.match(line)
    if match is None:
        return None
    name = " ".join(w.capitalize() for w in match.group(1).split())
    return Mention(name, offset, offset + len(match.group(1)), "GPE")


def collect_mentions(doc: Doc, title: str, nlp: Language) -> list[Mention]:
    """Candidate mentions in the article and its headline.

    Capitals lines, and a capitals headline, are parsed again in true case;
    their own entities replace whatever spaCy found in them in ``doc``.
    """
    text = doc_text(doc)
    lines, texts, docs = _reparse(doc, title, nlp)
    skip = sorted(lines + credit_ranges(doc))
    ents = [e for e in doc.ents if not inside(skip, e.start_char)]
    mentions = _span_mentions(ents, 0, False)
    mentions += [m for m in untagged_mentions(doc) if not inside(skip, m.start)]
    if docs is None:
        docs = list(nlp.pipe(texts))
    for (a, b), line_doc in zip(lines, docs):
        ents = line_doc.ents
        place = dateline_place(text[a:b], a)
        if place is not None:
            mentions.append(place)
            ents = [e for e in ents if e.start_char >= place.end - a]
        mentions += _span_mentions(ents, a, False)
    if title.strip():
        mentions += _span_mentions(docs[-1].ents, 0, True)
    return mentions


def reparse_texts(doc: Doc, title: str, nlp: Language) -> list[str]:
    """What :func:`collect_mentions` parses again for ``doc``: its capitals
    lines in true case, then the headline (in true case if in capitals)."""
    return _reparse(doc, title, nlp)[1]


def store_reparses(wanted: list[tuple[Doc, str]], parsed: list[Doc]) -> None:
    """Give each (doc, title) of ``wanted`` its share of ``parsed``, the
    parses of their :func:`reparse_texts` in order: one ``nlp.pipe`` call
    over many articles' short texts is several times faster than one each."""
    parsed_texts = iter(parsed)
    for doc, title in wanted:
        lines, texts, _ = doc.user_data[(_REPARSE, title)]
        doc.user_data[(_REPARSE, title)] = (lines, texts, [next(parsed_texts) for _ in texts])


#: Key (with the headline) of what is parsed again, kept in the doc's user
#: data: (capitals lines, their texts and the headline's, their parses or None).
_REPARSE = "briefings.reparse"


def _reparse(doc: Doc, title: str, nlp: Language) -> tuple[list[tuple[int, int]], list[str], list[Doc] | None]:
    key = (_REPARSE, title)
    if key not in doc.user_data:
        text = doc_text(doc)
        lines = caps_lines(text)
        casing = _casing(doc, lines)
        texts = [truecase(text[a:b], nlp, casing) for a, b in lines]
        if title.strip():
            texts.append(truecase(title, nlp, casing) if is_caps_line(title) else title)
        doc.user_data[key] = (lines, texts, None)
    return doc.user_data[key]
