"""The Project Experience Quadrant as a vector drawing: the four cells, the midlines, and
the engagement's path from milestone to milestone, ending at now.

Cells differ in lightness as well as hue (and Total Misfire is hatched), so a greyscale
copy still reads; points sharing a spot share one marker and one label.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib.colors import Color, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from cxdesk.language import ENGLISH, Translator
from cxdesk.models.overview import NOW
from cxdesk.models.quadrant import AXIS_MAX, AXIS_MIN, MIDPOINT, PathPoint, Quadrant
from cxdesk.reports.chart_parts import fit
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.styles import ToolkitStyles, tint

SAME_PLACE = 0.2  # points closer than this share one marker and one label
Scale = Callable[[float], float]


def _cell_fills(s: ToolkitStyles) -> dict[Quadrant, Color]:
    # Distinct lightness as well as hue, so a greyscale copy keeps the four cells apart.
    return {
        Quadrant.STELLAR_SUCCESS: tint(s.primary, 0.72),
        Quadrant.STYLE_OVER_SUBSTANCE: tint(s.accent, 0.80),
        Quadrant.HIDDEN_HERO: tint(s.primary, 0.90),
        Quadrant.TOTAL_MISFIRE: tint(s.accent, 0.93),
    }


def quadrant_chart(
    path: Sequence[PathPoint], s: ToolkitStyles, size: float, tr: Translator = ENGLISH
) -> Drawing:
    left, bottom, pad = 30.0, 30.0, 4.0
    plot = size - left - pad
    drawing = Drawing(size, size)

    def px(value: float) -> float:
        return left + (value - AXIS_MIN) / (AXIS_MAX - AXIS_MIN) * plot

    def py(value: float) -> float:
        return bottom + (value - AXIS_MIN) / (AXIS_MAX - AXIS_MIN) * (size - bottom - pad)

    height = size - bottom - pad
    half_w, half_h = plot / 2, height / 2
    fills = _cell_fills(s)
    cells = {
        Quadrant.STYLE_OVER_SUBSTANCE: (left, bottom + half_h),
        Quadrant.STELLAR_SUCCESS: (left + half_w, bottom + half_h),
        Quadrant.TOTAL_MISFIRE: (left, bottom),
        Quadrant.HIDDEN_HERO: (left + half_w, bottom),
    }
    for quadrant, (x, y) in cells.items():
        drawing.add(Rect(x, y, half_w, half_h, fillColor=fills[quadrant], strokeColor=None))
    drawing.add(_hatch(left, bottom, half_w, half_h, tint(s.accent, 0.7)))
    drawing.add(Rect(left, bottom, plot, height, fillColor=None, strokeColor=s.rule))
    for x1, y1, x2, y2 in (
        (px(MIDPOINT), bottom, px(MIDPOINT), bottom + height),
        (left, py(MIDPOINT), left + plot, py(MIDPOINT)),
    ):
        drawing.add(Line(x1, y1, x2, y2, strokeColor=s.muted_ink, strokeWidth=0.8))
    _cell_labels(drawing, cells, half_w, half_h, s, tr)
    _axes(drawing, s, left, bottom, plot, height, px, py, tr)
    _path(drawing, path, s, px, py, left + plot, tr)
    return drawing


def _hatch(x: float, y: float, w: float, h: float, colour: Color) -> Group:
    """Sparse diagonal lines: Total Misfire reads as a warning even in greyscale."""
    group = Group()
    step = 9.0
    offset = -h
    while offset < w:
        x1, y1 = x + max(offset, 0), y + max(-offset, 0)
        x2 = x + min(offset + h, w)
        y2 = y + (x2 - x - offset)
        group.add(Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=0.5))
        offset += step
    return group


def _cell_labels(
    drawing: Drawing,
    cells: dict[Quadrant, tuple[float, float]],
    w: float,
    h: float,
    s: ToolkitStyles,
    tr: Translator,
) -> None:
    # Each name in its cell's outer corner, away from the middle where paths usually run.
    for quadrant, (x, y) in cells.items():
        right = quadrant in (Quadrant.STELLAR_SUCCESS, Quadrant.HIDDEN_HERO)
        top = quadrant in (Quadrant.STELLAR_SUCCESS, Quadrant.STYLE_OVER_SUBSTANCE)
        anchor = "end" if right else "start"
        tx = x + w - 6 if right else x + 6
        ty = y + h - 14 if top else y + 18
        drawing.add(
            String(
                tx,
                ty,
                _cell_name(tr.gettext(quadrant.label), w - 12),
                fontName=BOLD,
                fontSize=9,
                fillColor=s.ink,
                textAnchor=anchor,
            )
        )
        drawing.add(
            String(
                tx,
                ty - 10,
                fit(tr.gettext(quadrant.advice), w - 12, 7),
                fontName=BODY,
                fontSize=7,
                fillColor=s.ink,
                textAnchor=anchor,
            )
        )


def _cell_name(name: str, room: float) -> str:
    """The quadrant's name, without its bracketed English when the cell is too narrow for
    both ("Schein vor Sein (Style > Substance)" prints "Schein vor Sein")."""
    if stringWidth(name, BOLD, 9) > room and " (" in name:
        name = name.split(" (")[0]
    return fit(name, room, 9, bold=True)


def _axes(
    drawing: Drawing,
    s: ToolkitStyles,
    left: float,
    bottom: float,
    plot: float,
    height: float,
    px: Scale,
    py: Scale,
    tr: Translator,
) -> None:
    for value in (0, 2.5, 5, 7.5, 10):
        label = tr.decimal(value, 0 if value == int(value) else 1)
        x = px(value)
        y = py(value)
        drawing.add(
            String(
                x,
                bottom - 10,
                label,
                fontName=BODY,
                fontSize=7,
                fillColor=s.muted_ink,
                textAnchor="middle",
            )
        )
        drawing.add(
            String(
                left - 4,
                y - 2.5,
                label,
                fontName=BODY,
                fontSize=7,
                fillColor=s.muted_ink,
                textAnchor="end",
            )
        )
    drawing.add(
        String(
            left + plot / 2,
            bottom - 24,
            tr.gettext("Value delivered (0–10) →"),
            fontName=BOLD,
            fontSize=8,
            fillColor=s.ink,
            textAnchor="middle",
        )
    )
    title = String(
        0,
        0,
        tr.gettext("Experience (0–10) →"),
        fontName=BOLD,
        fontSize=8,
        fillColor=s.ink,
        textAnchor="middle",
    )
    turned = Group(title)
    turned.rotate(90)
    turned.translate(bottom + height / 2, -8)
    drawing.add(turned)


def _groups(
    path: Sequence[PathPoint],
) -> list[tuple[tuple[float, float], list[tuple[int, PathPoint]]]]:
    """Placed points in path order, those at (nearly) the same spot grouped together."""
    groups: list[tuple[tuple[float, float], list[tuple[int, PathPoint]]]] = []
    for number, point in enumerate(path, start=1):
        where = point.position
        if where is None:
            continue
        for spot, members in groups:
            if math.dist(spot, where) < SAME_PLACE:
                members.append((number, point))
                break
        else:
            groups.append((where, [(number, point)]))
    return groups


def point_name(number: int, point: PathPoint, tr: Translator = ENGLISH) -> str:
    if point.label == NOW and point.milestone_id is None:
        return tr.gettext("Now")
    return str(number)


def _path(
    drawing: Drawing,
    path: Sequence[PathPoint],
    s: ToolkitStyles,
    px: Scale,
    py: Scale,
    right_edge: float,
    tr: Translator,
) -> None:
    placed = [p.position for p in path if p.position is not None]
    line = s.primary_text
    coords = [(px(x), py(y)) for x, y in placed]
    for (x1, y1), (x2, y2) in itertools.pairwise(coords):
        if math.dist((x1, y1), (x2, y2)) < 1:
            continue
        drawing.add(Line(x1, y1, x2, y2, strokeColor=line, strokeWidth=1.6))
        drawing.add(_arrow_head(x1, y1, x2, y2, line, back=7.5))
    for (x, y), members in _groups(path):
        cx, cy = px(x), py(y)
        is_now = any(p.label == NOW and p.milestone_id is None for _n, p in members)
        if is_now:
            drawing.add(Circle(cx, cy, 7.5, fillColor=s.accent, strokeColor=s.ink, strokeWidth=1.2))
            drawing.add(Circle(cx, cy, 2.2, fillColor=white, strokeColor=None))
        else:
            drawing.add(Circle(cx, cy, 5, fillColor=white, strokeColor=line, strokeWidth=1.6))
        manual = any(p.value.is_overridden or p.experience.is_overridden for _n, p in members)
        label = " · ".join(point_name(n, p, tr) for n, p in members) + ("*" if manual else "")
        on_left = cx > right_edge - 60
        drawing.add(
            String(
                cx - 11 if on_left else cx + 11,
                cy - 3,
                label,
                fontName=BOLD,
                fontSize=8,
                fillColor=s.ink,
                textAnchor="end" if on_left else "start",
            )
        )


def _arrow_head(x1: float, y1: float, x2: float, y2: float, colour: Color, back: float) -> Polygon:
    angle = math.atan2(y2 - y1, x2 - x1)
    tip = (x2 - back * math.cos(angle), y2 - back * math.sin(angle))
    size = 6.0
    a = (tip[0] - size * math.cos(angle - 0.45), tip[1] - size * math.sin(angle - 0.45))
    b = (tip[0] - size * math.cos(angle + 0.45), tip[1] - size * math.sin(angle + 0.45))
    return Polygon([*tip, *a, *b], fillColor=colour, strokeColor=colour, strokeWidth=0.5)
