"""Drawing primitives the toolkit's charts share: colours, fitted text, hatching, markers,
series swatches and their legend.

Series never differ by hue alone: each also differs in lightness, hatching, dash or marker,
so a page photocopied in black and white still reads. Every user string is drawn by
``text()``/``fit()``, which go through ``reports.lines``: control characters dropped, each
character in a font that has it (Chinese, emoji), right-to-left text in display order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Group, Line, Polygon, Rect, String
from reportlab.lib.colors import Color, white

from cxdesk.language import ENGLISH, Translator
from cxdesk.models.servqual import RaterDimension
from cxdesk.reports import lines as drawn
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.text import clip

SIZE = 7.5  # chart text: small, but legible on paper
MINUS = "\u2212"  # a real minus sign, the width of the plus
NEUTRAL_FILL = Color(0.93, 0.94, 0.95)


# --- colour and drawing primitives ----------------------------------------------------


def luminance(c: Color) -> float:
    """Relative lightness 0 (black) to 1 (white): what is left of a colour in greyscale."""
    return float(0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue)


def shade(c: Color, amount: float) -> Color:
    """``c`` mixed with black: amount 0 = the colour, 1 = black."""
    return Color(c.red * (1 - amount), c.green * (1 - amount), c.blue * (1 - amount))


def strong(c: Color, limit: float = 0.45) -> Color:
    """The brand colour, darkened until lines and text in it read on white paper."""
    while luminance(c) > limit:
        c = shade(c, 0.15)
    return c


def on(fill: Color, ink: Color) -> Color:
    """Text colour for a label drawn on ``fill``."""
    return white if luminance(fill) < 0.5 else ink


def dimension_name(dimension: RaterDimension, tr: Translator = ENGLISH) -> str:
    """A RATER dimension's name for a narrow place (a chart's label, a column's head):
    "Zuverlässigkeit", where the tables say "Zuverlässigkeit (Reliability)"."""
    short = {
        RaterDimension.RELIABILITY: tr.pgettext("short", "Reliability"),
        RaterDimension.ASSURANCE: tr.pgettext("short", "Assurance"),
        RaterDimension.TANGIBLES: tr.pgettext("short", "Tangibles"),
        RaterDimension.EMPATHY: tr.pgettext("short", "Empathy"),
        RaterDimension.RESPONSIVENESS: tr.pgettext("short", "Responsiveness"),
    }
    return short[dimension]


def signed(value: float, digits: int = 1, tr: Translator = ENGLISH) -> str:
    """A number with its sign always shown, and a real minus sign, written as ``tr``'s
    language writes numbers ("+1,5" in German)."""
    if round(abs(value), digits) == 0:
        return tr.decimal(0.0, digits)
    return ("+" if value > 0 else MINUS) + tr.decimal(abs(value), digits)


def text(
    x: float,
    y: float,
    s: str,
    ink: Color,
    *,
    size: float = SIZE,
    bold: bool = False,
    anchor: str = "start",
) -> String | Group:
    # A String has one font: a label in Chinese or Arabic is a Group of runs, each in a
    # font that has its characters, right-to-left text in display order.
    return drawn.shape(x, y, s, BOLD if bold else BODY, size, anchor, fillColor=ink)


def fit(s: str, width: float, size: float = SIZE, bold: bool = False) -> str:
    """``s`` on one line, clipped with an ellipsis to fit ``width`` points."""
    font = BOLD if bold else BODY
    s = clip(s, 200)
    measured = drawn.width(s, font, size)
    if measured <= width:
        return s
    # Start from a proportional guess, then step: a thousand row labels stay quick.
    n = max(int(len(s) * width / measured), 1)
    while n > 1 and drawn.width(clip(s, n), font, size) > width:
        n -= 1
    return clip(s, n) if width > 0 else ""


def lines(s: str, width: float, most: int, size: float = SIZE, bold: bool = False) -> list[str]:
    """``s`` wrapped to ``width``, at most ``most`` lines, the last one clipped if cut."""
    font = BOLD if bold else BODY
    from cxdesk.reports.cells import break_lines

    # Measured as drawn (a Chinese label in its fallback font is wider than DejaVu's
    # boxes), and a word wider than the line breaks instead of overflowing.
    wrapped = break_lines(clip(s, 400).replace("\n", " "), font, size, width) or [""]
    if len(wrapped) > most:
        wrapped = [*wrapped[: most - 1], fit(" ".join(wrapped[most - 1 :]), width, size, bold)]
    return [fit(line, width, size, bold) for line in wrapped]


def hatch(x: float, y: float, w: float, h: float, colour: Color, step: float = 3.2) -> Group:
    """45° lines clipped to a rectangle: the pattern that tells series apart in greyscale."""
    group = Group()
    k = -h
    while k < w:
        sx, sy = (x + k, y) if k >= 0 else (x, y - k)
        t = min(x + w - sx, y + h - sy)
        if t > 0:
            group.add(Line(sx, sy, sx + t, sy + t, strokeColor=colour, strokeWidth=0.6))
        k += step
    return group


def marker(kind: str, x: float, y: float, r: float, fill: Color, stroke: Color) -> Group:
    group = Group()
    if kind == "circle":
        group.add(Circle(x, y, r, fillColor=fill, strokeColor=stroke, strokeWidth=0.8))
        return group
    if kind == "square":
        points = [x - r, y - r, x + r, y - r, x + r, y + r, x - r, y + r]
    elif kind == "triangle":
        points = [x - r * 1.1, y - r * 0.8, x + r * 1.1, y - r * 0.8, x, y + r * 1.2]
    else:  # diamond
        points = [x, y - r * 1.3, x + r * 1.2, y, x, y + r * 1.3, x - r * 1.2, y]
    group.add(Polygon(points, fillColor=fill, strokeColor=stroke, strokeWidth=0.8))
    return group


@dataclass(frozen=True)
class Swatch:
    """How one series looks, so its bars (or line) and its legend entry always agree."""

    label: str
    fill: Color | None
    stroke: Color
    hatch: Color | None = None
    dash: tuple[float, ...] | None = None
    marker: str | None = None

    def bar(self, x: float, y: float, w: float, h: float) -> Group:
        group = Group()
        if w <= 0 or h <= 0:
            return group
        group.add(Rect(x, y, w, h, fillColor=self.fill, strokeColor=self.stroke, strokeWidth=0.6))
        if self.hatch is not None:
            group.add(hatch(x, y, w, h, self.hatch))
        return group

    def key(self, x: float, y: float) -> Group:
        """The legend's little sample, 14 x 7 points, bottom-left at (x, y)."""
        if self.marker is None:
            return self.bar(x, y, 14, 7)
        group = Group(
            Line(
                x,
                y + 3.5,
                x + 14,
                y + 3.5,
                strokeColor=self.stroke,
                strokeWidth=1.4,
                strokeDashArray=list(self.dash or []) or None,
            )
        )
        group.add(marker(self.marker, x + 7, y + 3.5, 2.4, self.fill or white, self.stroke))
        return group


