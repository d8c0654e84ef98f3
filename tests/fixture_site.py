"""A varied site of small briefings, made from templates: raw articles with
and without a header, in other encodings, with boilerplate, undated or
pasted as a web page; Markdown briefings with every section written by hand
or none, hidden, drafts, Read more links between them; and plain pages.
The texts are short, so that annotating them stays quick."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

PEOPLE = ["Maria Keller", "Tomas Novak", "Aiko Tanaka", "Samuel Okafor", "Elena Petrova", "Lucas Moreau",
          "Priya Raman", "Jonas Berg", "Fatima Haddad", "Diego Alvarez"]
ROLES = ["transport minister", "chief negotiator", "union leader", "mayor", "central bank governor",
         "harbour master", "spokeswoman", "finance minister"]
ORGANISATIONS = ["the European Commission", "the International Monetary Fund", "the World Health Organization",
                 "NATO", "the African Union", "the Red Cross", "Reuters", "the United Nations"]
PLACES = ["Lisbon", "Oslo", "Nairobi", "Osaka", "Quito", "Krakow", "Geneva", "Dakar", "Hanoi", "Lima"]
SUBJECTS = ["port strike", "rail budget", "water talks", "grain deal", "bridge repairs", "fishing quotas",
            "power prices", "vaccine supplies"]
TAGS = ["Trade", "Transport", "Health", "Energy", "Diplomacy", "Labour"]


class _Writer:
    def __init__(self, number: int):
        self.rng = random.Random(number)
        self.number = number
        self.date = dt.date(2021, 1, 4) + dt.timedelta(days=number * 9 % 400)

    def pick(self, items):
        return self.rng.choice(items)

    def title(self) -> str:
        return f"{self.pick(PLACES)} {self.pick(SUBJECTS)}: talks go on ({self.number})"

    def paragraphs(self, count: int = 3) -> list[str]:
        person, other = self.rng.sample(PEOPLE, 2)
        place, organisation, role = self.pick(PLACES), self.pick(ORGANISATIONS), self.pick(ROLES)
        day = self.date - dt.timedelta(days=self.rng.randint(1, 6))
        sentences = [
            f"{person}, the {role}, met officials of {organisation} in {place} on {day:%A}, "
            f"{day:%B} {day.day}, to discuss the {self.pick(SUBJECTS)}.",
            f"“We will not accept another delay,” {person} told reporters after the meeting.",
            f"{organisation[0].upper()}{organisation[1:]} said in a statement that it expected a decision "
            f"by {self.pick(['March', 'June', 'September', 'December'])} {self.date.year + 1}.",
            f"Two years ago, {other} warned that the money set aside would fall short.",
            f"The talks are due to resume in {self.pick(PLACES)} next week, {other} said.",
        ]
        return sentences[:count]

    def header(self, title: str | None = None, dated: bool = True, extra: tuple = ()) -> str:
        lines = [f"Title: {title or self.title()}"]
        if dated:
            lines.append(f"Date: {self.date.isoformat()}")
        lines.extend(extra)
        return "\n".join(lines) + "\n\n"


def _raw(number: int) -> tuple[str, bytes]:
    """A raw article of one of eight shapes, by its number."""
    w = _Writer(number)
    shape = number % 8
    text = "\n\n".join(w.paragraphs(3 + number % 3)) + "\n"
    name = f"raw/{'archive/' if number % 5 == 0 else ''}article-{number:02}.txt"
    if shape == 0:
        head = w.header(extra=("Source: The Morning Wire", f"Tags: {w.pick(TAGS)}, {w.pick(TAGS)}",
                               f"Author: {w.pick(PEOPLE)}"))
        return name, (head + text).encode("utf-8")
    if shape == 1:
        return name, (w.header() + text).encode("utf-8")
    if shape == 2:  # no header: the headline is taken from the lede
        return name, text.encode("utf-8")
    if shape == 3:  # undated: a warning, its relative dates unresolved
        return name, (w.header(dated=False) + text).encode("utf-8")
    if shape == 4:  # boilerplate around the text
        body = f"ADVERTISEMENT\n\n{text}\nRead more: {w.title()}\n"
        return name, (w.header(extra=("Source: Wire",)) + body).encode("utf-8")
    if shape == 5:
        return name, (w.header() + text).encode("utf-16")
    if shape == 6:
        return name, (w.header(extra=("Source: Le Café",)) + text).encode("cp1252", errors="replace")
    page = (f"<html><head><title>{w.title()}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{w.title()}</h1>" + "".join(f"<p>{p}</p>" for p in w.paragraphs(4))
            + "</article><footer>© The Paper</footer></body></html>\n")
    return name, (w.header(extra=("Source: The Paper",)) + page).encode("utf-8")


def _markdown(number: int, others: list[str]) -> tuple[str, str]:
    """A Markdown briefing of one of ten shapes, by its number; ``others``
    are the files it may link to."""
    w = _Writer(100 + number)
    shape = number % 10
    paragraphs = w.paragraphs(3)
    article = "## Article\n\n" + "\n\n".join(paragraphs) + "\n"
    person, place = w.pick(PEOPLE), w.pick(PLACES)
    sections = {
        1: f"## Key players\n\n- **{person}** (person): {w.pick(ROLES)}. Also: {person.split()[-1]}.\n"
           f"- **{place}** (place).\n\n",
        2: f"## Quotes\n\n- “We will not accept another delay” — {person}\n\n",
        3: f"## Timeline\n\n- **{w.date.isoformat()}** (today): the talks went on.\n"
           f"- **{w.date.year + 1}-03** (upcoming): a decision is due.\n\n",
        4: f"## Key players\n\n- **{person}** (person).\n\n## Also mentioned\n\n- **{place}** (place).\n\n",
    }
    extra: tuple = ()
    body = sections.get(shape, "") + article
    if shape == 5 and others:
        body += f"\n## Read more\n\n- [An earlier briefing]({{filename}}{others[number % len(others)]})\n"
    if shape == 6:
        extra = ("Status: hidden",)
    if shape == 7:
        extra = ("Status: draft",)
    if shape == 8:
        extra = ("Summary: The talks, in short.", f"Tags: {w.pick(TAGS)}", f"Contributors: {w.pick(PEOPLE)}")
    if shape == 9:  # plain Markdown, no sections: the text is the article
        body = "\n\n".join(paragraphs) + "\n"
    return f"briefings/briefing-{number:02}.md", w.header(extra=extra) + body


def write_fixture_site(content: Path, raw: int = 30, markdown: int = 26) -> int:
    """Write the site's sources into ``content``; returns how many briefings."""
    files: dict[str, bytes] = {}
    for number in range(raw):
        name, data = _raw(number)
        files[name] = data
    for number in range(markdown):
        name, text = _markdown(number, [f"briefing-{n:02}.md" for n in range(number) if n % 10 in (0, 1, 2, 3)])
        files[name] = text.encode("utf-8")
    files["pages/about.md"] = b"Title: About\n\nShort briefings on talks around the world.\n"
    files["pages/contact.md"] = b"Title: Contact\nSlug: write-to-us\n\nWrite to the desk.\n"
    for name, data in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return raw + markdown
