"""Ingest: decoding, the header, boilerplate and byline, the headline."""

import codecs
import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.errors import BriefingError
from briefings.ingest import headline_from_lede, parse_article, read_article
from briefings.ingest.decode import decode


def test_seed_metadata(seed_article):
    assert seed_article.date == dt.date(2021, 12, 29)
    assert seed_article.source == "The Washington Post"
    assert seed_article.contributors == ["John Wagner", "Sean Sullivan", "Meryl Kornfield", "Karoun Demirjian"]
    assert "contributed to this report" not in seed_article.text
    assert not seed_article.text.rstrip().endswith("Read more:")
    assert seed_article.text.startswith("Russian officials see a time frame")
    assert seed_article.text.endswith("seek refuge in other places.”")
    assert len(seed_article.text.split("\n\n")) == 17


def test_headline_is_derived_from_the_lede_in_whole_words(seed_article):
    title = headline_from_lede(seed_article.text.split("\n\n")[0])
    assert len(title) <= 91
    assert seed_article.text.startswith(title.rstrip("…"))
    assert title.endswith("…") or title.endswith(tuple("abcdefghijklmnopqrstuvwxyz"))
    assert headline_from_lede("Short lede. Second sentence.") == "Short lede"


def test_header_fields(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Title: Talks in Geneva\nDate: 2022-01-10\nSource: Wire\nURL: https://example.org/a\n"
        "Tags: Russia, NATO\nAuthor: Ann Smith\n\nThe talks began on Monday.\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert (article.title, article.date, article.source, article.url) == (
        "Talks in Geneva", dt.date(2022, 1, 10), "Wire", "https://example.org/a")
    assert article.tags == ["Russia", "NATO"]
    assert article.authors == ["Ann Smith"]
    assert article.text == "The talks began on Monday."


def test_date_argument_overrides_the_header(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Date: 2022-01-10\n\nThe talks began on Monday.\n", encoding="utf-8")
    assert read_article(path, date=dt.date(2020, 5, 1)).date == dt.date(2020, 5, 1)


def test_missing_date_warns_naming_the_file(tmp_path, caplog):
    path = tmp_path / "undated.txt"
    path.write_text("Nobody knows when this happened. It did, though.\n", encoding="utf-8")
    article = read_article(path)
    assert article.date is None
    assert "undated.txt" in caplog.text and "no publication date" in caplog.text


def test_bbc_style_first_line_is_the_headline():
    article = parse_article("Ad sales boost Time Warner profit\n\nQuarterly profits rose 76%.\n\nMore text.", "x.txt")
    assert article.title == "Ad sales boost Time Warner profit"
    assert article.text.startswith("Quarterly profits")


def test_boilerplate_is_dropped():
    text = (
        "Title: T\n\nFirst paragraph.\n\nAdvertisement\n\nStory continues below advertisement\n\n"
        "(AP Photo/Jane Doe)\n\nSecond paragraph.\n\nReporting by Ann Lee; Editing by Bob Ray\n\n"
        "Read more:\n\nSome other story"
    )
    article = parse_article(text, "x.txt")
    assert article.text == "First paragraph.\n\nSecond paragraph."
    assert article.contributors == ["Ann Lee", "Bob Ray"]  # the editor is credited too


@pytest.mark.parametrize("byline, authors", [
    ("by Ann Smith", ["Ann Smith"]),
    ("By Ann Smith and Bo Chan", ["Ann Smith", "Bo Chan"]),
    ("BY ANN SMITH", ["Ann Smith"]),
    ("By JANE ROE and JOHN DOE", ["Jane Roe", "John Doe"]),
    ("By Jane Roe, Staff Writer", ["Jane Roe"]),
    ("By Jane Roe and Li Wei, Foreign Desk", ["Jane Roe", "Li Wei"]),
    ("Jane Roe, Associated Press", ["Jane Roe"]),
    ("By Hannah Whitford · 10 February 2026", ["Hannah Whitford"]),
])
def test_a_byline_in_any_case_becomes_the_authors(byline, authors):
    article = parse_article(f"Title: T\n\n{byline}\n\nFirst paragraph.", "x.txt")
    assert article.authors == authors
    assert article.text == "First paragraph."


def test_a_lede_starting_with_by_stays_text():
    article = parse_article("Title: T\n\nBy Thursday, Russia had moved troops.\n\nMore.", "x.txt")
    assert article.authors == []
    assert article.text.startswith("By Thursday")


def test_hard_wrapped_paragraphs_are_joined():
    article = parse_article("Title: T\n\nOne line\nwrapped here.\n\nNext one.", "x.txt")
    assert article.text == "One line wrapped here.\n\nNext one."


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("Café talks in Genève resumed.".encode("latin-1"), "latin-1"),
        ("Talks “resumed” – in Genève.".encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + "Talks in Genève resumed.".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF8 + "Talks in Genève resumed.".encode(), "utf-8-sig"),
        (codecs.BOM_UTF8 + "Talks “resumed” – in Genève.".encode("cp1252"), "utf-8-sig with a cp1252 line"),
    ],
)
def test_encodings(tmp_path, data, encoding):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    assert "Gen" in read_article(path).text
    assert "Genève" in read_article(path).text


