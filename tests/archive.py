"""A small made-up archive for the cluster tests: a hundred varied articles
(wire copy, market reports, council meetings, pasted pages; short and long;
UTF-8, UTF-8 with a BOM, Windows-1252, UTF-16; with and without a header),
one Markdown briefing, and bad sources, each bad in its own way."""

from __future__ import annotations

import os
import random
from pathlib import Path

PEOPLE = ["Maria Lindqvist", "Tomasz Wrobel", "Aisha Okonkwo", "Daniel Ferreira", "Hiroshi Tanaka",
          "Elena Marchetti", "Samuel Osei", "Ingrid Bakke", "Rafael Quintero", "Priya Raman"]
ROLES = ["the finance minister", "a spokeswoman for the port authority", "the union's general secretary",
         "the company's chief executive", "the mayor", "a senior economist at the central bank"]
ORGS = ["the Northern Rail Consortium", "Baltic Grain Holdings", "the City Council", "the Harbour Workers' Union",
        "the Ministry of Energy", "Meridian Bank"]
PLACES = ["Gdansk", "Porto", "Tromso", "Lagos", "Osaka", "Valparaiso", "Turin", "Accra"]
WHEN = ["on Monday", "last week", "in March", "on 12 June", "earlier this year", "three years ago",
        "since 2019", "by the end of the decade", "next Tuesday", "in the spring of 2020"]
SAYINGS = ["We will not accept a deal that leaves the workers behind",
           "The figures show a recovery, but a fragile one",
           "Nobody expected the harbour to close so quickly",
           "This is the largest investment the region has seen in a generation",
           "We have asked the ministry for an explanation and received none"]


def paragraph(rng: random.Random) -> str:
    person, role, org, place = rng.choice(PEOPLE), rng.choice(ROLES), rng.choice(ORGS), rng.choice(PLACES)
    kind = rng.randrange(4)
    if kind == 0:
        return f'"{rng.choice(SAYINGS)}," said {person}, {role}, {rng.choice(WHEN)}.'
    if kind == 1:
        return (f"{org} said {rng.choice(WHEN)} that its plans for {place} would go ahead, "
                f"after {person} met officials there {rng.choice(WHEN)}.")
    if kind == 2:
        return (f"Shares in {org} rose {rng.randint(1, 9)}.{rng.randint(0, 9)} per cent {rng.choice(WHEN)}, "
                f"while the index closed lower in {place}.")
    return (f"In {place}, {person} told reporters {rng.choice(WHEN)} that {org} had "
            f"“no intention of leaving”, and that talks would resume {rng.choice(WHEN)}.")


def write_archive(folder: Path, count: int = 100, seed: int = 23) -> dict[str, list[Path]]:
    """Write ``count`` good raw articles (and a few extra sources) under
    ``folder``; returns them by kind: ``good``, ``bad_read`` (a bad source,
    reported on reading), ``bad_annotate`` (read, but the annotators fail
    on it), ``briefing`` (Markdown), ``page`` (not annotated) and
    ``ignored`` (hidden, another extension: not read at all)."""
    rng = random.Random(seed)
    made: dict[str, list[Path]] = {k: [] for k in ("good", "bad_read", "bad_annotate", "briefing", "page",
                                                   "ignored")}
    encodings = ["utf-8", "utf-8-sig", "cp1252", "utf-16"]
    for index in range(count):
        paragraphs = [paragraph(rng) for _ in range(rng.choice([1, 2, 3, 5, 8]))]
        header = ""
        if index % 3:
            header = (f"Title: Report {index} from {rng.choice(PLACES)}\n"
                      f"Date: 20{10 + index % 14:02}-{1 + index % 12:02}-{1 + index % 28:02}\n"
                      f"Source: The Example Wire\n\n")
        text = header + "\n\n".join(paragraphs) + "\n"
        encoding = encodings[index % len(encodings)]
        sub = folder / ("wire" if index % 2 else "markets") / f"{index // 25:02}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"article-{index:03}.txt"
        path.write_bytes(text.encode(encoding))
        made["good"].append(path)
    # Bad sources: a bad date header, no text at all, a named pipe.
    bad = folder / "bad"
    bad.mkdir()
    (bad / "bad-date.txt").write_text("Title: A bad date\nDate: 2021-14-45\n\nThe council met.\n", encoding="utf-8")
    (bad / "empty.txt").write_text("Title: Nothing\n\n\n", encoding="utf-8")
    made["bad_read"] += [bad / "bad-date.txt", bad / "empty.txt"]
    if hasattr(os, "mkfifo"):
        os.mkfifo(bad / "pipe.txt")
        made["bad_read"].append(bad / "pipe.txt")
    # Read well, but too far in the future for its relative dates.
    far = bad / "far-future.txt"
    far.write_text("Title: Far ahead\nDate: 9999-12-30\n\nThe council will meet again next year, "
                   "its chairman said on Monday.\n", encoding="utf-8")
    made["bad_annotate"].append(far)
    briefings = folder / "briefings"
    briefings.mkdir()
    briefing = briefings / "harbour-strike.md"
    briefing.write_text("Title: The harbour strike\nDate: 2022-03-04\n\n## Article\n\n"
                        + "\n\n".join(paragraph(rng) for _ in range(3)) + "\n", encoding="utf-8")
    made["briefing"].append(briefing)
    pages = folder / "pages"
    pages.mkdir()
    (pages / "about.md").write_text("Title: About\n\nThis archive is made up for tests.\n", encoding="utf-8")
    made["page"].append(pages / "about.md")
    (folder / ".hidden.txt").write_text("Title: Hidden\n\nNot a source.\n", encoding="utf-8")
    (folder / "notes.rst").write_text("Not a source either.\n", encoding="utf-8")
    made["ignored"] += [folder / ".hidden.txt", folder / "notes.rst"]
    return made
