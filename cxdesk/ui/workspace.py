"""The open workspace as the UI sees it: store operations made undoable, changes as signals.

Widgets never call the store for edits directly; they call a method here, which pushes
an undo command, and they refresh from the signals (targeted: a changed row, an added
client), never from a global reset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from cxdesk.models.journey import JourneyPhase
from cxdesk.models.records import ClientRecord, EngagementRecord, ItemRecord
from cxdesk.ops import Done, Operation
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.store.graveyard import BuriedRows
from cxdesk.ui.commands import LegacyCommand, OperationCommand
from cxdesk.ui.feedback_edits import FeedbackEdits
from cxdesk.ui.journey_edits import JourneyEdits
from cxdesk.ui.quiz_edits import QuizEdits
from cxdesk.ui.tabs import TabKey

T = TypeVar("T")

FIELD_LABELS = {
    "expects": "what the client expects",
    "needs": "what the client needs",
    "planned": "what we planned",
    "delivered": "what was delivered",
    "experienced": "what the client experienced",
    "expected_level": "expected level",
    "delivered_level": "delivered level",
    "experienced_level": "experienced level",
    "sacrifice": "sacrifice",
    "sacrifice_level": "sacrifice level",
    "status": "status",
    "owner": "owner",
    "notes": "notes",
}


class Workspace(QObject):
    """One open database, its undo history and the change notifications of its data."""

    clientAdded = Signal(object)  # ClientRecord
    clientChanged = Signal(object)  # ClientRecord
    clientRemoved = Signal(int)
    engagementAdded = Signal(object)  # EngagementRecord
    engagementChanged = Signal(object)  # EngagementRecord
    engagementRemoved = Signal(int)
    milestonesChanged = Signal(int)  # engagement id
    itemChanged = Signal(object)  # ItemRecord
    itemsChanged = Signal(int)  # engagement id: rows added, removed or reordered
    itemCreated = Signal(object)  # ItemRecord, when a person adds a row (to select it)
    snapshotsChanged = Signal(int)  # engagement id
    # Every change to the data, whoever made it (an edit, its undo or redo, an import
    # on a worker): a ChangeSet of the rows created, updated and deleted. Screens
    # filter it (ChangeSet.touches, concerns) and re-read just those rows.
    changed = Signal(object)  # ChangeSet
    editRefused = Signal(str)
    focusEngagement = Signal(int)  # undo/redo touched this engagement: show it
    focusView = Signal(str)  # ... and this tab of it: a TabKey

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)
        # RATER, pulse and overview edits: same undo stack, their own change signals.
        self.feedback = FeedbackEdits(self)
        # Quizzes and workshop sessions; answers recorded in the room are saved at once.
        self.quizzes = QuizEdits(self)
        # The client emotion map: phases, touchpoints, handoffs, stakeholders, revisits.
        self.journey = JourneyEdits(self)

    # -- running operations --------------------------------------------------------

    def run(self, operation: Operation[T] | None, view: TabKey | None = None) -> T | None:
        """Do ``operation`` as one undo step; its value, or None when it was refused
        (the person has been told why) or there was nothing to do (``None``).

        Undoing or redoing it later first brings its engagement (and its tab, ``view``)
        back on screen, so no change happens out of sight.
        """
        if operation is None:
            return None
        command = self._command(operation, operation.engagement_id, view)
        self.undo_stack.push(command)
        return command.done.value if command.done is not None else None

    def record(self, done: Done[T], view: TabKey | None = None) -> None:
        """Put an operation already performed (on a worker thread) on the undo stack,
        and tell the screens what it changed."""
        self.undo_stack.push(self._command(done, done.engagement_id, view))

    def _command(
        self, step: Operation[Any] | Done[Any], engagement_id: int | None, view: TabKey | None
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
        )

    # -- plumbing ------------------------------------------------------------------

    def push(
        self,
        text: str,
        do: Callable[[], None],
        undo: Callable[[], None],
        engagement_id: int | None = None,
        view: TabKey | None = None,
    ) -> None:
        """Push an undoable edit. Undoing or redoing it later first brings its engagement
        (and its tab, ``view``) back on screen, so no change happens out of sight."""

        def replay() -> None:
            if engagement_id:
                self.focusEngagement.emit(engagement_id)
            if view:
                self.focusView.emit(view)

        self.undo_stack.push(
            LegacyCommand(text, do, undo, on_refused=self.editRefused.emit, on_replay=replay)
        )

    def push_create(
        self,
        text: str,
        create: Callable[[], Any],
        delete: Callable[[int], BuriedRows],
        changed: Callable[[], None],
        engagement_id: int | None = None,
        view: TabKey | None = None,
        announce: Callable[[Any], None] | None = None,
        restore: Callable[[BuriedRows], Any] | None = None,
    ) -> None:
        """An undoable creation. ``create`` returns the new record (with an ``id``);
        undo buries it with ``delete(id)``, and redo brings the same rows back, same ids.
        ``changed`` runs after each step; ``announce(record)`` once, after the first (so
        a view can select what a person just added). ``restore`` puts buried rows back
        when plain re-insertion is not enough (ordered rows whose neighbours must shift)."""
        created: list[int] = []
        buried: list[BuriedRows] = []
        put_back = restore or (lambda rows: workspace.restore(self.db, rows))

        def do() -> None:
            if created:
                put_back(buried[0])
                changed()
                return
            record = create()
            created.append(record.id)
            changed()
            if announce is not None:
                announce(record)

        def undo() -> None:
            buried[:] = [delete(created[0])]
            changed()

        self.push(text, do, undo, engagement_id, view)

    def push_delete(
        self,
        text: str,
        delete: Callable[[], BuriedRows],
        changed: Callable[[], None],
        engagement_id: int | None = None,
        view: TabKey | None = None,
        restore: Callable[[BuriedRows], Any] | None = None,
    ) -> None:
        """An undoable delete: the rows go, and undo brings them back with their ids
        (through ``restore`` when their neighbours must make room)."""
        buried: list[BuriedRows] = []
        put_back = restore or (lambda rows: workspace.restore(self.db, rows))

        def do() -> None:
            buried[:] = [delete()]
            changed()

        def undo() -> None:
            put_back(buried[0])
            changed()

        self.push(text, do, undo, engagement_id, view)

    # -- clients -------------------------------------------------------------------

    def add_client(self, name: str) -> int | None:
        """Create a client (undoable); its id, or None when the store refused it.

        The caller selects what it returns: a person who just made a client goes on to
        make its engagement, and "New engagement" needs a selected client.
        """
        created: list[int] = []
        buried: list[BuriedRows] = []

        def do() -> None:
            if created:  # redo after undo: bring back the same row
                self._restore(buried[0])
                return
            record = workspace.add_client(self.db, name)
            created.append(record.id)
            self.clientAdded.emit(record)

        def undo() -> None:
            buried[:] = [workspace.delete_client(self.db, created[0])]
            self.clientRemoved.emit(created[0])

        self.push(f"New client “{name.strip()}”", do, undo)
        return created[0] if created else None

    def rename_client(self, client: ClientRecord, name: str) -> None:
        if name.strip() == client.name:
            return

        def apply(new: str) -> Callable[[], None]:
            return lambda: self.clientChanged.emit(workspace.rename_client(self.db, client.id, new))

        self.push(f"Rename client “{client.name}”", apply(name), apply(client.name))

    def delete_client(self, client: ClientRecord) -> None:
        buried: list[BuriedRows] = []

        def do() -> None:
            buried[:] = [workspace.delete_client(self.db, client.id)]
            self.clientRemoved.emit(client.id)

        self.push(f"Delete client “{client.name}”", do, lambda: self._restore(buried[0]))

    def _restore(self, buried: BuriedRows) -> None:
        workspace.restore(self.db, buried)
        for table, row in buried.rows:
            if table == "client":
                self.clientAdded.emit(ClientRecord(row["id"], row["name"]))
            elif table == "engagement":
                self.engagementAdded.emit(
                    EngagementRecord(
                        row["id"],
                        row["client_id"],
                        row["name"],
                        row["journey_phase"],
                        row["start_date"],
                    )
                )

    # -- engagements ---------------------------------------------------------------

    def add_engagement(self, client_id: int, name: str, phase: JourneyPhase) -> int | None:
        """Create an engagement (undoable); its id (for the caller to open), or None."""
        created: list[int] = []
        buried: list[BuriedRows] = []

        def do() -> None:
            if created:
                self._restore(buried[0])
                return
            record = workspace.add_engagement(self.db, client_id, name, phase)
            created.append(record.id)
            self.engagementAdded.emit(record)

        def undo() -> None:
            buried[:] = [workspace.delete_engagement(self.db, created[0])]
            self.engagementRemoved.emit(created[0])

        self.push(f"New engagement “{name.strip()}”", do, undo)
        return created[0] if created else None

    def rename_engagement(self, engagement: EngagementRecord, name: str) -> None:
        if name.strip() == engagement.name:
            return

        def apply(new: str) -> Callable[[], None]:
            return lambda: self.engagementChanged.emit(
                workspace.rename_engagement(self.db, engagement.id, new)
            )

        self.push(
            f"Rename engagement “{engagement.name}”",
            apply(name),
            apply(engagement.name),
            engagement.id,
        )

    def set_journey_phase(self, engagement: EngagementRecord, phase: JourneyPhase) -> None:
        if phase.value == engagement.journey_phase:
            return
        old = JourneyPhase(engagement.journey_phase)

        def apply(value: JourneyPhase) -> Callable[[], None]:
            return lambda: self.engagementChanged.emit(
                workspace.set_journey_phase(self.db, engagement.id, value)
            )

        self.push(f"Journey phase: {phase.label}", apply(phase), apply(old), engagement.id)

    def delete_engagement(self, engagement: EngagementRecord) -> None:
        buried: list[BuriedRows] = []

        def do() -> None:
            buried[:] = [workspace.delete_engagement(self.db, engagement.id)]
            self.engagementRemoved.emit(engagement.id)

        self.push(f"Delete engagement “{engagement.name}”", do, lambda: self._restore(buried[0]))

    # -- milestones ----------------------------------------------------------------

    def add_milestone(self, engagement_id: int, name: str, due: date | None) -> None:
        created: list[int] = []
        buried: list[BuriedRows] = []

        def do() -> None:
            if created:
                workspace.restore(self.db, buried[0])
            else:
                created.append(workspace.add_milestone(self.db, engagement_id, name, due).id)
            self.milestonesChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        def undo() -> None:
            buried[:] = [workspace.delete_milestone(self.db, created[0])]
            self.milestonesChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        self.push(f"New milestone “{name.strip()}”", do, undo, engagement_id, view=TabKey.MATRIX)

    def edit_milestone(
        self,
        engagement_id: int,
        milestone_id: int,
        old: tuple[str, date | None],
        new: tuple[str, date | None],
    ) -> None:
        if old == new:
            return

        def apply(values: tuple[str, date | None]) -> Callable[[], None]:
            def step() -> None:
                workspace.update_milestone(self.db, milestone_id, *values)
                self.milestonesChanged.emit(engagement_id)
                self.snapshotsChanged.emit(engagement_id)

            return step

        self.push(
            f"Edit milestone “{old[0]}”", apply(new), apply(old), engagement_id, view=TabKey.MATRIX
        )

    def delete_milestone(self, engagement_id: int, milestone_id: int, name: str) -> None:
        buried: list[BuriedRows] = []

        def do() -> None:
            buried[:] = [workspace.delete_milestone(self.db, milestone_id)]
            self.milestonesChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        def undo() -> None:
            workspace.restore(self.db, buried[0])
            self.milestonesChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        self.push(f"Delete milestone “{name}”", do, undo, engagement_id, view=TabKey.MATRIX)

    def revalidate(self, engagement_id: int, milestone_id: int, name: str) -> None:
        done: list[expectations.Revalidation] = []

        def do() -> None:
            done[:] = [expectations.revalidate(self.db, milestone_id)]
            self.milestonesChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        def undo() -> None:
            expectations.undo_revalidate(self.db, done[0])
            self.milestonesChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        self.push(f"Revalidate at “{name}”", do, undo, engagement_id, view=TabKey.MATRIX)

    # -- expectation matrix --------------------------------------------------------

    def edit_item(self, item: ItemRecord, field: str, value: Any) -> None:
        old = getattr(item, field)
        if old == value:
            return

        def apply(v: Any) -> Callable[[], None]:
            return lambda: self.itemChanged.emit(
                expectations.update_item(self.db, item.id, field, v)
            )

        label = FIELD_LABELS.get(field, field)
        self.push(f"Edit {label}", apply(value), apply(old), item.engagement_id, view=TabKey.MATRIX)

    def add_item(self, engagement_id: int, at: int | None = None, **values: Any) -> None:
        created: list[int] = []
        buried: list[BuriedRows] = []

        def do() -> None:
            if created:
                expectations.restore_items(self.db, buried[0])
            else:
                record = expectations.add_item(self.db, engagement_id, at, **values)
                created.append(record.id)
                self.itemsChanged.emit(engagement_id)
                self.itemCreated.emit(record)
                return
            self.itemsChanged.emit(engagement_id)

        def undo() -> None:
            buried[:] = [expectations.delete_items(self.db, created)]
            self.itemsChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        self.push("Add expectation", do, undo, engagement_id, view=TabKey.MATRIX)

    def delete_items(self, engagement_id: int, item_ids: Sequence[int]) -> None:
        ids = list(item_ids)
        if not ids:
            return
        buried: list[BuriedRows] = []

        def do() -> None:
            buried[:] = [expectations.delete_items(self.db, ids)]
            self.itemsChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        def undo() -> None:
            expectations.restore_items(self.db, buried[0])
            self.itemsChanged.emit(engagement_id)
            self.snapshotsChanged.emit(engagement_id)

        what = "expectation" if len(ids) == 1 else f"{len(ids)} expectations"
        self.push(f"Delete {what}", do, undo, engagement_id, view=TabKey.MATRIX)

    def move_item(self, item: ItemRecord, to: int) -> None:
        if to == item.position:
            return

        def apply(index: int) -> Callable[[], None]:
            def step() -> None:
                expectations.move_item(self.db, item.id, index)
                self.itemsChanged.emit(item.engagement_id)

            return step

        self.push(
            "Move expectation",
            apply(to),
            apply(item.position),
            item.engagement_id,
            view=TabKey.MATRIX,
        )
