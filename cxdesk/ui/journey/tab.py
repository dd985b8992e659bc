"""The Emotion map tab (customer journey mapping and the handoffs between phases): the
journey grid, the emotion curve, the handoff checklists and what they say together.

Data is read only while the tab is visible: ``show_engagement`` records the id, and the
tab reads the engagement's map when it is (or becomes) shown. The curve (pyqtgraph) is
built just after the tab is first shown, so start-up never pays for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.emotion_curve import EmotionCurve, emotion_curve
from cxdesk.models.journey_map import (
    HandoffItemRecord,
    JourneyMap,
    RevisitRecord,
    TouchpointRecord,
    with_handoff_item,
    with_touchpoint,
)
from cxdesk.ops import ChangeSet
from cxdesk.store import journey_map as journey_store
from cxdesk.ui.journey.empty_state import JourneyEmptyState
from cxdesk.ui.journey.grid_view import JourneyGrid
from cxdesk.ui.journey.handoffs import HandoffPanel
from cxdesk.ui.journey.revisit_dialog import revisit_label
from cxdesk.ui.journey.summary import summary_html
from cxdesk.ui.journey.tab_actions import JourneyActions
from cxdesk.ui.journey_edits import MAP_TABLES
from cxdesk.ui.status_line import StatusLine
from cxdesk.ui.workspace import Workspace

if TYPE_CHECKING:
    from cxdesk.ui.journey.chart import EmotionCurveChart

CHART_LOAD_DELAY_MS = 250
CURVE_DELAY_MS = 40  # coalesces a burst of scores (typing down a lane) into one redraw
SIDE_WIDTH = 280
BOTTOM_SHARE = 0.45  # of the map's height, for the curve and the side panel
BOTTOM_MIN = 250
EMPTY_PAGE, MAP_PAGE = range(2)


class JourneyTab(JourneyActions, QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        QWidget.__init__(self, parent)
        self.ws = ws
        self.engagement_id: int | None = None
        self.journey = JourneyMap(engagement_id=0)
        self.curve: EmotionCurve | None = None
        self.chart: EmotionCurveChart | None = None  # built after the first show
        self._stale = True  # the map shown is not the engagement's: read it when shown

        self.grid = JourneyGrid(ws.journey)
        self.handoffs = HandoffPanel(ws.journey)
        self.empty_state = JourneyEmptyState()
        self.build_actions()
        self._build_layout()

        self._curve_timer = QTimer(self)
        self._curve_timer.setSingleShot(True)
        self._curve_timer.setInterval(CURVE_DELAY_MS)
        self._curve_timer.timeout.connect(self.refresh_curve)

        ws.changed.connect(self._on_map_changed)
        self.grid.grid_model.touchpointAdded.connect(self._on_touchpoint_typed)
        ws.changed.connect(self._on_milestones_changed)
        self.grid.touchpointSelected.connect(self._on_touchpoint_selected)
        self.grid.phaseSelected.connect(self.update_actions)
        self.grid.rejectedKey.connect(self.say)
        # Within a column too: the phase lane turns Delete and the moves onto the phase.
        self.grid.selectionModel().currentChanged.connect(self.update_actions)
        self.grid.selectionModel().selectionChanged.connect(self.update_actions)
        self.empty_state.defaultPhasesRequested.connect(self.add_default_phases)
        self.empty_state.ownPhaseRequested.connect(self.add_phase)
        self.update_actions()

    # -- construction --------------------------------------------------------------

    def _build_layout(self) -> None:
        self.compare = QComboBox()
        self.compare.setToolTip(
            "Show the emotions recorded at a milestone as dashed lines, to see what changed"
        )
        # A steady width: a long milestone name must not push the toolbar off screen.
        self.compare.setMinimumContentsLength(12)
        self.compare.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.compare.currentIndexChanged.connect(self._compare_changed)
        compare_label = QLabel("Co&mpare:")
        compare_label.setBuddy(self.compare)
        tools = QHBoxLayout()
        for button in self.toolbar_buttons():
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(compare_label)
        tools.addWidget(self.compare)

        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_placeholder = QLabel("Loading the emotion curve…")
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_placeholder)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary_scroll = QScrollArea()
        summary_scroll.setWidget(self.summary)
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary.setContentsMargins(4, 0, 4, 0)
        # The summary and the checklists share the height beside the curve: on a laptop
        # screen either one needs all of it to be read.
        self.side = QTabWidget()
        self.side.setDocumentMode(True)
        self.side.addTab(summary_scroll, "Summary")
        self.side.addTab(self.handoffs, "Handoffs")
        self.side.setMinimumWidth(SIDE_WIDTH)

        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.addWidget(self.chart_holder)
        self.bottom.addWidget(self.side)
        self.bottom.setStretchFactor(0, 1)
        self.bottom.setStretchFactor(1, 0)
        self.bottom.setChildrenCollapsible(False)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.bottom)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self._split = False  # the first show divides the height (see _split_height)
        self.splitter.setChildrenCollapsible(False)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.splitter)

        # Why a key did nothing, what a revisit recorded: said once, then cleared.
        self.hint = StatusLine(hide_when_empty=True)  # no empty line under the map
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.hint)

    def say(self, message: str) -> None:
        self.hint.say(message)

    # -- showing an engagement -----------------------------------------------------

    def show_engagement(self, engagement_id: int | None) -> None:
        if engagement_id != self.engagement_id:
            self.compare.blockSignals(True)
            self.compare.clear()  # another engagement: its own revisits
            self.compare.blockSignals(False)
        self.engagement_id = engagement_id
        self._stale = True
        if self.isVisible():
            self.load_map()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.load_map()
        if not self._split:
            QTimer.singleShot(0, self._split_height)
        if self.chart is None:
            # Wait until the window is on screen before paying for pyqtgraph and numpy.
            QTimer.singleShot(CHART_LOAD_DELAY_MS, self.ensure_chart)

    def _split_height(self) -> None:
        """A little more for the grid, where the workshop happens, but never so little
        for the curve that its emotion words crowd (a 700-pixel laptop screen)."""
        height = self.splitter.height()
        if self._split or height <= 0:
            return
        self._split = True
        bottom = max(round(height * BOTTOM_SHARE), min(BOTTOM_MIN, height // 2))
        self.splitter.setSizes([height - bottom, bottom])

    def load_map(self) -> None:
        """Read the engagement's whole map and show it (structure changed, or first show)."""
        self._stale = False
        self.journey = (
            journey_store.load_map(self.ws.db, self.engagement_id)
            if self.engagement_id is not None
            else JourneyMap(engagement_id=0)
        )
        self.grid.set_map(self.journey)
        self.handoffs.set_map(self.journey)
        self._title_handoffs()
        self._fill_compare()
        self._show_page()
        self.update_actions()
        self._curve_timer.start()

    def _show_page(self) -> None:
        empty = self.journey.is_empty
        page = EMPTY_PAGE if empty else MAP_PAGE
        # Ctrl+6 lands where the work is: the empty state's first button, or the grid.
        self.setFocusProxy(self.empty_state if empty else self.grid)
        if self.pages.currentIndex() != page:
            had_focus = self.isAncestorOf(self.focusWidget())
            self.pages.setCurrentIndex(page)
            if had_focus:
                self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.empty_state.set_enabled_for(self.engagement_id is not None)

    def _mine(self, engagement_id: int) -> bool:
        """Is this change about the engagement shown? If hidden, read it when shown."""
        if engagement_id != self.engagement_id:
            return False
        if not self.isVisible():
            self._stale = True
            return False
        return True

    def _on_map_changed(self, changes: ChangeSet) -> None:
        """Typing on the map re-reads just the touchpoints or checklist items it changed
        (a workshop types fast); anything that adds, removes or moves reads the map."""
        if (
            self.engagement_id is None
            or not changes.touches(*MAP_TABLES)
            or not changes.concerns(self.engagement_id)
            or not self._mine(self.engagement_id)
        ):
            return
        if changes.tables <= {"touchpoint", "stakeholder_emotion"} and not changes.reshapes(
            "touchpoint"
        ):
            self._refresh_touchpoints(changes)
        elif changes.tables == {"handoff_item"} and not changes.reshapes("handoff_item"):
            self._refresh_handoff_items(changes.ids("handoff_item"))
        else:
            self.load_map()

    def _refresh_touchpoints(self, changes: ChangeSet) -> None:
        assert self.engagement_id is not None
        # A score row names no touchpoint once deleted: re-read the map's touchpoints
        # then (a few dozen rows), else just the ones edited.
        ids = None if changes.touches("stakeholder_emotion") else changes.ids("touchpoint")
        fresh = journey_store.load_touchpoints(self.ws.db, self.engagement_id, ids)
        shown = {t.id: t for t in self.journey.touchpoints()}
        changed = [t for t in fresh if shown.get(t.id) != t]
        if (ids is not None and len(fresh) != len(ids)) or not _in_place(changed, shown):
            self.load_map()  # one went, or moved, meanwhile: the columns change
            return
        for record in changed:
            self._on_touchpoint_changed(record)

    def _refresh_handoff_items(self, ids: frozenset[int]) -> None:
        assert self.engagement_id is not None
        fresh = journey_store.load_handoff_items(self.ws.db, self.engagement_id, ids)
        shown = {i.id: i for phase in self.journey.phases for i in phase.handoff}
        if len(fresh) != len(ids) or not _in_place(fresh, shown):
            self.load_map()
            return
        for item in fresh:
            self._on_handoff_item_changed(item)

    def _on_milestones_changed(self, changes: ChangeSet) -> None:
        # Revisits go with their milestones (deleted, restored, renamed).
        if (
            changes.touches("milestone")
            and self.engagement_id in changes.engagements
            and self._mine(self.engagement_id)
        ):
            self.load_map()

    def _on_touchpoint_changed(self, record: TouchpointRecord) -> None:
        self.journey = with_touchpoint(self.journey, record)
        self.grid.update_touchpoint(record)
        self._curve_timer.start()

    def _on_handoff_item_changed(self, item: HandoffItemRecord) -> None:
        self.journey = with_handoff_item(self.journey, item)
        self.handoffs.update_item(item)
        self.grid.set_map(self.journey)  # the phase lane shows the open items
        self._title_handoffs()
        self._curve_timer.start()

    def _on_touchpoint_typed(self, record: TouchpointRecord) -> None:
        """Typed into an empty phase's column: the new touchpoint becomes the current one."""
        if record.engagement_id != self.engagement_id or not self.isVisible():
            return
        if self.current_touchpoint() is None:
            self.grid.select_touchpoint(record.id)

    def _title_handoffs(self) -> None:
        """The checklists' tab says how many items are open, so a hidden risk still shows."""
        open_items = sum(h.open_items for h in self.journey.handoffs())
        self.side.setTabText(1, f"Handoffs ⚠ {open_items} open" if open_items else "Handoffs")

    # -- comparing with a revisit --------------------------------------------------

    def _fill_compare(self) -> None:
        keep = self.compare.currentData()
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem("none", None)
        for revisit in self.journey.revisits:
            self.compare.addItem(revisit_label(revisit), revisit.id)
        index = self.compare.findData(keep) if keep is not None else 0
        self.compare.setCurrentIndex(max(index, 0))
        self.compare.setEnabled(bool(self.journey.revisits))
        self.compare.blockSignals(False)
        if keep is not None and index < 0:
            self._curve_timer.start()  # the revisit compared with is gone (undone)

    def compared(self) -> RevisitRecord | None:
        revisit_id = self.compare.currentData()
        return next((r for r in self.journey.revisits if r.id == revisit_id), None)

    def _compare_changed(self, _index: int) -> None:
        self.refresh_curve()

    # -- the curve and the summary -------------------------------------------------

    def ensure_chart(self) -> EmotionCurveChart:
        if self.chart is None:
            from cxdesk.ui.journey.chart import EmotionCurveChart

            self.chart = EmotionCurveChart()
            self.chart.touchpointClicked.connect(self._on_curve_clicked)
            self.chart_layout.removeWidget(self.chart_placeholder)
            self.chart_placeholder.deleteLater()
            self.chart_layout.addWidget(self.chart)
            self.refresh_curve()
        return self.chart

    def refresh_curve(self) -> None:
        self._curve_timer.stop()
        self.curve = emotion_curve(self.journey, self.compared())
        self.summary.setText(
            "" if self.journey.is_empty else summary_html(self.journey, self.curve)
        )
        if self.chart is not None:
            self.chart.set_curve(self.curve)
            current = self.grid.current_slot()
            touchpoint = current.touchpoint if current is not None else None
            self.chart.set_current(touchpoint.id if touchpoint is not None else None)

    def _on_curve_clicked(self, touchpoint_id: int) -> None:
        self.grid.select_touchpoint(touchpoint_id)
        self.grid.setFocus(Qt.FocusReason.MouseFocusReason)

    def _on_touchpoint_selected(self, record: TouchpointRecord | None) -> None:
        if self.chart is not None:
            self.chart.set_current(record.id if record is not None else None)
        self.update_actions()


def _in_place(
    fresh: Sequence[TouchpointRecord | HandoffItemRecord],
    shown: Mapping[int, TouchpointRecord | HandoffItemRecord],
) -> bool:
    """Whether every fresh record is on screen already, in the same phase and place."""
    return all(
        r.id in shown and (r.phase_id, r.position) == (shown[r.id].phase_id, shown[r.id].position)
        for r in fresh
    )
