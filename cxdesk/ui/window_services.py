"""What the main window offers the features it wires in: the WindowServices protocol.

Engagement files, spreadsheets, backups and the PDF export each get the window as
WindowServices, not as a MainWindow: they see the open workspace, what is on screen, a
parent for their dialogs, the status bar and the task runner, and nothing else. The
window keeps each feature as a typed attribute, so none has to be looked up again (by
type among the window's children, or by an attribute set on the window from outside),
and no feature module imports the main window back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

from cxdesk.models.records import ClientRecord, EngagementRecord
from cxdesk.ui.recent_folders import RecentFolders
from cxdesk.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the window is made before the store loads (start-up's first frame)
    from cxdesk.ui.workspace import Workspace


class WindowServices(Protocol):
    """The main window as a feature sees it."""

    @property
    def ws(self) -> Workspace | None:
        """The open workspace (None only while the window closes)."""
        ...

    @property
    def recent_folders(self) -> RecentFolders:
        """Where each kind of file dialog opens."""
        ...

    @property
    def tasks(self) -> TaskRunner:
        """The window's background work; closing the window cancels and waits for it."""
        ...

    @property
    def dialog_parent(self) -> QWidget:
        """The parent of a feature's dialogs and message boxes (the window)."""
        ...

    def shown_engagement(self) -> EngagementRecord | None:
        """The engagement on screen; None while the empty state shows."""
        ...

    def current_client(self) -> ClientRecord | None:
        """The client selected in the clients panel."""
        ...

    def show_status(self, message: str) -> None:
        """A passing message in the status bar (for its reading time)."""
        ...

    def reload_clients(self, select_engagement: int | None) -> None:
        """Read the clients panel again (engagements came or went), then show
        ``select_engagement`` if given."""
        ...

    def set_workspace(self, ws: Workspace) -> None:
        """Show a newly opened workspace in the window (a restored backup)."""
        ...
