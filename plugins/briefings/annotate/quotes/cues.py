"""Finding the cue of a quotation and the subject the cue attributes it to.

A cue is a verb of saying ("said", "told", "added", "wrote", "according to")
that governs the quotation, or that stands in the sentence around it.  The
parse is used first: the quotation's words hang from the cue ("the test was
“successful”" under "said"), or the cue hangs from them when the parser took
the quotation for the main clause ("“It is…,” he told").  When the parse gives
nothing, the cue is looked for in the attribution frame: the rest of the
quotation's sentence after the closing mark, then before the opening mark.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from briefings.annotate.syntax import AUXILIARIES, SUBJECTS, heads_above

#: Verbs that report speech, writing or judgement, by lemma ("put" counts in
#: "as X put it"), and verbs of the manner of speaking ("fumed", "scoffed",
#: "remembered").  Broad on purpose: a verb only counts as a cue next to or
#: above a quotation.
SPEECH = frozenset(
    """acclaim accuse acknowledge add admit advise agree allege announce answer
    applaud argue ask assert assure attack beg begin blame blast boast brag
    brand call caution challenge chant characterise characterize charge
    chide cite claim comment compare complain concede conclude concur
    condemn confirm congratulate contend continue counter criticise
    criticize cry declare decry demand denounce deny deride describe
    disclose dismiss dub echo email emphasise emphasize exclaim explain
    groan grumble gush hail highlight inform insist interject interrupt joke
    label lament laud lecture liken maintain mention message mock muse
    mutter note object observe opine plead pledge point portray post praise
    predict proclaim promise pronounce protest question quip quote rant rate
    rave read reason recall recite recommend recount reference reiterate
    relate remark remind repeat reply report respond retort retweet reveal
    ridicule rule say scold scream shout sigh sing slam snap sneer speak
    start state stress suggest summarise summarize talk tease tell term
    testify text thank threaten tout tweet urge vent vow warn whisper wonder
    write yell

    bark blurt boom bristle chuckle confess confide elaborate enquire fume gloat gripe
    grouse growl hiss huff inquire laugh marvel moan murmur rail reassure
    rejoin remember scoff shrug sniff snort stammer taunt theorize thunder
    wail""".split()
)
#: Nouns of saying whose possessor is the source ("Trump's claim that …").
SPEECH_NOUNS = frozenset(
    """claim statement remark remarks comment comments words word description
    promise pledge message view argument assertion accusation warning tweet
    speech answer response reply suggestion call plea charge insistence
    contention prediction vow quip joke boast complaint characterization
    explanation announcement admission testimony letter""".split()
)
#: Verbs of thinking and feeling: cues too, but a speech cue wins over them
#: ("X said Russia hoped its demands would “become compelling”" is X's quote).
THOUGHT = frozenset(
    """think believe feel hope fear worry know expect want wish consider
    suspect doubt figure guess reckon understand""".split()
)
#: Relations by which a subjectless cue borrows its head's subject
#: ("…, adding: “…”", "he was quoted as saying", "he smiled and said",
#: "after saying …, he left").
_INHERIT = ("advcl", "xcomp", "conj", "pcomp", "acl")
_RELATIVE = frozenset("who that which whom".split())
#: Verbs used as adjectives ("self-described"), never cues.
_MODIFIER = ("amod", "compound")


def is_cue(token: Token) -> bool:
    """Whether ``token`` is a verb of saying, or a noun of saying with a
    possessor."""
    if token.pos_ == "NOUN":
        return token.lemma_.lower() in SPEECH_NOUNS and _possessor(token) is not None
    if not _is_verb(token) or token.dep_ in _MODIFIER:
        return False
    lemma = token.lemma_.lower()
    if lemma == "put":
        return any(c.lower_ == "it" for c in token.children)
    return lemma in SPEECH or (lemma not in THOUGHT and not SPEECH.isdisjoint(_stems(token.lower_)))


def says(token: Token) -> bool:
    """Whether ``token`` is a word of saying whatever its tag: a form of a
    speech verb ("states", "Continued") the tagger may have taken for a
    noun or an adjective."""
    if not token.is_alpha or token.lemma_.lower() in THOUGHT:
        return False
    if token.i > 0 and token.doc[token.i - 1].pos_ == "DET":
        return False  # a noun after all: "a posting", "the report"
    return token.lemma_.lower() in SPEECH or not SPEECH.isdisjoint(_stems(token.lower_))


def _stems(word: str) -> set[str]:
    """The base forms an inflected verb may have, for the lemmas the
    lemmatiser gets wrong ("rated" as "rat")."""
    stems = {word}
    for ending, base in (("ed", ""), ("ed", "e"), ("d", ""), ("s", ""), ("es", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stems.add(word[: -len(ending)] + base)
    return stems


def according_to(token: Token) -> Token | None:
    """The source X of "according to X", if ``token`` is "according"."""
    if token.lower_ != "according":
        return None
    for prep in token.children:
        if prep.lower_ == "to":
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _possessor(noun: Token) -> Token | None:
    return next((c for c in noun.children if c.dep_ == "poss"), None)


def subject_of(cue: Token) -> Token | None:
    """The token naming who speaks through ``cue``.

    "according to X" gives X; "X's claim" gives X; a relative pronoun subject
    ("X, who said …") gives the noun it refers to; an agent gives the
    passive's doer.
    """
    return source_of(cue)[0]


def source_of(cue: Token) -> tuple[Token | None, Token | None]:
    """:func:`subject_of` ``cue``, and the relative pronoun it was reached
    through, if any: "Sanders, who said …" gives (Sanders, who)."""
    source = according_to(cue)
    if source is not None:
        return source, None
    if cue.pos_ == "NOUN":
        return _possessor(cue), None
    doer = _doer_before(cue)
    if doer is not None:
        return doer, None
    verb = cue
    for _ in range(4):
        for child in verb.children:
            if child.dep_ == "agent":  # the doer of a passive ("was told by X")
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0], None
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                    return verb.head, child
                return child, None
        if verb.dep_ not in _INHERIT or verb.head.i == verb.i:
            return None, None
        verb = verb.head
        if verb.pos_ == "ADP":  # "After saying …, she left": through the preposition
            verb = verb.head
    return None, None


def _doer_before(cue: Token) -> Token | None:
    """The name right before a subjectless participle of saying: "footage
    of Hillary Clinton asking, “…”", "a video of Trump saying …" (but not
    "…, saying", whose doer is the subject of the clause it hangs from)."""
    if cue.tag_ != "VBG" or cue.i == 0 or any(c.dep_ in SUBJECTS for c in cue.children):
        return None
    before = cue.doc[cue.i - 1]
    named = before.pos_ == "PROPN" and before.ent_type_ in ("PERSON", "ORG")
    return before if named and before.head.i != cue.i else None


#: Relations that tie a word to the head of its noun phrase.
_NOMINAL_PARTS = ("compound", "amod", "nmod", "poss", "det", "case", "punct")


def adjacent_subject(
    doc: Doc, cue: Token, quote: tuple[int, int], frame: tuple[int, int]
) -> Token | None:
    """The speaker by position, when the parse gives none or a wrong one:
    the noun phrase between the quotation and its cue ("“…,” Flynn, a top
    surrogate, said"), right after the cue ("said Flynn"), or before a cue
    that precedes the quotation ("Flynn said: “…”")."""
    if cue.i >= quote[1]:
        words = range(quote[1], cue.i) if cue.i > quote[1] else range(cue.i + 1, frame[1])
    else:
        words = range(frame[0], cue.i)
    for i in words:
        token = doc[i]
        if token.pos_ in ("PROPN", "NOUN", "PRON"):
            while token.dep_ in _NOMINAL_PARTS and token.head.i in words:
                token = token.head
            return token
    return None


def _cue_or_according(token: Token) -> bool:
    return is_cue(token) or according_to(token) is not None


def syntactic_cue(
    quote: Span, frame: tuple[int, int], quoted: Callable[[int], bool]
) -> tuple[Token | None, Token | None]:
    """The speech cue the parse links to the quotation's words, and failing
    that a thought verb above them: ``(speech, thought)``.

    The heads of the quotation are walked up to the first cue; failing that,
    a cue the quotation governs is taken.  Only unquoted tokens of the
    attribution ``frame`` (token bounds) count, so other sentences and the
    words of other quotations are left alone.
    """
    lo, hi = frame
    thought = None
    for head in heads_above(quote, frame):
        if quoted(head.i):
            continue
        if _cue_or_according(head):
            return head, None
        if thought is None and head.lemma_.lower() in THOUGHT:
            thought = head
    for token in quote:
        for child in token.children:
            if lo <= child.i < hi and not quoted(child.i) and is_cue(child):
                return child, None
    return None, thought


def _is_verb(token: Token) -> bool:
    return token.pos_ == "VERB" or (token.pos_ == "AUX" and token.dep_ not in AUXILIARIES)


def frame_cue(
    doc: Doc, start: int, end: int, quoted: Callable[[int], bool], *, last: bool = False
) -> Token | None:
    """The first (or ``last``) unquoted speech cue among tokens ``start:end``."""
    indices = range(end - 1, start - 1, -1) if last else range(start, end)
    for i in indices:
        if not quoted(i) and _cue_or_according(doc[i]):
            return doc[i]
    return None
