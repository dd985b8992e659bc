"""View > Portfolio: every engagement of the workspace in one table, for the engagement lead.

A window of its own beside the main window, not a tab: a lead goes down the list, opens
one engagement (double-click or Enter shows it in the main window) and comes back to the
list where it was (sort, filter, scroll), or keeps it on a second screen all day.

The read (:func:`cxdesk.store.portfolio.read_portfolio`) runs on the window's task
runner, on its own connection, so a large workspace never freezes the window; changes to
the workspace (``changed``) mark the table stale, and it is read again once per burst of
changes while it is open.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.portfolio import PortfolioLine
from cxdesk.models.quadrant import Quadrant
from cxdesk.ops import ChangeSet
from cxdesk.ui.portfolio_model import NOT_PLACED, PortfolioFilter, PortfolioModel
from cxdesk.ui.tasks import Failure, TaskKind

if TYPE_CHECKING:
    from cxdesk.ui.spreadsheet_actions import SpreadsheetActions
    from cxdesk.ui.tasks import TaskRunner
    from cxdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)
PORTFOLIO = TaskKind("portfolio", log, "reading the portfolio")
REFRESH_DELAY_MS = 300  # a burst of edits (typing into the matrix): one read


class LineTable(QTableView):
    """The table; Enter opens the current row's engagement, as a double-click does."""

    opened = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class PortfolioWindow(QWidget):
    """The portfolio of ``ws``; ``openEngagement`` asks the main window to show one."""

    openEngagement = Signal(int)
    loaded = Signal()  # a read is on screen (tests wait for it)

    def __init__(
        self,
        ws: Workspace,
        tasks: TaskRunner,
        spreadsheets: SpreadsheetActions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("portfolioWindow")
        self.setWindowTitle(f"Portfolio — {ws.db.display_name} — CX Desk")
        self.resize(1400, 560)
        self.ws = ws
        self.tasks = tasks
        self.spreadsheets = spreadsheets
        self._stale = True
        self._again = False  # changed while a read ran: read once more after it
        self.last_read_ms = 0.0

        self.model = PortfolioModel(self)
        self.proxy = PortfolioFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = LineTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line per engagement, however narrow a column
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._open)
        self.table.opened.connect(self._open)

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by client or engagement")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self._filter_text)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.filter_box.setFocus())
        self.addAction(find)
        close = QAction(self)
        close.setShortcuts(QKeySequence.StandardKey.Close)  # Ctrl+W (and Ctrl+F4)
        close.triggered.connect(self.close)
        self.addAction(close)
        self.quadrant_box = QComboBox()
        self.quadrant_box.setAccessibleName("Quadrant")
        self.quadrant_box.addItem("Every quadrant", None)
        for quadrant in Quadrant:
            self.quadrant_box.addItem(quadrant.label, quadrant)
        self.quadrant_box.addItem("Not placed yet", NOT_PLACED)
        self.quadrant_box.currentIndexChanged.connect(self._filter_quadrant)
        self.export_xlsx_button = QPushButton("Export to &spreadsheet (XLSX)…")
        self.export_xlsx_button.setToolTip("The rows shown (filtered), in the order shown.")
        self.export_xlsx_button.clicked.connect(lambda: self.export(self.spreadsheets.ask_xlsx))
        self.export_csv_button = QPushButton("Export to CS&V…")
        self.export_csv_button.setToolTip("The rows shown (filtered), in the order shown.")
        self.export_csv_button.clicked.connect(lambda: self.export(self.spreadsheets.ask_csv))
        self.status = QLabel("Reading every engagement…")
        self._exporting = False
        spreadsheets.finished.connect(self._exported)

        bar = QHBoxLayout()
        filter_label = QLabel("&Filter:")
        filter_label.setBuddy(self.filter_box)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_box, 2)
        quadrant_label = QLabel("&Quadrant:")
        quadrant_label.setBuddy(self.quadrant_box)
        bar.addWidget(quadrant_label)
        bar.addWidget(self.quadrant_box, 1)
        bar.addStretch(1)
        bar.addWidget(self.export_xlsx_button)
        bar.addWidget(self.export_csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        ws.changed.connect(self._on_changed)

    # -- reading ---------------------------------------------------------------------

    def _on_changed(self, changes: ChangeSet) -> None:
        # Any change may move a line (a level, a pulse, a handoff item, a name): read again.
        if changes:
            self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # Coming back to the list reads it again: a change the workspace announces no
        # signal for (Help > Add the demo engagement, another program) shows then too.
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read every engagement again on the task runner; the table keeps showing the
        previous read (selection, sort and scroll kept) until the new one arrives."""
        self._timer.stop()
        if self.tasks.busy(PORTFOLIO.lane):
            self._again = True
            return
        self._stale = False
        db = self.ws.db
        started = time.perf_counter()

        def read(_control: object) -> list[PortfolioLine]:
            from cxdesk.collector import app_objects_frozen
            from cxdesk.store.portfolio import read_portfolio

            # The read makes enough objects to set off a full garbage collection, which
            # visits every object of the app holding the GIL: the UI thread stalled
            # 130-260 ms in 4 of 5 reads of 34 engagements (the 1,000-item one among
            # them). With the app's objects frozen meanwhile (as a room does) it visits
            # only the read's own.
            with app_objects_frozen():
                return read_portfolio(db)

        def done(lines: list[PortfolioLine]) -> None:
            self.last_read_ms = (time.perf_counter() - started) * 1000
            self._show(lines)

        if self.tasks.start(PORTFOLIO, read, done, self._failed) is None:
            self._stale = True  # the window is closing: nothing runs any more

    def _show(self, lines: list[PortfolioLine]) -> None:
        first = self.model.rowCount() == 0
        self.model.apply(lines)
        if first:  # sized to what the first read holds; the person's widths kept after
            self.table.resizeColumnsToContents()
        self._say_count()
        self.loaded.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, failure: Failure) -> None:
        self.status.setText(f"The portfolio could not be read: {failure.message}")
        self._again = False

    def _say_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "engagement" if total == 1 else "engagements"
        counted = f"{total:,} {noun}" if shown == total else f"{shown:,} of {total:,} {noun}"
        self.status.setText(f"{counted} · double-click or Enter opens one in the main window")

    # -- filtering, opening, exporting -------------------------------------------------

    def _filter_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._say_count()

    def _filter_quadrant(self, _index: int) -> None:
        self.proxy.set_quadrant(self.quadrant_box.currentData())
        self._say_count()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openEngagement.emit(self.proxy.line(index.row()).engagement_id)

    def shown_lines(self) -> list[PortfolioLine]:
        """The rows as shown: filtered, in the order shown."""
        return [self.proxy.line(row) for row in range(self.proxy.rowCount())]

    def export(self, ask: Callable[..., None]) -> None:
        """``ask``: SpreadsheetActions.ask_xlsx or ask_csv, given what is shown."""
        from cxdesk.store.spreadsheets import portfolio_sheet

        lines = self.shown_lines()
        self._exporting = True
        ask("CX Desk portfolio", lambda: [portfolio_sheet(lines)], self)

    def _exported(self, paths: object) -> None:
        if not self._exporting:
            return  # the main window's own export
        self._exporting = False
        if isinstance(paths, list) and paths:
            self.status.setText("Exported " + ", ".join(f"“{p.name}”" for p in paths))
