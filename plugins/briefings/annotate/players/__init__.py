"""Players: the people, organisations, places and groups an article names.

:mod:`.find` is the entry point (``find_players``, ``rank_players``); it
uses :mod:`.mentions` (candidates from spaCy's entities and the text),
:mod:`.listings` (names in lists and credits), :mod:`.merging` (mentions into
players), :mod:`.roles` (roles off the parse) and :mod:`.salience` (ranking).
"""
