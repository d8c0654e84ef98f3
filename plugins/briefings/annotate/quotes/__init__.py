"""Quotes: direct and partial quotations, and who said them.

:mod:`.find` is the entry point (``find_quotes``); it uses :mod:`.marks`
(pairing the quotation marks), :mod:`.kinds` (titles and names, not quotes),
:mod:`.frames` (each quotation's attribution frame), :mod:`.cues` (verbs and
nouns of saying, and their subjects) and :mod:`.names` (naming the speaker).
"""
