"""The open workspace as the UI sees it: operations made undoable, their changes as one signal.

Widgets never call the store for edits directly; they call a method here, which runs an
operation (cxdesk.ops) as one undo step, and they refresh from ``changed`` (a ChangeSet:
re-read the rows it names, or the list when rows came or went), never from a global
reset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import ClientRecord, EngagementRecord, ItemRecord, MilestoneRecord
from cxdesk.ops import Done, Operation
from cxdesk.ops import matrix as matrix_ops
from cxdesk.ops import workspace as workspace_ops
from cxdesk.store.database import Database
from cxdesk.ui.commands import OperationCommand
from cxdesk.ui.feedback_edits import FeedbackEdits
from cxdesk.ui.journey_edits import JourneyEdits
from cxdesk.ui.live_updates import live_updates
from cxdesk.ui.quiz_edits import QuizEdits
from cxdesk.ui.tabs import TabKey

T = TypeVar("T")


class Workspace(QObject):
    """One open database, its undo history and the change notifications of its data."""

    # Every change to the data, whoever made it (an edit, its undo or redo, an import
    # on a worker): a ChangeSet of the rows created, updated and deleted. Screens
    # filter it (ChangeSet.touches, concerns) and re-read just those rows.
    changed = Signal(object)  # ChangeSet
    editRefused = Signal(str)
    focusEngagement = Signal(int)  # undo/redo touched this engagement: show it
    focusView = Signal(str)  # ... and this tab of it: a TabKey
    # On a team workspace: why colleagues' changes no longer show (the server went
    # away), in words; "" when they do again.
    liveStatusChanged = Signal(str)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)
        # RATER, pulse and overview edits: the same undo stack and changed signal.
        self.feedback = FeedbackEdits(self)
        # Quizzes and workshop sessions; answers recorded in the room are saved at once.
        self.quizzes = QuizEdits(self)
        # The client emotion map: phases, touchpoints, handoffs, stakeholders, revisits.
        self.journey = JourneyEdits(self)
        # A team workspace (PostgreSQL): colleagues' changes reach the screens through
        # ``changed`` as this window's own do; stopped when ``db`` closes.
        self.live = live_updates(db)
        if self.live is not None:
            self.live.setParent(self)
            self.live.received.connect(self.changed.emit)
            self.live.statusChanged.connect(self.liveStatusChanged.emit)

    # -- running operations --------------------------------------------------------

    def run(self, operation: Operation[T] | None, view: TabKey | None = None) -> T | None:
        """Do ``operation`` as one undo step; its value, or None when it was refused
        (the person has been told why) or there was nothing to do (``None``).

        Undoing or redoing it later first brings its engagement (and its tab, ``view``)
        back on screen, so no change happens out of sight.
        """
        if operation is None:
            return None
        done: list[Done[T]] = []
        self.undo_stack.push(self._command(operation, operation.engagement_id, view, done.append))
        return done[0].value if done else None

    def step_to_undo(self) -> OperationCommand | None:
        """The step Edit > Undo would undo now, if any."""
        return self._step_at(self.undo_stack.index() - 1)

    def step_to_redo(self) -> OperationCommand | None:
        """The step Edit > Redo would redo now, if any."""
        return self._step_at(self.undo_stack.index())

    def _step_at(self, index: int) -> OperationCommand | None:
        if not 0 <= index < self.undo_stack.count():
            return None
        command = self.undo_stack.command(index)
        return command if isinstance(command, OperationCommand) else None

    def record(self, done: Done[T], view: TabKey | None = None) -> None:
        """Put an operation already performed (on a worker thread) on the undo stack,
        and tell the screens what it changed."""
        self.undo_stack.push(self._command(done, done.engagement_id, view))

    def _command(
        self,
        step: Operation[Any] | Done[Any],
        engagement_id: int | None,
        view: TabKey | None,
        on_done: Callable[[Done[Any]], None] | None = None,
    ) -> OperationCommand:
        def replay() -> None:
            if engagement_id:
                self.focusEngagement.emit(engagement_id)
            if view:
                self.focusView.emit(view)

        return OperationCommand(
            self.db,
            step,
            on_changed=self.changed.emit,
            on_refused=self.editRefused.emit,
            on_replay=replay,
            on_done=on_done,
        )

    # -- clients -------------------------------------------------------------------

    def add_client(self, name: str) -> int | None:
        """Create a client (undoable); its id, or None when the store refused it.

        The caller selects what it returns: a person who just made a client goes on to
        make its engagement, and "New engagement" needs a selected client.
        """
        client = self.run(workspace_ops.add_client(name))
        return client.id if client is not None else None

    def rename_client(self, client: ClientRecord, name: str) -> None:
        self.run(workspace_ops.rename_client(client, name))

    def delete_client(self, client: ClientRecord) -> None:
        self.run(workspace_ops.delete_client(client))

    # -- engagements ---------------------------------------------------------------

    def add_engagement(self, client_id: int, name: str, phase: JourneyPhase) -> int | None:
        """Create an engagement (undoable); its id (for the caller to open), or None."""
        engagement = self.run(workspace_ops.add_engagement(client_id, name, phase))
        return engagement.id if engagement is not None else None

    def rename_engagement(self, engagement: EngagementRecord, name: str) -> None:
        self.run(workspace_ops.rename_engagement(engagement, name))

    def set_journey_phase(self, engagement: EngagementRecord, phase: JourneyPhase) -> None:
        self.run(workspace_ops.set_journey_phase(engagement, phase))

    def delete_engagement(self, engagement: EngagementRecord) -> None:
        self.run(workspace_ops.delete_engagement(engagement))

    # -- milestones ----------------------------------------------------------------

    def add_milestone(
        self, engagement_id: int, name: str, due: date | None
    ) -> MilestoneRecord | None:
        return self.run(workspace_ops.add_milestone(engagement_id, name, due), TabKey.MATRIX)

    def edit_milestone(
        self,
        engagement_id: int,
        milestone_id: int,
        old: tuple[str, date | None],
        new: tuple[str, date | None],
    ) -> None:
        self.run(workspace_ops.edit_milestone(engagement_id, milestone_id, old, new), TabKey.MATRIX)

    def delete_milestone(self, engagement_id: int, milestone_id: int, name: str) -> None:
        self.run(workspace_ops.delete_milestone(engagement_id, milestone_id, name), TabKey.MATRIX)

    def revalidate(
        self, engagement_id: int, milestone_id: int, name: str, as_of: date | None = None
    ) -> MilestoneRecord | None:
        """Record the levels at the milestone as of ``as_of``; None when refused."""
        return self.run(
            matrix_ops.revalidate(engagement_id, milestone_id, name, as_of), TabKey.MATRIX
        )

    # -- expectation matrix --------------------------------------------------------

    def edit_item(self, item: ItemRecord, field: str, value: Any) -> ItemRecord | None:
        """Save one cell of ``item`` as the screen shows it; the saved row, or None
        (refused, e.g. somebody changed the row since, or nothing to change)."""
        return self.run(matrix_ops.edit_item(item, field, value), TabKey.MATRIX)

    def add_item(
        self, engagement_id: int, at: int | None = None, **values: Any
    ) -> ItemRecord | None:
        """Add a row (undoable); the new row, for the caller to select, or None."""
        return self.run(matrix_ops.add_item(engagement_id, at, **values), TabKey.MATRIX)

    def delete_items(self, engagement_id: int, item_ids: Sequence[int]) -> None:
        self.run(matrix_ops.delete_items(engagement_id, item_ids), TabKey.MATRIX)

    def move_item(self, item: ItemRecord, to: int, shown: Sequence[int] | None = None) -> None:
        self.run(matrix_ops.move_item(item, to, shown), TabKey.MATRIX)
