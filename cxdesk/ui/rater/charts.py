"""The RATER scorecard charts (pyqtgraph): gap bars, radar, our team vs client, trend.

Imported on first use by the tab, not at start-up: pyqtgraph and numpy are slow to load.
Every chart is built once; new data only moves existing items (setOpts/setData/setText),
so an engagement with a hundred assessments redraws in a few milliseconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.servqual import (
    DIMENSIONS,
    RaterDimension,
    ScorecardSummary,
    SideComparison,
)
from cxdesk.models.wording import spoken_list
from cxdesk.ui import theme
from cxdesk.ui.rater.chart_base import (
    BAR,
    CLIENT,
    GAP_LIMIT,
    LINE_STYLE,
    MAX_X_LABELS,
    ROWS,
    TEAM,
    X_LABEL_CHARS,
    HorizontalBars,
    Panel,
    TrendPoints,
    nan_array,
    plain,
    set_curve,
    signed,
    text_item,
    tone,
)
from cxdesk.ui.rater.radar import Radar


class GapBars(HorizontalBars):
    """P - E per dimension, with the experience gap hatched, outlined and named: every
    dimension of it when several tie at the lowest gap."""

    def __init__(self) -> None:
        super().__init__(
            "No scores yet. Add a respondent and score their expectation and perception "
            "(1-7) for each dimension to see where the experience trails expectations."
        )
        self.bars = pg.BarGraphItem(x0=0, y=ROWS, height=BAR, width=np.zeros(len(ROWS)))
        self.flag_bar = pg.BarGraphItem(x0=[0], y=[0], height=[BAR], width=[0])
        self.plot.addItem(self.bars)
        self.plot.addItem(self.flag_bar)
        self.values = [self.add_text(text_item()) for _ in DIMENSIONS]
        # One name per dimension: a tie flags each of its rows, not only the first.
        self.flag_texts = [self.add_text(text_item(bold=True)) for _ in DIMENSIONS]
        for row, item in enumerate(self.flag_texts):
            item.setText("\u25c0 experience gap")
            item.setPos(0.15, row)
        self.header.setToolTip(
            "Perception minus expectation, each the respondents' mean on the 1-7 scale; "
            "below zero the experience trails what was expected."
        )
        self.gaps = np.full(len(DIMENSIONS), np.nan)
        self.flagged: tuple[RaterDimension, ...] = ()
        self.plot.getViewBox().sigResized.connect(self._make_room)
        self.restyle()

    def _make_room(self) -> None:
        """Widen the positive side when narrow, so the flag's label is never clipped."""
        width = self.plot.getViewBox().width()
        share = (self.flag_texts[0].textItem.boundingRect().width() + 8) / max(width, 1.0)
        low = high = GAP_LIMIT + 1.3
        if share < 0.8:
            high = max(high, (0.15 + share * low) / (1 - share))
        self.plot.setXRange(-low, high, padding=0)

    def set_summary(self, summary: ScorecardSummary | None) -> None:
        gaps = summary.gaps if summary is not None else {}
        self.gaps = nan_array([gaps.get(d) for d in DIMENSIONS])
        has_data = not np.isnan(self.gaps).all()
        self.flagged = summary.experience_gaps if summary is not None and has_data else ()
        self.show_chart(has_data)
        brushes = [tone(theme.TRAILING if g < 0 else theme.AHEAD) for g in self.gaps]
        self.bars.setOpts(width=np.nan_to_num(self.gaps), brushes=brushes)
        for i, label in enumerate(self.values):
            gap = None if math.isnan(self.gaps[i]) else float(self.gaps[i])
            self.label_bar(label, i, gap, brushes[i])
        rows = [DIMENSIONS.index(d) for d in self.flagged]
        self.flag_bar.setVisible(bool(rows))
        for row, item in enumerate(self.flag_texts):
            item.setVisible(row in rows)
        fg = theme.chart_foreground()
        header = "<b>Gap</b> = P \u2212 E"
        if rows:
            self.flag_bar.setOpts(
                y=rows,
                x0=np.zeros(len(rows)),
                height=np.full(len(rows), BAR),
                width=[self.gaps[row] for row in rows],
                brush=QBrush(fg, Qt.BrushStyle.BDiagPattern),
                pen=pg.mkPen(fg, width=2.5),
            )
            names = spoken_list([d.label for d in self.flagged])
            header += f" \u00b7 experience gap: <b>{names} {signed(self.gaps[rows[0]])}</b>"
        elif has_data:
            header += " \u00b7 no experience gap"
        self.header.setText(header)

    def restyle(self) -> None:
        super().restyle()
        self.bars.setOpts(pen=pg.mkPen(theme.chart_foreground(), width=0.5))


