"""Quotation finding and attribution (briefings.annotate.quotes)."""

from __future__ import annotations

import re

import pytest

from briefings.annotate.quotes.find import find_quotes
from briefings.annotate.quotes.marks import quoted_spans
from briefings.model import Player, Quote

# Paragraphs of the seed article (cleaned), as the pipeline sees them.
SEED = """\
Putin last week made it clear he would not wait long for the written security guarantees he demands, saying he was not interested in negotiations, only results.

“It is you who must give us guarantees, and you must do it immediately, right now,” he told a Western journalist last week at his annual news conference, when asked if he would rule out invading Ukraine. “It is the United States that has come to our home with its missiles and is already standing at our doorstep.”

Biden plans to tell Putin Thursday that while the United States is prepared to proceed diplomatically, it will respond to further incursions with economic sanctions, NATO reinforcement and assistance to Ukrainian efforts to defend itself, according to a senior administration official, speaking to reporters anonymously under ground rules set by the White House.

U.S. officials hope that talks between the leaders may help cool the crisis ahead of talks planned Jan. 10 between U.S. and Russian officials, likely in Geneva.

“I think both leaders believe that there is genuine value in direct leader-to-leader engagement, that we are in a moment of crisis and have been for some weeks now given the Russian buildup,” the senior administration official said.

Putin blames Western aggression for the rising military tension over Ukraine and last week threatened to respond with “military-technical measures” if his security demands were not met, without indicating what the measures would be.

On Sunday, Kremlin spokesman Dmitry Peskov explicitly linked Russia’s test of a multiple firing of Tsirkon hypersonic missiles on Christmas Eve with Moscow’s demands for security guarantees, saying Russia hoped that its demands would “thus become more compelling.” He was interviewed on state television on the program, “Putin.”

Putin, who has often boasted that Russia leads the world in hypersonic missile technology, said the first Tsirkon missile salvo test was “successful, impeccable.” He called it “a major event in the life of our country and a significant step in raising Russia’s security.”

In recent weeks Putin has aired grievances over NATO’s expansion into Eastern Europe after the fall of the USSR 30 years ago, and his belief that part of Ukraine’s territory historically belongs to Russia.

Putin has marked out Ukraine membership of NATO as a “red line” that Russia will not accept. In a long essay published in the summer, he made it clear he sees Ukraine as part of Moscow’s sphere of influence, writing that Ukraine could only be truly sovereign in partnership with Russia.

Nikolai Patrushev, Russia’s security council chief, called Ukraine a “protectorate” in a newspaper interview in November, adding an ominous note: “There’s potential in Ukraine for an outburst of tensions so strong that millions of Ukrainians will flee to seek refuge in other places.”
"""

SEED_QUOTES = [
    # (start of the quoted words, speaker, partial)
    ("It is you who must", "Vladimir Putin", False),
    ("It is the United States", "Vladimir Putin", False),
    ("I think both leaders", "a senior administration official", False),
    ("military-technical measures", "Vladimir Putin", True),
    ("thus become more compelling", "Dmitry Peskov", True),
    ("successful, impeccable", "Vladimir Putin", True),
    ("a major event", "Vladimir Putin", True),
    ("red line", "Vladimir Putin", True),
    ("protectorate", "Nikolai Patrushev", True),
    ("There’s potential in Ukraine", "Nikolai Patrushev", False),
]


