"""The right-hand side for one engagement: its heading, journey phase and work tabs."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QTabWidget,
    QWidget,
)

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import EngagementRecord
from cxdesk.ops import ChangeSet
from cxdesk.store import workspace as store
from cxdesk.ui.engagement_heading import EngagementHeading
from cxdesk.ui.journey.tab import JourneyTab
from cxdesk.ui.matrix.tab import ExpectationMatrixTab
from cxdesk.ui.overview.tab import OverviewTab
from cxdesk.ui.pulse.tab import PulseTab
from cxdesk.ui.quiz.tab import QuizTab
from cxdesk.ui.rater.tab import RaterTab
from cxdesk.ui.tab_registry import ENGAGEMENT_TABS
from cxdesk.ui.tabs import EngagementTab, TabKey
from cxdesk.ui.window_layout import page_layout
from cxdesk.ui.workspace import Workspace

T = TypeVar("T")


class EngagementPage(QWidget):
    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.engagement: EngagementRecord | None = None

        self.heading = EngagementHeading()
        # The page's own names for the heading's parts (tests and the phase's saving).
        self.title = self.heading.title
        self.phase = self.heading.phase
        self.phase_hint = self.heading.phase_hint
        self.phase.activated.connect(self._phase_chosen)

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

        page_layout(self, self.heading, self.tabs)

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
        client = store.get_client(self.ws.db, engagement.client_id) if engagement else None
        self.heading.show_engagement(client.name if client else "", engagement)

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