def legend(swatches: Sequence[Swatch], x: float, y: float, width: float, ink: Color) -> Group:
    """Entries left to right, wrapping onto a new line below when the width runs out."""
    group = Group()
    cx, cy = x, y
    for s in swatches:
        label = fit(s.label, width - 20)
        w = 20 + drawn.width(label, BODY, SIZE) + 12
        if cx > x and cx + w > x + width:
            cx, cy = x, cy - 12
        group.add(s.key(cx, cy))
        group.add(text(cx + 18, cy + 0.5, label, ink))
        cx += w
    return group


def legend_height(swatches: Sequence[Swatch], width: float) -> float:
    rows, used = 1, 0.0
    for s in swatches:
        w = 20 + drawn.width(fit(s.label, width - 20), BODY, SIZE) + 12
        if used and used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows * 12


def key_figures(
    figures: Sequence[tuple[str, str]], primary: Color, ink: Color, muted: Color, width: float
) -> Group:
    """A strip of headline numbers, each over a short label (two lines at most): the few
    numbers a client reads first. ``figures`` are (value, label); returns a 50-point-high
    group to wrap in a Drawing of the same width."""
    group = Group()
    w = width / max(len(figures), 1)
    for n, (value, label) in enumerate(figures):
        x = n * w
        group.add(Line(x, 49, x + w - 10, 49, strokeColor=primary, strokeWidth=1.6))
        size = 17.0  # a word that does not fit (a long dimension name) is set smaller first
        while size > 11 and drawn.width(value, BOLD, size) > w - 12:
            size -= 1
        group.add(text(x, 28, fit(value, w - 12, size, bold=True), ink, size=size, bold=True))
        for k, line in enumerate(lines(label, w - 12, 2)):
            group.add(text(x, 16 - 9 * k, line, muted))
    return group
