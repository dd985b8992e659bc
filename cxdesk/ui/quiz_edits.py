"""Undoable edits of quizzes and workshop sessions, and the live recording of answers.

Quizzes, sessions and participants go through the workspace's undo stack, like every
other edit, so Ctrl+Z brings back a deleted session with its answers. Answers and
show-of-hands tallies do not: they are recorded in the presenter view by the people in
the room, each saved at once, and corrected there (go back, answer again) rather than by
the facilitator's Ctrl+Z in the main window, which would silently erase someone's vote.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from cxdesk.models.quiz import Band, SessionMode
from cxdesk.models.records import ParticipantRecord, QuizRecord, SessionRecord
from cxdesk.store import quiz_files, quizzes, workshop
from cxdesk.store.graveyard import BuriedRows
from cxdesk.ui.tabs import TabKey

if TYPE_CHECKING:
    from cxdesk.ui.workspace import Workspace

VIEW = TabKey.QUIZ
SESSION_LABELS = {
    "title": "session title",
    "held_on": "session date",
    "participant_count": "number of participants",
}


class QuizEdits(QObject):
    """Store operations on quizzes and sessions, with targeted change signals."""

    quizzesChanged = Signal()  # the quiz library: added, removed or edited
    quizCreated = Signal(object)  # QuizRecord, when a person adds, copies or imports one
    sessionsChanged = Signal(object)  # engagement id (None: no engagement): added or removed
    sessionCreated = Signal(object)  # SessionRecord, when a person adds one
    sessionChanged = Signal(object)  # SessionRecord: a field edited (title, date, reveal...)
    answersChanged = Signal(int)  # session id: tallies or participants changed
    # One answer saved (score) or cleared (None): session, participant, statement, score.
    # Its own signal so the results can follow a room of 300 without re-reading them.
    answerRecorded = Signal(int, int, int, object)

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self.ws = ws
        self.db = ws.db

    # -- plumbing ------------------------------------------------------------------

    def _push(
        self, text: str, do: Callable[[], None], undo: Callable[[], None], engagement_id: int | None
    ) -> None:
        self.ws.push(text, do, undo, engagement_id, VIEW)

    def _push_create(
        self,
        text: str,
        create: Callable[[], Any],
        delete: Callable[[int], BuriedRows],
        changed: Callable[[], None],
        engagement_id: int | None,
        announce: Callable[[Any], None] | None = None,
    ) -> None:
        self.ws.push_create(text, create, delete, changed, engagement_id, VIEW, announce)

    def _push_delete(
        self,
        text: str,
        delete: Callable[[], BuriedRows],
        changed: Callable[[], None],
        engagement_id: int | None,
    ) -> None:
        self.ws.push_delete(text, delete, changed, engagement_id, VIEW)

    # -- quizzes -------------------------------------------------------------------

    def add_quiz(
        self,
        title: str,
        scale_min: int,
        scale_max: int,
        statements: Sequence[str],
        bands: Sequence[Band],
    ) -> None:
        self._push_create(
            f"New quiz “{title.strip()}”",
            lambda: quizzes.add_quiz(self.db, title, scale_min, scale_max, statements, bands),
            lambda quiz_id: quizzes.delete_quiz(self.db, quiz_id),
            self.quizzesChanged.emit,
            None,
            self.quizCreated.emit,
        )

    def copy_quiz(self, quiz: QuizRecord, title: str | None = None) -> None:
        self._push_create(
            f"Copy quiz “{quiz.title}”",
            lambda: quizzes.copy_quiz(self.db, quiz.id, title),
            lambda quiz_id: quizzes.delete_quiz(self.db, quiz_id),
            self.quizzesChanged.emit,
            None,
            self.quizCreated.emit,
        )

    def import_quiz(self, data: bytes | str) -> None:
        """Import a quiz file (refused as a whole, with the reason, if anything is wrong)."""
        self._push_create(
            "Import quiz",
            lambda: quiz_files.import_quiz(self.db, data),
            lambda quiz_id: quizzes.delete_quiz(self.db, quiz_id),
            self.quizzesChanged.emit,
            None,
            self.quizCreated.emit,
        )

    def update_quiz(
        self,
        quiz: QuizRecord,
        title: str,
        scale_min: int,
        scale_max: int,
        statements: Sequence[str],
        bands: Sequence[Band],
    ) -> None:
        old = (
            quiz.title,
            quiz.scale_min,
            quiz.scale_max,
            tuple(st.text for st in quiz.statements),
            quiz.bands,
        )
        new = (title, scale_min, scale_max, tuple(statements), tuple(bands))
        if new == old:
            return

        def apply(values: tuple[Any, ...]) -> Callable[[], None]:
            def step() -> None:
                quizzes.update_quiz(self.db, quiz.id, *values)
                self.quizzesChanged.emit()

            return step

        self._push(f"Edit quiz “{quiz.title}”", apply(new), apply(old), None)

    def delete_quiz(self, quiz: QuizRecord) -> None:
        self._push_delete(
            f"Delete quiz “{quiz.title}”",
            lambda: quizzes.delete_quiz(self.db, quiz.id),
            self.quizzesChanged.emit,
            None,
        )

    # -- sessions ------------------------------------------------------------------

    def add_session(
        self,
        quiz_id: int,
        engagement_id: int | None,
        title: str,
        held_on: date,
        mode: SessionMode = SessionMode.LAPTOP,
        participant_count: int = 0,
    ) -> None:
        self._push_create(
            f"New workshop session “{title.strip()}”",
            lambda: workshop.add_session(
                self.db, quiz_id, engagement_id, title, held_on, mode, participant_count
            ),
            # Refused once the room has answered: see workshop.delete_session.
            lambda session_id: workshop.delete_session(self.db, session_id, unless_answered=True),
            lambda: self.sessionsChanged.emit(engagement_id),
            engagement_id,
            self.sessionCreated.emit,
        )

    def edit_session(self, session: SessionRecord, field: str, value: Any) -> None:
        old = getattr(session, field)
        if old == value:
            return

        def apply(v: Any) -> Callable[[], None]:
            return lambda: self.sessionChanged.emit(
                workshop.update_session(self.db, session.id, field, v)
            )

        label = SESSION_LABELS.get(field, field)
        self._push(f"Edit {label}", apply(value), apply(old), session.engagement_id)

    def delete_session(self, session: SessionRecord) -> None:
        self._push_delete(
            f"Delete workshop session “{session.title}”",
            lambda: workshop.delete_session(self.db, session.id),
            lambda: self.sessionsChanged.emit(session.engagement_id),
            session.engagement_id,
        )

    def set_revealed(self, session_id: int, revealed: bool) -> SessionRecord:
        """Show or hide the results: a presentation switch, not an edit to undo."""
        record = workshop.update_session(self.db, session_id, "revealed", revealed)
        self.sessionChanged.emit(record)
        return record

    # -- participants --------------------------------------------------------------

    def _engagement_of_session(self, session_id: int) -> int | None:
        session = workshop.get_session(self.db, session_id)
        return session.engagement_id if session else None

    def rename_participant(self, participant: ParticipantRecord, name: str) -> None:
        if name.strip() == participant.name:
            return

        def apply(new: str) -> Callable[[], None]:
            def step() -> None:
                workshop.rename_participant(self.db, participant.id, new)
                self.answersChanged.emit(participant.session_id)

            return step

        self._push(
            "Rename participant",
            apply(name),
            apply(participant.name),
            self._engagement_of_session(participant.session_id),
        )

    def delete_participants(self, session_id: int, participant_ids: Sequence[int]) -> None:
        """Remove people's answers (a test run, someone who answered twice); undoable."""
        ids = list(participant_ids)
        if not ids:
            return

        what = "participant" if len(ids) == 1 else f"{len(ids)} participants"
        self._push_delete(
            f"Delete {what}",
            lambda: workshop.delete_participants(self.db, ids),
            lambda: self.answersChanged.emit(session_id),
            self._engagement_of_session(session_id),
        )

    # -- recording in the room (saved at once, not undoable: see the module docstring) ----

    def add_participant(self, session_id: int, name: str = "") -> ParticipantRecord:
        record = workshop.add_participant(self.db, session_id, name)
        self.answersChanged.emit(session_id)
        return record

    def record_answer(
        self, session_id: int, participant_id: int, statement_id: int, score: int
    ) -> None:
        workshop.record_answer(self.db, participant_id, statement_id, score)
        self.answerRecorded.emit(session_id, participant_id, statement_id, score)

    def clear_answer(self, session_id: int, participant_id: int, statement_id: int) -> None:
        workshop.clear_answer(self.db, participant_id, statement_id)
        self.answerRecorded.emit(session_id, participant_id, statement_id, None)

    def record_tally(self, session_id: int, statement_id: int, counts: Mapping[int, int]) -> None:
        workshop.record_tally(self.db, session_id, statement_id, counts)
        self.answersChanged.emit(session_id)

    def clear_tally(self, session_id: int, statement_id: int) -> None:
        workshop.clear_tally(self.db, session_id, statement_id)
        self.answersChanged.emit(session_id)
