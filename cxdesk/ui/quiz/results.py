"""A workshop session's results: the room, each participant, and every statement.

Shown the moment voting ends: in the quiz tab (``large=False``) and on the projector
(``large=True``, type sized from the window so it reads from the back of the room).

On the projector the participants' table is replaced by how many people fell in each
band. Pass-the-laptop answers are private (the screen clears between people); a table of
names, or even of numbered rows in the order the laptop went round, would let the room
single out the person who scored “Big opportunity”. The facilitator sees the table on
the laptop's own tab.

The chart module (pyqtgraph) is imported on the first results, not when this one is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.quiz import SessionMode
from cxdesk.models.records import SessionResultsData
from cxdesk.models.workshop_results import WorkshopResults
from cxdesk.ui.quiz.participants import HEADERS, ParticipantsModel, RememberedRows
from cxdesk.ui.quiz.texts import (
    band_counts,
    change_sentence,
    day,
    flag_lines,
    no_answers_text,
    room_summary,
)
from cxdesk.ui.record_model import SortRole

if TYPE_CHECKING:
    from cxdesk.ui.quiz.charts import ChartData, ResultsChart

NO_SESSION = "Choose a session to see its results."
NARROW = 820  # below this width the participants go under the chart, not beside it


def label(*, wrap: bool = True, selectable: bool = False) -> QLabel:
    widget = QLabel()
    widget.setWordWrap(wrap)
    if selectable:
        widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return widget


class ResultsPanel(QWidget):
    def __init__(self, *, large: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.large = large
        self.chart: ResultsChart | None = None
        self.data: SessionResultsData | None = None
        self.previous: SessionResultsData | None = None
        self.results: WorkshopResults | None = None
        # The earlier session's results, worked out once: it does not change while this
        # session's room answers (the same data is passed again with every answer).
        self._earlier: tuple[SessionResultsData, WorkshopResults] | None = None
        self._split = False  # the splitter's first sizes are set on the first resize
        self._columns_for = 0  # the table's columns fit this many statements

        self.average = label(wrap=False)
        self.average.setAccessibleName("Room average")
        self.out_of = label(wrap=False)
        self.band = label(selectable=True)
        self.band.setAccessibleName("Room band")
        self.advice = label()
        self.progress = label()
        self.change = label()
        self.flags = label(selectable=True)
        self.flags.setTextFormat(Qt.TextFormat.PlainText)
        number_box = QVBoxLayout()
        number_box.setSpacing(0)
        number_box.addWidget(self.average, 0, Qt.AlignmentFlag.AlignHCenter)
        number_box.addWidget(self.out_of, 0, Qt.AlignmentFlag.AlignHCenter)
        number_box.addStretch(1)
        words = QVBoxLayout()
        words.setSpacing(2)
        for widget in (self.band, self.advice, self.progress, self.change):
            words.addWidget(widget)
        words.addStretch(1)
        top = QHBoxLayout()
        top.setSpacing(18)
        top.addLayout(number_box)
        top.addLayout(words, 1)
        self.bands = label(selectable=True)
        self.bands.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.bands.setAccessibleName("People per band")
        self.bands.setVisible(large)
        if large:
            top.addWidget(self.bands, 0, Qt.AlignmentFlag.AlignTop)

        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.model = ParticipantsModel(self)
        self.rows_of = RememberedRows()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = self._make_table()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.chart_holder)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.table.setVisible(not large)

        self.empty = QLabel(NO_SESSION)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(24)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(top)
        body.addWidget(self.flags)
        body.addWidget(self.splitter, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        margin = 24 if large else 6
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(self.stack)
        self._apply_fonts()
        self.set_data(None)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setAccessibleName("Participants")
        table.setSortingEnabled(True)
        table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # as they answered, until asked
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        # Fixed widths: measuring 300 rows' contents after every answer would cost a frame.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    # -- fonts -----------------------------------------------------------------------

    def _unit(self) -> int:
        """The body type size in pixels: the app's, or on the projector from the window."""
        if not self.large:
            info = QFontMetrics(self.font()).height()
            return max(round(info / 1.25), 11)
        return max(16, round(min(self.height() / 34, self.width() / 58)))

    def _apply_fonts(self) -> None:
        unit = self._unit()

        def sized(widget: QWidget, scale: float, bold: bool = False, italic: bool = False) -> None:
            font = QFont(self.font())
            font.setPixelSize(max(round(unit * scale), 9))
            font.setBold(bold)
            font.setItalic(italic)
            widget.setFont(font)

        sized(self.average, 3.4 if self.large else 2.6, bold=True)
        sized(self.out_of, 0.9)
        sized(self.band, 1.5 if self.large else 1.25, bold=True)
        sized(self.advice, 1.0, italic=True)
        for widget in (self.progress, self.change, self.flags, self.empty):
            sized(widget, 1.0)
        sized(self.bands, 1.05)
        if not self.large:
            metrics = QFontMetrics(self.table.font())
            self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
            self._size_columns()
        if self.chart is not None:
            self.chart.set_font_px(round(unit * (0.95 if self.large else 1.0)))

    def _size_columns(self) -> None:
        metrics = QFontMetrics(self.table.font())
        n = len(self.data.quiz.statements) if self.data is not None else 5
        self._columns_for = n
        self.table.setColumnWidth(0, metrics.horizontalAdvance("Participant 300") + 14)
        self.table.setColumnWidth(1, metrics.horizontalAdvance(f"incomplete ({n} of {n})") + 14)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.large:
            self._apply_fonts()
        narrow = self.width() < NARROW and not self.large
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if orientation != self.splitter.orientation() or not self._split:
            self.splitter.setOrientation(orientation)
            self._split = True
            QTimer.singleShot(0, self._share_space)  # once the layout has sized the splitter

    def _share_space(self) -> None:
        vertical = self.splitter.orientation() == Qt.Orientation.Vertical
        length = self.splitter.height() if vertical else self.splitter.width()
        chart = 0.7 if vertical else 0.56
        self.splitter.setSizes([round(length * chart), round(length * (1 - chart))])

    # -- data ------------------------------------------------------------------------

    def ensure_chart(self) -> ResultsChart:
        if self.chart is None:
            from cxdesk.ui.quiz.charts import ResultsChart

            self.chart = ResultsChart()
            self.chart_layout.addWidget(self.chart)
            self._apply_fonts()
        return self.chart

    def set_data(
        self, data: SessionResultsData | None, previous: SessionResultsData | None = None
    ) -> None:
        self.data, self.previous = data, previous
        if data is None:
            self.results = None
            self.model.set_rows([])
            self.empty.setText(NO_SESSION)
            self.stack.setCurrentWidget(self.empty)
            return
        results = self.results = data.results  # a property that computes: once per update
        if not any(sum(d.values()) for d in results.distributions):
            self.model.set_rows(self.rows_of(data, results))
            self.empty.setText(no_answers_text(data))
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentIndex(0)
        summary = room_summary(data, results)
        has_average = summary.average is not None
        self.average.setText(summary.average or "\u2013")
        self.out_of.setText(summary.out_of if has_average else "no average yet")
        band = summary.band
        self.band.setText(band.label if band is not None else summary.progress)
        self.advice.setText(band.advice if band is not None else summary.missing)
        self.advice.setVisible(bool(self.advice.text()))
        self.progress.setText(summary.progress if band is not None else "")
        self.progress.setVisible(band is not None)
        earlier = self._earlier_results(previous)
        self.change.setText(
            change_sentence(results.room_average, previous, earlier) if previous else ""
        )
        self.change.setVisible(previous is not None)
        texts = tuple(st.text for st in data.quiz.statements)
        # Both are empty while one statement is scored or all are alike: nothing stands out.
        flags = [
            *flag_lines("Weakest", results.weakest, texts, results.means),
            *flag_lines("Strongest", results.strongest, texts, results.means),
        ]
        self.flags.setText("\n".join(flags))
        # The projector names them on the chart (▼ weakest, ▲ strongest): room for bars.
        self.flags.setVisible(bool(flags) and not self.large)

        # On the projector the table is never shown: skip building its rows.
        self.model.set_rows([] if self.large else self.rows_of(data, results))
        if self.large:
            self.bands.setText("\n".join(band_counts(data.quiz.bands, results.bands)))
        elif self._columns_for != len(texts):
            self._size_columns()
        (self.bands if self.large else self.table).setVisible(bool(results.totals))
        self.ensure_chart().set_results(self._chart_data(data, results, previous, earlier))

    def _earlier_results(self, previous: SessionResultsData | None) -> WorkshopResults | None:
        if previous is None:
            return None
        if self._earlier is None or self._earlier[0] is not previous:
            self._earlier = (previous, previous.results)
        return self._earlier[1]

    def _chart_data(
        self,
        data: SessionResultsData,
        results: WorkshopResults,
        previous: SessionResultsData | None,
        earlier: WorkshopResults | None,
    ) -> ChartData:
        from cxdesk.ui.quiz.charts import ChartData

        before = None
        label_text = ""
        if previous is not None and earlier is not None and previous.quiz.id == data.quiz.id:
            before = earlier.means
            label_text = f"{previous.session.title}, {day(previous.session.held_on)}"
        hands = data.session.session_mode is SessionMode.HANDS
        return ChartData(
            statements=tuple(st.text for st in data.quiz.statements),
            scale=(data.quiz.scale_min, data.quiz.scale_max),
            distributions=results.distributions,
            means=results.means,
            weakest=results.weakest,
            strongest=results.strongest,
            previous_means=before,
            previous_label=label_text,
            missing_text="not tallied yet" if hands else "no answers yet",
        )

    # -- what is shown, as plain text (tests, screen readers) --------------------------------

    def summary_text(self) -> str:
        """Every line of the summary on screen, in reading order."""
        if self.stack.currentWidget() is self.empty:
            return self.empty.text()
        parts = [self.average.text(), self.out_of.text(), self.band.text()]
        shown = (self.advice, self.progress, self.change, self.flags)
        parts += [w.text() for w in shown if w.isVisibleTo(self)]
        if self.large and self.bands.isVisibleTo(self):
            parts.append(self.bands.text())
        return "\n".join(p for p in parts if p)

    def participant_rows(self) -> list[tuple[str, ...]]:
        """The participants' table as shown (sorted as on screen)."""
        proxy = self.proxy
        return [
            tuple(str(proxy.index(r, c).data()) for c in range(len(HEADERS)))
            for r in range(proxy.rowCount())
        ]
