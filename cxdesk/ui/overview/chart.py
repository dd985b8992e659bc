"""The Project Experience Quadrant (value against experience) as a pyqtgraph chart, with
the engagement's path.

Imported on first show of the Overview, not at start-up: pyqtgraph and numpy are slow
to import. Fixed 0-10 axes, no panning or zooming: there is nothing to explore, and a
chart that moves under the mouse would only lose the quadrant lines.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QStackedWidget, QVBoxLayout, QWidget

from cxdesk.models.overview import NOW
from cxdesk.models.quadrant import AXIS_MAX, AXIS_MIN, MIDPOINT, PathPoint, Quadrant
from cxdesk.ui import theme
from cxdesk.ui.overview.labels import Box, place_labels

# Where each quadrant's label sits: its outer corner, away from the middle where paths
# usually run. (quadrant, x, y, anchor)
_CORNERS = (
    (Quadrant.STELLAR_SUCCESS, AXIS_MAX - 0.2, AXIS_MAX - 0.2, (1.0, 0.0)),
    (Quadrant.STYLE_OVER_SUBSTANCE, AXIS_MIN + 0.2, AXIS_MAX - 0.2, (0.0, 0.0)),
    (Quadrant.HIDDEN_HERO, AXIS_MAX - 0.2, AXIS_MIN + 0.2, (1.0, 1.0)),
    (Quadrant.TOTAL_MISFIRE, AXIS_MIN + 0.2, AXIS_MIN + 0.2, (0.0, 1.0)),
)
_TINTS = {
    Quadrant.STELLAR_SUCCESS: QColor("#009E73"),  # Okabe-Ito bluish green
    Quadrant.STYLE_OVER_SUBSTANCE: QColor("#E69F00"),  # orange
    Quadrant.HIDDEN_HERO: QColor("#56B4E9"),  # sky blue
    Quadrant.TOTAL_MISFIRE: QColor("#D55E00"),  # vermillion
}
_CELLS = {
    Quadrant.STELLAR_SUCCESS: (MIDPOINT, MIDPOINT),
    Quadrant.STYLE_OVER_SUBSTANCE: (AXIS_MIN, MIDPOINT),
    Quadrant.HIDDEN_HERO: (MIDPOINT, AXIS_MIN),
    Quadrant.TOTAL_MISFIRE: (AXIS_MIN, AXIS_MIN),
}
SAME_PLACE = 0.2  # points closer than this share one label


@dataclass(frozen=True, slots=True)
class DrawnPoint:
    """One point as drawn: what tests and the legend's wording check against."""

    label: str  # the text beside the point
    x: float
    y: float
    overridden: bool  # either axis is a manual score


def point_caption(number: int | None, point: PathPoint) -> str:
    """The label beside a point, like "2 Design sign-off" or "Now (manual value)"."""
    manual = [
        name
        for name, axis in (("value", point.value), ("experience", point.experience))
        if axis.is_overridden
    ]
    name = _shorten(point.label)
    text = name if number is None else f"{number} {name}"
    if manual:
        text += f" (manual {' & '.join(manual)})"
    return text


def missing_text(point: PathPoint) -> str | None:
    """Why a point is not on the chart, or None when it is."""
    lacking = []
    if point.value.effective is None:
        lacking.append("value")
    if point.experience.effective is None:
        lacking.append("experience")
    if not lacking:
        return None
    return f"{point.label}: no {' or '.join(lacking)} data yet"


class QuadrantChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setAspectLocked(True, ratio=1.0)
        self.plot.setRange(xRange=(AXIS_MIN, AXIS_MAX), yRange=(AXIS_MIN, AXIS_MAX), padding=0.03)
        self.plot.setLabel("bottom", "Value delivered (0-10)")
        self.plot.setLabel("left", "Experience (0-10)")
        ticks = [[(v, f"{v:g}") for v in (0, 2.5, 5, 7.5, 10)]]
        for name in ("left", "bottom"):
            self.plot.getAxis(name).setTicks(ticks)
        self.view = self.plot.getViewBox()
        self.view.sigResized.connect(self._resized)

        self._tints: list[QGraphicsRectItem] = []
        self._quadrant_text: dict[Quadrant, pg.TextItem] = {}
        self._midlines: list[pg.InfiniteLine] = []
        # The path's line, arrows and points are made once and rewritten on every
        # redraw (another engagement, an edit): re-creating them was a third of it.
        self._curve: pg.PlotDataItem | None = None
        self._arrows: list[pg.ArrowItem] = []
        self._scatter: pg.ScatterPlotItem | None = None
        self._label_items: list[pg.TextItem] = []
        # Each point's pen and brush, one pair per look, kept across redraws (_spot_style).
        self._spot_styles: dict[tuple[str, str, str, bool], tuple[QPen, QBrush]] = {}
        self._drawn: list[DrawnPoint] = []
        self._missing: list[str] = []
        self._last: Sequence[PathPoint] = ()
        self._build_static()

        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setMargin(24)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.empty)
        self.legend = QLabel()
        self.legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.legend.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.missing_label)
        self.apply_palette()

    # -- the fixed background: tints, midlines, quadrant names -----------------------

    def _build_static(self) -> None:
        half = MIDPOINT - AXIS_MIN
        for quadrant, (x, y) in _CELLS.items():
            rect = QGraphicsRectItem(QRectF(x, y, half, half))
            rect.setPen(QPen(Qt.PenStyle.NoPen))
            rect.setZValue(-20)
            rect.setData(0, quadrant.value)
            self.plot.addItem(rect)
            self._tints.append(rect)
        for angle in (90, 0):
            line = pg.InfiniteLine(pos=MIDPOINT, angle=angle, movable=False)
            line.setZValue(-10)
            self.plot.addItem(line)
            self._midlines.append(line)
        for quadrant, x, y, anchor in _CORNERS:
            text = pg.TextItem(anchor=anchor)
            text.setPos(x, y)
            text.setZValue(-5)
            self.plot.addItem(text)
            self._quadrant_text[quadrant] = text

    def apply_palette(self) -> None:
        """Colours from the current light or dark palette (and again when it changes)."""
        fg = theme.chart_foreground()
        self.plot.setBackground(theme.chart_background())
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(fg)
            axis.setTextPen(fg)
        dark = theme.is_dark()
        for rect in self._tints:
            tint = QColor(_TINTS[Quadrant(rect.data(0))])
            tint.setAlpha(55 if dark else 38)
            rect.setBrush(QBrush(tint))
        mid = QColor(fg)
        mid.setAlpha(150)
        for line in self._midlines:
            line.setPen(pg.mkPen(mid, width=1.5, style=Qt.PenStyle.DashLine))
        for quadrant, text in self._quadrant_text.items():
            text.setHtml(
                f'<div style="color:{fg.name()}"><b>{_escape(quadrant.label)}</b><br>'
                f'<span style="font-size:small">{_escape(quadrant.advice)}</span></div>'
            )
        self.legend.setText(self._legend_html())
        self._fit_quadrant_text()

    def _resized(self, *_args: object) -> None:
        self._fit_quadrant_text()
        self._label_points()  # label sizes in data units change with the chart's size

    def _fit_quadrant_text(self, *_args: object) -> None:
        """Wrap each quadrant's name and advice inside its own cell, whatever the size."""
        pixel = self.view.viewPixelSize()[0]
        if not pixel or not math.isfinite(pixel):
            return
        width = max(60.0, (MIDPOINT - AXIS_MIN - 0.4) / pixel)
        for quadrant, _x, _y, anchor in _CORNERS:
            text = self._quadrant_text[quadrant]
            text.setTextWidth(width)
            option = text.textItem.document().defaultTextOption()
            option.setAlignment(
                Qt.AlignmentFlag.AlignRight if anchor[0] == 1.0 else Qt.AlignmentFlag.AlignLeft
            )
            text.textItem.document().setDefaultTextOption(option)

    def _colours(self) -> tuple[QColor, QColor, QColor]:
        """Milestone points, "Now", and the outline that keeps both visible on any tint."""
        if theme.is_dark():
            return QColor("#56B4E9"), QColor("#E69F00"), QColor("#f0f0f0")
        return QColor("#0072B2"), QColor("#D55E00"), QColor("#1a1a1a")

    def _legend_html(self) -> str:
        milestone, now, _outline = self._colours()
        return (
            f'<span style="color:{milestone.name()}">●</span> milestone (oldest = 1) '
            f'&nbsp;<span style="color:{now.name()}">◆</span> <b>Now</b> '
            "&nbsp;○ hollow = set by hand"
        )

    # -- the path ----------------------------------------------------------------------

    def set_path(self, path: Sequence[PathPoint], empty_text: str) -> None:
        """Draw the path (milestones oldest first, then Now); unplaced points are listed."""
        self._last = path
        placed = [(i, p) for i, p in enumerate(path) if p.position is not None]
        self._missing = [t for p in path if (t := missing_text(p)) is not None]
        self.missing_label.setText(" · ".join(self._missing))
        # With nothing placed, the empty state already says what is missing.
        self.missing_label.setVisible(bool(self._missing) and bool(placed))
        self.empty.setText(empty_text)
        self.stack.setCurrentWidget(self.plot if placed else self.empty)
        self.legend.setVisible(bool(placed))
        self._drawn = []
        if not placed:
            for item in (self._curve, self._scatter, *self._arrows):
                if item is not None:
                    item.hide()
            self._label_points()  # clears the old labels
            return
        milestone_colour, now_colour, outline = self._colours()
        xs = [p.position[0] for _i, p in placed]  # type: ignore[index]
        ys = [p.position[1] for _i, p in placed]  # type: ignore[index]
        line_colour = QColor(theme.chart_foreground())
        line_colour.setAlpha(170)
        if self._curve is None:
            # Made before any arrow, so the arrows stay drawn over the line.
            self._curve = pg.PlotDataItem()
            self.plot.addItem(self._curve)
        self._curve.setData(xs, ys, pen=pg.mkPen(line_colour, width=2))
        self._curve.show()
        used = 0
        for (x0, y0), (x1, y1) in itertools.pairwise(zip(xs, ys, strict=True)):
            if math.hypot(x1 - x0, y1 - y0) < 0.6:
                continue  # too short for an arrow to read; the numbers give the order
            if used == len(self._arrows):
                arrow = pg.ArrowItem()
                self.plot.addItem(arrow)
                self._arrows.append(arrow)
            arrow = self._arrows[used]
            used += 1
            arrow.setStyle(
                angle=math.degrees(math.atan2(y1 - y0, -(x1 - x0))),
                headLen=13,
                tipAngle=35,
                pen=pg.mkPen(line_colour),
                brush=line_colour,
            )
            arrow.setPos((x0 + x1) / 2, (y0 + y1) / 2)
            arrow.show()
        for spare in self._arrows[used:]:
            spare.hide()

        spots = []
        number = 0
        for index, point in placed:
            is_now = point.milestone_id is None
            if not is_now:
                number += 1
            colour = now_colour if is_now else milestone_colour
            manual = point.value.is_overridden or point.experience.is_overridden
            x, y = point.position  # type: ignore[misc]
            pen, brush = self._spot_style(colour, outline, manual)
            spots.append(
                {
                    "pos": (x, y),
                    "size": 20 if is_now else 13,
                    "symbol": "d" if is_now else "o",
                    "brush": brush,
                    "pen": pen,
                    "data": index,
                }
            )
            caption = point_caption(None if is_now else number, point)
            self._drawn.append(DrawnPoint(caption, x, y, manual))
        if self._scatter is None:
            self._scatter = pg.ScatterPlotItem()
            self._scatter.setZValue(10)
            self.plot.addItem(self._scatter)
        self._scatter.setData(spots=spots)
        self._scatter.show()
        self._label_points()

    def _spot_style(self, colour: QColor, outline: QColor, manual: bool) -> tuple[QPen, QBrush]:
        """A point's pen and brush: hollow when a judgement, not a measurement, placed it.

        The same objects on every redraw: pyqtgraph's symbol atlas knows a symbol by its
        pen's and brush's identity, so new ones (each switch of engagement) drew every
        point's symbol again and added it to an atlas that only grew."""
        background = theme.chart_background()
        key = (colour.name(), outline.name(), background.name(), manual)
        style = self._spot_styles.get(key)
        if style is None:
            if manual:
                style = (pg.mkPen(colour, width=3), pg.mkBrush(background))
            else:
                style = (pg.mkPen(outline, width=1.2), pg.mkBrush(colour))
            self._spot_styles[key] = style
        return style

    def _label_points(self) -> None:
        """One label per place: points at the same spot (often the last milestone and
        Now) share it; each label goes where it covers the least (see labels.py)."""
        if not self._drawn:
            for item in self._label_items:
                item.hide()
            return
        groups: list[list[DrawnPoint]] = []
        for drawn in self._drawn:
            for group in groups:
                if math.hypot(group[0].x - drawn.x, group[0].y - drawn.y) < SAME_PLACE:
                    group.append(drawn)
                    break
            else:
                groups.append([drawn])
        px, py = self._pixel_size()
        plain = QFontMetricsF(self.font())
        bold_font = QFont(self.font())
        bold_font.setBold(True)
        bold = QFontMetricsF(bold_font)
        captions, sizes, points, nows = [], [], [], []
        for group in groups:
            is_now = any(d.label.startswith(NOW) for d in group)
            caption = " = ".join(d.label for d in group)
            metrics = bold if is_now else plain
            # QGraphicsTextItem draws a 4-pixel margin around its text.
            sizes.append(
                ((metrics.horizontalAdvance(caption) + 8) * px, (metrics.height() + 8) * py)
            )
            captions.append(caption)
            points.append((group[0].x, group[0].y))
            nows.append(is_now)
        segments = list(itertools.pairwise((d.x, d.y) for d in self._drawn))
        order = sorted(range(len(groups)), key=lambda i: not nows[i])  # Now chooses first
        boxes = place_labels(
            points,
            sizes,
            segments,
            self._quadrant_boxes(px, py),
            Box(AXIS_MIN - 0.3, AXIS_MIN - 0.3, AXIS_MAX + 0.6, AXIS_MAX + 0.6),
            gap=9 * px,
            marker=16 * px,
            order=order,
        )
        milestone_colour, now_colour, _outline = self._colours()
        # The label items are kept and rewritten (another engagement, a resize): creating
        # twenty of them again on every switch of engagement was most of this redraw.
        for index, (caption, box, is_now) in enumerate(zip(captions, boxes, nows, strict=True)):
            if index == len(self._label_items):
                text = pg.TextItem(anchor=(0, 0))
                text.setZValue(12)
                self.plot.addItem(text)
                self._label_items.append(text)
            text = self._label_items[index]
            colour = now_colour if is_now else milestone_colour
            weight = "bold" if is_now else "normal"
            text.setHtml(
                f'<span style="color:{colour.name()}; font-weight:{weight}">'
                f"{_escape(caption)}</span>"
            )
            text.setPos(box.x, box.top)
            text.show()
        for spare in self._label_items[len(captions) :]:
            spare.hide()

    def _pixel_size(self) -> tuple[float, float]:
        """Data units per screen pixel (a guess before the chart is first laid out)."""
        px, py = self.view.viewPixelSize()
        if not (px and py and math.isfinite(px) and math.isfinite(py)) or px > 0.2:
            return 0.025, 0.025
        return px, py

    def _quadrant_boxes(self, px: float, py: float) -> list[Box]:
        boxes = []
        for quadrant, x, y, anchor in _CORNERS:
            rect = self._quadrant_text[quadrant].textItem.boundingRect()
            w, h = rect.width() * px, rect.height() * py
            left = x - w if anchor[0] == 1.0 else x
            bottom = y - h if anchor[1] == 0.0 else y
            boxes.append(Box(left, bottom, w, h))
        return boxes

    # -- what tests (and screen readers) can ask ---------------------------------------

    def path_points(self) -> list[tuple[str, float, float, bool]]:
        """Each drawn point, in path order: (label, value, experience, overridden)."""
        return [(d.label, d.x, d.y, d.overridden) for d in self._drawn]

    def quadrant_labels(self) -> list[str]:
        """The quadrant names and advice drawn on the chart, as plain text."""
        return [t.textItem.toPlainText() for t in self._quadrant_text.values()]

    def missing_points(self) -> list[str]:
        return list(self._missing)

    def is_empty(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_palette()
            if self._last:
                self.set_path(self._last, self.empty.text())


LABEL_CHARS = 28


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
