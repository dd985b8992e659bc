"""The toolkit's vector charts (reportlab.graphics) for the matrix, RATER and quiz sections.

Brand colours, legible in greyscale (see ``chart_parts``). Charts take plain values and
return a ``Drawing`` sized to the width they are given; choosing what to chart (and how
much of a long engagement) is the sections' job. The emotion curve is in ``curve_chart``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect
from reportlab.lib.colors import Color, white
from reportlab.pdfbase.pdfmetrics import stringWidth

from cxdesk.language import ENGLISH, N_, Translator
from cxdesk.models.records import ItemRecord
from cxdesk.models.servqual import DIMENSIONS, SCORE_MAX, DimensionScore, RaterDimension
from cxdesk.reports import lines as drawn
from cxdesk.reports.chart_parts import (
    NEUTRAL_FILL,
    SIZE,
    Swatch,
    dimension_name,
    fit,
    legend,
    legend_height,
    lines,
    marker,
    on,
    shade,
    signed,
    strong,
    text,
)
from cxdesk.reports.fonts import BODY
from cxdesk.reports.styles import ToolkitStyles, tint


def level_swatches(st: ToolkitStyles, tr: Translator = ENGLISH) -> tuple[Swatch, Swatch, Swatch]:
    """Expected light, delivered dark, experienced hatched: three lightnesses and a pattern."""
    primary, accent = strong(st.primary), st.accent
    return (
        Swatch(tr.gettext("Expected"), tint(primary, 0.72), primary),
        Swatch(tr.gettext("Delivered"), primary, shade(primary, 0.3)),
        Swatch(tr.gettext("Experienced"), accent, shade(accent, 0.35), hatch=on(accent, st.ink)),
    )


# --- the Expectation Matrix -----------------------------------------------------------


def levels_chart(
    items: Sequence[tuple[int, ItemRecord]],
    st: ToolkitStyles,
    width: float,
    tr: Translator = ENGLISH,
    height: float = 190,
) -> Drawing:
    """Expected / delivered / experienced levels (1-5), one group of bars per expectation,
    labelled with its row number in the matrix table (``items`` is (number, item))."""
    swatches = level_swatches(st, tr)
    d = Drawing(width, height)
    left, bottom, top = 26.0, 16.0, 12 + legend_height(swatches, width)
    plot_w, plot_h = width - left - 4, height - bottom - top
    d.add(legend(swatches, left, height - 9, plot_w, st.ink))
    unit = plot_h / 5
    for tick in range(6):
        y = bottom + tick * unit
        d.add(
            Line(
                left,
                y,
                left + plot_w,
                y,
                strokeColor=st.ink if tick == 0 else st.rule,
                strokeWidth=0.8 if tick == 0 else 0.4,
            )
        )
        d.add(text(left - 5, y - 2.5, str(tick), st.muted_ink, anchor="end"))
    d.add(text(0, bottom + plot_h + 7, tr.gettext("Level"), st.muted_ink))
    group_w = plot_w / max(len(items), 1)
    bar_w = min(group_w * 0.78 / 3, 16)
    for i, (number, item) in enumerate(items):
        cx = left + (i + 0.5) * group_w
        for k, (swatch, level) in enumerate(zip(swatches, _levels(item), strict=True)):
            x = cx + (k - 1.5) * bar_w
            if level is None:  # unscored: a dash on the axis, never a zero-height bar
                d.add(text(x + bar_w / 2, bottom + 2, "–", st.muted_ink, anchor="middle"))
            else:
                d.add(swatch.bar(x, bottom, bar_w, level * unit))
        d.add(text(cx, bottom - 10, f"#{number}", st.ink, anchor="middle"))
    return d


def _levels(item: ItemRecord) -> tuple[int | None, int | None, int | None]:
    return item.expected_level, item.delivered_level, item.experienced_level


def gap_fill(gap: int | None, st: ToolkitStyles) -> Color:
    """Trailing in the accent, ahead in the primary, darker the bigger the gap."""
    if gap is None:
        return white
    if gap == 0:
        return NEUTRAL_FILL
    base = st.accent if gap < 0 else strong(st.primary)
    return tint(base, max(0.72 - 0.2 * (abs(gap) - 1), 0.0))


def gap_label(gap: int | None, wide: bool, tr: Translator = ENGLISH) -> str:
    """Sign, arrow and number: readable without colour (the matrix tab's convention)."""
    if gap is None:
        return "–"
    if gap == 0:
        return "0"
    arrow = ("▼ " if gap < 0 else "▲ ") if wide else ""
    return arrow + signed(gap, 0, tr)


HEATMAP_ROW = 15.0  # points: a heatmap row's height where the page has room


def gap_heatmap(
    rows: Sequence[tuple[str, Sequence[int | None]]],
    columns: Sequence[str],
    st: ToolkitStyles,
    width: float,
    tr: Translator = ENGLISH,
    *,
    row_height: float = HEATMAP_ROW,
) -> Drawing:
    """Before/after: perceived gap (experienced − expected) per expectation and milestone,
    the number printed in every cell. ``rows`` are (label, one gap per column); a row is
    ``row_height`` points (lower to keep a heatmap on its page: reports/heatmap_flow.py)."""
    label_w = min(width * 0.36, 190)
    col_w = min((width - label_w) / max(len(columns), 1), 72)
    cell_h = row_height
    baseline = (cell_h - 6) / 2  # the type's middle at the cell's (4.5 in a 15-point row)
    upright = all(drawn.width(fit(c, 200), BODY, SIZE) <= col_w - 4 for c in columns) or col_w > 44
    head_h = (
        2 * 9 + 6
        if upright
        else min(max(drawn.width(fit(c, 90), BODY, SIZE) for c in columns) + 8, 96)
    )
    key_h = 22.0
    height = head_h + cell_h * len(rows) + key_h
    d = Drawing(width, height)
    top = height - head_h
    for c, name in enumerate(columns):
        cx = label_w + (c + 0.5) * col_w
        if upright:
            for n, line in enumerate(lines(name, col_w - 4, 2)):
                d.add(
                    text(
                        cx,
                        top + 4 + 9 * (len(lines(name, col_w - 4, 2)) - 1 - n),
                        line,
                        st.ink,
                        bold=True,
                        anchor="middle",
                    )
                )
        else:  # many milestones: names read upwards, as on a spreadsheet
            label = Group(text(0, 0, fit(name, head_h - 8), st.ink, bold=True))
            label.transform = (0, 1, -1, 0, cx + 2.5, top + 4)
            d.add(label)
    wide = col_w >= 34
    for r, (name, gaps) in enumerate(rows):
        y = top - (r + 1) * cell_h
        d.add(text(0, y + baseline, fit(name, label_w - 6), st.ink))
        for c, gap in enumerate(gaps):
            x = label_w + c * col_w
            fill = gap_fill(gap, st)
            d.add(
                Rect(
                    x + 0.5,
                    y + 0.5,
                    col_w - 1,
                    cell_h - 1,
                    fillColor=fill,
                    strokeColor=st.rule if gap is None else fill,
                    strokeWidth=0.4,
                )
            )
            ink = st.muted_ink if gap is None else on(fill, st.ink)
            d.add(
                text(
                    x + col_w / 2,
                    y + baseline,
                    gap_label(gap, wide, tr),
                    ink,
                    anchor="middle",
                    bold=gap is not None and gap < 0,
                )
            )
    x = label_w
    keys = ((-2, N_("trailing")), (0, N_("met")), (2, N_("ahead")), (None, N_("not measured")))
    for gap, word in keys:
        label = tr.gettext(word)
        fill = gap_fill(gap, st)
        d.add(Rect(x, 4, 22, 11, fillColor=fill, strokeColor=st.rule, strokeWidth=0.4))
        d.add(text(x + 11, 7, gap_label(gap, False, tr), on(fill, st.ink), anchor="middle"))
        d.add(text(x + 26, 7, label, st.muted_ink))
        x += 34 + stringWidth(label, BODY, SIZE)
    return d


# --- RATER scorecard -------------------------------------------------------------------


def rater_gap_bars(
    series: Sequence[tuple[Swatch, Mapping[RaterDimension, float | None]]],
    flagged: Collection[RaterDimension],
    st: ToolkitStyles,
    width: float,
    tr: Translator = ENGLISH,
) -> Drawing:
    """Gap (P − E) per dimension, one bar per series (our team, the client), from zero:
    left of the axis the experience trails the expectation."""
    bar_h, row_gap = 9.0, 9.0
    row_h = max(bar_h * len(series) + row_gap, 28)  # room for the "weakest" flag
    names = {d: tr.gettext(d.label) for d in DIMENSIONS}
    # As wide as the longest name ("Zuverlässigkeit (Reliability)"), within a third; past
    # that, the names without their bracketed English ("Einfühlungsvermögen").
    widest = max(stringWidth(n, "DejaVuSans-Bold", 8.5) for n in names.values()) + 8
    if widest > width / 3:
        names = {d: dimension_name(d, tr) for d in DIMENSIONS}
        widest = max(stringWidth(n, "DejaVuSans-Bold", 8.5) for n in names.values()) + 8
    label_w = min(max(92.0, widest), width / 3)
    top = 14 + legend_height([s for s, _ in series], width)
    height = top + row_h * len(DIMENSIONS) + 16
    d = Drawing(width, height)
    d.add(legend([s for s, _ in series], label_w, height - 9, width - label_w, st.ink))
    values = [abs(v) for _, gaps in series for v in gaps.values() if v is not None]
    reach = max(2, math.ceil(max(values, default=0)))
    plot_x, plot_w = label_w, width - label_w - 30
    zero = plot_x + plot_w / 2
    unit = plot_w / 2 / reach
    plot_bottom, plot_top = 16.0, height - top
    for tick in range(-reach, reach + 1):
        x = zero + tick * unit
        d.add(
            Line(
                x,
                plot_bottom,
                x,
                plot_top,
                strokeColor=st.ink if tick == 0 else st.rule,
                strokeWidth=0.8 if tick == 0 else 0.4,
            )
        )
        d.add(text(x, plot_bottom - 10, signed(tick, 0, tr), st.muted_ink, anchor="middle"))
    for r, dimension in enumerate(DIMENSIONS):
        y0 = plot_top - (r + 1) * row_h + row_gap / 2
        weakest = dimension in flagged  # every dimension of a tie
        name = fit(names[dimension], label_w - 4, 8.5, bold=weakest)
        d.add(text(0, y0 + row_h / 2 - 6, name, st.ink, bold=weakest, size=8.5))
        if weakest:
            d.add(
                text(
                    0,
                    y0 + row_h / 2 - 15,
                    tr.gettext("▼ weakest"),
                    strong(st.accent, 0.5),
                    bold=True,
                )
            )
        for k, (swatch, gaps) in enumerate(series):
            y = y0 + (len(series) - 1 - k) * bar_h
            gap = gaps.get(dimension)
            if gap is None:
                d.add(text(zero + 3, y + 2, tr.gettext("not scored"), st.muted_ink))
                continue
            x0, x1 = sorted((zero, zero + gap * unit))
            d.add(swatch.bar(x0, y + 1, max(x1 - x0, 0.8), bar_h - 2))
            end = x1 + 3 if gap >= 0 else x0 - 3
            d.add(
                text(end, y + 2, signed(gap, 1, tr), st.ink, anchor="start" if gap >= 0 else "end")
            )
    return d


def rater_radar(
    series: Sequence[tuple[Swatch, Mapping[RaterDimension, float | None]]],
    st: ToolkitStyles,
    width: float,
    height: float,
    tr: Translator = ENGLISH,
) -> Drawing:
    """A spider of mean scores (1-7) per dimension, one polygon per series."""
    swatches = [s for s, _ in series]
    key_h = legend_height(swatches, width)
    side = max(stringWidth(dimension_name(dim, tr), BODY, 8) for dim in DIMENSIONS) + 10
    radius = max(min(width / 2 - side, (height - key_h - 44) / 2), 20)
    height = key_h + 44 + 2 * radius  # no more than the polygon and its labels need
    d = Drawing(width, height)
    cx, cy = width / 2, height - key_h - 24 - radius
    d.add(legend(swatches, 0, height - 9, width, st.ink))

    def point(index: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * index / len(DIMENSIONS)
        reach = radius * value / SCORE_MAX
        return cx + reach * math.cos(angle), cy + reach * math.sin(angle)

    for ring in range(1, SCORE_MAX + 1):
        ring_points = [v for i in range(len(DIMENSIONS)) for v in point(i, ring)]
        d.add(
            Polygon(
                ring_points,
                fillColor=None,
                strokeColor=st.rule,
                strokeWidth=0.8 if ring == SCORE_MAX else 0.35,
            )
        )
    for i, dimension in enumerate(DIMENSIONS):
        x, y = point(i, SCORE_MAX)
        d.add(Line(cx, cy, x, y, strokeColor=st.rule, strokeWidth=0.4))
        lx, ly = point(i, SCORE_MAX + 1.1)
        anchor = "middle" if abs(lx - cx) < 8 else ("start" if lx > cx else "end")
        d.add(text(lx, ly - 3, dimension_name(dimension, tr), st.ink, anchor=anchor, size=8))
    for ring in (1, 4, 7):  # the scale, between the first two spokes, clear of markers
        angle = math.pi / 2 - math.pi / len(DIMENSIONS)
        reach = radius * ring / SCORE_MAX
        x, y = cx + reach * math.cos(angle), cy + reach * math.sin(angle)
        d.add(text(x + 2, y - 2, str(ring), st.muted_ink, size=6.5))
    for swatch, values in series:
        scored = [(i, v) for i, d_ in enumerate(DIMENSIONS) if (v := values.get(d_)) is not None]
        coords = [c for i, v in scored for c in point(i, v)]
        if len(scored) >= 3:
            d.add(
                Polygon(
                    coords,
                    fillColor=None,
                    strokeColor=swatch.stroke,
                    strokeWidth=1.5,
                    strokeDashArray=list(swatch.dash) if swatch.dash else None,
                )
            )
        for i, v in scored:
            d.add(
                marker(
                    swatch.marker or "circle",
                    *point(i, v),
                    2.6,
                    swatch.fill or white,
                    swatch.stroke,
                )
            )
    return d


def radar_series(
    means: Mapping[RaterDimension, DimensionScore], st: ToolkitStyles, tr: Translator = ENGLISH
) -> list[tuple[Swatch, Mapping[RaterDimension, float | None]]]:
    """Expectation dashed with open squares, perception solid with filled circles."""
    primary = strong(st.primary)
    return [
        (
            Swatch(
                tr.gettext("Expectation (E)"), white, st.muted_ink, dash=(3, 2), marker="square"
            ),
            {d: m.expectation for d, m in means.items()},
        ),
        (
            Swatch(tr.gettext("Perception (P)"), primary, primary, marker="circle"),
            {d: m.perception for d, m in means.items()},
        ),
    ]


# --- the quiz ----------------------------------------------------------------------------


def quiz_distribution(
    statements: Sequence[str],
    distributions: Sequence[Mapping[int, int]],
    means: Sequence[float | None],
    weakest: Collection[int],
    scale: tuple[int, int],
    st: ToolkitStyles,
    width: float,
    tr: Translator = ENGLISH,
) -> Drawing:
    """How many chose each score, per statement, as 100% bars shaded light (low) to dark
    (high), the count printed in each segment and the statement's mean at the end."""
    low, high = scale
    primary = strong(st.primary)
    steps = max(high - low, 1)
    shades = {s: tint(primary, 0.86 * (1 - (s - low) / steps)) for s in range(low, high + 1)}
    keys = [Swatch(f"{s}", shades[s], shade(primary, 0.2)) for s in range(low, high + 1)]
    label_w, mean_w = min(width * 0.42, 210), 44.0
    bar_x, bar_w = label_w + 10, width - label_w - 10 - mean_w
    size, leading = 8.5, 10.5
    wrapped = [
        lines(f"{n}. {s}", label_w, 3, size, bold=n - 1 in weakest)
        for n, s in enumerate(statements, 1)
    ]
    row_hs = [max(leading * len(w) + 12, 26) for w in wrapped]
    key_h = 22.0
    height = key_h + sum(row_hs)
    d = Drawing(width, height)
    d.add(text(bar_x, height - 9, tr.gettext("Scores:"), st.muted_ink))
    scores_w = stringWidth(tr.gettext("Scores:"), BODY, SIZE) + 6
    d.add(legend(keys, bar_x + max(32, scores_w), height - 9, bar_w - 32, st.ink))
    d.add(text(width, height - 9, tr.gettext("Mean"), st.muted_ink, anchor="end"))
    y = height - key_h
    for i, (label, counts, row_h) in enumerate(zip(wrapped, distributions, row_hs, strict=True)):
        y -= row_h
        flagged = i in weakest  # every statement of a tie
        d.add(Line(0, y, width, y, strokeColor=st.rule, strokeWidth=0.4))
        first = y + row_h / 2 + (len(label) - 1) * leading / 2 - 3
        for n, line in enumerate(label):
            d.add(text(0, first - leading * n, line, st.ink, bold=flagged, size=size))
        people = sum(counts.values())
        bar_y, bar_h = y + (row_h - 14) / 2, 14.0
        if not people:
            d.add(text(bar_x, bar_y + 4, tr.gettext("no answers yet"), st.muted_ink))
            continue
        x = bar_x
        for score in range(low, high + 1):
            w = bar_w * counts.get(score, 0) / people
            if w <= 0:
                continue
            d.add(
                Rect(
                    x, bar_y, w, bar_h, fillColor=shades[score], strokeColor=white, strokeWidth=0.8
                )
            )
            if w >= 11:
                d.add(
                    text(
                        x + w / 2,
                        bar_y + 4,
                        str(counts[score]),
                        on(shades[score], st.ink),
                        anchor="middle",
                    )
                )
            x += w
        mean = means[i] if i < len(means) else None
        if mean is not None:
            d.add(text(width, bar_y + 4, tr.decimal(mean), st.ink, bold=True, anchor="end", size=9))
        if flagged:
            d.add(text(width - 24, bar_y + 4, "▼", strong(st.accent, 0.5), anchor="end", size=9))
    return d