def person(text: str, name: str, *aliases: str, kind: str = "person") -> Player:
    """A player whose mentions are every whole-word occurrence of its names."""
    names = sorted({name, *aliases}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    spans = [m.span() for m in pattern.finditer(text)]
    return Player(name=name, kind=kind, aliases=list(aliases), spans=spans, mentions=len(spans))


def quotes_of(nlp, text: str, *players: tuple[str, ...]):
    """``find_quotes`` on ``text`` with players built from (name, *aliases)."""
    cast = [person(text, *names) for names in players]
    return find_quotes(nlp(text), cast)


def only(quotes, start: str):
    """The single quote whose text starts with ``start``."""
    found = [q for q in quotes if q.text.startswith(start)]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


# The seed bar ------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_quotes(nlp):
    return quotes_of(
        nlp,
        SEED,
        ("Vladimir Putin", "Putin"),
        ("Dmitry Peskov", "Peskov"),
        ("Nikolai Patrushev", "Patrushev"),
        ("Joe Biden", "Biden"),
    )


def test_seed_has_exactly_its_ten_quotes_in_order(seed_quotes):
    assert [q.text[: len(s)] for q, (s, _, _) in zip(seed_quotes, SEED_QUOTES)] == [
        s for s, _, _ in SEED_QUOTES
    ]
    assert len(seed_quotes) == len(SEED_QUOTES)


@pytest.mark.parametrize(("start", "speaker", "partial"), SEED_QUOTES)
def test_seed_speakers_and_partiality(seed_quotes, start, speaker, partial):
    quote = only(seed_quotes, start)
    assert quote.speaker == speaker
    assert quote.partial is partial


def test_seed_offsets_index_the_text(seed_quotes):
    for quote in seed_quotes:
        assert SEED[quote.start : quote.end] == quote.text
        assert quote.speaker_start is not None
        assert SEED[quote.speaker_start : quote.speaker_end] == quote.speaker_text


def test_seed_programme_title_is_not_a_quote(seed_quotes):
    assert not [q for q in seed_quotes if q.text.startswith("Putin")]


def test_seed_pronoun_mention_is_kept_as_written(seed_quotes):
    quote = only(seed_quotes, "It is you")
    assert quote.speaker_text == "he"
    assert only(seed_quotes, "It is the United States").speaker_text == "he"


# Cue positions -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“We will not raise taxes,” Maria Lopez said on Monday.",
        "“We will not raise taxes,” said Maria Lopez, the mayor.",
        "Maria Lopez said: “We will not raise taxes.”",
        "Maria Lopez told reporters on Monday, “We will not raise taxes.”",
        "“We will not raise taxes,” Maria Lopez wrote in a letter to residents.",
        "Maria Lopez, who has run the city since 2019, said “we will not raise taxes.”",
        "According to Maria Lopez, “we will not raise taxes.”",
        "“We will not raise taxes,” according to Maria Lopez.",
    ],
)
def test_named_speaker_with_cue_in_any_position(nlp, text):
    quote = only(quotes_of(nlp, text, ("Maria Lopez", "Lopez")), "")
    assert quote.text.lower().startswith("we will not raise taxes")
    assert quote.speaker == "Maria Lopez"
    assert quote.speaker_text == "Maria Lopez"


def test_surname_mention_maps_to_canonical_name(nlp):
    text = "Maria Lopez runs the city.\n\n“Taxes stay where they are,” Lopez said."
    quote = only(quotes_of(nlp, text, ("Maria Lopez", "Lopez")), "Taxes")
    assert (quote.speaker, quote.speaker_text) == ("Maria Lopez", "Lopez")


def test_cue_verbs_beyond_say(nlp):
    text = (
        "“Is the bridge safe?” Tom Reed asked the engineers.\n\n"
        "“It will be finished by spring,” Anna Berg added."
    )
    quotes = quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",))
    assert [q.speaker for q in quotes] == ["Tom Reed", "Anna Berg"]


# Pronouns and unnamed sources -------------------------------------------


def test_pronoun_resolves_to_the_last_person_subject(nlp):
    text = (
        "Maria Lopez visited the flooded district on Tuesday with the governor's staff.\n\n"
        "“Nobody here will be left alone,” she told residents."
    )
    quote = only(quotes_of(nlp, text, ("Maria Lopez", "Lopez")), "Nobody")
    assert (quote.speaker, quote.speaker_text) == ("Maria Lopez", "she")


