"""Operations on quizzes, workshop sessions, their participants and the room's answers.

Each function builds one :class:`~cxdesk.ops.Operation` with the words Edit > Undo
shows, or returns None when nothing would change. Quizzes name no engagement (they
are shared by every engagement); sessions and what is recorded in them name the
session's engagement when the caller knows it (a session may belong to none).

Answers, tallies, a new participant and revealing the results are operations too, but
the UI performs them at once instead of putting them on the undo stack: they are
recorded by the people in the room and corrected there (see :mod:`cxdesk.ui.quiz_edits`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from cxdesk.models.quiz import Band, SessionMode
from cxdesk.models.records import (
    AnswerRecord,
    ParticipantRecord,
    QuizRecord,
    SessionRecord,
)
from cxdesk.ops.conflicts import edit_told, quiz_edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import quiz_files, quizzes, workshop
from cxdesk.store.database import Database

SESSION_LABELS = {
    "title": "session title",
    "held_on": "session date",
    "participant_count": "number of participants",
}

# -- quizzes ----------------------------------------------------------------------------


def add_quiz(
    title: str,
    scale_min: int,
    scale_max: int,
    statements: Sequence[str],
    bands: Sequence[Band],
) -> Operation[QuizRecord]:
    return Operation(
        f"New quiz “{title.strip()}”",
        lambda db: quizzes.add_quiz(db, title, scale_min, scale_max, statements, bands),
    )


def copy_quiz(
    quiz: QuizRecord, title: str | None = None, language: str | None = None
) -> Operation[QuizRecord]:
    """A copy of ``quiz``; of the built-in quiz, in ``language`` (see store.quizzes)."""
    return Operation(
        f"Copy quiz “{quiz.title}”",
        lambda db: quizzes.copy_quiz(db, quiz.id, title, language),
    )


def import_quiz(data: bytes | str) -> Operation[QuizRecord]:
    """A quiz file as a new quiz (refused whole, with the reason, if anything is wrong)."""
    return Operation("Import quiz", lambda db: quiz_files.import_quiz(db, data))


def update_quiz(
    quiz: QuizRecord,
    title: str,
    scale_min: int,
    scale_max: int,
    statements: Sequence[str],
    bands: Sequence[Band],
) -> Operation[QuizRecord] | None:
    old = (
        quiz.title,
        quiz.scale_min,
        quiz.scale_max,
        tuple(st.text for st in quiz.statements),
        quiz.bands,
    )
    if (title, scale_min, scale_max, tuple(statements), tuple(bands)) == old:
        return None
    return Operation(
        f"Edit quiz “{quiz.title}”",
        lambda db: quiz_edit_told(
            db,
            quiz,
            lambda: quizzes.update_quiz(
                db, quiz.id, title, scale_min, scale_max, statements, bands, quiz
            ),
        ),
    )


def delete_quiz(quiz: QuizRecord) -> Operation[None]:
    def run(db: Database) -> None:
        quizzes.delete_quiz(db, quiz.id)

    return Operation(f"Delete quiz “{quiz.title}”", run)


# -- sessions ---------------------------------------------------------------------------


def add_session(
    quiz_id: int,
    engagement_id: int | None,
    title: str,
    held_on: date,
    mode: SessionMode = SessionMode.LAPTOP,
    participant_count: int = 0,
) -> Operation[SessionRecord]:
    return Operation(
        f"New workshop session “{title.strip()}”",
        lambda db: workshop.add_session(
            db, quiz_id, engagement_id, title, held_on, mode, participant_count
        ),
        engagement_id,
    )


def edit_session(session: SessionRecord, field: str, value: Any) -> Operation[SessionRecord] | None:
    if getattr(session, field) == value:
        return None
    label = SESSION_LABELS.get(field, field)
    return Operation(
        f"Edit {label}",
        lambda db: edit_told(
            db,
            "workshop_session",
            session,
            "workshop session",
            lambda: workshop.update_session(db, session.id, field, value, session.version),
        ),
        session.engagement_id,
    )


def delete_session(session: SessionRecord) -> Operation[None]:
    def run(db: Database) -> None:
        workshop.delete_session(db, session.id)

    return Operation(f"Delete workshop session “{session.title}”", run, session.engagement_id)


def set_revealed(
    session_id: int, revealed: bool, engagement_id: int | None = None
) -> Operation[SessionRecord]:
    """Show or hide the results (a presentation switch: performed, not put on the stack)."""
    return Operation(
        "Reveal results" if revealed else "Hide results",
        lambda db: workshop.update_session(db, session_id, "revealed", revealed),
        engagement_id,
    )


# -- participants -----------------------------------------------------------------------


def rename_participant(
    participant: ParticipantRecord, name: str, engagement_id: int | None = None
) -> Operation[ParticipantRecord] | None:
    if name.strip() == participant.name:
        return None
    return Operation(
        "Rename participant",
        lambda db: edit_told(
            db,
            "workshop_participant",
            participant,
            "participant",
            lambda: workshop.rename_participant(db, participant.id, name, participant.version),
        ),
        engagement_id,
    )


def delete_participants(
    participant_ids: Sequence[int], engagement_id: int | None = None
) -> Operation[None] | None:
    """Remove people's answers (a test run, someone who answered twice)."""
    ids = list(participant_ids)
    if not ids:
        return None
    what = "participant" if len(ids) == 1 else f"{len(ids)} participants"

    def run(db: Database) -> None:
        workshop.delete_participants(db, ids)

    return Operation(f"Delete {what}", run, engagement_id)


# -- recorded in the room (performed at once: see the module docstring) -----------------


def add_participant(
    session_id: int, name: str = "", engagement_id: int | None = None
) -> Operation[ParticipantRecord]:
    return Operation(
        "New participant",
        lambda db: workshop.add_participant(db, session_id, name),
        engagement_id,
    )


def record_answer(
    participant_id: int, statement_id: int, score: int, engagement_id: int | None = None
) -> Operation[AnswerRecord]:
    return Operation(
        "Record an answer",
        lambda db: workshop.record_answer(db, participant_id, statement_id, score),
        engagement_id,
    )


def clear_answer(
    participant_id: int, statement_id: int, engagement_id: int | None = None
) -> Operation[int | None]:
    return Operation(
        "Clear an answer",
        lambda db: workshop.clear_answer(db, participant_id, statement_id),
        engagement_id,
    )


def record_tally(
    session_id: int,
    statement_id: int,
    counts: Mapping[int, int],
    engagement_id: int | None = None,
) -> Operation[dict[int, int]]:
    return Operation(
        "Record a show of hands",
        lambda db: workshop.record_tally(db, session_id, statement_id, counts),
        engagement_id,
    )


def clear_tally(
    session_id: int, statement_id: int, engagement_id: int | None = None
) -> Operation[None]:
    return Operation(
        "Clear a show of hands",
        lambda db: workshop.clear_tally(db, session_id, statement_id),
        engagement_id,
    )
