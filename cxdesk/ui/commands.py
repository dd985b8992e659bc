"""The one undo command: it runs an operation, and reverts it on undo.

Every change a person makes is an :class:`~cxdesk.ops.Operation`; the workspace pushes
it in an :class:`OperationCommand`. The first redo performs it (or, for work done on
another thread, takes what was already done); undo reverts exactly the rows it changed;
redo reverts the undo. Each step reports its ChangeSet through ``on_changed``.

A refusal (:class:`~cxdesk.store.errors.EditRefused`: a rule of the data, or a row
somebody changed since) is told through ``on_refused`` and the command leaves the
stack, so the stack never offers a step that cannot be done. Anything else is a bug:
logged with its traceback (which fails the test that caused it: tests/conftest.py
fails a test that logs an unexpected error) and told in general words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from cxdesk.ops import ChangeSet, Conflict, Done, Operation, perform, revert
from cxdesk.store.changed_meanwhile import ChangedMeanwhile
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.ui.editing import typed_kept_on_clipboard

logger = logging.getLogger(__name__)


class OperationCommand(QUndoCommand):
    """One undo step: an operation, done once, then reverted and re-done on request."""

    def __init__(
        self,
        db: Database,
        operation: Operation[Any] | Done[Any],
        *,
        on_changed: Callable[[ChangeSet], None],
        on_refused: Callable[[str], None],
        on_replay: Callable[[], None] | None = None,
        on_done: Callable[[Done[Any]], None] | None = None,
    ) -> None:
        super().__init__(operation.label)
        self._db = db
        self._operation = operation if isinstance(operation, Operation) else None
        # What the last step did: the operation's Done after redo, the revert's after undo.
        self._last: Done[Any] | None = operation if isinstance(operation, Done) else None
        self._on_changed = on_changed
        self._on_refused = on_refused
        self._on_replay = on_replay
        # Told the operation's Done after its first redo: QUndoStack deletes a command
        # refused there, so the caller cannot ask the command afterwards.
        self._on_done = on_done
        self._first = True
        # The next undo's or redo's outcome, worked out on a worker beforehand (a revert
        # of thousands of rows must not freeze the window): see ui/background_undo.py.
        self._prepared: Done[Any] | EditRefused | None = None

    @property
    def last(self) -> Done[Any] | None:
        """What the next undo or redo reverts (None before the first redo)."""
        return self._last

    @property
    def size(self) -> int:
        """How many rows the next undo or redo puts back."""
        return len(self._last.changes) if self._last is not None else 0

    def prepare(self, outcome: Done[Any] | EditRefused) -> None:
        """The next undo or redo takes ``outcome`` (a revert of :attr:`last` done, or its
        refusal) instead of reverting on the UI thread."""
        self._prepared = outcome

    def redo(self) -> None:
        first, self._first = self._first, False
        if first and self._last is not None:  # done elsewhere already: just announce it
            self._on_changed(self._last.changeset)
            return
        if not first and self._on_replay:
            self._on_replay()
        if first:
            assert self._operation is not None
            operation = self._operation
            if self._step(lambda: perform(self._db, operation)) and self._on_done:
                assert self._last is not None
                self._on_done(self._last)
        else:
            self._step(self._revert_last)

    def undo(self) -> None:
        if self._on_replay:
            self._on_replay()
        self._step(self._revert_last)

    def _revert_last(self) -> Done[Any]:
        prepared, self._prepared = self._prepared, None
        if isinstance(prepared, EditRefused):
            raise prepared
        if prepared is not None:
            return prepared
        assert self._last is not None
        return revert(self._db, self._last)

    def _step(self, step: Callable[[], Done[Any]]) -> bool:
        """Run one step; whether it happened."""
        try:
            self._last = step()
        except EditRefused as refusal:
            # QUndoStack drops an obsolete command after redo or undo: a step that
            # cannot be done (or undone) is not offered again.
            self.setObsolete(True)
            if isinstance(refusal, Conflict):
                # Rows changed since this window read them stand in the way: the screens
                # show them as they are now, behind the words saying who changed them.
                self._on_changed(_shown_again(refusal))
            elif isinstance(refusal, ChangedMeanwhile) and self._operation is not None:
                # An edit from an older screen: the same, for the row it was made on (on a
                # laptop's file no colleague's change is announced, so nothing else would).
                engagement = self._operation.engagement_id
                self._on_changed(
                    ChangeSet(
                        whole=frozenset({refusal.table}),
                        engagements=frozenset({engagement} if engagement else ()),
                    )
                )
            # Typed text the refused edit would have saved is not lost with its editor.
            self._on_refused(refusal.message + typed_kept_on_clipboard())
            return False
        except Exception:  # a bug: logged with its traceback, never left half-done
            logger.exception("an edit failed: %s", self.text())
            self.setObsolete(True)
            self._on_refused(f"“{self.text()}” could not be done (an error); nothing changed.")
            return False
        self._on_changed(self._last.changeset)
        return True


def _shown_again(conflict: Conflict) -> ChangeSet:
    """The tables of the rows ``conflict`` found changed, for every screen showing them to
    read again whole (a row may have come or gone meanwhile, not only changed)."""
    return ChangeSet(
        whole=frozenset(c.table for c in conflict.changes),
        engagements=frozenset(
            c.engagement_id for c in conflict.changes if c.engagement_id is not None
        ),
    )