def test_pronoun_skips_people_who_are_not_subjects(nlp):
    text = (
        "Tom Reed met Anna Berg in Oslo.\n\n"
        "“We agreed on nothing,” he said afterwards."
    )
    quote = only(quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",)), "We agreed")
    assert quote.speaker == "Tom Reed"


def test_pronoun_resolves_to_the_previous_quote_speaker(nlp):
    text = (
        "The budget is “the tightest in a decade,” according to Maria Lopez.\n\n"
        "Later she told reporters the cuts were “painful but necessary.”"
    )
    quotes = quotes_of(nlp, text, ("Maria Lopez", "Lopez"))
    assert [q.speaker for q in quotes] == ["Maria Lopez", "Maria Lopez"]
    assert quotes[1].speaker_text == "she"


def test_unnamed_source_keeps_its_first_description(nlp):
    text = (
        "The plan was approved, according to a senior city official.\n\n"
        "“Nobody wanted another winter like the last,” the senior city official said."
    )
    quote = only(quotes_of(nlp, text), "Nobody")
    assert quote.speaker == "a senior city official"
    assert quote.speaker_text == "the senior city official"


def test_newspaper_as_source(nlp):
    text = "The newspaper wrote that the deal was “a historic mistake.”"
    quote = only(quotes_of(nlp, text), "a historic")
    assert quote.speaker == "The newspaper"
    assert quote.partial


def test_apposed_name_wins_over_the_description(nlp):
    text = "“We see no sign of a pullback,” the Pentagon press secretary, John Kirby, said on Monday."
    quote = only(quotes_of(nlp, text, ("John Kirby", "Kirby")), "We see")
    assert (quote.speaker, quote.speaker_text) == ("John Kirby", "John Kirby")


def test_spokesman_speaks_for_himself_not_for_the_president(nlp):
    text = "White House spokesman Jay Carney said Obama “will not negotiate over the debt ceiling.”"
    quote = only(quotes_of(nlp, text, ("Jay Carney", "Carney"), ("Barack Obama", "Obama")), "will not")
    assert quote.speaker == "Jay Carney"


def test_definite_description_refers_back_to_the_titled_name(nlp):
    text = (
        "U.S. District Judge Laura Whitcombe rejected the motion on Thursday.\n\n"
        "“The delay caused the defendant no prejudice,” the judge wrote."
    )
    quote = only(quotes_of(nlp, text, ("Laura Whitcombe", "Whitcombe")), "The delay")
    assert (quote.speaker, quote.speaker_text) == ("Laura Whitcombe", "the judge")


def test_definite_description_refers_back_to_the_apposition(nlp):
    text = (
        "A utility, Summit Power, said it had cut power to 9,000 customers.\n\n"
        "“We know this is a hardship,” the utility said."
    )
    cast = [person(text, "Summit Power", kind="organization")]
    (quote,) = find_quotes(nlp(text), cast)
    assert quote.speaker == "Summit Power"


def test_described_source_stays_a_description(nlp):
    text = (
        "A senior administration official, who spoke on condition of anonymity, said the rules were ready. "
        "“The work has not stopped for a single day,” the official said."
    )
    quote = only(quotes_of(nlp, text), "The work")
    assert quote.speaker == "a senior administration official"


def test_pronoun_agrees_in_gender_with_its_antecedent(nlp):
    text = (
        "Anna Berg chaired the meeting. Tom Reed, her deputy, presented his plan for the bridge.\n\n"
        "“We will vote on it in May,” she said."
    )
    quote = only(quotes_of(nlp, text, ("Anna Berg", "Berg"), ("Tom Reed", "Reed")), "We will")
    assert (quote.speaker, quote.speaker_text) == ("Anna Berg", "she")


def test_pronoun_it_refers_to_an_organisation(nlp):
    text = (
        "Nordvik said on Monday that it would recall 40,000 bicycles. Anna Berg, an analyst, "
        "called the move prudent.\n\n“Safety is our highest priority,” it said in a statement."
    )
    cast = [person(text, "Nordvik", kind="organization"), person(text, "Anna Berg")]
    quote = only(find_quotes(nlp(text), cast), "Safety")
    assert (quote.speaker, quote.speaker_text) == ("Nordvik", "it")


def test_pronoun_they_refers_to_a_plural(nlp):
    text = (
        "Hundreds of protesters gathered outside City Hall on Saturday. Mayor Anna Berg stayed inside.\n\n"
        "“Hands off our library,” they chanted as the council met."
    )
    quote = only(quotes_of(nlp, text, ("Anna Berg", "Berg")), "Hands off")
    assert (quote.speaker, quote.speaker_text) == ("Hundreds of protesters", "they")


def test_the_company_is_the_organisation_last_named_as_a_subject(nlp):
    text = (
        "Nordvik said on Monday that it would recall 40,000 bicycles. Its chief executive, Johan Ekberg, "
        "told the newspaper Dagens Industri that the company had switched suppliers.\n\n"
        "“We found the problem and we fixed it,” the company said in a statement."
    )
    cast = [person(text, "Nordvik", kind="organization"), person(text, "Johan Ekberg", "Ekberg")]
    cast.append(person(text, "Dagens Industri", kind="organization"))
    quote = only(find_quotes(nlp(text), cast), "We found")
    assert (quote.speaker, quote.speaker_text) == ("Nordvik", "the company")


def test_names_inside_quotations_are_no_antecedents(nlp):
    text = (
        "Tom Haverford, reached by phone, was gracious.\n\n"
        "“Ruth cared about this town more than anyone I know,” he said."
    )
    quotes = quotes_of(nlp, text, ("Tom Haverford", "Haverford"), ("Ruth Calloway", "Ruth"))
    assert only(quotes, "Ruth cared").speaker == "Tom Haverford"


def test_a_pronoun_subject_of_the_cue_is_the_mention(nlp):
    text = "Anna Berg says she was moved by what she calls a “war of some pretty unpleasant words.”"
    quote = only(quotes_of(nlp, text, ("Anna Berg", "Berg")), "war of")
    assert (quote.speaker, quote.speaker_text) == ("Anna Berg", "she")
    assert text[quote.speaker_start : quote.speaker_end] == "she"
    assert quote.speaker_start == text.index("she calls")


def test_a_pronoun_the_cue_borrows_rests_on_the_name_above(nlp):
    text = "Tom Lazar said he welcomed the ruling and added, “I will plead guilty, no problem.”"
    quote = only(quotes_of(nlp, text, ("Tom Lazar", "Lazar")), "I will plead")
    assert (quote.speaker, quote.speaker_text) == ("Tom Lazar", "Tom Lazar")


def test_a_thing_that_says_reports_its_reporter(nlp):
    text = "City Attorney Brad Holm said the advertisement “unmistakably and wrongfully” suggests police support."
    quote = only(quotes_of(nlp, text, ("Brad Holm", "Holm")), "unmistakably")
    assert quote.speaker == "Brad Holm"


def test_doer_of_a_passive_cue_is_the_source(nlp):
    text = "Anna Berg has been called a “reckless gambler” by her rivals on the council."
    quote = only(quotes_of(nlp, text, ("Anna Berg", "Berg")), "reckless")
    assert quote.speaker_text == "her rivals"


def test_doer_before_a_participle_of_saying(nlp):
    text = "The ad uses footage of Maria Lopez asking, “Why are we not fifty points ahead?”"
    quote = only(quotes_of(nlp, text, ("Maria Lopez", "Lopez")), "Why are")
    assert quote.speaker == "Maria Lopez"


# Nested reports and relative pronouns ------------------------------------


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "Tom Reed said at a rally on Friday that Anna Berg once described the treaty "
            "as “the gold standard” of trade deals.",
            "Tom Reed",
        ),
        ("Anna Berg told reporters that Tom Reed had called the plan “a disaster for the valley.”", "Anna Berg"),
    ],
)
def test_a_nested_report_is_credited_to_the_outer_speaker(nlp, text, speaker):
    """A quotation inside a reported clause is the reporter's claim (PolNeAR's
    convention, as in news): its source is the speaker of the outer report."""
    (quote,) = quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",))
    assert quote.speaker == speaker


