"""The RATER radar (spider) chart: mean expectation against mean perception per dimension.

pyqtgraph has no polar plot, so the web is drawn on an equal-aspect plot with hidden axes.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import (
    QGraphicsPathItem,
)

from cxdesk.models.servqual import (
    DIMENSIONS,
    SCORE_MAX,
    ScorecardSummary,
)
from cxdesk.ui import theme
from cxdesk.ui.rater.chart_base import (
    LABEL_RADIUS,
    ROWS,
    Panel,
    muted,
    nan_array,
    plain,
    set_curve,
    text_item,
    tone,
)


class Radar(Panel):
    """Mean expectation vs mean perception per dimension, on spokes from 0 out to 7."""

    def __init__(self) -> None:
        super().__init__(
            "No scores yet. Score expectation and perception (1-7) for at least one "
            "respondent to compare them on the radar."
        )
        plot = self.plot
        plot.setAspectLocked(True)
        plot.hideAxis("left")
        plot.hideAxis("bottom")
        # Spokes start at the top and go clockwise, in RATER order.
        self.angles = np.pi / 2 - 2 * np.pi * ROWS / len(DIMENSIONS)
        turn = np.linspace(0, 2 * np.pi, 73)
        ring_x = np.concatenate([np.append(r * np.cos(turn), np.nan) for r in range(1, 8)])
        ring_y = np.concatenate([np.append(r * np.sin(turn), np.nan) for r in range(1, 8)])
        self.rings = pg.PlotDataItem(ring_x, ring_y, connect="finite")
        spoke_x = np.ravel([(0, SCORE_MAX * math.cos(a)) for a in self.angles])
        spoke_y = np.ravel([(0, SCORE_MAX * math.sin(a)) for a in self.angles])
        self.spokes = pg.PlotDataItem(spoke_x, spoke_y, connect="pairs")
        self.fill = QGraphicsPathItem()
        self.expectation = pg.PlotDataItem(connect="finite", symbol="o", symbolSize=6)
        self.perception = pg.PlotDataItem(connect="finite", symbol="s", symbolSize=6)
        for item in (self.rings, self.spokes, self.fill, self.expectation, self.perception):
            plot.addItem(item)
        self.ring_labels = []
        between = math.pi / 2 - math.pi / len(DIMENSIONS)  # off the spokes, clear of points
        for r in (1, 4, 7):
            label = self.add_text(text_item(anchor=(0.5, 0.5)))
            label.setText(str(r))
            label.setPos(r * math.cos(between), r * math.sin(between))
            self.ring_labels.append(label)
        self.spoke_labels = []
        for angle in self.angles:
            label = self.add_text(
                text_item(anchor=(0.5 - 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle)))
            )
            label.setPos(LABEL_RADIUS * math.cos(angle), LABEL_RADIUS * math.sin(angle))
            self.spoke_labels.append(label)
        plot.getViewBox().sigResized.connect(self._make_room)
        self.restyle()

    def _make_room(self) -> None:
        """Scale the web so the spoke labels (fixed pixel size) fit at any widget size."""
        box = self.plot.getViewBox()
        width, height = max(box.width(), 1.0), max(box.height(), 1.0)
        label_w = max(label.textItem.boundingRect().width() for label in self.spoke_labels)
        label_h = max(label.textItem.boundingRect().height() for label in self.spoke_labels)
        top, bottom = LABEL_RADIUS, -LABEL_RADIUS * math.sin(math.radians(54))
        side = LABEL_RADIUS * math.cos(math.radians(18))
        per_px = max(
            (top - bottom) / max(height - 2 * label_h, 20.0),
            2 * side / max(width - 2 * label_w - 8, 20.0),
        )
        middle = (top + bottom) / 2
        half_h, half_w = height * per_px / 2, width * per_px / 2
        box.setRange(xRange=(-half_w, half_w), yRange=(middle - half_h, middle + half_h), padding=0)

    def set_summary(self, summary: ScorecardSummary | None) -> None:
        means = summary.means if summary is not None else {}
        expectation = nan_array([means[d].expectation if d in means else None for d in DIMENSIONS])
        perception = nan_array([means[d].perception if d in means else None for d in DIMENSIONS])
        self.show_chart(not np.isnan(expectation).all())
        set_curve(self.expectation, *self._polygon(expectation))
        x, y = self._polygon(perception)
        set_curve(self.perception, x, y)
        path = QPainterPath()
        if not np.isnan(perception).any():  # fill only a closed shape
            path.moveTo(x[0], y[0])
            for px, py in zip(x[1:], y[1:], strict=True):
                path.lineTo(px, py)
        self.fill.setPath(path)
        for label, d, e, p in zip(
            self.spoke_labels, DIMENSIONS, expectation, perception, strict=True
        ):
            scored = not (math.isnan(e) or math.isnan(p))
            label.setText(d.label if scored else f"{d.label} (not scored)")
        self._make_room()

    def _polygon(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        closed = np.append(values, values[0])
        angles = np.append(self.angles, self.angles[0])
        return closed * np.cos(angles), closed * np.sin(angles)

    def series(self) -> dict[str, list[float | None]]:
        result = {}
        for name, curve in (("Expectation", self.expectation), ("Perception", self.perception)):
            x, y = curve.getData()
            drawn = x is not None and len(x) > 0
            result[name] = plain(np.hypot(x, y)[:5] if drawn else np.full(5, np.nan))
        return result

    def restyle(self) -> None:
        super().restyle()
        faint = muted()
        faint.setAlpha(70)
        self.rings.setPen(pg.mkPen(faint, width=1))
        self.spokes.setPen(pg.mkPen(faint, width=1))
        for label in self.ring_labels:
            label.setColor(muted())
        expected, experienced = tone(theme.EXPECTED), tone(theme.EXPERIENCED)
        self.expectation.setPen(pg.mkPen(expected, width=2, style=Qt.PenStyle.DashLine))
        self.expectation.setSymbolBrush(expected)
        self.expectation.setSymbolPen(expected)
        self.perception.setPen(pg.mkPen(experienced, width=2.5))
        self.perception.setSymbolBrush(experienced)
        self.perception.setSymbolPen(experienced)
        fill = QColor(experienced)
        fill.setAlpha(45)
        self.fill.setBrush(fill)
        self.fill.setPen(pg.mkPen(None))
        self.header.setText(
            f'<span style="color:{expected.name()}">- - \u25cf</span> Expectation&nbsp;&nbsp;'
            f'<span style="color:{experienced.name()}">\u2014 \u25a0</span> Perception'
            "&nbsp;&nbsp;(means, 1-7)"
        )
