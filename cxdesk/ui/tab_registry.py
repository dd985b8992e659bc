"""The engagement's tabs in screen order: key, names and how to build each one.

The engagement page builds its tabs from this list and the View menu numbers its
Ctrl+1 … Ctrl+6 entries after it, so a new tab is a key in ``cxdesk.ui.tabs`` and one
line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cxdesk.ui.journey.tab import JourneyTab
from cxdesk.ui.matrix.tab import ExpectationMatrixTab
from cxdesk.ui.overview.tab import OverviewTab
from cxdesk.ui.pulse.tab import PulseTab
from cxdesk.ui.quiz.tab import QuizTab
from cxdesk.ui.rater.tab import RaterTab
from cxdesk.ui.tabs import EngagementTab, TabKey
from cxdesk.ui.workspace import Workspace


@dataclass(frozen=True)
class TabSpec:
    key: TabKey
    title: str  # on the tab itself
    menu_text: str  # in the View menu: the title with a mnemonic unique in that menu
    build: Callable[[Workspace], EngagementTab]  # a QWidget as well (the page checks)


ENGAGEMENT_TABS: tuple[TabSpec, ...] = (
    TabSpec(TabKey.OVERVIEW, "Overview", "&Overview", OverviewTab),
    TabSpec(TabKey.MATRIX, "Expectation Matrix", "Expectation &Matrix", ExpectationMatrixTab),
    TabSpec(TabKey.RATER, "RATER scorecard", "&RATER scorecard", RaterTab),
    TabSpec(TabKey.PULSE, "Pulse checks", "&Pulse checks", PulseTab),
    TabSpec(TabKey.QUIZ, "CX quiz", "CX &quiz", QuizTab),
    TabSpec(TabKey.MAP, "Emotion map", "&Emotion map", JourneyTab),
)