class Sides(HorizontalBars):
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
        self.team_values = [self.add_text(text_item()) for _ in DIMENSIONS]
        self.client_values = [self.add_text(text_item()) for _ in DIMENSIONS]
        self.offset = offset
        self.data = {name: np.full(5, np.nan) for name in ("Our team", "Client", "Difference")}
        self.restyle()

    def set_sides(self, sides: SideComparison | None) -> None:
        team = nan_array([sides.team.get(d) for d in DIMENSIONS] if sides else [None] * 5)
        client = nan_array([sides.client.get(d) for d in DIMENSIONS] if sides else [None] * 5)
        diffs = nan_array([sides.difference(d) for d in DIMENSIONS] if sides else [None] * 5)
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
                self.label_bar(label, row + shift, value, tone(colour))
                label.setVisible(present)  # a side nobody scored is said once, in the header
        widest = sides.widest if sides is not None else ()
        if widest and round(diffs[DIMENSIONS.index(widest[0])], 1) == 0:
            widest = ()  # agreement everywhere: nothing to emphasise
        rows = [DIMENSIONS.index(d) for d in widest]  # every dimension of a tie
        self.band.setVisible(bool(rows))
        if rows:
            n = len(rows)
            self.band.setOpts(
                x0=np.full(n, -GAP_LIMIT - 1.3),
                y=rows,
                height=np.full(n, 0.96),
                width=np.full(n, 15),
            )
        # The difference sits under each dimension's name: no extra column to squeeze the bars.
        both = has_team and has_client
        self.plot.getAxis("left").setTicks(
            [
                [
                    (
                        row,
                        f"{d.label}\n{_difference_text(diffs[row], d in widest)}"
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
        team, client = tone(TEAM), tone(CLIENT)
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
        text = f"team {signed(diff) if diff > 0 else f'{abs(diff):.1f}'} {side} client"
    return f"\u25b6 {text}" if widest else text


def _sides_headline(
    sides: SideComparison | None,
    has_team: bool,
    has_client: bool,
    widest: tuple[RaterDimension, ...],
) -> str:
    legend = (
        f'<span style="color:{tone(TEAM).name()}">\u25a0</span> Our team&nbsp;&nbsp;'
        f'<span style="color:{tone(CLIENT).name()}">\u25a0</span> Client&nbsp;&nbsp;'
    )
    if not has_client:
        return legend + "<b>No client respondents scored yet</b>: add one to compare."
    if not has_team:
        return legend + "<b>No team respondents scored yet</b>: add one to compare."
    overall = sides.overall_difference if sides is not None else None
    if overall is not None and round(overall, 1) != 0:
        side = "above" if overall > 0 else "below"
        return legend + f"<b>Our team rates it {abs(overall):.1f} {side} the client</b>"
    if sides is None or not widest:
        return legend + "our team and the client agree where both scored"
    each = [f"{d.label} (team {signed(sides.difference(d) or 0.0)})" for d in widest]
    return legend + f"widest disagreement: <b>{spoken_list(each)}</b>"


class Trend(Panel):
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
        values = {d: nan_array([gaps.get(d) for _label, gaps in points]) for d in DIMENSIONS}
        finite = np.concatenate([v[~np.isnan(v)] for v in values.values()] + [np.zeros(0)])
        self.show_chart(bool(finite.size))
        for dimension, line in self.lines.items():
            set_curve(line, x, values[dimension])
        self.plot.getAxis("bottom").setTicks([_x_ticks(self.labels)])
        low = math.floor(min(finite.min(initial=0.0), -1.0))
        high = math.ceil(max(finite.max(initial=0.0), 1.0))
        self.plot.setYRange(max(low, -GAP_LIMIT), min(high, GAP_LIMIT), padding=0.08)
        self.plot.setXRange(-0.5, max(len(points) - 0.5, 0.5), padding=0)

    def series(self) -> dict[RaterDimension, list[float | None]]:
        result: dict[RaterDimension, list[float | None]] = {}
        for dimension, line in self.lines.items():
            y = line.getData()[1]
            drawn = y is not None and len(y) > 0
            result[dimension] = plain(y) if drawn else [None] * len(self.labels)
        return result

    def restyle(self) -> None:
        super().restyle()
        self.zero.setPen(pg.mkPen(theme.chart_foreground(), width=1.5))
        legend = []
        for dimension, (colour, _symbol, glyph) in LINE_STYLE.items():
            shade = tone(QColor(colour))
            line = self.lines[dimension]
            line.setPen(pg.mkPen(shade, width=2))
            line.setSymbolBrush(shade)
            line.setSymbolPen(shade)
            legend.append(f'<span style="color:{shade.name()}">{glyph}</span> {dimension.label}')
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
        # The trend reads every assessment of the engagement, the other charts only the
        # one in front: it is read when its tab is shown (or asked for), not before.
        self._trend_source: Callable[[], TrendPoints] | None = None
        self.tabs.currentChanged.connect(self._draw_trend_if_shown)
        self.set_summary(None)
        self.set_trend(())

    def minimumSizeHint(self) -> QSize:
        return QSize(640, 205)  # below this the labels and the flag would not fit

    def sizeHint(self) -> QSize:
        return QSize(1000, 300)

    def set_summary(self, summary: ScorecardSummary | None) -> None:
        self._summary = summary
        usable = summary if summary is not None and not summary.is_empty else None
        self.gaps.set_summary(usable)
        self.radar.set_summary(usable)
        self.sides.set_sides(usable.sides if usable is not None else None)

    def set_trend(self, points: TrendPoints) -> None:
        self._trend_source = None
        self._trend = points
        self.trend.set_trend(points)

    def set_trend_source(self, source: Callable[[], TrendPoints]) -> None:
        """Draw ``source()`` as the trend now if its tab is in front, else once it is."""
        self._trend_source = source
        self._draw_trend_if_shown()

    def _draw_trend_if_shown(self, *_args: object) -> None:
        if self.tabs.currentWidget() is self.trend:
            self._draw_pending_trend()

    def _draw_pending_trend(self) -> None:
        if self._trend_source is not None:
            self.set_trend(self._trend_source())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark while the app runs.
            for panel in (self.gaps, self.radar, self.sides, self.trend):
                panel.restyle()
            self.set_summary(self._summary)
            if self._trend_source is None:  # else drawn in the new colours when shown
                self.set_trend(self._trend)

    # What is drawn, as plain values (tests, and anyone who cannot see the charts).
    def gap_bars(self) -> dict[RaterDimension, float | None]:
        return dict(zip(DIMENSIONS, plain(self.gaps.gaps), strict=True))

    def flagged_dimensions(self) -> tuple[RaterDimension, ...]:
        """The dimensions named the experience gap on screen (all of a tie), in RATER order."""
        texts = self.gaps.flag_texts
        return tuple(d for d, item in zip(DIMENSIONS, texts, strict=True) if item.isVisible())

    def radar_series(self) -> dict[str, list[float | None]]:
        return self.radar.series()

    def sides_series(self) -> dict[str, list[float | None]]:
        return {name: plain(values) for name, values in self.sides.data.items()}

    def trend_series(self) -> dict[RaterDimension, list[float | None]]:
        self._draw_pending_trend()  # what its tab shows once clicked
        return self.trend.series()

    def empty_states(self) -> dict[str, str]:
        """The sentence each chart shows instead of a plot, for the charts that are empty."""
        self._draw_pending_trend()
        panels = {"gaps": self.gaps, "radar": self.radar, "sides": self.sides, "trend": self.trend}
        return {name: p.empty.text() for name, p in panels.items() if p.empty_shown}
