"""Shared pieces of the RATER charts: scales, colours, number formats and the panel base."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.servqual import (
    DIMENSIONS,
    SCORE_MAX,
    SCORE_MIN,
    RaterDimension,
)
from cxdesk.ui import theme

TrendPoints = Sequence[tuple[str, Mapping[RaterDimension, float | None]]]

GAP_LIMIT = SCORE_MAX - SCORE_MIN  # gaps run from -6 to +6
ROWS = np.arange(len(DIMENSIONS), dtype=float)
BAR = 0.62
LABEL_RADIUS = SCORE_MAX + 0.35  # the radar's dimension names, just outside the web
# Okabe-Ito colours not already meaning "ahead"/"trailing", so sides never read as verdicts.
TEAM = QColor("#CC79A7")  # reddish purple
CLIENT = QColor("#009E73")  # bluish green
LINE_STYLE = {  # trend: a colour *and* a marker per dimension, never colour alone
    RaterDimension.RELIABILITY: ("#0072B2", "o", "●"),
    RaterDimension.ASSURANCE: ("#E69F00", "s", "■"),
    RaterDimension.TANGIBLES: ("#009E73", "t1", "▲"),
    RaterDimension.EMPATHY: ("#CC79A7", "d", "◆"),
    RaterDimension.RESPONSIVENESS: ("#56B4E9", "star", "★"),
}
MAX_X_LABELS = 8
X_LABEL_CHARS = 14


def tone(colour: QColor) -> QColor:
    """The same hue, lighter on a dark background so it keeps its contrast."""
    return colour.lighter(135) if theme.is_dark() else QColor(colour)


def muted() -> QColor:
    muted = QColor(theme.chart_foreground())
    muted.setAlpha(150)
    return muted


def signed(value: float) -> str:
    text = "0.0" if round(value, 1) == 0 else f"{value:+.1f}"
    return text.replace("-", "\u2212")  # a real minus sign, as wide as the plus


def nan_array(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def plain(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else round(float(v), 9) for v in values]


def set_curve(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """Points, with NaN breaking the line; nothing at all when every value is missing."""
    if np.isnan(y).all():
        curve.setData([], [])  # pyqtgraph warns about an all-NaN scatter
    else:
        curve.setData(x, y)


def text_item(anchor: tuple[float, float] = (0.0, 0.5), bold: bool = False) -> pg.TextItem:
    item = pg.TextItem("", anchor=anchor)
    if bold:
        font = QFont(item.textItem.font())
        font.setBold(True)
        item.setFont(font)
    return item


class Panel(QWidget):
    """A chart under a one-line header, or a sentence saying what to do to fill it."""

    def __init__(self, empty_text: str) -> None:
        super().__init__()
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.empty = QLabel(empty_text)
        self.empty.setWordWrap(True)
        self.empty.setMargin(24)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.plot)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.texts: list[pg.TextItem] = []

    def add_text(self, item: pg.TextItem) -> pg.TextItem:
        self.plot.addItem(item)
        self.texts.append(item)
        return item

    def show_chart(self, has_data: bool) -> None:
        self.stack.setCurrentWidget(self.plot if has_data else self.empty)
        self.header.setVisible(has_data)

    @property
    def empty_shown(self) -> bool:
        return self.stack.currentWidget() is self.empty

    def restyle(self) -> None:
        """Colours from the current (light or dark) palette."""
        self.plot.setBackground(theme.chart_background())
        fg = theme.chart_foreground()
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(muted())
            axis.setTextPen(fg)
        for item in self.texts:
            item.setColor(fg)


class HorizontalBars(Panel):
    """Dimensions down the side (Reliability first), gaps across on the -6..+6 scale."""

    def __init__(self, empty_text: str) -> None:
        super().__init__(empty_text)
        plot = self.plot
        plot.invertY(True)
        plot.setXRange(-GAP_LIMIT - 1.3, GAP_LIMIT + 1.3, padding=0)
        plot.setYRange(-0.55, len(DIMENSIONS) - 0.45, padding=0)
        plot.getAxis("left").setTicks([[(i, d.label) for i, d in enumerate(DIMENSIONS)]])
        ticks = [(v, f"{v:+d}".replace("-", "\u2212") if v else "0") for v in range(-6, 7, 2)]
        plot.getAxis("bottom").setTicks([ticks, [(v, "") for v in range(-6, 7)]])
        plot.showGrid(x=True, alpha=0.12)
        self.zero = pg.InfiniteLine(0, angle=90)
        self.zero.setZValue(5)  # over the bars, hiding the outline of an empty one
        plot.addItem(self.zero)

    def label_bar(self, label: pg.TextItem, y: float, gap: float | None, brush: QColor) -> None:
        """Signed value at the bar's end, inside it when the bar nearly fills the scale."""
        fg = theme.chart_foreground()
        if gap is None:
            label.setText("not scored")
            label.setColor(muted())
            label.setAnchor((0, 0.5))
            label.setPos(0.15, y)
            return
        inside = abs(gap) >= GAP_LIMIT - 1
        toward = -1 if (gap < 0) != inside else 1
        label.setText(signed(gap))
        label.setColor(QColor("white") if inside and brush.lightness() < 170 else fg)
        label.setAnchor((1 if toward < 0 else 0, 0.5))
        label.setPos(gap + 0.12 * toward, y)

    def restyle(self) -> None:
        super().restyle()
        self.zero.setPen(pg.mkPen(theme.chart_foreground(), width=1.5))
