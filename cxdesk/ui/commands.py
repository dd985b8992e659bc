"""Undoable edits: every change a person makes goes through one of these commands.

Each command calls a store operation (which commits at once) and applies its result to
the UI through the :class:`~cxdesk.ui.workspace.Workspace` signals. A refused edit
(out of range, row deleted meanwhile) never reaches the undo stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from cxdesk.store.errors import EditRefused

logger = logging.getLogger(__name__)


class OperationCommand(QUndoCommand):
    """An undo step made of two callables: ``do`` (also the first redo) and ``undo``."""

    def __init__(
        self,
        text: str,
        do: Callable[[], None],
        undo: Callable[[], None],
        *,
        on_refused: Callable[[str], None],
        on_replay: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._on_refused = on_refused
        self._on_replay = on_replay
        self._first = True

    def redo(self) -> None:
        first, self._first = self._first, False
        if not first and self._on_replay:
            self._on_replay()
        self._run(self._do)

    def undo(self) -> None:
        if self._on_replay:
            self._on_replay()
        self._run(self._undo)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except EditRefused as refusal:
            # QUndoStack drops an obsolete command after redo; on undo the step is
            # simply no longer possible (its rows are gone), so it is dropped too.
            self.setObsolete(True)
            self._on_refused(refusal.message)
        except Exception as error:  # a bug: logged, and never left on the stack half-done
            logger.exception("an edit failed: %s", self.text())
            self.setObsolete(True)
            self._on_refused(f"“{self.text()}” could not be done ({error}); nothing changed.")
