"""The right-hand side for one engagement: its heading, journey phase and work tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import EngagementRecord
from cxdesk.store import workspace as store
from cxdesk.ui.journey.tab import JourneyTab
from cxdesk.ui.matrix.tab import ExpectationMatrixTab
from cxdesk.ui.overview.tab import OverviewTab
from cxdesk.ui.pulse.tab import PulseTab
from cxdesk.ui.quiz.tab import QuizTab
from cxdesk.ui.rater.tab import RaterTab
from cxdesk.ui.workspace import Workspace

# In this order on screen; View > (Ctrl+1 ... Ctrl+6) follows it.
TAB_NAMES = (
    "Overview",
    "Expectation Matrix",
    "RATER scorecard",
    "Pulse checks",
    "CX quiz",
    "Emotion map",
)

HANDOFF_HINT = {
    JourneyPhase.MARKETING_SALES: "Next: the Sales → Implementation handoff, a risky moment.",
    JourneyPhase.IMPLEMENTATION: "Next: the Implementation → Support handoff, a risky moment.",
    JourneyPhase.SUPPORT_SUCCESS: "Keep revalidating: expectations drift after go-live too.",
}


class EngagementPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement: EngagementRecord | None = None

        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phase = QComboBox()
        for phase in JourneyPhase:
            self.phase.addItem(phase.label, phase.value)
        self.phase.setToolTip("Where the engagement stands in the client's journey")
        self.phase.activated.connect(self._phase_chosen)
        self.phase_hint = QLabel()
        self.phase_hint.setEnabled(False)
        self.phase_hint.setWordWrap(True)
        phase_label = QLabel("&Journey phase:")
        phase_label.setBuddy(self.phase)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(phase_label)
        heading.addWidget(self.phase)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.overview = OverviewTab(ws)
        self.matrix = ExpectationMatrixTab(ws)
        self.rater = RaterTab(ws)
        self.pulse = PulseTab(ws)
        self.quiz = QuizTab(ws)
        self.map = JourneyTab(ws)
        for tab, name in zip(self._tabs(), TAB_NAMES, strict=True):
            self.tabs.addTab(tab, name)
        # The matrix is where a new engagement starts; the Overview is one click away.
        self.tabs.setCurrentWidget(self.matrix)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(heading)
        layout.addWidget(self.phase_hint)
        layout.addWidget(self.tabs, 1)

        ws.engagementChanged.connect(self._engagement_changed)
        ws.focusView.connect(self.show_view)
        ws.clientChanged.connect(self._client_changed)

    def _tabs(self) -> tuple[QWidget, ...]:
        return (self.overview, self.matrix, self.rater, self.pulse, self.quiz, self.map)

    def show_engagement(self, engagement: EngagementRecord | None) -> None:
        changed = (
            engagement is None or self.engagement is None or (engagement.id != self.engagement.id)
        )
        self.engagement = engagement
        self._show_heading()
        if changed:
            engagement_id = engagement.id if engagement else None
            # Each tab only records the id; it reads its data when it is first shown.
            for tab in self._tabs():
                tab.show_engagement(engagement_id)

    def _show_heading(self) -> None:
        engagement = self.engagement
        if engagement is None:
            self.title.clear()
            return
        client = store.get_client(self.ws.db, engagement.client_id)
        self.title.setText(f"{client.name if client else ''} — {engagement.name}")
        phase = JourneyPhase(engagement.journey_phase)
        self.phase.setCurrentIndex(self.phase.findData(phase.value))
        self.phase_hint.setText(HANDOFF_HINT[phase])

    def show_view(self, view: str) -> None:
        """Bring a tab to the front by name: "overview", "matrix", "rater", "pulse", "quiz",
        "map"."""
        tab = {
            "overview": self.overview,
            "matrix": self.matrix,
            "rater": self.rater,
            "pulse": self.pulse,
            "quiz": self.quiz,
            "map": self.map,
        }.get(view)
        if tab is not None:
            self.tabs.setCurrentWidget(tab)

    def _client_changed(self, _client: object) -> None:
        self._show_heading()

    def _engagement_changed(self, engagement: EngagementRecord) -> None:
        if self.engagement is not None and engagement.id == self.engagement.id:
            self.engagement = engagement
            self._show_heading()

    def _phase_chosen(self, _index: int) -> None:
        if self.engagement is not None:
            self.ws.set_journey_phase(self.engagement, JourneyPhase(self.phase.currentData()))