def test_the_outer_speaker_is_looked_for_only_up_to_another_quotation(nlp):
    text = "“The plan is a disaster,” Tom Reed said, adding that Anna Berg had called it “reckless.”"
    quotes = quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",))
    assert [q.speaker for q in quotes] == ["Tom Reed", "Tom Reed"]
    text = "Anna Berg said it was “reckless,” and Tom Reed said it was “a disaster.”"
    quotes = quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",))
    assert [q.speaker for q in quotes] == ["Anna Berg", "Tom Reed"]


@pytest.mark.parametrize(
    "text, speaker",
    [
        (
            "The guests included Tom Reed, who joked of the museum, "
            "“I haven’t seen it yet, but I’m going to.”",
            "Tom Reed",
        ),
        (
            "The study, which notes that the firms would owe more, “equal to the budgets "
            "of three states,” was published on Monday.",
            "The study",
        ),
    ],
)
def test_a_relative_pronoun_is_the_mention_of_its_antecedent(nlp, text, speaker):
    """"X, who said …": the speaker is X, mentioned by the pronoun "who"."""
    (quote,) = quotes_of(nlp, text, ("Tom Reed",))
    assert quote.speaker == speaker
    assert text[quote.speaker_start : quote.speaker_end] in ("who", "which")


# Quotation mark styles, long and interrupted quotes -----------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('"The budget is balanced," Tom Reed said.', "The budget is balanced"),
        ("“The budget is balanced,” Tom Reed said.", "The budget is balanced"),
        ("‘The budget is balanced,’ Tom Reed said.", "The budget is balanced"),
        ("'The budget is balanced,' Tom Reed said.", "The budget is balanced"),
        ("''The budget is balanced,'' Tom Reed said.", "The budget is balanced"),
    ],
)
def test_every_quotation_mark_style(nlp, text, words):
    (quote,) = quotes_of(nlp, text, ("Tom Reed",))
    assert (quote.text, quote.speaker) == (words, "Tom Reed")


