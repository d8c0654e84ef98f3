"""The editable Markdown briefing: front matter, then sections.

A briefing file reads like this::

    Title: Russia gives Biden weeks to answer its demands
    Date: 2021-12-29
    Source: The Washington Post
    Contributors: John Wagner, Meryl Kornfield

    ## Key players

    - **Dmitry Peskov** (person): Kremlin spokesman. Also: Peskov.

    ## Also mentioned

    - **Geneva** (place).

    ## Quotes

    - “successful, impeccable.” — Vladimir Putin
    - …“military-technical measures”… — Vladimir Putin

    ## Timeline

    - **2021-12-07** (Dec. 7): Biden warned Putin of tough new sanctions.
    - **2022-01-10** (Jan. 10, upcoming): talks between U.S. and Russian officials.

    ## Article

    The article's paragraphs, in Markdown.

    ## Read more

    - [A related briefing]({filename}other-briefing.md)

Every section is optional; a section that is missing is filled in by the
annotators.  ``##`` headings after ``## Article`` (other than ``## Read
more``) belong to the article.

Files written by ``briefings import`` carry a ``Generated`` line recording
what was written (see :mod:`.generated`).  That makes the merge with the
annotators per entry: an entry left exactly as written follows the
annotators (so it improves when they do), an entry the author edited or
added is the author's, an entry the author deleted stays deleted, and what
the annotators newly find is added.

The package, by step: :mod:`.write` (a briefing as Markdown), :mod:`.read`
(a file as a :class:`MarkdownBriefing`), :mod:`.generated` (the record of
what import wrote) and :mod:`.merge` (the briefing a file stands for); the
``Key: value`` front matter is read by :mod:`briefings.fields`, as a raw
article's header is.
"""


from briefings.briefing_markdown.generated import fingerprint, imported_from, is_untouched
from briefings.briefing_markdown.merge import to_briefing
from briefings.briefing_markdown.read import (
    FRONT_MATTER_KEYS,
    SECTIONS,
    STATUSES,
    MarkdownBriefing,
    html_text,
    locate,
    parse_markdown,
    plain_text,
)
from briefings.briefing_markdown.write import to_markdown

__all__ = [
    "FRONT_MATTER_KEYS", "SECTIONS", "STATUSES", "MarkdownBriefing", "fingerprint", "html_text", "imported_from",
    "is_untouched", "locate", "parse_markdown", "plain_text", "to_briefing", "to_markdown",
]
