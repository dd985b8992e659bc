"""The Expectation Matrix tab as it looks: table, tools, milestone row and summary.

:class:`MatrixLayout` builds the widgets and shows records in them; it saves nothing and
reads nothing. The tab (:class:`cxdesk.ui.matrix.tab.ExpectationMatrixTab`) adds what
the tools do and where the rows come from; the first frame at start-up shows this layout
as it is, read-only, before the store has loaded, so the two cannot look different.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.as_of import revalidated_on
from cxdesk.models.engagement_records import ItemRecord, MilestoneRecord
from cxdesk.models.gaps import summarise
from cxdesk.models.journey import ExpectationStatus
from cxdesk.models.wording import counted
from cxdesk.ui.matrix.columns import COLUMN_INDEX
from cxdesk.ui.matrix.table import ItemTableModel, MatrixFilterProxy
from cxdesk.ui.matrix.view import MatrixView


class MatrixLayout(QWidget):
    def __init__(self, model: ItemTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = MatrixFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = MatrixView()
        self.view.setModel(self.proxy)
        self.view.sortByColumn(COLUMN_INDEX["position"], Qt.SortOrder.AscendingOrder)
        self._build_actions()
        self._build_layout()

    # -- construction --------------------------------------------------------------

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str
    ) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        # What they do is the tab's (it saves); the first frame shows them, disabled.
        self.add_action = self._action("&Add expectation", "Ctrl+N")
        self.delete_action = self._action("&Delete expectation", "Ctrl+Delete")
        self.up_action = self._action("Move u&p", "Ctrl+Shift+Up")
        self.down_action = self._action("Move do&wn", "Ctrl+Shift+Down")
        self.revalidate_action = self._action("Re&validate at milestone…", "Ctrl+R")
        self.find_action = self._action("&Find", QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._focus_search)

    def _build_layout(self) -> None:
        self.add_button = QPushButton("Add expectation")
        self.add_button.setToolTip("Add a row (Ctrl+N)")
        self.add_button.clicked.connect(self.add_action.trigger)
        buttons = []
        style = self.style()
        icons = {
            self.delete_action: QStyle.StandardPixmap.SP_TrashIcon,
            self.up_action: QStyle.StandardPixmap.SP_ArrowUp,
            self.down_action: QStyle.StandardPixmap.SP_ArrowDown,
        }
        for action, icon in icons.items():
            action.setIcon(style.standardIcon(icon))
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            buttons.append(button)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter expectations (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.status_filter = QComboBox()
        self.status_filter.addItem("Any status", None)
        for status in ExpectationStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_status(self.status_filter.currentData())
        )
        self.trailing_only = QCheckBox("Trailing only")
        self.trailing_only.setToolTip("Only rows whose delivery or perceived gap is negative")
        self.trailing_only.toggled.connect(self.proxy.set_trailing_only)

        tools = QHBoxLayout()
        tools.addWidget(self.add_button)
        for button in buttons:
            tools.addWidget(button)
        tools.addSpacing(12)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.status_filter)
        tools.addWidget(self.trailing_only)

        self.milestone_box = QComboBox()
        self.milestone_box.setMinimumContentsLength(12)
        self.milestone_state = QLabel()
        self.milestone_state.setWordWrap(True)  # long states must not widen the window
        # One menu button for the rarer milestone chores keeps the row narrow enough
        # for a 1024-pixel laptop screen.
        self.new_milestone_action = QAction("&New milestone…", self)
        self.edit_milestone_action = QAction("&Edit milestone…", self)
        self.delete_milestone_action = QAction("&Delete milestone…", self)
        milestone_menu = QMenu(self)
        milestone_menu.addActions(
            [self.new_milestone_action, self.edit_milestone_action, self.delete_milestone_action]
        )
        self.milestone_button = QPushButton("Milestones")
        self.milestone_button.setMenu(milestone_menu)
        self.revalidate_button = QPushButton("Revalidate…")
        self.revalidate_button.setToolTip(
            "Record every expectation's levels at this milestone, dated as of the day "
            "the revalidation describes (Ctrl+R)"
        )
        self.revalidate_button.clicked.connect(self.revalidate_action.trigger)
        milestones = QHBoxLayout()
        milestones.addWidget(QLabel("Milestone:"))
        milestones.addWidget(self.milestone_box)
        milestones.addWidget(self.revalidate_button)
        milestones.addWidget(self.milestone_button)
        milestones.addWidget(self.milestone_state, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_placeholder = QLabel("Loading charts…")
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_placeholder)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.chart_holder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([420, 280])

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(milestones)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.summary)

    # -- showing records ---------------------------------------------------------

    def show_milestones(self, milestones: Sequence[MilestoneRecord], current: int | None) -> None:
        """List ``milestones``, ``current`` chosen if it is one of them, else the next one
        not revalidated yet, else the last one."""
        self.milestone_box.blockSignals(True)
        self.milestone_box.clear()
        for m in milestones:
            due = f" · due {m.due_date:%d %b %Y}" if m.due_date else ""
            self.milestone_box.addItem(f"{m.name}{due}", m.id)
        index = self.milestone_box.findData(current)
        if index < 0:
            pending = [i for i, m in enumerate(milestones) if m.revalidated_at is None]
            index = pending[0] if pending else len(milestones) - 1
        self.milestone_box.setCurrentIndex(index)
        self.milestone_box.blockSignals(False)

    def show_milestone_state(self, milestone: MilestoneRecord | None, has_engagement: bool) -> None:
        if milestone is None:
            self.milestone_state.setText(
                "Add milestones to revalidate expectations as the engagement moves on."
                if has_engagement
                else ""
            )
        elif milestone.revalidated_at is None:
            self.milestone_state.setText("Not revalidated yet.")
        else:
            self.milestone_state.setText(f"Revalidated as of {revalidated_on(milestone):%d %b %Y}.")

    def show_summary(self, items: Sequence[ItemRecord], has_engagement: bool) -> None:
        summary = summarise(i.levels for i in items)
        if not items:
            text = (
                "No expectations yet: press Ctrl+N and write down what the client expects."
                if has_engagement
                else ""
            )
        else:
            parts = [counted(len(items), "expectation")]
            if summary.mean_delivery_gap is not None:
                parts.append(f"mean delivery gap {summary.mean_delivery_gap:+.1f}")
            if summary.mean_perceived_gap is not None:
                parts.append(f"mean perceived gap {summary.mean_perceived_gap:+.1f}")
            parts.append(f"{summary.trailing_rows} trailing expectations (▼)")
            text = " · ".join(parts)
        self.summary.setText(text)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