def test_text_without_quotations(nlp):
    assert quotes_of(nlp, "") == []
    assert quotes_of(nlp, "The council met on Monday. It's the voters' choice.") == []


def test_apostrophes_are_not_quotation_marks():
    text = "The voters’ anger isn’t new, and it’s been there since the ’90s."
    assert quoted_spans(text) == []


def test_quote_running_over_paragraphs(nlp):
    text = (
        "Anna Berg said on Friday:\n\n"
        "“We have built three schools this year and we will build four more.\n\n"
        "“Nobody can say this town has stood still.”\n\n"
        "The council meets again in May."
    )
    quotes = quotes_of(nlp, text, ("Anna Berg",))
    assert [q.text for q in quotes] == [
        "We have built three schools this year and we will build four more.",
        "Nobody can say this town has stood still.",
    ]
    assert [q.speaker for q in quotes] == ["Anna Berg", "Anna Berg"]


def test_quote_over_paragraphs_named_at_its_end(nlp):
    text = (
        "Tom Reed opened the meeting at noon.\n\n"
        "“We have built three schools this year and we will build four more.\n\n"
        "“Nobody can say this town has stood still,” Anna Berg said."
    )
    quotes = quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",))
    assert [q.speaker for q in quotes] == ["Anna Berg", "Anna Berg"]


def test_interrupted_quote_keeps_its_speaker(nlp):
    text = "“The road is closed,” Mr. Reed said, “and it will stay closed until June.”"
    quotes = quotes_of(nlp, text, ("Tom Reed", "Reed"))
    assert [q.speaker for q in quotes] == ["Tom Reed", "Tom Reed"]
    assert [q.partial for q in quotes] == [False, False]


def test_quote_opening_the_next_paragraph_continues_the_speaker(nlp):
    text = (
        "“The road is closed,” Tom Reed said.\n\n"
        "“It will stay closed until June.”\n\n"
        "Anna Berg disagreed with him."
    )
    quotes = quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",))
    assert [q.speaker for q in quotes] == ["Tom Reed", "Tom Reed"]


# Partial quotes, titles, scare quotes ------------------------------------


