"""What an engagement's tab is: its key (TabKey) and what the page asks of it (EngagementTab).

The tabs themselves are listed, in screen order, in ``cxdesk.ui.tab_registry``; this
module imports no tab, so the workspace and the edit code can name a tab (to bring it to
the front on undo) without importing the widgets that import them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtGui import QAction


class TabKey(StrEnum):
    """One tab of an engagement. The values are the names the app has always used for
    them (a str subclass, so a slot taking a str or a stored value still matches)."""

    OVERVIEW = "overview"
    MATRIX = "matrix"
    RATER = "rater"
    PULSE = "pulse"
    QUIZ = "quiz"
    MAP = "map"
    ACTIONS = "actions_view"  # as the page names it: QWidget.actions() is Qt's
    ISSUES = "issues"
    LOOP_LOG = "loop_log"


class EngagementTab(Protocol):
    """What the engagement page and the main window call on a tab (a QWidget).

    A tab is built when it is first shown or asked for, perhaps long after the page: it
    is told the engagement on screen before it is first shown, and must then show just
    what a tab built with the page would."""

    def show_engagement(self, engagement_id: int | None) -> None:
        """Record the engagement on screen (None: none); read its data when first shown."""
        ...

    def menu_actions(self) -> list[QAction]:
        """The tab's commands in the Edit menu while it is in front."""
        ...
