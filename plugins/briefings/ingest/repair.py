"""Text repair: ordinary mojibake, and the lossy kind where bytes were dropped.

ftfy undoes ordinary mojibake ("â€™" for "’").  It cannot undo the lossy kind
seen in scraped news: the UTF-8 bytes of ’ “ ” — (E2 80 xx) were read as
Windows-1252 and everything after the "â" was lost, so every apostrophe, quote
mark and dash became a bare "â".  What the character was can only be inferred
from its neighbours, which :func:`restore_dropped_punctuation` does.  A real
"â" inside a word ("pâté", "Château") is left alone.
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

# Letters that follow an apostrophe at the end of an English word: Ukraine’s,
# hasn’t, I’d, I’m, we’ll, they’re, we’ve.
# (An "â" after the suffix is the next damaged mark, not a letter.)
_APOSTROPHE_SUFFIX = re.compile(r"(?:s|t|d|m|ll|re|ve)(?!(?!â)[^\W\d_])", re.IGNORECASE)
_OPENERS = "([{—–-/"
# The damage is present when an "â" stands next to a space or punctuation, or
# before an apostrophe suffix; a real "â" only ever sits inside a word.
_EVIDENCE = re.compile(r"â(?=[\s.,;:!?]|$)|(?<=\s)â|[^\W\d_]â(?:s|t|d|m|ll|re|ve)\b", re.MULTILINE)
#: Controls (tabs and line ends apart) and noncharacters (U+FFFE, U+FFFF and
#: their kind): no text holds them, and XML (the feeds) cannot carry some.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufdd0-\ufdef"
                      + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000))
                      + "]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c]")
#: A comma, colon or semicolon glued to the opening quote mark after it
#: ("he said,“Look"), as pasted copy often has: the tokeniser then reads
#: "said,“Look" as one word, and the quote loses the verb that gives its
#: speaker.  Only the curly opening mark is unambiguous enough to part.
_GLUED_QUOTE = re.compile(r"(?<=[^\W\d_])([,;:])(?=“[^\W\d_])")
_PASSES = 3


def repair_text(text: str) -> str:
    """Undo mojibake and lossy punctuation, normalise Unicode and line ends.

    Repairs can uncover more damage (a restored mark may complete a
    mojibake sequence), so passes run until the text no longer changes.
    """
    for _ in range(_PASSES):
        repaired = _repair_once(text)
        if repaired == text:
            break
        text = repaired
    return text


def _repair_once(text: str) -> str:
    # Vertical tabs and form feeds are the line and page breaks of Word and
    # PDF exports: they keep words apart.  (U+0085 and the Unicode line
    # separators are left to ftfy: U+0085 is also a byte of common mojibake.)
    text = _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))
    text = ftfy.fix_text(text, uncurl_quotes=False, fix_character_width=False, normalization="NFC")
    if "â" in text and _EVIDENCE.search(text):
        text = restore_dropped_punctuation(text)
    text = _GLUED_QUOTE.sub(r"\1 ", text)
    return unicodedata.normalize("NFC", text)


def restore_dropped_punctuation(text: str) -> str:
    """Replace each bare "â" by the punctuation mark its context implies."""
    return "\n".join(_restore_line(line) for line in text.split("\n"))


def _restore_line(line: str) -> str:
    # Quote state is per paragraph: a quote running over several paragraphs
    # opens each of them again.
    out: list[str] = []
    quote_open = False
    last = 0
    for match in re.finditer("â", line):
        i = match.start()
        before = line[i - 1] if i > 0 else ""
        after = line[i + 1] if i + 1 < len(line) else ""
        mark = _infer(line, i, before, after, quote_open)
        if mark == "“":
            quote_open = True
        elif mark == "”":
            quote_open = False
        out.append(line[last:i] + mark)
        last = i + 1
    out.append(line[last:])
    return "".join(out)


def _infer(line: str, i: int, before: str, after: str, quote_open: bool) -> str:
    if before.isalnum() and after.isalpha():
        return "’" if _APOSTROPHE_SUFFIX.match(line, i + 1) else "â"
    if before.isdigit() and after.isdigit():
        return "–"
    if (not before or before.isspace()) and (not after or after.isspace()):
        return "—"
    if (not before or before.isspace() or before in _OPENERS) and not after.isspace():
        return "“"
    if quote_open or not before.isalpha():
        return "”"
    return "’"  # a plural possessive: "the Ukrainiansâ territory"