#: Articles in scripts whose UTF-16 has few NUL bytes or none (Notepad's
#: "Unicode" saves them with Windows line ends).
SCRIPTS = {
    "arabic": "محادثات جنيف\r\n\r\nبدأت المحادثات بين الولايات المتحدة وروسيا في جنيف يوم الاثنين، وقال المتحدث "
              "إن الجانبين ناقشا الأمن الأوروبي.\r\n\r\nوقال ريابكوف للصحفيين: «لن نستسلم».\r\n",
    "russian": "Переговоры в Женеве\r\n\r\nПереговоры между США и Россией начались в Женеве в понедельник, "
               "10 января 2022 года.\r\n\r\n«Мы не сдадимся», — сказал Рябков журналистам.\r\n",
    "chinese": "日内瓦会谈\r\n\r\n美国和俄罗斯外交官于2022年1月10日星期一在日内瓦举行会谈，讨论欧洲安全问题。"
               "俄罗斯副外长里亚布科夫对记者说，会谈“艰难”而漫长。\r\n\r\n北约将于星期三在布鲁塞尔举行会议。\r\n",
    "chinese-indented": "日内瓦会谈\r\n　　美国和俄罗斯外交官星期一在日内瓦举行会谈，讨论欧洲安全问题。\r\n"
                        "　　北约将于星期三在布鲁塞尔举行会议。",
    "japanese": "ジュネーブ会談\r\n\r\n米国とロシアの外交官は2022年1月10日月曜日、ジュネーブで欧州の安全保障について"
                "協議した。リャブコフ外務次官は記者団に対し、協議は「困難」だったと述べた。\r\n\r\n"
                "NATOは水曜日にブリュッセルで会合を開く。\r\n",
    "korean": "제네바 회담\r\n\r\n미국과 러시아 외교관들이 2022년 1월 10일 월요일 제네바에서 유럽 안보에 관한 회담을 "
              "가졌다.\r\n\r\n나토는 수요일 브뤼셀에서 회의를 연다.\r\n",
    "hindi": "जिनेवा वार्ता\r\n\r\nअमेरिका और रूस के राजनयिकों ने सोमवार को जिनेवा में यूरोपीय सुरक्षा पर बातचीत की। "
             "रयाबकोव ने कहा कि बातचीत \"कठिन\" थी।\r\n",
    "greek": "Συνομιλίες στη Γενεύη\r\n\r\nΟι διπλωμάτες των ΗΠΑ και της Ρωσίας συναντήθηκαν στη Γενεύη τη "
             "Δευτέρα. «Δεν θα τα παρατήσουμε», είπε ο Ριαμπκόφ.\r\n",
    "hebrew": "שיחות בז׳נבה\r\n\r\nהשיחות בז׳נבה החלו ביום שני, 10 בינואר 2022, אמר הדובר של נאט״ו.\r\n",
    "thai": "การเจรจาที่เจนีวา\r\n\r\nนักการทูตสหรัฐฯ และรัสเซียพบกันที่เจนีวาเมื่อวันจันทร์ "
            "เพื่อหารือเรื่องความมั่นคงของยุโรป\r\n",
    "one-line-arabic": "بدأت المحادثات بين الولايات المتحدة وروسيا في جنيف يوم الاثنين، وقال المتحدث إن الجانبين "
                       "ناقشا الأمن الأوروبي.",
}


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_utf16_without_a_bom_is_read_in_any_script(tmp_path, script, encoding):
    assert decode(SCRIPTS[script].encode(encoding), "a.txt") == SCRIPTS[script]
    path = tmp_path / f"{script}.txt"
    path.write_bytes(SCRIPTS[script].encode(encoding))
    article = read_article(path)
    path.write_bytes(SCRIPTS[script].encode("utf-8"))
    assert (article.title, article.text) == (read_article(path).title, read_article(path).text)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_line_end_added_by_an_8bit_tool_is_read(encoding):
    assert decode(SCRIPTS["russian"].encode(encoding) + b"\n", "a.txt") == SCRIPTS["russian"]


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_utf8_is_never_taken_for_utf16(script):
    # Valid UTF-8 that looks like text is UTF-8, whatever its bytes would
    # give read two at a time.
    assert decode(SCRIPTS[script].encode("utf-8"), "a.txt") == SCRIPTS[script]


