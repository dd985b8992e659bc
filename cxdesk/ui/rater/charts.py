"""The RATER scorecard charts (pyqtgraph): gap bars, radar, our team vs client, trend.

Imported on first use by the tab, not at start-up: pyqtgraph and numpy are slow to load.
Every chart is built once; new data only moves existing items (setOpts/setData/setText),
so an engagement with a hundred assessments redraws in a few milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.servqual import (
    DIMENSIONS,
    SCORE_MAX,
    SCORE_MIN,
    RaterDimension,
    ScorecardSummary,
    SideComparison,
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


def _tone(colour: QColor) -> QColor:
    """The same hue, lighter on a dark background so it keeps its contrast."""
    return colour.lighter(135) if theme.is_dark() else QColor(colour)


def _muted() -> QColor:
    muted = QColor(theme.chart_foreground())
    muted.setAlpha(150)
    return muted


def _signed(value: float) -> str:
    text = "0.0" if round(value, 1) == 0 else f"{value:+.1f}"
    return text.replace("-", "\u2212")  # a real minus sign, as wide as the plus


def _nan(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _plain(values: np.ndarray) -> list[float | None]:
    return [None if math.isnan(v) else round(float(v), 9) for v in values]


def _set_curve(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray) -> None:
    """Points, with NaN breaking the line; nothing at all when every value is missing."""
    if np.isnan(y).all():
        curve.setData([], [])  # pyqtgraph warns about an all-NaN scatter
    else:
        curve.setData(x, y)


def _text(anchor: tuple[float, float] = (0.0, 0.5), bold: bool = False) -> pg.TextItem:
    item = pg.TextItem("", anchor=anchor)
    if bold:
        font = QFont(item.textItem.font())
        font.setBold(True)
        item.setFont(font)
    return item


class _Panel(QWidget):
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
            axis.setPen(_muted())
            axis.setTextPen(fg)
        for item in self.texts:
            item.setColor(fg)


class _HorizontalBars(_Panel):
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
            label.setColor(_muted())
            label.setAnchor((0, 0.5))
            label.setPos(0.15, y)
            return
        inside = abs(gap) >= GAP_LIMIT - 1
        toward = -1 if (gap < 0) != inside else 1
        label.setText(_signed(gap))
        label.setColor(QColor("white") if inside and brush.lightness() < 170 else fg)
        label.setAnchor((1 if toward < 0 else 0, 0.5))
        label.setPos(gap + 0.12 * toward, y)

    def restyle(self) -> None:
        super().restyle()
        self.zero.setPen(pg.mkPen(theme.chart_foreground(), width=1.5))


class GapBars(_HorizontalBars):
    """P - E per dimension, with *the* experience gap hatched, outlined and named."""

    def __init__(self) -> None:
        super().__init__(
            "No scores yet. Add a respondent and score their expectation and perception "
            "(1-7) for each dimension to see where the experience trails expectations."
        )
        self.bars = pg.BarGraphItem(x0=0, y=ROWS, height=BAR, width=np.zeros(len(ROWS)))
        self.flag_bar = pg.BarGraphItem(x0=[0], y=[0], height=[BAR], width=[0])
        self.plot.addItem(self.bars)
        self.plot.addItem(self.flag_bar)
        self.values = [self.add_text(_text()) for _ in DIMENSIONS]
        self.flag_text = self.add_text(_text(bold=True))
        self.flag_text.setText("\u25c0 experience gap")
        self.header.setToolTip(
            "Perception minus expectation, each the respondents' mean on the 1-7 scale; "
            "below zero the experience trails what was expected."
        )
        self.gaps = np.full(len(DIMENSIONS), np.nan)
        self.flagged: RaterDimension | None = None
        self.plot.getViewBox().sigResized.connect(self._make_room)
        self.restyle()

    def _make_room(self) -> None:
        """Widen the positive side when narrow, so the flag's label is never clipped."""
        width = self.plot.getViewBox().width()
        share = (self.flag_text.textItem.boundingRect().width() + 8) / max(width, 1.0)
        low = high = GAP_LIMIT + 1.3
        if share < 0.8:
            high = max(high, (0.15 + share * low) / (1 - share))
        self.plot.setXRange(-low, high, padding=0)

    def set_summary(self, summary: ScorecardSummary | None) -> None:
        gaps = summary.gaps if summary is not None else {}
        self.gaps = _nan([gaps.get(d) for d in DIMENSIONS])
        has_data = not np.isnan(self.gaps).all()
        self.flagged = summary.experience_gap if summary is not None and has_data else None
        self.show_chart(has_data)
        brushes = [_tone(theme.TRAILING if g < 0 else theme.AHEAD) for g in self.gaps]
        self.bars.setOpts(width=np.nan_to_num(self.gaps), brushes=brushes)
        for i, label in enumerate(self.values):
            gap = None if math.isnan(self.gaps[i]) else float(self.gaps[i])
            self.label_bar(label, i, gap, brushes[i])
        flagged = self.flagged is not None
        self.flag_bar.setVisible(flagged)
        self.flag_text.setVisible(flagged)
        fg = theme.chart_foreground()
        header = "<b>Gap</b> = P \u2212 E"
        if self.flagged is not None:
            row = DIMENSIONS.index(self.flagged)
            self.flag_bar.setOpts(
                y=[row],
                width=[self.gaps[row]],
                brush=QBrush(fg, Qt.BrushStyle.BDiagPattern),
                pen=pg.mkPen(fg, width=2.5),
            )
            self.flag_text.setPos(0.15, row)
            header += (
                f" \u00b7 experience gap: <b>{self.flagged.label} {_signed(self.gaps[row])}</b>"
            )
        elif has_data:
            header += " \u00b7 no experience gap"
        self.header.setText(header)

    def restyle(self) -> None:
        super().restyle()
        self.bars.setOpts(pen=pg.mkPen(theme.chart_foreground(), width=0.5))


