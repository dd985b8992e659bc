"""How the RATER tab is laid out: the assessment chooser with its menu, the tools row,
the respondents table, the statements panel and the charts sharing the height, the
summary line, and the page shown while the engagement has no assessment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.servqual import RespondentSide, ScoringMode
from cxdesk.ui.rater.guide import NoAssessment, ScoringGuide
from cxdesk.ui.status_line import StatusLine

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from cxdesk.ui.rater.model import RespondentProxy, RespondentTableModel
    from cxdesk.ui.rater.statements import StatementsPanel
    from cxdesk.ui.rater.view import RespondentView


class ScorecardLayout:
    """Mixed into the tab (a QWidget, with :class:`~cxdesk.ui.rater.actions.ScorecardActions`):
    its widgets, laid out, and how the splitter shares the height."""

    if TYPE_CHECKING:
        model: RespondentTableModel
        proxy: RespondentProxy
        view: RespondentView
        statements: StatementsPanel
        new_assessment_action: QAction
        edit_assessment_action: QAction
        collect_action: QAction
        delete_assessment_action: QAction
        add_client_action: QAction
        add_team_action: QAction
        points_action: QAction
        delete_action: QAction

    def _build_layout(self) -> None:
        widget: QWidget = self  # type: ignore[assignment]  # mixed into the tab
        self.chooser = QComboBox()
        self.chooser.setMinimumContentsLength(24)
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setToolTip("The engagement's assessments, oldest first")
        chooser_label = QLabel("&Assessment:")
        chooser_label.setBuddy(self.chooser)
        new_button = QPushButton("New assessment…")
        new_button.clicked.connect(self.new_assessment_action.trigger)
        menu = QMenu(widget)
        menu.addActions(
            [self.edit_assessment_action, self.collect_action, self.delete_assessment_action]
        )
        self.assessment_button = QPushButton("Assessment")
        self.assessment_button.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(chooser_label)
        top.addWidget(self.chooser, 1)
        top.addWidget(new_button)
        top.addWidget(self.assessment_button)

        self.guide = ScoringGuide()
        tools = QHBoxLayout()
        for action in (
            self.add_client_action,
            self.add_team_action,
            self.points_action,
            self.collect_action,
        ):
            button = QPushButton(action.text().replace("&", ""))
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            tools.addWidget(button)
        self.delete_action.setIcon(widget.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        delete_button = QToolButton()
        delete_button.setDefaultAction(self.delete_action)
        tools.addWidget(delete_button)
        self.side_filter = QComboBox()
        self.side_filter.addItem("Both sides", None)
        for side in RespondentSide:
            self.side_filter.addItem(side.label, side.value)
        self.side_filter.setToolTip("Show one side's respondents only")
        self.side_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_side(self.side_filter.currentData())
        )
        tools.addWidget(self.side_filter)
        self.message = StatusLine()  # what was just done or refused, for a while
        tools.addWidget(self.message, 1)

        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_placeholder = QLabel("Loading charts…")
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_placeholder)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.statements)
        self.splitter.addWidget(self.chart_holder)
        self.splitter.setChildrenCollapsible(False)
        # Scoring by statements on a small screen, the charts may fold away (drag the
        # handle to bring them back): scoring is the work at that moment.
        self.splitter.setCollapsible(2, True)
        self.splitter.splitterMoved.connect(self._split_by_hand)
        self._split_mode: ScoringMode | None = None
        self._hand_split = False
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        scorecard = QWidget()
        layout = QVBoxLayout(scorecard)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.guide)
        layout.addLayout(tools)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary_label)
        self.scorecard_page = scorecard

        self.empty_page = NoAssessment()
        self.empty_page.button.clicked.connect(self.new_assessment_action.trigger)
        self.empty_text, self.empty_button = self.empty_page.text, self.empty_page.button

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self.scorecard_page)
        outer = QVBoxLayout(widget)
        outer.addWidget(self.pages)

    def _split_by_hand(self, *_args: object) -> None:
        self._hand_split = True

    def _split(self) -> None:
        """Table, statements and charts share the height; the table no taller than it needs."""
        height = max(self.splitter.height(), 300)
        header = self.view.horizontalHeader().sizeHint().height()
        rows = header + self.view.verticalHeader().defaultSectionSize() * 6
        charts = self.chart_holder.minimumSizeHint().height()
        if self.model.mode is ScoringMode.STATEMENTS:
            table = min(rows, height * 3 // 10)
            statements = (height - table) * 11 // 20
            if height - table - statements < charts:
                statements = height - table  # too small for both: score first
            sizes = [table, statements, height - table - statements]
        else:
            # The table being scored comes first: up to six rows, the charts get the rest.
            scrollbar = self.view.horizontalScrollBar().sizeHint().height()
            table = min(rows + scrollbar, max(height - charts, height * 45 // 100))
            sizes = [table, 0, height - table]
        self.splitter.setSizes(sizes)
