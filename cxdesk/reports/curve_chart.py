"""The emotion curve of the client emotion map, as a vector chart (reportlab.graphics).

Touchpoints along x (the map's columns, ``map_slots``), −3..+3 up, the phases as shaded
bands, the handoffs as dashed lines with their open checklist items, one line per person
(the client overall leads, thick and solid; stakeholders differ by dash and marker), and
the lowest points ringed: the pain points to fix before they fester.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, PolyLine, Rect
from reportlab.lib.colors import white
from reportlab.pdfbase.pdfmetrics import stringWidth

from cxdesk.language import ENGLISH, Translator
from cxdesk.models.emotion_curve import EmotionCurve
from cxdesk.models.journey_map import EMOTION_MAX, EMOTION_MIN, EMOTION_WORDS
from cxdesk.reports import lines as drawn
from cxdesk.reports.chart_parts import (
    Swatch,
    fit,
    legend,
    legend_height,
    marker,
    signed,
    strong,
    text,
)
from cxdesk.reports.fonts import BODY, BOLD
from cxdesk.reports.styles import ToolkitStyles

LINE_STYLES = (  # (dash, marker) for the stakeholders' lines after the client's own
    ((4, 2), "square"),
    ((1.2, 1.8), "triangle"),
    ((6, 2, 1.5, 2), "diamond"),
    ((2.5, 2.5), "circle"),
)


def curve_swatches(curve: EmotionCurve, st: ToolkitStyles) -> list[Swatch]:
    """The client overall: thick, solid, primary. Stakeholders: their own dash and marker,
    alternating accent and ink so neighbours differ in lightness too."""
    primary = strong(st.primary)
    swatches = []
    for n, series in enumerate(curve.series):
        if n == 0:
            swatches.append(Swatch(series.name, primary, primary, marker="circle"))
            continue
        dash, shape = LINE_STYLES[(n - 1) % len(LINE_STYLES)]
        colour = strong(st.accent, 0.55) if n % 2 else st.muted_ink
        swatches.append(Swatch(series.name, white, colour, dash=dash, marker=shape))
    return swatches


def emotion_chart(
    curve: EmotionCurve, st: ToolkitStyles, width: float, tr: Translator = ENGLISH
) -> Drawing:
    """The emotion curve: touchpoints along x, −3..+3 up, phase bands shaded, handoffs
    marked with their open checklist items, the lowest points ringed (fix them first)."""
    swatches = curve_swatches(curve, st)
    pain = Swatch(tr.gettext("Lowest points: fix before they fester"), None, strong(st.accent, 0.5))
    nothing = tr.gettext("(no touchpoints yet)")
    names = [s.touchpoint.name if s.touchpoint else nothing for s in curve.slots]
    n = max(len(names), 1)
    left, right = 62.0, 6.0
    step = (width - left - right) / n
    numbered = step < 9  # too many to name: numbers that match the table
    label_len = (
        0.0 if numbered else min(max(drawn.width(fit(x, 90), BODY, 6.5) for x in names) + 6, 96)
    )
    bottom = 10 + label_len * 0.64 if not numbered else 16
    key_h = legend_height([*swatches, pain], width - left)
    plot_h, band_h = 170.0, 14.0
    height = bottom + plot_h + band_h + key_h + 10
    d = Drawing(width, height)
    d.add(legend(swatches, left, height - 9, width - left, st.ink))
    key_y = height - 9 - key_h + 12
    d.add(
        Circle(left + 7, key_y - 8.5, 4.5, fillColor=None, strokeColor=pain.stroke, strokeWidth=1.2)
    )
    d.add(text(left + 18, key_y - 11, pain.label, st.ink))
    y0 = bottom
    unit = plot_h / (EMOTION_MAX - EMOTION_MIN)

    def to_y(score: float) -> float:
        return y0 + (score - EMOTION_MIN) * unit

    def to_x(slot: float) -> float:
        return left + (slot + 0.5) * step

    for k, band in enumerate(curve.bands):
        x0, x1 = to_x(band.start), to_x(band.end)
        d.add(
            Rect(
                x0,
                y0,
                x1 - x0,
                plot_h + band_h,
                strokeColor=None,
                fillColor=st.light_fill if k % 2 == 0 else white,
            )
        )
        d.add(
            text(
                (x0 + x1) / 2,
                y0 + plot_h + 4,
                fit(band.name, x1 - x0 - 4),
                st.ink,
                bold=True,
                anchor="middle",
            )
        )
    for score in range(EMOTION_MIN, EMOTION_MAX + 1):
        y = to_y(score)
        d.add(
            Line(
                left,
                y,
                width - right,
                y,
                strokeColor=st.ink if score == 0 else st.rule,
                strokeWidth=0.7 if score == 0 else 0.35,
            )
        )
        feeling = tr.gettext(EMOTION_WORDS[score])
        words = f"{signed(score, 0, tr)} {feeling}" if score else f"0 {feeling}"
        d.add(text(left - 4, y - 2.5, words, st.muted_ink, anchor="end", size=6.5))
    for mark in curve.handoffs:
        x = to_x(mark.x)
        colour = strong(st.accent, 0.5) if mark.risky else st.muted_ink
        d.add(
            Line(x, y0, x, y0 + plot_h, strokeColor=colour, strokeWidth=1.1, strokeDashArray=[3, 2])
        )
        badge = (
            tr.counted("{count} open", "{count} open", mark.open_items)
            if mark.risky
            else tr.gettext("handoff ✓")
        )
        w = stringWidth(badge, BOLD, 6.5) + 6
        d.add(
            Rect(
                x - w / 2,
                y0 + plot_h - 12,
                w,
                10,
                fillColor=white,
                strokeColor=colour,
                strokeWidth=0.7,
                rx=2,
                ry=2,
            )
        )
        d.add(text(x, y0 + plot_h - 9.5, badge, colour, bold=True, anchor="middle", size=6.5))
    for series, swatch in zip(curve.series, swatches, strict=True):
        runs: list[list[float]] = []
        previous = None
        for p in series.points:  # an unscored touchpoint breaks the line: it is not a 0
            if previous is None or p.x != previous + 1:
                runs.append([])
            runs[-1] += [to_x(p.x), to_y(p.score)]
            previous = p.x
        for run in runs:
            if len(run) >= 4:
                d.add(
                    PolyLine(
                        run,
                        strokeColor=swatch.stroke,
                        strokeWidth=2.2 if series.key is None else 1.3,
                        strokeDashArray=list(swatch.dash) if swatch.dash else None,
                    )
                )
        for p in series.points:
            d.add(
                marker(
                    swatch.marker or "circle",
                    to_x(p.x),
                    to_y(p.score),
                    2.8 if series.key is None else 2.3,
                    swatch.fill or white,
                    swatch.stroke,
                )
            )
    for pain_point in curve.pain_points:
        d.add(
            Circle(
                to_x(pain_point.x),
                to_y(pain_point.score),
                6,
                fillColor=None,
                strokeColor=pain.stroke,
                strokeWidth=1.2,
            )
        )
    for x, name in enumerate(names):
        if numbered:
            if x % max(1, round(12 / step)) == 0:
                d.add(text(to_x(x), y0 - 10, str(x + 1), st.ink, anchor="middle", size=6.5))
            continue
        label = Group(text(0, 0, fit(f"{x + 1}. {name}", 90, 6.5), st.ink, anchor="end", size=6.5))
        cos, sin = math.cos(math.radians(40)), math.sin(math.radians(40))
        label.transform = (cos, sin, -sin, cos, to_x(x) + 2, y0 - 6)
        d.add(label)
    return d
