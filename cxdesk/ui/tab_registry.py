"""The engagement's tabs in screen order: key, names and how to build each one.

The engagement page lays out its tab bar from this list, building each tab with ``build``
when it is first shown (only the tab in front is built with the page), and the View menu
numbers its Ctrl+1, Ctrl+2 … entries after it, so a new tab is a key in
``cxdesk.ui.tabs`` and one line here. A tab's module is imported when the tab is built,
not with this list: the first frame at start-up shows the tab bar before the store
(which the tabs use) loads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cxdesk.ui.tabs import EngagementTab, TabKey

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace


@dataclass(frozen=True)
class TabSpec:
    key: TabKey
    title: str  # on the tab itself
    menu_text: str  # in the View menu: the title with a mnemonic unique in that menu
    build: Callable[[Workspace], EngagementTab]  # a QWidget as well (the page checks)


def _overview(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.overview.tab import OverviewTab

    return OverviewTab(ws)


# The tabs where a gap is seen get "New action for this gap…" and its way back
# (cxdesk.ui.actions.sources) as they are built.


def _matrix(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.actions.sources import link_matrix
    from cxdesk.ui.matrix.tab import ExpectationMatrixTab

    tab = ExpectationMatrixTab(ws)
    link_matrix(tab)
    return tab


def _rater(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.actions.sources import link_rater
    from cxdesk.ui.rater.tab import RaterTab

    tab = RaterTab(ws)
    link_rater(tab)
    return tab


def _pulse(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.actions.sources import link_pulse
    from cxdesk.ui.pulse.tab import PulseTab

    tab = PulseTab(ws)
    link_pulse(tab)
    return tab


def _quiz(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.quiz.tab import QuizTab

    return QuizTab(ws)


def _map(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.actions.sources import link_handoffs, link_map
    from cxdesk.ui.journey.tab import JourneyTab

    tab = JourneyTab(ws)
    link_map(tab)
    link_handoffs(tab)
    return tab


def _actions(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.actions.tab import ActionsTab

    return ActionsTab(ws)


def _issues(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.issues.tab import IssuesTab

    return IssuesTab(ws)


def _loop_log(ws: Workspace) -> EngagementTab:
    from cxdesk.ui.loop_log.tab import LoopLogTab

    return LoopLogTab(ws)


ENGAGEMENT_TABS: tuple[TabSpec, ...] = (
    TabSpec(TabKey.OVERVIEW, "Overview", "&Overview", _overview),
    TabSpec(TabKey.MATRIX, "Expectation Matrix", "Expectation &Matrix", _matrix),
    TabSpec(TabKey.RATER, "RATER scorecard", "&RATER scorecard", _rater),
    TabSpec(TabKey.PULSE, "Pulse checks", "&Pulse checks", _pulse),
    TabSpec(TabKey.QUIZ, "CX quiz", "CX &quiz", _quiz),
    TabSpec(TabKey.MAP, "Emotion map", "&Emotion map", _map),
    TabSpec(TabKey.ACTIONS, "Actions", "&Actions", _actions),
    TabSpec(TabKey.ISSUES, "Issue log", "&Issue log", _issues),
    TabSpec(TabKey.LOOP_LOG, "You said, we did", "&You said, we did", _loop_log),
)
