"""The Pulse checks tab (feedback loops, not just surveys): quick entry, table, trend.

Data is read only while the tab is visible: ``show_engagement`` records the id, and the
tab reads the engagement's responses when it is (or becomes) shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.records import MilestoneRecord, PulseRecord
from cxdesk.models.wording import counted
from cxdesk.ops import ChangeSet
from cxdesk.ops import feedback as feedback_ops
from cxdesk.store import pulse as pulse_store
from cxdesk.store import workspace as workspace_store
from cxdesk.store.errors import EditRefused
from cxdesk.ui.pulse.entry import PulseEntryForm
from cxdesk.ui.pulse.model import COLUMN_INDEX, PulseFilterProxy, PulseRole, PulseTableModel
from cxdesk.ui.pulse.summary import not_working_html, summary_html
from cxdesk.ui.pulse.view import PulseDelegate, PulseView
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from cxdesk.ui.pulse.charts import PulseTrendChart
    from cxdesk.ui.survey_phones.window import SurveyPhonesWindow

CHART_LOAD_DELAY_MS = 250
SIDE_WIDTH = 270


class PulseTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement_id: int | None = None
        self.milestones: list[MilestoneRecord] = []
        self.chart: PulseTrendChart | None = None  # built on first show (pyqtgraph)
        self._stale = True  # the data shown is not the engagement's: read it when shown
        self._refusal: str | None = None  # the last refusal's words, for the form

        self.form = PulseEntryForm()
        self.model = PulseTableModel(ws, self)
        self.proxy = PulseFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        delegate = PulseDelegate(self.model, lambda: self.milestones, self)
        delegate.rejected.connect(lambda why: self.form.show_status(why, refused=True))
        self.view = PulseView(delegate)
        self.view.setModel(self.proxy)
        self.view.sortByColumn(COLUMN_INDEX["taken_on"], Qt.SortOrder.DescendingOrder)

        self._build_actions()
        self._build_layout()

        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(60)  # coalesce a burst of edits into one redraw
        self._chart_timer.timeout.connect(self.refresh_chart)

        self.form.submitted.connect(self.record)
        self.view.rejectedKey.connect(lambda why: self.form.show_status(why, refused=True))
        # Ctrl+4 (View > Pulse checks) lands where the next response is typed.
        self.setFocusProxy(self.form.respondent)
        ws.changed.connect(self._on_pulses_changed)
        ws.changed.connect(self._on_milestones_changed)
        ws.editRefused.connect(self._on_refused)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self._update_actions()

    # -- construction --------------------------------------------------------------

    def _build_actions(self) -> None:
        self.delete_action = QAction("&Delete response", self)
        self.delete_action.setShortcut(QKeySequence("Ctrl+Delete"))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(self.delete_action)
        self.find_action = QAction("&Find", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.find_action.triggered.connect(self._focus_search)
        self.addAction(self.find_action)
        self.collect_action = QAction("Collect on &phones…", self)
        self.collect_action.setToolTip(
            "People answer the pulse check on their phones, over this laptop's network"
        )
        self.collect_action.triggered.connect(self.collect_on_phones)
        self.addAction(self.collect_action)
        self.phones_window: SurveyPhonesWindow | None = None

    def _build_layout(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter responses (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setIcon(self.delete_action.icon())
        self.delete_button.setToolTip("Delete the selected responses (Ctrl+Delete in the table)")
        self.delete_button.clicked.connect(self.delete_action.trigger)
        self.count = QLabel()
        self.collect_button = QPushButton("Collect on phones…")
        self.collect_button.setToolTip(self.collect_action.toolTip())
        self.collect_button.clicked.connect(self.collect_action.trigger)
        tools = QHBoxLayout()
        tools.addWidget(self.count)
        tools.addWidget(self.collect_button)
        tools.addStretch(1)
        tools.addWidget(self.search, 2)
        tools.addWidget(self.delete_button)
        table = QWidget()
        table_layout = QVBoxLayout(table)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addLayout(tools)
        table_layout.addWidget(self.view, 1)

        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_placeholder = QLabel("Loading the trend chart…")
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_placeholder)

        self.summary = QLabel()
        self.not_working = QLabel()
        for label in (self.summary, self.not_working):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 6, 0)
        side_layout.addWidget(self.summary)
        side_layout.addWidget(self.not_working)
        side_layout.addStretch(1)
        self.side = scroll = QScrollArea()
        scroll.setWidget(side)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFixedWidth(SIDE_WIDTH)

        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.chart_holder, 1)
        bottom_layout.addWidget(scroll)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(table)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 260])

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.splitter, 1)

    # -- showing an engagement -----------------------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        if engagement_id != self.engagement_id:
            self.form.reset_milestone()
            self.form.show_status("")
        self.engagement_id = engagement_id
        self._stale = True
        if self.isVisible():
            self._load()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._load()
        if self.chart is None:
            # Wait until the window is on screen before paying for pyqtgraph and numpy.
            QTimer.singleShot(CHART_LOAD_DELAY_MS, self.ensure_chart)
        if not self.isAncestorOf(self.focusWidget()):
            self.form.respondent.setFocus(Qt.FocusReason.OtherFocusReason)

    def _load(self) -> None:
        self._stale = False
        self._load_milestones()
        self.model.reset_pulses(self._read_pulses())
        self._data_changed()

    def _read_pulses(self) -> list[PulseRecord]:
        if self.engagement_id is None:
            return []
        return pulse_store.list_pulses(self.ws.db, self.engagement_id)

    def _load_milestones(self) -> None:
        self.milestones = (
            workspace_store.list_milestones(self.ws.db, self.engagement_id)
            if self.engagement_id is not None
            else []
        )
        self.form.set_milestones(self.milestones)
        self.model.set_milestones(self.milestones)

    def _on_pulses_changed(self, changes: ChangeSet) -> None:
        if not changes.touches(feedback_ops.PULSES) or self.engagement_id is None:
            return
        if not changes.concerns(self.engagement_id):
            return
        if not self.isVisible():
            self._stale = True
            return
        if changes.reshapes(feedback_ops.PULSES):
            self.model.set_pulses(self._read_pulses())
        else:  # answers edited: re-read those rows only (typing stays fast)
            ids = changes.ids(feedback_ops.PULSES)
            self.model.update_pulses(pulse_store.get_pulses(self.ws.db, ids))
        self._data_changed()

    def _on_milestones_changed(self, changes: ChangeSet) -> None:
        if not changes.touches("milestone") or self.engagement_id not in changes.engagements:
            return
        if not self.isVisible():
            self._stale = True
            return
        self._load_milestones()
        self._chart_timer.start()

    def _on_refused(self, message: str) -> None:
        self._refusal = message

    # -- recording, deleting -------------------------------------------------------

    def record(self) -> None:
        """Record the form's response (undoable); on refusal keep everything typed."""
        if self.engagement_id is None:
            return
        problem = self.form.date_problem()
        if problem:  # say so before anything is recorded under a date not meant
            self.form.show_status(problem, refused=True)
            self.form.date.setFocus()
            return
        taken_on = self.form.taken_on()
        answers = self.form.answers()
        try:
            pulse_store.clean_response(taken_on, answers)
        except EditRefused as refusal:
            self.form.show_status(refusal.message, refused=True)
            return
        self._refusal = None
        if self.ws.feedback.add_pulse(self.engagement_id, taken_on, **answers) is None:
            self.form.show_status(self._refusal or "The response was not recorded.", refused=True)
            return
        n = sum(1 for p in self.model.pulses() if p.taken_on == taken_on)
        self.form.recorded(f"Recorded ({counted(n, 'response')} on {taken_on:%d %b %Y})")

    def selected_pulses(self) -> list[PulseRecord]:
        rows = {i.row() for i in self.view.selectionModel().selectedRows()}
        return [self.proxy.index(r, 0).data(PulseRole) for r in sorted(rows)]

    def delete_selected(self) -> None:
        pulses = self.selected_pulses()
        if self.engagement_id is None or not pulses:
            return
        self.ws.feedback.delete_pulses(self.engagement_id, [p.id for p in pulses])

    def collect_on_phones(self) -> None:
        """Open a room for this engagement's pulse check; one at a time: a room already
        collecting is brought to the front instead."""
        if self.engagement_id is None:
            return
        window = self.phones_window
        if window is not None and window.room is not None and window.room.running:
            window.show()
            window.raise_()
            window.activateWindow()
            self.form.show_status(
                "Phones are answering already: stop that one in its window first."
            )
            return
        from cxdesk.ui.survey_phones.start import collect_pulse

        made = collect_pulse(self.ws, self.engagement_id, self.milestones, self)
        if made is not None:
            if window is not None:
                window.close()
                window.deleteLater()
            self.phones_window = made

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_actions(self, *_args: object) -> None:
        has_selection = bool(self.view.selectionModel().selectedRows())
        self.delete_action.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)
        self.form.setEnabled(self.engagement_id is not None)
        self.collect_action.setEnabled(self.engagement_id is not None)
        self.collect_button.setEnabled(self.engagement_id is not None)

    # -- summary and chart ---------------------------------------------------------

    def _data_changed(self) -> None:
        pulses = self.model.pulses()
        self.form.set_names(
            sorted({p.respondent for p in pulses if p.respondent}, key=str.casefold)
        )
        n = len(pulses)
        self.count.setText(counted(n, "response") if n else "")
        self.summary.setText(summary_html(pulses))
        self.not_working.setText(not_working_html(pulses) if pulses else "")
        self.side.setVisible(bool(pulses))  # empty: the chart's sentence has the room
        self._update_actions()
        self._chart_timer.start()

    def ensure_chart(self) -> PulseTrendChart:
        if self.chart is None:
            from cxdesk.ui.pulse.charts import PulseTrendChart

            self.chart = PulseTrendChart()
            self.chart_layout.removeWidget(self.chart_placeholder)
            self.chart_placeholder.deleteLater()
            self.chart_layout.addWidget(self.chart)
            self.refresh_chart()
        return self.chart

    def refresh_chart(self) -> None:
        if self.chart is not None:
            self.chart.set_data(self.model.pulses(), self.milestones)

    def index_of(self, pulse_id: int, field: str) -> QModelIndex:
        """The view index of one cell (for tests and keyboard navigation)."""
        row = self.model.row_of(pulse_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, COLUMN_INDEX[field]))

    def menu_actions(self) -> list[QAction]:
        """What the Edit menu offers while this tab is in front."""
        return [self.delete_action, self.find_action]
