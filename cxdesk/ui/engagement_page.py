"""The right-hand side for one engagement: its heading, journey phase and work tabs (each
made when first shown)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import EngagementRecord
from cxdesk.ops import ChangeSet
from cxdesk.store import workspace as store
from cxdesk.ui.actions.tab import ActionsTab
from cxdesk.ui.engagement_heading import EngagementHeading
from cxdesk.ui.issues.tab import IssuesTab
from cxdesk.ui.journey.tab import JourneyTab
from cxdesk.ui.loop_log.tab import LoopLogTab
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
    def __init__(
        self, ws: Workspace, parent: QWidget | None = None, *, front: TabKey | None = None
    ) -> None:
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
        # Whether show_engagement has been called: a tab made later is told the engagement
        # only then, as a tab made at start would have been.
        self._engagement_told = False
        # Only the tab in front is made now; each other tab holds a blank stand-in until
        # it is first shown or asked for (tab()), then is made and put in its place. All
        # six made at once took the page about 55 ms of the window's attach (100 ms) on
        # the UI thread on the demo, for tabs the person may never open; one takes 7 ms.
        # The matrix is where a new engagement starts; the window passes the tab last used.
        front = front or TabKey.MATRIX
        for spec in ENGAGEMENT_TABS:
            widget = self._made(spec.key) if spec.key is front else QWidget()
            self.tabs.addTab(widget, spec.title)
        self.tabs.setCurrentIndex(self.keys.index(front))
        # Connected before anyone else can connect (the window does, after this): a tab
        # brought to the front is made before the window's listeners ask for it.
        self.tabs.currentChanged.connect(self._front_changed)

        page_layout(self, self.heading, self.tabs)
        # On a team workspace whose server went away: colleagues' changes do not show
        # meanwhile, and the person must know (hidden while they do).
        self.live_status = QLabel()
        self.live_status.setObjectName("liveStatus")
        self.live_status.setWordWrap(True)
        self.live_status.setStyleSheet(
            "QLabel#liveStatus { background: #fff4ce; color: #5c4400; padding: 4px 8px; }"
        )
        self.live_status.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.live_status)
        ws.liveStatusChanged.connect(self._live_status_changed)
        if ws.live is not None:
            self._live_status_changed(ws.live.status)

        ws.changed.connect(self._on_changed)
        ws.focusView.connect(self.show_view)

    # -- the tabs, each made when first needed ---------------------------------------

    # Each tab's own API (the quiz's presenter, the tests' reach into a table): asking
    # for a tab makes it if it was not made yet, without bringing it to the front.
    @property
    def overview(self) -> OverviewTab:
        return self._tab_of(TabKey.OVERVIEW, OverviewTab)

    @property
    def matrix(self) -> ExpectationMatrixTab:
        return self._tab_of(TabKey.MATRIX, ExpectationMatrixTab)

    @property
    def rater(self) -> RaterTab:
        return self._tab_of(TabKey.RATER, RaterTab)

    @property
    def pulse(self) -> PulseTab:
        return self._tab_of(TabKey.PULSE, PulseTab)

    @property
    def quiz(self) -> QuizTab:
        return self._tab_of(TabKey.QUIZ, QuizTab)

    @property
    def map(self) -> JourneyTab:
        return self._tab_of(TabKey.MAP, JourneyTab)

    @property
    def actions_view(self) -> ActionsTab:  # not "actions": QWidget.actions() is Qt's
        return self._tab_of(TabKey.ACTIONS, ActionsTab)

    @property
    def issues(self) -> IssuesTab:
        return self._tab_of(TabKey.ISSUES, IssuesTab)

    @property
    def loop_log(self) -> LoopLogTab:
        return self._tab_of(TabKey.LOOP_LOG, LoopLogTab)

    def built(self, key: TabKey) -> bool:
        """Whether that tab has been made (shown or asked for) yet."""
        return key in self._tabs

    def tab(self, key: TabKey) -> EngagementTab:
        """That tab, made now (in its place in the tab bar) if it was not made yet."""
        if key not in self._tabs:
            self._swap_in(key, self._made(key))
        return self._tabs[key]

    def _tab_of(self, key: TabKey, kind: type[T]) -> T:
        tab = self.tab(key)
        assert isinstance(tab, kind), f"the {key} tab is not a {kind.__name__}"
        return tab

    def _made(self, key: TabKey) -> QWidget:
        """The tab, built now (and told the engagement on screen), not yet in the bar."""
        spec = ENGAGEMENT_TABS[self.keys.index(key)]
        tab = spec.build(self.ws)
        assert isinstance(tab, QWidget), f"the {key} tab must be a widget"
        self._tabs[key] = tab
        if self._engagement_told:
            # Told while still hidden, so it only notes the engagement and reads it once,
            # when it is shown (told after, it would read it twice).
            tab.show_engagement(self.engagement.id if self.engagement else None)
        return tab

    def _swap_in(self, key: TabKey, tab: QWidget) -> None:
        """Put ``tab`` where its stand-in is: same index, title and tab in front.

        QTabWidget has no call to replace a page, so the tab is inserted before its
        stand-in, made current if the stand-in was, and the stand-in removed: the current
        index is the same after as before, and the tab in front is never taken away (a
        removal of the current page would show a neighbour, which would read its data for
        nothing). The tab widget's own signals are blocked meanwhile: its listeners (the
        window's Edit menu and remembered tab) saw the index change once already, or it
        did not change at all; the tab bar and page stack still talk to each other, as
        their connections are theirs, not the tab widget's."""
        index = self.keys.index(key)
        stand_in = self.tabs.widget(index)
        assert stand_in is not None
        in_front = self.tabs.currentIndex() == index
        blocked = self.tabs.blockSignals(True)
        try:
            self.tabs.insertTab(index, tab, self.tabs.tabText(index))
            if in_front:
                self.tabs.setCurrentIndex(index)
            self.tabs.removeTab(index + 1)
        finally:
            self.tabs.blockSignals(blocked)
        stand_in.deleteLater()

    def _front_changed(self, index: int) -> None:
        if index >= 0:
            self.tab(self.keys[index])

    def current_tab(self) -> EngagementTab:
        """The tab in front."""
        return self.tab(self.keys[self.tabs.currentIndex()])

    def show_engagement(self, engagement: EngagementRecord | None) -> None:
        changed = (
            engagement is None or self.engagement is None or (engagement.id != self.engagement.id)
        )
        self.engagement = engagement
        self._show_heading()
        if changed:
            self._engagement_told = True
            engagement_id = engagement.id if engagement else None
            # Each tab made so far only records the id; it reads its data when it is next
            # shown. A tab made later is told the id then (_made).
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
        if self.engagement.id in changes.updated.get("engagement", ()) or (
            "engagement" in changes.whole  # a colleague's change too big to name rows
        ):
            engagement = store.get_engagement(self.ws.db, self.engagement.id)
            if engagement is not None:
                self.engagement = engagement
            self._show_heading()
        elif "client" in changes.updated or "client" in changes.whole:
            self._show_heading()

    def _live_status_changed(self, words: str) -> None:
        self.live_status.setText(words)
        self.live_status.setVisible(bool(words))

    def _phase_chosen(self, _index: int) -> None:
        if self.engagement is not None:
            self.ws.set_journey_phase(self.engagement, JourneyPhase(self.phase.currentData()))
