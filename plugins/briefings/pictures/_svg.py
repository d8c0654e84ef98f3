"""The pieces every picture shares: escaping, safe links, text measure, the
style sheet and the ``<svg>`` root with its text alternative.

Nothing here knows about briefings; the pictures build their markup as
strings from these helpers, and every piece of text or attribute value that
came from outside goes through :func:`esc` (or :func:`attrs`).
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

# -- escaping --------------------------------------------------------------------------------------

# Characters XML 1.0 does not allow (C0 controls but tab, newline, return;
# surrogates; U+FFFE/U+FFFF): dropped, so every picture parses as XML.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as a one-line string XML accepts (whitespace runs become one space)."""
    return " ".join(_NOT_XML.sub("", str(text)).split())


def esc(text: object) -> str:
    """``text`` escaped for element content or a quoted attribute value."""
    return str(escape(clean(text)))


def num(value: float) -> str:
    """A coordinate with at most one decimal, without trailing zeros."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def attrs(**values) -> str:
    """``key="value"`` pairs (``class_`` → ``class``, ``aria_label`` →
    ``aria-label``), numbers rounded, ``None`` left out, values escaped."""
    parts = []
    for key, value in values.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = num(value)
        parts.append(f'{name}="{esc(value)}"')
    return " ".join(parts)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def safe_href(href: str | None) -> str | None:
    """``href`` if it is a link a picture may carry (a relative URL, an
    ``#anchor``, http, https or mailto), else None: no ``javascript:`` links."""
    if not href:
        return None
    href = clean(href)
    match = _SCHEME.match(href)
    if match and match.group(1).lower() not in ("http", "https", "mailto"):
        return None
    return href or None


def link(href: str | None, body: str, label: str) -> str:
    """``body`` inside ``<a href>`` named ``label`` for assistive technology
    when ``href`` is safe, else inside a plain ``<g>`` hidden from it (see
    :func:`document`)."""
    href = safe_href(href)
    if href is None:
        return hidden(body, "bp-mark")
    return f'<a class="bp-mark" {attrs(href=href, aria_label=label)}>{body}</a>'


def hidden(body: str, cls: str | None = None) -> str:
    """``body`` in a group assistive technology skips: the picture says it in its ``<desc>``."""
    return f'<g {attrs(class_=cls)} aria-hidden="true">{body}</g>' if body else ""


def tooltip(text: str) -> str:
    """A ``<title>`` child: the browser's tooltip over a mark."""
    return f"<title>{esc(text)}</title>"


_ID = re.compile(r"[^A-Za-z0-9_-]+")


def make_id(kind: str, payload: object, given: str | None = None) -> str:
    """A stable element id: ``given`` made safe, or one derived from the
    picture's content (same input, same id; different pictures, different ids)."""
    if given:
        safe = _ID.sub("-", given).strip("-")
        if safe and not safe[0].isdigit():
            return safe
    digest = hashlib.sha1(repr(payload).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"bp-{kind}-{digest}"


# -- text measure ----------------------------------------------------------------------------------

ELLIPSIS = "\u2026"

# Advance widths of the printable ASCII characters (32-126) in thousandths of
# an em, regular and bold, of DejaVu Sans: one of the widest common sans
# serifs (Verdana's kin), so a label measured with it fits in system-ui,
# Helvetica, Arial, Segoe UI, Roboto or San Francisco too.
_REGULAR = (
    318, 401, 460, 838, 637, 951, 780, 275, 391, 391, 500, 838, 318, 361, 318, 337, 637, 637, 637, 637, 637, 637,
    637, 637, 637, 637, 337, 337, 838, 838, 838, 531, 1000, 685, 687, 699, 771, 632, 576, 775, 752, 295, 295, 656,
    558, 863, 749, 788, 604, 788, 695, 635, 611, 732, 685, 989, 686, 611, 686, 391, 337, 391, 838, 500, 500, 613,
    635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 278, 975, 634, 612, 635, 635, 412, 521, 393, 634, 592, 818,
    592, 592, 525, 637, 337, 637, 838,
)
_BOLD = (
    349, 457, 521, 838, 696, 1002, 873, 307, 458, 458, 523, 838, 380, 416, 380, 366, 696, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 400, 400, 838, 838, 838, 581, 1000, 774, 763, 734, 831, 684, 684, 821, 837, 373, 373, 775,
    638, 996, 837, 851, 733, 851, 771, 721, 683, 813, 774, 1104, 771, 725, 726, 458, 366, 458, 838, 500, 500, 675,
    716, 593, 716, 679, 436, 716, 712, 343, 343, 666, 343, 1042, 712, 688, 716, 716, 494, 596, 479, 712, 652, 924,
    646, 652, 583, 712, 366, 712, 838,
)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` set at ``size`` px, measured generously (see above)."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for char in text:
        code = ord(char)
        if 32 <= code < 127:
            total += table[code - 32]
        elif char == ELLIPSIS:
            total += 1000
        elif unicodedata.combining(char):
            continue
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            total += 1000
        else:  # accented letters, dashes, ellipsis, curly quotes: about an average letter
            total += 720 if bold else 680
    return total * size / 1000



def fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` cut at a word boundary (or, failing that, a character) and
    ended with an ellipsis so that it is at most ``width`` px wide ('' if not
    even one word and the ellipsis fit)."""
    text = clean(text)
    if text_width(text, size, bold) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(",;:.-\u2013\u2014 ") + ELLIPSIS
        if text_width(candidate, size, bold) <= width:
            return candidate
    word = words[0]
    while word:
        word = word[:-1]
        candidate = word + ELLIPSIS
        if len(word) >= 3 and text_width(candidate, size, bold) <= width:
            return candidate
    return ""


def wrap(text: str, width: float, size: float, lines: int = 2, bold: bool = False) -> list[str]:
    """``text`` broken into at most ``lines`` lines of at most ``width`` px,
    the last one ended with an ellipsis if the text runs on."""
    words = clean(text).split(" ")
    out: list[str] = []
    while words and len(out) < lines:
        if len(out) == lines - 1:
            out.append(fit(" ".join(words), width, size, bold))
            break
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", size, bold) <= width:
            line += " " + words.pop(0)
        if text_width(line, size, bold) > width:
            line = fit(line, width, size, bold)
        out.append(line)
    return [line for line in out if line]


# -- geometry --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.right + gap <= other.left
            or other.right + gap <= self.left
            or self.bottom + gap <= other.top
            or other.bottom + gap <= self.top
        )

    def moved(self, dx: float = 0.0, dy: float = 0.0) -> Box:
        return Box(self.left + dx, self.top + dy, self.right + dx, self.bottom + dy)


def text_box(x: float, baseline: float, width: float, size: float, anchor: str = "start", lines: int = 1) -> Box:
    """The box a text of ``width`` px set at (x, baseline) covers, from its
    ascenders to its descenders (``lines`` lines, 1.2 em apart)."""
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return Box(left, baseline - 0.8 * size, left + width, baseline + 0.25 * size + (lines - 1) * 1.2 * size)


@dataclass
class Stacked:
    """A label put in a lane: ``item`` (its index), its text, lane (0 the lowest), left and right x, leader x."""

    item: int
    text: str
    lane: int
    left: float
    right: float
    lead: float


def stack_labels(
    items: list[tuple[float, list[str]]],
    size: float,
    x_min: float,
    x_max: float,
    max_lanes: int,
    gap: float = 8.0,
    bold: bool = False,
) -> list[Stacked]:
    """Labels in lanes above their marks: each in the lowest lane where it
    touches no label of its lane, its leader line (down from it to the mark
    at x) crosses no label below it, and no leader from a label above crosses
    it. ``items`` are (x of the mark, text variants longest first); a label
    starts at its leader, or ends there when it would run off the right edge.

    Items are taken left to right, right to left, and right to left with
    those that end at their leader last; with their longest variants, then
    again without them; the try whose labels say the most (see
    :func:`_worth`) in the fewest lanes wins, and each of its labels then
    gets the longest variant that still fits. An item none of whose
    variants finds a lane among ``max_lanes`` is left out."""
    widths = [[text_width(text, size, bold) for text in variants] for _, variants in items]

    def flipped(i: int) -> bool:
        return bool(widths[i]) and items[i][0] - 3 + widths[i][0] > x_max

    ascending = sorted(range(len(items)), key=lambda i: (items[i][0], i))
    descending = ascending[::-1]
    orders = [ascending, descending, [i for i in descending if not flipped(i)] + [i for i in ascending if flipped(i)]]
    best: list[Stacked] | None = None
    best_score = None
    for skip in range(max((len(v) for _, v in items), default=1)):
        # The longest variants first; then without the longest, and so on:
        # shorter labels leave room for more.
        trimmed = [(lead, variants[skip:] or variants[-1:]) for lead, variants in items]
        trimmed_widths = [w[skip:] or w[-1:] for w in widths]
        for order in orders:
            placed = _stack(order, trimmed, trimmed_widths, x_min, x_max, max_lanes, gap)
            score = (sum(_worth(p.text) for p in placed), -max((p.lane for p in placed), default=0))
            if best_score is None or score > best_score:
                best, best_score = placed, score
    return _lengthen(best or [], items, widths, x_min, x_max, gap)


def _lengthen(placed: list[Stacked], items, widths, x_min: float, x_max: float, gap: float) -> list[Stacked]:
    """Each label in turn given the longest of its variants that still fits where it is."""
    placed = list(placed)
    lanes = max((label.lane for label in placed), default=0)
    for n, label in enumerate(placed):
        lead, variants = items[label.item]
        others = placed[:n] + placed[n + 1:]
        for text, width in zip(variants, widths[label.item]):
            if len(text) <= len(label.text):
                break
            spots = [min(max(left, x_min), x_max - width)
                     for left in ((lead - 3,) if lead - 3 + width <= x_max else (lead + 3 - width,))]
            spots = [left for left in spots if left >= x_min - 0.01 and left - 4 <= lead <= left + width + 4]
            # Where it is, else in another lane of those already used.
            free = next(((lane, left) for lane in [label.lane, *range(lanes + 1)] for left in spots
                         if _free(left, left + width, lane, lead, others, gap)), None)
            if free is not None:
                placed[n] = Stacked(label.item, text, free[0], free[1], free[1] + width, lead)
                break
    return placed


def _worth(text: str) -> float:
    """What a label tells: mostly that its mark has one, then a little for
    each character, up to a point; a stub of a few letters, little."""
    return 12 + min(len(text), 30) / 3 if len(text) >= 12 else len(text) / 2


def _stack(order, items, widths, x_min: float, x_max: float, max_lanes: int, gap: float) -> list[Stacked]:
    placed: list[Stacked] = []
    for n, i in enumerate(order):
        lead, variants = items[i]
        later = sorted(items[k][0] for k in order[n + 1:])
        for text, width in zip(variants, widths[i]):
            choice = None
            # A label starts at its leader; only where it would run off the
            # right edge does it end there instead.
            for left in (lead - 3,) if lead - 3 + width <= x_max else (lead + 3 - width,):
                left = min(max(left, x_min), x_max - width)
                if left < x_min - 0.01 or not left - 4 <= lead <= left + width + 4:
                    continue  # too wide for the picture, or too far from its mark
                lane = next((k for k in range(max_lanes) if _free(left, left + width, k, lead, placed, gap)), None)
                if lane is None:
                    continue
                # Of the two sides, the one over fewer marks still to label, then the lower.
                covered = bisect.bisect_right(later, left + width + 3) - bisect.bisect_left(later, left - 3)
                if choice is None or (covered, lane) < choice[:2]:
                    choice = (covered, lane, left)
            if choice is not None:
                _, lane, left = choice
                placed.append(Stacked(i, text, lane, left, left + width, lead))
                break
    return placed


def _free(left: float, right: float, lane: int, lead: float, placed: list[Stacked], gap: float) -> bool:
    for other in placed:
        if other.lane == lane and left < other.right + gap and other.left < right + gap:
            return False  # touches a label of its lane
        if other.lane < lane and other.left - 3 <= lead <= other.right + 3:
            return False  # its leader would cross a label below
        if other.lane > lane and left - 3 <= other.lead <= right + 3:
            return False  # a label above has its leader through this one
    return True


# -- style -----------------------------------------------------------------------------------------

# The pictures' colours come from the page: each is a custom property the
# theme may set (--pic-*), falling back to the theme's own colours (--accent,
# --muted, --line, --bg, --person…) and last to a pair of literals, one for
# a light and one for a dark page: chosen by light-dark(), which follows the
# page's color-scheme (so a manual light/dark switch that sets color-scheme
# is obeyed), or in browsers without it by prefers-color-scheme. Text is
# currentColor: the colour of the text around the picture.
_COLOURS = {
    # name: (theme variable, light, dark)
    "muted": ("--muted", "#555b61", "#a9b0b7"),
    "line": ("--line", "#c4c8cc", "#474d54"),
    "bg": ("--bg", "#fdfdfb", "#15171a"),
    "accent": ("--accent", "#0b5cad", "#7db7ff"),
    "upcoming": ("--upcoming", "#8a4b00", "#ffb35c"),
    "bar": (None, "#80878f", "#6d757e"),
    "person": ("--person", "#0b5cad", "#7db7ff"),
    "organization": ("--organization", "#6b3fa0", "#c9a4ff"),
    "place": ("--place", "#1f7a4d", "#7ddba9"),
    "group": ("--group", "#8a4b00", "#ffb35c"),
}


def _variables(scheme: str) -> str:
    out = []
    for name, (theme, light, dark) in _COLOURS.items():
        if scheme == "both":
            fallback = "Canvas" if name == "bg" else f"light-dark({light},{dark})"
        else:
            fallback = dark if scheme == "dark" else light
        if theme:
            fallback = f"var({theme},{fallback})"
        out.append(f"--bp-{name}:var(--pic-{name},{fallback})")
    return ";".join(out)


STYLE = (
    f".bp{{{_variables('light')};font:13px/1.2 var(--pic-font,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);"
    "overflow:visible;display:block}"
    f"@media (prefers-color-scheme:dark){{.bp{{{_variables('dark')}}}}}"
    f"@supports (color:light-dark(#000,#fff)){{.bp{{{_variables('both')}}}}}"
    ".bp text{fill:currentColor;paint-order:stroke;stroke:var(--bp-bg);stroke-width:3px;stroke-linejoin:round}"
    ".bp .bp-muted{fill:var(--bp-muted)}"
    ".bp .bp-small{font-size:12px}"
    ".bp .bp-strong{font-weight:700}"
    ".bp .bp-axis{stroke:var(--bp-muted);stroke-width:1;fill:none}"
    ".bp .bp-grid{stroke:var(--bp-line);stroke-width:1;fill:none}"
    ".bp .bp-leader{stroke:var(--bp-muted);stroke-opacity:.45;stroke-width:1;fill:none}"
    ".bp .bp-accent{fill:var(--bp-accent);stroke:var(--bp-accent)}"
    ".bp text.bp-accent{stroke:var(--bp-bg);fill:var(--bp-accent)}"
    ".bp .bp-now{stroke:var(--bp-accent);stroke-width:1.5;stroke-dasharray:4 3;fill:none}"
    ".bp .bp-dot{fill:var(--bp-accent);stroke:var(--bp-bg);stroke-width:1.5}"
    ".bp .bp-span{fill:var(--bp-accent);fill-opacity:.55;stroke:var(--bp-accent);stroke-width:1}"
    ".bp .bp-upcoming .bp-dot{fill:var(--bp-bg);stroke:var(--bp-upcoming);stroke-width:2}"
    ".bp .bp-upcoming .bp-span{fill:var(--bp-upcoming);fill-opacity:.2;stroke:var(--bp-upcoming);"
    "stroke-dasharray:3 2}"
    ".bp .bp-bar{fill:var(--bp-bar)}"
    ".bp .bp-bar-hi{fill:var(--bp-accent)}"
    ".bp .bp-edge{stroke:var(--bp-muted);stroke-opacity:.55;stroke-linecap:round;fill:none}"
    ".bp .bp-edge-side{stroke:var(--bp-line);stroke-width:1;stroke-dasharray:2 3;fill:none}"
    ".bp .bp-node{stroke:var(--bp-bg);stroke-width:1.5}"
    ".bp .bp-node.bp-centre{stroke:currentColor;stroke-width:2}"
    ".bp .bp-person{fill:var(--bp-person)}.bp .bp-organization{fill:var(--bp-organization)}"
    ".bp .bp-place{fill:var(--bp-place)}.bp .bp-group{fill:var(--bp-group)}.bp .bp-other{fill:var(--bp-muted)}"
    ".bp a.bp-mark{cursor:pointer;color:inherit}"
    ".bp a.bp-mark:hover text,.bp a.bp-mark:focus text{text-decoration:underline}"
    ".bp a.bp-mark:focus{outline:none}"
    ".bp a.bp-mark:focus-visible{outline:2px solid var(--bp-accent);outline-offset:2px}"
    # Two renderings of one picture (see responsive()): the one that fits its box.
    ".bp-responsive{container-type:inline-size}"
    "@container (max-width:559.98px){.bp-responsive>.bp-wide{display:none}}"
    "@container (min-width:560px){.bp-responsive>.bp-narrow{display:none}}"
)


def style_sheet() -> str:
    """The pictures' CSS, for a theme that would rather put it in its own
    style sheet and render the pictures with ``style=False``."""
    return STYLE


def document(
    kind: str,
    ident: str,
    width: float,
    height: float,
    title: str,
    desc: str,
    body: str,
    style: bool = True,
    extra_class: str | None = None,
) -> Markup:
    """The ``<svg>`` root: responsive (a viewBox, 100% wide up to its drawn
    width), with a ``<title>`` and ``<desc>`` that ``aria-labelledby`` names.

    A picture without links is one image to assistive technology:
    ``role="img"``. One with links cannot be (an image's children are
    presentational, and a link inside one is focusable but never announced:
    axe's nested-interactive), so it is ``role="group"``, named and
    described the same, with everything but its links hidden from assistive
    technology and each link named by its ``aria-label``: the reader hears
    the title, the description, then can go from link to link.
    """
    classes = f"bp bp-{kind}" + (f" {extra_class}" if extra_class else "")
    if "<a " in body:
        aria = f'role="group" aria-labelledby="{ident}-title" aria-describedby="{ident}-desc"'
    else:
        aria = f'role="img" aria-labelledby="{ident}-title {ident}-desc"'
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {attrs(class_=classes, id=ident)} '
        f'viewBox="0 0 {num(width)} {num(math.ceil(height))}" width="100%" '
        f'style="max-width:{num(width)}px;height:auto" {aria}>'
        f'<title id="{ident}-title">{esc(title)}</title>'
        f'<desc id="{ident}-desc">{esc(desc)}</desc>'
    )
    sheet = f"<style>{STYLE}</style>" if style else ""
    return Markup(f"{head}{sheet}{body}</svg>")
