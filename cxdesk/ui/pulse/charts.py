"""The pulse-check trend (pyqtgraph): confidence and CSAT over time, milestones marked.

One plot with two scales: confidence (1-10) on the left axis, CSAT (1-5) on the right.
At a chart height of ~250 pixels two stacked plots would each be too short to read, so
CSAT is drawn at twice its value in the same view box and the right axis is labelled
in CSAT units (tick 2 reads "1", tick 10 reads "5"): both series share the full height.

Imported on first use, not at start-up: pyqtgraph and numpy cost about half a second.
Also reused by the Overview tab for its "pulse-check trend".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from cxdesk.models.pulse import CONFIDENCE_MAX, CSAT_MAX, pulse_trend
from cxdesk.models.records import MilestoneRecord, PulseRecord
from cxdesk.ui import theme
from cxdesk.ui.chart_frame import framed_chart

CONFIDENCE = "Confidence"
CSAT = "CSAT"
CONFIDENCE_COLOUR = theme.AHEAD  # Okabe-Ito blue
CSAT_COLOUR = theme.EXPERIENCED  # Okabe-Ito orange
MILESTONE_COLOUR = QColor("#CC79A7")  # Okabe-Ito reddish purple
CSAT_FACTOR = CONFIDENCE_MAX / CSAT_MAX  # CSAT 5 sits level with confidence 10
EMPTY_TEXT = (
    "No pulse checks yet. Ask the client how confident they are in the outcome (1-10) "
    "and how satisfied they are so far (1-5), and record the answers above to see the trend."
)
MILESTONE_LABEL_CHARS = 22
TICK_PIXELS = 64  # room for a "28 Feb" label and a gap
TICK_STEPS = (1, 2, 7, 14, 28, 56, 91, 182, 364)


def timestamp(day: date) -> float:
    """Midday local time: DateAxisItem shows local dates, and midday never crosses a day."""
    return datetime.combine(day, time(12, 0)).timestamp()


def day_of(stamp: float) -> date:
    return datetime.fromtimestamp(stamp).date()


class PulseTrendChart(QWidget):
    """Daily mean confidence and CSAT as lines with markers, each response a faint dot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(orientation="bottom")})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.showAxis("right")
        self.plot.setYRange(0, CONFIDENCE_MAX + 0.6, padding=0)
        view = self.plot.getViewBox()
        view.setMouseEnabled(x=True, y=False)
        view.sigXRangeChanged.connect(self._update_ticks)
        view.sigResized.connect(self._update_ticks)
        left, right = self.plot.getAxis("left"), self.plot.getAxis("right")
        left.setTicks([[(v, str(v)) for v in range(0, CONFIDENCE_MAX + 1, 2)]])
        right.setTicks([[(v * CSAT_FACTOR, str(v)) for v in range(0, CSAT_MAX + 1)]])
        self.plot.showGrid(y=True, alpha=0.15)

        self.dots = {name: pg.ScatterPlotItem(size=7, pen=None) for name in (CONFIDENCE, CSAT)}
        self.lines = {
            name: pg.PlotDataItem(symbol=symbol, symbolSize=8)
            for name, symbol in ((CONFIDENCE, "o"), (CSAT, "s"))
        }
        for name in (CONFIDENCE, CSAT):
            self.plot.addItem(self.dots[name])
            self.plot.addItem(self.lines[name])
        self.marks: list[pg.InfiniteLine] = []  # the lines shown, one per dated milestone
        self._spare_marks: list[pg.InfiniteLine] = []
        self._series: dict[str, list[tuple[date, float]]] = {CONFIDENCE: [], CSAT: []}
        self._milestone_marks: list[tuple[str, date]] = []
        self._last: tuple[Sequence[PulseRecord], Sequence[MilestoneRecord]] = ((), ())

        # The legend sits above the plot as text, so it can never cover a point.
        self.legend = QLabel()
        self.legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.legend.setWordWrap(True)  # a narrow window wraps it rather than widening
        self.legend.setToolTip("Lines: the mean of each day's responses")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.stack, self.empty = framed_chart(self, self.legend, self.plot, EMPTY_TEXT)
        self._apply_palette()

    # -- public API ----------------------------------------------------------------

    def set_data(
        self, pulses: Sequence[PulseRecord], milestones: Sequence[MilestoneRecord]
    ) -> None:
        self._last = (pulses, milestones)
        # The client's experience over time: our own team's pulse checks (collected in a
        # separate round) rate the work as its providers do, and would lift the line.
        pulses = [p for p in pulses if p.is_client]
        trend = pulse_trend(p.score for p in pulses)
        self._series = {
            CONFIDENCE: [
                (t.taken_on, t.mean_confidence) for t in trend if t.mean_confidence is not None
            ],
            CSAT: [(t.taken_on, t.mean_csat) for t in trend if t.mean_csat is not None],
        }
        for name, factor in ((CONFIDENCE, 1.0), (CSAT, CSAT_FACTOR)):
            points = self._series[name]
            self.lines[name].setData(
                [timestamp(d) for d, _v in points], [v * factor for _d, v in points]
            )
            field = "confidence" if name == CONFIDENCE else "csat"
            answered = [p for p in pulses if getattr(p, field) is not None]
            self.dots[name].setData(
                [timestamp(p.taken_on) for p in answered],
                [getattr(p, field) * factor for p in answered],
            )
        has_data = any(self._series.values())
        self.stack.setCurrentIndex(0 if has_data else 1)
        self._mark_milestones(milestones)
        if has_data:
            self._set_x_range()

    def series(self) -> dict[str, list[tuple[date, float]]]:
        """The daily means drawn, in their own units (CSAT 1-5), oldest first."""
        return {name: list(points) for name, points in self._series.items()}

    def milestone_marks(self) -> list[tuple[str, date]]:
        """The milestones drawn as vertical lines: (name, due date), by date."""
        return list(self._milestone_marks)

    # -- drawing -------------------------------------------------------------------

    def _mark_milestones(self, milestones: Sequence[MilestoneRecord]) -> None:
        dated = sorted(
            ((m.name, m.due_date) for m in milestones if m.due_date is not None),
            key=lambda pair: pair[1],
        )
        if dated == self._milestone_marks and len(self.marks) == len(dated):
            return  # unchanged: re-creating 20 labelled lines costs ~30 ms per refresh
        self._milestone_marks = dated
        # Another engagement's milestones move and rename the lines already drawn
        # instead of re-creating them (the Overview redraws this on every switch); the
        # lines not needed now wait hidden for an engagement with more milestones.
        while len(self.marks) > len(dated):
            spare = self.marks.pop()
            spare.hide()
            self._spare_marks.append(spare)
        while len(self.marks) < len(dated) and self._spare_marks:
            reused = self._spare_marks.pop()
            reused.show()  # before its label is set: a hidden label keeps its old text
            self.marks.append(reused)
        pen = pg.mkPen(MILESTONE_COLOUR, width=1.5, style=Qt.PenStyle.DashLine)
        fg = theme.chart_foreground()
        for index, (name, due) in enumerate(dated):
            # Alternate heights, so the names of close milestones do not overlap;
            # pyqtgraph puts each name on the side of its line facing the middle.
            height = 0.95 if index % 2 == 0 else 0.83
            short = (
                name
                if len(name) <= MILESTONE_LABEL_CHARS
                else name[: MILESTONE_LABEL_CHARS - 1] + "…"
            )
            # pyqtgraph formats a line's label with str.format: a brace in the name is
            # doubled, or "{x}" would raise and "{value}" print the line's position.
            label = short.replace("{", "{{").replace("}", "}}")
            if index < len(self.marks):
                mark = self.marks[index]
                mark.setPen(pen)
                mark.label.setColor(fg)
                mark.label.setFormat(label)
                mark.label.setPosition(height)
                mark.setValue(timestamp(due))
            else:
                mark = pg.InfiniteLine(
                    pos=timestamp(due),
                    angle=90,
                    movable=False,
                    pen=pen,
                    label=label,
                    labelOpts={"color": fg, "position": height},
                )
                self.plot.addItem(mark)
                self.marks.append(mark)
            mark.setToolTip(f"{name}: due {due:%d %b %Y}")

    def _set_x_range(self) -> None:
        days = [d for points in self._series.values() for d, _v in points]
        first, last = min(days), max(days)
        span = max((last - first).days, 7)
        # Show milestones near the responses (the next one due, the last one passed),
        # but not one a year away that would squash every point to one side.
        reach = timedelta(days=max(14, span // 2))
        near = [d for _n, d in self._milestone_marks if first - reach <= d <= last + reach]
        start = min([first, *near]) - timedelta(days=max(2, span // 20))
        end = max([last, *near]) + timedelta(days=max(2, span // 20))
        self.plot.setXRange(timestamp(start), timestamp(end), padding=0)

    def _update_ticks(self, *_args: object) -> None:
        """Day ticks far enough apart to read (pyqtgraph's own can run into each other)."""
        view = self.plot.getViewBox()
        (x_min, x_max), _y = view.viewRange()
        width = max(view.width(), 1.0)
        days_shown = max((x_max - x_min) / 86_400, 1.0)
        min_days = days_shown * TICK_PIXELS / width
        step = next((s for s in TICK_STEPS if s >= min_days), TICK_STEPS[-1])
        first = day_of(x_min)
        if step >= 7:
            first += timedelta(days=(7 - first.weekday()) % 7)  # weekly ticks on Mondays
        ticks = []
        day = first
        while timestamp(day) <= x_max:
            if timestamp(day) >= x_min:
                ticks.append((timestamp(day), f"{day.day} {day:%b}"))
            day += timedelta(days=step)
        self.plot.getAxis("bottom").setTicks([ticks])

    def _apply_palette(self) -> None:
        """Chart colours from the current (light or dark) palette."""
        self.plot.setBackground(theme.chart_background())
        fg = theme.chart_foreground()
        for name in ("left", "bottom", "right"):
            axis = self.plot.getAxis(name)
            axis.setPen(fg)
            axis.setTextPen(fg)
        # Okabe-Ito blue is dim on a dark background: lighten the axis titles there.
        lift = 140 if theme.is_dark() else 100
        self.plot.setLabel(
            "left", "Confidence (1-10)", color=CONFIDENCE_COLOUR.lighter(lift).name()
        )
        self.plot.setLabel("right", "CSAT (1-5)", color=CSAT_COLOUR.lighter(lift).name())
        for name, colour in ((CONFIDENCE, CONFIDENCE_COLOUR), (CSAT, CSAT_COLOUR)):
            faint = QColor(colour)
            faint.setAlpha(110)
            self.dots[name].setBrush(pg.mkBrush(faint))
            line = self.lines[name]
            line.setPen(pg.mkPen(colour, width=2))
            line.setSymbolBrush(pg.mkBrush(colour))
            line.setSymbolPen(pg.mkPen(theme.chart_background(), width=1))
        entries = (
            (CONFIDENCE_COLOUR, "●", "Confidence (left, 1-10)"),
            (CSAT_COLOUR, "■", "CSAT (right, 1-5)"),
            (MILESTONE_COLOUR, "┊", "Milestone due"),
            (QColor(CONFIDENCE_COLOUR.lighter(160)), "•", "one response"),
        )
        # Non-breaking spaces inside an entry: a narrow chart wraps between entries only.
        self.legend.setText(
            " &nbsp; ".join(
                f'<span style="color:{colour.name()}">{mark}</span>&nbsp;'
                + text.replace(" ", "&nbsp;")
                for colour, mark, text in entries
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark while the app runs.
            self._apply_palette()
            self._milestone_marks = []  # redraw the milestone names in the new colours
            self.set_data(*self._last)
