"""The right-hand side for one engagement: its heading, journey phase and work tabs."""

from __future__ import annotations

from typing import TypeVar

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
from cxdesk.ops import ChangeSet
from cxdesk.store import workspace as store
from cxdesk.ui.journey.tab import JourneyTab
from cxdesk.ui.matrix.tab import ExpectationMatrixTab
from cxdesk.ui.overview.tab import OverviewTab
from cxdesk.ui.pulse.tab import PulseTab
from cxdesk.ui.quiz.tab import QuizTab
from cxdesk.ui.rater.tab import RaterTab
from cxdesk.ui.tab_registry import ENGAGEMENT_TABS
from cxdesk.ui.tabs import EngagementTab, TabKey
from cxdesk.ui.workspace import Workspace

T = TypeVar("T")

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
        # In the registry's order, which is the tab widget's: index i is self.keys[i].
        self.keys: tuple[TabKey, ...] = tuple(spec.key for spec in ENGAGEMENT_TABS)
        self._tabs: dict[TabKey, EngagementTab] = {}
        for spec in ENGAGEMENT_TABS:
            tab = spec.build(ws)
            assert isinstance(tab, QWidget), f"the {spec.key} tab must be a widget"
            self.tabs.addTab(tab, spec.title)
            self._tabs[spec.key] = tab
        # Each tab's own API (the quiz's presenter, the tests' reach into a table).
        self.overview = self._tab_of(TabKey.OVERVIEW, OverviewTab)
        self.matrix = self._tab_of(TabKey.MATRIX, ExpectationMatrixTab)
        self.rater = self._tab_of(TabKey.RATER, RaterTab)
        self.pulse = self._tab_of(TabKey.PULSE, PulseTab)
        self.quiz = self._tab_of(TabKey.QUIZ, QuizTab)
        self.map = self._tab_of(TabKey.MAP, JourneyTab)
        # The matrix is where a new engagement starts; the Overview is one click away.
        self.show_view(TabKey.MATRIX)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(heading)
        layout.addWidget(self.phase_hint)
        layout.addWidget(self.tabs, 1)

        ws.changed.connect(self._on_changed)
        ws.focusView.connect(self.show_view)

    def _tab_of(self, key: TabKey, kind: type[T]) -> T:
        tab = self._tabs[key]
        assert isinstance(tab, kind), f"the {key} tab is not a {kind.__name__}"
        return tab

    def current_tab(self) -> EngagementTab:
        """The tab in front."""
        return self._tabs[self.keys[self.tabs.currentIndex()]]

    def show_engagement(self, engagement: EngagementRecord | None) -> None:
        changed = (
            engagement is None or self.engagement is None or (engagement.id != self.engagement.id)
        )
        self.engagement = engagement
        self._show_heading()
        if changed:
            engagement_id = engagement.id if engagement else None
            # Each tab only records the id; it reads its data when it is first shown.
            for tab in self._tabs.values():
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
        """Bring a tab to the front by its key (a TabKey, or its value as a plain str);
        anything else is ignored."""
        if view in self.keys:
            self.tabs.setCurrentIndex(self.keys.index(TabKey(view)))

    def _on_changed(self, changes: ChangeSet) -> None:
        """Keep the heading (client — engagement, journey phase) as saved."""
        if self.engagement is None:
            return
        if self.engagement.id in changes.updated.get("engagement", ()):
            engagement = store.get_engagement(self.ws.db, self.engagement.id)
            if engagement is not None:
                self.engagement = engagement
            self._show_heading()
        elif "client" in changes.updated:
            self._show_heading()

    def _phase_chosen(self, _index: int) -> None:
        if self.engagement is not None:
            self.ws.set_journey_phase(self.engagement, JourneyPhase(self.phase.currentData()))
