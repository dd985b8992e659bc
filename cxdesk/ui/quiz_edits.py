"""Quiz and workshop edits from the UI: thin calls of the operations in cxdesk.ops.quizzes.

Quizzes, sessions and participants go through the workspace's undo stack, like every
other edit, so Ctrl+Z brings back a deleted session with its answers. Answers, show-of-
hands tallies, a new participant and revealing the results do not: they are recorded in
the presenter view by the people in the room, each saved at once, and corrected there
(go back, answer again) rather than by the facilitator's Ctrl+Z in the main window,
which would silently erase someone's vote. Both kinds report what they changed through
the workspace's one ``changed`` signal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject

from cxdesk.models.quiz import Band, SessionMode
from cxdesk.models.records import ParticipantRecord, QuizRecord, SessionRecord
from cxdesk.ops import Operation, perform
from cxdesk.ops import quizzes as ops
from cxdesk.store import workshop
from cxdesk.ui.tabs import TabKey

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

T = TypeVar("T")
VIEW = TabKey.QUIZ


class QuizEdits(QObject):
    """Quiz and workshop operations, run on the workspace (undoable) or saved at once."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.ws = ws
        self.db = ws.db

    def _run(self, operation: Operation[T] | None) -> T | None:
        return self.ws.run(operation, view=VIEW)

    def _save_now(self, operation: Operation[T]) -> T:
        """Perform at once, outside the undo stack (see the module docstring); a refusal
        is raised to the caller (the presenter says it on the projector)."""
        done = perform(self.db, operation)
        if done.changeset:  # the same score again changes nothing
            self.ws.changed.emit(done.changeset)
        return done.value

    # -- quizzes -------------------------------------------------------------------

    def add_quiz(
        self,
        title: str,
        scale_min: int,
        scale_max: int,
        statements: Sequence[str],
        bands: Sequence[Band],
    ) -> QuizRecord | None:
        """The new quiz, or None when it was refused (the person was told why)."""
        return self._run(ops.add_quiz(title, scale_min, scale_max, statements, bands))

    def copy_quiz(
        self, quiz: QuizRecord, title: str | None = None, language: str | None = None
    ) -> QuizRecord | None:
        return self._run(ops.copy_quiz(quiz, title, language))

    def import_quiz(self, data: bytes | str) -> QuizRecord | None:
        """Import a quiz file (refused as a whole, with the reason, if anything is wrong)."""
        return self._run(ops.import_quiz(data))

    def update_quiz(
        self,
        quiz: QuizRecord,
        title: str,
        scale_min: int,
        scale_max: int,
        statements: Sequence[str],
        bands: Sequence[Band],
    ) -> QuizRecord | None:
        """The quiz as saved (as it was, when nothing changed); None when refused."""
        operation = ops.update_quiz(quiz, title, scale_min, scale_max, statements, bands)
        return quiz if operation is None else self._run(operation)

    def delete_quiz(self, quiz: QuizRecord) -> None:
        self._run(ops.delete_quiz(quiz))

    # -- sessions ------------------------------------------------------------------

    def add_session(
        self,
        quiz_id: int,
        engagement_id: int | None,
        title: str,
        held_on: date,
        mode: SessionMode = SessionMode.LAPTOP,
        participant_count: int = 0,
    ) -> SessionRecord | None:
        """The new session, or None when it was refused."""
        return self._run(
            ops.add_session(quiz_id, engagement_id, title, held_on, mode, participant_count)
        )

    def edit_session(self, session: SessionRecord, field: str, value: Any) -> None:
        self._run(ops.edit_session(session, field, value))

    def delete_session(self, session: SessionRecord) -> None:
        self._run(ops.delete_session(session))

    def set_revealed(self, session_id: int, revealed: bool) -> SessionRecord:
        """Show or hide the results: a presentation switch, not an edit to undo."""
        return self._save_now(ops.set_revealed(session_id, revealed))

    # -- participants --------------------------------------------------------------

    def _engagement_of_session(self, session_id: int) -> int | None:
        session = workshop.get_session(self.db, session_id)
        return session.engagement_id if session else None

    def rename_participant(self, participant: ParticipantRecord, name: str) -> None:
        if name.strip() == participant.name:
            return
        engagement_id = self._engagement_of_session(participant.session_id)
        self._run(ops.rename_participant(participant, name, engagement_id))

    def delete_participants(self, session_id: int, participant_ids: Sequence[int]) -> None:
        """Remove people's answers (a test run, someone who answered twice); undoable."""
        if participant_ids:
            engagement_id = self._engagement_of_session(session_id)
            self._run(ops.delete_participants(participant_ids, engagement_id))

    # -- recording in the room (saved at once, not undoable: see the module docstring) ----

    def add_participant(self, session_id: int, name: str = "") -> ParticipantRecord:
        return self._save_now(ops.add_participant(session_id, name))

    # The session is the caller's: an answer names no engagement, and reading the
    # session for one would cost every answer a query (screens match the answer's rows).
    def record_answer(
        self, session_id: int, participant_id: int, statement_id: int, score: int
    ) -> None:
        self._save_now(ops.record_answer(participant_id, statement_id, score))

    def clear_answer(self, session_id: int, participant_id: int, statement_id: int) -> None:
        self._save_now(ops.clear_answer(participant_id, statement_id))

    def record_tally(self, session_id: int, statement_id: int, counts: Mapping[int, int]) -> None:
        self._save_now(ops.record_tally(session_id, statement_id, counts))

    def clear_tally(self, session_id: int, statement_id: int) -> None:
        self._save_now(ops.clear_tally(session_id, statement_id))
