"""Topic timelines on a story written for the tests: a dockworkers' strike at a
(fictional) port, told in eight dated wire stories, annotated by the real
pipeline. The days that mattered are the strike vote, the walkout, the
collapse of talks, the deal and its ratification; a side remark about an
offer in February and the port's yearly figures should not make the timeline.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from briefings.annotate.pipeline import annotate
from briefings.model import Article, Briefing, Timex
from briefings.topic_timeline import Sentences, TopicDate, default_dates, split_sentences, topic_timeline

STORY = [
    ("strike-vote", "2023-03-02", "Halvering dockworkers vote to strike", """
Dockworkers at the Port of Halvering voted on Thursday to walk off the job, the Coastal Stevedores Union said, after \
months of failed talks over pay and automation.

Union leader Maria Okafor said 94 percent of members backed the strike, which will begin on Monday unless the port \
operator returns to the table with a better offer.

The port operator, Halvering Terminals, called the vote disappointing and said its latest offer was fair. The union \
had rejected an earlier offer on Feb. 14.
"""),
    ("strike-begins", "2023-03-06", "Strike shuts Halvering port as ships queue offshore", """
About 3,000 dockworkers walked off the job at the Port of Halvering on Monday, halting container traffic at the \
country's second-busiest port.

Pickets gathered at the main gates before dawn. By midday eleven container ships were waiting offshore, according to \
the harbour master.

The Coastal Stevedores Union voted for the walkout last Thursday after talks with Halvering Terminals broke down.
"""),
    ("strike-day-two", "2023-03-07", "Retailers warn of shortages as port strike enters second day", """
Retailers warned of empty shelves within weeks as the strike at the Port of Halvering entered its second day on \
Tuesday.

The walkout, which began on Monday, has left more than twenty ships at anchor. The port handled 1.2 million \
containers last year.

Halvering Terminals said it was ready to resume talks but would not reopen its pay offer.
"""),
    ("talks-collapse", "2023-03-09", "Halvering port talks collapse after six hours", """
Talks to end the strike at the Port of Halvering collapsed on Thursday after six hours, with both sides blaming \
each other.

Union leader Maria Okafor said the operator had refused to discuss limits on automation. Halvering Terminals said the \
union's pay demands would make the port uncompetitive.

The strike began on March 6 and has stranded cargo worth millions of dollars a day, according to the chamber of commerce.
"""),
    ("mediator", "2023-03-14", "Government names mediator in Halvering port strike", """
The transport ministry appointed former judge Elena Varga on Tuesday to mediate in the dockworkers' strike at the \
Port of Halvering.

The walkout began on March 6, and talks collapsed on March 9. Both the union and the operator said they would meet \
the mediator this week.
"""),
    ("deal-reached", "2023-03-20", "Tentative deal reached to end Halvering port strike", """
The Coastal Stevedores Union and Halvering Terminals reached a tentative agreement on Monday to end the two-week \
strike at the Port of Halvering.

The deal raises pay by 14 percent over three years and limits the use of automated cranes, mediator Elena Varga said. \
Members will vote on it on Thursday.

The strike, which began on March 6, had left dozens of ships waiting offshore.
"""),
    ("deal-ratified", "2023-03-23", "Halvering dockworkers ratify deal, ending strike", """
Dockworkers at the Port of Halvering voted on Thursday to accept the new contract, ending a strike that began on \
March 6.

The agreement reached on March 20 raises pay by 14 percent over three years. Work at the port will resume on Friday.

The walkout was the longest at the port in three decades.
"""),
    ("backlog", "2023-04-03", "Halvering port clears strike backlog", """
The Port of Halvering said on Monday it had cleared the backlog of ships left by the strike, which began on March 6 \
and ended on March 23 when dockworkers ratified the deal.

