"""Undo and redo of a big step (an import of thousands of rows) off the UI thread.

Reverting an operation is one transaction on the store, whatever its size; for the
import of a whole workspace that is 600,000 rows and many seconds. Edit > Undo and Redo
hand such a step's revert to the task runner (a modal progress dialog, no input taken
meanwhile, so the undo stack cannot move under it), give the outcome to the command
(:meth:`~cxdesk.ui.commands.OperationCommand.prepare`), and only then move the stack,
whose undo or redo takes the outcome instead of reverting again. Small steps are undone
at once, as before: a worker would cost more than it saves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from cxdesk.ops import Done, revert
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.ui.commands import OperationCommand
from cxdesk.ui.tasks import Failure, ProgressSpec, TaskControl, TaskKind, TaskRunner
from cxdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)

# Rows from which a step is reverted on a worker: a revert of this many takes about a
# tenth of a second here, where a frozen window starts to show.
BACKGROUND_ROWS = 2_000

REVERT = TaskKind("undo", log, "undo or redo")


def undo(ws: Workspace, tasks: TaskRunner) -> None:
    """Edit > Undo: at once for a small step, on a worker for a big one."""
    _step(ws, tasks, ws.step_to_undo(), ws.undo_stack.undo, "Undoing")


def redo(ws: Workspace, tasks: TaskRunner) -> None:
    """Edit > Redo: at once for a small step, on a worker for a big one."""
    _step(ws, tasks, ws.step_to_redo(), ws.undo_stack.redo, "Redoing")


def _step(
    ws: Workspace,
    tasks: TaskRunner,
    step: OperationCommand | None,
    move: Callable[[], None],
    doing: str,
) -> None:
    last = step.last if step is not None else None
    if step is None or last is None or step.size < BACKGROUND_ROWS:
        move()
        return
    if tasks.busy(REVERT.lane):
        return  # the modal dialog of the one running keeps this from happening
    db = ws.db

    def finished(outcome: Done[Any] | EditRefused) -> None:
        step.prepare(outcome)
        move()  # takes the outcome: no second revert on the UI thread

    tasks.start(
        REVERT,
        _reverting(db, last),
        finished,
        lambda failure: _failed(ws, failure),
        dialog=ProgressSpec(f"{doing} “{step.text()}”…"),
    )


def _reverting(db: Database, last: Done[Any]) -> Callable[[TaskControl], Done[Any] | EditRefused]:
    def work(_control: TaskControl) -> Done[Any] | EditRefused:
        try:
            return revert(db, last)
        except EditRefused as refusal:  # a value for the UI thread: the stack drops the step
            return refusal

    return work


def _failed(ws: Workspace, failure: Failure) -> None:
    # A bug (logged with its traceback by the runner): the stack stays where it was.
    ws.editRefused.emit(failure.message)
