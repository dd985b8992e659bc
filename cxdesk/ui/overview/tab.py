"""The Overview tab: the Project Experience Quadrant, its path, the key numbers, the pulse trend.

The Overview depends on everything (matrix, milestones, RATER, pulse checks, overrides),
so every change only marks it dirty; it is recomputed, once per burst of changes, when it
is visible, and on being shown again.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.overview import Overview
from cxdesk.models.quadrant import EXPERIENCE_FORMULA, VALUE_FORMULA, Axis
from cxdesk.ops import ChangeSet
from cxdesk.ops import feedback as feedback_ops
from cxdesk.store import overview as overview_store
from cxdesk.store import pulse as pulse_store
from cxdesk.store import workspace as workspace_store
from cxdesk.ui.overview.numbers import KeyNumbersPanel
from cxdesk.ui.overview.override_dialog import OverrideDialog
from cxdesk.ui.overview.texts import EMPTY_TEXT, PULSE_EMPTY_TEXT, missing_advice, point_html
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:  # imported when first shown: pyqtgraph stays out of start-up
    from cxdesk.ui.overview.chart import QuadrantChart
    from cxdesk.ui.pulse.charts import PulseTrendChart

REFRESH_DELAY_MS = 40
MATRIX_TABLES = ("engagement", "milestone", "expectation_item", "expectation_snapshot")


def _heading_font(widget: QWidget, scale: float) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    return font


class OverviewTab(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement_id: int | None = None
        self.overview: Overview | None = None
        # The quadrant chart, built on first show (pyqtgraph is slow to import).
        self.chart: QuadrantChart | None = None
        self.pulse_chart: PulseTrendChart | None = None
        self.last_refresh_ms = 0.0
        self._dirty = True

        self.override_action = QAction("&Override a score…", self)
        self.override_action.setToolTip(
            "Replace a computed score with your own judgement, and say why"
        )
        self.override_action.triggered.connect(lambda: self.override_score())
        self.addAction(self.override_action)
        self._build_layout()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)  # a burst of edits: one recompute
        self._timer.timeout.connect(self._refresh_if_visible)

        ws.changed.connect(self._on_changed)
        ws.changed.connect(self._on_feedback_changed)

    # -- construction --------------------------------------------------------------

    def _build_layout(self) -> None:
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_placeholder = QLabel("Loading the quadrant…")
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_placeholder)

        self.quadrant_title = QLabel()
        self.quadrant_title.setFont(_heading_font(self, 1.6))
        self.quadrant_title.setWordWrap(True)
        self.quadrant_advice = QLabel()
        self.quadrant_advice.setFont(_heading_font(self, 1.15))
        self.quadrant_advice.setWordWrap(True)
        self.point_text = QLabel()
        self.point_text.setWordWrap(True)
        self.point_text.setTextFormat(Qt.TextFormat.RichText)
        self.point_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.override_button = QPushButton(self.override_action.text())
        self.override_button.setToolTip(self.override_action.toolTip())
        self.override_button.clicked.connect(self.override_action.trigger)
        buttons = QHBoxLayout()
        buttons.addWidget(self.override_button)
        buttons.addStretch(1)

        numbers_title = QLabel("Is the gap closing?")
        numbers_title.setFont(_heading_font(self, 1.1))
        self.numbers = KeyNumbersPanel()
        formulas_title = QLabel("How the quadrant is computed")
        formulas_title.setFont(_heading_font(self, 1.0))
        self.formulas = QLabel(f"{VALUE_FORMULA}\n\n{EXPERIENCE_FORMULA}")
        self.formulas.setWordWrap(True)
        self.formulas.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        small = QFont(self.formulas.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.formulas.setFont(small)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 8, 4)
        side_layout.addWidget(self.quadrant_title)
        side_layout.addWidget(self.quadrant_advice)
        side_layout.addWidget(self.point_text)
        side_layout.addLayout(buttons)
        side_layout.addSpacing(8)
        side_layout.addWidget(numbers_title)
        side_layout.addWidget(self.numbers)
        side_layout.addSpacing(8)
        side_layout.addWidget(formulas_title)
        side_layout.addWidget(self.formulas)
        side_layout.addStretch(1)
        self.side = QScrollArea()
        self.side.setWidget(side)
        self.side.setWidgetResizable(True)
        self.side.setFrameShape(QFrame.Shape.NoFrame)
        self.side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side.setMinimumWidth(300)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.chart_holder)
        top.addWidget(self.side)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([560, 380])
        top.setChildrenCollapsible(False)
        self.top = top

        self.pulse_holder = QWidget()
        self.pulse_layout = QVBoxLayout(self.pulse_holder)
        self.pulse_layout.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.pulse_holder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([500, 150])
        self.splitter.setChildrenCollapsible(False)
        self.pulse_holder.hide()  # until the charts are built

        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

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
        if changes.touches(*MATRIX_TABLES) and changes.concerns(self.engagement_id):
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
        self.pulse_layout.addWidget(self.pulse_chart)
        self.pulse_holder.show()

    def refresh(self) -> None:
        """Recompute everything from the database and redraw."""
        started = time.perf_counter()
        self._dirty = False
        self._timer.stop()
        self.overview = (
            overview_store.load_overview(self.ws.db, self.engagement_id)
            if self.engagement_id is not None
            else None
        )
        self._show_side()
        self._draw()
        self.last_refresh_ms = (time.perf_counter() - started) * 1000

    def _show_side(self) -> None:
        overview = self.overview
        self.override_action.setEnabled(overview is not None)
        self.override_button.setEnabled(overview is not None)
        if overview is None:
            self.quadrant_title.setText("")
            self.quadrant_advice.setText("")
            self.point_text.setText("")
            self.numbers.set_numbers([])
            return
        now = overview.now
        where = now.quadrant
        if where is None:
            self.quadrant_title.setText("Now: not on the quadrant yet")
            self.quadrant_advice.setText(missing_advice(now))
        else:
            self.quadrant_title.setText(f"Now: {where.label}")
            self.quadrant_advice.setText(where.advice)
        font = self.quadrant_advice.font()
        font.setBold(where is not None)  # the advice stands out; a to-do list need not
        self.quadrant_advice.setFont(font)
        self.point_text.setText(point_html(now))
        tips = [
            f"{axis.label}: set by hand to {score.override:.1f} because “{score.reason}”"
            for axis, score in ((Axis.VALUE, now.value), (Axis.EXPERIENCE, now.experience))
            if score.is_overridden
        ]
        self.point_text.setToolTip("\n".join(tips))
        self.numbers.set_numbers(overview.key_numbers)

    def _draw(self) -> None:
        if self.chart is None:
            return
        overview = self.overview
        self.chart.set_path(overview.path if overview else [], EMPTY_TEXT)
        if self.pulse_chart is not None and self.engagement_id is not None:
            self.pulse_chart.set_data(
                pulse_store.list_pulses(self.ws.db, self.engagement_id),
                workspace_store.list_milestones(self.ws.db, self.engagement_id),
            )
        if self.pulse_chart is not None:
            self.pulse_holder.setVisible(self.engagement_id is not None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.numbers.refresh_colours()

    # -- overriding a score ----------------------------------------------------------

    def override_score(self, milestone_id: int | None = None, axis: Axis = Axis.VALUE) -> None:
        """Ask for a manual score and its reason; saved as one undo step (ws.feedback)."""
        if self.engagement_id is None:
            return
        if self._dirty or self.overview is None:
            self.refresh()
        assert self.overview is not None
        dialog = OverrideDialog(self.overview.path, milestone_id, axis, self)
        if not dialog.exec():
            return
        choice = dialog.choice()
        point = next(p for p in self.overview.path if p.milestone_id == choice.milestone_id)
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
            self.engagement_id, choice.milestone_id, choice.axis, choice.score, choice.reason
        )

    def menu_actions(self) -> list[QAction]:
        """What the Edit menu offers while this tab is in front."""
        return [self.override_action]