Talks had collapsed on March 9 before the government appointed a mediator. Halvering Terminals said container \
volumes were back to normal.
"""),
]

SLUGS = [slug for slug, *_ in STORY]
MATTER = {dt.date(2023, 3, d) for d in (2, 6, 9, 20, 23)}


@pytest.fixture(scope="module")
def briefings(nlp) -> list[Briefing]:
    out = []
    for slug, date, title, text in STORY:
        article = Article(title=title, text=text.strip(), date=dt.date.fromisoformat(date), slug=slug)
        out.append(annotate(article, nlp))
    return out


def _normal(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def test_the_days_that_matter_are_chosen(briefings):
    timeline = topic_timeline(briefings, dates=5)
    days = [entry.date for entry in timeline]
    assert len(days) == 5
    # the walkout, referred to by every later story, and the deal and the collapse of talks
    assert {dt.date(2023, 3, 6), dt.date(2023, 3, 9), dt.date(2023, 3, 20)} <= set(days)
    assert len(set(days) & MATTER) >= 4
    # a side remark and a day no story dates anything to stay out
    assert dt.date(2023, 2, 14) not in days


def test_the_walkout_comes_first_when_one_day_is_asked(briefings):
    (entry,) = topic_timeline(briefings, SLUGS, dates=1)
    assert entry.date == dt.date(2023, 3, 6)
    assert _about(entry.sentences[0], entry.date, briefings)


def _about(sentence: str, day: dt.date, briefings: list[Briefing]) -> bool:
    """Whether a briefing carrying ``sentence`` dates it to ``day`` (one of its
    timexes of that day lies in it) or was published on the day or the day after."""
    for briefing in briefings:
        text = " ".join(briefing.text.split())
        start = text.find(sentence)
        if start < 0:
            continue
        if briefing.date in (day, day + dt.timedelta(days=1)):
            return True
        if any(t.value.startswith(day.isoformat()) and t.text in sentence for t in briefing.timexes):
            return True
    return False


def test_oldest_first_and_json(briefings):
    timeline = topic_timeline(briefings, dates=6, sentences=2)
    days = [entry.date for entry in timeline]
    assert days == sorted(days)
    for entry in timeline:
        record = entry.to_json()
        assert list(record) == ["date", "summary", "sources"]
        assert record["date"] == entry.date.isoformat()
        assert record["summary"] == " ".join(entry.sentences)


def test_summaries_are_sentences_of_their_sources(briefings):
    by_slug = {slug: b for slug, b in zip(SLUGS, briefings)}
    timeline = topic_timeline(briefings, SLUGS, dates=6, sentences=2)
    assert timeline
    for entry in timeline:
        assert 1 <= len(entry.sentences) <= 2
        assert entry.sources and set(entry.sources) <= set(SLUGS)
        assert len(entry.carriers) == len(entry.sentences)
        for sentence, named in zip(entry.sentences, entry.carriers):
            carriers = [slug for slug in SLUGS if sentence in " ".join(by_slug[slug].text.split())]
            assert carriers, sentence
            # every source of the entry carries one of its sentences, and every carrier is named
            assert set(carriers) <= set(entry.sources)
            # each sentence's own carriers, the earliest first (the site links each sentence to them)
            assert sorted(named) == sorted(carriers)
            assert [by_slug[slug].date for slug in named] == sorted(by_slug[slug].date for slug in named)
        for slug in entry.sources:
            assert any(s in " ".join(by_slug[slug].text.split()) for s in entry.sentences)


def test_each_day_is_told_by_sentences_about_it(briefings):
    timeline = topic_timeline(briefings, SLUGS, dates=6, sentences=2)
    for entry in timeline:
        for sentence in entry.sentences:
            assert _about(sentence, entry.date, briefings), (entry.date, sentence)
    deal = next(entry for entry in timeline if entry.date == dt.date(2023, 3, 20))
    assert "agreement" in deal.summary.lower() or "deal" in deal.summary.lower()


def test_no_sentence_is_used_twice(briefings):
    timeline = topic_timeline(briefings, SLUGS, dates=8, sentences=3)
    sentences = [_normal(s) for entry in timeline for s in entry.sentences]
    assert len(sentences) == len(set(sentences))
    words = [set(s.split()) for s in sentences]
    for i, first in enumerate(words):
        for second in words[i + 1:]:
            assert len(first & second) / len(first | second) < 0.8


def test_near_copies_from_wire_copy_are_attributed_not_repeated(briefings, nlp):
    # a second outlet carries the walkout story nearly word for word
    slug, date, title, text = STORY[1]
    copy = text.replace("About 3,000 dockworkers", "Some 3,000 dock workers").replace("on Monday", "on Monday, March 6")
    extra = annotate(Article(title=title, text=copy.strip(), date=dt.date.fromisoformat(date)), nlp)
    timeline = topic_timeline([*briefings, extra], [*SLUGS, "walkout-other-outlet"], dates=5, sentences=3)
    sentences = [_normal(s) for entry in timeline for s in entry.sentences]
    assert not any("some 3 000 dock workers" in s for s in sentences) or not any(
        "about 3 000 dockworkers" in s for s in sentences)
    # a sentence both outlets carry word for word is one sentence with both sources
    both = [(entry, s) for entry in timeline for s in entry.sentences
            if s in " ".join(STORY[1][3].split()) and s in " ".join(copy.split())]
    assert both
    for entry, _ in both:
        assert {"strike-begins", "walkout-other-outlet"} <= set(entry.sources)


def test_timelines_of_parts_of_prepared_sentences_are_those_made_afresh(briefings):
    # a site splits and counts every briefing's sentences once, for each tag and player they are in
    prepared = Sentences.of(briefings)
    for part in (slice(None), slice(0, 4), slice(2, 7), slice(1, None, 2)):
        afresh = topic_timeline(briefings[part], SLUGS[part], sentences=2)
        assert afresh
        assert topic_timeline(briefings[part], SLUGS[part], sentences=2, prepared=prepared) == afresh
    with pytest.raises(KeyError):
        topic_timeline(briefings, SLUGS, prepared=Sentences.of(briefings[:3]))


def test_limits_on_dates_and_span(briefings):
    assert len(topic_timeline(briefings, dates=3)) == 3
    assert topic_timeline(briefings, dates=0) == []
    start, end = dt.date(2023, 3, 7), dt.date(2023, 3, 21)
    timeline = topic_timeline(briefings, dates=10, start=start, end=end)
    assert timeline and all(start <= entry.date <= end for entry in timeline)
    assert dt.date(2023, 3, 9) in [entry.date for entry in timeline]
    for count in (1, 2, 3):
        assert all(len(entry.sentences) <= count for entry in topic_timeline(briefings, dates=4, sentences=count))


def test_default_number_of_dates():
    assert default_dates(8) == 5
    assert default_dates(400) == 30
    assert default_dates(100_000) == 50


def test_slugs_default_to_the_briefings_own(briefings):
    named = [Briefing(**{**b.__dict__, "slug": f"own-{i}"}) for i, b in enumerate(briefings)]
    timeline = topic_timeline(named, dates=3)
    assert all(source.startswith("own-") for entry in timeline for source in entry.sources)
    with pytest.raises(ValueError):
        topic_timeline(briefings, SLUGS[:2])


def test_nothing_to_tell():
    assert topic_timeline([]) == []
    undated = Briefing(title="x", text="Nothing happened here at all today.", date=None)
    assert topic_timeline([undated], ["x"]) == []


def test_works_from_timexes_without_a_parse():
    # briefings as read back from the annotation cache: text, date and timexes only
    text = ("The council approved the new budget on Tuesday after a long debate about school funding. "
            "Opponents said the vote on Jan. 10 would be challenged in court by the teachers' union.")
    first = Briefing(title="Budget", text=text, date=dt.date(2024, 1, 10), timexes=[
        Timex("Tuesday", text.index("Tuesday"), text.index("Tuesday") + 7, "DATE", "2024-01-09"),
        Timex("Jan. 10", text.index("Jan. 10"), text.index("Jan. 10") + 7, "DATE", "2024-01-10"),
    ])
    later = "The budget the council approved on Jan. 9 was challenged in court on Friday by the teachers' union."
    second = Briefing(title="Challenge", text=later, date=dt.date(2024, 1, 19), timexes=[
        Timex("Jan. 9", later.index("Jan. 9"), later.index("Jan. 9") + 6, "DATE", "2024-01-09"),
        Timex("Friday", later.index("Friday"), later.index("Friday") + 6, "DATE", "2024-01-19"),
    ])
    timeline = topic_timeline([first, second], ["budget", "challenge"], dates=1)
    assert [entry.to_json()["date"] for entry in timeline] == ["2024-01-09"]
    assert timeline[0].sentences[0] in (text.split(". ")[0] + ".", later)


def _dated(text: str, published: dt.date, *days: tuple[str, str]) -> Briefing:
    """A briefing as the cache gives it back: text, date and the timexes of ``days``
    (``(words, ISO day)`` pairs, each found in the text)."""
    timexes = [Timex(words, text.index(words), text.index(words) + len(words), "DATE", value) for words, value in days]
    return Briefing(title="x", text=text, date=published, timexes=timexes)


def test_a_wire_dateline_is_not_part_of_the_summary():
    text = ("NEW ORLEANS (AP) -- Crews capped the leaking well on Thursday after weeks of failed attempts. "
            "Engineers will watch the pressure in it until Sunday.")
    later = "The well capped on July 15 has held, engineers said on Monday after a weekend of tests."
    briefings = [_dated(text, dt.date(2010, 7, 15), ("Thursday", "2010-07-15"), ("Sunday", "2010-07-18")),
                 _dated(later, dt.date(2010, 7, 19), ("July 15", "2010-07-15"), ("Monday", "2010-07-19"))]
    (entry,) = topic_timeline(briefings, ["capped", "held"], dates=1)
    assert entry.date == dt.date(2010, 7, 15)
    assert entry.sentences == ["Crews capped the leaking well on Thursday after weeks of failed attempts."]
    assert entry.sources == ["capped"]


def test_a_day_only_looked_back_on_is_told_as_remembered():
    # no briefing from January: the flood is known only from what was written months later
    texts = [("The flood of Jan. 5 destroyed the old bridge over the river at Marlow.", dt.date(2024, 3, 1)),
             ("Repairs to the bridge the flood destroyed on Jan. 5 will start in May, the council said.",
              dt.date(2024, 3, 20)),
             ("Residents who lost homes in the flood on Jan. 5 have been rehoused, the mayor said.",
              dt.date(2024, 4, 2))]
    briefings = [_dated(text, published, ("Jan. 5", "2024-01-05")) for text, published in texts]
    (entry,) = topic_timeline(briefings, ["a", "b", "c"], dates=1)
    assert entry.date == dt.date(2024, 1, 5)
    assert entry.sentences[0] in [text for text, _ in texts]


def test_fragments_and_page_furniture_do_not_make_summaries():
    day = ("Thursday", "2010-06-03")
    good = "Engineers cut the broken riser pipe on Thursday and began lowering a containment cap."
    briefings = [
        # the tail of a sentence split at an abbreviation, and an unclosed bracket
        _dated("and the cap was lowered over the riser pipe on Thursday by the engineers at the site.",
               dt.date(2010, 6, 3), day),
        _dated("Shares in the operator (listed as BP. fell on Thursday as engineers lowered the cap on the pipe.",
               dt.date(2010, 6, 3), day),
        _dated("HOUSTON | Thu Jun 3, 2010 | Engineers lowered the cap on the riser pipe on Thursday.",
               dt.date(2010, 6, 3), day),
        _dated(good, dt.date(2010, 6, 4), day),
    ]
    (entry,) = topic_timeline(briefings, ["a", "b", "c", "d"], dates=1, sentences=3)
    assert entry.sentences == [good]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. Smith met Dr. Jones in the U.S. Capitol. They talked.", ["Mr. Smith met Dr. Jones in the U.S. Capitol.", "They talked."]),
        ("“We will win,” she said. He left at 5 p.m. on Jan. 5. Then it rained!",
         ["“We will win,” she said.", "He left at 5 p.m. on Jan. 5.", "Then it rained!"]),
        ("First paragraph without a stop\n\nSecond one.", ["First paragraph without a stop", "Second one."]),
        ("J. K. Rowling wrote it. 2023 was a good year.", ["J. K. Rowling wrote it.", "2023 was a good year."]),
    ],
)
def test_split_sentences(text, sentences):
    assert [text[s:e] for s, e in split_sentences(text)] == sentences


def test_topic_date_json_is_exactly_the_contract():
    entry = TopicDate(dt.date(2023, 3, 6), ["One.", "Two."], ["a", "b"])
    assert entry.to_json() == {"date": "2023-03-06", "summary": "One. Two.", "sources": ["a", "b"]}


# -- the Timeline17 scorer's alignment-based ROUGE (align+ m:1) ------------------------------------

def _rouge_script_runs() -> bool:
    import subprocess

    return subprocess.run(["perl", "-MXML::Parser", "-e", "1"], capture_output=True).returncode == 0


needs_rouge = pytest.mark.skipif(not _rouge_script_runs(), reason="ROUGE-1.5.5 needs Perl with XML::Parser")


def _day(n: int) -> dt.date:
    return dt.date(2010, 1, n)


def test_approximate_rouge_for_the_alignment():
    from benchmarks.timeline17 import approximate_rouge1

    assert approximate_rouge1(["Senate approves budget."], ["Senate approves budget."]) == 1.0
    assert approximate_rouge1(["Senate approves budget"], ["Tanker explodes"]) == 0.0
    # four tokens each ("." is one), two shared
    assert approximate_rouge1(["Senate approves budget."], ["Senate rejects plan."]) == pytest.approx(0.5)


def test_many_to_one_alignment_prefers_near_days_that_say_the_same():
    from benchmarks.timeline17 import align_many_to_one

    predicted = {_day(10): ["Senate approves budget."]}
    reference = {_day(8): ["Tanker explodes in harbour."], _day(12): ["Senate approves budget."]}
    by_precision, by_recall = align_many_to_one(predicted, reference)
    # two days either side: the one that tells the same wins
    assert by_precision == [(_day(10), _day(12))]
    # many reference days may go to one predicted day
    assert by_recall == [(_day(10), _day(8)), (_day(10), _day(12))]
    assert align_many_to_one({}, reference) == ([], [])


@needs_rouge
def test_scores_weight_aligned_hits_by_the_days_between():
    from benchmarks.timeline17 import score_timeline

    predicted = {_day(1): ["Tanker explodes harbour."], _day(5): ["Senate approves budget."]}
    reference = {_day(2): ["Tanker explodes harbour."], _day(5): ["Senate rejects budget."]}
    scores = score_timeline(predicted, reference)
    assert scores["date"] == (0.5, 0.5)
    # only the 5th agrees: two of its three stemmed words
    assert scores["agreement-1"] == pytest.approx((1 / 3, 1 / 3))
    # the 1st aligns with the 2nd, its three hits worth half; the 5th with the 5th
    assert scores["align-1"] == pytest.approx((3.5 / 6, 3.5 / 6))
    assert scores["align-2"] == pytest.approx((1 / 4, 1 / 4))
    assert scores["concat-1"] == pytest.approx((5 / 6, 5 / 6))
