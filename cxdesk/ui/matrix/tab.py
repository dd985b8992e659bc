"""The Expectation Matrix tab: the table, its tools, milestones and the charts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from cxdesk.models.records import ItemRecord, MilestoneRecord
from cxdesk.ops import ChangeSet
from cxdesk.store import expectations, workspace
from cxdesk.ui.dialogs import MilestoneDialog
from cxdesk.ui.matrix.columns import COLUMN_INDEX
from cxdesk.ui.matrix.layout import MatrixLayout
from cxdesk.ui.matrix.model import ExpectationTableModel, ItemRole
from cxdesk.ui.matrix.revalidate_dialog import RevalidateDialog
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:  # imported when first shown: pyqtgraph stays out of start-up
    from cxdesk.ui.matrix.charts import MatrixCharts

CHART_LOAD_DELAY_MS = 250


class ExpectationMatrixTab(MatrixLayout):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(ExpectationTableModel(ws), parent)
        self.model: ExpectationTableModel  # the layout's, typed as the tab's
        self.model.setParent(self)
        self.ws = ws
        self.engagement_id: int | None = None
        self.milestones: list[MilestoneRecord] = []
        # Built on first show: pyqtgraph stays out of start-up.
        self.charts: MatrixCharts | None = None
        # Re-read only when milestones/snapshots change: (item id, milestone id, perceived
        # gap) per snapshot, all the heatmap draws (records would cost 60 ms at 20,000).
        self._snapshots: list[tuple[int, int, int | None]] | None = None
        self._stale = False  # the engagement changed while the tab was hidden
        self._charts_stale = False  # the data changed while the tab was hidden

        for action, slot in (
            (self.add_action, self.add_item),
            (self.delete_action, self.delete_selected),
            (self.up_action, lambda: self.move_selected(-1)),
            (self.down_action, lambda: self.move_selected(1)),
            (self.revalidate_action, self.revalidate),
            (self.new_milestone_action, self.new_milestone),
            (self.edit_milestone_action, self.edit_milestone),
            (self.delete_milestone_action, self.delete_milestone),
        ):
            action.triggered.connect(slot)

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
        self.milestone_box.currentIndexChanged.connect(self._update_actions)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._update_actions)
        self.view.rejectedKey.connect(self.summary.setText)
        self._update_actions()

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
        self.show_milestones(self.milestones, current)
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
        # The rows as this screen shows them: a colleague's change since is not moved over.
        shown = [i.id for i in sorted(self.model.items(), key=lambda i: (i.position, i.id))]
        self.ws.move_item(item, target, shown)
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
        """Ask the day the revalidation describes, then record the levels at the milestone."""
        milestone = self.current_milestone()
        if milestone is None or self.engagement_id is None:
            return
        dialog = RevalidateDialog(milestone, parent=self)
        try:
            if not dialog.exec():
                return
            day = dialog.day()
        finally:
            dialog.deleteLater()
        self.ws.revalidate(self.engagement_id, milestone.id, milestone.name, day)

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
        self.show_milestone_state(milestone, has_engagement)
        for action, tip in (
            (self.up_action, "Move up (Ctrl+Shift+Up)"),
            (self.down_action, "Move down (Ctrl+Shift+Down)"),
        ):
            action.setToolTip(tip if manual else "Sort by # and clear filters to reorder rows")

    # -- summary and charts --------------------------------------------------------

    def _data_changed(self, *_args: object) -> None:
        self.show_summary(self.model.items(), self.engagement_id is not None)
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
                expectations.list_snapshot_gaps(self.ws.db, self.engagement_id)
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
