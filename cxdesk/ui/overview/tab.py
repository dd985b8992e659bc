"""The Overview tab: the Project Experience Quadrant, its path, the key numbers, the pulse trend.

Its widgets are :class:`cxdesk.ui.overview.layout.OverviewLayout` (what the first frame
shows at start-up); this adds where the Overview comes from, the charts and the override.

The Overview depends on everything (matrix, milestones, RATER, pulse checks, overrides),
so every change only marks it dirty; it is recomputed, once per burst of changes, when it
is visible, and on being shown again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cxdesk.models.quadrant import Axis
from cxdesk.models.records import ShownOverride
from cxdesk.ops import ChangeSet
from cxdesk.ops import feedback as feedback_ops
from cxdesk.store import overview as overview_store
from cxdesk.store import pulse as pulse_store
from cxdesk.store import workspace as workspace_store
from cxdesk.ui.overview.layout import OverviewLayout
from cxdesk.ui.overview.loop_panel import LOOP_TABLES, ClosingLoopPanel, read_loop_numbers
from cxdesk.ui.overview.override_dialog import OverrideDialog
from cxdesk.ui.overview.texts import EMPTY_TEXT, PULSE_EMPTY_TEXT
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:  # imported when first shown: pyqtgraph stays out of start-up
    from cxdesk.ui.overview.chart import QuadrantChart
    from cxdesk.ui.pulse.charts import PulseTrendChart

REFRESH_DELAY_MS = 40
MATRIX_TABLES = ("engagement", "milestone", "expectation_item", "expectation_snapshot")


class OverviewTab(OverviewLayout):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement_id: int | None = None
        # The quadrant chart, built on first show (pyqtgraph is slow to import).
        self.chart: QuadrantChart | None = None
        self.pulse_chart: PulseTrendChart | None = None
        self.last_refresh_ms = 0.0
        self._dirty = True
        # The pulse checks and milestones the last refresh read, for the pulse trend.
        self._read: overview_store.OverviewRead | None = None
        self._read_for: int | None = None  # the engagement it was read for

        self.override_action.triggered.connect(lambda: self.override_score())
        # The day "overdue" and "too long on its rung" are counted to (a test's fake clock).
        self.today: Callable[[], date] = date.today
        # Closing the loop, below the key numbers: one key to the issue log and the logs.
        self.loop = ClosingLoopPanel()
        self.loop.goTo.connect(ws.focusView.emit)
        self.loop.overdueWanted.connect(self._show_overdue_actions)
        self.addActions([self.loop.issue_log_action, self.loop.said_log_action])
        panel = self.side.widget()
        assert panel is not None
        side = panel.layout()
        assert isinstance(side, QVBoxLayout)
        side.insertWidget(side.indexOf(self.numbers) + 1, self.loop)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)  # a burst of edits: one recompute
        self._timer.timeout.connect(self._refresh_if_visible)

        ws.changed.connect(self._on_changed)
        ws.changed.connect(self._on_feedback_changed)

    def _show_overdue_actions(self) -> None:
        from cxdesk.ui.actions.links import show_overdue_actions  # made with the Actions tab

        show_overdue_actions(self.ws)

    # -- what to show, and when to recompute -----------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        self.engagement_id = engagement_id
        self.mark_dirty()

    def mark_dirty(self, *_args: object) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def _on_changed(self, changes: ChangeSet) -> None:
        # The quadrant reads the matrix, its revalidations and the engagement's phase.
        if changes.touches(*MATRIX_TABLES, *LOOP_TABLES) and changes.concerns(self.engagement_id):
            self.mark_dirty()

    def _on_feedback_changed(self, changes: ChangeSet) -> None:
        # RATER scores, pulse checks and the manual overrides all move the quadrant.
        if changes.touches(*feedback_ops.FEEDBACK_TABLES) and changes.concerns(self.engagement_id):
            self.mark_dirty()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
        if self.chart is None:
            # After the first paint: the side panel shows at once, the chart follows.
            QTimer.singleShot(0, self.ensure_chart)

    def _refresh_if_visible(self) -> None:
        if self.isVisible() and self._dirty:
            self.refresh()

    def ensure_chart(self) -> QuadrantChart:
        if self.chart is None:
            from cxdesk.ui.overview.chart import QuadrantChart

            self.chart = QuadrantChart()
            self.chart.setMinimumSize(320, 280)
            self.chart_layout.removeWidget(self.chart_placeholder)
            self.chart_placeholder.deleteLater()
            self.chart_layout.addWidget(self.chart)
            self._add_pulse_chart()
            self._draw()
        return self.chart

    def _add_pulse_chart(self) -> None:
        from cxdesk.ui.pulse.charts import PulseTrendChart

        self.pulse_chart = PulseTrendChart()
        self.pulse_chart.empty.setText(PULSE_EMPTY_TEXT)  # its own text points at its tab
        self.pulse_layout.removeWidget(self.pulse_placeholder)
        self.pulse_placeholder.deleteLater()
        self.pulse_layout.addWidget(self.pulse_chart)

    def refresh(self) -> None:
        """Recompute everything from the database and redraw."""
        started = time.perf_counter()
        self._dirty = False
        self._timer.stop()
        self._read = (
            overview_store.read_overview(self.ws.db, self.engagement_id)
            if self.engagement_id is not None
            else None
        )
        self._read_for = self.engagement_id
        self.show_overview(self._read.overview if self._read is not None else None)
        self.loop.show_numbers(
            read_loop_numbers(self.ws.db, self.engagement_id, self.today())
            if self.engagement_id is not None
            else None
        )
        self._draw()
        self.last_refresh_ms = (time.perf_counter() - started) * 1000

    def _draw(self) -> None:
        if self.chart is None:
            return
        overview = self.overview
        self.chart.set_path(overview.path if overview else [], EMPTY_TEXT)
        if self.pulse_chart is not None and self.engagement_id is not None:
            read = self._read
            if read is not None and self._read_for == self.engagement_id and not self._dirty:
                # What the Overview was computed from, still current: no second read.
                self.pulse_chart.set_data(read.pulses, read.milestones)
            else:  # the chart built before a refresh, or after a change not yet read
                self.pulse_chart.set_data(
                    pulse_store.list_pulses(self.ws.db, self.engagement_id),
                    workspace_store.list_milestones(self.ws.db, self.engagement_id),
                )
        if self.pulse_chart is not None:
            self.pulse_holder.setVisible(self.engagement_id is not None)

    # -- overriding a score ----------------------------------------------------------

    def override_score(self, milestone_id: int | None = None, axis: Axis = Axis.VALUE) -> None:
        """Ask for a manual score and its reason; saved as one undo step (ws.feedback)."""
        if self.engagement_id is None:
            return
        if self._dirty or self.overview is None:
            self.refresh()
        assert self.overview is not None
        # The path as the dialog shows it: a colleague's change arriving while it is open
        # redraws the Overview, but the edit is made from what the dialog showed.
        path = self.overview.path
        dialog = OverrideDialog(path, milestone_id, axis, self)
        if not dialog.exec():
            return
        choice = dialog.choice()
        point = next(p for p in path if p.milestone_id == choice.milestone_id)
        current = point.value if choice.axis is Axis.VALUE else point.experience
        if choice.score is None and not current.is_overridden:
            return
        if (
            choice.score is not None
            and current.override == choice.score
            and current.reason == choice.reason
        ):
            return  # nothing changed: no undo step
        self.ws.feedback.set_override(
            self.engagement_id,
            choice.milestone_id,
            choice.axis,
            choice.score,
            choice.reason,
            ShownOverride(current.override, current.reason if current.is_overridden else ""),
        )

    def menu_actions(self) -> list[QAction]:
        """What the Edit menu offers while this tab is in front."""
        return [self.override_action]