def test_partial_quote_inside_a_sentence(nlp):
    text = "Tom Reed called the new stadium “a monument to waste” on Monday."
    (quote,) = quotes_of(nlp, text, ("Tom Reed",))
    assert (quote.text, quote.speaker, quote.partial) == (
        "a monument to waste",
        "Tom Reed",
        True,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Tom Reed appeared on the show “Morning Politics” last week.",
        "Anna Berg wrote a book titled “Rivers of Stone.”",
        "They founded a group called “Open Streets” in 2010.",
    ],
)
def test_titles_and_names_are_not_quotes(nlp, text):
    assert quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Price, asked about the “Cinderella” label that has followed her side, smiled.",
        "Dorsey has run on his work on the so-called “Clean Rivers Act,” a bill to clean up rivers.",
        "Dorsey, who is known to colleagues as “the Professor” for his long speeches, smiled.",
        "Ouisa Davis' commentary, “Melania, tell your immigrant story,” is very thoughtful.",
    ],
)
def test_terms_nicknames_and_lower_case_titles_are_not_quotes(nlp, text):
    cast = [("Gemma Price", "Price"), ("Ray Dorsey", "Dorsey"), ("Ouisa Davis",)]
    assert quotes_of(nlp, text, *cast) == []


def test_a_name_in_someones_report_is_a_quote(nlp):
    """Within a report, even a so-called name is the source's words, as
    PolNeAR counts them; the same name in the article's own voice is not."""
    text = "Anna Berg said that the so-called “reform” would cost the county millions."
    (quote,) = quotes_of(nlp, text, ("Anna Berg",))
    assert (quote.text, quote.speaker) == ("reform", "Anna Berg")
    assert quotes_of(nlp, "The so-called “reform” would cost the county millions.", ("Anna Berg",)) == []


def test_a_term_takes_no_source_from_the_quotation_before(nlp):
    text = "“The road is closed,” Tom Reed said. The “temporary” closure has now lasted a year."
    quotes = quotes_of(nlp, text, ("Tom Reed", "Reed"))
    assert [q.text for q in quotes] == ["The road is closed"]


def test_short_scare_quotes_are_left_out(nlp):
    text = (
        "Tom Reed spoke at the opening.\n\n"
        "The so-called “reform” was passed in a hurry last year."
    )
    assert quotes_of(nlp, text, ("Tom Reed",)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Rep. Robert C. “Bobby” Scott opened his back yard to voters.",
        "The senator spoke for an hour.\n\n“All Bets Are Off.”\n\nThe next section begins.",
        "“(CROSSTALK)”",
    ],
)
def test_nicknames_headings_and_stage_directions_are_not_quotes(nlp, text):
    assert quotes_of(nlp, text) == []


# Sources outside the quotation's own sentence -------------------------------


def test_stage_direction_inside_a_transcript_is_not_a_quote(nlp):
    text = '"WALLACE: Will you be at the debate tomorrow night?\n\n"(CROSSTALK.)\n\n"PENCE: I will be there.'
    quotes = quotes_of(nlp, text, ("Chris Wallace", "Wallace"), ("Mike Pence", "Pence"))
    assert [q.speaker for q in quotes] == ["Chris Wallace", "Mike Pence"]


def test_transcript_label_is_the_speaker(nlp):
    text = (
        "Chris Wallace interviewed Mike Pence on Sunday.\n\n"
        '"WALLACE: Will you be at the debate tomorrow night?\n\n'
        '"PENCE: I will be there, and so will the governor.'
    )
    quotes = quotes_of(nlp, text, ("Chris Wallace", "Wallace"), ("Mike Pence", "Pence"))
    assert [q.speaker for q in quotes] == ["Chris Wallace", "Mike Pence"]
    assert [q.speaker_text for q in quotes] == ["WALLACE", "PENCE"]
    assert quotes[0].text == "Will you be at the debate tomorrow night?"


def test_name_after_a_dash_is_the_speaker(nlp):
    text = "“Nobody asked us what we wanted for this town.” ― Karen Bobadilla"
    (quote,) = quotes_of(nlp, text, ("Karen Bobadilla",))
    assert quote.speaker == "Karen Bobadilla"


def test_colon_at_the_end_of_the_previous_paragraph(nlp):
    text = (
        "Tom Reed spoke after the vote. He added:\n\n"
        "“This town deserves better roads, and it will get them.”"
    )
    (quote,) = quotes_of(nlp, text, ("Tom Reed",))
    assert (quote.speaker, quote.speaker_text) == ("Tom Reed", "He")


