"""Colours, markers, words and ticks of the emotion curve, from the current palette.

Every stakeholder gets an Okabe-Ito colour *and* its own marker (never colour alone);
the client's overall line is drawn in the text colour, thicker, so it leads. Imported
with the chart (pyqtgraph), never at start-up.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF

from cxdesk.models.emotion_curve import EmotionCurve, HandoffMark
from cxdesk.ui import theme

# (colour, pyqtgraph symbol, the same marker as a character for the legend)
STAKEHOLDER_STYLES = (
    ("#E69F00", "s", "\u25a0"),  # orange, square
    ("#009E73", "t1", "\u25b2"),  # bluish green, triangle up
    ("#CC79A7", "d", "\u25c6"),  # reddish purple, diamond
    ("#56B4E9", "star", "\u2605"),  # sky blue, star
    ("#0072B2", "t", "\u25bc"),  # blue, triangle down
    ("#882255", "p", "\u2b1f"),  # wine, pentagon
    ("#44AA99", "h", "\u2b22"),  # teal, hexagon
)
# Past seven stakeholders the colours repeat with another dash pattern.
DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
READY = QColor("#009E73")
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
LABEL_GAP = 13  # pixels between a pain point and its label: clear of its ring
NAME_MIN_PX = 56  # narrower slots show numbers: "Kicko…" is about the least that reads


def muted() -> QColor:
    colour = QColor(theme.chart_foreground())
    colour.setAlpha(150)
    return colour


def tone(colour: QColor) -> QColor:
    """The same hue, lighter on a dark background so it keeps its contrast."""
    return colour.lighter(135) if theme.is_dark() else QColor(colour)


def pain_colour() -> QColor:
    return tone(theme.TRAILING)


def label_fill() -> QColor:
    fill = QColor(theme.chart_background())
    fill.setAlpha(215)
    return fill


def band_brush(index: int) -> QColor:
    """Alternate phases shaded, so neighbouring bands read apart in light and dark."""
    shade = QColor(theme.chart_foreground())
    shade.setAlpha((26 if theme.is_dark() else 18) if index % 2 == 0 else 0)
    return shade


def series_colour(index: int) -> QColor:
    """Index 0 is the client overall (the text colour), then the stakeholders in order."""
    if index == 0:
        return QColor(theme.chart_foreground())
    return tone(QColor(STAKEHOLDER_STYLES[(index - 1) % len(STAKEHOLDER_STYLES)][0]))


def series_glyph(index: int) -> str:
    return "\u25cf" if index == 0 else STAKEHOLDER_STYLES[(index - 1) % len(STAKEHOLDER_STYLES)][2]


def line_styles(index: int, overall: bool, dense: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """PlotDataItem options of a series today and at the compared revisit (hollow, dashed).

    ``dense``: a slot is only a few pixels wide, so thinner lines and smaller markers
    (a wide pen and big markers over 500 touchpoints are a smear, and slow to paint)."""
    colour = series_colour(index)
    if overall:
        symbol, width, size, dash = "o", 3.2, 10, Qt.PenStyle.SolidLine
    else:
        k = index - 1
        symbol = STAKEHOLDER_STYLES[k % len(STAKEHOLDER_STYLES)][1]
        width, size = 2.0, 9
        dash = DASHES[(k // len(STAKEHOLDER_STYLES)) % len(DASHES)]
    if dense:
        width, size = (2.0 if overall else 1.0), (6 if overall else 5)
    faded = QColor(colour)
    faded.setAlpha(120)
    today = {
        "pen": pg.mkPen(colour, width=width, style=dash),
        "symbol": symbol,
        "symbolSize": size,
        "symbolBrush": pg.mkBrush(colour),
        # A rim in the background colour: markers that touch stay apart.
        "symbolPen": pg.mkPen(theme.chart_background(), width=1) if not dense else None,
    }
    before = {
        "pen": pg.mkPen(faded, width=max(width - 1.0, 1.2), style=Qt.PenStyle.DashLine),
        "symbol": symbol,
        "symbolSize": max(size - 2, 4),
        "symbolBrush": pg.mkBrush(theme.chart_background()),  # hollow: the past
        "symbolPen": pg.mkPen(faded, width=1.2),
    }
    return today, before


def handoff_words(mark: HandoffMark, short: bool = False) -> str:
    """What the boundary says; ``short`` when it sits close to another one."""
    if mark.risky:
        return f"\u26a0{mark.open_items}" if short else f"\u26a0 {mark.open_items} open"
    if mark.total_items:
        return "\u2713" if short else "\u2713 ready"
    return "?" if short else "no checklist"


def fit_handoff_words(
    marks: Sequence[HandoffMark], xs: Sequence[float], metrics: QFontMetricsF
) -> list[str | None]:
    """Each boundary's words at pixel ``xs``: in full, short where a neighbour is close,
    none where even that would overlap (a safe one gives way to a risky one)."""
    gap = 12.0

    def width(text: str) -> float:
        return metrics.horizontalAdvance(text) + gap

    full = [handoff_words(m) for m in marks]
    words: list[str | None] = list(full)
    for i in range(len(marks)):
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(marks)]
        if any(abs(xs[i] - xs[j]) < (width(full[i]) + width(full[j])) / 2 for j in near):
            words[i] = handoff_words(marks[i], short=True)
    shown = sorted(range(len(marks)), key=lambda k: (not marks[k].risky, k))
    kept: list[int] = []
    for i in shown:
        text = words[i] or ""
        if all(abs(xs[i] - xs[j]) >= (width(text) + width(words[j] or "")) / 2 for j in kept):
            kept.append(i)
        else:
            words[i] = None
    return words


def handoff_tooltip(mark: HandoffMark) -> str:
    if mark.risky:
        state = f"{mark.open_items} of {mark.total_items} checklist items open: risky"
    elif mark.total_items:
        state = f"all {mark.total_items} checklist items done: ready"
    else:
        state = "no checklist yet"
    return f"Handoff {mark.label}: {state}"


def handoff_pen(mark: HandoffMark) -> tuple[QColor, Qt.PenStyle, float]:
    if mark.risky:
        return pain_colour(), Qt.PenStyle.DashLine, 2.2
    if mark.total_items:
        return tone(READY), Qt.PenStyle.SolidLine, 1.6
    return muted(), Qt.PenStyle.DotLine, 1.4


def legend_html(curve: EmotionCurve) -> str:
    """What each line and mark means, above the plot so it never covers a point."""
    entries = [
        (series_colour(i), series_glyph(i), s.name)
        for i, s in enumerate(curve.series)
        if s.points or s.before or s.key is None
    ]
    if curve.compared_with is not None:
        entries.append((muted(), "\u25cb", f"dashed: at {curve.compared_with}"))
    if curve.pain_points:
        entries.append((pain_colour(), "\u25ef", "pain point: fix before it festers"))
    if any(h.risky for h in curve.handoffs):
        entries.append((pain_colour(), "\u26a0", "open handoff"))
    # Non-breaking spaces inside an entry: a narrow chart wraps between entries only.
    return " &nbsp; ".join(
        f'<span style="color:{c.name()}">{glyph}</span>&nbsp;'
        + html.escape(text).replace(" ", "&nbsp;")
        for c, glyph, text in entries
    )


def two_lines(name: str, room: float, metrics: QFontMetricsF) -> str:
    """``name`` on at most two lines of ``room`` pixels, cut with an ellipsis if longer."""
    if metrics.horizontalAdvance(name) <= room:
        return name
    words = name.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= room:
        first = f"{first} {words.pop(0)}".strip()
    if not first:
        return metrics.elidedText(name, Qt.TextElideMode.ElideRight, room)
    rest = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, room)
    return f"{first}\n{rest}"


def x_ticks(
    names: Sequence[str | None], x0: float, x1: float, px: float, metrics: QFontMetricsF
) -> list[tuple[float, str]]:
    """Touchpoint names when a slot is wide enough to read one, else column numbers."""
    first, last = max(math.ceil(x0), 0), min(math.floor(x1), len(names) - 1)
    if px >= NAME_MIN_PX:
        room = px - 8
        return [
            (float(x), two_lines(names[x] or "", room, metrics)) for x in range(first, last + 1)
        ]
    number_px = metrics.horizontalAdvance(str(len(names))) + 14
    step = next((s for s in TICK_STEPS if s * px >= number_px), TICK_STEPS[-1])
    return [
        (float(x), str(x + 1))
        for x in range(first, last + 1)
        if (x + 1) % step == 0 or (x == 0 and (step - 1) * px >= number_px)
    ]


def place_labels(
    texts: Sequence[str],
    spots: Sequence[tuple[float, float]],
    room: QRectF,
    metrics: QFontMetricsF,
) -> list[tuple[tuple[float, float], bool] | None]:
    """Where each pain label goes, in priority order: under its point (pixel ``spots``),
    else over it, else nowhere (its ring stays); never overlapping another, never past
    the plot's edges. Each is (TextItem anchor, below) or None."""
    taken: list[QRectF] = []
    height = metrics.height() + 8  # TextItem's document margin, top and bottom
    places: list[tuple[tuple[float, float], bool] | None] = []
    for text, (cx, cy) in zip(texts, spots, strict=True):
        w = metrics.horizontalAdvance(text) + 10
        left = min(max(cx - w / 2, 2.0), room.width() - w - 2)  # slid in at the edges
        place = None
        for below in (True, False):
            y = cy + LABEL_GAP if below else cy - LABEL_GAP - height
            rect = QRectF(left, y, w, height)
            if room.contains(rect) and not any(rect.intersects(r) for r in taken):
                taken.append(rect)
                place = (((cx - left) / w, 0.0 if below else 1.0), below)
                break
        places.append(place)
    return places


def set_points(item: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, opts: dict[str, Any]) -> None:
    """Data and style in one call: each separate setter re-processes every point."""
    if np.isnan(y).all():
        item.setData([], [], **opts)  # pyqtgraph warns about an all-NaN scatter
    else:
        item.setData(x, y, connect="finite", **opts)


def drawn(item: pg.PlotDataItem) -> list[tuple[int, int]]:
    """The (slot, score) points a series shows, gaps left out."""
    x, y = item.getData()
    if x is None or y is None:
        return []
    return [(round(float(a)), int(b)) for a, b in zip(x, y, strict=True) if not np.isnan(b)]