class Radar(_Panel):
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
            label = self.add_text(_text(anchor=(0.5, 0.5)))
            label.setText(str(r))
            label.setPos(r * math.cos(between), r * math.sin(between))
            self.ring_labels.append(label)
        self.spoke_labels = []
        for angle in self.angles:
            label = self.add_text(
                _text(anchor=(0.5 - 0.5 * math.cos(angle), 0.5 + 0.5 * math.sin(angle)))
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
        expectation = _nan([means[d].expectation if d in means else None for d in DIMENSIONS])
        perception = _nan([means[d].perception if d in means else None for d in DIMENSIONS])
        self.show_chart(not np.isnan(expectation).all())
        _set_curve(self.expectation, *self._polygon(expectation))
        x, y = self._polygon(perception)
        _set_curve(self.perception, x, y)
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
            result[name] = _plain(np.hypot(x, y)[:5] if drawn else np.full(5, np.nan))
        return result

    def restyle(self) -> None:
        super().restyle()
        faint = _muted()
        faint.setAlpha(70)
        self.rings.setPen(pg.mkPen(faint, width=1))
        self.spokes.setPen(pg.mkPen(faint, width=1))
        for label in self.ring_labels:
            label.setColor(_muted())
        expected, experienced = _tone(theme.EXPECTED), _tone(theme.EXPERIENCED)
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


class Sides(_HorizontalBars):
    """Our team's gaps above the client's, per dimension, with the difference spelled out."""

    def __init__(self) -> None:
        super().__init__(
            "No sides to compare yet. Mark each respondent as our team or client and score "
            "them to see whether we rate the experience higher than the client does."
        )
        self.band = pg.BarGraphItem(x0=-GAP_LIMIT - 1.3, y=[0], height=[0.96], width=[15])
        self.plot.addItem(self.band)
        self.band.setZValue(-10)
        offset = BAR / 4 + 0.02
        self.team = pg.BarGraphItem(x0=0, y=ROWS - offset, height=BAR / 2, width=np.zeros(5))
        self.client = pg.BarGraphItem(x0=0, y=ROWS + offset, height=BAR / 2, width=np.zeros(5))
        self.plot.addItem(self.team)
        self.plot.addItem(self.client)
        self.team_values = [self.add_text(_text()) for _ in DIMENSIONS]
        self.client_values = [self.add_text(_text()) for _ in DIMENSIONS]
        self.offset = offset
        self.data = {name: np.full(5, np.nan) for name in ("Our team", "Client", "Difference")}
        self.restyle()

    def set_sides(self, sides: SideComparison | None) -> None:
        team = _nan([sides.team.get(d) for d in DIMENSIONS] if sides else [None] * 5)
        client = _nan([sides.client.get(d) for d in DIMENSIONS] if sides else [None] * 5)
        diffs = _nan([sides.difference(d) for d in DIMENSIONS] if sides else [None] * 5)
        self.data = {"Our team": team, "Client": client, "Difference": diffs}
        has_team, has_client = not np.isnan(team).all(), not np.isnan(client).all()
        self.show_chart(has_team or has_client)
        self.team.setOpts(width=np.nan_to_num(team))
        self.client.setOpts(width=np.nan_to_num(client))
        for labels, values, colour, shift, present in (
            (self.team_values, team, TEAM, -self.offset, has_team),
            (self.client_values, client, CLIENT, self.offset, has_client),
        ):
            for row, label in enumerate(labels):
                value = None if math.isnan(values[row]) else float(values[row])
                self.label_bar(label, row + shift, value, _tone(colour))
                label.setVisible(present)  # a side nobody scored is said once, in the header
        widest = sides.widest if sides is not None else None
        if widest is not None and round(diffs[DIMENSIONS.index(widest)], 1) == 0:
            widest = None  # agreement everywhere: nothing to emphasise
        self.band.setVisible(widest is not None)
        if widest is not None:
            self.band.setOpts(y=[DIMENSIONS.index(widest)])
        # The difference sits under each dimension's name: no extra column to squeeze the bars.
        both = has_team and has_client
        self.plot.getAxis("left").setTicks(
            [
                [
                    (
                        row,
                        f"{d.label}\n{_difference_text(diffs[row], d is widest)}"
                        if both
                        else d.label,
                    )
                    for row, d in enumerate(DIMENSIONS)
                ]
            ]
        )
        self.header.setText(_sides_headline(sides, has_team, has_client, widest))

    def restyle(self) -> None:
        super().restyle()
        fg = theme.chart_foreground()
        team, client = _tone(TEAM), _tone(CLIENT)
        self.team.setOpts(brush=team, pen=pg.mkPen(team.darker(130)))
        self.client.setOpts(brush=client, pen=pg.mkPen(client.darker(130)))
        band = QColor(fg)
        band.setAlpha(22)
        self.band.setOpts(brush=band, pen=pg.mkPen(fg, width=1, style=Qt.PenStyle.DashLine))


def _difference_text(diff: float, widest: bool) -> str:
    if math.isnan(diff):
        return "not comparable"
    if round(diff, 1) == 0:
        text = "team and client agree"
    else:
        side = "above" if diff > 0 else "below"
        text = f"team {_signed(diff) if diff > 0 else f'{abs(diff):.1f}'} {side} client"
    return f"\u25b6 {text}" if widest else text


def _sides_headline(
    sides: SideComparison | None, has_team: bool, has_client: bool, widest: RaterDimension | None
) -> str:
    legend = (
        f'<span style="color:{_tone(TEAM).name()}">\u25a0</span> Our team&nbsp;&nbsp;'
        f'<span style="color:{_tone(CLIENT).name()}">\u25a0</span> Client&nbsp;&nbsp;'
    )
    if not has_client:
        return legend + "<b>No client respondents scored yet</b>: add one to compare."
    if not has_team:
        return legend + "<b>No team respondents scored yet</b>: add one to compare."
    overall = sides.overall_difference if sides is not None else None
    if overall is not None and round(overall, 1) != 0:
        side = "above" if overall > 0 else "below"
        return legend + f"<b>Our team rates it {abs(overall):.1f} {side} the client</b>"
    if sides is None or widest is None:
        return legend + "our team and the client agree where both scored"
    diff = sides.difference(widest) or 0.0
    return legend + f"widest disagreement: <b>{widest.label} (team {_signed(diff)})</b>"


class Trend(_Panel):
    """Each dimension's gap across assessments, in the order given (milestones)."""

    def __init__(self) -> None:
        super().__init__(
            "No trend yet. Score assessments at successive milestones to see how each "
            "dimension's gap moves."
        )
        plot = self.plot
        plot.getViewBox().setMouseEnabled(x=True, y=False)  # pan/zoom along many points
        plot.showGrid(y=True, alpha=0.12)
        self.zero = pg.InfiniteLine(0, angle=0)
        plot.addItem(self.zero)
        self.lines = {}
        for dimension, (_colour, symbol, _glyph) in LINE_STYLE.items():
            line = pg.PlotDataItem(connect="finite", symbol=symbol, symbolSize=8)
            plot.addItem(line)
            self.lines[dimension] = line
        self.labels: list[str] = []
        self.restyle()

    def set_trend(self, points: TrendPoints) -> None:
        self.labels = [label for label, _gaps in points]
        x = np.arange(len(points), dtype=float)
        values = {d: _nan([gaps.get(d) for _label, gaps in points]) for d in DIMENSIONS}
        finite = np.concatenate([v[~np.isnan(v)] for v in values.values()] + [np.zeros(0)])
        self.show_chart(bool(finite.size))
        for dimension, line in self.lines.items():
            _set_curve(line, x, values[dimension])
        self.plot.getAxis("bottom").setTicks([_x_ticks(self.labels)])
        low = math.floor(min(finite.min(initial=0.0), -1.0))
        high = math.ceil(max(finite.max(initial=0.0), 1.0))
        self.plot.setYRange(max(low, -GAP_LIMIT), min(high, GAP_LIMIT), padding=0.08)
        self.plot.setXRange(-0.5, max(len(points) - 0.5, 0.5), padding=0)

    def series(self) -> dict[RaterDimension, list[float | None]]:
        result = {}
        for dimension, line in self.lines.items():
            y = line.getData()[1]
            drawn = y is not None and len(y) > 0
            result[dimension] = _plain(y) if drawn else [None] * len(self.labels)
        return result

    def restyle(self) -> None:
        super().restyle()
        self.zero.setPen(pg.mkPen(theme.chart_foreground(), width=1.5))
        legend = []
        for dimension, (colour, _symbol, glyph) in LINE_STYLE.items():
            tone = _tone(QColor(colour))
            line = self.lines[dimension]
            line.setPen(pg.mkPen(tone, width=2))
            line.setSymbolBrush(tone)
            line.setSymbolPen(tone)
            legend.append(f'<span style="color:{tone.name()}">{glyph}</span> {dimension.label}')
        self.header.setText("&nbsp;&nbsp;".join(legend) + "&nbsp;&nbsp;(P \u2212 E)")


def _x_ticks(labels: Sequence[str]) -> list[tuple[float, str]]:
    """Point labels under the trend: shortened, and thinned when there are many."""
    step = max(1, -(-len(labels) // MAX_X_LABELS))
    ticks = []
    for i, name in enumerate(labels):
        if i % step and i != len(labels) - 1:
            continue  # the latest point is always labelled
        short = name if len(name) <= X_LABEL_CHARS else name[: X_LABEL_CHARS - 1] + "\u2026"
        ticks.append((float(i), short))
    return ticks


class RaterCharts(QWidget):
    """Gap bars (with the experience-gap flag) always in view; the other views in tabs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gaps = GapBars()
        self.radar = Radar()
        self.sides = Sides()
        self.trend = Trend()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.sides, "Our team vs client")
        self.tabs.addTab(self.radar, "Radar")
        self.tabs.addTab(self.trend, "Trend")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.gaps)
        splitter.addWidget(self.tabs)
        splitter.setSizes([1, 1])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._summary: ScorecardSummary | None = None
        self._trend: TrendPoints = ()
        self.set_summary(None)
        self.set_trend(())

    def minimumSizeHint(self) -> QSize:
        return QSize(640, 220)  # below this the labels and the flag would not fit

    def sizeHint(self) -> QSize:
        return QSize(1000, 300)

    def set_summary(self, summary: ScorecardSummary | None) -> None:
        self._summary = summary
        usable = summary if summary is not None and not summary.is_empty else None
        self.gaps.set_summary(usable)
        self.radar.set_summary(usable)
        self.sides.set_sides(usable.sides if usable is not None else None)

    def set_trend(self, points: TrendPoints) -> None:
        self._trend = points
        self.trend.set_trend(points)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark while the app runs.
            for panel in (self.gaps, self.radar, self.sides, self.trend):
                panel.restyle()
            self.set_summary(self._summary)
            self.set_trend(self._trend)

    # What is drawn, as plain values (tests, and anyone who cannot see the charts).
    def gap_bars(self) -> dict[RaterDimension, float | None]:
        return dict(zip(DIMENSIONS, _plain(self.gaps.gaps), strict=True))

    def flagged_dimension(self) -> RaterDimension | None:
        return self.gaps.flagged if self.gaps.flag_bar.isVisible() else None

    def radar_series(self) -> dict[str, list[float | None]]:
        return self.radar.series()

    def sides_series(self) -> dict[str, list[float | None]]:
        return {name: _plain(values) for name, values in self.sides.data.items()}

    def trend_series(self) -> dict[RaterDimension, list[float | None]]:
        return self.trend.series()

    def empty_states(self) -> dict[str, str]:
        """The sentence each chart shows instead of a plot, for the charts that are empty."""
        panels = {"gaps": self.gaps, "radar": self.radar, "sides": self.sides, "trend": self.trend}
        return {name: p.empty.text() for name, p in panels.items() if p.empty_shown}