def test_sentence_ending_on_a_colon_introduces_the_quote(nlp):
    text = (
        "On Monday, Anna Berg made the following statement:\n\n"
        "“For young people who left school early, the rate is 33 percent.”"
    )
    (quote,) = quotes_of(nlp, text, ("Anna Berg",))
    assert quote.speaker == "Anna Berg"


def test_a_sentence_with_its_own_cue_names_the_next_quote(nlp):
    text = (
        "“We are ready,” Tom Reed said. Anna Berg said the city was not.\n\n"
        "“Nothing is ready, and everybody knows it.”"
    )
    quotes = quotes_of(nlp, text, ("Tom Reed",), ("Anna Berg",))
    assert [q.speaker for q in quotes] == ["Tom Reed", "Anna Berg"]


def test_sentence_before_the_quote_names_the_source(nlp):
    text = (
        "Anna Berg said the plan had failed. "
        "“It was a disaster from the first week to the last.”"
    )
    (quote,) = quotes_of(nlp, text, ("Anna Berg",))
    assert quote.speaker == "Anna Berg"


def test_possessor_of_a_claim_is_the_source(nlp):
    text = "Anna Berg’s claim that the bridge was “perfectly safe for every truck” was false."
    (quote,) = quotes_of(nlp, text, ("Anna Berg",))
    assert quote.speaker == "Anna Berg"
    assert quote.partial


def test_speaker_is_never_inside_the_quotation(nlp):
    text = "“My reaction was that it was outrageous,” the former campaign strategist said."
    (quote,) = quotes_of(nlp, text)
    assert quote.speaker_start > quote.end


# Pairing the marks -------------------------------------------------------


def test_nested_quotes_in_another_style_stay_inside():
    text = "He said, \"I never called it ‘a bad deal’ in public.\" Then he left."
    (span,) = quoted_spans(text)
    assert text[span.start : span.end] == "I never called it ‘a bad deal’ in public."


def test_mismatched_marks_still_close_the_quote():
    text = '"We do not see a link to terrorism,” the mayor said.'
    (span,) = quoted_spans(text)
    assert text[span.start : span.end] == "We do not see a link to terrorism"


def test_marks_inside_markup_are_ignored():
    text = '<tweet author="someone" id="12">Vote early.</tweet> “Vote often,” he joked.'
    (span,) = quoted_spans(text)
    assert text[span.start : span.end] == "Vote often"


def test_stray_unclosed_mark_inside_a_sentence_is_dropped():
    assert quoted_spans("He is 6'3\" tall and weighs 236 pounds.") == []


def test_multi_paragraph_spans_are_marked():
    text = "“First part.\n\n“Second part.”"
    first, second = quoted_spans(text)
    assert (first.continues, second.continuation) == (True, True)


def test_indefinite_source_at_a_sentence_start_is_named_as_introduced(nlp):
    text = "A council spokeswoman said the new routes would be “reviewed after the first heavy snowfall.”"
    quote = only(quotes_of(nlp, text), "reviewed")
    assert quote.speaker == "a council spokeswoman"
    assert quote.speaker_text == "A council spokeswoman"


def test_hyphenated_surname_is_the_player_even_where_a_piece_of_it_is_another(nlp):
    text = (
        "The government of President Samuel Owusu-Ansah will not ask for more money, its spokesman said.\n\n"
        "Spokesman Kojo Mensah said the slide of the currency was temporary.\n\n"
        "Owusu-Ansah himself struck a more defiant tone at a rally on Saturday. "
        "“Nobody will dictate to Ghana how to run Ghana,” he told supporters."
    )
    cast = [
        person(text, "Kojo Mensah", "Mensah"),
        person(text, "Samuel Owusu-Ansah"),
        person(text, "Owusu", kind="place"),  # a piece of the name, mistaken for a place
    ]
    quote = only(find_quotes(nlp(text), cast), "Nobody")
    assert (quote.speaker, quote.speaker_text) == ("Samuel Owusu-Ansah", "he")


