"""Direct and partial quotations in an article, and who said them.

Quoted spans come from pairing the quotation marks
(:mod:`briefings.annotate.quotes.marks`); titles, names, stage directions and
the terms a cue is about are dropped (:mod:`briefings.annotate.quotes.kinds`).
Each quotation is then attributed by the first rule that finds a source:

1. a transcript label opening it ("WALLACE: Let's start…");
2. its own cue (:mod:`briefings.annotate.quotes.cues`) in its attribution
   frame (:mod:`briefings.annotate.quotes.frames`), the rest of its sentence:
   through the parse, then after the closing mark, then before the opening
   mark, then a verb of thinking above it.  A cue whose subject is a thing
   ("Holm said the advertisement “unmistakably” suggests …") gives way to
   the cue whose report its clause is, and so does a cue nested in another
   report ("Trump said Clinton called it “the gold standard”" is Trump's);
   "X, who said" is mentioned by "who", standing for X;
3. a dash and a name after it (“…” ― Karen Smith); a speaker's name
   labelling its line ("Issa: Clinton's ‘Honesty Is In Question’");
4. for a partial quotation, the person who is the subject of its clause
   (Putin has marked out NATO membership as a “red line”);
5. for a quotation running over paragraphs, the source named at a later
   paragraph of it (“… ¶ “…,” Anna Berg said);
6. the quotation it continues (the next paragraph of a long quotation);
   else the cue of the sentence before it, in its paragraph or ending the
   one before, if that sentence comes after the last quotation ("Smith said
   the plan failed. “It was a disaster.”", "He added:"; a sentence ending on
   a colon introduces it whatever its verb; a negated cue reports nothing);
   else the quotation just before it in its paragraph or the one before (the
   second half of an interrupted one: "“…,” he said. “…”").

A term of a few words that is no sentence takes no source from rule 6. A
quotation of three words or fewer that none of these attributes is left
out: it is almost always a scare quote, a term or a name, not something
anyone said.

The source is named by :class:`briefings.annotate.quotes.names.Namer`: a
player's canonical name, the name in apposition to a description, what a
pronoun or a definite description refers back to, or an unnamed source's
description.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from briefings.annotate.nlp import doc_text
from briefings.annotate.quotes.cues import (
    adjacent_subject,
    frame_cue,
    is_cue,
    source_of,
    subject_of,
    syntactic_cue,
)
from briefings.annotate.quotes.frames import Frames
from briefings.annotate.quotes.kinds import (
    is_name,
    is_partial,
    is_stage_direction,
    is_title,
    modifies_noun,
)
from briefings.annotate.quotes.marks import Span, quoted_spans
from briefings.annotate.quotes.names import Mention, Namer
from briefings.annotate.syntax import SUBJECTS, VERBS, heads_above
from briefings.model import Player, Quote

#: A speaker's label opening a transcript line ("WALLACE: …"), or a name
#: heading a line ("Issa: Clinton's ‘Honesty Is In Question’").
_LABEL = re.compile(r"([A-Z][A-Z.'’ -]*[A-Z])\s*:\s+")
_NAME_LABEL = re.compile(r"\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*:\s")
_DASH = re.compile(r"[ ,]*[―—–-]+\s*")
_PARAGRAPH_BREAK = re.compile(r"\n\s*")
_PRONOUN_SUBJECTS = frozenset("he she it they".split())
#: Prepositions whose object is what a cue is about, not what it says.
_TOPIC = frozenset("about over on regarding concerning".split())
#: A quotation this short with no source is taken for a scare quote, a term
#: or a name ("so-called “reform”", "“Stickerboy” danced"), and left out.
_SCARE_MAX_WORDS = 3
#: Relations of a reported clause to the cue reporting it: "Trump said
#: [Clinton called it “the gold standard”]".
_REPORTED = ("ccomp", "xcomp")


class _Attributor:
    """Finds the source of each quotation of one document."""

    def __init__(self, doc: Doc, players: list[Player]):
        self.doc = doc
        self.text = doc_text(doc)
        self.frames = Frames(doc, self.text, quoted_spans(self.text))
        self.namer = Namer(doc, players, self.frames.quoted)

    def own_mention(self, index: int) -> Mention | None:
        """The source named by the quotation's own cue, in the order of
        trust: the parse, the frame after the quotation, the frame before it,
        a verb of thinking above it; then a dash and a name after it."""
        frames, span = self.frames, self.frames.spans[index]
        outer = frames.outers[index]
        left, right = frames.frame(index)
        speech, thought = syntactic_cue(
            frames.tokens(span.start, span.end), (left, right), frames.quoted
        )
        for cue in (
            speech,
            frame_cue(self.doc, outer.end, right, frames.quoted),
            frame_cue(self.doc, left, outer.start, frames.quoted, last=True),
            thought,
        ):
            mention = self.subject_mention(cue, index)
            if mention is not None and cue is speech and not self._can_speak(mention):
                reporter = self.reporting_cue(speech, (left, right))
                mention = self.subject_mention(reporter, index) or mention
            if mention is not None and cue is speech:
                mention = self.outermost(cue, (left, right), index, mention)
            if mention is not None:
                return mention
        return self.dash_mention(index)

    def reported(self, index: int) -> bool:
        """Whether the parse hangs the quotation from a verb of saying, not
        through the word naming it: a name in quotation marks is no quotation
        ("a group called “Open Streets”", "wrote a book titled “Rivers”"),
        unless it is in someone's report ("Smith said the so-called “reform”
        would fail"), where the words are the source's as much as the rest."""
        frames, span = self.frames, self.frames.spans[index]
        naming = range(frames.outers[index].start - 2, frames.outers[index].start)
        for head in heads_above(frames.tokens(span.start, span.end), frames.frame(index)):
            if head.i in naming:
                return False
            if not frames.quoted(head.i) and is_cue(head):
                return True
        return False

    def _can_speak(self, mention: Mention) -> bool:
        """Whether the source is someone: a person, a named organisation or
        group, a pronoun for one, not a thing ("the advertisement suggests")."""
        if mention.person:
            return True
        entity = self.namer.entity(mention.speaker)
        return entity is not None and entity.kind in ("organization", "group")

    def reporting_cue(self, cue: Token, frame: tuple[int, int]) -> Token | None:
        """The cue whose report ``cue`` is part of: "Holm said [that the
        advertisement “unmistakably” suggests …]"."""
        token = cue
        while token.dep_ in ("ccomp", "conj", "advcl", "xcomp") and frame[0] <= token.head.i < frame[1]:
            token = token.head
            if not self.frames.quoted(token.i) and is_cue(token):
                return token
        return None

    def outermost(self, cue: Token, frame: tuple[int, int], index: int, mention: Mention) -> Mention:
        """The source of the outermost report a quotation is nested in:
        "Trump said Clinton once described the deal as “the gold standard”"
        is Trump's claim about Clinton's words, and Trump is its source.  The
        cue's clause is followed up through reported clauses in the frame,
        never past another quotation nor from a cue after the quotation to
        one before it ("“…,” Smith said"), to the last cue with a subject."""
        frames, outer = self.frames, self.frames.outers[index]
        token, found = cue, mention
        while token.dep_ in _REPORTED and frame[0] <= token.head.i < frame[1]:
            token = token.head
            if frames.quoted(token.i):
                continue
            lo, hi = sorted((cue.i, token.i))
            if any(frames.quote_of[i] not in (-1, index) for i in range(lo, hi)):
                break
            if cue.i > outer.end and token.i < outer.start:
                break
            if not is_cue(token):
                continue
            subject = subject_of(token)
            if subject is None or frames.quoted(subject.i) or not frame[0] <= subject.i < frame[1]:
                continue
            found = self.subject_mention(token, index) or found
        return found

    def later_part(self, index: int) -> Mention | None:
        """For a quotation running over paragraphs, the source named at a
        later paragraph of it: “… ¶ “…,” Anna Berg said."""
        spans = self.frames.spans
        while spans[index].continues and index + 1 < len(spans) and spans[index + 1].continuation:
            index += 1
            mention = self.own_mention(index)
            if mention is not None:
                return mention
        return None

    def is_term(self, index: int) -> bool:
        """A term qualifying a noun that is the topic a cue is about is no
        quotation of that cue: "Price, asked about the “Cinderella” label,
        smiled".  Elsewhere a term is the words of its sentence's source
        ("slammed the “horrible” deal", "saying his refusal was a
        “manufactured” issue")."""
        frames = self.frames
        outer = frames.outers[index]
        if not modifies_noun(self.doc, outer):
            return False
        noun = self.doc[outer.end]
        preposition = noun.head
        if noun.dep_ != "pobj" or preposition.lower_ not in _TOPIC:
            return False
        return is_cue(preposition.head) and not frames.quoted(preposition.head.i)

    def subject_mention(self, cue: Token | None, index: int) -> Mention | None:
        """Who speaks through ``cue`` about quotation ``index``: the cue's
        subject if it lies in the frame outside any quotation, else the noun
        phrase next to the cue."""
        if cue is None:
            return None
        outer = self.frames.outers[index]
        frame = self.frames.frame(index)
        subject, relative = source_of(cue)
        if subject is None or self.frames.quoted(subject.i) or not (
            frame[0] <= subject.i < frame[1]
        ):
            subject, relative = adjacent_subject(self.doc, cue, (outer.start, outer.end), frame), None
        if subject is None:
            return None
        mention = self.namer.mention(subject)
        if relative is not None:
            # "Sanders, who said …": the mention of the source is the relative
            # pronoun, standing for the name it refers back to.
            mention = replace(mention, start=relative.idx, end=relative.idx + len(relative), text=relative.text)
        if subject.lower_ in _PRONOUN_SUBJECTS and mention.speaker and subject.head.i != cue.i:
            # A pronoun that is the cue's own subject is the mention ("…
            # whom he described as “volatile”"); one the cue borrows from a
            # clause above may rest on a name there.
            return self._first_mention(subject, mention, frame)
        return mention

    def _first_mention(self, pronoun: Token, mention: Mention, frame: tuple[int, int]) -> Mention:
        """The subject of a clause above a pronoun's that names the same
        source: "Clinton says she appreciated … what she calls a “war …”"
        rests on "Clinton"."""
        found, head = mention, pronoun.head
        while head.head.i != head.i and frame[0] <= head.head.i < frame[1]:
            head = head.head
            for child in head.children:
                if child.dep_ in SUBJECTS and child.i < pronoun.i and not self.frames.quoted(child.i):
                    other = self.namer.mention(child)
                    if other.speaker == mention.speaker:
                        found = other
        return found

    def dash_mention(self, index: int) -> Mention | None:
        """A name set after the quotation with a dash: “…” ― Karen Smith."""
        dash = _DASH.match(self.text, self.frames.spans[index].close_at)
        if not dash or dash.end() >= len(self.text):
            return None
        first = self.frames.tokens(dash.end(), dash.end() + 1)[0]
        if first.pos_ != "PROPN":
            return None
        last = first
        while last.i + 1 < len(self.doc) and self.doc[last.i + 1].pos_ == "PROPN":
            last = self.doc[last.i + 1]
        return self.namer.named(first.idx, last.idx + len(last))

    def line_label(self, index: int) -> Mention | None:
        """The speaker labelling the line the quotation is on."""
        open_at = self.frames.spans[index].open_at
        label = _NAME_LABEL.match(self.text, self.text.rfind("\n", 0, open_at) + 1, open_at)
        if not label:
            return None
        start, end = label.span(1)
        if not (self.text[start:end].isupper() or self.namer.is_known(start, end)):
            return None
        return self.namer.named(start, end)

    def inherited(
        self, index: int, previous: tuple[Span, Mention | None] | None
    ) -> Mention | None:
        """For a quotation without a cue of its own: the speaker of the
        quotation it continues (a long one, or an interrupted one: "“…,” he
        said. “…”") or of the quotation just before it in its paragraph or the
        one before; else the source of the sentence before it ("Smith said
        the plan failed. “It was a disaster.”", "He added:")."""
        text, span = self.text, self.frames.spans[index]
        line_start = text.rfind("\n", 0, span.open_at) + 1
        opens_paragraph = not text[line_start : span.open_at].strip()
        if previous is not None and span.continuation:
            return previous[1]
        start, end = self.frames.sentence_before(self.frames.frame(index)[0])
        between = previous is None or self.doc[start].idx >= previous[0].close_at
        if previous is not None and not between and self._near(previous[0].close_at, span.open_at, opens_paragraph):
            return previous[1]
        if end > start and self._near(self.doc[end - 1].idx, span.open_at, opens_paragraph):
            cue = frame_cue(self.doc, start, end, self.frames.quoted, last=True)
            if cue is not None and any(c.dep_ == "neg" for c in cue.children):
                cue = None  # "He didn't suggest retaliation. “…”": no report
            elif cue is None and self.doc[end - 1].text == ":":
                cue = self._main_verb(start, end)
            subject = subject_of(cue) if cue is not None else None
            if subject is not None and not self.frames.quoted(subject.i):
                return self.namer.mention(subject)
        if previous is not None and self._near(previous[0].close_at, span.open_at, opens_paragraph):
            return previous[1]
        return None

    def _main_verb(self, start: int, end: int) -> Token | None:
        """The verb heading the sentence ``start:end``: a sentence that ends
        on a colon before a quotation introduces it whatever its verb ("Sanders
        made the following comment:")."""
        for token in self.doc[start:end]:
            if token.head.i == token.i or not start <= token.head.i < end:
                return token if token.pos_ in VERBS and not self.frames.quoted(token.i) else None
        return None

    def _near(self, before: int, after: int, opens_paragraph: bool) -> bool:
        """Whether text at ``before`` is in the paragraph of ``after``, or in
        the one before when ``after`` opens its paragraph."""
        breaks = len(_PARAGRAPH_BREAK.findall(self.text, before, after))
        return breaks == 0 or (breaks == 1 and opens_paragraph)

    def clause_subject(self, index: int) -> Mention | None:
        """The person heading the clause a partial quotation belongs to."""
        span = self.frames.spans[index]
        quote = self.frames.tokens(span.start, span.end)
        for verb in heads_above(quote, self.frames.frame(index)):
            if verb.pos_ not in VERBS:
                continue
            subject = subject_of(verb)
            if subject is None or self.frames.quoted(subject.i):
                continue  # a clause of the quotation's own words ("as a “con artist”")
            return self.namer.mention(subject) if self.namer.is_person(subject) else None
        return None


