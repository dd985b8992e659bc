"""The Expectation Matrix tab: the table, its tools, milestones and the charts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.gaps import summarise
from cxdesk.models.journey import ExpectationStatus
from cxdesk.models.records import ItemRecord, MilestoneRecord, SnapshotRecord
from cxdesk.models.wording import counted
from cxdesk.ops import ChangeSet
from cxdesk.store import expectations, workspace
from cxdesk.ui.dialogs import MilestoneDialog
from cxdesk.ui.matrix.columns import COLUMN_INDEX
from cxdesk.ui.matrix.model import ExpectationTableModel, ItemRole, MatrixFilterProxy
from cxdesk.ui.matrix.view import MatrixView
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:  # imported when first shown: pyqtgraph stays out of start-up
    from cxdesk.ui.matrix.charts import MatrixCharts

CHART_LOAD_DELAY_MS = 250


class ExpectationMatrixTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement_id: int | None = None
        self.milestones: list[MilestoneRecord] = []
        # Built on first show: pyqtgraph stays out of start-up.
        self.charts: MatrixCharts | None = None
        # Re-read only when milestones/snapshots change.
        self._snapshots: list[SnapshotRecord] | None = None
        self._stale = False  # the engagement changed while the tab was hidden
        self._charts_stale = False  # the data changed while the tab was hidden

        self.model = ExpectationTableModel(ws, self)
        self.proxy = MatrixFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = MatrixView()
        self.view.setModel(self.proxy)
        self.view.sortByColumn(COLUMN_INDEX["position"], Qt.SortOrder.AscendingOrder)

        self._build_actions()
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
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._update_actions)
        self.view.rejectedKey.connect(self.summary.setText)
        self._update_actions()

    # -- construction --------------------------------------------------------------

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
        slot: Callable[[], object],
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_action = self._action("&Add expectation", "Ctrl+N", self.add_item)
        self.delete_action = self._action(
            "&Delete expectation", "Ctrl+Delete", self.delete_selected
        )
        self.up_action = self._action("Move u&p", "Ctrl+Shift+Up", lambda: self.move_selected(-1))
        self.down_action = self._action(
            "Move do&wn", "Ctrl+Shift+Down", lambda: self.move_selected(1)
        )
        self.revalidate_action = self._action("Re&validate at milestone", "Ctrl+R", self.revalidate)
        self.find_action = self._action("&Find", QKeySequence.StandardKey.Find, self._focus_search)

    def _build_layout(self) -> None:
        add = QPushButton("Add expectation")
        add.setToolTip("Add a row (Ctrl+N)")
        add.clicked.connect(self.add_action.trigger)
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
        tools.addWidget(add)
        for button in buttons:
            tools.addWidget(button)
        tools.addSpacing(12)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.status_filter)
        tools.addWidget(self.trailing_only)

        self.milestone_box = QComboBox()
        self.milestone_box.setMinimumContentsLength(12)
        self.milestone_box.currentIndexChanged.connect(self._update_actions)
        self.milestone_state = QLabel()
        self.milestone_state.setWordWrap(True)  # long states must not widen the window
        # One menu button for the rarer milestone chores keeps the row narrow enough
        # for a 1024-pixel laptop screen.
        self.new_milestone_action = QAction("&New milestone…", self)
        self.new_milestone_action.triggered.connect(self.new_milestone)
        self.edit_milestone_action = QAction("&Edit milestone…", self)
        self.edit_milestone_action.triggered.connect(self.edit_milestone)
        self.delete_milestone_action = QAction("&Delete milestone…", self)
        self.delete_milestone_action.triggered.connect(self.delete_milestone)
        milestone_menu = QMenu(self)
        milestone_menu.addActions(
            [self.new_milestone_action, self.edit_milestone_action, self.delete_milestone_action]
        )
        self.milestone_button = QPushButton("Milestones")
        self.milestone_button.setMenu(milestone_menu)
        self.revalidate_button = QPushButton("Revalidate now")
        self.revalidate_button.setToolTip(
            "Record every expectation's levels at this milestone (Ctrl+R)"
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

    # -- showing an engagement -----------------------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        self.engagement_id = engagement_id
        self._snapshots = None
        # A hidden tab only notes the engagement; it reads it when it is next shown, so
        # switching engagements does not pay for a matrix nobody is looking at.
        if self.isVisible():
            self._load()
        else:
            self._stale = True

    def _load(self) -> None:
        self._stale = False
        self.model.load(self.engagement_id)
        self._load_milestones()
        self._data_changed()

    def _load_milestones(self, select_id: int | None = None) -> None:
        current = select_id if select_id is not None else self.milestone_box.currentData()
        self.milestones = (
            workspace.list_milestones(self.ws.db, self.engagement_id)
            if self.engagement_id is not None
            else []
        )
        self.milestone_box.blockSignals(True)
        self.milestone_box.clear()
        for m in self.milestones:
            due = f" · due {m.due_date:%d %b %Y}" if m.due_date else ""
            self.milestone_box.addItem(f"{m.name}{due}", m.id)
        index = self.milestone_box.findData(current)
        if index < 0:
            # Default to the next milestone not yet revalidated, else the last one.
            pending = [i for i, m in enumerate(self.milestones) if m.revalidated_at is None]
            index = pending[0] if pending else len(self.milestones) - 1
        self.milestone_box.setCurrentIndex(index)
        self.milestone_box.blockSignals(False)
        self._update_actions()

    def _on_changed(self, changes: ChangeSet) -> None:
        if self.engagement_id is None or not changes.concerns(self.engagement_id):
            return
        if changes.touches("milestone"):  # added, renamed, revalidated, deleted
            self._load_milestones()
        # Rows that come or go change the charts' snapshots too (theirs go with them).
        if changes.touches("milestone", "expectation_snapshot") or changes.reshapes(
            "expectation_item"
        ):
            self._snapshots = None
            self._chart_timer.start()

    def _select_new(self, item: ItemRecord) -> None:
        """Put the cursor in the row a person just added, ready to type what it expects."""
        row = self.model.row_of(item.id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, COLUMN_INDEX["expects"]))
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            self.view.edit(index)

    # -- actions -------------------------------------------------------------------

    def selected_items(self) -> list[ItemRecord]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return [self.proxy.index(r, 0).data(ItemRole) for r in sorted(rows)]

    def add_item(self) -> None:
        if self.engagement_id is None:
            return
        selected = self.selected_items()
        at = selected[-1].position + 1 if selected and not self.proxy.is_filtering else None
        item = self.ws.add_item(self.engagement_id, at)
        if item is not None:
            self._select_new(item)

    def delete_selected(self) -> None:
        items = self.selected_items()
        if self.engagement_id is None or not items:
            return
        self.ws.delete_items(self.engagement_id, [i.id for i in items])

    def move_selected(self, step: int) -> None:
        items = self.selected_items()
        if len(items) != 1 or not self._in_manual_order():
            return
        item = items[0]
        target = item.position + step
        if not 0 <= target < self.model.rowCount():
            return
        column = self.view.currentIndex().column()
        self.ws.move_item(item, target)
        row = self.model.row_of(item.id)
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row, max(column, 0)))
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _in_manual_order(self) -> bool:
        header = self.view.horizontalHeader()
        return (
            header.sortIndicatorSection() == COLUMN_INDEX["position"]
            and header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
            and not self.proxy.is_filtering
        )

    def current_milestone(self) -> MilestoneRecord | None:
        milestone_id = self.milestone_box.currentData()
        return next((m for m in self.milestones if m.id == milestone_id), None)

    def new_milestone(self) -> None:
        if self.engagement_id is None:
            return
        dialog = MilestoneDialog("New milestone", parent=self)
        if dialog.exec():
            name, due = dialog.values()
            self.ws.add_milestone(self.engagement_id, name, due)

    def edit_milestone(self) -> None:
        milestone = self.current_milestone()
        if milestone is None or self.engagement_id is None:
            return
        dialog = MilestoneDialog("Edit milestone", milestone.name, milestone.due_date, self)
        if dialog.exec():
            self.ws.edit_milestone(
                self.engagement_id,
                milestone.id,
                (milestone.name, milestone.due_date),
                dialog.values(),
            )

    def delete_milestone(self) -> None:
        milestone = self.current_milestone()
        if milestone is None or self.engagement_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Delete milestone",
            f"Delete the milestone “{milestone.name}” and the levels recorded at it?\n\n"
            "You can undo this with Edit > Undo.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ws.delete_milestone(self.engagement_id, milestone.id, milestone.name)

    def revalidate(self) -> None:
        milestone = self.current_milestone()
        if milestone is None or self.engagement_id is None:
            return
        self.ws.revalidate(self.engagement_id, milestone.id, milestone.name)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _update_actions(self, *_args: object) -> None:
        has_engagement = self.engagement_id is not None
        selected = self.selected_items() if has_engagement else []
        manual = self._in_manual_order()
        self.add_action.setEnabled(has_engagement)
        self.delete_action.setEnabled(bool(selected))
        single = len(selected) == 1 and manual
        self.up_action.setEnabled(single and selected[0].position > 0)
        self.down_action.setEnabled(single and selected[0].position < self.model.rowCount() - 1)
        milestone = self.current_milestone()
        self.revalidate_action.setEnabled(milestone is not None)
        self.revalidate_button.setEnabled(milestone is not None)
        self.edit_milestone_action.setEnabled(milestone is not None)
        self.delete_milestone_action.setEnabled(milestone is not None)
        if milestone is None:
            self.milestone_state.setText(
                "Add milestones to revalidate expectations as the engagement moves on."
                if has_engagement
                else ""
            )
        elif milestone.revalidated_at is None:
            self.milestone_state.setText("Not revalidated yet.")
        else:
            self.milestone_state.setText(
                f"Revalidated {milestone.revalidated_at:%d %b %Y, %H:%M} (UTC)."
            )
        for action, tip in (
            (self.up_action, "Move up (Ctrl+Shift+Up)"),
            (self.down_action, "Move down (Ctrl+Shift+Down)"),
        ):
            action.setToolTip(tip if manual else "Sort by # and clear filters to reorder rows")

    # -- summary and charts --------------------------------------------------------

    def _data_changed(self, *_args: object) -> None:
        items = self.model.items()
        summary = summarise(i.levels for i in items)
        if not items:
            text = (
                "No expectations yet: press Ctrl+N and write down what the client expects."
                if self.engagement_id is not None
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
        self._update_actions()
        self._chart_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._load()
        elif self._charts_stale:
            self._chart_timer.start()
        if self.charts is None:
            # A zero timer would still run before the first paint; wait until the window
            # is on screen and usable before paying for pyqtgraph and numpy.
            QTimer.singleShot(CHART_LOAD_DELAY_MS, self.ensure_charts)

    def ensure_charts(self) -> MatrixCharts:
        if self.charts is None:
            from cxdesk.ui.matrix.charts import MatrixCharts

            self.charts = MatrixCharts()
            self.chart_layout.removeWidget(self.chart_placeholder)
            self.chart_placeholder.deleteLater()
            self.chart_layout.addWidget(self.charts)
            self.refresh_charts()
        return self.charts

    def refresh_charts(self) -> None:
        if self.charts is None:
            return
        if not self.isVisible():
            self._charts_stale = True  # redrawn when the tab is shown again
            return
        self._charts_stale = False
        if self._snapshots is None:
            self._snapshots = (
                expectations.list_snapshots(self.ws.db, self.engagement_id)
                if self.engagement_id is not None
                else []
            )
        self.charts.set_data(self.model.items(), self.milestones, self._snapshots)

    def index_of(self, item_id: int, field: str) -> QModelIndex:
        """The view index of one cell (for tests and keyboard navigation)."""
        row = self.model.row_of(item_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, COLUMN_INDEX[field]))

    def menu_actions(self) -> list[QAction]:
        """What the Edit menu offers while this tab is in front."""
        return [
            self.add_action,
            self.delete_action,
            self.up_action,
            self.down_action,
            self.revalidate_action,
            self.find_action,
        ]
