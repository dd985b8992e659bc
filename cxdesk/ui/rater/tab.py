"""The RATER scorecard tab: choose an assessment, score it by keyboard, read its charts.

Its commands are :mod:`cxdesk.ui.rater.actions`, its widgets and their layout
:mod:`cxdesk.ui.rater.layout`; here: what it shows and how it follows the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from cxdesk.models.records import AssessmentRecord, RespondentRecord
from cxdesk.models.servqual import ScorecardSummary, ScoringMode, summarise_scorecard
from cxdesk.ops import ChangeSet
from cxdesk.ops import feedback as feedback_ops
from cxdesk.store import rater, workspace
from cxdesk.ui.rater.actions import ScorecardActions
from cxdesk.ui.rater.columns import COLUMN_INDEX
from cxdesk.ui.rater.layout import ScorecardLayout
from cxdesk.ui.rater.model import RespondentProxy, RespondentRole, RespondentTableModel
from cxdesk.ui.rater.statements import StatementsPanel
from cxdesk.ui.rater.summary import (
    TrendPoint,
    assessment_label,
    milestone_names,
    summary_text,
    trend_points,
)
from cxdesk.ui.rater.view import RespondentView
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:  # imported when first shown: pyqtgraph stays out of start-up
    from cxdesk.ui.rater.charts import RaterCharts

CHART_LOAD_DELAY_MS = 250


class RaterTab(ScorecardActions, ScorecardLayout, QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement_id: int | None = None
        self.assessments: list[AssessmentRecord] = []
        self.milestones: dict[int, str] = {}
        # Built on first show: pyqtgraph stays out of start-up.
        self.charts: RaterCharts | None = None
        self.summary: ScorecardSummary | None = None
        self._stale = True  # the engagement's data is read when the tab is shown
        self._trend: list[TrendPoint] | None = None  # re-read only after a change
        self._chosen: dict[int, int] = {}  # engagement id -> the assessment last shown

        self.model = RespondentTableModel(ws, self)
        self.proxy = RespondentProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = RespondentView()
        self.view.setModel(self.proxy)
        self.statements = StatementsPanel(ws)

        self.build_actions()
        self._build_layout()

        self._chart_timer = QTimer(self)
        self._chart_timer.setSingleShot(True)
        self._chart_timer.setInterval(60)  # coalesce a burst of edits into one redraw
        self._chart_timer.timeout.connect(self.refresh_charts)

        for signal in (
            self.model.dataChanged,
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.modelReset,
            self.model.layoutChanged,
        ):
            signal.connect(self._data_changed)
        ws.changed.connect(self._on_changed)
        ws.changed.connect(self._on_milestones_changed)
        self.chooser.currentIndexChanged.connect(self._assessment_chosen)
        self.view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.view.selectionModel().selectionChanged.connect(self.update_actions)
        self.view.nameSubmitted.connect(self._name_submitted)
        self.view.rejectedKey.connect(self.say)
        self.statements.rejectedKey.connect(self.say)
        self.update_actions()

    # -- showing an engagement -----------------------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        self.engagement_id = engagement_id
        self._trend = None
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()
        QTimer.singleShot(0, self._split)  # once the splitter has its real height
        if self.charts is None:
            # Wait until the window is on screen before paying for pyqtgraph and numpy.
            QTimer.singleShot(CHART_LOAD_DELAY_MS, self.ensure_charts)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._hand_split:
            self._split()

    def reload(self) -> None:
        self._stale = False
        self._trend = None
        self._read_milestones()
        self.model.load(None)  # changes made while hidden: read the respondents afresh
        self._reload_assessments(self._chosen.get(self.engagement_id or 0))

    def _read_milestones(self) -> None:
        eid = self.engagement_id
        self.milestone_records = workspace.list_milestones(self.ws.db, eid) if eid else []
        self.milestones = milestone_names(self.milestone_records)

    def _reload_assessments(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.chooser.currentData()
        eid = self.engagement_id
        self.assessments = rater.list_assessments(self.ws.db, eid) if eid is not None else []
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for a in self.assessments:
            self.chooser.addItem(assessment_label(a, self.milestones), a.id)
        index = self.chooser.findData(current)
        self.chooser.setCurrentIndex(index if index >= 0 else len(self.assessments) - 1)
        self.chooser.blockSignals(False)
        self.pages.setCurrentWidget(self.scorecard_page if self.assessments else self.empty_page)
        self.empty_button.setEnabled(eid is not None)
        self.empty_text.setVisible(eid is not None)
        self._assessment_chosen()

    def current_assessment(self) -> AssessmentRecord | None:
        chosen = self.chooser.currentData()
        return next((a for a in self.assessments if a.id == chosen), None)

    def _assessment_chosen(self, *_args: object) -> None:
        assessment = self.current_assessment()
        if assessment is None:
            self.model.load(None)
        elif self.model.assessment is None or self.model.assessment.id != assessment.id:
            self.model.load(assessment)
            self._chosen[assessment.engagement_id] = assessment.id
        else:
            self.model.set_assessment(assessment)
        self._refresh_statements()
        self._data_changed()

    # -- reacting to saved changes -------------------------------------------------

    def _is_current(self, assessment_id: int) -> bool:
        return self.model.assessment is not None and self.model.assessment.id == assessment_id

    def _on_changed(self, changes: ChangeSet) -> None:
        """Re-read what a RATER change touched: the assessments, the respondents it
        changed (the whole list only when some came or went), the statements."""
        if self.engagement_id is None or not changes.touches(*feedback_ops.RATER_TABLES):
            return
        if not changes.concerns(self.engagement_id):
            return
        self._trend = None  # the trend reads every assessment of the engagement
        if not self.isVisible():
            self._stale = True
            return
        self._chart_timer.start()
        if changes.touches(feedback_ops.ASSESSMENTS):
            self._reload_assessments()
        if self.model.assessment is None:
            return
        respondents = changes.ids(feedback_ops.RESPONDENTS)
        statements = changes.touches(feedback_ops.STATEMENTS, feedback_ops.STATEMENT_SCORES)
        if statements:
            self.model.reload_statements()
        if changes.reshapes(feedback_ops.RESPONDENTS):
            self.model.reload_respondents()
        elif respondents:  # cells edited: re-read those rows only (typing stays fast)
            self.model.update_records(rater.get_respondents(self.ws.db, respondents))
        shown = self.statements.model.respondent
        if (
            statements
            or changes.reshapes(feedback_ops.RESPONDENTS)
            or (shown is not None and shown.id in respondents)
        ):
            self._refresh_statements()

    def select_new_assessment(self, record: AssessmentRecord) -> None:
        """Show the assessment a person just made."""
        if record.engagement_id == self.engagement_id:
            self._chosen[record.engagement_id] = record.id
            if self.isVisible():
                self._reload_assessments(record.id)

    def edit_new_respondent(self, record: RespondentRecord) -> None:
        """Put the cursor in the name of the respondent a person just added."""
        if not self._is_current(record.assessment_id) or not self.isVisible():
            return
        index = self.index_of(record.id, "name")
        if not index.isValid():  # filtered out by the side filter: show everyone
            self.side_filter.setCurrentIndex(0)
            index = self.index_of(record.id, "name")
        self.view.setFocus()
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.edit(index)

    def _on_milestones_changed(self, changes: ChangeSet) -> None:
        if not changes.touches("milestone") or self.engagement_id not in changes.engagements:
            return
        self._trend = None
        if self.isVisible():
            self._read_milestones()
            self._reload_assessments()
        else:
            self._stale = True

    def _current_row_changed(self, *_args: object) -> None:
        self._refresh_statements()
        self.update_actions()

    def _refresh_statements(self) -> None:
        by_statements = self.model.assessment is not None and (
            self.model.mode is ScoringMode.STATEMENTS
        )
        self.statements.setVisible(by_statements)
        mode = self.model.mode
        if mode is not self._split_mode:  # re-split only when the way of scoring changes
            self._split_mode = mode
            self._split()
        if by_statements:
            assert self.model.assessment is not None
            self.statements.show_data(
                self.model.assessment.id,
                self.model.statements,
                self.model.scores,
                self.current_respondent(),
            )

    def _name_submitted(self, index: QModelIndex) -> None:
        if self.model.mode is ScoringMode.STATEMENTS:
            self.statements.focus_first_score()
        else:
            self.view.setCurrentIndex(self.view.first_score(index.row()))

    # -- summary and charts --------------------------------------------------------

    def _data_changed(self, *_args: object) -> None:
        has = self.model.assessment is not None
        self.summary = summarise_scorecard(self.model.responses()) if has else None
        self.summary_label.setText(summary_text(self.summary))
        self.update_actions()
        self._chart_timer.start()

    def ensure_charts(self) -> RaterCharts:
        if self.charts is None:
            from cxdesk.ui.rater.charts import RaterCharts

            self.charts = RaterCharts()
            self.chart_layout.removeWidget(self.chart_placeholder)
            self.chart_placeholder.deleteLater()
            self.chart_layout.addWidget(self.charts)
            self.refresh_charts()
        return self.charts

    def trend(self) -> list[TrendPoint]:
        if self._trend is None:
            eid = self.engagement_id
            loaded = rater.load_engagement_responses(self.ws.db, eid) if eid is not None else []
            self._trend = trend_points(loaded, self.milestones)
        return self._trend

    def refresh_charts(self) -> None:
        if self.charts is None:
            return
        self.charts.set_summary(self.summary)
        self.charts.set_trend_source(self.trend)

    # -- for tests and keyboard navigation -------------------------------------------

    def index_of(self, respondent_id: int, field: str) -> QModelIndex:
        row = self.model.row_of(respondent_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, COLUMN_INDEX[field]))

    def current_respondent(self) -> RespondentRecord | None:
        index = self.view.currentIndex()
        return index.data(RespondentRole) if index.isValid() else None

    def say(self, message: str) -> None:
        self.message.say(message)
