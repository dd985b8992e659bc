"""The Emotion map tab (customer journey mapping and the handoffs between phases): the
journey grid, the emotion curve, the handoff checklists and what they say together.

Data is read only while the tab is visible: ``show_engagement`` records the id, and the
tab reads the engagement's map when it is (or becomes) shown. The curve (pyqtgraph) is
built just after the tab is first shown, so start-up never pays for it.
"""

from __future__ import annotations

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
    PhaseRecord,
    RevisitRecord,
    TouchpointRecord,
    with_handoff_item,
    with_touchpoint,
)
from cxdesk.store import journey_map as journey_store
from cxdesk.ui.journey.empty_state import JourneyEmptyState
from cxdesk.ui.journey.grid_view import JourneyGrid
from cxdesk.ui.journey.handoffs import HandoffPanel
from cxdesk.ui.journey.revisit_dialog import revisit_label
from cxdesk.ui.journey.summary import summary_html
from cxdesk.ui.journey.tab_actions import JourneyActions
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

        edits = ws.journey
        edits.mapChanged.connect(self._on_map_changed)
        edits.touchpointChanged.connect(self._on_touchpoint_changed)
        edits.handoffItemChanged.connect(self._on_handoff_item_changed)
        edits.touchpointCreated.connect(self._on_touchpoint_created)
        edits.phaseCreated.connect(self._on_phase_created)
        edits.revisitsChanged.connect(self._on_revisits_changed)
        ws.milestonesChanged.connect(self._on_milestones_changed)
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

    def _on_map_changed(self, engagement_id: int) -> None:
        if self._mine(engagement_id):
            self.load_map()

    def _on_milestones_changed(self, engagement_id: int) -> None:
        # Revisits go with their milestones (deleted, restored, renamed).
        if self._mine(engagement_id):
            self.load_map()

    def _on_revisits_changed(self, engagement_id: int) -> None:
        if self._mine(engagement_id):
            self._fill_compare()  # mapChanged, just before, has read them

    def _on_touchpoint_changed(self, record: TouchpointRecord) -> None:
        if not self._mine(record.engagement_id):
            return
        self.journey = with_touchpoint(self.journey, record)
        self.grid.update_touchpoint(record)
        self._curve_timer.start()

    def _on_handoff_item_changed(self, item: HandoffItemRecord) -> None:
        if not self._mine(item.engagement_id):
            return
        self.journey = with_handoff_item(self.journey, item)
        self.handoffs.update_item(item)
        self.grid.set_map(self.journey)  # the phase lane shows the open items
        self._title_handoffs()
        self._curve_timer.start()

    def _on_touchpoint_created(self, record: TouchpointRecord) -> None:
        if record.engagement_id != self.engagement_id or not self.isVisible():
            return
        if self._edit_new_touchpoint:
            # Live in a workshop: the new touchpoint's name is ready to be typed over.
            self.edit_touchpoint_name(record.id)
        elif self.current_touchpoint() is None:
            self.grid.select_touchpoint(record.id)  # typed into an empty phase's column

    def _on_phase_created(self, record: PhaseRecord) -> None:
        if record.engagement_id == self.engagement_id and self.isVisible():
            self.select_phase(record.id, edit=self._edit_new_phase)
        self._edit_new_phase = False

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