def test_reader_comments_signed_after_a_no_break_space(nlp):
    text = (
        "“Good news for the hill estates at last.”\xa0― Tom Okafor\xa0\n"
        "“Who is paying for this? My council tax went up in April.”\xa0― Priya Nandakumar\xa0\n"
    )
    quotes = quotes_of(nlp, text, ("Tom Okafor",), ("Priya Nandakumar",))
    assert [q.speaker for q in quotes] == ["Tom Okafor", "Priya Nandakumar"]


def test_word_of_saying_tagged_as_a_noun_still_names_the_source(nlp):
    text = (
        "The white paper was shared with lawmakers on Thursday.\n\n"
        "“Today, the kingdom is one of the leading nations in combating terrorism,” "
        "the Saudis state in the white paper."
    )
    quote = only(quotes_of(nlp, text), "Today")
    assert quote.speaker_text == "Saudis"


def test_clause_introducing_a_quotation_with_a_colon_gives_its_subject(nlp):
    text = "The state elections board was conclusive in its findings: “Further discussion on this issue is unnecessary.”"
    quote = only(quotes_of(nlp, text), "Further")
    assert quote.speaker_text == "The state elections board"


def test_words_reported_according_to_a_source_are_that_sources(nlp):
    text = (
        "“Delegates should be able to vote the way they see fit,” Walker said, "
        "according to an Associated Press account."
    )
    quote = only(quotes_of(nlp, text, ("Scott Walker", "Walker")), "Delegates")
    assert quote.speaker_text == "an Associated Press account"


@pytest.mark.parametrize("verb", ["fumed", "scoffed", "remembered"])
def test_verbs_of_the_manner_of_speaking_are_cues(nlp, verb):
    text = f"“If they were serious about this, they would have gone to the only bipartisan bill,” Toomey {verb} on Tuesday."
    quote = only(quotes_of(nlp, text, ("Pat Toomey", "Toomey")), "If they")
    assert quote.speaker == "Pat Toomey"


def test_name_after_a_dash_opening_the_next_line_signs_a_quotation(nlp):
    text = (
        "Quotable.\n\n"
        "“The whole idea of a ‘Crooked Hillary’ is something that we hear about all the time, and it needs to stop.”\n\n"
        "-Michelle Marks, Philadelphia delegate.\n"
    )
    quote = only(quotes_of(nlp, text, ("Michelle Marks",)), "The whole idea")
    assert quote.speaker == "Michelle Marks"


# The evaluation's gold definition ------------------------------------------


def test_gold_direct_quotes_are_attributions_with_quoted_content(tmp_path):
    from benchmarks.quotes import Score, read_gold, score_article

    text = "Smith said the plan “will not work.” Jones thinks it will."
    ann = tmp_path / "a.ann"
    ann.write_text(
        "T1\tSource 0 5\tSmith\n"
        "T2\tCue 6 10\tsaid\n"
        "T3\tContent 11 36\tthe plan “will not work.”\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
        "T4\tSource 37 42\tJones\n"
        "T5\tCue 43 49\tthinks\n"
        "T6\tContent 50 57\tit will\n"
        "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n",
        encoding="utf-8",
    )
    (gold,) = read_gold(ann, text)
    assert text[gold.quoted[0][0] : gold.quoted[0][1]] == "will not work."
    right = Quote("will not work.", 20, 34, "Smith", "Smith", 0, 5, True)
    wrong = Quote("will not work.", 20, 34, "Jones", "Jones", 37, 42, True)
    for quote, accurate in ((right, 1), (wrong, 0)):
        score = Score()
        score_article(text, [quote], [gold], score, None)
        assert (score.matched_system, score.matched_gold, score.right_speaker) == (1, 1, accurate)


def test_a_quote_glued_to_its_verb_in_pasted_copy_keeps_its_speaker(nlp):
    from briefings.ingest.repair import repair_text

    text = repair_text("Union organiser Bobby Carrick said,“Look, this is the best deal we have won in a decade.”")
    quote = only(quotes_of(nlp, text, ("Bobby Carrick", "Carrick")), "Look, this is")
    assert quote.speaker == "Bobby Carrick"
