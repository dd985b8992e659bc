"""The matrix charts (pyqtgraph): levels per expectation, and the gap heatmap by milestone.

Imported on first use, not at start-up: pyqtgraph and numpy cost about half a second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from cxdesk.models.as_of import revalidation_order
from cxdesk.models.gaps import gap_grid
from cxdesk.models.records import ItemRecord, MilestoneRecord
from cxdesk.ui import theme
from cxdesk.ui.chart_axes import CountAxis

NOW = "Now"
SnapshotGap = tuple[int, int, int | None]  # item id, milestone id, perceived gap
# Values are written in the cells only up to this many cells: beyond it they would be
# unreadable anyway, and each label is a graphics item that costs time on every redraw.
LABEL_CELLS_UP_TO = 240


def _plot_widget(**axes: pg.AxisItem) -> pg.PlotWidget:
    plot = pg.PlotWidget(axisItems=axes or None)
    apply_palette(plot)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    return plot


def apply_palette(plot: pg.PlotWidget) -> None:
    """Chart colours from the current (light or dark) palette."""
    plot.setBackground(theme.chart_background())
    fg = theme.chart_foreground()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(fg)
        axis.setTextPen(fg)


class _WithEmptyState(QStackedWidget):
    """A chart, or a sentence saying what to do for it to show something."""

    def __init__(self, chart: QWidget, empty_text: str) -> None:
        super().__init__()
        self.chart = chart
        self.empty = QLabel(empty_text)
        self.empty.setWordWrap(True)
        self.empty.setMargin(24)
        self.addWidget(chart)
        self.addWidget(self.empty)

    def show_chart(self, has_data: bool) -> None:
        self.setCurrentWidget(self.chart if has_data else self.empty)


class LevelsChart(QWidget):
    """Expected vs delivered vs experienced, one group of bars per expectation."""

    SERIES = (
        ("Expected", "expected_level", theme.EXPECTED),
        ("Delivered", "delivered_level", theme.DELIVERED),
        ("Experienced", "experienced_level", theme.EXPERIENCED),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot_widget(bottom=CountAxis(orientation="bottom"))
        self.plot.setLabel("left", "Level (1-5)")
        self.plot.setLabel("bottom", "Expectation #")
        self.plot.setYRange(0, 5.3, padding=0)
        self.plot.getAxis("left").setTicks([[(v, str(v)) for v in range(6)]])
        self.plot.getViewBox().setMouseEnabled(x=True, y=False)
        self.bars: dict[str, pg.BarGraphItem] = {}
        width = 0.26
        for offset, (name, _field, colour) in zip((-width, 0.0, width), self.SERIES, strict=True):
            bar = pg.BarGraphItem(x=[], height=[], width=width, brush=colour, name=name)
            bar.setOpts(pen=pg.mkPen(colour.darker(130)))
            bar.setProperty("offset", offset)
            self.plot.addItem(bar)
            self.bars[name] = bar
        self.stack = _WithEmptyState(
            self.plot,
            "Score the expected, delivered and experienced levels (1-5) of an expectation "
            "to see it here.",
        )
        # The legend sits above the plot as text, so it can never cover a bar.
        self.legend = QLabel(
            "&nbsp;&nbsp;".join(
                f'<span style="color:{colour.name()}">■</span> {name}'
                for name, _field, colour in self.SERIES
            )
        )
        self.legend.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A level not scored yet has no bar (a zero-height bar read as "scored 0"); it is
        # named where the bar would be.
        self.not_scored: list[pg.TextItem] = []
        self._label_pool: list[pg.TextItem] = []  # every label made so far, shown or hidden
        self._unscored: list[tuple[int, str]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.legend)
        layout.addWidget(self.stack)

    def set_items(self, items: Sequence[ItemRecord]) -> None:
        any_scored = False
        unscored: list[tuple[int, str]] = []
        for name, field, _colour in self.SERIES:
            levels = [getattr(i, field) for i in items]
            scored = [n for n, level in enumerate(levels, 1) if level is not None]
            unscored += [(n, name) for n, level in enumerate(levels, 1) if level is None]
            any_scored = any_scored or bool(scored)
            bar = self.bars[name]
            bar.setOpts(
                x=np.array(scored, dtype=float) + float(bar.property("offset")),
                height=np.array([levels[n - 1] for n in scored], dtype=float),
            )
        self._unscored = unscored
        self.stack.show_chart(any_scored)
        self.legend.setVisible(any_scored)
        self._label_unscored(unscored if any_scored else [])
        if len(items):
            shown = min(len(items), 25)
            self.plot.setXRange(0.5, shown + 0.5, padding=0)

    def _label_unscored(self, unscored: list[tuple[int, str]]) -> None:
        if len(unscored) > LABEL_CELLS_UP_TO:
            unscored = []  # unreadable at that density; the gap in the bars still says it
        colour = theme.chart_foreground()
        colour.setAlpha(150)
        labels = _reuse_labels(
            self.plot,
            self._label_pool,
            len(unscored),
            colour,
            lambda: pg.TextItem("not scored", anchor=(0, 0.5), angle=90),
        )
        for label, (number, name) in zip(labels, unscored, strict=True):
            label.setPos(number + float(self.bars[name].property("offset")), 0.08)
        self.not_scored = labels

    def series(self) -> dict[str, list[float]]:
        """The heights drawn per series, as plain lists (what tests and screen readers use)."""
        return {name: [float(h) for h in bar.opts["height"]] for name, bar in self.bars.items()}

    def unscored(self) -> list[tuple[int, str]]:
        """(expectation number, series) of each level shown as "not scored" instead of a bar."""
        return list(self._unscored)


class GapHeatmap(QWidget):
    """Before/after: perceived gap per expectation (rows) at each milestone (columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _plot_widget()
        self.plot.invertY(True)
        self.plot.setLabel("left", "Expectation #")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.labels: list[pg.TextItem] = []
        self._label_pool: list[pg.TextItem] = []  # every label made so far, shown or hidden
        self.grid: list[list[int | None]] = []
        self.columns: list[str] = []
        self.stack = _WithEmptyState(
            self.plot,
            "Revalidate at a milestone to start the before/after heatmap: each column is a "
            "milestone, each row an expectation, coloured by its perceived gap "
            "(experienced − expected).",
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def set_data(
        self,
        items: Sequence[ItemRecord],
        milestones: Sequence[MilestoneRecord],
        gaps: Sequence[SnapshotGap],
    ) -> None:
        """``gaps``: (item id, milestone id, perceived gap) per snapshot."""
        taken = revalidation_order(milestones)  # in the order of the days they describe
        grid = gap_grid([i.id for i in items], [m.id for m in taken], gaps)
        for row, item in zip(grid, items, strict=True):
            row.append(item.perceived_gap)  # the last column is today's levels
        self.grid = grid
        self.columns = [m.name for m in taken] + [NOW]
        self.stack.show_chart(bool(items) and bool(taken))
        self.image.setImage(_colours(grid), autoLevels=False)
        self.image.setRect(QRectF(0, 0, len(self.columns), len(items)))
        self.plot.getAxis("bottom").setTicks([_column_ticks(self.columns)])
        step = 1 if len(items) <= 40 else 10
        self.plot.getAxis("left").setTicks(
            [[(r + 0.5, str(r + 1)) for r in range(0, len(items), step)]]
        )
        self._label_cells(grid)
        self.plot.setXRange(0, len(self.columns), padding=0.02)
        self.plot.setYRange(0, max(1, min(len(items), 30)), padding=0.02)

    def _label_cells(self, grid: list[list[int | None]]) -> None:
        cells: list[tuple[int, int, int | None]] = []
        if sum(len(row) for row in grid) <= LABEL_CELLS_UP_TO:
            cells = [(r, c, gap) for r, row in enumerate(grid) for c, gap in enumerate(row)]
        labels = _reuse_labels(
            self.plot,
            self._label_pool,
            len(cells),
            theme.chart_foreground(),
            lambda: pg.TextItem("", anchor=(0.5, 0.5)),
        )
        for label, (r, c, gap) in zip(labels, cells, strict=True):
            label.setText("–" if gap is None else (f"+{gap}" if gap > 0 else str(gap)))
            label.setPos(c + 0.5, r + 0.5)
        self.labels = labels


def _reuse_labels(
    plot: pg.PlotWidget,
    pool: list[pg.TextItem],
    count: int,
    colour: QColor,
    make: Callable[[], pg.TextItem],
) -> list[pg.TextItem]:
    """The first ``count`` labels of ``pool``, shown in ``colour``; the rest hidden.

    Labels are made once and then moved, re-worded and shown or hidden: making a TextItem
    and adding it to a plot costs most of a millisecond, which at 200 labels was a good
    part of opening an engagement. Only the caller's labels are drawn; their text,
    position and colour are set on every call, so the picture is the same as fresh labels'.
    """
    while len(pool) < count:
        label = make()
        plot.addItem(label)
        pool.append(label)
    for n, label in enumerate(pool):
        label.setVisible(n < count)
        if n < count:
            label.setColor(colour)
    return pool[:count]


def _colours(grid: list[list[int | None]]) -> np.ndarray:
    """RGBA per cell: vermillion for trailing, blue for ahead, faint grey for unmeasured.

    Vectorised: a 1,000 x 21 grid must redraw within a frame or two while typing.
    """
    rows = len(grid)
    cols = len(grid[0]) if grid else 0
    if not rows or not cols:
        return np.zeros((1, 1, 4), dtype=np.ubyte)
    gaps = np.array([[np.nan if g is None else g for g in row] for row in grid], dtype=float)
    out = np.zeros((rows, cols, 4), dtype=np.ubyte)
    measured = ~np.isnan(gaps)
    size = np.abs(np.nan_to_num(gaps))
    for mask, colour in (
        (~measured, theme.NEUTRAL),
        (measured & (gaps == 0), theme.NEUTRAL),
        (measured & (gaps < 0), theme.TRAILING),
        (measured & (gaps > 0), theme.AHEAD),
    ):
        out[mask, 0] = colour.red()
        out[mask, 1] = colour.green()
        out[mask, 2] = colour.blue()
    alpha = np.clip(90 + 40 * size, 0, 255)
    alpha[measured & (gaps == 0)] = 110
    alpha[~measured] = 50
    out[..., 3] = alpha.astype(np.ubyte)
    return out


MAX_COLUMN_LABELS = 8
COLUMN_LABEL_CHARS = 16


def _column_ticks(columns: list[str]) -> list[tuple[float, str]]:
    """Milestone names under the heatmap: shortened, and thinned when there are many."""
    step = max(1, -(-len(columns) // MAX_COLUMN_LABELS))
    ticks = []
    for c, name in enumerate(columns):
        if c % step and c != len(columns) - 1:
            continue  # always label the last column: "Now"
        short = name if len(name) <= COLUMN_LABEL_CHARS else name[: COLUMN_LABEL_CHARS - 1] + "…"
        ticks.append((c + 0.5, short))
    return ticks


class MatrixCharts(QTabWidget):
    """Both charts in one place, under the table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.levels = LevelsChart()
        self.heatmap = GapHeatmap()
        self.addTab(self.levels, "Expected vs delivered vs experienced")
        self.addTab(self.heatmap, "Before/after heatmap")
        self._last: tuple[
            Sequence[ItemRecord], Sequence[MilestoneRecord], Sequence[SnapshotGap]
        ] = ((), (), ())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The system switched between light and dark while the app runs.
            apply_palette(self.levels.plot)
            apply_palette(self.heatmap.plot)
            self.set_data(*self._last)

    def set_data(
        self,
        items: Sequence[ItemRecord],
        milestones: Sequence[MilestoneRecord],
        gaps: Sequence[SnapshotGap],
    ) -> None:
        """``gaps``: (item id, milestone id, perceived gap) of each snapshot."""
        self._last = (items, milestones, gaps)
        self.levels.set_items(items)
        self.heatmap.set_data(items, milestones, gaps)
