"""The emotion curve (pyqtgraph): how the client feels across the journey's touchpoints.

Phase bands shaded and named, handoffs as vertical lines (an open checklist says so in
words, not colour alone), the client's overall line in the text colour, one line per
stakeholder (a colour *and* a marker each), the compared revisit dashed and faded, pain
points ringed and named. x is the grid's column, so a click selects the touchpoint there.

Imported on first use by the tab (pyqtgraph and numpy are slow to load). Every series is
one PlotDataItem (NaN breaks the line at an unscored touchpoint), every flag one scatter,
so a 500-touchpoint map with six lines draws in a few items.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget

from cxdesk.models.emotion_curve import EmotionCurve, HandoffMark
from cxdesk.models.journey_map import EMOTION_MAX, EMOTION_MIN, emotion_label
from cxdesk.ui import theme
from cxdesk.ui.chart_frame import framed_chart
from cxdesk.ui.journey import chart_style as style

EMPTY_TEXT = (
    "No journey yet. Add the phases and touchpoints above, score how the client feels at "
    "each one (-3 angry to +3 delighted), and the curve appears here."
)
HINT_TEXT = "Score the Emotion row in the grid above to draw the curve"
MAX_PAIN_LABELS = 12  # all pain points are ringed; only this many are named
CLICK_PX = 12
DENSE_SLOTS = 120  # more columns than this: a few pixels each, thinner lines and marks


def minus(text: str) -> str:
    return text.replace("-", "\u2212")  # a real minus sign, as wide as the plus


class EmotionCurveChart(QWidget):
    """The curve of one journey map; ``set_curve`` redraws, ``set_current`` moves the cursor."""

    touchpointClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setToolTip("Click a point (or a column) to select its touchpoint in the grid")
        self.view = self.plot.getViewBox()
        self.view.setMouseEnabled(x=True, y=False)  # a long journey: wheel to zoom, drag to pan
        self.view.sigResized.connect(self._layout)
        self.view.sigXRangeChanged.connect(self._layout)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        left = self.plot.getAxis("left")
        words = [(v, minus(emotion_label(v))) for v in range(EMOTION_MIN, EMOTION_MAX + 1)]
        left.setTicks([words])
        # Room for the labels from the first frame (pyqtgraph widens an axis one paint late).
        metrics = QFontMetricsF(self.font())
        left.setWidth(round(max(metrics.horizontalAdvance(t) for _v, t in words) + 16))
        self.plot.getAxis("bottom").setHeight(round(2 * metrics.height() + 10))
        self.plot.showGrid(y=True, alpha=0.10)
        self.bands = pg.BarGraphItem(x0=[], width=[], y0=[], height=[])
        self.bands.setZValue(-20)
        self.zero = pg.InfiniteLine(0, angle=0)
        self.zero.setZValue(-10)
        self.cursor_line = pg.InfiniteLine(angle=90)
        self.cursor_line.setZValue(-5)
        self.cursor_line.setVisible(False)
        # The client's own pain points ringed boldest, a stakeholder's more lightly: two
        # items with one pen each (a pen per point would render a symbol per point).
        self.rings = pg.ScatterPlotItem(symbol="o", size=22)
        self.person_rings = pg.ScatterPlotItem(symbol="o", size=17)
        for rings in (self.rings, self.person_rings):
            rings.setZValue(30)
        self.hint = pg.TextItem(HINT_TEXT, anchor=(0.5, 0.5))
        for item in (
            self.bands,
            self.zero,
            self.cursor_line,
            self.rings,
            self.person_rings,
            self.hint,
        ):
            self.plot.addItem(item)
        self.lines: list[pg.PlotDataItem] = []
        self.befores: list[pg.PlotDataItem] = []
        self.band_names: list[pg.TextItem] = []
        self.handoff_lines: list[pg.InfiniteLine] = []
        self.handoff_texts: list[pg.TextItem] = []
        self.pain_labels: list[tuple[pg.TextItem, int, float, str]] = []
        self.stack, self.empty = framed_chart(self, self.legend, self.plot, EMPTY_TEXT)
        self.curve: EmotionCurve | None = None
        self._building = False
        self._ticks: list[tuple[float, str]] = []
        self._current: int | None = None
        self._names: list[str | None] = []  # per slot: its touchpoint's name, None if empty
        self._ids: list[int | None] = []
        self._hit = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
        self._restyle()
        self.stack.setCurrentWidget(self.empty)

    def sizeHint(self) -> QSize:
        return QSize(1000, 320)

    def minimumSizeHint(self) -> QSize:
        return QSize(360, 200)

    # -- public API ---------------------------------------------------------------------

    def set_curve(self, curve: EmotionCurve) -> None:
        self._building = True  # items change size on the way: lay them out once, at the end
        try:
            self._set_curve(curve)
        finally:
            self._building = False
        self._layout()

    def _set_curve(self, curve: EmotionCurve) -> None:
        resized = self.curve is None or len(self.curve.slots) != len(curve.slots)
        self.curve = curve
        if curve.slots:
            self.stack.setCurrentIndex(0)  # framed_chart's page 0: the chart
        else:
            self.stack.setCurrentWidget(self.empty)
        self._ids = [s.touchpoint.id if s.touchpoint else None for s in curve.slots]
        self._names = [s.touchpoint.name if s.touchpoint else None for s in curve.slots]
        n = len(curve.slots)
        fg = theme.chart_foreground()
        self.bands.setVisible(bool(curve.bands))
        if curve.bands:  # pyqtgraph cannot set an empty list of brushes
            self.bands.setOpts(
                x0=[b.start for b in curve.bands],
                width=[b.end - b.start for b in curve.bands],
                y0=[EMOTION_MIN - 20] * len(curve.bands),  # past any y range _layout sets
                height=[EMOTION_MAX - EMOTION_MIN + 40] * len(curve.bands),
                brushes=[style.band_brush(i) for i in range(len(curve.bands))],
                pen=pg.mkPen(None),
            )
        self._replace_texts(self.band_names, [b.name for b in curve.bands], (0.5, 0), fg, bold=True)
        for band, label in zip(curve.bands, self.band_names, strict=True):
            label.setToolTip(band.name)
        self._draw_handoffs(curve.handoffs)
        self._draw_series(curve)
        self.hint.setVisible(bool(curve.slots) and not curve.has_scores)
        self.hint.setPos((n - 1) / 2, 0.9)
        self.legend.setText(style.legend_html(curve))
        self.plot.setLimits(xMin=-0.5, xMax=max(n - 0.5, 0.5), minXRange=min(max(n, 1), 4))
        if resized:
            self.plot.setXRange(-0.5, max(n - 0.5, 0.5), padding=0)
        self.set_current(self._current)

    def set_current(self, touchpoint_id: int | None) -> None:
        self._current = touchpoint_id
        x = (
            self._ids.index(touchpoint_id)
            if touchpoint_id is not None and touchpoint_id in self._ids
            else None
        )
        self.cursor_line.setVisible(x is not None)
        if x is not None:
            self.cursor_line.setValue(x)

    # -- what is drawn, as plain values (tests, and anyone who cannot see the chart) -----

    def series(self) -> dict[str, list[tuple[int, int]]]:
        return {
            s.name: style.drawn(line) for s, line in zip(self._series(), self.lines, strict=False)
        }

    def before_series(self) -> dict[str, list[tuple[int, int]]]:
        return {
            s.name: style.drawn(line) for s, line in zip(self._series(), self.befores, strict=False)
        }

    def bands_drawn(self) -> list[tuple[str, float, float]]:
        bands = self.curve.bands if self.curve is not None else ()
        return [
            (t.textItem.toPlainText(), b.start, b.end)
            for b, t in zip(bands, self.band_names, strict=True)
        ]

    def handoff_marks(self) -> list[tuple[float, str]]:
        """(x of the boundary line, the words under the band names) per handoff."""
        return [
            (line.value(), t.textItem.toPlainText())
            for line, t in zip(self.handoff_lines, self.handoff_texts, strict=True)
        ]

    def flagged(self) -> list[tuple[int, int | None]]:
        """(touchpoint id, series key) of every ringed pain point."""
        return [
            (p.touchpoint_id, p.series_key) for p in (self.curve.pain_points if self.curve else ())
        ]

    def pain_labels_shown(self) -> list[tuple[int, str]]:
        """(slot, words) of the pain points named on the chart (crowded ones stay unnamed)."""
        return [
            (x, item.textItem.toPlainText()) for item, x, *_ in self.pain_labels if item.isVisible()
        ]

    def x_ticks(self) -> list[tuple[float, str]]:
        return list(self._ticks)

    def current_x(self) -> float | None:
        return float(self.cursor_line.value()) if self.cursor_line.isVisible() else None

    def point_scene_pos(self, touchpoint_id: int, series: int = 0) -> QPointF:
        """Where ``series``' point at ``touchpoint_id`` is on the scene (to click it)."""
        x, y = self.lines[series].getData()
        at = self._ids.index(touchpoint_id)
        scene_pos: QPointF = self.view.mapViewToScene(QPointF(float(x[at]), float(y[at])))
        return scene_pos

    # -- drawing -------------------------------------------------------------------------

    def _series(self) -> tuple:  # type: ignore[type-arg]
        return self.curve.series if self.curve is not None else ()

    def _replace_texts(
        self,
        items: list[pg.TextItem],
        texts: list[str],
        anchor: tuple[float, float],
        colour: QColor,
        bold: bool = False,
    ) -> None:
        while len(items) > len(texts):
            self.plot.removeItem(items.pop())
        while len(items) < len(texts):
            item = pg.TextItem(anchor=anchor)
            if bold:
                font = item.textItem.font()
                font.setBold(True)
                item.setFont(font)
            item.setZValue(40)
            self.plot.addItem(item)
            items.append(item)
        for item, text in zip(items, texts, strict=True):
            item.setText(text)
            item.setColor(colour)

    def _draw_handoffs(self, marks: tuple[HandoffMark, ...]) -> None:
        while len(self.handoff_lines) > len(marks):
            self.plot.removeItem(self.handoff_lines.pop())
        while len(self.handoff_lines) < len(marks):
            line = pg.InfiniteLine(angle=90, movable=False)
            line.setZValue(-8)
            self.plot.addItem(line)
            self.handoff_lines.append(line)
        self._replace_texts(
            self.handoff_texts,
            [style.handoff_words(m) for m in marks],
            (0.5, 0),
            theme.chart_foreground(),
        )
        for mark, line, text in zip(marks, self.handoff_lines, self.handoff_texts, strict=True):
            colour, dash, width = style.handoff_pen(mark)
            line.setPen(pg.mkPen(colour, width=width, style=dash))
            line.setValue(mark.x)
            text.setColor(colour if mark.risky else theme.chart_foreground())
            text.fill = pg.mkBrush(style.label_fill())
            text.setToolTip(style.handoff_tooltip(mark))
            text.update()

    def _draw_series(self, curve: EmotionCurve) -> None:
        n = len(curve.slots)
        count = len(curve.series)
        while len(self.lines) > count:
            self.plot.removeItem(self.lines.pop())
            self.plot.removeItem(self.befores.pop())
        while len(self.lines) < count:
            before = pg.PlotDataItem(connect="finite")
            line = pg.PlotDataItem(connect="finite")
            self.plot.addItem(before)
            self.plot.addItem(line)
            self.befores.append(before)
            self.lines.append(line)
        # Lines that agree would hide each other's markers: shift each a little sideways.
        step = min(0.09, 0.45 / max(count, 1)) if 0 < n <= 40 and count > 1 else 0.0
        dense = n > DENSE_SLOTS
        xs, ys, ids = [], [], []
        for i, (s, line, before) in enumerate(
            zip(curve.series, self.lines, self.befores, strict=True)
        ):
            shift = (i - (count - 1) / 2) * step
            x = np.arange(n, dtype=float) + shift
            y = np.full(n, np.nan)
            for p in s.points:
                y[p.x] = p.score
            old = np.full(n, np.nan)
            for p in s.before:
                old[p.x] = p.score
            today, then = style.line_styles(i, s.key is None, dense)
            line.setZValue(20 if s.key is None else 10)
            before.setZValue(5)
            style.set_points(line, x, y, today)
            style.set_points(before, x, old, then)
            scored = ~np.isnan(y)
            xs.append(x[scored])
            ys.append(y[scored])
            ids.append(np.array(self._ids, dtype=object)[scored])
        self._hit = (
            np.concatenate(xs) if xs else np.zeros(0),
            np.concatenate(ys) if ys else np.zeros(0),
            np.concatenate(ids).astype(np.int64) if ids else np.zeros(0, dtype=np.int64),
        )
        shift_of = {s.key: (i - (count - 1) / 2) * step for i, s in enumerate(curve.series)}
        pains = curve.pain_points
        colour = style.pain_colour()
        for rings, mine, size in ((self.rings, True, 22), (self.person_rings, False, 17)):
            chosen_pains = [p for p in pains if (p.series_key is None) == mine]
            rings.setData(
                x=[p.x + shift_of[p.series_key] for p in chosen_pains],
                y=[p.score for p in chosen_pains],
                size=size * 0.6 if dense else size,
            )
        # One label per touchpoint, under its lowest ringed point, in priority order.
        places: dict[int, float] = {}
        for pain in pains:
            places[pain.x] = min(places.get(pain.x, pain.score), pain.score)
        chosen = list(dict.fromkeys(p.x for p in pains))[:MAX_PAIN_LABELS]
        names = [self._names[x] or "" for x in chosen]
        items = [label for label, *_ in self.pain_labels]
        self._replace_texts(items, names, (0.5, 0), theme.chart_foreground())
        for item in items:
            item.fill = pg.mkBrush(style.label_fill())
            item.border = pg.mkPen(colour, width=1)
        self.pain_labels = [
            (item, x, places[x], name) for item, x, name in zip(items, chosen, names, strict=True)
        ]
        for item, at_x, score, _name in self.pain_labels:
            item.setPos(at_x, score)
            item.setToolTip(f"Pain point to fix before it festers: {self._names[at_x]}")

    # -- layout that depends on pixels (resize, zoom) -------------------------------------

    def _layout(self) -> None:
        if self._building:
            return
        height = max(self.view.height(), 1.0)
        width = max(self.view.width(), 1.0)
        metrics = QFontMetricsF(self.font())
        line_px = metrics.height() + 8  # TextItem's document margin, top and bottom
        top_px, bottom_px = 2 * line_px + 4, line_px + 16
        unit = max((height - top_px - bottom_px) / (EMOTION_MAX - EMOTION_MIN), 6.0)
        top, bottom = EMOTION_MAX + top_px / unit, EMOTION_MIN - bottom_px / unit
        self.view.setYRange(bottom, top, padding=0)
        for label in self.band_names:
            label.setPos(label.pos().x(), top)
        for line, text in zip(self.handoff_lines, self.handoff_texts, strict=True):
            text.setPos(line.value(), top - line_px / unit)
        (x0, x1), _y = self.view.viewRange()
        px = width / max(x1 - x0, 1e-9)  # pixels per slot
        marks = self.curve.handoffs if self.curve is not None else ()
        fitted = style.fit_handoff_words(marks, [(m.x - x0) * px for m in marks], metrics)
        for text, words in zip(self.handoff_texts, fitted, strict=True):
            text.setText(words or "")
            text.setVisible(words is not None)
        bands = self.curve.bands if self.curve is not None else ()
        for band, label in zip(bands, self.band_names, strict=True):
            start, end = max(band.start, x0), min(band.end, x1)
            label.setPos((start + end) / 2, top)
            room = (end - start) * px - 8
            label.setText(
                metrics.elidedText(band.name, Qt.TextElideMode.ElideRight, room)
                if room > 20
                else ""
            )
        self._ticks = style.x_ticks(self._names, x0, x1, px, metrics)
        self.plot.getAxis("bottom").setTicks([self._ticks])
        self._place_pain_labels(x0, px, top, unit, metrics)

    def _place_pain_labels(
        self, x0: float, px: float, top: float, unit: float, metrics: QFontMetricsF
    ) -> None:
        named_below = px >= style.NAME_MIN_PX  # the axis already names each touchpoint
        texts = [
            metrics.elidedText(
                "fix" if named_below else f"fix: {name}", Qt.TextElideMode.ElideRight, 150
            )
            for _item, _x, _score, name in self.pain_labels
        ]
        spots = [
            ((x - x0) * px, (top - score) * unit) for _item, x, score, _name in self.pain_labels
        ]
        room = QRectF(0, 0, self.view.width(), self.view.height())
        places = style.place_labels(texts, spots, room, metrics)
        for (item, x, score, _name), text, place in zip(
            self.pain_labels, texts, places, strict=True
        ):
            item.setText(text)
            item.setVisible(place is not None)
            if place is not None:
                anchor, below = place
                item.setAnchor(anchor)
                item.setPos(
                    x, score - style.LABEL_GAP / unit if below else score + style.LABEL_GAP / unit
                )

    # -- clicks and palette ---------------------------------------------------------------

    def _clicked(self, event: object) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.curve is None:  # type: ignore[attr-defined]
            return
        scene = event.scenePos()  # type: ignore[attr-defined]
        if not self.view.sceneBoundingRect().contains(scene):
            return
        at = self.view.mapSceneToView(scene)
        (x0, x1), (y0, y1) = self.view.viewRange()
        xs, ys, ids = self._hit
        if len(xs):
            dx = (xs - at.x()) * self.view.width() / (x1 - x0)
            dy = (ys - at.y()) * self.view.height() / (y1 - y0)
            nearest = int(np.argmin(dx * dx + dy * dy))
            if dx[nearest] ** 2 + dy[nearest] ** 2 <= CLICK_PX**2:
                self.touchpointClicked.emit(int(ids[nearest]))
                return
        slot = round(at.x())
        if 0 <= slot < len(self._ids) and self._ids[slot] is not None:
            self.touchpointClicked.emit(int(self._ids[slot]))  # a column: unscored ones too

    def _restyle(self) -> None:
        self.plot.setBackground(theme.chart_background())
        fg = theme.chart_foreground()
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(style.muted())
            axis.setTextPen(fg)
        self.zero.setPen(pg.mkPen(style.muted(), width=1.2))
        highlight = QColor(QGuiApplication.palette().color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(170)
        self.cursor_line.setPen(pg.mkPen(highlight, width=3))
        self.rings.setPen(pg.mkPen(style.pain_colour(), width=2.6))
        self.person_rings.setPen(pg.mkPen(style.pain_colour(), width=1.5))
        for rings in (self.rings, self.person_rings):
            rings.setBrush(pg.mkBrush(None))
        self.hint.setColor(style.muted())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark while the app runs.
            self._restyle()
            if self.curve is not None:
                self.set_curve(self.curve)