def find_quotes(doc: Doc, players: list[Player]) -> list[Quote]:
    """Every direct and partial quotation of ``doc.text``, in text order."""
    attributor = _Attributor(doc, players)
    frames, text = attributor.frames, attributor.text
    quotes: list[Quote] = []
    previous: tuple[Span, Mention | None] | None = None
    for index, span in enumerate(frames.spans):
        left = frames.frame(index)[0]
        if is_stage_direction(text[span.start : span.end]):
            continue
        if not span.continuation and is_title(doc, text, span, frames.outers[index], left):
            continue
        if not span.continuation and attributor.is_term(index):
            continue
        if not span.continuation and is_name(doc, text, span, frames.outers[index], left):
            if not attributor.reported(index):
                continue
        label = _LABEL.match(text, span.start, span.end)
        if label:
            mention = attributor.namer.named(*label.span(1))
        resumes = index > 0 and left <= frames.outers[index - 1].start
        partial = is_partial(text, span, resumes)
        if not label:
            mention = attributor.own_mention(index) or attributor.line_label(index)
            if mention is None and partial:
                mention = attributor.clause_subject(index)
            if mention is None and span.continues:
                mention = attributor.later_part(index)
            if mention is None and (span.continuation or not _is_term(text[span.start : span.end])):
                mention = attributor.inherited(index, previous)
        if mention is None and len(text[span.start : span.end].split()) <= _SCARE_MAX_WORDS:
            continue
        if mention is not None:
            attributor.namer.note_speaker(mention)
        start = label.end() if label else span.start
        quotes.append(_quote(text, start, span.end, mention, partial))
        previous = (span, mention)
    return quotes


def _is_term(words: str) -> bool:
    """A few words that are no sentence ("targeted employment area"): a
    term, which takes no source from the quotations around it ("Neither do
    I." does)."""
    if len(words.split()) > _SCARE_MAX_WORDS:
        return False
    return not (words[:1].isupper() and words.rstrip("”’\"'")[-1:] in ".?!")


def _quote(text: str, start: int, end: int, mention: Mention | None, partial: bool) -> Quote:
    return Quote(
        text=text[start:end],
        start=start,
        end=end,
        speaker=mention.speaker if mention else None,
        speaker_text=mention.text if mention else None,
        speaker_start=mention.start if mention else None,
        speaker_end=mention.end if mention else None,
        partial=partial,
    )
