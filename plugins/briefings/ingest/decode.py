"""From bytes to text: any encoding seen in the wild, or a clear refusal."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

from briefings.errors import BriefingError

#: spaCy's own limit on one text; a longer article is refused, not truncated.
MAX_CHARS = 1_000_000
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
#: Characters that UTF-16 codes with a NUL byte and every text has some of.
_SEPARATORS = frozenset("\n \u3000")
#: Controls, unassigned code points, private use and lone surrogates.
_UNPRINTABLE = frozenset(("Cc", "Cn", "Co", "Cs"))
#: Characters of a file that the test for BOM-less UTF-16 looks at.
_SAMPLE = 4096


def decode(data: bytes, path) -> str:
    """Decode an article's bytes: BOMs, UTF-8, BOM-less UTF-16, else UTF-8
    with Windows-1252 lines.

    Valid UTF-8 that looks like text is always taken as UTF-8: the test for
    BOM-less UTF-16 comes after it, so it can never turn a UTF-8 article
    into CJK-looking garbage.  A UTF-8 BOM rules UTF-16 out but not a
    pasted Windows-1252 line.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise BriefingError(path, f"not valid UTF-16 despite its byte-order mark ({error.reason})") from None
    elif data.startswith(codecs.BOM_UTF8):
        text = _utf8_by_line(data[len(codecs.BOM_UTF8):], path)
    elif not _looks_binary(data) and _is_utf8(data):
        text = data.decode("utf-8")
    else:
        text = _bomless_utf16(data) or _utf8_by_line(data, path)
    if not text.strip():
        raise BriefingError(path, "the file is empty: write the article's text into it")
    if len(text) > MAX_CHARS:
        raise BriefingError(
            path,
            f"the article is too long to annotate ({len(text):,} characters; "
            f"the limit is {MAX_CHARS:,}): split it into several articles",
        )
    return text


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf8_by_line(data: bytes, path) -> str:
    """UTF-8, where each line that is not valid UTF-8 is decoded on its own.

    Files mixing encodings are common in newsroom archives (a UTF-8 article
    with one pasted Windows-1252 paragraph).
    """
    if _looks_binary(data):
        raise BriefingError(path, "this is a binary file, not a text article; save the article as plain text")
    if _is_utf8(data):
        return data.decode("utf-8")
    return "\n".join(_decode_line(line) for line in data.split(b"\n"))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1252 is a superset of Latin-1's printable range; its five
        # undefined bytes fall back to Latin-1.
        return "".join(_cp1252(bytes([b])) for b in line)


def _cp1252(byte: bytes) -> str:
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


def _bomless_utf16(data: bytes) -> str | None:
    """The text, if ``data`` reads as UTF-16 (little- or big-endian) text.

    Where NUL bytes fall tells UTF-16 only of mostly-ASCII text: Arabic,
    Cyrillic or CJK have few NULs or none.  So the test is on the decoded
    text instead, which UTF-16 text passes and other bytes fail (a stray
    last byte, such as a line end added by an 8-bit tool, is no character
    and is dropped).
    """
    data = data[: len(data) // 2 * 2]
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:  # a broken surrogate pair: not UTF-16
            continue
        if _looks_like_text(text[:_SAMPLE]):
            return text
    return None


def _looks_like_text(sample: str) -> bool:
    """Spaces or line breaks, nearly only printable characters, and letters
    of a few scripts; random bytes scatter over CJK, Hangul, Yi and more."""
    # UTF-16 codes spaces and line breaks with a NUL byte, so that an 8-bit
    # text, which has no NULs, is never taken for UTF-16.
    if not _SEPARATORS.intersection(sample):
        return False
    # An 8-bit text with stray NULs, read two bytes at a time, is CJK-looking
    # text whose every character is two printable ASCII bytes (in Chinese or
    # Japanese, a tenth to a third of the characters are).
    if sum(map(_two_ascii_bytes, sample)) > 0.8 * len(sample):
        return False
    printable = sum(1 for char in sample if char in "\t\n\r" or unicodedata.category(char) not in _UNPRINTABLE)
    if printable < 0.98 * len(sample):
        return False
    # A letter's script is the first word of its name: LATIN, ARABIC, CJK, …
    scripts = Counter(unicodedata.name(char, "").partition(" ")[0] for char in sample if char.isalpha())
    return sum(count for _, count in scripts.most_common(4)) >= 0.95 * scripts.total()


def _two_ascii_bytes(char: str) -> bool:
    high, low = divmod(ord(char), 256)
    return 0x20 <= high < 0x7F and 0x20 <= low < 0x7F


def _looks_binary(data: bytes) -> bool:
    """Mostly control bytes: an image, an archive, a word-processor file.

    A few stray NULs or control bytes in a text are removed by the repair.
    """
    sample = data[:8192]
    return len(_CONTROL_BYTES.findall(sample)) > len(sample) * 0.05
