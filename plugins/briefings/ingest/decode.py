"""From bytes to text: any encoding seen in the wild, or a clear refusal."""

from __future__ import annotations

import codecs
import re

from briefings.errors import BriefingError

#: spaCy's own limit on one text; a longer article is refused, not truncated.
MAX_CHARS = 1_000_000
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode(data: bytes, path) -> str:
    """Decode an article's bytes: BOMs, UTF-8, else Windows-1252 line by line.

    Files mixing encodings are common in newsroom archives (a UTF-8 article
    with one pasted Windows-1252 paragraph), so each line that is not valid
    UTF-8 is decoded on its own.
    """
    if not data.strip():
        raise BriefingError(path, "the file is empty: write the article's text into it")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _check_length(data.decode(encoding), path)
            except UnicodeDecodeError as error:
                raise BriefingError(path, f"not valid {encoding} despite its byte-order mark ({error.reason})") from None
    utf16 = _bomless_utf16(data)
    if utf16:
        return _check_length(data.decode(utf16, errors="replace"), path)
    if _looks_binary(data):
        raise BriefingError(path, "this is a binary file, not a text article; save the article as plain text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "\n".join(_decode_line(line) for line in data.split(b"\n"))
    return _check_length(text, path)


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
    """``utf-16-le``/``-be`` when every other byte of the text is NUL."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Text: one half nearly all NUL, the other nearly none (zeros in both
    # halves are a binary file, such as a disk image).
    if odd > 0.9 * half and even < 0.1 * half:
        return "utf-16-le"
    if even > 0.9 * half and odd < 0.1 * half:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    """Mostly control bytes: an image, an archive, a word-processor file.

    A few stray NULs or control bytes in a text are removed by the repair.
    """
    sample = data[:8192]
    return len(_CONTROL_BYTES.findall(sample)) > len(sample) * 0.05


def _check_length(text: str, path) -> str:
    if len(text) > MAX_CHARS:
        raise BriefingError(
            path,
            f"the article is too long to annotate ({len(text):,} characters; "
            f"the limit is {MAX_CHARS:,}): split it into several articles",
        )
    return text
