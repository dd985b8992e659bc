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
from cxdesk.ui.tasks import (
    Failure,
    ProgressSpec,
    TaskControl,
    TaskKind,
    TaskRunner,
    give_back_focus,
    settle_focus,
)
from cxdesk.ui.workspace import Workspace

log = logging.getLogger(__name__)

# Rows from which a step is reverted on a worker: a revert of this many takes about a
# tenth of a second here, where a frozen window starts to show.
BACKGROUND_ROWS = 2_000

REVERT = TaskKind("undo", log, "undo or redo")


def undo(ws: Workspace, tasks: TaskRunner) -> None:
    """Edit > Undo: at once for a small step, on a worker for a big one."""
    _step(ws, tasks, ws.step_to_undo, ws.undo_stack.undo, ("Undoing", "undone"))


def redo(ws: Workspace, tasks: TaskRunner) -> None:
    """Edit > Redo: at once for a small step, on a worker for a big one."""
    _step(ws, tasks, ws.step_to_redo, ws.undo_stack.redo, ("Redoing", "redone"))


def _big(step: OperationCommand | None) -> bool:
    return step is not None and step.last is not None and step.size >= BACKGROUND_ROWS


def _step(
    ws: Workspace,
    tasks: TaskRunner,
    next_step: Callable[[], OperationCommand | None],
    move: Callable[[], None],
    words: tuple[str, str],
) -> None:
    doing, done_word = words
    if not _big(next_step()):
        move()
        return
    if tasks.busy(REVERT.lane):
        return  # the modal dialog of the one running keeps this from happening
    # A field that saves when it loses the focus (a session's title) would save once the
    # progress dialog takes it: a new step on the stack while the worker reverts the
    # one chosen. Saved now, it is the step to undo (and a small one, undone at once).
    focus = settle_focus()
    step = next_step()
    if step is None or not _big(step):
        move()
        give_back_focus(focus)
        return
    last = step.last
    assert last is not None
    db = ws.db

    def finished(outcome: Done[Any] | EditRefused) -> None:
        give_back_focus(focus)
        if next_step() is not step:  # cannot happen while the dialog holds the input
            if not isinstance(outcome, EditRefused):
                revert(db, outcome)  # put back what the worker did: the stack says it is not
            ws.editRefused.emit(f"“{step.text()}” was not {done_word}; nothing changed.")
            return
        step.prepare(outcome)
        move()  # takes the outcome: no second revert on the UI thread

    def failed(failure: Failure) -> None:
        give_back_focus(focus)
        _failed(ws, failure)

    tasks.start(
        REVERT,
        _reverting(db, last),
        finished,
        failed,
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
