"""The workshop results chart (pyqtgraph): how the room answered each statement.

One row per statement: its text on a line of its own (the full width, so long statements
stay readable; the whole text is in the tooltip), under a 100 % stacked bar of the share
of people who gave each score, lowest score on the left. To the right, on the quiz's
own scale, the statement's mean (a dot) and the previous session's mean (a hollow
diamond). The weakest and strongest statements are outlined and named (▼/▲), so colour
is never the only cue.

Imported on first use, not at start-up (pyqtgraph and numpy are slow to load). Items are
built once per quiz shape; a new answer only moves them (setOpts/setData/setText), so a
300-person session redraws within a frame. Each statement has its own bars and mean dot,
and an item is only given what differs from what it shows: an answer changes one
statement, so only that row of the view is repainted, not the whole chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QLabel, QVBoxLayout, QWidget

from cxdesk.ui import theme
from cxdesk.ui.quiz.texts import number, people, statement_label

# Diverging, colour-blind safe (ColorBrewer RdBu), low scores warm, high scores blue as
# everywhere else in the app; the neutral middle is grey so it shows on white.
ANCHORS = ("#ca0020", "#f4a582", "#cfcfcf", "#92c5de", "#0571b0")
BARS_END = 100.0  # the bars are shares of people, 0-100 %
STRIP = (111.0, 141.0)  # where the scale of means is drawn (lowest to highest score)
X_RANGE = (-0.8, 146.0)
TEXT_MARGIN = 4  # QGraphicsTextItem's document margin, around every TextItem
WEAKEST, STRONGEST = "\u25bc weakest", "\u25b2 strongest"


def score_colours(count: int) -> list[QColor]:
    """``count`` colours along the diverging ramp, lowest score first."""
    stops = [QColor(c) for c in ANCHORS]
    if count == 1:
        return [QColor(stops[-1])]
    colours = []
    for i in range(count):
        at = i / (count - 1) * (len(stops) - 1)
        k = min(int(at), len(stops) - 2)
        t = at - k
        a, b = stops[k], stops[k + 1]
        colours.append(
            QColor.fromRgbF(
                a.redF() + (b.redF() - a.redF()) * t,
                a.greenF() + (b.greenF() - a.greenF()) * t,
                a.blueF() + (b.blueF() - a.blueF()) * t,
            )
        )
    return colours


def ink_on(colour: QColor) -> QColor:
    """Black or white, whichever reads on ``colour``."""
    luma = 0.299 * colour.red() + 0.587 * colour.green() + 0.114 * colour.blue()
    return QColor("black") if luma > 140 else QColor("white")


def strip_x(value: float, scale: tuple[int, int]) -> float:
    low, high = scale
    return STRIP[0] + (value - low) / (high - low) * (STRIP[1] - STRIP[0])


@dataclass(frozen=True, slots=True)
class _Type:
    """The chart's font, measured: ``key`` is the font's, to tell when it changed."""

    key: str
    metrics: QFontMetricsF
    line: float  # the height of a line of text
    digit: float  # the width of "0"
    flag: float  # the width of the widest flag's words


@dataclass
class ChartData:
    statements: tuple[str, ...] = ()
    scale: tuple[int, int] = (1, 5)
    distributions: tuple[dict[int, int], ...] = ()
    means: tuple[float | None, ...] = ()
    weakest: tuple[int, ...] = ()
    strongest: tuple[int, ...] = ()
    """Every statement of a tie is flagged; both are empty while nothing stands out."""
    previous_means: tuple[float | None, ...] | None = None
    previous_label: str = ""
    missing_text: str = "no answers yet"
    shares: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


class ResultsChart(QWidget):
    """Stacked bars per statement, means on the quiz's scale, weakest/strongest named."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.hideAxis("left")
        self.plot.invertY(True)
        view = self.plot.getViewBox()
        view.setMouseEnabled(x=False, y=False)
        view.sigResized.connect(self._layout)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.plot, 1)
        self.data = ChartData()
        self.font_px = QGuiApplication.font().pixelSize()
        if self.font_px <= 0:
            self.font_px = round(QGuiApplication.font().pointSizeF() * 4 / 3)
        self._shape: tuple[int, tuple[int, int]] | None = None
        # Per statement (built with the quiz's shape): its bars, one segment per score, and
        # its mean dot. One item per row, so an answer repaints only its own row.
        self.row_bars: list[pg.BarGraphItem] = []
        self.mean_dots: list[pg.ScatterPlotItem] = []
        self.colours: list[QColor] = []
        self._shown: dict[int, tuple[str, int, float, float]] = {}
        self._fixed: tuple[object, ...] = ()
        # What each row's bars and dot were last given, and the flags' boxes: unchanged
        # items are not touched (each setOpts/setData repaints the item's whole area).
        self._rows_drawn: list[tuple[object, ...] | None] = []
        self._bars_drawn: list[tuple[object, ...] | None] = []
        self._dots_drawn: list[tuple[object, ...] | None] = []
        self._measured: _Type | None = None
        self._flag_boxes_drawn: tuple[object, ...] | None = None
        self._legend_for: tuple[object, ...] | None = None
        self.counts: list[list[pg.TextItem]] = []
        self.labels: list[pg.TextItem] = []
        self.mean_labels: list[pg.TextItem] = []
        self.row_boxes: list[QGraphicsRectItem] = []
        self.track = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0])
        self.ticks = pg.PlotDataItem(connect="pairs")
        self.flag_boxes = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0])
        # One name per flagged row: a tie flags several rows with the same name.
        self.flag_texts: dict[str, list[pg.TextItem]] = {WEAKEST: [], STRONGEST: []}
        self.previous_dots = pg.ScatterPlotItem(symbol="d")
        for item in (self.track, self.ticks, self.flag_boxes):
            self.plot.addItem(item)
        self.plot.addItem(self.previous_dots)
        self.flag_boxes.setZValue(5)
        self.previous_dots.setZValue(6)
        self.plot.setXRange(*X_RANGE, padding=0)
        self.restyle()

    # -- data ------------------------------------------------------------------------

    def set_font_px(self, pixels: int) -> None:
        """Type size for everything in the chart (the projector asks for very large)."""
        self.font_px = max(pixels, 8)
        font = QFont(self.font())
        font.setPixelSize(self.font_px)
        self.legend.setFont(font)
        axis = self.plot.getAxis("bottom")
        small = QFont(font)
        small.setPixelSize(max(round(self.font_px * 0.85), 8))
        axis.setTickFont(small)
        axis.setHeight(round(self.font_px * 1.9))
        for item in self._all_texts():
            item.setFont(font)
        for item in self._flag_items():
            item.setFont(self._bold())
        self._ticks()
        self._fit_height()
        self._draw()

    def _fit_height(self) -> None:
        """Tall enough for every statement's line of text over a bar a finger thick."""
        line = QFontMetricsF(self._font()).height() + 2 * TEXT_MARGIN + 2
        rows = max(len(self.data.statements), 1)
        chrome = self.legend.sizeHint().height() + self.plot.getAxis("bottom").height() + 12
        self.setMinimumHeight(round(rows * (line + max(self.font_px * 1.1, 16)) + chrome))

    def set_results(self, data: ChartData) -> None:
        rows = len(data.statements)
        totals = [sum(d.values()) for d in data.distributions]
        scores = range(data.scale[0], data.scale[1] + 1)
        counts = np.array([[d.get(s, 0) for s in scores] for d in data.distributions], float)
        counts = counts.reshape(rows, len(scores))
        with np.errstate(invalid="ignore", divide="ignore"):
            data.shares = np.nan_to_num(counts / np.array(totals, float).reshape(rows, 1) * 100)
        self.data = data
        if self._shape != (rows, data.scale):
            self._build(rows, data.scale)
        self._legend()
        self._draw()

    # -- building (once per quiz shape) ---------------------------------------------------

    def _all_texts(self) -> list[pg.TextItem]:
        return [*self.labels, *self.mean_labels, *(t for row in self.counts for t in row)]

    def _build(self, rows: int, scale: tuple[int, int]) -> None:
        for item in [*self._all_texts(), *self.row_boxes, *self.row_bars, *self.mean_dots]:
            self.plot.removeItem(item)
        self._shown.clear()
        n = scale[1] - scale[0] + 1
        self.colours = score_colours(n)
        self.row_bars = [pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0]) for _ in range(rows)]
        self.mean_dots = [pg.ScatterPlotItem(symbol="o") for _ in range(rows)]
        self._bars_drawn = [None] * rows
        self._dots_drawn = [None] * rows
        self._rows_drawn = [None] * rows
        self._flag_boxes_drawn = None
        for bars in self.row_bars:
            self.plot.addItem(bars)
        for dot in self.mean_dots:
            dot.setZValue(7)
            self.plot.addItem(dot)
        self.counts = [[pg.TextItem(anchor=(0.5, 0.5)) for _ in range(n)] for _ in range(rows)]
        self.labels = [pg.TextItem(anchor=(0, 0)) for _ in range(rows)]
        self.mean_labels = [pg.TextItem(anchor=(1, 0)) for _ in range(rows)]
        self.row_boxes = []
        for i in range(rows):
            box = QGraphicsRectItem(QRectF(X_RANGE[0], i, X_RANGE[1] - X_RANGE[0], 1))
            box.setPen(QPen(Qt.PenStyle.NoPen))
            box.setZValue(20)  # on top, invisible: it only carries the row's tooltip
            self.row_boxes.append(box)
            self.plot.addItem(box)
        for item in self._all_texts():
            item.setZValue(10)
            # Painted from a cached pixmap until its text changes: most do not per answer.
            item.textItem.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            self.plot.addItem(item)
        self._shape = (rows, scale)
        self._fit_height()
        self.plot.setYRange(0, max(rows, 1), padding=0)
        self.set_font_px(self.font_px)  # fonts, ticks, colours for the new items
        self.restyle()

    def _ticks(self) -> None:
        low, high = self.data.scale
        step = 1 if high - low <= 6 or self.plot.width() > 700 else 2
        major = [(50.0, "50%"), (100.0, "100%")]  # "0%" would be cut at the edge
        major += [(strip_x(s, self.data.scale), str(s)) for s in range(low, high + 1, step)]
        self.plot.getAxis("bottom").setTicks([major, [(0.0, ""), (25.0, ""), (75.0, "")]])

    # -- drawing (every update) -------------------------------------------------------------

    def _row_geometry(self, measured: _Type) -> tuple[float, float, float]:
        """(label top, bar centre, bar height) within a row, from the row's height in pixels."""
        rows = max(len(self.data.statements), 1)
        row_px = max(self.plot.getViewBox().height() / rows, 1.0)
        label = (measured.line + 2 * TEXT_MARGIN + 2) / row_px
        top = min(0.04 + label, 0.6)
        bottom = 0.9
        return 0.03, (top + bottom) / 2, bottom - top

    def _type(self) -> _Type:
        """The chart's type measured once per font, not on every answer."""
        font = self._font()
        key = font.key()
        if self._measured is None or self._measured.key != key:
            metrics = QFontMetricsF(font)
            flag = QFontMetricsF(self._bold()).horizontalAdvance(STRONGEST)
            self._measured = _Type(
                key, metrics, metrics.height(), metrics.horizontalAdvance("0"), flag
            )
        return self._measured

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(self.font_px)
        return font

    def _bold(self) -> QFont:
        bold = self._font()
        bold.setBold(True)
        return bold

    def _flag_items(self) -> list[pg.TextItem]:
        return [item for items in self.flag_texts.values() for item in items]

    def _flag_text(self, name: str, k: int) -> pg.TextItem:
        """The ``k``-th “▼ weakest” (or “▲ strongest”), made when a tie first needs it."""
        items = self.flag_texts[name]
        while len(items) <= k:
            item = pg.TextItem(name, anchor=(1, 0), color=theme.chart_foreground())
            item.setFont(self._bold())
            item.setZValue(10)
            self.plot.addItem(item)
            items.append(item)
        return items[k]

    def _layout(self) -> None:
        self._ticks()
        self._draw()

    def _draw(self) -> None:
        d = self.data
        rows = len(d.statements)
        if rows == 0 or self._shape is None:
            self.flag_boxes.setVisible(False)
            for item in self._flag_items():
                item.setVisible(False)
            return
        measured = self._type()
        label_y, centre, height = self._row_geometry(measured)
        ys = np.arange(rows) + centre
        shares = d.shares
        lefts = np.cumsum(shares, axis=1) - shares
        px_per_unit = self.plot.getViewBox().width() / (X_RANGE[1] - X_RANGE[0])
        fg = theme.chart_foreground()
        flagged = {*d.weakest, *d.strongest}
        for i in range(rows):
            before = None
            if d.previous_means is not None and i < len(d.previous_means):
                before = d.previous_means[i]
            # Everything row i is drawn from: a row an answer did not touch is left alone.
            drawn = (
                d.statements[i],
                tuple(d.distributions[i].items()),
                d.scale,
                d.missing_text,
                d.means[i],
                d.previous_means is not None,
                before,
                d.previous_label,
                i in flagged,
                float(ys[i]),
                height,
                label_y,
                px_per_unit,
                measured.key,
                fg.rgba(),
            )
            if drawn != self._rows_drawn[i]:
                y = float(ys[i])
                self._draw_row(i, y, height, shares[i], lefts[i], px_per_unit, measured, fg)
                self._draw_label(i, label_y, i in flagged, px_per_unit, measured, fg)
                self._rows_drawn[i] = drawn
        self._draw_means(ys, height)
        self._draw_flags(ys, height, label_y)

    def _draw_row(
        self,
        i: int,
        y: float,
        height: float,
        shares: np.ndarray,
        lefts: np.ndarray,
        px_per_unit: float,
        measured: _Type,
        fg: QColor,
    ) -> None:
        """Row ``i``'s bars and the counts written in its segments."""
        d = self.data
        n = len(self.colours)
        drawn = (tuple(shares.tolist()), y, height)
        if drawn != self._bars_drawn[i]:
            self.row_bars[i].setOpts(x0=lefts, y=np.full(n, y), width=shares, height=height)
            self._bars_drawn[i] = drawn
        digit = measured.digit
        counts = d.distributions[i]
        empty = not sum(counts.values())
        for k in range(n):
            text = self.counts[i][k]
            if empty and k == 0:  # an empty bar says why it is empty
                self._put(text, d.missing_text, fg, BARS_END / 2, y)
                continue
            count = counts.get(d.scale[0] + k, 0)
            label = str(count)
            width = float(shares[k])
            if count > 0 and width * px_per_unit >= digit * len(label) + 6:
                x = float(lefts[k]) + width / 2
                self._put(text, label, ink_on(self.colours[k]), x, y)
            elif text.isVisible():
                text.setVisible(False)

    def _put(self, item: pg.TextItem, text: str, colour: QColor, x: float, y: float) -> None:
        """Show a text, changing only what differs: each change costs a re-layout."""
        old = self._shown.get(id(item))
        new = (text, colour.rgba(), x, y)
        if old != new:
            if old is None or old[0] != text:
                item.setText(text)
            if old is None or old[1] != new[1]:
                item.setColor(colour)
            if old is None or old[2:] != new[2:]:
                item.setPos(x, y)
            self._shown[id(item)] = new
        if not item.isVisible():
            item.setVisible(True)

    def _draw_label(
        self,
        i: int,
        label_y: float,
        flagged: bool,
        px_per_unit: float,
        measured: _Type,
        fg: QColor,
    ) -> None:
        """Row ``i``'s statement, its mean's words and its tooltip."""
        d = self.data
        flag_px = measured.flag + 2 * TEXT_MARGIN + 10
        line_end = (STRIP[1] + 3 - X_RANGE[0]) * px_per_unit  # the right end of a label line
        mean = d.means[i]
        words = "mean \u2013" if mean is None else f"mean {number(mean)}"
        if d.previous_means is not None and i < len(d.previous_means):
            before = d.previous_means[i]
            if before is not None:
                words += f" \u00b7 was {number(before)}"
        self._put(self.mean_labels[i], words, fg, STRIP[1] + 3, i + label_y)
        # The statement may run on past its bar, up to the mean's words (or the flag).
        metrics = measured.metrics
        limit = min(
            line_end - metrics.horizontalAdvance(words) - 3 * TEXT_MARGIN - 16,
            (BARS_END - X_RANGE[0]) * px_per_unit - flag_px if flagged else line_end,
        )
        full = statement_label(i, d.statements[i])
        shown = metrics.elidedText(full, Qt.TextElideMode.ElideRight, max(limit, 40.0))
        self._put(self.labels[i], shown, fg, 0.0, i + label_y)
        tip = self._tooltip(i)
        if self.row_boxes[i].toolTip() != tip:
            self.row_boxes[i].setToolTip(tip)

    def _tooltip(self, i: int) -> str:
        d = self.data
        lines = [statement_label(i, d.statements[i])]
        answered = sum(d.distributions[i].values())
        for k, score in enumerate(range(d.scale[0], d.scale[1] + 1)):
            count = d.distributions[i].get(score, 0)
            share = d.shares[i, k] if answered else 0.0
            lines.append(f"Score {score}: {people(count)} ({share:.0f}%)")
        mean = d.means[i]
        lines.append("Mean: " + (number(mean) if mean is not None else "no answers yet"))
        if d.previous_means is not None and i < len(d.previous_means):
            before = d.previous_means[i]
            if before is not None:
                lines.append(f"{d.previous_label}: {number(before)}")
        return "\n".join(lines)

    def _draw_means(self, ys: np.ndarray, height: float) -> None:
        d = self.data
        rows = len(ys)
        size = max(self.font_px * 0.95, 9)
        previous = d.previous_means or ()
        # What does not change with an answer (the scale, the earlier session) is redrawn
        # only when the layout or the session changes.
        fixed = (tuple(ys), height, d.scale, tuple(previous), size)
        if fixed != self._fixed:
            self._fixed = fixed
            low, high = d.scale
            self.track.setOpts(
                x0=np.full(rows, STRIP[0] - 1.2),
                width=np.full(rows, STRIP[1] - STRIP[0] + 2.4),
                y=ys,
                height=height * 0.18,
            )
            xs = [strip_x(s, d.scale) for s in range(low, high + 1)]
            tick_x = np.repeat(xs, 2 * rows)
            ends = np.column_stack([ys - height * 0.3, ys + height * 0.3]).ravel()
            self.ticks.setData(tick_x, np.tile(ends, len(xs)))
            before = [
                (strip_x(m, d.scale), ys[i]) for i, m in enumerate(previous[:rows]) if m is not None
            ]
            if before:
                self.previous_dots.setData(pos=before, size=size * 1.25)
            else:
                self.previous_dots.setData([], [])
        for i, dot in enumerate(self.mean_dots):
            mean = d.means[i] if i < len(d.means) else None
            drawn = None if mean is None else (strip_x(mean, d.scale), float(ys[i]), size)
            if drawn == self._dots_drawn[i]:
                continue
            if drawn is None:
                dot.setData([], [])
            else:
                dot.setData(pos=[drawn[:2]], size=size)
            self._dots_drawn[i] = drawn

    def _draw_flags(self, ys: np.ndarray, height: float, label_y: float) -> None:
        d = self.data
        flags = [(i, WEAKEST) for i in d.weakest] + [(i, STRONGEST) for i in d.strongest]
        for name, rows_named in ((WEAKEST, d.weakest), (STRONGEST, d.strongest)):
            for k, row in enumerate(rows_named):
                item = self._flag_text(name, k)
                item.setPos(BARS_END, row + label_y)
                item.setVisible(True)
            for item in self.flag_texts[name][len(rows_named) :]:
                item.setVisible(False)
        self.flag_boxes.setVisible(bool(flags))
        rows = [float(ys[i]) for i, _ in flags]
        drawn = (tuple(rows), height)
        if flags and drawn != self._flag_boxes_drawn:
            self.flag_boxes.setOpts(
                x0=np.full(len(rows), -0.4),
                width=np.full(len(rows), BARS_END + 0.8),
                y=rows,
                height=height + 0.06,
            )
            self._flag_boxes_drawn = drawn

    # -- legend and colours ---------------------------------------------------------------

    def _legend(self) -> None:
        d = self.data
        # The same words as last time unless the scale, the session compared or the
        # colours changed (restyle forgets what was written).
        wanted = (d.scale, d.previous_means is None, d.previous_label)
        if wanted == self._legend_for:
            return
        self._legend_for = wanted
        colours = score_colours(d.scale[1] - d.scale[0] + 1)
        swatches = " ".join(
            f"<span style='color:{c.name()}'>\u25a0</span>&nbsp;{d.scale[0] + k}"
            for k, c in enumerate(colours)
        )
        fg = theme.chart_foreground().name()
        dot = f"<span style='color:{fg}'>\u25cf</span>"
        text = f"Share of people per score: {swatches} &nbsp; {dot} mean"
        if d.previous_means is not None:
            text += f" &nbsp; \u25c7 {d.previous_label}"
        if self.legend.text() != text:
            self.legend.setText(text)

    def restyle(self) -> None:
        fg, bg = theme.chart_foreground(), theme.chart_background()
        self.plot.setBackground(bg)
        axis = self.plot.getAxis("bottom")
        muted = QColor(fg)
        muted.setAlpha(110)
        axis.setPen(muted)
        axis.setTextPen(fg)
        for bars in self.row_bars:
            bars.setOpts(brushes=[pg.mkBrush(c) for c in self.colours], pen=pg.mkPen(bg, width=1.5))
        self._shown.clear()
        self._rows_drawn = [None] * len(self._rows_drawn)
        self._legend_for = None
        for item in [*self.labels, *self.mean_labels, *self._flag_items()]:
            item.setColor(fg)
        faint = QColor(fg)
        faint.setAlpha(45)
        self.track.setOpts(brush=faint, pen=pg.mkPen(None))
        self.ticks.setPen(pg.mkPen(muted, width=1))
        self.flag_boxes.setOpts(brush=pg.mkBrush(None), pen=pg.mkPen(fg, width=2.5))
        for dot in self.mean_dots:
            dot.setPen(pg.mkPen(bg, width=1.5))
            dot.setBrush(pg.mkBrush(fg))
        self.previous_dots.setPen(pg.mkPen(fg, width=2))
        self.previous_dots.setBrush(pg.mkBrush(None))
        if self.data.statements:
            self._legend()
            self._draw()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()  # the system switched between light and dark while the app runs

    # -- what is drawn, as plain values (tests, and anyone who cannot see the chart) ------------

    def series(self) -> list[dict[int, int]]:
        return [dict(d) for d in self.data.distributions]

    def means(self) -> list[float | None]:
        return list(self.data.means)

    def previous_means(self) -> list[float | None] | None:
        return None if self.data.previous_means is None else list(self.data.previous_means)

    def flagged(self) -> dict[str, tuple[int, ...]]:
        """Statement indexes named weakest and strongest on the chart, read back from where
        each visible name is drawn (empty: none shown)."""
        return {
            key: tuple(
                sorted(round(item.pos().y()) for item in self.flag_texts[name] if item.isVisible())
            )
            for key, name in (("weakest", WEAKEST), ("strongest", STRONGEST))
        }

    def statement_labels(self) -> list[str]:
        return [item.textItem.toPlainText() for item in self.labels]

    def visible_counts(self) -> list[list[str]]:
        return [
            [t.textItem.toPlainText() if t.isVisible() else "" for t in row] for row in self.counts
        ]

    def segment_colours(self) -> list[str]:
        """The colour of each score's segments, lowest score first."""
        brushes = (self.row_bars[0].opts["brushes"] if self.row_bars else None) or []
        return [b.color().name() for b in brushes[: len(self.colours)]]

    def drawn_shares(self) -> list[list[float]]:
        """Per statement, the width of each score's segment as drawn (percent of people),
        read back from the bars on screen."""
        return [[float(w) for w in bars.opts["width"]] for bars in self.row_bars]

    def drawn_means(self) -> list[float | None]:
        """Per statement, the mean its dot is drawn at on the quiz's scale (None: no dot),
        read back from the dots on screen."""
        low, high = self.data.scale
        drawn: list[float | None] = []
        for dot in self.mean_dots:
            xs, _ys = dot.getData()
            at = float(xs[0]) if len(xs) else None
            drawn.append(
                None if at is None else low + (at - STRIP[0]) / (STRIP[1] - STRIP[0]) * (high - low)
            )
        return drawn