@pytest.mark.parametrize("text", [
    "Talks in Geneva\n\nU.S. and Russian diplomats met on Monday. “We will not give up,” Ryabkov said.\n",
    "Le café à Genève était fermé; señor Müller paid £5. « Non », a dit le ministre – à 5 °C.\n",
])
@pytest.mark.parametrize("nuls", [(20,), (21,), (20, 41), (3, 40, 77, 101)])
def test_8bit_text_with_stray_nuls_is_not_taken_for_utf16(text, nuls):
    # Read two bytes at a time, 8-bit text is CJK-looking garbage; a stray
    # NUL may even pair with a space into a UTF-16 one.
    data = bytearray(text.encode("cp1252"))
    for index in nuls:
        data.insert(index, 0)
    decoded = decode(bytes(data), "a.txt").replace("\x00", "")
    assert decoded == text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (bytes(range(256)) * 40, "binary"),
        (b"Title: T\nDate: 2021-13-45\n\nText.", "2021-13-45"),
        (b"Title: T\nColour: red\n\nText.", "unknown header key"),
        (b"Title: T\n\nAdvertisement\n", "no text"),
    ],
)
def test_bad_input_gets_one_clear_message_naming_the_file(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(BriefingError) as error:
        read_article(path)
    assert str(error.value).startswith(str(path))
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_header_errors_name_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Title: T\nDate: tomorrow\n\nText.")
    with pytest.raises(BriefingError) as error:
        read_article(path)
    assert str(error.value).startswith(f"{path}:2: ")


def test_too_long_article_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("Title: Huge\n\n" + ("word " * 200_000 + "\n\n") * 5, encoding="utf-8")
    with pytest.raises(BriefingError, match="too long"):
        read_article(path)


#: A news page saved from a browser and pasted whole into a .txt file.
NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>U.S. and Russia hold talks in Geneva | The Daily Wire</title>
  <script async src="https://ads.example.com/tag.js"></script>
  <script>window.dataLayer = window.dataLayer || []; dataLayer.push({page: "article"});</script>
  <style>.article-body p { margin: 0 0 1em; }</style>
</head>
<body class="article-page">
  <header class="site-header">
    <a class="logo" href="/">The Daily Wire</a>
    <nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li></ul></nav>
    <form action="/search"><input name="q" placeholder="Search"><button>Go</button></form>
  </header>
  <main id="content">
    <article>
      <h1 class="headline">U.S. and Russia hold talks in Geneva</h1>
      <div class="article-body">
        <p>GENEVA &mdash; U.S. and Russian diplomats met in Geneva on Monday for talks on
           European security, as <a href="/topics/nato">NATO</a> allies watched.</p>
        <div class="ad"><script>renderAd("mid-article")</script>Advertisement</div>
        <p>&ldquo;We will not give up,&rdquo; Sergei Ryabkov told reporters.<br>He spoke for <em>two</em> hours.</p>
        <h2>What comes next</h2>
        <ul><li>NATO meets in Brussels on Wednesday.</li><li>The OSCE meets in Vienna on Thursday.</li></ul>
        <blockquote><p>The talks were &ldquo;difficult,&rdquo; a U.S. official said.</p></blockquote>
        <p>Ann Lee contributed to this report.</p>
      </div>
    </article>
    <aside><h2>Related</h2><ul><li><a href="/a">How NATO grew eastward</a></li></ul></aside>
  </main>
  <footer><p>&copy; 2022 The Daily Wire. All rights reserved.</p></footer>
  <script>document.querySelectorAll(".ad").forEach(renderAd);</script>
</body>
</html>
"""
NEWS_PAGE_TEXT = "\n\n".join([
    "U.S. and Russian diplomats met in Geneva on Monday for talks on European security, as NATO allies "
    "watched.",
    "“We will not give up,” Sergei Ryabkov told reporters. He spoke for two hours.",
    "What comes next",
    "NATO meets in Brussels on Wednesday.",
    "The OSCE meets in Vienna on Thursday.",
    "The talks were “difficult,” a U.S. official said.",
])


def test_a_pasted_web_page_gives_its_article():
    article = parse_article(NEWS_PAGE, "page.txt")
    assert article.title == "U.S. and Russia hold talks in Geneva"
    assert article.text == NEWS_PAGE_TEXT
    assert article.contributors == ["Ann Lee"]
    assert article.dateline == "Geneva"


@pytest.mark.parametrize("page, title", [
    pytest.param("<!doctype html><html><head><title>Talks\n in Geneva</title></head><body>"
                 "<div>The talks began on Monday.</div><div>They ended on Tuesday.</div></body></html>",
                 "Talks in Geneva", id="title-without-h1"),
    pytest.param("<html>\n<head><title>Talks in Geneva - Wire</title></head>\n<body><h1></h1>"
                 "<p>The talks began on Monday.</p><p>They ended on Tuesday.</p></body>\n</html>",
                 "Talks in Geneva - Wire", id="no-doctype-empty-h1"),
    pytest.param("<?xml version='1.0' encoding='utf-8'?>\n<!-- saved from url=(0030)https://example.org/ -->\n"
                 "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">\n<html><body><h1>Talks in Geneva</h1>"
                 "<p>The talks began on Monday.<p>They ended on Tuesday.</body></html>",
                 "Talks in Geneva", id="xhtml-unclosed-p"),
])
def test_a_pasted_page_takes_its_headline_from_h1_or_title(page, title):
    article = parse_article(page, "page.txt")
    assert article.title == title
    assert article.text == "The talks began on Monday.\n\nThey ended on Tuesday."


def test_a_header_before_a_pasted_page_wins():
    article = parse_article("Title: Geneva talks\nDate: 2022-01-10\n\n" + NEWS_PAGE, "page.txt")
    assert (article.title, article.date, article.text) == ("Geneva talks", dt.date(2022, 1, 10), NEWS_PAGE_TEXT)


@pytest.mark.parametrize("page, message", [
    pytest.param("<!DOCTYPE html><html><head><script>alert(1)</script></head><body></body></html>",
                 "the article has no text", id="only-scripts"),
    pytest.param("<!DOCTYPE html>\n<html><body><![<p>The talks began.</p></body></html>",
                 "HTML cannot be read", id="rejected-by-the-parser"),
])
def test_an_unusable_page_is_refused_in_one_line_naming_the_file(page, message):
    with pytest.raises(BriefingError) as error:
        parse_article(page, "page.txt")
    assert str(error.value).startswith("page.txt: ") and message in str(error.value)
    assert "\n" not in str(error.value)


_MARKUP = ["<", ">", "<!", "<![", "<![CDATA[", "]]>", "<!--", "-->", "<p>", "</p>", "<h1>", "</h1>", "<title>",
           "</title>", "<script>", "</script>", "<br>", "<body>", "<main>", "<article>", "<nav>", "<table><td>",
           "&", "&#", "&#0;", "&#7;", "&#x85;", "&#xD800;", "&#1114112;", "&amp;", "\x00", "\r", "\n", "\n\n",
           " ", "\u2028", "Talks", "began", "“", "é", "â€™"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_MARKUP), max_size=40).map("".join))
def test_any_pasted_page_gives_a_clean_article_or_a_one_line_error(markup):
    try:
        article = parse_article("<!DOCTYPE html>\n<html>" + markup, "page.txt", warn=False)
    except BriefingError as error:
        assert str(error).startswith("page.txt: ") and "\n" not in str(error)
        return
    assert article.title.strip() and "\n" not in article.title
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", article.title + article.text)
    assert all(p and p == p.strip() and "\n" not in p for p in article.text.split("\n\n"))


@pytest.mark.parametrize("text", [
    pytest.param("The attackers posted <script>alert(document.cookie)</script> in a comment.\n\n"
                 "The site has since fixed the flaw.", id="script-in-a-sentence"),
    pytest.param("<!DOCTYPE html> opens every web page, the course begins.\n\nThen comes <html>.",
                 id="doctype-in-a-sentence"),
    pytest.param("<html> is the root element, and <body> holds the page.\n\nThat was lesson one.",
                 id="html-tag-in-a-sentence"),
    pytest.param("The snippet was:\n\n<html><body><p>Hello</p></body></html>\n\nIt did nothing.",
                 id="page-quoted-in-an-article"),
])
def test_markup_in_a_plain_text_article_stays_text(text):
    article = parse_article("Title: Markup\n\n" + text, "a.txt")
    assert article.text == text


@pytest.mark.parametrize("lede, place, rest", [
    ("LONDON — Prices rose.", "London", "Prices rose."),
    ("KABUL, Afghanistan (AP) — The Taliban said.", "Kabul, Afghanistan", "The Taliban said."),
    ("WASHINGTON (Reuters) - The Fed held.", "Washington", "The Fed held."),
    ("TOKYO, March 20 (Reuters) - Prices slowed.", "Tokyo", "Prices slowed."),
    ("ST. LOUIS, Mo. -- A storm hit.", "St. Louis, Mo.", "A storm hit."),
    ("NEW YORK, Jan. 5, 2026 (AFP) – Stocks fell.", "New York", "Stocks fell."),
    ("PORT-AU-PRINCE, Haiti — Gangs blocked roads.", "Port-Au-Prince, Haiti", "Gangs blocked roads."),
])
def test_a_dateline_leaves_the_text_and_becomes_the_place(lede, place, rest):
    article = parse_article(f"Title: T\n\n{lede}\n\nMore.", "x.txt")
    assert article.dateline == place
    assert article.text == f"{rest}\n\nMore."


@pytest.mark.parametrize("lede", [
    "NATO leaders met in Brussels on Monday.",
    "U.S. officials said — without giving details — that talks went well.",
    "UPDATE: the vote was delayed.",
    "The talks in LONDON — the first in years — ended.",
])
def test_no_dateline_where_there_is_none(lede):
    article = parse_article(f"Title: T\n\n{lede}", "x.txt")
    assert article.dateline is None and article.text == lede


def test_a_dateline_counts_only_at_the_top():
    article = parse_article("Title: T\n\nFirst paragraph.\n\nPARIS — Second paragraph.", "x.txt")
    assert article.dateline is None and article.text.endswith("PARIS — Second paragraph.")


@pytest.mark.parametrize("line, names", [
    ("Associated Press writer Munir Ahmed contributed reporting from Islamabad.", ["Munir Ahmed"]),
    ("Jane Roe in Kyiv and Li Wei contributed to this report.", ["Jane Roe", "Li Wei"]),
    ("Additional reporting by Ann Lee in Warsaw", ["Ann Lee"]),
    ("(Reporting by Ann Lee in Copenhagen and Bo Chan; Writing by Ed Holt; Editing by Sam Ray)",
     ["Ann Lee", "Bo Chan", "Ed Holt", "Sam Ray"]),
    ("Compiled by Leika Kihara; Editing by Sam Holmes", ["Leika Kihara", "Sam Holmes"]),
    ("Writing by Tetsushi Kajimoto", ["Tetsushi Kajimoto"]),
])
def test_credit_lines_become_contributors(line, names):
    article = parse_article(f"Title: T\n\nFirst paragraph.\n\n{line}", "x.txt")
    assert article.contributors == names
    assert article.text == "First paragraph."


def test_a_sentence_about_reporting_stays_text():
    text = "Reporting by the BBC showed that the ministry knew of the leak in March."
    article = parse_article(f"Title: T\n\nFirst paragraph.\n\n{text}", "x.txt")
    assert article.contributors == [] and article.text.endswith(text)


@pytest.mark.parametrize("promo", [
    "Sign up for our morning newsletter",
    "SUBSCRIBE TODAY: GET 3 MONTHS FOR £1",
    "GET UNLIMITED ACCESS: SPECIAL OFFER",
    "Follow us on Instagram for more stories.",
    "Click here to get our daily briefing in your inbox.",
    "Follow AP's coverage of the elections at https://apnews.com/hub/elections",
    "Story continues below advertisement",
])
def test_promotional_lines_are_dropped(promo):
    article = parse_article(f"Title: T\n\nFirst paragraph.\n\n{promo}\n\nLast paragraph.", "x.txt")
    assert article.text == "First paragraph.\n\nLast paragraph."


@pytest.mark.parametrize("line", [
    "Subscribers to the service will pay more from March, the company said.",
    "Follow-up talks are planned for next week.",
    "Clicking through the archive, researchers found 40 letters.",
])
def test_news_sentences_that_look_promotional_stay(line):
    article = parse_article(f"Title: T\n\nFirst paragraph.\n\n{line}", "x.txt")
    assert article.text.endswith(line)


PAGE_WITH = {
    "meta": '<meta property="article:published_time" content="2025-11-04T07:45:00+01:00">',
    "json-ld": '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": '
               '[{"@type": "NewsArticle", "datePublished": "2025-11-04", "author": {"name": "Ann Lee"}}]}</script>',
    "time": "",
}


@pytest.mark.parametrize("where", PAGE_WITH)
def test_a_pasted_pages_markup_gives_its_date(where):
    head = PAGE_WITH[where]
    time = '<p><time datetime="2025-11-04T09:00">4 Nov</time></p>' if where == "time" else ""
    page = (f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body><article><h1>Talks</h1>{time}"
            "<p>The talks began on Monday.</p></article></body></html>")
    article = parse_article(page, "page.txt")
    assert article.date == dt.date(2025, 11, 4)
    assert article.authors == (["Ann Lee"] if where == "json-ld" else [])
    assert parse_article("Date: 2024-01-02\n\n" + page, "page.txt").date == dt.date(2024, 1, 2)  # the header wins


def test_a_byline_run_into_the_story_keeps_the_story():
    text = ("By Maggie Fox, Health and Science Editor WASHINGTON | Mon Mar 2, 2009 4:23 pm EST WASHINGTON (Reuters) - "
            "Virtually all cases of the most common strain of flu now resist the main drug used to treat it, "
            "the Centers for Disease Control and Prevention reported on Monday.")
    article = parse_article(f"Title: T\n\n{text}", "x.txt")
    assert article.text == text
